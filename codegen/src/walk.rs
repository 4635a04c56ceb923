//! Visiting every schema and every operation of an OpenAPI document held as JSON.
//!
//! The normaliser's rules are small functions over one schema or one operation; these walkers
//! find them all (components, parameters, request and response bodies, and everything nested
//! inside: properties, items, `anyOf`…), children before parents so that a rule sees its
//! sub-schemas already rewritten.

use serde_json::{Map, Value};

use crate::Pointer;

/// Keywords whose value is a map from names to schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is one schema.
const SCHEMA_SINGLES: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["anyOf", "oneOf", "allOf", "prefixItems"];

/// What [`for_each_schema`] calls on each schema: the schema object and where it is.
pub type SchemaVisitor<'f, E> = dyn FnMut(&mut Map<String, Value>, &Pointer) -> Result<(), E> + 'f;

/// The HTTP methods an OpenAPI path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f` on every schema object in `doc`, innermost first.
pub fn for_each_schema<E>(doc: &mut Value, f: &mut SchemaVisitor<'_, E>) -> Result<(), E> {
    let root = Pointer::root();
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        let at = root.join("components");
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for (name, schema) in schemas.iter_mut() {
                walk_schema(schema, &at.join("schemas").join(name), f)?;
            }
        }
        if let Some(params) = components
            .get_mut("parameters")
            .and_then(Value::as_object_mut)
        {
            for (name, param) in params.iter_mut() {
                walk_parameter(param, &at.join("parameters").join(name), f)?;
            }
        }
        for section in ["requestBodies", "responses"] {
            if let Some(items) = components.get_mut(section).and_then(Value::as_object_mut) {
                for (name, item) in items.iter_mut() {
                    walk_content(item, &at.join(section).join(name), f)?;
                }
            }
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let at = root.join("paths").join(path);
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let at = at.join(key);
                if key == "parameters" {
                    walk_parameter_list(value, &at, f)?;
                } else if METHODS.contains(&key.as_str()) {
                    walk_operation(value, &at, f)?;
                }
            }
        }
    }
    Ok(())
}

fn walk_operation<E>(op: &mut Value, at: &Pointer, f: &mut SchemaVisitor<'_, E>) -> Result<(), E> {
    let Some(op) = op.as_object_mut() else {
        return Ok(());
    };
    if let Some(params) = op.get_mut("parameters") {
        walk_parameter_list(params, &at.join("parameters"), f)?;
    }
    if let Some(body) = op.get_mut("requestBody") {
        walk_content(body, &at.join("requestBody"), f)?;
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        for (code, response) in responses.iter_mut() {
            walk_content(response, &at.join("responses").join(code), f)?;
        }
    }
    Ok(())
}

fn walk_parameter_list<E>(
    params: &mut Value,
    at: &Pointer,
    f: &mut SchemaVisitor<'_, E>,
) -> Result<(), E> {
    if let Some(list) = params.as_array_mut() {
        for (i, param) in list.iter_mut().enumerate() {
            walk_parameter(param, &at.join(i), f)?;
        }
    }
    Ok(())
}

fn walk_parameter<E>(
    param: &mut Value,
    at: &Pointer,
    f: &mut SchemaVisitor<'_, E>,
) -> Result<(), E> {
    if let Some(schema) = param.get_mut("schema") {
        walk_schema(schema, &at.join("schema"), f)?;
    }
    walk_content(param, at, f)
}

/// Walks the schemas under `content.<media type>.schema` of a request body, response or parameter.
fn walk_content<E>(
    holder: &mut Value,
    at: &Pointer,
    f: &mut SchemaVisitor<'_, E>,
) -> Result<(), E> {
    if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
        for (media, media_type) in content.iter_mut() {
            if let Some(schema) = media_type.get_mut("schema") {
                walk_schema(schema, &at.join("content").join(media).join("schema"), f)?;
            }
        }
    }
    Ok(())
}

/// Walks one schema and everything nested inside it, children first.
pub fn walk_schema<E>(
    schema: &mut Value,
    at: &Pointer,
    f: &mut SchemaVisitor<'_, E>,
) -> Result<(), E> {
    let Some(map) = schema.as_object_mut() else {
        return Ok(());
    };
    for key in SCHEMA_MAPS {
        if let Some(children) = map.get_mut(*key).and_then(Value::as_object_mut) {
            for (name, child) in children.iter_mut() {
                walk_schema(child, &at.join(key).join(name), f)?;
            }
        }
    }
    for key in SCHEMA_SINGLES {
        match map.get_mut(*key) {
            Some(child @ Value::Object(_)) => walk_schema(child, &at.join(key), f)?,
            Some(Value::Array(children)) => {
                for (i, child) in children.iter_mut().enumerate() {
                    walk_schema(child, &at.join(key).join(i), f)?;
                }
            }
            _ => {}
        }
    }
    for key in SCHEMA_LISTS {
        if let Some(children) = map.get_mut(*key).and_then(Value::as_array_mut) {
            for (i, child) in children.iter_mut().enumerate() {
                walk_schema(child, &at.join(key).join(i), f)?;
            }
        }
    }
    f(map, at)
}

/// One operation of a document: where it is and its JSON object.
pub struct OperationRef<'a> {
    /// The path template, e.g. `/project.all`.
    pub path: &'a str,
    /// The lower-case HTTP method.
    pub method: &'a str,
    /// The operation object.
    pub operation: &'a mut Map<String, Value>,
}

/// Calls `f` on every operation of `doc`, in document order.
pub fn for_each_operation<E>(
    doc: &mut Value,
    f: &mut dyn FnMut(OperationRef<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            if let Some(operation) = op.as_object_mut() {
                f(OperationRef {
                    path,
                    method,
                    operation,
                })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn visits_nested_schemas_before_their_parents() {
        let mut doc = json!({
            "paths": {"/a.b": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"x": {"anyOf": [{"type": "string"}, {"type": "null"}]}}
                }}}}
            }}}
        });
        let mut seen = Vec::new();
        for_each_schema::<()>(&mut doc, &mut |_, at| {
            seen.push(at.to_string());
            Ok(())
        })
        .unwrap();
        let base = "/paths/~1a.b/post/requestBody/content/application~1json/schema";
        assert_eq!(
            seen,
            vec![
                format!("{base}/properties/x/anyOf/0"),
                format!("{base}/properties/x/anyOf/1"),
                format!("{base}/properties/x"),
                base.to_string(),
            ]
        );
    }

    #[test]
    fn visits_parameters_components_and_responses() {
        let mut doc = json!({
            "components": {"schemas": {"E": {"type": "object"}}},
            "paths": {"/a.b": {"get": {
                "parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}
            }}}
        });
        let mut count = 0;
        for_each_schema::<()>(&mut doc, &mut |_, _| {
            count += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(count, 3);
    }
}
