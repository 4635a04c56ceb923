//! `schedule.*`: create, one, list, update, delete (recordings 372–374, 393). Schedules are
//! stored, never run.

use serde_json::{Map, Value, json};

use super::{apply, done, json, row};
use crate::fake::ids;
use crate::fake::state::State;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "list" => list,
        "update" => update,
        "delete" => delete,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Schedule not found")
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let schedule_type = ctx
        .get("scheduleType")
        .and_then(Value::as_str)
        .unwrap_or("application")
        .to_string();
    let owner_missing = match schedule_type.as_str() {
        "application" => ctx
            .get("applicationId")
            .and_then(Value::as_str)
            .is_none_or(|id| st.applications.get(id).is_none()),
        "compose" => ctx
            .get("composeId")
            .and_then(Value::as_str)
            .is_none_or(|id| st.compose.get(id).is_none()),
        _ => false,
    };
    if owner_missing {
        return Err(ApiError::not_found(if schedule_type == "compose" {
            "Compose not found"
        } else {
            "Application not found"
        }));
    }
    let or = |key: &str, default: Value| ctx.get(key).cloned().unwrap_or(default);
    let mut schedule = Map::new();
    for (key, value) in [
        ("scheduleId", json!(ids::nanoid())),
        ("name", or("name", Value::Null)),
        ("description", or("description", Value::Null)),
        ("cronExpression", or("cronExpression", Value::Null)),
        ("appName", json!(ids::app_name("schedule", None))),
        ("serviceName", or("serviceName", Value::Null)),
        ("shellType", or("shellType", json!("bash"))),
        ("scheduleType", json!(schedule_type)),
        ("command", or("command", Value::Null)),
        ("script", or("script", Value::Null)),
        ("applicationId", or("applicationId", Value::Null)),
        ("composeId", or("composeId", Value::Null)),
        ("serverId", or("serverId", Value::Null)),
        ("organizationId", or("organizationId", Value::Null)),
        ("enabled", or("enabled", json!(true))),
        ("timezone", or("timezone", Value::Null)),
        ("createdAt", json!(ids::now_iso())),
    ] {
        schedule.insert(key.into(), value);
    }
    st.schedules.insert(schedule.clone());
    row(schedule)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let schedule = st
        .schedules
        .get(&ctx.str("scheduleId"))
        .ok_or_else(not_found)?;
    row(schedule.clone())
}

/// A schedule as `schedule.list` joins it: its application (`applicationId`, `appName`,
/// `name`, `serverId`), server, compose stack and deployments (recording 373).
fn listed(st: &State, schedule: &Map<String, Value>) -> Value {
    let relation = |table: &crate::fake::state::Table, key: &str, columns: &[&str]| {
        schedule
            .get(key)
            .and_then(Value::as_str)
            .and_then(|id| table.get(id))
            .map(|r| Value::Object(crate::fake::views::pick(r, columns)))
            .unwrap_or(Value::Null)
    };
    let mut out = schedule.clone();
    out.insert(
        "application".into(),
        relation(
            &st.applications,
            "applicationId",
            &["applicationId", "appName", "name", "serverId"],
        ),
    );
    out.insert(
        "server".into(),
        relation(&st.servers, "serverId", &["serverId", "name"]),
    );
    out.insert(
        "compose".into(),
        relation(
            &st.compose,
            "composeId",
            &["composeId", "appName", "name", "serverId"],
        ),
    );
    out.insert("deployments".into(), json!([]));
    Value::Object(out)
}

fn list(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let id = ctx.str("id");
    let column = match ctx.str("scheduleType").as_str() {
        "compose" => "composeId",
        "server" => "serverId",
        "dokploy-server" => "organizationId",
        _ => "applicationId",
    };
    let list: Vec<Value> = st
        .schedules
        .where_eq(column, &id)
        .map(|s| listed(&st, s))
        .collect();
    json(Value::Array(list))
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let schedule = st
        .schedules
        .get_mut(&ctx.str("scheduleId"))
        .ok_or_else(not_found)?;
    apply(schedule, &ctx.input, &["scheduleId"]);
    row(schedule.clone())
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    st.schedules
        .remove(&ctx.str("scheduleId"))
        .ok_or_else(not_found)?;
    done()
}
