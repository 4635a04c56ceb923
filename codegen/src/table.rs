//! The operation table: one entry per operation of the document, generated beside the client.
//!
//! The client crate uses it to look operations up by Dokploy's procedure name (for
//! [raw calls](../../dokploy/struct.Call.html), explicit `null`s and the embedded fake), and the
//! tests use it to prove that every operation has a method.

use std::fmt::Write as _;

use serde_json::Value;

use crate::normalise::Normalised;
use crate::walk;

/// One operation as the table describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Dokploy's procedure name, e.g. `application.saveEnvironment` (the path without `/`).
    pub procedure: String,
    /// The document's operationId, e.g. `application-saveEnvironment`.
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path, e.g. `/application.saveEnvironment`.
    pub path: String,
    /// The client method, e.g. `application_save_environment`.
    pub rust_method: String,
    /// `false` for the operations written by hand (multipart uploads).
    pub generated: bool,
    /// Query parameters.
    pub query: Vec<Field>,
    /// Top-level fields of the request body.
    pub body: Vec<Field>,
}

/// A query parameter or a top-level body field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub name: String,
    /// Must be present.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// What a value is (for a list: what each item is).
    pub kind: Kind,
    /// A list of [`kind`](Field::kind) values (sent as repeated query keys or a JSON array).
    pub list: bool,
    /// The allowed values of an enum (of each item, for a list); empty when any value goes.
    pub values: Vec<String>,
    /// The document's description (with Dokploy's default, if it has one); may be empty.
    pub description: String,
}

/// What a field's value is, as far as a command line or a form needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON string.
    String,
    /// A whole number.
    Integer,
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Anything else (an object, a list of objects, a union): JSON as written.
    Json,
    /// A file's bytes (the multipart uploads).
    File,
}

impl Kind {
    /// The variant's name, as the client crate's `FieldKind` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "String",
            Kind::Integer => "Integer",
            Kind::Number => "Number",
            Kind::Boolean => "Boolean",
            Kind::Json => "Json",
            Kind::File => "File",
        }
    }
}

/// The kind of a normalised schema, whether it is a list of that kind, and its enum values.
fn kind_of(schema: &Value) -> (Kind, bool, Vec<String>) {
    let scalar = |s: &Value| -> Option<(Kind, Vec<String>)> {
        let kind = match s.get("type").and_then(Value::as_str)? {
            "string" if s.get("format").and_then(Value::as_str) == Some("binary") => Kind::File,
            "string" => Kind::String,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            _ => return None,
        };
        let values = s
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|v| match v {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect();
        Some((kind, values))
    };
    if let Some((kind, values)) = scalar(schema) {
        return (kind, false, values);
    }
    if schema.get("type").and_then(Value::as_str) == Some("array")
        && let Some((kind, values)) = schema.get("items").and_then(scalar)
        && kind != Kind::File
    {
        return (kind, true, values);
    }
    (Kind::Json, false, Vec::new())
}

fn description_of(schema: &Value) -> String {
    schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Lists every operation of a normalised document, the hand-written ones included, sorted by
/// procedure name.
pub fn entries(normalised: &Normalised) -> Vec<Entry> {
    let mut doc = normalised.document.clone();
    let mut out = Vec::new();
    let _ = walk::for_each_operation::<()>(&mut doc, &mut |op| {
        out.push(entry(op.path, op.method, op.operation, true));
        Ok(())
    });
    for hw in &normalised.report.hand_written {
        if let Some(op) = hw.operation.as_object() {
            out.push(entry(&hw.path, &hw.method, op, false));
        }
    }
    out.sort_by(|a, b| a.procedure.cmp(&b.procedure));
    out
}

fn entry(path: &str, method: &str, op: &serde_json::Map<String, Value>, generated: bool) -> Entry {
    let operation_id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let query = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .map(|p| {
            let schema = p.get("schema").unwrap_or(&Value::Null);
            let (kind, list, values) = kind_of(schema);
            let mut description = description_of(p);
            if description.is_empty() {
                description = description_of(schema);
            }
            Field {
                name: p
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                nullable: schema
                    .get("nullable")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                kind,
                list,
                values,
                description,
            }
        })
        .collect();
    let schema = op
        .get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
        .and_then(|c| c.values().next())
        .and_then(|m| m.get("schema"));
    let body = schema.map(body_fields).unwrap_or_default();
    Entry {
        procedure: path.trim_start_matches('/').to_string(),
        rust_method: crate::method_name(&operation_id),
        operation_id,
        method: method.to_uppercase(),
        path: path.to_string(),
        generated,
        query,
        body,
    }
}

fn body_fields(schema: &Value) -> Vec<Field> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, prop)| {
            let (kind, list, values) = kind_of(prop);
            Field {
                name: name.clone(),
                required: required.contains(&name.as_str())
                    || prop.get(crate::normalise::SEND_NULL) == Some(&Value::Bool(true)),
                nullable: prop
                    .get("nullable")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                kind,
                list,
                values,
                description: description_of(prop),
            }
        })
        .collect()
}

/// Rust source for the table: `pub const OPERATIONS: &[Operation]`, using the types of the
/// client crate's `operations` module (`Operation`, `Method`, `Field`, `FieldKind`).
pub fn rust_source(entries: &[Entry], document_version: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// The `info.version` of the vendored document: the Dokploy release it describes.\npub const DOCUMENT_VERSION: &str = {document_version:?};\n"
    );
    let _ = writeln!(
        s,
        "/// Every operation of the vendored document, sorted by procedure name.\npub const OPERATIONS: &[Operation] = &["
    );
    for e in entries {
        let method = match e.method.as_str() {
            "GET" => "Get",
            "POST" => "Post",
            "PUT" => "Put",
            "DELETE" => "Delete",
            "PATCH" => "Patch",
            "HEAD" => "Head",
            "OPTIONS" => "Options",
            _ => "Trace",
        };
        let _ = writeln!(
            s,
            "    Operation {{ procedure: {:?}, operation_id: {:?}, method: Method::{method}, path: {:?}, rust_method: {:?}, generated: {}, query: {}, body: {} }},",
            e.procedure,
            e.operation_id,
            e.path,
            e.rust_method,
            e.generated,
            fields(&e.query),
            fields(&e.body),
        );
    }
    s.push_str("];\n");
    s
}

fn fields(fields: &[Field]) -> String {
    let items: Vec<String> = fields
        .iter()
        .map(|f| {
            format!(
                "Field {{ name: {:?}, required: {}, nullable: {}, kind: FieldKind::{}, list: {}, values: &{:?}, description: {:?} }}",
                f.name,
                f.required,
                f.nullable,
                f.kind.name(),
                f.list,
                f.values,
                f.description
            )
        })
        .collect();
    format!("&[{}]", items.join(", "))
}

/// Rust source for a test helper listing one closure per operation that calls the client's
/// method for it: it compiles only if every operation has a method.
pub fn calls_source(entries: &[Entry], client_path: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// A closure that calls one client method.\npub type OperationCall = fn(&{client_path});\n\n/// `(operationId, closure calling the client method)` for every operation of the document.\n#[allow(dead_code)]\npub fn every_operation_call() -> Vec<(&'static str, OperationCall)> {{\n    vec!["
    );
    for e in entries {
        let _ = writeln!(
            s,
            "        ({:?}, |c| {{ let _ = c.{}(); }}),",
            e.operation_id, e.rust_method
        );
    }
    s.push_str("    ]\n}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalised() -> Normalised {
        crate::normalise(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/application.saveEnvironment": {"post": {
                    "operationId": "application-saveEnvironment",
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "applicationId": {"type": "string"},
                            "buildArgs": {"anyOf": [{"type": "string"}, {"type": "null"}]}
                        },
                        "required": ["applicationId", "buildArgs"]
                    }}}},
                    "responses": {}
                }},
                "/application.dropDeployment": {"post": {
                    "operationId": "application-dropDeployment",
                    "requestBody": {"content": {"multipart/form-data": {"schema": {
                        "type": "object",
                        "properties": {"zip": {"type": "string", "format": "binary"}},
                        "required": ["zip"]
                    }}}},
                    "responses": {}
                }},
                "/compose.loadServices": {"get": {
                    "operationId": "compose-loadServices",
                    "parameters": [
                        {"in": "query", "name": "composeId", "required": true, "schema": {"type": "string"}},
                        {"in": "query", "name": "type", "schema": {"type": "string", "enum": ["fetch", "cache"], "default": "cache"}},
                        {"in": "query", "name": "ids", "schema": {"type": "array", "items": {"type": "integer"}}}
                    ],
                    "responses": {}
                }}
            }
        }))
        .unwrap()
    }

    #[test]
    fn lists_generated_and_hand_written_operations_sorted() {
        let entries = entries(&normalised());
        let names: Vec<&str> = entries.iter().map(|e| e.procedure.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "application.dropDeployment",
                "application.saveEnvironment",
                "compose.loadServices"
            ]
        );
        assert!(!entries[0].generated);
        assert!(entries[1].generated);
    }

    #[test]
    fn records_required_and_nullable_body_fields() {
        let entries = entries(&normalised());
        let save = &entries[1];
        assert_eq!(save.rust_method, "application_save_environment");
        assert_eq!(save.method, "POST");
        assert_eq!(
            save.body[1],
            Field {
                name: "buildArgs".into(),
                required: true,
                nullable: true,
                kind: Kind::String,
                list: false,
                values: vec![],
                description: "Always sent: `null` when left unset.".into(),
            }
        );
    }

    #[test]
    fn records_query_parameters() {
        let entries = entries(&normalised());
        let load = &entries[2];
        assert_eq!(load.query.len(), 3);
        assert!(load.query[0].required);
        assert!(!load.query[1].required);
    }

    #[test]
    fn records_kinds_enum_values_lists_and_defaults() {
        let entries = entries(&normalised());
        let load = &entries[2];
        assert_eq!(load.query[1].kind, Kind::String);
        assert_eq!(load.query[1].values, ["fetch", "cache"]);
        assert!(
            load.query[1].description.contains("`\"cache\"`"),
            "{}",
            load.query[1].description
        );
        assert_eq!(
            (load.query[2].kind, load.query[2].list),
            (Kind::Integer, true)
        );
        let drop = &entries[0];
        assert_eq!(drop.body[0].kind, Kind::File);
    }

    #[test]
    fn objects_and_unions_are_json() {
        let (kind, list, _) = kind_of(&json!({"type": "object", "properties": {}}));
        assert_eq!((kind, list), (Kind::Json, false));
        let (kind, list, _) = kind_of(&json!({"type": "array", "items": {"type": "object"}}));
        assert_eq!((kind, list), (Kind::Json, false));
        let (kind, _, _) = kind_of(&json!({"anyOf": [{"type": "string"}, {"type": "object"}]}));
        assert_eq!(kind, Kind::Json);
    }

    #[test]
    fn rust_source_names_every_operation() {
        let src = rust_source(&entries(&normalised()), "v1");
        assert!(src.contains("DOCUMENT_VERSION: &str = \"v1\""));
        assert!(src.contains("procedure: \"compose.loadServices\""));
        assert!(src.contains("method: Method::Get"));
        let calls = calls_source(&entries(&normalised()), "dokploy::Client");
        assert!(calls.contains("c.application_drop_deployment()"));
    }
}
