//! Deployment history and logs.

use crate::models::{Deployment, DeploymentTarget};
use crate::required;
use crate::{Client, ResponseExt, Result};

/// Typed deployment methods; from [`Client::deployments`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
/// #     queue_delay: std::time::Duration::from_millis(10),
/// #     build_duration: std::time::Duration::from_millis(10),
/// #     ..Default::default()
/// # }).await.expect("the fake starts");
/// # let client = fake.client();
/// # let fast = dokploy::WaitOptions {
/// #     poll_interval: std::time::Duration::from_millis(20),
/// #     ..Default::default()
/// # };
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// # client.deploy_application(&app_id).options(fast.clone()).wait().await?;
/// let deployments = client.deployments();
/// let latest = deployments.all(&app_id).await?.remove(0);
/// let log = deployments.read_logs(&latest.deployment_id, Some(20)).await?;
/// println!("{} ({}):\n{log}", latest.title.unwrap_or_default(), latest.status);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Deployments<'a> {
    client: &'a Client,
}

impl<'a> Deployments<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// The client these methods call through.
    pub(crate) fn client(&self) -> &'a Client {
        self.client
    }

    /// A deployment of an application or compose stack by its id, from every deployment
    /// Dokploy lists across them (`deployment.allCentralized`); not found is
    /// [`LookupError::NotFound`](crate::LookupError::NotFound).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let outcome = client.deploy_application(&app_id).wait().await?;
    /// let found = client.deployments().find(&outcome.deployment.deployment_id).await?;
    /// assert_eq!(found.application_id.as_deref(), Some(app_id.as_str()));
    /// assert!(client.deployments().find("no-such-deployment").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn find(&self, deployment_id: &str) -> Result<Deployment> {
        let mut all: Vec<Deployment> = self
            .client
            .call("deployment.allCentralized")
            .send()
            .decode()
            .await?;
        if let Some(found) = all.iter().position(|d| d.deployment_id == deployment_id) {
            return Ok(all.swap_remove(found));
        }
        // The newest few, as a hint of what ids look like.
        let available = all
            .iter()
            .take(5)
            .map(|d| format!("{} ({})", d.deployment_id, d.status))
            .collect();
        Err(crate::Error::Lookup(Box::new(
            crate::LookupError::NotFound {
                what: "deployment",
                wanted: format!("{deployment_id} among the applications' and compose stacks'"),
                available,
            },
        )))
    }

    /// An application's deployments, newest first (Dokploy keeps about ten). An unknown id
    /// gives an empty list, not an error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::models::DeploymentStatus;
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # client.deploy_application(&app_id).options(fast.clone()).wait().await?;
    /// # client.deploy_application(&app_id).options(fast.clone()).wait().await?;
    /// let deployments = client.deployments().all(&app_id).await?;
    /// assert_eq!(deployments.len(), 2);
    /// assert_eq!(deployments[0].status, DeploymentStatus::Done);
    /// assert!(client.deployments().all("no-such-id").await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn all(&self, application_id: &str) -> Result<Vec<Deployment>> {
        self.client
            .deployment_all()
            .required(required::DeploymentAll {
                application_id: application_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// A compose stack's deployments, newest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// # client.deploy_compose(&stack_id).options(fast.clone()).wait().await?;
    /// let deployments = client.deployments().all_by_compose(&stack_id).await?;
    /// assert_eq!(deployments[0].compose_id.as_deref(), Some(stack_id.as_str()));
    /// # Ok(()) }
    /// ```
    pub async fn all_by_compose(&self, compose_id: &str) -> Result<Vec<Deployment>> {
        self.client
            .deployment_all_by_compose()
            .required(required::DeploymentAllByCompose {
                compose_id: compose_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// The deployments of anything that has them, newest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// use dokploy::models::DeploymentTarget;
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// # client.deploy_compose(&stack_id).options(fast.clone()).wait().await?;
    /// let latest = client.deployments().all_by_type(&stack_id, DeploymentTarget::Compose).await?;
    /// assert_eq!(latest.len(), 1);
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_millis(10),
    /// #     build_duration: std::time::Duration::from_millis(10),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # client.deploy_application(&app_id).options(fast.clone()).wait().await?;
    /// let latest = client.deployments().all(&app_id).await?.remove(0);
    /// let log = client.deployments().read_logs(&latest.deployment_id, Some(1)).await?;
    /// assert_eq!(log, "Docker Deployed: ✅");
    /// # Ok(()) }
    /// ```
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
