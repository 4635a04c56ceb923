//! The shapes Dokploy's queries return: rows joined with their relations, or cut down to the
//! columns a query selects (owner/admin view).

use serde_json::{Value, json};

use super::state::{DbKind, NOTIFICATION_KINDS, Row, State, str_of};

/// `row` restricted to `keys` (absent columns become `null`).
pub(crate) fn pick(row: &Row, keys: &[&str]) -> Row {
    keys.iter()
        .map(|k| {
            (
                (*k).to_string(),
                row.get(*k).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// `server: {…columns}` of a service, or `null`.
fn server_columns(st: &State, row: &Row, columns: &[&str]) -> Value {
    row.get("serverId")
        .and_then(Value::as_str)
        .and_then(|id| st.servers.get(id))
        .map(|s| Value::Object(pick(s, columns)))
        .unwrap_or(Value::Null)
}

/// The full server row of a service, or `null`.
fn server_row(st: &State, row: &Row) -> Value {
    row.get("serverId")
        .and_then(Value::as_str)
        .and_then(|id| st.servers.get(id))
        .map(|s| Value::Object(s.clone()))
        .unwrap_or(Value::Null)
}

fn with(mut row: Row, extra: &[(&str, Value)]) -> Row {
    for (k, v) in extra {
        row.insert((*k).to_string(), v.clone());
    }
    row
}

fn rows<'a>(list: impl Iterator<Item = &'a Row>) -> Value {
    Value::Array(list.map(|r| Value::Object(r.clone())).collect())
}

fn environment_id(env: &Row) -> String {
    str_of(env, "environmentId").unwrap_or_default()
}

/// One item of `project.all` (owner/admin: databases by id only).
pub(crate) fn project_all_item(st: &State, project: &Row) -> Value {
    let project_id = str_of(project, "projectId").unwrap_or_default();
    let environments: Vec<Value> = st
        .environments
        .where_eq("projectId", &project_id)
        .map(|env| {
            let id = environment_id(env);
            let mut item = pick(env, &["name", "environmentId", "isDefault"]);
            item.insert(
                "applications".into(),
                Value::Array(
                    st.applications
                        .where_eq("environmentId", &id)
                        .map(|a| {
                            Value::Object(pick(a, &["applicationId", "name", "applicationStatus"]))
                        })
                        .collect(),
                ),
            );
            for kind in DbKind::ALL {
                item.insert(
                    kind.router().into(),
                    Value::Array(
                        st.db(kind)
                            .where_eq("environmentId", &id)
                            .map(|d| Value::Object(pick(d, &[kind.id_key()])))
                            .collect(),
                    ),
                );
            }
            item.insert(
                "compose".into(),
                Value::Array(
                    st.compose
                        .where_eq("environmentId", &id)
                        .map(|c| Value::Object(pick(c, &["composeId", "name", "composeStatus"])))
                        .collect(),
                ),
            );
            Value::Object(item)
        })
        .collect();
    Value::Object(with(
        project.clone(),
        &[
            ("environments", Value::Array(environments)),
            ("projectTags", project_tags(st, &project_id)),
        ],
    ))
}

const SERVICE_COLUMNS: [&str; 6] = [
    "name",
    "description",
    "appName",
    "createdAt",
    "serverId",
    "applicationStatus",
];

/// The service arrays of an environment as `project.one` (and `environment.byProjectId`) shape
/// them.
fn project_one_services(st: &State, environment_id: &str, item: &mut Row, compose_icon: bool) {
    let summary = |row: &Row, extra: &[&str], drop_status: bool| {
        let mut keys: Vec<&str> = SERVICE_COLUMNS
            .iter()
            .copied()
            .filter(|k| !(drop_status && *k == "applicationStatus"))
            .collect();
        keys.extend_from_slice(extra);
        let mut out = pick(row, &keys);
        out.insert("server".into(), server_columns(st, row, &["name"]));
        Value::Object(out)
    };
    item.insert(
        "applications".into(),
        Value::Array(
            st.applications
                .where_eq("environmentId", environment_id)
                .map(|a| summary(a, &["applicationId", "icon"], false))
                .collect(),
        ),
    );
    let compose_extra: &[&str] = if compose_icon {
        &["composeId", "composeStatus", "icon"]
    } else {
        &["composeId", "composeStatus"]
    };
    item.insert(
        "compose".into(),
        Value::Array(
            st.compose
                .where_eq("environmentId", environment_id)
                .map(|c| summary(c, compose_extra, true))
                .collect(),
        ),
    );
    for kind in DbKind::ALL {
        item.insert(
            kind.router().into(),
            Value::Array(
                st.db(kind)
                    .where_eq("environmentId", environment_id)
                    .map(|d| summary(d, &[kind.id_key()], false))
                    .collect(),
            ),
        );
    }
}

/// `project.one` (owner/admin).
pub(crate) fn project_one(st: &State, project: &Row) -> Value {
    let project_id = str_of(project, "projectId").unwrap_or_default();
    let environments: Vec<Value> = st
        .environments
        .where_eq("projectId", &project_id)
        .map(|env| {
            let mut item = env.clone();
            project_one_services(st, &environment_id(env), &mut item, false);
            Value::Object(item)
        })
        .collect();
    Value::Object(with(
        project.clone(),
        &[
            ("environments", Value::Array(environments)),
            ("projectTags", project_tags(st, &project_id)),
        ],
    ))
}

/// A project's `projectTags`: each link row with its tag (recordings 383, 384).
pub(crate) fn project_tags(st: &State, project_id: &str) -> Value {
    Value::Array(
        st.project_tags
            .where_eq("projectId", project_id)
            .map(|link| {
                let tag = str_of(link, "tagId")
                    .and_then(|id| st.tags.get(&id).cloned())
                    .map(Value::Object)
                    .unwrap_or(Value::Null);
                Value::Object(with(link.clone(), &[("tag", tag)]))
            })
            .collect(),
    )
}

fn project_of(st: &State, env: &Row) -> Value {
    env.get("projectId")
        .and_then(Value::as_str)
        .and_then(|id| st.projects.get(id))
        .map(|p| Value::Object(p.clone()))
        .unwrap_or(Value::Null)
}

/// One item of `environment.byProjectId`.
pub(crate) fn environment_by_project_item(st: &State, env: &Row) -> Value {
    let mut item = pick(env, &["name", "description", "environmentId", "isDefault"]);
    project_one_services(st, &environment_id(env), &mut item, true);
    item.insert("project".into(), project_of(st, env));
    Value::Object(item)
}

/// `environment.one`.
pub(crate) fn environment_one(st: &State, env: &Row) -> Value {
    let id = environment_id(env);
    let mut item = pick(
        env,
        &[
            "name",
            "description",
            "environmentId",
            "isDefault",
            "projectId",
            "env",
        ],
    );
    // Each service list: the named columns of the environment's rows, plus `server`.
    let summaries = |rows: &mut dyn Iterator<Item = &Row>, columns: &[&str]| {
        Value::Array(
            rows.map(|row| {
                let mut out = pick(row, columns);
                out.insert(
                    "server".into(),
                    server_columns(st, row, &["name", "serverId"]),
                );
                Value::Object(out)
            })
            .collect(),
        )
    };
    item.insert(
        "applications".into(),
        summaries(
            &mut st.applications.where_eq("environmentId", &id),
            &[
                "name",
                "applicationId",
                "createdAt",
                "applicationStatus",
                "description",
                "serverId",
                "icon",
            ],
        ),
    );
    item.insert(
        "compose".into(),
        summaries(
            &mut st.compose.where_eq("environmentId", &id),
            &[
                "name",
                "composeId",
                "createdAt",
                "composeStatus",
                "description",
                "serverId",
                "icon",
            ],
        ),
    );
    for kind in DbKind::ALL {
        item.insert(
            kind.router().into(),
            summaries(
                &mut st.db(kind).where_eq("environmentId", &id),
                &[
                    kind.id_key(),
                    "name",
                    "createdAt",
                    "applicationStatus",
                    "description",
                    "serverId",
                ],
            ),
        );
    }
    item.insert("project".into(), project_of(st, env));
    Value::Object(item)
}

/// `environment: {…row, project: {…row}}` of a service.
fn environment_with_project(st: &State, row: &Row) -> Value {
    row.get("environmentId")
        .and_then(Value::as_str)
        .and_then(|id| st.environments.get(id))
        .map(|env| {
            let mut out = env.clone();
            out.insert("project".into(), project_of(st, env));
            Value::Object(out)
        })
        .unwrap_or(Value::Null)
}

/// A service's deployments, oldest first.
pub(crate) fn deployments_of(st: &State, key: &str, id: &str) -> Vec<Value> {
    st.deployments
        .where_eq(key, id)
        .map(|d| Value::Object(d.clone()))
        .collect()
}

/// `findApplicationById`: the row with every relation.
pub(crate) fn application_full(st: &State, app: &Row) -> Row {
    let id = str_of(app, "applicationId").unwrap_or_default();
    with(
        app.clone(),
        &[
            ("environment", environment_with_project(st, app)),
            ("domains", rows(st.domains.where_eq("applicationId", &id))),
            (
                "deployments",
                Value::Array(deployments_of(st, "applicationId", &id)),
            ),
            ("mounts", rows(st.mounts.where_eq("applicationId", &id))),
            (
                "redirects",
                rows(st.redirects.where_eq("applicationId", &id)),
            ),
            ("security", rows(st.security.where_eq("applicationId", &id))),
            ("ports", rows(st.ports.where_eq("applicationId", &id))),
            ("gitlab", Value::Null),
            ("github", Value::Null),
            ("bitbucket", Value::Null),
            ("gitea", Value::Null),
            ("server", server_row(st, app)),
            ("previewDeployments", json!([])),
            ("registry", Value::Null),
            ("buildRegistry", Value::Null),
            ("rollbackRegistry", Value::Null),
        ],
    )
}

/// `findComposeById`: the row with every relation.
pub(crate) fn compose_full(st: &State, compose: &Row) -> Row {
    let id = str_of(compose, "composeId").unwrap_or_default();
    with(
        compose.clone(),
        &[
            ("environment", environment_with_project(st, compose)),
            (
                "deployments",
                Value::Array(deployments_of(st, "composeId", &id)),
            ),
            ("mounts", rows(st.mounts.where_eq("composeId", &id))),
            ("domains", rows(st.domains.where_eq("composeId", &id))),
            ("github", Value::Null),
            ("gitlab", Value::Null),
            ("bitbucket", Value::Null),
            ("gitea", Value::Null),
            ("server", server_row(st, compose)),
            ("backups", backups_of(st, "composeId", &id)),
        ],
    )
}

/// The extra fields `application.one` and `compose.one` add.
pub(crate) fn with_git_provider_access(row: Row) -> Value {
    Value::Object(with(
        row,
        &[
            ("hasGitProviderAccess", json!(true)),
            ("unauthorizedProvider", Value::Null),
        ],
    ))
}

/// `find<Kind>ById`: the row with its environment, mounts, server and backups.
pub(crate) fn database_full(st: &State, kind: DbKind, db: &Row) -> Row {
    let id = str_of(db, kind.id_key()).unwrap_or_default();
    let mut out = with(
        db.clone(),
        &[
            ("environment", environment_with_project(st, db)),
            ("mounts", rows(st.mounts.where_eq(kind.id_key(), &id))),
            ("server", server_row(st, db)),
        ],
    );
    if kind.has_backups() {
        out.insert("backups".into(), backups_of(st, kind.id_key(), &id));
    }
    out
}

/// A domain row with the service it routes to (`domain.byApplicationId` / `byComposeId`).
pub(crate) fn domain_with_service(st: &State, domain: &Row, compose: bool) -> Value {
    let (relation, key, table) = if compose {
        ("compose", "composeId", &st.compose)
    } else {
        ("application", "applicationId", &st.applications)
    };
    let service = domain
        .get(key)
        .and_then(Value::as_str)
        .and_then(|id| table.get(id))
        .map(|s| Value::Object(pick(s, &[key, "appName", "name"])))
        .unwrap_or(Value::Null);
    Value::Object(with(domain.clone(), &[(relation, service)]))
}

/// `findServerById`: the row with its deployments and SSH key.
pub(crate) fn server_full(st: &State, server: &Row) -> Value {
    let id = str_of(server, "serverId").unwrap_or_default();
    Value::Object(with(
        server.clone(),
        &[
            (
                "deployments",
                Value::Array(
                    st.deployments
                        .where_eq("serverId", &id)
                        .map(|d| Value::Object(d.clone()))
                        .collect(),
                ),
            ),
            ("sshKey", ssh_key_without_private_part(st, server)),
        ],
    ))
}

/// The server's SSH key with `privateKey` blanked to `""`, as `findServerById` loads it; `null`
/// without one.
fn ssh_key_without_private_part(st: &State, server: &Row) -> Value {
    let Some(key) = str_of(server, "sshKeyId").and_then(|id| st.ssh_keys.get(&id)) else {
        return Value::Null;
    };
    let mut key = key.clone();
    key.insert("privateKey".into(), Value::String(String::new()));
    Value::Object(key)
}

/// How many services run on a server (what `server.all` calls `totalSum`, without the real
/// query's double counting).
pub(crate) fn services_on_server(st: &State, server_id: &str) -> usize {
    st.applications.where_eq("serverId", server_id).count()
        + st.compose.where_eq("serverId", server_id).count()
        + DbKind::ALL
            .into_iter()
            .filter(|k| *k != DbKind::Libsql)
            .map(|k| st.db(k).where_eq("serverId", server_id).count())
            .sum::<usize>()
}

/// Adds `rollback: null` to deployment rows (`deployment.allByType`).
pub(crate) fn with_rollback(deployment: &Value) -> Value {
    match deployment {
        Value::Object(m) => Value::Object(with(m.clone(), &[("rollback", Value::Null)])),
        other => other.clone(),
    }
}

/// A destination as backups nest it: without `accessKey` and `secretAccessKey`.
fn destination_without_keys(st: &State, backup: &Row) -> Value {
    backup
        .get("destinationId")
        .and_then(Value::as_str)
        .and_then(|id| st.destinations.get(id))
        .map(|d| {
            let mut d = d.clone();
            d.remove("accessKey");
            d.remove("secretAccessKey");
            Value::Object(d)
        })
        .unwrap_or(Value::Null)
}

/// The `backups[]` of a service (`key` = its id column), each with its destination (no keys)
/// and its runs, as `<kind>.one`, `compose.one` and `user.getBackups` list them.
pub(crate) fn backups_of(st: &State, key: &str, id: &str) -> Value {
    Value::Array(
        st.backups
            .where_eq(key, id)
            .map(|b| {
                let backup_id = str_of(b, "backupId").unwrap_or_default();
                Value::Object(with(
                    b.clone(),
                    &[
                        ("destination", destination_without_keys(st, b)),
                        (
                            "deployments",
                            Value::Array(deployments_of(st, "backupId", &backup_id)),
                        ),
                    ],
                ))
            })
            .collect(),
    )
}

/// `findBackupById`: the row with each possible owner (its row, or `null`) and the destination
/// without keys.
pub(crate) fn backup_one(st: &State, backup: &Row) -> Value {
    let owner = |table: &super::state::Table, key: &str| {
        backup
            .get(key)
            .and_then(Value::as_str)
            .and_then(|id| table.get(id))
            .map(|r| Value::Object(r.clone()))
            .unwrap_or(Value::Null)
    };
    let mut out = backup.clone();
    for kind in [
        DbKind::Postgres,
        DbKind::Mysql,
        DbKind::Mariadb,
        DbKind::Mongo,
        DbKind::Libsql,
    ] {
        out.insert(kind.router().into(), owner(st.db(kind), kind.id_key()));
    }
    out.insert("destination".into(), destination_without_keys(st, backup));
    out.insert("compose".into(), owner(&st.compose, "composeId"));
    Value::Object(out)
}

/// A notification row joined with the settings of `kinds` (each `null` unless it is the
/// notification's own): `notification.one`/`all` join all twelve, `getEmailProviders` only
/// `email` and `resend`.
pub(crate) fn notification_with(st: &State, notification: &Row, kinds: &[&str]) -> Value {
    let mut row = notification.clone();
    for (kind, id_key) in NOTIFICATION_KINDS {
        if !kinds.contains(&kind) {
            continue;
        }
        let settings = str_of(notification, id_key)
            .and_then(|id| st.notification_settings.get(kind)?.get(&id).cloned())
            .map(Value::Object)
            .unwrap_or(Value::Null);
        row.insert(kind.to_string(), settings);
    }
    Value::Object(row)
}

/// `notification.one` and one item of `notification.all`: the row with every kind's settings.
pub(crate) fn notification_full(st: &State, notification: &Row) -> Value {
    let all: Vec<&str> = NOTIFICATION_KINDS.iter().map(|(kind, _)| *kind).collect();
    notification_with(st, notification, &all)
}
