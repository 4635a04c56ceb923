//! Remote servers, as `server.all`, `server.one` and `server.create` return them.

use serde::{Deserialize, Serialize};

use super::{Extra, ServerStatus, ServerType};

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// `server.all`'s count of services on the server. Dokploy computes it over several joins,
    /// so it is inflated when the server hosts more than one kind of service, and it ignores
    /// libsql: treat it as "has services", not as a count.
    #[serde(default)]
    pub total_sum: Option<i64>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
