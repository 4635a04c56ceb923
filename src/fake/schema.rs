//! Input validation the way Dokploy's zod schemas answer, driven by the vendored OpenAPI
//! document (the same `openapi/dokploy.json` the client is generated from).
//!
//! The document's request schemas carry each field's type, nullability, enum values, length and
//! range limits and defaults; this module checks input against them and reports problems as zod
//! 4 issues (`invalid_type`, `invalid_value`, `too_small`, `too_big`, `invalid_union`). Regex
//! `pattern`s and `format`s are not checked.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::operations::{Method, Operation};

/// The vendored document, byte for byte.
pub(crate) const DOCUMENT: &str = include_str!("../../openapi/dokploy.json");

/// The parsed document (parsed once per process).
pub(crate) fn document() -> Option<&'static Value> {
    static PARSED: OnceLock<Option<Value>> = OnceLock::new();
    PARSED
        .get_or_init(|| serde_json::from_str(DOCUMENT).ok())
        .as_ref()
}

/// Required fields zod reports as `expected nonoptional` (not `expected <type>`) when they are
/// absent: Dokploy makes them required with `.required()` over a database column that has a
/// default or may be null. The document does not tell them from other required fields, so they
/// are listed from the recordings (66, 97, 232, 247). A procedure ending in `*` names every
/// procedure with that prefix: every `notification.create<Kind>` picks the event flags and calls
/// `.required()` (97; where a kind's schema leaves a flag optional, the mark does nothing).
const NONOPTIONAL: &[(&str, &[&str])] = &[
    ("destination.create", &["provider"]),
    (
        "notification.create*",
        &[
            "appBuildError",
            "databaseBackup",
            "dokployBackup",
            "volumeBackup",
            "dokployRestart",
            "appDeploy",
            "dockerCleanup",
            "serverThreshold",
        ],
    ),
    (
        "server.create",
        &["description", "username", "sshKeyId", "serverType"],
    ),
    (
        "libsql.create",
        &["appName", "description", "sqldPrimaryUrl", "serverId"],
    ),
];

/// The member of a property's schema that marks it as [`NONOPTIONAL`].
const NONOPTIONAL_MARK: &str = "x-zod-nonoptional";

/// The input schema of `op` as one object schema: the JSON body's schema for a mutation, the
/// query parameters gathered into an object for a query.
pub(crate) fn input_schema(op: &Operation) -> Value {
    let mut schema = document_schema(op);
    let marked = NONOPTIONAL
        .iter()
        .filter(|(procedure, _)| match procedure.strip_suffix('*') {
            Some(prefix) => op.procedure.starts_with(prefix),
            None => *procedure == op.procedure,
        })
        .flat_map(|(_, fields)| fields.iter());
    for field in marked {
        if let Some(Value::Object(property)) = schema.pointer_mut(&format!("/properties/{field}")) {
            property.insert(NONOPTIONAL_MARK.into(), Value::Bool(true));
        }
    }
    schema
}

/// The input schema of `op` as the document has it.
fn document_schema(op: &Operation) -> Value {
    let empty = json!({"type": "object", "properties": {}});
    let Some(path) = document()
        .and_then(|d| d.get("paths"))
        .and_then(|p| p.get(op.path))
    else {
        return empty;
    };
    match op.method {
        Method::Get => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for param in path
                .pointer("/get/parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(name) = param.get("name").and_then(Value::as_str) else {
                    continue;
                };
                if param.get("in").and_then(Value::as_str) != Some("query") {
                    continue;
                }
                properties.insert(
                    name.to_string(),
                    param.get("schema").cloned().unwrap_or_else(|| json!({})),
                );
                if param.get("required").and_then(Value::as_bool) == Some(true) {
                    required.push(Value::String(name.to_string()));
                }
            }
            json!({"type": "object", "properties": properties, "required": required})
        }
        _ => path
            .pointer("/post/requestBody/content/application~1json/schema")
            .cloned()
            .unwrap_or(empty),
    }
}

/// Checks `input` against the object schema `schema`. On success, the input as zod outputs it:
/// unknown keys dropped, defaults filled in. On failure, zod's issues.
///
/// `coerce` converts query-string values like trpc-openapi does for `GET` (numbers, booleans,
/// one value for an array).
pub(crate) fn validate(
    schema: &Value,
    input: &Map<String, Value>,
    coerce: bool,
) -> Result<Map<String, Value>, Vec<Issue>> {
    let mut v = Validator {
        issues: Vec::new(),
        path: Vec::new(),
        coerce,
    };
    let out = v.object(schema, input);
    if v.issues.is_empty() {
        Ok(out)
    } else {
        Err(v.issues)
    }
}

/// One zod issue, its members in zod's order (`path` and `message` last).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Issue {
    members: Vec<(&'static str, Value)>,
}

impl Issue {
    /// An issue with `members` (without `path`/`message`), at `path`, saying `message`.
    pub(crate) fn new(
        members: Vec<(&'static str, Value)>,
        path: Vec<Value>,
        message: &str,
    ) -> Self {
        let mut members = members;
        members.push(("path", Value::Array(path)));
        members.push(("message", json!(message)));
        Issue { members }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The issue as JSON text, members in order.
    pub(crate) fn render(&self) -> String {
        render_object(self.members.iter().map(|(k, v)| (*k, v.to_string())))
    }

    /// The issue as a JSON value (member order lost).
    #[cfg(test)]
    pub(crate) fn to_value(&self) -> Value {
        Value::Object(
            self.members
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        )
    }
}

/// `{"k":v,…}` from already-rendered values, in the given order.
pub(crate) fn render_object<K: AsRef<str>>(
    members: impl IntoIterator<Item = (K, String)>,
) -> String {
    let members: Vec<String> = members
        .into_iter()
        .map(|(k, v)| format!("{}:{v}", Value::String(k.as_ref().to_string())))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// zod's `error.flatten()` as JSON text: `{"formErrors":[…],"fieldErrors":{field:[…]}}`, fields in
/// the order their first issue came.
pub(crate) fn flatten(issues: &[Issue]) -> String {
    let mut form = Vec::new();
    let mut fields: Vec<(String, Vec<Value>)> = Vec::new();
    for issue in issues {
        let message = issue.get("message").cloned().unwrap_or(Value::Null);
        let first = issue
            .get("path")
            .and_then(Value::as_array)
            .and_then(|p| p.first());
        match first {
            Some(key) => {
                let key = match key {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                match fields.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push(message),
                    None => fields.push((key, vec![message])),
                }
            }
            None => form.push(message),
        }
    }
    let field_errors = render_object(
        fields
            .into_iter()
            .map(|(k, list)| (k, Value::Array(list).to_string())),
    );
    render_object([
        ("formErrors", Value::Array(form).to_string()),
        ("fieldErrors", field_errors),
    ])
}

/// A list of issues as JSON text.
pub(crate) fn render_issues(issues: &[Issue]) -> String {
    let items: Vec<String> = issues.iter().map(Issue::render).collect();
    format!("[{}]", items.join(","))
}

struct Validator {
    issues: Vec<Issue>,
    path: Vec<Value>,
    coerce: bool,
}

/// zod's name for the type of a received value.
fn received(value: Option<&Value>) -> &'static str {
    match value {
        None => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

/// The non-null branches of a (possibly nested) `anyOf`/`oneOf`, and whether `null` is allowed.
fn branches(schema: &Value) -> (Vec<&Value>, bool) {
    let mut out = Vec::new();
    let mut nullable = false;
    fn walk<'a>(s: &'a Value, out: &mut Vec<&'a Value>, nullable: &mut bool) {
        let union = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Value::as_array);
        if let Some(list) = union {
            for b in list {
                walk(b, out, nullable);
            }
        } else if s.get("type").and_then(Value::as_str) == Some("null") {
            *nullable = true;
        } else {
            out.push(s);
        }
    }
    walk(schema, &mut out, &mut nullable);
    (out, nullable)
}

fn default_of(schema: &Value) -> Option<Value> {
    if let Some(d) = schema.get("default") {
        return Some(d.clone());
    }
    let (list, _) = branches(schema);
    match list.as_slice() {
        [one] => one.get("default").cloned(),
        _ => None,
    }
}

fn enum_message(values: &[Value]) -> String {
    let joined: Vec<String> = values.iter().map(Value::to_string).collect();
    format!("Invalid option: expected one of {}", joined.join("|"))
}

impl Validator {
    fn issue(&mut self, members: Vec<(&'static str, Value)>, message: &str) {
        self.issues
            .push(Issue::new(members, self.path.clone(), message));
    }

    fn invalid_type(&mut self, expected: &str, got: &str) {
        self.issue(
            vec![
                ("expected", json!(expected)),
                ("code", json!("invalid_type")),
            ],
            &format!("Invalid input: expected {expected}, received {got}"),
        );
    }

    fn invalid_enum(&mut self, values: &[Value]) {
        self.issue(
            vec![
                ("code", json!("invalid_value")),
                ("values", Value::Array(values.to_vec())),
            ],
            &enum_message(values),
        );
    }

    fn size(&mut self, code: &str, origin: &str, bound: &Value, inclusive: bool, message: String) {
        let key = if code == "too_small" {
            "minimum"
        } else {
            "maximum"
        };
        self.issue(
            vec![
                ("origin", json!(origin)),
                ("code", json!(code)),
                (key, bound.clone()),
                ("inclusive", json!(inclusive)),
            ],
            &message,
        );
    }

    /// The issue for a required value that is missing (or of the wrong kind entirely).
    fn expected(&mut self, schema: &Value, got: Option<&Value>) {
        let (list, _) = branches(schema);
        match list.as_slice() {
            [one] => self.expected_single(one, got),
            [] => self.invalid_type("null", received(got)),
            _ => self.issue(
                vec![("code", json!("invalid_union")), ("errors", json!([]))],
                "Invalid input",
            ),
        }
    }

    fn expected_single(&mut self, schema: &Value, got: Option<&Value>) {
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return self.invalid_enum(values);
        }
        if let Some(c) = schema.get("const") {
            return self.issue(
                vec![("code", json!("invalid_value")), ("values", json!([c]))],
                &format!("Invalid input: expected {c}"),
            );
        }
        let expected = match schema.get("type").and_then(Value::as_str) {
            Some("integer") => "int",
            Some(t) => t,
            None => "unknown",
        };
        self.invalid_type(expected, received(got));
    }

    /// Validates one value; `None` means absent. Returns the output value (absent stays absent).
    fn value(&mut self, schema: &Value, value: Option<&Value>, required: bool) -> Option<Value> {
        let Some(value) = value else {
            if let Some(d) = default_of(schema) {
                return Some(d);
            }
            if required && schema.get(NONOPTIONAL_MARK).is_some() {
                self.issue(
                    vec![
                        ("code", json!("invalid_type")),
                        ("expected", json!("nonoptional")),
                    ],
                    "Invalid input: expected nonoptional, received undefined",
                );
            } else if required {
                self.expected(schema, None);
            }
            return None;
        };
        let (list, nullable) = branches(schema);
        if value.is_null() {
            if nullable {
                return Some(Value::Null);
            }
            self.expected(schema, Some(value));
            return None;
        }
        match list.as_slice() {
            [] => Some(value.clone()),
            [one] => self.single(one, value),
            many => {
                for branch in many {
                    let mut trial = Validator {
                        issues: Vec::new(),
                        path: self.path.clone(),
                        coerce: self.coerce,
                    };
                    if let Some(out) = trial.single(branch, value)
                        && trial.issues.is_empty()
                    {
                        return Some(out);
                    }
                }
                self.expected(schema, Some(value));
                None
            }
        }
    }

    fn single(&mut self, schema: &Value, value: &Value) -> Option<Value> {
        let value = if self.coerce {
            self.coerced(schema, value)?
        } else {
            value.clone()
        };
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            if values.contains(&value) {
                return Some(value);
            }
            self.invalid_enum(values);
            return None;
        }
        if let Some(c) = schema.get("const") {
            if *c == value {
                return Some(value);
            }
            self.expected_single(schema, Some(&value));
            return None;
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => self.string(schema, value),
            Some("number") | Some("integer") => self.number(schema, value),
            Some("boolean") => {
                if value.is_boolean() {
                    Some(value)
                } else {
                    self.expected_single(schema, Some(&value));
                    None
                }
            }
            Some("array") => self.array(schema, value),
            Some("object") => match &value {
                Value::Object(map) if schema.get("properties").is_some() => {
                    Some(Value::Object(self.object(schema, map)))
                }
                Value::Object(_) => Some(value),
                _ => {
                    self.expected_single(schema, Some(&value));
                    None
                }
            },
            _ => Some(value),
        }
    }

    /// trpc-openapi's coercion of query-string values.
    fn coerced(&mut self, schema: &Value, value: &Value) -> Option<Value> {
        let Value::String(text) = value else {
            return Some(value.clone());
        };
        match schema.get("type").and_then(Value::as_str) {
            Some("number") | Some("integer") => {
                let trimmed = text.trim();
                let parsed = if trimmed.is_empty() {
                    Some(0.0)
                } else {
                    trimmed.parse::<f64>().ok().filter(|f| f.is_finite())
                };
                match parsed.and_then(|f| {
                    if f.fract() == 0.0 && f.abs() < 9e15 {
                        Some(json!(f as i64))
                    } else {
                        serde_json::Number::from_f64(f).map(Value::Number)
                    }
                }) {
                    Some(n) => Some(n),
                    None => {
                        let expected =
                            if schema.get("type").and_then(Value::as_str) == Some("integer") {
                                "int"
                            } else {
                                "number"
                            };
                        self.invalid_type(expected, "NaN");
                        None
                    }
                }
            }
            Some("boolean") => Some(Value::Bool(!text.is_empty())),
            Some("array") => Some(Value::Array(vec![value.clone()])),
            _ => Some(value.clone()),
        }
    }

    fn string(&mut self, schema: &Value, value: Value) -> Option<Value> {
        let Value::String(s) = &value else {
            self.expected_single(schema, Some(&value));
            return None;
        };
        let len = s.encode_utf16().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && len < min
        {
            self.size(
                "too_small",
                "string",
                &json!(min),
                true,
                format!("Too small: expected string to have >={min} characters"),
            );
            return None;
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && len > max
        {
            self.size(
                "too_big",
                "string",
                &json!(max),
                true,
                format!("Too big: expected string to have <={max} characters"),
            );
            return None;
        }
        Some(value)
    }

    fn number(&mut self, schema: &Value, value: Value) -> Option<Value> {
        let Some(n) = value.as_f64() else {
            self.expected_single(schema, Some(&value));
            return None;
        };
        if schema.get("type").and_then(Value::as_str) == Some("integer") && n.fract() != 0.0 {
            self.invalid_type("int", "number");
            return None;
        }
        let show = |b: &Value| b.to_string();
        if let Some(min) = schema.get("minimum")
            && min.as_f64().is_some_and(|m| n < m)
        {
            let text = format!("Too small: expected number to be >={}", show(min));
            self.size("too_small", "number", min, true, text);
            return None;
        }
        if let Some(min) = schema.get("exclusiveMinimum")
            && min.as_f64().is_some_and(|m| n <= m)
        {
            let text = format!("Too small: expected number to be >{}", show(min));
            self.size("too_small", "number", min, false, text);
            return None;
        }
        if let Some(max) = schema.get("maximum")
            && max.as_f64().is_some_and(|m| n > m)
        {
            let text = format!("Too big: expected number to be <={}", show(max));
            self.size("too_big", "number", max, true, text);
            return None;
        }
        Some(value)
    }

    fn array(&mut self, schema: &Value, value: Value) -> Option<Value> {
        let Value::Array(items) = &value else {
            self.expected_single(schema, Some(&value));
            return None;
        };
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            self.size(
                "too_small",
                "array",
                &json!(min),
                true,
                format!("Too small: expected array to have >={min} items"),
            );
            return None;
        }
        let Some(item_schema) = schema.get("items") else {
            return Some(value);
        };
        let before = self.issues.len();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            self.path.push(json!(i));
            if let Some(v) = self.value(item_schema, Some(item), true) {
                out.push(v);
            }
            self.path.pop();
        }
        (self.issues.len() == before).then_some(Value::Array(out))
    }

    /// An object: each declared property in the order zod would check it (required ones in the
    /// document's order first), unknown keys dropped.
    fn object(&mut self, schema: &Value, input: &Map<String, Value>) -> Map<String, Value> {
        let empty = Map::new();
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut order: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| properties.contains_key(*r))
            .collect();
        order.extend(
            properties
                .keys()
                .map(String::as_str)
                .filter(|k| !required.contains(k)),
        );
        let mut out = Map::new();
        for key in order {
            let Some(prop) = properties.get(key) else {
                continue;
            };
            self.path.push(json!(key));
            if let Some(v) = self.value(prop, input.get(key), required.contains(&key)) {
                out.insert(key.to_string(), v);
            }
            self.path.pop();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::find;

    fn check(procedure: &str, input: Value) -> Result<Map<String, Value>, Vec<Value>> {
        let op = find(procedure).unwrap();
        let schema = input_schema(op);
        let Value::Object(map) = input else {
            panic!("object")
        };
        validate(&schema, &map, op.method == Method::Get)
            .map_err(|issues| issues.iter().map(Issue::to_value).collect())
    }

    #[test]
    fn missing_required_fields_are_reported_in_the_schemas_order() {
        let issues = check(
            "postgres.create",
            json!({"name": "x", "environmentId": "e"}),
        )
        .unwrap_err();
        let paths: Vec<&str> = issues
            .iter()
            .map(|i| i["path"][0].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["databaseName", "databaseUser", "databasePassword"]);
        assert_eq!(
            issues[0],
            json!({"expected":"string","code":"invalid_type","path":["databaseName"],
                   "message":"Invalid input: expected string, received undefined"})
        );
    }

    #[test]
    fn fields_zod_makes_nonoptional_say_so_when_absent() {
        let issues =
            check("libsql.create", json!({"name": "x", "sqldNode": "replica"})).unwrap_err();
        assert_eq!(
            issues[0],
            json!({"code":"invalid_type","expected":"nonoptional","path":["appName"],
                   "message":"Invalid input: expected nonoptional, received undefined"})
        );
        assert_eq!(
            issues[1]["expected"], "string",
            "environmentId is a plain string"
        );
    }

    #[test]
    fn required_nullable_fields_accept_null_but_not_absence() {
        let ok = check(
            "application.saveEnvironment",
            json!({"applicationId":"a","env":null,"buildArgs":null,"buildSecrets":null,"createEnvFile":true}),
        )
        .unwrap();
        assert_eq!(ok["env"], Value::Null);
        let issues = check(
            "application.saveEnvironment",
            json!({"applicationId":"a","env":"A=1","createEnvFile":true}),
        )
        .unwrap_err();
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0]["path"], json!(["buildArgs"]));
    }

    #[test]
    fn wrong_types_enums_and_limits_are_zod_issues() {
        let issues = check("project.create", json!({"name": 5})).unwrap_err();
        assert_eq!(
            issues[0]["message"],
            "Invalid input: expected string, received number"
        );
        let issues = check("project.create", json!({"name": ""})).unwrap_err();
        assert_eq!(issues[0]["code"], "too_small");
        let issues = check(
            "compose.loadServices",
            json!({"composeId": "c", "type": "later"}),
        )
        .unwrap_err();
        assert_eq!(issues[0]["code"], "invalid_value");
        assert_eq!(
            issues[0]["message"],
            "Invalid option: expected one of \"fetch\"|\"cache\""
        );
        let issues = check("domain.create", json!({"host": "a.b", "port": 70000})).unwrap_err();
        assert_eq!(issues[0]["code"], "too_big");
    }

    #[test]
    fn defaults_are_filled_and_unknown_keys_dropped() {
        let out = check("compose.loadServices", json!({"composeId": "c", "zzz": 1})).unwrap();
        assert_eq!(out["type"], "cache");
        assert!(!out.contains_key("zzz"));
        let out = check("deployment.readLogs", json!({"deploymentId": "d"})).unwrap();
        assert_eq!(out["tail"], 100);
    }

    #[test]
    fn query_strings_are_coerced_to_numbers() {
        let out = check(
            "deployment.readLogs",
            json!({"deploymentId": "d", "tail": "5"}),
        )
        .unwrap();
        assert_eq!(out["tail"], 5);
        let issues = check(
            "deployment.readLogs",
            json!({"deploymentId": "d", "tail": "x"}),
        )
        .unwrap_err();
        assert_eq!(
            issues[0]["message"],
            "Invalid input: expected int, received NaN"
        );
    }

    #[test]
    fn issues_and_flatten_render_in_zods_member_order() {
        let op = find("project.create").unwrap();
        let issues = validate(&input_schema(op), &Map::new(), false).unwrap_err();
        assert_eq!(
            render_issues(&issues),
            r#"[{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received undefined"}]"#
        );
        assert_eq!(
            flatten(&issues),
            r#"{"formErrors":[],"fieldErrors":{"name":["Invalid input: expected string, received undefined"]}}"#
        );
    }

    #[test]
    fn flags_with_a_database_default_made_required_are_reported_as_nonoptional() {
        let issues = check("notification.createSlack", json!({"name": "x"})).unwrap_err();
        assert_eq!(
            issues[0],
            json!({"code": "invalid_type", "expected": "nonoptional", "path": ["appBuildError"],
                   "message": "Invalid input: expected nonoptional, received undefined"})
        );
        assert_eq!(issues.len(), 10);
        assert_eq!(issues[9]["expected"], "string");
        // createCustom does not require its flags at all.
        assert!(
            check(
                "notification.createCustom",
                json!({"name": "x", "endpoint": "e"})
            )
            .is_ok()
        );
    }
}
