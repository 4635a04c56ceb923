//! Scheduled backups of databases, compose services and the web server: create, read, update,
//! remove, list a service's backups and a destination's files, and run a backup now and wait
//! for it.
//!
//! Running a backup goes through the deploy-and-wait machinery ([`DeployRequest`]): Dokploy's
//! `backup.manualBackup<Kind>` runs the backup while the request waits, writes a deployment row
//! of type `backup` with a log, and answers 200 or a 400 (whose message is, for postgres, the
//! whole backup script; the client redacts the secrets in it). A failed backup comes back as a
//! [`DeployOutcome`](crate::DeployOutcome) that did not succeed, with the row's log tail, like a
//! failed deploy.

use serde::Deserialize;

use super::created::FindCreated;
use crate::deploy::{DeployRequest, DeployTarget};
use crate::models::{
    Backup, BackupDatabaseType, BackupFile, BackupMetadata, BackupTarget, BackupType,
    DatabaseCredentials, DatabaseKind, DatabaseRef,
};
use crate::{Client, Error, ResponseExt, Result};

/// Typed backup methods; from [`Client::backups`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::models::{DatabaseKind, DatabaseRef};
/// use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
/// # let db = client.databases().create(new).await?.reference;
/// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
/// # let destination_id = client.destinations().create(new).await?.destination_id;
/// let backups = client.backups();
/// let nightly = backups.create(NewBackup::database(db.clone(), "orders", &destination_id, "0 3 * * *")).await?;
/// assert_eq!(backups.of(&db.into()).await?[0].backup_id, nightly.backup_id);
/// backups.remove(&nightly.backup_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Backups<'a> {
    client: &'a Client,
}

/// A backup to create. The struct is `#[non_exhaustive]`: start from [`NewBackup::database`],
/// [`NewBackup::compose`] or [`NewBackup::web_server`], then use the setters or set fields.
///
/// ```
/// use dokploy::models::{DatabaseKind, DatabaseRef};
/// use dokploy::resources::NewBackup;
/// let db = DatabaseRef::new(DatabaseKind::Mysql, "m1");
/// let new = NewBackup::database(db, "shop", "destination-id", "0 3 * * *")
///     .prefix("nightly/")
///     .keep_latest(7);
/// assert_eq!(new.keep_latest_count, Some(7));
/// assert!(new.enabled);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewBackup {
    /// What to back up.
    pub target: BackupTarget,
    /// The destination to upload to.
    pub destination_id: String,
    /// When to run (a cron expression, e.g. `0 3 * * *`).
    pub schedule: String,
    /// The database to dump (its name inside the server; `dokploy` for the web server).
    pub database: String,
    /// The folder under the service's name in the bucket (default `/`: none, as in Dokploy's
    /// UI).
    pub prefix: String,
    /// Whether the schedule is active (default `true`, as in Dokploy's UI; manual runs work
    /// either way).
    pub enabled: bool,
    /// How many files to keep; `None` (the default) keeps all.
    pub keep_latest_count: Option<u32>,
    /// The kind of database a compose service runs (set by [`NewBackup::compose`]). For a
    /// database or the web server, what is sent follows from the target and this is ignored.
    pub database_type: Option<BackupDatabaseType>,
    /// What a compose backup dumps with (see [`NewBackup::credentials`]).
    pub metadata: Option<BackupMetadata>,
}

impl NewBackup {
    /// A backup of the database `database` inside `db`, to `destination_id`, on `schedule`.
    ///
    /// ```
    /// use dokploy::models::{BackupTarget, DatabaseKind, DatabaseRef};
    /// use dokploy::resources::NewBackup;
    /// let db = DatabaseRef::new(DatabaseKind::Postgres, "p1");
    /// let new = NewBackup::database(db.clone(), "orders", "destination-id", "0 3 * * *");
    /// assert_eq!(new.target, BackupTarget::Database(db));
    /// assert_eq!(new.prefix, "/");
    /// ```
    pub fn database(
        db: DatabaseRef,
        database: impl Into<String>,
        destination_id: impl Into<String>,
        schedule: impl Into<String>,
    ) -> Self {
        let database_type = BackupDatabaseType::of_kind(db.kind);
        Self::with(
            BackupTarget::Database(db),
            database.into(),
            destination_id.into(),
            schedule.into(),
            database_type,
        )
    }

    /// A backup of the `kind` database `database` running as `service` of a compose stack.
    /// Dokploy dumps it with credentials you give with [`NewBackup::credentials`]: the user for
    /// postgres, user and password for mariadb and mongo, the root password for mysql.
    ///
    /// ```
    /// use dokploy::models::{DatabaseCredentials, DatabaseKind};
    /// use dokploy::resources::NewBackup;
    /// let new = NewBackup::compose("compose-id", "db", DatabaseKind::Mariadb, "shop", "destination-id", "0 3 * * *")
    ///     .credentials(DatabaseCredentials::user("shop").password("hunter2"));
    /// assert!(new.metadata.unwrap().mariadb.is_some());
    /// ```
    pub fn compose(
        compose_id: impl Into<String>,
        service: impl Into<String>,
        kind: DatabaseKind,
        database: impl Into<String>,
        destination_id: impl Into<String>,
        schedule: impl Into<String>,
    ) -> Self {
        let target = BackupTarget::Compose {
            compose_id: compose_id.into(),
            service_name: Some(service.into()),
        };
        Self::with(
            target,
            database.into(),
            destination_id.into(),
            schedule.into(),
            BackupDatabaseType::of_kind(kind),
        )
    }

    /// A backup of Dokploy's own web server (its database `dokploy` and `/etc/dokploy`).
    ///
    /// ```
    /// use dokploy::models::BackupTarget;
    /// use dokploy::resources::NewBackup;
    /// let new = NewBackup::web_server("destination-id", "0 4 * * 0");
    /// assert_eq!((new.target, new.database.as_str()), (BackupTarget::WebServer, "dokploy"));
    /// ```
    pub fn web_server(destination_id: impl Into<String>, schedule: impl Into<String>) -> Self {
        Self::with(
            BackupTarget::WebServer,
            "dokploy".to_string(),
            destination_id.into(),
            schedule.into(),
            Some(BackupDatabaseType::WebServer),
        )
    }

    fn with(
        target: BackupTarget,
        database: String,
        destination_id: String,
        schedule: String,
        database_type: Option<BackupDatabaseType>,
    ) -> Self {
        Self {
            target,
            destination_id,
            schedule,
            database,
            prefix: "/".to_string(),
            enabled: true,
            keep_latest_count: None,
            database_type,
            metadata: None,
        }
    }

    /// Sets the folder in the bucket.
    ///
    /// ```
    /// let new = dokploy::resources::NewBackup::web_server("d", "0 4 * * 0").prefix("weekly/");
    /// assert_eq!(new.prefix, "weekly/");
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Turns the schedule on or off.
    ///
    /// ```
    /// let new = dokploy::resources::NewBackup::web_server("d", "0 4 * * 0").enabled(false);
    /// assert!(!new.enabled);
    /// ```
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Keeps only the `count` newest files (older ones are deleted after each run).
    ///
    /// ```
    /// let new = dokploy::resources::NewBackup::web_server("d", "0 4 * * 0").keep_latest(4);
    /// assert_eq!(new.keep_latest_count, Some(4));
    /// ```
    pub fn keep_latest(mut self, count: u32) -> Self {
        self.keep_latest_count = Some(count);
        self
    }

    /// The credentials a compose backup dumps with, filed under its database kind. (A database
    /// service and the web server are dumped with their own: [`Backups::create`] refuses
    /// credentials given to them.)
    ///
    /// ```
    /// use dokploy::models::{DatabaseCredentials, DatabaseKind};
    /// use dokploy::resources::NewBackup;
    /// let new = NewBackup::compose("c1", "db", DatabaseKind::Postgres, "app", "d", "0 3 * * *")
    ///     .credentials(DatabaseCredentials::user("app"));
    /// assert_eq!(new.metadata.unwrap().postgres.unwrap().database_user.as_deref(), Some("app"));
    /// ```
    pub fn credentials(mut self, credentials: DatabaseCredentials) -> Self {
        let kind = self
            .database_type
            .as_ref()
            .and_then(BackupDatabaseType::database_kind);
        // Without a kind there is nowhere to file them: `problem` then refuses the backup.
        self.metadata = Some(match kind {
            Some(kind) => BackupMetadata::for_kind(kind, credentials),
            None => BackupMetadata::default(),
        });
        self
    }

    /// What is wrong with this backup before anything is sent, if anything.
    fn problem(&self) -> Option<String> {
        match &self.target {
            BackupTarget::Database(db) if db.kind == DatabaseKind::Redis => {
                Some(format!("Dokploy cannot back up redis databases ({db})"))
            }
            BackupTarget::Compose {
                service_name: None, ..
            } => Some("a compose backup needs the service that runs the database".into()),
            BackupTarget::Compose { .. } => {
                let kind = self
                    .database_type
                    .as_ref()
                    .and_then(BackupDatabaseType::database_kind);
                let credentials = kind.and_then(|k| self.metadata.as_ref()?.credentials(k));
                let needs: &[(&str, bool)] = match (kind, credentials) {
                    (Some(DatabaseKind::Postgres), c) => {
                        &[("databaseUser", c.is_some_and(|c| c.database_user.is_some()))]
                    }
                    (Some(DatabaseKind::Mariadb | DatabaseKind::Mongo), c) => &[
                        ("databaseUser", c.is_some_and(|c| c.database_user.is_some())),
                        (
                            "databasePassword",
                            c.is_some_and(|c| c.database_password.is_some()),
                        ),
                    ],
                    (Some(DatabaseKind::Mysql), c) => &[(
                        "databaseRootPassword",
                        c.is_some_and(|c| c.database_root_password.is_some()),
                    )],
                    _ => {
                        return Some(
                            "a compose backup dumps a postgres, mariadb, mongo or mysql service"
                                .into(),
                        );
                    }
                };
                let missing: Vec<&str> = needs
                    .iter()
                    .filter(|(_, given)| !given)
                    .map(|(field, _)| *field)
                    .collect();
                (!missing.is_empty()).then(|| {
                    format!(
                        "a compose backup of a {} service needs {} (see `NewBackup::credentials`)",
                        kind.map(DatabaseKind::router).unwrap_or_default(),
                        missing.join(" and ")
                    )
                })
            }
            _ if self.metadata.is_some() => Some(format!(
                "credentials are for compose backups; {} is dumped with its own",
                self.target
            )),
            _ => None,
        }
    }
}

/// Changes to a backup; fields left `None` stay as they are. The struct is
/// `#[non_exhaustive]`: start from [`BackupChanges::new`] and use the setters.
///
/// ```
/// use dokploy::resources::BackupChanges;
/// let changes = BackupChanges::new().schedule("0 4 * * *").keep_latest(5).enabled(false);
/// assert_eq!(changes.keep_latest_count, Some(Some(5)));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct BackupChanges {
    /// A new schedule.
    pub schedule: Option<String>,
    /// Turn the schedule on or off.
    pub enabled: Option<bool>,
    /// A new folder in the bucket.
    pub prefix: Option<String>,
    /// Another destination.
    pub destination_id: Option<String>,
    /// Another database to dump.
    pub database: Option<String>,
    /// How many files to keep: `Some(None)` keeps all.
    pub keep_latest_count: Option<Option<u32>>,
    /// Another compose service.
    pub service_name: Option<String>,
    /// Other compose credentials.
    pub metadata: Option<BackupMetadata>,
}

impl BackupChanges {
    /// No changes.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::BackupChanges::new(), Default::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the schedule.
    ///
    /// ```
    /// let changes = dokploy::resources::BackupChanges::new().schedule("@daily");
    /// assert_eq!(changes.schedule.as_deref(), Some("@daily"));
    /// ```
    pub fn schedule(mut self, schedule: impl Into<String>) -> Self {
        self.schedule = Some(schedule.into());
        self
    }

    /// Turns the schedule on or off.
    ///
    /// ```
    /// let changes = dokploy::resources::BackupChanges::new().enabled(true);
    /// assert_eq!(changes.enabled, Some(true));
    /// ```
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// Sets the folder in the bucket.
    ///
    /// ```
    /// let changes = dokploy::resources::BackupChanges::new().prefix("hourly/");
    /// assert_eq!(changes.prefix.as_deref(), Some("hourly/"));
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Uploads to another destination.
    ///
    /// ```
    /// let changes = dokploy::resources::BackupChanges::new().destination("d2");
    /// assert_eq!(changes.destination_id.as_deref(), Some("d2"));
    /// ```
    pub fn destination(mut self, destination_id: impl Into<String>) -> Self {
        self.destination_id = Some(destination_id.into());
        self
    }

    /// Keeps only the `count` newest files.
    ///
    /// ```
    /// let changes = dokploy::resources::BackupChanges::new().keep_latest(3);
    /// assert_eq!(changes.keep_latest_count, Some(Some(3)));
    /// ```
    pub fn keep_latest(mut self, count: u32) -> Self {
        self.keep_latest_count = Some(Some(count));
        self
    }

    /// Keeps every file.
    ///
    /// ```
    /// let changes = dokploy::resources::BackupChanges::new().keep_all();
    /// assert_eq!(changes.keep_latest_count, Some(None));
    /// ```
    pub fn keep_all(mut self) -> Self {
        self.keep_latest_count = Some(None);
        self
    }
}

/// The part of `<kind>.one`, `compose.one` and `user.getBackups` that lists backups.
#[derive(Deserialize)]
struct WithBackups {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    backups: Vec<Backup>,
}

impl<'a> Backups<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// One backup, with its owner's row and its destination (without the keys). An unknown id
    /// is a 404 ([`Error::is_not_found`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// # let new = NewBackup::database(db, "orders", &destination_id, "0 3 * * *");
    /// # let backup_id = client.backups().create(new).await?.backup_id;
    /// let backup = client.backups().one(&backup_id).await?;
    /// assert_eq!(backup.destination.unwrap().secret_access_key, None); // nested without keys
    /// assert!(client.backups().one("no-such-id").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, backup_id: &str) -> Result<Backup> {
        self.client
            .call("backup.one")
            .arg("backupId", backup_id)
            .send()
            .decode()
            .await
    }

    /// The backups of a database (`<kind>.one` → `backups[]`), of a compose stack
    /// (`compose.one`; only those of the service, when the target names one) or of the web
    /// server (`user.getBackups`), each with its destination and its runs.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{BackupTarget, DatabaseKind, DatabaseRef};
    /// # use dokploy::resources::NewDatabase;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// assert!(client.backups().of(&BackupTarget::Database(db)).await?.is_empty());
    /// let redis = BackupTarget::Database(DatabaseRef::new(DatabaseKind::Redis, "r1"));
    /// assert!(client.backups().of(&redis).await.is_err()); // Dokploy has no redis backups
    /// # Ok(()) }
    /// ```
    pub async fn of(&self, target: &BackupTarget) -> Result<Vec<Backup>> {
        Ok(self.listing(target).await?.backups)
    }

    async fn listing(&self, target: &BackupTarget) -> Result<WithBackups> {
        match target {
            BackupTarget::Database(db) if db.kind == DatabaseKind::Redis => Err(
                Error::InvalidInput(format!("Dokploy cannot back up redis databases ({db})")),
            ),
            BackupTarget::Database(db) => {
                self.client
                    .call(&db.procedure("one"))
                    .arg(db.kind.id_field(), &db.id)
                    .send()
                    .decode()
                    .await
            }
            BackupTarget::Compose {
                compose_id,
                service_name,
            } => {
                let mut listing: WithBackups = self
                    .client
                    .call("compose.one")
                    .arg("composeId", compose_id)
                    .send()
                    .decode()
                    .await?;
                if let Some(service) = service_name {
                    listing
                        .backups
                        .retain(|b| b.service_name.as_deref() == Some(service.as_str()));
                }
                Ok(listing)
            }
            BackupTarget::WebServer => self.client.call("user.getBackups").send().decode().await,
        }
    }

    /// Creates a backup and returns it, as its owner lists it (with its destination).
    ///
    /// `backup.create` answers with an empty body, so the new backup is found by listing the
    /// owner's backups ([`Backups::of`]) before and after the create: the one new backup with
    /// the same destination, schedule, prefix and database (and service). If someone creates
    /// an identical backup of the same service at the same moment, this fails with
    /// [`LookupError::CreatedButAmbiguous`](crate::error::LookupError::CreatedButAmbiguous)
    /// rather than guess; a backup that existed before is never returned, and the create is
    /// sent once either way. What Dokploy would
    /// accept but cannot run (a redis database, a compose backup without the credentials its
    /// kind needs) is refused before anything is sent. A web-server backup is filed under the
    /// key's user (`userId`, read from `user.getBackups`), where Dokploy's UI lists it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{BackupTarget, DatabaseKind};
    /// use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// let new = NewBackup::database(db.clone(), "orders", &destination_id, "0 3 * * *").keep_latest(7);
    /// let backup = client.backups().create(new).await?;
    /// assert_eq!(backup.target(), Some(BackupTarget::Database(db)));
    /// assert_eq!(backup.keep_latest_count, Some(7));
    ///
    /// let web = client.backups().create(NewBackup::web_server(&destination_id, "0 4 * * 0")).await?;
    /// assert_eq!(client.backups().of(&BackupTarget::WebServer).await?[0].backup_id, web.backup_id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewBackup) -> Result<Backup> {
        if let Some(problem) = new.problem() {
            return Err(Error::InvalidInput(problem));
        }
        let mut call = self
            .client
            .call("backup.create")
            .arg("schedule", &new.schedule)
            .arg("enabled", new.enabled)
            .arg("prefix", &new.prefix)
            .arg("destinationId", &new.destination_id)
            .arg("keepLatestCount", new.keep_latest_count)
            .arg("database", &new.database);
        let database_type = match &new.target {
            BackupTarget::Database(db) => BackupDatabaseType::of_kind(db.kind),
            BackupTarget::WebServer => Some(BackupDatabaseType::WebServer),
            BackupTarget::Compose { .. } => new.database_type.clone(),
        };
        if let Some(database_type) = &database_type {
            call = call.arg("databaseType", database_type.as_str());
        }
        if let Some(metadata) = &new.metadata {
            call = call.arg("metadata", metadata);
        }
        call = match &new.target {
            BackupTarget::Database(db) => call
                .arg("backupType", BackupType::Database.as_str())
                .arg(db.kind.id_field(), &db.id),
            BackupTarget::Compose {
                compose_id,
                service_name,
            } => call
                .arg("backupType", BackupType::Compose.as_str())
                .arg("composeId", compose_id)
                .arg("serviceName", service_name),
            BackupTarget::WebServer => {
                let user_id = self.listing(&new.target).await?.id.ok_or_else(|| {
                    Error::InvalidInput(
                        "user.getBackups did not say which user the API key belongs to".into(),
                    )
                })?;
                call.arg("backupType", BackupType::Database.as_str())
                    .arg("userId", user_id)
            }
        };
        let service = match &new.target {
            BackupTarget::Compose { service_name, .. } => service_name.as_deref(),
            _ => None,
        };
        let same = |b: &Backup| {
            b.destination_id.as_deref() == Some(new.destination_id.as_str())
                && b.schedule.as_deref() == Some(new.schedule.as_str())
                && b.prefix.as_deref() == Some(new.prefix.as_str())
                && b.database.as_deref() == Some(new.database.as_str())
                && b.service_name.as_deref() == service
        };
        FindCreated {
            what: "backup",
            id: |b: &Backup| b.backup_id.as_str(),
            label: |b: &Backup| {
                format!(
                    "backup {} ({} to {})",
                    b.backup_id,
                    b.schedule.as_deref().unwrap_or("?"),
                    b.prefix.as_deref().unwrap_or("?")
                )
            },
            matches: &same,
        }
        .run(|| self.of(&new.target), async {
            call.send().body().await?.expect_done()
        })
        .await
    }

    /// Changes a backup and returns it as it is afterwards.
    ///
    /// Dokploy's `backup.update` requires every setting and answers with an empty body, so
    /// this reads the backup first (an unknown id is then the 404 of `backup.one`;
    /// `backup.update` itself would answer 400 "Backup not found" — both are
    /// [`Error::is_not_found`]), sends its settings with `changes` applied, and reads it again.
    /// A change someone else makes between the read and the update is overwritten.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::BackupChanges;
    /// # use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// # let new = NewBackup::database(db, "orders", &destination_id, "0 3 * * *");
    /// # let backup_id = client.backups().create(new).await?.backup_id;
    /// let changes = BackupChanges::new().schedule("0 4 * * *").keep_latest(5);
    /// let backup = client.backups().update(&backup_id, changes).await?;
    /// assert_eq!((backup.schedule.as_deref(), backup.keep_latest_count), (Some("0 4 * * *"), Some(5)));
    /// assert!(client.backups().update("no-such-id", BackupChanges::new()).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, backup_id: &str, changes: BackupChanges) -> Result<Backup> {
        let current = self.one(backup_id).await?;
        let required = |changed: Option<String>, now: &Option<String>, field: &str| {
            changed.or_else(|| now.clone()).ok_or_else(|| {
                Error::InvalidInput(format!(
                    "the backup {backup_id} has no `{field}`, which backup.update requires: set it in the changes"
                ))
            })
        };
        let database_type = current
            .database_type
            .as_ref()
            .map(|t| t.as_str().to_string());
        let database_type = required(None, &database_type, "databaseType")?;
        let keep_latest_count = match changes.keep_latest_count {
            Some(count) => count.map(i64::from),
            None => current.keep_latest_count,
        };
        self.client
            .call("backup.update")
            .arg("backupId", backup_id)
            .arg(
                "schedule",
                required(changes.schedule, &current.schedule, "schedule")?,
            )
            .arg("enabled", changes.enabled.or(current.enabled))
            .arg(
                "prefix",
                required(changes.prefix, &current.prefix, "prefix")?,
            )
            .arg(
                "destinationId",
                required(
                    changes.destination_id,
                    &current.destination_id,
                    "destinationId",
                )?,
            )
            .arg(
                "database",
                required(changes.database, &current.database, "database")?,
            )
            .arg("keepLatestCount", keep_latest_count)
            .arg(
                "serviceName",
                changes.service_name.or(current.service_name.clone()),
            )
            .arg("metadata", changes.metadata.or(current.metadata.clone()))
            .arg("databaseType", database_type)
            .send()
            .body()
            .await?
            .expect_done()?;
        self.one(backup_id).await
    }

    /// Deletes a backup (its schedule and its runs; files already uploaded stay in the bucket).
    /// **Irreversible.** Returns the backup as it was. An unknown id is Dokploy's 400 "Backup not
    /// found", which [`Error::is_not_found`] recognises.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// # let new = NewBackup::database(db, "orders", &destination_id, "0 3 * * *");
    /// # let backup_id = client.backups().create(new).await?.backup_id;
    /// let removed = client.backups().remove(&backup_id).await?;
    /// assert_eq!(removed.schedule.as_deref(), Some("0 3 * * *"));
    /// assert!(client.backups().remove(&backup_id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, backup_id: &str) -> Result<Backup> {
        self.client
            .call("backup.remove")
            .arg("backupId", backup_id)
            .send()
            .decode()
            .await
    }

    /// The files and folders in a destination at `search` (at most 100), as
    /// `backup.listBackupFiles` finds them with rclone: `search` up to its last `/` is the
    /// folder listed (e.g. `orders-x1y2z3/nightly/`), the rest filters the entries by name. An
    /// empty `search` is refused before sending (Dokploy takes an empty query parameter for a
    /// missing one and answers 400). A failure (rclone cannot reach the bucket) is a 400 whose
    /// message is the rclone command line, secret redacted. To list one backup's own files,
    /// see [`Backups::files_of`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// let files = client.backups().list_files(&destination_id, "orders").await?;
    /// assert!(files.is_empty()); // nothing uploaded yet
    /// assert!(client.backups().list_files(&destination_id, "").await.is_err()); // never sent
    /// # Ok(()) }
    /// ```
    pub async fn list_files(&self, destination_id: &str, search: &str) -> Result<Vec<BackupFile>> {
        if search.is_empty() {
            return Err(Error::InvalidInput(
                "backup.listBackupFiles needs a non-empty `search` (a folder such as `<appName>/` and/or a name filter): Dokploy refuses an empty one".into(),
            ));
        }
        self.client
            .call("backup.listBackupFiles")
            .arg("destinationId", destination_id)
            .arg("search", search)
            .send()
            .decode()
            .await
    }

    /// The files one backup has uploaded: [`Backups::list_files`] in its folder,
    /// `<appName>/<prefix>` (the database's or compose stack's `appName`; the backup's own for
    /// the web server), read from `backup.one`.
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
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// # use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// # let new = NewBackup::database(db, "orders", &destination_id, "0 3 * * *").prefix("nightly/");
    /// # let backup_id = client.backups().create(new).await?.backup_id;
    /// client.backups().run(&backup_id).options(fast).wait().await?.into_result()?;
    /// let files = client.backups().files_of(&backup_id).await?;
    /// assert!(files[0].path.ends_with(".sql.gz"));
    /// assert!(files[0].path.contains("/nightly/"));
    /// # Ok(()) }
    /// ```
    pub async fn files_of(&self, backup_id: &str) -> Result<Vec<BackupFile>> {
        let backup = self.one(backup_id).await?;
        let owner = match backup.target() {
            Some(BackupTarget::Database(db)) => backup.extra.get(db.kind.router()),
            Some(BackupTarget::Compose { .. }) => backup.extra.get("compose"),
            _ => None,
        };
        let app_name = owner
            .and_then(|o| o.get("appName"))
            .and_then(serde_json::Value::as_str)
            .or(backup.app_name.as_deref())
            .filter(|name| !name.is_empty())
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "backup.one did not say under which name the backup {backup_id} uploads"
                ))
            })?;
        let destination_id = backup.destination_id.as_deref().ok_or_else(|| {
            Error::InvalidInput(format!("the backup {backup_id} has no destination"))
        })?;
        let prefix = backup.prefix.as_deref().unwrap_or_default().trim();
        let prefix = prefix.trim_matches('/');
        let folder = if prefix.is_empty() {
            format!("{app_name}/")
        } else {
            format!("{app_name}/{prefix}/")
        };
        self.list_files(destination_id, &folder).await
    }

    /// Runs a backup now and waits for it, through the same machinery as a deploy
    /// ([`DeployRequest`]): progress events, a [`DeployOutcome`](crate::DeployOutcome) for a run
    /// that ended `done` or `error`, the log tail when it did not succeed. Nothing is sent until
    /// [`DeployRequest::wait`].
    ///
    /// `wait` first reads the backup (`backup.one`: an unknown id is a 404,
    /// [`Error::is_not_found`]) to pick the procedure of its kind
    /// (`backup.manualBackupPostgres`, `…MySql`, `…Mariadb`, `…Mongo`, `…Libsql`, `…Compose`,
    /// `…WebServer`). That call runs the backup while it waits, so the run's deployment row
    /// (`deployment.allByType`, type `backup`) has finished when it answers:
    /// - 200: the row is followed to `done`;
    /// - a 400/500 (the backup failed): the row is read at once and the outcome is an `error`
    ///   with the row's log tail, and Dokploy's answer in
    ///   [`DeployOutcome::trigger_error`](crate::DeployOutcome::trigger_error) (for postgres its
    ///   message is the backup script and its error output, secrets redacted: often the only
    ///   place that says why). If the error came with **no new row** (Dokploy failed before
    ///   starting the run: a missing service, a database error), or the row says `done` (the
    ///   backup was made but what followed failed, e.g. deleting files past
    ///   `keepLatestCount`), `wait` returns Dokploy's error itself;
    /// - the request timed out (a long dump; see
    ///   [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)): the row is followed until it
    ///   finishes, like a deploy.
    ///
    /// `title`, `description` and `redeploy` do not apply to backups: set, they make `wait`
    /// fail before anything is sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let fast = dokploy::WaitOptions {
    /// #     poll_interval: std::time::Duration::from_millis(20),
    /// #     ..Default::default()
    /// # };
    /// use dokploy::fake::BackupOutcome;
    /// # use dokploy::resources::{NewBackup, NewDatabase, NewDestination};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let new = NewDatabase::postgres(&env_id, "orders", "orders", "app");
    /// # let db = client.databases().create(new).await?.reference;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let destination_id = client.destinations().create(new).await?.destination_id;
    /// # let new = NewBackup::database(db, "orders", &destination_id, "0 3 * * *");
    /// # let backup_id = client.backups().create(new).await?.backup_id;
    /// let outcome = client.backups().run(&backup_id).on_progress(|e| println!("{e}")).options(fast.clone()).wait().await?;
    /// assert!(outcome.succeeded());
    ///
    /// fake.set_backup_outcome(BackupOutcome::Error { log: "Error: connection refused".into() });
    /// let outcome = client.backups().run(&backup_id).options(fast).wait().await?;
    /// assert!(!outcome.succeeded());
    /// assert!(outcome.log_tail.unwrap().ends_with("Error: connection refused"));
    /// assert!(!outcome.trigger_error.unwrap().message.contains("s3cr3t"));
    /// # Ok(()) }
    /// ```
    pub fn run(&self, backup_id: &str) -> DeployRequest<'a> {
        DeployRequest::new(self.client, DeployTarget::Backup(backup_id.to_string()))
    }

    /// Sends the `manualBackup<Kind>` of the backup's kind (what [`Backups::run`] triggers).
    pub(crate) async fn trigger_run(&self, backup_id: &str) -> Result<()> {
        let backup = self.one(backup_id).await?;
        let target = backup.target().ok_or_else(|| {
            Error::InvalidInput(format!(
                "the backup {backup_id} names no database, compose service or web server to back up"
            ))
        })?;
        let procedure = target
            .manual_backup_procedure()
            .ok_or_else(|| Error::InvalidInput(format!("Dokploy cannot back up {target}")))?;
        self.client
            .call(procedure)
            .arg("backupId", backup_id)
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
    fn compose_backups_without_the_credentials_of_their_kind_are_refused() {
        let bare = NewBackup::compose("c1", "db", DatabaseKind::Mariadb, "shop", "d", "@daily");
        let problem = bare.problem().unwrap();
        assert!(
            problem.contains("databaseUser and databasePassword"),
            "{problem}"
        );
        let half = bare.clone().credentials(DatabaseCredentials::user("shop"));
        assert!(half.problem().unwrap().contains("databasePassword"));
        let full = bare.credentials(DatabaseCredentials::user("shop").password("pw"));
        assert_eq!(full.problem(), None);
        let mysql = NewBackup::compose("c1", "db", DatabaseKind::Mysql, "shop", "d", "@daily")
            .credentials(DatabaseCredentials::root_password("pw"));
        assert_eq!(mysql.problem(), None);
        let redis = NewBackup::compose("c1", "db", DatabaseKind::Redis, "x", "d", "@daily");
        assert!(redis.problem().unwrap().contains("postgres, mariadb"));
    }

    #[test]
    fn credentials_for_anything_but_a_compose_backup_are_refused() {
        let web = NewBackup::web_server("d", "@weekly").credentials(DatabaseCredentials::user("x"));
        assert!(web.problem().unwrap().contains("the web server"));
        let db = DatabaseRef::new(DatabaseKind::Postgres, "p1");
        let pg =
            NewBackup::database(db, "x", "d", "@daily").credentials(DatabaseCredentials::user("x"));
        assert!(pg.problem().unwrap().contains("compose backups"));
    }

    #[test]
    fn redis_databases_cannot_be_backed_up() {
        let new = NewBackup::database(
            DatabaseRef::new(DatabaseKind::Redis, "r1"),
            "x",
            "d",
            "@daily",
        );
        assert!(new.problem().unwrap().contains("redis"));
    }
}
