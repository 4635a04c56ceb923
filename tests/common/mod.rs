//! Helpers shared by the integration tests: the live recordings from a real Dokploy v0.30.2.
#![allow(dead_code)]

use dokploy::required;
use std::path::PathBuf;

use serde_json::Value;

/// One recorded exchange with a real Dokploy (`tests/fixtures/live/*.json`).
pub struct Recording {
    pub method: String,
    pub path: String,
    pub request_body: Value,
    /// The recording's `x-api-key` note: `"absent"` (no key sent), `"wrong"`, `"valid"`, or a
    /// description of a valid key.
    pub api_key: Option<String>,
    pub status: u16,
    pub content_type: String,
    /// The response body bytes as Dokploy sent them (empty when it sent none).
    pub body: Vec<u8>,
    pub json: Value,
}

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/live")
}

/// The file names of every recording (`*.json` in the fixtures directory), sorted.
pub fn recording_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// The names of the recordings whose number is in `numbers` (e.g. `120..=149`), sorted.
pub fn recordings_numbered(numbers: std::ops::RangeInclusive<u32>) -> Vec<String> {
    recording_names()
        .into_iter()
        .filter(|name| {
            let number = name.split('-').next().and_then(|n| n.parse().ok());
            number.is_some_and(|n| numbers.contains(&n))
        })
        .collect()
}

/// Loads the recording whose file name starts with `prefix` (e.g. `"06-"`); exactly one must.
pub fn recording(prefix: &str) -> Recording {
    let matching: Vec<String> = recording_names()
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .collect();
    assert!(
        matching.len() == 1,
        "the prefix {prefix:?} must name exactly one recording, not {matching:?}"
    );
    let path = fixtures_dir().join(&matching[0]);
    let raw: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let response = &raw["response"];
    let json = response["body"].clone();
    let body = if response["body_bytes"] == 0 {
        Vec::new()
    } else {
        serde_json::to_vec(&json).unwrap()
    };
    Recording {
        method: raw["request"]["method"].as_str().unwrap().to_string(),
        path: path_with_query(&raw["request"]),
        request_body: raw["request"]["body"].clone(),
        api_key: raw["request"]
            .get("x-api-key")
            .and_then(Value::as_str)
            .map(str::to_string),
        status: response["status"].as_u64().unwrap() as u16,
        content_type: response["content_type"].as_str().unwrap().to_string(),
        body,
        json,
    }
}

/// The recorded path; the later recordings (306–309c) keep the query apart in `query`, which is
/// put back onto the path as the earlier ones have it.
fn path_with_query(request: &Value) -> String {
    let path = request["path"].as_str().unwrap().to_string();
    let Some(query) = request["query"].as_object().filter(|q| !q.is_empty()) else {
        return path;
    };
    if path.contains('?') {
        return path;
    }
    let mut url = reqwest::Url::parse("http://recorded")
        .unwrap()
        .join(&path)
        .unwrap();
    for (key, value) in query {
        let value = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        url.query_pairs_mut().append_pair(key, &value);
    }
    format!("{}?{}", url.path(), url.query().unwrap_or_default())
}

impl Recording {
    /// The procedure called, e.g. `gitea.one` (the path without `/api/` and the query).
    pub fn procedure(&self) -> &str {
        let path = self.path.trim_start_matches("/api/");
        path.split('?').next().unwrap_or(path)
    }

    /// The success body decoded as `T` by the crate's reader (`Body::decode`); panics naming the
    /// recording and the type when it does not decode, or when `Debug` of the result shows one
    /// of `hidden` (the secrets the recording carries).
    pub fn decoded<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        &self,
        name: &str,
        hidden: &[&str],
    ) -> T {
        let body = dokploy::Body::from_bytes(reqwest::StatusCode::OK, self.body.clone());
        let value: T = body.decode().unwrap_or_else(|e| {
            panic!(
                "{name} does not decode as {}: {e}",
                std::any::type_name::<T>()
            )
        });
        let debug = format!("{value:?}");
        for secret in hidden {
            assert!(
                !debug.contains(secret),
                "{name}: Debug shows a secret: {debug}"
            );
        }
        value
    }

    /// A wiremock response that replays this recording byte for byte (status, content type, body).
    pub fn response(&self) -> wiremock::ResponseTemplate {
        wiremock::ResponseTemplate::new(self.status)
            .insert_header("content-type", self.content_type.as_str())
            .set_body_raw(self.body.clone(), &self.content_type)
    }
}

/// Where `actual` differs in shape from `expected`: the same keys (recursively), the same JSON
/// types, arrays of the same length. Values themselves are not compared.
pub fn shape_differences(expected: &Value, actual: &Value) -> Vec<String> {
    fn kind(v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
    fn walk(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
        match (expected, actual) {
            (Value::Object(e), Value::Object(a)) => {
                for key in e.keys().filter(|k| !a.contains_key(*k)) {
                    out.push(format!("{path}.{key}: missing"));
                }
                for key in a.keys().filter(|k| !e.contains_key(*k)) {
                    out.push(format!("{path}.{key}: unexpected"));
                }
                for (key, ev) in e {
                    if let Some(av) = a.get(key) {
                        walk(&format!("{path}.{key}"), ev, av, out);
                    }
                }
            }
            (Value::Array(e), Value::Array(a)) => {
                if e.len() != a.len() {
                    out.push(format!("{path}: {} items, expected {}", a.len(), e.len()));
                }
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    walk(&format!("{path}[{i}]"), ev, av, out);
                }
            }
            (e, a) if kind(e) != kind(a) => {
                out.push(format!("{path}: {} ({a}), expected {}", kind(a), kind(e)));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("$", expected, actual, &mut out);
    out
}

/// Panics with every difference when `actual` does not have `expected`'s shape.
pub fn assert_same_shape(what: &str, expected: &Value, actual: &Value) {
    let differences = shape_differences(expected, actual);
    assert!(
        differences.is_empty(),
        "{what}: the shape differs from the recording:\n  {}\nactual: {actual:#}",
        differences.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// The embedded fake Dokploy.

/// A fake whose deploy jobs start after `queue_ms` and build for `build_ms`.
pub async fn fake_with(
    queue_ms: u64,
    build_ms: u64,
    outcome: dokploy::fake::DeployOutcome,
) -> dokploy::fake::FakeDokploy {
    dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
        queue_delay: std::time::Duration::from_millis(queue_ms),
        build_duration: std::time::Duration::from_millis(build_ms),
        outcome,
        ..Default::default()
    })
    .await
    .expect("the fake starts")
}

/// Waiting options for the fake's short deploys: polls every 20 ms, at most 100 ms apart.
pub fn fast_waits() -> dokploy::WaitOptions {
    dokploy::WaitOptions {
        poll_interval: std::time::Duration::from_millis(20),
        max_poll_interval: std::time::Duration::from_millis(100),
        ..dokploy::WaitOptions::default()
    }
}

/// A fake with short deploy delays.
pub async fn fast_fake() -> dokploy::fake::FakeDokploy {
    fake_with(10, 30, dokploy::fake::DeployOutcome::Done).await
}

/// What a raw request to the fake got back.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Sends a request the generated client never would (wrong key, method or content type).
pub async fn raw(
    fake: &dokploy::fake::FakeDokploy,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
    key: Option<&str>,
) -> RawAnswer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", fake.base_url()))
        .body(body.to_string());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    let response = request.send().await.expect("the fake answers");
    RawAnswer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string()),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

/// Polls `check` every 20 ms until it returns `Some`, for at most `secs` seconds.
pub async fn eventually<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {secs}s waiting for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Creates a project and returns (projectId, the production environmentId).
pub async fn project(client: &dokploy::Client, name: &str) -> (String, String) {
    use dokploy::ResponseExt;
    let created: Value = client
        .project_create()
        .required(required::ProjectCreate { name: name.into() })
        .send()
        .decode()
        .await
        .expect("project.create");
    (
        created["project"]["projectId"]
            .as_str()
            .unwrap()
            .to_string(),
        created["environment"]["environmentId"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

/// Calls `procedure` with `input` (a JSON object) and decodes the answer as JSON.
pub async fn call(
    client: &dokploy::Client,
    procedure: &str,
    input: Value,
) -> Result<Value, dokploy::Error> {
    use dokploy::ResponseExt;
    let mut call = client.call(procedure);
    if let Value::Object(map) = input {
        for (k, v) in map {
            call = call.arg(&k, v);
        }
    }
    call.send().decode().await
}

// ---------------------------------------------------------------------------------------------
// Both transports.

/// Turns each named `async fn name(transport: dokploy::Transport)` of a test file into two
/// tests, `name::rest` and `name::trpc`, so that the same test runs on both of Dokploy's
/// surfaces (`cargo test name` runs both).
#[macro_export]
macro_rules! on_both_transports {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn rest() {
                super::$name(dokploy::Transport::Rest).await
            }
            #[tokio::test]
            async fn trpc() {
                super::$name(dokploy::Transport::Trpc).await
            }
        }
    )*};
}
