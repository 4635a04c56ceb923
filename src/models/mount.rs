//! Mounts of a service, as `mounts.create`, `mounts.one`, `mounts.listByServiceId` and the
//! services' `one` return them.

use serde::{Deserialize, Serialize};

use super::Extra;
use crate::redact::Secret;

/// A volume, bind or file mount of an application, compose stack or database. A new database
/// comes with one of its own: the volume `<appName>-data` at its data directory.
///
/// ```
/// use dokploy::models::Mount;
/// let mount: Mount = serde_json::from_str(r#"{
///     "mountId": "m1", "type": "volume", "volumeName": "rec-data", "hostPath": null,
///     "filePath": null, "content": null, "serviceType": "application", "mountPath": "/data",
///     "applicationId": "a1"
/// }"#).unwrap();
/// assert_eq!(mount.mount_type, "volume");
/// assert_eq!(mount.volume_name.as_deref(), Some("rec-data"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Mount {
    /// The id.
    pub mount_id: String,
    /// `volume`, `bind` or `file`.
    #[serde(rename = "type")]
    pub mount_type: String,
    /// Where it is mounted in the container.
    pub mount_path: String,
    /// The volume's name (`volume` mounts).
    #[serde(default)]
    pub volume_name: Option<String>,
    /// The host directory (`bind` mounts).
    #[serde(default)]
    pub host_path: Option<String>,
    /// The file's name in Dokploy's files directory (`file` mounts).
    #[serde(default)]
    pub file_path: Option<String>,
    /// The file's content (`file` mounts; may hold secrets).
    #[serde(default)]
    pub content: Option<Secret>,
    /// The kind of service it belongs to (`application`, `compose`, `postgres`…).
    #[serde(default)]
    pub service_type: Option<String>,
    /// Fields this model does not name (the owner's id column).
    #[serde(flatten)]
    pub extra: Extra,
}
