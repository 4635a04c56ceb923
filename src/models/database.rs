//! The six database kinds (postgres, mysql, mariadb, mongo, redis, libsql) behind one model.
//!
//! Each kind has its own router (`postgres.create`, `redis.deploy`…) and its own id field
//! (`postgresId`, `redisId`…); [`DatabaseRef`] is a kind + id pair that knows both, so one call
//! works for all six.
//!
//! ```
//! use dokploy::models::{DatabaseKind, DatabaseRef};
//! let db = DatabaseRef::new(DatabaseKind::Redis, "r1");
//! assert_eq!(db.procedure("deploy"), "redis.deploy");
//! assert_eq!(db.kind.id_field(), "redisId");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Backup, Environment, Extra, Mount, ServiceStatus, SqldNode};
use crate::redact::Secret;

/// A database kind.
///
/// ```
/// use dokploy::models::DatabaseKind;
/// assert_eq!(DatabaseKind::Mariadb.to_string(), "mariadb");
/// assert_eq!(DatabaseKind::from_router("mongo"), Some(DatabaseKind::Mongo));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatabaseKind {
    /// PostgreSQL.
    Postgres,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// MongoDB.
    Mongo,
    /// Redis.
    Redis,
    /// libsql (sqld).
    Libsql,
}

impl DatabaseKind {
    /// All six kinds.
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// let routers: Vec<&str> = DatabaseKind::ALL.iter().map(|k| k.router()).collect();
    /// assert_eq!(routers, ["postgres", "mysql", "mariadb", "mongo", "redis", "libsql"]);
    /// ```
    pub const ALL: [DatabaseKind; 6] = [
        DatabaseKind::Postgres,
        DatabaseKind::Mysql,
        DatabaseKind::Mariadb,
        DatabaseKind::Mongo,
        DatabaseKind::Redis,
        DatabaseKind::Libsql,
    ];

    /// The router name: `postgres`, `mysql`, `mariadb`, `mongo`, `redis`, `libsql`.
    ///
    /// ```
    /// assert_eq!(dokploy::models::DatabaseKind::Libsql.router(), "libsql");
    /// ```
    pub fn router(self) -> &'static str {
        match self {
            DatabaseKind::Postgres => "postgres",
            DatabaseKind::Mysql => "mysql",
            DatabaseKind::Mariadb => "mariadb",
            DatabaseKind::Mongo => "mongo",
            DatabaseKind::Redis => "redis",
            DatabaseKind::Libsql => "libsql",
        }
    }

    /// The id field: `postgresId`, `mysqlId`…
    ///
    /// ```
    /// assert_eq!(dokploy::models::DatabaseKind::Mongo.id_field(), "mongoId");
    /// ```
    pub fn id_field(self) -> &'static str {
        match self {
            DatabaseKind::Postgres => "postgresId",
            DatabaseKind::Mysql => "mysqlId",
            DatabaseKind::Mariadb => "mariadbId",
            DatabaseKind::Mongo => "mongoId",
            DatabaseKind::Redis => "redisId",
            DatabaseKind::Libsql => "libsqlId",
        }
    }

    /// The procedure `name` of this kind's router, e.g. `postgres.deploy`.
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// assert_eq!(DatabaseKind::Postgres.procedure("deploy"), "postgres.deploy");
    /// assert!(dokploy::operations::find(&DatabaseKind::Redis.procedure("stop")).is_some());
    /// ```
    pub fn procedure(self, name: &str) -> String {
        format!("{}.{name}", self.router())
    }

    /// The kind whose router is `router`.
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// assert_eq!(DatabaseKind::from_router("redis"), Some(DatabaseKind::Redis));
    /// assert_eq!(DatabaseKind::from_router("sqlite"), None);
    /// ```
    pub fn from_router(router: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.router() == router)
    }

    /// What creating a database of this kind needs besides its name and environment (Dokploy
    /// refuses the create without them); a kind has none of the others. The password is not
    /// among them: left empty, Dokploy generates one.
    ///
    /// ```
    /// use dokploy::models::{DatabaseKind, DatabaseSetting};
    /// use DatabaseSetting::{DatabaseName, User};
    /// assert_eq!(DatabaseKind::Postgres.required_settings(), [DatabaseName, User]);
    /// assert_eq!(DatabaseKind::Libsql.required_settings(), [User]);
    /// assert!(DatabaseKind::Redis.required_settings().is_empty());
    /// ```
    pub fn required_settings(self) -> &'static [DatabaseSetting] {
        use DatabaseSetting::{DatabaseName, User};
        match self {
            DatabaseKind::Postgres | DatabaseKind::Mysql | DatabaseKind::Mariadb => {
                &[DatabaseName, User]
            }
            DatabaseKind::Mongo | DatabaseKind::Libsql => &[User],
            DatabaseKind::Redis => &[],
        }
    }
}

/// A setting some database kinds require on create ([`DatabaseKind::required_settings`]).
///
/// ```
/// use dokploy::models::DatabaseSetting;
/// assert_eq!(DatabaseSetting::User.field(), "databaseUser");
/// assert_eq!(DatabaseSetting::DatabaseName.to_string(), "database name");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatabaseSetting {
    /// The database created inside the service (postgres, mysql, mariadb).
    DatabaseName,
    /// The database user (all but redis).
    User,
}

impl DatabaseSetting {
    /// The field of `<kind>.create` it goes in: `databaseName`, `databaseUser`.
    pub fn field(self) -> &'static str {
        match self {
            DatabaseSetting::DatabaseName => "databaseName",
            DatabaseSetting::User => "databaseUser",
        }
    }
}

impl fmt::Display for DatabaseSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DatabaseSetting::DatabaseName => "database name",
            DatabaseSetting::User => "user",
        })
    }
}

impl fmt::Display for DatabaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.router())
    }
}

/// A database of some kind, by id.
///
/// ```
/// use dokploy::models::{DatabaseKind, DatabaseRef};
/// // On the wire, the id field names the kind.
/// let db: DatabaseRef = serde_json::from_str(r#"{"mysqlId": "m1"}"#).unwrap();
/// assert_eq!(db, DatabaseRef::new(DatabaseKind::Mysql, "m1"));
/// assert_eq!(db.to_string(), "mysql m1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "DatabaseIds", into = "DatabaseIds")]
pub struct DatabaseRef {
    /// The kind.
    pub kind: DatabaseKind,
    /// The id (`postgresId`, `redisId`… depending on the kind).
    pub id: String,
}

impl DatabaseRef {
    /// A reference to the database `id` of `kind`.
    ///
    /// ```
    /// use dokploy::models::{DatabaseKind, DatabaseRef};
    /// let db = DatabaseRef::new(DatabaseKind::Postgres, "p1");
    /// assert_eq!(serde_json::to_string(&db).unwrap(), r#"{"postgresId":"p1"}"#);
    /// ```
    pub fn new(kind: DatabaseKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }

    /// The procedure `name` for this database's kind, e.g. `mysql.start`.
    ///
    /// ```
    /// use dokploy::models::{DatabaseKind, DatabaseRef};
    /// let db = DatabaseRef::new(DatabaseKind::Mysql, "m1");
    /// assert_eq!(db.procedure("start"), "mysql.start");
    /// ```
    pub fn procedure(&self, name: &str) -> String {
        self.kind.procedure(name)
    }
}

impl fmt::Display for DatabaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

/// The six id fields as they appear on the wire (one of them set).
#[derive(Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
struct DatabaseIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    postgres_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mysql_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mariadb_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mongo_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    redis_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    libsql_id: Option<String>,
}

impl TryFrom<DatabaseIds> for DatabaseRef {
    type Error = String;

    fn try_from(ids: DatabaseIds) -> Result<Self, String> {
        let found: Vec<DatabaseRef> = [
            (DatabaseKind::Postgres, ids.postgres_id),
            (DatabaseKind::Mysql, ids.mysql_id),
            (DatabaseKind::Mariadb, ids.mariadb_id),
            (DatabaseKind::Mongo, ids.mongo_id),
            (DatabaseKind::Redis, ids.redis_id),
            (DatabaseKind::Libsql, ids.libsql_id),
        ]
        .into_iter()
        .filter_map(|(kind, id)| id.map(|id| DatabaseRef { kind, id }))
        .collect();
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err("a database needs one of postgresId, mysqlId, mariadbId, mongoId, redisId, libsqlId".into()),
            _ => Err("a database has more than one of postgresId, mysqlId, mariadbId, mongoId, redisId, libsqlId".into()),
        }
    }
}

impl From<DatabaseRef> for DatabaseIds {
    fn from(r: DatabaseRef) -> Self {
        let mut ids = DatabaseIds::default();
        let slot = match r.kind {
            DatabaseKind::Postgres => &mut ids.postgres_id,
            DatabaseKind::Mysql => &mut ids.mysql_id,
            DatabaseKind::Mariadb => &mut ids.mariadb_id,
            DatabaseKind::Mongo => &mut ids.mongo_id,
            DatabaseKind::Redis => &mut ids.redis_id,
            DatabaseKind::Libsql => &mut ids.libsql_id,
        };
        *slot = Some(r.id);
        ids
    }
}

/// A database of any kind, as `<kind>.one` and `<kind>.create` return it.
///
/// Passwords come back in plain text from Dokploy; here they are [`Secret`]s.
///
/// ```
/// use dokploy::models::{Database, DatabaseKind};
/// let db: Database = serde_json::from_str(r#"{
///     "postgresId": "p1", "name": "orders", "databaseName": "orders",
///     "databaseUser": "app", "databasePassword": "hunter2", "dockerImage": "postgres:18"
/// }"#).unwrap();
/// assert_eq!(db.kind(), DatabaseKind::Postgres);
/// assert_eq!(db.database_password.as_ref().unwrap().expose(), "hunter2");
/// assert!(!format!("{db:?}").contains("hunter2"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Database {
    /// Which database: kind and id (`postgresId`… on the wire).
    #[serde(flatten)]
    pub reference: DatabaseRef,
    /// The name.
    pub name: String,
    /// The Docker service name.
    #[serde(default)]
    pub app_name: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The database created inside (postgres, mysql, mariadb).
    #[serde(default)]
    pub database_name: Option<String>,
    /// The user (not redis).
    #[serde(default)]
    pub database_user: Option<String>,
    /// The user's password.
    #[serde(default)]
    pub database_password: Option<Secret>,
    /// The root password (mysql, mariadb).
    #[serde(default)]
    pub database_root_password: Option<Secret>,
    /// The image.
    #[serde(default)]
    pub docker_image: Option<String>,
    /// Environment variables (`KEY=value` lines).
    #[serde(default)]
    pub env: Option<Secret>,
    /// The status (`deploy`, `start` and `stop` return it as it was before the call).
    #[serde(default)]
    pub application_status: Option<ServiceStatus>,
    /// The port published on the host, if any.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub external_port: Option<i64>,
    /// The command the container runs instead of the image's, if any (a [`Secret`]:
    /// commands carry passwords, `--requirepass …`).
    #[serde(default)]
    pub command: Option<Secret>,
    /// The memory limit, in bytes as Dokploy keeps it (`"268435456"`).
    #[serde(default)]
    pub memory_limit: Option<String>,
    /// The memory reservation, in bytes.
    #[serde(default)]
    pub memory_reservation: Option<String>,
    /// The CPU limit, as Dokploy keeps it.
    #[serde(default)]
    pub cpu_limit: Option<String>,
    /// The CPU reservation.
    #[serde(default)]
    pub cpu_reservation: Option<String>,
    /// How many replicas of the service run (1 unless changed).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub replicas: Option<i64>,
    /// mongo: whether it runs as a replica set.
    #[serde(default)]
    pub replica_sets: Option<bool>,
    /// libsql: primary or replica.
    #[serde(default)]
    pub sqld_node: Option<SqldNode>,
    /// libsql: the primary's URL, for a replica.
    #[serde(default)]
    pub sqld_primary_url: Option<String>,
    /// libsql: whether namespaces are on.
    #[serde(default)]
    pub enable_namespaces: Option<bool>,
    /// The environment it belongs to.
    #[serde(default)]
    pub environment_id: Option<String>,
    /// The server it runs on; `None` for Dokploy's own.
    #[serde(default)]
    pub server_id: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its environment, with the project (`<kind>.one`).
    #[serde(default)]
    pub environment: Option<Box<Environment>>,
    /// Its mounts (`<kind>.one`), the data volume Dokploy created with it included.
    #[serde(default)]
    pub mounts: Vec<Mount>,
    /// Its scheduled backups (`<kind>.one`; redis has none).
    #[serde(default)]
    pub backups: Vec<Backup>,
    /// Fields this model does not name (`mounts`, `backups`, swarm settings…).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Database {
    /// The kind.
    ///
    /// ```
    /// let db: dokploy::models::Database =
    ///     serde_json::from_str(r#"{"redisId": "r1", "name": "cache"}"#).unwrap();
    /// assert_eq!(db.kind(), dokploy::models::DatabaseKind::Redis);
    /// ```
    pub fn kind(&self) -> DatabaseKind {
        self.reference.kind
    }

    /// The id.
    ///
    /// ```
    /// let db: dokploy::models::Database =
    ///     serde_json::from_str(r#"{"redisId": "r1", "name": "cache"}"#).unwrap();
    /// assert_eq!(db.id(), "r1");
    /// ```
    pub fn id(&self) -> &str {
        &self.reference.id
    }
}

/// A database as listed inside an environment. `project.all` gives only the id to owners and
/// admins, even for a deployed, running database (`{"postgresId": …}`, recorded on a real
/// engine), so `name` and `application_status` are `None` there (members get name and
/// status); `project.one` and `environment.one` give more (`environment.one`: id, name,
/// description, status, creation date, server; no `appName`).
///
/// ```
/// use dokploy::models::DatabaseSummary;
/// let listed: DatabaseSummary = serde_json::from_str(r#"{"mongoId": "m1"}"#).unwrap();
/// assert_eq!(listed.reference.id, "m1");
/// assert_eq!(listed.name, None); // `project.all` for an owner gives only the id
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DatabaseSummary {
    /// Which database.
    #[serde(flatten)]
    pub reference: DatabaseRef,
    /// The name (absent in `project.all` for owners and admins).
    #[serde(default)]
    pub name: Option<String>,
    /// The status (absent in `project.all` for owners and admins).
    #[serde(default)]
    pub application_status: Option<ServiceStatus>,
    /// The Docker service name, when listed (`project.one`).
    #[serde(default)]
    pub app_name: Option<String>,
    /// The description, when listed (`project.one`, `environment.one`).
    #[serde(default)]
    pub description: Option<String>,
    /// The server it runs on, when listed; `None` for Dokploy's own.
    #[serde(default)]
    pub server_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_id_field_names_the_kind() {
        let s: DatabaseSummary = serde_json::from_value(json!({"mariadbId": "m1"})).unwrap();
        assert_eq!(s.reference, DatabaseRef::new(DatabaseKind::Mariadb, "m1"));
        assert!(s.extra.is_empty(), "the id is not left in extra");
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({"mariadbId": "m1", "name": null, "applicationStatus": null, "appName": null,
                   "description": null, "serverId": null})
        );
    }

    #[test]
    fn a_database_without_an_id_field_is_an_error() {
        let e = serde_json::from_value::<DatabaseSummary>(json!({"name": "x"})).unwrap_err();
        assert!(e.to_string().contains("postgresId"), "{e}");
    }

    #[test]
    fn every_kind_has_a_distinct_router_and_id_field() {
        for kind in DatabaseKind::ALL {
            assert_eq!(DatabaseKind::from_router(kind.router()), Some(kind));
            assert!(kind.id_field().starts_with(kind.router()));
            assert!(
                crate::operations::find(&kind.procedure("deploy")).is_some(),
                "{kind}"
            );
        }
    }
}
