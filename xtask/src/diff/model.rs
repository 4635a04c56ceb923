//! What a caller of the generated client sees of a document: its operations, their query
//! parameters and request bodies, with `$ref`s resolved and descriptions dropped.
//!
//! Built from the normaliser's output ([`dokploy_codegen::normalise()`]), so two documents that
//! describe the same API in the 3.0 and the 3.1 dialect give the same model. The operations the
//! normaliser takes out of generation (multipart uploads) are included, marked hand-written.

use std::collections::{BTreeMap, BTreeSet};

use dokploy_codegen::normalise::SEND_NULL;
use serde_json::{Map, Value};

/// The marker the normaliser's `defaults-to-docs` rule writes before a default in a description.
const DEFAULT_NOTE: &str = "Dokploy's default: `";

/// Every operation of one document, by procedure name (`application.update`).
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.version` when it names a Dokploy release (`v0.30.2`).
    pub release: Option<String>,
    /// The operations, by procedure name.
    pub operations: BTreeMap<String, Operation>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Dokploy's procedure name, the path without its `/`: `application.update`.
    pub procedure: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The document's operationId.
    pub operation_id: String,
    /// The client method: `application_update`.
    pub rust_method: String,
    /// Written by hand in the crate (the normaliser takes it out of generation).
    pub hand_written: bool,
    /// The request body's media type, when there is a body.
    pub media_type: Option<String>,
    /// Marked `deprecated: true`.
    pub deprecated: bool,
    /// Query parameters, by name.
    pub query: BTreeMap<String, Property>,
    /// The request body's schema.
    pub body: Option<Schema>,
}

impl Operation {
    /// The router: `application` for `application.update`.
    pub fn router(&self) -> &str {
        router_of(&self.procedure)
    }
}

/// The router part of a procedure name.
pub fn router_of(procedure: &str) -> &str {
    procedure.split('.').next().unwrap_or(procedure)
}

/// A query parameter or an object property.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// Must be present on the wire (for body fields: listed in `required`, or marked
    /// `x-dokploy-send-null` by the normaliser, which keeps Dokploy's required-but-nullable
    /// fields out of `required` but always sends them).
    pub required: bool,
    /// Its schema.
    pub schema: Schema,
}

/// A schema, reduced to what changes requests or the generated Rust types.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// The shape.
    pub kind: Kind,
    /// `null` is accepted.
    pub nullable: bool,
    /// The allowed values, for an `enum`.
    pub values: Option<Vec<Value>>,
    /// Dokploy's default (read back from the note the normaliser writes in the description).
    pub default: Option<Value>,
}

/// The shape of a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Anything (`{}`): `serde_json::Value`.
    Any,
    /// `boolean`.
    Boolean,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `string` with `format: binary`: a file in a multipart body.
    Binary,
    /// `array` of the items.
    Array(Box<Schema>),
    /// An object with declared properties: a struct.
    Object(BTreeMap<String, Property>),
    /// An object without declared properties: a map to the values.
    Map(Box<Schema>),
    /// `anyOf`/`oneOf` alternatives that survived normalisation: an untagged enum.
    OneOf(Vec<Schema>),
    /// `allOf` parts that are not all objects.
    AllOf(Vec<Schema>),
    /// A `$ref` met again while resolving itself (a recursive type), by reference.
    Recursive(String),
    /// A `$ref` that points nowhere, by reference.
    Unresolved(String),
}

impl Schema {
    fn of(kind: Kind) -> Self {
        Self {
            kind,
            nullable: false,
            values: None,
            default: None,
        }
    }

    /// The type, as a short label that differs exactly when the generated Rust type changes
    /// kind: `string`, `string enum`, `array of integer`, `object`, `map of string`…
    pub fn type_label(&self) -> String {
        let base = match &self.kind {
            Kind::Any => "any".to_string(),
            Kind::Boolean => "boolean".into(),
            Kind::Integer => "integer".into(),
            Kind::Number => "number".into(),
            Kind::String => "string".into(),
            Kind::Binary => "binary".into(),
            Kind::Array(items) => format!("array of {}", items.type_label()),
            Kind::Object(_) => "object".into(),
            Kind::Map(values) => format!("map of {}", values.type_label()),
            Kind::OneOf(branches) => branches
                .iter()
                .map(Schema::type_label)
                .collect::<Vec<_>>()
                .join(" | "),
            Kind::AllOf(parts) => format!(
                "all of ({})",
                parts
                    .iter()
                    .map(Schema::type_label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Kind::Recursive(r) | Kind::Unresolved(r) => format!("ref {r}"),
        };
        if self.values.is_some() {
            format!("{base} enum")
        } else {
            base
        }
    }
}

/// Reads a document of either dialect as an [`Api`], after normalising it; the error says why
/// the normaliser refused it.
pub fn api_from_document(document: Value) -> Result<Api, String> {
    let release = document
        .pointer("/info/version")
        .and_then(Value::as_str)
        .filter(|v| v.starts_with('v'))
        .map(str::to_string);
    let normalised = dokploy_codegen::normalise(document).map_err(|e| e.to_string())?;
    let doc = &normalised.document;
    let resolver = Resolver { doc };
    let mut operations = BTreeMap::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !dokploy_codegen::walk::METHODS.contains(&method.as_str()) {
                    continue;
                }
                if let Some(op) = op.as_object() {
                    let op = resolver.operation(path, method, op, item, false);
                    operations.insert(op.procedure.clone(), op);
                }
            }
        }
    }
    for hw in &normalised.report.hand_written {
        if let Some(op) = hw.operation.as_object() {
            let op = resolver.operation(&hw.path, &hw.method, op, &Map::new(), true);
            operations.insert(op.procedure.clone(), op);
        }
    }
    Ok(Api {
        release,
        operations,
    })
}

/// Resolves `$ref`s against one (normalised) document.
struct Resolver<'a> {
    doc: &'a Value,
}

impl Resolver<'_> {
    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &Map<String, Value>,
        item: &Map<String, Value>,
        hand_written: bool,
    ) -> Operation {
        let operation_id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        // Path-level parameters first; the operation's own override them by name.
        let mut query = BTreeMap::new();
        let params = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(
                op.get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        for param in params {
            let param = self.deref(param, &mut BTreeSet::new());
            if param.get("in").and_then(Value::as_str) != Some("query") {
                continue;
            }
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                continue;
            };
            let schema = param
                .get("schema")
                .map(|s| self.schema(s, &mut Vec::new()))
                .unwrap_or_else(|| Schema::of(Kind::Any));
            let required = param.get("required").and_then(Value::as_bool) == Some(true);
            query.insert(name.to_string(), Property { required, schema });
        }
        let body = op
            .get("requestBody")
            .map(|b| self.deref(b, &mut BTreeSet::new()))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
            .and_then(|content| {
                // The media type the client sends: JSON when offered, else the first one.
                content
                    .iter()
                    .find(|(m, _)| m.starts_with("application/json"))
                    .or_else(|| content.iter().next())
            })
            .map(|(media, m)| {
                let schema = m
                    .get("schema")
                    .map(|s| self.schema(s, &mut Vec::new()))
                    .unwrap_or_else(|| Schema::of(Kind::Any));
                (media.clone(), schema)
            });
        Operation {
            procedure: path.trim_start_matches('/').to_string(),
            http_method: method.to_uppercase(),
            rust_method: dokploy_codegen::method_name(&operation_id),
            operation_id,
            hand_written,
            media_type: body.as_ref().map(|(m, _)| m.clone()),
            deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
            query,
            body: body.map(|(_, s)| s),
        }
    }

    /// Follows `$ref`s of a non-schema object (a parameter, a request body).
    fn deref<'v>(&'v self, value: &'v Value, seen: &mut BTreeSet<String>) -> &'v Value {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) if seen.insert(r.to_string()) => match self.lookup(r) {
                Some(target) => self.deref(target, seen),
                None => value,
            },
            _ => value,
        }
    }

    fn lookup(&self, reference: &str) -> Option<&Value> {
        self.doc.pointer(reference.strip_prefix('#')?)
    }

    /// Reduces a schema; `stack` holds the `$ref`s being resolved (to stop on recursion).
    fn schema(&self, value: &Value, stack: &mut Vec<String>) -> Schema {
        let Some(map) = value.as_object() else {
            // `true`/`false` schemas.
            return Schema::of(Kind::Any);
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            if stack.iter().any(|r| r == reference) {
                return Schema::of(Kind::Recursive(reference.to_string()));
            }
            let Some(target) = self.lookup(reference) else {
                return Schema::of(Kind::Unresolved(reference.to_string()));
            };
            stack.push(reference.to_string());
            let mut schema = self.schema(target, stack);
            stack.pop();
            // In 3.0 a `$ref` ignores its siblings, but the normaliser never writes any.
            schema.nullable |= map.get("nullable") == Some(&Value::Bool(true));
            return schema;
        }
        let nullable = map.get("nullable") == Some(&Value::Bool(true));
        let default = default_from_description(map);
        if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
            let mut schema = self.all_of(parts, stack);
            schema.nullable |= nullable;
            schema.default = default.or(schema.default);
            return schema;
        }
        let branches = map
            .get("anyOf")
            .or_else(|| map.get("oneOf"))
            .and_then(Value::as_array);
        if let Some(branches) = branches {
            let mut branches: Vec<Schema> =
                branches.iter().map(|b| self.schema(b, stack)).collect();
            let mut schema = if branches.len() == 1 {
                branches.remove(0)
            } else {
                Schema::of(Kind::OneOf(branches))
            };
            schema.nullable |= nullable;
            schema.default = default.or(schema.default);
            return schema;
        }
        let values = map.get("enum").and_then(Value::as_array).map(|values| {
            // `null` in an enum is nullability, not a value.
            values
                .iter()
                .filter(|v| !v.is_null())
                .cloned()
                .collect::<Vec<_>>()
        });
        let enum_has_null = map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null));
        let ty = map.get("type").and_then(Value::as_str).or_else(|| {
            values
                .as_ref()
                .and_then(|v| v.first())
                .and_then(json_type_name)
        });
        let kind = match ty {
            Some("boolean") => Kind::Boolean,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("string") if map.get("format").and_then(Value::as_str) == Some("binary") => {
                Kind::Binary
            }
            Some("string") => Kind::String,
            Some("array") => Kind::Array(Box::new(
                map.get("items")
                    .map(|i| self.schema(i, stack))
                    .unwrap_or_else(|| Schema::of(Kind::Any)),
            )),
            Some("object") => self.object(map, stack),
            None if map.contains_key("properties") => self.object(map, stack),
            _ => Kind::Any,
        };
        Schema {
            kind,
            nullable: nullable || enum_has_null,
            values,
            default,
        }
    }

    fn object(&self, map: &Map<String, Value>, stack: &mut Vec<String>) -> Kind {
        let Some(props) = map.get("properties").and_then(Value::as_object) else {
            let values = match map.get("additionalProperties") {
                Some(v @ Value::Object(_)) => self.schema(v, stack),
                _ => Schema::of(Kind::Any),
            };
            return Kind::Map(Box::new(values));
        };
        let required: BTreeSet<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let properties = props
            .iter()
            .map(|(name, prop)| {
                let send_null = prop.get(SEND_NULL) == Some(&Value::Bool(true));
                let property = Property {
                    required: send_null || required.contains(name.as_str()),
                    schema: self.schema(prop, stack),
                };
                (name.clone(), property)
            })
            .collect();
        Kind::Object(properties)
    }

    /// `allOf`: one part is that part (the normaliser writes `allOf: [$ref]` to keep a
    /// `nullable` beside a `$ref`); object parts merge into one object.
    fn all_of(&self, parts: &[Value], stack: &mut Vec<String>) -> Schema {
        let mut parts: Vec<Schema> = parts.iter().map(|p| self.schema(p, stack)).collect();
        if parts.len() == 1 {
            return parts.remove(0);
        }
        if parts.iter().all(|p| matches!(p.kind, Kind::Object(_))) {
            let mut merged = BTreeMap::new();
            let mut nullable = true;
            for part in parts {
                nullable &= part.nullable;
                if let Kind::Object(props) = part.kind {
                    merged.extend(props);
                }
            }
            let mut schema = Schema::of(Kind::Object(merged));
            schema.nullable = nullable;
            return schema;
        }
        Schema::of(Kind::AllOf(parts))
    }
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

/// Reads back the default the normaliser moved into the description
/// (``Dokploy's default: `"cache"`.``).
fn default_from_description(map: &Map<String, Value>) -> Option<Value> {
    let description = map.get("description")?.as_str()?;
    let start = description.rfind(DEFAULT_NOTE)? + DEFAULT_NOTE.len();
    let rest = &description[start..];
    let end = rest.rfind("`.")?;
    let text = &rest[..end];
    Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(paths: Value) -> Api {
        api_from_document(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "v1.2.3"}, "paths": paths,
            "components": {"schemas": {
                "Tree": {"type": "object", "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}}
            }}
        }))
        .unwrap()
    }

    fn body(api: &Api, procedure: &str) -> BTreeMap<String, Property> {
        match api.operations[procedure].body.as_ref().map(|b| &b.kind) {
            Some(Kind::Object(props)) => props.clone(),
            other => panic!("not an object body: {other:?}"),
        }
    }

    #[test]
    fn operations_are_keyed_by_procedure_with_their_rust_method() {
        let api = api(json!({"/application.saveEnvironment": {"post": {
            "operationId": "application-saveEnvironment", "responses": {}}}}));
        let op = &api.operations["application.saveEnvironment"];
        assert_eq!(op.rust_method, "application_save_environment");
        assert_eq!(op.http_method, "POST");
        assert_eq!(op.router(), "application");
        assert_eq!(api.release.as_deref(), Some("v1.2.3"));
    }

    #[test]
    fn required_nullable_fields_count_as_required() {
        let api = api(
            json!({"/a.b": {"post": {"operationId": "a-b", "requestBody": {"content": {
            "application/json": {"schema": {"type": "object", "properties": {
                "id": {"type": "string"},
                "env": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "note": {"type": "string"}},
            "required": ["id", "env"]}}}}, "responses": {}}}}),
        );
        let props = body(&api, "a.b");
        assert!(props["id"].required && !props["id"].schema.nullable);
        assert!(props["env"].required && props["env"].schema.nullable);
        assert!(!props["note"].required);
    }

    #[test]
    fn refs_resolve_and_recursion_stops() {
        let api = api(
            json!({"/a.b": {"post": {"operationId": "a-b", "requestBody": {"content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Tree"}}}},
            "responses": {}}}}),
        );
        let props = body(&api, "a.b");
        assert_eq!(props["name"].schema.kind, Kind::String);
        let Kind::Array(items) = &props["children"].schema.kind else {
            panic!("children is not an array")
        };
        assert_eq!(
            items.kind,
            Kind::Recursive("#/components/schemas/Tree".into())
        );
    }

    #[test]
    fn multipart_operations_are_kept_as_hand_written() {
        let api = api(json!({"/app.drop": {"post": {"operationId": "app-drop",
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object",
                "properties": {"zip": {"type": "string", "format": "binary"}}, "required": ["zip"]}}}},
            "responses": {}}}}));
        let op = &api.operations["app.drop"];
        assert!(op.hand_written);
        assert_eq!(op.media_type.as_deref(), Some("multipart/form-data"));
        assert_eq!(body(&api, "app.drop")["zip"].schema.kind, Kind::Binary);
    }

    #[test]
    fn defaults_are_read_back_from_the_normalisers_note() {
        let api = api(
            json!({"/c.l": {"get": {"operationId": "c-l", "parameters": [{
            "in": "query", "name": "type", "schema": {"type": "string", "enum": ["fetch", "cache"],
            "default": "cache"}}], "responses": {}}}}),
        );
        let param = &api.operations["c.l"].query["type"];
        assert_eq!(param.schema.default, Some(json!("cache")));
        assert_eq!(param.schema.type_label(), "string enum");
    }
}
