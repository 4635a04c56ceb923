//! `project.*`: all, one, create, update, remove.

use serde_json::{Value, json};

use super::{apply, json, row};
use crate::fake::rows;
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "all" => all,
        "one" => one,
        "create" => create,
        "update" => update,
        "remove" => remove,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Project not found")
}

fn all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list: Vec<Value> = st
        .projects
        .iter()
        .rev()
        .map(|p| views::project_all_item(&st, p))
        .collect();
    json(Value::Array(list))
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let project = st
        .projects
        .get(&ctx.str("projectId"))
        .ok_or_else(not_found)?;
    json(views::project_one(&st, project))
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let project = rows::project(&ctx.input, &st.organization_id.clone());
    let project_id = project
        .get("projectId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let environment = rows::environment(
        "production",
        json!("Production environment"),
        &project_id,
        true,
    );
    st.projects.insert(project.clone());
    st.environments.insert(environment.clone());
    json(json!({"project": project, "environment": environment}))
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let project = st
        .projects
        .get_mut(&ctx.str("projectId"))
        .ok_or_else(not_found)?;
    apply(project, &ctx.input, &["projectId"]);
    row(project.clone())
}

fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let removed = st
        .remove_project(&ctx.str("projectId"))
        .ok_or_else(not_found)?;
    row(removed)
}
