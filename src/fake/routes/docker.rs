//! `docker.*`: the container listings Dokploy's Logs tab uses to find a service's containers
//! (recordings 405–408): getContainersByAppNameMatch, getServiceContainersByAppName.
//! `docker ps` or `docker service ps` failing (an unreachable engine) gives `[]`, as in
//! Dokploy, which catches the error.

use serde_json::{Value, json};

use super::json;
use crate::fake::wire::{Ctx, Handler, Outcome};
use crate::fake::{DockerEngine, docker, ids};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "getContainersByAppNameMatch" => by_app_name_match,
        "getServiceContainersByAppName" => service_containers,
        _ => return None,
    })
}

/// How long ago, as Docker says it ("14 seconds").
fn ago(since: i64) -> String {
    let seconds = (ids::now_millis() - since).max(0) / 1000;
    match seconds {
        0..=1 => "Less than a second".to_string(),
        2..=59 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds / 60),
    }
}

/// `docker ps -a | grep 'Name: <appName>'` (or compose's project label, or the stack's
/// tasks): native container ids, 405.
fn by_app_name_match(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    if st.docker == DockerEngine::Unreachable {
        return json(json!([]));
    }
    let app_name = ctx.str("appName");
    let app_type = ctx
        .get("appType")
        .and_then(Value::as_str)
        .map(str::to_string);
    let list: Vec<Value> = docker::containers(&st)
        .into_iter()
        .filter(|c| match app_type.as_deref() {
            None => c.name.starts_with(&app_name),
            Some(_) => c.compose_project.as_deref() == Some(app_name.as_str()),
        })
        .map(|c| match app_type.as_deref() {
            Some("stack") => json!({
                "containerId": c.id,
                "name": c.name,
                "node": "fake",
                "state": "running",
                "status": format!("Running {} ago", ago(c.since)),
            }),
            _ => json!({
                "containerId": c.id,
                "name": c.name,
                "state": "running",
                "status": format!("Up {}", ago(c.since)),
            }),
        })
        .collect();
    json(Value::Array(list))
}

/// `docker service ps <appName>`: swarm task ids, 406 (`error` is `"Error:"` when the task
/// has none, as Dokploy's parsing leaves it).
fn service_containers(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    if st.docker == DockerEngine::Unreachable {
        return json(json!([]));
    }
    let app_name = ctx.str("appName");
    let list: Vec<Value> = docker::containers(&st)
        .into_iter()
        .filter(|c| c.service == app_name)
        .map(|c| {
            json!({
                "containerId": c.task,
                "name": format!("{}.1", c.service),
                "state": "running",
                "currentState": format!("Running {} ago", ago(c.since)),
                "node": "fake",
                "error": "Error:",
            })
        })
        .collect();
    json(Value::Array(list))
}
