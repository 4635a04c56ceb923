//! Typed models of Dokploy's core resources, decoded from what Dokploy really sends.
//!
//! They are tolerant: fields this crate does not name are kept in `extra` (never dropped,
//! never an error); `null` and absent fields are fine (`Option`, empty lists); enums keep values
//! they do not know as `Unknown(String)`. Secrets (passwords, environment blocks, compose files,
//! commands) are [`Secret`](crate::redact::Secret)s. A model's `Debug` is its name and its JSON
//! with every secret replaced: `Secret` fields, fields and `extra` entries with secret-looking
//! names (`routingKey` of a notification kind this release does not know), and secrets inside
//! any text ([`redact_text`](crate::redact::redact_text)). A test walks every model with a
//! marker in every string field and checks that no marker is printed (`src/models/walk.rs`).
//!
//! ```
//! let project: dokploy::models::Project = serde_json::from_str(r#"{
//!     "projectId": "p1", "name": "shop", "createdAt": "2026-11-22T10:54:03.675Z",
//!     "environments": [{"environmentId": "e1", "name": "production", "isDefault": true,
//!                       "applications": [{"applicationId": "a1", "name": "web", "applicationStatus": "done"}],
//!                       "postgres": [{"postgresId": "db1"}]}],
//!     "somethingNew": 42
//! }"#).unwrap();
//! assert_eq!(project.environments[0].applications[0].name, "web");
//! assert_eq!(project.extra.get("somethingNew"), Some(&serde_json::json!(42)));
//! ```

mod application;
mod backup;
mod compose;
mod database;
mod deployment;
mod destination;
mod domain;
mod git_provider;
mod mount;
mod notification;
mod port;
mod project;
mod redirect;
mod schedule;
mod security;
mod server;
mod settings;
mod ssh_key;
mod tree;
mod user;
#[cfg(test)]
mod walk;

pub use application::Application;
pub use backup::{Backup, BackupFile, BackupMetadata, BackupTarget, DatabaseCredentials};
pub use compose::{Compose, ComposeSummary};
pub use database::{Database, DatabaseKind, DatabaseRef, DatabaseSetting, DatabaseSummary};
pub use deployment::{Deployment, DeploymentTarget};
pub use destination::Destination;
pub use domain::{Domain, DomainOwner};
pub use git_provider::{
    Bitbucket, BitbucketSummary, Branch, BranchCommit, GitProvider, GitProviderListing,
    GitProviderRef, Gitea, GiteaSummary, Github, GithubSummary, Gitlab, GitlabSummary, Repository,
    RepositoryOwner,
};
pub use mount::Mount;
pub use notification::{
    CustomWebhookSettings, DiscordSettings, EmailSettings, GotifySettings, LarkSettings,
    MattermostSettings, Notification, NotificationEvent, NotificationEvents, NotificationKind,
    NtfySettings, PushoverSettings, ResendSettings, SlackSettings, TeamsSettings, TelegramSettings,
};
pub use port::Port;
pub use project::{ApplicationSummary, CreatedProject, Environment, Project, ProjectTag, Tag};
pub use redirect::Redirect;
pub use schedule::Schedule;
pub use security::Security;
pub use server::Server;
pub use settings::{
    DockerDiskUsage, GpuStatus, Health, InfrastructureHealth, LogCleanupStatus, ServiceHealth,
    TraefikEntry, TraefikPort, WebServerSettings,
};
pub use ssh_key::{GeneratedSshKey, SshKey, SshKeySummary};
pub use tree::ProjectTree;
pub use user::{
    ApiKeySummary, CreatedApiKey, Member, Permissions, Session, SessionDetails, SessionUser, User,
};

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::redact::redact_json;

/// Fields Dokploy sent that the model does not name, kept as they came. `Debug` hides secrets.
///
/// ```
/// let server: dokploy::models::Server = serde_json::from_str(
///     r#"{"serverId": "s1", "name": "edge-1", "sshPassword": "hunter2", "gpuCount": 2}"#,
/// ).unwrap();
/// assert_eq!(server.extra.get("gpuCount"), Some(&serde_json::json!(2)));
/// assert!(!format!("{:?}", server.extra).contains("hunter2"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl Extra {
    /// The field `name`, if Dokploy sent it.
    ///
    /// ```
    /// let json = r#"{"deploymentId": "d1", "status": "done", "pid": "4242"}"#;
    /// let d: dokploy::models::Deployment = serde_json::from_str(json).unwrap();
    /// assert_eq!(d.extra.get("pid").and_then(|v| v.as_str()), Some("4242"));
    /// assert_eq!(d.extra.get("nope"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// `true` when every field was named by the model.
    ///
    /// ```
    /// let json = r##"{"tagId": "t1", "name": "prod", "color": "#ff0000"}"##;
    /// let tag: dokploy::models::Tag = serde_json::from_str(json).unwrap();
    /// assert!(tag.extra.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", redact_json(&Value::Object(self.0.clone())))
    }
}

/// `Debug` for models: the name and the JSON with secrets replaced
/// ([`debug_json`](crate::redact::debug_json)). Every model that Dokploy's answers decode into
/// is listed here; `walk.rs` checks the list against the module's files and walks each one.
macro_rules! redacted_debug {
    ($($model:ident),+ $(,)?) => {
        $(impl fmt::Debug for $model {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                crate::redact::debug_json(stringify!($model), self, f)
            }
        })+

        /// The listed models' names.
        #[cfg(test)]
        const REDACTED_DEBUG_MODELS: &[&str] = &[$(stringify!($model)),+];

        /// Each listed model, walked (see `walk.rs`).
        #[cfg(test)]
        fn walk_every_model() -> Vec<(&'static str, walk::Walked)> {
            vec![$((stringify!($model), walk::walk::<$model>())),+]
        }
    };
}

redacted_debug! {
    Application,
    Backup, BackupMetadata, DatabaseCredentials, BackupFile,
    Compose, ComposeSummary,
    Database, DatabaseSummary,
    Deployment,
    Destination,
    Domain, DomainOwner,
    GitProvider, GiteaSummary, GitlabSummary, BitbucketSummary, GithubSummary, Gitea, Gitlab,
    Bitbucket, Github, GitProviderListing, Repository, RepositoryOwner, Branch, BranchCommit,
    SlackSettings, TelegramSettings, DiscordSettings, EmailSettings,
    ResendSettings, GotifySettings, NtfySettings, MattermostSettings, CustomWebhookSettings,
    LarkSettings, PushoverSettings, TeamsSettings, Notification,
    Project, CreatedProject, Environment, ApplicationSummary, ProjectTag, Tag,
    Server,
    Health, WebServerSettings, TraefikEntry, TraefikPort, InfrastructureHealth, ServiceHealth,
    LogCleanupStatus, DockerDiskUsage, GpuStatus,
    SshKey, SshKeySummary, GeneratedSshKey,
    Member, User, ApiKeySummary, CreatedApiKey, Permissions, Session, SessionUser, SessionDetails,
    Mount, Port, Redirect, Schedule, Security,
}

/// Defines a string enum that keeps unknown values as `Unknown(String)`.
///
/// A type that mirrors enums of Dokploy's document names them (`mirrors "procedure" "field"`,
/// …): its values are then checked against the vendored document while compiling, and the
/// build stops at the type when a new document adds or drops a value.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident $(mirrors $($procedure:literal $field:literal),+)?
        { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }
    ) => {
        const _: () = {
            #[allow(unused_variables)]
            let values: &[&str] = &[$($wire),+];
            $($(
                assert!(
                    crate::operations::enum_is($procedure, $field, values),
                    concat!(
                        "models::", stringify!($name), " mirrors the enum `", $field, "` of `",
                        $procedure, "` in openapi/dokploy.json, whose values are no longer its ",
                        "variants': give it exactly the document's values (`cargo xtask upgrade` ",
                        "lists what changed)"
                    )
                );
            )+)?
        };

        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this crate does not know (a newer Dokploy), kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as Dokploy spells it (an unknown one as it was sent).
            ///
            /// ```
            #[doc = concat!("use dokploy::models::", stringify!($name), ";")]
            #[doc = concat!("let newer = ", stringify!($name), "::from(\"from-a-newer-dokploy\");")]
            /// assert_eq!(newer.as_str(), "from-a-newer-dokploy");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            /// The values this crate knows (it decodes any other as `Unknown`): what
            /// `dokploy::census` reports a value outside of.
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({"type": "string", "enum": [$($wire),+]})
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(value.as_ref()))
            }
        }

    };
}

string_enum! {
    /// The status of an application, compose stack or database (`applicationStatus`,
    /// `composeStatus`). `done` means the last deploy updated the service, not that it is healthy.
    ///
    /// ```
    /// use dokploy::models::ServiceStatus;
    /// let status: ServiceStatus = serde_json::from_str(r#""done""#).unwrap();
    /// assert_eq!(status, ServiceStatus::Done);
    /// let newer: ServiceStatus = serde_json::from_str(r#""paused""#).unwrap();
    /// assert_eq!(newer, ServiceStatus::Unknown("paused".to_string()));
    /// ```
    ServiceStatus mirrors
        "application.update" "applicationStatus",
        "compose.update" "composeStatus",
        "postgres.update" "applicationStatus"
    {
        /// Never deployed, or stopped.
        Idle = "idle",
        /// A deployment is running.
        Running = "running",
        /// The last deployment finished.
        Done = "done",
        /// The last deployment failed.
        Error = "error",
    }
}

string_enum! {
    /// The status of one deployment row.
    ///
    /// ```
    /// use dokploy::models::DeploymentStatus;
    /// let status: DeploymentStatus = serde_json::from_str(r#""cancelled""#).unwrap();
    /// assert!(status.is_finished());
    /// assert_eq!(status.to_string(), "cancelled");
    /// ```
    DeploymentStatus {
        /// The job is running.
        Running = "running",
        /// Finished successfully.
        Done = "done",
        /// Failed; the reason is in the log (`deployment.readLogs`).
        Error = "error",
        /// Left `running` when Dokploy restarted.
        Cancelled = "cancelled",
    }
}

impl DeploymentStatus {
    /// `true` once the deployment will not change any more (`done`, `error`, `cancelled`).
    /// A status this crate does not know counts as not finished: waiting goes on (and ends in a
    /// stall error naming it) rather than stopping early.
    ///
    /// ```
    /// use dokploy::models::DeploymentStatus;
    /// assert!(DeploymentStatus::Error.is_finished());
    /// assert!(!DeploymentStatus::Running.is_finished());
    /// assert!(!DeploymentStatus::from("queued").is_finished()); // unknown: keep waiting
    /// ```
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            DeploymentStatus::Done | DeploymentStatus::Error | DeploymentStatus::Cancelled
        )
    }
}

string_enum! {
    /// How an application is built.
    ///
    /// ```
    /// use dokploy::models::BuildType;
    /// assert_eq!(BuildType::from("heroku_buildpacks"), BuildType::HerokuBuildpacks);
    /// assert_eq!(BuildType::Dockerfile.as_str(), "dockerfile");
    /// ```
    BuildType mirrors
        "application.saveBuildType" "buildType",
        "application.update" "buildType"
    {
        /// A Dockerfile.
        Dockerfile = "dockerfile",
        /// Heroku buildpacks.
        HerokuBuildpacks = "heroku_buildpacks",
        /// Paketo buildpacks.
        PaketoBuildpacks = "paketo_buildpacks",
        /// Nixpacks (Dokploy's default).
        Nixpacks = "nixpacks",
        /// Static files.
        Static = "static",
        /// Railpack.
        Railpack = "railpack",
    }
}

string_enum! {
    /// Where an application's code comes from.
    ///
    /// ```
    /// use dokploy::models::ApplicationSourceType;
    /// let source: ApplicationSourceType = serde_json::from_str(r#""docker""#).unwrap();
    /// assert_eq!(source, ApplicationSourceType::Docker);
    /// ```
    ApplicationSourceType mirrors
        "application.create" "sourceType",
        "application.update" "sourceType"
    {
        /// A Docker image.
        Docker = "docker",
        /// Any git URL.
        Git = "git",
        /// GitHub (Dokploy's default, even with no repository set).
        Github = "github",
        /// GitLab.
        Gitlab = "gitlab",
        /// Bitbucket.
        Bitbucket = "bitbucket",
        /// Gitea.
        Gitea = "gitea",
        /// An uploaded zip archive.
        Drop = "drop",
    }
}

string_enum! {
    /// Where a compose stack's file comes from.
    ///
    /// ```
    /// use dokploy::models::ComposeSourceType;
    /// assert_eq!(serde_json::to_string(&ComposeSourceType::Raw).unwrap(), r#""raw""#);
    /// ```
    ComposeSourceType mirrors
        "compose.create" "sourceType",
        "compose.update" "sourceType"
    {
        /// Any git URL.
        Git = "git",
        /// GitHub (Dokploy's default).
        Github = "github",
        /// GitLab.
        Gitlab = "gitlab",
        /// Bitbucket.
        Bitbucket = "bitbucket",
        /// Gitea.
        Gitea = "gitea",
        /// The compose file stored in Dokploy (`composeFile`).
        Raw = "raw",
    }
}

string_enum! {
    /// How a compose stack runs.
    ///
    /// ```
    /// use dokploy::models::ComposeType;
    /// assert_eq!(ComposeType::DockerCompose.to_string(), "docker-compose");
    /// assert_eq!(ComposeType::from("stack"), ComposeType::Stack);
    /// ```
    ComposeType mirrors
        "compose.create" "composeType",
        "compose.update" "composeType"
    {
        /// `docker compose`.
        DockerCompose = "docker-compose",
        /// `docker stack` (Swarm).
        Stack = "stack",
    }
}

string_enum! {
    /// A domain's TLS certificate.
    ///
    /// ```
    /// use dokploy::models::CertificateType;
    /// let cert: CertificateType = serde_json::from_str(r#""letsencrypt""#).unwrap();
    /// assert_eq!(cert, CertificateType::Letsencrypt);
    /// ```
    CertificateType mirrors
        "domain.create" "certificateType",
        "domain.update" "certificateType"
    {
        /// Let's Encrypt.
        Letsencrypt = "letsencrypt",
        /// None.
        None = "none",
        /// A custom resolver.
        Custom = "custom",
    }
}

string_enum! {
    /// What a domain routes to.
    ///
    /// ```
    /// use dokploy::models::DomainType;
    /// assert_eq!(DomainType::from("preview"), DomainType::Preview);
    /// ```
    DomainType mirrors
        "domain.create" "domainType",
        "domain.update" "domainType"
    {
        /// A compose service.
        Compose = "compose",
        /// An application.
        Application = "application",
        /// A preview deployment.
        Preview = "preview",
    }
}

string_enum! {
    /// What a server is for.
    ///
    /// ```
    /// use dokploy::models::ServerType;
    /// assert_eq!(ServerType::Build.as_str(), "build");
    /// ```
    ServerType mirrors
        "server.create" "serverType",
        "server.update" "serverType"
    {
        /// Runs deployments.
        Deploy = "deploy",
        /// Builds images.
        Build = "build",
    }
}

string_enum! {
    /// Whether a server is in use.
    ///
    /// ```
    /// use dokploy::models::ServerStatus;
    /// let status: ServerStatus = serde_json::from_str(r#""active""#).unwrap();
    /// assert_eq!(status, ServerStatus::Active);
    /// ```
    ServerStatus {
        /// Active.
        Active = "active",
        /// Inactive.
        Inactive = "inactive",
    }
}

string_enum! {
    /// The kind of a git provider (`providerType`).
    ///
    /// ```
    /// use dokploy::models::GitProviderKind;
    /// let kind: GitProviderKind = serde_json::from_str(r#""gitlab""#).unwrap();
    /// assert_eq!(kind, GitProviderKind::Gitlab);
    /// ```
    GitProviderKind {
        /// GitHub (a GitHub App).
        Github = "github",
        /// GitLab (an OAuth application).
        Gitlab = "gitlab",
        /// Bitbucket (an API token or app password).
        Bitbucket = "bitbucket",
        /// Gitea (an OAuth application).
        Gitea = "gitea",
    }
}

string_enum! {
    /// The type of key `sshKey.generate` makes.
    ///
    /// ```
    /// use dokploy::models::SshKeyType;
    /// assert_eq!(SshKeyType::Ed25519.as_str(), "ed25519");
    /// ```
    SshKeyType mirrors
        "sshKey.generate" "type"
    {
        /// RSA, 4096 bits (Dokploy's default).
        Rsa = "rsa",
        /// Ed25519.
        Ed25519 = "ed25519",
    }
}

string_enum! {
    /// A libsql node's role.
    ///
    /// ```
    /// use dokploy::models::SqldNode;
    /// assert_eq!(SqldNode::Replica.to_string(), "replica");
    /// ```
    SqldNode mirrors
        "libsql.create" "sqldNode",
        "libsql.update" "sqldNode"
    {
        /// The primary.
        Primary = "primary",
        /// A replica (needs `sqldPrimaryUrl`).
        Replica = "replica",
    }
}

string_enum! {
    /// The S3 provider of a backup destination, as Dokploy's UI offers them (rclone's
    /// `--s3-provider` values).
    ///
    /// ```
    /// use dokploy::models::S3Provider;
    /// assert_eq!(S3Provider::from("Cloudflare"), S3Provider::Cloudflare);
    /// assert_eq!(S3Provider::Aws.as_str(), "AWS");
    /// ```
    S3Provider {
        /// Amazon Web Services S3.
        Aws = "AWS",
        /// Alibaba Cloud OSS.
        Alibaba = "Alibaba",
        /// Arvan Cloud Object Storage.
        ArvanCloud = "ArvanCloud",
        /// Ceph.
        Ceph = "Ceph",
        /// China Mobile Ecloud EOS.
        ChinaMobile = "ChinaMobile",
        /// Cloudflare R2.
        Cloudflare = "Cloudflare",
        /// DigitalOcean Spaces.
        DigitalOcean = "DigitalOcean",
        /// Dreamhost DreamObjects.
        Dreamhost = "Dreamhost",
        /// Google Cloud Storage.
        Gcs = "GCS",
        /// Huawei OBS.
        HuaweiObs = "HuaweiOBS",
        /// IBM COS.
        IbmCos = "IBMCOS",
        /// IDrive e2.
        IDrive = "IDrive",
        /// IONOS Cloud.
        Ionos = "IONOS",
        /// Seagate Lyve Cloud.
        LyveCloud = "LyveCloud",
        /// Leviia.
        Leviia = "Leviia",
        /// Liara.
        Liara = "Liara",
        /// Linode (Akamai).
        Linode = "Linode",
        /// Magalu.
        Magalu = "Magalu",
        /// MinIO.
        Minio = "Minio",
        /// Netease NOS.
        Netease = "Netease",
        /// Petabox.
        Petabox = "Petabox",
        /// RackCorp.
        RackCorp = "RackCorp",
        /// rclone's own S3 server.
        Rclone = "Rclone",
        /// Scaleway.
        Scaleway = "Scaleway",
        /// SeaweedFS.
        SeaweedFs = "SeaweedFS",
        /// StackPath.
        StackPath = "StackPath",
        /// Storj.
        Storj = "Storj",
        /// Synology C2.
        Synology = "Synology",
        /// Tencent COS.
        TencentCos = "TencentCOS",
        /// Wasabi.
        Wasabi = "Wasabi",
        /// Qiniu Kodo.
        Qiniu = "Qiniu",
        /// Any other S3-compatible provider.
        Other = "Other",
    }
}

string_enum! {
    /// Whether a backup dumps a database service or a database inside a compose stack.
    ///
    /// ```
    /// use dokploy::models::BackupType;
    /// assert_eq!(BackupType::from("compose"), BackupType::Compose);
    /// ```
    BackupType mirrors
        "backup.create" "backupType"
    {
        /// A database service (or the web server).
        Database = "database",
        /// A database running as a compose service.
        Compose = "compose",
    }
}

string_enum! {
    /// The kind of database a backup dumps (`databaseType`): a database kind, or Dokploy's own
    /// web server.
    ///
    /// ```
    /// use dokploy::models::{BackupDatabaseType, DatabaseKind};
    /// assert_eq!(BackupDatabaseType::from("web-server"), BackupDatabaseType::WebServer);
    /// assert_eq!(BackupDatabaseType::Mongo.database_kind(), Some(DatabaseKind::Mongo));
    /// ```
    BackupDatabaseType mirrors
        "backup.create" "databaseType",
        "backup.update" "databaseType"
    {
        /// PostgreSQL.
        Postgres = "postgres",
        /// MariaDB.
        Mariadb = "mariadb",
        /// MySQL.
        Mysql = "mysql",
        /// MongoDB.
        Mongo = "mongo",
        /// Dokploy's web server (its own database and files).
        WebServer = "web-server",
        /// libsql.
        Libsql = "libsql",
    }
}

impl BackupDatabaseType {
    /// The `databaseType` of a database `kind`; `None` for redis, which Dokploy does not back
    /// up.
    ///
    /// ```
    /// use dokploy::models::{BackupDatabaseType, DatabaseKind};
    /// assert_eq!(BackupDatabaseType::of_kind(DatabaseKind::Libsql), Some(BackupDatabaseType::Libsql));
    /// assert_eq!(BackupDatabaseType::of_kind(DatabaseKind::Redis), None);
    /// ```
    pub fn of_kind(kind: DatabaseKind) -> Option<Self> {
        Some(match kind {
            DatabaseKind::Postgres => BackupDatabaseType::Postgres,
            DatabaseKind::Mariadb => BackupDatabaseType::Mariadb,
            DatabaseKind::Mysql => BackupDatabaseType::Mysql,
            DatabaseKind::Mongo => BackupDatabaseType::Mongo,
            DatabaseKind::Libsql => BackupDatabaseType::Libsql,
            DatabaseKind::Redis => return None,
        })
    }

    /// The database kind (`None` for the web server or an unknown value).
    ///
    /// ```
    /// use dokploy::models::BackupDatabaseType;
    /// assert_eq!(BackupDatabaseType::WebServer.database_kind(), None);
    /// ```
    pub fn database_kind(&self) -> Option<DatabaseKind> {
        Some(match self {
            BackupDatabaseType::Postgres => DatabaseKind::Postgres,
            BackupDatabaseType::Mariadb => DatabaseKind::Mariadb,
            BackupDatabaseType::Mysql => DatabaseKind::Mysql,
            BackupDatabaseType::Mongo => DatabaseKind::Mongo,
            BackupDatabaseType::Libsql => DatabaseKind::Libsql,
            BackupDatabaseType::WebServer | BackupDatabaseType::Unknown(_) => return None,
        })
    }
}

string_enum! {
    /// The kind of a notification (`notificationType`): where Dokploy sends it.
    ///
    /// ```
    /// use dokploy::models::NotificationType;
    /// let kind: NotificationType = serde_json::from_str(r#""mattermost""#).unwrap();
    /// assert_eq!(kind, NotificationType::Mattermost);
    /// assert_eq!(NotificationType::Custom.as_str(), "custom"); // a custom webhook
    /// ```
    NotificationType {
        /// Slack.
        Slack = "slack",
        /// Telegram.
        Telegram = "telegram",
        /// Discord.
        Discord = "discord",
        /// Email over SMTP.
        Email = "email",
        /// Email through Resend.
        Resend = "resend",
        /// Gotify.
        Gotify = "gotify",
        /// ntfy.
        Ntfy = "ntfy",
        /// Mattermost.
        Mattermost = "mattermost",
        /// A custom webhook.
        Custom = "custom",
        /// Lark (Feishu).
        Lark = "lark",
        /// Pushover.
        Pushover = "pushover",
        /// Microsoft Teams.
        Teams = "teams",
    }
}

string_enum! {
    /// The health of one of Dokploy's own services (`settings.checkInfrastructureHealth`).
    ///
    /// ```
    /// use dokploy::models::HealthStatus;
    /// assert_eq!(HealthStatus::from("unhealthy"), HealthStatus::Unhealthy);
    /// ```
    HealthStatus {
        /// It answers.
        Healthy = "healthy",
        /// It does not (the message says why).
        Unhealthy = "unhealthy",
    }
}

string_enum! {
    /// What an entry of Traefik's directory tree is.
    ///
    /// ```
    /// use dokploy::models::TraefikEntryKind;
    /// assert_eq!(TraefikEntryKind::File.as_str(), "file");
    /// ```
    TraefikEntryKind {
        /// A directory (with `children`).
        Directory = "directory",
        /// A file.
        File = "file",
    }
}

string_enum! {
    /// A user's role in an organization.
    ///
    /// ```
    /// use dokploy::models::MemberRole;
    /// let role: MemberRole = serde_json::from_str(r#""owner""#).unwrap();
    /// assert_eq!(role, MemberRole::Owner);
    /// ```
    MemberRole {
        /// The organization's owner: may do everything.
        Owner = "owner",
        /// An administrator: may do everything but manage the owner.
        Admin = "admin",
        /// A member: limited to the permissions and accesses granted to it.
        Member = "member",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept() {
        let s: ServiceStatus = serde_json::from_str("\"paused\"").unwrap();
        assert_eq!(s, ServiceStatus::Unknown("paused".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"paused\"");
        let d: DeploymentStatus = serde_json::from_str("\"cancelled\"").unwrap();
        assert!(d.is_finished());
        assert!(!DeploymentStatus::Running.is_finished());
        assert!(!DeploymentStatus::from("queued").is_finished());
    }

    #[test]
    fn enums_round_trip_their_wire_spelling() {
        for wire in ["heroku_buildpacks", "railpack", "nixpacks"] {
            let b = BuildType::from(wire);
            assert_eq!(b.as_str(), wire);
            assert!(!matches!(b, BuildType::Unknown(_)));
        }
        assert_eq!(ComposeType::DockerCompose.to_string(), "docker-compose");
    }

    #[test]
    fn extra_debug_hides_secrets() {
        let mut map = Map::new();
        map.insert("rootPassword".into(), Value::String("hunter2".into()));
        let debug = format!("{:?}", Extra(map));
        assert!(!debug.contains("hunter2"), "{debug}");
    }
}

/// Integers that may arrive written as whole decimals (`2.0`): JavaScript has one number type,
/// and a value that went through a float on the way is still the integer it says.
pub(crate) mod lenient_int {
    use serde::{Deserialize, Deserializer, de::Error};

    /// `Option<i64>` from an integer, a whole decimal, or `null`.
    pub(crate) fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(d)? {
            None => Ok(None),
            Some(n) => {
                if let Some(i) = n.as_i64() {
                    return Ok(Some(i));
                }
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                    _ => Err(D::Error::custom(format!("{n} is not a whole number"))),
                }
            }
        }
    }

    /// `i64` from an integer or a whole decimal.
    pub(crate) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        option(d)?.ok_or_else(|| D::Error::custom("a number is required, not null"))
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Deserialize, schemars::JsonSchema)]
        struct T {
            #[serde(default, deserialize_with = "super::option")]
            n: Option<i64>,
        }

        #[test]
        fn whole_decimals_are_integers_and_fractions_are_refused() {
            let t: T = serde_json::from_str(r#"{"n": 2.0}"#).unwrap();
            assert_eq!(t.n, Some(2));
            let t: T = serde_json::from_str(r#"{"n": 3}"#).unwrap();
            assert_eq!(t.n, Some(3));
            let t: T = serde_json::from_str(r#"{"n": null}"#).unwrap();
            assert_eq!(t.n, None);
            let t: T = serde_json::from_str("{}").unwrap();
            assert_eq!(t.n, None);
            assert!(serde_json::from_str::<T>(r#"{"n": 2.5}"#).is_err());
        }
    }
}
