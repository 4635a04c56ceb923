//! Secret references in manifests — `${env:NAME}`, `${file:PATH}`, `${cmd:COMMAND}` — and
//! [`Secrets`], which resolves them. Resolved values go to Dokploy and nowhere else: plans show
//! that a secret changed, never what it is.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A piece of text with references.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Env(String),
    File(String),
    Cmd(String),
}

const KINDS: [&str; 3] = ["env", "file", "cmd"];

/// Whether `text` holds a reference.
pub(crate) fn has_references(text: &str) -> bool {
    parse(text).is_ok_and(|segments| segments.iter().any(|s| !matches!(s, Segment::Literal(_))))
}

/// Splits `text` into literals and references. An unclosed reference is an error.
pub(crate) fn parse(text: &str) -> Result<Vec<Segment>, String> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        literal.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            literal.push_str("${");
            rest = after;
            continue;
        }
        let kind = KINDS.iter().find(|k| {
            tail.strip_prefix("${")
                .and_then(|t| t.strip_prefix(**k))
                .is_some_and(|t| t.starts_with(':'))
        });
        let Some(kind) = kind else {
            literal.push('$');
            rest = &tail[1..];
            continue;
        };
        let body_start = 2 + kind.len() + 1;
        let body = &tail[body_start..];
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let Some(end) = end else {
            return Err(format!("`${{{kind}:` is not closed by a `}}`"));
        };
        let value = body[..end].trim().to_string();
        if value.is_empty() {
            return Err(format!("`${{{kind}:}}` names nothing"));
        }
        if !literal.is_empty() {
            out.push(Segment::Literal(std::mem::take(&mut literal)));
        }
        out.push(match *kind {
            "env" => Segment::Env(value),
            "file" => Segment::File(value),
            _ => Segment::Cmd(value),
        });
        rest = &body[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() || out.is_empty() {
        out.push(Segment::Literal(literal));
    }
    Ok(out)
}

/// Resolves secret references: `${env:NAME}` from the process's environment (or values given
/// with [`Secrets::var`] / [`Secrets::env_file`], which win), `${file:PATH}` relative to the
/// manifest file that names it, `${cmd:COMMAND}` by running `sh -c COMMAND` (once per command).
/// A manifest is code: `${cmd:…}` runs what it says.
///
/// ```
/// use dokploy::manifest::Secrets;
/// let secrets = Secrets::from_env().var("DB_PASSWORD", "hunter2");
/// let text = dokploy::manifest::SecretText::new("postgres://app:${env:DB_PASSWORD}@db/app");
/// assert_eq!(secrets.resolve(&text, std::path::Path::new(".")).unwrap(), "postgres://app:hunter2@db/app");
/// assert!(format!("{secrets:?}").contains("1 variable"));
/// assert!(!format!("{secrets:?}").contains("hunter2"));
/// ```
pub struct Secrets {
    vars: HashMap<String, String>,
    process_env: bool,
    commands: Mutex<HashMap<String, Result<String, String>>>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Secrets {{ {} variable(s) given, process environment: {} }}",
            self.vars.len(),
            self.process_env
        )
    }
}

impl Default for Secrets {
    fn default() -> Self {
        Self::from_env()
    }
}

impl Secrets {
    /// References resolved from the process's environment, files and commands.
    pub fn from_env() -> Self {
        Self {
            vars: HashMap::new(),
            process_env: true,
            commands: Mutex::new(HashMap::new()),
        }
    }

    /// Only the variables given (`${env:…}` does not read the process's environment).
    ///
    /// ```
    /// let secrets = dokploy::manifest::Secrets::isolated();
    /// let text = dokploy::manifest::SecretText::new("${env:PATH}");
    /// assert!(secrets.resolve(&text, std::path::Path::new(".")).is_err());
    /// ```
    pub fn isolated() -> Self {
        Self {
            process_env: false,
            ..Self::from_env()
        }
    }

    /// `${env:NAME}` resolves to `value`.
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// Reads `NAME=value` lines (a dotenv file, as `dokploy export --secrets-out` writes):
    /// blank lines and `#` comments are skipped, values may be quoted.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("dokploy-secrets-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("s.env"), "# secrets\nDB_PASSWORD='hunter2'\n").unwrap();
    /// let secrets = dokploy::manifest::Secrets::isolated().env_file(&dir.join("s.env")).unwrap();
    /// let text = dokploy::manifest::SecretText::new("${env:DB_PASSWORD}");
    /// assert_eq!(secrets.resolve(&text, &dir).unwrap(), "hunter2");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn env_file(mut self, path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            if let Some((name, value)) = line.split_once('=') {
                self.vars
                    .insert(name.trim().to_string(), unquote(value.trim()).to_string());
            }
        }
        Ok(self)
    }

    /// The value of `text` with its references resolved; `base` is the directory of the
    /// manifest file it is in (for `${file:…}`). The error says which reference failed, and
    /// why, without any value.
    pub fn resolve(&self, text: &super::SecretText, base: &Path) -> Result<String, String> {
        self.resolve_str(text.as_written(), base)
    }

    pub(crate) fn resolve_str(&self, text: &str, base: &Path) -> Result<String, String> {
        let mut out = String::new();
        for segment in parse(text)? {
            match segment {
                Segment::Literal(s) => out.push_str(&s),
                Segment::Env(name) => out.push_str(&self.env(&name)?),
                Segment::File(path) => out.push_str(&read_file(base, &path)?),
                Segment::Cmd(command) => out.push_str(&self.command(&command, base)?),
            }
        }
        Ok(out)
    }

    fn env(&self, name: &str) -> Result<String, String> {
        if let Some(value) = self.vars.get(name) {
            return Ok(value.clone());
        }
        if self.process_env
            && let Ok(value) = std::env::var(name)
        {
            return Ok(value);
        }
        Err(format!(
            "`${{env:{name}}}`: the environment variable {name} is not set"
        ))
    }

    fn command(&self, command: &str, base: &Path) -> Result<String, String> {
        let mut cache = self
            .commands
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cache
            .entry(command.to_string())
            .or_insert_with(|| run(command, base))
            .clone()
    }
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

fn strip_final_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    s
}

fn read_file(base: &Path, path: &str) -> Result<String, String> {
    let full: PathBuf = base.join(path);
    std::fs::read_to_string(&full)
        .map(strip_final_newline)
        .map_err(|e| {
            format!(
                "`${{file:{path}}}`: {} cannot be read ({e})",
                full.display()
            )
        })
}

fn run(command: &str, base: &Path) -> Result<String, String> {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(base)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("`${{cmd:{command}}}` could not be started ({e})"))?;
    if !output.status.success() {
        return Err(format!(
            "`${{cmd:{command}}}` failed ({}): {}",
            output.status,
            crate::redact::redact_text(String::from_utf8_lossy(&output.stderr).trim())
        ));
    }
    String::from_utf8(output.stdout)
        .map(strip_final_newline)
        .map_err(|_| format!("`${{cmd:{command}}}` printed something that is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_alone_and_inside_text() {
        assert_eq!(parse("${env:A}").unwrap(), [Segment::Env("A".into())]);
        assert_eq!(
            parse("x=${file:a.txt};${cmd:echo {a}}!").unwrap(),
            [
                Segment::Literal("x=".into()),
                Segment::File("a.txt".into()),
                Segment::Literal(";".into()),
                Segment::Cmd("echo {a}".into()),
                Segment::Literal("!".into()),
            ]
        );
    }

    #[test]
    fn dokploy_references_shell_defaults_and_escapes_stay_literal() {
        for text in ["${{project.DB}}", "${HOME:-/root}", "$5", "cost: $"] {
            assert_eq!(
                parse(text).unwrap(),
                [Segment::Literal(text.into())],
                "{text}"
            );
        }
        assert_eq!(
            parse("$${env:A}").unwrap(),
            [Segment::Literal("${env:A}".into())]
        );
    }

    #[test]
    fn an_unclosed_or_empty_reference_is_an_error() {
        assert!(parse("${env:A").unwrap_err().contains("not closed"));
        assert!(parse("${env:}").unwrap_err().contains("names nothing"));
    }

    #[test]
    fn resolution_reads_given_vars_files_and_commands() {
        let dir = std::env::temp_dir().join(format!("dokploy-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pw"), "from-file\n").unwrap();
        let secrets = Secrets::isolated().var("A", "a");
        assert_eq!(
            secrets
                .resolve_str("${env:A}/${file:pw}/${cmd:printf cmd}", &dir)
                .unwrap(),
            "a/from-file/cmd"
        );
        let missing = secrets.resolve_str("${env:NOPE}", &dir).unwrap_err();
        assert!(missing.contains("NOPE is not set"), "{missing}");
        assert!(secrets.resolve_str("${file:nope}", &dir).is_err());
        assert!(secrets.resolve_str("${cmd:exit 3}", &dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
