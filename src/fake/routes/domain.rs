//! `domain.*`: one, byApplicationId, byComposeId, create, update, delete.

use serde_json::Value;

use super::{apply, json, row};
use crate::fake::rows;
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "one" => one,
        "byApplicationId" => by_application_id,
        "byComposeId" => by_compose_id,
        "create" => create,
        "update" => update,
        "delete" => delete,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Domain not found")
}

/// `findDomainById`: the row with `application: {applicationId, appName, name}` (`null` for a
/// compose domain).
fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let domain = st.domains.get(&ctx.str("domainId")).ok_or_else(not_found)?;
    json(views::domain_with_service(&st, domain, false))
}

fn by_service(ctx: &Ctx<'_>, key: &str, compose: bool) -> Outcome {
    let st = ctx.state();
    let id = ctx.str(key);
    let list: Vec<Value> = st
        .domains
        .where_eq(key, &id)
        .map(|d| views::domain_with_service(&st, d, compose))
        .collect();
    json(Value::Array(list))
}

fn by_application_id(ctx: &mut Ctx<'_>) -> Outcome {
    by_service(ctx, "applicationId", false)
}

fn by_compose_id(ctx: &mut Ctx<'_>) -> Outcome {
    by_service(ctx, "composeId", true)
}

/// Any error, permission or lookup, comes back as 400 with its message.
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    if let Some(id) = ctx.get("applicationId").and_then(Value::as_str)
        && st.applications.get(id).is_none()
    {
        return Err(ApiError::bad_request("Application not found"));
    }
    if let Some(id) = ctx.get("composeId").and_then(Value::as_str)
        && st.compose.get(id).is_none()
    {
        return Err(ApiError::bad_request("Compose not found"));
    }
    st.domain_key += 1;
    let domain = rows::domain(&ctx.input, st.domain_key);
    st.domains.insert(domain.clone());
    row(domain)
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let domain = st
        .domains
        .get_mut(&ctx.str("domainId"))
        .ok_or_else(not_found)?;
    apply(domain, &ctx.input, &["domainId"]);
    row(domain.clone())
}

fn delete(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let removed = st
        .domains
        .remove(&ctx.str("domainId"))
        .ok_or_else(not_found)?;
    row(removed)
}
