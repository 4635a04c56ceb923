//! Compose stacks, as `compose.one`, `compose.create` and friends return them.

use serde::{Deserialize, Serialize};

use super::{
    ComposeSourceType, ComposeType, Deployment, Domain, Environment, Extra, Mount, ServiceStatus,
};
use crate::redact::Secret;

/// A compose stack (`docker compose` or `docker stack`).
///
/// ```
/// use dokploy::models::{Compose, ComposeSourceType, ComposeType};
/// let stack: Compose = serde_json::from_str(r#"{
///     "composeId": "c1", "name": "site", "sourceType": "raw", "composeType": "docker-compose",
///     "composeFile": "services:\n  web:\n    image: nginx:alpine\n", "deployments": []
/// }"#).unwrap();
/// assert_eq!(stack.source_type, Some(ComposeSourceType::Raw));
/// assert_eq!(stack.compose_type, Some(ComposeType::DockerCompose));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Compose {
    /// The id.
    pub compose_id: String,
    /// The name.
    pub name: String,
    /// The stack's name in Docker: the `appName` given at creation plus a random suffix, or
    /// `compose-`, three random words and the suffix when none was given.
    #[serde(default)]
    pub app_name: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The environment it belongs to.
    #[serde(default)]
    pub environment_id: Option<String>,
    /// The status.
    #[serde(default)]
    pub compose_status: Option<ServiceStatus>,
    /// Where the compose file comes from.
    #[serde(default)]
    pub source_type: Option<ComposeSourceType>,
    /// `docker-compose` or `stack`.
    #[serde(default)]
    pub compose_type: Option<ComposeType>,
    /// The stored compose file (for `raw` stacks): a [`Secret`], since compose files carry
    /// passwords (`POSTGRES_PASSWORD: …`).
    #[serde(default)]
    pub compose_file: Option<Secret>,
    /// Where the compose file is in the repository (`./docker-compose.yml` unless changed).
    #[serde(default)]
    pub compose_path: Option<String>,
    /// The command Dokploy runs instead of its default (`""` for none; see
    /// [`ComposeStacks::default_command`](crate::resources::ComposeStacks::default_command)).
    /// A [`Secret`]: commands carry passwords (`--requirepass …`).
    #[serde(default)]
    pub command: Option<Secret>,
    /// Environment variables (`KEY=value` lines).
    #[serde(default)]
    pub env: Option<Secret>,
    /// The server it runs on; `None` for Dokploy's own.
    #[serde(default)]
    pub server_id: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its domains (`compose.one`).
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// Its deployments (`compose.one`; unordered).
    #[serde(default)]
    pub deployments: Vec<Deployment>,
    /// Its mounts (`compose.one`).
    #[serde(default)]
    pub mounts: Vec<Mount>,
    /// Its environment, with the project (`compose.one`).
    #[serde(default)]
    pub environment: Option<Box<Environment>>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A compose stack as listed inside an environment.
///
/// ```
/// use dokploy::models::{ComposeSummary, ServiceStatus};
/// let summary: ComposeSummary =
///     serde_json::from_str(r#"{"composeId": "c1", "name": "site", "composeStatus": "done"}"#)
///         .unwrap();
/// assert_eq!(summary.compose_status, Some(ServiceStatus::Done));
/// assert_eq!(summary.app_name, None); // not in `project.all`
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ComposeSummary {
    /// The id.
    pub compose_id: String,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The status.
    #[serde(default)]
    pub compose_status: Option<ServiceStatus>,
    /// The stack's name in Docker (not in `project.all`).
    #[serde(default)]
    pub app_name: Option<String>,
    /// The description (not in `project.all`).
    #[serde(default)]
    pub description: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
