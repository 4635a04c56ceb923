//! Response drift: what a running Dokploy answers, checked against the typed models and
//! against the previous census.
//!
//! Dokploy's OpenAPI document declares no response bodies, so no document diff can see a
//! response change. A census calls every **read** operation of a Dokploy that is safe to call
//! (the document's `GET`s: never a mutation, it creates nothing), with ids found by listing:
//! the ids in earlier answers (`projectId`, `applicationId`…) fill the required query
//! parameters of later calls. It then checks each answer:
//!
//! - against the typed model the crate decodes it into ([`MODELS`]), through the model's JSON
//!   schema (the models derive `schemars::JsonSchema`): a value of the wrong type, a field the
//!   model requires that is missing, an enum value the model does not know;
//! - against the previous census (its fixtures): fields that appeared (and whether the model
//!   names them or keeps them in `extra`), fields no longer sent, fields renamed (one gone, one
//!   new, same type, same object), fields whose type changed.
//!
//! The answers are written as fixtures, one file per operation, secrets redacted
//! ([`crate::redact::redact_json`]). `cargo xtask census --url URL` runs it (through
//! `examples/census.rs`), and `cargo xtask upgrade --url` runs it before vendoring.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> dokploy::Result<()> {
//! # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
//! # let client = fake.client();
//! client.projects().create("shop", None).await?;
//! let census = dokploy::census::collect(&client).await;
//! assert!(census.answers.contains_key("project.all"));
//! assert!(dokploy::census::check(&census.answers, None).is_empty()); // no drift
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde_json::{Map, Value};

use crate::models::{
    Application, Backup, BackupFile, Bitbucket, Compose, Database, Deployment, Destination,
    DockerDiskUsage, Domain, Environment, GitProvider, Gitea, Github, Gitlab, GpuStatus, Health,
    InfrastructureHealth, LogCleanupStatus, Member, Notification, Permissions, Project, Server,
    Session, SshKey, SshKeySummary, TraefikEntry, TraefikPort, WebServerSettings,
};
use crate::operations::{Method, OPERATIONS, Operation};
use crate::{Client, ResponseExt};

/// The model's JSON schema for an operation's answer.
type SchemaOf = fn() -> Value;

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
}

/// The read operations the typed layer decodes into a model, with that model (the six
/// database kinds' `one` decode into [`Database`]).
pub const MODELS: &[(&str, SchemaOf)] = &[
    ("application.one", schema::<Application>),
    ("backup.listBackupFiles", schema::<Vec<BackupFile>>),
    ("backup.one", schema::<Backup>),
    ("bitbucket.one", schema::<Bitbucket>),
    ("compose.one", schema::<Compose>),
    ("deployment.all", schema::<Vec<Deployment>>),
    ("deployment.allByCompose", schema::<Vec<Deployment>>),
    ("deployment.allByType", schema::<Vec<Deployment>>),
    ("destination.all", schema::<Vec<Destination>>),
    ("destination.one", schema::<Destination>),
    ("domain.byApplicationId", schema::<Vec<Domain>>),
    ("domain.byComposeId", schema::<Vec<Domain>>),
    ("domain.one", schema::<Domain>),
    ("environment.byProjectId", schema::<Vec<Environment>>),
    ("environment.one", schema::<Environment>),
    ("gitProvider.getAll", schema::<Vec<GitProvider>>),
    ("gitea.one", schema::<Gitea>),
    ("github.one", schema::<Github>),
    ("gitlab.one", schema::<Gitlab>),
    ("libsql.one", schema::<Database>),
    ("mariadb.one", schema::<Database>),
    ("mongo.one", schema::<Database>),
    ("mysql.one", schema::<Database>),
    ("notification.all", schema::<Vec<Notification>>),
    ("notification.one", schema::<Notification>),
    ("postgres.one", schema::<Database>),
    ("project.all", schema::<Vec<Project>>),
    ("project.one", schema::<Project>),
    ("redis.one", schema::<Database>),
    ("server.all", schema::<Vec<Server>>),
    ("server.one", schema::<Server>),
    ("settings.checkGPUStatus", schema::<GpuStatus>),
    (
        "settings.checkInfrastructureHealth",
        schema::<InfrastructureHealth>,
    ),
    (
        "settings.getDockerDiskUsage",
        schema::<Vec<DockerDiskUsage>>,
    ),
    ("settings.getLogCleanupStatus", schema::<LogCleanupStatus>),
    ("settings.getTraefikPorts", schema::<Vec<TraefikPort>>),
    ("settings.getWebServerSettings", schema::<WebServerSettings>),
    ("settings.health", schema::<Health>),
    ("settings.readDirectories", schema::<Vec<TraefikEntry>>),
    ("sshKey.all", schema::<Vec<SshKey>>),
    ("sshKey.allForApps", schema::<Vec<SshKeySummary>>),
    ("sshKey.one", schema::<SshKey>),
    ("user.get", schema::<Member>),
    ("user.getPermissions", schema::<Permissions>),
    ("user.session", schema::<Session>),
];

/// What one census saw.
#[derive(Debug, Default)]
pub struct Census {
    /// Each answered read operation's answer, secrets redacted.
    pub answers: BTreeMap<String, Value>,
    /// Read operations not called, and why (a required parameter no listing gave).
    pub skipped: Vec<(String, String)>,
    /// Read operations Dokploy answered with an error, and the error.
    pub failed: Vec<(String, String)>,
}

/// One difference between what Dokploy answers and what the crate expects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finding {
    /// A value of another JSON type than the model's.
    TypeMismatch {
        /// The operation.
        procedure: String,
        /// Where in its answer (`[].environments[].name`).
        path: String,
        /// What the model has.
        expected: String,
        /// What came.
        found: String,
    },
    /// A field the model requires is missing (decoding fails).
    MissingField {
        /// The operation.
        procedure: String,
        /// Where.
        path: String,
    },
    /// An enum value the model does not know (it decodes as `Unknown`).
    UnknownEnumValue {
        /// The operation.
        procedure: String,
        /// Where.
        path: String,
        /// The value.
        value: String,
    },
    /// A field the previous census did not see.
    NewField {
        /// The operation.
        procedure: String,
        /// Where.
        path: String,
        /// Whether the model names it (else it lands in `extra`).
        in_model: bool,
    },
    /// A field the previous census saw that is no longer sent.
    FieldGone {
        /// The operation.
        procedure: String,
        /// Where.
        path: String,
        /// Whether the model names it (it then loses that data).
        in_model: bool,
    },
    /// A field gone and a new one of the same type in the same object: a rename.
    Renamed {
        /// The operation.
        procedure: String,
        /// The old path.
        from: String,
        /// The new path.
        to: String,
        /// Whether the model names the old one.
        in_model: bool,
    },
    /// A field whose JSON type changed since the previous census.
    TypeChanged {
        /// The operation.
        procedure: String,
        /// Where.
        path: String,
        /// Before.
        before: String,
        /// Now.
        now: String,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let model = |in_model: bool| {
            if in_model {
                "the model names it"
            } else {
                "not in the model"
            }
        };
        match self {
            Finding::TypeMismatch {
                procedure,
                path,
                expected,
                found,
            } => write!(
                f,
                "{procedure}: `{path}` is {found}, the model expects {expected}"
            ),
            Finding::MissingField { procedure, path } => write!(
                f,
                "{procedure}: `{path}` is missing, and the model requires it (decoding fails)"
            ),
            Finding::UnknownEnumValue {
                procedure,
                path,
                value,
            } => write!(
                f,
                "{procedure}: `{path}` is \"{value}\", a value the model does not know (it decodes as Unknown)"
            ),
            Finding::NewField {
                procedure,
                path,
                in_model,
            } => write!(f, "{procedure}: new field `{path}` ({})", model(*in_model)),
            Finding::FieldGone {
                procedure,
                path,
                in_model,
            } => write!(
                f,
                "{procedure}: `{path}` is no longer sent ({})",
                model(*in_model)
            ),
            Finding::Renamed {
                procedure,
                from,
                to,
                in_model,
            } => write!(
                f,
                "{procedure}: `{from}` renamed to `{to}`? ({} the old name)",
                if *in_model {
                    "the model names"
                } else {
                    "the model does not name"
                }
            ),
            Finding::TypeChanged {
                procedure,
                path,
                before,
                now,
            } => write!(f, "{procedure}: `{path}` changed from {before} to {now}"),
        }
    }
}

/// Calls every read operation that can be called with the ids listing finds (see the module
/// docs). It never sends a mutation.
pub async fn collect(client: &Client) -> Census {
    let reads: Vec<&Operation> = OPERATIONS
        .iter()
        .filter(|op| op.method == Method::Get && op.generated)
        .collect();
    let mut census = Census::default();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut pending = reads;
    loop {
        let mut next = Vec::new();
        let mut progress = false;
        for op in pending {
            let missing: Vec<&str> = op
                .query
                .iter()
                .filter(|f| f.required && !ids.contains_key(f.name) && f.values.is_empty())
                .map(|f| f.name)
                .collect();
            if !missing.is_empty() {
                next.push(op);
                continue;
            }
            progress = true;
            let mut call = client.call(op.procedure);
            for field in op.query.iter().filter(|f| f.required) {
                call = match (ids.get(field.name), field.values.first()) {
                    (Some(id), _) => call.arg(field.name, id),
                    (None, Some(value)) => call.arg(field.name, value),
                    (None, None) => call,
                };
            }
            match call.send().body().await {
                Ok(body) => {
                    let value = body.into_json().unwrap_or(Value::Null);
                    harvest(&value, &mut ids);
                    census
                        .answers
                        .insert(op.procedure.to_string(), crate::redact::redact_json(&value));
                }
                Err(e) => census
                    .failed
                    .push((op.procedure.to_string(), e.to_string())),
            }
        }
        pending = next;
        if !progress || pending.is_empty() {
            break;
        }
    }
    for op in pending {
        let needs: Vec<&str> = op
            .query
            .iter()
            .filter(|f| f.required && !ids.contains_key(f.name))
            .map(|f| f.name)
            .collect();
        census.skipped.push((
            op.procedure.to_string(),
            format!("no listing gave {}", needs.join(", ")),
        ));
    }
    census
}

/// Keeps the first value of every `…Id` string field (and `id`) seen.
fn harvest(value: &Value, ids: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let Value::String(s) = v
                    && (k.ends_with("Id") || k == "id")
                    && !s.is_empty()
                {
                    ids.entry(k.clone()).or_insert_with(|| s.clone());
                }
                harvest(v, ids);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| harvest(v, ids)),
        _ => {}
    }
}

/// Checks `answers` against the models and, when given, against the `previous` census.
pub fn check(
    answers: &BTreeMap<String, Value>,
    previous: Option<&BTreeMap<String, Value>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (procedure, answer) in answers {
        let mut undeclared = BTreeSet::new();
        if let Some((_, schema_of)) = MODELS.iter().find(|(p, _)| p == procedure) {
            let schema = schema_of();
            let mut v = Validator {
                procedure,
                root: &schema,
                findings: Vec::new(),
                undeclared: &mut undeclared,
            };
            v.validate(answer, &schema, "");
            out.extend(v.findings);
        }
        if let Some(before) = previous.and_then(|p| p.get(procedure)) {
            out.extend(compare(
                procedure,
                before,
                answer,
                &undeclared,
                answers.get(procedure),
            ));
        }
    }
    // A required field gone is said once: as gone (or renamed).
    let gone: BTreeSet<(String, String)> = out
        .iter()
        .filter_map(|f| match f {
            Finding::FieldGone {
                procedure, path, ..
            }
            | Finding::Renamed {
                procedure,
                from: path,
                ..
            } => Some((procedure.clone(), path.clone())),
            _ => None,
        })
        .collect();
    out.retain(|f| match f {
        Finding::MissingField { procedure, path } => {
            !gone.contains(&(procedure.clone(), path.clone()))
        }
        _ => true,
    });
    out.sort();
    out.dedup();
    out
}

struct Validator<'a> {
    procedure: &'a str,
    root: &'a Value,
    findings: Vec<Finding>,
    /// Paths of fields present in an answer that the model does not declare.
    undeclared: &'a mut BTreeSet<String>,
}

/// Follows `$ref`s into `root`.
fn resolve<'s>(root: &'s Value, schema: &'s Value) -> &'s Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .map(|s| resolve(root, s))
            .unwrap_or(schema),
        None => schema,
    }
}

impl<'a> Validator<'a> {
    fn validate(&mut self, value: &Value, schema: &'a Value, path: &str) {
        let schema = resolve(self.root, schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            // The branch that fits best.
            let mut best: Option<Vec<Finding>> = None;
            for branch in branches {
                let mut trial = Validator {
                    procedure: self.procedure,
                    root: self.root,
                    findings: Vec::new(),
                    undeclared: &mut BTreeSet::new(),
                };
                trial.validate(value, branch, path);
                if best.as_ref().is_none_or(|b| trial.findings.len() < b.len()) {
                    best = Some(trial.findings);
                }
            }
            // Run the best again for its undeclared fields.
            if let Some(best) = best {
                if best.is_empty() {
                    for branch in branches {
                        let mut trial = Validator {
                            procedure: self.procedure,
                            root: self.root,
                            findings: Vec::new(),
                            undeclared: self.undeclared,
                        };
                        trial.validate(value, branch, path);
                        if trial.findings.is_empty() {
                            break;
                        }
                    }
                }
                self.findings.extend(best);
            }
            return;
        }
        if let Some(types) = types_of(schema)
            && !types.iter().any(|t| fits(value, t))
        {
            self.findings.push(Finding::TypeMismatch {
                procedure: self.procedure.to_string(),
                path: display(path),
                expected: types.join(" or "),
                found: json_type(value).to_string(),
            });
            return;
        }
        if let (Some(values), Value::String(s)) =
            (schema.get("enum").and_then(Value::as_array), value)
            && !values.iter().any(|v| v == value)
        {
            self.findings.push(Finding::UnknownEnumValue {
                procedure: self.procedure.to_string(),
                path: display(path),
                value: s.clone(),
            });
        }
        match value {
            Value::Object(map) => self.object(map, schema, path),
            Value::Array(items) => {
                if let Some(items_schema) = schema.get("items") {
                    for item in items {
                        self.validate(item, items_schema, &format!("{path}[]"));
                    }
                }
            }
            _ => {}
        }
    }

    fn object(&mut self, map: &Map<String, Value>, schema: &'a Value, path: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(name) {
                    self.findings.push(Finding::MissingField {
                        procedure: self.procedure.to_string(),
                        path: display(&format!("{path}.{name}")),
                    });
                }
            }
        }
        let extra = schema.get("additionalProperties");
        for (key, value) in map {
            let at = format!("{path}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(property) => self.validate(value, property, &at),
                None => {
                    self.undeclared.insert(display(&at));
                    if let Some(extra) = extra.filter(|e| e.is_object()) {
                        self.validate(value, extra, &at);
                    }
                }
            }
        }
    }
}

fn types_of(schema: &Value) -> Option<Vec<&str>> {
    match schema.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(ts) => Some(ts.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn fits(value: &Value, ty: &str) -> bool {
    match (ty, value) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
        ("number", Value::Number(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `.name` → `name`, `[].environments[].name` stays.
fn display(path: &str) -> String {
    path.strip_prefix('.').unwrap_or(path).to_string()
}

/// Every path of an answer with the JSON types seen there (`null` left out).
fn shape(value: &Value, path: &str, out: &mut BTreeMap<String, BTreeSet<&'static str>>) {
    if !value.is_null() {
        out.entry(display(path))
            .or_default()
            .insert(json_type(value));
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                shape(v, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| shape(v, &format!("{path}[]"), out)),
        _ => {}
    }
}

/// The path an object path's field lives in (`[].a.b` → `[].a`).
fn parent(path: &str) -> String {
    match path.rfind('.') {
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

/// The fields of `path` present in `shape` (with or without `null` values).
fn present(value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(v: &Value, path: &str, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let at = format!("{path}.{k}");
                    out.insert(display(&at));
                    walk(v, &at, out);
                }
            }
            Value::Array(items) => items
                .iter()
                .for_each(|v| walk(v, &format!("{path}[]"), out)),
            _ => {}
        }
    }
    walk(value, "", &mut out);
    out
}

fn compare(
    procedure: &str,
    before: &Value,
    now: &Value,
    undeclared: &BTreeSet<String>,
    _answer: Option<&Value>,
) -> Vec<Finding> {
    let (mut old_shape, mut new_shape) = (BTreeMap::new(), BTreeMap::new());
    shape(before, "", &mut old_shape);
    shape(now, "", &mut new_shape);
    let (old_fields, new_fields) = (present(before), present(now));
    let is_object = |s: &BTreeMap<String, BTreeSet<&str>>, p: &str| {
        s.get(p).is_some_and(|t| t.contains("object"))
    };
    let in_model = |path: &str| !undeclared.contains(path);
    let gone: Vec<&String> = old_fields
        .iter()
        .filter(|p| !new_fields.contains(*p) && is_object(&new_shape, &parent(p)))
        .collect();
    let added: Vec<&String> = new_fields
        .iter()
        .filter(|p| !old_fields.contains(*p) && is_object(&old_shape, &parent(p)))
        .collect();
    let mut out = Vec::new();
    let mut paired = BTreeSet::new();
    for g in &gone {
        // Only the fields directly under an object that still exists: not their insides.
        if gone.contains(&&parent(g)) {
            continue;
        }
        let rename = added.iter().find(|a| {
            parent(a) == parent(g)
                && !paired.contains(**a)
                && old_shape.get(g.as_str()) == new_shape.get(a.as_str())
        });
        match rename {
            Some(to) => {
                paired.insert((*to).clone());
                out.push(Finding::Renamed {
                    procedure: procedure.to_string(),
                    from: (*g).clone(),
                    to: (*to).clone(),
                    in_model: true,
                });
            }
            None => out.push(Finding::FieldGone {
                procedure: procedure.to_string(),
                path: (*g).clone(),
                in_model: true,
            }),
        }
    }
    for a in &added {
        if paired.contains(*a) || added.contains(&&parent(a)) {
            continue;
        }
        out.push(Finding::NewField {
            procedure: procedure.to_string(),
            path: (*a).clone(),
            in_model: in_model(a),
        });
    }
    for (path, now_types) in &new_shape {
        if let Some(old_types) = old_shape.get(path)
            && old_types != now_types
        {
            out.push(Finding::TypeChanged {
                procedure: procedure.to_string(),
                path: path.clone(),
                before: old_types.iter().copied().collect::<Vec<_>>().join(" or "),
                now: now_types.iter().copied().collect::<Vec<_>>().join(" or "),
            });
        }
    }
    // Whether the model names a gone field: it is declared unless the previous answer had it
    // undeclared; check against the model's schema of the old answer.
    if let Some((_, schema_of)) = MODELS.iter().find(|(p, _)| *p == procedure) {
        let schema = schema_of();
        let mut old_undeclared = BTreeSet::new();
        let mut v = Validator {
            procedure,
            root: &schema,
            findings: Vec::new(),
            undeclared: &mut old_undeclared,
        };
        v.validate(before, &schema, "");
        for f in &mut out {
            match f {
                Finding::FieldGone { path, in_model, .. } => {
                    *in_model = !old_undeclared.contains(path)
                }
                Finding::Renamed { from, in_model, .. } => {
                    *in_model = !old_undeclared.contains(from)
                }
                _ => {}
            }
        }
    } else {
        for f in &mut out {
            if let Finding::FieldGone { in_model, .. }
            | Finding::Renamed { in_model, .. }
            | Finding::NewField { in_model, .. } = f
            {
                *in_model = false;
            }
        }
    }
    out
}

/// Writes `answers` as fixtures in `dir`, one `<procedure>.json` each (replacing the files of
/// a previous census there).
pub fn write_fixtures(dir: &Path, answers: &BTreeMap<String, Value>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::remove_file(path)?;
        }
    }
    for (procedure, answer) in answers {
        let mut text = serde_json::to_string_pretty(answer).unwrap_or_default();
        text.push('\n');
        std::fs::write(dir.join(format!("{procedure}.json")), text)?;
    }
    Ok(())
}

/// Reads the fixtures a census wrote in `dir` (none if it does not exist).
pub fn read_fixtures(dir: &Path) -> std::io::Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries {
        let path = entry?.path();
        let Some(procedure) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let value = serde_json::from_slice(&std::fs::read(&path)?)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        out.insert(procedure.to_string(), value);
    }
    Ok(out)
}
