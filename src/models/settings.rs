//! The instance's settings and status, as the `settings.*` reads return them: the web server's
//! settings, health, Traefik's files, Docker disk usage, GPU support.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CertificateType, Extra, HealthStatus, TraefikEntryKind};
use crate::redact::Secret;

/// `settings.health`: `{"status": "ok"}` while Dokploy reaches its database.
///
/// ```
/// let health: dokploy::models::Health = serde_json::from_str(r#"{"status": "ok"}"#).unwrap();
/// assert!(health.is_ok());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Health {
    /// `true` when the status is `ok`.
    ///
    /// ```
    /// let health: dokploy::models::Health = serde_json::from_str(r#"{"status": "down"}"#).unwrap();
    /// assert!(!health.is_ok());
    /// ```
    pub fn is_ok(&self) -> bool {
        self.status == "ok"
    }
}

/// The settings of Dokploy's own web server (`settings.getWebServerSettings`): its address and
/// certificate, Docker cleanup, log cleanup, builds concurrency, monitoring.
///
/// ```
/// use dokploy::models::WebServerSettings;
/// let settings: WebServerSettings = serde_json::from_str(r#"{
///     "id": "90a39815-416e-490b-9ddc-f21f7f52d245", "serverIp": "203.0.113.7",
///     "certificateType": "none", "https": false, "host": null,
///     "sshPrivateKey": "-----BEGIN OPENSSH PRIVATE KEY-----…",
///     "enableDockerCleanup": true, "buildsConcurrency": 2,
///     "metricsConfig": {"server": {"port": 4500, "token": "metrics-token"}}
/// }"#).unwrap();
/// assert_eq!(settings.builds_concurrency, Some(2));
/// assert!(settings.enable_docker_cleanup);
/// let debug = format!("{settings:?}");
/// assert!(!debug.contains("OPENSSH") && !debug.contains("metrics-token"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebServerSettings {
    /// The row's id (a UUID).
    #[serde(default)]
    pub id: Option<String>,
    /// The server's public IP (what `settings.getIp` answers).
    #[serde(default)]
    pub server_ip: Option<String>,
    /// The certificate of Dokploy's own domain.
    #[serde(default)]
    pub certificate_type: Option<CertificateType>,
    /// Whether Dokploy's own domain uses HTTPS.
    #[serde(default)]
    pub https: bool,
    /// Dokploy's own domain, if one is assigned.
    #[serde(default)]
    pub host: Option<String>,
    /// The Let's Encrypt account email.
    #[serde(default)]
    pub lets_encrypt_email: Option<String>,
    /// The SSH private key Dokploy uses for its own host.
    #[serde(default)]
    pub ssh_private_key: Option<Secret>,
    /// Whether the daily Docker cleanup runs on Dokploy's host.
    #[serde(default)]
    pub enable_docker_cleanup: bool,
    /// The cron expression of the log cleanup, if it is on.
    #[serde(default)]
    pub log_cleanup_cron: Option<String>,
    /// How many builds run at once on Dokploy's host.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub builds_concurrency: Option<i64>,
    /// Whether new services must go to remote servers.
    #[serde(default)]
    pub remote_servers_only: bool,
    /// The monitoring configuration (its `token` is hidden from `Debug`).
    #[serde(default)]
    pub metrics_config: Option<Extra>,
    /// When the row was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this model does not name (`whitelabelingConfig`, `enforceSSO`, the
    /// `cleanupCache*` flags …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of Traefik's directory tree (`settings.readDirectories`): a directory with its
/// children, or a file. `id` is the absolute path, the one `settings.readTraefikFile` takes.
///
/// ```
/// use dokploy::models::{TraefikEntry, TraefikEntryKind};
/// let tree: Vec<TraefikEntry> = serde_json::from_str(r#"[{
///     "id": "/etc/dokploy/traefik/dynamic", "name": "dynamic", "type": "directory",
///     "children": [{"id": "/etc/dokploy/traefik/dynamic/web-x1y2z3.yml",
///                   "name": "web-x1y2z3.yml", "type": "file"}]
/// }]"#).unwrap();
/// assert_eq!(tree[0].kind, TraefikEntryKind::Directory);
/// let files: Vec<&str> = tree[0].files().map(|f| f.path()).collect();
/// assert_eq!(files, ["/etc/dokploy/traefik/dynamic/web-x1y2z3.yml"]);
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct TraefikEntry {
    /// The absolute path.
    pub id: String,
    /// The file or directory name.
    #[serde(default)]
    pub name: String,
    /// Directory or file.
    #[serde(rename = "type")]
    pub kind: TraefikEntryKind,
    /// What a directory holds (empty for a file).
    #[serde(default)]
    pub children: Vec<TraefikEntry>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TraefikEntry {
    /// The absolute path (Dokploy calls it `id`).
    pub fn path(&self) -> &str {
        &self.id
    }

    /// Every file at or below this entry, depth first.
    ///
    /// ```
    /// let file: dokploy::models::TraefikEntry = serde_json::from_str(
    ///     r#"{"id": "/etc/dokploy/traefik/dynamic/a.yml", "name": "a.yml", "type": "file"}"#,
    /// ).unwrap();
    /// assert_eq!(file.files().count(), 1);
    /// ```
    pub fn files(&self) -> impl Iterator<Item = &TraefikEntry> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            while let Some(entry) = stack.pop() {
                stack.extend(entry.children.iter().rev());
                if entry.kind == TraefikEntryKind::File {
                    return Some(entry);
                }
            }
            None
        })
    }
}

/// A port Traefik publishes besides 80 and 443 (`settings.getTraefikPorts`).
///
/// ```
/// let port: dokploy::models::TraefikPort = serde_json::from_str(
///     r#"{"targetPort": 8080, "publishedPort": 8080, "protocol": "tcp"}"#,
/// ).unwrap();
/// assert_eq!(port.published_port, Some(8080));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TraefikPort {
    /// The port inside Traefik's container.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub target_port: Option<i64>,
    /// The port on the host.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub published_port: Option<i64>,
    /// `tcp`, `udp` or `sctp`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `settings.checkInfrastructureHealth`: the health of Dokploy's own services, by name
/// (`postgres`, `traefik`, and `redis` on newer releases).
///
/// ```
/// use dokploy::models::{HealthStatus, InfrastructureHealth};
/// let health: InfrastructureHealth = serde_json::from_str(r#"{
///     "postgres": {"status": "healthy"},
///     "traefik": {"status": "unhealthy", "message": "connect ENOENT /var/run/docker.sock"}
/// }"#).unwrap();
/// assert!(!health.is_healthy());
/// let (name, traefik) = health.unhealthy().next().unwrap();
/// assert_eq!(name, "traefik");
/// assert_eq!(traefik.message.as_deref(), Some("connect ENOENT /var/run/docker.sock"));
/// assert_eq!(health.get("postgres").map(|p| &p.status), Some(&HealthStatus::Healthy));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
#[non_exhaustive]
pub struct InfrastructureHealth {
    /// Each service's health, by name.
    pub services: BTreeMap<String, ServiceHealth>,
}

impl InfrastructureHealth {
    /// The health of the service `name` (`postgres`, `traefik` …), if Dokploy reported it.
    pub fn get(&self, name: &str) -> Option<&ServiceHealth> {
        self.services.get(name)
    }

    /// The services that are not `healthy`, by name.
    pub fn unhealthy(&self) -> impl Iterator<Item = (&str, &ServiceHealth)> {
        self.services
            .iter()
            .filter(|(_, h)| h.status != HealthStatus::Healthy)
            .map(|(name, h)| (name.as_str(), h))
    }

    /// `true` when every service reported is `healthy`.
    pub fn is_healthy(&self) -> bool {
        self.unhealthy().next().is_none()
    }
}

/// The health of one of Dokploy's own services.
///
/// ```
/// use dokploy::models::{HealthStatus, ServiceHealth};
/// let ok: ServiceHealth = serde_json::from_str(r#"{"status": "healthy"}"#).unwrap();
/// assert_eq!((ok.status, ok.message), (HealthStatus::Healthy, None));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ServiceHealth {
    /// Healthy or not.
    pub status: HealthStatus,
    /// Why not, when unhealthy.
    #[serde(default)]
    pub message: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `settings.getLogCleanupStatus`: whether old logs are cleaned up, and when.
///
/// ```
/// let status: dokploy::models::LogCleanupStatus =
///     serde_json::from_str(r#"{"enabled": true, "cronExpression": "0 0 * * *"}"#).unwrap();
/// assert!(status.enabled);
/// assert_eq!(status.cron_expression.as_deref(), Some("0 0 * * *"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogCleanupStatus {
    /// Whether the cleanup job is scheduled.
    #[serde(default)]
    pub enabled: bool,
    /// Its cron expression.
    #[serde(default)]
    pub cron_expression: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One line of `docker system df` on Dokploy's host (`settings.getDockerDiskUsage`).
///
/// ```
/// let usage: dokploy::models::DockerDiskUsage = serde_json::from_str(r#"{
///     "type": "Images", "totalCount": 12, "active": 4, "size": "3.2GB",
///     "reclaimable": "1.1GB (34%)", "sizeBytes": 3435973836.8
/// }"#).unwrap();
/// assert_eq!(usage.kind, "Images");
/// assert_eq!(usage.total_count, Some(12));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DockerDiskUsage {
    /// `Images`, `Containers`, `Local Volumes` or `Build Cache`.
    #[serde(rename = "type")]
    pub kind: String,
    /// How many there are.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub total_count: Option<i64>,
    /// How many are in use.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub active: Option<i64>,
    /// Their size as Docker prints it (`3.2GB`).
    #[serde(default)]
    pub size: Option<String>,
    /// What a prune would free, as Docker prints it (`1.1GB (34%)`).
    #[serde(default)]
    pub reclaimable: Option<String>,
    /// The size in bytes, as Dokploy computes it from `size` (1 KB = 1024 B).
    #[serde(default)]
    pub size_bytes: Option<f64>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// GPU support on Dokploy's host or a remote server (`settings.checkGPUStatus`).
///
/// ```
/// let gpu: dokploy::models::GpuStatus = serde_json::from_str(r#"{
///     "driverInstalled": true, "driverVersion": "550.54", "availableGPUs": 2,
///     "runtimeInstalled": true, "runtimeConfigured": true, "swarmEnabled": true,
///     "gpuResources": 2, "cudaSupport": true, "gpuModel": "NVIDIA L4"
/// }"#).unwrap();
/// assert!(gpu.is_ready());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GpuStatus {
    /// Whether the NVIDIA driver is installed.
    #[serde(default)]
    pub driver_installed: bool,
    /// The driver's version.
    #[serde(default)]
    pub driver_version: Option<String>,
    /// The GPU model.
    #[serde(default)]
    pub gpu_model: Option<String>,
    /// How many GPUs the host has.
    #[serde(
        default,
        rename = "availableGPUs",
        deserialize_with = "super::lenient_int::option"
    )]
    pub available_gpus: Option<i64>,
    /// Whether the NVIDIA container runtime is installed.
    #[serde(default)]
    pub runtime_installed: bool,
    /// Whether Docker is configured to use it.
    #[serde(default)]
    pub runtime_configured: bool,
    /// Whether Docker runs in swarm mode.
    #[serde(default)]
    pub swarm_enabled: bool,
    /// How many GPUs swarm offers as resources.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub gpu_resources: Option<i64>,
    /// Whether CUDA is supported.
    #[serde(default)]
    pub cuda_support: Option<bool>,
    /// The CUDA version.
    #[serde(default)]
    pub cuda_version: Option<String>,
    /// Fields this model does not name (`memoryInfo` …).
    #[serde(flatten)]
    pub extra: Extra,
}

impl GpuStatus {
    /// `true` when services can be given GPUs: driver and runtime installed and configured,
    /// swarm on, and at least one GPU offered as a swarm resource.
    ///
    /// ```
    /// let none: dokploy::models::GpuStatus = serde_json::from_str(
    ///     r#"{"driverInstalled": false, "availableGPUs": 0}"#,
    /// ).unwrap();
    /// assert!(!none.is_ready());
    /// ```
    pub fn is_ready(&self) -> bool {
        self.driver_installed
            && self.runtime_installed
            && self.runtime_configured
            && self.swarm_enabled
            && self.gpu_resources.unwrap_or(0) > 0
    }
}
