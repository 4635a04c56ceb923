//! `port.*`: create, one, update, delete (recordings 367, 368, 391).

use serde_json::{Map, Value, json};

use super::{apply, row};
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
    ApiError::not_found("Port not found")
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let app_id = ctx.str("applicationId");
    if st.applications.get(&app_id).is_none() {
        return Err(ApiError::bad_request("Error input: Inserting port"));
    }
    let mut port = Map::new();
    port.insert("portId".into(), json!(ids::nanoid()));
    for key in ["publishedPort", "publishMode", "targetPort", "protocol"] {
        port.insert(key.into(), ctx.get(key).cloned().unwrap_or(Value::Null));
    }
    port.insert("applicationId".into(), json!(app_id));
    st.ports.insert(port.clone());
    row(port)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let port = st.ports.get(&ctx.str("portId")).ok_or_else(not_found)?;
    row(port.clone())
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let port = st.ports.get_mut(&ctx.str("portId")).ok_or_else(not_found)?;
    apply(port, &ctx.input, &["portId"]);
    row(port.clone())
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let removed = st.ports.remove(&ctx.str("portId")).ok_or_else(not_found)?;
    row(removed)
}
