//! Applications, as `application.one`, `application.create` and friends return them.

use serde::{Deserialize, Serialize};

use super::{
    ApplicationSourceType, BuildType, Deployment, Domain, Environment, Extra, Mount, Port,
    Redirect, Security, ServiceStatus,
};
use crate::redact::Secret;

/// An application (built from git, a Docker image or an archive, run as a Swarm service).
///
/// `application.one` also nests its environment, domains and deployments; the row returned by
/// `application.create` has none of them. The other columns (about 90) are in `extra`.
///
/// ```
/// use dokploy::models::{Application, ApplicationSourceType};
/// let app: Application = serde_json::from_str(r#"{
///     "applicationId": "a1", "name": "web", "appName": "web-4kq9xz",
///     "sourceType": "docker", "dockerImage": "nginx:1.27-alpine",
///     "env": "API_KEY=s3cret", "memoryLimit": "536870912"
/// }"#).unwrap();
/// assert_eq!(app.source_type, Some(ApplicationSourceType::Docker));
/// assert_eq!(app.memory_limit.as_deref(), Some("536870912")); // bytes, as Dokploy stores them
/// assert!(!format!("{app:?}").contains("s3cret")); // secrets stay out of Debug
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Application {
    /// The id.
    pub application_id: String,
    /// The name.
    pub name: String,
    /// The Docker service name: the `appName` given at creation plus a random suffix, or
    /// `app-`, three random words and the suffix when none was given (the name is not used).
    #[serde(default)]
    pub app_name: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The environment it belongs to.
    #[serde(default)]
    pub environment_id: Option<String>,
    /// The status (`done` may still describe the previous deploy while a new one is queued).
    #[serde(default)]
    pub application_status: Option<ServiceStatus>,
    /// Where the code comes from (Dokploy's default is `github`).
    #[serde(default)]
    pub source_type: Option<ApplicationSourceType>,
    /// How it is built.
    #[serde(default)]
    pub build_type: Option<BuildType>,
    /// The image, for `docker` sources.
    #[serde(default)]
    pub docker_image: Option<String>,
    /// The git repository, for GitHub sources.
    #[serde(default)]
    pub repository: Option<String>,
    /// The repository owner, for GitHub sources.
    #[serde(default)]
    pub owner: Option<String>,
    /// The branch, for GitHub sources.
    #[serde(default)]
    pub branch: Option<String>,
    /// The Dockerfile, for `dockerfile` builds.
    #[serde(default)]
    pub dockerfile: Option<String>,
    /// The Docker build context.
    #[serde(default)]
    pub docker_context_path: Option<String>,
    /// The Docker build stage.
    #[serde(default)]
    pub docker_build_stage: Option<String>,
    /// The Heroku stack version, for `heroku_buildpacks` builds.
    #[serde(default)]
    pub heroku_version: Option<String>,
    /// The Railpack version, for `railpack` builds.
    #[serde(default)]
    pub railpack_version: Option<String>,
    /// The directory to publish, for `static` builds.
    #[serde(default)]
    pub publish_directory: Option<String>,
    /// Serve `index.html` for unknown paths, for `static` builds.
    #[serde(default)]
    pub is_static_spa: Option<bool>,
    /// Runtime environment variables (`KEY=value` lines).
    #[serde(default)]
    pub env: Option<Secret>,
    /// Build arguments (`KEY=value` lines).
    #[serde(default)]
    pub build_args: Option<Secret>,
    /// Build secrets (`KEY=value` lines).
    #[serde(default)]
    pub build_secrets: Option<Secret>,
    /// Whether a `.env` file is written for the build.
    #[serde(default)]
    pub create_env_file: Option<bool>,
    /// The registry password, for private images.
    #[serde(default)]
    pub password: Option<Secret>,
    /// The server it runs on; `None` for Dokploy's own.
    #[serde(default)]
    pub server_id: Option<String>,
    /// Replicas.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub replicas: Option<i64>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its environment, with the project (`application.one`).
    #[serde(default)]
    pub environment: Option<Box<Environment>>,
    /// Its domains (`application.one`).
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// Its deployments (`application.one`; unordered: use `deployment.all` for newest first).
    #[serde(default)]
    pub deployments: Vec<Deployment>,
    /// The most memory it may use, in bytes (a decimal string, as Dokploy stores it).
    #[serde(default)]
    pub memory_limit: Option<String>,
    /// The memory reserved for it, in bytes.
    #[serde(default)]
    pub memory_reservation: Option<String>,
    /// The most CPU it may use, in nano-CPUs (`500000000` is half a CPU).
    #[serde(default)]
    pub cpu_limit: Option<String>,
    /// The CPU reserved for it, in nano-CPUs.
    #[serde(default)]
    pub cpu_reservation: Option<String>,
    /// The command run instead of the image's.
    #[serde(default)]
    pub command: Option<String>,
    /// The command's arguments.
    #[serde(default)]
    pub args: Option<Vec<String>>,
    /// The registry a Docker image is pulled from (with `username` and `password`).
    #[serde(default)]
    pub registry_url: Option<String>,
    /// The registry user.
    #[serde(default)]
    pub username: Option<String>,
    /// Its mounts (`application.one`).
    #[serde(default)]
    pub mounts: Vec<Mount>,
    /// Its published ports (`application.one`).
    #[serde(default)]
    pub ports: Vec<Port>,
    /// Its redirects (`application.one`).
    #[serde(default)]
    pub redirects: Vec<Redirect>,
    /// Its basic-auth users (`application.one`).
    #[serde(default)]
    pub security: Vec<Security>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
