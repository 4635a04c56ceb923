//! `github.*`: githubProviders, one, getGithubRepositories, getGithubBranches, testConnection,
//! update. GitHub Apps are created through GitHub's browser manifest flow, never through the
//! API, so the fake has none: the listing is empty and every id is unknown.

use serde_json::json;

use super::json;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "githubProviders" => github_providers,
        "one" | "getGithubRepositories" | "getGithubBranches" | "update" => not_found,
        "testConnection" => test_connection,
        _ => return None,
    })
}

const NOT_FOUND: &str = "Github Provider not found";

fn github_providers(_: &mut Ctx<'_>) -> Outcome {
    json(json!([]))
}

/// `findGithubById`, for an id the fake cannot know.
fn not_found(_: &mut Ctx<'_>) -> Outcome {
    Err(ApiError::not_found(NOT_FOUND))
}

/// Every error is re-thrown as a 400 with its message.
fn test_connection(_: &mut Ctx<'_>) -> Outcome {
    Err(ApiError::bad_request(NOT_FOUND))
}
