//! The walk: every model, decoded from JSON that has a marker in every string field a secret
//! could occupy, printed with `Debug` (and `{:#?}`); no marker may show.
//!
//! The fields come from each model's shape (its `schemars` JSON Schema, as the census reads it), so a
//! field added to a model is walked without a word here, and `every_model_is_walked…` checks
//! that no model is left out of the list in `mod.rs`. A string field gets the bare marker when
//! its type is [`Secret`] or its name is a secret's ([`is_secret_key`]), and otherwise a text
//! with the marker in every shape secrets take inside text (`password: …`, `--password …`,
//! `token …`, `PGPASSWORD=…`, a URL's password, a JSON member, `Authorization: Bearer …`).
//! Every object also gets fields no model names: secret-looking ones of a notification kind
//! this release does not know (`routingKey`), and free text.

use std::collections::BTreeSet;
use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::{Notification, NotificationType};
use crate::redact::is_secret_key;

/// The marker: nothing a model prints may contain it.
const MARK: &str = "Mk7c1e9Q";

/// What walking one model found.
#[derive(Debug, Default)]
pub(super) struct Walked {
    /// Instances decoded and printed.
    instances: usize,
    /// Markers put in the instances.
    placed: usize,
    /// Markers that reached the decoded model (it holds them; `Debug` must not show them).
    markers: usize,
    /// What went wrong: printed markers, instances that did not decode.
    problems: Vec<String>,
}

/// The schema the walk fills for `T`: its own, but for a notification, whose schema is the row
/// Dokploy sends with the kinds' settings untyped, one with every kind's settings typed (see
/// [`notification_rows`]).
fn schema_of<T: JsonSchema>() -> Value {
    let mut generator = schemars::SchemaGenerator::default();
    let root = if T::schema_name() == Notification::schema_name() {
        notification_rows(&mut generator)
    } else {
        generator.root_schema_for::<T>().to_value()
    };
    let mut root = root;
    if let Value::Object(object) = &mut root {
        let definitions: Map<String, Value> = generator
            .definitions()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let entry = object
            .entry("$defs")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(defs) = entry {
            for (name, schema) in definitions {
                defs.entry(name).or_insert(schema);
            }
        }
    }
    root
}

/// Walks the model `T`.
pub(super) fn walk<T: JsonSchema + DeserializeOwned + Serialize + fmt::Debug>() -> Walked {
    let root = schema_of::<T>();
    let definitions = root
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let name = T::schema_name();
    let fill = Fill {
        definitions: &definitions,
        root: (&name, &root),
    };
    let mut walked = Walked::default();
    for instance in fill.object_or_any(&root, None, &[]) {
        let model: T = match serde_json::from_value(instance.clone()) {
            Ok(model) => model,
            Err(e) => {
                let start: String = instance.to_string().chars().take(300).collect();
                walked.problems.push(format!(
                    "the walk made JSON that does not decode ({e}): {start}…"
                ));
                continue;
            }
        };
        walked.instances += 1;
        walked.placed += instance.to_string().matches(MARK).count();
        walked.markers += serde_json::to_string(&model)
            .unwrap_or_default()
            .matches(MARK)
            .count();
        for printed in [format!("{model:?}"), format!("{model:#?}")] {
            if let Some(at) = printed.find(MARK) {
                let around: String = printed[at.saturating_sub(200)..]
                    .chars()
                    .take(260)
                    .collect();
                walked
                    .problems
                    .push(format!("printed a marker: …{around}…"));
            }
        }
    }
    walked
}

/// A string that holds a secret in every shape text gives secrets.
fn secret_shapes() -> String {
    format!(
        "note password: {MARK}\n--password {MARK} token {MARK} PGPASSWORD={MARK} postgres://u:{MARK}@db/x {{\"apiKey\":\"{MARK}\"}}\nAuthorization: Bearer {MARK}\nPOSTGRES_PASSWORD: {MARK}"
    )
}

/// The fields no model names, added to every object.
fn unknown_fields() -> Map<String, Value> {
    let Value::Object(map) = json!({
        "routingKey": MARK,
        "integrationKey": MARK,
        "sshPassword": MARK,
        "futureNote": secret_shapes(),
        "futureSettings": {"apiToken": MARK, "note": secret_shapes(), "list": [secret_shapes()]},
    }) else {
        unreachable!("an object literal")
    };
    map
}

/// Makes JSON instances of a schema (JSON Schema as `schemars` writes it), every string field
/// filled.
struct Fill<'a> {
    definitions: &'a Map<String, Value>,
    /// The walked model's name and schema, which `"$ref": "#"` points at.
    root: (&'a str, &'a Value),
}

/// The definition's name a `$ref` points at.
fn reference_name(reference: &str) -> &str {
    reference
        .trim_start_matches("#/$defs/")
        .trim_start_matches("#/definitions/")
}

/// The schema's types (`"type": "string"` or `["string", "null"]`).
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The `allOf`, `anyOf` and `oneOf` branches of a schema.
fn branches(schema: &Value) -> impl Iterator<Item = &Value> {
    ["allOf", "anyOf", "oneOf"]
        .into_iter()
        .filter_map(|k| schema.get(k).and_then(Value::as_array))
        .flatten()
}

impl Fill<'_> {
    /// The instances of `schema` for a field named `key`: one, or one per alternative (`oneOf`
    /// and `anyOf` branches, and an object's fields' alternatives, one field at a time).
    /// `path` names the models being filled around it: a model met again (an environment's
    /// project's environments…) is filled shallowly, its nested models left out.
    fn object_or_any(&self, schema: &Value, key: Option<&str>, path: &[&str]) -> Vec<Value> {
        let Value::Object(object) = schema else {
            // `true`: anything.
            return vec![self.text(key)];
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let (name, definition) = if reference == "#" {
                self.root
            } else {
                let name = reference_name(reference);
                match self.definitions.get(name) {
                    Some(definition) => (name, definition),
                    None => return vec![Value::Null],
                }
            };
            let mut inner = path.to_vec();
            inner.push(name);
            return self.object_or_any(definition, key, &inner);
        }
        // A string enum's value does not change what is printed: its first one will do.
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            return values.iter().take(1).cloned().collect();
        }
        if let Some(value) = object.get("const") {
            return vec![value.clone()];
        }
        let mut found: Vec<Value> = branches(schema)
            .flat_map(|branch| self.object_or_any(branch, key, path))
            .collect();
        if found.iter().any(|v| !v.is_null()) {
            found.retain(|v| !v.is_null());
        }
        if !found.is_empty() {
            return found;
        }
        let kinds = types(schema);
        let kind = kinds
            .iter()
            .copied()
            .find(|k| *k != "null")
            .or(kinds.first().copied());
        match kind {
            Some("string") => vec![self.text(key)],
            Some("integer" | "number") => vec![json!(1)],
            Some("boolean") => vec![json!(true)],
            Some("null") => vec![Value::Null],
            Some("array") => {
                let elements = match object.get("items") {
                    Some(item @ Value::Object(_)) => self.object_or_any(item, key, path),
                    Some(Value::Array(items)) => items
                        .iter()
                        .flat_map(|item| self.object_or_any(item, key, path))
                        .collect(),
                    _ => vec![self.text(key)],
                };
                // Every alternative in one list.
                vec![Value::Array(elements)]
            }
            Some("object") => self.object(object, path),
            _ if object.contains_key("properties") => self.object(object, path),
            _ => vec![self.text(key)],
        }
    }

    /// An object's instances: every field filled, plus the fields no model names. A model met
    /// again inside itself gets only its required fields and its plain ones. Only the walked
    /// model's own fields give alternatives (`notificationType`: one instance per kind); nested
    /// ones take their first.
    fn object(&self, object: &Map<String, Value>, path: &[&str]) -> Vec<Value> {
        let again = path
            .last()
            .is_some_and(|name| path[..path.len() - 1].contains(name));
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut base = Map::new();
        let mut alternatives = Vec::new();
        let empty = Map::new();
        let properties = object
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (name, field) in properties {
            if again && !required.contains(&name.as_str()) && !self.is_plain(field) {
                continue;
            }
            let mut values = self.object_or_any(field, Some(name), path).into_iter();
            base.insert(name.clone(), values.next().unwrap_or(Value::Null));
            if path.len() <= 1 {
                alternatives.extend(values.map(|value| (name.clone(), value)));
            }
        }
        // A typed map (custom webhook headers): entries of its value type.
        let typed_map = match object.get("additionalProperties") {
            Some(values @ Value::Object(map)) if !map.is_empty() => {
                for name in ["Authorization", "X-Custom"] {
                    if let Some(value) = self.object_or_any(values, Some(name), path).first() {
                        base.insert(name.to_string(), value.clone());
                    }
                }
                true
            }
            _ => false,
        };
        if !typed_map {
            for (name, value) in unknown_fields() {
                base.entry(name).or_insert(value);
            }
        }
        // A row names its database's kind by one id field (`postgresId`…), as Dokploy sends it.
        let mut ids = super::DatabaseKind::ALL.iter().map(|kind| kind.id_field());
        if ids.any(|id| base.contains_key(id)) {
            let others: Vec<&str> = ids.collect();
            base.retain(|name, _| !others.contains(&name.as_str()));
            alternatives.retain(|(name, _)| !others.contains(&name.as_str()));
        }
        let mut instances = vec![Value::Object(base.clone())];
        for (name, value) in alternatives {
            let mut other = base.clone();
            other.insert(name, value);
            instances.push(Value::Object(other));
        }
        instances
    }

    /// `true` for a field that holds no model (text, a number, a flag, a list of those).
    fn is_plain(&self, schema: &Value) -> bool {
        let Value::Object(object) = schema else {
            return true;
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            if reference == "#" {
                // The walked model itself.
                return false;
            }
            return self
                .definitions
                .get(reference_name(reference))
                .is_none_or(|d| {
                    d.get("properties").is_none()
                        && d.get("$ref").is_none()
                        && branches(d).next().is_none()
                        && !types(d).contains(&"object")
                });
        }
        let branches_plain = branches(schema).all(|b| self.is_plain(b));
        let items_plain = match object.get("items") {
            Some(item @ Value::Object(_)) => self.is_plain(item),
            _ => true,
        };
        !object.contains_key("properties")
            && !types(schema).contains(&"object")
            && branches_plain
            && items_plain
    }

    /// The value of a string field named `key`.
    fn text(&self, key: Option<&str>) -> Value {
        match key {
            Some(key) if is_secret_key(key) => json!(MARK),
            _ => json!(secret_shapes()),
        }
    }
}

/// A notification row as Dokploy sends it, for the walk: every kind's settings under its name,
/// typed (the one `notificationType` names decodes as that kind, the others stay in `extra`),
/// and a kind this release does not know (`pagerduty`, with its `routingKey`); one instance per
/// kind.
fn notification_rows(generator: &mut schemars::SchemaGenerator) -> Value {
    let mut fields = Map::new();
    for name in ["notificationId", "name", "createdAt", "organizationId"] {
        fields.insert(name.to_string(), json!({"type": "string"}));
    }
    let events = generator
        .root_schema_for::<super::NotificationEvents>()
        .to_value();
    if let Some(Value::Object(properties)) = events.get("properties") {
        fields.extend(properties.clone());
    }
    let mut kinds: Vec<&str> = NotificationType::KNOWN.iter().map(|t| t.as_str()).collect();
    kinds.push("pagerduty");
    let one_of: Vec<Value> = kinds.iter().map(|kind| json!({"const": kind})).collect();
    fields.insert("notificationType".to_string(), json!({ "oneOf": one_of }));
    for (kind, settings) in super::notification::settings_schemas(generator) {
        fields.insert(format!("{kind}Id"), json!({"type": "string"}));
        fields.insert(kind.to_string(), settings.to_value());
    }
    fields.insert("pagerdutyId".to_string(), json!({"type": "string"}));
    fields.insert("pagerduty".to_string(), json!({"type": "object"}));
    json!({"type": "object", "properties": fields})
}

#[test]
fn no_model_prints_a_marker_from_any_string_field() {
    let mut problems = Vec::new();
    let mut instances = 0;
    for (model, walked) in super::walk_every_model() {
        assert!(
            walked.instances > 0,
            "{model}: nothing decoded: {:?}",
            walked.problems
        );
        // A model of flags only (permissions by resource) holds no text to mark.
        assert!(
            walked.markers > 0 || walked.placed == 0,
            "{model}: no marker reached the model"
        );
        instances += walked.instances;
        problems.extend(walked.problems.into_iter().map(|p| format!("{model}: {p}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(instances > super::REDACTED_DEBUG_MODELS.len());
}

#[test]
fn every_model_is_walked_or_holds_no_text_from_dokploy() {
    /// Types that carry nothing a secret could be in, or are walked inside another.
    const NOT_WALKED: &[(&str, &str)] = &[
        ("BackupTarget", "a database or a compose service, by id"),
        ("DatabaseKind", "one of six kinds"),
        ("DatabaseRef", "a kind and an id"),
        ("DatabaseSetting", "a setting's name"),
        ("DeploymentTarget", "an id"),
        ("GitProviderRef", "a kind and ids"),
        ("NotificationEvent", "an event's name"),
        ("NotificationEvents", "flags only"),
        ("NotificationKind", "walked inside Notification, each kind"),
        ("ProjectTree", "a view of projects, printed through Project"),
        ("Extra", "walked inside every model"),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models");
    let mut declared = BTreeSet::new();
    let mut fixed = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut in_string_enum = false;
        for line in text.lines() {
            for prefix in ["pub struct ", "pub enum "] {
                if let Some(rest) = line.strip_prefix(prefix) {
                    let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                    declared.insert(name);
                }
            }
            if line.starts_with("string_enum! {") {
                in_string_enum = true;
            } else if in_string_enum && !line.trim().starts_with(['/', '#']) {
                // `Name {` or `Name mirrors "procedure" "field", … {`.
                let name: String = line
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                fixed.insert(name);
                in_string_enum = false;
            }
        }
    }
    let walked: BTreeSet<String> = super::REDACTED_DEBUG_MODELS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let not_walked: BTreeSet<String> = NOT_WALKED.iter().map(|(n, _)| n.to_string()).collect();
    let left_out: Vec<&String> = declared
        .iter()
        .filter(|n| !walked.contains(*n) && !not_walked.contains(*n))
        .collect();
    assert!(
        left_out.is_empty(),
        "models neither in `redacted_debug!` (src/models/mod.rs) nor NOT_WALKED: {left_out:?}"
    );
    let stale: Vec<&String> = walked
        .union(&not_walked)
        .filter(|n| !declared.contains(*n))
        .collect();
    assert!(stale.is_empty(), "listed but not declared: {stale:?}");
    assert!(fixed.len() >= 19, "the string enums were found: {fixed:?}");
    assert!(walked.is_disjoint(&fixed));
}
