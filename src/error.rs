//! The crate's one error type, [`Error`], and what Dokploy says when it refuses a request.
//!
//! Every failure says what happened in one sentence. When Dokploy answered, the HTTP status,
//! Dokploy's `code`, its `message` and its validation `issues` are kept ([`ApiError`]). Response
//! bodies are kept too, but never printed: they can hold passwords (`postgres.one` returns
//! database passwords in plain text).

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use crate::redact::{Redacted, redact_json};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to Dokploy.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client is not configured correctly (a missing environment variable, a malformed URL).
    Config(String),
    /// A request could not be built from what the caller gave (a missing required field, a
    /// field the operation does not have).
    InvalidInput(String),
    /// Dokploy could not be reached (DNS, refused connection, TLS), or the connection was cut
    /// while a query (a `GET`, or a call marked [idempotent](crate::ResponseExt::idempotent))
    /// was under way, after the [retries](crate::RetryPolicy) ran out. Mutations whose answer
    /// is lost are [`Error::OutcomeUnknown`] instead.
    Connect(reqwest::Error),
    /// Dokploy did not answer a query in time (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)), after the retries ran out.
    Timeout(reqwest::Error),
    /// A mutation was sent, and its answer was lost (the connection was cut, or the time ran
    /// out, before the whole answer arrived): the change may or may not have been made. It is
    /// never sent again behind the caller's back; see [`OutcomeUnknown`].
    OutcomeUnknown(Box<OutcomeUnknown>),
    /// A response body was larger than [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size):
    /// reading stopped there and the connection was dropped.
    BodyTooLarge(Box<BodyTooLarge>),
    /// Dokploy refused the API key: 401 `{"message":"Unauthorized"}` without a `code`.
    ///
    /// The key is missing, wrong, expired, or rate-limited: keys created with Dokploy's default
    /// limit allow 10 verifications a day: each REST call verifies twice, each tRPC call once.
    /// (On tRPC, Dokploy's 401 `UNAUTHORIZED` envelope is read as this same error.)
    Unauthorized(Box<ApiError>),
    /// Dokploy answered with an error (`{message, code, issues?}` and an HTTP status).
    Api(Box<ApiError>),
    /// Something answered with an error status and a body that is not Dokploy's JSON (e.g. an
    /// HTML page from a reverse proxy).
    Http(Box<HttpError>),
    /// A success response whose body does not decode as the type asked for.
    Decode(Box<DecodeError>),
    /// A lookup by name found nothing, or more than one thing (the message lists what exists).
    Lookup(Box<LookupError>),
    /// Waiting for a deployment failed: it never started, got stuck, timed out or failed.
    Deploy(Box<crate::deploy::DeployError>),
    /// Removing a project with its services stopped part-way (the message names what was
    /// already removed).
    Removal(Box<crate::resources::RemovalError>),
    /// A manifest cannot be used (every problem, each with its file, line and column).
    #[cfg(feature = "manifest")]
    Manifest(Box<crate::manifest::ManifestError>),
    /// A log stream failed: Dokploy refused it with a reason, the log file or the container is
    /// not there, the connection kept breaking ([`logs`](crate::logs)).
    Logs(Box<crate::logs::LogStreamError>),
    /// The answer was a redirect this client does not follow: to another origin, from https
    /// to http, or one that would turn a mutation into a `GET` (see
    /// [`redirect`](crate::redirect)). Never retried: the same request gets the same answer.
    Redirect(Box<crate::redirect::RedirectRefused>),
    /// The server's TLS certificate was refused (an unknown issuer, a CA certificate used as
    /// the server's own, expired, for another name…). Never retried; the message says what to
    /// do (often: trust the CA with
    /// [`ClientBuilder::add_root_certificate`](crate::ClientBuilder::add_root_certificate)).
    Certificate(Box<crate::tls::CertificateRefused>),
    /// The answer to a query was not HTTP this client reads: a response head larger than it
    /// accepts (a huge header line, thousands of headers, headers that never end) or a
    /// malformed one. Never retried. (A mutation whose answer is unreadable is
    /// [`Error::OutcomeUnknown`].)
    Protocol(Box<ProtocolError>),
}

impl Error {
    /// The HTTP status Dokploy (or a proxy) answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => Some(e.status),
            Error::Http(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::BodyTooLarge(e) => Some(e.status),
            Error::Connect(e) | Error::Timeout(e) => e.status(),
            Error::Redirect(e) => e.status.and_then(|s| StatusCode::from_u16(s).ok()),
            _ => None,
        }
    }

    /// Dokploy's error `code` (`NOT_FOUND`, `BAD_REQUEST`, …), if it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// Dokploy's answer, when the error came from Dokploy.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// `true` when Dokploy said the thing asked for does not exist: a 404 `NOT_FOUND`, or a 400
    /// whose message says "not found". Dokploy is not uniform here: `backup.update`/`remove`,
    /// `destination.update`, `notification.remove` and `gitProvider.remove` answer an unknown id
    /// with 400 "… not found" (code `BAD_REQUEST`), where `*.one` answers 404. Both count.
    /// (Where Dokploy gives no usable answer at all, the typed methods check first: see
    /// [`resources`](crate::resources).)
    ///
    /// ```
    /// # async fn f(client: dokploy::Client) {
    /// use dokploy::ResponseExt;
    /// match client.project_one().required(dokploy::required::ProjectOne { project_id: "nope".into() }).send().body().await {
    ///     Err(e) if e.is_not_found() => println!("no such project"),
    ///     other => println!("{other:?}"),
    /// }
    /// # }
    /// ```
    pub fn is_not_found(&self) -> bool {
        match self {
            Error::Api(e) => e.says_not_found(),
            Error::Lookup(e) => matches!(**e, LookupError::NotFound { .. }),
            _ => false,
        }
    }

    /// The same error with each of `secrets` (values the caller sent, such as a webhook URL)
    /// replaced by `<redacted>` in Dokploy's message and the kept body: Dokploy's error
    /// messages can quote what it was given (a URL that failed to parse, for one), and these
    /// values are not recognisable by their shape alone.
    pub(crate) fn hiding(mut self, secrets: &[&str]) -> Self {
        let hide_in = |text: &mut String| {
            if let Some(hidden) = crate::redact::hide_values(text.as_bytes(), secrets) {
                *text = String::from_utf8_lossy(&hidden).into_owned();
            }
        };
        let hide_in_body = |body: &mut Bytes| {
            if let Some(hidden) = crate::redact::hide_values(body, secrets) {
                *body = Bytes::from(hidden);
            }
        };
        match &mut self {
            Error::Api(api) | Error::Unauthorized(api) => {
                hide_in(&mut api.message);
                for issue in &mut api.issues {
                    hide_in(&mut issue.message);
                }
                hide_in_body(&mut api.body);
            }
            Error::Http(http) => hide_in_body(&mut http.body),
            Error::Decode(decode) => hide_in_body(&mut decode.body),
            _ => {}
        }
        self
    }

    /// `true` for failures that may succeed if tried again without risk of doing the work
    /// twice: connection problems and timeouts (a mutation's only when it provably never left,
    /// or when it was marked [idempotent](crate::ResponseExt::idempotent)), and 429, 502, 503
    /// and 504 answers to queries (to a mutation only 429, which refuses the request before
    /// it is carried out). Always `false` for [`Error::OutcomeUnknown`] and for the failures
    /// that retrying cannot fix: [`Error::Redirect`], [`Error::Certificate`],
    /// [`Error::Protocol`].
    ///
    /// The client already retries what is safe ([`RetryPolicy`](crate::RetryPolicy)): this says
    /// whether trying again later is worth it.
    ///
    /// ```
    /// # async fn f(client: dokploy::Client) {
    /// use dokploy::ResponseExt;
    /// if let Err(e) = client.project_all().send().body().await {
    ///     println!("{e} (worth trying again later: {})", e.is_retryable());
    /// }
    /// # }
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connect(_) | Error::Timeout(_) => true,
            Error::OutcomeUnknown(_) => false,
            _ => {
                let Some(status) = self.status() else {
                    return false;
                };
                let query = self
                    .procedure()
                    .and_then(crate::operations::find)
                    .is_none_or(|op| op.method == crate::operations::Method::Get);
                match status.as_u16() {
                    429 => true,
                    502..=504 => query,
                    _ => false,
                }
            }
        }
    }

    /// The procedure the failed call was for (e.g. `project.one`), when known.
    ///
    /// ```
    /// # async fn f(client: dokploy::Client) {
    /// use dokploy::ResponseExt;
    /// if let Err(e) = client.project_all().send().body().await {
    ///     assert_eq!(e.procedure(), Some("project.all"));
    /// }
    /// # }
    /// ```
    pub fn procedure(&self) -> Option<&str> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => e.procedure.as_deref(),
            Error::Http(e) => e.procedure.as_deref(),
            Error::Decode(e) => e.procedure.as_deref(),
            Error::OutcomeUnknown(e) => Some(&e.procedure),
            Error::BodyTooLarge(e) => e.procedure.as_deref(),
            Error::Redirect(e) => e.procedure.as_deref(),
            Error::Protocol(e) => e.procedure.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(m) => write!(f, "the Dokploy client is not configured correctly: {m}"),
            Error::InvalidInput(m) => write!(f, "the request was not sent: {m}"),
            Error::Connect(e) => write!(f, "could not reach Dokploy: {}", source_chain(e)),
            Error::Timeout(e) => write!(
                f,
                "Dokploy did not answer in time{}",
                e.url()
                    .map(|u| format!(" ({})", u.path()))
                    .unwrap_or_default()
            ),
            Error::Unauthorized(e) => write!(
                f,
                "Dokploy refused the API key{} (401 Unauthorized): it is missing, wrong or expired, or the key is rate-limited (keys created with Dokploy's default limit stop working after 5 REST calls or 10 tRPC calls a day: create one with the rate limit turned off, in Dokploy's profile settings or with `user.createApiKey` and `rateLimitEnabled: false`)",
                e.procedure
                    .as_deref()
                    .map(|p| format!(" on {p}"))
                    .unwrap_or_default()
            ),
            Error::OutcomeUnknown(e) => fmt::Display::fmt(e, f),
            Error::BodyTooLarge(e) => fmt::Display::fmt(e, f),
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Http(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Lookup(e) => fmt::Display::fmt(e, f),
            Error::Deploy(e) => fmt::Display::fmt(e, f),
            Error::Removal(e) => fmt::Display::fmt(e, f),
            #[cfg(feature = "manifest")]
            Error::Manifest(e) => fmt::Display::fmt(e, f),
            Error::Logs(e) => fmt::Display::fmt(e, f),
            Error::Redirect(e) => fmt::Display::fmt(e, f),
            Error::Certificate(e) => fmt::Display::fmt(e, f),
            Error::Protocol(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connect(e) | Error::Timeout(e) => Some(e),
            Error::OutcomeUnknown(e) => Some(&e.source),
            Error::Decode(e) => Some(&e.source),
            Error::Removal(e) => Some(&e.source),
            Error::Redirect(e) => Some(&**e),
            Error::Certificate(e) => Some(&e.source),
            Error::Protocol(e) => Some(&e.source),
            _ => None,
        }
    }
}

fn source_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        next = cause.source();
    }
    text
}

/// What Dokploy said when it refused a request.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Dokploy's error code (`BAD_REQUEST`, `NOT_FOUND`, `UNAUTHORIZED`, `FORBIDDEN`,
    /// `INTERNAL_SERVER_ERROR`…); `None` for a rejected API key.
    pub code: Option<String>,
    /// Dokploy's message, e.g. `Project not found` or `Input validation failed`, with the
    /// secrets it spells out replaced ([`redact_text`](crate::redact::redact_text)): Dokploy
    /// puts whole shell commands, S3 secret included, in the messages of failed backups.
    pub message: String,
    /// Validation issues (zod's), one per offending field.
    pub issues: Vec<Issue>,
    /// The procedure that was called (e.g. `project.one`), when known.
    pub procedure: Option<String>,
    /// The whole error body as Dokploy sent it, except that the client's API key and the
    /// secret values of the request (8 characters or more) are replaced by `<redacted>`.
    pub body: Bytes,
}

impl ApiError {
    /// 404 `NOT_FOUND`, or a 400 `BAD_REQUEST` whose message says "not found" (Dokploy's
    /// `backup.update`, `destination.update`, `notification.remove`, `gitProvider.remove` …).
    pub(crate) fn says_not_found(&self) -> bool {
        self.code.as_deref() == Some("NOT_FOUND")
            || (self.status == StatusCode::BAD_REQUEST
                && self.message.to_ascii_lowercase().contains("not found"))
    }

    /// Dokploy's `data` member (with `zodError`, `httpStatus`, `path`), if the body had one.
    pub fn data(&self) -> Option<Value> {
        let value: Value = serde_json::from_slice(&self.body).ok()?;
        unwrap_trpc_error(value).get("data").cloned()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dokploy answered {}", self.status.as_u16())?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(procedure) = &self.procedure {
            write!(f, " to {procedure}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.issues.is_empty() {
            let issues: Vec<String> = self.issues.iter().map(Issue::to_string).collect();
            write!(f, " ({})", issues.join("; "))?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("issues", &self.issues)
            .field("procedure", &self.procedure)
            .field("body", &Redacted::body(&self.body))
            .finish()
    }
}

/// One validation problem, as zod reports it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Issue {
    /// Where in the input, e.g. `["name"]` or `["domains", 0, "host"]`.
    #[serde(default)]
    pub path: Vec<Value>,
    /// What is wrong, e.g. `Invalid input: expected string, received undefined`.
    #[serde(default)]
    pub message: String,
    /// zod's issue code, e.g. `invalid_type`.
    #[serde(default)]
    pub code: Option<String>,
    /// The expected type, for `invalid_type`.
    #[serde(default)]
    pub expected: Option<String>,
}

impl Issue {
    /// The path as a dotted string: `domains.0.host`.
    pub fn path_string(&self) -> String {
        self.path
            .iter()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path_string();
        if path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{path}: {}", self.message)
        }
    }
}

/// An error status with a body that is not Dokploy's JSON.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The procedure that was called, when known.
    pub procedure: Option<String>,
    /// The whole body.
    pub body: Bytes,
}

/// How much of a non-JSON body an error message shows.
pub const SNIPPET_BYTES: usize = 300;

impl HttpError {
    /// The start of the body (at most [`SNIPPET_BYTES`] bytes, as text).
    pub fn snippet(&self) -> String {
        snippet(&self.body)
    }
}

pub(crate) fn snippet(body: &[u8]) -> String {
    let end = body.len().min(SNIPPET_BYTES);
    let text = String::from_utf8_lossy(&body[..end]);
    let mut text = crate::redact::redact_text(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if body.len() > SNIPPET_BYTES {
        text.push('…');
    }
    text
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "got HTTP {}", self.status)?;
        if let Some(procedure) = &self.procedure {
            write!(f, " for {procedure}")?;
        }
        write!(
            f,
            " with a body that is not Dokploy's JSON ({}): {:?}",
            self.content_type.as_deref().unwrap_or("no content type"),
            self.snippet()
        )
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("procedure", &self.procedure)
            .field("snippet", &self.snippet())
            .finish()
    }
}

/// A mutation that was sent, and whose answer was lost: the connection was cut, or the time
/// ran out, after the request left and before the whole answer arrived. Dokploy may or may not
/// have carried it out, so it is not sent again; look before trying again (the message says
/// how).
///
/// ```
/// use dokploy::{Error, ResponseExt};
/// # async fn f(client: dokploy::Client) -> dokploy::Result<()> {
/// match client.application_deploy().required(dokploy::required::ApplicationDeploy { application_id: "app-id".into() }).send().body().await {
///     Err(Error::OutcomeUnknown(lost)) => {
///         // Maybe deployed, maybe not: look at the deployments before deploying again.
///         println!("{lost}");
///         let recent = client.deployments().all("app-id").await?;
///         println!("{} deployments so far", recent.len());
///     }
///     other => { other?; }
/// }
/// # Ok(()) }
/// ```
#[non_exhaustive]
pub struct OutcomeUnknown {
    /// The procedure that was called (e.g. `application.deploy`).
    pub procedure: String,
    /// `true` when the time ran out ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)),
    /// `false` when the connection was cut.
    pub timed_out: bool,
    /// What the transport said.
    pub source: reqwest::Error,
}

impl OutcomeUnknown {
    pub(crate) fn new(procedure: &str, source: reqwest::Error) -> Self {
        Self {
            procedure: procedure.to_string(),
            timed_out: source.is_timeout(),
            source,
        }
    }

    /// How to find out whether the call was carried out, for this procedure.
    pub fn how_to_check(&self) -> String {
        let (router, action) = self
            .procedure
            .split_once('.')
            .unwrap_or((self.procedure.as_str(), ""));
        let action = action.to_ascii_lowercase();
        if action.contains("deploy") || action.contains("manualbackup") {
            "list its deployments (`deployment.all`, `deployment.allByCompose` or `deployment.allByType`) to see whether a new one started before triggering it again".to_string()
        } else if action.starts_with("create") || action.starts_with("add") {
            format!(
                "list what exists (`{router}.all`, or `project.all`) to see whether it was created before creating it again"
            )
        } else if action.starts_with("remove") || action.starts_with("delete") {
            format!("read it back (`{router}.one`) to see whether it still exists")
        } else {
            format!("read it back (`{router}.one`) to see whether the change was made")
        }
    }
}

impl fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was sent to Dokploy but its answer was lost ({}), so the change may or may not have been made; it was not sent again: {}",
            self.procedure,
            if self.timed_out {
                "no complete answer within the timeout".to_string()
            } else {
                format!("the connection broke: {}", source_chain(&self.source))
            },
            self.how_to_check()
        )
    }
}

impl fmt::Debug for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutcomeUnknown")
            .field("procedure", &self.procedure)
            .field("timed_out", &self.timed_out)
            .field("source", &self.source)
            .finish()
    }
}

/// A response body larger than the client accepts
/// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)); reading stopped at
/// the limit (or before the first byte, when `Content-Length` said so) and the connection was
/// dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// fake.client().projects().create("shop", None).await?;
/// let client = dokploy::Client::builder()
///     .base_url(fake.base_url())
///     .api_key(fake.api_key())
///     .max_body_size(10)
///     .build()?;
/// let err = client.projects().all().await.unwrap_err();
/// let dokploy::Error::BodyTooLarge(too_large) = &err else { panic!("{err:?}") };
/// assert_eq!(too_large.limit, 10);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BodyTooLarge {
    /// The procedure that was called, when known.
    pub procedure: Option<String>,
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The limit, in bytes.
    pub limit: usize,
    /// The size the answer announced (`Content-Length`), if it announced one.
    pub announced: Option<u64>,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} answer", self.status.as_u16())?;
        if let Some(procedure) = &self.procedure {
            write!(f, " to {procedure}")?;
        }
        match self.announced {
            Some(size) => write!(f, " announced {size} bytes")?,
            None => write!(f, " ran past the limit")?,
        }
        write!(
            f,
            ", more than the {} bytes this client accepts: reading stopped there (raise the limit with ClientBuilder::max_body_size)",
            self.limit
        )
    }
}

/// An answer to a query that is not HTTP this client reads (see [`Error::Protocol`]): its head
/// is larger than the client accepts, or malformed. The same server sends it again, so it is
/// not retried.
#[non_exhaustive]
pub struct ProtocolError {
    /// The procedure that was called, when known.
    pub procedure: Option<String>,
    /// `true` when the head was too large (a huge header line, too many headers, headers that
    /// never end); `false` when it was malformed.
    pub head_too_large: bool,
    /// What the HTTP layer said.
    pub source: reqwest::Error,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the answer")?;
        if let Some(procedure) = &self.procedure {
            write!(f, " to {procedure}")?;
        }
        if self.head_too_large {
            f.write_str(" has a head larger than this client reads (a huge header line, too many headers, or headers that never end)")?;
        } else {
            write!(f, " is not valid HTTP ({})", source_chain(&self.source))?;
        }
        f.write_str(": it was not retried, since the server (or a proxy in front of it) answers the same way every time; check what listens at the configured address")
    }
}

impl fmt::Debug for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtocolError")
            .field("procedure", &self.procedure)
            .field("head_too_large", &self.head_too_large)
            .field("source", &self.source)
            .finish()
    }
}

/// A success body that does not decode as the type asked for.
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status (a success).
    pub status: StatusCode,
    /// The procedure that was called, when known.
    pub procedure: Option<String>,
    /// The Rust type the body was decoded as.
    pub target: &'static str,
    /// Where in the body decoding failed, e.g. `environments[0].isDefault`.
    pub path: String,
    /// The whole body as received.
    pub body: Bytes,
    /// serde's error.
    pub source: serde_json::Error,
}

impl DecodeError {
    fn reason(&self) -> String {
        // serde quotes the offending value in some messages; a secret field must not show it.
        if crate::redact::is_secret_path(&self.path) {
            format!(
                "{:?} at line {} column {}",
                self.source.classify(),
                self.source.line(),
                self.source.column()
            )
        } else {
            self.source.to_string()
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} response", self.status.as_u16())?;
        if let Some(procedure) = &self.procedure {
            write!(f, " of {procedure}")?;
        }
        if self.body.is_empty() {
            write!(f, " has an empty body, which is not a {}", self.target)
        } else if self.path.is_empty() || self.path == "." {
            write!(f, " does not decode as {}: {}", self.target, self.reason())
        } else {
            write!(
                f,
                " does not decode as {} at `{}`: {}",
                self.target,
                self.path,
                self.reason()
            )
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("procedure", &self.procedure)
            .field("target", &self.target)
            .field("path", &self.path)
            .field("reason", &self.reason())
            .field("body", &Redacted::body(&self.body))
            .finish()
    }
}

/// A lookup by name that did not find exactly one thing.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum LookupError {
    /// Nothing matched.
    NotFound {
        /// What was looked for, e.g. `project` or `environment`.
        what: &'static str,
        /// The name (or id) asked for, and where, e.g. `"staging" in project shop`.
        wanted: String,
        /// What exists instead (names, with ids).
        available: Vec<String>,
    },
    /// More than one thing matched.
    Ambiguous {
        /// What was looked for.
        what: &'static str,
        /// The name asked for.
        wanted: String,
        /// Everything that matched (names, with ids).
        matches: Vec<String>,
    },
    /// A create whose answer carries no id was accepted, but listing afterwards shows no new
    /// row matching what was sent (someone removed it at once, or Dokploy lists it elsewhere).
    CreatedButNotListed {
        /// What was created, e.g. `backup`.
        what: &'static str,
    },
    /// A create whose answer carries no id was accepted (once), but more than one new row
    /// matches what was sent: another client created a matching one at the same moment.
    CreatedButAmbiguous {
        /// What was created.
        what: &'static str,
        /// The new rows that match (names, with ids).
        matches: Vec<String>,
    },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::NotFound {
                what,
                wanted,
                available,
            } => {
                write!(f, "no {what} {wanted}")?;
                if available.is_empty() {
                    write!(f, " (there are none)")
                } else {
                    write!(f, " (there are: {})", available.join(", "))
                }
            }
            LookupError::Ambiguous {
                what,
                wanted,
                matches,
            } => write!(
                f,
                "{} {what}s match {wanted} ({}): use an id instead",
                matches.len(),
                matches.join(", ")
            ),
            LookupError::CreatedButNotListed { what } => write!(
                f,
                "Dokploy accepted the new {what} but answered without its id, and listing afterwards shows no new {what} matching what was sent"
            ),
            LookupError::CreatedButAmbiguous { what, matches } => write!(
                f,
                "the {what} was created (once), but {} new {what}s match what was sent ({}): another client created a matching one at the same moment; tell them apart by id",
                matches.len(),
                matches.join(", ")
            ),
        }
    }
}

impl From<LookupError> for Error {
    fn from(e: LookupError) -> Self {
        Error::Lookup(Box::new(e))
    }
}

/// Dokploy's JSON error body (REST: `{message, code, issues?, data?}`).
#[derive(Deserialize)]
struct ErrorBody {
    message: Option<String>,
    code: Option<Value>,
    #[serde(default)]
    issues: Vec<Issue>,
    data: Option<Value>,
}

/// The tRPC surface wraps errors as `{"error":{"json":{…}}}` with a numeric `code`.
fn unwrap_trpc_error(value: Value) -> Value {
    match value {
        Value::Object(mut map) if map.len() == 1 && map.contains_key("error") => {
            match map.remove("error") {
                Some(Value::Object(mut e)) if e.contains_key("json") => {
                    e.remove("json").unwrap_or(Value::Null)
                }
                Some(other) => other,
                None => Value::Null,
            }
        }
        other => other,
    }
}

/// Turns an error response (status + body) into the right [`Error`].
pub(crate) fn from_error_response(
    status: StatusCode,
    content_type: Option<String>,
    procedure: Option<String>,
    body: Bytes,
) -> Error {
    let parsed = serde_json::from_slice::<Value>(&body)
        .ok()
        .map(crate::transport::trpc::error_as_rest)
        .and_then(|v| serde_json::from_value::<ErrorBody>(v).ok());
    let Some(ErrorBody {
        message: Some(message),
        code,
        issues,
        data,
    }) = parsed
    else {
        return Error::Http(Box::new(HttpError {
            status,
            content_type,
            procedure,
            body,
        }));
    };
    // REST errors carry the code as a string; tRPC ones as a number with the string in `data`.
    let code = match code {
        Some(Value::String(c)) => Some(c),
        Some(_) => data
            .as_ref()
            .and_then(|d| d.get("code"))
            .and_then(Value::as_str)
            .map(str::to_string),
        None => None,
    };
    let api = Box::new(ApiError {
        status,
        code,
        message: crate::redact::redact_text(&message).into_owned(),
        issues,
        procedure,
        body,
    });
    if status == StatusCode::UNAUTHORIZED && api.code.is_none() {
        Error::Unauthorized(api)
    } else {
        Error::Api(api)
    }
}

pub(crate) fn decode_error(
    status: StatusCode,
    procedure: Option<String>,
    target: &'static str,
    path: String,
    body: Bytes,
    source: serde_json::Error,
) -> Error {
    Error::Decode(Box::new(DecodeError {
        status,
        procedure,
        target,
        path,
        body,
        source,
    }))
}

/// Debug output for bodies that may hold secrets: JSON with secret-looking values replaced.
pub(crate) fn redacted_json_text(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => redact_json(&v).to_string(),
        Err(_) => snippet(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, body: &str) -> Error {
        from_error_response(
            StatusCode::from_u16(status).unwrap(),
            Some("application/json".into()),
            Some("project.one".into()),
            Bytes::from(body.to_string()),
        )
    }

    #[test]
    fn a_401_without_code_is_a_rejected_key_and_says_so() {
        let e = err(401, r#"{"message":"Unauthorized"}"#);
        assert!(matches!(e, Error::Unauthorized(_)));
        let text = e.to_string();
        assert!(text.contains("API key"), "{text}");
        assert!(text.contains("rate-limited"), "{text}");
        assert_eq!(e.status(), Some(StatusCode::UNAUTHORIZED));
        assert_eq!(e.code(), None);
    }

    #[test]
    fn a_401_with_code_is_an_ownership_error_from_dokploy() {
        let e = err(
            401,
            r#"{"message":"You are not authorized","code":"UNAUTHORIZED"}"#,
        );
        assert!(matches!(e, Error::Api(_)));
        assert_eq!(e.code(), Some("UNAUTHORIZED"));
    }

    #[test]
    fn a_404_keeps_code_and_message() {
        let e = err(
            404,
            r#"{"message":"Project not found","code":"NOT_FOUND","data":{"code":"NOT_FOUND","httpStatus":404,"path":"project.one","zodError":null}}"#,
        );
        assert!(e.is_not_found());
        assert_eq!(
            e.to_string(),
            "Dokploy answered 404 NOT_FOUND to project.one: Project not found"
        );
        assert_eq!(e.api().unwrap().data().unwrap()["httpStatus"], 404);
    }

    #[test]
    fn validation_issues_are_kept_and_shown() {
        let e = err(
            400,
            r#"{"message":"Input validation failed","code":"BAD_REQUEST","issues":[{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received undefined"}]}"#,
        );
        let api = e.api().unwrap();
        assert_eq!(api.issues.len(), 1);
        assert_eq!(api.issues[0].path_string(), "name");
        assert_eq!(api.issues[0].expected.as_deref(), Some("string"));
        assert!(e.to_string().contains("name: Invalid input"), "{e}");
    }

    #[test]
    fn an_html_error_page_keeps_status_and_the_start_of_the_body() {
        let page = format!(
            "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
            "x".repeat(1000)
        );
        let e = err(502, &page);
        let Error::Http(http) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(http.status, StatusCode::BAD_GATEWAY);
        assert!(
            http.snippet()
                .starts_with("<html><body><h1>502 Bad Gateway")
        );
        assert!(http.snippet().chars().count() <= SNIPPET_BYTES + 1);
        assert_eq!(http.body.len(), page.len());
        assert!(e.is_retryable());
    }

    #[test]
    fn trpc_error_envelopes_are_read_with_their_string_code() {
        let e = err(
            401,
            r#"{"error":{"json":{"message":"Project not found","code":-32004,"data":{"code":"NOT_FOUND","httpStatus":404}}}}"#,
        );
        assert_eq!(e.code(), Some("NOT_FOUND"));
        // tRPC's refusal of the key is the same error as REST's code-less 401.
        let e = err(
            401,
            r#"{"error":{"json":{"message":"UNAUTHORIZED","code":-32001,"data":{"code":"UNAUTHORIZED","httpStatus":401}}}}"#,
        );
        assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
        assert!(e.to_string().contains("10 tRPC calls"), "{e}");
    }

    #[test]
    fn a_400_that_says_not_found_is_not_found_like_a_404() {
        let e = err(
            400,
            r#"{"message":"Backup not found","code":"BAD_REQUEST","data":{"code":"BAD_REQUEST","httpStatus":400,"path":"backup.update","zodError":null}}"#,
        );
        assert!(e.is_not_found());
        assert_eq!(e.status(), Some(StatusCode::BAD_REQUEST));
        let generic = err(
            400,
            r#"{"message":"Error updating Postgres","code":"BAD_REQUEST"}"#,
        );
        assert!(!generic.is_not_found());
        let conflict = err(
            500,
            r#"{"message":"Git Provider not found","code":"INTERNAL_SERVER_ERROR"}"#,
        );
        assert!(!conflict.is_not_found(), "only 400 and 404 answers count");
    }

    #[test]
    fn secrets_in_dokploy_messages_are_hidden_everywhere_the_error_is_shown() {
        let body = r#"{"message":"Command execution failed: Command failed: rclone ls --s3-provider=Minio --s3-access-key-id=census-access --s3-secret-access-key=census-secret-invented --s3-region=us-east-1 \\:s3\\:census-bucket\n/bin/sh: 1: rclone: not found\n","code":"BAD_REQUEST"}"#;
        let e = err(400, body);
        for text in [
            e.to_string(),
            format!("{e:?}"),
            e.api().unwrap().message.clone(),
        ] {
            assert!(!text.contains("census-secret-invented"), "{text}");
            assert!(text.contains("rclone: not found"), "{text}");
        }
        // The raw body is kept as sent, for callers who need it.
        assert!(String::from_utf8_lossy(&e.api().unwrap().body).contains("census-secret-invented"));
        let html = err(502, "<pre>connect postgres://app:hunter2@db failed</pre>");
        assert!(!e.to_string().contains("hunter2") && !html.to_string().contains("hunter2"));
    }

    #[test]
    fn json_without_a_message_is_treated_as_foreign() {
        assert!(matches!(err(500, r#"{"oops":true}"#), Error::Http(_)));
        assert!(matches!(err(500, ""), Error::Http(_)));
    }

    #[test]
    fn hiding_replaces_the_given_values_in_the_message_and_the_body() {
        let e = err(
            400,
            r#"{"message":"Failed to parse URL from https://hooks.example/T0/s3cret","code":"BAD_REQUEST"}"#,
        )
        .hiding(&["https://hooks.example/T0/s3cret", ""]);
        assert!(!e.to_string().contains("s3cret"), "{e}");
        assert!(e.to_string().contains("from <redacted>"), "{e}");
        let api = e.api().unwrap();
        assert!(!String::from_utf8_lossy(&api.body).contains("s3cret"));
        assert!(!format!("{e:?}").contains("s3cret"));
    }

    #[test]
    fn debug_of_an_api_error_hides_secret_values_in_the_body() {
        let e = err(
            400,
            r#"{"message":"bad","code":"BAD_REQUEST","data":{"databasePassword":"hunter2"}}"#,
        );
        let debug = format!("{e:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
    }
}
