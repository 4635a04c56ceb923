//! An embedded fake Dokploy: a stateful HTTP server in your process that answers like Dokploy
//! v0.30.2 does, for trying the crate and for tests (feature `fake`).
//!
//! [`FakeDokploy::start`] binds `127.0.0.1` on a free port ([`FakeDokploy::start_on_port`]
//! on a chosen one) and serves Dokploy's REST surface
//! (`/api/<router>.<procedure>`) from memory: the same status codes, content types and body
//! shapes as the recordings in `tests/fixtures/live` — bare `true`, empty bodies, rows with every
//! column, `{project, environment}` from `project.create`, zod validation errors, specific 404
//! messages, `{"message":"Unauthorized"}` without a `code` for a wrong key, 404 `Not found` for
//! an unknown procedure or the wrong HTTP method, 415 for a non-JSON body.
//!
//! Deploys go through a queue like Dokploy's: the deployment row only appears when the job
//! starts ([`FakeOptions::queue_delay`]), stays `running` for [`FakeOptions::build_duration`],
//! then ends `done` or `error` ([`DeployOutcome`]).
//!
//! ```
//! use dokploy::ResponseExt;
//! use dokploy::fake::FakeDokploy;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! runtime.block_on(async {
//!     let fake = FakeDokploy::start().await?;
//!     let client = fake.client();
//!     let created: serde_json::Value = client
//!         .project_create()
//!         .body_map(|b| b.name("demo"))
//!         .send()
//!         .decode()
//!         .await?;
//!     assert_eq!(created["environment"]["name"], "production");
//!
//!     let projects: Vec<serde_json::Value> = client.project_all().send().decode().await?;
//!     assert_eq!(projects[0]["name"], "demo");
//!     Ok::<(), Box<dyn std::error::Error>>(())
//! })
//! # }
//! ```
//!
//! What it implements: `project.*` (all, one, create, update, remove), `environment.*` (one,
//! byProjectId, create, update, remove), `application.*` (one, create, update, delete, deploy,
//! redeploy, start, stop, saveEnvironment, saveBuildType, saveDockerProvider,
//! saveGithubProvider), the six databases (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`,
//! `libsql`: one, create, remove, deploy, start, stop, update, saveEnvironment), `domain.*` (one,
//! byApplicationId, byComposeId, create, update, delete), `compose.*` (one, create, update,
//! delete, deploy, redeploy, start, stop, saveEnvironment, loadServices), `deployment.*` (all,
//! allByCompose, allByType, readLogs), `server.*` (all, one, create, remove) and
//! `settings.getOpenApiDocument`. Every other operation of Dokploy's API answers 404 `Not
//! found`, as an unknown procedure would.
//!
//! The fake answers as the owner of a self-hosted instance. Input is validated against the
//! request schemas of the vendored OpenAPI document (types, nullability, enums, lengths, ranges,
//! defaults; not regex patterns).

mod compose_file;
mod deploy;
mod ids;
mod routes;
mod rows;
mod schema;
mod server;
mod state;
mod views;
mod wire;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

use state::State;

/// How the fake behaves; [`FakeOptions::default`] is a fake that deploys successfully.
#[derive(Clone)]
pub struct FakeOptions {
    /// The API key the fake accepts (`x-api-key`). Default `fake-api-key`.
    pub api_key: String,
    /// Time from a deploy call until its job starts and the deployment row appears. Default
    /// 150 ms.
    pub queue_delay: Duration,
    /// Time a deployment row stays `running`. Default 400 ms.
    pub build_duration: Duration,
    /// How deploys end (changeable later with [`FakeDokploy::set_deploy_outcome`]). Default
    /// [`DeployOutcome::Done`].
    pub outcome: DeployOutcome,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            api_key: "fake-api-key".to_string(),
            queue_delay: Duration::from_millis(150),
            build_duration: Duration::from_millis(400),
            outcome: DeployOutcome::Done,
        }
    }
}

impl fmt::Debug for FakeOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeOptions")
            .field("api_key", &"<redacted>")
            .field("queue_delay", &self.queue_delay)
            .field("build_duration", &self.build_duration)
            .field("outcome", &self.outcome)
            .finish()
    }
}

/// How the application and compose deploys triggered from now on end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeployOutcome {
    /// The row ends `done` and the service `done`.
    Done,
    /// The row ends `error` (`errorMessage` stays `null`, as in Dokploy) and the service
    /// `error`; `deployment.readLogs` serves build output ending with `log`.
    Error {
        /// The last lines of the deployment's log.
        log: String,
    },
    /// The job never starts, so no deployment row ever appears (as when Dokploy restarts and
    /// loses its in-memory queue). Later deploys of the service are not held up.
    NeverStarts,
    /// The row appears and stays `running` forever. Like a hung build in Dokploy, it holds up
    /// every later deploy of the same service.
    StaysRunning,
}

/// One request the fake received (the API key's value is never kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path, e.g. `/api/application.deploy`.
    pub path: String,
    /// The raw query string, if any (without `?`).
    pub query: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Whether an `x-api-key` header was sent (right or wrong).
    pub has_api_key: bool,
    /// The body bytes as received.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The procedure called, e.g. `application.deploy` (the path without `/api/`).
    pub fn procedure(&self) -> &str {
        self.path.strip_prefix("/api/").unwrap_or(&self.path)
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// What the server task, the connection tasks and the deploy workers share.
pub(crate) struct Shared {
    api_key: String,
    options: FakeOptions,
    state: Mutex<State>,
    requests: Mutex<Vec<RecordedRequest>>,
    /// Resolves (with an error) once the [`FakeDokploy`] is dropped.
    shutdown: watch::Receiver<()>,
}

impl Shared {
    /// The state, even if a panic elsewhere poisoned the lock.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn requests(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running fake Dokploy. Dropping it stops the server and every deploy job.
pub struct FakeDokploy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    _shutdown: watch::Sender<()>,
}

impl FakeDokploy {
    /// Starts a fake with [`FakeOptions::default`] on the current tokio runtime.
    pub async fn start() -> std::io::Result<FakeDokploy> {
        Self::start_with(FakeOptions::default()).await
    }

    /// Starts a fake with `options` on the current tokio runtime.
    pub async fn start_with(options: FakeOptions) -> std::io::Result<FakeDokploy> {
        Self::start_on_port(0, options).await
    }

    /// Starts a fake with `options` on `127.0.0.1:port` (`0`: a free port), for a fake other
    /// programs find at a known address. Fails if the port is taken.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use dokploy::fake::{FakeDokploy, FakeOptions};
    /// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port(); // a free one
    /// let fake = FakeDokploy::start_on_port(port, FakeOptions::default()).await?;
    /// assert_eq!(fake.base_url(), format!("http://127.0.0.1:{port}"));
    /// # Ok(()) }
    /// ```
    pub async fn start_on_port(port: u16, options: FakeOptions) -> std::io::Result<FakeDokploy> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let (shutdown_tx, shutdown_rx) = watch::channel(());
        let shared = Arc::new(Shared {
            api_key: options.api_key.clone(),
            state: Mutex::new(State::new(options.outcome.clone())),
            options,
            requests: Mutex::new(Vec::new()),
            shutdown: shutdown_rx,
        });
        tokio::spawn(server::serve(listener, shared.clone()));
        Ok(FakeDokploy {
            addr,
            shared,
            _shutdown: shutdown_tx,
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (without `/api`; the client adds it).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The API key the fake accepts.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// A client for this fake.
    pub fn client(&self) -> crate::Client {
        // The fake's own `http://127.0.0.1:PORT` is always a valid base URL.
        crate::Client::new(self.base_url(), self.api_key().to_string())
            .expect("a client for the fake's own address")
    }

    /// Sets how deploys triggered from now on end (jobs already queued keep theirs).
    pub fn set_deploy_outcome(&self, outcome: DeployOutcome) {
        self.shared.state().outcome = outcome;
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests().clone()
    }

    /// The options the fake was started with.
    pub fn options(&self) -> &FakeOptions {
        &self.shared.options
    }
}

impl fmt::Debug for FakeDokploy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeDokploy")
            .field("base_url", &self.base_url())
            .field("api_key", &"<redacted>")
            .finish_non_exhaustive()
    }
}
