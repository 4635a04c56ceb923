//! `application.*`: one, create, update, delete, deploy, redeploy, start, stop, and the
//! `save*` procedures.

use serde_json::{Value, json};

use super::{apply, done, environment, json, row, server_exists};
use crate::fake::deploy::{self, Job};
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
        "saveBuildType" => save_build_type,
        "saveDockerProvider" => save_docker_provider,
        "saveGithubProvider" => save_github_provider,
        "saveGitlabProvider" => save_gitlab_provider,
        "saveGiteaProvider" => save_gitea_provider,
        "saveBitbucketProvider" => save_bitbucket_provider,
        "saveGitProvider" => save_git_provider,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Application not found")
}

/// `findApplicationById`.
fn find<'a>(st: &'a State, id: &str) -> Result<&'a Row, ApiError> {
    st.applications.get(id).ok_or_else(not_found)
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    environment(&st, &ctx.str("environmentId"))?;
    if !server_exists(&st, ctx.get("serverId")) {
        return Err(ApiError::bad_request("Error creating the application"));
    }
    let app = rows::application(&ctx.input);
    st.applications.insert(app.clone());
    row(app)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let app = find(&st, &ctx.str("applicationId"))?;
    json(views::with_git_provider_access(views::application_full(
        &st, app,
    )))
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let app = st
        .applications
        .get_mut(&ctx.str("applicationId"))
        .ok_or_else(|| ApiError::bad_request("Error updating application"))?;
    apply(app, &ctx.input, &["applicationId"]);
    done()
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("applicationId");
    let full = views::application_full(&st, find(&st, &id)?);
    st.applications.remove(&id);
    st.remove_service_children("applicationId", &id);
    st.engine_take_down(&id);
    row(full)
}

fn queue(ctx: &mut Ctx<'_>, redeploy: bool) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("applicationId");
    find(&st, &id)?;
    let job = Job::new(
        &st,
        ServiceRef::Application(id),
        ctx.get("title").and_then(Value::as_str),
        ctx.get("description").and_then(Value::as_str),
        redeploy,
    );
    deploy::enqueue(ctx.shared, &mut st, job);
    // Self-hosted Dokploy returns nothing: 200 with an empty body.
    Ok(Out::Empty)
}

fn deploy(ctx: &mut Ctx<'_>) -> Outcome {
    queue(ctx, false)
}

fn redeploy(ctx: &mut Ctx<'_>) -> Outcome {
    queue(ctx, true)
}

/// start/stop: the application as loaded before its status changes.
fn set_status(ctx: &mut Ctx<'_>, status: &str) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("applicationId");
    let before = views::application_full(&st, find(&st, &id)?);
    if let Some(app) = st.applications.get_mut(&id) {
        app.insert("applicationStatus".into(), json!(status));
    }
    row(before)
}

fn start(ctx: &mut Ctx<'_>) -> Outcome {
    set_status(ctx, "done")
}

fn stop(ctx: &mut Ctx<'_>) -> Outcome {
    set_status(ctx, "idle")
}

/// `updateApplication(id, {…})` then `findApplicationById(id)`: an unknown id is a 404.
fn save(ctx: &mut Ctx<'_>, keys: &[&str], fixed: &[(&str, Value)]) -> Outcome {
    let mut st = ctx.state();
    let app = st
        .applications
        .get_mut(&ctx.str("applicationId"))
        .ok_or_else(not_found)?;
    for key in keys {
        if let Some(value) = ctx.input.get(*key) {
            app.insert((*key).to_string(), value.clone());
        }
    }
    for (key, value) in fixed {
        app.insert((*key).to_string(), value.clone());
    }
    done()
}

fn save_environment(ctx: &mut Ctx<'_>) -> Outcome {
    save(
        ctx,
        &["env", "buildArgs", "buildSecrets", "createEnvFile"],
        &[],
    )
}

fn save_build_type(ctx: &mut Ctx<'_>) -> Outcome {
    save(
        ctx,
        &[
            "buildType",
            "dockerfile",
            "publishDirectory",
            "dockerContextPath",
            "dockerBuildStage",
            "herokuVersion",
            "isStaticSpa",
            "railpackVersion",
        ],
        &[],
    )
}

fn save_docker_provider(ctx: &mut Ctx<'_>) -> Outcome {
    save(
        ctx,
        &["dockerImage", "username", "password", "registryUrl"],
        &[
            ("sourceType", json!("docker")),
            ("applicationStatus", json!("idle")),
        ],
    )
}

fn save_github_provider(ctx: &mut Ctx<'_>) -> Outcome {
    save(
        ctx,
        &[
            "repository",
            "branch",
            "owner",
            "buildPath",
            "githubId",
            "watchPaths",
            "triggerType",
            "enableSubmodules",
        ],
        &[
            ("sourceType", json!("github")),
            ("applicationStatus", json!("idle")),
        ],
    )
}

/// The columns a `save<Provider>Provider` writes, and the `sourceType` it sets.
fn save_provider(ctx: &mut Ctx<'_>, columns: &[&str], source_type: &str) -> Outcome {
    save(
        ctx,
        columns,
        &[
            ("sourceType", json!(source_type)),
            ("applicationStatus", json!("idle")),
        ],
    )
}

fn save_gitlab_provider(ctx: &mut Ctx<'_>) -> Outcome {
    let columns = [
        "gitlabRepository",
        "gitlabOwner",
        "gitlabBranch",
        "gitlabBuildPath",
        "gitlabId",
        "gitlabProjectId",
        "gitlabPathNamespace",
        "watchPaths",
        "enableSubmodules",
    ];
    save_provider(ctx, &columns, "gitlab")
}

fn save_gitea_provider(ctx: &mut Ctx<'_>) -> Outcome {
    let columns = [
        "giteaRepository",
        "giteaOwner",
        "giteaBranch",
        "giteaBuildPath",
        "giteaId",
        "watchPaths",
        "enableSubmodules",
    ];
    save_provider(ctx, &columns, "gitea")
}

fn save_bitbucket_provider(ctx: &mut Ctx<'_>) -> Outcome {
    let columns = [
        "bitbucketRepository",
        "bitbucketRepositorySlug",
        "bitbucketOwner",
        "bitbucketBranch",
        "bitbucketBuildPath",
        "bitbucketId",
        "watchPaths",
        "enableSubmodules",
    ];
    save_provider(ctx, &columns, "bitbucket")
}

fn save_git_provider(ctx: &mut Ctx<'_>) -> Outcome {
    let columns = [
        "customGitUrl",
        "customGitBranch",
        "customGitBuildPath",
        "customGitSSHKeyId",
        "watchPaths",
        "enableSubmodules",
    ];
    save_provider(ctx, &columns, "git")
}
