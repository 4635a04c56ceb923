//! A deployment's build log, followed over `/listen-deployment` until the deployment is over.
//!
//! Dokploy runs `tail -n +1 -f` on the log file: the socket sends the whole file so far, then
//! each chunk as it is written, and **never closes** (recordings 350, 400, 430). So the row is
//! read alongside the socket, and once it is final (`done`, `error`, `cancelled`) the stream
//! reads until the socket has been quiet for [`FollowOptions::settle`] and the last line it
//! gave is the file's last line (`deployment.readLogs` with `tail=1`): Dokploy writes the last
//! line just before it marks the row (430), and a slow network may deliver it later. Then it
//! ends. A dropped connection is reopened; the server sends the file from its start again, and
//! the lines already given are skipped.

use std::time::Duration;

use tokio::time::Instant;

use super::reader::{Kind, Reader};
use super::{LogLine, LogStream, LogStreamError, socket};
use crate::models::{Deployment, DeploymentTarget};
use crate::resources::Deployments;
use crate::{Client, Result};

/// How a deployment's log is followed; [`FollowOptions::default`] suits a real build.
///
/// ```
/// use std::time::Duration;
/// let options = dokploy::logs::FollowOptions {
///     poll_interval: Duration::from_secs(1),
///     ..Default::default()
/// };
/// assert_eq!(options.max_line_bytes, 64 * 1024);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowOptions {
    /// How often the deployment row is read while its log streams. Default 2 s.
    pub poll_interval: Duration,
    /// Once the row is final: how long the socket must stay quiet before the stream checks
    /// that it has the file's last line. Default 500 ms.
    pub settle: Duration,
    /// Once the row is final: the longest wait for the rest of the log. Default 30 s.
    pub max_drain: Duration,
    /// The longest line kept, in bytes; a longer one is cut there
    /// ([`LogLine::truncated`]). Default 64 KiB.
    pub max_line_bytes: usize,
}

impl Default for FollowOptions {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(2),
            settle: Duration::from_millis(500),
            max_drain: Duration::from_secs(30),
            max_line_bytes: 64 * 1024,
        }
    }
}

impl<'a> Deployments<'a> {
    /// The deployment's log, line by line as it is written, until the deployment is over. For
    /// a deployment that is already over, its whole log.
    ///
    /// Dokploy's socket never closes, so the row is read alongside it (every
    /// [`FollowOptions::poll_interval`]); once it is final, the stream reads until the socket
    /// has been quiet for [`FollowOptions::settle`] and its last line is the file's last line
    /// (`deployment.readLogs` with `tail=1`; at most [`FollowOptions::max_drain`]), then ends.
    /// A dropped connection is reopened (as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows) and the lines already given are skipped. A refused key is
    /// [`Error::Unauthorized`](crate::Error::Unauthorized); Dokploy's refusals and a missing log
    /// file are [`LogStreamError`](crate::logs::LogStreamError)s.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(300),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.applications().deploy(&app_id).await?;
    /// # tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    /// let running = client.deployments().all(&app_id).await?.remove(0);
    /// let mut log = client.deployments().follow(&running);
    /// let mut last = String::new();
    /// while let Some(line) = log.next_line().await {
    ///     last = line?.text;
    /// }
    /// assert_eq!(last, "Docker Deployed: ✅");
    /// # Ok(()) }
    /// ```
    pub fn follow(&self, deployment: &Deployment) -> LogStream {
        self.follow_with(deployment, FollowOptions::default())
    }

    /// [`follow`](Self::follow) with other options.
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
    /// # let deployment = client.deploy_application(&app_id).wait().await?.deployment;
    /// use dokploy::logs::FollowOptions;
    /// let options = FollowOptions { max_line_bytes: 80, ..Default::default() };
    /// let mut log = client.deployments().follow_with(&deployment, options);
    /// while let Some(line) = log.next_line().await {
    ///     assert!(line?.text.len() <= 80);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn follow_with(&self, deployment: &Deployment, options: FollowOptions) -> LogStream {
        let follower = Follower {
            client: self.client().clone(),
            lines: LineFollower::new(self.client(), deployment, options.clone()).map_err(Some),
            owner: Owner::of(deployment),
            deployment_id: deployment.deployment_id.clone(),
            row_final: deployment.status.is_finished(),
            next_poll: Instant::now(),
            poll_interval: options.poll_interval,
            done: false,
        };
        LogStream::new(futures_util::stream::unfold(
            follower,
            |mut follower| async move {
                let item = follower.next().await?;
                Some((item, follower))
            },
        ))
    }
}

/// The state of a followed deployment's stream.
struct Follower {
    client: Client,
    /// The follower, or why there is none (given once, as the stream's only item).
    lines: std::result::Result<LineFollower, Option<crate::Error>>,
    owner: Owner,
    deployment_id: String,
    row_final: bool,
    next_poll: Instant,
    poll_interval: Duration,
    done: bool,
}

impl Follower {
    async fn next(&mut self) -> Option<Result<LogLine>> {
        if self.done {
            return None;
        }
        let lines = match &mut self.lines {
            Ok(lines) => lines,
            Err(e) => {
                self.done = true;
                return e.take().map(Err);
            }
        };
        loop {
            if self.row_final {
                let item = lines.drain_line().await;
                self.done = !matches!(item, Some(Ok(_)));
                return item;
            }
            match lines.line_before(self.next_poll).await {
                Ok(Some(line)) => return Some(Ok(line)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            match self.owner.is_final(&self.client, &self.deployment_id).await {
                Ok(is_final) => self.row_final = is_final,
                Err(e) if e.is_retryable() => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            self.next_poll = Instant::now() + self.poll_interval;
        }
    }
}

/// Whose deployments a row is among, to read it again.
enum Owner {
    Application(String),
    Compose(String),
    Other(String, DeploymentTarget),
    /// Nothing says: the row cannot be read again, so the stream runs until dropped.
    Unknown,
}

impl Owner {
    fn of(deployment: &Deployment) -> Self {
        if let Some(id) = &deployment.application_id {
            return Owner::Application(id.clone());
        }
        if let Some(id) = &deployment.compose_id {
            return Owner::Compose(id.clone());
        }
        let others = [
            ("backupId", DeploymentTarget::Backup),
            ("volumeBackupId", DeploymentTarget::VolumeBackup),
            ("scheduleId", DeploymentTarget::Schedule),
            ("previewDeploymentId", DeploymentTarget::PreviewDeployment),
        ];
        for (key, target) in others {
            if let Some(id) = deployment.extra.get(key).and_then(|v| v.as_str()) {
                return Owner::Other(id.to_string(), target);
            }
        }
        match &deployment.server_id {
            Some(id) => Owner::Other(id.clone(), DeploymentTarget::Server),
            None => Owner::Unknown,
        }
    }

    /// Whether the row is final now (a row that is gone, pruned by Dokploy, is over too).
    async fn is_final(&self, client: &Client, deployment_id: &str) -> Result<bool> {
        let deployments = client.deployments();
        let rows = match self {
            Owner::Application(id) => deployments.all(id).await?,
            Owner::Compose(id) => deployments.all_by_compose(id).await?,
            Owner::Other(id, target) => deployments.all_by_type(id, *target).await?,
            Owner::Unknown => return Ok(false),
        };
        Ok(rows
            .iter()
            .find(|row| row.deployment_id == deployment_id)
            .is_none_or(|row| row.status.is_finished()))
    }
}

/// The lines of one deployment's log, for a caller that reads the row itself (the stream
/// above, and deploy-and-wait): lines until a deadline while the row is running, then the
/// rest once it is final.
pub(crate) struct LineFollower {
    reader: Reader,
    client: Client,
    deployment_id: String,
    options: FollowOptions,
    drain_started: Option<Instant>,
    ended: bool,
}

impl LineFollower {
    /// Follows `deployment`'s log (`NoLogPath` if its row has none).
    pub(crate) fn new(
        client: &Client,
        deployment: &Deployment,
        options: FollowOptions,
    ) -> Result<Self> {
        let log_path = deployment
            .log_path
            .clone()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| LogStreamError::NoLogPath {
                deployment_id: deployment.deployment_id.clone(),
            })?;
        let mut query = vec![("logPath", log_path.as_str())];
        if let Some(server) = deployment.server_id.as_deref() {
            query.push(("serverId", server));
        }
        let url = socket::endpoint(client, "/listen-deployment", &query)?;
        let reader = Reader::new(
            client,
            url,
            Kind::Deployment {
                log_path: log_path.clone(),
            },
            None,
            options.max_line_bytes,
        );
        Ok(Self {
            reader,
            client: client.clone(),
            deployment_id: deployment.deployment_id.clone(),
            options,
            drain_started: None,
            ended: false,
        })
    }

    /// The next line written before `deadline`; `None` once the deadline passed.
    pub(crate) async fn line_before(&mut self, deadline: Instant) -> Result<Option<LogLine>> {
        match tokio::time::timeout_at(deadline, self.reader.next_line()).await {
            Ok(line) => line.map(Some),
            Err(_) => Ok(None),
        }
    }

    /// Once the row is final: the next of the remaining lines, `None` when the log is all read.
    pub(crate) async fn drain_line(&mut self) -> Option<Result<LogLine>> {
        if self.ended {
            return None;
        }
        let started = *self.drain_started.get_or_insert_with(Instant::now);
        loop {
            match tokio::time::timeout(self.options.settle, self.reader.next_line()).await {
                Ok(Ok(line)) => return Some(Ok(line)),
                Ok(Err(e)) => {
                    self.ended = true;
                    return Some(Err(e));
                }
                Err(_quiet) => {
                    if started.elapsed() >= self.options.max_drain || self.has_last_line().await {
                        self.ended = true;
                        return self.reader.finish().await.map(Ok);
                    }
                }
            }
        }
    }

    /// Whether the last text read is the log file's last line (a failed check counts as yes:
    /// there is nothing better to go on).
    async fn has_last_line(&mut self) -> bool {
        // Owned copies: the reader (not `Sync`) is not borrowed across the call.
        let (client, id) = (self.client.clone(), self.deployment_id.clone());
        let Ok(tail) = client.deployments().read_logs(&id, Some(1)).await else {
            return true;
        };
        let file_last = tail.trim_end_matches(['\n', '\r']);
        let file_last = file_last.rsplit('\n').next().unwrap_or_default();
        let file_last = file_last.trim_end_matches('\r');
        let (ours, truncated) = self.reader.last_written();
        let ours = ours.trim_end_matches('\r');
        if truncated {
            file_last.starts_with(ours)
        } else {
            file_last == ours
        }
    }
}
