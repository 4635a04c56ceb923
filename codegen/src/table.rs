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
        .map(|p| Field {
            name: p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
            nullable: p
                .pointer("/schema/nullable")
                .and_then(Value::as_bool)
                .unwrap_or(false),
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
        .map(|(name, prop)| Field {
            name: name.clone(),
            required: required.contains(&name.as_str())
                || prop.get(crate::normalise::SEND_NULL) == Some(&Value::Bool(true)),
            nullable: prop
                .get("nullable")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
        .collect()
}

/// Rust source for the table: `pub const OPERATIONS: &[Operation]`, using the types of the
/// client crate's `operations` module (`Operation`, `Method`, `Field`).
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
                "Field {{ name: {:?}, required: {}, nullable: {} }}",
                f.name, f.required, f.nullable
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
                        {"in": "query", "name": "type", "schema": {"type": "string"}}
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
                nullable: true
            }
        );
    }

    #[test]
    fn records_query_parameters() {
        let entries = entries(&normalised());
        let load = &entries[2];
        assert_eq!(load.query.len(), 2);
        assert!(load.query[0].required);
        assert!(!load.query[1].required);
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
