//! Deployment history and logs.

use crate::models::{Deployment, DeploymentTarget};
use crate::{Client, ResponseExt, Result};

/// Typed deployment methods; from [`Client::deployments`].
#[derive(Clone, Copy, Debug)]
pub struct Deployments<'a> {
    client: &'a Client,
}

impl<'a> Deployments<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// An application's deployments, newest first (Dokploy keeps about ten). An unknown id
    /// gives an empty list, not an error.
    pub async fn all(&self, application_id: &str) -> Result<Vec<Deployment>> {
        self.client
            .deployment_all()
            .application_id(application_id)
            .send()
            .decode()
            .await
    }

    /// A compose stack's deployments, newest first.
    pub async fn all_by_compose(&self, compose_id: &str) -> Result<Vec<Deployment>> {
        self.client
            .deployment_all_by_compose()
            .compose_id(compose_id)
            .send()
            .decode()
            .await
    }

    /// The deployments of anything that has them, newest first.
    ///
    /// ```no_run
    /// use dokploy::models::DeploymentTarget;
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let latest = client.deployments().all_by_type("compose-id", DeploymentTarget::Compose).await?;
    /// # Ok(()) }
    /// ```
    pub async fn all_by_type(&self, id: &str, target: DeploymentTarget) -> Result<Vec<Deployment>> {
        self.client
            .call("deployment.allByType")
            .arg("id", id)
            .arg("type", target.as_str())
            .send()
            .decode()
            .await
    }

    /// The last `tail` lines (Dokploy's default: 100) of a deployment's log.
    pub async fn read_logs(&self, deployment_id: &str, tail: Option<u32>) -> Result<String> {
        let mut call = self
            .client
            .call("deployment.readLogs")
            .arg("deploymentId", deployment_id);
        if let Some(tail) = tail {
            call = call.arg("tail", tail);
        }
        call.send().decode().await
    }
}
