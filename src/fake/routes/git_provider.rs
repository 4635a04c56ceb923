//! `gitProvider.*`: getAll, toggleShare, remove; and what the gitea, gitlab and bitbucket
//! routers share (the `gitProvider` row, the kind row with `gitProvider` nested, the answer to a
//! host the fake cannot reach).

use serde_json::{Map, Value, json};

use super::json;
use crate::fake::ids;
use crate::fake::state::{Row, State, Table, str_of};
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "getAll" => get_all,
        "toggleShare" => toggle_share,
        "remove" => remove,
        _ => return None,
    })
}

/// A kind of provider the fake stores (GitHub Apps cannot be created through the API, so the
/// fake has none).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Gitea,
    Gitlab,
    Bitbucket,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Gitea, Kind::Gitlab, Kind::Bitbucket];

    /// `providerType`, which is also the router's name.
    fn provider_type(self) -> &'static str {
        match self {
            Kind::Gitea => "gitea",
            Kind::Gitlab => "gitlab",
            Kind::Bitbucket => "bitbucket",
        }
    }

    /// The id column of the kind's row (and of the application/compose column pointing at it).
    pub(super) fn id_key(self) -> &'static str {
        match self {
            Kind::Gitea => "giteaId",
            Kind::Gitlab => "gitlabId",
            Kind::Bitbucket => "bitbucketId",
        }
    }

    /// `find<Kind>ById`'s 404 message.
    pub(super) fn not_found(self) -> &'static str {
        match self {
            Kind::Gitea => "Gitea Provider not found",
            Kind::Gitlab => "Gitlab Provider not found",
            Kind::Bitbucket => "Bitbucket Provider not found",
        }
    }

    pub(super) fn table(self, st: &State) -> &Table {
        match self {
            Kind::Gitea => &st.gitea,
            Kind::Gitlab => &st.gitlab,
            Kind::Bitbucket => &st.bitbucket,
        }
    }

    pub(super) fn table_mut(self, st: &mut State) -> &mut Table {
        match self {
            Kind::Gitea => &mut st.gitea,
            Kind::Gitlab => &mut st.gitlab,
            Kind::Bitbucket => &mut st.bitbucket,
        }
    }

    /// `getAll`'s summary of the kind's row.
    fn summary(self, row: &Row) -> Value {
        let get = |k: &str| row.get(k).cloned().unwrap_or(Value::Null);
        match self {
            Kind::Gitea => json!({
                "giteaId": get("giteaId"),
                "giteaUrl": get("giteaUrl"),
                "clientId": get("clientId"),
                "isConfigured": truthy(row, "accessToken") && truthy(row, "refreshToken"),
            }),
            Kind::Gitlab => json!({
                "gitlabId": get("gitlabId"),
                "applicationId": get("applicationId"),
                "gitlabUrl": get("gitlabUrl"),
                "isConfigured": truthy(row, "accessToken") && truthy(row, "refreshToken"),
            }),
            Kind::Bitbucket => json!({
                "bitbucketId": get("bitbucketId"),
                "bitbucketUsername": get("bitbucketUsername"),
                "isConfigured": false,
                "isDeprecated": truthy(row, "appPassword") && !truthy(row, "apiToken"),
            }),
        }
    }
}

/// JavaScript truthiness of column `key` (`null`, `""`, `false` and `0` are false).
pub(super) fn truthy(row: &Row, key: &str) -> bool {
    match row.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(_) => true,
    }
}

/// The answer to a request that makes Dokploy call the provider's host: the fake reaches no
/// host, so it answers like Dokploy does when the host refuses the connection.
pub(super) fn fetch_failed() -> ApiError {
    ApiError::bad_request("fetch failed")
}

/// `testConnection` of a provider whose host the fake cannot reach: every error is re-thrown
/// as a 400 with its message (an unknown id: "… Provider not found").
pub(super) fn test_unreachable(st: &State, kind: Kind, id: &str) -> Outcome {
    if kind.table(st).get(id).is_none() {
        return Err(ApiError::bad_request(kind.not_found()));
    }
    Err(fetch_failed())
}

/// A repository or branch listing whose failed fetch is not caught: a 500 (GitLab, Bitbucket).
pub(super) fn list_unreachable(st: &State, kind: Kind, id: &str) -> Outcome {
    find(st, kind, id)?;
    Err(ApiError::internal("fetch failed"))
}

/// Stores a new provider of `kind` called `name`: the `gitProvider` row and the kind's row
/// (`columns`, from the input), linked. Returns the kind's row.
pub(super) fn insert(st: &mut State, kind: Kind, name: &Value, columns: Row) -> Row {
    let git_provider_id = ids::nanoid();
    let mut provider = Map::new();
    for (key, value) in [
        ("gitProviderId", json!(git_provider_id)),
        ("name", name.clone()),
        ("providerType", json!(kind.provider_type())),
        ("createdAt", json!(ids::now_iso())),
        ("organizationId", json!(st.organization_id)),
        ("userId", json!(st.instance.user_id())),
        ("sharedWithOrganization", json!(false)),
    ] {
        provider.insert(key.to_string(), value);
    }
    st.git_providers.insert(provider);
    let mut row = Map::new();
    row.insert(kind.id_key().to_string(), json!(ids::nanoid()));
    row.extend(columns);
    row.insert("gitProviderId".into(), json!(git_provider_id));
    kind.table_mut(st).insert(row.clone());
    row
}

/// The columns `keys` of a new kind row: from the input, `null` when absent.
pub(super) fn columns(input: &Map<String, Value>, keys: &[&str]) -> Row {
    keys.iter()
        .map(|k| (k.to_string(), input.get(*k).cloned().unwrap_or(Value::Null)))
        .collect()
}

/// `find<Kind>ById`: the kind's row with its `gitProvider` row nested.
pub(super) fn find(st: &State, kind: Kind, id: &str) -> Result<Value, ApiError> {
    let row = kind
        .table(st)
        .get(id)
        .ok_or_else(|| ApiError::not_found(kind.not_found()))?;
    Ok(with_provider(st, row))
}

/// A kind row with `gitProvider` nested.
pub(super) fn with_provider(st: &State, row: &Row) -> Value {
    let mut out = row.clone();
    let provider = str_of(row, "gitProviderId")
        .and_then(|id| st.git_providers.get(&id).cloned())
        .map_or(Value::Null, Value::Object);
    out.insert("gitProvider".into(), provider);
    Value::Object(out)
}

/// `<kind>.<kind>Providers`'s items: `{<kind>Id, gitProvider}` of the rows `keep` accepts.
pub(super) fn listing(st: &State, kind: Kind, keep: impl Fn(&Row) -> bool) -> Value {
    let items = kind
        .table(st)
        .iter()
        .filter(|row| keep(row))
        .map(|row| {
            let full = with_provider(st, row);
            json!({kind.id_key(): row.get(kind.id_key()), "gitProvider": full["gitProvider"]})
        })
        .collect();
    Value::Array(items)
}

/// Renames the `gitProvider` row `git_provider_id` (when it exists), as `updateGitProvider`.
pub(super) fn rename(st: &mut State, git_provider_id: &str, name: Option<&Value>) {
    if let (Some(provider), Some(name)) = (st.git_providers.get_mut(git_provider_id), name) {
        provider.insert("name".into(), name.clone());
    }
}

fn get_all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list = st
        .git_providers
        .iter()
        .rev()
        .map(|provider| {
            let mut out = provider.clone();
            let id = str_of(provider, "gitProviderId").unwrap_or_default();
            for kind in Kind::ALL {
                let summary = kind
                    .table(&st)
                    .where_eq("gitProviderId", &id)
                    .next()
                    .map_or(Value::Null, |row| kind.summary(row));
                out.insert(kind.provider_type().into(), summary);
            }
            out.insert("github".into(), Value::Null);
            let owner = str_of(provider, "userId").as_deref() == Some(st.instance.user_id());
            out.insert("isOwner".into(), json!(owner));
            Value::Object(out)
        })
        .collect();
    json(Value::Array(list))
}

fn toggle_share(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let provider = st
        .git_providers
        .get_mut(&ctx.str("gitProviderId"))
        .ok_or_else(|| ApiError::not_found("Git Provider not found"))?;
    let shared = ctx.get("sharedWithOrganization").cloned();
    provider.insert(
        "sharedWithOrganization".into(),
        shared.unwrap_or(Value::Bool(false)),
    );
    json(Value::Object(provider.clone()))
}

/// Every error is re-thrown as a 400 with its message ("Git Provider not found").
fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("gitProviderId");
    let provider = st
        .git_providers
        .remove(&id)
        .ok_or_else(|| ApiError::bad_request("Git Provider not found"))?;
    for kind in Kind::ALL {
        let gone = kind
            .table_mut(&mut st)
            .remove_where(|r| r.get("gitProviderId").and_then(Value::as_str) == Some(&id));
        for row in gone {
            if let Some(kind_id) = str_of(&row, kind.id_key()) {
                unlink(&mut st, kind.id_key(), &kind_id);
            }
        }
    }
    json(Value::Object(provider))
}

/// Applications and compose stacks that used a removed provider keep their settings without it
/// (`onDelete: set null`).
fn unlink(st: &mut State, key: &str, id: &str) {
    st.applications.set_null_where(key, id);
    st.compose.set_null_where(key, id);
}
