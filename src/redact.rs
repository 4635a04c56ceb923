//! Keeping secrets out of `Debug`, `Display`, errors and logs.
//!
//! Dokploy returns secrets in plain text (database passwords from `postgres.one`, environment
//! blocks with credentials, git provider tokens). Everything this crate prints goes through
//! [`redact_json`], which replaces the values of secret-looking keys with `"<redacted>"`.

use std::cell::Cell;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// The text that replaces a secret.
pub const REDACTED: &str = "<redacted>";

/// `true` for keys whose values are secrets: passwords (`password`, `requirepass`), tokens,
/// private keys, API keys and other keys (`routingKey`, `licenseKey`; not `publicKey`, nor
/// `accessKey`, an S3 access key **id**), webhook URLs (whoever holds a Slack, Discord or Teams
/// webhook URL can post; a custom webhook's `endpoint` likewise), `Authorization` headers,
/// environment blocks (`env`, `buildArgs`,
/// `buildSecrets`, which usually hold credentials), and the compose files and commands that
/// carry them (`composeFile`, `command`).
///
/// ```
/// use dokploy::redact::is_secret_key;
/// assert!(is_secret_key("databasePassword"));
/// assert!(is_secret_key("env"));
/// assert!(is_secret_key("routingKey")); // a notification kind this release does not know
/// assert!(is_secret_key("composeFile"));
/// assert!(!is_secret_key("sshKeyId"));
/// assert!(is_secret_key("X-Api-Key")); // `-` and `_` are ignored
/// assert!(!is_secret_key("publicKey"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
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
    // A key's value, unless it names a public half, an access key id, or a flag about a key.
    let a_key = k.ends_with("key")
        && !k.contains("public")
        && !k.starts_with("include")
        && (!k.ends_with("accesskey") || k.contains("secret"));
    env_block
        || k.contains("password")
        || k.contains("passwd")
        || k.contains("passphrase")
        || (k.ends_with("pass") && !k.ends_with("bypass"))
        || k.contains("secret")
        || k.contains("privatekey")
        || k.contains("credential")
        || (k.contains("webhook") && k.ends_with("url"))
        || k == "endpoint"
        || k == "authorization"
        || k.contains("composefile")
        || k == "dockercompose"
        || (!id_like && (k.contains("token") || k.contains("command") || a_key))
}

/// `true` when the last segment of a dotted/indexed path (`a.b[0].databasePassword`) is a secret
/// key.
pub fn is_secret_path(path: &str) -> bool {
    path.rsplit(['.', '[', ']'])
        .find(|s| !s.is_empty())
        .is_some_and(is_secret_key)
}

/// A copy of `value` with every secret value replaced by `"<redacted>"` (empty strings and
/// `null`s are left as they are: they reveal nothing), every value of a `headers` object
/// (headers carry credentials under any name), and the secrets spelled out inside other strings
/// (a shell command in an error message) replaced as [`redact_text`] does.
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
                    let v = match v {
                        _ if hidden => Value::String(REDACTED.into()),
                        // HTTP headers carry credentials under any name (`X-Auth`, a custom
                        // webhook's): every value is hidden.
                        Value::Object(headers) if k.eq_ignore_ascii_case("headers") => {
                            Value::Object(
                                headers
                                    .iter()
                                    .map(|(name, value)| {
                                        let value = match value {
                                            Value::String(s) if !s.is_empty() => {
                                                Value::String(REDACTED.into())
                                            }
                                            other => redact_json(other),
                                        };
                                        (name.clone(), value)
                                    })
                                    .collect(),
                            )
                        }
                        v => redact_json(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        Value::String(text) => Value::String(redact_text(text).into_owned()),
        other => other.clone(),
    }
}

/// A copy of `text` (an error message, a log line) with the secrets it spells out replaced by
/// `<redacted>`. Dokploy builds some error messages from shell commands, so they carry secrets
/// in plain text (`rclone … --s3-secret-access-key=…` from a failed backup or destination test).
/// Replaced: the value of a secret-looking `--flag=value` or `--flag value`, of a secret-looking
/// `NAME=value` assignment (`-e DB_PASSWORD=…`, `PGPASSWORD=…`), of a secret-looking JSON member
/// (`"token":"…"`) or YAML entry (`POSTGRES_PASSWORD: …`, to the end of the line), of a
/// password or token word followed by its value (`token abc`, `Authorization Bearer abc`), and
/// the password of a URL (`postgres://user:…@host`). Which names are secret is
/// [`is_secret_key`]'s rule, with `-` and `_` ignored. A value that reads as an ordinary word
/// of a sentence (`password is too short`, `Password: must be …`) is left alone.
///
/// ```
/// use dokploy::redact::redact_text;
/// let message = "rclone ls --s3-access-key-id=AKIA1 --s3-secret-access-key=s3cr3t --retries 1";
/// assert_eq!(
///     redact_text(message),
///     "rclone ls --s3-access-key-id=AKIA1 --s3-secret-access-key=<redacted> --retries 1"
/// );
/// assert_eq!(redact_text("-e DB_PASSWORD='p w' -e DB_USER=app"), "-e DB_PASSWORD=<redacted> -e DB_USER=app");
/// assert_eq!(redact_text("postgres://app:hunter2@db:5432/x"), "postgres://app:<redacted>@db:5432/x");
/// assert_eq!(redact_text("    POSTGRES_PASSWORD: s3cr3t pass\n    POSTGRES_DB: app"), "    POSTGRES_PASSWORD: <redacted>\n    POSTGRES_DB: app");
/// assert_eq!(redact_text("login with token abc123 now"), "login with token <redacted> now");
/// assert_eq!(redact_text("the password is too short"), "the password is too short");
/// assert_eq!(redact_text("nothing to hide"), "nothing to hide");
/// ```
pub fn redact_text(text: &str) -> std::borrow::Cow<'_, str> {
    let spans = secret_spans(text);
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// `true` for a name made of the characters names are made of (`--s3-secret-key`, `DB_PASSWORD`).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// `is_secret_key` for a flag or variable name: `--s3-secret-access-key` → `s3secretaccesskey`.
fn is_secret_name(name: &str) -> bool {
    let plain: String = name
        .trim_start_matches('-')
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect();
    !plain.is_empty() && is_secret_key(&plain)
}

/// The end of the value that starts at `start`: a quoted value up to its closing quote, any
/// other up to the next whitespace (or the quote/separator that closes what it is inside of).
fn value_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    match rest.chars().next() {
        Some(q @ ('\'' | '"')) => match rest[1..].find(q) {
            Some(close) => start + 1 + close + 1,
            None => text.len(),
        },
        _ => {
            start
                + rest
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, '\'' | '"' | ';' | '&' | '|' | ')')
                    })
                    .unwrap_or(rest.len())
        }
    }
}

/// Byte ranges of the secret values in `text`, in order, not overlapping.
fn secret_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'=' => assignment_value(text, i),
            b':' if i > 0 && bytes[i - 1] == b'"' => json_member_value(text, i),
            b':' => yaml_value(text, i),
            b'-' if text[i..].starts_with("--")
                && (i == 0 || bytes[i - 1].is_ascii_whitespace()) =>
            {
                flag_value(text, i)
            }
            b if b.is_ascii_alphabetic() && (i == 0 || bytes[i - 1].is_ascii_whitespace()) => {
                word_value(text, i)
            }
            _ => None,
        };
        match found {
            Some((start, end)) => {
                spans.push((start, end));
                i = end;
            }
            None => i += 1,
        }
    }
    spans.extend(url_password_spans(text));
    spans.sort_unstable();
    spans
}

/// The name that ends at byte `end` (`--s3-secret-key` in `--s3-secret-key=…`).
fn name_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(end, |(p, _)| p);
    &text[start..end]
}

/// A value worth hiding: not empty, not an empty quoted string.
fn non_empty(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let value = &text[start..end];
    (!value.is_empty() && value != "\"\"" && value != "''").then_some((start, end))
}

/// `NAME=value` with `=` at `eq`.
fn assignment_value(text: &str, eq: usize) -> Option<(usize, usize)> {
    if !is_secret_name(name_before(text, eq)) {
        return None;
    }
    non_empty(text, eq + 1, value_end(text, eq + 1))
}

/// `"name":"value"` or `"name": "value"` with `:` at `colon`.
fn json_member_value(text: &str, colon: usize) -> Option<(usize, usize)> {
    let name = name_before(text, colon - 1);
    let name_start = colon - 1 - name.len();
    if name_start == 0 || text.as_bytes()[name_start - 1] != b'"' || !is_secret_name(name) {
        return None;
    }
    let start =
        colon + 1 + text[colon + 1..].len() - text[colon + 1..].trim_start_matches(' ').len();
    if !text[start..].starts_with('"') {
        return None;
    }
    non_empty(text, start, value_end(text, start))
}

/// `NAME: value` (YAML, a header, a log line) with `:` at `colon`: the value runs to the end of
/// the line (or its closing quote).
fn yaml_value(text: &str, colon: usize) -> Option<(usize, usize)> {
    if !is_secret_name(name_before(text, colon)) {
        return None;
    }
    let rest = &text[colon + 1..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if spaces == 0 {
        return None; // `host:port`, `scheme://`, `user:password@` are not entries
    }
    let start = colon + 1 + spaces;
    if text[start..].starts_with(['"', '\'']) {
        return non_empty(text, start, value_end(text, start));
    }
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |n| start + n);
    let end = start + text[start..line_end].trim_end().len();
    if reads_as_prose(&text[start..end]) {
        return None;
    }
    non_empty(text, start, end)
}

/// `password VALUE`, `token VALUE`, `Authorization Bearer VALUE`: a word that names a password or
/// token, at `start`, followed by one space and a value.
fn word_value(text: &str, start: usize) -> Option<(usize, usize)> {
    let word_end = text[start..]
        .find(|c: char| !is_name_char(c))
        .map_or(text.len(), |n| start + n);
    let word = &text[start..word_end];
    let plain: String = word
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let names_a_secret = [
        "password",
        "passwd",
        "passphrase",
        "token",
        "secret",
        "apikey",
    ]
    .iter()
    .any(|s| plain.contains(s))
        || plain == "authorization"
        || (plain.ends_with("pass") && plain != "bypass");
    if !names_a_secret || !is_secret_name(word) || !text[word_end..].starts_with(' ') {
        return None;
    }
    let value_start = word_end + 1;
    match text[value_start..].chars().next() {
        Some(c) if c != '-' && !c.is_whitespace() => {}
        _ => return None,
    }
    let mut end = value_end(text, value_start);
    let value = &text[value_start..end];
    if reads_as_prose(value) {
        return None;
    }
    // `Bearer abc`, `Basic abc`: the scheme is not the secret, what follows is.
    if ["bearer", "basic", "token"].contains(&value.to_ascii_lowercase().as_str())
        && text[end..].starts_with(' ')
        && text[end + 1..].starts_with(|c: char| !c.is_whitespace())
    {
        end = value_end(text, end + 1);
    }
    non_empty(text, value_start, end)
}

/// Words that follow `password`, `token` or `Password:` in a sentence, not as its value.
const PROSE: &[&str] = &[
    "a",
    "am",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "by",
    "can",
    "cannot",
    "changed",
    "check",
    "could",
    "did",
    "do",
    "does",
    "doesn't",
    "don't",
    "empty",
    "error",
    "errors",
    "expired",
    "failed",
    "field",
    "for",
    "format",
    "found",
    "from",
    "given",
    "had",
    "has",
    "hash",
    "have",
    "if",
    "in",
    "incorrect",
    "into",
    "invalid",
    "is",
    "isn't",
    "it",
    "its",
    "length",
    "manager",
    "may",
    "might",
    "mismatch",
    "missing",
    "must",
    "no",
    "nor",
    "not",
    "of",
    "on",
    "or",
    "policy",
    "provided",
    "required",
    "requirements",
    "reset",
    "set",
    "shall",
    "should",
    "strength",
    "that",
    "the",
    "this",
    "to",
    "too",
    "unset",
    "updated",
    "validation",
    "value",
    "verification",
    "was",
    "were",
    "when",
    "which",
    "will",
    "with",
    "would",
    "wrong",
    "you",
    "your",
];

/// `true` when `value` starts with a word of a sentence rather than a secret: a word of
/// [`PROSE`], or a lowercase word with an ending of English words (`available`, `required`,
/// `missing`, `properly`, `generation`).
fn reads_as_prose(value: &str) -> bool {
    let first = value
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?'))
        .next()
        .unwrap_or_default();
    let english_ending = first.len() > 4
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && ["ed", "able", "ible", "ing", "ly", "tion", "ment"]
            .iter()
            .any(|ending| first.ends_with(ending));
    first.is_empty() || english_ending || PROSE.contains(&first.to_ascii_lowercase().as_str())
}

/// `--flag value` (a secret-looking flag followed by a space and a value) at `dashes`.
fn flag_value(text: &str, dashes: usize) -> Option<(usize, usize)> {
    let name_end = text[dashes..]
        .find(|c: char| !is_name_char(c))
        .map_or(text.len(), |n| dashes + n);
    if !text[name_end..].starts_with(' ') || !is_secret_name(&text[dashes..name_end]) {
        return None;
    }
    let start = name_end + 1;
    match text[start..].chars().next() {
        Some(c) if c != '-' && !c.is_whitespace() => non_empty(text, start, value_end(text, start)),
        _ => None,
    }
}

/// The password part of every `scheme://user:password@host` in `text`.
fn url_password_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let auth_start = from + found + 3;
        let auth_len = text[auth_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '"' | '\''))
            .unwrap_or(text.len() - auth_start);
        let authority = &text[auth_start..auth_start + auth_len];
        if let Some(at) = authority.rfind('@')
            && let Some(colon) = authority[..at].find(':')
            && colon + 1 < at
        {
            spans.push((auth_start + colon + 1, auth_start + at));
        }
        from = auth_start;
    }
    spans
}

/// The string values of the secret keys in `value` (a request body the caller built), at any
/// depth, non-empty, each once: what an error answer must not quote back.
pub(crate) fn secret_values(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if is_secret_key(k) && !s.is_empty() => {
                        if !out.contains(s) {
                            out.push(s.clone());
                        }
                    }
                    other => secret_values(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secret_values(v, out)),
        _ => {}
    }
}

/// `text` with every occurrence of each of `values` replaced by [`REDACTED`], as written and
/// as it reads inside a JSON string (escaped); `None` when none occurs (nothing is copied).
/// Values the caller gave (a webhook URL, the API key) are not recognisable by their shape:
/// [`redact_text`] cannot find them, this finds them by value. Values shorter than
/// [`MIN_HIDDEN_LEN`] are left alone: they would match ordinary text (a one-letter test
/// password would turn every `s` of a message into `<redacted>`).
pub(crate) fn hide_values(text: &[u8], values: &[&str]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    for value in values.iter().filter(|v| v.len() >= MIN_HIDDEN_LEN) {
        let escaped = json_escaped(value);
        let forms = [Some(*value), escaped.as_deref()];
        for form in forms.into_iter().flatten() {
            let current = out.as_deref().unwrap_or(text);
            if let Some(replaced) = replace_all(current, form) {
                out = Some(replaced);
            }
        }
    }
    out
}

/// The shortest value [`hide_values`] looks for (Dokploy's API keys are dozens of characters).
pub(crate) const MIN_HIDDEN_LEN: usize = 8;

/// `value` as it reads inside a JSON string, when that differs from `value`.
fn json_escaped(value: &str) -> Option<String> {
    if !value.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        return None;
    }
    let quoted = Value::from(value).to_string();
    Some(quoted[1..quoted.len() - 1].to_string())
}

/// `hay` with each `needle` replaced by [`REDACTED`]; `None` when it has none.
fn replace_all(hay: &[u8], needle: &str) -> Option<Vec<u8>> {
    let mut at = find(hay, needle, 0)?;
    let mut out = Vec::with_capacity(hay.len());
    let mut copied = 0;
    loop {
        out.extend_from_slice(&hay[copied..at]);
        out.extend_from_slice(REDACTED.as_bytes());
        copied = at + needle.len();
        match find(hay, needle, copied) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.extend_from_slice(&hay[copied..]);
    Some(out)
}

/// Where `needle` first occurs in `hay` at or after `from`. Bodies are scanned for the key on
/// every response, so the common case (UTF-8, no match) is a vectorised `str::contains` on the
/// needle's first bytes.
fn find(hay: &[u8], needle: &str, from: usize) -> Option<usize> {
    let hay = hay.get(from..)?;
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    if let Ok(text) = std::str::from_utf8(hay) {
        let mut prefix = needle.len().min(32);
        while !needle.is_char_boundary(prefix) {
            prefix -= 1;
        }
        if !text.contains(&needle[..prefix]) {
            return None;
        }
        return text.find(needle).map(|i| from + i);
    }
    hay.windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .map(|i| from + i)
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
    fn git_provider_and_ssh_key_credentials_are_secret_and_their_ids_are_not() {
        for key in [
            "clientSecret",
            "secret",
            "accessToken",
            "refreshToken",
            "apiToken",
            "appPassword",
            "githubClientSecret",
            "githubPrivateKey",
            "githubWebhookSecret",
            "privateKey",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "clientId",
            "applicationId",
            "publicKey",
            "giteaId",
            "sshKeyId",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn notification_credentials_are_secrets() {
        for key in [
            "webhookUrl",
            "appToken",
            "accessToken",
            "botToken",
            "apiToken",
            "apiKey",
            "userKey",
            "Authorization",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["serverUrl", "endpointId", "webhookId", "channel", "topic"] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn empty_and_null_secrets_stay_visible() {
        let r = redact_json(&json!({"password": "", "token": null}));
        assert_eq!(r, json!({"password": "", "token": null}));
    }

    #[test]
    fn shell_commands_in_messages_lose_their_secrets_and_keep_the_rest() {
        let m = "rclone rcat --s3-provider=Minio --s3-access-key-id=census-access --s3-secret-access-key=census-secret-invented --s3-region=us-east-1 \":s3:bucket/x\"";
        let r = redact_text(m);
        assert!(!r.contains("census-secret-invented"), "{r}");
        assert!(r.contains("--s3-access-key-id=census-access"), "{r}");
        assert!(r.contains("--s3-region=us-east-1 \":s3:bucket/x\""), "{r}");
        let r = redact_text("docker exec -e DB_NAME=census -e PGPASSWORD=pw -i c bash");
        assert_eq!(
            r,
            "docker exec -e DB_NAME=census -e PGPASSWORD=<redacted> -i c bash"
        );
        let r = redact_text("mysqldump --password \"p w\" --user root");
        assert_eq!(r, "mysqldump --password <redacted> --user root");
    }

    #[test]
    fn json_members_and_url_passwords_in_text_are_hidden() {
        let r = redact_text(r#"failed: {"webhookToken": "abc", "name":"x", "password":""}"#);
        assert_eq!(
            r,
            r#"failed: {"webhookToken": <redacted>, "name":"x", "password":""}"#
        );
        let r = redact_text(
            "cannot reach https://bot:t0ken@git.example.com/repo.git and redis://:pw@cache:6379",
        );
        assert_eq!(
            r,
            "cannot reach https://bot:<redacted>@git.example.com/repo.git and redis://:<redacted>@cache:6379"
        );
        assert_eq!(
            redact_text("see http://example.com:8080/x"),
            "see http://example.com:8080/x"
        );
    }

    #[test]
    fn given_values_are_hidden_as_written_and_json_escaped() {
        let key = "k3y/with\"quote";
        let body = r#"{"message":"bad key k3y/with\"quote","echo":"x"}"#;
        let hidden = hide_values(body.as_bytes(), &[key]).unwrap();
        let hidden = String::from_utf8(hidden).unwrap();
        assert!(!hidden.contains("k3y"), "{hidden}");
        assert!(hidden.contains("bad key <redacted>"), "{hidden}");
        let raw = b"\xff\xfe plain k3y/with\"quote twice k3y/with\"quote";
        let hidden = hide_values(raw, &[key, ""]).unwrap();
        assert_eq!(hidden, b"\xff\xfe plain <redacted> twice <redacted>");
        assert!(hide_values(b"nothing here", &[key]).is_none());
        assert!(
            hide_values(b"a short s", &["s", "short"]).is_none(),
            "too short to find"
        );
        assert!(hide_values(b"", &[key]).is_none());
    }

    #[test]
    fn secret_values_are_collected_from_a_request_body_once_each() {
        let body = json!({
            "name": "n",
            "webhookUrl": "https://hooks/T/s3cret",
            "nested": [{"password": "pw"}, {"password": "pw", "token": ""}],
        });
        let mut values = Vec::new();
        secret_values(&body, &mut values);
        values.sort();
        assert_eq!(values, ["https://hooks/T/s3cret", "pw"]);
    }

    #[test]
    fn yaml_entries_and_password_or_token_words_lose_their_values() {
        let compose = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: s3cr3t with spaces\n      POSTGRES_USER: app\n      password: \"quoted secret\"\n    command: redis-server --requirepass hunter2\n";
        let r = redact_text(compose);
        for secret in ["s3cr3t", "quoted secret", "hunter2"] {
            assert!(!r.contains(secret), "{r}");
        }
        assert!(r.contains("POSTGRES_USER: app"), "{r}");
        assert!(r.contains("services:\n  db:\n    environment:\n"), "{r}");
        assert_eq!(redact_text("token x"), "token <redacted>");
        assert_eq!(redact_text("password hunter2"), "password <redacted>");
        assert_eq!(redact_text("--password x"), "--password <redacted>");
        assert_eq!(redact_text("password: x"), "password: <redacted>");
        assert_eq!(
            redact_text("Authorization Bearer abc.def"),
            "Authorization <redacted>"
        );
        assert_eq!(
            redact_text("Authorization: Bearer abc.def"),
            "Authorization: <redacted>"
        );
        // Sentences about secrets keep their words; hosts, URLs and ids are no entries.
        for prose in [
            "Invalid password",
            "the password is incorrect",
            "Password: must be at least 8 characters",
            "Token expired, log in again",
            "connect to db:5432 failed",
            "see https://example.com/x",
            "tokenId t-123 and apiKeyId k-9",
            "Command execution failed: rclone: not found",
            "No access token available. Please authorize with Gitea.",
            "the token provided is not valid",
        ] {
            assert_eq!(redact_text(prose), prose);
        }
    }

    #[test]
    fn keys_of_kinds_this_release_does_not_know_are_secret_and_public_halves_are_not() {
        for key in [
            "routingKey",
            "integrationKey",
            "encryptionKey",
            "requirepass",
            "privateKeyPass",
            "composeFile",
            "command",
            "secretAccessKey",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "publicKey",
            "accessKey",
            "includeEncryptionKey",
            "bypass",
            "composeId",
            "commandId",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn secret_paths_are_recognised_by_their_last_segment() {
        assert!(is_secret_path(
            "environments[0].postgres[1].databasePassword"
        ));
        assert!(!is_secret_path("environments[0].name"));
    }
}

/// A secret from Dokploy (a password, a token, an environment block, a compose file): `Debug`
/// and `Display` print `<redacted>`; [`Secret::expose`] gives the value. (De)serialises as the
/// plain string (except inside a model's `Debug`, which prints `<redacted>`).
///
/// ```
/// let s = dokploy::redact::Secret::new("hunter2");
/// assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
/// assert_eq!(s.expose(), "hunter2");
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#""hunter2""#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, serde::Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Secret(String);

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.0.is_empty() && RENDERING.with(Cell::get) {
            s.serialize_str(REDACTED)
        } else {
            s.serialize_str(&self.0)
        }
    }
}

thread_local! {
    /// Set while [`debug_json`] turns a value into JSON to print it: [`Secret`]s then serialise
    /// as `<redacted>`.
    static RENDERING: Cell<bool> = const { Cell::new(false) };
}

/// `value` as JSON for printing: every [`Secret`] as `<redacted>`, then [`redact_json`]'s rule
/// (secret keys, and secrets inside any text). `None` when it does not serialise.
pub(crate) fn printable_json<T: Serialize + ?Sized>(value: &T) -> Option<Value> {
    /// Puts the previous state back, even if serialising panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            RENDERING.with(|r| r.set(self.0));
        }
    }
    let json = {
        let _restore = Restore(RENDERING.with(|r| r.replace(true)));
        serde_json::to_value(value).ok()?
    };
    Some(redact_json(&json))
}

/// `Debug` for a model: its name and its JSON as [`printable_json`] makes it (`{:#?}`
/// indents it), so that no field, named or not, can print a secret.
pub(crate) fn debug_json<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    match printable_json(value) {
        Some(json) if f.alternate() => write!(f, "{name} {json:#}"),
        Some(json) => write!(f, "{name} {json}"),
        None => write!(f, "{name} {{ .. }}"),
    }
}

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
