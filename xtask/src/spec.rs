//! Where `spec-diff` reads a document from: a file, `git:REV` (the vendored document at a
//! revision) or the URL of a running Dokploy.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diff::{self, Api, Report, Side};

/// One side of a comparison, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// A document on disk.
    File(PathBuf),
    /// `git:REV`: `openapi/dokploy.json` at revision `REV`.
    Git(String),
    /// A running Dokploy (see [`crate::fetch::document_url`]).
    Url(String),
}

impl SpecSource {
    /// Reads `git:REV`, `http(s)://…`, or a path.
    pub fn parse(text: &str) -> Self {
        if let Some(rev) = text.strip_prefix("git:") {
            SpecSource::Git(rev.to_string())
        } else if text.starts_with("http://") || text.starts_with("https://") {
            SpecSource::Url(text.to_string())
        } else {
            SpecSource::File(PathBuf::from(text))
        }
    }
}

/// Why a side could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file or revision does not exist (as opposed to existing but being unreadable).
    pub missing: bool,
    /// What went wrong.
    pub message: String,
}

impl LoadError {
    fn missing(message: String) -> Self {
        Self {
            missing: true,
            message,
        }
    }

    fn other(message: String) -> Self {
        Self {
            missing: false,
            message,
        }
    }
}

/// Reads the bytes of `source`; `root` is the git work tree for `git:REV` (only that side needs
/// a checkout).
pub fn load(
    source: &SpecSource,
    root: Option<&Path>,
    api_key: Option<&str>,
) -> Result<Vec<u8>, LoadError> {
    match source {
        SpecSource::File(path) => std::fs::read(path).map_err(|e| {
            let message = format!("cannot read {}: {e}", path.display());
            if e.kind() == std::io::ErrorKind::NotFound {
                LoadError::missing(message)
            } else {
                LoadError::other(message)
            }
        }),
        SpecSource::Git(rev) => match root {
            Some(root) => git_show(root, rev),
            None => Err(LoadError::other(format!(
                "`git:{rev}` needs a dokploy checkout to read from"
            ))),
        },
        SpecSource::Url(url) => crate::fetch::fetch(url, api_key).map_err(LoadError::other),
    }
}

/// `git show REV:openapi/dokploy.json` in `root`.
fn git_show(root: &Path, rev: &str) -> Result<Vec<u8>, LoadError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(LoadError::other(format!(
            "`git:{rev}` does not name a revision"
        )));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{rev}:{}", crate::VENDORED))
        .output()
        .map_err(|e| LoadError::other(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(LoadError::missing(format!(
            "no {} at git revision `{rev}`: {}",
            crate::VENDORED,
            stderr.trim()
        )));
    }
    Ok(output.stdout)
}

/// Parses and normalises a document's bytes into an [`Api`].
pub fn api_from_bytes(bytes: &[u8], label: &str) -> Result<Api, String> {
    let document = dokploy_codegen::parse_document(bytes).map_err(|e| {
        if crate::fetch::looks_like_html(bytes) {
            format!("{label}: not an OpenAPI document: an HTML page")
        } else {
            format!("{label}: {e}")
        }
    })?;
    diff::api_from_document(document).map_err(|e| format!("{label}: {e}"))
}

/// The report comparing two read documents.
pub fn report(old: &Api, old_label: &str, new: &Api, new_label: &str) -> Report {
    let side = |api: &Api, label: &str| Side {
        source: label.to_string(),
        release: api.release.clone(),
        operations: api.operations.len(),
    };
    Report {
        old: side(old, old_label),
        new: side(new, new_label),
        changes: diff::diff(old, new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_recognised_by_prefix() {
        assert_eq!(
            SpecSource::parse("git:origin/main"),
            SpecSource::Git("origin/main".into())
        );
        assert_eq!(
            SpecSource::parse("https://d.example.com"),
            SpecSource::Url("https://d.example.com".into())
        );
        assert_eq!(
            SpecSource::parse("openapi/dokploy.json"),
            SpecSource::File("openapi/dokploy.json".into())
        );
    }

    #[test]
    fn a_missing_file_is_reported_as_missing() {
        let err = load(
            &SpecSource::File("/nonexistent/dokploy.json".into()),
            None,
            None,
        )
        .unwrap_err();
        assert!(err.missing);
    }

    #[test]
    fn a_revision_that_does_not_exist_is_reported_as_missing() {
        let err = load(
            &SpecSource::Git("no-such-revision-xyz".into()),
            Some(&crate::workspace_root().unwrap()),
            None,
        )
        .unwrap_err();
        assert!(err.missing, "{}", err.message);
        assert!(err.message.contains("no-such-revision-xyz"));
    }

    #[test]
    fn an_option_like_revision_is_refused() {
        let err = load(
            &SpecSource::Git("--output=x".into()),
            Some(Path::new(".")),
            None,
        )
        .unwrap_err();
        assert!(!err.missing);
    }
}
