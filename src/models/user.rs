//! The caller and its API keys, as `user.get`, `user.getPermissions`, `user.session` and
//! `user.createApiKey` return them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Extra, MemberRole};
use crate::redact::Secret;

/// The caller's membership in its organization (`user.get`): its role, what it may do, and the
/// user with its API keys.
///
/// ```
/// use dokploy::models::{Member, MemberRole};
/// let me: Member = serde_json::from_str(r#"{
///     "id": "m1", "organizationId": "org1", "userId": "u1", "role": "owner",
///     "canAccessToAPI": false, "accessedProjects": ["p1"],
///     "user": {"id": "u1", "email": "admin@example.com", "apiKeys": [
///         {"id": "k1", "name": "ci", "prefix": null, "enabled": true, "expiresAt": null,
///          "createdAt": "2026-12-01T18:07:15.171Z"}]}
/// }"#).unwrap();
/// assert_eq!(me.role, MemberRole::Owner);
/// assert_eq!(me.organization_id, "org1");
/// assert_eq!(me.user.api_keys[0].name.as_deref(), Some("ci"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Member {
    /// The membership's id.
    pub id: String,
    /// The organization (what an API key's `metadata.organizationId` names).
    pub organization_id: String,
    /// The user's id.
    pub user_id: String,
    /// Owner, admin or member.
    pub role: MemberRole,
    /// When the user joined the organization.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The team, if any.
    #[serde(default)]
    pub team_id: Option<String>,
    /// Whether this is the user's default organization.
    #[serde(default)]
    pub is_default: bool,
    /// A member's permission (owners and admins may do everything whatever these say).
    #[serde(default)]
    pub can_create_projects: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_delete_projects: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_create_services: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_delete_services: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_create_environments: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_delete_environments: bool,
    /// A member's permission.
    #[serde(default, rename = "canAccessToSSHKeys")]
    pub can_access_to_ssh_keys: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_access_to_docker: bool,
    /// A member's permission (API keys need it).
    #[serde(default, rename = "canAccessToAPI")]
    pub can_access_to_api: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_access_to_git_providers: bool,
    /// A member's permission.
    #[serde(default)]
    pub can_access_to_traefik_files: bool,
    /// The projects a member may see.
    #[serde(default)]
    pub accessed_projects: Vec<String>,
    /// The environments a member may see.
    #[serde(default)]
    pub accessed_environments: Vec<String>,
    /// The services a member may see.
    #[serde(default)]
    pub accessed_services: Vec<String>,
    /// The git providers a member may use.
    #[serde(default)]
    pub accessed_git_providers: Vec<String>,
    /// The servers a member may use.
    #[serde(default)]
    pub accessed_servers: Vec<String>,
    /// The user.
    pub user: User,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Dokploy user, with its API keys (as `user.get` lists them: never the key itself).
///
/// ```
/// let user: dokploy::models::User = serde_json::from_str(
///     r#"{"id": "u1", "firstName": "Admin", "email": "admin@example.com", "twoFactorEnabled": true}"#,
/// ).unwrap();
/// assert!(user.two_factor_enabled);
/// assert!(user.api_keys.is_empty());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// The id.
    pub id: String,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The avatar.
    #[serde(default)]
    pub image: Option<String>,
    /// Whether two-factor authentication is on.
    #[serde(default)]
    pub two_factor_enabled: bool,
    /// The user's API keys, newest first.
    #[serde(default)]
    pub api_keys: Vec<ApiKeySummary>,
    /// Fields this model does not name (`stripeCustomerId`, `serversQuantity` …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An API key as `user.get` lists it: `{id, name, prefix, enabled, expiresAt, createdAt}`, never
/// the key itself (that is shown once, by [`CreatedApiKey`]), nor its limits.
///
/// ```
/// let key: dokploy::models::ApiKeySummary = serde_json::from_str(r#"{
///     "id": "k1", "name": "ci", "prefix": null, "enabled": true, "expiresAt": null,
///     "createdAt": "2026-12-01T18:07:15.171Z"
/// }"#).unwrap();
/// assert!(key.enabled && key.expires_at.is_none());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiKeySummary {
    /// The id (what `user.deleteApiKey` takes).
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// The prefix the key starts with, if it was given one.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Whether it is enabled.
    #[serde(default)]
    pub enabled: bool,
    /// When it expires, if it does.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A new API key as `user.createApiKey` returns it: the only time Dokploy shows the key. It is
/// a [`Secret`]: hidden from `Debug` and `Display`, read with [`Secret::expose`].
///
/// ```
/// let created: dokploy::models::CreatedApiKey = serde_json::from_str(r#"{
///     "id": "k1", "name": "ci", "key": "ofnboPqrstuvwxyz", "start": "ofnboP",
///     "enabled": true, "rateLimitEnabled": false, "rateLimitMax": 10,
///     "rateLimitTimeWindow": 86400000, "expiresAt": null, "referenceId": "u1"
/// }"#).unwrap();
/// assert_eq!(created.key.expose(), "ofnboPqrstuvwxyz");
/// assert!(!format!("{created:?}").contains("qrstuvwxyz"));
/// assert!(!created.rate_limit_enabled);
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreatedApiKey {
    /// The id (what `user.deleteApiKey` takes).
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// The key, to send as `x-api-key`.
    pub key: Secret,
    /// The key's first characters, as Dokploy's UI shows them.
    #[serde(default)]
    pub start: Option<String>,
    /// The prefix the key starts with, if it was given one.
    #[serde(default)]
    pub prefix: Option<String>,
    /// The user the key acts as.
    #[serde(default)]
    pub reference_id: Option<String>,
    /// Whether it is enabled.
    #[serde(default)]
    pub enabled: bool,
    /// Whether Dokploy limits how often it may be verified (twice per REST call).
    #[serde(default)]
    pub rate_limit_enabled: bool,
    /// Verifications allowed per window, when the limit is on.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub rate_limit_max: Option<i64>,
    /// The window, in milliseconds.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub rate_limit_time_window: Option<i64>,
    /// Verifications left, when the key has a request limit.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub remaining: Option<i64>,
    /// When it expires, if it does.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Fields this model does not name (`configId`, `refillInterval`, `requestCount`,
    /// `metadata` …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// What the caller's role may do (`user.getPermissions`): actions by resource, e.g.
/// `project` → `create`.
///
/// ```
/// let permissions: dokploy::models::Permissions = serde_json::from_str(
///     r#"{"project": {"create": true, "delete": false}, "docker": {"read": true}}"#,
/// ).unwrap();
/// assert!(permissions.allows("project", "create"));
/// assert!(!permissions.allows("project", "delete"));
/// assert!(!permissions.allows("backup", "restore")); // not listed: not allowed
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
#[non_exhaustive]
pub struct Permissions {
    /// Allowed actions by resource.
    pub resources: BTreeMap<String, BTreeMap<String, bool>>,
}

impl Permissions {
    /// `true` when `action` on `resource` is allowed (absent means not allowed).
    pub fn allows(&self, resource: &str, action: &str) -> bool {
        self.resources
            .get(resource)
            .and_then(|actions| actions.get(action))
            .copied()
            .unwrap_or(false)
    }
}

/// Who the caller is (`user.session`): the user's id and the organization it acts in.
///
/// ```
/// let session: dokploy::models::Session = serde_json::from_str(
///     r#"{"user": {"id": "u1"}, "session": {"activeOrganizationId": "org1"}}"#,
/// ).unwrap();
/// assert_eq!(session.user.id, "u1");
/// assert_eq!(session.session.active_organization_id.as_deref(), Some("org1"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Session {
    /// The user.
    pub user: SessionUser,
    /// The session.
    pub session: SessionDetails,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The user of a [`Session`].
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SessionUser {
    /// The user's id.
    pub id: String,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The session of a [`Session`].
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SessionDetails {
    /// The organization the caller acts in (an API key's `metadata.organizationId`).
    #[serde(default)]
    pub active_organization_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
