//! `backup.*`: create, one, update, remove, listBackupFiles, `manualBackup<Kind>`; and
//! `user.getBackups`, where the web server's backups are listed.
//!
//! A manual backup runs while the request waits, as in Dokploy: a deployment row of type
//! `backup` is written first, then the run ends as the fake's [`BackupOutcome`] says (no
//! Docker, no rclone): `done` with a file "uploaded" to the destination, or `error` with the
//! answer Dokploy gives for that kind.

use serde_json::{Map, Value, json};

use super::destination::{command_failed, rclone_flags, shell_escape};
use super::{apply, json, row};
use crate::fake::BackupOutcome;
use crate::fake::deploy::prune;
use crate::fake::state::{DbKind, Row, State, str_of};
use crate::fake::wire::{ApiError, Ctx, Handler, Out, Outcome};
use crate::fake::{ids, rows, views};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "update" => update,
        "remove" => remove,
        "listBackupFiles" => list_backup_files,
        "manualBackupPostgres" => manual_postgres,
        "manualBackupMySql" => manual_mysql,
        "manualBackupMariadb" => manual_mariadb,
        "manualBackupMongo" => manual_mongo,
        "manualBackupLibsql" => manual_libsql,
        "manualBackupCompose" => manual_compose,
        "manualBackupWebServer" => manual_web_server,
        _ => return None,
    })
}

const NOT_FOUND: &str = "Backup not found";

/// The kinds of database a backup row can point at.
const BACKED_UP: [DbKind; 5] = [
    DbKind::Postgres,
    DbKind::Mysql,
    DbKind::Mariadb,
    DbKind::Mongo,
    DbKind::Libsql,
];

/// A foreign key violation, as postgres words it (the routers pass the message on).
fn foreign_key(column: &str, table: &str, key: &str) -> ApiError {
    ApiError::bad_request(format!(
        "insert or update on table \"backup\" violates foreign key constraint \"backup_{column}_{table}_{key}_fk\""
    ))
}

/// The foreign keys of a backup input: its destination, and the owner it names.
fn check_references(st: &State, input: &Map<String, Value>) -> Result<(), ApiError> {
    let named = |key: &str| input.get(key).and_then(Value::as_str);
    if let Some(id) = named("destinationId")
        && st.destinations.get(id).is_none()
    {
        return Err(foreign_key("destinationId", "destination", "destinationId"));
    }
    for kind in BACKED_UP {
        if let Some(id) = named(kind.id_key())
            && st.db(kind).get(id).is_none()
        {
            return Err(foreign_key(kind.id_key(), kind.router(), kind.id_key()));
        }
    }
    if let Some(id) = named("composeId")
        && st.compose.get(id).is_none()
    {
        return Err(foreign_key("composeId", "compose", "composeId"));
    }
    if let Some(id) = named("userId")
        && id != st.instance.user_id()
    {
        return Err(foreign_key("userId", "user", "id"));
    }
    Ok(())
}

/// Inserts the backup and answers nothing (`backup.create` returns `undefined`).
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    check_references(&st, &ctx.input)?;
    let backup = rows::backup(&ctx.input);
    st.backups.insert(backup);
    Ok(Out::Empty)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let backup = st
        .backups
        .get(&ctx.str("backupId"))
        .ok_or_else(|| ApiError::not_found(NOT_FOUND))?;
    json(views::backup_one(&st, backup))
}

/// Answers nothing; an unknown id is a 400 (the router re-throws every error as
/// `BAD_REQUEST`).
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("backupId");
    if st.backups.get(&id).is_none() {
        return Err(ApiError::bad_request(NOT_FOUND));
    }
    check_references(&st, &ctx.input)?;
    if let Some(backup) = st.backups.get_mut(&id) {
        apply(backup, &ctx.input, &["backupId"]);
    }
    Ok(Out::Empty)
}

/// Returns the removed row (columns only); its runs go with it.
fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("backupId");
    let mut gone =
        st.remove_backups_where(|b| b.get("backupId").and_then(Value::as_str) == Some(&id));
    match gone.pop() {
        Some(backup) => row(backup),
        None => Err(ApiError::bad_request(NOT_FOUND)),
    }
}

/// `normalizeS3Path`: no slashes around, one after (nothing for an empty prefix).
fn folder_of(prefix: &str) -> String {
    let trimmed = prefix.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}/")
    }
}

/// `rclone lsjson` of the folder `search` names up to its last `/`, entries whose path contains
/// the rest (case-insensitively), at most 100.
fn list_backup_files(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let destination_id = ctx.str("destinationId");
    // The router re-throws every error, the 404 of `findDestinationById` too, as a 400.
    let destination = st
        .destinations
        .get(&destination_id)
        .ok_or_else(|| ApiError::bad_request("Destination not found"))?;
    let search = ctx.str("search");
    let (base, term) = match search.rfind('/') {
        Some(slash) => (folder_of(&search[..=slash]), &search[slash + 1..]),
        None => (String::new(), search.as_str()),
    };
    if let BackupOutcome::Error { .. } = st.backup_outcome() {
        let bucket = str_of(destination, "bucket").unwrap_or_default();
        let command = format!(
            "rclone lsjson {} {} --no-mimetype --no-modtime 2>/dev/null",
            rclone_flags(destination),
            shell_escape(format!(":s3:{bucket}/{base}").trim_end_matches('/')),
        );
        return Err(command_failed(&command, ""));
    }
    let term = term.to_lowercase();
    let mut entries: Vec<(String, Value)> = Vec::new();
    for (path, size) in st.uploads.get(&destination_id).into_iter().flatten() {
        let Some(rest) = path.strip_prefix(&base) else {
            continue;
        };
        let (name, size, is_dir) = match rest.split_once('/') {
            Some((dir, _)) => (dir, -1, true),
            None => (rest, *size, false),
        };
        let full = format!("{base}{name}");
        if entries.iter().any(|(p, _)| *p == full) || !full.to_lowercase().contains(&term) {
            continue;
        }
        let entry = json!({"Path": full, "Name": name, "Size": size, "IsDir": is_dir});
        entries.push((full, entry));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    json(Value::Array(
        entries.into_iter().take(100).map(|(_, e)| e).collect(),
    ))
}

/// What a manual backup runs.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    Database(DbKind),
    Compose,
    WebServer,
}

fn manual_postgres(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::Database(DbKind::Postgres))
}

fn manual_mysql(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::Database(DbKind::Mysql))
}

fn manual_mariadb(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::Database(DbKind::Mariadb))
}

fn manual_mongo(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::Database(DbKind::Mongo))
}

fn manual_libsql(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::Database(DbKind::Libsql))
}

fn manual_compose(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::Compose)
}

fn manual_web_server(ctx: &mut Ctx<'_>) -> Outcome {
    manual(ctx, Run::WebServer)
}

impl Run {
    /// How the procedure turns an error into its answer: postgres passes the message on as a
    /// 400, the other database and compose procedures replace it with a fixed 400, the web
    /// server lets it through.
    fn answer(self, error: ApiError) -> ApiError {
        let fixed = match self {
            Run::Database(DbKind::Postgres) => return error.into_bad_request(),
            Run::WebServer => return error,
            Run::Database(DbKind::Mysql) => "Error running manual MySQL backup ",
            Run::Database(DbKind::Mariadb) => "Error running manual Mariadb backup ",
            Run::Database(DbKind::Mongo) => "Error running manual Mongo backup ",
            Run::Database(_) => "Error running manual Libsql backup ",
            Run::Compose => "Error running manual Compose backup ",
        };
        ApiError::bad_request(fixed)
    }
}

/// Runs a backup while the request waits: the deployment row, the log, the "upload".
fn manual(ctx: &mut Ctx<'_>, run: Run) -> Outcome {
    let mut st = ctx.state();
    let backup_id = ctx.str("backupId");
    let backup = st
        .backups
        .get(&backup_id)
        .cloned()
        .ok_or_else(|| run.answer(ApiError::not_found(NOT_FOUND)))?;
    // `find<Kind>ByBackupId`: the owner this procedure backs up.
    let owner = match run {
        Run::Database(kind) => Some((kind.id_key(), kind.not_found(), st.db(kind))),
        Run::Compose => Some(("composeId", "Compose not found", &st.compose)),
        Run::WebServer => None,
    };
    let owner = match owner {
        Some((key, not_found, table)) => Some(
            backup
                .get(key)
                .and_then(Value::as_str)
                .and_then(|id| table.get(id))
                .cloned()
                .ok_or_else(|| run.answer(ApiError::not_found(not_found)))?,
        ),
        None => None,
    };
    let destination = str_of(&backup, "destinationId")
        .and_then(|id| st.destinations.get(&id).cloned())
        .ok_or_else(|| run.answer(ApiError::not_found("Destination not found")))?;

    let now = ids::now_millis();
    let backup_name = str_of(&backup, "appName").unwrap_or_default();
    let log_path = format!(
        "/etc/dokploy/logs/{backup_name}/{backup_name}-{}.log",
        ids::log_stamp(now)
    );
    let title = if run == Run::WebServer {
        "Web Server Backup"
    } else {
        "Initializing Backup"
    };
    let mut deployment = rows::deployment(
        title,
        title,
        &log_path,
        Value::Null,
        Value::Null,
        Value::Null,
        &ids::iso(now),
    );
    deployment.insert("backupId".into(), json!(backup_id));
    let deployment_id = str_of(&deployment, "deploymentId").unwrap_or_default();
    st.deployments.insert(deployment);
    prune(&mut st, "backupId", &backup_id);

    // Where the file goes: `<appName>/<prefix><timestamp>.<ext>` (the web server's under the
    // backup's own name).
    let stamp = ids::iso(now).replace([':', '.'], "-");
    let folder = format!(
        "{}/{}",
        owner
            .as_ref()
            .and_then(|o| str_of(o, "appName"))
            .unwrap_or_else(|| backup_name.clone()),
        folder_of(&str_of(&backup, "prefix").unwrap_or_default())
    );
    let file = match (run, str_of(&backup, "databaseType").as_deref()) {
        (Run::WebServer, _) => format!("{folder}webserver-backup-{stamp}.zip"),
        (_, Some("mongo")) => format!("{folder}{stamp}.dump.gz"),
        _ => format!("{folder}{stamp}.sql.gz"),
    };

    let date = ids::date_stamp(now);
    let started = format!(
        "Initializing backup\n[{date}] Starting backup process...\n[{date}] Executing backup command...\n"
    );
    let (status, log, answer) = match st.backup_outcome() {
        BackupOutcome::Done => {
            let log = if run == Run::WebServer {
                web_server_log()
            } else {
                format!(
                    "{started}[{date}] Container Up: {}\n[{date}] Starting backup and upload to S3...\n[{date}] ✅ Backup uploaded to S3 successfully\nBackup done ✅\n",
                    container_id()
                )
            };
            let destination_id = str_of(&destination, "destinationId").unwrap_or_default();
            let size = 4096 + (ids::random_u64() % 60_000) as i64;
            let files = st.uploads.entry(destination_id).or_default();
            files.push((file, size));
            keep_latest(files, &folder, backup.get("keepLatestCount"));
            ("done", log, Ok(Out::Json(Value::Bool(true))))
        }
        BackupOutcome::Error { log: reason } => {
            let reason = with_newline(&reason);
            let (log, error) = match run {
                Run::WebServer => {
                    let last = reason
                        .lines()
                        .rev()
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or("Backup error");
                    (
                        format!("Initializing backup\nBackup error❌\n{reason}"),
                        ApiError::internal(last.trim()),
                    )
                }
                Run::Database(DbKind::Postgres) => {
                    let script = postgres_script(
                        &log_path,
                        &str_of(owner.as_ref().unwrap_or(&Map::new()), "appName")
                            .unwrap_or_default(),
                        &str_of(&backup, "database").unwrap_or_default(),
                        &str_of(owner.as_ref().unwrap_or(&Map::new()), "databaseUser")
                            .unwrap_or_default(),
                        &destination,
                        &file,
                    );
                    (
                        format!("{started}{reason}"),
                        command_failed(&script, &reason),
                    )
                }
                _ => (
                    format!("{started}{reason}"),
                    run.answer(ApiError::bad_request("")),
                ),
            };
            ("error", log, Err(error))
        }
    };
    if let Some(row) = st.deployments.get_mut(&deployment_id) {
        row.insert("status".into(), json!(status));
        row.insert("finishedAt".into(), json!(ids::now_iso()));
    }
    st.logs.insert(deployment_id, log);
    answer
}

fn with_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// A Docker container id (12 hex characters, as `docker ps -q` prints it).
fn container_id() -> String {
    format!("{:012x}", ids::random_u64() & 0xffff_ffff_ffff)
}

/// What a successful web-server backup logs.
fn web_server_log() -> String {
    let id = container_id();
    format!(
        "Initializing backup\nDokploy postgres container ID: {id}\n\
         Running dump command: docker exec {id} pg_dump -v -Fc -U dokploy -d dokploy -f /tmp/database.sql\n\
         Copying database dump: docker cp {id}:/tmp/database.sql /tmp/dokploy-backup/database.sql\n\
         Cleaning up temp file: docker exec {id} rm -f /tmp/database.sql\n\
         Copied filesystem to temp directory\nZipped database and filesystem\n\
         Running command to upload backup to destination\nUploaded backup to destination ✅\n"
    )
}

/// Deletes the oldest files of `folder` beyond `keep` (`keepLatestNBackups`; `null` keeps
/// all). File names are timestamps, so name order is age order.
fn keep_latest(files: &mut Vec<(String, i64)>, folder: &str, keep: Option<&Value>) {
    let Some(keep) = keep.and_then(Value::as_u64) else {
        return;
    };
    let mut mine: Vec<String> = files
        .iter()
        .filter(|(path, _)| {
            path.strip_prefix(folder)
                .is_some_and(|rest| !rest.contains('/'))
        })
        .map(|(path, _)| path.clone())
        .collect();
    mine.sort();
    let excess = mine.len().saturating_sub(keep as usize);
    let old = &mine[..excess];
    files.retain(|(path, _)| !old.contains(path));
}

/// The script `runPostgresBackup` runs (`getBackupCommand`), as Dokploy's error shows it.
fn postgres_script(
    log: &str,
    service: &str,
    database: &str,
    user: &str,
    destination: &Row,
    file: &str,
) -> String {
    let bucket = str_of(destination, "bucket").unwrap_or_default();
    let flags = rclone_flags(destination);
    let remote = format!(":s3:{bucket}/{file}");
    format!(
        "\n\tset -eo pipefail;\n\
         \techo \"[$(date)] Starting backup process...\" >> {log};\n\
         \techo \"[$(date)] Executing backup command...\" >> {log};\n\
         \tCONTAINER_ID=$(docker ps -q --filter \"status=running\" --filter \"label=com.docker.swarm.service.name={service}\" | head -n 1);\n\
         \n\
         \tif [ -z \"$CONTAINER_ID\" ]; then\n\
         \t\techo \"[$(date)] ❌ Error: Container not found\" >> {log};\n\
         \t\texit 1;\n\
         \tfi;\n\
         \n\
         \techo \"[$(date)] Container Up: $CONTAINER_ID\" >> {log};\n\
         \techo \"[$(date)] Starting backup and upload to S3...\" >> {log};\n\
         \n\
         \tUPLOAD_OUTPUT=$({{ docker exec -e DB_NAME={database} -e DB_USER={user} -i $CONTAINER_ID bash -c 'set -o pipefail; pg_dump -Fc --no-acl --no-owner -h localhost -U \"$DB_USER\" --no-password \"$DB_NAME\" | gzip' | rclone rcat {flags} \"{remote}\"; }} 2>&1 >/dev/null) || {{\n\
         \t\techo \"[$(date)] ❌ Error: Backup failed\" >> {log};\n\
         \t\techo \"Error: $UPLOAD_OUTPUT\" >> {log};\n\
         \t\trclone deletefile {flags} \"{remote}\" >/dev/null 2>&1 || true;\n\
         \t\texit 1;\n\
         \t}};\n\
         \n\
         \techo \"[$(date)] ✅ Backup uploaded to S3 successfully\" >> {log};\n\
         \techo \"Backup done ✅\" >> {log};\n\
         \t"
    )
}

/// `user.getBackups`: the API key's user (as `user.get` shows it) with the web server's
/// backups. (Not recorded: the user's columns are those of `user.get`.)
pub(super) fn user_get_backups(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let mut user = st.instance.user().clone();
    let backups = views::backups_of(&st, "userId", st.instance.user_id());
    user.insert("backups".into(), backups);
    json(Value::Object(user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_become_one_folder_with_a_trailing_slash() {
        assert_eq!(folder_of("/"), "");
        assert_eq!(folder_of("census-2/"), "census-2/");
        assert_eq!(folder_of(" /nightly/db/ "), "nightly/db/");
    }

    #[test]
    fn only_the_newest_files_of_the_folder_are_kept() {
        let mut files = vec![
            ("app/a/2026-01-01.sql.gz".to_string(), 1),
            ("app/a/2026-01-03.sql.gz".to_string(), 1),
            ("app/a/2026-01-02.sql.gz".to_string(), 1),
            ("other/2026-01-01.sql.gz".to_string(), 1),
        ];
        keep_latest(&mut files, "app/a/", Some(&json!(2)));
        let left: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            left,
            [
                "app/a/2026-01-03.sql.gz",
                "app/a/2026-01-02.sql.gz",
                "other/2026-01-01.sql.gz"
            ]
        );
        keep_latest(&mut files, "app/a/", Some(&Value::Null));
        assert_eq!(files.len(), 3);
    }
}
