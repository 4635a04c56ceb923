//! Compose stacks.

use crate::models::{Compose, ComposeSourceType, ComposeType};
use crate::redact::Secret;
use crate::required;
use crate::types::builder::ComposeUpdateBody;
use crate::{Client, ResponseExt, Result};

/// Typed compose methods; from [`Client::compose`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewCompose;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let stacks = client.compose();
/// let yaml = "services:\n  web:\n    image: nginx:alpine\n";
/// let stack = stacks.create(NewCompose::from_yaml(&env_id, "site", yaml)).await?;
/// assert_eq!(stacks.load_services(&stack.compose_id).await?, ["web"]);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ComposeStacks<'a> {
    client: &'a Client,
}

/// What [`ComposeStacks::delete`] does with the stack's volumes: say it explicitly.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::Volumes;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
/// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
/// # let stack_id = client.compose().create(new).await?.compose_id;
/// let deleted = client.compose().delete(&stack_id, Volumes::Keep).await?;
/// assert_eq!(deleted.name, "site"); // its named volumes are still there
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Volumes {
    /// Keep the named volumes (data survives).
    Keep,
    /// Delete them too. **Their data is lost.**
    Delete,
}

/// A compose stack to create. The struct is `#[non_exhaustive]`: start from
/// [`NewCompose::from_yaml`] and set fields.
///
/// ```
/// use dokploy::models::ComposeType;
/// use dokploy::resources::NewCompose;
/// let yaml = "services:\n  web:\n    image: nginx:alpine\n";
/// let mut new = NewCompose::from_yaml("environment-id", "site", yaml);
/// new.compose_type = Some(ComposeType::Stack); // docker stack (Swarm)
/// new.description = Some("the public site".to_string());
/// assert_eq!(new.source_type, None); // `raw` is sent, since there is a file
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewCompose {
    /// The environment to create it in.
    pub environment_id: String,
    /// The name.
    pub name: String,
    /// The compose file, stored in Dokploy (`raw` source); a [`Secret`], hidden from `Debug`.
    pub compose_file: Option<Secret>,
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
    ///
    /// ```
    /// use dokploy::resources::NewCompose;
    /// let new = NewCompose::from_yaml("environment-id", "site", "services: {}\n");
    /// assert_eq!(new.compose_file.as_ref().map(|f| f.expose()), Some("services: {}\n"));
    /// ```
    pub fn from_yaml(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        yaml: impl Into<String>,
    ) -> Self {
        Self {
            environment_id: environment_id.into(),
            name: name.into(),
            compose_file: Some(Secret::new(yaml.into())),
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{ComposeSourceType, ServiceStatus};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let stack = client.compose().one(&stack_id).await?;
    /// assert_eq!(stack.source_type, Some(ComposeSourceType::Raw));
    /// assert_eq!(stack.compose_status, Some(ServiceStatus::Idle));
    /// assert_eq!(stack.environment.unwrap().name, "production");
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, compose_id: &str) -> Result<Compose> {
        self.client
            .compose_one()
            .required(required::ComposeOne {
                compose_id: compose_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Creates a stack.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewCompose;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// let stack = client.compose().create(NewCompose::from_yaml(&env_id, "site", yaml)).await?;
    /// assert_eq!(stack.compose_file.as_ref().map(|f| f.expose()), Some(yaml));
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
    ///
    /// **Dokploy does not report an unknown id here:** `compose.update` answers 200 with an empty
    /// body when no stack has the id (an existing stack always comes back as its row). So an
    /// empty answer is read back with `compose.one`, and its 404 ("Compose not found",
    /// [`is_not_found`](crate::Error::is_not_found)) is returned. Reading back only on an empty
    /// answer costs nothing when the stack exists, and there is no window between a check and the
    /// update.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let yaml = "services:\n  web:\n    image: nginx:1.27-alpine\n";
    /// let stack = client.compose().update(&stack_id, |b| b.compose_file(yaml.to_string())).await?;
    /// assert_eq!(stack.compose_file.unwrap().expose(), yaml);
    /// assert_eq!(stack.name, "site"); // not sent, so unchanged
    ///
    /// let e = client.compose().update("no-such-id", |b| b.description("x".to_string())).await;
    /// assert!(e.unwrap_err().is_not_found()); // although Dokploy answered 200
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        compose_id: &str,
        f: impl FnOnce(ComposeUpdateBody) -> ComposeUpdateBody,
    ) -> Result<Compose> {
        let body = self
            .client
            .compose_update()
            .required(required::ComposeUpdate {
                compose_id: compose_id.into(),
            })
            .body_map(f)
            .send()
            .body()
            .await?;
        if body.is_empty() {
            // No stack has this id: `compose.one` says so with a 404.
            self.one(compose_id).await?;
        }
        body.decode()
    }

    /// Deletes the stack, keeping or deleting its volumes as `volumes` says. **Irreversible.**
    /// Returns the stack as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::Volumes;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// client.compose().delete(&stack_id, Volumes::Delete).await?; // the data goes too
    /// assert!(client.compose().one(&stack_id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, compose_id: &str, volumes: Volumes) -> Result<Compose> {
        self.client
            .compose_delete()
            .required(required::ComposeDelete {
                compose_id: compose_id.into(),
                delete_volumes: volumes == Volumes::Delete,
            })
            .send()
            .decode()
            .await
    }

    /// Queues a deployment and returns at once (self-hosted Dokploy answers
    /// `{success, message, composeId}`, cloud `true`; both are fine). To wait for it, use
    /// [`Client::deploy_compose`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start_with(dokploy::fake::FakeOptions {
    /// #     queue_delay: std::time::Duration::from_secs(60),
    /// #     ..Default::default()
    /// # }).await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// client.compose().deploy(&stack_id).await?;
    /// // Only queued: the deployment row appears when the job starts.
    /// assert!(client.deployments().all_by_compose(&stack_id).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn deploy(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_deploy()
            .required(required::ComposeDeploy {
                compose_id: compose_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Queues a redeployment (without fetching the source again). To wait for it, use
    /// [`DeployRequest::redeploy`](crate::deploy::DeployRequest::redeploy).
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
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// client.compose().redeploy(&stack_id).await?;
    /// tokio::time::sleep(std::time::Duration::from_millis(500)).await; // the job runs
    /// let latest = &client.deployments().all_by_compose(&stack_id).await?[0];
    /// assert_eq!(latest.title.as_deref(), Some("Rebuild deployment"));
    /// # Ok(()) }
    /// ```
    pub async fn redeploy(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_redeploy()
            .required(required::ComposeRedeploy {
                compose_id: compose_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Starts the stack (`docker compose up -d`; nothing to run for a `stack`). When the command
    /// fails, Dokploy sets the stack `idle` and answers 500 "Command execution failed: …" with
    /// Docker's output, returned as the error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// client.compose().start(&stack_id).await?;
    /// let stack = client.compose().one(&stack_id).await?;
    /// assert_eq!(stack.compose_status, Some(ServiceStatus::Done));
    /// # Ok(()) }
    /// ```
    pub async fn start(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_start()
            .required(required::ComposeStart {
                compose_id: compose_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Stops the stack (`docker compose stop`, or `docker stack rm` for a `stack`). When the
    /// command fails, Dokploy sets the stack `error` and answers 500 "Command execution failed:
    /// …" with Docker's output, returned as the error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// # client.compose().start(&stack_id).await?;
    /// client.compose().stop(&stack_id).await?;
    /// let stack = client.compose().one(&stack_id).await?;
    /// assert_eq!(stack.compose_status, Some(ServiceStatus::Idle));
    ///
    /// // Without a working Docker engine, the command fails:
    /// fake.set_docker_engine(dokploy::fake::DockerEngine::Unreachable);
    /// let e = client.compose().stop(&stack_id).await.unwrap_err();
    /// assert_eq!(e.code(), Some("INTERNAL_SERVER_ERROR"));
    /// let stack = client.compose().one(&stack_id).await?;
    /// assert_eq!(stack.compose_status, Some(ServiceStatus::Error));
    /// # Ok(()) }
    /// ```
    pub async fn stop(&self, compose_id: &str) -> Result<()> {
        self.client
            .compose_stop()
            .required(required::ComposeStop {
                compose_id: compose_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// The names of the stack's services, read from its compose file now (`type=fetch`).
    /// Dokploy's default (`cache`) fails with 404 for a stack never fetched or deployed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let services = client.compose().load_services(&stack_id).await?;
    /// assert_eq!(services, ["web", "cache"]);
    /// # Ok(()) }
    /// ```
    pub async fn load_services(&self, compose_id: &str) -> Result<Vec<String>> {
        self.client
            .compose_load_services()
            .required(required::ComposeLoadServices {
                compose_id: compose_id.into(),
            })
            .type_(crate::types::ComposeLoadServicesType::Fetch)
            .send()
            .decode()
            .await
    }

    /// The names of the stack's services from the file Dokploy last fetched (`type=cache`):
    /// 404 for a stack never fetched ([`Self::load_services`]) or deployed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let compose = client.compose();
    /// assert!(compose.load_services_cached(&stack_id).await.unwrap_err().is_not_found());
    /// compose.load_services(&stack_id).await?; // fetches the file
    /// assert_eq!(compose.load_services_cached(&stack_id).await?, ["web", "cache"]);
    /// # Ok(()) }
    /// ```
    pub async fn load_services_cached(&self, compose_id: &str) -> Result<Vec<String>> {
        self.client
            .compose_load_services()
            .required(required::ComposeLoadServices {
                compose_id: compose_id.into(),
            })
            .type_(crate::types::ComposeLoadServicesType::Cache)
            .send()
            .decode()
            .await
    }

    /// The compose file as Dokploy would deploy it now (`compose.getConvertedCompose`): the file
    /// last fetched or deployed, with Dokploy's Traefik labels for the stack's domains. `None`
    /// while Dokploy has no file on disk for the stack (before [`Self::load_services`] or a
    /// deploy), which Dokploy answers as the YAML `null`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// let stack = client.compose().create(new).await?;
    /// assert_eq!(client.compose().converted_file(&stack.compose_id).await?, None);
    /// client.compose().load_services(&stack.compose_id).await?; // Dokploy writes the file
    /// let file = client.compose().converted_file(&stack.compose_id).await?;
    /// assert_eq!(file.as_deref(), Some(yaml));
    /// # Ok(()) }
    /// ```
    pub async fn converted_file(&self, compose_id: &str) -> Result<Option<String>> {
        let file: String = self
            .client
            .compose_get_converted_compose()
            .required(required::ComposeGetConvertedCompose {
                compose_id: compose_id.into(),
            })
            .send()
            .decode()
            .await?;
        Ok((file.trim() != "null").then_some(file))
    }

    /// The command Dokploy runs to deploy the stack (`compose.getDefaultCommand`): the stack's
    /// own `command` if it has one, else `docker compose -p <appName> -f <file> up -d --build
    /// --remove-orphans` (`docker stack deploy …` for a `stack`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// let stack = client.compose().create(new).await?;
    /// let command = client.compose().default_command(&stack.compose_id).await?;
    /// let app_name = stack.app_name.unwrap();
    /// assert_eq!(
    ///     command,
    ///     format!("docker compose -p {app_name} -f docker-compose.yml up -d --build --remove-orphans")
    /// );
    /// # Ok(()) }
    /// ```
    pub async fn default_command(&self, compose_id: &str) -> Result<String> {
        self.client
            .compose_get_default_command()
            .required(required::ComposeGetDefaultCommand {
                compose_id: compose_id.into(),
            })
            .send()
            .decode()
            .await
    }
}
