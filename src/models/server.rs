//! Remote servers, as `server.all`, `server.one`, `server.create`, `server.update` and
//! `server.remove` return them.

use serde::{Deserialize, Serialize};

use super::{Deployment, Extra, ServerStatus, ServerType, SshKey};
use crate::redact::Secret;

/// A remote server Dokploy deploys to (or builds on) over SSH.
///
/// ```
/// use dokploy::models::{Server, ServerStatus};
/// let server: Server = serde_json::from_str(r#"{
///     "serverId": "s1", "name": "edge-1", "ipAddress": "203.0.113.7", "port": 22,
///     "username": "root", "serverStatus": "active", "totalSum": 0
/// }"#).unwrap();
/// assert_eq!(server.server_status, Some(ServerStatus::Active));
/// assert_eq!(server.total_sum, Some(0)); // no services on it
/// ```
///
/// `server.one` and `server.remove` add the server's deployments and its SSH key, with the
/// private key blanked to `""`; `metricsConfig` (with the monitoring `token`) is kept in
/// `extra`, whose `Debug` hides the token.
///
/// ```
/// let server: dokploy::models::Server = serde_json::from_str(r#"{
///     "serverId": "s1", "name": "edge-1", "sshKeyId": "k1", "deployments": [],
///     "sshKey": {"sshKeyId": "k1", "name": "deploy", "privateKey": "", "publicKey": "ssh-ed25519 AAAA"},
///     "metricsConfig": {"server": {"token": "m3trics", "port": 4500}}
/// }"#).unwrap();
/// let key = server.ssh_key.as_ref().unwrap();
/// assert_eq!(key.public_key.as_deref(), Some("ssh-ed25519 AAAA"));
/// assert!(!key.has_private_key());
/// assert!(!format!("{server:?}").contains("m3trics"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Server {
    /// The id.
    pub server_id: String,
    /// The name.
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The address.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// The SSH port.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub port: Option<i64>,
    /// The SSH user.
    #[serde(default)]
    pub username: Option<String>,
    /// The SSH key.
    #[serde(default)]
    pub ssh_key_id: Option<String>,
    /// Deploy or build server.
    #[serde(default)]
    pub server_type: Option<ServerType>,
    /// Active or not.
    #[serde(default)]
    pub server_status: Option<ServerStatus>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The Docker-safe name Dokploy gave it.
    #[serde(default)]
    pub app_name: Option<String>,
    /// Whether Dokploy prunes Docker on it daily.
    #[serde(default)]
    pub enable_docker_cleanup: Option<bool>,
    /// How many builds may run on it at once.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub builds_concurrency: Option<i64>,
    /// The custom setup command (`""` for Dokploy's own); a [`Secret`], since setup
    /// commands carry credentials.
    #[serde(default)]
    pub command: Option<Secret>,
    /// The organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// `server.one`/`remove`: the deployments on the server (setup runs, deploys).
    #[serde(default)]
    pub deployments: Vec<Deployment>,
    /// `server.one`/`remove`: the SSH key, with `privateKey` blanked to `""`.
    #[serde(default)]
    pub ssh_key: Option<SshKey>,
    /// `server.all`'s count of services on the server. Dokploy computes it over several joins,
    /// so it is inflated when the server hosts more than one kind of service, and it ignores
    /// libsql: treat it as "has services", not as a count.
    #[serde(default)]
    pub total_sum: Option<i64>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
