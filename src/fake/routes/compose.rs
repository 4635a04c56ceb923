//! `compose.*`: one, create, update, delete, deploy, redeploy, start, stop, saveEnvironment,
//! loadServices, getConvertedCompose, getDefaultCommand.

use serde_json::{Value, json};

use super::{apply, done, environment, json, row, server_exists};
use crate::fake::compose_file;
use crate::fake::deploy::{self, Job};
use crate::fake::docker;
use crate::fake::rows;
use crate::fake::state::{Row, ServiceRef, State};
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Out, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "one" => one,
        "create" => create,
        "update" => update,
        "delete" => delete,
        "deploy" => deploy,
        "redeploy" => redeploy,
        "start" => start,
        "stop" => stop,
        "saveEnvironment" => save_environment,
        "loadServices" => load_services,
        "getConvertedCompose" => get_converted_compose,
        "getDefaultCommand" => get_default_command,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Compose not found")
}

/// `findComposeById`.
fn find<'a>(st: &'a State, id: &str) -> Result<&'a Row, ApiError> {
    st.compose.get(id).ok_or_else(not_found)
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    environment(&st, &ctx.str("environmentId"))?;
    if !server_exists(&st, ctx.get("serverId")) {
        // compose.create re-throws the database's error as it is.
        return Err(ApiError::bad_request(
            "insert or update on table \"compose\" violates foreign key constraint \
             \"compose_serverId_server_serverId_fk\"",
        ));
    }
    let compose = rows::compose(&ctx.input);
    st.compose.insert(compose.clone());
    row(compose)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let compose = find(&st, &ctx.str("composeId"))?;
    json(views::with_git_provider_access(views::compose_full(
        &st, compose,
    )))
}

/// Returns the updated row; for an unknown id `updateCompose` finds nothing and the procedure
/// returns `undefined`, which Dokploy sends as an empty body.
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let Some(compose) = st.compose.get_mut(&ctx.str("composeId")) else {
        return Ok(Out::Empty);
    };
    apply(compose, &ctx.input, &["composeId"]);
    row(compose.clone())
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("composeId");
    let full = views::compose_full(&st, find(&st, &id)?);
    st.compose.remove(&id);
    st.remove_service_children("composeId", &id);
    st.engine_take_down(&id);
    st.compose_on_disk.remove(&id);
    row(full)
}

fn queue(ctx: &mut Ctx<'_>, redeploy: bool) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("composeId");
    find(&st, &id)?;
    let job = Job::new(
        &st,
        ServiceRef::Compose(id.clone()),
        ctx.get("title").and_then(Value::as_str),
        ctx.get("description").and_then(Value::as_str),
        redeploy,
    );
    deploy::enqueue(ctx.shared, &mut st, job);
    let message = if redeploy {
        "Redeployment queued"
    } else {
        "Deployment queued"
    };
    json(json!({"success": true, "message": message, "composeId": id}))
}

fn deploy(ctx: &mut Ctx<'_>) -> Outcome {
    queue(ctx, false)
}

fn redeploy(ctx: &mut Ctx<'_>) -> Outcome {
    queue(ctx, true)
}

/// The stack's `appName` and `composeType`, or 404.
fn docker_names(st: &State, id: &str) -> Result<(String, String, String), ApiError> {
    let compose = find(st, id)?;
    let field = |key: &str| {
        compose
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Ok((
        field("appName"),
        field("composeType"),
        compose_path(compose),
    ))
}

/// The file Dokploy runs: `docker-compose.yml` for a raw stack, the `composePath` otherwise.
fn compose_path(compose: &Row) -> String {
    if compose.get("sourceType").and_then(Value::as_str) == Some("raw") {
        return "docker-compose.yml".to_string();
    }
    compose
        .get("composePath")
        .and_then(Value::as_str)
        .unwrap_or("docker-compose.yml")
        .to_string()
}

/// Sets the stack's `composeStatus`.
fn set_status(st: &mut State, id: &str, status: &str) {
    if let Some(compose) = st.compose.get_mut(id) {
        compose.insert("composeStatus".into(), json!(status));
    }
}

/// `startCompose`: `docker compose up -d` (nothing to run for a `stack`); `done`, or `idle`
/// and a 500 when the command fails.
fn start(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("composeId");
    let (app_name, compose_type, path) = docker_names(&st, &id)?;
    if compose_type == "docker-compose" {
        let command = format!("env -i PATH=\"$PATH\" docker compose -p {app_name} -f {path} up -d");
        if let Err(message) = docker::exec(&st, &command) {
            set_status(&mut st, &id, "idle");
            return Err(ApiError::internal(message));
        }
    }
    set_status(&mut st, &id, "done");
    done()
}

/// `stopCompose`: `docker compose stop` (`docker stack rm` for a stack); `idle`, or `error`
/// and a 500 when the command fails.
fn stop(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("composeId");
    let (app_name, compose_type, _) = docker_names(&st, &id)?;
    let command = if compose_type == "stack" {
        format!("docker stack rm {app_name}")
    } else {
        format!("env -i PATH=\"$PATH\" docker compose -p {app_name} stop")
    };
    if let Err(message) = docker::exec(&st, &command) {
        set_status(&mut st, &id, "error");
        return Err(ApiError::internal(message));
    }
    set_status(&mut st, &id, "idle");
    done()
}

fn save_environment(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let compose = st
        .compose
        .get_mut(&ctx.str("composeId"))
        .ok_or_else(|| ApiError::bad_request("Error adding environment variables"))?;
    compose.insert("env".into(), ctx.get("env").cloned().unwrap_or(Value::Null));
    if let Some(create_env_file) = ctx.get("createEnvFile") {
        compose.insert("createEnvFile".into(), create_env_file.clone());
    }
    done()
}

/// `type=fetch` writes the compose file to disk first (the fake uses the stored `composeFile`
/// whatever the source); `type=cache` (the default) reads what is on disk from an earlier fetch
/// or deploy.
fn load_services(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("composeId");
    let file = find(&st, &id)?
        .get("composeFile")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if ctx.get("type").and_then(Value::as_str) == Some("fetch") {
        st.compose_on_disk.insert(id.clone(), file);
    }
    let services = st
        .compose_on_disk
        .get(&id)
        .and_then(|on_disk| compose_file::services(on_disk))
        .ok_or_else(|| ApiError::not_found("Services not found"))?;
    json(json!(services))
}

/// The compose file as Dokploy would deploy it: what the last fetch or deploy wrote to disk
/// (`null` before any). Dokploy also adds its Traefik labels for the stack's domains and applies
/// `randomize`/`isolatedDeployment`; the fake returns the file as written.
fn get_converted_compose(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let id = ctx.str("composeId");
    find(&st, &id)?;
    let text = st
        .compose_on_disk
        .get(&id)
        .cloned()
        .unwrap_or_else(|| "null\n".to_string());
    json(json!(text))
}

/// `docker ` + `createCommand`: the stack's own `command` (trimmed, each argument unquoted), or
/// the default `compose … up` / `stack deploy`.
fn get_default_command(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let compose = find(&st, &ctx.str("composeId"))?;
    let custom = compose
        .get("command")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim();
    let command = if custom.is_empty() {
        let app_name = compose
            .get("appName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let path = compose_path(compose);
        match compose.get("composeType").and_then(Value::as_str) {
            Some("stack") => format!("stack deploy -c {path} {app_name} --prune"),
            _ => format!("compose -p {app_name} -f {path} up -d --build --remove-orphans"),
        }
    } else {
        custom
            .split_whitespace()
            .map(|arg| {
                arg.strip_prefix('"')
                    .and_then(|a| a.strip_suffix('"'))
                    .unwrap_or(arg)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    json(json!(format!("docker {command}")))
}
