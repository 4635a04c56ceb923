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
//! | [`Client::servers`] | `all`, `one`, `create`, `update`, `count`, `remove` |
//! | [`Client::ssh_keys`] | `all`, `summaries`, `one`, `create`, `generate`, `update`, `remove` |
//! | [`Client::git_providers`] | `all`, `usable`, `gitea`, `gitlab`, `bitbucket`, `github`, `create_gitea`, `create_gitlab`, `create_bitbucket`, `update_gitea`, `update_gitlab`, `update_bitbucket`, `test`, `repositories`, `branches`, `set_shared`, `remove` |
//! | [`Client::destinations`] | `all`, `one`, `create`, `update`, `remove`, `test_connection`, `test` |
//! | [`Client::backups`] | `one`, `of`, `create`, `update`, `remove`, `list_files`, `files_of`, `run` (run now and wait) |
//! | [`Client::notifications`] | `all`, `one`, `create`, `update`, `remove`, `test`, `test_saved` (all twelve kinds) |
//! | [`Client::settings`] | `version`, `release_tag`, `health`, `is_cloud`, `ip`, `web_server`, `traefik_config`, `web_server_traefik_config`, `middleware_traefik_config`, `traefik_directory`, `traefik_file`, `traefik_env`, `traefik_ports`, `traefik_dashboard_enabled`, `infrastructure_health`, `log_cleanup`, `docker_disk_usage`, `gpu_status`, `set_builds_concurrency`, `set_server_builds_concurrency`, `set_docker_cleanup` |
//! | [`Client::users`] | `current`, `permissions`, `session` |
//! | [`Client::api_keys`] | `create` (no rate limit unless asked), `all`, `delete` |
//! | [`Client::mounts`] | `of`, `one`, `create`, `update`, `remove` |
//! | [`Client::ports`], [`Client::redirects`], [`Client::security`] | `create`, `update`, `delete` |
//! | [`Client::schedules`] | `of`, `create`, `update`, `delete` |
//! | [`Client::tags`] | `all`, `create`, `assign_to_project`, `remove_from_project`, `remove` |
//!
//! `remove` and `delete` are irreversible and never called implicitly by anything in this crate
//! (only [`Projects::remove_with_services`], whose job it is, calls the services' own).
//!
//! Reads without input (`projects().all()`, `servers().all()`, `users().current()` …) and the
//! calls that put their input together here go by procedure name ([`Client::call`]), checked
//! against the document by `xtask/tests/by_name.rs`: their answers are read straight from the
//! transport ([`Sending`](crate::Sending)), not through the generated client's response type.
//!
//! Dokploy's `project.remove` deletes rows only: the project's deployed services keep running
//! on the server. [`Projects::remove_with_services`] takes them down first.

mod api_keys;
mod applications;
mod backups;
mod compose;
mod created;
mod databases;
mod deployments;
mod destinations;
mod domains;
mod environments;
mod git_providers;
mod mounts;
mod notifications;
mod ports;
mod projects;
mod redirects;
mod schedules;
mod security;
mod servers;
mod settings;
mod ssh_keys;
mod tags;
mod users;

pub use api_keys::{ApiKeys, NewApiKey, RateLimit};
pub use applications::{Applications, BuildSettings, DockerImage, EnvironmentSettings};
pub use backups::{BackupChanges, Backups, NewBackup};
pub use compose::{ComposeStacks, NewCompose, Volumes};
pub use databases::{DatabaseUpdate, Databases, LIBSQL_DEFAULT_IMAGE, NewDatabase};
pub use deployments::Deployments;
pub use destinations::{Destinations, NewDestination};
pub use domains::{Domains, NewDomain};
pub use environments::Environments;
pub use git_providers::{
    BitbucketUpdate, GitProviders, GiteaUpdate, GitlabUpdate, NewBitbucket, NewGitea, NewGitlab,
};
pub use mounts::{MountOwner, Mounts, NewMount};
pub use notifications::{NotificationEdit, Notifications};
pub use ports::{NewPort, Ports};
pub use projects::{Projects, RemovalError, RemovedProject, RemovedService};
pub use redirects::Redirects;
pub use schedules::{NewSchedule, ScheduleOwner, Schedules};
pub use security::SecurityUsers;
pub use servers::{NewServer, ServerUpdate, Servers};
pub use settings::Settings;
pub use ssh_keys::{NewSshKey, SshKeyUpdate, SshKeys};
pub use tags::Tags;
pub use users::Users;

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
    /// use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let cache = client
    ///     .databases()
    ///     .create(NewDatabase::redis(&env_id, "cache"))
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

    /// Backup destinations (S3-compatible buckets).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDestination;
    /// let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// client.destinations().test_connection(&new).await?;
    /// let offsite = client.destinations().create(new).await?;
    /// assert_eq!(client.destinations().one(&offsite.destination_id).await?.name, "offsite");
    /// # Ok(()) }
    /// ```
    pub fn destinations(&self) -> Destinations<'_> {
        Destinations::new(self)
    }

    /// Backups of databases, compose services and the web server; run one now and wait.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// let db = client.databases().create(new).await?.reference;
    /// let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// let destination_id = client.destinations().create(new).await?.destination_id;
    /// let backup = client.backups().create(NewBackup::database(db, "orders", &destination_id, "0 3 * * *")).await?;
    /// let outcome = client.backups().run(&backup.backup_id).wait().await?;
    /// assert!(outcome.succeeded());
    /// # Ok(()) }
    /// ```
    pub fn backups(&self) -> Backups<'_> {
        Backups::new(self)
    }

    /// Notifications of every kind (slack, discord, email, webhooks …) through one API.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{NotificationEvent, NotificationEvents, SlackSettings};
    /// let slack = SlackSettings::new("https://hooks.slack.com/services/T0/B0/x", "#ops");
    /// let events = NotificationEvents::of([NotificationEvent::AppBuildError]);
    /// let n = client.notifications().create("build errors", events, slack).await?;
    /// assert!(n.events.app_build_error);
    /// # Ok(()) }
    /// ```
    pub fn notifications(&self) -> Notifications<'_> {
        Notifications::new(self)
    }

    /// The instance's settings and status: version, health, web server, Traefik's files,
    /// builds concurrency, Docker cleanup.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert_eq!(client.settings().version().await?, dokploy::DOKPLOY_VERSION); // the fake answers as the vendored release
    /// # Ok(()) }
    /// ```
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(self)
    }

    /// The caller: its membership and role, permissions, session.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let me = client.users().current().await?;
    /// assert!(!me.organization_id.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn users(&self) -> Users<'_> {
        Users::new(self)
    }

    /// The caller's API keys: create (without Dokploy's rate limit unless asked), list, delete.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewApiKey;
    /// let created = client.api_keys().create(NewApiKey::new("ci")).await?;
    /// assert!(!created.rate_limit_enabled);
    /// # Ok(()) }
    /// ```
    pub fn api_keys(&self) -> ApiKeys<'_> {
        ApiKeys::new(self)
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

    /// Mounts of applications, compose stacks and databases.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{MountOwner, NewMount};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.mounts().create(NewMount::volume(MountOwner::Application(app_id), "data", "/data")).await?;
    /// # Ok(()) }
    /// ```
    pub fn mounts(&self) -> Mounts<'_> {
        Mounts::new(self)
    }

    /// Published ports of applications.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.ports().create(&app_id, dokploy::resources::NewPort::tcp(8080, 80)).await?;
    /// # Ok(()) }
    /// ```
    pub fn ports(&self) -> Ports<'_> {
        Ports::new(self)
    }

    /// Redirects of applications.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.redirects().create(&app_id, "^/old/(.*)", "/new/$1", false).await?;
    /// # Ok(()) }
    /// ```
    pub fn redirects(&self) -> Redirects<'_> {
        Redirects::new(self)
    }

    /// HTTP basic-auth users of applications.
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// client.security().create("application-id", "admin", "s3cret").await?;
    /// # Ok(()) }
    /// ```
    pub fn security(&self) -> SecurityUsers<'_> {
        SecurityUsers::new(self)
    }

    /// Scheduled commands of applications and compose stacks.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let owner = dokploy::resources::ScheduleOwner::Application(app_id);
    /// assert!(client.schedules().of(&owner).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn schedules(&self) -> Schedules<'_> {
        Schedules::new(self)
    }

    /// Tags (of projects).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let tag = client.tags().create("team-a", Some("#336699")).await?;
    /// assert_eq!(client.tags().all().await?[0].tag_id, tag.tag_id);
    /// # Ok(()) }
    /// ```
    pub fn tags(&self) -> Tags<'_> {
        Tags::new(self)
    }
}
