//! Environment variables: Dokploy's newline-separated `KEY=VALUE` blocks, parsed without losing
//! anything, and set/unset on an application, compose stack, database, project or environment
//! by read-modify-write.
//!
//! [`EnvVars`] keeps every line as written (comments, blank lines, quotes, `=` inside values,
//! `${{project.X}}` references, order); only the lines of keys you change are rewritten.
//!
//! ```
//! use dokploy::env_vars::EnvVars;
//! let mut vars = EnvVars::parse("# web\nNODE_ENV=production\nDB_URL=${{project.DATABASE_URL}}\n");
//! vars.set("PORT", "3000").unwrap();
//! vars.unset("NODE_ENV");
//! assert_eq!(vars.render(), "# web\nDB_URL=${{project.DATABASE_URL}}\nPORT=3000\n");
//! assert_eq!(vars.get("DB_URL"), Some("${{project.DATABASE_URL}}".to_string()));
//! ```

use std::fmt;

use crate::models::DatabaseRef;
use crate::{Client, Error, Result};

/// A parsed environment block. Rendering an unmodified block gives back the exact input.
/// `Debug` shows the keys only.
///
/// ```
/// use dokploy::EnvVars;
/// let text = "# db\nexport DB_URL=postgres://db:5432/shop\nPASSWORD=hunter2 # rotate\n";
/// let vars = EnvVars::parse(text);
/// assert_eq!(vars.render(), text);
/// assert_eq!(format!("{vars:?}"), r#"["DB_URL=<redacted>", "PASSWORD=<redacted>"]"#);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct EnvVars {
    lines: Vec<Line>,
}

#[derive(Clone, PartialEq, Eq)]
enum Line {
    /// `KEY=value`: the original text (one or more physical lines), the key, and the value as
    /// written after `=`.
    Var {
        text: String,
        key: String,
        raw_value: String,
    },
    /// A comment, a blank line, or anything that is not `KEY=value`.
    Other(String),
}

impl EnvVars {
    /// Parses a block (never fails: lines that are not `KEY=value` are kept as they are).
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let vars = EnvVars::parse("A=1\nnot an assignment\nB='two words'");
    /// assert_eq!(vars.keys().collect::<Vec<_>>(), ["A", "B"]);
    /// assert_eq!(vars.get("B").as_deref(), Some("two words"));
    /// ```
    pub fn parse(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        let physical: Vec<&str> = text.split('\n').collect();
        let mut lines = Vec::new();
        let mut i = 0;
        while i < physical.len() {
            let line = physical[i];
            match split_assignment(line) {
                Some((key, value_start)) => {
                    let mut raw_value = line[value_start..].to_string();
                    let mut text = line.to_string();
                    // A quoted value may span lines until its closing quote.
                    if let Some(quote) = opening_quote(&raw_value) {
                        let mut j = i;
                        while !is_closed(&raw_value, quote) && j + 1 < physical.len() {
                            j += 1;
                            raw_value.push('\n');
                            raw_value.push_str(physical[j]);
                            text.push('\n');
                            text.push_str(physical[j]);
                        }
                        if is_closed(&raw_value, quote) {
                            i = j;
                        } else {
                            // Never closed: treat the first line alone, like dotenv does.
                            raw_value = line[value_start..].to_string();
                            text = line.to_string();
                        }
                    }
                    lines.push(Line::Var {
                        text,
                        key,
                        raw_value,
                    });
                }
                None => lines.push(Line::Other(line.to_string())),
            }
            i += 1;
        }
        Self { lines }
    }

    /// The block as text, as Dokploy stores it.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let mut vars = EnvVars::parse("# keep me\nA=1\n");
    /// vars.set("B", "2")?;
    /// assert_eq!(vars.render(), "# keep me\nA=1\nB=2\n");
    /// # Ok::<(), dokploy::Error>(())
    /// ```
    pub fn render(&self) -> String {
        let texts: Vec<&str> = self
            .lines
            .iter()
            .map(|l| match l {
                Line::Var { text, .. } => text.as_str(),
                Line::Other(text) => text.as_str(),
            })
            .collect();
        texts.join("\n")
    }

    /// The value of `key` as Dokploy's dotenv parser reads it (quotes removed, `\n` expanded in
    /// double quotes, trailing `# comment` dropped for unquoted values); the last assignment
    /// wins.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let vars = EnvVars::parse("A=1\nQ=\"a # b\"\nC=x # comment\nA=2");
    /// assert_eq!(vars.get("A").as_deref(), Some("2"));
    /// assert_eq!(vars.get("Q").as_deref(), Some("a # b"));
    /// assert_eq!(vars.get("C").as_deref(), Some("x"));
    /// assert_eq!(vars.get("D"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<String> {
        self.lines.iter().rev().find_map(|l| match l {
            Line::Var {
                key: k, raw_value, ..
            } if k == key => Some(decode_value(raw_value)),
            _ => None,
        })
    }

    /// `true` when `key` is assigned.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let vars = EnvVars::parse("# PORT=80\nHOST=0.0.0.0");
    /// assert!(vars.contains("HOST"));
    /// assert!(!vars.contains("PORT")); // a comment
    /// ```
    pub fn contains(&self, key: &str) -> bool {
        self.keys().any(|k| k == key)
    }

    /// The keys in order (a key assigned twice appears twice).
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let vars = EnvVars::parse("A=1\nB=2\nA=3");
    /// assert_eq!(vars.keys().collect::<Vec<_>>(), ["A", "B", "A"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().filter_map(|l| match l {
            Line::Var { key, .. } => Some(key.as_str()),
            Line::Other(_) => None,
        })
    }

    /// `(key, value)` for every assignment, in order.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let vars = EnvVars::parse("A=1\nB=\"x y\"");
    /// let pairs: Vec<(&str, String)> = vars.iter().collect();
    /// assert_eq!(pairs, [("A", "1".to_string()), ("B", "x y".to_string())]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, String)> {
        self.lines.iter().filter_map(|l| match l {
            Line::Var { key, raw_value, .. } => Some((key.as_str(), decode_value(raw_value))),
            Line::Other(_) => None,
        })
    }

    /// Number of assignments.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// assert_eq!(EnvVars::parse("# comment\nA=1\n\nB=2\n").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.keys().count()
    }

    /// `true` when nothing is assigned.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// assert!(EnvVars::parse("# only a comment\n").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sets `key` to `value`: the first existing `KEY=` line is rewritten in place (later
    /// duplicates are removed, so the value is unambiguous); a new key is appended at the end
    /// (before a trailing newline). The value is quoted only when it needs to be.
    ///
    /// Fails for a key that is not `[A-Za-z_][A-Za-z0-9_.-]*`, or a value dotenv cannot
    /// represent (a newline together with a double quote).
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let mut vars = EnvVars::parse("A=1\nB=2\nA=3\n");
    /// vars.set("A", "new")?;
    /// vars.set("MOTTO", "we're #1")?; // quoted, since ` #` would start a comment
    /// assert_eq!(vars.render(), "A=new\nB=2\nMOTTO=\"we're #1\"\n");
    /// assert!(vars.set("NOT VALID", "x").is_err());
    /// # Ok::<(), dokploy::Error>(())
    /// ```
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        if !is_valid_key(key) {
            return Err(Error::InvalidInput(format!(
                "{key:?} is not a valid environment variable name"
            )));
        }
        let raw_value = encode_value(value).ok_or_else(|| {
            Error::InvalidInput(format!(
                "the value of {key} cannot be written in a dotenv block (it has a newline and a double quote)"
            ))
        })?;
        let new_line = Line::Var {
            text: format!("{key}={raw_value}"),
            key: key.to_string(),
            raw_value,
        };
        let mut positions = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Line::Var { key: k, .. } if k == key))
            .map(|(i, _)| i);
        match positions.next() {
            Some(first) => {
                let later: Vec<usize> = positions.collect();
                self.lines[first] = new_line;
                for i in later.into_iter().rev() {
                    self.lines.remove(i);
                }
            }
            None => {
                let trailing_blank =
                    matches!(self.lines.last(), Some(Line::Other(t)) if t.is_empty());
                if self.lines.is_empty() {
                    self.lines.push(new_line);
                } else if trailing_blank {
                    let at = self.lines.len() - 1;
                    self.lines.insert(at, new_line);
                } else {
                    self.lines.push(new_line);
                }
            }
        }
        Ok(())
    }

    /// Removes every assignment of `key`; returns whether there was one.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let mut vars = EnvVars::parse("A=1\n# note\nA=2\nB=3");
    /// assert!(vars.unset("A"));
    /// assert!(!vars.unset("A"));
    /// assert_eq!(vars.render(), "# note\nB=3");
    /// ```
    pub fn unset(&mut self, key: &str) -> bool {
        let before = self.lines.len();
        self.lines
            .retain(|l| !matches!(l, Line::Var { key: k, .. } if k == key));
        self.lines.len() != before
    }
}

impl fmt::Debug for EnvVars {
    /// Keys only: values are secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.keys().map(|k| format!("{k}=<redacted>")))
            .finish()
    }
}

/// Where a `${{…}}` reference is looked up when Dokploy deploys the service.
///
/// ```
/// use dokploy::env_vars::ReferenceScope;
/// assert_eq!(ReferenceScope::Project.to_string(), "the project");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReferenceScope {
    /// `${{project.KEY}}`: the project's variables.
    Project,
    /// `${{environment.KEY}}`: the environment's variables.
    Environment,
    /// `${{KEY}}`: the service's own block.
    Service,
}

impl fmt::Display for ReferenceScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReferenceScope::Project => "the project",
            ReferenceScope::Environment => "the environment",
            ReferenceScope::Service => "the service's own block",
        })
    }
}

/// A `${{…}}` reference in a service's block that nothing defines. Dokploy resolves references
/// when it deploys and fails the deploy on the first one it cannot resolve: the deployment row
/// ends `error` (with `errorMessage` null) and the log ends with
/// [`dokploy_message`](MissingReference::dokploy_message).
///
/// ```
/// use dokploy::EnvVars;
/// use dokploy::env_vars::ReferenceScope;
/// let service = EnvVars::parse("DATABASE_URL=${{project.DATABASE_URL}}");
/// let missing = service.missing_references(&EnvVars::default(), &EnvVars::default());
/// assert_eq!(missing[0].variable, "DATABASE_URL");
/// assert_eq!(missing[0].scope, ReferenceScope::Project);
/// assert_eq!(missing[0].key, "DATABASE_URL");
/// assert_eq!(
///     missing[0].to_string(),
///     "DATABASE_URL uses ${{project.DATABASE_URL}}, which the project does not define"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MissingReference {
    /// The variable whose value makes the reference.
    pub variable: String,
    /// Where the referenced key should be defined.
    pub scope: ReferenceScope,
    /// The key looked up, e.g. `DATABASE_URL` for `${{project.DATABASE_URL}}`.
    pub key: String,
}

impl MissingReference {
    /// The reference as written, e.g. `${{environment.API_URL}}`.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let service = EnvVars::parse("API=${{environment.API_URL}}/v1");
    /// let missing = service.missing_references(&EnvVars::default(), &EnvVars::default());
    /// assert_eq!(missing[0].reference(), "${{environment.API_URL}}");
    /// ```
    pub fn reference(&self) -> String {
        format!("${{{{{}{}}}}}", self.scope_prefix(), self.key)
    }

    /// The line Dokploy writes to the deployment's log when it fails on this reference.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let service = EnvVars::parse("A=${{project.X}}\nB=${{environment.Y}}\nC=${{Z}}");
    /// let lines: Vec<String> = service
    ///     .missing_references(&EnvVars::default(), &EnvVars::default())
    ///     .iter()
    ///     .map(|m| m.dokploy_message())
    ///     .collect();
    /// assert_eq!(lines, [
    ///     "Invalid project environment variable: project.X",
    ///     "Invalid environment variable: environment.Y",
    ///     "Invalid service environment variable: Z",
    /// ]);
    /// ```
    pub fn dokploy_message(&self) -> String {
        match self.scope {
            ReferenceScope::Project => {
                format!("Invalid project environment variable: project.{}", self.key)
            }
            ReferenceScope::Environment => {
                format!("Invalid environment variable: environment.{}", self.key)
            }
            ReferenceScope::Service => {
                format!("Invalid service environment variable: {}", self.key)
            }
        }
    }

    fn scope_prefix(&self) -> &'static str {
        match self.scope {
            ReferenceScope::Project => "project.",
            ReferenceScope::Environment => "environment.",
            ReferenceScope::Service => "",
        }
    }
}

impl fmt::Display for MissingReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} uses {}, which {} does not define",
            self.variable,
            self.reference(),
            self.scope
        )
    }
}

/// The keys Dokploy adds to a compose stack's block before resolving it (so `${{APP_NAME}}`
/// resolves in a stack's variables): `APP_NAME` and `COMPOSE_PROJECT_NAME` (the stack's
/// `appName`), `DOCKER_CONFIG`, and `COMPOSE_PREFIX` when the stack is randomized.
pub(crate) fn compose_implicit_keys(randomize: bool) -> &'static [&'static str] {
    const KEYS: [&str; 4] = [
        "APP_NAME",
        "COMPOSE_PROJECT_NAME",
        "DOCKER_CONFIG",
        "COMPOSE_PREFIX",
    ];
    if randomize { &KEYS } else { &KEYS[..3] }
}

impl EnvVars {
    /// The `${{…}}` references this service block makes that nothing defines: `project` and
    /// `environment` are the blocks of the project and environment the service is in.
    ///
    /// Dokploy resolves each variable of the block (the last assignment of each key, in the
    /// order keys first appear) in three passes: `${{project.X}}` from the project's block,
    /// then `${{environment.X}}` from the environment's, then any other `${{X}}` from the
    /// service's own block (values as written, not resolved). A reference is the shortest text
    /// up to `}}` on the same line. The list follows that order, so its first item is the
    /// one Dokploy's deploy fails with; an empty list means the block resolves.
    ///
    /// ```
    /// use dokploy::EnvVars;
    /// let project = EnvVars::parse("DATABASE_URL=postgres://db:5432/shop");
    /// let environment = EnvVars::parse("");
    /// let service = EnvVars::parse(
    ///     "DB=${{project.DATABASE_URL}}\nAPI=${{environment.API_URL}}\nPORT=80\nBIND=0.0.0.0:${{PORT}}",
    /// );
    /// let missing = service.missing_references(&project, &environment);
    /// assert_eq!(missing.len(), 1);
    /// assert_eq!(missing[0].reference(), "${{environment.API_URL}}");
    /// ```
    pub fn missing_references(
        &self,
        project: &EnvVars,
        environment: &EnvVars,
    ) -> Vec<MissingReference> {
        self.missing_references_with(&[], project, environment)
    }

    /// As [`missing_references`](EnvVars::missing_references), with `implicit` keys counted as
    /// defined in the service's block (what Dokploy adds to it before resolving).
    pub(crate) fn missing_references_with(
        &self,
        implicit: &[&str],
        project: &EnvVars,
        environment: &EnvVars,
    ) -> Vec<MissingReference> {
        let mut missing = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for key in self.keys() {
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let value = self.get(key).unwrap_or_default();
            let mut note = |scope, reference: &str| {
                missing.push(MissingReference {
                    variable: key.to_string(),
                    scope,
                    key: reference.to_string(),
                })
            };
            let value = replace_references(&value, "project.", |r| {
                project.get(r).unwrap_or_else(|| {
                    note(ReferenceScope::Project, r);
                    String::new()
                })
            });
            let value = replace_references(&value, "environment.", |r| {
                environment.get(r).unwrap_or_else(|| {
                    note(ReferenceScope::Environment, r);
                    String::new()
                })
            });
            replace_references(&value, "", |r| match self.get(r) {
                Some(v) => v,
                None if implicit.contains(&r) => String::new(),
                None => {
                    note(ReferenceScope::Service, r);
                    String::new()
                }
            });
        }
        missing
    }
}

/// Replaces every `${{<prefix>REF}}` in `value` with `resolve(REF)`, as JavaScript's
/// `value.replace(/\$\{\{<prefix>(.*?)\}\}/g, …)` does in Dokploy: `REF` is the shortest text up
/// to `}}` on the same line; where no `}}` follows on the line, the text is kept.
fn replace_references(
    value: &str,
    prefix: &str,
    mut resolve: impl FnMut(&str) -> String,
) -> String {
    let opener = format!("${{{{{prefix}");
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find(&opener) {
        let after = &rest[start + opener.len()..];
        let line = after
            .find(['\n', '\r', '\u{2028}', '\u{2029}'])
            .map_or(after, |end| &after[..end]);
        match line.find("}}") {
            Some(end) => {
                out.push_str(&rest[..start]);
                out.push_str(&resolve(&after[..end]));
                rest = &after[end + 2..];
            }
            None => {
                // No match here: the search goes on from the next character (`$` is one byte).
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// `KEY=` (with optional leading spaces and `export `): the key and where the value starts.
fn split_assignment(line: &str) -> Option<(String, usize)> {
    let trimmed = line.trim_start();
    let mut offset = line.len() - trimmed.len();
    let mut rest = trimmed;
    if let Some(after) = rest.strip_prefix("export ") {
        let after_trimmed = after.trim_start();
        offset += rest.len() - after_trimmed.len();
        rest = after_trimmed;
    }
    let eq = rest.find('=')?;
    let key = rest[..eq].trim_end();
    if !is_valid_key(key) {
        return None;
    }
    Some((key.to_string(), offset + eq + 1))
}

fn opening_quote(raw: &str) -> Option<char> {
    raw.trim_start()
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
}

/// Whether a value that opens with `quote` is closed (by an unescaped `quote`).
fn is_closed(raw: &str, quote: char) -> bool {
    let body = &raw.trim_start()[quote.len_utf8()..];
    let mut escaped = false;
    for c in body.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            return true;
        }
    }
    false
}

/// The value as dotenv reads it.
fn decode_value(raw: &str) -> String {
    let trimmed = raw.trim();
    if let Some(quote) = opening_quote(trimmed) {
        let body = &trimmed[quote.len_utf8()..];
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                let inner = &body[..i];
                return if quote == '"' {
                    inner.replace("\\n", "\n").replace("\\r", "\r")
                } else {
                    inner.to_string()
                };
            }
        }
    }
    // Unquoted: an inline comment starts at ` #`.
    let value = match trimmed.find(" #") {
        Some(i) => &trimmed[..i],
        None => trimmed,
    };
    value.trim_end().to_string()
}

/// The value written so that [`decode_value`] gives it back: bare when possible, else quoted.
fn encode_value(value: &str) -> Option<String> {
    let plain = !value.is_empty()
        && value.trim() == value
        && !value.contains(" #")
        && !value.starts_with('#')
        && !value.contains(['\n', '\r'])
        && opening_quote(value).is_none();
    if plain || value.is_empty() {
        return Some(value.to_string());
    }
    let multiline = value.contains(['\n', '\r']);
    if !multiline {
        for quote in ['\'', '"', '`'] {
            let expands = quote == '"' && (value.contains("\\n") || value.contains("\\r"));
            if !value.contains(quote) && !expands && !value.ends_with('\\') {
                return Some(format!("{quote}{value}{quote}"));
            }
        }
        return None;
    }
    if value.contains('"')
        || value.contains("\\n")
        || value.contains("\\r")
        || value.ends_with('\\')
    {
        return None;
    }
    Some(format!(
        "\"{}\"",
        value.replace('\n', "\\n").replace('\r', "\\r")
    ))
}

/// Where environment variables live.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::EnvTarget;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let project_id = client.projects().by_name("shop").await?.project_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// client
///     .env_vars(EnvTarget::Project(project_id))
///     .set("DATABASE_URL", "postgres://db:5432/shop")
///     .await?;
/// client
///     .env_vars(EnvTarget::Application(app_id))
///     .set("DATABASE_URL", "${{project.DATABASE_URL}}")
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvTarget {
    /// An application's runtime variables (`env`).
    Application(String),
    /// A compose stack's variables.
    Compose(String),
    /// A database's variables.
    Database(DatabaseRef),
    /// Project-wide variables (`${{project.KEY}}`).
    Project(String),
    /// Environment-wide variables (`${{environment.KEY}}`).
    Environment(String),
}

/// Reads and writes the variables of one [`EnvTarget`]; from [`Client::env_vars`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::EnvTarget;
/// use dokploy::resources::NewDatabase;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let db = client
///     .databases()
///     .create(NewDatabase::redis(&env_id, "cache"))
///     .await?;
/// let vars = client.env_vars(EnvTarget::Database(db.reference));
/// vars.set("REDIS_ARGS", "--maxmemory 256mb").await?;
/// assert_eq!(vars.get().await?.get("REDIS_ARGS").as_deref(), Some("--maxmemory 256mb"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct EnvVarsHandle<'a> {
    client: &'a Client,
    target: EnvTarget,
}

impl Client {
    /// The environment variables of an application, compose stack, database, project or
    /// environment.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::env_vars::EnvTarget;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # client.env_vars(EnvTarget::Application(app_id.clone())).set("DEBUG", "1").await?;
    /// let vars = client.env_vars(EnvTarget::Application(app_id.clone()));
    /// vars.set("NODE_ENV", "production").await?;
    /// vars.unset("DEBUG").await?;
    /// assert_eq!(vars.get().await?.render(), "NODE_ENV=production");
    /// # Ok(()) }
    /// ```
    pub fn env_vars(&self, target: EnvTarget) -> EnvVarsHandle<'_> {
        EnvVarsHandle {
            client: self,
            target,
        }
    }
}

/// What was read before a write: the block and what must be sent back unchanged.
struct Current {
    env: String,
    build_args: Option<String>,
    build_secrets: Option<String>,
    create_env_file: Option<bool>,
}

impl Current {
    /// A target whose only setting is its block.
    fn env_only(env: Option<crate::redact::Secret>) -> Self {
        Self {
            env: env.map(|s| s.expose().to_string()).unwrap_or_default(),
            build_args: None,
            build_secrets: None,
            create_env_file: None,
        }
    }
}

impl<'a> EnvVarsHandle<'a> {
    /// The current variables.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::EnvTarget;
    /// use dokploy::resources::EnvironmentSettings;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let settings = EnvironmentSettings::env("PORT=3000\nNODE_ENV=production");
    /// client.applications().save_environment(&app_id, settings).await?;
    /// let vars = client.env_vars(EnvTarget::Application(app_id)).get().await?;
    /// assert_eq!(vars.get("PORT").as_deref(), Some("3000"));
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<EnvVars> {
        Ok(EnvVars::parse(&self.read().await?.env))
    }

    /// Sets one variable (read, change, write) and returns the new block.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::EnvTarget;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let vars = client.env_vars(EnvTarget::Environment(env_id)).set("LOG_LEVEL", "info").await?;
    /// assert_eq!(vars.render(), "LOG_LEVEL=info");
    /// # Ok(()) }
    /// ```
    pub async fn set(&self, key: &str, value: &str) -> Result<EnvVars> {
        self.update(|vars| vars.set(key, value)).await
    }

    /// Removes one variable and returns the new block (unchanged if it was not set: nothing is
    /// written then).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::EnvTarget;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let vars = client.env_vars(EnvTarget::Application(app_id));
    /// vars.set("DEBUG", "1").await?;
    /// assert!(vars.unset("DEBUG").await?.is_empty());
    /// assert!(vars.unset("DEBUG").await?.is_empty()); // not set: nothing is written
    /// # Ok(()) }
    /// ```
    pub async fn unset(&self, key: &str) -> Result<EnvVars> {
        self.update(|vars| {
            vars.unset(key);
            Ok(())
        })
        .await
    }

    /// Reads the block, lets `f` change it, and writes it back if it changed. Build arguments,
    /// build secrets and `createEnvFile` are sent back as they were read, never emptied.
    /// Read-modify-write is not atomic: a concurrent change between the two is overwritten.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::EnvTarget;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let vars = client
    ///     .env_vars(EnvTarget::Compose(stack_id))
    ///     .update(|vars| {
    ///         vars.set("TAG", "1.4.0")?;
    ///         vars.set("REPLICAS", "2")?;
    ///         vars.unset("OLD_FLAG");
    ///         Ok(())
    ///     })
    ///     .await?;
    /// assert_eq!(vars.render(), "TAG=1.4.0\nREPLICAS=2");
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, f: impl FnOnce(&mut EnvVars) -> Result<()>) -> Result<EnvVars> {
        let current = self.read().await?;
        let mut vars = EnvVars::parse(&current.env);
        f(&mut vars)?;
        let rendered = vars.render();
        if rendered != current.env {
            self.write(rendered, current).await?;
        }
        Ok(vars)
    }

    /// The `${{…}}` references of this service's block that neither its project, its
    /// environment nor the block itself defines ([`EnvVars::missing_references`]): what would
    /// make Dokploy fail the next deploy. One request: the service is read with its environment
    /// and project. For a compose stack, the keys Dokploy adds to the block before resolving it
    /// (`APP_NAME`, `COMPOSE_PROJECT_NAME`, `DOCKER_CONFIG`, and `COMPOSE_PREFIX` for a
    /// randomized stack) count as defined. A project's or an environment's own block is never
    /// resolved on its own, so those targets are refused.
    ///
    /// [`Client::deploy_application`] and [`Client::deploy_compose`] run this before
    /// triggering.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::EnvTarget;
    /// # let created = client.projects().create("shop", None).await?;
    /// # let (project_id, env_id) = (created.project.project_id, created.environment.environment_id);
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let app = client.env_vars(EnvTarget::Application(app_id));
    /// app.set("DATABASE_URL", "${{project.DATABASE_URL}}").await?;
    /// let missing = app.missing_references().await?;
    /// assert_eq!(missing[0].reference(), "${{project.DATABASE_URL}}");
    ///
    /// client
    ///     .env_vars(EnvTarget::Project(project_id))
    ///     .set("DATABASE_URL", "postgres://db:5432/shop")
    ///     .await?;
    /// assert!(app.missing_references().await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn missing_references(&self) -> Result<Vec<MissingReference>> {
        let expose = |s: &Option<crate::redact::Secret>| {
            EnvVars::parse(s.as_ref().map(|s| s.expose()).unwrap_or_default())
        };
        let (block, implicit, environment, environment_id) = match &self.target {
            EnvTarget::Application(id) => {
                let app = self.client.applications().one(id).await?;
                (
                    expose(&app.env),
                    &[][..],
                    app.environment,
                    app.environment_id,
                )
            }
            EnvTarget::Compose(id) => {
                let compose = self.client.compose().one(id).await?;
                let randomize = compose.extra.get("randomize").and_then(|v| v.as_bool());
                let implicit = compose_implicit_keys(randomize == Some(true));
                let block = expose(&compose.env);
                (block, implicit, compose.environment, compose.environment_id)
            }
            EnvTarget::Database(db) => {
                let db = self.client.databases().one(db).await?;
                (expose(&db.env), &[][..], db.environment, db.environment_id)
            }
            EnvTarget::Project(_) | EnvTarget::Environment(_) => {
                return Err(Error::InvalidInput(
                    "only the blocks of applications, compose stacks and databases are resolved when Dokploy deploys; a project's or an environment's block is what they reference".to_string(),
                ));
            }
        };
        // Dokploy nests both in the service's answer; read them if it ever does not.
        let environment = match environment {
            Some(environment) if environment.project.is_some() => *environment,
            _ => {
                let id = environment_id.unwrap_or_default();
                self.client.environments().one(&id).await?
            }
        };
        let project = match &environment.project {
            Some(project) => expose(&project.env),
            None => {
                let id = environment.project_id.clone().unwrap_or_default();
                expose(&self.client.projects().one(&id).await?.env)
            }
        };
        Ok(block.missing_references_with(implicit, &project, &expose(&environment.env)))
    }

    async fn read(&self) -> Result<Current> {
        let expose = |s: Option<crate::redact::Secret>| s.map(|s| s.expose().to_string());
        Ok(match &self.target {
            EnvTarget::Application(id) => {
                let app = self.client.applications().one(id).await?;
                Current {
                    env: expose(app.env).unwrap_or_default(),
                    build_args: expose(app.build_args),
                    build_secrets: expose(app.build_secrets),
                    create_env_file: app.create_env_file,
                }
            }
            EnvTarget::Compose(id) => {
                let compose = self.client.compose().one(id).await?;
                Current {
                    create_env_file: compose.extra.get("createEnvFile").and_then(|v| v.as_bool()),
                    ..Current::env_only(compose.env)
                }
            }
            EnvTarget::Database(db) => {
                Current::env_only(self.client.databases().one(db).await?.env)
            }
            EnvTarget::Project(id) => Current::env_only(self.client.projects().one(id).await?.env),
            EnvTarget::Environment(id) => {
                Current::env_only(self.client.environments().one(id).await?.env)
            }
        })
    }

    async fn write(&self, env: String, current: Current) -> Result<()> {
        use crate::ResponseExt;
        match &self.target {
            EnvTarget::Application(id) => self
                .client
                .call("application.saveEnvironment")
                .arg("applicationId", id)
                .arg("env", env)
                // As read: `null` stays `null`, nothing is emptied.
                .arg("buildArgs", current.build_args)
                .arg("buildSecrets", current.build_secrets)
                .arg("createEnvFile", current.create_env_file.unwrap_or(false))
                .send()
                .body()
                .await?
                .expect_done(),
            EnvTarget::Compose(id) => {
                let mut call = self
                    .client
                    .call("compose.saveEnvironment")
                    .arg("composeId", id)
                    .arg("env", env);
                if let Some(create) = current.create_env_file {
                    call = call.arg("createEnvFile", create);
                }
                call.send().body().await?.expect_done()
            }
            EnvTarget::Database(db) => self
                .client
                .call(&db.procedure("saveEnvironment"))
                .arg(db.kind.id_field(), &db.id)
                .arg("env", env)
                .send()
                .body()
                .await?
                .expect_done(),
            EnvTarget::Project(id) => self
                .client
                .call("project.update")
                .arg("projectId", id)
                .arg("env", env)
                .send()
                .body()
                .await?
                .expect_done(),
            EnvTarget::Environment(id) => self
                .client
                .call("environment.update")
                .arg("environmentId", id)
                .arg("env", env)
                .send()
                .body()
                .await?
                .expect_done(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWKWARD: &str = "# comment at the top\n\nexport A=1\nB = two words # trailing comment\nURL=postgres://u:p@h:5432/db?sslmode=require&x=a=b\nQ=\"quoted value # not a comment\"\nS='single $quotes'\nREF=${{project.DATABASE_URL}}\nMULTI=\"line one\nline two\"\nbroken line without equals\n  INDENTED=yes\nEMPTY=\nA=again\n";

    #[test]
    fn parse_then_render_gives_back_the_exact_input() {
        for input in [
            AWKWARD,
            "",
            "\n",
            "A=1",
            "A=1\r\nB=2\r\n",
            "UNCLOSED=\"never closed\nNEXT=1",
            "=novalue\n#x=1",
            "KEY==starts with equals",
        ] {
            assert_eq!(EnvVars::parse(input).render(), input, "{input:?}");
        }
    }

    #[test]
    fn values_read_like_dotenv() {
        let vars = EnvVars::parse(AWKWARD);
        assert_eq!(
            vars.get("A").as_deref(),
            Some("again"),
            "last assignment wins"
        );
        assert_eq!(vars.get("B").as_deref(), Some("two words"));
        assert_eq!(
            vars.get("URL").as_deref(),
            Some("postgres://u:p@h:5432/db?sslmode=require&x=a=b")
        );
        assert_eq!(
            vars.get("Q").as_deref(),
            Some("quoted value # not a comment")
        );
        assert_eq!(vars.get("S").as_deref(), Some("single $quotes"));
        assert_eq!(
            vars.get("REF").as_deref(),
            Some("${{project.DATABASE_URL}}")
        );
        assert_eq!(vars.get("MULTI").as_deref(), Some("line one\nline two"));
        assert_eq!(vars.get("INDENTED").as_deref(), Some("yes"));
        assert_eq!(vars.get("EMPTY").as_deref(), Some(""));
        assert_eq!(vars.get("broken"), None);
        assert_eq!(
            vars.keys().collect::<Vec<_>>(),
            vec![
                "A", "B", "URL", "Q", "S", "REF", "MULTI", "INDENTED", "EMPTY", "A"
            ]
        );
    }

    #[test]
    fn set_rewrites_one_line_in_place_and_keeps_everything_else() {
        let mut vars = EnvVars::parse(AWKWARD);
        vars.set("URL", "postgres://new").unwrap();
        let out = vars.render();
        assert!(out.contains("\nURL=postgres://new\nQ="), "{out}");
        assert!(out.starts_with("# comment at the top\n\nexport A=1\n"));
        assert!(out.contains("REF=${{project.DATABASE_URL}}"));
        assert!(out.ends_with("EMPTY=\nA=again\n"));
    }

    #[test]
    fn set_on_a_duplicated_key_leaves_one_assignment_where_the_first_was() {
        let mut vars = EnvVars::parse(AWKWARD);
        vars.set("A", "3").unwrap();
        assert_eq!(vars.keys().filter(|k| *k == "A").count(), 1);
        assert!(vars.render().contains("\nA=3\nB = two words"));
    }

    #[test]
    fn new_keys_go_before_the_trailing_newline() {
        let mut vars = EnvVars::parse("A=1\n");
        vars.set("B", "2").unwrap();
        assert_eq!(vars.render(), "A=1\nB=2\n");
        let mut empty = EnvVars::parse("");
        empty.set("X", "1").unwrap();
        assert_eq!(empty.render(), "X=1");
    }

    #[test]
    fn values_that_need_quotes_get_them_and_read_back_the_same() {
        for value in [
            "two words",
            " leading space",
            "has # hash",
            "it's",
            "say \"hi\"",
            "both ' and \"",
            "line1\nline2",
            "${{environment.API}}",
            "=",
            "",
        ] {
            let mut vars = EnvVars::parse("");
            vars.set("K", value).unwrap();
            let reparsed = EnvVars::parse(&vars.render());
            assert_eq!(
                reparsed.get("K").as_deref(),
                Some(value),
                "{value:?} → {}",
                vars.render()
            );
        }
    }

    #[test]
    fn unrepresentable_values_and_bad_keys_are_refused() {
        let mut vars = EnvVars::parse("");
        assert!(vars.set("K", "new\nline with \"quote\"").is_err());
        assert!(vars.set("1BAD", "x").is_err());
        assert!(vars.set("HAS SPACE", "x").is_err());
        assert!(vars.is_empty());
    }

    #[test]
    fn unset_removes_every_assignment_and_keeps_comments() {
        let mut vars = EnvVars::parse(AWKWARD);
        assert!(vars.unset("A"));
        assert!(!vars.contains("A"));
        assert!(
            vars.render()
                .starts_with("# comment at the top\n\nB = two words")
        );
        assert!(!vars.unset("NOPE"));
    }

    fn missing(service: &str, project: &str, environment: &str) -> Vec<String> {
        EnvVars::parse(service)
            .missing_references(&EnvVars::parse(project), &EnvVars::parse(environment))
            .iter()
            .map(MissingReference::dokploy_message)
            .collect()
    }

    #[test]
    fn defined_references_of_every_scope_resolve() {
        let service = "A=${{project.P}}\nB=${{environment.E}}\nC=${{A}}-${{B}}\nD=plain";
        assert!(missing(service, "P=1", "E=2").is_empty());
    }

    #[test]
    fn missing_references_come_in_dokploys_order_with_its_messages() {
        let service = "FIRST=${{X}}${{environment.Y}}${{project.Z}}\nSECOND=${{project.W}}";
        assert_eq!(
            missing(service, "", ""),
            [
                "Invalid project environment variable: project.Z",
                "Invalid environment variable: environment.Y",
                "Invalid service environment variable: X",
                "Invalid project environment variable: project.W",
            ]
        );
    }

    #[test]
    fn only_the_last_assignment_of_a_key_is_resolved() {
        assert!(missing("A=${{project.NOPE}}\nA=1", "", "").is_empty());
        assert_eq!(missing("A=1\nA=${{project.NOPE}}", "", "").len(), 1);
    }

    #[test]
    fn a_reference_is_the_shortest_text_up_to_braces_on_one_line() {
        // `}}}` closes at the first `}}`; an unclosed opener is kept as text.
        assert_eq!(
            missing("A=${{project.X}}}", "", ""),
            ["Invalid project environment variable: project.X"]
        );
        assert!(missing("A=${{project.X", "", "").is_empty());
        assert!(missing("A=\"${{project.X\n}}\"", "", "").is_empty());
        // A space after the braces is not a project reference: a self-reference to " project.X".
        assert_eq!(
            missing("A=${{ project.X }}", "X=1", ""),
            ["Invalid service environment variable:  project.X "]
        );
    }

    #[test]
    fn self_references_read_the_values_as_written_and_scopes_in_order() {
        // B's value is looked up unresolved; a project value is then scanned for the next scopes.
        assert!(missing("A=${{B}}\nB=${{project.P}}", "P=1", "").is_empty());
        assert_eq!(
            missing("A=${{project.P}}", "P=${{environment.E}}", ""),
            ["Invalid environment variable: environment.E"]
        );
    }

    #[test]
    fn compose_keys_dokploy_adds_count_as_defined() {
        let service = EnvVars::parse("NAME=${{APP_NAME}}\nPREFIX=${{COMPOSE_PREFIX}}");
        let none = EnvVars::default();
        let plain = service.missing_references_with(compose_implicit_keys(false), &none, &none);
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].key, "COMPOSE_PREFIX");
        let randomized = service.missing_references_with(compose_implicit_keys(true), &none, &none);
        assert!(randomized.is_empty());
    }

    #[test]
    fn debug_shows_keys_not_values() {
        let vars = EnvVars::parse("PASSWORD=hunter2");
        let debug = format!("{vars:?}");
        assert!(!debug.contains("hunter2"));
        assert!(debug.contains("PASSWORD"));
    }
}
