//! Dokploy's REST transport (Next.js route + Dokploy's fork of trpc-openapi): authentication,
//! procedure lookup, methods and content types, input parsing and validation, and the exact
//! shape of every success and error body.

use std::sync::{Arc, MutexGuard};

use serde_json::{Map, Value, json};

use super::schema::Issue;
use super::state::State;
use super::{RecordedRequest, Shared, routes, schema};
use crate::operations::{self, Method};

/// trpc-openapi's default body limit (`maxBodySize`).
const MAX_JSON_BODY: usize = 100_000;

/// A tRPC error as Dokploy's error formatter and trpc-openapi send it.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: u16,
    code: &'static str,
    message: String,
    /// `data.zodError` as JSON text (`null` unless input validation failed).
    zod_error: String,
    /// `issues` as JSON text (only for input validation errors).
    issues: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            zod_error: "null".into(),
            issues: None,
        }
    }

    /// 404 `NOT_FOUND` with Dokploy's message (e.g. "Application not found").
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "NOT_FOUND", message)
    }

    /// 400 `BAD_REQUEST`.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BAD_REQUEST", message)
    }

    /// 500 `INTERNAL_SERVER_ERROR` (a failed Docker command, an unexpected exception).
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "INTERNAL_SERVER_ERROR", message)
    }

    /// 501 `NOT_IMPLEMENTED`: an operation of the vendored document that the fake does not
    /// implement (never a 404, which would look like Dokploy's answer for an unknown one).
    pub(crate) fn not_implemented(procedure: &str) -> Self {
        Self::new(
            501,
            "NOT_IMPLEMENTED",
            format!(
                "`{procedure}` is an operation of Dokploy's API that is not implemented by the fake (dokploy::fake::implemented_operations() lists those it implements)"
            ),
        )
    }

    /// 403 `FORBIDDEN`.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, "FORBIDDEN", message)
    }

    /// 400 "Input validation failed" with zod's issues.
    pub(crate) fn validation(issues: Vec<Issue>) -> Self {
        Self {
            status: 400,
            code: "BAD_REQUEST",
            message: "Input validation failed".into(),
            zod_error: schema::flatten(&issues),
            issues: Some(schema::render_issues(&issues)),
        }
    }

    /// The HTTP status, tRPC's code name, the message, `data.zodError` (JSON text) and, for a
    /// validation error, zod's issues (JSON text): what the tRPC surface sends.
    pub(crate) fn parts(&self) -> (u16, &'static str, &str, &str, Option<&str>) {
        (
            self.status,
            self.code,
            &self.message,
            &self.zod_error,
            self.issues.as_deref(),
        )
    }

    /// The error with its message prefixed, as Dokploy's `try`/`catch` wrappers do.
    pub(crate) fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}{}", self.message);
        self
    }

    /// The same message as a 400 (routers that re-throw every error as `BAD_REQUEST`).
    pub(crate) fn into_bad_request(mut self) -> Self {
        self.status = 400;
        self.code = "BAD_REQUEST";
        self
    }

    /// The body, members in Dokploy's order:
    /// `{"message","code","data":{"code","httpStatus","path"?,"zodError"},"issues"?}`.
    fn reply(&self, path: Option<&str>) -> Reply {
        let code = json!(self.code).to_string();
        let mut data = vec![
            ("code", code.clone()),
            ("httpStatus", self.status.to_string()),
        ];
        if let Some(path) = path {
            data.push(("path", json!(path).to_string()));
        }
        data.push(("zodError", self.zod_error.clone()));
        let mut body = vec![
            ("message", json!(self.message).to_string()),
            ("code", code),
            ("data", schema::render_object(data)),
        ];
        if let Some(issues) = &self.issues {
            body.push(("issues", issues.clone()));
        }
        Reply {
            status: self.status,
            content_type: Some("application/json"),
            body: schema::render_object(body).into_bytes(),
        }
    }
}

/// What a procedure returns: a JSON value, or nothing (Dokploy sends 0 bytes).
pub(crate) enum Out {
    Json(Value),
    Empty,
}

/// A procedure's result.
pub(crate) type Outcome = Result<Out, ApiError>;

/// A procedure implementation.
pub(crate) type Handler = fn(&mut Ctx<'_>) -> Outcome;

/// What a procedure gets: the shared state and its validated input.
pub(crate) struct Ctx<'a> {
    pub(crate) shared: &'a Arc<Shared>,
    /// The canonical procedure name, e.g. `postgres.create`.
    pub(crate) procedure: &'static str,
    /// The input after validation (defaults filled in, unknown keys dropped).
    pub(crate) input: Map<String, Value>,
    /// `<proto>://<host>` of the request, for documents that name the server.
    pub(crate) origin: String,
}

impl Ctx<'_> {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state()
    }

    /// A string input (validation guarantees required ones are present).
    pub(crate) fn str(&self, key: &str) -> String {
        self.input
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }

    /// An input value, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.input.get(key)
    }

    /// The router part of the procedure, e.g. `postgres`.
    pub(crate) fn router(&self) -> &'static str {
        self.procedure.split('.').next().unwrap_or_default()
    }
}

/// An HTTP response about to be sent.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(status: u16, value: &Value) -> Self {
        Self {
            status,
            content_type: Some("application/json"),
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// `{"message":"Unauthorized"}`, sent by the Next.js route before tRPC sees the request.
    fn unauthorized() -> Self {
        Self {
            status: 401,
            content_type: Some("application/json; charset=utf-8"),
            body: br#"{"message":"Unauthorized"}"#.to_vec(),
        }
    }

    /// trpc-openapi's answer when no procedure matches the method and path.
    fn not_found() -> Self {
        ApiError::not_found("Not found").reply(None)
    }

    /// 413, for a body too large to record.
    pub(crate) fn too_large() -> Self {
        ApiError::new(413, "PAYLOAD_TOO_LARGE", "Request body too large").reply(None)
    }
}

/// One request as the transport sees it.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) api_key: Option<&'a [u8]>,
    pub(crate) content_type: Option<&'a str>,
    pub(crate) host: Option<&'a str>,
    pub(crate) forwarded_proto: Option<&'a str>,
    pub(crate) body: &'a [u8],
}

impl Incoming<'_> {
    /// The request as recorded for [`FakeDokploy::requests`](super::FakeDokploy::requests).
    pub(crate) fn record(&self) -> RecordedRequest {
        RecordedRequest {
            method: self.method.to_string(),
            path: self.path.to_string(),
            query: self.query.map(str::to_string),
            content_type: self.content_type.map(str::to_string),
            has_api_key: self.api_key.is_some(),
            body: self.body.to_vec(),
        }
    }
}

/// Answers one request.
pub(crate) fn respond(shared: &Arc<Shared>, req: &Incoming<'_>) -> Reply {
    if let Some(procedures) = req.path.strip_prefix("/api/trpc/") {
        return super::trpc::respond(shared, req, procedures);
    }
    // The Next.js route checks the key before anything else: the owner's key or one created
    // with `user.createApiKey`, within its limits (each REST call verifies it twice).
    if !shared.state().instance.admits(req.api_key) {
        return Reply::unauthorized();
    }
    let Some(name) = req.path.strip_prefix("/api/") else {
        return Reply::not_found();
    };
    let name = name.trim_end_matches('/');
    let method = match req.method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "HEAD" => {
            // trpc-openapi: no procedure answers HEAD; it is a warm-up call.
            return Reply {
                status: 204,
                content_type: Some("application/json"),
                body: Vec::new(),
            };
        }
        _ => return Reply::not_found(),
    };
    let Some(op) = operations::find(name).filter(|op| op.method == method) else {
        return Reply::not_found();
    };
    if !op.generated {
        // The multipart uploads: Dokploy's REST adapter cannot parse a form (445).
        return super::uploads::rest_refusal().reply(Some(op.procedure));
    }
    let Some(handler) = routes::handler(op.procedure) else {
        return ApiError::not_implemented(op.procedure).reply(Some(op.procedure));
    };
    let procedure = op.procedure;
    let raw_input = match method {
        Method::Get => Ok(parse_query(req.query.unwrap_or_default())),
        _ => body_input(req.content_type, req.body),
    };
    let result =
        raw_input.and_then(|raw| run(shared, req, op, handler, &raw, method == Method::Get));
    match result {
        Ok(Out::Json(value)) => Reply::json(200, &value),
        Ok(Out::Empty) => Reply {
            status: 200,
            content_type: Some("application/json"),
            body: Vec::new(),
        },
        Err(error) => error.reply(Some(procedure)),
    }
}

/// Validates `raw` against `op`'s input schema (`coerce`: query-string values, see
/// [`schema::validate`]) and runs `handler` with the result: what both surfaces share.
pub(crate) fn run(
    shared: &Arc<Shared>,
    req: &Incoming<'_>,
    op: &'static operations::Operation,
    handler: Handler,
    raw: &Map<String, Value>,
    coerce: bool,
) -> Outcome {
    let input =
        schema::validate(&schema::input_schema(op), raw, coerce).map_err(ApiError::validation)?;
    let proto = req.forwarded_proto.unwrap_or("http");
    let mut ctx = Ctx {
        shared,
        procedure: op.procedure,
        input,
        origin: format!("{proto}://{}", req.host.unwrap_or("127.0.0.1")),
    };
    handler(&mut ctx)
}

/// A mutation's input: trpc-openapi's content-type check, co-body's parse, then `{...body}`.
/// JavaScript has one number type: `2.0` parses as `2` and is sent back as `2`.
fn js_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Value::from(f as i64)
            }
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(js_numbers).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, js_numbers(v))).collect())
        }
        other => other,
    }
}

fn body_input(content_type: Option<&str>, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let Some(content_type) = content_type else {
        return Err(ApiError::new(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Missing content-type header",
        ));
    };
    if !content_type.starts_with("application/json") {
        // Dokploy's message really lacks the closing quote.
        return Err(ApiError::new(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            format!("Unsupported content-type \"{content_type}"),
        ));
    }
    // The body is only read when the header is exactly `application/json`; with parameters
    // (`; charset=utf-8`) Dokploy sees no input at all.
    if content_type != "application/json" {
        return Ok(Map::new());
    }
    if body.len() > MAX_JSON_BODY {
        return Err(ApiError::new(
            413,
            "PAYLOAD_TOO_LARGE",
            "Request body too large",
        ));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::new(400, "PARSE_ERROR", "Failed to parse request body"))?;
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|_| ApiError::new(400, "PARSE_ERROR", "Failed to parse request body"))?;
    let value = js_numbers(value);
    // `{...body}`: objects as they are, arrays and strings by index, anything else as `{}`.
    Ok(match value {
        Value::Object(map) => map,
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        Value::String(s) => s
            .chars()
            .enumerate()
            .map(|(i, c)| (i.to_string(), Value::String(c.to_string())))
            .collect(),
        _ => Map::new(),
    })
}

/// Flat query parameters (`URLSearchParams`): one value as a string, repeated keys as a list.
/// An empty value is no value: Dokploy reads `?search=` as `search` missing (recording 77).
fn parse_query(query: &str) -> Map<String, Value> {
    let mut out = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        if value.is_empty() {
            continue;
        }
        let value = Value::String(value);
        match out.get_mut(&key) {
            None => {
                out.insert(key, value);
            }
            Some(Value::Array(list)) => list.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
    out
}

/// Percent-decoding with `+` as a space, as `URLSearchParams` does.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode_like_url_search_params() {
        let q = parse_query("a=1&b=x%20y+z&a=2&c&d=%zz&e=%41");
        assert_eq!(q["a"], json!(["1", "2"]));
        assert_eq!(q["b"], "x y z");
        assert_eq!(q.get("c"), None, "an empty value is a missing one");
        assert_eq!(q["d"], "%zz");
        assert_eq!(q["e"], "A");
        assert_eq!(parse_query("x=%4"), {
            let mut m = Map::new();
            m.insert("x".into(), json!("%4"));
            m
        });
    }

    #[test]
    fn bodies_are_spread_into_an_object() {
        let ok = |b: &str| body_input(Some("application/json"), b.as_bytes()).unwrap();
        assert_eq!(ok(r#"{"a":1}"#)["a"], 1);
        assert!(ok("").is_empty());
        assert!(ok("true").is_empty());
        assert_eq!(ok("[5]")["0"], 5);
        assert_eq!(ok(r#""hi""#)["1"], "i");
        let e = body_input(Some("application/json"), b"{nope").unwrap_err();
        assert_eq!((e.status, e.code), (400, "PARSE_ERROR"));
    }

    #[test]
    fn whole_numbers_sent_as_decimals_are_numbers_like_in_javascript() {
        let input = body_input(
            Some("application/json"),
            br#"{"replicas":2.0,"cpu":0.5,"nested":[{"port":8080.0}]}"#,
        )
        .unwrap();
        assert_eq!(serde_json::to_string(&input["replicas"]).unwrap(), "2");
        assert_eq!(serde_json::to_string(&input["cpu"]).unwrap(), "0.5");
        assert_eq!(
            serde_json::to_string(&input["nested"]).unwrap(),
            r#"[{"port":8080}]"#
        );
    }

    #[test]
    fn content_types_other_than_json_are_415_and_parameters_hide_the_body() {
        let e = body_input(Some("text/plain"), b"{}").unwrap_err();
        assert_eq!(e.status, 415);
        assert_eq!(e.message, "Unsupported content-type \"text/plain");
        let e = body_input(None, b"{}").unwrap_err();
        assert_eq!(e.message, "Missing content-type header");
        let hidden = body_input(Some("application/json; charset=utf-8"), br#"{"a":1}"#).unwrap();
        assert!(hidden.is_empty());
    }
}
