//! `cargo xtask upgrade`: follow a Dokploy release in one command.
//!
//! From a new document (fetched from a running Dokploy or read from a file) it: vendors it as
//! `openapi/dokploy.json` (validated, canonical, atomic: [`crate::refresh`]); compares it with
//! the previous one ([`crate::diff`]); appends it to `openapi/history/` and the history's
//! README table (the tests read the history from that table, so they stay true); rewrites the
//! README lines it owns (the release and the number of operations); bumps the crate versions
//! by the worst level and prepends a `CHANGELOG.md` entry; and cross-references every change
//! with the hand-written code that uses it ([`crate::xref`]). The report ends with what is
//! left to do by hand, or "nothing to do by hand".
//!
//! The next `cargo build` regenerates the client (`build.rs`); what no longer fits fails to
//! compile where it is used (removed operations and fields, new required inputs through
//! `dokploy::required`, enum values of the models that mirror the document's), and the report
//! lists those places beforehand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diff::render;
use crate::diff::{Change, Level, Report};
use crate::xref::{Index, Role, Use};
use crate::{VENDORED, refresh, spec};

/// The history's README, whose table lists its documents in order.
pub const HISTORY_README: &str = "openapi/history/README.md";

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The file in `openapi/history/` (`v0.30.2-live.json`).
    pub file: String,
    /// The operations it has.
    pub operations: usize,
}

/// The documents of `openapi/history/`, oldest first, as its README's table lists them.
pub fn history_rows(root: &Path) -> Result<Vec<HistoryRow>, String> {
    let path = root.join(HISTORY_README);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .filter(|l| l.starts_with("| v"))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            let operations = cells
                .last()
                .and_then(|c| c.parse().ok())
                .ok_or_else(|| format!("{HISTORY_README}: no operation count in `{row}`"))?;
            Ok(HistoryRow {
                file: cells[0].to_string(),
                operations,
            })
        })
        .collect()
}

/// What to upgrade to.
pub struct Request {
    /// The checkout to work in.
    pub root: PathBuf,
    /// The new document as fetched or read.
    pub bytes: Vec<u8>,
    /// The release it describes, when its `info.version` does not say.
    pub release: Option<String>,
    /// Where it came from (`https://…` or a file), for the history table.
    pub source: String,
    /// Today, `YYYY-MM-DD`, for the history table and the changelog.
    pub date: String,
}

/// The crate version change a report calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bump {
    /// The version before (`0.1.0`).
    pub from: String,
    /// The version after (`0.2.0`).
    pub to: String,
    /// Why (`breaking changes: a breaking release (0.x: minor)`).
    pub why: String,
}

/// One change with the places that use what it touches.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The change.
    pub change: Change,
    /// The hand-written places using it.
    pub uses: Vec<Use>,
}

/// What an upgrade did and what is left.
pub struct Upgrade {
    /// The comparison of the previous and the new document.
    pub report: Report,
    /// Each change with its uses.
    pub entries: Vec<Entry>,
    /// `false` when the vendored document already was the new one (nothing was written).
    pub changed: bool,
    /// The file written to `openapi/history/`, if any.
    pub history_file: Option<String>,
    /// The version bump applied, if any.
    pub bump: Option<Bump>,
    /// The changelog entry written, if any.
    pub changelog: Option<String>,
    /// The files written, relative to the checkout.
    pub written: Vec<String>,
}

impl Upgrade {
    /// The highest level of any change.
    pub fn max_level(&self) -> Option<Level> {
        self.report.max_level()
    }

    /// The hand edits left, one per place (a function, a doc example, a model) needing a
    /// change: every place a breaking or warning change uses, and the models mirroring a
    /// changed enum. Places that only mention a change (prose, strings in tests) are listed
    /// with it, not here.
    pub fn todo(&self) -> Vec<String> {
        let mut places: Vec<((String, String), String, Vec<String>)> = Vec::new();
        for e in &self.entries {
            let uses = e
                .uses
                .iter()
                .filter(|u| u.role.needs_edit())
                .filter(|u| e.change.rule.level > Level::Info || u.role == Role::Mirror);
            for u in uses {
                let key = (u.path.clone(), u.item.clone());
                let what = format!(
                    "{} ({}) [{}]",
                    action(&e.change),
                    e.change.operation,
                    e.change.rule.id
                );
                match places.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, whats)) if !whats.contains(&what) => whats.push(what),
                    Some(_) => {}
                    None => places.push((key, u.location(), vec![what])),
                }
            }
        }
        places
            .into_iter()
            .map(|((_, item), at, whats)| {
                format!(
                    "{at} `{}`: {}",
                    if item.is_empty() {
                        "(top level)"
                    } else {
                        &item
                    },
                    whats.join("; ")
                )
            })
            .collect()
    }
}

/// What to do at a place using a change.
fn action(change: &Change) -> String {
    let field = change.field.as_deref().unwrap_or("");
    match change.rule.id {
        "operation-removed" => "the operation is gone: remove or replace this use".into(),
        "operation-method-changed" | "operation-id-changed" | "request-media-type-changed" => {
            format!("adapt to: {}", change.message)
        }
        "new-required-request-field"
        | "new-required-query-param"
        | "request-field-became-required"
        | "query-param-became-required" => {
            format!("send the new required `{field}` (a field of its `required::…` struct)")
        }
        "request-field-removed" | "query-param-removed" => {
            format!("`{field}` is gone (renamed?): stop sending it, send what replaces it")
        }
        id if id.ends_with("enum-value-removed") || id.ends_with("enum-value-added") => {
            format!(
                "make the mirroring type's variants the document's values: {}",
                change.message
            )
        }
        _ => change.message.clone(),
    }
}

/// Runs the upgrade in `request.root`. On a document that cannot be vendored nothing is written.
pub fn run(request: &Request) -> Result<Upgrade, String> {
    let root = &request.root;
    let target = root.join(VENDORED);
    let done = refresh::refresh(&request.bytes, request.release.as_deref(), &target)
        .map_err(|e| format!("{VENDORED} was left unchanged: {e}"))?;
    let previous = done.previous.as_deref().unwrap_or(b"{}");
    let old = spec::api_from_bytes(previous, "the previous document")?;
    let new = spec::api_from_bytes(done.text.as_bytes(), "the new document")?;
    let report = spec::report(&old, "previous", &new, VENDORED);
    let index = Index::load(root);
    let entries = report
        .changes
        .iter()
        .map(|c| {
            let mut uses = index.uses(c);
            if c.rule.id == "operation-removed" {
                // The typed methods that go with the operation take their callers with them.
                let methods: Vec<String> = uses
                    .iter()
                    .filter(|u| u.kind == crate::xref::Kind::Library && u.role == Role::Call)
                    .filter_map(|u| u.item.rsplit_once("::").map(|(_, m)| m.to_string()))
                    .collect();
                for m in methods {
                    uses.extend(index.callers_of(&m));
                }
                uses.sort();
                uses.dedup();
            }
            Entry {
                change: c.clone(),
                uses,
            }
        })
        .collect();
    let mut upgrade = Upgrade {
        report,
        entries,
        changed: done.changed,
        history_file: None,
        bump: None,
        changelog: None,
        written: Vec::new(),
    };
    if done.changed {
        upgrade.written.push(VENDORED.into());
        let release = done.release.clone().unwrap_or_else(|| "unknown".into());
        let file = append_history(root, &request.bytes, &release, done.operations, request)?;
        upgrade.written.push(format!("openapi/history/{file}"));
        upgrade.written.push(HISTORY_README.into());
        upgrade.history_file = Some(file);
        if let Some(level) = upgrade.max_level().or(Some(Level::Info)) {
            let bump = bump_versions(root, level)?;
            upgrade
                .written
                .extend(["Cargo.toml".into(), "cli/Cargo.toml".into()]);
            let entry = changelog_entry(&upgrade.report, &bump, &request.date);
            prepend_changelog(root, &entry)?;
            upgrade.written.push("CHANGELOG.md".into());
            upgrade.bump = Some(bump);
            upgrade.changelog = Some(entry);
        }
    }
    if rewrite_readme(
        root,
        done.release.as_deref().unwrap_or("unknown"),
        done.operations,
    )? {
        upgrade.written.push("README.md".into());
    }
    Ok(upgrade)
}

/// Copies the new document into `openapi/history/` as Dokploy sent it and adds its row.
fn append_history(
    root: &Path,
    bytes: &[u8],
    release: &str,
    operations: usize,
    request: &Request,
) -> Result<String, String> {
    let dir = root.join("openapi/history");
    let live = request.source.starts_with("http://") || request.source.starts_with("https://");
    let stem = if live {
        format!("{release}-live")
    } else {
        release.to_string()
    };
    let mut file = format!("{stem}.json");
    let mut n = 2;
    while dir.join(&file).exists() {
        if std::fs::read(dir.join(&file)).is_ok_and(|b| b == bytes) {
            return Ok(file);
        }
        file = format!("{stem}-{n}.json");
        n += 1;
    }
    refresh::write_atomically(&dir.join(&file), bytes)?;
    let dialect = serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|d| d.get("openapi").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "?".into());
    let origin = if live {
        format!("{release}, as a running instance served it")
    } else {
        format!("{release}, from `{}`", file_name(&request.source))
    };
    let row = format!(
        "| {file} | {origin} | {} | {dialect} | {operations} |",
        request.date
    );
    let readme = root.join(HISTORY_README);
    let text = std::fs::read_to_string(&readme)
        .map_err(|e| format!("cannot read {}: {e}", readme.display()))?;
    let last_row = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("| v"))
        .map(|(i, _)| i)
        .last()
        .ok_or_else(|| format!("{HISTORY_README} has no table of documents"))?;
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(last_row + 1, &row);
    let mut out = lines.join("\n");
    out.push('\n');
    refresh::write_atomically(&readme, out.as_bytes())?;
    Ok(file)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Rewrites the README lines `upgrade` owns: `Dokploy **vX** (N operations)` and `N of them`.
/// Returns whether the file changed.
pub fn rewrite_readme(root: &Path, release: &str, operations: usize) -> Result<bool, String> {
    let path = root.join("README.md");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = String::with_capacity(text.len());
    let mut found = (false, false);
    for line in text.split_inclusive('\n') {
        let mut line = line.to_string();
        if let Some(start) = line.find("Dokploy **v")
            && let Some(end) = line[start..].find(" operations)")
        {
            let end = start + end + " operations)".len();
            line.replace_range(
                start..end,
                &format!("Dokploy **{release}** ({operations} operations)"),
            );
            found.0 = true;
        }
        if let Some(end) = line.find(" of them, e.g.")
            && line[..end].trim().chars().all(|c| c.is_ascii_digit())
            && !line[..end].trim().is_empty()
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            line = format!("{indent}{operations}{}", &line[end..]);
            found.1 = true;
        }
        out.push_str(&line);
    }
    if !(found.0 && found.1) {
        return Err(
            "README.md lacks the lines `upgrade` owns (`Dokploy **vX.Y.Z** (N operations)` and `N of them, e.g.`)"
                .into(),
        );
    }
    if out == text {
        return Ok(false);
    }
    refresh::write_atomically(&path, out.as_bytes())?;
    Ok(true)
}

/// The next version for a change of `level` (0.x: breaking → minor, else patch; ≥ 1: breaking
/// → major, else minor for warnings and additions… as the README says).
pub fn next_version(version: &str, level: Level) -> Result<(String, &'static str), String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{version}` is not a plain x.y.z version"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("`{version}` is not a plain x.y.z version"));
    };
    // Warnings can stop callers compiling (a `T` turning into `Option<T>`): treated as breaking.
    let breaking = level >= Level::Warning;
    Ok(match (major, breaking) {
        (0, true) => (
            format!("0.{}.0", minor + 1),
            "a breaking release (0.x: minor)",
        ),
        (0, false) => (
            format!("0.{minor}.{}", patch + 1),
            "an additive release (0.x: patch)",
        ),
        (_, true) => (format!("{}.0.0", major + 1), "a breaking release (major)"),
        (_, false) => (
            format!("{major}.{}.0", minor + 1),
            "an additive release (minor)",
        ),
    })
}

/// Bumps `dokploy` and `dokploy-cli` (and the CLI's requirement on `dokploy`).
fn bump_versions(root: &Path, level: Level) -> Result<Bump, String> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let from = package_version(&text).ok_or("Cargo.toml has no package version")?;
    let (to, why) = next_version(&from, level)?;
    let old_line = format!("version = \"{from}\"");
    let new_line = format!("version = \"{to}\"");
    refresh::write_atomically(&manifest, text.replacen(&old_line, &new_line, 1).as_bytes())?;
    let cli = root.join("cli/Cargo.toml");
    if let Ok(text) = std::fs::read_to_string(&cli) {
        let cli_from = package_version(&text).unwrap_or_default();
        let (cli_to, _) = next_version(&cli_from, level)?;
        let text = text
            .replacen(
                &format!("version = \"{cli_from}\""),
                &format!("version = \"{cli_to}\""),
                1,
            )
            .replace(
                &format!("dokploy = {{ version = \"{from}\""),
                &format!("dokploy = {{ version = \"{to}\""),
            );
        refresh::write_atomically(&cli, text.as_bytes())?;
    }
    Ok(Bump {
        from,
        to,
        why: format!(
            "{}: {why}",
            match level {
                Level::Breaking => "breaking changes",
                Level::Warning => "warnings (they can stop callers compiling)",
                Level::Info => "additions only",
            }
        ),
    })
}

fn package_version(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .map(str::to_string)
}

/// The changelog entry for a report.
pub fn changelog_entry(report: &Report, bump: &Bump, date: &str) -> String {
    let mut s = format!(
        "## {} — {date}\n\nFollows Dokploy {} ({} operations; previously {}). {}.\n",
        bump.to,
        report.new.release.as_deref().unwrap_or("(release unknown)"),
        report.new.operations,
        report.old.release.as_deref().unwrap_or("unknown"),
        render::counts(report),
    );
    for (level, title) in [
        (Level::Breaking, "Breaking"),
        (Level::Warning, "Warnings"),
        (Level::Info, "Added and changed"),
    ] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.rule.level == level)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n### {title}\n");
        for c in changes {
            let _ = writeln!(s, "- `{}`: {} (`{}`)", c.operation, c.message, c.rust);
        }
    }
    s
}

fn prepend_changelog(root: &Path, entry: &str) -> Result<(), String> {
    let path = root.join("CHANGELOG.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Changelog\n\nOne entry per Dokploy release followed (`cargo xtask upgrade` writes them).\n"
            .into()
    });
    let (head, rest) = match old.find("\n## ") {
        Some(i) => old.split_at(i + 1),
        None => (old.as_str(), ""),
    };
    let text = format!("{}\n{entry}\n{rest}", head.trim_end());
    refresh::write_atomically(&path, text.as_bytes())
}

/// The whole report: the changes with their uses, what was written, the bump, the changelog
/// entry, and what is left to do.
pub fn render(upgrade: &Upgrade) -> String {
    let mut s = String::new();
    let r = &upgrade.report;
    let side = |side: &crate::diff::Side| {
        format!(
            "{} ({} operations)",
            side.release.as_deref().unwrap_or("release unknown"),
            side.operations
        )
    };
    let _ = writeln!(s, "Dokploy upgrade: {} → {}", side(&r.old), side(&r.new));
    if !upgrade.changed {
        let _ = writeln!(s, "{VENDORED} already is this document: nothing changed");
    }
    let _ = writeln!(s, "{}", render::counts(r));
    for e in &upgrade.entries {
        let c = &e.change;
        let _ = writeln!(
            s,
            "\n{:<8} {}: {} [{}] ({})",
            c.rule.level, c.operation, c.message, c.rule.id, c.rust
        );
        if e.uses.is_empty() {
            if c.rule.level > Level::Info {
                let _ = writeln!(s, "         used by no hand-written code");
            }
            continue;
        }
        for u in &e.uses {
            let _ = writeln!(
                s,
                "         {:<15} {:<8} {}  {}  {}",
                u.kind.to_string(),
                format!("{:?}", u.role).to_lowercase(),
                u.location(),
                if u.item.is_empty() { "-" } else { &u.item },
                shorten(&u.text)
            );
        }
    }
    let added: Vec<&str> = r.operations_under(&crate::diff::rules::OPERATION_ADDED);
    if !added.is_empty() {
        let _ = writeln!(
            s,
            "\nNew operations: every one is a client method already; the fake answers them 501 \"not implemented by the fake\" until a route in src/fake/routes/ serves them: {}",
            added.join(", ")
        );
    }
    if !upgrade.written.is_empty() {
        let _ = writeln!(s, "\nWritten: {}", upgrade.written.join(", "));
    }
    if let Some(b) = &upgrade.bump {
        let _ = writeln!(s, "Version: {} → {} ({})", b.from, b.to, b.why);
    }
    if let Some(entry) = &upgrade.changelog {
        let _ = writeln!(s, "\nChangelog entry (prepended to CHANGELOG.md):\n");
        for line in entry.lines() {
            let _ = writeln!(s, "    {line}");
        }
    }
    let todo = upgrade.todo();
    if todo.is_empty() {
        let _ = writeln!(s, "\nNothing to do by hand: run `cargo test --workspace`.");
    } else {
        let _ = writeln!(s, "\nLeft to do by hand ({} edits):", todo.len());
        for (i, t) in todo.iter().enumerate() {
            let _ = writeln!(s, "  {}. {t}", i + 1);
        }
        let _ = writeln!(
            s,
            "then `cargo build` (each of these fails to compile, or fails the named check its message gives) and `cargo test --workspace`."
        );
    }
    s
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 100 {
        format!("{}…", text.chars().take(99).collect::<String>())
    } else {
        text.to_string()
    }
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_by_the_worst_level() {
        assert_eq!(next_version("0.1.0", Level::Breaking).unwrap().0, "0.2.0");
        assert_eq!(next_version("0.1.3", Level::Warning).unwrap().0, "0.2.0");
        assert_eq!(next_version("0.1.3", Level::Info).unwrap().0, "0.1.4");
        assert_eq!(next_version("1.4.2", Level::Breaking).unwrap().0, "2.0.0");
        assert_eq!(next_version("1.4.2", Level::Info).unwrap().0, "1.5.0");
        assert!(next_version("1.0.0-beta", Level::Info).is_err());
    }

    #[test]
    fn today_is_a_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"), "{d}");
    }
}
