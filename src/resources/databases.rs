//! The six database kinds through one API: a [`DatabaseRef`] (kind + id) knows its router and
//! its id field, so `deploy`, `start`, `stop`… work the same for all.

use super::created::FindCreated;
use crate::models::{
    Database, DatabaseKind, DatabaseRef, DatabaseSetting, DatabaseSummary, SqldNode,
};
use crate::redact::Secret;
use crate::{Client, Error, ResponseExt, Result};

/// The image `libsql.create` requires; Dokploy v0.30.2's own default. [`Databases::create`]
/// sends it for a libsql database created without an image.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewDatabase;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let new = NewDatabase::libsql(&env_id, "edge", "admin");
/// let db = client.databases().create(new).await?;
/// assert_eq!(db.docker_image.as_deref(), Some(dokploy::resources::LIBSQL_DEFAULT_IMAGE));
/// # Ok(()) }
/// ```
pub const LIBSQL_DEFAULT_IMAGE: &str = "ghcr.io/tursodatabase/libsql-server:v0.24.32";

/// Typed database methods for all six kinds; from [`Client::databases`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::models::DatabaseKind;
/// use dokploy::resources::NewDatabase;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let databases = client.databases();
/// let cache = databases.create(NewDatabase::redis(&env_id, "cache")).await?;
/// databases.deploy(&cache.reference).await?;
/// databases.stop(&cache.reference).await?;
/// assert_eq!(cache.kind(), DatabaseKind::Redis);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Databases<'a> {
    client: &'a Client,
}

/// A database to create, made with the constructor of its kind, which takes what that kind
/// requires: [`postgres`](NewDatabase::postgres), [`mysql`](NewDatabase::mysql) and
/// [`mariadb`](NewDatabase::mariadb) a database name and a user, [`mongo`](NewDatabase::mongo)
/// and [`libsql`](NewDatabase::libsql) a user, [`redis`](NewDatabase::redis) neither — so a
/// create cannot leave out what Dokploy requires, nor send what the kind does not have. For a
/// kind chosen at run time, [`NewDatabase::of_kind`] checks the same. The rest is optional:
/// set the public fields or use the setters. A setting that belongs to another kind (replica
/// sets are mongo's, a root password mysql's and mariadb's, `sqld_*` and namespaces libsql's)
/// is refused by [`Databases::create`] before anything is sent.
///
/// ```
/// use dokploy::models::DatabaseKind;
/// use dokploy::resources::NewDatabase;
/// let orders = NewDatabase::postgres("environment-id", "orders", "orders", "app");
/// assert_eq!((orders.kind(), orders.database_name(), orders.user()),
///            (DatabaseKind::Postgres, Some("orders"), Some("app")));
/// let mut events = NewDatabase::mongo("environment-id", "events", "app");
/// events.replica_sets = Some(true); // mongo only
/// let cache = NewDatabase::redis("environment-id", "cache").password("hunter2");
/// assert_eq!(cache.user(), None); // redis has no user
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewDatabase {
    kind: DatabaseKind,
    /// The environment to create it in.
    pub environment_id: String,
    /// The name.
    pub name: String,
    database_name: Option<String>,
    database_user: Option<String>,
    /// The password; left unset, Dokploy generates one.
    pub database_password: Option<Secret>,
    /// The root password (mysql, mariadb).
    pub database_root_password: Option<Secret>,
    /// The image (each kind has a default; libsql's is [`LIBSQL_DEFAULT_IMAGE`]).
    pub docker_image: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The Docker service name (Dokploy appends a random suffix).
    pub app_name: Option<String>,
    /// The server to run on; `None` for Dokploy's own.
    pub server_id: Option<String>,
    /// mongo: run as a replica set.
    pub replica_sets: Option<bool>,
    /// libsql: primary (default) or replica.
    pub sqld_node: Option<SqldNode>,
    /// libsql: the primary's URL, for a replica.
    pub sqld_primary_url: Option<String>,
    /// libsql: enable namespaces (default false).
    pub enable_namespaces: Option<bool>,
}

impl NewDatabase {
    fn with(
        kind: DatabaseKind,
        environment_id: impl Into<String>,
        name: impl Into<String>,
        database_name: Option<String>,
        database_user: Option<String>,
    ) -> Self {
        Self {
            kind,
            environment_id: environment_id.into(),
            name: name.into(),
            database_name,
            database_user,
            database_password: None,
            database_root_password: None,
            docker_image: None,
            description: None,
            app_name: None,
            server_id: None,
            replica_sets: None,
            sqld_node: None,
            sqld_primary_url: None,
            enable_namespaces: None,
        }
    }

    /// A PostgreSQL database `name` in the environment, with the database `database_name`
    /// inside and the user `user`.
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::postgres("environment-id", "orders-db", "orders", "app");
    /// assert_eq!(new.database_name(), Some("orders"));
    /// assert!(new.database_password.is_none()); // Dokploy generates one
    /// ```
    pub fn postgres(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        database_name: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        let (database, user) = (Some(database_name.into()), Some(user.into()));
        Self::with(DatabaseKind::Postgres, environment_id, name, database, user)
    }

    /// A MySQL database (set a root password with
    /// [`database_root_password`](NewDatabase::database_root_password)).
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::mysql("environment-id", "shop-db", "shop", "app");
    /// assert_eq!(new.kind(), DatabaseKind::Mysql);
    /// ```
    pub fn mysql(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        database_name: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        let (database, user) = (Some(database_name.into()), Some(user.into()));
        Self::with(DatabaseKind::Mysql, environment_id, name, database, user)
    }

    /// A MariaDB database.
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::mariadb("environment-id", "shop-db", "shop", "app");
    /// assert_eq!(new.kind(), DatabaseKind::Mariadb);
    /// ```
    pub fn mariadb(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        database_name: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        let (database, user) = (Some(database_name.into()), Some(user.into()));
        Self::with(DatabaseKind::Mariadb, environment_id, name, database, user)
    }

    /// A MongoDB database with the user `user` (mongo has no database name to create).
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::mongo("environment-id", "events", "app");
    /// assert_eq!((new.database_name(), new.user()), (None, Some("app")));
    /// ```
    pub fn mongo(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        let user = Some(user.into());
        Self::with(DatabaseKind::Mongo, environment_id, name, None, user)
    }

    /// A Redis database (no user, no database name).
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::redis("environment-id", "cache");
    /// assert_eq!((new.database_name(), new.user()), (None, None));
    /// ```
    pub fn redis(environment_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self::with(DatabaseKind::Redis, environment_id, name, None, None)
    }

    /// A libSQL database with the user `user`; its image defaults to
    /// [`LIBSQL_DEFAULT_IMAGE`], its node to primary.
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::libsql("environment-id", "edge", "admin");
    /// assert_eq!(new.user(), Some("admin"));
    /// ```
    pub fn libsql(
        environment_id: impl Into<String>,
        name: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        let user = Some(user.into());
        Self::with(DatabaseKind::Libsql, environment_id, name, None, user)
    }

    /// A database of a kind chosen at run time (a command line, a configuration file), with
    /// the settings [`DatabaseKind::required_settings`] names: each one the kind requires must
    /// be given, and one it does not have must not be (it would be dropped). The error names
    /// what is missing or extra.
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// use dokploy::resources::NewDatabase;
    /// let kind = DatabaseKind::from_router("mongo").unwrap();
    /// let new = NewDatabase::of_kind(kind, "environment-id", "events", None, Some("app".into()))?;
    /// assert_eq!(new, NewDatabase::mongo("environment-id", "events", "app"));
    ///
    /// let e = NewDatabase::of_kind(DatabaseKind::Postgres, "environment-id", "db", None, None);
    /// assert!(e.unwrap_err().to_string().ends_with("a postgres database needs a database name and a user"));
    /// let e = NewDatabase::of_kind(DatabaseKind::Redis, "environment-id", "cache", None, Some("app".into()));
    /// assert!(e.unwrap_err().to_string().contains("a redis database has no user"));
    /// # Ok::<(), dokploy::Error>(())
    /// ```
    pub fn of_kind(
        kind: DatabaseKind,
        environment_id: impl Into<String>,
        name: impl Into<String>,
        database_name: Option<String>,
        user: Option<String>,
    ) -> Result<Self> {
        let given = |setting: DatabaseSetting| match setting {
            DatabaseSetting::DatabaseName => database_name.is_some(),
            DatabaseSetting::User => user.is_some(),
        };
        let required = kind.required_settings();
        let missing: Vec<String> = required
            .iter()
            .filter(|s| !given(**s))
            .map(|s| format!("a {s}"))
            .collect();
        if !missing.is_empty() {
            return Err(Error::InvalidInput(format!(
                "a {kind} database needs {}",
                missing.join(" and ")
            )));
        }
        let extra: Vec<String> = [DatabaseSetting::DatabaseName, DatabaseSetting::User]
            .into_iter()
            .filter(|s| given(*s) && !required.contains(s))
            .map(|s| format!("no {s}"))
            .collect();
        if !extra.is_empty() {
            return Err(Error::InvalidInput(format!(
                "a {kind} database has {}",
                extra.join(" and ")
            )));
        }
        Ok(Self::with(kind, environment_id, name, database_name, user))
    }

    /// The kind.
    ///
    /// ```
    /// use dokploy::models::DatabaseKind;
    /// assert_eq!(dokploy::resources::NewDatabase::redis("env", "cache").kind(), DatabaseKind::Redis);
    /// ```
    pub fn kind(&self) -> DatabaseKind {
        self.kind
    }

    /// The database created inside (postgres, mysql, mariadb).
    ///
    /// ```
    /// let new = dokploy::resources::NewDatabase::mariadb("env", "db", "shop", "app");
    /// assert_eq!(new.database_name(), Some("shop"));
    /// ```
    pub fn database_name(&self) -> Option<&str> {
        self.database_name.as_deref()
    }

    /// The user (all but redis).
    ///
    /// ```
    /// let new = dokploy::resources::NewDatabase::libsql("env", "edge", "admin");
    /// assert_eq!(new.user(), Some("admin"));
    /// ```
    pub fn user(&self) -> Option<&str> {
        self.database_user.as_deref()
    }

    /// Sets the password (kept as a [`Secret`], hidden from `Debug`).
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::postgres("environment-id", "orders", "orders", "app").password("hunter2");
    /// assert!(!format!("{new:?}").contains("hunter2"));
    /// ```
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.database_password = Some(Secret::new(password.into()));
        self
    }

    /// Sets the root password (mysql and mariadb only; kept as a [`Secret`]).
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::mysql("environment-id", "shop-db", "shop", "app").database_root_password("r00t");
    /// assert_eq!(new.database_root_password.unwrap().expose(), "r00t");
    /// ```
    pub fn database_root_password(mut self, password: impl Into<String>) -> Self {
        self.database_root_password = Some(Secret::new(password.into()));
        self
    }

    /// Sets the image.
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::postgres("environment-id", "orders", "orders", "app").image("postgres:16-alpine");
    /// assert_eq!(new.docker_image.as_deref(), Some("postgres:16-alpine"));
    /// ```
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.docker_image = Some(image.into());
        self
    }

    /// Sets the description.
    ///
    /// ```
    /// use dokploy::resources::NewDatabase;
    /// let new = NewDatabase::redis("environment-id", "cache").description("sessions");
    /// assert_eq!(new.description.as_deref(), Some("sessions"));
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The settings set that belong to other kinds, as "replica sets (mongo only)"…
    fn foreign_settings(&self) -> Vec<String> {
        let kind = self.kind;
        let owned = [
            (
                "replica sets",
                self.replica_sets.is_some(),
                &[DatabaseKind::Mongo][..],
            ),
            (
                "root password",
                self.database_root_password.is_some(),
                &[DatabaseKind::Mysql, DatabaseKind::Mariadb][..],
            ),
            (
                "sqld node",
                self.sqld_node.is_some(),
                &[DatabaseKind::Libsql][..],
            ),
            (
                "sqld primary URL",
                self.sqld_primary_url.is_some(),
                &[DatabaseKind::Libsql][..],
            ),
            (
                "namespaces",
                self.enable_namespaces.is_some(),
                &[DatabaseKind::Libsql][..],
            ),
        ];
        owned
            .into_iter()
            .filter(|(_, set, owners)| *set && !owners.contains(&kind))
            .map(|(what, _, owners)| {
                let owners: Vec<&str> = owners.iter().map(|k| k.router()).collect();
                format!("{what} ({} only)", owners.join(", "))
            })
            .collect()
    }
}

/// Changes to a database, for [`Databases::update`]: only what is set is sent, the rest stays
/// as it is. The struct is `#[non_exhaustive]`: start from [`DatabaseUpdate::new`] and use the
/// setters (or set the fields). A setting the kind does not have (replica sets on anything but
/// mongo, namespaces on anything but libsql) is refused before anything is sent. For what this
/// does not name (swarm settings, `args`…), call `<kind>.update` through
/// [`Client::call`](crate::Client::call).
///
/// ```
/// use dokploy::resources::DatabaseUpdate;
/// let change = DatabaseUpdate::new().memory_limit("268435456").unpublish();
/// assert_eq!(change.memory_limit.as_deref(), Some("268435456"));
/// assert_eq!(change.external_port, Some(None)); // `null`: no longer published on the host
/// assert!(DatabaseUpdate::new().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct DatabaseUpdate {
    /// The name.
    pub name: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The image (takes effect on the next deploy).
    pub docker_image: Option<String>,
    /// Environment variables (`KEY=value` lines), replacing the current ones.
    pub env: Option<Secret>,
    /// The command the container runs instead of the image's (a [`Secret`]: commands carry
    /// passwords).
    pub command: Option<Secret>,
    /// The memory limit, in bytes as Dokploy takes it (`"268435456"` for 256 MiB).
    pub memory_limit: Option<String>,
    /// The memory reservation, in bytes.
    pub memory_reservation: Option<String>,
    /// The CPU limit, as Dokploy takes it.
    pub cpu_limit: Option<String>,
    /// The CPU reservation.
    pub cpu_reservation: Option<String>,
    /// `Some(Some(port))` publishes the database on the host's `port`; `Some(None)` stops
    /// publishing it.
    pub external_port: Option<Option<u16>>,
    /// How many replicas of the service run.
    pub replicas: Option<u32>,
    /// mongo only: run as a replica set.
    pub replica_sets: Option<bool>,
    /// libsql only: enable namespaces.
    pub enable_namespaces: Option<bool>,
}

impl DatabaseUpdate {
    /// No changes yet.
    ///
    /// ```
    /// assert!(dokploy::resources::DatabaseUpdate::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `true` when nothing is set.
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// assert!(!DatabaseUpdate::new().description("orders").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Sets the description.
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// let change = DatabaseUpdate::new().description("orders, primary");
    /// assert_eq!(change.description.as_deref(), Some("orders, primary"));
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the image (applied on the next deploy).
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// let change = DatabaseUpdate::new().image("postgres:18.1");
    /// assert_eq!(change.docker_image.as_deref(), Some("postgres:18.1"));
    /// ```
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.docker_image = Some(image.into());
        self
    }

    /// Replaces the environment variables (kept as a [`Secret`], hidden from `Debug`).
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// let change = DatabaseUpdate::new().env("POSTGRES_INITDB_ARGS=--data-checksums");
    /// assert!(!format!("{change:?}").contains("checksums"));
    /// ```
    pub fn env(mut self, env: impl Into<String>) -> Self {
        self.env = Some(Secret::new(env.into()));
        self
    }

    /// Sets the memory limit, in bytes as Dokploy takes it.
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// let change = DatabaseUpdate::new().memory_limit("536870912"); // 512 MiB
    /// assert_eq!(change.memory_limit.as_deref(), Some("536870912"));
    /// ```
    pub fn memory_limit(mut self, bytes: impl Into<String>) -> Self {
        self.memory_limit = Some(bytes.into());
        self
    }

    /// Publishes the database on the host's `port`.
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// assert_eq!(DatabaseUpdate::new().publish(5433).external_port, Some(Some(5433)));
    /// ```
    pub fn publish(mut self, port: u16) -> Self {
        self.external_port = Some(Some(port));
        self
    }

    /// Stops publishing the database on the host (`externalPort: null`).
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// assert_eq!(DatabaseUpdate::new().unpublish().external_port, Some(None));
    /// ```
    pub fn unpublish(mut self) -> Self {
        self.external_port = Some(None);
        self
    }

    /// Sets how many replicas run.
    ///
    /// ```
    /// use dokploy::resources::DatabaseUpdate;
    /// assert_eq!(DatabaseUpdate::new().replicas(2).replicas, Some(2));
    /// ```
    pub fn replicas(mut self, replicas: u32) -> Self {
        self.replicas = Some(replicas);
        self
    }

    /// The body fields to send, after checking the kind has each setting.
    fn fields(&self, kind: DatabaseKind) -> Result<Vec<(&'static str, serde_json::Value)>> {
        use serde_json::Value;
        let only = |setting: &str, owner: DatabaseKind| {
            Error::InvalidInput(format!(
                "{setting} is a {owner} setting; a {kind} database has none"
            ))
        };
        if self.replica_sets.is_some() && kind != DatabaseKind::Mongo {
            return Err(only("replica sets", DatabaseKind::Mongo));
        }
        if self.enable_namespaces.is_some() && kind != DatabaseKind::Libsql {
            return Err(only("namespaces", DatabaseKind::Libsql));
        }
        let text = |v: &Option<String>| v.clone().map(Value::from);
        let fields = [
            ("name", text(&self.name)),
            ("description", text(&self.description)),
            ("dockerImage", text(&self.docker_image)),
            ("env", self.env.as_ref().map(|e| Value::from(e.expose()))),
            (
                "command",
                self.command.as_ref().map(|c| Value::from(c.expose())),
            ),
            ("memoryLimit", text(&self.memory_limit)),
            ("memoryReservation", text(&self.memory_reservation)),
            ("cpuLimit", text(&self.cpu_limit)),
            ("cpuReservation", text(&self.cpu_reservation)),
            (
                "externalPort",
                self.external_port
                    .map(|port| port.map_or(Value::Null, Value::from)),
            ),
            ("replicas", self.replicas.map(Value::from)),
            ("replicaSets", self.replica_sets.map(Value::from)),
            ("enableNamespaces", self.enable_namespaces.map(Value::from)),
        ];
        Ok(fields
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| (name, v)))
            .collect())
    }
}

/// The `<kind>.create` request for `new`, or why it cannot be sent.
fn create_call(client: &Client, new: NewDatabase) -> Result<crate::Call<'_>> {
    let kind = new.kind;
    let foreign = new.foreign_settings();
    if !foreign.is_empty() {
        return Err(Error::InvalidInput(format!(
            "a {kind} database has no {}",
            foreign.join(", no ")
        )));
    }
    let mut call = client
        .call(&kind.procedure("create"))
        .arg("environmentId", &new.environment_id)
        .arg("name", &new.name)
        // Required by every kind; an empty password makes Dokploy generate one.
        .arg(
            "databasePassword",
            new.database_password
                .as_ref()
                .map(Secret::expose)
                .unwrap_or_default(),
        );
    // libsql's schema requires these four keys on every create: fill in its defaults.
    let (mut app_name, mut docker_image, mut sqld_node, mut namespaces) = (
        new.app_name,
        new.docker_image,
        new.sqld_node.map(|n| n.as_str().to_string()),
        new.enable_namespaces,
    );
    if kind == DatabaseKind::Libsql {
        app_name.get_or_insert_with(|| new.name.clone());
        docker_image.get_or_insert_with(|| LIBSQL_DEFAULT_IMAGE.to_string());
        sqld_node.get_or_insert_with(|| SqldNode::Primary.as_str().to_string());
        namespaces.get_or_insert(false);
    }
    let optional: [(&str, Option<serde_json::Value>); 11] = [
        ("databaseName", new.database_name.map(Into::into)),
        ("databaseUser", new.database_user.map(Into::into)),
        (
            "databaseRootPassword",
            new.database_root_password.map(|p| p.expose().into()),
        ),
        ("description", new.description.map(Into::into)),
        ("serverId", new.server_id.map(Into::into)),
        ("replicaSets", new.replica_sets.map(Into::into)),
        ("sqldPrimaryUrl", new.sqld_primary_url.map(Into::into)),
        ("appName", app_name.map(Into::into)),
        ("dockerImage", docker_image.map(Into::into)),
        ("sqldNode", sqld_node.map(Into::into)),
        ("enableNamespaces", namespaces.map(Into::into)),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            call = call.arg(field, value);
        }
    }
    Ok(call)
}

impl<'a> Databases<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// One database with its environment, mounts and backups.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{DatabaseKind, DatabaseRef};
    /// # use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?;
    /// # let db_id = db.id().to_string();
    /// let db = client.databases().one(&DatabaseRef::new(DatabaseKind::Postgres, db_id)).await?;
    /// println!("{} runs {}", db.name, db.docker_image.as_deref().unwrap_or_default());
    /// assert_eq!(db.database_name.as_deref(), Some("orders"));
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, db: &DatabaseRef) -> Result<Database> {
        self.client
            .call(&db.procedure("one"))
            .arg(db.kind.id_field(), &db.id)
            .send()
            .decode()
            .await
    }

    /// Creates the database `new` describes (its kind is the constructor's) and returns it.
    /// A setting of another kind (replica sets on a postgres database…) is refused before
    /// anything is sent. (`libsql.create` answers only `true`; the new database is then found
    /// in its environment: the one new libsql database with that name, description and
    /// server. If another client creates a libsql database of the same name in the same
    /// environment at the same moment, this fails with
    /// [`LookupError::CreatedButAmbiguous`](crate::error::LookupError::CreatedButAmbiguous)
    /// rather than guess; the create is sent once either way.)
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// let db = client.databases().create(new).await?;
    /// assert!(!db.database_password.unwrap().is_empty()); // generated by Dokploy
    /// client.databases().deploy(&db.reference).await?;
    ///
    /// // A setting of another kind is refused before anything is sent.
    /// let mut wrong = NewDatabase::redis(&env_id, "cache");
    /// wrong.replica_sets = Some(true);
    /// let e = client.databases().create(wrong).await.unwrap_err();
    /// assert!(e.to_string().contains("replica sets (mongo only)"), "{e}");
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewDatabase) -> Result<Database> {
        let (kind, environment_id, name) = (new.kind, new.environment_id.clone(), new.name.clone());
        let (description, server_id) = (new.description.clone(), new.server_id.clone());
        let call = create_call(self.client, new)?;
        if kind != DatabaseKind::Libsql {
            return call.send().decode().await;
        }
        // `libsql.create` answers a bare `true`: find the new row in its environment, by what
        // `environment.one` lists of it (name, description, server).
        let named = |d: &DatabaseSummary| {
            d.name.as_deref() == Some(name.as_str())
                && d.description == description
                && d.server_id == server_id
        };
        let created = FindCreated {
            what: "libsql database",
            id: |d: &DatabaseSummary| d.reference.id.as_str(),
            label: |d: &DatabaseSummary| {
                format!("{} ({})", d.name.as_deref().unwrap_or("?"), d.reference.id)
            },
            matches: &named,
        }
        .run(|| self.summaries_in(kind, &environment_id), async {
            call.send().body().await?.expect_done()
        })
        .await?;
        self.one(&created.reference).await
    }

    /// The databases of `kind` in an environment, as `environment.one` lists them.
    async fn summaries_in(
        &self,
        kind: DatabaseKind,
        environment_id: &str,
    ) -> Result<Vec<DatabaseSummary>> {
        let env = self.client.environments().one(environment_id).await?;
        Ok(env.databases_of(kind).to_vec())
    }

    /// Applies `changes` to the database and returns it as it is afterwards.
    ///
    /// **Needs an existence check:** Dokploy answers an update of an unknown id with a generic
    /// 400 that does not say "not found" ("Error updating Postgres", "Update: Error updating
    /// MySQL", …), so this reads the database first with `<kind>.one`, whose 404 ("MySql not
    /// found") is [`is_not_found`](crate::Error::is_not_found). The read also serves libsql:
    /// `libsql.update` resets `dockerImage` and `enableNamespaces` to their defaults when they
    /// are not sent, so the current values are sent unless `changes` sets them. If the database
    /// is removed between the read and the update, the 400 is checked again against
    /// `<kind>.one` and reported as not found. `<kind>.update` answers only `true`, so the
    /// database is read once more at the end. With nothing to change, nothing is sent and the
    /// database is returned as it is.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{DatabaseKind, DatabaseRef};
    /// use dokploy::resources::{DatabaseUpdate, NewDatabase};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let new = NewDatabase::mysql(&env_id, "orders", "orders", "app");
    /// let db = client.databases().create(new).await?;
    /// let change = DatabaseUpdate::new().memory_limit("268435456").publish(3307);
    /// let db = client.databases().update(&db.reference, change).await?;
    /// assert_eq!(db.memory_limit.as_deref(), Some("268435456"));
    /// assert_eq!(db.external_port, Some(3307));
    ///
    /// // Dokploy says "Update: Error updating MySQL" (400) for an unknown id; this says not found.
    /// let gone = DatabaseRef::new(DatabaseKind::Mysql, "no-such-id");
    /// let e = client.databases().update(&gone, DatabaseUpdate::new().description("x")).await;
    /// assert!(e.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, db: &DatabaseRef, changes: DatabaseUpdate) -> Result<Database> {
        let fields = changes.fields(db.kind)?;
        let current = self.one(db).await?;
        if fields.is_empty() {
            return Ok(current);
        }
        let mut call = self
            .client
            .call(&db.procedure("update"))
            .arg(db.kind.id_field(), &db.id);
        if db.kind == DatabaseKind::Libsql {
            // Keep what `libsql.update`'s defaults would otherwise overwrite.
            if changes.docker_image.is_none()
                && let Some(image) = &current.docker_image
            {
                call = call.arg("dockerImage", image);
            }
            if changes.enable_namespaces.is_none()
                && let Some(namespaces) = current.enable_namespaces
            {
                call = call.arg("enableNamespaces", namespaces);
            }
        }
        for (name, value) in fields {
            call = call.arg(name, value);
        }
        if let Err(e) = call.send().body().await.and_then(|b| b.expect_done()) {
            // The generic 400 of an id that has just disappeared: let `one` say so.
            if e.status() == Some(reqwest::StatusCode::BAD_REQUEST) && e.api().is_some() {
                self.one(db).await?;
            }
            return Err(e);
        }
        self.one(db).await
    }

    /// Deploys the database and returns it as it is afterwards. Dokploy's database deploy is
    /// synchronous (it pulls the image and updates the service before answering) and writes no
    /// deployment row; it returns the row as it was *before*, so this fetches it again. When
    /// Docker fails, Dokploy leaves the database `error` and answers 500 "Error on deploy
    /// `<kind>`" followed by Docker's error, which is returned as the error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?;
    /// let deployed = client.databases().deploy(&db.reference).await?;
    /// assert_eq!(deployed.application_status, Some(ServiceStatus::Done));
    /// # Ok(()) }
    /// ```
    pub async fn deploy(&self, db: &DatabaseRef) -> Result<Database> {
        self.simple(db, "deploy").await?;
        self.one(db).await
    }

    /// Starts the database's service. Dokploy answers with the row as it was *before* the change
    /// (a stale status), so this returns nothing: read it again with `one` for the new status.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?;
    /// client.databases().start(&db.reference).await?;
    /// let db = client.databases().one(&db.reference).await?;
    /// assert_eq!(db.application_status, Some(ServiceStatus::Done));
    /// # Ok(()) }
    /// ```
    pub async fn start(&self, db: &DatabaseRef) -> Result<()> {
        self.simple(db, "start").await
    }

    /// Stops the database's service. Dokploy answers with the row as it was *before* the change
    /// (a stale status), so this returns nothing: read it again with `one` for the new status.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServiceStatus;
    /// # use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?;
    /// # client.databases().start(&db.reference).await?;
    /// client.databases().stop(&db.reference).await?;
    /// let db = client.databases().one(&db.reference).await?;
    /// assert_eq!(db.application_status, Some(ServiceStatus::Idle));
    /// # Ok(()) }
    /// ```
    pub async fn stop(&self, db: &DatabaseRef) -> Result<()> {
        self.simple(db, "stop").await
    }

    /// Deletes the database and its service. **Irreversible** (volumes are removed with it).
    /// Returns the database as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?;
    /// let removed = client.databases().remove(&db.reference).await?;
    /// assert_eq!(removed.name, "orders");
    /// assert!(client.databases().one(&db.reference).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, db: &DatabaseRef) -> Result<Database> {
        self.client
            .call(&db.procedure("remove"))
            .arg(db.kind.id_field(), &db.id)
            .send()
            .decode()
            .await
    }

    async fn simple(&self, db: &DatabaseRef, procedure: &str) -> Result<()> {
        self.client
            .call(&db.procedure(procedure))
            .arg(db.kind.id_field(), &db.id)
            .send()
            .body()
            .await?
            .expect_done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `kind` database with exactly the settings the kind requires.
    fn minimal(kind: DatabaseKind) -> NewDatabase {
        let given = |setting| {
            kind.required_settings()
                .contains(&setting)
                .then(|| "x".to_string())
        };
        NewDatabase::of_kind(
            kind,
            "env",
            "db",
            given(DatabaseSetting::DatabaseName),
            given(DatabaseSetting::User),
        )
        .unwrap()
    }

    #[test]
    fn each_kind_requires_what_its_create_requires_and_nothing_it_lacks() {
        // The vendored document decides: a setting a kind requires is a required field of
        // `<kind>.create`, one it does not is no field of it at all.
        for kind in DatabaseKind::ALL {
            let op = crate::operations::find(&kind.procedure("create")).unwrap();
            for setting in [DatabaseSetting::DatabaseName, DatabaseSetting::User] {
                let field = op.body_field(setting.field());
                if kind.required_settings().contains(&setting) {
                    assert!(field.is_some_and(|f| f.required), "{kind}: {setting}");
                } else {
                    assert!(field.is_none(), "{kind} has a {setting}");
                }
            }
            // And the request a constructor makes carries every required field.
            let client = Client::new("http://127.0.0.1:9", "k").unwrap();
            let call = create_call(&client, minimal(kind)).unwrap();
            call.prepare().unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
    }

    #[test]
    fn the_constructors_are_of_kind_with_what_the_kind_requires() {
        let made = [
            NewDatabase::postgres("env", "db", "x", "x"),
            NewDatabase::mysql("env", "db", "x", "x"),
            NewDatabase::mariadb("env", "db", "x", "x"),
            NewDatabase::mongo("env", "db", "x"),
            NewDatabase::redis("env", "db"),
            NewDatabase::libsql("env", "db", "x"),
        ];
        let kinds: Vec<DatabaseKind> = made.iter().map(NewDatabase::kind).collect();
        assert_eq!(kinds, DatabaseKind::ALL);
        for new in made {
            assert_eq!(new, minimal(new.kind()));
        }
    }

    #[test]
    fn a_setting_of_another_kind_is_refused_with_its_owner() {
        let client = Client::new("http://127.0.0.1:9", "k").unwrap();
        let mut new = NewDatabase::postgres("env", "db", "x", "x").database_root_password("r");
        new.replica_sets = Some(true);
        let e = create_call(&client, new).err().unwrap().to_string();
        assert!(
            e.contains(
                "a postgres database has no replica sets (mongo only), no root password (mysql, mariadb only)"
            ),
            "{e}"
        );
    }
}
