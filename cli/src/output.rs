//! Printing what Dokploy answered: JSON, pretty on a terminal and compact when piped, nothing
//! for an empty body; secrets shown as `<redacted>` unless `--show-secrets`
//! ([`dokploy::redact::redact_json`] decides what is secret, as it does for the library's own
//! output).

use std::io::{IsTerminal, Write};

use dokploy::Body;
use dokploy::redact::{redact_json, redact_text};
use serde::Serialize;
use serde_json::Value;

use crate::failure::Failure;

/// How to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Output {
    /// Indented (for people) rather than one line (for `jq` and scripts).
    pub pretty: bool,
    /// Secrets as Dokploy sent them (`--show-secrets`), not `<redacted>`.
    pub show_secrets: bool,
}

impl Output {
    /// Pretty when asked, compact when asked, otherwise pretty only on a terminal.
    pub fn new(pretty: bool, compact: bool, show_secrets: bool) -> Self {
        Self {
            pretty: pretty || (!compact && std::io::stdout().is_terminal()),
            show_secrets,
        }
    }

    /// Prints a success body: JSON as JSON, other text as it came, nothing when empty. The
    /// top-level members `shown` are never redacted: the one-time secret a command exists to
    /// produce (a new API key), as `env get` prints the value asked for.
    pub fn body(&self, body: &Body, shown: &[&str]) -> Result<(), Failure> {
        if body.is_empty() {
            return Ok(());
        }
        match body.json() {
            Some(value) => self.print(&self.visible(value, shown)),
            None => self.text(&body.text()),
        }
    }

    /// Prints any serialisable value as JSON.
    pub fn json(&self, value: &impl Serialize) -> Result<(), Failure> {
        let value = serde_json::to_value(value).map_err(|e| {
            Failure::Failed(format!("the answer could not be printed as JSON: {e}"))
        })?;
        self.print(&self.visible(&value, &[]))
    }

    /// Prints text (a log, a list of variables), its secrets redacted as
    /// [`redact_text`] finds them unless `--show-secrets`.
    pub fn text(&self, text: &str) -> Result<(), Failure> {
        line(&self.visible_text(text))
    }

    /// `text` as it may be printed: its secrets redacted unless `--show-secrets`.
    pub fn visible_text<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.show_secrets {
            std::borrow::Cow::Borrowed(text)
        } else {
            redact_text(text)
        }
    }

    /// `value` as it may be printed.
    fn visible(&self, value: &Value, shown: &[&str]) -> Value {
        if self.show_secrets {
            return value.clone();
        }
        let mut visible = redact_json(value);
        if let (Value::Object(out), Value::Object(original)) = (&mut visible, value) {
            for key in shown {
                if let Some(v) = original.get(*key) {
                    out.insert((*key).to_string(), v.clone());
                }
            }
        }
        visible
    }

    fn print(&self, value: &Value) -> Result<(), Failure> {
        let text = if self.pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        }
        .map_err(|e| Failure::Failed(format!("the answer could not be printed as JSON: {e}")))?;
        line(&text)
    }
}

/// Prints `text` on stdout with a final newline; a closed pipe (`| head`) is not an error.
pub fn line(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let result = if text.ends_with('\n') {
        out.write_all(text.as_bytes())
    } else {
        writeln!(out, "{text}")
    };
    match result.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Failed(format!(
            "could not write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_unless_asked_for_and_the_json_stays_valid() {
        let answer = json!({"name": "db", "databasePassword": "hunter2", "env": "A=1",
                            "nested": [{"botToken": "t0k"}]});
        let hidden = Output {
            pretty: false,
            show_secrets: false,
        }
        .visible(&answer, &[]);
        assert_eq!(hidden["databasePassword"], "<redacted>");
        assert_eq!(hidden["env"], "<redacted>");
        assert_eq!(hidden["nested"][0]["botToken"], "<redacted>");
        assert_eq!(hidden["name"], "db");
        let shown = Output {
            pretty: false,
            show_secrets: true,
        }
        .visible(&answer, &[]);
        assert_eq!(shown, answer);
    }

    #[test]
    fn a_one_time_secret_the_command_produces_is_shown() {
        let created = json!({"id": "k1", "key": "dok_abc123", "name": "ci"});
        let out = Output {
            pretty: false,
            show_secrets: false,
        };
        assert_eq!(out.visible(&created, &["key"])["key"], "dok_abc123");
        assert_eq!(out.visible(&created, &[])["key"], "<redacted>");
    }
}
