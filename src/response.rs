//! Reading Dokploy's responses: one place for every body shape Dokploy sends.
//!
//! Dokploy's document declares every success response as an empty object; real bodies are
//! arrays, objects, bare `true`, strings (`deployment.readLogs`) or nothing at all
//! (`application.deploy`), and the tRPC surface wraps them as `{"result":{"data":{"json":…}}}`.
//! The normaliser declares every success body as raw bytes, and [`Body`] reads them all:
//!
//! | Dokploy sent | [`Body::json`] | [`Body::decode`] works as |
//! |---|---|---|
//! | nothing (0 bytes) | `None` | `()`, `Option<T>`, `serde_json::Value` (null) |
//! | `true` | `Some(true)` | `bool`, `Value` |
//! | `"log text"` | `Some("log text")` | `String` |
//! | `{…}` / `[…]` | the value | any matching `serde` type |
//! | `{"result":{"data":{"json":X}}}` | `X` | whatever `X` decodes as |
//!
//! Errors (any non-2xx status) become [`Error`] with the status, Dokploy's `code`,
//! `message` and `issues`.
//!
//! ```no_run
//! use dokploy::ResponseExt;
//! # async fn run(client: dokploy::Client) -> Result<(), dokploy::Error> {
//! let projects: Vec<serde_json::Value> = client.project_all().send().decode().await?;
//! let deployed = client
//!     .application_deploy().required(dokploy::required::ApplicationDeploy { application_id: "app-id".into() })
//!     
//!     .send()
//!     .body()
//!     .await?;
//! assert!(deployed.is_empty()); // self-hosted Dokploy answers 200 with no body
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::sync::OnceLock;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{decode_error, from_error_response};
use crate::hooks::PROCEDURE;
use crate::redact::redact_json;
use crate::{Error, Result};

/// What every generated method's `send()` resolves to.
pub type RawResult =
    std::result::Result<ResponseValue<ByteStream>, progenitor_client::Error<ByteStream>>;

/// A success response from Dokploy, read in full and normalised.
///
/// The body is kept as bytes and read once: [`decode`](Body::decode) deserializes the asked-for
/// type straight from them. The [`json`](Body::json) value is built only when asked for.
#[derive(Clone)]
pub struct Body {
    status: StatusCode,
    procedure: Option<String>,
    raw: Bytes,
    /// The JSON value (envelope removed), parsed on first use.
    json: OnceLock<Option<Value>>,
}

impl Body {
    /// Reads `raw` as Dokploy's success body: empty, JSON, or a tRPC envelope around JSON.
    ///
    /// ```
    /// use dokploy::Body;
    /// use reqwest::StatusCode;
    /// let body = Body::from_bytes(StatusCode::OK, r#"{"result":{"data":{"json":[1,2]}}}"#);
    /// assert_eq!(body.decode::<Vec<u8>>().unwrap(), vec![1, 2]);
    /// assert!(Body::from_bytes(StatusCode::OK, "").is_empty());
    /// ```
    pub fn from_bytes(status: StatusCode, raw: impl Into<Bytes>) -> Self {
        Self::new(status, None, raw.into())
    }

    pub(crate) fn new(status: StatusCode, procedure: Option<String>, raw: Bytes) -> Self {
        Self {
            status,
            procedure,
            raw,
            json: OnceLock::new(),
        }
    }

    /// The HTTP status (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The procedure that was called (e.g. `project.all`), when known.
    pub fn procedure(&self) -> Option<&str> {
        self.procedure.as_deref()
    }

    /// The body exactly as received (before a tRPC envelope was removed).
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The body as text (lossy UTF-8), exactly as received.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// `true` when Dokploy sent no body at all (`application.deploy`, void procedures).
    /// On tRPC, the same answer is an envelope of `undefined` (`{"json":null,"meta":{"values":
    /// ["undefined"]…}}`), which counts as empty too.
    pub fn is_empty(&self) -> bool {
        self.raw.iter().all(u8::is_ascii_whitespace)
            || crate::transport::trpc::is_undefined_envelope(&self.raw)
    }

    /// The JSON value (envelope removed); `None` for an empty or non-JSON body. Built on first
    /// use (decoding does not need it).
    pub fn json(&self) -> Option<&Value> {
        self.json.get_or_init(|| parse_json(&self.raw)).as_ref()
    }

    /// The JSON value, with `null` for an empty body; `None` only for a non-JSON body.
    pub fn into_json(self) -> Option<Value> {
        if self.is_empty() {
            return Some(Value::Null);
        }
        match self.json.into_inner() {
            Some(parsed) => parsed,
            None => parse_json(&self.raw),
        }
    }

    /// `Some(b)` for a bare `true`/`false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.raw.trim_ascii() {
            b"true" => Some(true),
            b"false" => Some(false),
            _ if may_be_envelope(&self.raw) => self.json().and_then(Value::as_bool),
            _ => None,
        }
    }

    /// `Some(s)` for a JSON string (e.g. `deployment.readLogs`).
    pub fn as_str(&self) -> Option<&str> {
        if self.raw.trim_ascii_start().starts_with(b"\"") || may_be_envelope(&self.raw) {
            self.json().and_then(Value::as_str)
        } else {
            None
        }
    }

    /// Decodes the body as `T`. An empty body decodes as JSON `null` (so `()`, `Option<T>` and
    /// `serde_json::Value` accept it). On failure the error keeps the raw body and says where in
    /// it decoding stopped.
    ///
    /// ```
    /// use dokploy::Body;
    /// use reqwest::StatusCode;
    /// let ok = Body::from_bytes(StatusCode::OK, "true");
    /// assert!(ok.decode::<bool>().unwrap());
    /// let err = Body::from_bytes(StatusCode::OK, r#"{"name": 5}"#)
    ///     .decode::<std::collections::HashMap<String, String>>()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("name"));
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        if self.is_empty() {
            return self.decode_value(&Value::Null);
        }
        if may_be_envelope(&self.raw) {
            // The tRPC surface: decode what the envelope holds in one pass; on failure, unwrap
            // it as a value to say where decoding stopped.
            if let Ok(inner) = crate::transport::trpc::decode_envelope::<T>(&self.raw) {
                return Ok(inner);
            }
            return match self.json() {
                Some(value) => self.decode_value(value),
                None => Err(self.decode_failure::<T>(self.not_json())),
            };
        }
        serde_json::from_slice(&self.raw).map_err(|e| self.decode_failure::<T>(e))
    }

    /// Decodes an already parsed value, saying where decoding stopped if it fails.
    fn decode_value<T: DeserializeOwned>(&self, value: &Value) -> Result<T> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            self.decode_error::<T>(path, e.into_inner())
        })
    }

    /// The error for a body that failed to decode as `T` with `first`: the body is read again,
    /// this time tracking the path, to say where decoding stopped (only failures pay for it).
    fn decode_failure<T: DeserializeOwned>(&self, first: serde_json::Error) -> Error {
        let mut reader = serde_json::Deserializer::from_slice(&self.raw);
        match serde_path_to_error::deserialize::<_, T>(&mut reader) {
            Err(e) => {
                let path = e.path().to_string();
                self.decode_error::<T>(path, e.into_inner())
            }
            // Only the end of the body was wrong (trailing characters).
            Ok(_) => self.decode_error::<T>(String::new(), first),
        }
    }

    fn not_json(&self) -> serde_json::Error {
        serde_json::from_slice::<serde::de::IgnoredAny>(&self.raw)
            .err()
            .unwrap_or_else(|| serde::de::Error::custom("not JSON"))
    }

    fn decode_error<T>(&self, path: String, source: serde_json::Error) -> Error {
        decode_error(
            self.status,
            self.procedure.clone(),
            std::any::type_name::<T>(),
            path,
            self.raw.clone(),
            source,
        )
    }

    /// Accepts what Dokploy sends for "done": no body, `true`, or any JSON value (some
    /// procedures return the row, some `true`, depending on the branch taken). Fails on `false`.
    pub fn expect_done(&self) -> Result<()> {
        if self.as_bool() == Some(false) {
            return Err(decode_error(
                self.status,
                self.procedure.clone(),
                "a successful acknowledgement",
                String::new(),
                self.raw.clone(),
                serde::de::Error::custom("Dokploy answered `false`"),
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Body");
        d.field("status", &self.status)
            .field("procedure", &self.procedure);
        match self.json() {
            _ if self.is_empty() => d.field("body", &"<empty>"),
            Some(v) => d.field("json", &redact_json(v)),
            None => d.field("text", &crate::error::snippet(&self.raw)),
        };
        d.finish()
    }
}

/// The body as JSON with a tRPC envelope removed; `None` for an empty or non-JSON body.
fn parse_json(raw: &[u8]) -> Option<Value> {
    if raw.trim_ascii().is_empty() {
        return None;
    }
    serde_json::from_slice::<Value>(raw)
        .ok()
        .map(unwrap_trpc_envelope)
}

/// `false` when `raw` certainly is not a tRPC envelope, judged from its first bytes: an envelope
/// is an object whose only key is `result`, so its first key must be `result` (or be written
/// with escapes, which only a full read can tell). REST bodies are never envelopes.
fn may_be_envelope(raw: &[u8]) -> bool {
    let Some(object) = raw.trim_ascii_start().strip_prefix(b"{") else {
        return false;
    };
    let Some(key) = object.trim_ascii_start().strip_prefix(b"\"") else {
        return false;
    };
    key.starts_with(b"result\"") || key.iter().take_while(|&&b| b != b'"').any(|&b| b == b'\\')
}

/// `{"result":{"data":{"json":X}}}` or `{"result":{"data":X}}` → `X`; anything else as is.
fn unwrap_trpc_envelope(value: Value) -> Value {
    let is_envelope = value
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.get("result").and_then(|r| r.get("data")).is_some());
    if !is_envelope {
        return value;
    }
    let data = value
        .get("result")
        .and_then(|r| r.get("data"))
        .cloned()
        .unwrap_or(Value::Null);
    match data {
        Value::Object(mut m)
            if m.contains_key("json") && m.keys().all(|k| k == "json" || k == "meta") =>
        {
            m.remove("json").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// Reads what a generated (or hand-written) `send()` returned into a [`Body`] or an [`Error`].
///
/// A 2xx that progenitor did not expect (a `201`, a `204`) is a success too.
pub async fn read(result: RawResult) -> Result<Body> {
    match result {
        Ok(response) => {
            let status = response.status();
            let procedure = procedure_of(response.headers());
            let length = content_length(response.headers());
            let raw = read_body(response.into_inner_stream(), length).await?;
            Ok(Body::new(status, procedure, raw))
        }
        Err(progenitor_client::Error::UnexpectedResponse(response))
            if response.status().is_success() =>
        {
            let status = response.status();
            let procedure = procedure_of(response.headers());
            let length = content_length(response.headers());
            let raw = read_body(response.bytes_stream(), length).await?;
            Ok(Body::new(status, procedure, raw))
        }
        Err(error) => Err(convert(error).await),
    }
}

/// Reads any answer in full, success or error status alike, as (status, content type, body):
/// for a batch, whose 207 (or 4xx) body holds every call's own answer. Only a failure to get an
/// answer at all is an error.
pub(crate) async fn read_raw(result: RawResult) -> Result<(StatusCode, Option<String>, Bytes)> {
    let response = match result {
        Ok(response) | Err(progenitor_client::Error::ErrorResponse(response)) => {
            let (status, headers) = (response.status(), response.headers().clone());
            let raw = read_body(response.into_inner_stream(), content_length(&headers)).await?;
            return Ok((status, content_type(&headers), raw));
        }
        Err(progenitor_client::Error::UnexpectedResponse(response)) => response,
        Err(error) => return Err(convert(error).await),
    };
    let (status, headers) = (response.status(), response.headers().clone());
    let raw = read_body(response.bytes_stream(), content_length(&headers)).await?;
    Ok((status, content_type(&headers), raw))
}

/// Turns progenitor's error into this crate's, reading error bodies in full.
async fn convert(error: progenitor_client::Error<ByteStream>) -> Error {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(message) | P::Custom(message) => Error::InvalidInput(message),
        P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
            transport_error(e)
        }
        P::ErrorResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            match read_body(response.into_inner_stream(), content_length(&headers)).await {
                Ok(raw) => {
                    from_error_response(status, content_type(&headers), procedure_of(&headers), raw)
                }
                Err(e) => e,
            }
        }
        P::InvalidResponsePayload(raw, source) => decode_error(
            StatusCode::OK,
            None,
            "the declared response type",
            String::new(),
            raw,
            source,
        ),
        P::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            match read_body(response.bytes_stream(), content_length(&headers)).await {
                Ok(raw) => {
                    from_error_response(status, content_type(&headers), procedure_of(&headers), raw)
                }
                Err(e) => e,
            }
        }
    }
}

pub(crate) fn transport_error(e: reqwest::Error) -> Error {
    if let Some(carried) = Carried::find(&e) {
        return carried;
    }
    if e.is_timeout() {
        Error::Timeout(e)
    } else {
        Error::Connect(e)
    }
}

/// An [`Error`] made where the transport only speaks `reqwest::Error` (the request hook),
/// carried inside one to [`transport_error`], which takes it out.
struct Carried(std::sync::Mutex<Option<Error>>);

impl Carried {
    /// The carried error inside `e`'s sources, taken out (once).
    fn find(e: &reqwest::Error) -> Option<Error> {
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            if let Some(carried) = cause.downcast_ref::<Carried>() {
                return carried.0.lock().ok()?.take();
            }
            source = cause.source();
        }
        None
    }

    fn with<T>(&self, f: impl FnOnce(Option<&Error>) -> T) -> T {
        match self.0.lock() {
            Ok(inner) => f(inner.as_ref()),
            Err(_) => f(None),
        }
    }
}

impl fmt::Display for Carried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with(|e| match e {
            Some(e) => fmt::Display::fmt(e, f),
            None => f.write_str("the call failed (the error was already read)"),
        })
    }
}

impl fmt::Debug for Carried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with(|e| f.debug_tuple("Carried").field(&e).finish())
    }
}

impl std::error::Error for Carried {}

/// `error` as a `reqwest::Error` (the request hook's error type), which [`transport_error`]
/// turns back into `error`.
pub(crate) async fn carry(error: Error) -> reqwest::Error {
    let carried = Carried(std::sync::Mutex::new(Some(error)));
    let failing = futures_util::stream::once(async move { Err::<Bytes, _>(carried) });
    let response =
        reqwest::Response::from(http::Response::new(reqwest::Body::wrap_stream(failing)));
    match response.bytes().await {
        Err(e) => e,
        Ok(_) => unreachable!("a body whose only chunk is an error cannot be read"),
    }
}

/// Why a body could not be read whole.
pub(crate) enum BodyFailure {
    /// Longer than the limit: `Content-Length` said so (`Some`) or the bytes went past it.
    TooLarge(Option<u64>),
    /// The connection broke or the time ran out mid-body.
    Transport(reqwest::Error),
}

/// Reads `response`'s body in full, at most `limit` bytes: past it, reading stops (and dropping
/// the response drops the connection, unread).
pub(crate) async fn buffer(
    response: &mut reqwest::Response,
    limit: usize,
) -> std::result::Result<Bytes, BodyFailure> {
    let announced = response.content_length();
    if announced.is_some_and(|n| n > limit as u64) {
        return Err(BodyFailure::TooLarge(announced));
    }
    let length = announced.and_then(|n| usize::try_from(n).ok());
    let chunks = futures_util::stream::unfold(response, |r| async move {
        r.chunk().await.transpose().map(|chunk| (chunk, r))
    });
    collect(chunks, length, limit).await
}

/// `response` again, with `body` (already read) as its body.
pub(crate) fn with_body(mut response: reqwest::Response, body: Bytes) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut rebuilt = http::Response::new(reqwest::Body::from(body));
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    // The URL travels as an extension only a builder can set (and copying it beats the parse
    // of a placeholder URL that `reqwest` does without it).
    let mut with_url = http::Response::builder().url(response.url().clone());
    if let Some(extensions) = with_url.extensions_mut() {
        *rebuilt.extensions_mut() = std::mem::take(extensions);
    }
    reqwest::Response::from(rebuilt)
}

/// The most a `Content-Length` makes this reserve up front; a longer body grows the buffer.
const RESERVE_AT_MOST: usize = 16 * 1024 * 1024;

/// Reads a response body in full (bodies arrive here already read by the request hook, in one
/// chunk).
async fn read_body(
    stream: impl Stream<Item = reqwest::Result<Bytes>>,
    content_length: Option<usize>,
) -> Result<Bytes> {
    collect(stream, content_length, usize::MAX)
        .await
        .map_err(|failure| match failure {
            BodyFailure::Transport(e) => transport_error(e),
            BodyFailure::TooLarge(_) => unreachable!("no body is longer than usize::MAX bytes"),
        })
}

/// Joins a body's chunks, at most `limit` bytes: every body, success or error, is read here,
/// once.
///
/// A body that arrives in one chunk is kept as it came (no copy); one in several chunks is
/// copied once into a buffer sized from `Content-Length`, each chunk freed as it is copied.
async fn collect(
    stream: impl Stream<Item = reqwest::Result<Bytes>>,
    content_length: Option<usize>,
    limit: usize,
) -> std::result::Result<Bytes, BodyFailure> {
    let mut stream = std::pin::pin!(stream);
    let too_large = |len: usize| {
        if len > limit {
            Err(BodyFailure::TooLarge(None))
        } else {
            Ok(())
        }
    };
    let Some(first) = stream.next().await else {
        return Ok(Bytes::new());
    };
    let first = first.map_err(BodyFailure::Transport)?;
    too_large(first.len())?;
    let Some(second) = stream.next().await else {
        return Ok(first);
    };
    let second = second.map_err(BodyFailure::Transport)?;
    too_large(first.len() + second.len())?;
    let reserve = content_length
        .unwrap_or(0)
        .min(RESERVE_AT_MOST)
        .max(first.len() + second.len());
    let mut buf = BytesMut::with_capacity(reserve);
    buf.extend_from_slice(&first);
    drop(first);
    buf.extend_from_slice(&second);
    drop(second);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(BodyFailure::Transport)?;
        too_large(buf.len() + chunk.len())?;
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

fn procedure_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(PROCEDURE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Reading the response of any `send()`: `.body()` for the normalised [`Body`], `.decode::<T>()`
/// to go straight to a type.
///
/// ```no_run
/// use dokploy::ResponseExt;
/// # async fn run(client: dokploy::Client) -> Result<(), dokploy::Error> {
/// let logs: String = client
///     .deployment_read_logs().required(dokploy::required::DeploymentReadLogs { deployment_id: "dep-id".into() })
///
///     .send()
///     .decode()
///     .await?;
/// # Ok(()) }
/// ```
pub trait ResponseExt: Future<Output = RawResult> + Send + Sized {
    /// Waits for the response and reads it into a [`Body`].
    fn body(self) -> impl Future<Output = Result<Body>> + Send {
        async move { read(self.await).await }
    }

    /// Waits for the response and decodes it as `T` (see [`Body::decode`]).
    fn decode<T: DeserializeOwned>(self) -> impl Future<Output = Result<T>> + Send {
        async move { read(self.await).await?.decode() }
    }

    /// Marks this call as safe to send more than once (doing it twice leaves the same result
    /// as doing it once: setting a field to a fixed value, removing by id), so that it is
    /// retried like a query ([`RetryPolicy`](crate::RetryPolicy)) when the connection breaks or
    /// the time runs out, instead of failing with
    /// [`Error::OutcomeUnknown`]. Without it, a mutation is
    /// retried only when it provably never left. Never mark a create or a deploy.
    ///
    /// ```
    /// use dokploy::ResponseExt;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app = client.applications().create(&env, "web").await?.application_id;
    /// client
    ///     .call("application.update")
    ///     .arg("applicationId", &app)
    ///     .arg("description", "the shop's front")
    ///     .send()
    ///     .idempotent()
    ///     .body()
    ///     .await?
    ///     .expect_done()?;
    /// # Ok(()) }
    /// ```
    fn idempotent(self) -> crate::retry::Idempotent<Self> {
        crate::retry::Idempotent::new(self)
    }
}

impl<F> ResponseExt for F where F: Future<Output = RawResult> + Send {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(raw: &str) -> Body {
        Body::from_bytes(StatusCode::OK, raw.to_string())
    }

    #[test]
    fn an_empty_body_decodes_as_null_unit_and_none() {
        let b = body("");
        assert!(b.is_empty());
        assert_eq!(b.json(), None);
        b.decode::<()>().unwrap();
        assert_eq!(b.decode::<Option<Vec<u8>>>().unwrap(), None);
        assert_eq!(b.decode::<Value>().unwrap(), Value::Null);
        b.expect_done().unwrap();
    }

    #[test]
    fn an_empty_body_does_not_decode_as_a_struct_and_says_it_was_empty() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Project {
            name: String,
        }
        let e = body("").decode::<Project>().unwrap_err();
        assert!(e.to_string().contains("empty body"), "{e}");
    }

    #[test]
    fn bare_true_is_a_bool() {
        let b = body("true");
        assert_eq!(b.as_bool(), Some(true));
        assert!(b.decode::<bool>().unwrap());
        b.expect_done().unwrap();
        assert!(body("false").expect_done().is_err());
    }

    #[test]
    fn a_json_string_is_text() {
        let b = body(r#""line 1\nline 2""#);
        assert_eq!(b.as_str(), Some("line 1\nline 2"));
        assert_eq!(b.decode::<String>().unwrap(), "line 1\nline 2");
    }

    #[test]
    fn objects_and_arrays_decode_as_anything_matching() {
        let b = body(r#"[{"projectId":"p","name":"n"}]"#);
        let v: Vec<std::collections::BTreeMap<String, String>> = b.decode().unwrap();
        assert_eq!(v[0]["name"], "n");
    }

    #[test]
    fn trpc_envelopes_are_removed() {
        let b = body(r#"{"result":{"data":{"json":{"a":1},"meta":{"values":{}}}}}"#);
        assert_eq!(b.json(), Some(&json!({"a": 1})));
        let b = body(r#"{"result":{"data":[1]}}"#);
        assert_eq!(b.json(), Some(&json!([1])));
        // application.deploy over tRPC: `json: null`.
        let b = body(r#"{"result":{"data":{"json":null,"meta":{"values":["undefined"],"v":1}}}}"#);
        assert_eq!(b.json(), Some(&Value::Null));
        b.decode::<()>().unwrap();
    }

    #[test]
    fn objects_that_merely_have_a_result_key_are_not_envelopes() {
        let v = json!({"result": {"data": 1}, "other": 2});
        assert_eq!(body(&v.to_string()).json(), Some(&v));
    }

    #[test]
    fn a_wrong_type_error_keeps_the_raw_body_and_the_path() {
        let raw = r#"{"environments":[{"isDefault":"yes"}]}"#;
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct P {
            environments: Vec<E>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        #[serde(rename_all = "camelCase")]
        struct E {
            is_default: bool,
        }
        let e = body(raw).decode::<P>().unwrap_err();
        let Error::Decode(d) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(d.body.as_ref(), raw.as_bytes());
        assert_eq!(d.path, "environments[0].isDefault");
        assert!(e.to_string().contains("environments[0].isDefault"), "{e}");
    }

    #[test]
    fn a_rest_object_whose_first_key_is_result_decodes_as_itself() {
        let raw = r#"{"result":{"data":1},"other":2}"#;
        let v: std::collections::BTreeMap<String, Value> = body(raw).decode().unwrap();
        assert_eq!(v["other"], 2);
        assert_eq!(v["result"], json!({"data": 1}));
    }

    #[test]
    fn an_enveloped_body_that_does_not_decode_keeps_the_path_inside_the_envelope() {
        let raw = r#"{"result":{"data":{"json":{"environments":[{"isDefault":"yes"}]}}}}"#;
        let e = body(raw)
            .decode::<std::collections::HashMap<String, Vec<std::collections::HashMap<String, bool>>>>()
            .unwrap_err();
        let Error::Decode(d) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(d.path, "environments[0].isDefault");
        assert_eq!(d.body.as_ref(), raw.as_bytes());
    }

    #[test]
    fn an_escaped_result_key_is_still_recognised_as_an_envelope() {
        let b = body(r#"{"\u0072esult":{"data":{"json":[7]}}}"#);
        assert_eq!(b.decode::<Vec<u8>>().unwrap(), vec![7]);
    }

    #[test]
    fn false_inside_an_envelope_is_not_done() {
        let b = body(r#"{"result":{"data":{"json":false}}}"#);
        assert_eq!(b.as_bool(), Some(false));
        assert!(b.expect_done().is_err());
        assert_eq!(body(" true\n").as_bool(), Some(true));
        assert_eq!(body("[true]").as_bool(), None);
    }

    #[test]
    fn trailing_characters_fail_to_decode() {
        let e = body("[1] [2]").decode::<Vec<u8>>().unwrap_err();
        assert!(e.to_string().contains("trailing characters"), "{e}");
        assert!(body("[1] [2]").json().is_none());
    }

    #[test]
    fn a_syntax_error_says_where_it_is() {
        let e = body(r#"{"environments":[{"name":"x",}]}"#)
            .decode::<Value>()
            .unwrap_err();
        let Error::Decode(d) = &e else {
            panic!("{e:?}")
        };
        assert!(d.path.starts_with("environments[0]"), "{}", d.path);
    }

    fn chunks(parts: &[&'static [u8]]) -> impl Stream<Item = reqwest::Result<Bytes>> {
        futures_util::stream::iter(
            parts
                .iter()
                .map(|p| Ok(Bytes::from_static(p)))
                .collect::<Vec<_>>(),
        )
    }

    #[tokio::test]
    async fn a_body_in_one_chunk_is_kept_without_a_copy() {
        static ONE: &[u8] = b"[1,2,3]";
        let raw = read_body(chunks(&[ONE]), Some(ONE.len())).await.unwrap();
        assert_eq!(raw.as_ptr(), ONE.as_ptr());
        assert!(read_body(chunks(&[]), None).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_body_in_several_chunks_is_joined_in_order() {
        let parts: &[&'static [u8]] = &[b"[1,", b"2,", b"3]"];
        for length in [None, Some(7), Some(2), Some(usize::MAX)] {
            let raw = read_body(chunks(parts), length).await.unwrap();
            assert_eq!(raw.as_ref(), b"[1,2,3]");
        }
    }

    #[test]
    fn a_non_json_success_body_is_kept_as_text_and_fails_to_decode() {
        let b = body("<html>login</html>");
        assert_eq!(b.json(), None);
        assert_eq!(b.text(), "<html>login</html>");
        assert!(matches!(b.decode::<Value>(), Err(Error::Decode(_))));
    }

    #[test]
    fn no_body_makes_reading_or_error_decoding_panic() {
        let deep = "[".repeat(10_000);
        let bodies: Vec<Vec<u8>> = vec![
            vec![],
            b"   \n".to_vec(),
            vec![0xff, 0xfe, 0x00, 0x80],
            b"\xef\xbb\xbf{\"a\":1}".to_vec(),
            deep.into_bytes(),
            b"{\"result\":{\"data\":{\"json\":".to_vec(),
            b"{\"result\":null}".to_vec(),
            b"{\"result\":{\"data\":{\"json\":1,\"meta\":2,\"x\":3}}}".to_vec(),
            b"1e999999".to_vec(),
            b"-0".to_vec(),
            b"{\"message\":5,\"code\":[],\"issues\":\"no\"}".to_vec(),
            b"{\"error\":{\"json\":null}}".to_vec(),
            b"{\"error\":\"x\"}".to_vec(),
            "é".repeat(500).into_bytes(),
        ];
        for raw in bodies {
            for status in [200u16, 204, 400, 401, 404, 500, 502] {
                let status = StatusCode::from_u16(status).unwrap();
                let b = Body::new(status, None, Bytes::from(raw.clone()));
                let _ = (
                    b.decode::<Value>(),
                    b.decode::<Vec<String>>(),
                    b.expect_done(),
                );
                let _ = format!("{b:?}");
                let e =
                    crate::error::from_error_response(status, None, None, Bytes::from(raw.clone()));
                let _ = (e.to_string(), format!("{e:?}"));
            }
        }
    }

    #[test]
    fn debug_hides_passwords() {
        let b = body(r#"{"name":"db","databasePassword":"hunter2"}"#);
        let debug = format!("{b:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("db"));
    }

    #[test]
    fn a_decode_error_on_a_secret_field_does_not_quote_the_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        #[serde(rename_all = "camelCase")]
        struct Db {
            database_password: u32,
        }
        let e = body(r#"{"databasePassword":"hunter2"}"#)
            .decode::<Db>()
            .unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(!format!("{e:?}").contains("hunter2"), "{e:?}");
    }
}
