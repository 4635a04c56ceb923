//! `environment.*`: one, byProjectId, create, update, remove.

use serde_json::Value;

use super::{apply, environment, json, row};
use crate::fake::rows;
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "one" => one,
        "byProjectId" => by_project_id,
        "create" => create,
        "update" => update,
        "remove" => remove,
        _ => return None,
    })
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let env = environment(&st, &ctx.str("environmentId"))?;
    json(views::environment_one(&st, env))
}

fn by_project_id(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let project_id = ctx.str("projectId");
    let list: Vec<Value> = st
        .environments
        .where_eq("projectId", &project_id)
        .map(|env| views::environment_by_project_item(&st, env))
        .collect();
    json(Value::Array(list))
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let name = ctx.str("name");
    if name == "production" {
        return Err(ApiError::bad_request(
            "You cannot create a environment with the name 'production'",
        ));
    }
    let project_id = ctx.str("projectId");
    if st.projects.get(&project_id).is_none() {
        // The insert fails on the foreign key; the router wraps the database's message.
        return Err(ApiError::bad_request(
            "Error creating the environment: insert or update on table \"environment\" violates \
             foreign key constraint \"environment_projectId_project_projectId_fk\"",
        ));
    }
    let description = ctx.get("description").cloned().unwrap_or(Value::Null);
    let env = rows::environment(&name, description, &project_id, false);
    st.environments.insert(env.clone());
    row(env)
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    // Every error is re-thrown as 400 "Error updating the environment: …".
    let wrap = |e: ApiError| {
        e.into_bad_request()
            .prefixed("Error updating the environment: ")
    };
    let mut st = ctx.state();
    let id = ctx.str("environmentId");
    let env = st
        .environments
        .get_mut(&id)
        .ok_or_else(|| wrap(ApiError::not_found("Environment not found")))?;
    if env.get("isDefault") == Some(&Value::Bool(true)) && ctx.input.contains_key("name") {
        return Err(wrap(ApiError::bad_request(
            "You cannot rename the default environment",
        )));
    }
    apply(env, &ctx.input, &["environmentId"]);
    row(env.clone())
}

fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("environmentId");
    let env = environment(&st, &id)?;
    if env.get("isDefault") == Some(&Value::Bool(true)) {
        return Err(ApiError::bad_request(
            "You cannot delete the default environment",
        ));
    }
    let removed = st
        .remove_environment(&id)
        .ok_or_else(|| ApiError::not_found("Environment not found"))?;
    row(removed)
}
