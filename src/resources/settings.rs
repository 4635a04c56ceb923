//! The instance's settings and status: version, health, the web server's settings, Traefik's
//! files, what Docker reports, and the builds-concurrency and Docker-cleanup settings.
//!
//! Reads that ask Docker (Traefik's environment and ports, disk usage) fail when Dokploy cannot
//! reach its Docker engine (500 "Command execution failed: …" or "Resource type not found"):
//! the typed methods return that error as it came.

use crate::models::{
    DockerDiskUsage, GpuStatus, Health, InfrastructureHealth, LogCleanupStatus, Server,
    TraefikEntry, TraefikPort, WebServerSettings,
};
use crate::{Call, Client, ResponseExt, Result};

/// Typed settings methods; from [`Client::settings`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let settings = client.settings();
/// assert_eq!(settings.version().await?, dokploy::DOKPLOY_VERSION);
/// assert!(settings.health().await?.is_ok());
/// settings.set_docker_cleanup(false, None).await?;
/// assert!(!settings.web_server().await?.enable_docker_cleanup);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    client: &'a Client,
}

/// Adds `serverId` to a call when a remote server is named.
fn on_server<'a>(call: Call<'a>, server_id: Option<&str>) -> Call<'a> {
    match server_id {
        Some(id) => call.arg("serverId", id),
        None => call,
    }
}

impl<'a> Settings<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// The running Dokploy release, e.g. `v0.30.2` (compare with [`crate::DOKPLOY_VERSION`],
    /// the release this crate's API description comes from).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let version = client.settings().version().await?;
    /// assert!(version.starts_with('v'));
    /// # Ok(()) }
    /// ```
    pub async fn version(&self) -> Result<String> {
        self.client
            .settings_get_dokploy_version()
            .send()
            .decode()
            .await
    }

    /// The Docker image tag Dokploy runs from (`latest`, `canary`, `feature` …).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert_eq!(client.settings().release_tag().await?, "latest");
    /// # Ok(()) }
    /// ```
    pub async fn release_tag(&self) -> Result<String> {
        self.client
            .call("settings.getReleaseTag")
            .send()
            .decode()
            .await
    }

    /// Whether Dokploy is up and reaches its database (`{"status": "ok"}`). Dokploy answers it
    /// even without a valid key; this client still sends its own.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert_eq!(client.settings().health().await?.status, "ok");
    /// # Ok(()) }
    /// ```
    pub async fn health(&self) -> Result<Health> {
        self.client.call("settings.health").send().decode().await
    }

    /// Whether this is Dokploy Cloud (`false` when self-hosted).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert!(!client.settings().is_cloud().await?);
    /// # Ok(()) }
    /// ```
    pub async fn is_cloud(&self) -> Result<bool> {
        self.client.call("settings.isCloud").send().decode().await
    }

    /// The IP address Dokploy has for its own host (the web server settings' `serverIp`; empty
    /// when none is set).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let ip = client.settings().ip().await?;
    /// assert_eq!(ip, "127.0.0.1");
    /// # Ok(()) }
    /// ```
    pub async fn ip(&self) -> Result<String> {
        self.client.call("settings.getIp").send().decode().await
    }

    /// The settings of Dokploy's own web server (address, certificate, Docker and log cleanup,
    /// builds concurrency). The SSH private key in it is a [`Secret`](crate::redact::Secret).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let web = client.settings().web_server().await?;
    /// assert_eq!(web.builds_concurrency, Some(1));
    /// assert!(web.enable_docker_cleanup); // Dokploy's default
    /// # Ok(()) }
    /// ```
    pub async fn web_server(&self) -> Result<WebServerSettings> {
        self.client
            .settings_get_web_server_settings()
            .send()
            .decode()
            .await
    }

    /// Traefik's main configuration (`traefik.yml`); `None` when the file does not exist
    /// (Dokploy answers 200 `null`, not an error).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert_eq!(client.settings().traefik_config().await?, None); // the fake has none
    /// # Ok(()) }
    /// ```
    pub async fn traefik_config(&self) -> Result<Option<String>> {
        self.client
            .settings_read_traefik_config()
            .send()
            .decode()
            .await
    }

    /// The Traefik file of Dokploy's own router (`dynamic/dokploy.yml`); `None` when it does
    /// not exist.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert_eq!(client.settings().web_server_traefik_config().await?, None);
    /// # Ok(()) }
    /// ```
    pub async fn web_server_traefik_config(&self) -> Result<Option<String>> {
        self.client
            .settings_read_web_server_traefik_config()
            .send()
            .decode()
            .await
    }

    /// Traefik's shared middlewares (`dynamic/middlewares.yml`, where Dokploy writes the path
    /// middlewares of domains); `None` when it does not exist.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert_eq!(client.settings().middleware_traefik_config().await?, None); // no domains yet
    /// # Ok(()) }
    /// ```
    pub async fn middleware_traefik_config(&self) -> Result<Option<String>> {
        self.client
            .settings_read_middleware_traefik_config()
            .send()
            .decode()
            .await
    }

    /// Traefik's directory tree on Dokploy's host, or on the remote server `server_id`. Each
    /// entry's path is what [`Settings::traefik_file`] reads.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDomain;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let app = client.applications().create(&env_id, "web").await?;
    /// client.domains().create(NewDomain::application(&app.application_id, "shop.example.com", 3000)).await?;
    /// let tree = client.settings().traefik_directory(None).await?;
    /// let files: Vec<&str> = tree.iter().flat_map(|e| e.files()).map(|f| f.name.as_str()).collect();
    /// let app_name = app.app_name.unwrap_or_default();
    /// assert_eq!(files, [format!("{app_name}.yml")]);
    /// # Ok(()) }
    /// ```
    pub async fn traefik_directory(&self, server_id: Option<&str>) -> Result<Vec<TraefikEntry>> {
        on_server(self.client.call("settings.readDirectories"), server_id)
            .send()
            .decode()
            .await
    }

    /// One of Traefik's files by absolute path (on the remote server `server_id` if given);
    /// `None` when it does not exist (Dokploy answers 200 `null`). A path outside Traefik's
    /// directory, or with `../` in it, is refused with a 400 validation error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDomain;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let app = client.applications().create(&env_id, "web").await?;
    /// client.domains().create(NewDomain::application(&app.application_id, "shop.example.com", 3000)).await?;
    /// let app_name = app.app_name.unwrap_or_default();
    /// let path = format!("/etc/dokploy/traefik/dynamic/{app_name}.yml");
    /// let config = client.settings().traefik_file(&path, None).await?.expect("Dokploy wrote it");
    /// assert!(config.contains("Host(`shop.example.com`)"));
    ///
    /// let missing = "/etc/dokploy/traefik/dynamic/nothing-here.yml";
    /// assert_eq!(client.settings().traefik_file(missing, None).await?, None);
    /// let outside = client.settings().traefik_file("/etc/passwd", None).await.unwrap_err();
    /// assert_eq!(outside.status().map(|s| s.as_u16()), Some(400));
    /// # Ok(()) }
    /// ```
    pub async fn traefik_file(
        &self,
        path: &str,
        server_id: Option<&str>,
    ) -> Result<Option<String>> {
        on_server(
            self.client
                .call("settings.readTraefikFile")
                .arg("path", path),
            server_id,
        )
        .send()
        .decode()
        .await
    }

    /// The environment of Traefik's container (`KEY=value` lines), read through Docker.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// // The fake, like a Dokploy without Docker, cannot read it.
    /// let error = client.settings().traefik_env(None).await.unwrap_err();
    /// assert_eq!(error.code(), Some("INTERNAL_SERVER_ERROR"));
    /// # Ok(()) }
    /// ```
    pub async fn traefik_env(&self, server_id: Option<&str>) -> Result<String> {
        on_server(self.client.call("settings.readTraefikEnv"), server_id)
            .send()
            .decode()
            .await
    }

    /// The extra ports Traefik publishes, read through Docker.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let error = client.settings().traefik_ports(None).await.unwrap_err();
    /// assert!(error.to_string().contains("Resource type not found")); // no Docker
    /// # Ok(()) }
    /// ```
    pub async fn traefik_ports(&self, server_id: Option<&str>) -> Result<Vec<TraefikPort>> {
        on_server(self.client.call("settings.getTraefikPorts"), server_id)
            .send()
            .decode()
            .await
    }

    /// Whether Traefik's dashboard port (8080) is published, read through Docker.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert!(client.settings().traefik_dashboard_enabled(None).await.is_err()); // no Docker
    /// # Ok(()) }
    /// ```
    pub async fn traefik_dashboard_enabled(&self, server_id: Option<&str>) -> Result<bool> {
        on_server(
            self.client.call("settings.haveTraefikDashboardPortEnabled"),
            server_id,
        )
        .send()
        .decode()
        .await
    }

    /// The health of Dokploy's own Postgres and Traefik (Dokploy answers 200 even when they
    /// are down: look at [`InfrastructureHealth::unhealthy`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let health = client.settings().infrastructure_health().await?;
    /// for (service, status) in health.unhealthy() {
    ///     println!("{service}: {}", status.message.as_deref().unwrap_or("unhealthy"));
    /// }
    /// assert!(!health.is_healthy()); // the fake has no Docker
    /// # Ok(()) }
    /// ```
    pub async fn infrastructure_health(&self) -> Result<InfrastructureHealth> {
        self.client
            .settings_check_infrastructure_health()
            .send()
            .decode()
            .await
    }

    /// Whether old logs are cleaned up, and on which schedule.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let cleanup = client.settings().log_cleanup().await?;
    /// assert_eq!(cleanup.cron_expression.as_deref(), Some("0 0 * * *"));
    /// # Ok(()) }
    /// ```
    pub async fn log_cleanup(&self) -> Result<LogCleanupStatus> {
        self.client
            .settings_get_log_cleanup_status()
            .send()
            .decode()
            .await
    }

    /// `docker system df` on Dokploy's host: images, containers, volumes and build cache.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let error = client.settings().docker_disk_usage().await.unwrap_err();
    /// assert!(error.to_string().contains("Cannot connect to the Docker daemon"));
    /// # Ok(()) }
    /// ```
    pub async fn docker_disk_usage(&self) -> Result<Vec<DockerDiskUsage>> {
        self.client
            .settings_get_docker_disk_usage()
            .send()
            .decode()
            .await
    }

    /// GPU support on Dokploy's host, or on the remote server `server_id`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let gpu = client.settings().gpu_status(None).await?;
    /// assert!(!gpu.is_ready());
    /// # Ok(()) }
    /// ```
    pub async fn gpu_status(&self, server_id: Option<&str>) -> Result<GpuStatus> {
        on_server(self.client.call("settings.checkGPUStatus"), server_id)
            .send()
            .decode()
            .await
    }

    /// Sets how many builds run at once on Dokploy's own host (1–100; Dokploy's default is
    /// 1). For a remote server see [`Settings::set_server_builds_concurrency`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// client.settings().set_builds_concurrency(3).await?;
    /// assert_eq!(client.settings().web_server().await?.builds_concurrency, Some(3));
    /// assert!(client.settings().set_builds_concurrency(0).await.is_err()); // at least 1
    /// # Ok(()) }
    /// ```
    pub async fn set_builds_concurrency(&self, builds: u32) -> Result<()> {
        self.client
            .call("settings.updateBuildsConcurrency")
            .arg("buildsConcurrency", builds)
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Sets how many builds run at once on the remote server `server_id` (1–100); returns the
    /// server as updated.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewServer;
    /// let server = client.servers().create(NewServer::new("builder-1", "203.0.113.8", "root")).await?;
    /// let updated = client.settings().set_server_builds_concurrency(&server.server_id, 4).await?;
    /// assert_eq!(updated.builds_concurrency, Some(4));
    /// # Ok(()) }
    /// ```
    pub async fn set_server_builds_concurrency(
        &self,
        server_id: &str,
        builds: u32,
    ) -> Result<Server> {
        self.client
            .call("server.updateBuildsConcurrency")
            .arg("serverId", server_id)
            .arg("buildsConcurrency", builds)
            .send()
            .decode()
            .await
    }

    /// Turns the daily Docker cleanup (unused images, stopped containers, build cache) on or off
    /// for Dokploy's own host, or for the remote server `server_id`. An unknown server is a
    /// not-found error ([`Error::is_not_found`](crate::Error::is_not_found)); enabling it on an
    /// inactive server fails after Dokploy stored the flag.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewServer;
    /// let server = client.servers().create(NewServer::new("edge-1", "203.0.113.7", "root")).await?;
    /// client.settings().set_docker_cleanup(false, Some(&server.server_id)).await?;
    /// let server = client.servers().one(&server.server_id).await?;
    /// assert_eq!(server.enable_docker_cleanup, Some(false));
    /// assert!(client.settings().set_docker_cleanup(true, Some("nope")).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn set_docker_cleanup(&self, enabled: bool, server_id: Option<&str>) -> Result<()> {
        on_server(
            self.client
                .call("settings.updateDockerCleanup")
                .arg("enableDockerCleanup", enabled),
            server_id,
        )
        .send()
        .body()
        .await?
        .expect_done()
    }
}
