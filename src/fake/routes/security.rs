//! `security.*`: create, one, update, delete (recording 371).
//!
//! Basic-auth users live in Traefik's `middlewares.yml` too: where it does not exist (see
//! [`redirects`](super::redirects)), `create` and `update` roll back and answer 400 "File not
//! found: …", and `delete` removes the row and answers the same 400 — Dokploy's code.

use serde_json::{Map, Value, json};

use super::redirects::middlewares_file;
use super::{done, json, row};
use crate::fake::ids;
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
    ApiError::not_found("Security not found")
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let app_id = ctx.str("applicationId");
    if st.applications.get(&app_id).is_none() {
        return Err(ApiError::bad_request("Application not found"));
    }
    middlewares_file(&st, &app_id)?;
    let mut user = Map::new();
    user.insert("securityId".into(), json!(ids::nanoid()));
    for key in ["username", "password"] {
        user.insert(key.into(), ctx.get(key).cloned().unwrap_or(Value::Null));
    }
    user.insert("createdAt".into(), json!(ids::now_iso()));
    user.insert("applicationId".into(), json!(app_id));
    st.security.insert(user);
    done()
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let user = st
        .security
        .get(&ctx.str("securityId"))
        .ok_or_else(not_found)?;
    row(user.clone())
}

/// Answers nothing (Dokploy's `updateSecurityById` returns inside its transaction only).
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("securityId");
    let app_id = st
        .security
        .get(&id)
        .ok_or_else(|| ApiError::bad_request("Security not found"))?
        .get("applicationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    middlewares_file(&st, &app_id)?;
    if let Some(user) = st.security.get_mut(&id) {
        for key in ["username", "password"] {
            if let Some(v) = ctx.get(key) {
                user.insert(key.into(), v.clone());
            }
        }
    }
    Ok(crate::fake::wire::Out::Empty)
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let removed = st
        .security
        .remove(&ctx.str("securityId"))
        .ok_or_else(not_found)?;
    let app_id = removed
        .get("applicationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    middlewares_file(&st, app_id)?;
    json(Value::Object(removed))
}
