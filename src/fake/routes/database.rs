//! The six database routers (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`, `libsql`): one,
//! create, remove, deploy, start, stop, update, saveEnvironment.

use serde_json::{Value, json};

use super::{apply, done, environment, row, server_exists};
use crate::fake::docker;
use crate::fake::rows;
use crate::fake::schema::Issue;
use crate::fake::state::{DbKind, Row, State, str_of};
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "one" => one,
        "create" => create,
        "remove" => remove,
        "deploy" => deploy,
        "start" => start,
        "stop" => stop,
        "update" => update,
        "saveEnvironment" => save_environment,
        _ => return None,
    })
}

fn kind(ctx: &Ctx<'_>) -> DbKind {
    // Only database routers are dispatched here.
    DbKind::from_router(ctx.router()).unwrap_or(DbKind::Postgres)
}

fn find<'a>(st: &'a State, kind: DbKind, id: &str) -> Result<&'a Row, ApiError> {
    st.db(kind)
        .get(id)
        .ok_or_else(|| ApiError::not_found(kind.not_found()))
}

/// libsql's `superRefine`: a replica needs the primary's URL, a primary must not have one.
fn libsql_issues(ctx: &Ctx<'_>) -> Vec<Issue> {
    let replica = ctx.get("sqldNode").and_then(Value::as_str) == Some("replica");
    let url = ctx
        .get("sqldPrimaryUrl")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    let message = match (replica, url) {
        (true, None) => "sqldPrimaryUrl is required when sqldNode is 'replica'.",
        (false, Some(_)) => "sqldPrimaryUrl should not be provided when sqldNode is not 'replica'.",
        _ => return Vec::new(),
    };
    vec![Issue::new(
        vec![("code", json!("custom"))],
        vec![json!("sqldPrimaryUrl")],
        message,
    )]
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind(ctx);
    if kind == DbKind::Libsql {
        let issues = libsql_issues(ctx);
        if !issues.is_empty() {
            return Err(ApiError::validation(issues));
        }
    }
    let mut st = ctx.state();
    environment(&st, &ctx.str("environmentId"))?;
    if !server_exists(&st, ctx.get("serverId")) {
        return Err(ApiError::bad_request(format!(
            "Error input: Inserting {} database",
            kind.label()
        )));
    }
    let db = rows::database(kind, &ctx.input);
    st.mounts.insert(rows::data_mount(kind, &db));
    st.db_mut(kind).insert(db.clone());
    if kind == DbKind::Libsql {
        // libsql.create returns `true`, not the row.
        return done();
    }
    row(db)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind(ctx);
    let st = ctx.state();
    let db = find(&st, kind, &ctx.str(kind.id_key()))?;
    row(views::database_full(&st, kind, db))
}

fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind(ctx);
    let mut st = ctx.state();
    let id = ctx.str(kind.id_key());
    let full = views::database_full(&st, kind, find(&st, kind, &id)?);
    st.db_mut(kind).remove(&id);
    st.remove_service_children(kind.id_key(), &id);
    st.engine_take_down(&id);
    row(full)
}

/// The database as loaded before its status changes to `status`.
fn set_status(ctx: &mut Ctx<'_>, status: &str) -> Outcome {
    let kind = kind(ctx);
    let mut st = ctx.state();
    let id = ctx.str(kind.id_key());
    let before = views::database_full(&st, kind, find(&st, kind, &id)?);
    if let Some(db) = st.db_mut(kind).get_mut(&id) {
        db.insert("applicationStatus".into(), json!(status));
    }
    row(before)
}

/// Synchronous: pulls, (re)creates the service, and answers with the row loaded before; no
/// deployment row is written. When Docker fails, the database is left `error` and the answer is
/// a 500 "Error on deploy <kind>" followed by Docker's error.
fn deploy(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind(ctx);
    let failed = {
        let st = ctx.state();
        find(&st, kind, &ctx.str(kind.id_key()))?;
        docker::api(&st).err()
    };
    match failed {
        None => {
            let answer = set_status(ctx, "done")?;
            let id = ctx.str(kind.id_key());
            let mut st = ctx.state();
            let app_name = st
                .db(kind)
                .get(&id)
                .and_then(|db| str_of(db, "appName"))
                .unwrap_or_default();
            st.engine_start(kind.router(), &id, &app_name);
            Ok(answer)
        }
        Some(error) => {
            let mut st = ctx.state();
            if let Some(db) = st.db_mut(kind).get_mut(&ctx.str(kind.id_key())) {
                db.insert("applicationStatus".into(), json!("error"));
            }
            Err(ApiError::internal(format!(
                "Error on deploy {}{error}",
                kind.router()
            )))
        }
    }
}

fn start(ctx: &mut Ctx<'_>) -> Outcome {
    set_status(ctx, "done")
}

fn stop(ctx: &mut Ctx<'_>) -> Outcome {
    set_status(ctx, "idle")
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind(ctx);
    let mut st = ctx.state();
    let id = ctx.str(kind.id_key());
    let db = st
        .db_mut(kind)
        .get_mut(&id)
        .ok_or_else(|| ApiError::bad_request(kind.update_failed()))?;
    let mut skip = vec![kind.id_key()];
    if kind == DbKind::Libsql {
        // updateLibsqlById never changes the appName.
        skip.push("appName");
    }
    apply(db, &ctx.input, &skip);
    done()
}

fn save_environment(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind(ctx);
    let mut st = ctx.state();
    let id = ctx.str(kind.id_key());
    let db = st
        .db_mut(kind)
        .get_mut(&id)
        .ok_or_else(|| ApiError::bad_request("Error adding environment variables"))?;
    db.insert("env".into(), ctx.get("env").cloned().unwrap_or(Value::Null));
    done()
}
