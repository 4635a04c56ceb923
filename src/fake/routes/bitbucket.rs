//! `bitbucket.*`: create, one, bitbucketProviders, update, testConnection,
//! getBitbucketRepositories, getBitbucketBranches.

use serde_json::Value;

use super::git_provider::{self, Kind};
use super::json;
use crate::fake::rows::copy_present;
use crate::fake::wire::{ApiError, Ctx, Handler, Out, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "bitbucketProviders" => bitbucket_providers,
        "update" => update,
        "testConnection" => test_connection,
        "getBitbucketRepositories" => get_bitbucket_repositories,
        "getBitbucketBranches" => get_bitbucket_branches,
        _ => return None,
    })
}

/// The `bitbucket` table's columns besides its id and `gitProviderId`.
const COLUMNS: &[&str] = &[
    "bitbucketUsername",
    "bitbucketEmail",
    "appPassword",
    "apiToken",
    "bitbucketWorkspaceName",
];

/// Answers nothing (0 bytes).
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let columns = git_provider::columns(&ctx.input, COLUMNS);
    let name = ctx.get("name").cloned().unwrap_or(Value::Null);
    git_provider::insert(&mut st, Kind::Bitbucket, &name, columns);
    Ok(Out::Empty)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(git_provider::find(
        &st,
        Kind::Bitbucket,
        &ctx.str("bitbucketId"),
    )?)
}

/// Every provider (no requirement filter).
fn bitbucket_providers(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(git_provider::listing(&st, Kind::Bitbucket, |_| true))
}

/// Answers the `bitbucket` row, without `gitProvider`.
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("bitbucketId");
    let git_provider_id = st
        .bitbucket
        .get(&id)
        .and_then(|r| r.get("gitProviderId").and_then(Value::as_str))
        .map(str::to_string)
        .ok_or_else(|| ApiError::not_found("Bitbucket provider not found"))?;
    if ctx.get("name").is_some_and(|n| n.as_str() != Some("")) {
        git_provider::rename(&mut st, &git_provider_id, ctx.get("name"));
    }
    let row = st
        .bitbucket
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found("Bitbucket provider not found"))?;
    copy_present(row, &ctx.input, COLUMNS);
    json(Value::Object(row.clone()))
}

/// Bitbucket's API is a fixed host the fake does not reach.
fn test_connection(ctx: &mut Ctx<'_>) -> Outcome {
    git_provider::test_unreachable(&ctx.state(), Kind::Bitbucket, &ctx.str("bitbucketId"))
}

fn get_bitbucket_repositories(ctx: &mut Ctx<'_>) -> Outcome {
    git_provider::list_unreachable(&ctx.state(), Kind::Bitbucket, &ctx.str("bitbucketId"))
}

fn get_bitbucket_branches(ctx: &mut Ctx<'_>) -> Outcome {
    git_provider::list_unreachable(&ctx.state(), Kind::Bitbucket, &ctx.str("bitbucketId"))
}
