//! Deployments, as `deployment.all`, `deployment.allByCompose` and `deployment.allByType`
//! return them.

use serde::{Deserialize, Serialize};

use super::{DeploymentStatus, Extra};

/// One deployment of an application, compose stack, server… (newest first in lists).
///
/// A row appears only when Dokploy's queue starts the job, as `running`, then becomes `done`,
/// `error` or (after a Dokploy restart) `cancelled`. Why it failed is in the log
/// (`deployment.readLogs`), not in `error_message`, which is set only when the deployment could
/// not even be created.
///
/// ```
/// use dokploy::models::{Deployment, DeploymentStatus};
/// let deployment: Deployment = serde_json::from_str(r#"{
///     "deploymentId": "d1", "title": "Manual deployment", "status": "error",
///     "applicationId": "a1", "errorMessage": null, "pid": null
/// }"#).unwrap();
/// assert_eq!(deployment.status, DeploymentStatus::Error);
/// assert_eq!(deployment.error_message, None); // why it failed is in the log
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Deployment {
    /// The id.
    pub deployment_id: String,
    /// The title ("Manual deployment", or the commit message for git sources).
    #[serde(default)]
    pub title: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The status.
    pub status: DeploymentStatus,
    /// Where the log is on the Dokploy host.
    #[serde(default)]
    pub log_path: Option<String>,
    /// The application deployed, if any.
    #[serde(default)]
    pub application_id: Option<String>,
    /// The compose stack deployed, if any.
    #[serde(default)]
    pub compose_id: Option<String>,
    /// The server deployed, if any.
    #[serde(default)]
    pub server_id: Option<String>,
    /// When the row was created (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// When the job started.
    #[serde(default)]
    pub started_at: Option<String>,
    /// When it finished.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// Set only when creating the deployment itself failed.
    #[serde(default)]
    pub error_message: Option<String>,
    /// Fields this model does not name (`pid`, `rollback`, the other foreign keys…).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `type` of `deployment.allByType`.
///
/// ```
/// use dokploy::models::DeploymentTarget;
/// assert_eq!(DeploymentTarget::VolumeBackup.as_str(), "volumeBackup");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeploymentTarget {
    /// An application's deployments.
    Application,
    /// A compose stack's.
    Compose,
    /// A server's (setup).
    Server,
    /// A schedule's runs.
    Schedule,
    /// A preview deployment's.
    PreviewDeployment,
    /// A backup's runs.
    Backup,
    /// A volume backup's runs.
    VolumeBackup,
}

impl DeploymentTarget {
    /// The value Dokploy expects.
    ///
    /// ```
    /// use dokploy::models::DeploymentTarget;
    /// assert_eq!(DeploymentTarget::PreviewDeployment.as_str(), "previewDeployment");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentTarget::Application => "application",
            DeploymentTarget::Compose => "compose",
            DeploymentTarget::Server => "server",
            DeploymentTarget::Schedule => "schedule",
            DeploymentTarget::PreviewDeployment => "previewDeployment",
            DeploymentTarget::Backup => "backup",
            DeploymentTarget::VolumeBackup => "volumeBackup",
        }
    }
}
