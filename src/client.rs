//! [`Client`]: the generated client for every operation, built with the API key and the base
//! URL handled.

use std::fmt;
use std::ops::Deref;

use crate::config::{ClientBuilder, ClientContext};
use crate::generated;
use crate::{ApiKey, Result};

/// A Dokploy client. Every operation of Dokploy's API is a method (through `Deref` to the
/// generated [`generated::Client`]); read responses with [`ResponseExt`](crate::ResponseExt).
///
/// Cloning is cheap (the connection pool is shared).
///
/// ```no_run
/// use dokploy::ResponseExt;
/// # async fn run() -> Result<(), dokploy::Error> {
/// let client = dokploy::Client::new("https://dokploy.example.com", "my-api-key")?;
/// let projects: serde_json::Value = client.project_all().send().decode().await?;
/// client
///     .application_deploy().required(dokploy::required::ApplicationDeploy { application_id: "app-id".into() })
///     
///     .send()
///     .body()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    api: generated::Client,
}

impl Client {
    /// A client for the Dokploy at `base_url` (with or without `/api`), authenticated with
    /// `api_key`, with the default timeouts.
    ///
    /// ```
    /// let client = dokploy::Client::new("https://dokploy.example.com/", "key").unwrap();
    /// assert_eq!(client.base_url(), "https://dokploy.example.com/api");
    /// assert!(dokploy::Client::new("not a url", "key").is_err());
    /// ```
    pub fn new(base_url: impl AsRef<str>, api_key: impl Into<ApiKey>) -> Result<Self> {
        Self::builder()
            .base_url(base_url.as_ref())
            .api_key(api_key)
            .build()
    }

    /// A client configured from `DOKPLOY_API_URL` and `DOKPLOY_API_KEY`.
    ///
    /// ```no_run
    /// let client = dokploy::Client::from_env()?;
    /// # Ok::<(), dokploy::Error>(())
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::builder().from_env()?.build()
    }

    /// A builder for timeouts, a custom `reqwest::Client` and the rest.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_parts(base: &str, http: reqwest::Client, context: ClientContext) -> Self {
        Self {
            api: generated::Client::new_with_client(base, http, context),
        }
    }

    /// The API base every request goes to, e.g. `https://dokploy.example.com/api`.
    pub fn base_url(&self) -> &str {
        &self.api.baseurl
    }

    /// The surface this client calls ([`ClientBuilder::transport`]).
    ///
    /// ```
    /// let client = dokploy::Client::new("https://dokploy.example.com", "key").unwrap();
    /// assert_eq!(client.transport(), dokploy::Transport::Rest);
    /// ```
    pub fn transport(&self) -> crate::Transport {
        self.api.inner.transport
    }

    /// The generated client (what `Deref` gives too).
    pub fn generated(&self) -> &generated::Client {
        &self.api
    }
}

impl Deref for Client {
    type Target = generated::Client;

    fn deref(&self) -> &generated::Client {
        &self.api
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.api.baseurl)
            .field("api_key", &"<redacted>")
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let client = Client::new("https://d.example.com", "very-secret-key").unwrap();
        let debug = format!("{client:?} {:?}", client.generated());
        assert!(!debug.contains("very-secret-key"), "{debug}");
        assert!(
            debug.contains("<redacted>") || debug.contains("Sensitive"),
            "{debug}"
        );
    }

    #[test]
    fn debug_never_shows_a_password_in_the_url() {
        let client = Client::new("http://admin:url-password@d.example.com", "k").unwrap();
        let debug = format!("{client:?} {:?} {:#?}", client.generated(), client);
        assert!(!debug.contains("url-password"), "{debug}");
        assert_eq!(client.base_url(), "http://d.example.com/api");
    }
}
