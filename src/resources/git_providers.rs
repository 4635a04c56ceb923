//! Git providers: Gitea, GitLab and Bitbucket (create, read, update, test, remove), GitHub
//! (read and test only: GitHub Apps are created through GitHub's browser manifest flow, which the
//! REST surface does not offer), and the repositories and branches a provider reaches.
//!
//! What Dokploy answers is not uniform, and the methods here even it out:
//! - `gitea.create` answers only `{giteaId, clientId, giteaUrl}`, `gitlab.create` and
//!   `bitbucket.create` answer nothing at all. [`GitProviders::create_gitea`] reads the new
//!   provider back by its id; [`GitProviders::create_gitlab`] and
//!   [`GitProviders::create_bitbucket`] find it by listing `gitProvider.getAll` before and after
//!   (with the race their doc comments describe).
//! - `gitea.update` answers `{"success":true}`, `gitlab.update` nothing, `bitbucket.update` the
//!   row without its `gitProvider`: every `update_*` reads the provider first (Dokploy requires
//!   its `gitProviderId`, name and URL on every update) and again afterwards, and returns it as
//!   it is then. Reading first is also what makes an unknown id a not-found error for GitLab,
//!   whose update answers 200 for an id that does not exist.
//! - `gitProvider.remove` answers an unknown id with 400 "Git Provider not found", which
//!   [`Error::is_not_found`](crate::Error::is_not_found) counts as not-found.
//!
//! Testing a provider and listing its repositories or branches make Dokploy call the provider's
//! host; when it cannot reach it the error says so (`fetch failed`).

use crate::required;
use std::future::Future;

use super::created::FindCreated;
use crate::models::{
    Bitbucket, Branch, GitProvider, GitProviderKind, GitProviderListing, GitProviderRef, Gitea,
    Github, Gitlab, Repository,
};
use crate::redact::Secret;
use crate::{Call, Client, Error, LookupError, ResponseExt, Result};

/// What `gitlab.create` and `bitbucket.create` require as `authId` and ignore (the provider
/// belongs to the API key's user): a placeholder is sent.
const IGNORED_AUTH_ID: &str = "api-key";

/// Typed git provider methods; from [`Client::git_providers`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewGitea;
/// let providers = client.git_providers();
/// let forge = providers
///     .create_gitea(NewGitea::new("forge", "https://git.example.com").oauth_app("client-id", "client-secret"))
///     .await?;
/// let listed = providers.all().await?;
/// assert_eq!(listed[0].reference(), Some(forge.reference()));
/// providers.remove(&listed[0].git_provider_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct GitProviders<'a> {
    client: &'a Client,
}

/// A Gitea provider to create: the Gitea URL, and the OAuth application registered on it (its
/// client id and secret). Dokploy gets tokens when a user then authorizes it in the browser. The
/// struct is `#[non_exhaustive]`: start from [`NewGitea::new`].
///
/// ```
/// use dokploy::resources::NewGitea;
/// let new = NewGitea::new("forge", "https://git.example.com").oauth_app("id", "s3cret");
/// assert_eq!(new.client_id.as_deref(), Some("id"));
/// assert!(!format!("{new:?}").contains("s3cret"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewGitea {
    /// The name.
    pub name: String,
    /// The Gitea URL users reach.
    pub gitea_url: String,
    /// The URL Dokploy reaches Gitea at, when different (same host, internal network).
    pub gitea_internal_url: Option<String>,
    /// The OAuth application's client id.
    pub client_id: Option<String>,
    /// The OAuth application's client secret.
    pub client_secret: Option<Secret>,
    /// The OAuth redirect URI; unset, Dokploy's own callback under the client's base URL
    /// (`…/api/providers/gitea/callback`).
    pub redirect_uri: Option<String>,
    /// The Gitea user.
    pub gitea_username: Option<String>,
}

impl NewGitea {
    /// A Gitea provider called `name` for the Gitea at `gitea_url`.
    ///
    /// ```
    /// let new = dokploy::resources::NewGitea::new("forge", "https://git.example.com");
    /// assert_eq!(new.redirect_uri, None); // Dokploy's callback, from the client's URL
    /// ```
    pub fn new(name: impl Into<String>, gitea_url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            gitea_url: gitea_url.into(),
            gitea_internal_url: None,
            client_id: None,
            client_secret: None,
            redirect_uri: None,
            gitea_username: None,
        }
    }

    /// Sets the OAuth application (client id and secret).
    ///
    /// ```
    /// let new = dokploy::resources::NewGitea::new("forge", "https://git.example.com").oauth_app("id", "s");
    /// assert_eq!(new.client_secret.unwrap().expose(), "s");
    /// ```
    pub fn oauth_app(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.client_id = Some(client_id.into());
        self.client_secret = Some(Secret::new(client_secret.into()));
        self
    }

    /// Sets the OAuth redirect URI (when Dokploy's public URL is not the client's base URL).
    ///
    /// ```
    /// let new = dokploy::resources::NewGitea::new("forge", "https://git.example.com")
    ///     .redirect_uri("https://paas.example.com/api/providers/gitea/callback");
    /// assert!(new.redirect_uri.is_some());
    /// ```
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }
}

/// A GitLab provider to create: the GitLab URL and the OAuth application registered on it. The
/// struct is `#[non_exhaustive]`: start from [`NewGitlab::new`].
///
/// ```
/// use dokploy::resources::NewGitlab;
/// let new = NewGitlab::new("lab", "https://gitlab.com").oauth_app("app-id", "s3cret").groups("acme");
/// assert_eq!(new.group_name.as_deref(), Some("acme"));
/// assert!(!format!("{new:?}").contains("s3cret"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewGitlab {
    /// The name.
    pub name: String,
    /// The GitLab URL users reach.
    pub gitlab_url: String,
    /// The URL Dokploy reaches GitLab at, when different.
    pub gitlab_internal_url: Option<String>,
    /// The OAuth application's id.
    pub application_id: Option<String>,
    /// The OAuth application's secret.
    pub secret: Option<Secret>,
    /// The groups whose repositories are listed (comma-separated); unset, the user's own.
    pub group_name: Option<String>,
    /// The OAuth redirect URI; unset, Dokploy's own callback under the client's base URL
    /// (`…/api/providers/gitlab/callback`).
    pub redirect_uri: Option<String>,
}

impl NewGitlab {
    /// A GitLab provider called `name` for the GitLab at `gitlab_url`.
    ///
    /// ```
    /// let new = dokploy::resources::NewGitlab::new("lab", "https://gitlab.com");
    /// assert_eq!(new.secret, None);
    /// ```
    pub fn new(name: impl Into<String>, gitlab_url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            gitlab_url: gitlab_url.into(),
            gitlab_internal_url: None,
            application_id: None,
            secret: None,
            group_name: None,
            redirect_uri: None,
        }
    }

    /// Sets the OAuth application (its id and secret).
    ///
    /// ```
    /// let new = dokploy::resources::NewGitlab::new("lab", "https://gitlab.com").oauth_app("a", "s");
    /// assert_eq!(new.application_id.as_deref(), Some("a"));
    /// ```
    pub fn oauth_app(
        mut self,
        application_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.application_id = Some(application_id.into());
        self.secret = Some(Secret::new(secret.into()));
        self
    }

    /// Sets the groups whose repositories are listed (comma-separated).
    ///
    /// ```
    /// let new = dokploy::resources::NewGitlab::new("lab", "https://gitlab.com").groups("acme,infra");
    /// assert_eq!(new.group_name.as_deref(), Some("acme,infra"));
    /// ```
    pub fn groups(mut self, group_name: impl Into<String>) -> Self {
        self.group_name = Some(group_name.into());
        self
    }

    /// Sets the OAuth redirect URI (when Dokploy's public URL is not the client's base URL).
    ///
    /// ```
    /// let new = dokploy::resources::NewGitlab::new("lab", "https://gitlab.com")
    ///     .redirect_uri("https://paas.example.com/api/providers/gitlab/callback");
    /// assert!(new.redirect_uri.is_some());
    /// ```
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }
}

/// A Bitbucket provider to create: a Bitbucket user with an API token (Bitbucket's app
/// passwords are deprecated). The struct is `#[non_exhaustive]`: start from
/// [`NewBitbucket::new`].
///
/// ```
/// use dokploy::resources::NewBitbucket;
/// let new = NewBitbucket::new("acme", "acme-bot", "bot@example.com", "t0ken").workspace("acme");
/// assert_eq!(new.workspace_name.as_deref(), Some("acme"));
/// assert!(!format!("{new:?}").contains("t0ken"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewBitbucket {
    /// The name.
    pub name: String,
    /// The Bitbucket user.
    pub username: String,
    /// The account's email (API tokens authenticate with it).
    pub email: Option<String>,
    /// The API token.
    pub api_token: Option<Secret>,
    /// An app password instead of an API token (deprecated by Bitbucket).
    pub app_password: Option<Secret>,
    /// The workspace whose repositories are listed; unset, the user's.
    pub workspace_name: Option<String>,
}

impl NewBitbucket {
    /// A Bitbucket provider called `name` for `username`, authenticating with `email` and the
    /// API token `api_token`.
    ///
    /// ```
    /// let new = dokploy::resources::NewBitbucket::new("acme", "acme-bot", "bot@example.com", "t");
    /// assert_eq!(new.email.as_deref(), Some("bot@example.com"));
    /// ```
    pub fn new(
        name: impl Into<String>,
        username: impl Into<String>,
        email: impl Into<String>,
        api_token: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            username: username.into(),
            email: Some(email.into()),
            api_token: Some(Secret::new(api_token.into())),
            app_password: None,
            workspace_name: None,
        }
    }

    /// Sets the workspace whose repositories are listed.
    ///
    /// ```
    /// let new = dokploy::resources::NewBitbucket::new("acme", "bot", "bot@example.com", "t").workspace("acme");
    /// assert_eq!(new.workspace_name.as_deref(), Some("acme"));
    /// ```
    pub fn workspace(mut self, workspace_name: impl Into<String>) -> Self {
        self.workspace_name = Some(workspace_name.into());
        self
    }
}

/// What to change on a Gitea provider ([`GitProviders::update_gitea`]); what is not set stays as
/// it is.
///
/// ```
/// use dokploy::resources::GiteaUpdate;
/// let changes = GiteaUpdate::new().name("forge-2").client_secret("n3w");
/// assert_eq!(changes.name.as_deref(), Some("forge-2"));
/// assert!(!format!("{changes:?}").contains("n3w"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct GiteaUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new Gitea URL.
    pub gitea_url: Option<String>,
    /// A new internal URL.
    pub gitea_internal_url: Option<String>,
    /// A new OAuth client id.
    pub client_id: Option<String>,
    /// A new OAuth client secret.
    pub client_secret: Option<Secret>,
    /// A new OAuth redirect URI.
    pub redirect_uri: Option<String>,
}

impl GiteaUpdate {
    /// No changes yet.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::GiteaUpdate::new().name, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Renames the provider.
    ///
    /// ```
    /// assert!(dokploy::resources::GiteaUpdate::new().name("x").name.is_some());
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Points the provider at another Gitea URL.
    ///
    /// ```
    /// let c = dokploy::resources::GiteaUpdate::new().gitea_url("https://git2.example.com");
    /// assert!(c.gitea_url.is_some());
    /// ```
    pub fn gitea_url(mut self, url: impl Into<String>) -> Self {
        self.gitea_url = Some(url.into());
        self
    }

    /// Sets a new OAuth client secret.
    ///
    /// ```
    /// let c = dokploy::resources::GiteaUpdate::new().client_secret("s");
    /// assert_eq!(c.client_secret.unwrap().expose(), "s");
    /// ```
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(Secret::new(secret.into()));
        self
    }
}

/// What to change on a GitLab provider ([`GitProviders::update_gitlab`]); what is not set stays
/// as it is.
///
/// ```
/// use dokploy::resources::GitlabUpdate;
/// let changes = GitlabUpdate::new().name("lab-2").groups("acme");
/// assert_eq!(changes.group_name.as_deref(), Some("acme"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct GitlabUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new GitLab URL.
    pub gitlab_url: Option<String>,
    /// A new internal URL.
    pub gitlab_internal_url: Option<String>,
    /// A new OAuth application id.
    pub application_id: Option<String>,
    /// A new OAuth application secret.
    pub secret: Option<Secret>,
    /// New groups (comma-separated).
    pub group_name: Option<String>,
    /// A new OAuth redirect URI.
    pub redirect_uri: Option<String>,
}

impl GitlabUpdate {
    /// No changes yet.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::GitlabUpdate::new().name, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Renames the provider.
    ///
    /// ```
    /// assert!(dokploy::resources::GitlabUpdate::new().name("x").name.is_some());
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the groups whose repositories are listed.
    ///
    /// ```
    /// assert!(dokploy::resources::GitlabUpdate::new().groups("acme").group_name.is_some());
    /// ```
    pub fn groups(mut self, group_name: impl Into<String>) -> Self {
        self.group_name = Some(group_name.into());
        self
    }

    /// Sets a new OAuth application secret.
    ///
    /// ```
    /// let c = dokploy::resources::GitlabUpdate::new().secret("s");
    /// assert_eq!(c.secret.unwrap().expose(), "s");
    /// ```
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(Secret::new(secret.into()));
        self
    }
}

/// What to change on a Bitbucket provider ([`GitProviders::update_bitbucket`]); what is not set
/// stays as it is.
///
/// ```
/// use dokploy::resources::BitbucketUpdate;
/// let changes = BitbucketUpdate::new().workspace("acme-2").api_token("n3w");
/// assert!(!format!("{changes:?}").contains("n3w"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct BitbucketUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new Bitbucket user.
    pub username: Option<String>,
    /// A new email.
    pub email: Option<String>,
    /// A new API token.
    pub api_token: Option<Secret>,
    /// A new app password.
    pub app_password: Option<Secret>,
    /// A new workspace.
    pub workspace_name: Option<String>,
}

impl BitbucketUpdate {
    /// No changes yet.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::BitbucketUpdate::new().name, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Renames the provider.
    ///
    /// ```
    /// assert!(dokploy::resources::BitbucketUpdate::new().name("x").name.is_some());
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the workspace whose repositories are listed.
    ///
    /// ```
    /// assert!(dokploy::resources::BitbucketUpdate::new().workspace("w").workspace_name.is_some());
    /// ```
    pub fn workspace(mut self, workspace_name: impl Into<String>) -> Self {
        self.workspace_name = Some(workspace_name.into());
        self
    }

    /// Sets a new API token.
    ///
    /// ```
    /// let c = dokploy::resources::BitbucketUpdate::new().api_token("t");
    /// assert_eq!(c.api_token.unwrap().expose(), "t");
    /// ```
    pub fn api_token(mut self, token: impl Into<String>) -> Self {
        self.api_token = Some(Secret::new(token.into()));
        self
    }
}

/// `gitea.create`'s answer: only the new row's id (and `clientId`, `giteaUrl`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatedGitea {
    gitea_id: String,
}

/// Adds `name` to `call` when `value` is set.
fn with<'c>(call: Call<'c>, name: &str, value: Option<impl serde::Serialize>) -> Call<'c> {
    match value {
        Some(value) => call.arg(name, value),
        None => call,
    }
}

impl<'a> GitProviders<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every git provider the API key's user may use, newest first (`gitProvider.getAll`),
    /// each with a summary of its kind's row; configured or not.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::GitProviderKind;
    /// use dokploy::resources::NewGitlab;
    /// client.git_providers().create_gitlab(NewGitlab::new("lab", "https://gitlab.example.com")).await?;
    /// let all = client.git_providers().all().await?;
    /// assert_eq!(all[0].provider_type, GitProviderKind::Gitlab);
    /// assert_eq!(all[0].is_configured(), Some(false)); // no OAuth tokens yet
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<GitProvider>> {
        self.client.git_provider_get_all().send().decode().await
    }

    /// The providers of `kind` Dokploy offers as deploy sources (`gitea.giteaProviders`,
    /// `gitlab.gitlabProviders`, `bitbucket.bitbucketProviders`, `github.githubProviders`).
    /// Each filters differently from [`GitProviders::all`]: Gitea lists providers with an OAuth
    /// client id and secret, GitLab only those holding OAuth tokens (after the browser
    /// authorization), GitHub only the caller's own apps with their key and installation,
    /// Bitbucket all of them.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::GitProviderKind;
    /// use dokploy::resources::NewGitea;
    /// let new = NewGitea::new("forge", "https://git.example.com").oauth_app("id", "secret");
    /// let forge = client.git_providers().create_gitea(new).await?;
    /// let usable = client.git_providers().usable(GitProviderKind::Gitea).await?;
    /// assert_eq!(usable[0].reference(), forge.reference());
    /// assert!(client.git_providers().usable(GitProviderKind::Github).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn usable(&self, kind: GitProviderKind) -> Result<Vec<GitProviderListing>> {
        let router = known_router(&kind)?;
        self.client
            .call(&format!("{router}.{router}Providers"))
            .send()
            .decode()
            .await
    }

    /// One Gitea provider, secrets included (as [`Secret`]s).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewGitea::new("forge", "https://git.example.com");
    /// # let gitea_id = client.git_providers().create_gitea(new).await?.gitea_id;
    /// let forge = client.git_providers().gitea(&gitea_id).await?;
    /// assert_eq!(forge.name(), Some("forge"));
    /// assert!(client.git_providers().gitea("nope").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn gitea(&self, gitea_id: &str) -> Result<Gitea> {
        self.client
            .gitea_one()
            .required(required::GiteaOne {
                gitea_id: gitea_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// One GitLab provider, secrets included (as [`Secret`]s).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewGitlab::new("lab", "https://gitlab.example.com");
    /// # let gitlab_id = client.git_providers().create_gitlab(new).await?.gitlab_id;
    /// let lab = client.git_providers().gitlab(&gitlab_id).await?;
    /// assert_eq!(lab.gitlab_url.as_deref(), Some("https://gitlab.example.com"));
    /// # Ok(()) }
    /// ```
    pub async fn gitlab(&self, gitlab_id: &str) -> Result<Gitlab> {
        self.client
            .gitlab_one()
            .required(required::GitlabOne {
                gitlab_id: gitlab_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// One Bitbucket provider, secrets included (as [`Secret`]s).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewBitbucket::new("acme", "acme-bot", "bot@example.com", "t0ken");
    /// # let bitbucket_id = client.git_providers().create_bitbucket(new).await?.bitbucket_id;
    /// let bb = client.git_providers().bitbucket(&bitbucket_id).await?;
    /// assert_eq!(bb.api_token.as_ref().map(|t| t.expose()), Some("t0ken"));
    /// # Ok(()) }
    /// ```
    pub async fn bitbucket(&self, bitbucket_id: &str) -> Result<Bitbucket> {
        self.client
            .bitbucket_one()
            .required(required::BitbucketOne {
                bitbucket_id: bitbucket_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// One GitHub provider (a GitHub App), secrets included (as [`Secret`]s). GitHub Apps are
    /// created in Dokploy's web interface (GitHub's manifest flow), never through the API.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let e = client.git_providers().github("not-an-app").await.unwrap_err();
    /// assert!(e.is_not_found()); // 404 "Github Provider not found"
    /// # Ok(()) }
    /// ```
    pub async fn github(&self, github_id: &str) -> Result<Github> {
        self.client
            .github_one()
            .required(required::GithubOne {
                github_id: github_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Creates a Gitea provider and returns it. `gitea.create` answers only the new id, so this
    /// reads the provider back with [`GitProviders::gitea`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewGitea;
    /// let new = NewGitea::new("forge", "https://git.example.com").oauth_app("client-id", "s3cret");
    /// let forge = client.git_providers().create_gitea(new).await?;
    /// assert_eq!(forge.client_id.as_deref(), Some("client-id"));
    /// // Dokploy's callback under the client's URL:
    /// assert!(forge.redirect_uri.unwrap().ends_with("/api/providers/gitea/callback"));
    /// # Ok(()) }
    /// ```
    pub async fn create_gitea(&self, new: NewGitea) -> Result<Gitea> {
        let redirect_uri = new.redirect_uri.unwrap_or_else(|| self.callback("gitea"));
        let call = self
            .client
            .call("gitea.create")
            .arg("name", &new.name)
            .arg("giteaUrl", &new.gitea_url)
            .arg("redirectUri", redirect_uri);
        let call = with(call, "giteaInternalUrl", new.gitea_internal_url.as_ref());
        let call = with(call, "clientId", new.client_id.as_ref());
        let call = with(call, "clientSecret", new.client_secret.as_ref());
        let call = with(call, "giteaUsername", new.gitea_username.as_ref());
        let created: CreatedGitea = call.send().decode().await?;
        self.gitea(&created.gitea_id).await
    }

    /// Creates a GitLab provider and returns it. `gitlab.create` answers with no body, so this
    /// lists `gitProvider.getAll` before and after and returns the one new GitLab provider with
    /// the name and URL sent. **The race:** rows that existed before are never returned; if someone
    /// else creates a matching GitLab provider between the two listings, this fails with
    /// [`LookupError::CreatedButAmbiguous`](crate::LookupError::CreatedButAmbiguous), naming both,
    /// rather than guess (the create itself was sent once and succeeded).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewGitlab;
    /// let new = NewGitlab::new("lab", "https://gitlab.example.com").oauth_app("app-id", "s3cret");
    /// let lab = client.git_providers().create_gitlab(new).await?;
    /// assert_eq!(lab.name(), Some("lab"));
    /// assert_eq!(lab.secret.as_ref().map(|s| s.expose()), Some("s3cret"));
    /// # Ok(()) }
    /// ```
    pub async fn create_gitlab(&self, new: NewGitlab) -> Result<Gitlab> {
        let redirect_uri = new
            .redirect_uri
            .clone()
            .unwrap_or_else(|| self.callback("gitlab"));
        let call = self
            .client
            .call("gitlab.create")
            .arg("name", &new.name)
            .arg("gitlabUrl", &new.gitlab_url)
            .arg("authId", IGNORED_AUTH_ID)
            .arg("redirectUri", redirect_uri);
        let call = with(call, "gitlabInternalUrl", new.gitlab_internal_url.as_ref());
        let call = with(call, "applicationId", new.application_id.as_ref());
        let call = with(call, "secret", new.secret.as_ref());
        let call = with(call, "groupName", new.group_name.as_ref());
        let matches = |p: &GitProvider| {
            p.provider_type == GitProviderKind::Gitlab
                && p.name == new.name
                && p.gitlab
                    .as_ref()
                    .is_some_and(|g| g.gitlab_url.as_deref() == Some(new.gitlab_url.as_str()))
        };
        let created = self
            .find_created("GitLab provider", &matches, async {
                call.send().body().await?.expect_done()
            })
            .await?;
        self.gitlab(&created.id).await
    }

    /// Creates a Bitbucket provider and returns it. `bitbucket.create` answers with no body, so
    /// this lists `gitProvider.getAll` before and after and returns the one new Bitbucket
    /// provider with the name and user sent. **The race:** rows that existed before are never
    /// returned; if someone else creates a matching Bitbucket provider between the two listings,
    /// this fails with
    /// [`LookupError::CreatedButAmbiguous`](crate::LookupError::CreatedButAmbiguous), naming both,
    /// rather than guess (the create itself was sent once and succeeded).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewBitbucket;
    /// let new = NewBitbucket::new("acme", "acme-bot", "bot@example.com", "t0ken").workspace("acme");
    /// let bb = client.git_providers().create_bitbucket(new).await?;
    /// assert_eq!(bb.bitbucket_workspace_name.as_deref(), Some("acme"));
    /// # Ok(()) }
    /// ```
    pub async fn create_bitbucket(&self, new: NewBitbucket) -> Result<Bitbucket> {
        let call = self
            .client
            .call("bitbucket.create")
            .arg("name", &new.name)
            .arg("bitbucketUsername", &new.username)
            .arg("authId", IGNORED_AUTH_ID);
        let call = with(call, "bitbucketEmail", new.email.as_ref());
        let call = with(call, "apiToken", new.api_token.as_ref());
        let call = with(call, "appPassword", new.app_password.as_ref());
        let call = with(call, "bitbucketWorkspaceName", new.workspace_name.as_ref());
        let matches = |p: &GitProvider| {
            p.provider_type == GitProviderKind::Bitbucket
                && p.name == new.name
                && p.bitbucket
                    .as_ref()
                    .is_some_and(|b| b.bitbucket_username.as_deref() == Some(new.username.as_str()))
        };
        let created = self
            .find_created("Bitbucket provider", &matches, async {
                call.send().body().await?.expect_done()
            })
            .await?;
        self.bitbucket(&created.id).await
    }

    /// Changes what `changes` sets on a Gitea provider and returns it as it is afterwards.
    /// Reads it first (Dokploy requires its URL, name and `gitProviderId` on every update; an
    /// unknown id fails here as not-found) and again afterwards (`gitea.update` answers only
    /// `{"success":true}`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{GiteaUpdate, NewGitea};
    /// # let new = NewGitea::new("forge", "https://git.example.com");
    /// # let gitea_id = client.git_providers().create_gitea(new).await?.gitea_id;
    /// let forge = client.git_providers().update_gitea(&gitea_id, GiteaUpdate::new().name("forge-2")).await?;
    /// assert_eq!(forge.name(), Some("forge-2"));
    /// assert_eq!(forge.gitea_url.as_deref(), Some("https://git.example.com")); // unchanged
    /// # Ok(()) }
    /// ```
    pub async fn update_gitea(&self, gitea_id: &str, changes: GiteaUpdate) -> Result<Gitea> {
        let current = self.gitea(gitea_id).await?;
        let (git_provider_id, name) = provider_row(current.git_provider.as_ref(), "Gitea")?;
        let url = changes.gitea_url.or(current.gitea_url).unwrap_or_default();
        let call = self
            .client
            .call("gitea.update")
            .arg("giteaId", gitea_id)
            .arg("gitProviderId", git_provider_id)
            .arg("name", changes.name.unwrap_or(name))
            .arg("giteaUrl", url);
        let call = with(call, "giteaInternalUrl", changes.gitea_internal_url);
        let call = with(call, "clientId", changes.client_id);
        let call = with(call, "clientSecret", changes.client_secret);
        let call = with(call, "redirectUri", changes.redirect_uri);
        call.send().body().await?.expect_done()?;
        self.gitea(gitea_id).await
    }

    /// Changes what `changes` sets on a GitLab provider and returns it as it is afterwards.
    /// Reads it first (Dokploy requires its URL, name and `gitProviderId`; and `gitlab.update`
    /// answers 200 even for an id that does not exist, so reading first is what reports an
    /// unknown id as not-found) and again afterwards (`gitlab.update` answers with no body).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{GitlabUpdate, NewGitlab};
    /// # let new = NewGitlab::new("lab", "https://gitlab.example.com");
    /// # let gitlab_id = client.git_providers().create_gitlab(new).await?.gitlab_id;
    /// let lab = client.git_providers().update_gitlab(&gitlab_id, GitlabUpdate::new().groups("acme")).await?;
    /// assert_eq!(lab.group_name.as_deref(), Some("acme"));
    /// let e = client.git_providers().update_gitlab("nope", GitlabUpdate::new()).await.unwrap_err();
    /// assert!(e.is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn update_gitlab(&self, gitlab_id: &str, changes: GitlabUpdate) -> Result<Gitlab> {
        let current = self.gitlab(gitlab_id).await?;
        let (git_provider_id, name) = provider_row(current.git_provider.as_ref(), "GitLab")?;
        let url = changes
            .gitlab_url
            .or(current.gitlab_url)
            .unwrap_or_default();
        let call = self
            .client
            .call("gitlab.update")
            .arg("gitlabId", gitlab_id)
            .arg("gitProviderId", git_provider_id)
            .arg("name", changes.name.unwrap_or(name))
            .arg("gitlabUrl", url);
        let call = with(call, "gitlabInternalUrl", changes.gitlab_internal_url);
        let call = with(call, "applicationId", changes.application_id);
        let call = with(call, "secret", changes.secret);
        let call = with(call, "groupName", changes.group_name);
        let call = with(call, "redirectUri", changes.redirect_uri);
        call.send().body().await?.expect_done()?;
        self.gitlab(gitlab_id).await
    }

    /// Changes what `changes` sets on a Bitbucket provider and returns it as it is afterwards.
    /// Reads it first (Dokploy requires its name and `gitProviderId`) and again afterwards
    /// (`bitbucket.update` answers the row without its `gitProvider`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{BitbucketUpdate, NewBitbucket};
    /// # let new = NewBitbucket::new("acme", "acme-bot", "bot@example.com", "t0ken");
    /// # let bitbucket_id = client.git_providers().create_bitbucket(new).await?.bitbucket_id;
    /// let changes = BitbucketUpdate::new().name("acme-2").workspace("acme");
    /// let bb = client.git_providers().update_bitbucket(&bitbucket_id, changes).await?;
    /// assert_eq!((bb.name(), bb.bitbucket_workspace_name.as_deref()), (Some("acme-2"), Some("acme")));
    /// assert_eq!(bb.bitbucket_username.as_deref(), Some("acme-bot")); // unchanged
    /// # Ok(()) }
    /// ```
    pub async fn update_bitbucket(
        &self,
        bitbucket_id: &str,
        changes: BitbucketUpdate,
    ) -> Result<Bitbucket> {
        let current = self.bitbucket(bitbucket_id).await?;
        let (git_provider_id, name) = provider_row(current.git_provider.as_ref(), "Bitbucket")?;
        let call = self
            .client
            .call("bitbucket.update")
            .arg("bitbucketId", bitbucket_id)
            .arg("gitProviderId", git_provider_id)
            .arg("name", changes.name.unwrap_or(name));
        let call = with(call, "bitbucketUsername", changes.username);
        let call = with(call, "bitbucketEmail", changes.email);
        let call = with(call, "apiToken", changes.api_token);
        let call = with(call, "appPassword", changes.app_password);
        let call = with(call, "bitbucketWorkspaceName", changes.workspace_name);
        call.send().body().await?.expect_done()?;
        self.bitbucket(bitbucket_id).await
    }

    /// Has Dokploy connect to the provider's host and count the repositories it reaches;
    /// returns Dokploy's message (`Found 12 repositories`). For GitLab the provider's groups and
    /// for Bitbucket its user and workspace are sent along (Dokploy tests with what the request
    /// says, not with what is stored), so those two are read first.
    ///
    /// A Gitea provider without OAuth tokens fails with "No access token available. Please
    /// authorize with Gitea."; an unreachable host with `fetch failed`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewGitlab;
    /// let lab = client.git_providers().create_gitlab(NewGitlab::new("lab", "http://127.0.0.1:9")).await?;
    /// let e = client.git_providers().test(&lab.reference()).await.unwrap_err();
    /// assert_eq!(e.api().unwrap().message, "fetch failed"); // nothing listens there
    /// # Ok(()) }
    /// ```
    pub async fn test(&self, provider: &GitProviderRef) -> Result<String> {
        let (router, id_field) = known(provider)?;
        let mut call = self
            .client
            .call(&format!("{router}.testConnection"))
            .arg(id_field, &provider.id);
        match provider.kind {
            GitProviderKind::Gitlab => {
                let gitlab = self.gitlab(&provider.id).await?;
                call = with(call, "groupName", gitlab.group_name);
            }
            GitProviderKind::Bitbucket => {
                let bitbucket = self.bitbucket(&provider.id).await?;
                call = with(call, "bitbucketUsername", bitbucket.bitbucket_username);
                call = with(call, "workspaceName", bitbucket.bitbucket_workspace_name);
            }
            _ => {}
        }
        call.send().decode().await
    }

    /// The repositories the provider reaches (Dokploy asks the provider's host).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewGitea;
    /// let forge = client.git_providers().create_gitea(NewGitea::new("forge", "http://127.0.0.1:9")).await?;
    /// match client.git_providers().repositories(&forge.reference()).await {
    ///     Ok(repositories) => println!("{} repositories", repositories.len()),
    ///     Err(e) => assert_eq!(e.api().unwrap().message, "fetch failed"), // nothing listens there
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn repositories(&self, provider: &GitProviderRef) -> Result<Vec<Repository>> {
        let (router, id_field) = known(provider)?;
        self.client
            .call(&format!("{router}.get{}Repositories", capitalised(router)))
            .arg(id_field, &provider.id)
            .send()
            .decode()
            .await
    }

    /// The branches of `repository` (from [`GitProviders::repositories`], or
    /// [`Repository::new`]). GitLab needs the repository's numeric id (GitLab's project id;
    /// without it Dokploy answers an empty list, so this refuses instead).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::Repository;
    /// use dokploy::resources::NewGitlab;
    /// let lab = client.git_providers().create_gitlab(NewGitlab::new("lab", "http://127.0.0.1:9")).await?;
    /// let mut shop = Repository::new("acme", "shop");
    /// let e = client.git_providers().branches(&lab.reference(), &shop).await.unwrap_err();
    /// assert!(e.to_string().contains("project id")); // refused before anything is sent
    /// shop.id = Some(42);
    /// let e = client.git_providers().branches(&lab.reference(), &shop).await.unwrap_err();
    /// assert_eq!(e.api().unwrap().message, "fetch failed");
    /// # Ok(()) }
    /// ```
    pub async fn branches(
        &self,
        provider: &GitProviderRef,
        repository: &Repository,
    ) -> Result<Vec<Branch>> {
        let (router, id_field) = known(provider)?;
        let owner = repository.owner.name().ok_or_else(|| {
            Error::InvalidInput(format!(
                "the repository `{}` has no owner name, which listing its branches needs",
                repository.name
            ))
        })?;
        let call = self
            .client
            .call(&format!("{router}.get{}Branches", capitalised(router)))
            .arg(id_field, &provider.id)
            .arg("owner", owner);
        let call = match provider.kind {
            GitProviderKind::Gitea => call.arg("repositoryName", &repository.name),
            GitProviderKind::Gitlab => {
                let id = repository.id.ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "listing the branches of the GitLab repository `{owner}/{}` needs its project id (`Repository::id`, as `repositories` lists it)",
                        repository.name
                    ))
                })?;
                call.arg("repo", &repository.name).arg("id", id)
            }
            _ => call.arg("repo", &repository.name),
        };
        call.send().decode().await
    }

    /// Shares the provider with every member of the organization, or stops sharing it
    /// (`gitProvider.toggleShare`, which sets what it is given). Only the provider's creator
    /// may. Returns the `gitProvider` row.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewGitea::new("forge", "https://git.example.com");
    /// let forge = client.git_providers().create_gitea(new).await?;
    /// let git_provider_id = forge.git_provider_id.unwrap();
    /// let row = client.git_providers().set_shared(&git_provider_id, true).await?;
    /// assert_eq!(row.shared_with_organization, Some(true));
    /// # Ok(()) }
    /// ```
    pub async fn set_shared(&self, git_provider_id: &str, shared: bool) -> Result<GitProvider> {
        self.client
            .git_provider_toggle_share()
            .required(required::GitProviderToggleShare {
                git_provider_id: git_provider_id.into(),
                shared_with_organization: shared,
            })
            .send()
            .decode()
            .await
    }

    /// Removes a provider of any kind by its `gitProviderId` (its kind's row goes with it;
    /// applications that used it keep their settings without a provider). **Irreversible.**
    /// Returns the `gitProvider` row as it was. An unknown id is a 400 "Git Provider not found",
    /// which [`Error::is_not_found`] counts as not-found.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewGitea::new("forge", "https://git.example.com");
    /// let forge = client.git_providers().create_gitea(new).await?;
    /// let removed = client.git_providers().remove(forge.git_provider_id.as_deref().unwrap()).await?;
    /// assert_eq!(removed.name, "forge");
    /// assert!(client.git_providers().gitea(&forge.gitea_id).await.unwrap_err().is_not_found());
    /// assert!(client.git_providers().remove(&removed.git_provider_id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, git_provider_id: &str) -> Result<GitProvider> {
        self.client
            .git_provider_remove()
            .required(required::GitProviderRemove {
                git_provider_id: git_provider_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Dokploy's OAuth callback for `kind` under the client's base URL.
    fn callback(&self, kind: &str) -> String {
        format!(
            "{}/providers/{kind}/callback",
            self.client.base_url().trim_end_matches('/')
        )
    }

    /// Runs a create that answers without an id and finds the new provider in `getAll`.
    async fn find_created(
        &self,
        what: &'static str,
        matches: &(dyn Fn(&GitProvider) -> bool + Sync),
        create: impl Future<Output = Result<()>>,
    ) -> Result<GitProviderRef> {
        let row = FindCreated {
            what,
            id: |p: &GitProvider| p.git_provider_id.as_str(),
            label: |p: &GitProvider| format!("{} ({})", p.name, p.git_provider_id),
            matches,
        }
        .run(|| self.all(), create)
        .await?;
        row.reference()
            .ok_or_else(|| Error::from(LookupError::CreatedButNotListed { what }))
    }
}

/// The error for a kind this crate does not know (a newer Dokploy's).
fn unknown_kind(kind: &GitProviderKind) -> Error {
    Error::InvalidInput(format!(
        "the git provider kind `{kind}` is not one this crate knows (github, gitlab, bitbucket, gitea)"
    ))
}

/// The router of a known kind.
fn known_router(kind: &GitProviderKind) -> Result<&'static str> {
    kind.router().ok_or_else(|| unknown_kind(kind))
}

/// The router and id field of a provider of a known kind.
fn known(provider: &GitProviderRef) -> Result<(&'static str, &'static str)> {
    match (provider.kind.router(), provider.kind.id_field()) {
        (Some(router), Some(id_field)) => Ok((router, id_field)),
        _ => Err(unknown_kind(&provider.kind)),
    }
}

/// `gitea` → `Gitea`, for `getGiteaRepositories`.
fn capitalised(router: &str) -> String {
    let mut chars = router.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The `gitProviderId` and name an update must send, from the provider as read.
fn provider_row(row: Option<&GitProvider>, kind: &str) -> Result<(String, String)> {
    let row = row.ok_or_else(|| {
        Error::InvalidInput(format!(
            "Dokploy sent the {kind} provider without its gitProvider row, whose id an update needs"
        ))
    })?;
    Ok((row.git_provider_id.clone(), row.name.clone()))
}
