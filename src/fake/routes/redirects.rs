//! `redirects.*`: create, one, update, delete (recordings 369, 370, 376, 392).
//!
//! Dokploy keeps each redirect as a middleware in Traefik's `dynamic/middlewares.yml`. Where
//! that file does not exist (the recorded development install; in the fake: no domain has a
//! path middleware), `create` still answers `true` (Dokploy does not wait for the file), while
//! `update` changes the row and answers 400 "File not found: …" and `delete` removes the row
//! and answers 400 "Error removing this redirect" — what Dokploy's code does.

use serde_json::{Map, Value, json};

use super::{apply, done, row};
use crate::fake::ids;
use crate::fake::state::State;
use crate::fake::traefik;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "update" => update,
        "delete" => delete,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Redirect not found")
}

/// Whether Traefik's `middlewares.yml` exists on the application's host; the 400 Dokploy
/// answers when it does not.
pub(super) fn middlewares_file(st: &State, application_id: &str) -> Result<(), ApiError> {
    let server_id = st
        .applications
        .get(application_id)
        .and_then(|a| a.get("serverId"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let path = format!("{}/middlewares.yml", traefik::DYNAMIC_DIR);
    match traefik::read(st, server_id.as_deref(), &path) {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_request(format!("File not found: {path}"))),
    }
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let app_id = ctx.str("applicationId");
    if st.applications.get(&app_id).is_none() {
        return Err(ApiError::bad_request("Error creating this redirect"));
    }
    st.domain_key += 1;
    let mut redirect = Map::new();
    redirect.insert("redirectId".into(), json!(ids::nanoid()));
    for key in ["regex", "replacement", "permanent"] {
        redirect.insert(key.into(), ctx.get(key).cloned().unwrap_or(Value::Null));
    }
    redirect.insert("uniqueConfigKey".into(), json!(st.domain_key));
    redirect.insert("createdAt".into(), json!(ids::now_iso()));
    redirect.insert("applicationId".into(), json!(app_id));
    st.redirects.insert(redirect);
    done()
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let redirect = st
        .redirects
        .get(&ctx.str("redirectId"))
        .ok_or_else(not_found)?;
    row(redirect.clone())
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let redirect = st
        .redirects
        .get_mut(&ctx.str("redirectId"))
        .ok_or_else(not_found)?;
    apply(redirect, &ctx.input, &["redirectId"]);
    let updated = redirect.clone();
    let app_id = updated
        .get("applicationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    middlewares_file(&st, app_id)?;
    row(updated)
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let removed = st
        .redirects
        .remove(&ctx.str("redirectId"))
        .ok_or_else(not_found)?;
    let app_id = removed
        .get("applicationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    middlewares_file(&st, app_id)
        .map_err(|_| ApiError::bad_request("Error removing this redirect"))?;
    row(removed)
}
