//! Typed methods for Dokploy's core resources: one handle per resource family, reached from
//! [`Client`], each method one request (or a short, documented sequence) returning a typed model.
//!
//! | handle | methods |
//! |---|---|
//! | [`Client::projects`] | `all`, `one`, `by_name`, `create`, `update`, `remove` (rows only), `remove_with_services` |
//! | [`Client::environments`] | `one`, `of_project`, `default_of`, `named`, `find`, `create` |
//! | [`Client::applications`] | `one`, `create`, `create_with`, `update`, `delete`, `deploy`, `redeploy`, `start`, `stop`, `save_environment`, `save_build_type`, `save_docker_provider` |
//! | [`Client::databases`] | `one`, `create`, `update`, `remove`, `deploy`, `start`, `stop` (all six kinds) |
//! | [`Client::domains`] | `one`, `by_application`, `by_compose`, `create`, `update`, `delete` |
//! | [`Client::compose`] | `one`, `create`, `update`, `delete`, `deploy`, `redeploy`, `start`, `stop`, `load_services`, `load_services_cached`, `converted_file`, `default_command` |
//! | [`Client::deployments`] | `all`, `all_by_compose`, `all_by_type`, `read_logs` |
//! | [`Client::servers`] | `all`, `one`, `create`, `remove` |
//!
//! `remove` and `delete` are irreversible and never called implicitly by anything in this crate
//! (only [`Projects::remove_with_services`], whose job it is, calls the services' own).
//!
//! Dokploy's `project.remove` deletes rows only: the project's deployed services keep running
//! on the server. [`Projects::remove_with_services`] takes them down first.

mod applications;
mod compose;
mod created;
mod databases;
mod deployments;
mod domains;
mod environments;
mod projects;
mod servers;

pub use applications::{Applications, BuildSettings, DockerImage, EnvironmentSettings};
pub use compose::{ComposeStacks, NewCompose, Volumes};
pub use databases::{DatabaseUpdate, Databases, LIBSQL_DEFAULT_IMAGE, NewDatabase};
pub use deployments::Deployments;
pub use domains::{Domains, NewDomain};
pub use environments::Environments;
pub use projects::{Projects, RemovalError, RemovedProject, RemovedService};
pub use servers::{NewServer, Servers};

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
}
