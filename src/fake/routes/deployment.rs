//! `deployment.*`: all, allByCompose, allByType, allCentralized, readLogs.

use serde_json::{Value, json};

use super::json;
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "all" => all,
        "allByCompose" => all_by_compose,
        "allByType" => all_by_type,
        "allCentralized" => all_centralized,
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

/// Every application's and compose stack's deployments, newest first, each with its service
/// (name, appName, environment and project), as Dokploy's centralized list has them.
fn all_centralized(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let mut list: Vec<Value> = Vec::new();
    for row in st.deployments.iter() {
        let mut item = row.clone();
        let (table, key) = if let Some(id) = row.get("applicationId").and_then(Value::as_str) {
            (st.applications.get(id), "application")
        } else if let Some(id) = row.get("composeId").and_then(Value::as_str) {
            (st.compose.get(id), "compose")
        } else {
            continue;
        };
        let service = table.map(|service| {
            let environment = service
                .get("environmentId")
                .and_then(Value::as_str)
                .and_then(|id| st.environments.get(id));
            let project = environment
                .and_then(|e| e.get("projectId"))
                .and_then(Value::as_str)
                .and_then(|id| st.projects.get(id));
            let id_key = format!("{key}Id");
            json!({
                id_key.clone(): service.get(&id_key),
                "name": service.get("name"),
                "appName": service.get("appName"),
                "icon": service.get("icon"),
                "environment": environment.map(|e| json!({
                    "environmentId": e.get("environmentId"),
                    "name": e.get("name"),
                    "project": project.map(|p| json!({"projectId": p.get("projectId"), "name": p.get("name")})),
                })),
                "server": null,
            })
        });
        item.insert(key.into(), service.unwrap_or(Value::Null));
        let other = if key == "application" {
            "compose"
        } else {
            "application"
        };
        item.insert(other.into(), Value::Null);
        item.insert("server".into(), Value::Null);
        item.insert("buildServer".into(), Value::Null);
        list.push(Value::Object(item));
    }
    list.reverse();
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
