//! Printing what Dokploy answered: JSON, pretty on a terminal and compact when piped, nothing
//! for an empty body.

use std::io::{IsTerminal, Write};

use dokploy::Body;
use serde::Serialize;

use crate::failure::Failure;

/// How to print JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Output {
    /// Indented (for people) rather than one line (for `jq` and scripts).
    pub pretty: bool,
}

impl Output {
    /// Pretty when asked, compact when asked, otherwise pretty only on a terminal.
    pub fn new(pretty: bool, compact: bool) -> Self {
        Self {
            pretty: pretty || (!compact && std::io::stdout().is_terminal()),
        }
    }

    /// Prints a success body: JSON as JSON, other text as it came, nothing when empty.
    pub fn body(&self, body: &Body) -> Result<(), Failure> {
        if body.is_empty() {
            return Ok(());
        }
        match body.json() {
            Some(value) => self.json(value),
            None => line(&body.text()),
        }
    }

    /// Prints any serialisable value as JSON.
    pub fn json(&self, value: &impl Serialize) -> Result<(), Failure> {
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
