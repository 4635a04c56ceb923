//! `gitlab.*`: create, one, gitlabProviders, update, testConnection, getGitlabRepositories,
//! getGitlabBranches.

use serde_json::{Value, json};

use super::git_provider::{self, Kind, truthy};
use super::json;
use crate::fake::rows::copy_present;
use crate::fake::wire::{Ctx, Handler, Out, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "gitlabProviders" => gitlab_providers,
        "update" => update,
        "testConnection" => test_connection,
        "getGitlabRepositories" => get_gitlab_repositories,
        "getGitlabBranches" => get_gitlab_branches,
        _ => return None,
    })
}

/// The `gitlab` table's columns besides its id and `gitProviderId` (`authId` is required input
/// but not a column).
const COLUMNS: &[&str] = &[
    "gitlabUrl",
    "gitlabInternalUrl",
    "applicationId",
    "redirectUri",
    "secret",
    "accessToken",
    "refreshToken",
    "groupName",
    "expiresAt",
];

/// Answers nothing (0 bytes).
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let columns = git_provider::columns(&ctx.input, COLUMNS);
    let name = ctx.get("name").cloned().unwrap_or(Value::Null);
    git_provider::insert(&mut st, Kind::Gitlab, &name, columns);
    Ok(Out::Empty)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(git_provider::find(&st, Kind::Gitlab, &ctx.str("gitlabId"))?)
}

/// Providers holding OAuth tokens (`haveGitlabRequirements`), with their URL.
fn gitlab_providers(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let mut list = git_provider::listing(&st, Kind::Gitlab, |row| {
        truthy(row, "accessToken") && truthy(row, "refreshToken")
    });
    if let Value::Array(items) = &mut list {
        for item in items {
            let id = item["gitlabId"].as_str().unwrap_or_default().to_string();
            let url = st.gitlab.get(&id).map(|r| r["gitlabUrl"].clone());
            item["gitlabUrl"] = url.unwrap_or(Value::Null);
        }
    }
    json(list)
}

/// Answers nothing, even for an id that does not exist (nothing is looked up first: the
/// `gitProvider` row named by `gitProviderId` is renamed, and no `gitlab` row matches).
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    if ctx.get("name").is_some_and(|n| n.as_str() != Some("")) {
        git_provider::rename(&mut st, &ctx.str("gitProviderId"), ctx.get("name"));
    }
    if let Some(row) = st.gitlab.get_mut(&ctx.str("gitlabId")) {
        copy_present(row, &ctx.input, COLUMNS);
    }
    Ok(Out::Empty)
}

fn test_connection(ctx: &mut Ctx<'_>) -> Outcome {
    git_provider::test_unreachable(&ctx.state(), Kind::Gitlab, &ctx.str("gitlabId"))
}

fn get_gitlab_repositories(ctx: &mut Ctx<'_>) -> Outcome {
    git_provider::list_unreachable(&ctx.state(), Kind::Gitlab, &ctx.str("gitlabId"))
}

/// Without a project `id` (or with `0`) Dokploy answers `[]` without asking GitLab.
fn get_gitlab_branches(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    git_provider::find(&st, Kind::Gitlab, &ctx.str("gitlabId"))?;
    let project = ctx.get("id").and_then(Value::as_f64).unwrap_or(0.0);
    if project == 0.0 {
        return json(json!([]));
    }
    git_provider::list_unreachable(&st, Kind::Gitlab, &ctx.str("gitlabId"))
}
