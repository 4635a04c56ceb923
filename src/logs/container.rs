//! A running service's logs over `/docker-container-logs`: an application, a compose stack's
//! containers or a database.
//!
//! The containers are found first, as Dokploy's own Logs tab finds them:
//! `docker.getContainersByAppNameMatch` with the service's `appName` (the containers' native ids,
//! recording 405; `appType=docker-compose|stack` for a compose stack). The running ones are read
//! (none running: the newest, so a crashed service's last words show); none at all is
//! [`LogStreamError::NoContainer`]. Each container's socket runs `docker container logs
//! --timestamps --tail N [--since S] --follow` (piped through `grep -iF` for a search), so a
//! line starts with Docker's timestamp; several containers' lines are merged as they arrive,
//! each with its container's name.
//!
//! The socket never closes, even when the container stops (437–439). Following, the stream runs
//! until it is dropped. Otherwise it ends after the backlog, which Docker writes in one burst
//! (one frame natively, many small frames within about 100 ms for swarm, 410/411): a
//! container's backlog is over when `tail` lines came (no search), or when nothing came for
//! [`ServiceLogs::backlog_quiet`] after a line, or nothing at all for 3 s (an empty backlog; Dokploy's
//! own page waits 2 s before saying "No logs found"), and at the latest 10 s after the first
//! line (a container that writes faster than the quiet period).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::reader::{Kind, Reader};
use super::{LogLine, LogStream, LogStreamError, socket};
use crate::models::{ComposeType, DatabaseRef};
use crate::{Client, Error, ResponseExt, Result};

/// Whose logs: what [`Client::service_logs`] reads.
///
/// ```
/// use dokploy::logs::LogTarget;
/// assert_eq!(LogTarget::Compose("c1".into()).to_string(), "compose stack c1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogTarget {
    /// An application, by id.
    Application(String),
    /// A compose stack, by id (all its containers, or one service's with
    /// [`ServiceLogs::service`]).
    Compose(String),
    /// A database of any kind.
    Database(DatabaseRef),
}

impl fmt::Display for LogTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogTarget::Application(id) => write!(f, "application {id}"),
            LogTarget::Compose(id) => write!(f, "compose stack {id}"),
            LogTarget::Database(db) => write!(f, "{db} database"),
        }
    }
}

/// A container of a service, as `docker.getContainersByAppNameMatch` lists it.
///
/// ```
/// let c: dokploy::logs::Container = serde_json::from_str(r#"{"containerId": "7f9d1087195b",
///     "name": "app-x.1.w6tvvh2g76p4aeg3e6uwx2tde", "state": "running", "status": "Up 14 seconds"}"#).unwrap();
/// assert_eq!(c.state, "running");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Container {
    /// The container's short id.
    pub container_id: String,
    /// Its name (`<appName>.1.<task>` for a service, `<appName>-<service>-1` in a compose stack).
    pub name: String,
    /// `running`, `exited`…
    pub state: String,
    /// Docker's status text ("Up 14 seconds").
    #[serde(default)]
    pub status: Option<String>,
}

impl Client {
    /// The logs of an application, a compose stack's containers or a database: tail, since
    /// and search as Dokploy's Logs tab has them, following or not ([`ServiceLogs`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     container_log_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # client.deploy_application(&app_id).wait().await?;
    /// # tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    /// use dokploy::logs::LogTarget;
    /// let mut logs = client
    ///     .service_logs(LogTarget::Application(app_id.clone()))
    ///     .tail(3)
    ///     .stream()
    ///     .await?;
    /// let mut count = 0;
    /// while let Some(line) = logs.next_line().await {
    ///     assert!(line?.timestamp().is_some());
    ///     count += 1;
    /// }
    /// assert_eq!(count, 3); // the last three lines, then the stream ends
    /// # Ok(()) }
    /// ```
    pub fn service_logs(&self, target: LogTarget) -> ServiceLogs {
        ServiceLogs {
            client: self.clone(),
            target,
            tail: 100,
            since: None,
            search: None,
            follow: false,
            service: None,
            backlog_quiet: Duration::from_millis(500),
            max_line_bytes: 64 * 1024,
        }
    }
}

/// The logs of a service, to read with [`ServiceLogs::stream`]; from [`Client::service_logs`].
///
/// The service's containers are found as Dokploy's Logs tab finds them
/// (`docker.getContainersByAppNameMatch`): the running ones, or the newest if none runs; each
/// line names its container ([`LogLine::source`]). Dokploy's socket never closes, even when the
/// container stops. Following, the stream runs until it is dropped. Otherwise it ends after the
/// backlog, which Docker writes in one burst: a container's backlog is over when `tail` lines
/// came (without a search), or nothing came for [`backlog_quiet`](Self::backlog_quiet) after a
/// line, or nothing at all for 3 s (an empty backlog), and at the latest 10 s after its first
/// line (a container writing faster than the quiet period).
#[derive(Clone, Debug)]
#[must_use = "nothing is read until `stream` is awaited"]
pub struct ServiceLogs {
    client: Client,
    target: LogTarget,
    tail: u32,
    since: Option<String>,
    search: Option<String>,
    follow: bool,
    service: Option<String>,
    backlog_quiet: Duration,
    max_line_bytes: usize,
}

/// How long a stream waits for its first line before taking the backlog as empty.
const FIRST_LINE_WAIT: Duration = Duration::from_secs(3);
/// The latest a backlog ends after its first line.
const MAX_BACKLOG: Duration = Duration::from_secs(10);

impl ServiceLogs {
    /// The last `n` lines of each container before following (0 to 10000, Dokploy's limits;
    /// default 100).
    pub fn tail(mut self, n: u32) -> Self {
        self.tail = n;
        self
    }

    /// Only lines from the last `since`: a number and `s`, `m`, `h` or `d` (`"90s"`, `"1h"`,
    /// `"2d"`), or `"all"` (the default).
    pub fn since(mut self, since: impl Into<String>) -> Self {
        self.since = Some(since.into());
        self
    }

    /// Only lines containing `text`, ignoring case (letters, digits, spaces, `.`, `_` and `-`:
    /// what Dokploy accepts).
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Keep reading new lines after the backlog, until the stream is dropped.
    pub fn follow(mut self, follow: bool) -> Self {
        self.follow = follow;
        self
    }

    /// For a compose stack: only this service's containers.
    pub fn service(mut self, name: impl Into<String>) -> Self {
        self.service = Some(name.into());
        self
    }

    /// Without [`follow`](Self::follow): how long a container's socket must stay quiet after
    /// a line for its backlog to be over (default 500 ms; see [`ServiceLogs`]).
    pub fn backlog_quiet(mut self, quiet: Duration) -> Self {
        self.backlog_quiet = quiet;
        self
    }

    /// The longest line kept, in bytes (default 64 KiB); a longer one is cut there.
    pub fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = bytes;
        self
    }

    /// The containers the stream reads: the service's running containers (its newest one if
    /// none runs); [`LogStreamError::NoContainer`] when it has none.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// use dokploy::logs::LogTarget;
    /// let logs = client.service_logs(LogTarget::Application(app_id.clone()));
    /// assert!(logs.containers().await.is_err()); // never deployed: no container
    /// client.deploy_application(&app_id).wait().await?;
    /// assert_eq!(logs.containers().await?[0].state, "running");
    /// # Ok(()) }
    /// ```
    pub async fn containers(&self) -> Result<Vec<Container>> {
        Ok(self.place().await?.1)
    }

    /// Checks the parameters, finds the containers and opens their sockets.
    pub async fn stream(self) -> Result<LogStream> {
        let query = self.query()?;
        let (server, containers) = self.place().await?;
        let mut streams = Vec::new();
        for container in containers {
            let mut pairs: Vec<(&str, &str)> = vec![("containerId", &container.container_id)];
            pairs.extend(query.iter().map(|(k, v)| (*k, v.as_str())));
            if let Some(server) = &server {
                pairs.push(("serverId", server));
            }
            let url = socket::endpoint(&self.client, "/docker-container-logs", &pairs)?;
            let reader = Reader::new(
                &self.client,
                url,
                Kind::Container {
                    container: container.container_id.clone(),
                },
                Some(Arc::from(container.name.as_str())),
                self.max_line_bytes,
            );
            let one = OneContainer {
                reader,
                follow: self.follow,
                backlog: Backlog {
                    // Without a search, Docker sends at most `tail` lines of backlog.
                    lines: self.search.is_none().then_some(u64::from(self.tail)),
                    quiet: self.backlog_quiet,
                },
                given: 0,
                first_at: None,
                done: false,
            };
            streams.push(
                futures_util::stream::unfold(one, |mut one| async move {
                    let item = one.next().await?;
                    Some((item, one))
                })
                .boxed(),
            );
        }
        Ok(LogStream::new(futures_util::stream::select_all(streams)))
    }

    /// The socket's parameters, checked as Dokploy checks them (so a bad one is a clear error
    /// before anything is sent, not a close 4000).
    fn query(&self) -> Result<Vec<(&'static str, String)>> {
        if self.tail > 10_000 {
            return Err(Error::InvalidInput(format!(
                "tail {} is more than Dokploy allows (10000)",
                self.tail
            )));
        }
        let since = self.since.as_deref().unwrap_or("all");
        let valid_since = since == "all"
            || (since.len() > 1
                && since[..since.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && since.ends_with(['s', 'm', 'h', 'd']));
        if !valid_since {
            return Err(Error::InvalidInput(format!(
                "since {since:?} is not a duration Dokploy takes: a number and s, m, h or d (90s, 1h, 2d), or all"
            )));
        }
        let search = self.search.as_deref().unwrap_or("");
        let valid_search = search.len() <= 500
            && search
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'_' | b'-'));
        if !valid_search {
            return Err(Error::InvalidInput(format!(
                "search {search:?} has characters Dokploy refuses: only letters, digits, spaces, '.', '_' and '-' (at most 500)"
            )));
        }
        Ok(vec![
            ("tail", self.tail.to_string()),
            ("since", since.to_string()),
            ("search", search.to_string()),
            ("runType", "native".to_string()),
        ])
    }

    /// The service's server (if remote) and the containers to read.
    async fn place(&self) -> Result<(Option<String>, Vec<Container>)> {
        let (app_name, server, app_type) = match &self.target {
            LogTarget::Application(id) => {
                let app = self.client.applications().one(id).await?;
                (app.app_name, app.server_id, None)
            }
            LogTarget::Compose(id) => {
                let stack = self.client.compose().one(id).await?;
                let app_type = match stack.compose_type {
                    Some(ComposeType::Stack) => "stack",
                    _ => "docker-compose",
                };
                (stack.app_name, stack.server_id, Some(app_type))
            }
            LogTarget::Database(db) => {
                let database = self.client.databases().one(db).await?;
                (database.app_name, database.server_id, None)
            }
        };
        let no_container = || {
            Error::from(LogStreamError::NoContainer {
                target: self.target.to_string(),
            })
        };
        let app_name = app_name
            .filter(|n| !n.is_empty())
            .ok_or_else(no_container)?;
        let mut call = self
            .client
            .call("docker.getContainersByAppNameMatch")
            .arg("appName", &app_name);
        if let Some(app_type) = app_type {
            call = call.arg("appType", app_type);
        }
        if let Some(server) = &server {
            call = call.arg("serverId", server);
        }
        let listed: Vec<Container> = call.send().decode().await?;
        let mine: Vec<Container> = listed
            .into_iter()
            .filter(|c| belongs(&c.name, &app_name, app_type, self.service.as_deref()))
            .collect();
        let running: Vec<Container> = mine
            .iter()
            .filter(|c| c.state == "running")
            .cloned()
            .collect();
        let chosen = if running.is_empty() {
            mine.into_iter().take(1).collect()
        } else {
            running
        };
        if chosen.is_empty() {
            return Err(no_container());
        }
        Ok((server, chosen))
    }
}

/// Whether the container `name` is the service's: Dokploy's `grep 'Name: <appName>'` also
/// matches a longer appName that starts the same way.
fn belongs(name: &str, app_name: &str, app_type: Option<&str>, service: Option<&str>) -> bool {
    let Some(rest) = name.strip_prefix(app_name) else {
        return false;
    };
    match (app_type, service) {
        (None, _) => rest.is_empty() || rest.starts_with('.'),
        // docker compose: <appName>-<service>-<n>; a stack: <appName>_<service>.<slot>.<task>
        (Some(_), None) => rest.starts_with('-') || rest.starts_with('_'),
        (Some(_), Some(service)) => {
            // `-<index>` must follow, or `web` would take `web-extra`'s containers.
            rest.strip_prefix('-')
                .and_then(|r| r.strip_prefix(service))
                .and_then(|r| r.strip_prefix('-'))
                .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
                || rest
                    .strip_prefix('_')
                    .and_then(|r| r.strip_prefix(service))
                    .is_some_and(|r| r.starts_with('.'))
        }
    }
}

/// When a container's backlog is over (without following).
#[derive(Clone, Copy, Debug)]
struct Backlog {
    /// After this many lines (no search: Docker sends at most `tail`).
    lines: Option<u64>,
    /// After this long without a line.
    quiet: Duration,
}

/// One container's socket, as a stream of lines.
struct OneContainer {
    reader: Reader,
    follow: bool,
    backlog: Backlog,
    given: u64,
    first_at: Option<Instant>,
    done: bool,
}

impl OneContainer {
    async fn next(&mut self) -> Option<Result<LogLine>> {
        if self.done {
            return None;
        }
        if self.follow {
            let line = self.reader.next_line().await;
            self.done = line.is_err();
            return Some(line);
        }
        if self.backlog.lines.is_some_and(|n| self.given >= n) {
            return self.end().await;
        }
        let wait = match self.first_at {
            None => FIRST_LINE_WAIT,
            Some(first) => {
                let left = MAX_BACKLOG.saturating_sub(first.elapsed());
                if left.is_zero() {
                    return self.end().await;
                }
                self.backlog.quiet.min(left)
            }
        };
        match tokio::time::timeout(wait, self.reader.next_line()).await {
            Ok(Ok(line)) => {
                self.first_at.get_or_insert_with(Instant::now);
                self.given += 1;
                Some(Ok(line))
            }
            Ok(Err(e)) => {
                self.done = true;
                Some(Err(e))
            }
            Err(_quiet) => self.end().await,
        }
    }

    async fn end(&mut self) -> Option<Result<LogLine>> {
        self.done = true;
        self.reader.finish().await.map(Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_of_another_app_with_a_longer_name_are_not_read() {
        let app = "app-program-neural-panel-p9bx7c";
        assert!(belongs(
            "app-program-neural-panel-p9bx7c.1.w6tvvh2g76p4",
            app,
            None,
            None
        ));
        assert!(!belongs(
            "app-program-neural-panel-p9bx7c2.1.x",
            app,
            None,
            None
        ));
        let stack = Some("docker-compose");
        assert!(belongs(&format!("{app}-web-1"), app, stack, None));
        assert!(belongs(&format!("{app}-web-1"), app, stack, Some("web")));
        assert!(!belongs(
            &format!("{app}-worker-1"),
            app,
            stack,
            Some("web")
        ));
        assert!(!belongs(
            &format!("{app}-web-extra-1"),
            app,
            stack,
            Some("web")
        ));
        assert!(belongs(
            &format!("{app}_web.1.abc"),
            app,
            Some("stack"),
            Some("web")
        ));
    }

    #[test]
    fn bad_parameters_are_refused_before_anything_is_sent() {
        let client = Client::new("http://127.0.0.1:9", "k").unwrap();
        let logs = |f: fn(ServiceLogs) -> ServiceLogs| {
            f(client.service_logs(LogTarget::Application("a".into())))
                .query()
                .map_err(|e| e.to_string())
        };
        assert!(logs(|l| l.tail(20_000)).unwrap_err().contains("10000"));
        assert!(logs(|l| l.since("bogus")).unwrap_err().contains("90s"));
        assert!(logs(|l| l.since("h")).is_err());
        assert!(logs(|l| l.search("a'b")).unwrap_err().contains("refuses"));
        let ok = logs(|l| l.tail(0).since("5s").search("tick 1")).unwrap();
        assert_eq!(ok[0], ("tail", "0".to_string()));
        assert_eq!(ok[1], ("since", "5s".to_string()));
        assert_eq!(ok[2], ("search", "tick 1".to_string()));
    }
}
