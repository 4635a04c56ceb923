//! The report's output formats: `text`, `markdown`, `json`, `github`.
//!
//! # JSON schema (`--format json`)
//!
//! Stable: fields may be added, never renamed or removed without changing `schema`.
//!
//! ```text
//! {
//!   "schema": "dokploy-spec-diff/1",
//!   "old": {"source": "git:HEAD", "release": "v0.29.13" | null, "operations": 554},
//!   "new": {"source": "openapi/dokploy.json", "release": "v0.30.2" | null, "operations": 597},
//!   "summary": {"breaking": 3, "warning": 1, "info": 52,
//!               "operations_added": 45, "operations_removed": 2},
//!   "changes": [{
//!     "id": "operation-removed",            // a rule id of crate::diff's table
//!     "level": "breaking" | "warning" | "info",
//!     "router": "application",
//!     "operation": "application.foo",       // Dokploy's procedure (path without `/`)
//!     "rust_method": "application_foo",     // the `Client` method
//!     "location": "operation" | "query" | "body",
//!     "field": "domains[].host" | null,     // JSON names; null for the operation itself
//!     "rust": "types::ApplicationFooBody::domains[].host",
//!     "message": "new required field `domains[].host` (string)",
//!     "uses": [{"path": "src/resources/domains.rs", "line": 245, "kind": "library method",
//!               "item": "Domains::create", "text": "…"}]  // run in a checkout: the places to change
//!   }]                                      // sorted by operation, location, field, rule
//! }
//! ```

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::rules::{OPERATION_ADDED, OPERATION_REMOVED};
use super::{Change, Level, Report, Side};
use crate::xref::Use;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped by router, counts first.
    Text,
    /// For pull-request comments.
    Markdown,
    /// Machine-readable, see the module docs.
    Json,
    /// GitHub Actions workflow commands (`::error`, `::warning`, `::notice`).
    Github,
}

/// Renders `report` in `format`, each change followed by the hand-written places that use what
/// it touches (`uses[i]` for `report.changes[i]`, see [`crate::xref`]; only the places needing
/// an edit) in the text, markdown and JSON formats.
pub fn render_with_uses(report: &Report, format: Format, uses: &[Vec<Use>]) -> String {
    let edits = |i: usize| -> Vec<&Use> {
        uses.get(i)
            .into_iter()
            .flatten()
            .filter(|u| u.role.needs_edit())
            .collect()
    };
    match format {
        Format::Text => {
            let mut s = String::new();
            let mut lines = text(report)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
                .into_iter();
            for line in lines.by_ref() {
                let _ = writeln!(s, "{line}");
                if let Some(i) = report
                    .changes
                    .iter()
                    .position(|c| line == format!("  {}", self::line(c)))
                {
                    for u in edits(i) {
                        let _ = writeln!(
                            s,
                            "           used by {} {} ({})",
                            u.location(),
                            if u.item.is_empty() { "-" } else { &u.item },
                            u.kind
                        );
                    }
                }
            }
            s
        }
        Format::Json => {
            let mut v = to_json(report);
            if let Some(changes) = v["changes"].as_array_mut() {
                for (i, change) in changes.iter_mut().enumerate() {
                    change["uses"] = Value::Array(
                        edits(i)
                            .into_iter()
                            .map(|u| json!({"path": u.path, "line": u.line, "kind": u.kind.to_string(), "item": u.item, "text": u.text}))
                            .collect(),
                    );
                }
            }
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Markdown => {
            let mut s = markdown(report);
            let used: Vec<String> = report
                .changes
                .iter()
                .enumerate()
                .filter(|(i, _)| !edits(*i).is_empty())
                .map(|(i, c)| {
                    let places: Vec<String> = edits(i)
                        .iter()
                        .map(|u| format!("`{}` ({})", u.location(), u.item))
                        .collect();
                    format!("- `{}` {}: {}", c.operation, c.rule.id, places.join(", "))
                })
                .collect();
            if !used.is_empty() {
                let _ = writeln!(
                    s,
                    "#### Hand-written code to change\n\n{}\n",
                    used.join("\n")
                );
            }
            s
        }
        Format::Github => github(report),
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(report)).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Github => github(report),
    }
}

fn side(side: &Side) -> String {
    format!(
        "{} ({}, {} operations)",
        side.source,
        side.release.as_deref().unwrap_or("release unknown"),
        side.operations
    )
}

/// The counts line: `2 breaking, 0 warning, 31 info; operations 554 → 597 (+45, -2)`.
pub fn counts(report: &Report) -> String {
    format!(
        "{} breaking, {} warning, {} info; operations {} → {} (+{}, -{})",
        report.count(Level::Breaking),
        report.count(Level::Warning),
        report.count(Level::Info),
        report.old.operations,
        report.new.operations,
        report.operations_under(&OPERATION_ADDED).len(),
        report.operations_under(&OPERATION_REMOVED).len(),
    )
}

fn line(change: &Change) -> String {
    format!(
        "{:<8} {}: {} [{}] ({})",
        change.rule.level, change.operation, change.message, change.rule.id, change.rust
    )
}

/// Counts first, then the changes grouped by router.
pub fn text(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "API changes from {} to {}",
        side(&report.old),
        side(&report.new)
    );
    let _ = writeln!(s, "{}", counts(report));
    if report.changes.is_empty() {
        s.push_str("no API changes\n");
        return s;
    }
    for (router, changes) in by_router(&report.changes) {
        let level_counts: Vec<String> = [Level::Breaking, Level::Warning, Level::Info]
            .iter()
            .map(|l| (l, changes.iter().filter(|c| c.rule.level == *l).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{n} {l}"))
            .collect();
        let _ = writeln!(s, "\n{router} ({})", level_counts.join(", "));
        for change in changes {
            let _ = writeln!(s, "  {}", line(change));
        }
    }
    s
}

/// After `refresh-spec`: counts, then only the breaking and warning changes.
pub fn summary(report: &Report) -> String {
    let mut s = format!("API changes: {}\n", counts(report));
    for change in report.changes.iter().filter(|c| c.rule.level > Level::Info) {
        let _ = writeln!(s, "  {}", line(change));
    }
    let info = report.count(Level::Info);
    if info > 0 {
        let _ = writeln!(
            s,
            "  and {info} info changes: `cargo xtask spec-diff` lists everything"
        );
    }
    s
}

fn by_router(changes: &[Change]) -> Vec<(&str, Vec<&Change>)> {
    let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
    for change in changes {
        match groups.last_mut() {
            Some((router, list)) if *router == change.router() => list.push(change),
            _ => groups.push((change.router(), vec![change])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(b.0));
    groups
}

/// Breaking changes and warnings in tables; the rest folded away.
pub fn markdown(report: &Report) -> String {
    let mut s = String::new();
    let release = |side: &Side| {
        side.release
            .clone()
            .unwrap_or_else(|| format!("`{}`", side.source))
    };
    let _ = writeln!(
        s,
        "### Dokploy API changes: {} → {}\n",
        release(&report.old),
        release(&report.new)
    );
    let _ = writeln!(s, "{}\n", counts(report));
    if report.changes.is_empty() {
        s.push_str("No API changes.\n");
        return s;
    }
    let sections = [
        (Level::Breaking, "Breaking for SDK callers", false),
        (Level::Warning, "Warnings", false),
        (Level::Info, "Additions and other changes", true),
    ];
    for (level, title, folded) in sections {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.rule.level == level)
            .collect();
        if changes.is_empty() {
            continue;
        }
        if folded {
            let _ = writeln!(
                s,
                "<details><summary>{title} ({})</summary>\n",
                changes.len()
            );
        } else {
            let _ = writeln!(s, "#### {title} ({})\n", changes.len());
        }
        s.push_str("| operation | change | rule | Rust |\n|---|---|---|---|\n");
        for c in changes {
            let _ = writeln!(
                s,
                "| `{}` | {} | `{}` | `{}` |",
                c.operation,
                cell(&c.message),
                c.rule.id,
                c.rust
            );
        }
        s.push_str(if folded { "\n</details>\n\n" } else { "\n" });
    }
    s
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report as the JSON of the module docs.
pub fn to_json(report: &Report) -> Value {
    let side = |side: &Side| json!({"source": side.source, "release": side.release, "operations": side.operations});
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "id": c.rule.id,
                "level": c.rule.level.as_str(),
                "router": c.router(),
                "operation": c.operation,
                "rust_method": c.rust_method,
                "location": c.location.as_str(),
                "field": c.field,
                "rust": c.rust,
                "message": c.message,
            })
        })
        .collect();
    json!({
        "schema": "dokploy-spec-diff/1",
        "old": side(&report.old),
        "new": side(&report.new),
        "summary": {
            "breaking": report.count(Level::Breaking),
            "warning": report.count(Level::Warning),
            "info": report.count(Level::Info),
            "operations_added": report.operations_under(&OPERATION_ADDED).len(),
            "operations_removed": report.operations_under(&OPERATION_REMOVED).len(),
        },
        "changes": changes,
    })
}

/// One workflow command per change (`::error` for breaking, `::warning`, `::notice` for
/// info), then the counts.
pub fn github(report: &Report) -> String {
    let mut s = String::new();
    for c in &report.changes {
        let command = match c.rule.level {
            Level::Breaking => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let title = format!("spec-diff {} ({})", c.rule.id, c.rule.level);
        let message = format!("{}: {} ({})", c.operation, c.message, c.rust);
        let _ = writeln!(
            s,
            "::{command} title={}::{}",
            escape_property(&title),
            escape_data(&message)
        );
    }
    let _ = writeln!(s, "Dokploy API changes: {}", counts(report));
    s
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::{NEW_REQUIRED_REQUEST_FIELD, OPERATION_ADDED};
    use crate::diff::{Change, Location};

    fn report() -> Report {
        Report {
            old: Side {
                source: "git:HEAD".into(),
                release: Some("v0.29.13".into()),
                operations: 1,
            },
            new: Side {
                source: "openapi/dokploy.json".into(),
                release: Some("v0.30.2".into()),
                operations: 2,
            },
            changes: vec![
                Change {
                    rule: &NEW_REQUIRED_REQUEST_FIELD,
                    operation: "application.update".into(),
                    rust_method: "application_update".into(),
                    location: Location::Body,
                    field: Some("a|b".into()),
                    rust: "types::ApplicationUpdateBody::a_b".into(),
                    message: "new required field `a|b` (string), 100%".into(),
                },
                Change {
                    rule: &OPERATION_ADDED,
                    operation: "zeta.new".into(),
                    rust_method: "zeta_new".into(),
                    location: Location::Operation,
                    field: None,
                    rust: "Client::zeta_new".into(),
                    message: "new operation `GET /zeta.new`".into(),
                },
            ],
        }
    }

    #[test]
    fn text_puts_counts_first_and_groups_by_router() {
        let out = text(&report());
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[1].starts_with("1 breaking, 0 warning, 1 info"),
            "{out}"
        );
        let application = out.find("\napplication (1 breaking)").unwrap();
        let zeta = out.find("\nzeta (1 info)").unwrap();
        assert!(application < zeta);
        assert!(out.contains("[new-required-request-field]"));
    }

    #[test]
    fn markdown_escapes_pipes_and_folds_info() {
        let out = markdown(&report());
        assert!(out.contains("### Dokploy API changes: v0.29.13 → v0.30.2"));
        assert!(out.contains("`a\\|b`"), "{out}");
        assert!(out.contains("<details><summary>Additions and other changes (1)"));
    }

    #[test]
    fn json_follows_the_documented_schema() {
        let v = to_json(&report());
        assert_eq!(v["schema"], "dokploy-spec-diff/1");
        assert_eq!(v["summary"]["breaking"], 1);
        assert_eq!(v["summary"]["operations_added"], 1);
        let first = &v["changes"][0];
        for key in [
            "id",
            "level",
            "router",
            "operation",
            "rust_method",
            "location",
            "field",
            "rust",
            "message",
        ] {
            assert!(first.get(key).is_some(), "missing {key}");
        }
        assert_eq!(first["level"], "breaking");
        assert_eq!(v["changes"][1]["field"], Value::Null);
    }

    #[test]
    fn github_annotations_are_escaped_by_level() {
        let out = github(&report());
        assert!(
            out.starts_with("::error title=spec-diff new-required-request-field (breaking)::"),
            "{out}"
        );
        assert!(out.contains("100%25"), "{out}");
        assert!(out.contains("\n::notice title="), "{out}");
    }
}
