//! The procedures the fake implements, one file per router.

mod application;
mod backup;
mod bitbucket;
mod compose;
mod database;
mod deployment;
mod destination;
mod docker;
mod domain;
mod environment;
mod git_provider;
mod gitea;
mod github;
mod gitlab;
mod mounts;
mod notification;
mod port;
mod project;
mod redirects;
mod schedule;
mod security;
mod server;
mod settings;
mod ssh_key;
mod tag;
mod user;

use serde_json::Value;

use super::state::{DbKind, Row, State};
use super::wire::{ApiError, Handler, Out, Outcome};

/// The implementation of `procedure` (canonical name), if the fake has one.
pub(crate) fn handler(procedure: &str) -> Option<Handler> {
    let (router, name) = procedure.split_once('.')?;
    if DbKind::from_router(router).is_some() {
        return database::handler(name);
    }
    match router {
        "project" => project::handler(name),
        "environment" => environment::handler(name),
        "application" => application::handler(name),
        "compose" => compose::handler(name),
        "domain" => domain::handler(name),
        "deployment" => deployment::handler(name),
        "docker" => docker::handler(name),
        "server" => server::handler(name),
        "notification" => notification::handler(name),
        "settings" => settings::handler(name),
        "gitProvider" => git_provider::handler(name),
        "gitea" => gitea::handler(name),
        "gitlab" => gitlab::handler(name),
        "bitbucket" => bitbucket::handler(name),
        "github" => github::handler(name),
        "sshKey" => ssh_key::handler(name),
        "destination" => destination::handler(name),
        "backup" => backup::handler(name),
        "user" => user::handler(name),
        "mounts" => mounts::handler(name),
        "port" => port::handler(name),
        "redirects" => redirects::handler(name),
        "security" => security::handler(name),
        "schedule" => schedule::handler(name),
        "tag" => tag::handler(name),
        _ => None,
    }
}

/// A JSON answer.
fn json(value: Value) -> Outcome {
    Ok(Out::Json(value))
}

/// A bare `true`.
fn done() -> Outcome {
    json(Value::Bool(true))
}

/// A row as the answer.
fn row(row: Row) -> Outcome {
    json(Value::Object(row))
}

/// `findEnvironmentById`.
fn environment<'a>(st: &'a State, id: &str) -> Result<&'a Row, ApiError> {
    st.environments
        .get(id)
        .ok_or_else(|| ApiError::not_found("Environment not found"))
}

/// Whether a `serverId` input names a server the fake knows (or is absent / `null`).
pub(crate) fn server_exists(st: &State, server_id: Option<&Value>) -> bool {
    match server_id.and_then(Value::as_str) {
        Some(id) => st.servers.get(id).is_some(),
        None => true,
    }
}

/// Copies every input field except `skip` onto `row` (an `update`).
fn apply(row: &mut Row, input: &serde_json::Map<String, Value>, skip: &[&str]) {
    for (key, value) in input {
        if !skip.contains(&key.as_str()) {
            row.insert(key.clone(), value.clone());
        }
    }
}
