//! Deploy and wait: trigger a deployment of an application or compose stack (or run a backup,
//! see [`Backups::run`](crate::resources::Backups::run)), then follow the deployment row it
//! creates until it finishes.
//!
//! Dokploy's `deploy` only queues a job and answers without a deployment id. The row appears
//! when the job starts (`running`) and ends `done`, `error` or `cancelled`. Waiting on the
//! service's `applicationStatus` is wrong: it still says `done` from the previous deploy until
//! the job starts. So this remembers the deployment ids that exist, triggers, and polls the
//! deployment list (with backoff) until a *new* row finishes.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> dokploy::Result<()> {
//! # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
//! #     queue_delay: std::time::Duration::from_millis(10),
//! #     build_duration: std::time::Duration::from_millis(10),
//! #     ..Default::default()
//! # }).await.expect("the fake starts");
//! # let client = fake.client();
//! # let fast = dokploy::WaitOptions {
//! #     poll_interval: std::time::Duration::from_millis(20),
//! #     ..Default::default()
//! # };
//! # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
//! # let app_id = client.applications().create(&env_id, "web").await?.application_id;
//! let outcome = client
//!     .deploy_application(&app_id)
//!     .on_progress(|event| println!("{event}"))
//! #   .options(fast)
//!     .wait()
//!     .await?;
//! # assert!(outcome.succeeded());
//! if !outcome.succeeded() {
//!     eprintln!("build failed:\n{}", outcome.log_tail.unwrap_or_default());
//! }
//! # Ok(()) }
//! ```

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use tokio::time::Instant;

use crate::env_vars::{EnvTarget, MissingReference};
use crate::logs::{FollowOptions, LineFollower};
use crate::models::{Deployment, DeploymentStatus, DeploymentTarget};
use crate::{ApiError, Client, Error, ResponseExt, Result};

/// What to deploy.
///
/// ```
/// use dokploy::DeployTarget;
/// let target = DeployTarget::Compose("c1".to_string());
/// assert_eq!(target.to_string(), "compose stack c1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeployTarget {
    /// An application, by id.
    Application(String),
    /// A compose stack, by id.
    Compose(String),
    /// A backup run now, by backup id ([`Backups::run`](crate::resources::Backups::run)).
    Backup(String),
}

impl fmt::Display for DeployTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeployTarget::Application(id) => write!(f, "application {id}"),
            DeployTarget::Compose(id) => write!(f, "compose stack {id}"),
            DeployTarget::Backup(id) => write!(f, "backup {id}"),
        }
    }
}

/// How long to wait, and how often to look; [`WaitOptions::default`] suits a real build.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// use std::time::Duration;
/// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
/// #     queue_delay: std::time::Duration::from_millis(10),
/// #     build_duration: std::time::Duration::from_millis(10),
/// #     ..Default::default()
/// # }).await.expect("the fake starts");
/// # let client = fake.client();
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let options = dokploy::WaitOptions {
///     poll_interval: Duration::from_millis(50), // the fake builds in milliseconds
///     start_timeout: Duration::from_secs(30),
///     ..Default::default()
/// };
/// let outcome = client.deploy_application(&app_id).options(options).wait().await?;
/// assert!(outcome.succeeded());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct WaitOptions {
    /// Give up after this long in total ([`DeployError::TimedOut`]). Default 30 min.
    pub timeout: Duration,
    /// Give up when no new deployment row appeared within this long: the job never started
    /// ([`DeployError::NeverStarted`]). Dokploy builds one job at a time, so a busy queue
    /// delays the start. Default 10 min.
    pub start_timeout: Duration,
    /// Give up when the row stays `running` longer than this ([`DeployError::Stalled`]).
    /// Default 25 min.
    pub running_timeout: Duration,
    /// The first pause between polls; it grows by half each time. Default 1 s.
    pub poll_interval: Duration,
    /// The longest pause between polls. Default 10 s.
    pub max_poll_interval: Duration,
    /// How many log lines a failed deployment's outcome carries. Default 100.
    pub log_tail: u32,
    /// Failed polls (connection problems, 5xx) tolerated in a row before giving up. Default 5.
    pub max_poll_failures: u32,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30 * 60),
            start_timeout: Duration::from_secs(10 * 60),
            running_timeout: Duration::from_secs(25 * 60),
            poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(10),
            log_tail: 100,
            max_poll_failures: 5,
        }
    }
}

/// What happened while waiting, for a progress display (its `Display` is one line).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// use dokploy::DeployEvent;
/// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
/// #     queue_delay: std::time::Duration::from_millis(10),
/// #     build_duration: std::time::Duration::from_millis(10),
/// #     ..Default::default()
/// # }).await.expect("the fake starts");
/// # let client = fake.client();
/// # let fast = dokploy::WaitOptions {
/// #     poll_interval: std::time::Duration::from_millis(20),
/// #     ..Default::default()
/// # };
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let mut events = Vec::new();
/// client
///     .deploy_application(&app_id)
///     .options(fast)
///     .on_progress(|event| events.push(event.clone()))
///     .wait()
///     .await?;
/// assert!(matches!(events[0], DeployEvent::Triggered { .. }));
/// assert!(matches!(events.last(), Some(DeployEvent::Finished { .. })));
/// println!("{}", events.last().unwrap()); // "deployment … done after 0.1s"
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum DeployEvent {
    /// The deploy was queued.
    Triggered {
        /// What is being deployed.
        target: DeployTarget,
    },
    /// No new deployment row yet: the job is still queued.
    Queued {
        /// Time since the deploy was triggered.
        elapsed: Duration,
    },
    /// The job started: its deployment row appeared.
    Started {
        /// The row.
        deployment: Deployment,
    },
    /// The row is still `running`.
    Running {
        /// The row.
        deployment: Deployment,
        /// Time since the deploy was triggered.
        elapsed: Duration,
    },
    /// A line of the build's log, as it was written
    /// ([`DeployRequest::follow_logs`]; secrets replaced).
    LogLine {
        /// The line.
        line: crate::logs::LogLine,
    },
    /// The build's log could not be followed (waiting goes on without it).
    LogUnavailable {
        /// Why, in one sentence.
        reason: String,
    },
    /// The row finished (`done`, `error` or `cancelled`).
    Finished {
        /// The row.
        deployment: Deployment,
        /// Time since the deploy was triggered.
        elapsed: Duration,
    },
}

impl fmt::Display for DeployEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeployEvent::Triggered {
                target: DeployTarget::Backup(id),
            } => write!(f, "backup {id} was run"),
            DeployEvent::Triggered { target } => write!(f, "deploy of {target} queued"),
            DeployEvent::Queued { elapsed } => {
                write!(
                    f,
                    "waiting for the job to start ({:.1}s)",
                    elapsed.as_secs_f64()
                )
            }
            DeployEvent::Started { deployment } => {
                write!(f, "deployment {} started", deployment.deployment_id)
            }
            DeployEvent::Running {
                deployment,
                elapsed,
            } => write!(
                f,
                "deployment {} running ({:.1}s)",
                deployment.deployment_id,
                elapsed.as_secs_f64()
            ),
            DeployEvent::LogLine { line } => f.write_str(&line.text),
            DeployEvent::LogUnavailable { reason } => {
                write!(f, "the build's log cannot be followed: {reason}")
            }
            DeployEvent::Finished {
                deployment,
                elapsed,
            } => write!(
                f,
                "deployment {} {} after {:.1}s",
                deployment.deployment_id,
                deployment.status,
                elapsed.as_secs_f64()
            ),
        }
    }
}

/// How a deployment ended: what [`DeployRequest::wait`] returns for `done`, `error` and
/// `cancelled` alike.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// use dokploy::models::DeploymentStatus;
/// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
/// #     queue_delay: std::time::Duration::from_millis(10),
/// #     build_duration: std::time::Duration::from_millis(10),
/// #     outcome: dokploy::fake::DeployOutcome::Error { log: "npm ERR! no build".into() },
/// #     ..Default::default()
/// # }).await.expect("the fake starts");
/// # let client = fake.client();
/// # let fast = dokploy::WaitOptions {
/// #     poll_interval: std::time::Duration::from_millis(20),
/// #     ..Default::default()
/// # };
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
/// assert_eq!(outcome.status(), &DeploymentStatus::Error);
/// assert!(outcome.log_tail.unwrap().ends_with("npm ERR! no build"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DeployOutcome {
    /// What was deployed.
    pub target: DeployTarget,
    /// The deployment row, finished.
    pub deployment: Deployment,
    /// Time from the trigger to the end.
    pub elapsed: Duration,
    /// The end of the log, for a deployment that did not succeed (the reason is only there),
    /// with the secrets it spells out replaced
    /// ([`redact_text`](crate::redact::redact_text)).
    pub log_tail: Option<String>,
    /// For a backup run that failed: Dokploy's error answer to the run (its message, secrets
    /// redacted, often says why when the log does not). `None` for deploys.
    pub trigger_error: Option<ApiError>,
}

impl DeployOutcome {
    /// `done`, `error` or `cancelled`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::models::DeploymentStatus;
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
    /// assert_eq!(outcome.status(), &DeploymentStatus::Done);
    /// assert!(outcome.status().is_finished());
    /// # Ok(()) }
    /// ```
    pub fn status(&self) -> &DeploymentStatus {
        &self.deployment.status
    }

    /// `true` for `done`.
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
    /// assert!(outcome.succeeded());
    /// assert!(outcome.log_tail.is_none()); // the log is fetched only for a failure
    /// # Ok(()) }
    /// ```
    pub fn succeeded(&self) -> bool {
        self.deployment.status == DeploymentStatus::Done
    }

    /// Why it did not succeed, in one line (`None` when it did): what the failed command
    /// printed, from Dokploy's error answer to a backup run — which is "Command execution
    /// failed: Command failed: " followed by the whole script and then the command's error
    /// output, so the script is skipped — or else the last line of the log (a backup whose
    /// script exits without printing anything, like "❌ Error: Container not found", says why
    /// only in its log).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     outcome: dokploy::fake::DeployOutcome::Error { log: "npm ERR! no build\n".into() },
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
    /// assert_eq!(outcome.reason().as_deref(), Some("npm ERR! no build"));
    /// # Ok(()) }
    /// ```
    pub fn reason(&self) -> Option<String> {
        if self.succeeded() {
            return None;
        }
        let printed = self
            .trigger_error
            .as_ref()
            .and_then(|e| failed_command_output(&e.message));
        let from_log = || {
            self.log_tail
                .as_deref()
                .and_then(|t| t.lines().rev().map(str::trim).find(|l| !l.is_empty()))
                .map(str::to_string)
        };
        printed
            .or_else(from_log)
            .or_else(|| self.trigger_error.as_ref().map(|e| e.message.clone()))
    }

    /// The deployment when it succeeded, [`DeployError::Failed`] (with the log tail) otherwise.
    /// `target` names the service in the error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::DeployTarget;
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     outcome: dokploy::fake::DeployOutcome::Error { log: "Error: exit code 1".into() },
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
    /// let error = outcome.into_result().unwrap_err();
    /// assert!(error.to_string().ends_with("ended error; last log line: Error: exit code 1"));
    /// # Ok(()) }
    /// ```
    pub fn into_result(self) -> Result<Deployment> {
        if self.succeeded() {
            Ok(self.deployment)
        } else {
            Err(DeployError::Failed {
                target: self.target,
                status: self.deployment.status.clone(),
                deployment_id: self.deployment.deployment_id,
                log_tail: self.log_tail.unwrap_or_default(),
            }
            .into())
        }
    }
}

/// Why waiting for a deployment gave up; inside [`Error::Deploy`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// use std::time::Duration;
/// use dokploy::{DeployError, Error};
/// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
/// #     queue_delay: std::time::Duration::from_millis(10),
/// #     build_duration: std::time::Duration::from_millis(10),
/// #     outcome: dokploy::fake::DeployOutcome::NeverStarts,
/// #     ..Default::default()
/// # }).await.expect("the fake starts");
/// # let client = fake.client();
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let options = dokploy::WaitOptions {
///     start_timeout: Duration::from_millis(300),
///     poll_interval: Duration::from_millis(50),
///     ..Default::default()
/// };
/// match client.deploy_application(&app_id).options(options).wait().await {
///     Err(Error::Deploy(e)) if matches!(*e, DeployError::NeverStarted { .. }) => {
///         eprintln!("{e}"); // "the deployment of application … never started: …"
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DeployError {
    /// No new deployment row appeared in time: the job never started (a busy or stuck queue,
    /// or a Dokploy restart that lost the in-memory queue).
    NeverStarted {
        /// What was deployed.
        target: DeployTarget,
        /// How long it waited.
        waited: Duration,
    },
    /// The deployment row stayed `running` too long.
    Stalled {
        /// What was deployed.
        target: DeployTarget,
        /// The row.
        deployment_id: String,
        /// How long it had been running.
        running_for: Duration,
    },
    /// The overall timeout passed.
    TimedOut {
        /// What was deployed.
        target: DeployTarget,
        /// How long it waited.
        waited: Duration,
        /// The row's last status, if a row appeared.
        last_status: Option<DeploymentStatus>,
    },
    /// The service's env block references variables nothing defines, so Dokploy would fail the
    /// deploy; nothing was sent ([`DeployRequest::skip_reference_check`] turns the check off).
    UnresolvedReferences {
        /// What was to be deployed.
        target: DeployTarget,
        /// Every missing reference, the one Dokploy would fail on first.
        missing: Vec<MissingReference>,
    },
    /// The deployment finished without succeeding ([`DeployOutcome::into_result`]).
    Failed {
        /// What was deployed.
        target: DeployTarget,
        /// The row.
        deployment_id: String,
        /// `error` or `cancelled`.
        status: DeploymentStatus,
        /// The end of its log.
        log_tail: String,
    },
}

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeployError::NeverStarted {
                target: DeployTarget::Backup(id),
                ..
            } => write!(
                f,
                "Dokploy answered the run of backup {id} without writing a deployment row for it, so there is nothing to follow (Dokploy Cloud does not run web-server backups)"
            ),
            DeployError::NeverStarted { target, waited } => write!(
                f,
                "the deployment of {target} never started: no deployment row appeared within {:.1}s (is Dokploy's build queue busy or stuck?)",
                waited.as_secs_f64()
            ),
            DeployError::Stalled {
                target,
                deployment_id,
                running_for,
            } => write!(
                f,
                "the deployment {deployment_id} of {target} has been running for {:.1}s without finishing",
                running_for.as_secs_f64()
            ),
            DeployError::TimedOut {
                target,
                waited,
                last_status,
            } => write!(
                f,
                "gave up waiting for the deployment of {target} after {:.1}s (last status: {})",
                waited.as_secs_f64(),
                last_status
                    .as_ref()
                    .map(DeploymentStatus::as_str)
                    .unwrap_or("no deployment row yet")
            ),
            DeployError::UnresolvedReferences { target, missing } => {
                let list: Vec<String> = missing.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "the deploy of {target} was not sent: Dokploy would fail it on {} undefined reference{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    list.join("; ")
                )
            }
            DeployError::Failed {
                target,
                deployment_id,
                status,
                log_tail,
            } => {
                write!(
                    f,
                    "the deployment {deployment_id} of {target} ended {status}"
                )?;
                // Dokploy ends every failed log with a generic line; the reason is before it.
                let telling = log_tail
                    .lines()
                    .rev()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && *l != GENERIC_FAILURE_LINE);
                match telling {
                    Some(last) => write!(f, "; last log line: {last}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The line Dokploy appends to the log of every failed application deploy (309c).
const GENERIC_FAILURE_LINE: &str = "Error occurred ❌, check the logs for details.";

impl From<DeployError> for Error {
    fn from(e: DeployError) -> Self {
        Error::Deploy(Box::new(e))
    }
}

/// The progress callback, in a `Mutex` (never locked: only `get_mut`) so that the request is
/// `Sync` and [`DeployRequest::wait`]'s future is `Send`, to be spawned on any runtime.
type Progress<'a> = std::sync::Mutex<Box<dyn FnMut(&DeployEvent) + Send + 'a>>;

/// A deployment to trigger and wait for; from [`Client::deploy_application`] or
/// [`Client::deploy_compose`]. Nothing is sent until [`DeployRequest::wait`].
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
/// # let fast = dokploy::WaitOptions {
/// #     poll_interval: std::time::Duration::from_millis(20),
/// #     ..Default::default()
/// # };
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let outcome = client
///     .deploy_application(&app_id)
///     .title("release 1.4.0")
///     .description("from CI")
///     .options(fast)
///     .wait()
///     .await?;
/// assert_eq!(outcome.deployment.title.as_deref(), Some("release 1.4.0"));
/// # Ok(()) }
/// ```
#[must_use = "nothing is deployed until `wait` is awaited"]
pub struct DeployRequest<'a> {
    client: &'a Client,
    target: DeployTarget,
    redeploy: bool,
    title: Option<String>,
    description: Option<String>,
    options: WaitOptions,
    progress: Option<Progress<'a>>,
    check_references: bool,
    follow_logs: Option<FollowOptions>,
}

impl Client {
    /// Deploys an application and waits for the result (see [`DeployRequest::wait`]).
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
    /// assert!(outcome.succeeded());
    /// assert_eq!(outcome.deployment.application_id.as_deref(), Some(app_id.as_str()));
    /// # Ok(()) }
    /// ```
    pub fn deploy_application(&self, application_id: &str) -> DeployRequest<'_> {
        DeployRequest::new(self, DeployTarget::Application(application_id.to_string()))
    }

    /// Deploys a compose stack and waits for the result (see [`DeployRequest::wait`]).
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let deployment = client
    ///     .deploy_compose(&stack_id)
    ///     .options(fast)
    ///     .wait()
    ///     .await?
    ///     .into_result()?;
    /// assert_eq!(deployment.compose_id.as_deref(), Some(stack_id.as_str()));
    /// # Ok(()) }
    /// ```
    pub fn deploy_compose(&self, compose_id: &str) -> DeployRequest<'_> {
        DeployRequest::new(self, DeployTarget::Compose(compose_id.to_string()))
    }
}

impl<'a> DeployRequest<'a> {
    pub(crate) fn new(client: &'a Client, target: DeployTarget) -> Self {
        Self {
            client,
            target,
            redeploy: false,
            title: None,
            description: None,
            options: WaitOptions::default(),
            progress: None,
            check_references: true,
            follow_logs: None,
        }
    }

    /// Rebuilds without fetching the source again (`redeploy`).
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).redeploy().options(fast).wait().await?;
    /// assert_eq!(outcome.deployment.title.as_deref(), Some("Rebuild deployment"));
    /// # Ok(()) }
    /// ```
    pub fn redeploy(mut self) -> Self {
        self.redeploy = true;
        self
    }

    /// The deployment's title (git sources replace it with the commit message).
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let request = client.deploy_application(&app_id).title("hotfix: checkout");
    /// let outcome = request.options(fast).wait().await?;
    /// assert_eq!(outcome.deployment.title.as_deref(), Some("hotfix: checkout"));
    /// # Ok(()) }
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The deployment's description.
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let request = client.deploy_application(&app_id).description("triggered by CI run 812");
    /// let outcome = request.options(fast).wait().await?;
    /// assert_eq!(outcome.deployment.description.as_deref(), Some("triggered by CI run 812"));
    /// # Ok(()) }
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// All the waiting settings at once.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use std::time::Duration;
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let options = dokploy::WaitOptions {
    ///     poll_interval: Duration::from_millis(50),
    ///     max_poll_interval: Duration::from_millis(200),
    ///     ..Default::default()
    /// };
    /// let outcome = client.deploy_application(&app_id).options(options).wait().await?;
    /// assert!(outcome.elapsed < Duration::from_secs(5));
    /// # Ok(()) }
    /// ```
    pub fn options(mut self, options: WaitOptions) -> Self {
        self.options = options;
        self
    }

    /// The overall timeout ([`DeployError::TimedOut`] when it passes).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use std::time::Duration;
    /// use dokploy::{DeployError, Error};
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     outcome: dokploy::fake::DeployOutcome::StaysRunning,
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let result = client
    ///     .deploy_application(&app_id)
    /// #   .options(fast)
    ///     .timeout(Duration::from_millis(300))
    ///     .wait()
    ///     .await;
    /// let Err(Error::Deploy(error)) = result else { panic!("{result:?}") };
    /// assert!(matches!(*error, DeployError::TimedOut { .. }));
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    /// Calls `f` on every [`DeployEvent`] (trigger, each poll, start, end).
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let mut lines = Vec::new();
    /// client
    ///     .deploy_application(&app_id)
    /// #   .options(fast)
    ///     .on_progress(|event| lines.push(event.to_string()))
    ///     .wait()
    ///     .await?;
    /// assert_eq!(lines[0], format!("deploy of application {app_id} queued"));
    /// # Ok(()) }
    /// ```
    pub fn on_progress(mut self, f: impl FnMut(&DeployEvent) + Send + 'a) -> Self {
        self.progress = Some(std::sync::Mutex::new(Box::new(f)));
        self
    }

    /// Streams the build's log while waiting: each line comes as a [`DeployEvent::LogLine`]
    /// to [`on_progress`](Self::on_progress), as it is written, from the moment the deployment
    /// row appears until the last line (see [`Deployments::follow`](crate::resources::Deployments::follow)).
    /// The row is then read every [`FollowOptions::poll_interval`] at most, so the end shows
    /// promptly. If the log cannot be followed, a [`DeployEvent::LogUnavailable`] says why and
    /// waiting goes on as without this.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(200),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// use dokploy::DeployEvent;
    /// let mut lines = Vec::new();
    /// client
    ///     .deploy_application(&app_id)
    /// #   .options(fast)
    ///     .follow_logs()
    ///     .on_progress(|event| {
    ///         if let DeployEvent::LogLine { line } = event {
    ///             lines.push(line.text.clone());
    ///         }
    ///     })
    ///     .wait()
    ///     .await?;
    /// assert_eq!(lines.first().map(String::as_str), Some("Initializing deployment"));
    /// assert_eq!(lines.last().map(String::as_str), Some("Docker Deployed: ✅"));
    /// # Ok(()) }
    /// ```
    pub fn follow_logs(self) -> Self {
        self.follow_logs_with(FollowOptions::default())
    }

    /// [`follow_logs`](Self::follow_logs) with other options.
    pub fn follow_logs_with(mut self, options: FollowOptions) -> Self {
        self.follow_logs = Some(options);
        self
    }

    /// Sends the deploy without first checking the service's `${{…}}` references.
    ///
    /// By default [`wait`](DeployRequest::wait) first reads the service with its environment and
    /// project, and refuses to deploy ([`DeployError::UnresolvedReferences`], nothing sent) when
    /// the env block references a variable nothing defines
    /// ([`EnvVarsHandle::missing_references`](crate::env_vars::EnvVarsHandle::missing_references)):
    /// Dokploy would accept the deploy and fail it at run time. Skipped, the deploy goes out and
    /// Dokploy's failure comes back as an `error` outcome whose log names the reference.
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// use dokploy::{DeployError, EnvTarget, Error};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client
    ///     .env_vars(EnvTarget::Application(app_id.clone()))
    ///     .set("DATABASE_URL", "${{project.DATABASE_URL}}")
    ///     .await?;
    ///
    /// let refused = client.deploy_application(&app_id).options(fast.clone()).wait().await;
    /// let Err(Error::Deploy(e)) = refused else { panic!("{refused:?}") };
    /// assert!(matches!(*e, DeployError::UnresolvedReferences { .. }));
    ///
    /// let outcome = client
    ///     .deploy_application(&app_id)
    ///     .skip_reference_check()
    ///     .options(fast)
    ///     .wait()
    ///     .await?;
    /// assert!(!outcome.succeeded());
    /// let log = outcome.log_tail.unwrap();
    /// assert!(log.contains("Invalid project environment variable: project.DATABASE_URL"));
    /// # Ok(()) }
    /// ```
    pub fn skip_reference_check(mut self) -> Self {
        self.check_references = false;
        self
    }

    /// Triggers the deployment and waits until the new deployment row finishes.
    ///
    /// First checks the service's `${{…}}` references and sends nothing when one is undefined
    /// ([`DeployError::UnresolvedReferences`]; see [`skip_reference_check`](Self::skip_reference_check)).
    /// Returns the outcome for `done`, `error` and `cancelled` alike (an `error` carries the
    /// log tail; [`DeployOutcome::into_result`] turns it into an error). Gives up with
    /// [`DeployError::NeverStarted`], [`DeployError::Stalled`] or [`DeployError::TimedOut`].
    /// If someone else deploys the same service at the same moment, the first new row is
    /// followed, which may be theirs.
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).options(fast).wait().await?;
    /// assert!(outcome.succeeded());
    /// let history = client.deployments().all(&app_id).await?;
    /// assert_eq!(history[0].deployment_id, outcome.deployment.deployment_id);
    /// # Ok(()) }
    /// ```
    pub async fn wait(mut self) -> Result<DeployOutcome> {
        if self.check_references {
            self.refuse_unresolved_references().await?;
        }
        let before: HashSet<String> = self
            .list()
            .await?
            .into_iter()
            .map(|d| d.deployment_id)
            .collect();
        // A backup runs while its trigger waits: when the trigger answers (success or Dokploy's
        // error), the run's row exists and has finished. A trigger whose answer was lost (timed
        // out, or cut) may still be running: its row is followed like a deploy's. A deploy
        // trigger whose answer was lost is not sent again: the caller gets
        // `Error::OutcomeUnknown`, which says to look at the deployments.
        let synchronous = matches!(self.target, DeployTarget::Backup(_));
        let mut trigger_error = None;
        let mut answered = synchronous;
        match self.trigger().await {
            Ok(()) => {}
            Err(Error::Api(e)) if synchronous => trigger_error = Some(*e),
            Err(Error::OutcomeUnknown(_)) if synchronous => answered = false,
            Err(e) => return Err(e),
        }
        let started = Instant::now();
        self.emit(DeployEvent::Triggered {
            target: self.target.clone(),
        });

        let mut interval = self.options.poll_interval;
        // Following the log, the row is read often enough that the end shows promptly.
        let max_interval = match &self.follow_logs {
            Some(follow) => self.options.max_poll_interval.min(follow.poll_interval),
            None => self.options.max_poll_interval,
        };
        let mut lines: Option<LineFollower> = None;
        let mut followed: Option<(String, Instant)> = None;
        let mut last_status = None;
        let mut failures = 0;
        let mut first = true;
        loop {
            let elapsed = started.elapsed();
            if elapsed >= self.options.timeout {
                return Err(DeployError::TimedOut {
                    target: self.target.clone(),
                    waited: elapsed,
                    last_status,
                }
                .into());
            }
            let look_now = answered && first;
            first = false;
            if !look_now {
                let pause = interval.min(self.options.timeout - elapsed);
                match lines.as_mut() {
                    Some(follower) => {
                        if let Err(e) = self.pump_lines(follower, Instant::now() + pause).await {
                            lines = None;
                            self.emit(DeployEvent::LogUnavailable {
                                reason: e.to_string(),
                            });
                        }
                    }
                    None => tokio::time::sleep(pause).await,
                }
                interval = (interval.mul_f64(1.5)).min(max_interval);
            }

            let rows = match self.list().await {
                Ok(rows) => {
                    failures = 0;
                    rows
                }
                Err(e) if e.is_retryable() && failures < self.options.max_poll_failures => {
                    failures += 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let elapsed = started.elapsed();
            let row = match &followed {
                Some((id, _)) => rows.into_iter().find(|d| &d.deployment_id == id),
                // The oldest new row: the first job to start after the trigger.
                None => rows
                    .into_iter()
                    .rev()
                    .find(|d| !before.contains(&d.deployment_id)),
            };
            let Some(row) = row else {
                if followed.is_none() {
                    if answered {
                        // The run answered without a row of its own: Dokploy's answer is all
                        // there is.
                        return Err(match trigger_error {
                            Some(e) => Error::Api(Box::new(e)),
                            None => DeployError::NeverStarted {
                                target: self.target.clone(),
                                waited: elapsed,
                            }
                            .into(),
                        });
                    }
                    if elapsed >= self.options.start_timeout {
                        return Err(DeployError::NeverStarted {
                            target: self.target.clone(),
                            waited: elapsed,
                        }
                        .into());
                    }
                    self.emit(DeployEvent::Queued { elapsed });
                }
                continue;
            };
            if followed.is_none() {
                followed = Some((row.deployment_id.clone(), Instant::now()));
                self.emit(DeployEvent::Started {
                    deployment: row.clone(),
                });
                if let Some(options) = self.follow_logs.clone() {
                    match LineFollower::new(self.client, &row, options) {
                        Ok(follower) => lines = Some(follower),
                        Err(e) => self.emit(DeployEvent::LogUnavailable {
                            reason: e.to_string(),
                        }),
                    }
                }
            }
            last_status = Some(row.status.clone());
            if row.status.is_finished() {
                if let (DeploymentStatus::Done, Some(e)) = (&row.status, trigger_error.clone()) {
                    // The backup was made, but what Dokploy did after it failed.
                    return Err(Error::Api(Box::new(e)));
                }
                if let Some(follower) = lines.as_mut() {
                    while let Some(line) = follower.drain_line().await {
                        match line {
                            Ok(line) => self.emit(DeployEvent::LogLine { line }),
                            Err(e) => {
                                self.emit(DeployEvent::LogUnavailable {
                                    reason: e.to_string(),
                                });
                                break;
                            }
                        }
                    }
                }
                let log_tail = if row.status == DeploymentStatus::Done {
                    None
                } else {
                    self.client
                        .deployments()
                        .read_logs(&row.deployment_id, Some(self.options.log_tail))
                        .await
                        .ok()
                        .map(|log| crate::redact::redact_text(&log).into_owned())
                };
                self.emit(DeployEvent::Finished {
                    deployment: row.clone(),
                    elapsed,
                });
                return Ok(DeployOutcome {
                    target: self.target.clone(),
                    deployment: row,
                    elapsed,
                    log_tail,
                    trigger_error,
                });
            }
            let running_for = followed
                .as_ref()
                .map(|(_, since)| since.elapsed())
                .unwrap_or_default();
            if running_for >= self.options.running_timeout {
                return Err(DeployError::Stalled {
                    target: self.target.clone(),
                    deployment_id: row.deployment_id,
                    running_for,
                }
                .into());
            }
            self.emit(DeployEvent::Running {
                deployment: row,
                elapsed,
            });
        }
    }

    /// [`DeployError::UnresolvedReferences`] when the service's block references variables
    /// that its project, its environment or the block itself does not define. (A backup run
    /// resolves no env block: nothing to check.)
    async fn refuse_unresolved_references(&self) -> Result<()> {
        let block = match &self.target {
            DeployTarget::Application(id) => EnvTarget::Application(id.clone()),
            DeployTarget::Compose(id) => EnvTarget::Compose(id.clone()),
            DeployTarget::Backup(_) => return Ok(()),
        };
        let missing = self.client.env_vars(block).missing_references().await?;
        if missing.is_empty() {
            return Ok(());
        }
        Err(DeployError::UnresolvedReferences {
            target: self.target.clone(),
            missing,
        }
        .into())
    }

    /// Gives the log lines written until `until` as events.
    async fn pump_lines(&mut self, lines: &mut LineFollower, until: Instant) -> Result<()> {
        while let Some(line) = lines.line_before(until).await? {
            self.emit(DeployEvent::LogLine { line });
        }
        Ok(())
    }

    fn emit(&mut self, event: DeployEvent) {
        if let Some(progress) = self.progress.as_mut() {
            let progress = progress
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            progress(&event);
        }
    }

    async fn list(&self) -> Result<Vec<Deployment>> {
        match &self.target {
            DeployTarget::Application(id) => self.client.deployments().all(id).await,
            DeployTarget::Compose(id) => self.client.deployments().all_by_compose(id).await,
            DeployTarget::Backup(id) => {
                let deployments = self.client.deployments();
                deployments.all_by_type(id, DeploymentTarget::Backup).await
            }
        }
    }

    async fn trigger(&self) -> Result<()> {
        let (procedure, id_field, id) = match (&self.target, self.redeploy) {
            (DeployTarget::Backup(id), _) => return self.trigger_backup(id).await,
            (DeployTarget::Application(id), false) => ("application.deploy", "applicationId", id),
            (DeployTarget::Application(id), true) => ("application.redeploy", "applicationId", id),
            (DeployTarget::Compose(id), false) => ("compose.deploy", "composeId", id),
            (DeployTarget::Compose(id), true) => ("compose.redeploy", "composeId", id),
        };
        let mut call = self.client.call(procedure).arg(id_field, id);
        if let Some(title) = &self.title {
            call = call.arg("title", title);
        }
        if let Some(description) = &self.description {
            call = call.arg("description", description);
        }
        call.send().body().await?.expect_done()
    }

    /// Runs a backup (`backup.manualBackup<Kind>`), which takes only the backup's id.
    async fn trigger_backup(&self, backup_id: &str) -> Result<()> {
        if self.redeploy || self.title.is_some() || self.description.is_some() {
            return Err(Error::InvalidInput(format!(
                "a backup run has no title, description or redeploy (backup {backup_id})"
            )));
        }
        self.client.backups().trigger_run(backup_id).await
    }
}

/// What a failed command printed, from Dokploy's "Command execution failed: Command failed:
/// <command>\n<output>" (Node's `exec` error): the output after the command, on one line; `None`
/// when the message is not one of those or the command printed nothing. A one-line command
/// ends at the first line break; a script (Dokploy's start with a line break and indent every
/// line with a tab) ends at its last tab-indented line.
fn failed_command_output(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("Command execution failed: ")
        .unwrap_or(message)
        .strip_prefix("Command failed: ")?;
    let output: Vec<&str> = if rest.starts_with('\n') {
        let lines: Vec<&str> = rest.lines().collect();
        let script_end = lines.iter().rposition(|l| l.starts_with('\t'))?;
        lines[script_end + 1..].to_vec()
    } else {
        rest.lines().skip(1).collect()
    };
    let output: Vec<&str> = output
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    (!output.is_empty()).then(|| output.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_names_the_last_log_line() {
        let e = DeployError::Failed {
            target: DeployTarget::Application("a1".into()),
            deployment_id: "d1".into(),
            status: DeploymentStatus::Error,
            log_tail: "step 1\nError: Cannot connect to the Docker daemon\n\n".into(),
        };
        assert_eq!(
            e.to_string(),
            "the deployment d1 of application a1 ended error; last log line: Error: Cannot connect to the Docker daemon"
        );
    }

    #[test]
    fn a_failure_names_the_line_before_dokploys_generic_one() {
        let e = DeployError::Failed {
            target: DeployTarget::Application("a1".into()),
            deployment_id: "d1".into(),
            status: DeploymentStatus::Error,
            log_tail: "✅ Pulling image completed.\nInvalid project environment variable: project.X\nError occurred ❌, check the logs for details.\n".into(),
        };
        assert!(
            e.to_string()
                .ends_with("last log line: Invalid project environment variable: project.X"),
            "{e}"
        );
    }

    #[test]
    fn unresolved_references_are_all_named() {
        let missing = crate::EnvVars::parse("A=${{project.X}}\nB=${{Y}}")
            .missing_references(&crate::EnvVars::default(), &crate::EnvVars::default());
        let e = DeployError::UnresolvedReferences {
            target: DeployTarget::Compose("c1".into()),
            missing,
        };
        assert_eq!(
            e.to_string(),
            "the deploy of compose stack c1 was not sent: Dokploy would fail it on 2 undefined references: A uses ${{project.X}}, which the project does not define; B uses ${{Y}}, which the service's own block does not define"
        );
    }

    #[test]
    fn never_started_and_stalled_are_distinct_sentences() {
        let target = DeployTarget::Compose("c1".into());
        let never = DeployError::NeverStarted {
            target: target.clone(),
            waited: Duration::from_secs(600),
        };
        let stalled = DeployError::Stalled {
            target,
            deployment_id: "d".into(),
            running_for: Duration::from_secs(1500),
        };
        assert!(never.to_string().contains("never started"));
        assert!(stalled.to_string().contains("running for 1500.0s"));
    }

    #[test]
    fn what_a_failed_command_printed_is_found_after_its_script() {
        // The shape of recording 78 (no Docker engine): the script, then Docker's complaint.
        let script = "Command execution failed: Command failed: \n\tset -eo pipefail;\n\techo \"[$(date)] Starting backup process...\" >> /etc/dokploy/logs/b/b.log;\n\n\tif [ -z \"$CONTAINER_ID\" ]; then\n\t\techo \"[$(date)] ❌ Error: Container not found\" >> /etc/dokploy/logs/b/b.log;\n\t\texit 1;\n\tfi;\n\techo \"Backup done ✅\" >> /etc/dokploy/logs/b/b.log;\n\t\n";
        let docker = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";
        assert_eq!(
            failed_command_output(&format!("{script}{docker}\n")).as_deref(),
            Some(docker)
        );
        // With Docker, a missing container: the script exits 1 and prints nothing.
        assert_eq!(failed_command_output(script), None);
        // A one-line command.
        assert_eq!(
            failed_command_output(
                "Command execution failed: Command failed: docker compose -p x stop\nno such project\n"
            )
            .as_deref(),
            Some("no such project")
        );
        assert_eq!(failed_command_output("Backup not found"), None);
    }
}
