//! `settings.*`: the OpenAPI document, the instance's read-only answers (version, health, web
//! server settings, Traefik's files), the reads that need Docker (failing as they do without
//! it), and the builds-concurrency and Docker-cleanup settings. Also `server.updateBuildsConcurrency`,
//! the same setting for a remote server.

use serde_json::{Value, json};

use super::{done, json, row};
use crate::fake::schema::{self, Issue};
use crate::fake::state::State;
use crate::fake::traefik;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "getOpenApiDocument" => get_open_api_document,
        "getDokployVersion" => get_dokploy_version,
        "getReleaseTag" => |_| json(json!("latest")),
        "health" => |_| json(json!({"status": "ok"})),
        "isCloud" => |_| json(json!(false)),
        "getIp" => get_ip,
        "getWebServerSettings" => {
            |ctx| json(Value::Object(ctx.state().instance.web_server.clone()))
        }
        // The fake has no `traefik.yml` and no `dokploy.yml`.
        "readTraefikConfig" | "readWebServerTraefikConfig" => |_| json(Value::Null),
        "readMiddlewareTraefikConfig" => read_middleware_traefik_config,
        "readDirectories" => read_directories,
        "readTraefikFile" => read_traefik_file,
        "readTraefikEnv" => |_| {
            Err(ApiError::internal(
                "Command execution failed: The argument 'file' cannot be empty. Received ''",
            ))
        },
        "getTraefikPorts" | "haveTraefikDashboardPortEnabled" => {
            |_| Err(ApiError::internal("Resource type not found"))
        }
        // No access log is configured (`traefik.yml` has no `accessLog`).
        "haveActivateRequests" => |_| json(json!(false)),
        "isUserSubscribed" => is_user_subscribed,
        "checkInfrastructureHealth" => check_infrastructure_health,
        "getLogCleanupStatus" => get_log_cleanup_status,
        "getDokployCloudIps" => |_| json(json!([])),
        "getDockerDiskUsage" => |_| {
            Err(ApiError::internal(docker_down(
                "docker system df --format '{{json .}}'",
            )))
        },
        "checkGPUStatus" => check_gpu_status,
        "updateBuildsConcurrency" => update_builds_concurrency,
        "updateDockerCleanup" => update_docker_cleanup,
        _ => return None,
    })
}

/// What `execAsync` says when the Docker CLI cannot reach a daemon.
fn docker_down(command: &str) -> String {
    format!(
        "Command execution failed: Command failed: {command}\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"
    )
}

/// Like a live instance: `servers[0].url` is built from the request's host (and
/// `x-forwarded-proto`).
fn get_open_api_document(ctx: &mut Ctx<'_>) -> Outcome {
    let mut document = schema::document()
        .cloned()
        .ok_or_else(|| ApiError::bad_request("The OpenAPI document could not be read"))?;
    if let Value::Object(map) = &mut document {
        map.insert(
            "servers".into(),
            json!([{"url": format!("{}/api", ctx.origin)}]),
        );
    }
    json(document)
}

/// The release the vendored document describes (`info.version`, `v0.30.2`).
fn get_dokploy_version(_: &mut Ctx<'_>) -> Outcome {
    let version = schema::document()
        .and_then(|d| d.pointer("/info/version"))
        .and_then(Value::as_str)
        .unwrap_or("v0.30.2");
    json(json!(version))
}

fn get_ip(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let ip = st
        .instance
        .web_server
        .get("serverIp")
        .and_then(Value::as_str);
    json(json!(ip.unwrap_or("")))
}

/// The server named by an optional `serverId` input, which must exist (`findServerById`).
fn host(ctx: &Ctx<'_>, st: &State) -> Result<Option<String>, ApiError> {
    match ctx.get("serverId").and_then(Value::as_str) {
        None => Ok(None),
        Some(id) if st.servers.get(id).is_some() => Ok(Some(id.to_string())),
        Some(_) => Err(ApiError::not_found("Server not found")),
    }
}

fn read_middleware_traefik_config(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let path = format!("{}/middlewares.yml", traefik::DYNAMIC_DIR);
    json(traefik::read(&st, None, &path).map_or(Value::Null, Value::String))
}

/// `readDirectory(MAIN_TRAEFIK_PATH)`: the `dynamic` directory and its files.
fn read_directories(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let server = host(ctx, &st)?;
    let children: Vec<Value> = traefik::files(&st, server.as_deref())
        .into_iter()
        .map(|(path, _)| {
            let name = path.rsplit('/').next().unwrap_or_default().to_string();
            json!({"id": path, "name": name, "type": "file"})
        })
        .collect();
    json(json!([{
        "id": traefik::DYNAMIC_DIR,
        "name": "dynamic",
        "type": "directory",
        "children": children,
    }]))
}

/// The path must stay inside the directory Dokploy serves (the refine of `apiReadTraefikConfig`);
/// a file that does not exist is `null`.
fn read_traefik_file(ctx: &mut Ctx<'_>) -> Outcome {
    let path = ctx.str("path");
    let outside = path.contains("../")
        || path.contains("..\\")
        || path.contains('\0')
        || (path.starts_with('/') && !path.starts_with(traefik::DYNAMIC_DIR));
    if outside {
        return Err(ApiError::validation(vec![Issue::new(
            vec![("code", json!("custom"))],
            vec![json!("path")],
            "Invalid path: path traversal or unauthorized directory access detected",
        )]));
    }
    let st = ctx.state();
    let server = host(ctx, &st)?;
    json(traefik::read(&st, server.as_deref(), &path).map_or(Value::Null, Value::String))
}

/// Whether the organization has a server or a project.
fn is_user_subscribed(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(json!(
        st.servers.iter().next().is_some() || st.projects.iter().next().is_some()
    ))
}

/// Dokploy checks its own Postgres and Traefik containers through Docker, which the fake lacks.
fn check_infrastructure_health(_: &mut Ctx<'_>) -> Outcome {
    let down = json!({"status": "unhealthy", "message": "connect ENOENT /var/run/docker.sock"});
    json(json!({"postgres": down, "traefik": down}))
}

/// The cleanup job runs while a cron expression is set.
fn get_log_cleanup_status(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let cron = st
        .instance
        .web_server
        .get("logCleanupCron")
        .cloned()
        .unwrap_or(Value::Null);
    json(json!({"enabled": !cron.is_null(), "cronExpression": cron}))
}

/// No GPU, no NVIDIA runtime, no swarm; an unknown server is a 400 with the lookup's message.
fn check_gpu_status(ctx: &mut Ctx<'_>) -> Outcome {
    {
        let st = ctx.state();
        host(ctx, &st).map_err(ApiError::into_bad_request)?;
    }
    json(json!({
        "driverInstalled": false,
        "availableGPUs": 0,
        "runtimeInstalled": false,
        "runtimeConfigured": false,
        "swarmEnabled": false,
        "gpuResources": 0,
        "cudaSupport": false,
    }))
}

/// The web server's `buildsConcurrency` (stored and read back; the fake's deploy queue does not
/// limit concurrent builds by it).
fn update_builds_concurrency(ctx: &mut Ctx<'_>) -> Outcome {
    let value = ctx.get("buildsConcurrency").cloned().unwrap_or(json!(1));
    ctx.state()
        .instance
        .web_server
        .insert("buildsConcurrency".into(), value);
    done()
}

/// `server.updateBuildsConcurrency`: a remote server's `buildsConcurrency`; the updated row.
pub(super) fn update_server_builds_concurrency(ctx: &mut Ctx<'_>) -> Outcome {
    let value = ctx.get("buildsConcurrency").cloned().unwrap_or(json!(1));
    let mut st = ctx.state();
    let server = st
        .servers
        .get_mut(&ctx.str("serverId"))
        .ok_or_else(|| ApiError::not_found("Server not found"))?;
    server.insert("buildsConcurrency".into(), value);
    row(server.clone())
}

/// The daily Docker cleanup of the web server, or of a remote server with `serverId`. As in
/// Dokploy the server row is updated before it is looked up, and enabling the cleanup of an
/// inactive server fails after the update.
fn update_docker_cleanup(ctx: &mut Ctx<'_>) -> Outcome {
    let enabled = ctx
        .get("enableDockerCleanup")
        .cloned()
        .unwrap_or(json!(false));
    let mut st = ctx.state();
    match ctx.get("serverId").and_then(Value::as_str) {
        Some(id) => {
            let server = st
                .servers
                .get_mut(id)
                .ok_or_else(|| ApiError::not_found("Server not found"))?;
            server.insert("enableDockerCleanup".into(), enabled.clone());
            let inactive = server.get("serverStatus").and_then(Value::as_str) == Some("inactive");
            if enabled == Value::Bool(true) && inactive {
                return Err(ApiError::not_found("Server is inactive"));
            }
        }
        None => {
            st.instance
                .web_server
                .insert("enableDockerCleanup".into(), enabled);
        }
    }
    done()
}
