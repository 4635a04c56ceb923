//! Calling any operation by Dokploy's procedure name with JSON input: the escape hatch for what
//! typed builders cannot say, such as an explicit `null` to clear a field in an `update`.
//!
//! Field names are checked against the [operation table](crate::operations): Dokploy silently
//! drops keys it does not know, so a typo would otherwise be lost without a word. The answer is
//! read with [`Sending::body`] or [`Sending::decode`], straight from the transport.
//!
//! ```no_run
//! # async fn run(client: dokploy::Client) -> Result<(), dokploy::Error> {
//! // Clear an application's description (the typed builder can only leave it unchanged).
//! client
//!     .call("application.update")
//!     .arg("applicationId", "app-id")
//!     .null("description")
//!     .send()
//!     .body()
//!     .await?;
//! # Ok(()) }
//! ```

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use progenitor_client::ResponseValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Client;
use crate::operations::{self, Method, Operation};
use crate::response::{self, Body, RawResult};
use crate::{generated, hooks};

impl Client {
    /// Starts a call to the operation named `procedure` (e.g. `application.update`), matched
    /// like Dokploy matches it (ignoring ASCII case).
    pub fn call(&self, procedure: &str) -> Call<'_> {
        let op = operations::find(procedure).ok_or_else(|| {
            format!(
                "Dokploy's API (as vendored, {} operations) has no procedure `{procedure}`",
                operations::OPERATIONS.len()
            )
        });
        Call {
            client: self,
            op,
            input: Input::default(),
            problems: Vec::new(),
        }
    }
}

/// A call being put together; see [`Client::call`]. Mistakes are reported by `send()`.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'a> {
    client: &'a Client,
    op: Result<&'static Operation, String>,
    input: Input,
    problems: Vec<String>,
}

/// A call's input: its fields by name, each once, kept (and sent) in name order, as a map
/// would; a name from the operation table is not copied.
#[derive(Default)]
struct Input(Vec<(Cow<'static, str>, Value)>);

impl Input {
    fn insert(&mut self, name: Cow<'static, str>, value: Value) {
        match self.position(&name) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name, value)),
        }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(name))
    }

    fn contains(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

impl Serialize for Input {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'a> Call<'a> {
    /// Sets the query parameter (for a `GET`) or body field (for a `POST`) `name`.
    pub fn arg(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => self.set_checked(name, v),
            Err(e) => self
                .problems
                .push(format!("`{name}` could not be encoded as JSON: {e}")),
        }
        self
    }

    /// Sends `name` as an explicit `null` (Dokploy then clears the value). The field must be
    /// nullable.
    pub fn null(mut self, name: &str) -> Self {
        if let Ok(op) = self.op {
            match op.body_field(name) {
                Some(f) if f.nullable => {}
                Some(_) => self
                    .problems
                    .push(format!("`{name}` of {} cannot be null", op.procedure)),
                None => {}
            }
        }
        self.set_checked(name, Value::Null);
        self
    }

    /// Sets every field of `input` (a map or struct serialising to a JSON object, such as a
    /// generated body type).
    pub fn args(mut self, input: impl Serialize) -> Self {
        match serde_json::to_value(input) {
            Ok(Value::Object(map)) => {
                for (k, v) in map {
                    self.set_checked(&k, v);
                }
            }
            Ok(other) => self
                .problems
                .push(format!("the input must be a JSON object, not {other}")),
            Err(e) => self
                .problems
                .push(format!("the input could not be encoded as JSON: {e}")),
        }
        self
    }

    /// Sets `name` without checking it against the operation table (for a field newer than the
    /// vendored document).
    pub fn arg_unchecked(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => {
                let name = self.key(name);
                self.input.insert(name, v);
            }
            Err(e) => self
                .problems
                .push(format!("`{name}` could not be encoded as JSON: {e}")),
        }
        self
    }

    /// `name` as a key of the input: the operation table's own, when it has the field.
    fn key(&self, name: &str) -> Cow<'static, str> {
        let field = self
            .op
            .as_ref()
            .ok()
            .and_then(|op| op.fields().iter().find(|f| f.name == name));
        match field {
            Some(field) => Cow::Borrowed(field.name),
            None => Cow::Owned(name.to_string()),
        }
    }

    fn set_checked(&mut self, name: &str, value: Value) {
        let key = self.key(name);
        if let (Ok(op), Cow::Owned(_)) = (&self.op, &key) {
            let known: Vec<&str> = op.fields().iter().map(|f| f.name).collect();
            self.problems.push(format!(
                "{} has no {} `{name}` (it has: {})",
                op.procedure,
                if op.method == Method::Get {
                    "query parameter"
                } else {
                    "body field"
                },
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
        self.input.insert(key, value);
    }

    /// Sends the call; read the answer with `.body()` or `.decode()`, as with
    /// [`ResponseExt`](crate::ResponseExt) (see [`Sending`]).
    pub fn send(self) -> Sending<'a> {
        Sending {
            call: Some(self),
            running: None,
        }
    }

    /// The request and its operation, run through the hooks.
    fn start(self) -> impl Future<Output = Result<Started<'a>, String>> + Send + 'a {
        let (prepared, nulls_added) = (self.prepare(), self.has_required_nulls());
        let api = self.client.generated();
        async move {
            let (op, mut request) = prepared?;
            hooks::prepare(api, &mut request, Some(op), nulls_added)?;
            Ok(Started { api, op, request })
        }
    }

    /// The input has every field Dokploy requires even when `null` (a typed helper sets them
    /// all): the body needs no second look for them.
    fn has_required_nulls(&self) -> bool {
        self.op.as_ref().is_ok_and(|op| {
            op.required_nullable_fields()
                .all(|f| self.input.contains(f.name))
        })
    }

    pub(crate) fn prepare(&self) -> Result<(&'static Operation, reqwest::Request), String> {
        let op = self.op.clone()?;
        if !self.problems.is_empty() {
            return Err(self.problems.join("; "));
        }
        let missing: Vec<&str> = op
            .fields()
            .iter()
            .filter(|f| f.required && !f.nullable && !self.input.contains(f.name))
            .map(|f| f.name)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "{} needs {}",
                op.procedure,
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let api = self.client.generated();
        let url = [api.baseurl.as_str(), op.path].concat();
        let mut builder = api.client.request(op.method.to_reqwest(), url);
        if op.method == Method::Get {
            if !self.input.is_empty() {
                builder = builder.query(&query_pairs(op, &self.input)?);
            }
        } else if !self.input.is_empty() || !op.body.is_empty() {
            builder = builder.json(&self.input);
        }
        let request = builder
            .build()
            .map_err(|e| format!("the request for {} could not be built: {e}", op.procedure))?;
        Ok((op, request))
    }
}

/// A prepared request on its way.
struct Started<'a> {
    api: &'a generated::Client,
    op: &'static Operation,
    request: reqwest::Request,
}

/// A call being sent, made by [`Call::send`]. Read the answer with [`body`](Sending::body) or
/// [`decode`](Sending::decode), as for any generated method's `send()`
/// ([`ResponseExt`](crate::ResponseExt), whose other methods work on it too); these two read
/// it straight from the transport, without the generated client's response type around it.
/// Awaited as it is, it gives that type.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let projects: Vec<dokploy::models::Project> =
///     client.call("project.all").send().decode().await?;
/// assert!(projects.is_empty());
/// let raw = client.call("project.all").send().await.expect("an answer");
/// assert_eq!(raw.status(), 200);
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited or read"]
pub struct Sending<'a> {
    call: Option<Call<'a>>,
    running: Option<Pin<Box<dyn Future<Output = RawResult> + Send + 'a>>>,
}

impl<'a> Sending<'a> {
    /// Waits for the answer and reads it into a [`Body`] (see
    /// [`ResponseExt::body`](crate::ResponseExt::body)).
    pub fn body(self) -> impl Future<Output = crate::Result<Body>> + Send + 'a {
        let Sending { call, running } = self;
        async move {
            match (call, running) {
                (Some(call), _) => {
                    let started = call.start().await.map_err(crate::Error::InvalidInput)?;
                    hooks::answer(started.api, started.request, started.op.procedure).await
                }
                // Already polled for the raw result: read that.
                (None, Some(running)) => response::read(running.await).await,
                (None, None) => Err(crate::Error::InvalidInput(ALREADY_SENT.to_string())),
            }
        }
    }

    /// Waits for the answer and decodes it as `T` (see [`Body::decode`]).
    pub fn decode<T: DeserializeOwned>(self) -> impl Future<Output = crate::Result<T>> + Send + 'a {
        let body = self.body();
        async move { body.await?.decode() }
    }
}

const ALREADY_SENT: &str = "the call was already sent and its answer read";

impl Future for Sending<'_> {
    type Output = RawResult;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<RawResult> {
        let this = self.get_mut();
        if let Some(call) = this.call.take() {
            this.running = Some(Box::pin(async move {
                let started = call
                    .start()
                    .await
                    .map_err(progenitor_client::Error::InvalidRequest)?;
                run(started.api, started.request, started.op.procedure).await
            }));
        }
        match &mut this.running {
            Some(running) => running.as_mut().poll(cx),
            None => Poll::Ready(Err(progenitor_client::Error::InvalidRequest(
                ALREADY_SENT.to_string(),
            ))),
        }
    }
}

/// Flat query parameters: scalars as text, lists as repeated keys, never `?input=`.
fn query_pairs(op: &Operation, input: &Input) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for (name, value) in input.iter() {
        let scalar = |v: &Value| -> Result<String, String> {
            match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Null => Err(format!(
                    "query parameter `{name}` of {} cannot be null: leave it out instead",
                    op.procedure
                )),
                _ => Err(format!(
                    "query parameter `{name}` of {} must be a string, number or boolean",
                    op.procedure
                )),
            }
        };
        match value {
            Value::Array(items) => {
                for item in items {
                    pairs.push((name.to_string(), scalar(item)?));
                }
            }
            other => pairs.push((name.to_string(), scalar(other)?)),
        }
    }
    Ok(pairs)
}

/// Runs a hand-built request through the same hooks and status handling as generated methods.
pub(crate) async fn execute(
    api: &generated::Client,
    mut request: reqwest::Request,
    op: &'static Operation,
) -> RawResult {
    hooks::prepare(api, &mut request, Some(op), false)
        .map_err(progenitor_client::Error::InvalidRequest)?;
    run(api, request, op.procedure).await
}

/// Runs a hand-built request that no operation of the table names (a batch, called
/// `procedure`): the hooks add the key and the timeout but rewrite nothing.
pub(crate) async fn execute_as(
    api: &generated::Client,
    mut request: reqwest::Request,
    procedure: &'static str,
) -> RawResult {
    hooks::prepare(api, &mut request, None, true)
        .map_err(progenitor_client::Error::InvalidRequest)?;
    run(api, request, procedure).await
}

/// What a generated method's `send()` does with its prepared request (see
/// [`hooks`](crate::hooks)).
async fn run(
    api: &generated::Client,
    request: reqwest::Request,
    procedure: &'static str,
) -> RawResult {
    let response = hooks::send(api, request, procedure).await?;
    match response.status().as_u16() {
        200..=299 => Ok(ResponseValue::stream(response)),
        400..=599 => Err(progenitor_client::Error::ErrorResponse(
            ResponseValue::stream(response),
        )),
        _ => Err(progenitor_client::Error::UnexpectedResponse(response)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new("http://127.0.0.1:9", "k").unwrap()
    }

    #[test]
    fn unknown_procedures_and_fields_are_refused_before_sending() {
        let c = client();
        let e = c.call("project.nope").prepare().unwrap_err();
        assert!(e.contains("no procedure `project.nope`"), "{e}");
        let e = c
            .call("application.update")
            .arg("applicationId", "a")
            .arg("descriptoin", "x")
            .prepare()
            .unwrap_err();
        assert!(e.contains("no body field `descriptoin`"), "{e}");
        assert!(e.contains("description"), "{e}");
    }

    #[test]
    fn missing_required_fields_are_named() {
        let e = client().call("project.one").prepare().unwrap_err();
        assert_eq!(e, "project.one needs `projectId`");
    }

    #[test]
    fn null_is_refused_for_fields_that_cannot_be_null() {
        let e = client()
            .call("application.update")
            .null("applicationId")
            .prepare()
            .unwrap_err();
        assert!(e.contains("cannot be null"), "{e}");
    }

    #[test]
    fn get_input_becomes_flat_query_parameters() {
        let (_, r) = client()
            .call("deployment.allByType")
            .arg("id", "c1")
            .arg("type", "compose")
            .prepare()
            .unwrap();
        assert_eq!(r.method(), reqwest::Method::GET);
        assert_eq!(r.url().query(), Some("id=c1&type=compose"));
        assert!(r.body().is_none());
    }

    #[test]
    fn post_input_becomes_a_json_body_with_explicit_nulls() {
        let (_, r) = client()
            .call("application.update")
            .arg("applicationId", "a")
            .null("description")
            .prepare()
            .unwrap();
        let body: Value = serde_json::from_slice(r.body().unwrap().as_bytes().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"applicationId": "a", "description": null})
        );
    }

    #[test]
    fn input_goes_in_name_order_each_name_once() {
        let (_, r) = client()
            .call("application.update")
            .arg("description", "first")
            .arg("applicationId", "a")
            .arg("description", "second")
            .arg_unchecked("zNewField", 1)
            .prepare()
            .unwrap();
        assert_eq!(
            r.body().unwrap().as_bytes().unwrap(),
            br#"{"applicationId":"a","description":"second","zNewField":1}"#
        );
    }
}
