//! Where secret values come from, and the files that keep them.
//!
//! - A secret is best not given as a flag value: it shows in `ps` and in shell history. Every
//!   flag of an operation whose field is a secret (by [`dokploy::redact::is_secret_key`], the
//!   library's one rule of what is secret: `--database-password`, `--secret-access-key`,
//!   `--private-key`, `--env`, `--webhook-url`, `--compose-file`, `--command` …) also takes
//!   `@FILE` or `-` (standard input), as `--api-key-file` does. A one-line file loses its line
//!   ending; longer text (a private key, an env block) is sent as it is.
//! - Standard input is read once: a second argument asking for it is refused.
//! - Like ssh, a key file, or a config file holding a key, that group or others can read is
//!   refused, saying `chmod 600 <path>`; `dokploy config set-key` writes the key with mode 0600.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::failure::Failure;

/// Set once standard input has been read.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Standard input, read whole, for `what` (e.g. `--body -`); at most once per command.
pub fn stdin(what: &str) -> Result<String, Failure> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(Failure::Usage(format!(
            "{what} cannot read standard input: another argument already read it (give one of them as @FILE)"
        )));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Usage(format!("{what}: standard input could not be read: {e}")))?;
    Ok(text)
}

/// The value `text` names for the secret flag `what`: FILE's contents for `@FILE`, standard
/// input for `-`, else `text` itself.
pub fn value(text: &str, what: &str) -> Result<String, Failure> {
    let read = if text == "-" {
        stdin(what)?
    } else if let Some(path) = text.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| {
            Failure::Usage(format!("{what}: the file {path} could not be read: {e}"))
        })?
    } else {
        return Ok(text.to_string());
    };
    Ok(without_line_ending(read))
}

/// A one-line text without its line ending; anything longer as it is (an SSH private key needs
/// its final newline).
fn without_line_ending(text: String) -> String {
    match text.strip_suffix('\n') {
        Some(line) if !line.contains('\n') => line.strip_suffix('\r').unwrap_or(line).to_string(),
        _ => text,
    }
}

/// Refuses `path` (`what`: "the API key file", "the config file") when group or others may
/// read or write it: the key in it is not the owner's alone.
pub fn check_private(path: &Path, what: &str) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(metadata) = std::fs::metadata(path) else {
            return Ok(()); // reading it says why
        };
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            let who = match (mode & 0o070 != 0, mode & 0o007 != 0) {
                (true, true) => "group and others",
                (true, false) => "its group",
                _ => "others",
            };
            return Err(Failure::Usage(format!(
                "{what} {} holds an API key and is open to {who} (mode {mode:03o}), so it is not used; make it private: chmod 600 {}",
                path.display(),
                path.display()
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, what);
    Ok(())
}

/// Writes `contents` to `path`, readable and writable by its owner only (0600), replacing it at
/// once (a temporary file beside it, renamed); its directory is made (0700) if missing.
pub fn write_private(path: &Path, contents: &str) -> Result<(), Failure> {
    use std::io::Write;
    let failed =
        |e: std::io::Error| Failure::Usage(format!("{} could not be written: {e}", path.display()));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(failed)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(contents.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_values_lose_their_line_ending_and_longer_ones_are_kept() {
        assert_eq!(without_line_ending("hunter2\n".into()), "hunter2");
        assert_eq!(without_line_ending("hunter2\r\n".into()), "hunter2");
        assert_eq!(without_line_ending("hunter2".into()), "hunter2");
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n";
        assert_eq!(without_line_ending(key.into()), key);
    }

    #[test]
    fn literal_values_and_files_are_read() {
        assert_eq!(value("plain", "--password").unwrap(), "plain");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "from-a-file\n").unwrap();
        let spec = format!("@{}", file.display());
        assert_eq!(value(&spec, "--password").unwrap(), "from-a-file");
        let missing = format!("@{}", dir.path().join("nope").display());
        let e = value(&missing, "--password").unwrap_err().to_string();
        assert!(e.contains("could not be read"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn open_files_are_refused_and_private_ones_written() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nested").join("config.toml");
        write_private(&file, "secret").unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        check_private(&file, "the config file").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = check_private(&file, "the config file")
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("chmod 600 {}", file.display())), "{e}");
        assert!(e.contains("group and others (mode 644)"), "{e}");
        // Rewriting it makes it private again.
        write_private(&file, "secret").unwrap();
        check_private(&file, "the config file").unwrap();
    }
}
