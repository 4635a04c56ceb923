//! The lines of one of Dokploy's log sockets, whatever happens to the connection: it is opened
//! (and reopened after a drop, as the client's [`RetryPolicy`](crate::RetryPolicy) allows),
//! its frames are split into lines, the lines already given are not given again (the server
//! starts over on a new connection), and the server's refusals become errors.
//!
//! [`Reader::next_line`] is cancel-safe: a caller may wrap it in a timeout and call it again
//! (a connection being opened, a wait before reopening, are kept in the reader).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::time::Instant;

use super::lines::{Lines, RawLine};
use super::socket::{self, Event, Socket};
use super::{LogLine, LogStreamError};
use crate::{Client, Error, Result};

/// Which socket, and so how its frames are read and how a new connection resumes.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// `/listen-deployment`: `tail -n +1 -f` of the log file, so a new connection sends the
    /// file from its start: the lines already given are skipped by count. `tail`'s complaints
    /// arrive as separate frames starting `tail error: `.
    Deployment {
        /// For errors.
        log_path: String,
    },
    /// `/docker-container-logs`: `docker logs --timestamps --follow`, so a new connection sends
    /// the backlog again: lines stamped no later than the last one given are skipped. A first
    /// frame "No such container" / "no such task or service" means there is none.
    Container {
        /// The container (id or name) asked for.
        container: String,
    },
}

type Opening = Pin<Box<dyn Future<Output = Result<Socket>> + Send>>;

/// Lines from one log socket.
pub(crate) struct Reader {
    client: Client,
    url: reqwest::Url,
    kind: Kind,
    /// Where the socket's lines come from (a container's name), for [`LogLine::source`].
    source: Option<Arc<str>>,
    socket: Option<Socket>,
    opening: Option<Opening>,
    /// Do not reopen before this (a backoff after a failure).
    reopen_at: Option<Instant>,
    lines: Lines,
    /// Frames on this connection, and a `tail error:` frame among them.
    frames_here: u64,
    tail_error: Option<String>,
    /// Lines still to skip on this connection (resending what was given).
    skip: u64,
    /// Complete lines given so far, over every connection.
    given: u64,
    /// Failures in a row with no new line in between, and when the first of them happened.
    failures: u32,
    failing_since: Option<Instant>,
    /// Whether this connection gave a new line.
    progressed: bool,
    /// The newest Docker timestamp given (container sockets).
    last_stamp: Option<String>,
    /// The last complete line given, as the server wrote it.
    last_raw: Option<RawLine>,
    key: Option<String>,
}

impl Reader {
    pub(crate) fn new(
        client: &Client,
        url: reqwest::Url,
        kind: Kind,
        source: Option<Arc<str>>,
        max_line: usize,
    ) -> Self {
        let key = client
            .generated()
            .inner
            .api_key
            .to_str()
            .ok()
            .map(str::to_string);
        Self {
            client: client.clone(),
            url,
            kind,
            source,
            socket: None,
            opening: None,
            reopen_at: None,
            lines: Lines::new(max_line),
            frames_here: 0,
            tail_error: None,
            skip: 0,
            given: 0,
            failures: 0,
            failing_since: None,
            progressed: false,
            last_stamp: None,
            last_raw: None,
            key,
        }
    }

    /// The socket's path, for messages.
    fn stream(&self) -> String {
        self.url.path().to_string()
    }

    /// The next line, waiting as long as it takes (these sockets never end by themselves).
    pub(crate) async fn next_line(&mut self) -> Result<LogLine> {
        loop {
            while let Some(raw) = self.lines.next_line() {
                if let Some(line) = self.accept(raw) {
                    return Ok(line);
                }
            }
            if self.socket.is_none() {
                self.connect().await?;
                continue;
            }
            let Some(socket) = self.socket.as_mut() else {
                continue;
            };
            match socket.next().await {
                Event::Text(text) => self.frame(text)?,
                Event::Closed { code, reason } => self.closed(code, reason)?,
                Event::Dropped(why) => self.lost(why)?,
            }
        }
    }

    /// The unfinished last line, once the caller decided nothing more will come; the socket is
    /// closed.
    pub(crate) async fn finish(&mut self) -> Option<LogLine> {
        if let Some(socket) = self.socket.take() {
            socket.close().await;
        }
        self.opening = None;
        let mut last = None;
        while let Some(raw) = self.lines.finish() {
            if let Some(line) = self.accept(raw) {
                last = Some(line);
            }
        }
        last
    }

    /// The last text the server wrote so far, as written: the unfinished line if there is one,
    /// otherwise the last complete line (and whether it was cut).
    pub(crate) fn last_written(&self) -> (&str, bool) {
        if !self.lines.partial().is_empty() {
            return (self.lines.partial(), false);
        }
        match &self.last_raw {
            Some(raw) => (&raw.text, raw.truncated),
            None => ("", false),
        }
    }

    /// Whether a line may be given: not already given on an earlier connection.
    fn accept(&mut self, raw: RawLine) -> Option<LogLine> {
        match &self.kind {
            Kind::Deployment { .. } => {
                if self.skip > 0 {
                    self.skip -= 1;
                    return None;
                }
            }
            Kind::Container { .. } => {
                let stamp = super::docker_timestamp(&raw.text);
                if self.skip > 0
                    && let (Some(stamp), Some(last)) = (stamp, &self.last_stamp)
                {
                    if stamp <= last.as_str() {
                        return None;
                    }
                    self.skip = 0; // the first new line: everything after it is new too
                }
                if let Some(stamp) = stamp {
                    self.last_stamp = Some(stamp.to_string());
                }
            }
        }
        self.given += 1;
        self.progressed = true;
        let line = LogLine::scrubbed(&raw, self.source.clone(), self.key.as_deref());
        self.last_raw = Some(raw);
        Some(line)
    }

    async fn connect(&mut self) -> Result<()> {
        if let Some(at) = self.reopen_at {
            tokio::time::sleep_until(at).await;
            self.reopen_at = None;
        }
        if self.opening.is_none() {
            let client = self.client.clone();
            let url = self.url.clone();
            self.opening = Some(Box::pin(async move { socket::open(&client, url).await }));
        }
        let Some(opening) = self.opening.as_mut() else {
            return Ok(());
        };
        let opened = opening.await;
        self.opening = None;
        match opened {
            Ok(socket) => {
                self.socket = Some(socket);
                self.frames_here = 0;
                self.tail_error = None;
                self.progressed = false;
                self.lines.reset();
                Ok(())
            }
            Err(e) if retryable(&e) => self.failed(e),
            Err(e) => Err(e),
        }
    }

    fn frame(&mut self, text: String) -> Result<()> {
        self.frames_here += 1;
        match &self.kind {
            Kind::Deployment { .. } if text.starts_with("tail error: ") => {
                tracing::debug!(target: "dokploy", stream = %self.stream(), "tail complained");
                self.tail_error = Some(text);
                return Ok(());
            }
            Kind::Container { container }
                if self.frames_here == 1
                    && (text.starts_with("Error response from daemon: No such container")
                        || text.starts_with("no such task or service")) =>
            {
                return Err(LogStreamError::NoSuchContainer {
                    container: container.clone(),
                    message: text.trim_end().to_string(),
                }
                .into());
            }
            _ => {}
        }
        self.lines.push(text);
        Ok(())
    }

    fn closed(&mut self, code: Option<u16>, reason: String) -> Result<()> {
        self.socket = None;
        match code {
            Some(code @ 4000..=4999) => {
                return Err(LogStreamError::Refused {
                    stream: self.stream(),
                    code,
                    reason,
                }
                .into());
            }
            None if self.frames_here == 0 => return Err(refused_key(&self.stream())),
            None => {
                if let (Some(message), Kind::Deployment { log_path }) =
                    (self.tail_error.take(), &self.kind)
                {
                    return Err(LogStreamError::LogFileMissing {
                        log_path: log_path.clone(),
                        message: message
                            .trim_start_matches("tail error: ")
                            .trim()
                            .to_string(),
                    }
                    .into());
                }
            }
            Some(_) => {}
        }
        let why = match code {
            Some(code) => format!("the server closed the socket ({code} {reason})"),
            None => "the server closed the socket".to_string(),
        };
        self.lost(why)
    }

    /// The connection is gone: reopen it (after a wait) unless the failures ran out.
    fn lost(&mut self, why: String) -> Result<()> {
        self.socket = None;
        tracing::debug!(target: "dokploy", stream = %self.stream(), reason = %why, "dokploy log stream lost");
        let error = Error::from(LogStreamError::Dropped {
            stream: self.stream(),
            reason: why,
        });
        self.failed(error)
    }

    /// Counts a failure; `Ok` with a reopening scheduled, or the error when no retry is left.
    fn failed(&mut self, error: Error) -> Result<()> {
        if self.progressed {
            self.failures = 0;
            self.failing_since = None;
            self.progressed = false;
        }
        self.failures += 1;
        let since = *self.failing_since.get_or_insert_with(Instant::now);
        let policy = &self.client.generated().inner.retry;
        let Some(wait) = policy.wait_after(self.failures, since.elapsed(), None, None) else {
            return Err(error);
        };
        self.reopen_at = Some(Instant::now() + wait);
        self.lines.reset();
        self.skip = match self.kind {
            Kind::Deployment { .. } => self.given,
            // Any line stamped after the last one given is new.
            Kind::Container { .. } => u64::from(self.last_stamp.is_some()),
        };
        Ok(())
    }
}

/// Connection failures worth reopening for (not a refused key, a bad configuration).
fn retryable(error: &Error) -> bool {
    match error {
        Error::Connect(_) | Error::Timeout(_) => true,
        Error::Logs(e) => matches!(
            **e,
            LogStreamError::NotUpgraded { status, .. } if status.is_server_error()
        ),
        _ => false,
    }
}

/// A socket closed without a word before sending anything: Dokploy's answer to a missing or
/// refused key (recordings 351, 418), reported like the API's 401.
fn refused_key(stream: &str) -> Error {
    Error::Unauthorized(Box::new(crate::ApiError {
        status: reqwest::StatusCode::UNAUTHORIZED,
        code: None,
        message: "the log stream was closed without a status before sending anything".into(),
        issues: Vec::new(),
        procedure: Some(stream.trim_start_matches('/').to_string()),
        body: bytes::Bytes::new(),
    }))
}
