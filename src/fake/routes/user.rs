//! `user.*`: get, session, getPermissions, createApiKey, deleteApiKey. The caller is always the
//! instance's owner.

use serde_json::{Value, json};

use super::{done, json, row};
use crate::fake::state::{DbKind, State, str_of};
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "get" => get,
        "session" => session,
        "getPermissions" => get_permissions,
        "createApiKey" => create_api_key,
        "deleteApiKey" => delete_api_key,
        "getBackups" => super::backup::user_get_backups,
        _ => return None,
    })
}

/// Ids of `key` in every row of `rows`.
fn ids<'a>(
    rows: impl Iterator<Item = &'a serde_json::Map<String, Value>>,
    key: &str,
) -> Vec<Value> {
    rows.filter_map(|r| str_of(r, key))
        .map(Value::String)
        .collect()
}

/// The member row with what it can reach and the user with its API keys. Dokploy appends what
/// the user creates to the `accessed*` lists; the fake lists every project, environment and
/// service the instance has (for an owner the lists grant nothing more), and no servers or git
/// providers.
fn get(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let mut services = ids(st.applications.iter(), "applicationId");
    services.extend(ids(st.compose.iter(), "composeId"));
    for kind in DbKind::ALL {
        services.extend(ids(st.db(kind).iter(), kind.id_key()));
    }
    let mut member = st.instance.member.clone();
    member.insert(
        "accessedProjects".into(),
        Value::Array(ids(st.projects.iter(), "projectId")),
    );
    member.insert(
        "accessedEnvironments".into(),
        Value::Array(ids(st.environments.iter(), "environmentId")),
    );
    member.insert("accessedServices".into(), Value::Array(services));
    member.insert("accessedGitProviders".into(), json!([]));
    member.insert("accessedServers".into(), json!([]));
    let mut user = st.instance.user.clone();
    user.insert("apiKeys".into(), Value::Array(st.instance.listed_keys()));
    member.insert("user".into(), Value::Object(user));
    row(member)
}

fn session(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(json!({
        "user": {"id": st.instance.user_id()},
        "session": {"activeOrganizationId": st.organization_id},
    }))
}

/// What the owner role may do: everything.
fn get_permissions(_: &mut Ctx<'_>) -> Outcome {
    let crud = json!({"read": true, "create": true, "update": true, "delete": true});
    let read_create_delete = json!({"read": true, "create": true, "delete": true});
    let read_write = json!({"read": true, "write": true});
    let read = json!({"read": true});
    let restorable =
        json!({"read": true, "create": true, "update": true, "delete": true, "restore": true});
    json(json!({
        "organization": {"update": true, "delete": true},
        "member": crud,
        "invitation": {"create": true, "cancel": true},
        "team": {"create": true, "update": true, "delete": true},
        "ac": crud,
        "project": {"create": true, "delete": true},
        "service": read_create_delete,
        "environment": read_create_delete,
        "docker": read,
        "sshKeys": read_create_delete,
        "gitProviders": read_create_delete,
        "traefikFiles": read_write,
        "api": read,
        "volume": read_create_delete,
        "deployment": {"read": true, "create": true, "cancel": true},
        "envVars": read_write,
        "projectEnvVars": read_write,
        "environmentEnvVars": read_write,
        "server": read_create_delete,
        "registry": read_create_delete,
        "certificate": crud,
        "backup": restorable,
        "volumeBackup": restorable,
        "schedule": crud,
        "domain": read_create_delete,
        "destination": read_create_delete,
        "notification": crud,
        "tag": crud,
        "logs": read,
        "monitoring": read,
        "auditLog": read,
        "vaultProvider": crud,
        "dnsProvider": crud,
    }))
}

fn organization_of(st: &State, input: Option<&Value>) -> bool {
    input
        .and_then(|m| m.get("organizationId"))
        .and_then(Value::as_str)
        == Some(st.organization_id.as_str())
}

/// better-auth's row with the new key (shown only here). The key belongs to the organization
/// in `metadata`, which must be the caller's.
fn create_api_key(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    if !organization_of(&st, ctx.get("metadata")) {
        return Err(ApiError::forbidden(
            "You are not a member of this organization",
        ));
    }
    let created = st
        .instance
        .create_key(&ctx.input)
        .ok_or_else(|| ApiError::internal("Error creating API key"))?;
    row(created)
}

fn delete_api_key(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    if !st.instance.delete_key(&ctx.str("apiKeyId")) {
        return Err(ApiError::not_found("API key not found"));
    }
    done()
}
