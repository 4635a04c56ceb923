//! Compose stacks.

use crate::models::{Compose, ComposeSourceType, ComposeType};
use crate::types::builder::ComposeUpdateBody;
use crate::{Client, ResponseExt, Result};

/// Typed compose methods; from [`Client::compose`].
#[derive(Clone, Copy, Debug)]
pub struct ComposeStacks<'a> {
    client: &'a Client,
}

/// What [`ComposeStacks::delete`] does with the stack's volumes: say it explicitly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Volumes {
    /// Keep the named volumes (data survives).
    Keep,
    /// Delete them too. **Their data is lost.**
    Delete,
}

/// A compose stack to create.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewCompose {
    /// The environment to create it in.
    pub environment_id: String,
    /// The name.
    pub name: String,
    /// The compose file, stored in Dokploy (`raw` source).
    pub compose_file: Option<String>,
    /// `docker-compose` (default) or `stack`.
    pub compose_type: Option<ComposeType>,
    /// Where the file comes from. Dokploy defaults to `github` even when given a file; this
    /// crate sends `raw` whenever `compose_file` is set and this is `None`.
    pub source_type: Option<ComposeSourceType>,
    /// The description.
    pub description: Option<String>,
    /// The stack's Docker name (Dokploy appends a random suffix).
    pub app_name: Option<String>,
    /// The server to run on; `None` for Dokploy's own.
    pub server_id: Option<String>,
}

impl NewCompose {
    /// A stack running the compose file `yaml`, stored in Dokploy.
    pub fn from_yaml(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        yaml: impl Into<String>,
    ) -> Self {
        Self {
            environment_id: environment_id.into(),
            name: name.into(),
            compose_file: Some(yaml.into()),
            compose_type: None,
            source_type: None,
            description: None,
            app_name: None,
            server_id: None,
        }
    }
}

impl<'a> ComposeStacks<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// One stack with its environment, domains and deployments.
    pub async fn one(&self, compose_id: &str) -> Result<Compose> {
        self.client
            .compose_one()
            .compose_id(compose_id)
            .send()
            .decode()
            .await
    }

    /// Creates a stack.
    ///
    /// ```no_run
    /// use dokploy::resources::NewCompose;
    /// # async fn run(client: dokploy::Client, env_id: &str) -> dokploy::Result<()> {
    /// let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// let stack = client.compose().create(NewCompose::from_yaml(env_id, "site", yaml)).await?;
    /// client.compose().deploy(&stack.compose_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewCompose) -> Result<Compose> {
        let source = new
            .source_type
            .or_else(|| new.compose_file.as_ref().map(|_| ComposeSourceType::Raw));
        let mut call = self
            .client
            .call("compose.create")
            .arg("environmentId", &new.environment_id)
            .arg("name", &new.name);
        if let Some(file) = &new.compose_file {
            call = call.arg("composeFile", file);
        }
        if let Some(source) = source {
            call = call.arg("sourceType", source.as_str());
        }
        if let Some(kind) = &new.compose_type {
            call = call.arg("composeType", kind.as_str());
        }
        if let Some(description) = &new.description {
            call = call.arg("description", description);
        }
        if let Some(app_name) = &new.app_name {
            call = call.arg("appName", app_name);
        }
        if let Some(server) = &new.server_id {
            call = call.arg("serverId", server);
        }
        call.send().decode().await
    }

    /// Updates the fields set by `f` and returns the stack.
    pub async fn update(
        &self,
        compose_id: &str,
        f: impl FnOnce(ComposeUpdateBody) -> ComposeUpdateBody,
    ) -> Result<Compose> {
        self.client
            .compose_update()
            .body_map(|b| f(b.compose_id(compose_id)))
            .send()
            .decode()
            .await
    }

    /// Deletes the stack, keeping or deleting its volumes as `volumes` says. **Irreversible.**
    /// Returns the stack as it was.
    pub async fn delete(&self, compose_id: &str, volumes: Volumes) -> Result<Compose> {
        self.client
            .compose_delete()
            .body_map(|b| {
                b.compose_id(compose_id)
                    .delete_volumes(volumes == Volumes::Delete)
            })
            .send()
            .decode()
            .await
    }

    /// Queues a deployment and returns at once (self-hosted Dokploy answers
    /// `{success, message, composeId}`, cloud `true`; both are fine). To wait for it, use
    /// [`Client::deploy_compose`].
    pub async fn deploy(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_deploy()
            .body_map(|b| b.compose_id(compose_id))
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Queues a redeployment.
    pub async fn redeploy(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_redeploy()
            .body_map(|b| b.compose_id(compose_id))
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Starts the stack.
    pub async fn start(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_start()
            .body_map(|b| b.compose_id(compose_id))
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Stops the stack.
    pub async fn stop(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_stop()
            .body_map(|b| b.compose_id(compose_id))
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// The names of the stack's services, read from its compose file now (`type=fetch`).
    /// Dokploy's default (`cache`) fails with 404 for a stack never fetched or deployed.
    pub async fn load_services(&self, compose_id: &str) -> Result<Vec<String>> {
        self.client
            .compose_load_services()
            .compose_id(compose_id)
            .type_(crate::types::ComposeLoadServicesType::Fetch)
            .send()
            .decode()
            .await
    }

    /// The names of the stack's services from the file Dokploy last fetched (`type=cache`).
    pub async fn load_services_cached(&self, compose_id: &str) -> Result<Vec<String>> {
        self.client
            .compose_load_services()
            .compose_id(compose_id)
            .type_(crate::types::ComposeLoadServicesType::Cache)
            .send()
            .decode()
            .await
    }
}
