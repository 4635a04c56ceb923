//! The tRPC surface: rewriting a REST-shaped request for `/api/trpc/…`, typing query input from
//! the operation table, and reading tRPC error envelopes as REST-shaped errors.

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde_json::{Map, Value};

use crate::operations::{Field, FieldKind, Method, Operation};

/// The JSON-RPC code tRPC gives `UNAUTHORIZED`.
const UNAUTHORIZED_RPC_CODE: i64 = -32001;

/// Rewrites a request built for the REST surface (`/api/<procedure>`, flat query parameters or a
/// JSON body) into the same call on the tRPC surface. The multipart uploads are left as they
/// are: they are built for the tRPC path on either transport ([`crate::uploads`]).
pub(crate) fn rewrite(request: &mut reqwest::Request, op: &Operation) -> Result<(), String> {
    if !op.generated {
        return Ok(()); // the two multipart uploads, already addressed to the tRPC path
    }
    let path = request.url().path().to_string();
    let Some(prefix) = path.strip_suffix(op.path) else {
        return Err(format!(
            "the request path {path:?} does not end with {}: it cannot be sent over tRPC",
            op.path
        ));
    };
    let trpc_path = format!("{prefix}/trpc{}", op.path);
    if op.method == Method::Get {
        let input = query_input(op, request.url().query_pairs());
        let url = request.url_mut();
        url.set_path(&trpc_path);
        url.set_query(None);
        if let Some(input) = input {
            url.query_pairs_mut()
                .append_pair("input", &wrapped(&input).to_string());
        }
    } else {
        request.url_mut().set_path(&trpc_path);
        let body = match request.body() {
            Some(body) => match body.as_bytes() {
                Some(bytes) => wrap_json_bytes(bytes),
                None => {
                    return Err(format!(
                        "the body of {} is a stream and cannot be sent over tRPC",
                        op.procedure
                    ));
                }
            },
            None => wrap_json_bytes(empty_input(op).as_bytes()),
        };
        *request.body_mut() = Some(body.into());
        request
            .headers_mut()
            .entry(CONTENT_TYPE)
            .or_insert(HeaderValue::from_static("application/json"));
    }
    Ok(())
}

/// What a call without input sends: `{}` when the operation has (optional) fields, `null` when
/// it takes none (as the recorded batches do, 313).
pub(crate) fn empty_input(op: &Operation) -> &'static str {
    let fields = if op.method == Method::Get {
        op.query
    } else {
        op.body
    };
    if fields.is_empty() { "null" } else { "{}" }
}

/// `true` for superjson's `undefined` in a tRPC envelope, what a procedure that returns nothing
/// answers (recording 49): `{"result":{"data":{"json":null,"meta":{"values":["undefined"],…}}}}`.
pub(crate) fn is_undefined_envelope(raw: &[u8]) -> bool {
    const MAX_LEN: usize = 128; // the envelope is about 70 bytes; anything longer is not it
    if raw.len() > MAX_LEN || !raw.trim_ascii_start().starts_with(b"{") {
        return false;
    }
    let Ok(value) = serde_json::from_slice::<Value>(raw) else {
        return false;
    };
    let data = value.get("result").and_then(|r| r.get("data"));
    value.as_object().is_some_and(|m| m.len() == 1)
        && data.and_then(|d| d.get("json")).is_some_and(Value::is_null)
        && data.and_then(|d| d.pointer("/meta/values")) == Some(&Value::from(vec!["undefined"]))
}

/// What a tRPC envelope (`{"result":{"data":{"json":X,"meta"?:…}}}`) holds, decoded as `T`
/// straight from the bytes. Anything else (another shape, extra members) is an error.
pub(crate) fn decode_envelope<T: serde::de::DeserializeOwned>(raw: &[u8]) -> serde_json::Result<T> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Envelope<T> {
        result: Data<T>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Data<T> {
        data: Json<T>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Json<T> {
        json: T,
        #[serde(default)]
        #[allow(dead_code)]
        meta: serde::de::IgnoredAny,
    }
    serde_json::from_slice::<Envelope<T>>(raw).map(|e| e.result.data.json)
}

/// `{"json": input}`.
pub(crate) fn wrapped(input: &Value) -> Value {
    let mut map = Map::with_capacity(1);
    map.insert("json".into(), input.clone());
    Value::Object(map)
}

/// `{"json":` + a JSON text + `}`, without parsing it.
pub(crate) fn wrap_json_bytes(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + 9);
    out.extend_from_slice(b"{\"json\":");
    out.extend_from_slice(json);
    out.push(b'}');
    out
}

/// A query's input as tRPC wants it, from REST's flat `key=value` pairs: each value in the JSON
/// type the operation table gives its field (lists as arrays). `None` when there is nothing to
/// send: no pairs, and an operation that takes no input (recordings 42, 315, 316 send none).
pub(crate) fn query_input<K, V>(
    op: &Operation,
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Option<Value>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut input = Map::new();
    for (key, value) in pairs {
        let (key, value) = (key.as_ref(), value.as_ref());
        let field = op.query_param(key);
        let typed = match field {
            Some(field) => typed_text(field, value),
            None => Value::String(value.to_string()),
        };
        match (input.get_mut(key), field.is_some_and(|f| f.list)) {
            (Some(Value::Array(items)), true) => items.push(typed),
            (_, true) => {
                input.insert(key.to_string(), Value::Array(vec![typed]));
            }
            (_, false) => {
                input.insert(key.to_string(), typed);
            }
        }
    }
    if input.is_empty() && op.query.is_empty() {
        return None;
    }
    Some(Value::Object(input))
}

/// `value` (a query parameter as REST sends it, text) in the JSON type of `field`. Text that is
/// not a value of that type is sent as it is, and Dokploy's validation says what is wrong.
pub(crate) fn typed_text(field: &Field, value: &str) -> Value {
    match field.kind {
        FieldKind::Integer | FieldKind::Number => serde_json::from_str::<serde_json::Number>(value)
            .map(Value::Number)
            .unwrap_or_else(|_| Value::String(value.to_string())),
        FieldKind::Boolean => match value {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(value.to_string()),
        },
        FieldKind::Json => {
            serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()))
        }
        FieldKind::String | FieldKind::File => Value::String(value.to_string()),
        #[allow(unreachable_patterns)]
        _ => Value::String(value.to_string()),
    }
}

/// A tRPC error body (`{"error":{"json":{message, code, data}}}`) in the shape of a REST one
/// (`{message, code, issues?, data}`), so that both transports give the same [`Error`]:
///
/// - the string `code` is taken from `data.code` (tRPC's own is a JSON-RPC number);
/// - a refused API key (401 `UNAUTHORIZED` with tRPC's default message) becomes REST's
///   `{"message":"Unauthorized"}` without a code, i.e. [`Error::Unauthorized`];
/// - a validation error, whose `message` is zod's issue list as JSON text (recordings 51, 312),
///   becomes REST's "Input validation failed" with those `issues` (or, if the message is not
///   such a list, issues made from `data.zodError`'s field and form errors).
///
/// Anything that is not a tRPC error envelope is returned as it is.
///
/// [`Error`]: crate::Error
/// [`Error::Unauthorized`]: crate::Error::Unauthorized
pub(crate) fn error_as_rest(value: Value) -> Value {
    let Value::Object(mut outer) = value else {
        return value;
    };
    let is_envelope = outer.len() == 1
        && outer
            .get("error")
            .and_then(Value::as_object)
            .is_some_and(|e| e.contains_key("json"));
    if !is_envelope {
        return Value::Object(outer);
    }
    let json = outer
        .remove("error")
        .and_then(|mut e| e.get_mut("json").map(Value::take))
        .unwrap_or(Value::Null);
    let Value::Object(mut error) = json else {
        return json;
    };
    let data = error.get("data").cloned().unwrap_or(Value::Null);
    let code = data.get("code").and_then(Value::as_str).map(str::to_string);
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let refused_key = error.get("code").and_then(Value::as_i64) == Some(UNAUTHORIZED_RPC_CODE)
        && code.as_deref() == Some("UNAUTHORIZED")
        && message == "UNAUTHORIZED";
    if refused_key {
        let mut rest = Map::new();
        rest.insert("message".into(), Value::from("Unauthorized"));
        return Value::Object(rest);
    }
    match code {
        Some(code) => error.insert("code".into(), Value::String(code)),
        None => error.remove("code"),
    };
    let zod = data.get("zodError").filter(|z| !z.is_null());
    if let Some(zod) = zod {
        let issues = serde_json::from_str::<Vec<Value>>(&message)
            .ok()
            .filter(|list| list.iter().all(Value::is_object))
            .unwrap_or_else(|| issues_from_zod_error(zod));
        error.insert("message".into(), Value::from("Input validation failed"));
        error.insert("issues".into(), Value::Array(issues));
    }
    Value::Object(error)
}

/// Issues from zod's flattened error (`{formErrors: [..], fieldErrors: {field: [..]}}`).
fn issues_from_zod_error(zod: &Value) -> Vec<Value> {
    let issue = |path: Vec<Value>, message: &Value| {
        let mut issue = Map::new();
        issue.insert("path".into(), Value::Array(path));
        issue.insert("message".into(), message.clone());
        Value::Object(issue)
    };
    let mut issues = Vec::new();
    if let Some(form) = zod.get("formErrors").and_then(Value::as_array) {
        issues.extend(form.iter().map(|m| issue(Vec::new(), m)));
    }
    if let Some(fields) = zod.get("fieldErrors").and_then(Value::as_object) {
        for (field, messages) in fields {
            for message in messages.as_array().into_iter().flatten() {
                issues.push(issue(vec![Value::from(field.as_str())], message));
            }
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::find;
    use serde_json::json;

    fn get(url: &str) -> reqwest::Request {
        reqwest::Client::new().get(url).build().unwrap()
    }

    fn input_of(request: &reqwest::Request) -> Option<Value> {
        request
            .url()
            .query_pairs()
            .find(|(k, _)| k == "input")
            .map(|(_, v)| serde_json::from_str(&v).unwrap())
    }

    #[test]
    fn a_query_moves_to_the_trpc_path_with_its_input_wrapped_and_typed() {
        let op = find("deployment.readLogs").unwrap();
        let mut r = get("http://h/api/deployment.readLogs?deploymentId=d1&tail=5");
        rewrite(&mut r, op).unwrap();
        assert_eq!(r.url().path(), "/api/trpc/deployment.readLogs");
        assert_eq!(
            input_of(&r),
            Some(json!({"json": {"deploymentId": "d1", "tail": 5}}))
        );
        // As recorded (319): the input is URL-encoded JSON.
        assert!(r.url().query().unwrap().starts_with("input=%7B%22json%22"));
    }

    #[test]
    fn strings_that_look_like_numbers_stay_strings_when_the_field_is_a_string() {
        let op = find("project.one").unwrap();
        let input = query_input(op, [("projectId", "12345")]).unwrap();
        assert_eq!(input, json!({"projectId": "12345"}));
    }

    #[test]
    fn booleans_numbers_and_lists_take_their_table_types() {
        let base = *find("project.one")
            .unwrap()
            .query_param("projectId")
            .unwrap();
        let of = |kind, list| Field { kind, list, ..base };
        assert_eq!(
            typed_text(&of(FieldKind::Boolean, false), "true"),
            json!(true)
        );
        assert_eq!(
            typed_text(&of(FieldKind::Boolean, false), "yes"),
            json!("yes")
        );
        assert_eq!(typed_text(&of(FieldKind::Number, false), "0.5"), json!(0.5));
        assert_eq!(
            typed_text(&of(FieldKind::Integer, false), "five"),
            json!("five")
        );
        assert_eq!(
            typed_text(&of(FieldKind::Json, false), r#"{"a":1}"#),
            json!({"a": 1})
        );
        assert_eq!(typed_text(&of(FieldKind::String, false), "12"), json!("12"));
        // Repeated keys of a list field become one array, in order.
        let ids = [of(FieldKind::Integer, true)];
        let list = Operation {
            query: Box::leak(Box::new(ids)),
            ..*find("project.one").unwrap()
        };
        let input = query_input(&list, [("projectId", "1"), ("projectId", "2")]).unwrap();
        assert_eq!(input, json!({"projectId": [1, 2]}));
    }

    #[test]
    fn a_query_without_input_sends_none_or_an_empty_object() {
        let all = find("project.all").unwrap();
        let mut r = get("http://h/dokploy/api/project.all");
        rewrite(&mut r, all).unwrap();
        assert_eq!(r.url().as_str(), "http://h/dokploy/api/trpc/project.all");
        let with_optional = crate::operations::OPERATIONS
            .iter()
            .find(|op| {
                op.method == Method::Get
                    && op.generated
                    && !op.query.is_empty()
                    && op.query.iter().all(|f| !f.required)
            })
            .expect("a query whose parameters are all optional");
        assert_eq!(
            query_input(with_optional, std::iter::empty::<(&str, &str)>()),
            Some(json!({}))
        );
    }

    #[test]
    fn a_mutation_body_is_wrapped_as_is() {
        let op = find("project.update").unwrap();
        let mut r = reqwest::Client::new()
            .post("http://h/api/project.update")
            .header("content-type", "application/json")
            .body(r#"{"projectId":"p","description":"x"}"#)
            .build()
            .unwrap();
        rewrite(&mut r, op).unwrap();
        assert_eq!(r.url().path(), "/api/trpc/project.update");
        assert_eq!(
            r.body().unwrap().as_bytes().unwrap(),
            br#"{"json":{"projectId":"p","description":"x"}}"#
        );
        let mut empty = reqwest::Client::new()
            .post("http://h/api/project.update")
            .build()
            .unwrap();
        rewrite(&mut empty, op).unwrap();
        assert_eq!(empty.body().unwrap().as_bytes().unwrap(), br#"{"json":{}}"#);
        assert_eq!(empty.headers()[CONTENT_TYPE], "application/json");
    }

    #[test]
    fn an_upload_already_addressed_to_the_trpc_path_is_left_as_it_is() {
        let op = find("application.dropDeployment").unwrap();
        let mut r = reqwest::Client::new()
            .post("http://h/api/trpc/application.dropDeployment")
            .body("--form--")
            .build()
            .unwrap();
        rewrite(&mut r, op).unwrap();
        assert_eq!(r.url().path(), "/api/trpc/application.dropDeployment");
        assert_eq!(
            r.body().unwrap().as_bytes(),
            Some(&b"--form--"[..]),
            "not wrapped"
        );
    }

    #[test]
    fn a_refused_key_reads_like_rests_code_less_401() {
        // Recording 315.
        let body = json!({"error":{"json":{"message":"UNAUTHORIZED","code":-32001,"data":{"code":"UNAUTHORIZED","httpStatus":401,"path":"project.all","zodError":null}}}});
        assert_eq!(error_as_rest(body), json!({"message": "Unauthorized"}));
        // An ownership refusal keeps its message and code.
        let body = json!({"error":{"json":{"message":"You are not authorized","code":-32001,"data":{"code":"UNAUTHORIZED","httpStatus":401}}}});
        let rest = error_as_rest(body);
        assert_eq!(rest["code"], "UNAUTHORIZED");
        assert_eq!(rest["message"], "You are not authorized");
    }

    #[test]
    fn a_not_found_keeps_message_code_and_data() {
        // Recording 43.
        let body = json!({"error":{"json":{"message":"Project not found","code":-32004,"data":{"code":"NOT_FOUND","httpStatus":404,"path":"project.one","zodError":null}}}});
        let rest = error_as_rest(body);
        assert_eq!(rest["message"], "Project not found");
        assert_eq!(rest["code"], "NOT_FOUND");
        assert_eq!(rest["data"]["path"], "project.one");
        assert!(rest.get("issues").is_none());
    }

    #[test]
    fn zods_issue_list_in_the_message_becomes_the_issues() {
        // Recording 51.
        let message = "[\n  {\n    \"expected\": \"string\",\n    \"code\": \"invalid_type\",\n    \"path\": [\n      \"name\"\n    ],\n    \"message\": \"Invalid input: expected string, received undefined\"\n  }\n]";
        let body = json!({"error":{"json":{"message": message,"code":-32600,"data":{"code":"BAD_REQUEST","httpStatus":400,"path":"project.create","zodError":{"formErrors":[],"fieldErrors":{"name":["Invalid input: expected string, received undefined"]}}}}}});
        let rest = error_as_rest(body);
        assert_eq!(rest["message"], "Input validation failed");
        assert_eq!(rest["code"], "BAD_REQUEST");
        assert_eq!(
            rest["issues"],
            json!([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received undefined"}])
        );
    }

    #[test]
    fn without_a_parsable_list_the_issues_come_from_the_flattened_zod_error() {
        let body = json!({"error":{"json":{"message":"bad","code":-32600,"data":{"code":"BAD_REQUEST","httpStatus":400,"zodError":{"formErrors":["expected object"],"fieldErrors":{"name":["Required"]}}}}}});
        let rest = error_as_rest(body);
        assert_eq!(
            rest["issues"],
            json!([{"path":[],"message":"expected object"},{"path":["name"],"message":"Required"}])
        );
    }

    #[test]
    fn undefined_in_an_envelope_is_an_empty_answer() {
        let deploy = br#"{"result":{"data":{"json":null,"meta":{"values":["undefined"],"v":1}}}}"#;
        assert!(is_undefined_envelope(deploy));
        assert!(crate::Body::from_bytes(reqwest::StatusCode::OK, &deploy[..]).is_empty());
        assert!(!is_undefined_envelope(
            br#"{"result":{"data":{"json":null}}}"#
        ));
        assert!(!is_undefined_envelope(b"null"));
    }

    #[test]
    fn rest_bodies_pass_through() {
        for body in [
            json!({"message":"Unauthorized"}),
            json!({"error":"x"}),
            json!({"error":{"json":null},"other":1}),
            json!([1]),
        ] {
            assert_eq!(error_as_rest(body.clone()), body);
        }
        assert_eq!(error_as_rest(json!({"error":{"json":null}})), Value::Null);
    }
}
