//! Where the hand-written layer uses what a document change touches: the cross-reference of
//! `cargo xtask upgrade` and `spec-diff`.
//!
//! The checkout's hand-written files (`src/` with the fake and the models, `cli/`, `tests/`,
//! `examples/`, `benches/`, the READMEs) are read line by line; each line knows the item it is
//! in (`Projects::create`, a test function, a README section). An operation is used where its
//! client method is called (`.project_create(`), where its builder, body or `required` struct
//! is named (`ProjectCreate`, `ProjectCreateBody…`), where its procedure is named
//! (`"project.create"`, `` `project.create` `` in docs) and where the fake routes it (`"create"
//! =>` in `src/fake/routes/project.rs`). A field is used where, inside an item using its
//! operation, its setter, `required` field or JSON name appears. A document enum is used by
//! the models that declare they mirror it (`mirrors "application.create" "sourceType"`) and by
//! the code naming the variant of a removed value.
//!
//! Calls that build a procedure's name at run time (`db.procedure("update")`,
//! `format!("{router}.testConnection")`) are matched by the procedure's last part inside
//! `.procedure("…")`: listed, marked as such.

use std::fmt;
use std::path::{Path, PathBuf};

use heck::{ToKebabCase, ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

use crate::diff::{Change, Location};

/// What kind of hand-written file a use is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `src/` outside the models and the fake: the typed library methods.
    Library,
    /// `src/models/`.
    Model,
    /// `src/fake/`.
    Fake,
    /// `cli/src/`.
    Cli,
    /// `tests/`, `cli/tests/`.
    Test,
    /// `examples/`, `benches/`.
    Example,
    /// A doc comment (`///`, `//!`) or a README.
    Doc,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Library => "library method",
            Kind::Model => "model",
            Kind::Fake => "fake route",
            Kind::Cli => "CLI",
            Kind::Test => "test",
            Kind::Example => "example",
            Kind::Doc => "doc",
        })
    }
}

/// How a place uses what a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// It sends the operation: calls its client method, builds its `required` struct or body,
    /// calls it by name.
    Call,
    /// It names the field inside code that sends the operation, or inside the fake's route.
    Field,
    /// The fake's route for the operation.
    Route,
    /// A model declaring it mirrors the enum.
    Mirror,
    /// Code naming the variant of a value the document dropped.
    Variant,
    /// It only mentions the operation (a doc, a string in a test): nothing to change.
    Mention,
}

impl Role {
    /// Whether a change makes this place need an edit.
    pub fn needs_edit(self) -> bool {
        self != Role::Mention
    }
}

/// One place that uses what a change touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    /// The file, relative to the checkout (`src/resources/projects.rs`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What kind of code it is.
    pub kind: Kind,
    /// The item it is in (`Projects::create`, `fn a_test`, `## Use`).
    pub item: String,
    /// The line, trimmed.
    pub text: String,
    /// How it uses it.
    pub role: Role,
}

impl Use {
    /// `src/resources/projects.rs:140`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }
}

struct Line {
    text: String,
    item: String,
    doc: bool,
    /// Inside the file's `#[cfg(test)]` module (which rustfmt'd code keeps last).
    test: bool,
    /// Markdown outside a `rust` code block: prose, which can only mention things.
    prose: bool,
}

struct File {
    path: String,
    kind: Kind,
    lines: Vec<Line>,
}

/// The hand-written files of one checkout, read once.
pub struct Index {
    files: Vec<File>,
}

/// Where the hand-written files are, relative to the checkout.
const ROOTS: &[&str] = &[
    "src",
    "cli/src",
    "cli/tests",
    "tests",
    "examples",
    "benches",
    "README.md",
    "cli/README.md",
];

impl Index {
    /// Reads the hand-written files of the checkout at `root` (recorded fixtures excluded).
    pub fn load(root: &Path) -> Index {
        let mut paths = Vec::new();
        for r in ROOTS {
            collect(&root.join(r), &mut paths);
        }
        paths.sort();
        let files = paths
            .into_iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                Some(read_file(rel, &text))
            })
            .collect();
        Index { files }
    }

    /// The places that use what `change` touches, in file order: for an operation change,
    /// its calls, routes and mentions; for a new required input, its calls; for a field,
    /// the places naming it in code that sends the operation or in the fake's route; for an
    /// enum value, the models mirroring the enum and the uses of a dropped value's variant.
    pub fn uses(&self, change: &Change) -> Vec<Use> {
        let op = Needles::of(&change.operation, &change.rust_method);
        let id = change.rule.id;
        let field = match change.location {
            Location::Operation => None,
            _ => change.field.as_deref().map(top_field),
        };
        let enum_change = id.contains("enum-value");
        let required = id.contains("required") && !id.contains("nullable");
        let mut out = Vec::new();
        for file in &self.files {
            // The items of this file that send the operation, and the fake's route functions.
            let mut items: Vec<String> = Vec::new();
            for (i, line) in file.lines.iter().enumerate() {
                let Some(how) = op.matches(file, line) else {
                    continue;
                };
                // A call in a doc example is code too: doctests compile it.
                let role = match how {
                    Match::Route => Role::Route,
                    Match::Code if !line.prose => Role::Call,
                    _ => Role::Mention,
                };
                match how {
                    Match::Route => {
                        if let Some(f) = line.text.split("=>").nth(1) {
                            items.push(format!("fn {}", f.trim().trim_end_matches(',')));
                        }
                    }
                    Match::Code if role == Role::Call => items.push(line.item.clone()),
                    _ => {}
                }
                let wanted = match (field, role) {
                    _ if enum_change => false,
                    (None, _) => true,
                    (Some(_), Role::Call) => required,
                    (Some(_), _) => false,
                };
                if wanted {
                    out.push(use_at(file, i, role));
                }
            }
            let Some(field) = field else { continue };
            let mirror = format!("\"{}\" \"{field}\"", change.operation);
            if enum_change {
                for (i, line) in file.lines.iter().enumerate() {
                    if line.text.contains(&mirror) && !line.prose {
                        let mut u = use_at(file, i, Role::Mirror);
                        // The item is the type declaring `Name mirrors`.
                        if let Some(name) = file.lines[..=i]
                            .iter()
                            .rev()
                            .find_map(|l| l.text.trim().strip_suffix(" mirrors"))
                        {
                            u.item = format!("models::{name}");
                        }
                        out.push(u);
                    }
                }
                if file.kind == Kind::Model {
                    // Code naming the variant of a value the document dropped.
                    let variants: Vec<String> = removed_values(change)
                        .iter()
                        .flat_map(|v| self.variants_of(&mirror, v))
                        .collect();
                    for variant in variants {
                        for f in &self.files {
                            for (i, line) in f.lines.iter().enumerate() {
                                if line.text.contains(&variant) && !line.doc {
                                    out.push(use_at(f, i, Role::Variant));
                                }
                            }
                        }
                    }
                }
                continue;
            }
            if required {
                continue;
            }
            let setter = format!(".{}(", field.to_snake_case());
            let member = format!("{}:", field.to_snake_case());
            let json = format!("\"{field}\"");
            for (i, line) in file.lines.iter().enumerate() {
                let in_use = items.contains(&line.item);
                let names_field = line.text.contains(&setter)
                    || line.text.contains(&json)
                    || line.text.trim_start().starts_with(&member);
                if in_use && names_field && !line.prose {
                    out.push(use_at(file, i, Role::Field));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// `Type::Variant` for the variant with wire value `value` of each model mirroring `mirror`.
    fn variants_of(&self, mirror: &str, value: &str) -> Vec<String> {
        let wire = format!("= \"{value}\"");
        let mut out = Vec::new();
        for file in self.files.iter().filter(|f| f.kind == Kind::Model) {
            for (i, line) in file.lines.iter().enumerate() {
                if !line.text.contains(mirror) {
                    continue;
                }
                // `Name mirrors` is at or above the declaration; the variants follow it.
                let name = file.lines[..=i]
                    .iter()
                    .rev()
                    .find_map(|l| l.text.trim().strip_suffix(" mirrors"))
                    .map(str::to_string);
                let variant = file.lines[i..]
                    .iter()
                    .take_while(|l| l.text.trim() != "}")
                    .find(|l| l.text.contains(&wire))
                    .and_then(|l| l.text.split_whitespace().next().map(str::to_string));
                if let (Some(name), Some(variant)) = (name, variant) {
                    out.push(format!("{name}::{variant}"));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// An item of the library that calls an operation by name (`client.call("domain.create")`).
#[derive(Debug, Clone)]
pub struct ByName {
    /// Where the call is (`src/resources/domains.rs:245`).
    pub location: String,
    /// The item (`Domains::create`).
    pub item: String,
    /// The procedures the item calls by name.
    pub procedures: Vec<String>,
    /// The field names it sends (`.arg("host", …)`, `.null("description")`).
    pub fields: Vec<String>,
    /// It also sends fields whose names are not literals here (`.arg(name, …)`, `.args(…)`):
    /// whether it sends every required one cannot be read from the source.
    pub opaque: bool,
}

impl Index {
    /// The library's items that call operations by name with a literal procedure, and the
    /// literal field names they send.
    pub fn by_name_calls(&self) -> Vec<ByName> {
        let mut out: Vec<ByName> = Vec::new();
        for file in self.files.iter().filter(|f| f.kind == Kind::Library) {
            for (i, line) in file.lines.iter().enumerate() {
                if line.doc || line.test {
                    continue;
                }
                for procedure in literals_after(&line.text, ".call(\"") {
                    match out
                        .iter_mut()
                        .find(|b| b.item == line.item && b.location.starts_with(&file.path))
                    {
                        Some(b) if !b.procedures.contains(&procedure) => {
                            b.procedures.push(procedure)
                        }
                        Some(_) => {}
                        None => out.push(ByName {
                            location: format!("{}:{}", file.path, i + 1),
                            item: line.item.clone(),
                            procedures: vec![procedure],
                            fields: Vec::new(),
                            opaque: false,
                        }),
                    }
                }
            }
            for b in out
                .iter_mut()
                .filter(|b| b.location.starts_with(&format!("{}:", file.path)))
            {
                for line in file.lines.iter().filter(|l| l.item == b.item && !l.doc) {
                    for needle in [".arg(\"", ".null(\""] {
                        for field in literals_after(&line.text, needle) {
                            if !b.fields.contains(&field) {
                                b.fields.push(field);
                            }
                        }
                    }
                    let t = line.text.trim_start();
                    let dynamic_arg = line
                        .text
                        .match_indices(".arg(")
                        .any(|(at, _)| !line.text[at + 5..].starts_with('"'))
                        || (t.starts_with(".arg(") && !t.starts_with(".arg(\""))
                        || t == ".arg(";
                    if dynamic_arg || line.text.contains(".args(") {
                        b.opaque = true;
                    }
                }
            }
        }
        out
    }
}

impl Index {
    /// The places that call the library method `method` (`.default_command(`), when the
    /// library defines one method of that name (else its callers cannot be told from those of
    /// the others): what breaks when a typed method has to go with its operation.
    pub fn callers_of(&self, method: &str) -> Vec<Use> {
        let definition = format!("fn {method}(");
        let definitions = self
            .files
            .iter()
            .filter(|f| f.kind == Kind::Library)
            .flat_map(|f| f.lines.iter())
            .filter(|l| !l.doc && l.text.contains(&definition))
            .count();
        if definitions != 1 {
            return Vec::new();
        }
        let call = format!(".{method}(");
        let mut out = Vec::new();
        for file in &self.files {
            for (i, line) in file.lines.iter().enumerate() {
                if line.text.contains(&call) && !line.item.ends_with(&format!("::{method}")) {
                    out.push(use_at(file, i, Role::Call));
                }
            }
        }
        out
    }
}

/// The string literals that follow `needle` in `text` (`.call("x")` → `x`).
fn literals_after(text: &str, needle: &str) -> Vec<String> {
    text.match_indices(needle)
        .filter_map(|(at, _)| {
            let rest = &text[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

fn use_at(file: &File, i: usize, role: Role) -> Use {
    let line = &file.lines[i];
    Use {
        path: file.path.clone(),
        line: i + 1,
        kind: if line.doc {
            Kind::Doc
        } else if line.test {
            Kind::Test
        } else {
            file.kind
        },
        item: line.item.clone(),
        text: line.text.trim().to_string(),
        role,
    }
}

/// The values an `…-enum-value-removed` change names (`no longer accepts "drop"`).
fn removed_values(change: &Change) -> Vec<String> {
    if !change.rule.id.ends_with("removed") {
        return Vec::new();
    }
    change
        .message
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The top-level field of a path (`domains[].host` → `domains`).
fn top_field(path: &str) -> &str {
    path.split(['[', '.']).next().unwrap_or(path)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Code that sends it (a call, its builder or `required` struct, a by-name call).
    Code,
    /// The fake's route table entry.
    Route,
    /// Its name in a string or a doc.
    Mention,
}

/// The ways code names one operation.
struct Needles {
    call: String,
    builder: String,
    literal: String,
    by_name: String,
    command: String,
    ticked: String,
    router: String,
    route: String,
    dynamic: Option<String>,
}

/// The routers whose procedures the typed layer names at run time
/// (`DatabaseKind::procedure("deploy")`): their calls are matched by the procedure's last part.
const DYNAMIC_ROUTERS: &[&str] = &["postgres", "mysql", "mariadb", "mongo", "redis", "libsql"];

impl Needles {
    fn of(procedure: &str, rust_method: &str) -> Self {
        let (router, name) = procedure.split_once('.').unwrap_or((procedure, ""));
        Needles {
            call: format!(".{rust_method}("),
            builder: rust_method.to_upper_camel_case(),
            literal: format!("\"{procedure}\""),
            by_name: format!("call(\"{procedure}\")"),
            command: format!(
                "\"{}\", \"{}\"",
                router.to_kebab_case(),
                name.to_kebab_case()
            ),
            ticked: format!("`{procedure}`"),
            router: router.to_string(),
            route: format!("\"{name}\" =>"),
            dynamic: DYNAMIC_ROUTERS
                .contains(&router)
                .then(|| format!(".procedure(\"{name}\")")),
        }
    }

    fn matches(&self, file: &File, line: &Line) -> Option<Match> {
        let text = &line.text;
        if file.kind == Kind::Fake
            && file.path.starts_with("src/fake/routes/")
            && (file.path.ends_with(&format!("/{}.rs", self.router))
                || file
                    .path
                    .ends_with(&format!("/{}.rs", self.router.to_snake_case())))
            && text.trim_start().starts_with(&self.route)
        {
            return Some(Match::Route);
        }
        let sends = text.contains(&self.call)
            || text.contains(&self.by_name)
            || (file.kind == Kind::Test && text.contains(&self.command))
            || self.dynamic.as_ref().is_some_and(|d| text.contains(d))
            || word(text, &self.builder);
        if sends {
            return Some(Match::Code);
        }
        (text.contains(&self.literal) || text.contains(&self.ticked)).then_some(Match::Mention)
    }
}

/// `needle` in `text` as a whole word or as the start of one (`ProjectCreateBody`), not inside
/// a longer word (`CreatedProjectCreate`).
fn word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && (after.is_none()
                || !after.is_some_and(char::is_alphanumeric)
                || text[i + needle.len()..].starts_with("Body"))
    })
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs" || e == "md") {
            out.push(path.to_path_buf());
        }
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.file_name()
            .is_some_and(|n| n == "fixtures" || n == "target")
        {
            continue;
        }
        collect(&p, out);
    }
}

fn kind_of(path: &str) -> Kind {
    if path.ends_with(".md") {
        Kind::Doc
    } else if path.starts_with("src/models/") {
        Kind::Model
    } else if path.starts_with("src/fake/") {
        Kind::Fake
    } else if path.starts_with("src/") {
        Kind::Library
    } else if path.starts_with("cli/src/") {
        Kind::Cli
    } else if path.starts_with("examples/") || path.starts_with("benches/") {
        Kind::Example
    } else {
        Kind::Test
    }
}

/// Splits a file into lines that know their item.
fn read_file(path: String, text: &str) -> File {
    let kind = kind_of(&path);
    if kind == Kind::Doc {
        let mut heading = String::new();
        let mut rust = false;
        let lines = text
            .lines()
            .map(|l| {
                let fence = l.trim_start().starts_with("```");
                if fence {
                    rust = !rust && l.trim_start().trim_start_matches('`').starts_with("rust");
                } else if l.starts_with('#') && !rust {
                    heading = l.trim().to_string();
                }
                Line {
                    text: l.to_string(),
                    item: heading.clone(),
                    doc: true,
                    test: false,
                    prose: !rust || fence,
                }
            })
            .collect();
        return File { path, kind, lines };
    }
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<String> = None;
    let mut depth = 0usize;
    let mut raw: Option<usize> = None;
    let mut lines = Vec::new();
    let mut test = false;
    for l in text.lines() {
        let trimmed = l.trim_start();
        test |= trimmed.starts_with("#[cfg(test)]");
        let doc = trimmed.starts_with("///") || trimmed.starts_with("//!");
        if raw.is_none()
            && !doc
            && !trimmed.starts_with("//")
            && let Some(label) = item_label(trimmed)
        {
            pending = Some(label);
        }
        let item = current_item(&stack, pending.as_deref());
        lines.push(Line {
            text: l.to_string(),
            item,
            doc,
            test,
            prose: false,
        });
        if doc || trimmed.starts_with("//") && raw.is_none() {
            continue;
        }
        for delta in braces(l, &mut raw) {
            if delta > 0 {
                depth += 1;
                if let Some(label) = pending.take() {
                    stack.push((depth, label));
                }
            } else {
                if stack.last().is_some_and(|(d, _)| *d == depth) {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
            }
        }
        if trimmed.ends_with(';') {
            pending = None;
        }
    }
    // Doc comments and attributes belong to the item they stand above.
    for i in (0..lines.len().saturating_sub(1)).rev() {
        let above = {
            let t = lines[i].text.trim_start();
            lines[i].doc || t.starts_with("#[")
        };
        if above {
            lines[i].item = lines[i + 1].item.clone();
        }
    }
    File { path, kind, lines }
}

fn current_item(stack: &[(usize, String)], pending: Option<&str>) -> String {
    let mut impl_ty = None;
    let mut func = None;
    for (_, label) in stack {
        if let Some(ty) = label.strip_prefix("impl ") {
            impl_ty = Some(ty.to_string());
        } else if let Some(f) = label.strip_prefix("fn ") {
            func.get_or_insert(f.to_string());
        }
    }
    if func.is_none()
        && let Some(f) = pending.and_then(|p| p.strip_prefix("fn "))
    {
        func = Some(f.to_string());
    }
    match (impl_ty, func) {
        (Some(ty), Some(f)) => format!("{ty}::{f}"),
        (None, Some(f)) => format!("fn {f}"),
        (Some(ty), None) => format!("impl {ty}"),
        (None, None) => String::new(),
    }
}

/// `impl Type`, `fn name` or `mod name` for a line that opens one.
fn item_label(line: &str) -> Option<String> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '(' || c == '<' || c == '{')
        .filter(|w| !w.is_empty())
        .collect();
    let at = |w: &str| words.iter().position(|x| *x == w);
    if let Some(i) = at("fn") {
        return words.get(i + 1).map(|n| format!("fn {n}"));
    }
    if words.first() == Some(&"impl") || words.get(1) == Some(&"impl") {
        // `impl<'a> Projects<'a> {`, `impl fmt::Display for X {`
        let rest = line.split_once("impl")?.1;
        let rest = rest.split_once(" for ").map_or(rest, |(_, t)| t);
        let rest = if rest.starts_with('<') {
            rest.split_once('>').map_or(rest, |(_, t)| t)
        } else {
            rest
        };
        let ty: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let ty = ty.rsplit("::").next().unwrap_or(&ty).to_string();
        return (!ty.is_empty()).then(|| format!("impl {ty}"));
    }
    None
}

/// The braces of a line outside strings, chars and comments (+1 open, -1 close); `raw` carries
/// a raw string (`r#"…"#`, its number of `#`) over lines.
fn braces(line: &str, raw: &mut Option<usize>) -> Vec<i8> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        if let Some(hashes) = *raw {
            let close = format!("\"{}", "#".repeat(hashes));
            match line[i..].find(&close) {
                Some(at) => {
                    i += at + close.len();
                    *raw = None;
                    continue;
                }
                None => return out,
            }
        }
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
        } else {
            match c {
                b'/' if b.get(i + 1) == Some(&b'/') => return out,
                b'"' => in_str = true,
                b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
                {
                    let hashes = b[i + 1..].iter().take_while(|&&x| x == b'#').count();
                    if b.get(i + 1 + hashes) == Some(&b'"') {
                        *raw = Some(hashes);
                        i += 2 + hashes;
                        continue;
                    }
                }
                b'\'' if b.get(i + 2) == Some(&b'\'') => i += 2,
                b'\'' if b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'') => i += 3,
                b'{' => out.push(1),
                b'}' => out.push(-1),
                _ => {}
            }
        }
        i += 1;
    }
    out
}

/// The JSON name of a Rust field (`organization_id` → `organizationId`).
pub fn json_name(rust: &str) -> String {
    rust.to_lower_camel_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_know_their_item() {
        let src = r##"
impl<'a> Projects<'a> {
    /// Creates.
    pub async fn create(&self, name: &str) -> Result<()> {
        let s = "}{";
        self.client.project_create().required(required::ProjectCreate { name: name.into() })
    }
}

#[test]
fn a_test() {
    let x = r#"{"#;
    client.call("project.create");
}
"##;
        let file = read_file("src/resources/projects.rs".into(), src);
        let item = |needle: &str| {
            file.lines
                .iter()
                .find(|l| l.text.contains(needle))
                .unwrap()
                .item
                .clone()
        };
        assert_eq!(item("project_create()"), "Projects::create");
        assert_eq!(item("/// Creates."), "Projects::create");
        assert_eq!(item("call(\"project.create\")"), "fn a_test");
    }

    #[test]
    fn builder_names_match_whole_words_and_body_types() {
        assert!(word("required::ProjectCreate {", "ProjectCreate"));
        assert!(word("types::ProjectCreateBody", "ProjectCreate"));
        assert!(!word("CreatedProjectCreateX", "ProjectCreate"));
        assert!(!word("ProjectCreated", "ProjectCreate"));
    }
}
