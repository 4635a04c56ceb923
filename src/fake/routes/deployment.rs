//! `deployment.*`: all, allByCompose, allByType, readLogs.

use serde_json::{Value, json};

use super::json;
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "all" => all,
        "allByCompose" => all_by_compose,
        "allByType" => all_by_type,
        "readLogs" => read_logs,
        _ => return None,
    })
}

/// Rows of one service, newest first (an unknown id simply has none).
fn rows_of(ctx: &Ctx<'_>, key: &str, id: &str) -> Vec<Value> {
    let st = ctx.state();
    let mut list = views::deployments_of(&st, key, id);
    list.reverse();
    list
}

fn all(ctx: &mut Ctx<'_>) -> Outcome {
    json(Value::Array(rows_of(
        ctx,
        "applicationId",
        &ctx.str("applicationId"),
    )))
}

fn all_by_compose(ctx: &mut Ctx<'_>) -> Outcome {
    json(Value::Array(rows_of(
        ctx,
        "composeId",
        &ctx.str("composeId"),
    )))
}

fn all_by_type(ctx: &mut Ctx<'_>) -> Outcome {
    let id = ctx.str("id");
    let key = match ctx.get("type").and_then(Value::as_str) {
        Some("application") => "applicationId",
        Some("compose") => "composeId",
        Some("server") => "serverId",
        Some("schedule") => "scheduleId",
        Some("previewDeployment") => "previewDeploymentId",
        Some("backup") => "backupId",
        _ => "volumeBackupId",
    };
    let list: Vec<Value> = rows_of(ctx, key, &id)
        .iter()
        .map(views::with_rollback)
        .collect();
    json(Value::Array(list))
}

fn read_logs(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let id = ctx.str("deploymentId");
    if st.deployments.get(&id).is_none() {
        return Err(ApiError::not_found("Deployment not found"));
    }
    let tail = ctx
        .get("tail")
        .and_then(Value::as_u64)
        .unwrap_or(100)
        .max(1) as usize;
    let log = st.logs.get(&id).map(String::as_str).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    let start = lines.len().saturating_sub(tail);
    json(json!(lines[start..].join("\n")))
}
