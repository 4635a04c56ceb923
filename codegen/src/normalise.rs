//! The normaliser: every Dokploy OpenAPI document in, a document progenitor accepts out.
//!
//! Each transformation is one named [`Rule`] in [`RULES`], applied in that order, with its own
//! unit tests below. The rules are generic (they look at OpenAPI structure, never at Dokploy
//! router names), so a new Dokploy release with the same habits needs no change here; a
//! release with new habits fails with an error naming the JSON path and the rule.
//!
//! Why each rule exists (measured with progenitor 0.15.1 on Dokploy's documents):
//! - progenitor accepts only OpenAPI 3.0; Dokploy serves 3.1 since v0.28.4.
//! - `anyOf: [X, {type: null}]` panics the generator; 3.0 says `nullable: true` instead.
//! - every success response is declared as an empty object (or nothing), while real bodies are
//!   arrays, objects, `true`, strings or empty; a typed body would reject them all.
//! - each operation lists five error schemas; progenitor allows one error type per operation.
//! - `multipart/form-data` bodies cannot be generated.
//! - request `default`s would be sent on every request by the generated types (an `update`
//!   would silently reset fields the caller never touched).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::walk::{self, OperationRef};
use crate::{Error, Pointer};

/// One named transformation of the document.
pub struct Rule {
    /// Stable name, used in errors and reports.
    pub name: &'static str,
    /// What the rule does, in one sentence.
    pub summary: &'static str,
    apply: fn(&mut Value, &mut Findings) -> Result<(), Problem>,
}

/// The rules, in the order they run.
pub const RULES: &[Rule] = &[
    Rule {
        name: "openapi-3.0-dialect",
        summary: "Checks the document is OpenAPI 3.x with paths and marks it 3.0.3 (progenitor reads only 3.0).",
        apply: openapi_3_0_dialect,
    },
    Rule {
        name: "operation-ids",
        summary: "Gives every operation a unique operationId (derived from its path when missing).",
        apply: operation_ids,
    },
    Rule {
        name: "unsupported-keywords",
        summary: "Drops 3.1-only annotations (examples, propertyNames, $comment…); rejects structural 3.1 keywords 3.0 cannot express.",
        apply: unsupported_keywords,
    },
    Rule {
        name: "strip-validation",
        summary: "Drops length, pattern, range and format constraints (Dokploy validates; client-side copies only add newtypes).",
        apply: strip_validation,
    },
    Rule {
        name: "const-to-enum",
        summary: "Rewrites `const: X` as `enum: [X]`, which 3.0 and progenitor understand.",
        apply: const_to_enum,
    },
    Rule {
        name: "defaulted-fields-optional",
        summary: "Makes fields and query parameters that have a `default` optional (zod's `.default()` accepts them absent; 3.1 documents list them as required).",
        apply: defaulted_fields_optional,
    },
    Rule {
        name: "defaults-to-docs",
        summary: "Moves `default` values into descriptions so generated types never send a default the caller did not choose.",
        apply: defaults_to_docs,
    },
    Rule {
        name: "absent-branch",
        summary: "Removes `{not: {}}` (\"may be absent\") branches of anyOf/oneOf; a query parameter using one becomes optional.",
        apply: absent_branch,
    },
    Rule {
        name: "null-to-nullable",
        summary: "Turns `type: null` branches of anyOf/oneOf and `type: [T, null]` into `nullable: true`, innermost first.",
        apply: null_to_nullable,
    },
    Rule {
        name: "collapse-anyof",
        summary: "Collapses anyOf/oneOf whose branches are duplicates or narrower copies of a plain `{type: T}` branch.",
        apply: collapse_anyof,
    },
    Rule {
        name: "required-nullable-sent-as-null",
        summary: "Makes required-but-nullable body fields optional in the types and marks them `x-dokploy-send-null`, so leaving one unset sends `null` instead of failing.",
        apply: required_nullable_sent_as_null,
    },
    Rule {
        name: "flat-query-parameters",
        summary: "Checks every query parameter is a scalar or a list of scalars (Dokploy reads flat query strings; progenitor cannot build anything else).",
        apply: flat_query_parameters,
    },
    Rule {
        name: "hand-written-operations",
        summary: "Takes out operations whose body is not JSON (multipart uploads); the crate writes those by hand.",
        apply: hand_written_operations,
    },
    Rule {
        name: "raw-success-body",
        summary: "Declares every success response as raw bytes (any media type), so one hand-written decoder reads every real body.",
        apply: raw_success_body,
    },
    Rule {
        name: "shared-error-response",
        summary: "Replaces each operation's error responses with one shared 4XX/5XX response read as raw bytes (status and body kept).",
        apply: shared_error_response,
    },
    Rule {
        name: "unreferenced-schemas",
        summary: "Drops component schemas nothing refers to any more (the old per-status error schemas).",
        apply: unreferenced_schemas,
    },
];

/// Name of the shared error response added by `shared-error-response`.
pub const ERROR_RESPONSE: &str = "DokployError";

/// The outcome of [`normalise`].
#[derive(Debug, Clone)]
pub struct Normalised {
    /// The OpenAPI 3.0.3 document, ready for progenitor.
    pub document: Value,
    /// What the rules changed.
    pub report: Report,
}

/// What the rules changed in one document.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The `openapi` version the input declared.
    pub source_version: String,
    /// How many places each rule changed, by rule name (rules that changed nothing are absent).
    pub changes: BTreeMap<&'static str, usize>,
    /// Operations taken out of generation, to be written by hand.
    pub hand_written: Vec<HandWritten>,
}

/// An operation the generator cannot produce (its body is not JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct HandWritten {
    /// Dokploy's operationId, e.g. `application-dropDeployment`.
    pub operation_id: String,
    /// The path, e.g. `/application.dropDeployment`.
    pub path: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// The request media type, e.g. `multipart/form-data`.
    pub media_type: String,
    /// The operation as the (already normalised) document described it.
    pub operation: Value,
}

/// Everything the rules record while they run.
#[derive(Default)]
struct Findings {
    changed: usize,
    hand_written: Vec<HandWritten>,
}

/// A rule's complaint, before it is tagged with the rule's name.
struct Problem {
    at: Pointer,
    message: String,
}

impl Problem {
    fn new(at: &Pointer, message: impl Into<String>) -> Self {
        Self {
            at: at.clone(),
            message: message.into(),
        }
    }
}

/// Applies every rule of [`RULES`] to `document`, in order.
///
/// ```
/// let doc = serde_json::json!({
///     "openapi": "3.1.0",
///     "info": {"title": "Dokploy API", "version": "v0.30.2"},
///     "paths": {"/project.all": {"get": {"operationId": "project-all", "responses": {
///         "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
///     }}}}
/// });
/// let out = dokploy_codegen::normalise(doc).unwrap();
/// assert_eq!(out.document["openapi"], "3.0.3");
/// ```
pub fn normalise(mut document: Value) -> Result<Normalised, Error> {
    let mut report = Report {
        source_version: document
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        ..Report::default()
    };
    // One record for the whole run: later rules see what earlier ones took out.
    let mut findings = Findings::default();
    for rule in RULES {
        findings.changed = 0;
        (rule.apply)(&mut document, &mut findings).map_err(|p| Error::Rule {
            rule: rule.name,
            at: p.at,
            message: p.message,
        })?;
        if findings.changed > 0 {
            report.changes.insert(rule.name, findings.changed);
        }
    }
    report.hand_written = findings.hand_written;
    Ok(Normalised { document, report })
}

/// Applies one rule by name (for tests and for explaining what a rule does to a document).
pub fn apply_rule(name: &str, document: &mut Value) -> Result<usize, Error> {
    let rule = RULES
        .iter()
        .find(|r| r.name == name)
        .ok_or_else(|| Error::NotOpenApi(format!("no normaliser rule is named `{name}`")))?;
    let mut findings = Findings::default();
    (rule.apply)(document, &mut findings).map_err(|p| Error::Rule {
        rule: rule.name,
        at: p.at,
        message: p.message,
    })?;
    Ok(findings.changed)
}

// ---------------------------------------------------------------------------------------------
// openapi-3.0-dialect

fn openapi_3_0_dialect(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    let root = Pointer::root();
    let Some(obj) = doc.as_object_mut() else {
        return Err(Problem::new(&root, "the document is not a JSON object"));
    };
    let version = match obj.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(other) => {
            return Err(Problem::new(
                &root.join("openapi"),
                format!("`openapi` must be a version string, found {other}"),
            ));
        }
        None => {
            return Err(Problem::new(
                &root,
                "no `openapi` field: this is not an OpenAPI 3 document",
            ));
        }
    };
    if !obj.get("paths").is_some_and(Value::is_object) {
        return Err(Problem::new(
            &root.join("paths"),
            "an OpenAPI document needs a `paths` object",
        ));
    }
    if !obj.get("info").is_some_and(Value::is_object) {
        return Err(Problem::new(
            &root.join("info"),
            "an OpenAPI document needs an `info` object",
        ));
    }
    if version.starts_with("3.1") {
        obj.insert("openapi".into(), json!("3.0.3"));
        // 3.1-only top-level members that 3.0 does not have.
        obj.remove("webhooks");
        obj.remove("jsonSchemaDialect");
        if let Some(info) = obj.get_mut("info").and_then(Value::as_object_mut) {
            info.remove("summary");
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
                license.remove("identifier");
            }
        }
        found.changed += 1;
    } else if !version.starts_with("3.0") {
        return Err(Problem::new(
            &root.join("openapi"),
            format!("OpenAPI {version} is not supported (3.0.x and 3.1.x are)"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// operation-ids

fn operation_ids(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    let mut seen: BTreeMap<String, Pointer> = BTreeMap::new();
    walk::for_each_operation(doc, &mut |op: OperationRef<'_>| {
        let at = Pointer::root().join("paths").join(op.path).join(op.method);
        let id = match op.operation.get("operationId") {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            Some(Value::String(_)) | None => {
                let derived = derive_operation_id(op.path, op.method);
                op.operation
                    .insert("operationId".into(), Value::String(derived.clone()));
                found.changed += 1;
                derived
            }
            Some(other) => {
                return Err(Problem::new(
                    &at.join("operationId"),
                    format!("operationId must be a string, found {other}"),
                ));
            }
        };
        if let Some(first) = seen.insert(crate::method_name(&id), at.clone()) {
            return Err(Problem::new(
                &at.join("operationId"),
                format!(
                    "operationId `{id}` gives the same method name as the operation at {first}"
                ),
            ));
        }
        Ok(())
    })
}

/// `/project.all` + get → `project-all`: Dokploy's own spelling of ids.
fn derive_operation_id(path: &str, method: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return format!("{method}-root");
    }
    trimmed
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// unsupported-keywords

/// 3.1 / JSON Schema keywords that only narrow or annotate: dropping them keeps every valid
/// request valid.
const DROPPED_KEYWORDS: &[&str] = &[
    "examples",
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "contentMediaType",
    "contentEncoding",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
];

/// Keywords that change the shape of a value and that 3.0 cannot express.
const REJECTED_KEYWORDS: &[&str] = &[
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "patternProperties",
    "$dynamicRef",
    "$dynamicAnchor",
    "$defs",
];

fn unsupported_keywords(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_schema(doc, &mut |schema, at| {
        if let Some(key) = REJECTED_KEYWORDS.iter().find(|k| schema.contains_key(**k)) {
            return Err(Problem::new(
                &at.join(key),
                format!("the JSON Schema keyword `{key}` has no OpenAPI 3.0 equivalent"),
            ));
        }
        if schema.get("items").is_some_and(Value::is_array) {
            return Err(Problem::new(
                &at.join("items"),
                "tuple-style `items` (a list of schemas) has no OpenAPI 3.0 equivalent",
            ));
        }
        for key in DROPPED_KEYWORDS {
            if schema.remove(*key).is_some() {
                found.changed += 1;
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// strip-validation

const VALIDATION_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

fn strip_validation(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_schema::<Problem>(doc, &mut |schema, _| {
        for key in VALIDATION_KEYWORDS {
            if schema.remove(*key).is_some() {
                found.changed += 1;
            }
        }
        // `binary` is the one format that changes what goes on the wire.
        if schema
            .get("format")
            .is_some_and(|f| f.as_str() != Some("binary"))
        {
            schema.remove("format");
            found.changed += 1;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// const-to-enum

fn const_to_enum(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_schema::<Problem>(doc, &mut |schema, _| {
        if let Some(value) = schema.remove("const") {
            if let (false, Some(ty)) = (schema.contains_key("type"), json_type_name(&value)) {
                schema.insert("type".into(), json!(ty));
            }
            schema.insert("enum".into(), Value::Array(vec![value]));
            found.changed += 1;
        }
        Ok(())
    })
}

fn json_type_name(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
        Value::Null => None,
    }
}

// ---------------------------------------------------------------------------------------------
// defaulted-fields-optional

fn defaulted_fields_optional(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_operation::<Problem>(doc, &mut |op| {
        let params = op
            .operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut);
        for param in params.into_iter().flatten() {
            let defaulted = param.pointer("/schema/default").is_some();
            let in_path = param.get("in").and_then(Value::as_str) == Some("path");
            let required = param.get("required") == Some(&Value::Bool(true));
            if let (true, false, true, Some(p)) =
                (defaulted, in_path, required, param.as_object_mut())
            {
                p.insert("required".into(), Value::Bool(false));
                found.changed += 1;
            }
        }
        Ok(())
    })?;
    walk::for_each_schema::<Problem>(doc, &mut |schema, _| {
        let defaulted: Vec<String> = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, prop)| prop.get("default").is_some())
            .map(|(name, _)| name.clone())
            .collect();
        if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
            let before = required.len();
            required.retain(|r| !r.as_str().is_some_and(|r| defaulted.iter().any(|d| d == r)));
            found.changed += before - required.len();
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// defaults-to-docs

fn defaults_to_docs(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_schema::<Problem>(doc, &mut |schema, _| {
        if let Some(default) = schema.remove("default") {
            found.changed += 1;
            if default.is_null() {
                return Ok(());
            }
            let note = format!("Dokploy's default: `{default}`.");
            let description = match schema.get("description").and_then(Value::as_str) {
                Some(existing) if !existing.is_empty() => format!("{existing}\n\n{note}"),
                _ => note,
            };
            schema.insert("description".into(), Value::String(description));
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// absent-branch

fn is_absent_branch(schema: &Value) -> bool {
    schema
        .get("not")
        .is_some_and(|n| n.as_object().is_some_and(Map::is_empty))
        && schema.as_object().is_some_and(|m| m.len() == 1)
}

fn absent_branch(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    // A parameter whose schema may be absent is optional, whatever `required` says.
    walk::for_each_operation::<Problem>(doc, &mut |op| {
        if let Some(params) = op
            .operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
        {
            for param in params {
                let absent = param
                    .pointer("/schema")
                    .and_then(|s| s.get("anyOf").or_else(|| s.get("oneOf")))
                    .and_then(Value::as_array)
                    .is_some_and(|branches| branches.iter().any(is_absent_branch));
                let in_path = param.get("in").and_then(Value::as_str) == Some("path");
                if let (true, false, Some(p)) = (absent, in_path, param.as_object_mut()) {
                    p.insert("required".into(), Value::Bool(false));
                }
            }
        }
        Ok(())
    })?;
    walk::for_each_schema(doc, &mut |schema, at| {
        for key in ["anyOf", "oneOf"] {
            let Some(branches) = schema.get_mut(key).and_then(Value::as_array_mut) else {
                continue;
            };
            let before = branches.len();
            branches.retain(|b| !is_absent_branch(b));
            if branches.len() != before {
                found.changed += 1;
                if branches.is_empty() {
                    return Err(Problem::new(
                        &at.join(key),
                        "every branch says the value is absent",
                    ));
                }
                collapse_single_branch(schema, key);
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// null-to-nullable

fn is_null_branch(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        // A `{type: null}` child already rewritten by this rule (children go first).
        _ => {
            schema.get("enum").is_some_and(|e| e == &json!([null]))
                || shape(schema) == json!({"nullable": true})
        }
    }
}

fn null_to_nullable(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_schema(doc, &mut |schema, at| {
        // `type: [T, "null"]`
        if let Some(Value::Array(types)) = schema.get("type").cloned() {
            let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
            let had_null = others.len() != types.len();
            match others.len() {
                0 => {
                    schema.remove("type");
                }
                1 => {
                    schema.insert("type".into(), others[0].clone());
                }
                _ => {
                    return Err(Problem::new(
                        &at.join("type"),
                        format!("a value of several types ({types:?}) has no OpenAPI 3.0 form"),
                    ));
                }
            }
            if had_null {
                schema.insert("nullable".into(), Value::Bool(true));
            }
            found.changed += 1;
        }
        // `type: "null"` on its own: only null is allowed; 3.0 can only say "anything, nullable".
        if schema.get("type").and_then(Value::as_str) == Some("null") {
            schema.remove("type");
            schema.insert("nullable".into(), Value::Bool(true));
            found.changed += 1;
        }
        // `anyOf`/`oneOf` with null branches.
        for key in ["anyOf", "oneOf"] {
            let Some(branches) = schema.get_mut(key).and_then(Value::as_array_mut) else {
                continue;
            };
            let before = branches.len();
            branches.retain(|b| !is_null_branch(b));
            if branches.len() == before {
                continue;
            }
            found.changed += 1;
            if branches.is_empty() {
                schema.remove(key);
                schema.insert("nullable".into(), Value::Bool(true));
                continue;
            }
            collapse_single_branch(schema, key);
            schema.insert("nullable".into(), Value::Bool(true));
        }
        Ok(())
    })
}

/// Annotations the parent keeps when a single branch is merged into it.
const ANNOTATIONS: &[&str] = &["description", "title", "example", "deprecated", "default"];

/// If `schema[key]` has exactly one branch left, folds that branch into `schema`.
///
/// A `$ref` branch (or one that contradicts the parent) becomes `allOf: [branch]`, because in
/// 3.0 a `$ref` ignores its siblings (`nullable` would be lost).
fn collapse_single_branch(schema: &mut Map<String, Value>, key: &str) {
    let single = match schema.get(key).and_then(Value::as_array) {
        Some(branches) if branches.len() == 1 => branches[0].clone(),
        _ => return,
    };
    schema.remove(key);
    let Value::Object(branch) = single else {
        schema.insert("allOf".into(), Value::Array(vec![single]));
        return;
    };
    let conflicts = branch.contains_key("$ref")
        || branch.iter().any(|(k, v)| {
            !ANNOTATIONS.contains(&k.as_str())
                && k != "nullable"
                && schema.get(k).is_some_and(|p| p != v)
        });
    if conflicts {
        schema.insert("allOf".into(), Value::Array(vec![Value::Object(branch)]));
        return;
    }
    for (k, v) in branch {
        if ANNOTATIONS.contains(&k.as_str()) && schema.contains_key(&k) {
            continue;
        }
        if k == "nullable" {
            if v == Value::Bool(true) {
                schema.insert(k, v);
            }
            continue;
        }
        schema.insert(k, v);
    }
}

// ---------------------------------------------------------------------------------------------
// collapse-anyof

/// The schema without its annotations, for comparing branches.
fn shape(schema: &Value) -> Value {
    match schema {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn collapse_anyof(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_schema::<Problem>(doc, &mut |schema, _| {
        for key in ["anyOf", "oneOf"] {
            let Some(branches) = schema.get(key).and_then(Value::as_array).cloned() else {
                continue;
            };
            // Duplicate branches.
            let mut unique: Vec<Value> = Vec::new();
            for b in &branches {
                if !unique.iter().any(|u| shape(u) == shape(b)) {
                    unique.push(b.clone());
                }
            }
            // A plain `{type: T}` branch subsumes every other branch of type T that only narrows
            // it with `enum` (the only narrowing left after strip-validation).
            let plain = unique.iter().find_map(|b| {
                let s = shape(b);
                let m = s.as_object()?;
                (m.len() == 1).then(|| m.get("type").cloned()).flatten()
            });
            // Branches of one type that only list values (`enum`) merge into one list.
            let enum_only = |b: &Value| {
                let s = shape(b);
                s.as_object().is_some_and(|m| {
                    m.contains_key("enum") && m.keys().all(|k| k == "type" || k == "enum")
                })
            };
            let first_type = unique.first().map(|b| shape(b).get("type").cloned());
            if unique.len() > 1
                && unique.iter().all(enum_only)
                && unique
                    .iter()
                    .all(|b| Some(shape(b).get("type").cloned()) == first_type)
            {
                let mut values: Vec<Value> = Vec::new();
                for b in &unique {
                    for v in b
                        .get("enum")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if !values.contains(v) {
                            values.push(v.clone());
                        }
                    }
                }
                let mut merged = Map::new();
                if let Some(Some(ty)) = &first_type {
                    merged.insert("type".into(), ty.clone());
                }
                merged.insert("enum".into(), Value::Array(values));
                unique = vec![Value::Object(merged)];
            }
            if let Some(ty) = plain {
                let narrowed = |b: &Value| {
                    let s = shape(b);
                    s.get("type") == Some(&ty)
                        && s.as_object()
                            .is_some_and(|m| m.keys().all(|k| k == "type" || k == "enum"))
                };
                if unique.iter().all(narrowed) {
                    unique = vec![json!({ "type": ty })];
                }
            }
            if unique.len() != branches.len() {
                found.changed += 1;
                schema.insert(key.into(), Value::Array(unique));
                collapse_single_branch(schema, key);
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// required-nullable-sent-as-null

/// Extension marking a body field Dokploy requires to be present, `null` or not. The client's
/// request hook adds `"field": null` when the caller left it unset.
pub const SEND_NULL: &str = "x-dokploy-send-null";

fn required_nullable_sent_as_null(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_operation::<Problem>(doc, &mut |op| {
        let Some(content) = op
            .operation
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        for media in content.values_mut() {
            let Some(schema) = media.get_mut("schema").and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(required) = schema.get("required").and_then(Value::as_array).cloned() else {
                continue;
            };
            let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
                continue;
            };
            let mut still_required = Vec::new();
            for name in required {
                let prop = name.as_str().and_then(|n| props.get_mut(n));
                match prop.and_then(Value::as_object_mut) {
                    Some(p) if p.get("nullable") == Some(&Value::Bool(true)) => {
                        p.insert(SEND_NULL.into(), Value::Bool(true));
                        let note = "Always sent: `null` when left unset.";
                        let description = match p.get("description").and_then(Value::as_str) {
                            Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
                            _ => note.to_string(),
                        };
                        p.insert("description".into(), Value::String(description));
                        found.changed += 1;
                    }
                    _ => still_required.push(name),
                }
            }
            schema.insert("required".into(), Value::Array(still_required));
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// flat-query-parameters

fn is_scalar(schema: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("string" | "number" | "integer" | "boolean") => true,
        None => schema.get("enum").is_some_and(Value::is_array),
        _ => false,
    }
}

fn flat_query_parameters(doc: &mut Value, _found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_operation(doc, &mut |op| {
        let at = Pointer::root().join("paths").join(op.path).join(op.method);
        let params = op.operation.get("parameters").and_then(Value::as_array);
        for (i, param) in params.into_iter().flatten().enumerate() {
            if param.get("in").and_then(Value::as_str) != Some("query") {
                continue;
            }
            let schema = param.get("schema").cloned().unwrap_or(json!({}));
            let flat = is_scalar(&schema)
                || schema.get("type").and_then(Value::as_str) == Some("array")
                    && schema.get("items").is_some_and(is_scalar);
            if !flat {
                return Err(Problem::new(
                    &at.join("parameters").join(i).join("schema"),
                    format!(
                        "query parameter `{}` is not a scalar or a list of scalars, so it cannot be sent as a flat query parameter",
                        param.get("name").and_then(Value::as_str).unwrap_or("?")
                    ),
                ));
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// hand-written-operations

/// Request media types progenitor can generate.
const GENERATED_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "text/plain",
];

fn hand_written_operations(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    let mut taken: Vec<(String, String)> = Vec::new();
    walk::for_each_operation::<Problem>(doc, &mut |op| {
        let Some(content) = op
            .operation
            .get("requestBody")
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        else {
            return Ok(());
        };
        if content
            .keys()
            .any(|m| GENERATED_MEDIA_TYPES.iter().any(|g| m.starts_with(g)))
        {
            return Ok(());
        }
        let media_type = content.keys().next().cloned().unwrap_or_default();
        found.hand_written.push(HandWritten {
            operation_id: op
                .operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            path: op.path.to_string(),
            method: op.method.to_string(),
            media_type,
            operation: Value::Object(op.operation.clone()),
        });
        taken.push((op.path.to_string(), op.method.to_string()));
        Ok(())
    })?;
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, method) in &taken {
            if let Some(item) = paths.get_mut(path).and_then(Value::as_object_mut) {
                item.remove(method);
                if !item.keys().any(|k| walk::METHODS.contains(&k.as_str())) {
                    paths.remove(path);
                }
            }
            found.changed += 1;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// raw-success-body

fn is_success_status(code: &str) -> bool {
    code == "2XX" || code.len() == 3 && code.starts_with('2')
}

fn raw_success_body(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    walk::for_each_operation::<Problem>(doc, &mut |op| {
        let responses = op.operation.entry("responses").or_insert_with(|| json!({}));
        let Some(responses) = responses.as_object_mut() else {
            return Ok(());
        };
        let mut codes: Vec<String> = responses
            .keys()
            .filter(|c| is_success_status(c))
            .cloned()
            .collect();
        if codes.is_empty() {
            codes.push("200".into());
        }
        for code in codes {
            let description = responses
                .get(&code)
                .and_then(|r| r.get("description"))
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty())
                .unwrap_or("Successful response")
                .to_string();
            responses.insert(
                code,
                json!({
                    "description": format!("{description}. The body is whatever Dokploy's procedure returned: JSON of any shape, or nothing."),
                    "content": {"*/*": {"schema": {}}}
                }),
            );
            found.changed += 1;
        }
        // `default` would count as a second success type in progenitor.
        if responses.remove("default").is_some() {
            found.changed += 1;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// shared-error-response

fn shared_error_response(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    let reference = json!({ "$ref": format!("#/components/responses/{ERROR_RESPONSE}") });
    walk::for_each_operation::<Problem>(doc, &mut |op| {
        let Some(responses) = op
            .operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        let before = responses.len();
        responses.retain(|code, _| is_success_status(code));
        if responses.len() != before {
            found.changed += 1;
        }
        responses.insert("4XX".into(), reference.clone());
        responses.insert("5XX".into(), reference.clone());
        Ok(())
    })?;
    let Some(root) = doc.as_object_mut() else {
        return Ok(());
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Some(components) = components.as_object_mut() {
        let responses = components.entry("responses").or_insert_with(|| json!({}));
        if let Some(responses) = responses.as_object_mut() {
            responses.insert(
                ERROR_RESPONSE.into(),
                json!({
                    "description": "Dokploy's error: usually JSON `{message, code, issues?, data?}` with the HTTP status; `{\"message\":\"Unauthorized\"}` without `code` for a missing, wrong or rate-limited API key; anything else (an HTML page) from a proxy. Read as raw bytes so that status and body always reach the caller.",
                    "content": {"*/*": {"schema": {}}}
                }),
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// unreferenced-schemas

fn collect_refs(value: &Value, refs: &mut BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref" {
                    if let Some(r) = v.as_str() {
                        refs.insert(r.to_string());
                    }
                } else {
                    collect_refs(v, refs);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

fn unreferenced_schemas(doc: &mut Value, found: &mut Findings) -> Result<(), Problem> {
    loop {
        let mut refs = BTreeSet::new();
        collect_refs(doc, &mut refs);
        // The hand-written operations still describe their bodies with the document's schemas.
        for hw in &found.hand_written {
            collect_refs(&hw.operation, &mut refs);
        }
        let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        let unused: Vec<String> = schemas
            .keys()
            .filter(|name| {
                let target = format!(
                    "#/components/schemas/{}",
                    name.replace('~', "~0").replace('/', "~1")
                );
                !refs.contains(&target)
            })
            .cloned()
            .collect();
        if unused.is_empty() {
            return Ok(());
        }
        for name in unused {
            schemas.remove(&name);
            found.changed += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with_body(schema: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a.b": {"post": {
                "operationId": "a-b",
                "requestBody": {"required": true, "content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "ok"}}
            }}}
        })
    }

    fn body(doc: &Value) -> &Value {
        doc.pointer("/paths/~1a.b/post/requestBody/content/application~1json/schema")
            .unwrap()
    }

    fn run(rule: &str, mut doc: Value) -> Value {
        apply_rule(rule, &mut doc).unwrap();
        doc
    }

    #[test]
    fn every_rule_has_a_unique_name_and_a_summary() {
        let names: BTreeSet<_> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), RULES.len());
        assert!(RULES.iter().all(|r| r.summary.ends_with('.')));
    }

    #[test]
    fn dialect_marks_3_1_documents_as_3_0_3() {
        let doc = run("openapi-3.0-dialect", doc_with_body(json!({})));
        assert_eq!(doc["openapi"], "3.0.3");
    }

    #[test]
    fn dialect_keeps_3_0_documents() {
        let mut doc = doc_with_body(json!({}));
        doc["openapi"] = json!("3.0.3");
        assert_eq!(apply_rule("openapi-3.0-dialect", &mut doc).unwrap(), 0);
    }

    #[test]
    fn dialect_rejects_swagger_2_and_html_like_documents() {
        let mut swagger = json!({"swagger": "2.0", "info": {}, "paths": {}});
        let err = apply_rule("openapi-3.0-dialect", &mut swagger).unwrap_err();
        assert!(
            err.to_string().contains("not an OpenAPI 3 document"),
            "{err}"
        );
        let mut v2 = json!({"openapi": "2.0", "info": {}, "paths": {}});
        assert!(apply_rule("openapi-3.0-dialect", &mut v2).is_err());
        let mut no_paths = json!({"openapi": "3.1.0", "info": {}});
        let err = apply_rule("openapi-3.0-dialect", &mut no_paths).unwrap_err();
        assert!(err.to_string().contains("at /paths"), "{err}");
    }

    #[test]
    fn operation_ids_are_derived_from_the_path_when_missing() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/a.b"]["post"]
            .as_object_mut()
            .unwrap()
            .remove("operationId");
        let doc = run("operation-ids", doc);
        assert_eq!(doc["paths"]["/a.b"]["post"]["operationId"], "a-b");
    }

    #[test]
    fn operation_ids_that_collide_as_method_names_are_an_error_naming_the_path() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/a.c"] = json!({"get": {"operationId": "a_b", "responses": {}}});
        let err = apply_rule("operation-ids", &mut doc).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/paths/~1a.c/get/operationId"), "{text}");
        assert!(text.contains("operation-ids"), "{text}");
    }

    #[test]
    fn unsupported_keywords_drop_annotations_and_property_names() {
        let doc = run(
            "unsupported-keywords",
            doc_with_body(
                json!({"type": "object", "propertyNames": {"type": "string"},
                "additionalProperties": {"type": "string"}, "examples": [{}]}),
            ),
        );
        assert_eq!(
            body(&doc),
            &json!({"type": "object", "additionalProperties": {"type": "string"}})
        );
    }

    #[test]
    fn unsupported_keywords_reject_tuples_with_the_json_path() {
        let mut doc = doc_with_body(json!({"type": "object", "properties": {
            "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}]}}}));
        let err = apply_rule("unsupported-keywords", &mut doc).unwrap_err();
        assert!(
            err.to_string().contains("/properties/pair/prefixItems"),
            "{err}"
        );
    }

    #[test]
    fn strip_validation_keeps_types_and_binary_format() {
        let doc = run(
            "strip-validation",
            doc_with_body(json!({"type": "object", "properties": {
                "id": {"type": "string", "minLength": 1, "pattern": "^x$"},
                "port": {"type": "integer", "minimum": 1, "maximum": 65535, "format": "int32"},
                "file": {"type": "string", "format": "binary"}}})),
        );
        assert_eq!(
            body(&doc)["properties"],
            json!({"id": {"type": "string"}, "port": {"type": "integer"},
                   "file": {"type": "string", "format": "binary"}})
        );
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        let doc = run(
            "const-to-enum",
            doc_with_body(json!({"type": "object", "properties": {
                "providerType": {"type": "string", "const": "cloudflare"},
                "untyped": {"const": true}}})),
        );
        assert_eq!(
            body(&doc)["properties"]["providerType"],
            json!({"type": "string", "enum": ["cloudflare"]})
        );
        assert_eq!(
            body(&doc)["properties"]["untyped"],
            json!({"type": "boolean", "enum": [true]})
        );
    }

    #[test]
    fn fields_with_a_default_are_optional() {
        // port.create: `protocol` has a default (zod `.default("tcp")`), yet 3.1 lists it required.
        let doc = run(
            "defaulted-fields-optional",
            doc_with_body(json!({"type": "object", "properties": {
                "applicationId": {"type": "string"},
                "protocol": {"type": "string", "enum": ["tcp", "udp"], "default": "tcp"}},
                "required": ["applicationId", "protocol"]})),
        );
        assert_eq!(body(&doc)["required"], json!(["applicationId"]));
    }

    #[test]
    fn query_parameters_with_a_default_are_optional() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/c.l"] = json!({"get": {"operationId": "c-l", "parameters": [{
            "in": "query", "name": "tail", "required": true,
            "schema": {"type": "number", "default": 100}}], "responses": {}}});
        let doc = run("defaulted-fields-optional", doc);
        assert_eq!(
            doc["paths"]["/c.l"]["get"]["parameters"][0]["required"],
            false
        );
    }

    #[test]
    fn defaults_move_into_the_description() {
        let doc = run(
            "defaults-to-docs",
            doc_with_body(json!({"type": "object", "properties": {
                "type": {"type": "string", "enum": ["fetch", "cache"], "default": "cache"},
                "isStaticSpa": {"type": "boolean", "default": false, "description": "SPA"}}})),
        );
        assert_eq!(
            body(&doc)["properties"]["type"],
            json!({"type": "string", "enum": ["fetch", "cache"], "description": "Dokploy's default: `\"cache\"`."})
        );
        assert_eq!(
            body(&doc)["properties"]["isStaticSpa"]["description"],
            "SPA\n\nDokploy's default: `false`."
        );
    }

    #[test]
    fn absent_branch_makes_the_query_parameter_optional() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/c.l"] = json!({"get": {"operationId": "c-l", "parameters": [{
            "in": "query", "name": "type", "required": true,
            "schema": {"anyOf": [{"not": {}}, {"type": "string", "enum": ["fetch", "cache"]}]}
        }], "responses": {}}});
        let doc = run("absent-branch", doc);
        assert_eq!(
            doc["paths"]["/c.l"]["get"]["parameters"][0],
            json!({"in": "query", "name": "type", "required": false,
                   "schema": {"type": "string", "enum": ["fetch", "cache"]}})
        );
    }

    #[test]
    fn null_branch_becomes_nullable() {
        let doc = run(
            "null-to-nullable",
            doc_with_body(json!({"type": "object", "properties": {
                "env": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "d"}}})),
        );
        assert_eq!(
            body(&doc)["properties"]["env"],
            json!({"type": "string", "nullable": true, "description": "d"})
        );
    }

    #[test]
    fn nested_null_branches_collapse_innermost_first() {
        let doc = run(
            "null-to-nullable",
            doc_with_body(json!({"anyOf": [
                {"anyOf": [{"type": "object", "properties": {"Test": {"type": "string"}}}, {"type": "null"}]},
                {"type": "null"}
            ]})),
        );
        assert_eq!(
            body(&doc),
            &json!({"type": "object", "properties": {"Test": {"type": "string"}}, "nullable": true})
        );
    }

    #[test]
    fn null_branch_beside_a_ref_keeps_nullable_through_all_of() {
        let doc = run(
            "null-to-nullable",
            doc_with_body(json!({"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]})),
        );
        assert_eq!(
            body(&doc),
            &json!({"allOf": [{"$ref": "#/components/schemas/X"}], "nullable": true})
        );
    }

    #[test]
    fn null_branch_beside_several_branches_keeps_the_any_of() {
        let doc = run(
            "null-to-nullable",
            doc_with_body(
                json!({"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]}),
            ),
        );
        assert_eq!(
            body(&doc),
            &json!({"anyOf": [{"type": "string"}, {"type": "number"}], "nullable": true})
        );
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        let doc = run(
            "null-to-nullable",
            doc_with_body(json!({"type": ["string", "null"]})),
        );
        assert_eq!(body(&doc), &json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn type_lists_of_several_real_types_are_an_error() {
        let mut doc = doc_with_body(json!({"type": ["string", "number"]}));
        let err = apply_rule("null-to-nullable", &mut doc).unwrap_err();
        assert!(err.to_string().contains("/schema/type"), "{err}");
    }

    #[test]
    fn collapse_anyof_merges_a_string_and_its_narrower_copies() {
        // letsEncryptEmail: an e-mail address or "" (after strip-validation and const-to-enum).
        let doc = run(
            "collapse-anyof",
            doc_with_body(
                json!({"anyOf": [{"type": "string"}, {"type": "string", "enum": [""]}],
                                 "nullable": true}),
            ),
        );
        assert_eq!(body(&doc), &json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn collapse_anyof_merges_enums_of_one_type() {
        // docker.getContainersByAppNameMatch?appType in the 3.0.3 documents.
        let doc = run(
            "collapse-anyof",
            doc_with_body(json!({"anyOf": [{"type": "string", "enum": ["stack"]},
                                           {"type": "string", "enum": ["docker-compose"]}]})),
        );
        assert_eq!(
            body(&doc),
            &json!({"type": "string", "enum": ["stack", "docker-compose"]})
        );
    }

    #[test]
    fn collapse_anyof_keeps_real_alternatives() {
        let schema = json!({"anyOf": [{"type": "string"}, {"type": "number"}]});
        let doc = run("collapse-anyof", doc_with_body(schema.clone()));
        assert_eq!(body(&doc), &schema);
    }

    #[test]
    fn required_nullable_fields_become_optional_and_marked() {
        let doc = run(
            "required-nullable-sent-as-null",
            doc_with_body(json!({"type": "object", "properties": {
                "applicationId": {"type": "string"},
                "buildArgs": {"type": "string", "nullable": true},
                "env": {"type": "string", "nullable": true}},
                "required": ["applicationId", "buildArgs"]})),
        );
        let schema = body(&doc);
        assert_eq!(schema["required"], json!(["applicationId"]));
        assert_eq!(schema["properties"]["buildArgs"][SEND_NULL], true);
        assert!(schema["properties"]["env"].get(SEND_NULL).is_none());
    }

    #[test]
    fn object_query_parameters_are_an_error_naming_the_parameter() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/c.l"] = json!({"get": {"operationId": "c-l", "parameters": [{
            "in": "query", "name": "filter", "schema": {"type": "object"}}], "responses": {}}});
        let err = apply_rule("flat-query-parameters", &mut doc).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("/paths/~1c.l/get/parameters/0/schema"),
            "{text}"
        );
        assert!(text.contains("`filter`"), "{text}");
    }

    #[test]
    fn scalar_and_list_query_parameters_pass() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/c.l"] = json!({"get": {"operationId": "c-l", "parameters": [
            {"in": "query", "name": "a", "schema": {"type": "string", "enum": ["x"]}},
            {"in": "query", "name": "b", "schema": {"type": "array", "items": {"type": "integer"}}}
        ], "responses": {}}});
        assert!(apply_rule("flat-query-parameters", &mut doc).is_ok());
    }

    #[test]
    fn multipart_operations_are_taken_out_and_reported() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/app.drop"] = json!({"post": {"operationId": "app-drop",
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}},
            "responses": {}}});
        let mut found = Findings::default();
        hand_written_operations(&mut doc, &mut found).ok().unwrap();
        assert!(doc["paths"].get("/app.drop").is_none());
        assert_eq!(found.hand_written.len(), 1);
        assert_eq!(found.hand_written[0].operation_id, "app-drop");
        assert_eq!(found.hand_written[0].media_type, "multipart/form-data");
    }

    #[test]
    fn success_bodies_become_raw_and_default_goes() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/a.b"]["post"]["responses"] = json!({
            "200": {"description": "Successful response", "content": {"application/json": {
                "schema": {"type": "object", "properties": {}, "additionalProperties": false}}}},
            "default": {"$ref": "#/components/responses/error"}
        });
        let doc = run("raw-success-body", doc);
        let responses = &doc["paths"]["/a.b"]["post"]["responses"];
        assert_eq!(responses["200"]["content"], json!({"*/*": {"schema": {}}}));
        assert!(responses.get("default").is_none());
    }

    #[test]
    fn an_operation_without_success_response_gets_a_raw_200() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/a.b"]["post"]["responses"] = json!({"default": {"description": "x"}});
        let doc = run("raw-success-body", doc);
        assert!(doc["paths"]["/a.b"]["post"]["responses"]["200"]["content"]["*/*"].is_object());
    }

    #[test]
    fn errors_share_one_raw_response() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/a.b"]["post"]["responses"] = json!({
            "200": {"description": "ok"},
            "400": {"$ref": "#/components/schemas/error.BAD_REQUEST"},
            "401": {"description": "x"}, "404": {"description": "x"}, "500": {"description": "x"}
        });
        let doc = run("shared-error-response", doc);
        let responses = doc["paths"]["/a.b"]["post"]["responses"]
            .as_object()
            .unwrap();
        let codes: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(codes, vec!["200", "4XX", "5XX"]);
        assert_eq!(
            responses["4XX"]["$ref"],
            format!("#/components/responses/{ERROR_RESPONSE}")
        );
        assert!(doc["components"]["responses"][ERROR_RESPONSE]["content"]["*/*"].is_object());
    }

    #[test]
    fn schemas_nothing_refers_to_are_dropped() {
        let mut doc = doc_with_body(json!({"$ref": "#/components/schemas/Used"}));
        doc["components"] = json!({"schemas": {
            "Used": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nested"}}},
            "Nested": {"type": "string"},
            "error.BAD_REQUEST": {"type": "object"}
        }});
        let doc = run("unreferenced-schemas", doc);
        let names: Vec<&String> = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(names, vec!["Nested", "Used"]);
    }

    #[test]
    fn schemas_used_only_by_a_hand_written_operation_are_kept() {
        let mut doc = doc_with_body(json!({}));
        doc["paths"]["/app.drop"] = json!({"post": {"operationId": "app-drop",
            "requestBody": {"content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}}},
            "responses": {}}});
        doc["components"] = json!({"schemas": {"Upload": {"type": "object"}}});
        let out = normalise(doc).unwrap();
        assert!(
            out.document["components"]["schemas"]
                .get("Upload")
                .is_some()
        );
        assert_eq!(out.report.hand_written.len(), 1);
    }

    #[test]
    fn normalise_reports_what_each_rule_changed() {
        let out = normalise(doc_with_body(json!({"type": "object", "properties": {
            "env": {"anyOf": [{"type": "string"}, {"type": "null"}]}}})))
        .unwrap();
        assert_eq!(out.report.source_version, "3.1.0");
        // The `{type: null}` branch and its parent.
        assert_eq!(out.report.changes.get("null-to-nullable"), Some(&2));
        assert_eq!(out.report.changes.get("openapi-3.0-dialect"), Some(&1));
    }
}
