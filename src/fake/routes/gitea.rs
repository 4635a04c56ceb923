//! `gitea.*`: create, one, giteaProviders, getGiteaUrl, update, testConnection,
//! getGiteaRepositories, getGiteaBranches.

use serde_json::{Value, json};

use super::git_provider::{self, Kind, fetch_failed, truthy};
use super::json;
use crate::fake::rows::copy_present;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "giteaProviders" => gitea_providers,
        "getGiteaUrl" => get_gitea_url,
        "update" => update,
        "testConnection" => test_connection,
        "getGiteaRepositories" => get_gitea_repositories,
        "getGiteaBranches" => get_gitea_branches,
        _ => return None,
    })
}

/// The `gitea` table's columns besides its id and `gitProviderId` (`giteaUsername` and
/// `organizationName` are accepted as input but are not columns).
const COLUMNS: &[&str] = &[
    "giteaUrl",
    "giteaInternalUrl",
    "redirectUri",
    "clientId",
    "clientSecret",
    "accessToken",
    "refreshToken",
    "expiresAt",
    "scopes",
    "lastAuthenticatedAt",
];

/// Answers only `{giteaId, clientId, giteaUrl}`.
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let mut columns = git_provider::columns(&ctx.input, COLUMNS);
    if columns["scopes"].is_null() {
        columns.insert(
            "scopes".into(),
            json!("repo,repo:status,read:user,read:org"),
        );
    }
    let name = ctx.get("name").cloned().unwrap_or(Value::Null);
    let row = git_provider::insert(&mut st, Kind::Gitea, &name, columns);
    json(json!({
        "giteaId": row["giteaId"],
        "clientId": row["clientId"],
        "giteaUrl": row["giteaUrl"],
    }))
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(git_provider::find(&st, Kind::Gitea, &ctx.str("giteaId"))?)
}

/// Providers with an OAuth client id and secret (`haveGiteaRequirements`).
fn gitea_providers(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(git_provider::listing(&st, Kind::Gitea, |row| {
        truthy(row, "clientId") && truthy(row, "clientSecret")
    }))
}

fn get_gitea_url(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let gitea = git_provider::find(&st, Kind::Gitea, &ctx.str("giteaId"))?;
    json(gitea["giteaUrl"].clone())
}

/// Answers `{"success":true}`.
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("giteaId");
    git_provider::find(&st, Kind::Gitea, &id)?;
    if ctx.get("name").is_some_and(|n| n.as_str() != Some("")) {
        git_provider::rename(&mut st, &ctx.str("gitProviderId"), ctx.get("name"));
    }
    if let Some(row) = st.gitea.get_mut(&id) {
        copy_present(row, &ctx.input, COLUMNS);
    }
    json(json!({"success": true}))
}

/// Every error is re-thrown as a 400 with its message. Without an access token (the browser
/// authorization never ran) Dokploy does not even try the host.
fn test_connection(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let gitea = st
        .gitea
        .get(&ctx.str("giteaId"))
        .ok_or_else(|| ApiError::bad_request(Kind::Gitea.not_found()))?;
    if !truthy(gitea, "accessToken") {
        return Err(ApiError::bad_request(
            "No access token available. Please authorize with Gitea.",
        ));
    }
    Err(fetch_failed())
}

fn get_gitea_repositories(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    git_provider::find(&st, Kind::Gitea, &ctx.str("giteaId"))?;
    Err(fetch_failed())
}

fn get_gitea_branches(ctx: &mut Ctx<'_>) -> Outcome {
    let given = |key: &str| {
        ctx.get(key)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    };
    if !(given("giteaId") && given("owner") && given("repositoryName")) {
        return Err(ApiError::bad_request(
            "Gitea provider ID, owner, and repository name are required.",
        ));
    }
    let st = ctx.state();
    git_provider::find(&st, Kind::Gitea, &ctx.str("giteaId"))?;
    Err(fetch_failed())
}
