//! The comparison itself: two [`Api`]s in, the [`Change`]s of the rule table out.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::model::{Api, Kind, Operation, Property, Schema};
use super::rules::*;
use super::{Change, Location, RULES, Rule};

/// Every change from `old` to `new`, sorted by operation, location, field and rule.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Vec::new();
    for (name, o) in &old.operations {
        match new.operations.get(name) {
            Some(n) => compare_operation(o, n, &mut out),
            None => Emitter {
                op: o,
                out: &mut out,
            }
            .operation(
                &OPERATION_REMOVED,
                format!("operation `{} /{name}` removed", o.http_method),
            ),
        }
    }
    for (name, n) in &new.operations {
        if !old.operations.contains_key(name) {
            Emitter {
                op: n,
                out: &mut out,
            }
            .operation(
                &OPERATION_ADDED,
                format!("new operation `{} /{name}`", n.http_method),
            );
        }
    }
    let rank = |rule: &Rule| RULES.iter().position(|r| *r == rule).unwrap_or(usize::MAX);
    out.sort_by(|a, b| {
        (&a.operation, a.location, &a.field, rank(a.rule)).cmp(&(
            &b.operation,
            b.location,
            &b.field,
            rank(b.rule),
        ))
    });
    out
}

/// Writes changes about one operation.
struct Emitter<'a> {
    op: &'a Operation,
    out: &'a mut Vec<Change>,
}

impl Emitter<'_> {
    fn operation(&mut self, rule: &'static Rule, message: String) {
        let rust = format!("Client::{}", self.op.rust_method);
        self.push(rule, Location::Operation, None, rust, message);
    }

    fn field(&mut self, rule: &'static Rule, location: Location, at: &FieldPath, message: String) {
        let op = self.op;
        // Query parameters and hand-written bodies are set through builder methods; generated
        // bodies are typify structs named after the operationId.
        let through_builder = location == Location::Query || op.hand_written;
        let rust = if through_builder && at.is_root() {
            format!("Client::{}()", op.rust_method)
        } else if through_builder {
            format!("Client::{}().{}()", op.rust_method, at.rust)
        } else {
            let body = format!("types::{}Body", op.operation_id.to_upper_camel_case());
            if at.is_root() {
                body
            } else {
                format!("{body}::{}", at.rust)
            }
        };
        self.push(rule, location, Some(at.json()), rust, message);
    }

    fn push(
        &mut self,
        rule: &'static Rule,
        location: Location,
        field: Option<String>,
        rust: String,
        message: String,
    ) {
        self.out.push(Change {
            rule,
            operation: self.op.procedure.clone(),
            rust_method: self.op.rust_method.clone(),
            location,
            field,
            rust,
            message,
        });
    }
}

/// A parameter or field, by its JSON names and by the Rust names typify gives them.
#[derive(Debug, Clone, Default)]
struct FieldPath {
    json: String,
    rust: String,
}

impl FieldPath {
    fn is_root(&self) -> bool {
        self.json.is_empty()
    }

    fn json(&self) -> String {
        if self.is_root() {
            "(body)".into()
        } else {
            self.json.clone()
        }
    }

    fn field(&self, name: &str) -> Self {
        let join = |base: &str, part: &str| {
            if base.is_empty() {
                part.to_string()
            } else {
                format!("{base}.{part}")
            }
        };
        Self {
            json: join(&self.json, name),
            rust: join(&self.rust, &dokploy_codegen::method_name(name)),
        }
    }

    fn suffixed(&self, suffix: &str) -> Self {
        Self {
            json: format!("{}{suffix}", self.json),
            rust: format!("{}{suffix}", self.rust),
        }
    }
}

fn compare_operation(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let mut at = Emitter { op: n, out };
    let name = &n.procedure;
    if o.http_method != n.http_method {
        at.operation(
            &OPERATION_METHOD_CHANGED,
            format!(
                "`/{name}` changed from {} to {}",
                o.http_method, n.http_method
            ),
        );
    }
    if o.rust_method != n.rust_method {
        at.operation(
            &OPERATION_ID_CHANGED,
            format!(
                "operationId `{}` became `{}`: `Client::{}` is now `Client::{}`",
                o.operation_id, n.operation_id, o.rust_method, n.rust_method
            ),
        );
    }
    let media = |op: &Operation| {
        op.media_type
            .as_deref()
            .map(|m| m.split(';').next().unwrap_or(m).trim().to_string())
    };
    let media_changed = match (media(o), media(n)) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    };
    if media_changed || o.hand_written != n.hand_written {
        at.operation(
            &REQUEST_MEDIA_TYPE_CHANGED,
            format!(
                "request body changed from {} to {}{}",
                media(o).unwrap_or_else(|| "none".into()),
                media(n).unwrap_or_else(|| "none".into()),
                match (o.hand_written, n.hand_written) {
                    (false, true) => ": the operation is now written by hand",
                    (true, false) => ": the operation is now generated",
                    _ => "",
                }
            ),
        );
    }
    if !o.deprecated && n.deprecated {
        at.operation(
            &OPERATION_DEPRECATED,
            format!("`{} /{name}` is deprecated", n.http_method),
        );
    }
    let before = at.out.len();
    compare_query(&mut at, &o.query, &n.query);
    let empty = Schema {
        kind: Kind::Object(BTreeMap::new()),
        nullable: false,
        values: None,
        default: None,
    };
    let (ob, nb) = (
        o.body.as_ref().unwrap_or(&empty),
        n.body.as_ref().unwrap_or(&empty),
    );
    compare_shape(
        &mut at,
        Location::Body,
        &FieldPath::default(),
        ob,
        nb,
        false,
    );
    if (o.hand_written || n.hand_written) && at.out.len() > before {
        at.operation(
            &HAND_WRITTEN_OPERATION_CHANGED,
            format!(
                "the inputs of hand-written `Client::{}` changed: update src/uploads.rs",
                n.rust_method
            ),
        );
    }
}

fn compare_query(
    at: &mut Emitter<'_>,
    old: &BTreeMap<String, Property>,
    new: &BTreeMap<String, Property>,
) {
    let loc = Location::Query;
    for (name, o) in old {
        let path = FieldPath::default().field(name);
        let Some(n) = new.get(name) else {
            at.field(
                &QUERY_PARAM_REMOVED,
                loc,
                &path,
                format!("query parameter `{name}` removed"),
            );
            continue;
        };
        match (o.required, n.required) {
            (false, true) => at.field(
                &QUERY_PARAM_BECAME_REQUIRED,
                loc,
                &path,
                format!("query parameter `{name}` became required"),
            ),
            (true, false) => at.field(
                &QUERY_PARAM_BECAME_OPTIONAL,
                loc,
                &path,
                format!("query parameter `{name}` became optional"),
            ),
            _ => {}
        }
        compare_shape(at, loc, &path, &o.schema, &n.schema, true);
    }
    for (name, n) in new {
        if old.contains_key(name) {
            continue;
        }
        let path = FieldPath::default().field(name);
        let (rule, which) = if n.required {
            (&NEW_REQUIRED_QUERY_PARAM, "required")
        } else {
            (&NEW_OPTIONAL_QUERY_PARAM, "optional")
        };
        at.field(
            rule,
            loc,
            &path,
            format!(
                "new {which} query parameter `{name}` ({})",
                n.schema.type_label()
            ),
        );
    }
}

fn compare_properties(
    at: &mut Emitter<'_>,
    base: &FieldPath,
    old: &BTreeMap<String, Property>,
    new: &BTreeMap<String, Property>,
) {
    let loc = Location::Body;
    for (name, o) in old {
        let path = base.field(name);
        match new.get(name) {
            Some(n) => compare_property(at, &path, o, n),
            None => at.field(
                &REQUEST_FIELD_REMOVED,
                loc,
                &path,
                format!("field `{}` removed", path.json),
            ),
        }
    }
    for (name, n) in new {
        if old.contains_key(name) {
            continue;
        }
        let path = base.field(name);
        let (rule, which) = match (n.required, n.schema.nullable) {
            (true, false) => (&NEW_REQUIRED_REQUEST_FIELD, "required"),
            (true, true) => (
                &NEW_REQUIRED_NULLABLE_REQUEST_FIELD,
                "required nullable (sent as null when unset)",
            ),
            (false, _) => (&NEW_OPTIONAL_REQUEST_FIELD, "optional"),
        };
        at.field(
            rule,
            loc,
            &path,
            format!(
                "new {which} field `{}` ({})",
                path.json,
                n.schema.type_label()
            ),
        );
    }
}

/// A body field present on both sides: presence and nullability, then its shape.
fn compare_property(at: &mut Emitter<'_>, path: &FieldPath, o: &Property, n: &Property) {
    let loc = Location::Body;
    let field = &path.json;
    let (nullable_before, nullable_after) = (o.schema.nullable, n.schema.nullable);
    match (o.required, n.required) {
        (false, true) if nullable_after => at.field(
            &REQUEST_FIELD_BECAME_REQUIRED_NULLABLE,
            loc,
            path,
            format!("field `{field}` became required, nullable: sent as null when unset"),
        ),
        (false, true) => at.field(
            &REQUEST_FIELD_BECAME_REQUIRED,
            loc,
            path,
            format!("field `{field}` became required"),
        ),
        (true, false) => at.field(
            &REQUEST_FIELD_BECAME_OPTIONAL,
            loc,
            path,
            format!("field `{field}` became optional"),
        ),
        _ => {}
    }
    match (nullable_before, nullable_after) {
        (false, true) if o.required && n.required => at.field(
            &REQUIRED_REQUEST_FIELD_BECAME_NULLABLE,
            loc,
            path,
            format!("required field `{field}` became nullable: sent as null when unset"),
        ),
        (false, true) => at.field(
            &REQUEST_FIELD_BECAME_NULLABLE,
            loc,
            path,
            format!("field `{field}` became nullable"),
        ),
        (true, false) => at.field(
            &REQUEST_FIELD_BECAME_NOT_NULLABLE,
            loc,
            path,
            format!("field `{field}` no longer accepts null"),
        ),
        _ => {}
    }
    compare_shape(at, loc, path, &o.schema, &n.schema, true);
}

/// The rules for a schema's type, values and default, by location.
struct ShapeRules {
    type_changed: &'static Rule,
    enum_added: &'static Rule,
    enum_removed: &'static Rule,
    default_changed: &'static Rule,
}

fn shape_rules(loc: Location) -> ShapeRules {
    match loc {
        Location::Query => ShapeRules {
            type_changed: &QUERY_PARAM_TYPE_CHANGED,
            enum_added: &QUERY_PARAM_ENUM_VALUE_ADDED,
            enum_removed: &QUERY_PARAM_ENUM_VALUE_REMOVED,
            default_changed: &QUERY_PARAM_DEFAULT_CHANGED,
        },
        Location::Body | Location::Operation => ShapeRules {
            type_changed: &REQUEST_FIELD_TYPE_CHANGED,
            enum_added: &REQUEST_FIELD_ENUM_VALUE_ADDED,
            enum_removed: &REQUEST_FIELD_ENUM_VALUE_REMOVED,
            default_changed: &REQUEST_FIELD_DEFAULT_CHANGED,
        },
    }
}

/// Type, allowed values, default and (for array items and map values, whose nullability no
/// property covers) `null`; then what is nested inside.
fn compare_shape(
    at: &mut Emitter<'_>,
    loc: Location,
    path: &FieldPath,
    o: &Schema,
    n: &Schema,
    nullability_checked: bool,
) {
    let rules = shape_rules(loc);
    let what = match loc {
        Location::Query => "query parameter",
        _ => "field",
    };
    let field = path.json();
    let (old_type, new_type) = (o.type_label(), n.type_label());
    if old_type != new_type {
        at.field(
            rules.type_changed,
            loc,
            path,
            format!("{what} `{field}` changed type from {old_type} to {new_type}"),
        );
        return;
    }
    if !nullability_checked && loc == Location::Body {
        match (o.nullable, n.nullable) {
            (false, true) => at.field(
                &REQUEST_FIELD_BECAME_NULLABLE,
                loc,
                path,
                format!("`{field}` became nullable"),
            ),
            (true, false) => at.field(
                &REQUEST_FIELD_BECAME_NOT_NULLABLE,
                loc,
                path,
                format!("`{field}` no longer accepts null"),
            ),
            _ => {}
        }
    }
    if let (Some(ov), Some(nv)) = (&o.values, &n.values) {
        let added: Vec<&Value> = nv.iter().filter(|v| !ov.contains(v)).collect();
        let removed: Vec<&Value> = ov.iter().filter(|v| !nv.contains(v)).collect();
        if !added.is_empty() {
            at.field(
                rules.enum_added,
                loc,
                path,
                format!("{what} `{field}` accepts {}", list(&added)),
            );
        }
        if !removed.is_empty() {
            at.field(
                rules.enum_removed,
                loc,
                path,
                format!("{what} `{field}` no longer accepts {}", list(&removed)),
            );
        }
    }
    if o.default != n.default {
        let show = |d: &Option<Value>| d.as_ref().map_or("none".to_string(), Value::to_string);
        at.field(
            rules.default_changed,
            loc,
            path,
            format!(
                "Dokploy's default for {what} `{field}` changed from {} to {}",
                show(&o.default),
                show(&n.default)
            ),
        );
    }
    match (&o.kind, &n.kind) {
        (Kind::Object(a), Kind::Object(b)) => compare_properties(at, path, a, b),
        (Kind::Array(a), Kind::Array(b)) => {
            compare_shape(at, loc, &path.suffixed("[]"), a, b, false);
        }
        (Kind::Map(a), Kind::Map(b)) => {
            compare_shape(at, loc, &path.suffixed(".*"), a, b, false);
        }
        (Kind::OneOf(a), Kind::OneOf(b)) | (Kind::AllOf(a), Kind::AllOf(b)) => {
            // Same labels, so the same number of branches in the same order.
            for (a, b) in a.iter().zip(b) {
                compare_shape(at, loc, path, a, b, false);
            }
        }
        _ => {}
    }
}

/// `` `a`, `b` `` (strings without their quotes).
fn list(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("`{s}`"),
            other => format!("`{other}`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::api_from_document;
    use serde_json::json;

    fn api(paths: Value) -> Api {
        api_from_document(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1.0.0"},
            "paths": paths,
            "components": {"schemas": {
                "Settings": {"type": "object", "properties": {"port": {"type": "integer"}}}
            }}
        }))
        .unwrap()
    }

    /// `POST /a.b` with a JSON body of these properties.
    fn body(props: Value, required: Value) -> Value {
        json!({"/a.b": {"post": {"operationId": "a-b", "requestBody": {"content": {
            "application/json": {"schema": {"type": "object", "properties": props, "required": required}}
        }}, "responses": {}}}})
    }

    /// `POST /a.up` with a multipart body of these properties.
    fn upload(props: Value) -> Value {
        json!({"/a.up": {"post": {"operationId": "a-up", "requestBody": {"content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": props}}
        }}, "responses": {}}}})
    }

    /// `GET /a.q` with these query parameters.
    fn query(params: Value) -> Value {
        json!({"/a.q": {"get": {"operationId": "a-q", "parameters": params, "responses": {}}}})
    }

    fn param(name: &str, required: bool, schema: Value) -> Value {
        json!({"in": "query", "name": name, "required": required, "schema": schema})
    }

    fn merged(a: Value, b: Value) -> Value {
        let mut a = a;
        if let (Some(a), Some(b)) = (a.as_object_mut(), b.as_object()) {
            a.extend(b.clone());
        }
        a
    }

    fn changes(old: Value, new: Value) -> Vec<Change> {
        diff(&api(old), &api(new))
    }

    fn ids(old: Value, new: Value) -> Vec<&'static str> {
        changes(old, new).iter().map(|c| c.rule.id).collect()
    }

    fn s() -> Value {
        json!({"type": "string"})
    }

    fn nullable_string() -> Value {
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]})
    }

    /// One hand-made case per rule: (old paths, new paths, the rule ids reported).
    fn cases() -> Vec<(Value, Value, Vec<&'static str>)> {
        let id = json!({"id": s()});
        vec![
            (
                body(id.clone(), json!([])),
                merged(body(id.clone(), json!([])), query(json!([]))),
                vec!["operation-added"],
            ),
            (
                merged(body(id.clone(), json!([])), query(json!([]))),
                body(id.clone(), json!([])),
                vec!["operation-removed"],
            ),
            (
                query(json!([])),
                json!({"/a.q": {"post": {"operationId": "a-q", "responses": {}}}}),
                vec!["operation-method-changed"],
            ),
            (
                query(json!([])),
                json!({"/a.q": {"get": {"operationId": "a-query", "responses": {}}}}),
                vec!["operation-id-changed"],
            ),
            (
                body(id.clone(), json!([])),
                json!({"/a.b": {"post": {"operationId": "a-b", "requestBody": {"content": {
                    "multipart/form-data": {"schema": {"type": "object", "properties": {"id": s()}}}}},
                    "responses": {}}}}),
                vec!["request-media-type-changed"],
            ),
            (
                query(json!([])),
                json!({"/a.q": {"get": {"operationId": "a-q", "deprecated": true, "responses": {}}}}),
                vec!["operation-deprecated"],
            ),
            (
                upload(json!({"file": {"type": "string", "format": "binary"}})),
                upload(json!({"file": {"type": "string", "format": "binary"}, "path": s()})),
                vec![
                    "hand-written-operation-changed",
                    "new-optional-request-field",
                ],
            ),
            (
                query(json!([])),
                query(json!([param("projectId", true, s())])),
                vec!["new-required-query-param"],
            ),
            (
                query(json!([])),
                query(json!([param("limit", false, s())])),
                vec!["new-optional-query-param"],
            ),
            (
                query(json!([param("limit", false, s())])),
                query(json!([])),
                vec!["query-param-removed"],
            ),
            (
                query(json!([param("limit", false, s())])),
                query(json!([param("limit", true, s())])),
                vec!["query-param-became-required"],
            ),
            (
                query(json!([param("limit", true, s())])),
                query(json!([param("limit", false, s())])),
                vec!["query-param-became-optional"],
            ),
            (
                query(json!([param("limit", true, s())])),
                query(json!([param("limit", true, json!({"type": "integer"}))])),
                vec!["query-param-type-changed"],
            ),
            (
                query(json!([param(
                    "type",
                    true,
                    json!({"type": "string", "enum": ["a"]})
                )])),
                query(json!([param(
                    "type",
                    true,
                    json!({"type": "string", "enum": ["a", "b"]})
                )])),
                vec!["query-param-enum-value-added"],
            ),
            (
                query(json!([param(
                    "type",
                    true,
                    json!({"type": "string", "enum": ["a", "b"]})
                )])),
                query(json!([param(
                    "type",
                    true,
                    json!({"type": "string", "enum": ["a"]})
                )])),
                vec!["query-param-enum-value-removed"],
            ),
            (
                query(json!([param(
                    "type",
                    false,
                    json!({"type": "string", "default": "a"})
                )])),
                query(json!([param(
                    "type",
                    false,
                    json!({"type": "string", "default": "b"})
                )])),
                vec!["query-param-default-changed"],
            ),
            (
                body(id.clone(), json!(["id"])),
                body(json!({"id": s(), "name": s()}), json!(["id", "name"])),
                vec!["new-required-request-field"],
            ),
            (
                body(id.clone(), json!(["id"])),
                body(
                    json!({"id": s(), "env": nullable_string()}),
                    json!(["id", "env"]),
                ),
                vec!["new-required-nullable-request-field"],
            ),
            (
                body(id.clone(), json!(["id"])),
                body(json!({"id": s(), "env": s()}), json!(["id"])),
                vec!["new-optional-request-field"],
            ),
            (
                body(json!({"id": s(), "env": s()}), json!(["id"])),
                body(id.clone(), json!(["id"])),
                vec!["request-field-removed"],
            ),
            (
                body(id.clone(), json!([])),
                body(id.clone(), json!(["id"])),
                vec!["request-field-became-required"],
            ),
            (
                body(json!({"env": nullable_string()}), json!([])),
                body(json!({"env": nullable_string()}), json!(["env"])),
                vec!["request-field-became-required-nullable"],
            ),
            (
                body(id.clone(), json!(["id"])),
                body(id.clone(), json!([])),
                vec!["request-field-became-optional"],
            ),
            (
                body(id.clone(), json!([])),
                body(json!({"id": {"type": "number"}}), json!([])),
                vec!["request-field-type-changed"],
            ),
            (
                body(json!({"t": {"type": "string", "enum": ["a"]}}), json!([])),
                body(
                    json!({"t": {"type": "string", "enum": ["a", "b"]}}),
                    json!([]),
                ),
                vec!["request-field-enum-value-added"],
            ),
            (
                body(
                    json!({"t": {"type": "string", "enum": ["a", "b"]}}),
                    json!([]),
                ),
                body(json!({"t": {"type": "string", "enum": ["b"]}}), json!([])),
                vec!["request-field-enum-value-removed"],
            ),
            (
                body(id.clone(), json!([])),
                body(json!({"id": nullable_string()}), json!([])),
                vec!["request-field-became-nullable"],
            ),
            (
                body(id.clone(), json!(["id"])),
                body(json!({"id": nullable_string()}), json!(["id"])),
                vec!["required-request-field-became-nullable"],
            ),
            (
                body(json!({"id": nullable_string()}), json!([])),
                body(id.clone(), json!([])),
                vec!["request-field-became-not-nullable"],
            ),
            (
                body(
                    json!({"on": {"type": "boolean", "default": false}}),
                    json!([]),
                ),
                body(
                    json!({"on": {"type": "boolean", "default": true}}),
                    json!([]),
                ),
                vec!["request-field-default-changed"],
            ),
        ]
    }

    #[test]
    fn each_rule_fires_on_its_hand_made_case() {
        for (i, (old, new, expected)) in cases().into_iter().enumerate() {
            assert_eq!(ids(old, new), expected, "case {i}");
        }
    }

    #[test]
    fn every_rule_of_the_table_has_a_case() {
        let covered: Vec<&str> = cases().into_iter().flat_map(|(_, _, ids)| ids).collect();
        for rule in RULES {
            assert!(covered.contains(&rule.id), "no case for `{}`", rule.id);
        }
    }

    #[test]
    fn a_document_compared_with_itself_has_no_changes() {
        for (old, new, _) in cases() {
            assert!(ids(old.clone(), old).is_empty());
            assert!(ids(new.clone(), new).is_empty());
        }
    }

    #[test]
    fn nullable_in_3_0_and_any_of_null_in_3_1_are_the_same_api() {
        let old = api_from_document(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": body(json!({"env": {"type": "string", "nullable": true}, "id": s()}), json!(["id", "env"]))}))
        .unwrap();
        let new = api(body(
            json!({"id": {"type": "string", "minLength": 1, "description": "the id"},
                   "env": {"anyOf": [{"type": "string"}, {"type": "null"}]}}),
            json!(["env", "id"]),
        ));
        assert!(diff(&old, &new).is_empty());
    }

    #[test]
    fn a_ref_and_the_same_schema_inline_are_no_change() {
        let inline = body(
            json!({"settings": {"type": "object", "properties": {"port": {"type": "integer"}}}}),
            json!([]),
        );
        let by_ref = body(
            json!({"settings": {"$ref": "#/components/schemas/Settings"}}),
            json!([]),
        );
        assert!(ids(inline, by_ref).is_empty());
    }

    #[test]
    fn changes_are_found_through_refs_and_array_items() {
        let old = body(
            json!({"settings": {"$ref": "#/components/schemas/Settings"}}),
            json!([]),
        );
        let new = body(
            json!({"settings": {"type": "object", "properties": {"port": {"type": "string"}}}}),
            json!([]),
        );
        let found = changes(old, new);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field.as_deref(), Some("settings.port"));
        assert_eq!(found[0].rule.id, "request-field-type-changed");

        let items = |props: Value, required: Value| {
            body(
                json!({"domains": {"type": "array", "items": {"type": "object", "properties": props, "required": required}}}),
                json!([]),
            )
        };
        let found = changes(
            items(json!({"host": s()}), json!([])),
            items(json!({"host": s(), "certType": s()}), json!(["certType"])),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule.id, "new-required-request-field");
        assert_eq!(found[0].field.as_deref(), Some("domains[].certType"));
        assert_eq!(found[0].rust, "types::ABBody::domains[].cert_type");
    }

    #[test]
    fn entries_name_the_operation_and_the_rust_item() {
        let found = changes(
            merged(query(json!([])), body(json!({}), json!([]))),
            merged(
                query(json!([param("type", true, s())])),
                body(json!({"buildArgs": s()}), json!([])),
            ),
        );
        let rust: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|c| {
                (
                    c.operation.as_str(),
                    c.rust_method.as_str(),
                    c.rust.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rust,
            vec![
                ("a.b", "a_b", "types::ABBody::build_args"),
                ("a.q", "a_q", "Client::a_q().type_()"),
            ]
        );
    }

    #[test]
    fn descriptions_and_validation_are_no_change() {
        let old = body(
            json!({"id": {"type": "string", "description": "old"}}),
            json!(["id"]),
        );
        let new = body(
            json!({"id": {"type": "string", "description": "new", "maxLength": 3, "examples": ["x"]}}),
            json!(["id"]),
        );
        assert!(ids(old, new).is_empty());
    }

    #[test]
    fn a_type_change_is_reported_once_without_the_nested_details() {
        let old = body(
            json!({"s": {"type": "object", "properties": {"a": s()}}}),
            json!([]),
        );
        let new = body(json!({"s": {"type": "array", "items": s()}}), json!([]));
        assert_eq!(ids(old, new), vec!["request-field-type-changed"]);
    }
}
