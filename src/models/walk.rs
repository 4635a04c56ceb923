//! The walk: every model, decoded from JSON that has a marker in every string field a secret
//! could occupy, printed with `Debug` (and `{:#?}`); no marker may show.
//!
//! The fields come from each model's shape (`schemars`, derived for the tests only), so a
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
use schemars::schema::{InstanceType, Schema, SchemaObject, SingleOrVec};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::{Extra, Notification, NotificationType};
use crate::redact::{Secret, is_secret_key};

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

/// Walks the model `T`.
pub(super) fn walk<T: JsonSchema + DeserializeOwned + Serialize + fmt::Debug>() -> Walked {
    let root = schemars::schema_for!(T);
    let fill = Fill {
        definitions: &root.definitions,
    };
    let mut walked = Walked::default();
    for instance in fill.object_or_any(&Schema::Object(root.schema.clone()), None, &[]) {
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

/// The schema of a string enum: its wire values.
pub(super) fn fixed_values(values: &[&str]) -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        enum_values: Some(values.iter().map(|v| json!(v)).collect()),
        ..Default::default()
    }
    .into()
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

/// Makes JSON instances of a schema, every string field filled.
struct Fill<'a> {
    definitions: &'a schemars::Map<String, Schema>,
}

impl Fill<'_> {
    /// The instances of `schema` for a field named `key`: one, or one per alternative (`oneOf`
    /// and `anyOf` branches, and an object's fields' alternatives, one field at a time).
    /// `path` names the models being filled around it: a model met again (an environment's
    /// project's environments…) is filled shallowly, its nested models left out.
    fn object_or_any(&self, schema: &Schema, key: Option<&str>, path: &[&str]) -> Vec<Value> {
        let Schema::Object(object) = schema else {
            return vec![self.text(key)];
        };
        if let Some(reference) = &object.reference {
            let name = reference.trim_start_matches("#/definitions/");
            let Some(definition) = self.definitions.get(name) else {
                return vec![Value::Null];
            };
            let mut inner = path.to_vec();
            inner.push(name);
            return self.object_or_any(definition, key, &inner);
        }
        if object.format.as_deref() == Some("secret") {
            return vec![json!(MARK)];
        }
        // A string enum's value does not change what is printed: its first one will do.
        if let Some(values) = &object.enum_values {
            return values.iter().take(1).cloned().collect();
        }
        if let Some(value) = &object.const_value {
            return vec![value.clone()];
        }
        if let Some(subschemas) = &object.subschemas {
            let branches = [&subschemas.all_of, &subschemas.any_of, &subschemas.one_of];
            let mut found: Vec<Value> = branches
                .into_iter()
                .flatten()
                .flatten()
                .flat_map(|branch| self.object_or_any(branch, key, path))
                .collect();
            if found.iter().any(|v| !v.is_null()) {
                found.retain(|v| !v.is_null());
            }
            if !found.is_empty() {
                return found;
            }
        }
        let kind = match &object.instance_type {
            Some(SingleOrVec::Single(kind)) => Some(**kind),
            Some(SingleOrVec::Vec(kinds)) => kinds
                .iter()
                .copied()
                .find(|k| *k != InstanceType::Null)
                .or(kinds.first().copied()),
            None => None,
        };
        match kind {
            Some(InstanceType::String) => vec![self.text(key)],
            Some(InstanceType::Integer | InstanceType::Number) => vec![json!(1)],
            Some(InstanceType::Boolean) => vec![json!(true)],
            Some(InstanceType::Null) => vec![Value::Null],
            Some(InstanceType::Array) => {
                let items = object.array.as_ref().and_then(|a| a.items.as_ref());
                let elements = match items {
                    Some(SingleOrVec::Single(item)) => self.object_or_any(item, key, path),
                    Some(SingleOrVec::Vec(items)) => items
                        .iter()
                        .flat_map(|item| self.object_or_any(item, key, path))
                        .collect(),
                    None => vec![self.text(key)],
                };
                // Every alternative in one list.
                vec![Value::Array(elements)]
            }
            Some(InstanceType::Object) => self.object(object, path),
            None if object.object.is_some() => self.object(object, path),
            None => vec![self.text(key)],
        }
    }

    /// An object's instances: every field filled, plus the fields no model names. A model met
    /// again inside itself gets only its required fields and its plain ones. Only the walked
    /// model's own fields give alternatives (`notificationType`: one instance per kind); nested
    /// ones take their first.
    fn object(&self, object: &SchemaObject, path: &[&str]) -> Vec<Value> {
        let again = path
            .last()
            .is_some_and(|name| path[..path.len() - 1].contains(name));
        let mut base = Map::new();
        let mut alternatives = Vec::new();
        let mut typed_map = false;
        if let Some(validation) = &object.object {
            for (name, field) in &validation.properties {
                if again && !validation.required.contains(name) && !self.is_plain(field) {
                    continue;
                }
                let mut values = self.object_or_any(field, Some(name), path).into_iter();
                base.insert(name.clone(), values.next().unwrap_or(Value::Null));
                if path.len() <= 1 {
                    alternatives.extend(values.map(|value| (name.clone(), value)));
                }
            }
            // A typed map (custom webhook headers): entries of its value type.
            if let Some(values) = validation.additional_properties.as_deref()
                && matches!(values, Schema::Object(_))
            {
                typed_map = true;
                for name in ["Authorization", "X-Custom"] {
                    if let Some(value) = self.object_or_any(values, Some(name), path).first() {
                        base.insert(name.to_string(), value.clone());
                    }
                }
            }
        }
        if !typed_map {
            for (name, value) in unknown_fields() {
                base.entry(name).or_insert(value);
            }
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
    fn is_plain(&self, schema: &Schema) -> bool {
        let Schema::Object(object) = schema else {
            return true;
        };
        if let Some(reference) = &object.reference {
            let name = reference.trim_start_matches("#/definitions/");
            return self.definitions.get(name).is_none_or(|d| {
                matches!(d, Schema::Object(o) if o.object.is_none() && o.reference.is_none() && o.subschemas.is_none())
            });
        }
        let branches_plain = object.subschemas.as_ref().is_none_or(|s| {
            [&s.all_of, &s.any_of, &s.one_of]
                .into_iter()
                .flatten()
                .flatten()
                .all(|b| self.is_plain(b))
        });
        let items_plain = object.array.as_ref().is_none_or(|a| match &a.items {
            Some(SingleOrVec::Single(item)) => self.is_plain(item),
            _ => true,
        });
        object.object.is_none() && branches_plain && items_plain
    }

    /// The value of a string field named `key`.
    fn text(&self, key: Option<&str>) -> Value {
        match key {
            Some(key) if is_secret_key(key) => json!(MARK),
            _ => json!(secret_shapes()),
        }
    }
}

impl JsonSchema for Secret {
    fn schema_name() -> String {
        "Secret".to_string()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            format: Some("secret".to_string()),
            ..Default::default()
        }
        .into()
    }
}

impl JsonSchema for Extra {
    fn schema_name() -> String {
        "Extra".to_string()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> Schema {
        <Map<String, Value>>::json_schema(generator)
    }
}

/// A database's id field (`postgresId`…, one per kind), as it is flattened into its row.
impl JsonSchema for super::DatabaseRef {
    fn schema_name() -> String {
        "DatabaseRef".to_string()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> Schema {
        let mut ids = SchemaObject {
            instance_type: Some(InstanceType::Object.into()),
            ..Default::default()
        };
        ids.object().properties.insert(
            super::DatabaseKind::Postgres.id_field().to_string(),
            generator.subschema_for::<String>(),
        );
        ids.into()
    }
}

/// A notification row as Dokploy sends it: every kind's settings under its name (the one
/// `notificationType` names decodes as that kind, the others stay in `extra`), and a kind this
/// release does not know (`pagerduty`, with its `routingKey`).
impl JsonSchema for Notification {
    fn schema_name() -> String {
        "Notification".to_string()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> Schema {
        let mut row = SchemaObject {
            instance_type: Some(InstanceType::Object.into()),
            ..Default::default()
        };
        let fields = &mut row.object().properties;
        for name in ["notificationId", "name", "createdAt", "organizationId"] {
            fields.insert(name.to_string(), generator.subschema_for::<String>());
        }
        let events = schemars::schema_for!(super::NotificationEvents);
        if let Some(events) = events.schema.object {
            fields.extend(events.properties);
        }
        // One instance per kind: each one decodes its settings as that kind.
        let mut kinds: Vec<&str> = NotificationType::KNOWN.iter().map(|t| t.as_str()).collect();
        kinds.push("pagerduty");
        let mut notification_type = SchemaObject::default();
        notification_type.subschemas().one_of = Some(
            kinds
                .iter()
                .map(|kind| {
                    Schema::Object(SchemaObject {
                        const_value: Some(json!(kind)),
                        ..Default::default()
                    })
                })
                .collect(),
        );
        fields.insert("notificationType".to_string(), notification_type.into());
        for (kind, settings) in super::notification::settings_schemas(generator) {
            fields.insert(format!("{kind}Id"), generator.subschema_for::<String>());
            fields.insert(kind.to_string(), settings);
        }
        fields.insert(
            "pagerdutyId".to_string(),
            generator.subschema_for::<String>(),
        );
        fields.insert(
            "pagerduty".to_string(),
            SchemaObject {
                instance_type: Some(InstanceType::Object.into()),
                ..Default::default()
            }
            .into(),
        );
        row.into()
    }
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
            } else if in_string_enum
                && let Some(name) = line.trim().strip_suffix(" {")
                && name.chars().all(char::is_alphanumeric)
            {
                fixed.insert(name.to_string());
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
