//! New rows with every column Dokploy v0.30.2 returns and the database defaults it fills in.
//!
//! The column sets of applications, compose stacks and databases are taken from the operation
//! table: each `<router>.update` accepts every column except `serverId` (checked against the
//! recordings of `application.create` and `postgres.create`).

use serde_json::{Map, Value, json};

use super::ids;
use super::state::{DbKind, Row};
use crate::operations;

/// A row with the columns of `<router>.update` (plus `serverId`), all `null`.
fn blank(update_procedure: &str) -> Row {
    let mut row = Map::new();
    if let Some(op) = operations::find(update_procedure) {
        for field in op.body {
            row.insert(field.name.to_string(), Value::Null);
        }
    }
    row.insert("serverId".into(), Value::Null);
    row
}

fn set(row: &mut Row, pairs: &[(&str, Value)]) {
    for (k, v) in pairs {
        row.insert((*k).to_string(), v.clone());
    }
}

/// Copies `keys` from `input` into `row` when present (zod already checked their types).
pub(crate) fn copy_present(row: &mut Row, input: &Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(v) = input.get(*key) {
            row.insert((*key).to_string(), v.clone());
        }
    }
}

/// A string from the input, or `null`.
fn opt(input: &Map<String, Value>, key: &str) -> Value {
    input.get(key).cloned().unwrap_or(Value::Null)
}

fn supplied_app_name(input: &Map<String, Value>) -> Option<&str> {
    input.get("appName").and_then(Value::as_str)
}

pub(crate) fn project(input: &Map<String, Value>, organization_id: &str) -> Row {
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("projectId", json!(ids::nanoid())),
            ("name", opt(input, "name")),
            ("description", opt(input, "description")),
            ("createdAt", json!(ids::now_iso())),
            ("organizationId", json!(organization_id)),
            (
                "env",
                input.get("env").cloned().unwrap_or_else(|| json!("")),
            ),
        ],
    );
    row
}

pub(crate) fn environment(
    name: &str,
    description: Value,
    project_id: &str,
    is_default: bool,
) -> Row {
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("environmentId", json!(ids::nanoid())),
            ("name", json!(name)),
            ("description", description),
            ("createdAt", json!(ids::now_iso())),
            ("env", json!("")),
            ("projectId", json!(project_id)),
            ("isDefault", json!(is_default)),
        ],
    );
    row
}

pub(crate) fn application(input: &Map<String, Value>) -> Row {
    let mut row = blank("application.update");
    set(
        &mut row,
        &[
            ("applicationId", json!(ids::nanoid())),
            ("name", opt(input, "name")),
            (
                "appName",
                json!(ids::app_name("app", supplied_app_name(input))),
            ),
            ("description", opt(input, "description")),
            ("previewPort", json!(3000)),
            ("previewHttps", json!(false)),
            ("previewPath", json!("/")),
            ("previewCertificateType", json!("none")),
            ("previewLimit", json!(3)),
            ("isPreviewDeploymentsActive", json!(false)),
            ("previewRequireCollaboratorPermissions", json!(true)),
            ("rollbackActive", json!(false)),
            ("refreshToken", json!(ids::nanoid())),
            (
                "sourceType",
                input
                    .get("sourceType")
                    .cloned()
                    .unwrap_or_else(|| json!("github")),
            ),
            ("cleanCache", json!(false)),
            ("buildPath", json!("/")),
            ("triggerType", json!("push")),
            ("autoDeploy", json!(true)),
            ("gitlabBuildPath", json!("/")),
            ("giteaBuildPath", json!("/")),
            ("bitbucketBuildPath", json!("/")),
            ("enableSubmodules", json!(false)),
            ("dockerfile", json!("Dockerfile")),
            ("replicas", json!(1)),
            ("applicationStatus", json!("idle")),
            ("buildType", json!("nixpacks")),
            ("railpackVersion", json!("0.15.4")),
            ("herokuVersion", json!("24")),
            ("createEnvFile", json!(true)),
            ("createdAt", json!(ids::now_iso())),
            ("environmentId", opt(input, "environmentId")),
            ("serverId", opt(input, "serverId")),
            ("networkIds", json!([])),
            ("detachDokployNetwork", json!(false)),
        ],
    );
    row
}

pub(crate) fn compose(input: &Map<String, Value>) -> Row {
    let mut row = blank("compose.update");
    set(
        &mut row,
        &[
            ("composeId", json!(ids::nanoid())),
            ("name", opt(input, "name")),
            (
                "appName",
                json!(ids::app_name("compose", supplied_app_name(input))),
            ),
            ("description", opt(input, "description")),
            (
                "composeFile",
                input
                    .get("composeFile")
                    .cloned()
                    .unwrap_or_else(|| json!("")),
            ),
            ("refreshToken", json!(ids::nanoid())),
            (
                "sourceType",
                input
                    .get("sourceType")
                    .cloned()
                    .unwrap_or_else(|| json!("github")),
            ),
            (
                "composeType",
                input
                    .get("composeType")
                    .cloned()
                    .unwrap_or_else(|| json!("docker-compose")),
            ),
            ("autoDeploy", json!(true)),
            ("command", json!("")),
            ("createEnvFile", json!(true)),
            ("enableSubmodules", json!(false)),
            ("composePath", json!("./docker-compose.yml")),
            ("suffix", json!("")),
            ("randomize", json!(false)),
            ("isolatedDeployment", json!(false)),
            ("isolatedDeploymentsVolume", json!(false)),
            ("triggerType", json!("push")),
            ("composeStatus", json!("idle")),
            ("environmentId", opt(input, "environmentId")),
            ("createdAt", json!(ids::now_iso())),
            ("serverId", opt(input, "serverId")),
            ("serviceNetworks", json!([])),
        ],
    );
    row
}

pub(crate) fn database(kind: DbKind, input: &Map<String, Value>) -> Row {
    let mut row = blank(&format!("{}.update", kind.router()));
    set(
        &mut row,
        &[
            (kind.id_key(), json!(ids::nanoid())),
            ("name", opt(input, "name")),
            (
                "appName",
                json!(ids::app_name(kind.router(), supplied_app_name(input))),
            ),
            ("description", opt(input, "description")),
            ("dockerImage", opt(input, "dockerImage")),
            ("applicationStatus", json!("idle")),
            ("replicas", json!(1)),
            ("createdAt", json!(ids::now_iso())),
            ("environmentId", opt(input, "environmentId")),
            ("serverId", opt(input, "serverId")),
            ("networkIds", json!([])),
            ("detachDokployNetwork", json!(false)),
        ],
    );
    copy_present(&mut row, input, &["databaseName", "databaseUser"]);
    // An empty password makes Dokploy generate one.
    let password = match input.get("databasePassword").and_then(Value::as_str) {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => ids::password(16),
    };
    row.insert("databasePassword".into(), json!(password));
    match kind {
        DbKind::Mysql | DbKind::Mariadb => {
            let root = match input.get("databaseRootPassword").and_then(Value::as_str) {
                Some(p) if !p.is_empty() => p.to_string(),
                _ => ids::password(16),
            };
            row.insert("databaseRootPassword".into(), json!(root));
        }
        DbKind::Mongo => {
            let replica_sets = match input.get("replicaSets") {
                Some(Value::Bool(b)) => json!(b),
                _ => json!(false),
            };
            row.insert("replicaSets".into(), replica_sets);
        }
        DbKind::Libsql => {
            row.insert(
                "sqldNode".into(),
                input
                    .get("sqldNode")
                    .cloned()
                    .unwrap_or_else(|| json!("primary")),
            );
            row.insert("sqldPrimaryUrl".into(), opt(input, "sqldPrimaryUrl"));
            row.insert(
                "enableNamespaces".into(),
                input
                    .get("enableNamespaces")
                    .cloned()
                    .unwrap_or(Value::Bool(false)),
            );
        }
        DbKind::Postgres | DbKind::Redis => {}
    }
    row
}

/// The volume mount Dokploy creates with every database (`<appName>-data`).
pub(crate) fn data_mount(kind: DbKind, db: &Row) -> Row {
    let app_name = db
        .get("appName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let image = db
        .get("dockerImage")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("mountId", json!(ids::nanoid())),
            ("type", json!("volume")),
            ("hostPath", Value::Null),
            ("volumeName", json!(format!("{app_name}-data"))),
            ("filePath", Value::Null),
            ("content", Value::Null),
            ("serviceType", json!(kind.router())),
            ("mountPath", json!(kind.mount_path(image))),
            ("applicationId", Value::Null),
            ("composeId", Value::Null),
            ("libsqlId", Value::Null),
            ("mariadbId", Value::Null),
            ("mongoId", Value::Null),
            ("mysqlId", Value::Null),
            ("postgresId", Value::Null),
            ("redisId", Value::Null),
        ],
    );
    row.insert(
        kind.id_key().into(),
        db.get(kind.id_key()).cloned().unwrap_or_default(),
    );
    row
}

pub(crate) fn domain(input: &Map<String, Value>, unique_config_key: i64) -> Row {
    let or = |key: &str, default: Value| input.get(key).cloned().unwrap_or(default);
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("domainId", json!(ids::nanoid())),
            ("host", opt(input, "host")),
            ("https", or("https", json!(false))),
            ("port", or("port", json!(3000))),
            ("customEntrypoint", opt(input, "customEntrypoint")),
            ("path", or("path", json!("/"))),
            ("serviceName", opt(input, "serviceName")),
            ("domainType", or("domainType", json!("application"))),
            ("uniqueConfigKey", json!(unique_config_key)),
            ("createdAt", json!(ids::now_iso())),
            ("composeId", opt(input, "composeId")),
            ("customCertResolver", opt(input, "customCertResolver")),
            ("applicationId", opt(input, "applicationId")),
            ("previewDeploymentId", opt(input, "previewDeploymentId")),
            ("certificateType", or("certificateType", json!("none"))),
            ("internalPath", or("internalPath", json!("/"))),
            ("stripPath", or("stripPath", json!(false))),
            ("middlewares", or("middlewares", json!([]))),
            ("forwardAuthEnabled", or("forwardAuthEnabled", json!(false))),
            ("enabled", json!(true)),
        ],
    );
    row
}

/// A deployment row as the worker creates it when a job starts.
pub(crate) fn deployment(
    title: &str,
    description: &str,
    log_path: &str,
    application_id: Value,
    compose_id: Value,
    server_id: Value,
    started_at: &str,
) -> Row {
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("deploymentId", json!(ids::nanoid())),
            ("title", json!(title)),
            ("description", json!(description)),
            ("status", json!("running")),
            ("logPath", json!(log_path)),
            ("pid", Value::Null),
            ("applicationId", application_id),
            ("composeId", compose_id),
            ("serverId", server_id),
            ("isPreviewDeployment", json!(false)),
            ("previewDeploymentId", Value::Null),
            ("createdAt", json!(started_at)),
            ("startedAt", json!(started_at)),
            ("finishedAt", Value::Null),
            ("errorMessage", Value::Null),
            ("scheduleId", Value::Null),
            ("backupId", Value::Null),
            ("rollbackId", Value::Null),
            ("volumeBackupId", Value::Null),
            ("buildServerId", Value::Null),
        ],
    );
    row
}

pub(crate) fn server(input: &Map<String, Value>, organization_id: &str) -> Row {
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("serverId", json!(ids::nanoid())),
            ("name", opt(input, "name")),
            ("description", opt(input, "description")),
            ("ipAddress", opt(input, "ipAddress")),
            ("port", opt(input, "port")),
            ("username", opt(input, "username")),
            ("appName", json!(ids::app_name("server", None))),
            (
                "enableDockerCleanup",
                input
                    .get("enableDockerCleanup")
                    .cloned()
                    .unwrap_or(Value::Bool(true)),
            ),
            ("buildsConcurrency", json!(1)),
            ("createdAt", json!(ids::now_iso())),
            ("organizationId", json!(organization_id)),
            ("serverStatus", json!("active")),
            ("serverType", opt(input, "serverType")),
            ("command", json!("")),
            ("sshKeyId", opt(input, "sshKeyId")),
            (
                "metricsConfig",
                json!({
                    "server": {
                        "type": "Remote",
                        "refreshRate": 60,
                        "port": 4500,
                        "token": "",
                        "urlCallback": "",
                        "cronJob": "",
                        "retentionDays": 2,
                        "thresholds": {"cpu": 0, "memory": 0}
                    },
                    "containers": {
                        "refreshRate": 60,
                        "services": {"include": [], "exclude": []}
                    }
                }),
            ),
        ],
    );
    row
}

pub(crate) fn destination(input: &Map<String, Value>, organization_id: &str) -> Row {
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("destinationId", json!(ids::nanoid())),
            ("name", opt(input, "name")),
            ("provider", opt(input, "provider")),
            ("accessKey", opt(input, "accessKey")),
            ("secretAccessKey", opt(input, "secretAccessKey")),
            ("bucket", opt(input, "bucket")),
            ("region", opt(input, "region")),
            ("endpoint", opt(input, "endpoint")),
            (
                "additionalFlags",
                input
                    .get("additionalFlags")
                    .cloned()
                    .unwrap_or_else(|| json!([])),
            ),
            ("organizationId", json!(organization_id)),
            ("createdAt", json!(ids::now_iso())),
        ],
    );
    row
}

/// A backup row: what `backup.create` inserts (`backupType` defaults to `database`,
/// `includeEncryptionKey` to `true`).
pub(crate) fn backup(input: &Map<String, Value>) -> Row {
    let or = |key: &str, default: Value| input.get(key).cloned().unwrap_or(default);
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("backupId", json!(ids::nanoid())),
            ("appName", json!(ids::app_name("backup", None))),
            ("schedule", opt(input, "schedule")),
            ("enabled", opt(input, "enabled")),
            ("database", opt(input, "database")),
            ("prefix", opt(input, "prefix")),
            ("serviceName", opt(input, "serviceName")),
            ("destinationId", opt(input, "destinationId")),
            ("keepLatestCount", opt(input, "keepLatestCount")),
            (
                "includeEncryptionKey",
                or("includeEncryptionKey", json!(true)),
            ),
            ("backupType", or("backupType", json!("database"))),
            ("databaseType", opt(input, "databaseType")),
            ("composeId", opt(input, "composeId")),
            ("postgresId", opt(input, "postgresId")),
            ("mariadbId", opt(input, "mariadbId")),
            ("mysqlId", opt(input, "mysqlId")),
            ("mongoId", opt(input, "mongoId")),
            ("libsqlId", opt(input, "libsqlId")),
            ("userId", opt(input, "userId")),
            ("metadata", opt(input, "metadata")),
        ],
    );
    row
}

/// A notification row of `kind` (`slack`…) whose settings row is `settings_id`: the event flags
/// from the input (Dokploy's default `false`), and every kind's id column, `null` but its own.
pub(crate) fn notification(
    input: &Map<String, Value>,
    kind: &str,
    settings_id: &str,
    organization_id: &str,
) -> Row {
    let mut row = Map::new();
    set(
        &mut row,
        &[
            ("notificationId", json!(ids::nanoid())),
            ("name", opt(input, "name")),
        ],
    );
    for flag in [
        "appDeploy",
        "appBuildError",
        "databaseBackup",
        "volumeBackup",
        "dokployRestart",
        "dokployBackup",
        "dockerCleanup",
        "serverThreshold",
    ] {
        let on = input.get(flag).and_then(Value::as_bool).unwrap_or(false);
        row.insert(flag.to_string(), json!(on));
    }
    set(
        &mut row,
        &[
            ("notificationType", json!(kind)),
            ("createdAt", json!(ids::now_iso())),
        ],
    );
    for (other, id_key) in super::state::NOTIFICATION_KINDS {
        let id = if other == kind {
            json!(settings_id)
        } else {
            Value::Null
        };
        row.insert(id_key.to_string(), id);
    }
    row.insert("organizationId".into(), json!(organization_id));
    row
}

/// A notification kind's settings row: a new id in `id_key`, then `columns` from the input
/// (`null` when not given).
pub(crate) fn notification_settings(
    id_key: &str,
    columns: &[&str],
    input: &Map<String, Value>,
) -> Row {
    let mut row = Map::new();
    row.insert(id_key.to_string(), json!(ids::nanoid()));
    for column in columns {
        row.insert((*column).to_string(), opt(input, column));
    }
    row
}
