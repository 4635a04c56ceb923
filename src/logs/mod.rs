//! Live logs over Dokploy's WebSockets: a deployment's build log as it is written
//! ([`Deployments::follow`](crate::resources::Deployments::follow), and
//! [`DeployRequest::follow_logs`](crate::deploy::DeployRequest::follow_logs) while deploying),
//! and the logs of a running application, compose service or database
//! ([`Client::service_logs`](crate::Client::service_logs)). This module owns the WebSocket handshake through the client's
//! own HTTP client (same TLS, proxies, timeouts and key as the API; the key in the `x-api-key`
//! header, never in the URL), frames into whole lines, the secrets scrubbed from each line,
//! reconnecting without repeating a line, deciding when a stream is over (Dokploy never closes
//! these sockets), and the errors Dokploy's close codes mean. Memory stays bounded whatever the
//! log's size: one frame at a time, lines cut at [`FollowOptions::max_line_bytes`].
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> dokploy::Result<()> {
//! # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
//! #     queue_delay: std::time::Duration::from_millis(10),
//! #     build_duration: std::time::Duration::from_millis(200),
//! #     ..Default::default()
//! # }).await.expect("the fake starts");
//! # let client = fake.client();
//! # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
//! # let app_id = client.applications().create(&env_id, "web").await?.application_id;
//! # client.applications().deploy(&app_id).await?;
//! # tokio::time::sleep(std::time::Duration::from_millis(100)).await;
//! let deployment = client.deployments().all(&app_id).await?.remove(0);
//! let mut lines = client.deployments().follow(&deployment);
//! while let Some(line) = lines.next_line().await {
//!     println!("{}", line?); // ends by itself once the deployment is over
//! }
//! # Ok(()) }
//! ```

mod container;
mod deployment;
mod lines;
mod reader;
mod socket;

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::Stream;
use reqwest::StatusCode;

pub use container::{Container, LogTarget, ServiceLogs};
pub use deployment::FollowOptions;
pub(crate) use deployment::LineFollower;
pub(crate) use socket::SocketHttp;

use crate::{Error, Result};

/// One line of a log: without its line ending, with the secrets it spells out replaced by
/// `<redacted>` ([`redact_text`](crate::redact::redact_text), and the client's API key by value).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
/// #     queue_delay: std::time::Duration::from_millis(10),
/// #     build_duration: std::time::Duration::from_millis(50),
/// #     build_output: vec!["docker login --password hunter22 registry.example.com\n".into()],
/// #     ..Default::default()
/// # }).await.expect("the fake starts");
/// # let client = fake.client();
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let outcome = client.deploy_application(&app_id).wait().await?;
/// let mut lines = client.deployments().follow(&outcome.deployment);
/// let mut all = Vec::new();
/// while let Some(line) = lines.next_line().await {
///     all.push(line?.text);
/// }
/// assert!(all.iter().all(|l| !l.contains("hunter22")));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogLine {
    /// The text, secrets replaced.
    pub text: String,
    /// The container it came from (its name), for a service's logs; `None` for a deployment.
    pub source: Option<Arc<str>>,
    /// The line was longer than the limit and was cut there.
    pub truncated: bool,
}

impl LogLine {
    fn scrubbed(raw: &lines::RawLine, source: Option<Arc<str>>, key: Option<&str>) -> Self {
        let mut text = crate::redact::redact_text(&raw.text).into_owned();
        if let Some(hidden) = crate::redact::hide_values(text.as_bytes(), key.as_slice()) {
            text = String::from_utf8_lossy(&hidden).into_owned();
        }
        Self {
            text,
            source,
            truncated: raw.truncated,
        }
    }

    /// The Docker timestamp a container's line starts with, if it has one
    /// ([`docker_timestamp`]).
    pub fn timestamp(&self) -> Option<&str> {
        docker_timestamp(&self.text)
    }
}

impl fmt::Display for LogLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The RFC 3339 timestamp at the start of `text` (what `docker logs --timestamps` writes), if
/// any: it starts with a digit, has a `T`, ends in `Z` before a space.
///
/// ```
/// use dokploy::logs::docker_timestamp;
/// assert_eq!(docker_timestamp("2026-12-06T21:16:48.915406086Z tick 1"), Some("2026-12-06T21:16:48.915406086Z"));
/// assert_eq!(docker_timestamp("Initializing deployment"), None);
/// ```
pub fn docker_timestamp(text: &str) -> Option<&str> {
    let (stamp, _) = text.split_once(' ')?;
    let looks_like = stamp.len() >= 20
        && stamp.as_bytes()[0].is_ascii_digit()
        && stamp.as_bytes().get(10) == Some(&b'T')
        && stamp.ends_with('Z');
    looks_like.then_some(stamp)
}

/// A stream of [`LogLine`]s; `None` when it is over (a deployment's row is final, a service's
/// backlog is read), never for a followed service (drop it to stop).
///
/// Use it as a [`Stream`] (`futures::StreamExt::next`) or with [`LogStream::next_line`].
/// Dropping it closes the socket.
#[must_use = "a log stream reads nothing until it is polled"]
pub struct LogStream {
    inner: Pin<Box<dyn Stream<Item = Result<LogLine>> + Send>>,
}

impl LogStream {
    fn new(inner: impl Stream<Item = Result<LogLine>> + Send + 'static) -> Self {
        Self {
            inner: Box::pin(inner),
        }
    }

    /// The next line; `None` at the end.
    pub async fn next_line(&mut self) -> Option<Result<LogLine>> {
        futures_util::StreamExt::next(self).await
    }
}

impl Stream for LogStream {
    type Item = Result<LogLine>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for LogStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogStream")
    }
}

/// Why a log stream failed; inside [`Error::Logs`]. (A refused API key is
/// [`Error::Unauthorized`], as on the API.)
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogStreamError {
    /// Dokploy closed the socket with a reason (close code 4000–4999): "Invalid log path",
    /// "logPath no provided", "Invalid container ID format", "Invalid tail parameter"…
    Refused {
        /// The socket, e.g. `/listen-deployment`.
        stream: String,
        /// The close code.
        code: u16,
        /// Dokploy's reason.
        reason: String,
    },
    /// The deployment's log file does not exist on the server (`tail` could not open it).
    LogFileMissing {
        /// The row's `logPath`.
        log_path: String,
        /// What `tail` said.
        message: String,
    },
    /// The deployment has no log file to follow (its row has no `logPath`).
    NoLogPath {
        /// The deployment.
        deployment_id: String,
    },
    /// Docker knows no such container or task.
    NoSuchContainer {
        /// The container (or task) asked for.
        container: String,
        /// Docker's words.
        message: String,
    },
    /// The service has no container to read logs from (not deployed, or no longer there).
    NoContainer {
        /// The service, e.g. `application a1`.
        target: String,
    },
    /// The server did not switch to a WebSocket (a proxy in front of Dokploy that does not pass
    /// upgrades answers 200 or 404 instead).
    NotUpgraded {
        /// The socket.
        stream: String,
        /// What it answered.
        status: StatusCode,
        /// The answer came over HTTP/2, which cannot carry these WebSockets.
        http2: bool,
    },
    /// The connection kept breaking and the retries ran out.
    Dropped {
        /// The socket.
        stream: String,
        /// The last reason.
        reason: String,
    },
}

impl fmt::Display for LogStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogStreamError::Refused {
                stream,
                code,
                reason,
            } => {
                let hint = match reason.as_str() {
                    "Invalid log path" => {
                        " (the path must be a deployment's logPath, under Dokploy's directory)"
                    }
                    "logPath no provided" => " (no log path was given)",
                    _ => "",
                };
                write!(
                    f,
                    "Dokploy refused the log stream {stream}: {reason} (close {code}){hint}"
                )
            }
            LogStreamError::LogFileMissing { log_path, message } => write!(
                f,
                "the deployment's log file {log_path} does not exist on the server: {message}"
            ),
            LogStreamError::NoLogPath { deployment_id } => {
                write!(
                    f,
                    "the deployment {deployment_id} has no log file to follow"
                )
            }
            LogStreamError::NoSuchContainer { container, message } => {
                write!(f, "there is no container {container}: {message}")
            }
            LogStreamError::NoContainer { target } => write!(
                f,
                "the {target} has no container to read logs from (is it deployed?)"
            ),
            LogStreamError::NotUpgraded {
                stream,
                status,
                http2: true,
            } => write!(
                f,
                "the log stream {stream} could not be opened: the connection speaks HTTP/2 (answer {}), and Dokploy's WebSockets need HTTP/1.1: give ClientBuilder::websocket_http_client a client built with .http1_only()",
                status.as_u16()
            ),
            LogStreamError::NotUpgraded { stream, status, .. } => write!(
                f,
                "the log stream {stream} could not be opened: the server answered {} instead of switching to a WebSocket (does a proxy in front of Dokploy pass WebSocket upgrades?)",
                status.as_u16()
            ),
            LogStreamError::Dropped { stream, reason } => write!(
                f,
                "the log stream {stream} kept breaking and the retries ran out: {reason}"
            ),
        }
    }
}

impl From<LogStreamError> for Error {
    fn from(e: LogStreamError) -> Self {
        Error::Logs(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_scrubbed_of_secrets_and_the_key() {
        let raw = lines::RawLine {
            text: "docker login -e REGISTRY_PASSWORD=hunter22 and key the-api-key-123".into(),
            truncated: false,
        };
        let line = LogLine::scrubbed(&raw, None, Some("the-api-key-123"));
        assert_eq!(
            line.text,
            "docker login -e REGISTRY_PASSWORD=<redacted> and key <redacted>"
        );
    }

    #[test]
    fn docker_timestamps_are_recognised() {
        assert_eq!(
            docker_timestamp("2026-12-06T21:16:48.915406086Z tick 1"),
            Some("2026-12-06T21:16:48.915406086Z")
        );
        assert_eq!(docker_timestamp("no such task or service: x"), None);
        assert_eq!(docker_timestamp("2026 x"), None);
    }

    #[test]
    fn refusals_say_what_was_wrong() {
        let e = LogStreamError::Refused {
            stream: "/listen-deployment".into(),
            code: 4000,
            reason: "Invalid log path".into(),
        };
        assert!(
            e.to_string().contains("Invalid log path (close 4000)"),
            "{e}"
        );
    }
}
