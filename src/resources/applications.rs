//! Applications.

use crate::models::{Application, BuildType};
use crate::redact::Secret;
use crate::required;
use crate::types::builder::{ApplicationCreateBody, ApplicationUpdateBody};
use crate::{Client, ResponseExt, Result};

/// Typed application methods; from [`Client::applications`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::models::ApplicationSourceType;
/// use dokploy::resources::DockerImage;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let apps = client.applications();
/// let app = apps.create(&env_id, "web").await?;
/// apps.save_docker_provider(&app.application_id, DockerImage::public("nginx:1.27-alpine"))
///     .await?;
/// let app = apps.one(&app.application_id).await?;
/// assert_eq!(app.source_type, Some(ApplicationSourceType::Docker));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Applications<'a> {
    client: &'a Client,
}

/// What [`Applications::save_environment`] writes. `None` keeps the current value (read first),
/// so a call never wipes what it was not asked to change; `Some(String::new())` empties it.
///
/// ```
/// use dokploy::resources::EnvironmentSettings;
/// let settings = EnvironmentSettings {
///     build_args: Some("NODE_VERSION=22".into()),
///     build_secrets: Some("".into()), // emptied
///     ..EnvironmentSettings::default() // env and createEnvFile: kept as they are
/// };
/// assert_eq!(settings.env, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvironmentSettings {
    /// Runtime variables (`KEY=value` lines).
    pub env: Option<Secret>,
    /// Build arguments.
    pub build_args: Option<Secret>,
    /// Build secrets.
    pub build_secrets: Option<Secret>,
    /// Whether to write a `.env` file for the build.
    pub create_env_file: Option<bool>,
}

impl EnvironmentSettings {
    /// Sets only the runtime variables.
    ///
    /// ```
    /// use dokploy::resources::EnvironmentSettings;
    /// let settings = EnvironmentSettings::env("NODE_ENV=production");
    /// assert_eq!(settings.env.as_ref().map(|e| e.expose()), Some("NODE_ENV=production"));
    /// assert_eq!(settings.build_args, None); // kept as it is
    /// assert!(!format!("{settings:?}").contains("production")); // env blocks are secrets
    /// ```
    pub fn env(env: impl Into<String>) -> Self {
        Self {
            env: Some(Secret::new(env.into())),
            ..Self::default()
        }
    }
}

/// What [`Applications::save_build_type`] writes. Fields left `None` keep their current value.
/// The struct is `#[non_exhaustive]`: start from [`BuildSettings::new`] and set fields.
///
/// ```
/// use dokploy::models::BuildType;
/// use dokploy::resources::BuildSettings;
/// let mut settings = BuildSettings::new(BuildType::Static);
/// settings.publish_directory = Some("dist".to_string());
/// settings.is_static_spa = Some(true);
/// assert_eq!(settings.dockerfile, None);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct BuildSettings {
    /// How to build.
    pub build_type: BuildType,
    /// The Dockerfile path (for `dockerfile`).
    pub dockerfile: Option<String>,
    /// The Docker build context.
    pub docker_context_path: Option<String>,
    /// The Docker build stage.
    pub docker_build_stage: Option<String>,
    /// The Heroku stack version.
    pub heroku_version: Option<String>,
    /// The Railpack version.
    pub railpack_version: Option<String>,
    /// The directory to publish (for `static`).
    pub publish_directory: Option<String>,
    /// Serve `index.html` for unknown paths (for `static`).
    pub is_static_spa: Option<bool>,
}

impl BuildSettings {
    /// Switches to `build_type`, keeping every other build setting.
    ///
    /// ```
    /// use dokploy::models::BuildType;
    /// use dokploy::resources::BuildSettings;
    /// let settings = BuildSettings::new(BuildType::Railpack);
    /// assert_eq!(settings.build_type.as_str(), "railpack");
    /// assert_eq!(settings.railpack_version, None); // kept as it is
    /// ```
    pub fn new(build_type: BuildType) -> Self {
        Self {
            build_type,
            dockerfile: None,
            docker_context_path: None,
            docker_build_stage: None,
            heroku_version: None,
            railpack_version: None,
            publish_directory: None,
            is_static_spa: None,
        }
    }

    /// A Dockerfile build from `path`.
    ///
    /// ```
    /// use dokploy::models::BuildType;
    /// use dokploy::resources::BuildSettings;
    /// let settings = BuildSettings::dockerfile("docker/Dockerfile.prod");
    /// assert_eq!(settings.build_type, BuildType::Dockerfile);
    /// assert_eq!(settings.dockerfile.as_deref(), Some("docker/Dockerfile.prod"));
    /// ```
    pub fn dockerfile(path: impl Into<String>) -> Self {
        Self {
            dockerfile: Some(path.into()),
            ..Self::new(BuildType::Dockerfile)
        }
    }
}

/// A Docker image source for [`Applications::save_docker_provider`]. `Debug` hides the password.
///
/// ```
/// use dokploy::resources::DockerImage;
/// let image = DockerImage::private("ghcr.io/acme/web:1.4", "ghcr.io", "deploy-bot", "hunter2");
/// assert!(!format!("{image:?}").contains("hunter2"));
/// assert_eq!(image.password.unwrap().expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct DockerImage {
    /// The image, e.g. `nginx:1.27-alpine` or `ghcr.io/acme/web:latest`.
    pub image: String,
    /// Registry user, for private images.
    pub username: Option<String>,
    /// Registry password, for private images.
    pub password: Option<crate::redact::Secret>,
    /// The registry, when not Docker Hub.
    pub registry_url: Option<String>,
}

impl DockerImage {
    /// A public image (no credentials).
    ///
    /// ```
    /// use dokploy::resources::DockerImage;
    /// let image = DockerImage::public("nginx:1.27-alpine");
    /// assert_eq!((image.username, image.password, image.registry_url), (None, None, None));
    /// ```
    pub fn public(image: impl Into<String>) -> Self {
        Self {
            image: image.into(),
            username: None,
            password: None,
            registry_url: None,
        }
    }

    /// A private image with registry credentials.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::DockerImage;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let image = DockerImage::private("ghcr.io/acme/web:1.4", "ghcr.io", "deploy-bot", "s3cret");
    /// client.applications().save_docker_provider(&app_id, image).await?;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.password.unwrap().expose(), "s3cret");
    /// # Ok(()) }
    /// ```
    pub fn private(
        image: impl Into<String>,
        registry_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            image: image.into(),
            username: Some(username.into()),
            password: Some(crate::redact::Secret::new(password.into())),
            registry_url: Some(registry_url.into()),
        }
    }
}

impl std::fmt::Debug for DockerImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DockerImage")
            .field("image", &self.image)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("registry_url", &self.registry_url)
            .finish()
    }
}

impl<'a> Applications<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// One application with its environment, domains and deployments.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{BuildType, ServiceStatus};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.build_type, Some(BuildType::Nixpacks)); // Dokploy's default
    /// assert_eq!(app.application_status, Some(ServiceStatus::Idle));
    /// assert_eq!(app.environment.unwrap().name, "production");
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, application_id: &str) -> Result<Application> {
        self.client
            .application_one()
            .required(required::ApplicationOne {
                application_id: application_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Creates an application in an environment. Dokploy sets `sourceType` to `github` and
    /// `buildType` to `nixpacks` until told otherwise (see [`Self::save_docker_provider`],
    /// [`Self::save_build_type`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # client.projects().create("shop", None).await?;
    /// let env = client.environments().find("shop", None).await?;
    /// let app = client.applications().create(&env.environment_id, "web").await?;
    /// println!("{} is {}", app.name, app.app_name.unwrap_or_default());
    /// assert_eq!(app.source_type.unwrap().as_str(), "github");
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, environment_id: &str, name: &str) -> Result<Application> {
        self.create_with(environment_id, name, |b| b).await
    }

    /// Creates an application, setting more fields with `f` (description, `appName`, server).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let app = client
    ///     .applications()
    ///     .create_with(&env_id, "web", |b| {
    ///         b.app_name("shop-web".to_string()).description("the storefront".to_string())
    ///     })
    ///     .await?;
    /// assert!(app.app_name.unwrap().starts_with("shop-web-")); // plus a random suffix
    /// # Ok(()) }
    /// ```
    pub async fn create_with(
        &self,
        environment_id: &str,
        name: &str,
        f: impl FnOnce(ApplicationCreateBody) -> ApplicationCreateBody,
    ) -> Result<Application> {
        self.client
            .application_create()
            .required(required::ApplicationCreate {
                environment_id: environment_id.into(),
                name: name.into(),
            })
            .body_map(f)
            .send()
            .decode()
            .await
    }

    /// Updates the fields set by `f`; the others are not sent, so they keep their values. To
    /// clear a field (send `null`), use [`Client::call`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client
    ///     .applications()
    ///     .update(&app_id, |b| {
    ///         b.memory_limit("536870912".to_string()).description("the storefront".to_string())
    ///     })
    ///     .await?;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.description.as_deref(), Some("the storefront"));
    /// assert_eq!(app.name, "web"); // not sent, so unchanged
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        application_id: &str,
        f: impl FnOnce(ApplicationUpdateBody) -> ApplicationUpdateBody,
    ) -> Result<()> {
        self.client
            .application_update()
            .required(required::ApplicationUpdate {
                application_id: application_id.into(),
            })
            .body_map(f)
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Deletes an application (its domains, mounts and deployments go with it). **Irreversible.**
    /// Returns the application as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let deleted = client.applications().delete(&app_id).await?;
    /// assert_eq!(deleted.name, "web");
    /// assert!(client.applications().one(&app_id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, application_id: &str) -> Result<Application> {
        self.client
            .application_delete()
            .required(required::ApplicationDelete {
                application_id: application_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Queues a deployment and returns at once (Dokploy answers with an empty body and no
    /// deployment id). To wait for the result, use [`Client::deploy_application`].
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
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.applications().deploy(&app_id).await?;
    /// // Only queued: the deployment row appears when the job starts.
    /// assert!(client.deployments().all(&app_id).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn deploy(&self, application_id: &str) -> Result<()> {
        self.client
            .application_deploy()
            .required(required::ApplicationDeploy {
                application_id: application_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Queues a rebuild without fetching the source again. To wait for the result, use
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
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.applications().redeploy(&app_id).await?;
    /// tokio::time::sleep(std::time::Duration::from_millis(500)).await; // the job runs
    /// let latest = &client.deployments().all(&app_id).await?[0];
    /// assert_eq!(latest.title.as_deref(), Some("Rebuild deployment"));
    /// # Ok(()) }
    /// ```
    pub async fn redeploy(&self, application_id: &str) -> Result<()> {
        self.client
            .application_redeploy()
            .required(required::ApplicationRedeploy {
                application_id: application_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Starts the application's service. Dokploy answers with the row as it was *before* the change
    /// (a stale status), so this returns nothing: read it again with `one` for the new status.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.applications().start(&app_id).await?;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.application_status, Some(ServiceStatus::Done));
    /// # Ok(()) }
    /// ```
    pub async fn start(&self, application_id: &str) -> Result<()> {
        self.client
            .application_start()
            .required(required::ApplicationStart {
                application_id: application_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Stops the application's service. Dokploy answers with the row as it was *before* the change
    /// (a stale status), so this returns nothing: read it again with `one` for the new status.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # client.applications().start(&app_id).await?;
    /// client.applications().stop(&app_id).await?;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.application_status, Some(ServiceStatus::Idle));
    /// # Ok(()) }
    /// ```
    pub async fn stop(&self, application_id: &str) -> Result<()> {
        self.client
            .application_stop()
            .required(required::ApplicationStop {
                application_id: application_id.into(),
            })
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Saves environment variables, build arguments and build secrets. Dokploy requires all
    /// of them on every call; those left `None` in `settings` are sent as they currently are
    /// (read first), never as empty strings. For single variables, see [`Client::env_vars`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::EnvironmentSettings;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let apps = client.applications();
    /// let build = EnvironmentSettings {
    ///     build_args: Some("NODE_VERSION=22".into()),
    ///     ..Default::default()
    /// };
    /// apps.save_environment(&app_id, build).await?;
    /// apps.save_environment(&app_id, EnvironmentSettings::env("NODE_ENV=production\nPORT=3000"))
    ///     .await?; // build args and secrets are kept
    /// let app = apps.one(&app_id).await?;
    /// assert_eq!(app.env.unwrap().expose(), "NODE_ENV=production\nPORT=3000");
    /// assert_eq!(app.build_args.unwrap().expose(), "NODE_VERSION=22");
    /// # Ok(()) }
    /// ```
    pub async fn save_environment(
        &self,
        application_id: &str,
        settings: EnvironmentSettings,
    ) -> Result<()> {
        let needs_current = settings.env.is_none()
            || settings.build_args.is_none()
            || settings.build_secrets.is_none()
            || settings.create_env_file.is_none();
        let current = if needs_current {
            Some(self.one(application_id).await?)
        } else {
            None
        };
        let keep = |new: Option<Secret>, old: Option<&Secret>| new.or_else(|| old.cloned());
        let env = keep(settings.env, current.as_ref().and_then(|a| a.env.as_ref()));
        let build_args = keep(
            settings.build_args,
            current.as_ref().and_then(|a| a.build_args.as_ref()),
        );
        let build_secrets = keep(
            settings.build_secrets,
            current.as_ref().and_then(|a| a.build_secrets.as_ref()),
        );
        let create_env_file = settings
            .create_env_file
            .or_else(|| current.as_ref().and_then(|a| a.create_env_file))
            .unwrap_or(false);
        self.client
            .call("application.saveEnvironment")
            .arg("applicationId", application_id)
            .arg("env", env)
            .arg("buildArgs", build_args)
            .arg("buildSecrets", build_secrets)
            .arg("createEnvFile", create_env_file)
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Sets how the application is built. Dokploy requires every build field on each call;
    /// those left `None` in `settings` are sent as they currently are (read first).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::BuildType;
    /// use dokploy::resources::BuildSettings;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let settings = BuildSettings::dockerfile("docker/Dockerfile.prod");
    /// client.applications().save_build_type(&app_id, settings).await?;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.build_type, Some(BuildType::Dockerfile));
    /// assert_eq!(app.dockerfile.as_deref(), Some("docker/Dockerfile.prod"));
    /// # Ok(()) }
    /// ```
    pub async fn save_build_type(
        &self,
        application_id: &str,
        settings: BuildSettings,
    ) -> Result<()> {
        let current = self.one(application_id).await?;
        // `None` keeps the current value; `null` stays `null`.
        let keep = |new: Option<String>, old: &Option<String>| new.or_else(|| old.clone());
        let mut call = self
            .client
            .call("application.saveBuildType")
            .arg("applicationId", application_id)
            .arg("buildType", settings.build_type.as_str())
            .arg("dockerfile", keep(settings.dockerfile, &current.dockerfile))
            .arg(
                "dockerContextPath",
                keep(settings.docker_context_path, &current.docker_context_path),
            )
            .arg(
                "dockerBuildStage",
                keep(settings.docker_build_stage, &current.docker_build_stage),
            )
            .arg(
                "herokuVersion",
                keep(settings.heroku_version, &current.heroku_version),
            )
            .arg(
                "railpackVersion",
                keep(settings.railpack_version, &current.railpack_version),
            );
        // Optional keys: sent only when there is a value to keep or set.
        if let Some(publish) = keep(settings.publish_directory, &current.publish_directory) {
            call = call.arg("publishDirectory", publish);
        }
        if let Some(spa) = settings.is_static_spa.or(current.is_static_spa) {
            call = call.arg("isStaticSpa", spa);
        }
        call.send().body().await?.expect_done()
    }

    /// Makes the application run a Docker image (source type `docker`). A public image sends
    /// `null` credentials, clearing any stored ones.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::DockerImage;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let image = DockerImage::public("nginx:1.27-alpine");
    /// client.applications().save_docker_provider(&app_id, image).await?;
    /// let app = client.applications().one(&app_id).await?;
    /// assert_eq!(app.docker_image.as_deref(), Some("nginx:1.27-alpine"));
    /// # Ok(()) }
    /// ```
    pub async fn save_docker_provider(
        &self,
        application_id: &str,
        image: DockerImage,
    ) -> Result<()> {
        self.client
            .call("application.saveDockerProvider")
            .arg("applicationId", application_id)
            .arg("dockerImage", image.image)
            .arg("username", image.username)
            .arg("password", image.password.map(|p| p.expose().to_string()))
            .arg("registryUrl", image.registry_url)
            .send()
            .body()
            .await?
            .expect_done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_image_debug_hides_the_password() {
        let image = DockerImage::private("ghcr.io/a/b", "ghcr.io", "bot", "s3cret");
        assert!(!format!("{image:?}").contains("s3cret"));
    }
}
