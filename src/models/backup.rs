//! Scheduled backups of databases, compose services and Dokploy's own web server, as
//! `backup.one`, `backup.remove` and the `backups[]` of `<kind>.one` / `compose.one` return
//! them; and the files `backup.listBackupFiles` finds in a destination.
//!
//! A backup row names what it backs up through several columns (`backupType`, `databaseType`,
//! one of `postgresId`…`libsqlId`, `composeId` + `serviceName`, or none for the web server);
//! [`Backup::target`] turns them into one [`BackupTarget`].
//!
//! ```
//! use dokploy::models::{Backup, BackupTarget, DatabaseKind, DatabaseRef};
//! let backup: Backup = serde_json::from_str(r#"{
//!     "backupId": "b1", "schedule": "0 3 * * *", "prefix": "nightly/", "database": "orders",
//!     "backupType": "database", "databaseType": "postgres", "postgresId": "p1",
//!     "destinationId": "d1", "keepLatestCount": 7, "enabled": true
//! }"#).unwrap();
//! assert_eq!(
//!     backup.target(),
//!     Some(BackupTarget::Database(DatabaseRef::new(DatabaseKind::Postgres, "p1")))
//! );
//! assert_eq!(backup.keep_latest_count, Some(7));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::destination::null_as_empty;
use super::{
    BackupDatabaseType, BackupType, DatabaseKind, DatabaseRef, Deployment, Destination, Extra,
};
use crate::redact::Secret;

/// One scheduled backup: what is backed up, where to, when, and how many files to keep.
///
/// `backup.one` adds the owner's row (`postgres`, `mysql`, …, `compose`; kept in `extra`, with
/// its passwords hidden from `Debug`) and the destination without its keys; the `backups[]` of
/// `<kind>.one` and `compose.one` add the destination and the backup's runs (`deployments`).
///
/// ```
/// use dokploy::models::{Backup, BackupTarget};
/// let backup: Backup = serde_json::from_str(r#"{
///     "backupId": "b1", "backupType": "compose", "databaseType": "mysql",
///     "composeId": "c1", "serviceName": "db", "database": "shop",
///     "metadata": {"mysql": {"databaseRootPassword": "hunter2"}}, "deployments": null
/// }"#).unwrap();
/// assert_eq!(
///     backup.target(),
///     Some(BackupTarget::Compose { compose_id: "c1".into(), service_name: Some("db".into()) })
/// );
/// let root = backup.metadata.as_ref().unwrap().mysql.as_ref().unwrap();
/// assert_eq!(root.database_root_password.as_ref().unwrap().expose(), "hunter2");
/// assert!(!format!("{backup:?}").contains("hunter2"));
/// assert!(backup.deployments.is_empty());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Backup {
    /// The id.
    pub backup_id: String,
    /// The backup's own name (`backup-…`); its runs log under `/etc/dokploy/logs/<appName>/`,
    /// and web-server backups upload under it.
    #[serde(default)]
    pub app_name: Option<String>,
    /// When it runs (a cron expression).
    #[serde(default)]
    pub schedule: Option<String>,
    /// Whether the schedule is active (manual runs work either way).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The database dumped (its name inside the server; `dokploy` for the web server).
    #[serde(default)]
    pub database: Option<String>,
    /// The folder inside the bucket, under the service's `appName`.
    #[serde(default)]
    pub prefix: Option<String>,
    /// The compose service, for a compose backup.
    #[serde(default)]
    pub service_name: Option<String>,
    /// The destination.
    #[serde(default)]
    pub destination_id: Option<String>,
    /// How many files to keep (older ones are deleted after each run); `None` keeps all.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub keep_latest_count: Option<i64>,
    /// Whether the web server's encryption key goes into the backup.
    #[serde(default)]
    pub include_encryption_key: Option<bool>,
    /// `database` or `compose`.
    #[serde(default)]
    pub backup_type: Option<BackupType>,
    /// The kind of database dumped (`web-server` for Dokploy's own).
    #[serde(default)]
    pub database_type: Option<BackupDatabaseType>,
    /// The compose stack, for a compose backup.
    #[serde(default)]
    pub compose_id: Option<String>,
    /// The postgres database, if it is one.
    #[serde(default)]
    pub postgres_id: Option<String>,
    /// The mariadb database, if it is one.
    #[serde(default)]
    pub mariadb_id: Option<String>,
    /// The mysql database, if it is one.
    #[serde(default)]
    pub mysql_id: Option<String>,
    /// The mongo database, if it is one.
    #[serde(default)]
    pub mongo_id: Option<String>,
    /// The libsql database, if it is one.
    #[serde(default)]
    pub libsql_id: Option<String>,
    /// The user a web-server backup belongs to.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The credentials a compose backup dumps with.
    #[serde(default)]
    pub metadata: Option<BackupMetadata>,
    /// The destination, where Dokploy nests it (without its keys).
    #[serde(default)]
    pub destination: Option<Destination>,
    /// The backup's runs, where Dokploy nests them (`<kind>.one`, `compose.one`).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub deployments: Vec<Deployment>,
    /// Fields this model does not name (the owner's row in `backup.one`: `postgres`, `mysql`,
    /// `mariadb`, `mongo`, `libsql`, `compose`).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Backup {
    /// What this backup backs up, from its columns: the one database id that is set, the
    /// compose stack (with its service) for a `compose` backup, or the web server. `None` for
    /// a row that names none of them (or more than one database).
    ///
    /// ```
    /// use dokploy::models::{Backup, BackupTarget};
    /// let web: Backup = serde_json::from_str(
    ///     r#"{"backupId": "b1", "databaseType": "web-server", "userId": "u1", "database": "dokploy"}"#,
    /// ).unwrap();
    /// assert_eq!(web.target(), Some(BackupTarget::WebServer));
    /// let orphan: Backup = serde_json::from_str(r#"{"backupId": "b2"}"#).unwrap();
    /// assert_eq!(orphan.target(), None);
    /// ```
    pub fn target(&self) -> Option<BackupTarget> {
        if self.backup_type == Some(BackupType::Compose) {
            return self.compose_id.as_ref().map(|id| BackupTarget::Compose {
                compose_id: id.clone(),
                service_name: self.service_name.clone(),
            });
        }
        let ids = [
            (DatabaseKind::Postgres, &self.postgres_id),
            (DatabaseKind::Mysql, &self.mysql_id),
            (DatabaseKind::Mariadb, &self.mariadb_id),
            (DatabaseKind::Mongo, &self.mongo_id),
            (DatabaseKind::Libsql, &self.libsql_id),
        ];
        let mut set = ids
            .into_iter()
            .filter_map(|(kind, id)| id.as_ref().map(|id| DatabaseRef::new(kind, id.clone())));
        match (set.next(), set.next()) {
            (Some(db), None) => Some(BackupTarget::Database(db)),
            (Some(_), Some(_)) => None,
            (None, _) if self.database_type == Some(BackupDatabaseType::WebServer) => {
                Some(BackupTarget::WebServer)
            }
            (None, _) => None,
        }
    }
}

/// What a backup backs up.
///
/// ```
/// use dokploy::models::{BackupTarget, DatabaseKind, DatabaseRef};
/// let target = BackupTarget::from(DatabaseRef::new(DatabaseKind::Mysql, "m1"));
/// assert_eq!(target.to_string(), "mysql m1");
/// assert_eq!(target.manual_backup_procedure(), Some("backup.manualBackupMySql"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BackupTarget {
    /// A database (postgres, mysql, mariadb, mongo or libsql; Dokploy cannot back up redis).
    Database(DatabaseRef),
    /// A database running as a service of a compose stack.
    Compose {
        /// The compose stack.
        compose_id: String,
        /// The service running the database (`None` when a row does not say).
        service_name: Option<String>,
    },
    /// Dokploy's own web server: its database and `/etc/dokploy`.
    WebServer,
}

impl BackupTarget {
    /// The procedure that runs this kind of backup now: `backup.manualBackupPostgres`,
    /// `…MySql`, `…Mariadb`, `…Mongo`, `…Libsql`, `…Compose` or `…WebServer`; `None` for a redis
    /// database (Dokploy has no redis backups).
    ///
    /// ```
    /// use dokploy::models::{BackupTarget, DatabaseKind, DatabaseRef};
    /// assert_eq!(BackupTarget::WebServer.manual_backup_procedure(), Some("backup.manualBackupWebServer"));
    /// let redis = BackupTarget::Database(DatabaseRef::new(DatabaseKind::Redis, "r1"));
    /// assert_eq!(redis.manual_backup_procedure(), None);
    /// ```
    pub fn manual_backup_procedure(&self) -> Option<&'static str> {
        Some(match self {
            BackupTarget::Database(db) => match db.kind {
                DatabaseKind::Postgres => "backup.manualBackupPostgres",
                DatabaseKind::Mysql => "backup.manualBackupMySql",
                DatabaseKind::Mariadb => "backup.manualBackupMariadb",
                DatabaseKind::Mongo => "backup.manualBackupMongo",
                DatabaseKind::Libsql => "backup.manualBackupLibsql",
                DatabaseKind::Redis => return None,
            },
            BackupTarget::Compose { .. } => "backup.manualBackupCompose",
            BackupTarget::WebServer => "backup.manualBackupWebServer",
        })
    }
}

impl From<DatabaseRef> for BackupTarget {
    fn from(db: DatabaseRef) -> Self {
        BackupTarget::Database(db)
    }
}

impl fmt::Display for BackupTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupTarget::Database(db) => write!(f, "{db}"),
            BackupTarget::Compose {
                compose_id,
                service_name: Some(service),
            } => write!(f, "service {service} of compose stack {compose_id}"),
            BackupTarget::Compose { compose_id, .. } => write!(f, "compose stack {compose_id}"),
            BackupTarget::WebServer => f.write_str("the web server"),
        }
    }
}

/// What a compose backup needs to dump its service's database (`metadata`): the credentials
/// of the kind it is. Passwords are [`Secret`]s.
///
/// ```
/// use dokploy::models::{BackupMetadata, DatabaseCredentials, DatabaseKind};
/// let credentials = DatabaseCredentials::user("shop").password("hunter2");
/// let metadata = BackupMetadata::for_kind(DatabaseKind::Mariadb, credentials);
/// assert_eq!(
///     serde_json::to_value(&metadata).unwrap(),
///     serde_json::json!({"mariadb": {"databaseUser": "shop", "databasePassword": "hunter2"}})
/// );
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackupMetadata {
    /// For a postgres service: `databaseUser`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postgres: Option<DatabaseCredentials>,
    /// For a mariadb service: `databaseUser` and `databasePassword`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mariadb: Option<DatabaseCredentials>,
    /// For a mongo service: `databaseUser` and `databasePassword`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mongo: Option<DatabaseCredentials>,
    /// For a mysql service: `databaseRootPassword`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql: Option<DatabaseCredentials>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BackupMetadata {
    /// The credentials for `kind` (`None` for kinds compose backups do not have).
    ///
    /// ```
    /// use dokploy::models::{BackupMetadata, DatabaseCredentials, DatabaseKind};
    /// let metadata = BackupMetadata::for_kind(DatabaseKind::Postgres, DatabaseCredentials::user("app"));
    /// assert_eq!(metadata.credentials(DatabaseKind::Postgres).unwrap().database_user.as_deref(), Some("app"));
    /// ```
    pub fn credentials(&self, kind: DatabaseKind) -> Option<&DatabaseCredentials> {
        match kind {
            DatabaseKind::Postgres => self.postgres.as_ref(),
            DatabaseKind::Mariadb => self.mariadb.as_ref(),
            DatabaseKind::Mongo => self.mongo.as_ref(),
            DatabaseKind::Mysql => self.mysql.as_ref(),
            DatabaseKind::Redis | DatabaseKind::Libsql => None,
        }
    }

    /// Metadata holding `credentials` under `kind` (nothing for redis or libsql, which compose
    /// backups do not dump).
    ///
    /// ```
    /// use dokploy::models::{BackupMetadata, DatabaseCredentials, DatabaseKind};
    /// let metadata = BackupMetadata::for_kind(DatabaseKind::Mysql, DatabaseCredentials::root_password("pw"));
    /// assert!(metadata.mysql.is_some() && metadata.postgres.is_none());
    /// ```
    pub fn for_kind(kind: DatabaseKind, credentials: DatabaseCredentials) -> Self {
        let mut metadata = Self::default();
        let slot = match kind {
            DatabaseKind::Postgres => &mut metadata.postgres,
            DatabaseKind::Mariadb => &mut metadata.mariadb,
            DatabaseKind::Mongo => &mut metadata.mongo,
            DatabaseKind::Mysql => &mut metadata.mysql,
            DatabaseKind::Redis | DatabaseKind::Libsql => return metadata,
        };
        *slot = Some(credentials);
        metadata
    }
}

/// A user and passwords for dumping a database inside a compose service.
///
/// ```
/// use dokploy::models::DatabaseCredentials;
/// let credentials = DatabaseCredentials::user("app").password("hunter2");
/// assert!(!format!("{credentials:?}").contains("hunter2"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DatabaseCredentials {
    /// The user (postgres, mariadb, mongo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_user: Option<String>,
    /// The user's password (mariadb, mongo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_password: Option<Secret>,
    /// The root password (mysql).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_root_password: Option<Secret>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DatabaseCredentials {
    /// Credentials with the user `user`.
    ///
    /// ```
    /// let credentials = dokploy::models::DatabaseCredentials::user("app");
    /// assert_eq!(credentials.database_user.as_deref(), Some("app"));
    /// ```
    pub fn user(user: impl Into<String>) -> Self {
        Self {
            database_user: Some(user.into()),
            ..Self::default()
        }
    }

    /// Credentials with the root password (what a mysql service needs).
    ///
    /// ```
    /// let credentials = dokploy::models::DatabaseCredentials::root_password("pw");
    /// assert_eq!(credentials.database_root_password.unwrap().expose(), "pw");
    /// ```
    pub fn root_password(password: impl Into<String>) -> Self {
        Self {
            database_root_password: Some(Secret::new(password.into())),
            ..Self::default()
        }
    }

    /// Sets the user's password.
    ///
    /// ```
    /// let credentials = dokploy::models::DatabaseCredentials::user("app").password("pw");
    /// assert_eq!(credentials.database_password.unwrap().expose(), "pw");
    /// ```
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.database_password = Some(Secret::new(password.into()));
        self
    }
}

/// One entry `backup.listBackupFiles` found (rclone's `lsjson` output): a file, or a folder
/// (`is_dir`, size `-1`).
///
/// ```
/// let file: dokploy::models::BackupFile = serde_json::from_str(
///     r#"{"Path": "orders-x1y2z3/nightly/2026-12-01T03-00-00-000Z.sql.gz",
///         "Name": "2026-12-01T03-00-00-000Z.sql.gz", "Size": 48213, "IsDir": false}"#,
/// ).unwrap();
/// assert_eq!(file.size, Some(48213));
/// assert!(!file.is_dir);
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BackupFile {
    /// The path inside the bucket (what to restore from).
    pub path: String,
    /// The last part of the path.
    #[serde(default)]
    pub name: Option<String>,
    /// The size in bytes (`-1` for a folder).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub size: Option<i64>,
    /// Whether it is a folder.
    #[serde(default)]
    pub is_dir: bool,
    /// Fields this model does not name (`Tier`, `Hashes`…).
    #[serde(flatten)]
    pub extra: Extra,
}
