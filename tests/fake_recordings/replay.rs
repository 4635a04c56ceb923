//! The replay engine: sends each recorded request to a fresh embedded fake, in order, and
//! compares the answer with what the real Dokploy v0.30.2 sent.
//!
//! Ids differ between the recording and the fake, so they are learned as the session goes: each
//! `…Id` in a recorded answer is paired with the one at the same place in the fake's answer, and
//! later requests (paths and bodies) have recorded ids replaced by the fake's. Where a recording
//! assumes something the recorded session did not create itself (the census ran against a
//! project and a postgres database made beforehand), a [`Step::Seed`] creates it and pairs the
//! recorded id with the new one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use dokploy::fake::{DeployOutcome, FakeDokploy, FakeOptions};
use serde_json::Value;

use crate::common::{Recording, recording, shape_differences};

/// How one step of a session is replayed.
#[allow(dead_code)] // each group uses the kinds of step its recordings need
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// The recording whose file name starts with this prefix: the same status and content type,
    /// a body of the same shape (success) or the same body (error: byte-identical JSON after
    /// ids are substituted).
    Check(&'static str),
    /// As `Check`, polling until the fake's deploy queue has caught up with the recording.
    Settle(&'static str),
    /// As `Check`, but the error `message` only has to start with the given text (messages
    /// that embed what the fake cannot reproduce: dates, generated names, a shell script).
    /// The rest of the error body must be identical.
    MessageStarts(&'static str, &'static str),
    /// A tRPC call, replayed on the REST surface for its effect only (it must answer 200).
    Effect(&'static str),
    /// As `Check`, sent to the tRPC surface exactly as recorded (`/api/trpc/…`, the input
    /// wrapped, batches included): the envelopes are compared like any body.
    Trpc(&'static str),
    /// As `Check`, for a multipart upload: the recorded fields are sent as a
    /// `multipart/form-data` body to the recorded path (REST or tRPC), each file field (the
    /// recording names the file only) as a small zip archive.
    Upload(&'static str),
    /// Creates what the recordings assume exists: POSTs `input` (JSON; recorded ids in it are
    /// substituted) to `procedure` and pairs each recorded id in `learn` with the string at the
    /// JSON pointer beside it in the fake's answer.
    Seed {
        procedure: &'static str,
        input: &'static str,
        learn: &'static [(&'static str, &'static str)],
    },
    /// Learns ids the recorded session found in a later answer (a create that answered without
    /// an id, listed only after other steps): GETs `procedure` (with a query string if it has
    /// one, recorded ids in it substituted) and pairs each recorded id in `learn` with the
    /// string at the JSON pointer beside it in the fake's answer.
    Learn {
        procedure: &'static str,
        learn: &'static [(&'static str, &'static str)],
    },
    /// Sets the fake up the way the recorded server was from here on (for example without a
    /// working Docker engine), through the fake's public API.
    Configure(fn(&FakeDokploy)),
    /// Creates an API key with `user.createApiKey` (`input` JSON; recorded ids substituted) and
    /// from then on sends it with every recording whose `x-api-key` note describes a key of its
    /// own (anything but `valid`, `wrong` and `absent`), such as the rate-limited key of 47.
    Key { input: &'static str },
}

impl Step {
    /// The recording this step replays, if it replays one.
    pub fn prefix(&self) -> Option<&'static str> {
        match *self {
            Step::Check(p)
            | Step::Settle(p)
            | Step::Effect(p)
            | Step::Trpc(p)
            | Step::Upload(p)
            | Step::MessageStarts(p, _) => Some(p),
            Step::Seed { .. } | Step::Learn { .. } | Step::Configure(_) | Step::Key { .. } => None,
        }
    }
}

/// A recorded session: steps replayed in order against one fake.
pub struct Session {
    pub name: &'static str,
    /// How the fake's deploys end (the recordings were made without Docker: `error`).
    pub outcome: fn() -> DeployOutcome,
    pub steps: &'static [Step],
}

/// A fake whose deploys end in `error` like the recordings', quickly.
pub fn recording_outcome() -> DeployOutcome {
    DeployOutcome::Error {
        log: "Error: connect ENOENT /var/run/docker.sock".into(),
    }
}

pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
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

/// The recorded upload as a multipart form: text fields as they were, file fields (named only,
/// in the recording) as a small archive called `app.zip`.
async fn send_upload(
    http: &reqwest::Client,
    fake: &FakeDokploy,
    rec: &Recording,
    ids: &HashMap<String, String>,
    key: Option<&str>,
) -> Answer {
    let procedure = rec.path.rsplit('/').next().unwrap_or_default();
    let op = dokploy::operations::find(procedure).expect("an operation of the document");
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in rec.request_body.as_object().expect("a recorded form") {
        let is_file = op
            .body_field(name)
            .is_some_and(|f| f.kind == dokploy::operations::FieldKind::File);
        form = if is_file {
            let part = reqwest::multipart::Part::bytes(b"PK\x05\x06 an empty zip".to_vec())
                .file_name("app.zip");
            form.part(name.clone(), part)
        } else {
            form.text(
                name.clone(),
                substitute(value.as_str().unwrap_or_default(), ids),
            )
        };
    }
    let url = format!("{}{}", fake.base_url(), substitute(&rec.path, ids));
    let mut request = http.post(url).multipart(form);
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
pub fn learn_ids(recorded: &Value, actual: &Value, ids: &mut HashMap<String, String>) {
    match (recorded, actual) {
        (Value::Object(r), Value::Object(a)) => {
            for (key, rv) in r {
                let Some(av) = a.get(key) else { continue };
                match (rv, av) {
                    (Value::String(rs), Value::String(as_))
                        if key.ends_with("Id") || key == "id" =>
                    {
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
    (path, json_text(&body))
}

/// A recorded body as sent: nothing for `null`, else its JSON text.
fn json_text(body: &Value) -> String {
    if body.is_null() {
        String::new()
    } else {
        body.to_string()
    }
}

/// The key the recording sent: none, a wrong one, the valid one, or a key of its own (the one
/// a [`Step::Key`] created, if any).
fn key_for<'a>(
    rec: &Recording,
    fake: &'a FakeDokploy,
    own_key: Option<&'a str>,
) -> Option<&'a str> {
    match rec.api_key.as_deref() {
        None | Some("absent") => None,
        Some("wrong") => Some("wrong-key"),
        Some("valid") => Some(fake.api_key()),
        Some(_) => Some(own_key.unwrap_or(fake.api_key())),
    }
}

fn differences(
    rec: &Recording,
    answer: &Answer,
    message_start: Option<&str>,
    ids: &HashMap<String, String>,
) -> Vec<String> {
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
        let mut expected: Value = serde_json::from_str(&substitute(&rec.json.to_string(), ids))
            .expect("substituting ids keeps JSON valid");
        let mut actual = answer.json();
        if let Some(start) = message_start {
            let message = actual["message"].as_str().unwrap_or_default().to_string();
            if !message.starts_with(start) {
                out.push(format!("message {message:?} does not start with {start:?}"));
            }
            expected["message"] = Value::Null;
            actual["message"] = Value::Null;
        }
        if actual != expected {
            out.push(format!("error body {actual}, expected {expected}"));
        }
    } else {
        out.extend(shape_differences(&rec.json, &answer.json()));
    }
    out
}

/// Pairs each recorded id in `learn` with the string at the JSON pointer beside it in `json`,
/// the fake's answer to `procedure` (a `Seed` or a `Learn`).
fn pair_ids(
    json: &Value,
    learn: &[(&str, &str)],
    ids: &mut HashMap<String, String>,
    session: &str,
    procedure: &str,
) {
    for (recorded, pointer) in learn {
        let id = json
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{session}: {procedure} has no {pointer}: {json}"));
        ids.insert(recorded.to_string(), id.to_string());
    }
}

/// Replays `session` against a fresh fake; panics at the first step that differs.
pub async fn replay(session: &Session) {
    let fake = FakeDokploy::start_with(FakeOptions {
        queue_delay: Duration::from_millis(20),
        build_duration: Duration::from_millis(40),
        outcome: (session.outcome)(),
        ..FakeOptions::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let mut ids = HashMap::new();
    let mut own_key: Option<String> = None;
    for step in session.steps {
        if let Step::Configure(configure) = *step {
            configure(&fake);
            continue;
        }
        if let Step::Key { input } = *step {
            let body = substitute(input, &ids);
            let answer = send(
                &http,
                &fake,
                "POST",
                "/api/user.createApiKey",
                &body,
                Some(fake.api_key()),
            )
            .await;
            let json = answer.json();
            let key = json["key"].as_str().unwrap_or_else(|| {
                panic!("{}: user.createApiKey gave no key: {json}", session.name)
            });
            own_key = Some(key.to_string());
            continue;
        }
        let setup = match *step {
            Step::Seed {
                procedure,
                input,
                learn,
            } => Some(("POST", procedure, substitute(input, &ids), learn)),
            Step::Learn { procedure, learn } => Some(("GET", procedure, String::new(), learn)),
            _ => None,
        };
        if let Some((method, procedure, body, learn)) = setup {
            let path = format!("/api/{}", substitute(procedure, &ids));
            let answer = send(&http, &fake, method, &path, &body, Some(fake.api_key())).await;
            assert_eq!(
                answer.status,
                200,
                "{}: {method} {procedure} (to set up) failed: {}",
                session.name,
                String::from_utf8_lossy(&answer.body)
            );
            pair_ids(&answer.json(), learn, &mut ids, session.name, procedure);
            continue;
        }
        let Some(prefix) = step.prefix() else {
            continue;
        };
        let message_start = match step {
            Step::MessageStarts(_, start) => Some(*start),
            _ => None,
        };
        let rec = recording(prefix);
        let (path, body) = match step {
            Step::Trpc(_) => (rec.path.clone(), json_text(&rec.request_body)),
            _ => rest_request(&rec),
        };
        let (path, body) = (substitute(&path, &ids), substitute(&body, &ids));
        let key = key_for(&rec, &fake, own_key.as_deref());
        let settle = matches!(step, Step::Settle(_));
        let deadline = Instant::now() + Duration::from_secs(15);
        let answer = loop {
            let answer = if matches!(step, Step::Upload(_)) {
                send_upload(&http, &fake, &rec, &ids, key).await
            } else {
                send(&http, &fake, &rec.method, &path, &body, key).await
            };
            if !settle
                || differences(&rec, &answer, message_start, &ids).is_empty()
                || Instant::now() > deadline
            {
                break answer;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        };
        if matches!(step, Step::Effect(_)) {
            assert_eq!(
                answer.status,
                200,
                "{}: {prefix} {path}: {:?}",
                session.name,
                answer.json()
            );
            continue;
        }
        let found = differences(&rec, &answer, message_start, &ids);
        assert!(
            found.is_empty(),
            "{}: {prefix} {} {path}:\n  {}\nactual body: {}",
            session.name,
            rec.method,
            found.join("\n  "),
            String::from_utf8_lossy(&answer.body)
        );
        learn_ids(&rec.json, &answer.json(), &mut ids);
    }
}
