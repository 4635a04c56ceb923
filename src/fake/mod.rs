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
//! It serves the same procedures on the **tRPC surface** too (`/api/trpc/<procedure>`, what
//! [`Transport::Trpc`](crate::Transport::Trpc) and [`Batch`](crate::Batch) call; see
//! [`FakeDokploy::client_on`]), held to recordings 37, 42, 43, 48–51 and 310–323: input as
//! `?input=` URL-encoded `{"json":…}` or a `{"json":…}` body (without the wrapper: 400 with zod's
//! issue list, as JSON text, as the message), answers as `{"result":{"data":{"json":…}}}` (a
//! procedure that answers 0 bytes on REST gives superjson's `undefined`: `json: null`,
//! `meta.values: ["undefined"]`), errors as `{"error":{"json":{message, code: <JSON-RPC code>,
//! data: {code, httpStatus, path, zodError}}}}`, batches (`a,b?batch=1`: an array of answers in
//! order, HTTP 207 when their statuses differ), and `No procedure found on path "…"` for an
//! unknown procedure. The key is verified once per request (a batch included), so a
//! rate-limited key lasts 10 tRPC calls; without a valid key only `settings.health` answers
//! (the one public procedure recorded), the others 401 `UNAUTHORIZED`. Where the fake is not the
//! real server here: numbers sent as text are accepted for every number field (Dokploy does so
//! only where its zod schema coerces, as `deployment.readLogs`' `tail` does, 320); a query sent
//! as POST or a mutation as GET answers tRPC's 405 `METHOD_NOT_SUPPORTED` and malformed input
//! JSON a 400 `PARSE_ERROR` (both from tRPC's source, not recorded); `stack`, which Dokploy adds
//! in development mode, is never sent; superjson's `meta` is only sent for `undefined` (Dokploy
//! sends none for the rows recorded, whose dates are strings).
//!
//! Deploys go through a queue like Dokploy's: the deployment row only appears when the job
//! starts ([`FakeOptions::queue_delay`]), stays `running` for [`FakeOptions::build_duration`],
//! then ends `done` or `error` ([`DeployOutcome`]). Like Dokploy, a deploy that would end
//! `done` ends `error` instead (`errorMessage` null) when the service's env block references a
//! `${{project.X}}`, `${{environment.X}}` or `${{X}}` that nothing defines, its log ending with
//! Dokploy's line ("Invalid project environment variable: project.X" …). Only the runtime block
//! (`env`) is resolved; Dokploy also resolves build arguments and secrets in git builds, which
//! the fake does not.
//!
//! A deploy that succeeds leaves the service running on the fake's Docker engine
//! ([`FakeDokploy::running_services`]) until its own `application.delete`, `compose.delete` or
//! `<database>.remove` takes it down. `project.remove` (and `environment.remove`) delete only
//! Dokploy's rows, as on a real server: the services stay running, orphaned
//! ([`FakeDokploy::orphaned_services`]). A database whose env has an undefined reference still
//! deploys (Dokploy's synchronous database deploy would fail; its answer is not recorded).
//!
//! Backups run while the request waits, as in Dokploy: `backup.manualBackup<Kind>` writes a
//! deployment row of type `backup` (listed by `deployment.allByType`, with a log for
//! `deployment.readLogs`) and ends it as [`BackupOutcome`] says — the fake has no Docker and no
//! rclone. `done` "uploads" a file to the destination (what `backup.listBackupFiles` lists;
//! files past `keepLatestCount` are deleted); `error` answers what Dokploy answers for that kind
//! (for postgres, the backup script with the rclone command line and the S3 secret in it). The
//! same outcome decides `destination.testConnection` and `backup.listBackupFiles`, which fail
//! with the rclone command line like a host without rclone. By default backups end like deploys
//! ([`FakeOptions::backup_outcome`]).
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
//!         .project_create().required(dokploy::required::ProjectCreate { name: "demo".into() })
//!         
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
//! saveGithubProvider, saveGitlabProvider, saveGiteaProvider, saveBitbucketProvider,
//! saveGitProvider), the six databases (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`,
//! `libsql`: one, create, remove, deploy, start, stop, update, saveEnvironment), `domain.*` (one,
//! byApplicationId, byComposeId, create, update, delete), `compose.*` (one, create, update,
//! delete, deploy, redeploy, start, stop, saveEnvironment, loadServices, getConvertedCompose,
//! getDefaultCommand), `deployment.*` (all, allByCompose, allByType, allCentralized, readLogs), `docker.*`
//! (getContainersByAppNameMatch, getServiceContainersByAppName: the containers of the services
//! running on the fake's engine), the log WebSockets `/listen-deployment` and
//! `/docker-container-logs` (the file so far then each write of the build, never closing; a `tick
//! N` line from each running container every [`FakeOptions::container_log_interval`]; Dokploy's
//! close codes, reasons, complaints and silences, recordings 350–353 and 410–441), `server.*` (all,
//! one, create, update, count, remove), `sshKey.*` (create, all, one, allForApps, update,
//! remove, generate), `gitProvider.*` (getAll, toggleShare, remove), `gitea.*` (create, one,
//! giteaProviders, getGiteaUrl, update, testConnection, getGiteaRepositories, getGiteaBranches),
//! `gitlab.*` and `bitbucket.*` (create, one, the per-kind listing, update, testConnection,
//! get…Repositories, get…Branches), `github.*` (githubProviders, one, getGithubRepositories,
//! getGithubBranches, testConnection, update), `destination.*` (create, one, all, update, remove, testConnection),
//! `backup.*` (create, one, update, remove, listBackupFiles,
//! manualBackupPostgres/MySql/Mariadb/Mongo/Libsql/Compose/WebServer), `notification.*` (all, one,
//! getEmailProviders, remove, and create, update and test…Connection of all twelve kinds),
//! `server.updateBuildsConcurrency`, `settings.*` (getOpenApiDocument, getDokployVersion,
//! getReleaseTag, health, isCloud, getIp, getWebServerSettings, readTraefikConfig,
//! readWebServerTraefikConfig, readMiddlewareTraefikConfig, readDirectories, readTraefikFile,
//! readTraefikEnv, getTraefikPorts, haveTraefikDashboardPortEnabled, haveActivateRequests,
//! isUserSubscribed, checkInfrastructureHealth, getLogCleanupStatus, getDokployCloudIps,
//! getDockerDiskUsage, checkGPUStatus, updateBuildsConcurrency, updateDockerCleanup) and
//! `user.*` (get, session, getPermissions, createApiKey, deleteApiKey, and getBackups: the web
//! server's backups, under the API key's user), `mounts.*` (create, one, update — answering the
//! row as it was before, as recorded — remove, listByServiceId; every new database gets its
//! `<appName>-data` volume at Dokploy's data path), `port.*`, `redirects.*` and `security.*`
//! (create, one, update, delete; listed by `application.one`), `schedule.*` (create, one, list,
//! update, delete; never run) and `tag.*` (create, all, one, update, remove, assignToProject,
//! removeFromProject; `project.one`/`all` list `projectTags`). Redirects and basic-auth users
//! live in Traefik's `middlewares.yml`, which the fake has only while a domain needs a path
//! middleware (like the recorded development install, 370–371, 392): without it
//! `security.create`/`update` answer 400 "File not found: …", `redirects.update` and the
//! deletes change the row and answer 400. And the two multipart uploads
//! (`application.dropDeployment`, which makes the application's source the archive and queues
//! a deploy like `application.deploy`, and `docker.uploadFileToContainer`) on the tRPC path,
//! where Dokploy takes them (431); on the REST path they answer Dokploy's 500 "Internal server
//! error" (445). Every other operation of the document answers 501 `NOT_IMPLEMENTED` ("… is not
//! implemented by the fake", see [`implemented_operations`]); a procedure the document does not
//! have answers 404 `Not found`, as on Dokploy. `<kind>.one` and `compose.one` list their backups
//! (`backups[]`, each with its destination without keys and its runs); removing a database,
//! a compose stack or a destination removes its backups and their runs.
//!
//! Where the fake is not the real server (backups): what the recordings do not show is
//! inferred from Dokploy's source — the fixed 400 messages of the non-postgres manual backups
//! ("Error running manual MySQL backup " …), the web server's 500, the foreign-key messages of
//! `backup.create` with an unknown destination or owner, the file names (`.sql.gz`, `.dump.gz`
//! for mongo, `webserver-backup-….zip`), and the user `user.getBackups` returns (its columns are
//! not recorded). Schedules (`enabled`, cron) are stored but never run.
//!
//! Notifications: the fake stores them like Dokploy (creates and updates answer with an empty
//! body; `remove` returns the bare row; an unknown id is a 404 for `one` and `updateSlack` and
//! a 400 "Notification not found" for `remove`; an `update<Kind>` without any of the kind's
//! settings changes nothing and fails as Dokploy's does, 500 "No values to set" or, for
//! telegram, discord, email and resend, 400 "Error updating the notification", except ntfy's,
//! which answers 200 and sets the access token to `null` when it is not sent: 330–342), but it
//! never sends one: no event (a failed
//! build, a backup) delivers anything. A **test** (`notification.test<Kind>Connection`)
//! contacts nothing either: it succeeds (`true`) only when its target starts with a target the
//! test accepted with [`FakeDokploy::accept_notification_target`], and otherwise fails exactly
//! as Dokploy fails against a closed port (400 "Failed to send slack notification fetch
//! failed", "Error testing the notification: fetch failed", "fetch failed", "Failed to send
//! email notification connect ECONNREFUSED host:port" …). So by default every test fails like
//! an unreachable target, and a test of yours decides which targets work. The target is the
//! webhook URL (slack, discord, mattermost, lark, teams), the server URL (gotify, ntfy), the
//! endpoint (custom), `smtp://<smtpServer>:<smtpPort>` (email), or the service's fixed API
//! host (`https://api.telegram.org/`, `https://api.resend.com/`, `https://api.pushover.net/`).
//! Not recorded, so taken from Dokploy's source: the unreachable messages of mattermost, lark,
//! teams, telegram, resend and pushover (the generic "Error testing the notification"),
//! `update<Kind>` on an unknown id for telegram, discord, email and resend (400 "Error
//! updating the notification"; the other kinds answer 404 like `updateSlack`), and a partial
//! update of the kinds not recorded (telegram, resend, gotify, mattermost, lark, pushover:
//! Dokploy's settings write of each, like the recorded kinds').
//!
//! The fake answers as the owner of a self-hosted instance. Input is validated against the
//! request schemas of the vendored OpenAPI document (types, nullability, enums, lengths, ranges,
//! defaults; not regex patterns).
//!
//! What runs Docker while the request waits (`<database>.deploy`, `compose.start`/`stop`)
//! succeeds, or fails like Dokploy without a reachable Docker engine ([`DockerEngine`]); other
//! Docker-backed procedures always succeed. Where the fake cannot do what the real server does:
//! `compose.getConvertedCompose` returns the file as last fetched or deployed, without the
//! Traefik labels Dokploy adds for the stack's domains and without `randomize` or
//! `isolatedDeployment` applied.
//!
//! Git providers and SSH keys, where the fake cannot behave like the real server:
//! - **Git hosts are never contacted.** Testing a git provider and listing its repositories or
//!   branches answer what Dokploy answers when the host refuses the connection (recordings 129,
//!   130, 137): `fetch failed` (400 for `testConnection` and Gitea's listings, 500 for GitLab's
//!   and Bitbucket's), after the same checks Dokploy makes first (unknown id; a Gitea provider
//!   without an access token: "No access token available. Please authorize with Gitea."; a
//!   GitLab branch listing without a project id: `[]`). Bitbucket's and GitHub's hosts are fixed
//!   (api.bitbucket.org, api.github.com): a real Dokploy with internet access would get an
//!   answer from them instead.
//! - **No GitHub providers exist.** GitHub Apps are created through GitHub's browser manifest
//!   flow, not through the API, so `github.githubProviders` is empty and every `githubId` is
//!   unknown (404 "Github Provider not found"; `testConnection` 400).
//! - **OAuth never completes**, so Gitea and GitLab providers never get tokens:
//!   `gitlab.gitlabProviders` stays empty and `getAll` says `isConfigured: false`.
//! - **`sshKey.generate` runs the machine's `ssh-keygen`** (RSA 4096 or Ed25519, comment
//!   `dokploy`), as Dokploy makes real pairs; without `ssh-keygen` it answers 500 saying so.
//! - `server.update` naming an unknown SSH key answers 500 with PostgreSQL's foreign-key message
//!   (not recorded; the real text depends on Dokploy's database driver).
//!
//! API keys work like Dokploy's (better-auth's): the owner starts with
//! [`FakeOptions::api_key`], without limits, and every key made with `user.createApiKey` is a
//! key of the fake too, until `user.deleteApiKey` removes it. Each REST call verifies its key
//! twice, and each verification counts against the key's limits: its expiry, its request limit
//! (`remaining`, refilled every `refillInterval`) and its rate limit — a key created without
//! `rateLimitEnabled: false` gets better-auth's default of 10 verifications a day, so it answers
//! 5 calls and then 401 `{"message":"Unauthorized"}`, like a wrong key (recordings 47).
//!
//! Where the fake cannot do what a real Dokploy does, it answers as the recorded development
//! install (no Docker engine) did:
//! - Traefik's files are those Dokploy writes for application domains: `dynamic/<appName>.yml`
//!   for each application with a domain (on the application's server) and
//!   `dynamic/middlewares.yml` for their path middlewares, computed from the domains. There is
//!   no `traefik.yml`, no `dokploy.yml` and no access log (those reads answer 200 `null`, and
//!   `haveActivateRequests` `false`); missing files are 200 `null`. `readTraefikFile` refuses
//!   absolute paths outside `/etc/dokploy/traefik/dynamic` with the 400 of recording 160: a
//!   production Dokploy also reads files directly in `/etc/dokploy/traefik` (such as
//!   `traefik.yml`), which the recorded development install had elsewhere.
//! - What needs Docker fails as it did there: `readTraefikEnv` (500 "Command execution failed:
//!   …"), `getTraefikPorts` and `haveTraefikDashboardPortEnabled` (500 "Resource type not
//!   found"), `getDockerDiskUsage` (500, the daemon is unreachable); `checkInfrastructureHealth`
//!   reports Postgres and Traefik `unhealthy`, `checkGPUStatus` no GPU.
//! - `settings.updateBuildsConcurrency` and `server.updateBuildsConcurrency` are stored and read
//!   back, but the fake's deploy queue does not limit concurrent builds by them.
//! - `user.get` lists every project, environment and service of the instance in the owner's
//!   `accessed*` lists (Dokploy appends what the user creates; for an owner they grant nothing),
//!   and no servers or git providers.

mod compose_file;
mod deploy;
mod docker;
mod ids;
mod instance;
mod routes;
mod rows;
mod schema;
mod server;
mod sockets;
mod state;
mod traefik;
mod trpc;
mod uploads;
mod views;
mod wire;

/// The operations of the vendored document the fake implements, by procedure name, in the
/// operation table's order. Every other operation of the document answers 501
/// `NOT_IMPLEMENTED` ("… is not implemented by the fake"), never a 404 that would look like
/// Dokploy's answer for an unknown procedure, so an operation a new document adds shows up as
/// a visible gap (`tests/fake_coverage.rs` lists them).
///
/// ```
/// let implemented = dokploy::fake::implemented_operations();
/// assert!(implemented.contains(&"project.create"));
/// assert!(implemented.len() < dokploy::operations::OPERATIONS.len());
/// ```
pub fn implemented_operations() -> Vec<&'static str> {
    crate::operations::OPERATIONS
        .iter()
        // The two multipart uploads are taken by `uploads.rs`, the others by their route.
        .filter(|op| !op.generated || routes::handler(op.procedure).is_some())
        .map(|op| op.procedure)
        .collect()
}

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

use state::State;

/// How the fake behaves; [`FakeOptions::default`] is a fake that deploys successfully.
#[derive(Clone)]
pub struct FakeOptions {
    /// The owner's API key (`x-api-key`), without limits; keys created with `user.createApiKey`
    /// are accepted too. Default `fake-api-key`.
    pub api_key: String,
    /// Time from a deploy call until its job starts and the deployment row appears. Default
    /// 150 ms.
    pub queue_delay: Duration,
    /// Time a deployment row stays `running`. Default 400 ms.
    pub build_duration: Duration,
    /// How deploys end (changeable later with [`FakeDokploy::set_deploy_outcome`]). Default
    /// [`DeployOutcome::Done`].
    pub outcome: DeployOutcome,
    /// Whether the procedures that run Docker commands while the caller waits succeed
    /// (changeable later with [`FakeDokploy::set_docker_engine`]). Default
    /// [`DockerEngine::Running`].
    pub docker: DockerEngine,
    /// How backup runs, `destination.testConnection` and `backup.listBackupFiles` end
    /// (changeable later with [`FakeDokploy::set_backup_outcome`]). Default `None`: like deploys
    /// — a [`DeployOutcome::Error`] makes them fail (with its log), as on a host without Docker
    /// or rclone; any other outcome makes them succeed.
    pub backup_outcome: Option<BackupOutcome>,
    /// What a deploy's build prints besides its first and last lines: each piece is appended
    /// to the log in turn, evenly spaced while the row is `running` (a piece may end in the
    /// middle of a line; `/listen-deployment` sends each as a frame). Default none.
    pub build_output: Vec<String>,
    /// How often a running service's container prints a line (`tick N`, as the recorded
    /// container did), for `/docker-container-logs`. Default 1 s.
    pub container_log_interval: Duration,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            api_key: "fake-api-key".to_string(),
            queue_delay: Duration::from_millis(150),
            build_duration: Duration::from_millis(400),
            outcome: DeployOutcome::Done,
            docker: DockerEngine::Running,
            backup_outcome: None,
            build_output: Vec::new(),
            container_log_interval: Duration::from_secs(1),
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
            .field("docker", &self.docker)
            .field("backup_outcome", &self.backup_outcome)
            .field("build_output", &self.build_output.len())
            .field("container_log_interval", &self.container_log_interval)
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

/// A service running on the fake's Docker engine: a deploy of it succeeded (an application or
/// compose deploy that ended `done`, a database `deploy`), and its own delete/remove has not
/// taken it down. Stopping a service does not take it off the engine (Docker keeps it, scaled
/// to 0), so it stays listed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EngineService {
    /// The router of the service: `application`, `compose`, or the database kind (`postgres`,
    /// `redis`…).
    pub router: &'static str,
    /// The id of the Dokploy service that deployed it (its row may be gone).
    pub service_id: String,
    /// Its Docker name (the service's `appName`).
    pub app_name: String,
}

/// What the Docker engine behind the fake does for the procedures that run a Docker command
/// before answering: `<database>.deploy` and `compose.start`/`stop`. (Queued deploys end as
/// [`DeployOutcome`] says.)
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// use dokploy::fake::{DockerEngine, FakeDokploy, FakeOptions};
/// use dokploy::resources::NewDatabase;
/// let fake = FakeDokploy::start_with(FakeOptions {
///     docker: DockerEngine::Unreachable,
///     ..Default::default()
/// })
/// .await
/// .expect("the fake starts");
/// let client = fake.client();
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let new = NewDatabase::redis(&env_id, "cache");
/// let cache = client.databases().create(new).await?;
/// let e = client.databases().deploy(&cache.reference).await.unwrap_err();
/// assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
/// assert!(e.to_string().contains("Cannot connect to the Docker daemon"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DockerEngine {
    /// Docker runs every command: database deploys and compose start/stop succeed.
    Running,
    /// Docker cannot be reached, as on the server the census recordings were made on: those
    /// procedures answer 500 `INTERNAL_SERVER_ERROR` with Dokploy's message around Docker's
    /// "Cannot connect to the Docker daemon…", and set the service's status as Dokploy does on
    /// failure (a database and a stopped stack `error`, a started stack `idle`).
    Unreachable,
}

/// How backup runs (`backup.manualBackup<Kind>`) end, and whether rclone reaches the bucket
/// (`destination.testConnection`, `backup.listBackupFiles`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupOutcome {
    /// The run's deployment row ends `done`, the call answers `true`, and a file appears in the
    /// destination (listed by `backup.listBackupFiles`; files past the backup's
    /// `keepLatestCount` are deleted). Connection tests succeed.
    Done,
    /// The run's row ends `error` and its log ends with `log`; the call answers Dokploy's 400
    /// (for postgres, the backup script with the rclone command line, secret included, and `log`
    /// as its error output; for the other kinds a fixed message; the web server a 500).
    /// Connection tests and file listings fail with the rclone command line, as on a host
    /// without rclone.
    Error {
        /// The last lines of the run's log (the reason).
        log: String,
    },
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
    /// The procedure called, e.g. `application.deploy` (the path without `/api/` or
    /// `/api/trpc/`; a tRPC batch gives its procedures joined by `,`).
    pub fn procedure(&self) -> &str {
        self.path
            .strip_prefix("/api/trpc/")
            .or_else(|| self.path.strip_prefix("/api/"))
            .unwrap_or(&self.path)
    }

    /// `true` for a request to the tRPC surface (`/api/trpc/…`).
    pub fn is_trpc(&self) -> bool {
        self.path.starts_with("/api/trpc/")
    }

    /// The input the call carried, whichever surface it went to: a mutation's JSON body (on
    /// tRPC without its `{"json":…}` wrapper), a query's parameters (REST's as strings, each
    /// repeated key as a list; tRPC's `?input=` as sent). `None` when there was none.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::{ResponseExt, Transport};
    /// let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// for transport in Transport::ALL {
    ///     let client = fake.client_on(transport);
    ///     let _ = client.deployment_read_logs().required(dokploy::required::DeploymentReadLogs { deployment_id: "d".into() }).tail(5).send().body().await;
    /// }
    /// let requests = fake.requests();
    /// assert_eq!(requests[0].input().unwrap()["tail"], "5"); // REST: text
    /// assert_eq!(requests[1].input().unwrap()["tail"], 5); // tRPC: a number
    /// assert_eq!(requests[1].procedure(), "deployment.readLogs");
    /// # Ok(()) }
    /// ```
    pub fn input(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        let pairs = || {
            let mut url = reqwest::Url::parse("http://fake/").ok()?;
            url.set_query(self.query.as_deref());
            Some(
                url.query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect::<Vec<_>>(),
            )
        };
        match (self.method.as_str(), self.is_trpc()) {
            ("GET", true) => {
                let pairs = pairs()?;
                let (_, input) = pairs.iter().find(|(k, _)| k == "input")?;
                serde_json::from_str::<Value>(input)
                    .ok()?
                    .get_mut("json")
                    .map(Value::take)
            }
            ("GET", false) => {
                let mut map = serde_json::Map::new();
                for (key, value) in pairs()? {
                    match map.get_mut(&key) {
                        Some(Value::Array(list)) => list.push(Value::String(value)),
                        Some(first) => {
                            *first = Value::Array(vec![first.take(), Value::String(value)])
                        }
                        None => {
                            map.insert(key, Value::String(value));
                        }
                    }
                }
                (!map.is_empty()).then_some(Value::Object(map))
            }
            (_, true) => self.body_json()?.get_mut("json").map(Value::take),
            (_, false) => self.body_json(),
        }
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
    /// Bumped after every write to a deployment's log: the log sockets send what is new.
    log_writes: watch::Sender<u64>,
    /// Bumped by [`FakeDokploy::cut_log_sockets`]: every open log socket drops its connection.
    socket_cuts: watch::Sender<u64>,
}

impl Shared {
    /// The state, even if a panic elsewhere poisoned the lock.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn requests(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells the deployment-log sockets that a log grew.
    pub(crate) fn logs_written(&self) {
        self.log_writes.send_modify(|n| *n += 1);
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
        let mut state = State::new(options.outcome.clone());
        state.docker = options.docker.clone();
        state.backup_outcome = options.backup_outcome.clone();
        state.instance.add_owner_key(&options.api_key);
        let shared = Arc::new(Shared {
            api_key: options.api_key.clone(),
            state: Mutex::new(state),
            options,
            requests: Mutex::new(Vec::new()),
            shutdown: shutdown_rx,
            log_writes: watch::channel(0).0,
            socket_cuts: watch::channel(0).0,
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

    /// The owner's API key (the one [`FakeDokploy::client`] uses).
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// A client for this fake (on the default transport, REST).
    pub fn client(&self) -> crate::Client {
        self.client_on(crate::Transport::default())
    }

    /// A client for this fake on `transport`: the fake serves both surfaces.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::Transport;
    /// let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// for transport in Transport::ALL {
    ///     let client = fake.client_on(transport);
    ///     client.projects().create(&format!("{transport:?}"), None).await?;
    /// }
    /// assert_eq!(fake.requests()[1].path, "/api/trpc/project.create");
    /// # Ok(()) }
    /// ```
    pub fn client_on(&self, transport: crate::Transport) -> crate::Client {
        // The fake's own `http://127.0.0.1:PORT` is always a valid base URL.
        crate::Client::builder()
            .base_url(self.base_url())
            .api_key(self.api_key().to_string())
            .transport(transport)
            .build()
            .expect("a client for the fake's own address")
    }

    /// Sets how deploys triggered from now on end (jobs already queued keep theirs).
    pub fn set_deploy_outcome(&self, outcome: DeployOutcome) {
        self.shared.state().outcome = outcome;
    }

    /// Every service running on the fake's Docker engine, in the order they first started
    /// ([`EngineService`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::resources::NewDatabase;
    /// let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let db = client.databases().create(NewDatabase::redis(&env_id, "cache")).await?;
    /// assert!(fake.running_services().is_empty()); // created, not deployed
    /// client.databases().deploy(&db.reference).await?;
    /// assert_eq!(fake.running_services()[0].service_id, db.reference.id);
    /// client.databases().remove(&db.reference).await?;
    /// assert!(fake.running_services().is_empty()); // its own remove takes it down
    /// # Ok(()) }
    /// ```
    pub fn running_services(&self) -> Vec<EngineService> {
        self.shared.state().engine.clone()
    }

    /// The services still running on the engine whose Dokploy row is gone: what `project.remove`
    /// leaves behind, as on a real server (Dokploy deletes the rows and never stops anything).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::resources::NewDatabase;
    /// let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// let client = fake.client();
    /// let created = client.projects().create("scratch", None).await?;
    /// let new = NewDatabase::redis(&created.environment.environment_id, "cache");
    /// let db = client.databases().create(new).await?;
    /// client.databases().deploy(&db.reference).await?;
    ///
    /// client.projects().remove(&created.project.project_id).await?;
    /// let orphans = fake.orphaned_services();
    /// assert_eq!(orphans[0].router, "redis");
    /// assert_eq!(orphans[0].service_id, db.reference.id);
    /// # Ok(()) }
    /// ```
    pub fn orphaned_services(&self) -> Vec<EngineService> {
        let st = self.shared.state();
        st.engine
            .iter()
            .filter(|s| !st.has_row(s))
            .cloned()
            .collect()
    }

    /// Sets whether the Docker engine behind the fake answers, from the next request on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::fake::{DockerEngine, FakeDokploy};
    /// use dokploy::resources::NewCompose;
    /// let fake = FakeDokploy::start().await.expect("the fake starts");
    /// let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// let stack = client.compose().create(NewCompose::from_yaml(&env_id, "site", yaml)).await?;
    /// client.compose().stop(&stack.compose_id).await?;
    /// fake.set_docker_engine(DockerEngine::Unreachable);
    /// let e = client.compose().stop(&stack.compose_id).await.unwrap_err();
    /// assert!(e.to_string().contains("Command execution failed"));
    /// # Ok(()) }
    /// ```
    pub fn set_docker_engine(&self, docker: DockerEngine) {
        self.shared.state().docker = docker;
    }

    /// Sets how backup runs, connection tests and file listings end from now on (`None`: like
    /// deploys, see [`FakeOptions::backup_outcome`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::fake::{BackupOutcome, FakeDokploy};
    /// use dokploy::resources::NewDestination;
    /// let fake = FakeDokploy::start().await.expect("the fake starts");
    /// let client = fake.client();
    /// let new = NewDestination::new("offsite", "http://127.0.0.1:9", "b", "us-east-1", "k", "s");
    /// fake.set_backup_outcome(BackupOutcome::Error { log: "no route to host".into() });
    /// assert!(client.destinations().test_connection(&new).await.is_err());
    /// fake.set_backup_outcome(BackupOutcome::Done);
    /// assert!(client.destinations().test_connection(&new).await.is_ok());
    /// # Ok(()) }
    /// ```
    pub fn set_backup_outcome(&self, outcome: impl Into<Option<BackupOutcome>>) {
        self.shared.state().backup_outcome = outcome.into();
    }

    /// Makes notification tests whose target starts with `target` succeed (see the [module
    /// documentation](self) for what a kind's target is); every other test fails like an
    /// unreachable target. Nothing is contacted either way.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{EmailSettings, NotificationKind};
    /// let email: NotificationKind = EmailSettings::new(
    ///     "smtp.example.com", 587, "ops", "pw", "dokploy@example.com", ["ops@example.com"],
    /// ).into();
    /// assert!(client.notifications().test(&email).await.is_err());
    /// fake.accept_notification_target("smtp://smtp.example.com:587");
    /// client.notifications().test(&email).await?;
    /// # Ok(()) }
    /// ```
    pub fn accept_notification_target(&self, target: impl Into<String>) {
        self.shared.state().notification_targets.push(target.into());
    }

    /// Drops the connection of every open log socket (`/listen-deployment`,
    /// `/docker-container-logs`) without a close frame, as a network failure would: for
    /// testing that a client reconnects.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// fake.cut_log_sockets(); // nothing open: nothing happens
    /// # Ok(()) }
    /// ```
    pub fn cut_log_sockets(&self) {
        self.shared.socket_cuts.send_modify(|n| *n += 1);
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
