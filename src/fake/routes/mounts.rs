//! `mounts.*`: create, one, update, remove, listByServiceId (recordings 360–366, 386, 390,
//! 394).

use serde_json::{Map, Value, json};

use super::{apply, json, row};
use crate::fake::ids;
use crate::fake::state::{DbKind, State};
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "update" => update,
        "remove" => remove,
        "listByServiceId" => list_by_service_id,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Mount not found")
}

/// The id column of a `serviceType`, and whether the service exists.
fn owner_column(st: &State, service_type: &str, id: &str) -> Option<&'static str> {
    let (column, exists) = match service_type {
        "application" => ("applicationId", st.applications.get(id).is_some()),
        "compose" => ("composeId", st.compose.get(id).is_some()),
        other => {
            let kind = DbKind::from_router(other)?;
            (kind.id_key(), st.db(kind).get(id).is_some())
        }
    };
    exists.then_some(column)
}

const OWNER_COLUMNS: [&str; 8] = [
    "applicationId",
    "composeId",
    "libsqlId",
    "mariadbId",
    "mongoId",
    "mysqlId",
    "postgresId",
    "redisId",
];

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let service_type = ctx
        .get("serviceType")
        .and_then(Value::as_str)
        .unwrap_or("application")
        .to_string();
    let service_id = ctx.str("serviceId");
    let column = owner_column(&st, &service_type, &service_id)
        .ok_or_else(|| ApiError::bad_request("Error input: Inserting mount"))?;
    let mut mount = Map::new();
    mount.insert("mountId".into(), json!(ids::nanoid()));
    for key in ["type", "hostPath", "volumeName", "filePath", "content"] {
        mount.insert(key.into(), ctx.get(key).cloned().unwrap_or(Value::Null));
    }
    mount.insert("serviceType".into(), json!(service_type));
    mount.insert(
        "mountPath".into(),
        ctx.get("mountPath").cloned().unwrap_or(Value::Null),
    );
    for key in OWNER_COLUMNS {
        mount.insert(key.into(), Value::Null);
    }
    mount.insert(column.into(), json!(service_id));
    st.mounts.insert(mount.clone());
    row(mount)
}

/// `findMountById`: the row with each possible owner as `{serverId, appName, environment:
/// {project: {organizationId}}}` or `null` (recording 364).
fn with_owners(st: &State, mount: &Map<String, Value>) -> Value {
    let mut out = mount.clone();
    let owner = |table: &crate::fake::state::Table, key: &str| {
        mount
            .get(key)
            .and_then(Value::as_str)
            .and_then(|id| table.get(id))
            .map(|r| {
                json!({
                    "serverId": r.get("serverId").cloned().unwrap_or(Value::Null),
                    "appName": r.get("appName").cloned().unwrap_or(Value::Null),
                    "environment": {"project": {"organizationId": st.organization_id}},
                })
            })
            .unwrap_or(Value::Null)
    };
    out.insert(
        "application".into(),
        owner(&st.applications, "applicationId"),
    );
    out.insert("compose".into(), owner(&st.compose, "composeId"));
    for kind in [
        DbKind::Libsql,
        DbKind::Mariadb,
        DbKind::Mongo,
        DbKind::Mysql,
        DbKind::Postgres,
        DbKind::Redis,
    ] {
        out.insert(kind.router().into(), owner(st.db(kind), kind.id_key()));
    }
    Value::Object(out)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let mount = st.mounts.get(&ctx.str("mountId")).ok_or_else(not_found)?;
    json(with_owners(&st, mount))
}

/// Answers the row as it was *before* the change, with its owners (recording 365). The
/// updated row is listed last from then on, as Postgres lists a row an UPDATE rewrote (376).
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("mountId");
    let before = with_owners(&st, st.mounts.get(&id).ok_or_else(not_found)?);
    if let Some(mut mount) = st.mounts.remove(&id) {
        apply(&mut mount, &ctx.input, &["mountId"]);
        st.mounts.insert(mount);
    }
    json(before)
}

fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let removed = st
        .mounts
        .remove(&ctx.str("mountId"))
        .ok_or_else(not_found)?;
    row(removed)
}

fn list_by_service_id(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let service_type = ctx.str("serviceType");
    let id = ctx.str("serviceId");
    let column = match service_type.as_str() {
        "application" => "applicationId",
        "compose" => "composeId",
        other => DbKind::from_router(other).map_or("applicationId", DbKind::id_key),
    };
    let list: Vec<Value> = st
        .mounts
        .where_eq(column, &id)
        .map(|m| Value::Object(m.clone()))
        .collect();
    json(Value::Array(list))
}
