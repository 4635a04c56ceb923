//! `cargo xtask refresh-spec`: vendor Dokploy's OpenAPI document as `openapi/dokploy.json`.
//!
//! The document comes from a saved file or a running Dokploy ([`crate::fetch`]). It is validated (JSON, OpenAPI 3.x with paths, accepted by the normaliser and
//! progenitor) before anything is written; the file is then replaced atomically, in canonical
//! form. On any failure the vendored file is left untouched.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::canonical::{canonical, release_of};

/// Where the source document comes from.
pub enum Source {
    /// A saved document.
    File(PathBuf),
    /// A running Dokploy (base URL, tRPC URL or document URL, see [`crate::fetch`]) and the API
    /// key to send.
    Url {
        /// The URL as given.
        url: String,
        /// The `x-api-key`.
        api_key: Option<String>,
    },
}

/// What a successful refresh did.
#[derive(Debug)]
pub struct Refreshed {
    /// The Dokploy release recorded in the file.
    pub release: Option<String>,
    /// Operations in the new document.
    pub operations: usize,
    /// `false` when the new canonical text equals the old file.
    pub changed: bool,
    /// The file's contents before, if there was a file.
    pub previous: Option<Vec<u8>>,
    /// The canonical text now in the file.
    pub text: String,
}

/// Reads the document from `source`.
pub fn fetch(source: &Source) -> Result<Vec<u8>, String> {
    match source {
        Source::File(path) => {
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        }
        Source::Url { url, api_key } => crate::fetch::fetch(url, api_key.as_deref()),
    }
}

/// Validates `bytes` and, if all is well, writes them in canonical form to `target`.
pub fn refresh(bytes: &[u8], release: Option<&str>, target: &Path) -> Result<Refreshed, String> {
    let (document, operations) = validate(bytes)?;
    let release = release
        .map(str::to_string)
        .or_else(|| release_of(&document));
    let text = canonical(document, release.as_deref());
    let previous = std::fs::read(target).ok();
    let changed = previous.as_deref() != Some(text.as_bytes());
    if changed {
        write_atomically(target, text.as_bytes())?;
    }
    Ok(Refreshed {
        release,
        operations,
        changed,
        previous,
        text,
    })
}

/// Checks that `bytes` is a document the client can be generated from; returns it and its
/// number of operations.
pub fn validate(bytes: &[u8]) -> Result<(Value, usize), String> {
    let document = dokploy_codegen::parse_document(bytes).map_err(|e| {
        if crate::fetch::looks_like_html(bytes) {
            "not an OpenAPI document: the answer is an HTML page".to_string()
        } else {
            e.to_string()
        }
    })?;
    let generated = dokploy_codegen::generate(document.clone(), &Default::default())
        .map_err(|e| format!("the client cannot be generated from it: {e}"))?;
    Ok((document, generated.entries.len()))
}

/// Writes `bytes` to a temporary file beside `target`, then renames it over `target`.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dokploy.json".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace {}: {e}", target.display())
    })
}

/// `--check`: is the file at `target` already in canonical form?
pub fn check(target: &Path) -> Result<(), String> {
    let bytes =
        std::fs::read(target).map_err(|e| format!("cannot read {}: {e}", target.display()))?;
    let document = dokploy_codegen::parse_document(&bytes).map_err(|e| e.to_string())?;
    let release = release_of(&document);
    if canonical(document, release.as_deref()).as_bytes() != bytes.as_slice() {
        return Err(format!(
            "{} is not in canonical form: run `cargo xtask refresh-spec --from {}`",
            target.display(),
            target.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-refresh-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const DOC: &str = r#"{"openapi":"3.1.0","info":{"title":"Dokploy API","version":"v0.30.2"},
        "servers":[{"url":"http://127.0.0.1:3000/api"}],
        "paths":{"/project.all":{"get":{"operationId":"project-all","responses":{}}}}}"#;

    #[test]
    fn a_refresh_writes_the_canonical_form_and_a_second_one_changes_nothing() {
        let dir = temp_dir("twice");
        let target = dir.join("dokploy.json");
        let first = refresh(DOC.as_bytes(), None, &target).unwrap();
        assert!(first.changed);
        assert_eq!(first.release.as_deref(), Some("v0.30.2"));
        assert_eq!(first.operations, 1);
        let bytes = std::fs::read(&target).unwrap();
        let second = refresh(&bytes, None, &target).unwrap();
        assert!(!second.changed);
        assert_eq!(std::fs::read(&target).unwrap(), bytes);
        check(&target).unwrap();
    }

    #[test]
    fn a_bad_document_leaves_the_vendored_file_untouched() {
        let dir = temp_dir("bad");
        let target = dir.join("dokploy.json");
        std::fs::write(&target, "old contents").unwrap();
        for bad in [
            &b"<!DOCTYPE html><html>502</html>"[..],
            &b"{\"openapi\":\"3.1.0\",\"info\":{}"[..],
            &b"{\"hello\":\"world\"}"[..],
        ] {
            let err = refresh(bad, None, &target).unwrap_err();
            assert!(!err.is_empty());
            assert_eq!(std::fs::read(&target).unwrap(), b"old contents");
        }
        let err = refresh(b"<html>bad gateway</html>", None, &target).unwrap_err();
        assert!(err.contains("not an OpenAPI document"), "{err}");
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn check_refuses_a_file_that_is_not_canonical() {
        let dir = temp_dir("check");
        let target = dir.join("dokploy.json");
        std::fs::write(&target, DOC).unwrap();
        let err = check(&target).unwrap_err();
        assert!(err.contains("not in canonical form"), "{err}");
    }
}
