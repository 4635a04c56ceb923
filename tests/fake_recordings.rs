//! The embedded fake replays the live session recorded from Dokploy v0.30.2
//! (`tests/fixtures/live`): the same requests, in the same order, get the same status, the same
//! content type, bodies of the same shape, and byte-identical error bodies.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use dokploy::fake::{DeployOutcome, FakeDokploy, FakeOptions};
use serde_json::Value;

use common::{Recording, recording, shape_differences};

/// How each recorded step is replayed.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    /// Same status, content type and shape (errors: the same body).
    Check,
    /// As `Check`, polling until the deploy queue has caught up with the recording.
    Settle,
    /// A tRPC call: replayed on the REST surface for its effect only.
    Effect,
}

const SESSION: &[(&str, Step)] = &[
    ("01-", Step::Check),
    ("02-", Step::Check),
    ("03-", Step::Check),
    ("04-", Step::Check),
    ("05-", Step::Check),
    ("06-", Step::Check),
    ("07-", Step::Check),
    ("08-", Step::Check),
    ("09-", Step::Check),
    ("10-", Step::Check),
    ("11-", Step::Check),
    ("12-", Step::Check),
    ("13-", Step::Check),
    ("14-", Step::Check),
    ("15-", Step::Check),
    ("16-", Step::Check),
    ("17-", Step::Check),
    ("18-", Step::Check),
    ("19-", Step::Check),
    ("20-", Step::Check),
    ("21-", Step::Check),
    ("22-", Step::Check),
    ("23-", Step::Check),
    ("24-", Step::Settle),
    ("25-", Step::Settle),
    ("26-", Step::Settle),
    ("27-", Step::Check),
    ("28-", Step::Check),
    ("29-", Step::Settle),
    ("30-", Step::Check),
    ("31-", Step::Check),
    ("32-", Step::Check),
    ("33-", Step::Check),
    ("38-", Step::Check),
    ("39-", Step::Check),
    ("40-", Step::Check),
    ("41-", Step::Check),
    ("44-", Step::Check),
    ("45-", Step::Check),
    ("46-", Step::Check),
    ("47-ratelimited-key-project.all-call1", Step::Check),
    ("48-", Step::Effect),
    ("49-", Step::Effect),
    ("50-", Step::Effect),
    ("52-", Step::Settle),
];

struct Answer {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        if self.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&self.body).unwrap_or(Value::Null)
        }
    }
}

async fn send(
    http: &reqwest::Client,
    fake: &FakeDokploy,
    method: &str,
    path: &str,
    body: &str,
    key: Option<&str>,
) -> Answer {
    let url = format!("{}{path}", fake.base_url());
    let mut request = match method {
        "GET" => http.get(url),
        _ => http
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string()),
    };
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    let response = request.send().await.expect("the fake answers");
    Answer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string()),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

/// Pairs the recording's ids with the fake's, by position in the two bodies.
fn learn_ids(recorded: &Value, actual: &Value, ids: &mut HashMap<String, String>) {
    match (recorded, actual) {
        (Value::Object(r), Value::Object(a)) => {
            for (key, rv) in r {
                let Some(av) = a.get(key) else { continue };
                match (rv, av) {
                    (Value::String(rs), Value::String(as_)) if key.ends_with("Id") => {
                        ids.entry(rs.clone()).or_insert_with(|| as_.clone());
                    }
                    _ => learn_ids(rv, av, ids),
                }
            }
        }
        (Value::Array(r), Value::Array(a)) => {
            for (rv, av) in r.iter().zip(a) {
                learn_ids(rv, av, ids);
            }
        }
        _ => {}
    }
}

fn substitute(text: &str, ids: &HashMap<String, String>) -> String {
    ids.iter().fold(text.to_string(), |t, (recorded, fake)| {
        t.replace(recorded, fake)
    })
}

/// The request as the REST surface takes it (tRPC calls unwrapped).
fn rest_request(rec: &Recording) -> (String, String) {
    let (path, body) = match rec.path.strip_prefix("/api/trpc/") {
        Some(procedure) => (
            format!("/api/{procedure}"),
            rec.request_body["json"].clone(),
        ),
        None => (rec.path.clone(), rec.request_body.clone()),
    };
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    (path, body)
}

fn differences(rec: &Recording, answer: &Answer) -> Vec<String> {
    let mut out = Vec::new();
    if answer.status != rec.status {
        out.push(format!("status {}, expected {}", answer.status, rec.status));
    }
    if answer.content_type.as_deref() != Some(rec.content_type.as_str()) {
        out.push(format!(
            "content type {:?}, expected {:?}",
            answer.content_type, rec.content_type
        ));
    }
    if rec.body.is_empty() {
        if !answer.body.is_empty() {
            out.push(format!(
                "a body ({}), expected none",
                String::from_utf8_lossy(&answer.body)
            ));
        }
    } else if rec.status >= 400 {
        if answer.json() != rec.json {
            out.push(format!(
                "error body {}, expected {}",
                answer.json(),
                rec.json
            ));
        }
    } else {
        out.extend(shape_differences(&rec.json, &answer.json()));
    }
    out
}

#[tokio::test]
async fn the_fake_replays_the_recorded_live_session_with_the_same_statuses_types_and_shapes() {
    // The recording was made without Docker, so every deploy ended in `error`.
    let fake = FakeDokploy::start_with(FakeOptions {
        queue_delay: Duration::from_millis(20),
        build_duration: Duration::from_millis(40),
        outcome: DeployOutcome::Error {
            log: "Error: connect ENOENT /var/run/docker.sock".into(),
        },
        ..FakeOptions::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let mut ids = HashMap::new();
    for (prefix, step) in SESSION {
        let rec = recording(prefix);
        let (path, body) = rest_request(&rec);
        let (path, body) = (substitute(&path, &ids), substitute(&body, &ids));
        let key = match *prefix {
            "01-" => None,
            "38-" => Some("wrong-key"),
            _ => Some(fake.api_key()),
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        let answer = loop {
            let answer = send(&http, &fake, &rec.method, &path, &body, key).await;
            if *step != Step::Settle
                || differences(&rec, &answer).is_empty()
                || Instant::now() > deadline
            {
                break answer;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        };
        if *step == Step::Effect {
            assert_eq!(answer.status, 200, "{prefix} {path}: {:?}", answer.json());
            continue;
        }
        let found = differences(&rec, &answer);
        assert!(
            found.is_empty(),
            "{prefix} {} {path}:\n  {}\nactual body: {}",
            rec.method,
            found.join("\n  "),
            String::from_utf8_lossy(&answer.body)
        );
        eprintln!(
            "{prefix} {} {path} -> {} {:?} {}B",
            rec.method,
            answer.status,
            answer.content_type,
            answer.body.len()
        );
        learn_ids(&rec.json, &answer.json(), &mut ids);
    }
}
