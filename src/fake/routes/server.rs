//! `server.*`: all, one, create, update, count, remove.

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
        "update" => update,
        "count" => count,
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

/// Whether an `sshKeyId` input names a key the fake knows (or is `null`).
fn ssh_key_exists(ctx: &Ctx<'_>, st: &crate::fake::state::State) -> bool {
    match ctx.get("sshKeyId").and_then(Value::as_str) {
        Some(id) => st.ssh_keys.get(id).is_some(),
        None => true,
    }
}

/// Every error becomes 400 "Error creating the server" (an unknown SSH key breaks the foreign
/// key).
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    if !ssh_key_exists(ctx, &st) {
        return Err(ApiError::bad_request("Error creating the server"));
    }
    let server = rows::server(&ctx.input, &st.organization_id.clone());
    st.servers.insert(server.clone());
    row(server)
}

/// The columns `server.update` writes.
const UPDATABLE: &[&str] = &[
    "name",
    "description",
    "ipAddress",
    "port",
    "username",
    "sshKeyId",
    "serverType",
    "command",
    "enableDockerCleanup",
];

/// Answers the server row. Errors are not caught: an unknown SSH key is the database's foreign
/// key violation, a 500.
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("serverId");
    let server = st.servers.get(&id).ok_or_else(not_found)?;
    if server.get("serverStatus").and_then(Value::as_str) == Some("inactive") {
        return Err(ApiError::not_found("Server is inactive"));
    }
    if !ssh_key_exists(ctx, &st) {
        return Err(ApiError::internal(
            "insert or update on table \"server\" violates foreign key constraint \"server_sshKeyId_ssh-key_sshKeyId_fk\"",
        ));
    }
    let server = st.servers.get_mut(&id).ok_or_else(not_found)?;
    rows::copy_present(server, &ctx.input, UPDATABLE);
    row(server.clone())
}

/// The number of servers (of the organizations the caller owns: the fake has one).
fn count(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(json!(st.servers.iter().count()))
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
