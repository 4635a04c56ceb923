//! Dokploy's tRPC surface (`/api/trpc/<procedure>`, what its web UI calls), as recorded in
//! 37, 42, 43, 48–51 and 310–323: input wrapped as `{"json":…}` (`?input=` for queries, the body
//! for mutations), answers wrapped as `{"result":{"data":{"json":…}}}`, errors as
//! `{"error":{"json":{message, code, data}}}` with JSON-RPC codes, and batches
//! (`a,b,c?batch=1`, a JSON array of answers, 207 when their statuses differ).
//!
//! The key is verified once per HTTP request (tRPC's context), a batch included; without a
//! valid key only the public procedures answer (`settings.health`, 316), the others 401
//! `UNAUTHORIZED` (37, 315).

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Shared;
use super::routes;
use super::schema::Issue;
use super::wire::{self, ApiError, Incoming, Out, Reply};
use crate::operations::{self, FieldKind, Method};

/// The procedures that answer without a valid key (recorded: 316).
const PUBLIC: &[&str] = &["settings.health"];

/// Answers a request to `/api/trpc/<procedures>`.
pub(crate) fn respond(shared: &Arc<Shared>, req: &Incoming<'_>, procedures: &str) -> Reply {
    let query = parse_query(req.query.unwrap_or_default());
    let batch = query.iter().any(|(k, v)| k == "batch" && v == "1");
    let method = match req.method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        other => {
            let error = ApiError::new(
                405,
                "METHOD_NOT_SUPPORTED",
                format!("Unsupported {other}-request to procedure"),
            );
            return Reply::json(405, &envelope(&error, procedures));
        }
    };
    if let Some(content_type) = req
        .content_type
        .filter(|ct| ct.starts_with("multipart/form-data"))
        && method == Method::Post
        && !batch
    {
        return upload(shared, req, procedures, content_type);
    }
    let names: Vec<&str> = if batch {
        procedures.split(',').collect()
    } else {
        vec![procedures]
    };
    let raw_input = match method {
        Method::Get => query
            .iter()
            .find(|(k, _)| k == "input")
            .map(|(_, v)| serde_json::from_str::<Value>(v)),
        _ if req.body.iter().all(u8::is_ascii_whitespace) => None,
        _ => Some(serde_json::from_slice::<Value>(req.body)),
    };
    let raw_input = match raw_input.transpose() {
        Ok(input) => input,
        Err(e) => {
            let error = ApiError::new(400, "PARSE_ERROR", e.to_string());
            let answers: Vec<Value> = names.iter().map(|n| envelope(&error, n)).collect();
            return reply(batch, answers, &[400]);
        }
    };
    // One verification per request, whatever it carries.
    let admitted = req.api_key.is_some() && shared.state().instance.verifies(req.api_key, 1);
    let mut answers = Vec::with_capacity(names.len());
    let mut statuses = Vec::with_capacity(names.len());
    for (index, name) in names.iter().enumerate() {
        let input = match (&raw_input, batch) {
            (Some(all), true) => all.get(index.to_string()).and_then(|item| item.get("json")),
            (Some(single), false) => single.get("json"),
            (None, _) => None,
        };
        let (status, answer) = match call(shared, req, name, method, input, admitted) {
            Ok(out) => (200, result(out)),
            Err(error) => (error.parts().0, envelope(&error, name)),
        };
        statuses.push(status);
        answers.push(answer);
    }
    reply(batch, answers, &statuses)
}

/// A multipart upload (431): the key checked once, then the form read by the upload.
fn upload(shared: &Arc<Shared>, req: &Incoming<'_>, name: &str, content_type: &str) -> Reply {
    let admitted = req.api_key.is_some() && shared.state().instance.verifies(req.api_key, 1);
    let outcome = match operations::find(name).filter(|op| op.procedure == name) {
        None => Err(ApiError::not_found(format!(
            "No procedure found on path \"{name}\""
        ))),
        Some(_) if !admitted => Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED")),
        Some(op) if op.generated => Err(ApiError::bad_request(format!(
            "{name} takes JSON input, not a form"
        ))),
        Some(op) => super::uploads::run(shared, op, content_type, req.body),
    };
    match outcome {
        Ok(out) => Reply::json(200, &result(out)),
        Err(error) => Reply::json(error.parts().0, &envelope(&error, name)),
    }
}

/// The HTTP answer: one envelope, or the batch's array; a batch's status is its calls' status
/// when they share one, 207 otherwise (tRPC's rule; recordings 313, 314, 321).
fn reply(batch: bool, mut answers: Vec<Value>, statuses: &[u16]) -> Reply {
    let first = statuses.first().copied().unwrap_or(200);
    if !batch {
        return Reply::json(first, &answers.pop().unwrap_or(Value::Null));
    }
    let status = if statuses.iter().all(|&s| s == first) {
        first
    } else {
        207
    };
    Reply::json(status, &Value::Array(answers))
}

/// One call: lookup, key, input (unwrapped from `{"json":…}`), validation, the procedure.
fn call(
    shared: &Arc<Shared>,
    req: &Incoming<'_>,
    name: &str,
    method: Method,
    input: Option<&Value>,
    admitted: bool,
) -> Result<Out, ApiError> {
    // tRPC matches the path exactly (REST ignores case).
    let Some(op) = operations::find(name).filter(|op| op.procedure == name) else {
        return Err(ApiError::not_found(format!(
            "No procedure found on path \"{name}\""
        )));
    };
    if !op.generated {
        // An upload sent as JSON: its file cannot be in it.
        return Err(super::uploads::without_form(op, input));
    }
    let Some(handler) = routes::handler(op.procedure) else {
        return Err(ApiError::not_implemented(op.procedure));
    };
    if !admitted && !PUBLIC.contains(&op.procedure) {
        return Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED"));
    }
    if op.method != method {
        // Not recorded: tRPC's own message for a query sent as a mutation or the reverse.
        let (sent, kind) = match method {
            Method::Get => ("GET", "mutation"),
            _ => ("POST", "query"),
        };
        return Err(ApiError::new(
            405,
            "METHOD_NOT_SUPPORTED",
            format!("Unsupported {sent}-request to {kind} procedure at path \"{name}\""),
        ));
    }
    let fields = if method == Method::Get {
        op.query
    } else {
        op.body
    };
    let raw = match input {
        Some(Value::Object(map)) => numbers_coerced(op, map.clone()),
        // A procedure without input ignores what it is given.
        _ if fields.is_empty() => Map::new(),
        other => {
            let received = match other {
                None => "undefined",
                Some(Value::Null) => "null",
                Some(Value::Array(_)) => "array",
                Some(Value::String(_)) => "string",
                Some(Value::Number(_)) => "number",
                Some(_) => "boolean",
            };
            let issue = Issue::new(
                vec![
                    ("expected", json!("object")),
                    ("code", json!("invalid_type")),
                ],
                Vec::new(),
                &format!("Invalid input: expected object, received {received}"),
            );
            return Err(ApiError::validation(vec![issue]));
        }
    };
    wire::run(shared, req, op, handler, &raw, false)
}

/// Numbers given as text are read as numbers (320: `tail: "5"`). Dokploy does this where its
/// schema coerces; the fake, which only has the document's types, does it for every number.
fn numbers_coerced(
    op: &operations::Operation,
    mut input: Map<String, Value>,
) -> Map<String, Value> {
    let fields = if op.method == Method::Get {
        op.query
    } else {
        op.body
    };
    for field in fields
        .iter()
        .filter(|f| !f.list && matches!(f.kind, FieldKind::Integer | FieldKind::Number))
    {
        if let Some(Value::String(text)) = input.get(field.name)
            && let Ok(number) = text.trim().parse::<serde_json::Number>()
        {
            input.insert(field.name.to_string(), Value::Number(number));
        }
    }
    input
}

/// `{"result":{"data":{"json":…}}}`; a procedure that returns nothing gives superjson's
/// `undefined` (49: `json: null`, `meta.values: ["undefined"]`).
fn result(out: Out) -> Value {
    match out {
        Out::Json(value) => json!({"result": {"data": {"json": value}}}),
        Out::Empty => {
            json!({"result": {"data": {"json": null, "meta": {"values": ["undefined"], "v": 1}}}})
        }
    }
}

/// `{"error":{"json":{"message","code","data":{"code","httpStatus","path","zodError"}}}}` (`stack`,
/// sent in development mode, is left out as in the recordings). A validation error's message is
/// zod's issue list as JSON text, indented like `JSON.stringify(issues, null, 2)` (51, 312).
fn envelope(error: &ApiError, path: &str) -> Value {
    let (status, code, message, zod_error, issues) = error.parts();
    let message = match issues {
        Some(issues) => indented(issues),
        None => message.to_string(),
    };
    let zod: Value = serde_json::from_str(zod_error).unwrap_or(Value::Null);
    json!({"error": {"json": {
        "message": message,
        "code": rpc_code(code),
        "data": {"code": code, "httpStatus": status, "path": path, "zodError": zod},
    }}})
}

/// tRPC's JSON-RPC code for an error code name.
fn rpc_code(code: &str) -> i64 {
    match code {
        "PARSE_ERROR" => -32700,
        "BAD_REQUEST" => -32600,
        "UNAUTHORIZED" => -32001,
        "FORBIDDEN" => -32003,
        "NOT_FOUND" => -32004,
        "METHOD_NOT_SUPPORTED" => -32005,
        "TIMEOUT" => -32008,
        "CONFLICT" => -32009,
        "PRECONDITION_FAILED" => -32012,
        "PAYLOAD_TOO_LARGE" => -32013,
        "UNSUPPORTED_MEDIA_TYPE" => -32015,
        "UNPROCESSABLE_CONTENT" => -32022,
        "TOO_MANY_REQUESTS" => -32029,
        _ => -32603, // INTERNAL_SERVER_ERROR
    }
}

/// Compact JSON text re-indented by two spaces, keys kept in their order (as JavaScript's
/// `JSON.stringify(value, null, 2)` writes it).
fn indented(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// `URLSearchParams`: `(key, value)` pairs, percent- and `+`-decoded.
fn parse_query(query: &str) -> Vec<(String, String)> {
    reqwest::Url::parse("http://fake/")
        .map(|mut url| {
            url.set_query(Some(query));
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::schema;
    use super::*;

    #[test]
    fn issues_are_indented_like_json_stringify() {
        // Recording 51's message.
        let issue = Issue::new(
            vec![
                ("expected", json!("string")),
                ("code", json!("invalid_type")),
            ],
            vec![json!("name")],
            "Invalid input: expected string, received undefined",
        );
        assert_eq!(
            indented(&schema::render_issues(&[issue])),
            "[\n  {\n    \"expected\": \"string\",\n    \"code\": \"invalid_type\",\n    \"path\": [\n      \"name\"\n    ],\n    \"message\": \"Invalid input: expected string, received undefined\"\n  }\n]"
        );
        assert_eq!(
            indented(r#"{"a":[],"b":"x,{y}:"}"#),
            "{\n  \"a\": [],\n  \"b\": \"x,{y}:\"\n}"
        );
    }

    #[test]
    fn a_batchs_status_is_the_shared_one_or_207() {
        assert_eq!(
            reply(true, vec![json!(1), json!(2)], &[200, 200]).status,
            200
        );
        assert_eq!(
            reply(true, vec![json!(1), json!(2)], &[200, 404]).status,
            207
        );
        assert_eq!(
            reply(true, vec![json!(1), json!(2)], &[401, 401]).status,
            401
        );
        assert_eq!(reply(false, vec![json!(1)], &[404]).status, 404);
    }

    #[test]
    fn error_codes_are_json_rpcs() {
        assert_eq!(rpc_code("NOT_FOUND"), -32004);
        assert_eq!(rpc_code("BAD_REQUEST"), -32600);
        assert_eq!(rpc_code("UNAUTHORIZED"), -32001);
        assert_eq!(rpc_code("INTERNAL_SERVER_ERROR"), -32603);
    }
}
