//! Typed methods for Dokploy's core resources: one handle per resource family, reached from
//! [`Client`], each method one request (or a short, documented sequence) returning a typed model.
//!
//! | handle | methods |
//! |---|---|
//! | [`Client::projects`] | `all`, `one`, `by_name`, `create`, `update`, `remove` |
//! | [`Client::environments`] | `one`, `of_project`, `default_of`, `named`, `find`, `create` |
//! | [`Client::applications`] | `one`, `create`, `create_with`, `update`, `delete`, `deploy`, `redeploy`, `start`, `stop`, `save_environment`, `save_build_type`, `save_docker_provider` |
//! | [`Client::databases`] | `one`, `create`, `update`, `remove`, `deploy`, `start`, `stop` (all six kinds) |
//! | [`Client::domains`] | `one`, `by_application`, `by_compose`, `create`, `update`, `delete` |
//! | [`Client::compose`] | `one`, `create`, `update`, `delete`, `deploy`, `redeploy`, `start`, `stop`, `load_services`, `load_services_cached`, `converted_file`, `default_command` |
//! | [`Client::deployments`] | `all`, `all_by_compose`, `all_by_type`, `read_logs` |
//! | [`Client::servers`] | `all`, `one`, `create`, `update`, `count`, `remove` |
//! | [`Client::ssh_keys`] | `all`, `summaries`, `one`, `create`, `generate`, `update`, `remove` |
//! | [`Client::git_providers`] | `all`, `usable`, `gitea`, `gitlab`, `bitbucket`, `github`, `create_gitea`, `create_gitlab`, `create_bitbucket`, `update_gitea`, `update_gitlab`, `update_bitbucket`, `test`, `repositories`, `branches`, `set_shared`, `remove` |
//!
//! `remove` and `delete` are irreversible and never called implicitly by anything in this crate.

mod applications;
mod compose;
mod created;
mod databases;
mod deployments;
mod domains;
mod environments;
mod git_providers;
mod projects;
mod servers;
mod ssh_keys;

pub use applications::{Applications, BuildSettings, DockerImage, EnvironmentSettings};
pub use compose::{ComposeStacks, NewCompose, Volumes};
pub use databases::{DatabaseUpdate, Databases, LIBSQL_DEFAULT_IMAGE, NewDatabase};
pub use deployments::Deployments;
pub use domains::{Domains, NewDomain};
pub use environments::Environments;
pub use git_providers::{
    BitbucketUpdate, GitProviders, GiteaUpdate, GitlabUpdate, NewBitbucket, NewGitea, NewGitlab,
};
pub use projects::Projects;
pub use servers::{NewServer, ServerUpdate, Servers};
pub use ssh_keys::{NewSshKey, SshKeyUpdate, SshKeys};

use crate::Client;

impl Client {
    /// Projects: list, find by name, create (with the default environment), update, remove.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// client.projects().create("shop", None).await?;
    /// assert_eq!(client.projects().by_name("shop").await?.environments[0].name, "production");
    /// # Ok(()) }
    /// ```
    pub fn projects(&self) -> Projects<'_> {
        Projects::new(self)
    }

    /// Environments: the default one of a project, one by name, create.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # client.projects().create("shop", None).await?;
    /// let production = client.environments().find("shop", None).await?;
    /// assert!(production.is_default);
    /// # Ok(()) }
    /// ```
    pub fn environments(&self) -> Environments<'_> {
        Environments::new(self)
    }

    /// Applications: create, configure, deploy, start, stop, delete.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let app = client.applications().create(&env_id, "web").await?;
    /// assert_eq!(client.applications().one(&app.application_id).await?.name, "web");
    /// # Ok(()) }
    /// ```
    pub fn applications(&self) -> Applications<'_> {
        Applications::new(self)
    }

    /// Databases of all six kinds through one API.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::DatabaseKind;
    /// use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let cache = client
    ///     .databases()
    ///     .create(DatabaseKind::Redis, NewDatabase::new(&env_id, "cache"))
    ///     .await?;
    /// assert_eq!(cache.reference.procedure("deploy"), "redis.deploy");
    /// # Ok(()) }
    /// ```
    pub fn databases(&self) -> Databases<'_> {
        Databases::new(self)
    }

    /// Domains of applications and compose stacks.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDomain;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.domains().create(NewDomain::application(&app_id, "shop.example.com", 3000)).await?;
    /// assert_eq!(client.domains().by_application(&app_id).await?[0].host, "shop.example.com");
    /// # Ok(()) }
    /// ```
    pub fn domains(&self) -> Domains<'_> {
        Domains::new(self)
    }

    /// Compose stacks.
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
    /// assert_eq!(client.compose().load_services(&stack.compose_id).await?, ["web"]);
    /// # Ok(()) }
    /// ```
    pub fn compose(&self) -> ComposeStacks<'_> {
        ComposeStacks::new(self)
    }

    /// Deployment history and logs (to deploy and wait, see [`Client::deploy_application`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let history = client.deployments().all(&app_id).await?;
    /// assert!(history.is_empty()); // never deployed
    /// # Ok(()) }
    /// ```
    pub fn deployments(&self) -> Deployments<'_> {
        Deployments::new(self)
    }

    /// Remote servers.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert!(client.servers().all().await?.is_empty()); // only Dokploy's own host
    /// # Ok(()) }
    /// ```
    pub fn servers(&self) -> Servers<'_> {
        Servers::new(self)
    }

    /// SSH keys (the keys Dokploy reaches remote servers with).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewServer, NewSshKey};
    /// let key = client
    ///     .ssh_keys()
    ///     .create(NewSshKey::new("deploy", "-----BEGIN OPENSSH PRIVATE KEY-----\n…", "ssh-ed25519 AAAA"))
    ///     .await?;
    /// let new = NewServer::new("edge-1", "203.0.113.7", "root").ssh_key(&key.ssh_key_id);
    /// let server = client.servers().create(new).await?;
    /// assert_eq!(server.ssh_key_id, Some(key.ssh_key_id));
    /// # Ok(()) }
    /// ```
    pub fn ssh_keys(&self) -> SshKeys<'_> {
        SshKeys::new(self)
    }

    /// Git providers: Gitea, GitLab, Bitbucket and (read-only) GitHub.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewGitea;
    /// let new = NewGitea::new("forge", "https://git.example.com").oauth_app("client-id", "secret");
    /// client.git_providers().create_gitea(new).await?;
    /// assert_eq!(client.git_providers().all().await?[0].name, "forge");
    /// # Ok(()) }
    /// ```
    pub fn git_providers(&self) -> GitProviders<'_> {
        GitProviders::new(self)
    }
}
