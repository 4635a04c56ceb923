//! Keeping secrets out of `Debug`, `Display`, errors and logs.
//!
//! Dokploy returns secrets in plain text (database passwords from `postgres.one`, environment
//! blocks with credentials, git provider tokens). Everything this crate prints goes through
//! [`redact_json`], which replaces the values of secret-looking keys with `"<redacted>"`.

use std::fmt;

use serde_json::Value;

/// The text that replaces a secret.
pub const REDACTED: &str = "<redacted>";

/// `true` for keys whose values are secrets: passwords, tokens, private keys, API keys, and
/// environment blocks (`env`, `buildArgs`, `buildSecrets`, which usually hold credentials).
///
/// ```
/// assert!(dokploy::redact::is_secret_key("databasePassword"));
/// assert!(dokploy::redact::is_secret_key("env"));
/// assert!(!dokploy::redact::is_secret_key("sshKeyId"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    let env_block = matches!(
        k.as_str(),
        "env"
            | "buildargs"
            | "buildsecrets"
            | "previewenv"
            | "previewbuildargs"
            | "previewbuildsecrets"
    );
    let id_like = k.ends_with("id") || k.ends_with("ids");
    env_block
        || k.contains("password")
        || k.contains("passwd")
        || k.contains("passphrase")
        || k.contains("secret")
        || k.contains("privatekey")
        || k.contains("private_key")
        || k.contains("credential")
        || (!id_like
            && (k.contains("token")
                || k.contains("apikey")
                || k == "key"
                || k.ends_with("licensekey")))
}

/// `true` when the last segment of a dotted/indexed path (`a.b[0].databasePassword`) is a secret
/// key.
pub fn is_secret_path(path: &str) -> bool {
    path.rsplit(['.', '[', ']'])
        .find(|s| !s.is_empty())
        .is_some_and(is_secret_key)
}

/// A copy of `value` with every secret value replaced by `"<redacted>"` (empty strings and
/// `null`s are left as they are: they reveal nothing).
///
/// ```
/// let v = serde_json::json!({"name": "db", "databasePassword": "hunter2", "nested": [{"token": "t"}]});
/// let r = dokploy::redact::redact_json(&v);
/// assert_eq!(r["databasePassword"], "<redacted>");
/// assert_eq!(r["nested"][0]["token"], "<redacted>");
/// assert_eq!(r["name"], "db");
/// ```
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let hidden = is_secret_key(k)
                        && !v.is_null()
                        && v.as_str() != Some("")
                        && !v.is_object()
                        && !v.is_array();
                    let v = if hidden {
                        Value::String(REDACTED.into())
                    } else {
                        redact_json(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        other => other.clone(),
    }
}

/// `Debug` for values that must not be printed in full.
pub(crate) struct Redacted<'a>(RedactedKind<'a>);

enum RedactedKind<'a> {
    Body(&'a [u8]),
}

impl<'a> Redacted<'a> {
    /// A response body: shown as JSON with secrets replaced, or as the start of the text.
    pub(crate) fn body(body: &'a [u8]) -> Self {
        Self(RedactedKind::Body(body))
    }
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            RedactedKind::Body(b) => {
                write!(f, "{:?}", crate::error::redacted_json_text(b))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_of_secret_things_are_not_secrets() {
        assert!(!is_secret_key("apiKeyId"));
        assert!(!is_secret_key("sshKeyId"));
        assert!(is_secret_key("refreshToken"));
        assert!(is_secret_key("githubPrivateKey"));
        assert!(is_secret_key("databaseRootPassword"));
        assert!(!is_secret_key("name"));
    }

    #[test]
    fn empty_and_null_secrets_stay_visible() {
        let r = redact_json(&json!({"password": "", "token": null}));
        assert_eq!(r, json!({"password": "", "token": null}));
    }

    #[test]
    fn secret_paths_are_recognised_by_their_last_segment() {
        assert!(is_secret_path(
            "environments[0].postgres[1].databasePassword"
        ));
        assert!(!is_secret_path("environments[0].name"));
    }
}

/// A secret from Dokploy (a password, a token, an environment block): `Debug` and `Display`
/// print `<redacted>`; [`Secret::expose`] gives the value. (De)serialises as the plain string.
///
/// ```
/// let s = dokploy::redact::Secret::new("hunter2");
/// assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `true` for the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { REDACTED })
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "" } else { REDACTED })
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}
