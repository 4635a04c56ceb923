//! Git providers (Gitea, GitLab, Bitbucket, GitHub), as `gitProvider.getAll`, `gitea.one`,
//! `gitlab.one`, `bitbucket.one`, `github.one` and the per-kind listings return them, with the
//! repositories and branches Dokploy lists through them.
//!
//! Every provider is two rows in Dokploy: a `gitProvider` row (name, kind, owner, sharing) and a
//! row of its kind (`gitea`, `gitlab`, …) with the URLs and credentials. Applications point at
//! the kind's row (`giteaId`, `gitlabId`, …); [`GitProviderRef`] is a kind + that id.
//!
//! ```
//! use dokploy::models::{GitProvider, GitProviderKind};
//! let row: GitProvider = serde_json::from_str(r#"{
//!     "gitProviderId": "gp1", "name": "forge", "providerType": "gitea",
//!     "gitlab": null, "bitbucket": null, "github": null,
//!     "gitea": {"giteaId": "g1", "giteaUrl": "https://git.example.com", "clientId": "c", "isConfigured": false},
//!     "isOwner": true
//! }"#).unwrap();
//! assert_eq!(row.provider_type, GitProviderKind::Gitea);
//! let reference = row.reference().unwrap();
//! assert_eq!((reference.kind, reference.id.as_str()), (GitProviderKind::Gitea, "g1"));
//! assert_eq!(row.is_configured(), Some(false)); // the OAuth flow has not run
//! ```

use serde::{Deserialize, Serialize};

use super::{Extra, GitProviderKind};
use crate::redact::Secret;

impl GitProviderKind {
    /// Every kind this crate knows.
    ///
    /// ```
    /// use dokploy::models::GitProviderKind;
    /// assert_eq!(GitProviderKind::ALL.len(), 4);
    /// ```
    pub const ALL: [GitProviderKind; 4] = [
        GitProviderKind::Github,
        GitProviderKind::Gitlab,
        GitProviderKind::Bitbucket,
        GitProviderKind::Gitea,
    ];

    /// The router of the kind (`gitea`, `gitlab`, `bitbucket`, `github`); `None` for a kind this
    /// crate does not know.
    ///
    /// ```
    /// use dokploy::models::GitProviderKind;
    /// assert_eq!(GitProviderKind::Bitbucket.router(), Some("bitbucket"));
    /// assert_eq!(GitProviderKind::from("azure").router(), None);
    /// ```
    pub fn router(&self) -> Option<&'static str> {
        match self {
            GitProviderKind::Github => Some("github"),
            GitProviderKind::Gitlab => Some("gitlab"),
            GitProviderKind::Bitbucket => Some("bitbucket"),
            GitProviderKind::Gitea => Some("gitea"),
            GitProviderKind::Unknown(_) => None,
        }
    }

    /// The id field of the kind's row (`giteaId`, …), which applications and compose stacks
    /// point at; `None` for a kind this crate does not know.
    ///
    /// ```
    /// assert_eq!(dokploy::models::GitProviderKind::Gitlab.id_field(), Some("gitlabId"));
    /// ```
    pub fn id_field(&self) -> Option<&'static str> {
        match self {
            GitProviderKind::Github => Some("githubId"),
            GitProviderKind::Gitlab => Some("gitlabId"),
            GitProviderKind::Bitbucket => Some("bitbucketId"),
            GitProviderKind::Gitea => Some("giteaId"),
            GitProviderKind::Unknown(_) => None,
        }
    }
}

/// A git provider of one kind, by the id of its kind's row (`giteaId`, `gitlabId`, …): what
/// testing, listing repositories and listing branches take.
///
/// ```
/// use dokploy::models::{GitProviderKind, GitProviderRef};
/// let forge = GitProviderRef::gitea("g1");
/// assert_eq!(forge.kind, GitProviderKind::Gitea);
/// assert_eq!(forge.procedure("testConnection").as_deref(), Some("gitea.testConnection"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct GitProviderRef {
    /// The kind.
    pub kind: GitProviderKind,
    /// The id of the kind's row (`giteaId`, `gitlabId`, `bitbucketId`, `githubId`).
    pub id: String,
}

impl GitProviderRef {
    /// A provider of `kind` with the row id `id`.
    ///
    /// ```
    /// use dokploy::models::{GitProviderKind, GitProviderRef};
    /// let r = GitProviderRef::new(GitProviderKind::Github, "gh1");
    /// assert_eq!(r, GitProviderRef::github("gh1"));
    /// ```
    pub fn new(kind: GitProviderKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }

    /// A Gitea provider by its `giteaId`.
    ///
    /// ```
    /// assert_eq!(dokploy::models::GitProviderRef::gitea("g1").id, "g1");
    /// ```
    pub fn gitea(gitea_id: impl Into<String>) -> Self {
        Self::new(GitProviderKind::Gitea, gitea_id)
    }

    /// A GitLab provider by its `gitlabId`.
    ///
    /// ```
    /// let r = dokploy::models::GitProviderRef::gitlab("gl1");
    /// assert_eq!(r.kind, dokploy::models::GitProviderKind::Gitlab);
    /// ```
    pub fn gitlab(gitlab_id: impl Into<String>) -> Self {
        Self::new(GitProviderKind::Gitlab, gitlab_id)
    }

    /// A Bitbucket provider by its `bitbucketId`.
    ///
    /// ```
    /// let r = dokploy::models::GitProviderRef::bitbucket("bb1");
    /// assert_eq!(r.kind.id_field(), Some("bitbucketId"));
    /// ```
    pub fn bitbucket(bitbucket_id: impl Into<String>) -> Self {
        Self::new(GitProviderKind::Bitbucket, bitbucket_id)
    }

    /// A GitHub provider by its `githubId`.
    ///
    /// ```
    /// let r = dokploy::models::GitProviderRef::github("gh1");
    /// assert_eq!(r.kind.router(), Some("github"));
    /// ```
    pub fn github(github_id: impl Into<String>) -> Self {
        Self::new(GitProviderKind::Github, github_id)
    }

    /// The procedure `name` of the kind's router (`gitea.testConnection`); `None` for a kind
    /// this crate does not know.
    ///
    /// ```
    /// let r = dokploy::models::GitProviderRef::bitbucket("bb1");
    /// assert_eq!(r.procedure("one").as_deref(), Some("bitbucket.one"));
    /// ```
    pub fn procedure(&self, name: &str) -> Option<String> {
        self.kind.router().map(|router| format!("{router}.{name}"))
    }
}

/// A `gitProvider` row: the part every kind shares. `gitProvider.getAll` adds a summary of the
/// kind's row (`gitea`, `gitlab`, `bitbucket` or `github`, the others `null`) and `isOwner`;
/// `*.one` nests the bare row as `gitProvider`; `gitProvider.toggleShare` and
/// `gitProvider.remove` return the bare row.
///
/// ```
/// let row: dokploy::models::GitProvider = serde_json::from_str(r#"{
///     "gitProviderId": "gp1", "name": "acme", "providerType": "bitbucket",
///     "sharedWithOrganization": false,
///     "bitbucket": {"bitbucketId": "bb1", "bitbucketUsername": "acme", "isConfigured": false, "isDeprecated": false}
/// }"#).unwrap();
/// assert_eq!(row.bitbucket.unwrap().bitbucket_username.as_deref(), Some("acme"));
/// assert_eq!(row.shared_with_organization, Some(false));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GitProvider {
    /// The id of the `gitProvider` row (what `gitProvider.remove` and `toggleShare` take).
    pub git_provider_id: String,
    /// The name.
    pub name: String,
    /// The kind.
    pub provider_type: GitProviderKind,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// The user who created it (the API key's user, for a provider created through the API).
    #[serde(default)]
    pub user_id: Option<String>,
    /// Whether every member of the organization may use it.
    #[serde(default)]
    pub shared_with_organization: Option<bool>,
    /// `getAll`: whether the caller created it.
    #[serde(default)]
    pub is_owner: Option<bool>,
    /// `getAll`: the Gitea row's summary, for a Gitea provider.
    #[serde(default)]
    pub gitea: Option<GiteaSummary>,
    /// `getAll`: the GitLab row's summary, for a GitLab provider.
    #[serde(default)]
    pub gitlab: Option<GitlabSummary>,
    /// `getAll`: the Bitbucket row's summary, for a Bitbucket provider.
    #[serde(default)]
    pub bitbucket: Option<BitbucketSummary>,
    /// `getAll`: the GitHub row's summary, for a GitHub provider.
    #[serde(default)]
    pub github: Option<GithubSummary>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl GitProvider {
    /// The provider by its kind's row id, from the summary `getAll` nests; `None` for a row
    /// without one (the bare rows of `*.one`, `toggleShare`, `remove`) or of an unknown kind.
    ///
    /// ```
    /// use dokploy::models::{GitProvider, GitProviderRef};
    /// let row: GitProvider = serde_json::from_str(r#"{"gitProviderId": "gp1", "name": "lab",
    ///     "providerType": "gitlab", "gitlab": {"gitlabId": "gl1", "isConfigured": true}}"#).unwrap();
    /// assert_eq!(row.reference(), Some(GitProviderRef::gitlab("gl1")));
    /// ```
    pub fn reference(&self) -> Option<GitProviderRef> {
        let id = match self.provider_type {
            GitProviderKind::Gitea => self.gitea.as_ref().map(|s| &s.gitea_id),
            GitProviderKind::Gitlab => self.gitlab.as_ref().map(|s| &s.gitlab_id),
            GitProviderKind::Bitbucket => self.bitbucket.as_ref().map(|s| &s.bitbucket_id),
            GitProviderKind::Github => self.github.as_ref().map(|s| &s.github_id),
            GitProviderKind::Unknown(_) => None,
        }?;
        Some(GitProviderRef::new(self.provider_type.clone(), id.clone()))
    }

    /// `getAll`'s `isConfigured` of the kind's summary: `true` once Dokploy holds what it needs
    /// to reach the host (gitea/gitlab: OAuth tokens, after the browser authorization; github:
    /// the app's key and installation). Dokploy v0.30.2 always says `false` for Bitbucket.
    ///
    /// ```
    /// let row: dokploy::models::GitProvider = serde_json::from_str(r#"{"gitProviderId": "gp1",
    ///     "name": "lab", "providerType": "gitlab", "gitlab": {"gitlabId": "gl1", "isConfigured": true}}"#).unwrap();
    /// assert_eq!(row.is_configured(), Some(true));
    /// ```
    pub fn is_configured(&self) -> Option<bool> {
        match self.provider_type {
            GitProviderKind::Gitea => self.gitea.as_ref().and_then(|s| s.is_configured),
            GitProviderKind::Gitlab => self.gitlab.as_ref().and_then(|s| s.is_configured),
            GitProviderKind::Bitbucket => self.bitbucket.as_ref().and_then(|s| s.is_configured),
            GitProviderKind::Github => self.github.as_ref().and_then(|s| s.is_configured),
            GitProviderKind::Unknown(_) => None,
        }
    }
}

/// `gitProvider.getAll`'s summary of a Gitea row.
///
/// ```
/// let s: dokploy::models::GiteaSummary = serde_json::from_str(
///     r#"{"giteaId": "g1", "giteaUrl": "https://git.example.com", "clientId": "c", "isConfigured": true}"#,
/// ).unwrap();
/// assert_eq!(s.gitea_url.as_deref(), Some("https://git.example.com"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GiteaSummary {
    /// The Gitea row's id.
    pub gitea_id: String,
    /// The Gitea URL.
    #[serde(default)]
    pub gitea_url: Option<String>,
    /// The OAuth application's client id.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Whether Dokploy holds OAuth tokens for it.
    #[serde(default)]
    pub is_configured: Option<bool>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `gitProvider.getAll`'s summary of a GitLab row.
///
/// ```
/// let s: dokploy::models::GitlabSummary = serde_json::from_str(
///     r#"{"gitlabId": "gl1", "applicationId": "app", "gitlabUrl": "https://gitlab.com", "isConfigured": false}"#,
/// ).unwrap();
/// assert_eq!(s.application_id.as_deref(), Some("app"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GitlabSummary {
    /// The GitLab row's id.
    pub gitlab_id: String,
    /// The OAuth application's id.
    #[serde(default)]
    pub application_id: Option<String>,
    /// The GitLab URL.
    #[serde(default)]
    pub gitlab_url: Option<String>,
    /// Whether Dokploy holds OAuth tokens for it.
    #[serde(default)]
    pub is_configured: Option<bool>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `gitProvider.getAll`'s summary of a Bitbucket row.
///
/// ```
/// let s: dokploy::models::BitbucketSummary = serde_json::from_str(
///     r#"{"bitbucketId": "bb1", "bitbucketUsername": "acme", "isConfigured": false, "isDeprecated": true}"#,
/// ).unwrap();
/// assert_eq!(s.is_deprecated, Some(true)); // an app password without an API token
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BitbucketSummary {
    /// The Bitbucket row's id.
    pub bitbucket_id: String,
    /// The Bitbucket user.
    #[serde(default)]
    pub bitbucket_username: Option<String>,
    /// Always `false` in Dokploy v0.30.2.
    #[serde(default)]
    pub is_configured: Option<bool>,
    /// `true` when it authenticates with an app password and no API token (Bitbucket is
    /// retiring app passwords).
    #[serde(default)]
    pub is_deprecated: Option<bool>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `gitProvider.getAll`'s summary of a GitHub row.
///
/// ```
/// let s: dokploy::models::GithubSummary = serde_json::from_str(
///     r#"{"githubId": "gh1", "githubAppName": "dokploy-acme", "githubAppId": 42, "isConfigured": true}"#,
/// ).unwrap();
/// assert_eq!(s.github_app_id, Some(42));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GithubSummary {
    /// The GitHub row's id.
    pub github_id: String,
    /// The GitHub App's name.
    #[serde(default)]
    pub github_app_name: Option<String>,
    /// The GitHub App's id.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub github_app_id: Option<i64>,
    /// The app's installation id.
    #[serde(default)]
    pub github_installation_id: Option<String>,
    /// Whether Dokploy holds the app's key and installation.
    #[serde(default)]
    pub is_configured: Option<bool>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Gitea provider, as `gitea.one` returns it (with `gitProvider`). The OAuth client secret and
/// tokens come back in plain text: they are [`Secret`]s here.
///
/// ```
/// let gitea: dokploy::models::Gitea = serde_json::from_str(r#"{
///     "giteaId": "g1", "giteaUrl": "https://git.example.com", "clientId": "c",
///     "clientSecret": "s3cret", "accessToken": null, "scopes": "repo,repo:status,read:user,read:org",
///     "gitProviderId": "gp1",
///     "gitProvider": {"gitProviderId": "gp1", "name": "forge", "providerType": "gitea"}
/// }"#).unwrap();
/// assert_eq!(gitea.client_secret.as_ref().map(|s| s.expose()), Some("s3cret"));
/// assert!(!format!("{gitea:?}").contains("s3cret"));
/// assert_eq!(gitea.name(), Some("forge"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Gitea {
    /// The id (`giteaId`).
    pub gitea_id: String,
    /// The Gitea URL users reach.
    #[serde(default)]
    pub gitea_url: Option<String>,
    /// The URL Dokploy reaches it at, when different (same host, internal network).
    #[serde(default)]
    pub gitea_internal_url: Option<String>,
    /// The OAuth redirect URI registered with the Gitea application.
    #[serde(default)]
    pub redirect_uri: Option<String>,
    /// The OAuth application's client id.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The OAuth application's client secret.
    #[serde(default)]
    pub client_secret: Option<Secret>,
    /// The `gitProvider` row's id.
    #[serde(default)]
    pub git_provider_id: Option<String>,
    /// The OAuth access token (after the browser authorization).
    #[serde(default)]
    pub access_token: Option<Secret>,
    /// The OAuth refresh token.
    #[serde(default)]
    pub refresh_token: Option<Secret>,
    /// When the access token expires (Unix seconds).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub expires_at: Option<i64>,
    /// The OAuth scopes asked for.
    #[serde(default)]
    pub scopes: Option<String>,
    /// When a connection test last succeeded (Unix seconds).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub last_authenticated_at: Option<i64>,
    /// The shared `gitProvider` row (name, owner, sharing).
    #[serde(default)]
    pub git_provider: Option<GitProvider>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Gitea {
    /// This provider for [`GitProviders::test`](crate::resources::GitProviders::test) and the
    /// repository listings.
    ///
    /// ```
    /// # let gitea: dokploy::models::Gitea = serde_json::from_str(r#"{"giteaId": "g1"}"#).unwrap();
    /// assert_eq!(gitea.reference(), dokploy::models::GitProviderRef::gitea("g1"));
    /// ```
    pub fn reference(&self) -> GitProviderRef {
        GitProviderRef::gitea(&self.gitea_id)
    }

    /// The name (from the nested `gitProvider` row).
    ///
    /// ```
    /// let p: dokploy::models::Gitea = serde_json::from_str(r#"{"giteaId": "g1",
    ///     "gitProvider": {"gitProviderId": "gp1", "name": "acme", "providerType": "gitea"}}"#).unwrap();
    /// assert_eq!(p.name(), Some("acme"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.git_provider.as_ref().map(|p| p.name.as_str())
    }
}

/// A GitLab provider, as `gitlab.one` returns it (with `gitProvider`). The OAuth application
/// `secret` and tokens come back in plain text: they are [`Secret`]s here.
///
/// ```
/// let gitlab: dokploy::models::Gitlab = serde_json::from_str(r#"{
///     "gitlabId": "gl1", "gitlabUrl": "https://gitlab.com", "applicationId": "app",
///     "secret": "s3cret", "groupName": "acme", "accessToken": null, "gitProviderId": "gp1"
/// }"#).unwrap();
/// assert_eq!(gitlab.group_name.as_deref(), Some("acme"));
/// assert!(!format!("{gitlab:?}").contains("s3cret"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Gitlab {
    /// The id (`gitlabId`).
    pub gitlab_id: String,
    /// The GitLab URL users reach.
    #[serde(default)]
    pub gitlab_url: Option<String>,
    /// The URL Dokploy reaches it at, when different.
    #[serde(default)]
    pub gitlab_internal_url: Option<String>,
    /// The OAuth application's id.
    #[serde(default)]
    pub application_id: Option<String>,
    /// The OAuth redirect URI registered with the GitLab application.
    #[serde(default)]
    pub redirect_uri: Option<String>,
    /// The OAuth application's secret.
    #[serde(default)]
    pub secret: Option<Secret>,
    /// The OAuth access token (after the browser authorization).
    #[serde(default)]
    pub access_token: Option<Secret>,
    /// The OAuth refresh token.
    #[serde(default)]
    pub refresh_token: Option<Secret>,
    /// The groups whose repositories are listed (comma-separated); unset, the user's own.
    #[serde(default)]
    pub group_name: Option<String>,
    /// When the access token expires (Unix seconds).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub expires_at: Option<i64>,
    /// The `gitProvider` row's id.
    #[serde(default)]
    pub git_provider_id: Option<String>,
    /// The shared `gitProvider` row (name, owner, sharing).
    #[serde(default)]
    pub git_provider: Option<GitProvider>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Gitlab {
    /// This provider for [`GitProviders::test`](crate::resources::GitProviders::test) and the
    /// repository listings.
    ///
    /// ```
    /// # let gitlab: dokploy::models::Gitlab = serde_json::from_str(r#"{"gitlabId": "gl1"}"#).unwrap();
    /// assert_eq!(gitlab.reference(), dokploy::models::GitProviderRef::gitlab("gl1"));
    /// ```
    pub fn reference(&self) -> GitProviderRef {
        GitProviderRef::gitlab(&self.gitlab_id)
    }

    /// The name (from the nested `gitProvider` row).
    ///
    /// ```
    /// let p: dokploy::models::Gitlab = serde_json::from_str(r#"{"gitlabId": "gl1",
    ///     "gitProvider": {"gitProviderId": "gp1", "name": "acme", "providerType": "gitlab"}}"#).unwrap();
    /// assert_eq!(p.name(), Some("acme"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.git_provider.as_ref().map(|p| p.name.as_str())
    }
}

/// A Bitbucket provider, as `bitbucket.one` returns it (with `gitProvider`; `bitbucket.update`
/// returns it without). The API token and app password come back in plain text: they are
/// [`Secret`]s here.
///
/// ```
/// let bb: dokploy::models::Bitbucket = serde_json::from_str(r#"{
///     "bitbucketId": "bb1", "bitbucketUsername": "acme", "bitbucketEmail": "ops@example.com",
///     "appPassword": null, "apiToken": "t0ken", "bitbucketWorkspaceName": "acme-ws"
/// }"#).unwrap();
/// assert_eq!(bb.api_token.as_ref().map(|s| s.expose()), Some("t0ken"));
/// assert!(!format!("{bb:?}").contains("t0ken"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Bitbucket {
    /// The id (`bitbucketId`).
    pub bitbucket_id: String,
    /// The Bitbucket user.
    #[serde(default)]
    pub bitbucket_username: Option<String>,
    /// The account's email (API tokens authenticate with it).
    #[serde(default)]
    pub bitbucket_email: Option<String>,
    /// The app password (deprecated by Bitbucket).
    #[serde(default)]
    pub app_password: Option<Secret>,
    /// The API token.
    #[serde(default)]
    pub api_token: Option<Secret>,
    /// The workspace whose repositories are listed; unset, the user's.
    #[serde(default)]
    pub bitbucket_workspace_name: Option<String>,
    /// The `gitProvider` row's id.
    #[serde(default)]
    pub git_provider_id: Option<String>,
    /// The shared `gitProvider` row (name, owner, sharing).
    #[serde(default)]
    pub git_provider: Option<GitProvider>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Bitbucket {
    /// This provider for [`GitProviders::test`](crate::resources::GitProviders::test) and the
    /// repository listings.
    ///
    /// ```
    /// # let bb: dokploy::models::Bitbucket = serde_json::from_str(r#"{"bitbucketId": "bb1"}"#).unwrap();
    /// assert_eq!(bb.reference(), dokploy::models::GitProviderRef::bitbucket("bb1"));
    /// ```
    pub fn reference(&self) -> GitProviderRef {
        GitProviderRef::bitbucket(&self.bitbucket_id)
    }

    /// The name (from the nested `gitProvider` row).
    ///
    /// ```
    /// let p: dokploy::models::Bitbucket = serde_json::from_str(r#"{"bitbucketId": "bb1",
    ///     "gitProvider": {"gitProviderId": "gp1", "name": "acme", "providerType": "bitbucket"}}"#).unwrap();
    /// assert_eq!(p.name(), Some("acme"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.git_provider.as_ref().map(|p| p.name.as_str())
    }
}

/// A GitHub provider (a GitHub App), as `github.one` returns it (with `gitProvider`). GitHub
/// Apps are created through GitHub's browser manifest flow, never through the API. The client
/// secret, private key and webhook secret are [`Secret`]s.
///
/// ```
/// let gh: dokploy::models::Github = serde_json::from_str(r#"{
///     "githubId": "gh1", "githubAppName": "dokploy-acme", "githubAppId": 42,
///     "githubPrivateKey": "-----BEGIN RSA PRIVATE KEY-----\n…", "githubWebhookSecret": "w",
///     "githubInstallationId": "7", "gitProviderId": "gp1"
/// }"#).unwrap();
/// assert_eq!(gh.github_app_id, Some(42));
/// assert!(!format!("{gh:?}").contains("PRIVATE KEY"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Github {
    /// The id (`githubId`).
    pub github_id: String,
    /// The GitHub App's name.
    #[serde(default)]
    pub github_app_name: Option<String>,
    /// The GitHub App's id.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub github_app_id: Option<i64>,
    /// The app's OAuth client id.
    #[serde(default)]
    pub github_client_id: Option<String>,
    /// The app's OAuth client secret.
    #[serde(default)]
    pub github_client_secret: Option<Secret>,
    /// The app's installation id.
    #[serde(default)]
    pub github_installation_id: Option<String>,
    /// The app's private key (PEM).
    #[serde(default)]
    pub github_private_key: Option<Secret>,
    /// The secret GitHub signs webhooks with.
    #[serde(default)]
    pub github_webhook_secret: Option<Secret>,
    /// The `gitProvider` row's id.
    #[serde(default)]
    pub git_provider_id: Option<String>,
    /// The shared `gitProvider` row (name, owner, sharing).
    #[serde(default)]
    pub git_provider: Option<GitProvider>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Github {
    /// This provider for [`GitProviders::test`](crate::resources::GitProviders::test) and the
    /// repository listings.
    ///
    /// ```
    /// # let gh: dokploy::models::Github = serde_json::from_str(r#"{"githubId": "gh1"}"#).unwrap();
    /// assert_eq!(gh.reference(), dokploy::models::GitProviderRef::github("gh1"));
    /// ```
    pub fn reference(&self) -> GitProviderRef {
        GitProviderRef::github(&self.github_id)
    }

    /// The name (from the nested `gitProvider` row).
    ///
    /// ```
    /// let p: dokploy::models::Github = serde_json::from_str(r#"{"githubId": "gh1",
    ///     "gitProvider": {"gitProviderId": "gp1", "name": "acme", "providerType": "github"}}"#).unwrap();
    /// assert_eq!(p.name(), Some("acme"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.git_provider.as_ref().map(|p| p.name.as_str())
    }
}

/// One item of a per-kind listing (`gitea.giteaProviders`, `gitlab.gitlabProviders`,
/// `bitbucket.bitbucketProviders`, `github.githubProviders`): the kind's row id and the
/// `gitProvider` row, nothing else. These listings are what Dokploy offers as deploy sources,
/// and each filters differently from `gitProvider.getAll` (see
/// [`GitProviders::usable`](crate::resources::GitProviders::usable)).
///
/// ```
/// let item: dokploy::models::GitProviderListing = serde_json::from_str(r#"{
///     "bitbucketId": "bb1",
///     "gitProvider": {"gitProviderId": "gp1", "name": "acme", "providerType": "bitbucket"}
/// }"#).unwrap();
/// assert_eq!(item.provider_id, "bb1");
/// assert_eq!(item.reference(), dokploy::models::GitProviderRef::bitbucket("bb1"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GitProviderListing {
    /// The kind's row id (`giteaId`, `gitlabId`, `bitbucketId` or `githubId`, whichever the
    /// listing sent).
    #[serde(
        rename = "providerId",
        alias = "giteaId",
        alias = "gitlabId",
        alias = "bitbucketId",
        alias = "githubId"
    )]
    pub provider_id: String,
    /// The `gitProvider` row (name, kind, owner, sharing).
    pub git_provider: GitProvider,
    /// Fields this model does not name (`gitlabUrl` for GitLab).
    #[serde(flatten)]
    pub extra: Extra,
}

impl GitProviderListing {
    /// The provider by its kind and row id.
    ///
    /// ```
    /// let item: dokploy::models::GitProviderListing = serde_json::from_str(r#"{"giteaId": "g1",
    ///     "gitProvider": {"gitProviderId": "gp1", "name": "forge", "providerType": "gitea"}}"#).unwrap();
    /// assert_eq!(item.reference(), dokploy::models::GitProviderRef::gitea("g1"));
    /// ```
    pub fn reference(&self) -> GitProviderRef {
        GitProviderRef::new(
            self.git_provider.provider_type.clone(),
            self.provider_id.clone(),
        )
    }
}

/// A repository a provider can reach, as the `get…Repositories` procedures list them. Gitea,
/// GitLab and Bitbucket answer Dokploy's own `{id?, name, url, owner: {username}}` (`url` is
/// `owner/name` for Gitea and GitLab, the web page for Bitbucket; Bitbucket has no `id`);
/// GitHub answers GitHub's repository objects (`owner.login`, `full_name`, … in `extra`).
///
/// ```
/// use dokploy::models::Repository;
/// let gitlab: Repository = serde_json::from_str(
///     r#"{"id": 42, "name": "shop", "url": "acme/shop", "owner": {"username": "acme"}}"#,
/// ).unwrap();
/// assert_eq!((gitlab.id, gitlab.owner.name()), (Some(42), Some("acme")));
/// let github: Repository = serde_json::from_str(
///     r#"{"id": 7, "name": "shop", "full_name": "acme/shop", "owner": {"login": "acme"}}"#,
/// ).unwrap();
/// assert_eq!(github.owner.name(), Some("acme"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Repository {
    /// The host's numeric id (GitLab's project id is what listing its branches needs).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub id: Option<i64>,
    /// The repository's name.
    pub name: String,
    /// `owner/name` (Gitea, GitLab), the web page (Bitbucket) or the API URL (GitHub).
    #[serde(default)]
    pub url: Option<String>,
    /// Who owns it.
    #[serde(default)]
    pub owner: RepositoryOwner,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Repository {
    /// A repository named by hand (to list its branches without listing repositories first).
    /// GitLab also needs the project's numeric id: set [`Repository::id`].
    ///
    /// ```
    /// let mut repo = dokploy::models::Repository::new("acme", "shop");
    /// repo.id = Some(42);
    /// assert_eq!(repo.owner.name(), Some("acme"));
    /// ```
    pub fn new(owner: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: None,
            name: name.into(),
            url: None,
            owner: RepositoryOwner {
                username: Some(owner.into()),
                login: None,
                extra: Extra::default(),
            },
            extra: Extra::default(),
        }
    }
}

/// The owner of a [`Repository`]: `username` from Dokploy's own listings, `login` from GitHub's.
///
/// ```
/// let owner: dokploy::models::RepositoryOwner = serde_json::from_str(r#"{"login": "acme", "id": 1}"#).unwrap();
/// assert_eq!(owner.name(), Some("acme"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RepositoryOwner {
    /// The owner's name (Gitea, GitLab, Bitbucket).
    #[serde(default)]
    pub username: Option<String>,
    /// The owner's login (GitHub).
    #[serde(default)]
    pub login: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl RepositoryOwner {
    /// The owner's name, whichever way the host spells it.
    ///
    /// ```
    /// let owner: dokploy::models::RepositoryOwner = serde_json::from_str(r#"{"username": "acme"}"#).unwrap();
    /// assert_eq!(owner.name(), Some("acme"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.username.as_deref().or(self.login.as_deref())
    }
}

/// A branch, as the `get…Branches` procedures list them (`{name, commit: {id}}` for Gitea and
/// GitLab, `{name, commit: {sha}}` for Bitbucket and GitHub; GitLab and GitHub send more, kept
/// in `extra`).
///
/// ```
/// let branch: dokploy::models::Branch =
///     serde_json::from_str(r#"{"name": "main", "commit": {"sha": "4f2a9c1"}, "protected": true}"#).unwrap();
/// assert_eq!(branch.commit.id(), Some("4f2a9c1"));
/// assert_eq!(branch.extra.get("protected"), Some(&serde_json::json!(true)));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Branch {
    /// The branch's name.
    pub name: String,
    /// Its last commit.
    #[serde(default)]
    pub commit: BranchCommit,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The last commit of a [`Branch`].
///
/// ```
/// let c: dokploy::models::BranchCommit = serde_json::from_str(r#"{"id": "9b1e"}"#).unwrap();
/// assert_eq!(c.id(), Some("9b1e"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BranchCommit {
    /// The commit hash as `sha` (Bitbucket, GitHub).
    #[serde(default)]
    pub sha: Option<String>,
    /// The commit hash as `id` (Gitea, GitLab).
    #[serde(default, rename = "id")]
    pub commit_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BranchCommit {
    /// The commit hash, whichever way the host spells it.
    ///
    /// ```
    /// let c: dokploy::models::BranchCommit = serde_json::from_str(r#"{"sha": "4f2a"}"#).unwrap();
    /// assert_eq!(c.id(), Some("4f2a"));
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.sha.as_deref().or(self.commit_id.as_deref())
    }
}
