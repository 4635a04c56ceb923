//! `server.*`: all, one, create, remove.

use serde_json::{Value, json};

use super::{json, row};
use crate::fake::rows;
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "all" => all,
        "one" => one,
        "create" => create,
        "remove" => remove,
        "updateBuildsConcurrency" => super::settings::update_server_builds_concurrency,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Server not found")
}

fn all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list: Vec<Value> = st
        .servers
        .iter()
        .rev()
        .map(|s| {
            let mut out = s.clone();
            let id = s
                .get("serverId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            out.insert("totalSum".into(), json!(views::services_on_server(&st, id)));
            Value::Object(out)
        })
        .collect();
    json(Value::Array(list))
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let server = st.servers.get(&ctx.str("serverId")).ok_or_else(not_found)?;
    json(views::server_full(&st, server))
}

/// Every error becomes 400 "Error creating the server". The fake has no SSH keys, so naming one
/// fails like an unknown key would.
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    if ctx.get("sshKeyId").is_some_and(|v| !v.is_null()) {
        return Err(ApiError::bad_request("Error creating the server"));
    }
    let mut st = ctx.state();
    let server = rows::server(&ctx.input, &st.organization_id.clone());
    st.servers.insert(server.clone());
    row(server)
}

fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("serverId");
    let server = st.servers.get(&id).ok_or_else(not_found)?;
    let full = views::server_full(&st, server);
    if st.server_has_services(&id) {
        return Err(ApiError::bad_request(
            "Server has active services, please delete them first",
        ));
    }
    st.servers.remove(&id);
    st.deployments
        .remove_where(|d| d.get("serverId").and_then(Value::as_str) == Some(id.as_str()));
    json(full)
}
