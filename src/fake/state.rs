//! The fake's in-memory database: one table per Dokploy table it models, rows kept as JSON
//! objects exactly as Dokploy returns them.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tokio::sync::mpsc::UnboundedSender;

use super::deploy::Job;
use super::ids;
use super::instance::Instance;
use super::{BackupOutcome, DeployOutcome, DockerEngine, EngineService};

/// One row, with every column (nullable ones as `null`).
pub(crate) type Row = Map<String, Value>;

/// Rows in insertion (= creation) order, looked up by their id column.
pub(crate) struct Table {
    key: &'static str,
    rows: Vec<Row>,
}

impl Table {
    pub(crate) fn new(key: &'static str) -> Self {
        Self {
            key,
            rows: Vec::new(),
        }
    }

    fn matches(&self, row: &Row, id: &str) -> bool {
        row.get(self.key).and_then(Value::as_str) == Some(id)
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| self.matches(r, id))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Row> {
        let key = self.key;
        self.rows
            .iter_mut()
            .find(|r| r.get(key).and_then(Value::as_str) == Some(id))
    }

    pub(crate) fn insert(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Row> {
        let index = self.rows.iter().position(|r| self.matches(r, id))?;
        Some(self.rows.remove(index))
    }

    /// Rows whose column `column` is the string `value`, oldest first.
    pub(crate) fn where_eq<'a>(
        &'a self,
        column: &'a str,
        value: &'a str,
    ) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows
            .iter()
            .filter(move |r| r.get(column).and_then(Value::as_str) == Some(value))
    }

    /// Removes the rows for which `remove` is true and returns them.
    pub(crate) fn remove_where(&mut self, mut remove: impl FnMut(&Row) -> bool) -> Vec<Row> {
        let (gone, kept): (Vec<Row>, Vec<Row>) = std::mem::take(&mut self.rows)
            .into_iter()
            .partition(|r| remove(r));
        self.rows = kept;
        gone
    }

    /// Sets `column` to `null` where it is `value`: a foreign key's `onDelete: set null`.
    pub(crate) fn set_null_where(&mut self, column: &str, value: &str) {
        for row in &mut self.rows {
            if row.get(column).and_then(Value::as_str) == Some(value) {
                row.insert(column.to_string(), Value::Null);
            }
        }
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &Row> {
        self.rows.iter()
    }
}

/// The six database kinds Dokploy runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum DbKind {
    Postgres,
    Mysql,
    Mariadb,
    Mongo,
    Redis,
    Libsql,
}

impl DbKind {
    pub(crate) const ALL: [DbKind; 6] = [
        DbKind::Postgres,
        DbKind::Mysql,
        DbKind::Mariadb,
        DbKind::Mongo,
        DbKind::Redis,
        DbKind::Libsql,
    ];

    /// The router name, e.g. `postgres`.
    pub(crate) fn router(self) -> &'static str {
        match self {
            DbKind::Postgres => "postgres",
            DbKind::Mysql => "mysql",
            DbKind::Mariadb => "mariadb",
            DbKind::Mongo => "mongo",
            DbKind::Redis => "redis",
            DbKind::Libsql => "libsql",
        }
    }

    /// The kind whose router is `router`.
    pub(crate) fn from_router(router: &str) -> Option<DbKind> {
        DbKind::ALL.into_iter().find(|k| k.router() == router)
    }

    /// The id column, e.g. `postgresId`.
    pub(crate) fn id_key(self) -> &'static str {
        match self {
            DbKind::Postgres => "postgresId",
            DbKind::Mysql => "mysqlId",
            DbKind::Mariadb => "mariadbId",
            DbKind::Mongo => "mongoId",
            DbKind::Redis => "redisId",
            DbKind::Libsql => "libsqlId",
        }
    }

    /// The 404 message of `find<Kind>ById`.
    pub(crate) fn not_found(self) -> &'static str {
        match self {
            DbKind::Postgres => "Postgres not found",
            DbKind::Mysql => "MySql not found",
            DbKind::Mariadb => "Mariadb not found",
            DbKind::Mongo => "Mongo not found",
            DbKind::Redis => "Redis not found",
            DbKind::Libsql => "Libsql not found",
        }
    }

    /// The 400 `<kind>.update` answers when no row has the id (each router words it its own
    /// way).
    pub(crate) fn update_failed(self) -> &'static str {
        match self {
            DbKind::Postgres => "Error updating Postgres",
            DbKind::Mysql => "Update: Error updating MySQL",
            DbKind::Mariadb => "Update: Error updating Mariadb",
            DbKind::Mongo => "Update: Error updating Mongo",
            DbKind::Redis => "Error updating Redis",
            DbKind::Libsql => "Error updating Libsql",
        }
    }

    /// How error messages name the kind ("Error input: Inserting Postgres database").
    pub(crate) fn label(self) -> &'static str {
        match self {
            DbKind::Postgres => "Postgres",
            DbKind::Mysql => "MySql",
            DbKind::Mariadb => "Mariadb",
            DbKind::Mongo => "Mongo",
            DbKind::Redis => "Redis",
            DbKind::Libsql => "Libsql",
        }
    }

    /// Where the data volume created with the database is mounted.
    pub(crate) fn mount_path(self, docker_image: &str) -> String {
        match self {
            DbKind::Postgres => {
                // Dokploy's getMountPath: `postgres:<N>` with N >= 18 keeps PGDATA in
                // `/var/lib/postgresql/<N>/docker` (recording 386); anything else in `…/data`.
                let version = docker_image
                    .split_once("postgres:")
                    .map(|(_, tag)| {
                        tag.chars()
                            .take_while(char::is_ascii_digit)
                            .collect::<String>()
                    })
                    .and_then(|digits| digits.parse::<u32>().ok());
                match version {
                    Some(v) if v >= 18 => format!("/var/lib/postgresql/{v}/docker"),
                    _ => "/var/lib/postgresql/data".to_string(),
                }
            }
            DbKind::Mysql | DbKind::Mariadb => "/var/lib/mysql".to_string(),
            DbKind::Mongo => "/data/db".to_string(),
            DbKind::Redis => "/data".to_string(),
            DbKind::Libsql => "/var/lib/sqld".to_string(),
        }
    }

    /// Whether `find<Kind>ById` loads backups (Redis has none).
    pub(crate) fn has_backups(self) -> bool {
        self != DbKind::Redis
    }
}

/// The notification kinds and the id column of each one's settings table, in the order
/// Dokploy's notification rows list them.
pub(crate) const NOTIFICATION_KINDS: [(&str, &str); 12] = [
    ("slack", "slackId"),
    ("telegram", "telegramId"),
    ("discord", "discordId"),
    ("email", "emailId"),
    ("resend", "resendId"),
    ("gotify", "gotifyId"),
    ("ntfy", "ntfyId"),
    ("mattermost", "mattermostId"),
    ("custom", "customId"),
    ("lark", "larkId"),
    ("pushover", "pushoverId"),
    ("teams", "teamsId"),
];

/// Which service a deployment (or a deploy job) belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ServiceRef {
    Application(String),
    Compose(String),
}

impl ServiceRef {
    pub(crate) fn id(&self) -> &str {
        match self {
            ServiceRef::Application(id) | ServiceRef::Compose(id) => id,
        }
    }
}

/// Everything the fake Dokploy knows.
pub(crate) struct State {
    pub(crate) organization_id: String,
    pub(crate) projects: Table,
    pub(crate) environments: Table,
    pub(crate) applications: Table,
    pub(crate) compose: Table,
    /// What runs on the Docker engine: each service a deploy started, until the service's own
    /// delete/remove takes it down. Removing a project leaves them running, as Dokploy does.
    pub(crate) engine: Vec<EngineService>,
    /// When each service on the engine started (ms since the epoch), by service id: its
    /// container's output is timed from there ([`sockets`](super::sockets)).
    pub(crate) engine_since: HashMap<String, i64>,
    pub(crate) databases: HashMap<DbKind, Table>,
    pub(crate) domains: Table,
    pub(crate) mounts: Table,
    /// Published ports, redirects and basic-auth users of applications.
    pub(crate) ports: Table,
    pub(crate) redirects: Table,
    pub(crate) security: Table,
    /// Scheduled commands of applications and compose stacks.
    pub(crate) schedules: Table,
    /// The organisation's tags, and which project has which (`project_tag` rows).
    pub(crate) tags: Table,
    pub(crate) project_tags: Table,
    pub(crate) deployments: Table,
    pub(crate) servers: Table,
    pub(crate) ssh_keys: Table,
    /// `gitProvider` rows (what every kind shares), and the rows of each kind.
    pub(crate) git_providers: Table,
    pub(crate) gitea: Table,
    pub(crate) gitlab: Table,
    pub(crate) bitbucket: Table,
    /// Backup destinations (S3 buckets).
    pub(crate) destinations: Table,
    /// Scheduled backups.
    pub(crate) backups: Table,
    /// The files successful backups "uploaded", per destinationId: (path in the bucket, size).
    pub(crate) uploads: HashMap<String, Vec<(String, i64)>>,
    /// How backup runs (and rclone) end; `None`: like deploys (see
    /// [`FakeOptions::backup_outcome`](super::FakeOptions::backup_outcome)).
    pub(crate) backup_outcome: Option<BackupOutcome>,
    pub(crate) notifications: Table,
    /// The settings rows of each notification kind (`slack` → its `slackId` table).
    pub(crate) notification_settings: HashMap<&'static str, Table>,
    /// Where notification tests succeed ([`FakeDokploy::accept_notification_target`]).
    ///
    /// [`FakeDokploy::accept_notification_target`]: super::FakeDokploy::accept_notification_target
    pub(crate) notification_targets: Vec<String>,
    /// Deployment logs by deploymentId (what `deployment.readLogs` serves).
    pub(crate) logs: HashMap<String, String>,
    /// The compose file "on disk" per composeId, written by a fetch or a deploy (what
    /// `compose.loadServices` with `type=cache` reads).
    pub(crate) compose_on_disk: HashMap<String, String>,
    /// The last `uniqueConfigKey` handed out to a domain.
    pub(crate) domain_key: i64,
    /// What deploys triggered from now on will do.
    pub(crate) outcome: DeployOutcome,
    /// Whether Docker commands run while a request waits succeed.
    pub(crate) docker: DockerEngine,
    /// The queue of each service that has had a deploy.
    pub(crate) queues: HashMap<ServiceRef, UnboundedSender<Job>>,
    /// The web server's settings, the owner and its API keys.
    pub(crate) instance: Instance,
}

impl State {
    pub(crate) fn new(outcome: DeployOutcome) -> Self {
        let organization_id = ids::nanoid();
        Self {
            instance: Instance::new(&organization_id),
            organization_id,
            projects: Table::new("projectId"),
            environments: Table::new("environmentId"),
            applications: Table::new("applicationId"),
            compose: Table::new("composeId"),
            databases: DbKind::ALL
                .into_iter()
                .map(|k| (k, Table::new(k.id_key())))
                .collect(),
            domains: Table::new("domainId"),
            mounts: Table::new("mountId"),
            ports: Table::new("portId"),
            redirects: Table::new("redirectId"),
            security: Table::new("securityId"),
            schedules: Table::new("scheduleId"),
            tags: Table::new("tagId"),
            project_tags: Table::new("id"),
            deployments: Table::new("deploymentId"),
            servers: Table::new("serverId"),
            ssh_keys: Table::new("sshKeyId"),
            git_providers: Table::new("gitProviderId"),
            gitea: Table::new("giteaId"),
            gitlab: Table::new("gitlabId"),
            bitbucket: Table::new("bitbucketId"),
            destinations: Table::new("destinationId"),
            backups: Table::new("backupId"),
            uploads: HashMap::new(),
            backup_outcome: None,
            notifications: Table::new("notificationId"),
            notification_settings: NOTIFICATION_KINDS
                .into_iter()
                .map(|(kind, id_key)| (kind, Table::new(id_key)))
                .collect(),
            notification_targets: Vec::new(),
            logs: HashMap::new(),
            compose_on_disk: HashMap::new(),
            domain_key: 0,
            outcome,
            docker: DockerEngine::Running,
            queues: HashMap::new(),
            engine: Vec::new(),
            engine_since: HashMap::new(),
        }
    }

    /// The table of a database kind.
    pub(crate) fn db(&self, kind: DbKind) -> &Table {
        // Every kind is inserted by `new`.
        &self.databases[&kind]
    }

    /// The table of a database kind, mutably.
    pub(crate) fn db_mut(&mut self, kind: DbKind) -> &mut Table {
        self.databases
            .entry(kind)
            .or_insert_with(|| Table::new(kind.id_key()))
    }

    /// The settings table of a notification kind (`slack`…), if the kind exists.
    pub(crate) fn notification_settings_mut(&mut self, kind: &str) -> Option<&mut Table> {
        self.notification_settings.get_mut(kind)
    }

    /// Deletes a project's rows with everything in them (the database cascades). What runs on
    /// the engine is not touched: like Dokploy's, the services keep running.
    pub(crate) fn remove_project(&mut self, project_id: &str) -> Option<Row> {
        let project = self.projects.remove(project_id)?;
        self.project_tags
            .remove_where(|r| r.get("projectId").and_then(Value::as_str) == Some(project_id));
        let environments: Vec<String> = self
            .environments
            .where_eq("projectId", project_id)
            .filter_map(|e| str_of(e, "environmentId"))
            .collect();
        for environment_id in environments {
            self.remove_environment(&environment_id);
        }
        Some(project)
    }

    /// Deletes an environment with its services.
    pub(crate) fn remove_environment(&mut self, environment_id: &str) -> Option<Row> {
        let environment = self.environments.remove(environment_id)?;
        let in_env =
            |r: &Row| r.get("environmentId").and_then(Value::as_str) == Some(environment_id);
        for app in self.applications.remove_where(in_env) {
            if let Some(id) = str_of(&app, "applicationId") {
                self.remove_service_children("applicationId", &id);
            }
        }
        for compose in self.compose.remove_where(in_env) {
            if let Some(id) = str_of(&compose, "composeId") {
                self.remove_service_children("composeId", &id);
                self.compose_on_disk.remove(&id);
            }
        }
        for kind in DbKind::ALL {
            for db in self.db_mut(kind).remove_where(in_env) {
                if let Some(id) = str_of(&db, kind.id_key()) {
                    self.remove_service_children(kind.id_key(), &id);
                }
            }
        }
        Some(environment)
    }

    /// Deletes what belongs to a deleted service: domains, mounts, backups, deployments and
    /// their logs.
    pub(crate) fn remove_service_children(&mut self, key: &str, id: &str) {
        let owned = |r: &Row| r.get(key).and_then(Value::as_str) == Some(id);
        self.domains.remove_where(owned);
        self.mounts.remove_where(owned);
        self.ports.remove_where(owned);
        self.redirects.remove_where(owned);
        self.security.remove_where(owned);
        self.schedules.remove_where(owned);
        self.remove_backups_where(owned);
        for deployment in self.deployments.remove_where(owned) {
            if let Some(d) = str_of(&deployment, "deploymentId") {
                self.logs.remove(&d);
            }
        }
        self.queues.retain(|service, _| service.id() != id);
    }

    /// Deletes the backups for which `remove` is true, with their runs (foreign keys cascade).
    pub(crate) fn remove_backups_where(&mut self, remove: impl FnMut(&Row) -> bool) -> Vec<Row> {
        let gone = self.backups.remove_where(remove);
        for backup in &gone {
            if let Some(id) = str_of(backup, "backupId") {
                self.remove_service_children("backupId", &id);
            }
        }
        gone
    }

    /// How backup runs end now: as set, or like deploys (an `error` deploy outcome makes
    /// backups fail with its log; any other succeeds).
    pub(crate) fn backup_outcome(&self) -> BackupOutcome {
        self.backup_outcome
            .clone()
            .unwrap_or_else(|| match &self.outcome {
                DeployOutcome::Error { log } => BackupOutcome::Error { log: log.clone() },
                _ => BackupOutcome::Done,
            })
    }

    /// A deploy of `router`'s service `service_id` succeeded: it runs on the engine.
    pub(crate) fn engine_start(&mut self, router: &'static str, service_id: &str, app_name: &str) {
        if !self.engine.iter().any(|s| s.service_id == service_id) {
            self.engine_since
                .insert(service_id.to_string(), super::ids::now_millis());
            self.engine.push(EngineService {
                router,
                service_id: service_id.to_string(),
                app_name: app_name.to_string(),
            });
        }
    }

    /// The service's own delete/remove stops it and removes it from the engine.
    pub(crate) fn engine_take_down(&mut self, service_id: &str) {
        self.engine.retain(|s| s.service_id != service_id);
        self.engine_since.remove(service_id);
    }

    /// Whether Dokploy still has the row of a service running on the engine.
    pub(crate) fn has_row(&self, service: &EngineService) -> bool {
        let id = service.service_id.as_str();
        match service.router {
            "application" => self.applications.get(id).is_some(),
            "compose" => self.compose.get(id).is_some(),
            router => DbKind::from_router(router).is_some_and(|k| self.db(k).get(id).is_some()),
        }
    }

    /// Whether any service runs on the server.
    pub(crate) fn server_has_services(&self, server_id: &str) -> bool {
        self.applications
            .where_eq("serverId", server_id)
            .next()
            .is_some()
            || self
                .compose
                .where_eq("serverId", server_id)
                .next()
                .is_some()
            || DbKind::ALL
                .into_iter()
                .any(|k| self.db(k).where_eq("serverId", server_id).next().is_some())
    }
}

/// The string in column `key`, if it is one.
pub(crate) fn str_of(row: &Row, key: &str) -> Option<String> {
    row.get(key).and_then(Value::as_str).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn postgres_18_and_later_keep_their_data_under_the_version() {
        let pg = DbKind::Postgres;
        assert_eq!(pg.mount_path("postgres:16"), "/var/lib/postgresql/data");
        assert_eq!(
            pg.mount_path("postgres:17-alpine"),
            "/var/lib/postgresql/data"
        );
        assert_eq!(
            pg.mount_path("postgres:18"),
            "/var/lib/postgresql/18/docker"
        );
        assert_eq!(pg.mount_path("postgres"), "/var/lib/postgresql/data");
    }

    #[test]
    fn removing_a_project_cascades_to_environments_services_and_their_children() {
        let mut st = State::new(DeployOutcome::Done);
        let row = |pairs: serde_json::Value| match pairs {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        };
        st.projects.insert(row(json!({"projectId": "p"})));
        st.environments
            .insert(row(json!({"environmentId": "e", "projectId": "p"})));
        st.applications
            .insert(row(json!({"applicationId": "a", "environmentId": "e"})));
        st.db_mut(DbKind::Redis)
            .insert(row(json!({"redisId": "r", "environmentId": "e"})));
        st.domains
            .insert(row(json!({"domainId": "d", "applicationId": "a"})));
        st.deployments
            .insert(row(json!({"deploymentId": "x", "applicationId": "a"})));
        st.logs.insert("x".into(), "log".into());
        st.mounts
            .insert(row(json!({"mountId": "m", "redisId": "r"})));

        assert!(st.remove_project("p").is_some());
        assert!(st.environments.get("e").is_none());
        assert!(st.applications.get("a").is_none());
        assert!(st.db(DbKind::Redis).get("r").is_none());
        assert!(st.domains.get("d").is_none());
        assert!(st.deployments.get("x").is_none());
        assert!(st.mounts.get("m").is_none());
        assert!(st.logs.is_empty());
    }
}
