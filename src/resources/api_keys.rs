//! API keys of the caller: create one (shown once), list them, delete one.
//!
//! Dokploy's API keys come from better-auth, whose default rate limit is 10 verifications a
//! day, and every REST call verifies its key twice: a key created with Dokploy's defaults stops
//! working after 5 calls a day (10 on the tRPC surface, which verifies once: see
//! [`Transport`](crate::Transport)), answering 401 `{"message":"Unauthorized"}` exactly like a
//! wrong key. So [`ApiKeys::create`] makes keys **without** a rate limit unless asked for one
//! ([`NewApiKey::rate_limit`]).

use std::time::Duration;

use serde_json::json;

use crate::models::{ApiKeySummary, CreatedApiKey};
use crate::{Client, Error, ResponseExt, Result};

/// Typed API-key methods; from [`Client::api_keys`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewApiKey;
/// let created = client.api_keys().create(NewApiKey::new("ci")).await?;
/// let ci = dokploy::Client::new(fake.base_url(), created.key.expose())?;
/// assert_eq!(ci.settings().version().await?, dokploy::DOKPLOY_VERSION);
/// client.api_keys().delete(&created.id).await?;
/// assert!(ci.settings().version().await.is_err()); // the key is gone
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ApiKeys<'a> {
    client: &'a Client,
}

/// An API key to create. The struct is `#[non_exhaustive]`: start from [`NewApiKey::new`] and
/// set fields.
///
/// ```
/// use std::time::Duration;
/// use dokploy::resources::{NewApiKey, RateLimit};
/// let mut new = NewApiKey::new("nightly-backup");
/// new.expires_in = Some(Duration::from_secs(30 * 86_400));
/// new.rate_limit = Some(RateLimit::rest_calls(100, Duration::from_secs(3600)));
/// assert_eq!(new.rate_limit.unwrap().max_verifications, 200);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewApiKey {
    /// The name (1–32 characters).
    pub name: String,
    /// A prefix the key will start with (e.g. `ci_`).
    pub prefix: Option<String>,
    /// How long the key lives, in whole seconds between 1 and 365 days (better-auth's
    /// bounds); `None`: it never expires.
    pub expires_in: Option<Duration>,
    /// Dokploy's rate limit for the key; `None` (the default here): no limit.
    pub rate_limit: Option<RateLimit>,
    /// The organization the key acts in; `None`: the caller's (found with `user.get`).
    pub organization_id: Option<String>,
}

impl NewApiKey {
    /// A key named `name` without a rate limit or an expiry, in the caller's organization.
    ///
    /// ```
    /// let new = dokploy::resources::NewApiKey::new("ci");
    /// assert_eq!((new.rate_limit, new.expires_in), (None, None));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            prefix: None,
            expires_in: None,
            rate_limit: None,
            organization_id: None,
        }
    }
}

/// A rate limit: at most `max_verifications` verifications of the key per `window` (the count
/// restarts once `window` has passed since the last verification). Each REST call verifies its
/// key twice, so this allows `max_verifications / 2` calls.
///
/// ```
/// use std::time::Duration;
/// use dokploy::resources::RateLimit;
/// assert_eq!(RateLimit::DOKPLOY_DEFAULT.rest_call_budget(), 5);
/// let hourly = RateLimit::rest_calls(1000, Duration::from_secs(3600));
/// assert_eq!(hourly.max_verifications, 2000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Verifications allowed per window.
    pub max_verifications: u32,
    /// The window (whole milliseconds).
    pub window: Duration,
}

impl RateLimit {
    /// What Dokploy gives a key created without limits of its own: 10 verifications a day,
    /// that is 5 REST calls.
    pub const DOKPLOY_DEFAULT: RateLimit = RateLimit {
        max_verifications: 10,
        window: Duration::from_secs(86_400),
    };

    /// At most `max_verifications` verifications per `window`.
    pub fn verifications(max_verifications: u32, window: Duration) -> Self {
        Self {
            max_verifications,
            window,
        }
    }

    /// Enough verifications for `calls` REST calls per `window` (two per call).
    pub fn rest_calls(calls: u32, window: Duration) -> Self {
        Self::verifications(calls.saturating_mul(2), window)
    }

    /// How many REST calls the limit allows per window.
    pub fn rest_call_budget(&self) -> u32 {
        self.max_verifications / 2
    }
}

/// A duration in whole units of `unit`, or why it cannot be sent.
fn whole(duration: Duration, unit: Duration, what: &str, unit_name: &str) -> Result<u64> {
    if !duration.as_nanos().is_multiple_of(unit.as_nanos()) {
        return Err(Error::InvalidInput(format!(
            "{what} must be a whole number of {unit_name}, not {duration:?}"
        )));
    }
    u64::try_from(duration.as_nanos() / unit.as_nanos())
        .map_err(|_| Error::InvalidInput(format!("{what} of {duration:?} is too long")))
}

impl<'a> ApiKeys<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Creates a key and returns it with the key itself, which Dokploy shows only this once
    /// (a [`Secret`](crate::redact::Secret): store it before dropping the answer). Without
    /// [`NewApiKey::rate_limit`] the key has no rate limit (`rateLimitEnabled: false`); without
    /// [`NewApiKey::organization_id`] this first asks `user.get` for the caller's organization.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewApiKey, RateLimit};
    /// let mut new = NewApiKey::new("five-calls-a-day");
    /// new.rate_limit = Some(RateLimit::DOKPLOY_DEFAULT);
    /// let created = client.api_keys().create(new).await?;
    /// assert!(created.rate_limit_enabled);
    /// assert!(!format!("{created:?}").contains(created.key.expose()));
    ///
    /// let limited = dokploy::Client::new(fake.base_url(), created.key.expose())?;
    /// for _ in 0..5 {
    ///     limited.settings().version().await?;
    /// }
    /// let refused = limited.settings().version().await.unwrap_err();
    /// assert!(matches!(refused, dokploy::Error::Unauthorized(_)));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewApiKey) -> Result<CreatedApiKey> {
        let expires_in = new
            .expires_in
            .map(|d| whole(d, Duration::from_secs(1), "expires_in", "seconds"))
            .transpose()?;
        if let Some(seconds) = expires_in
            && !(86_400..=365 * 86_400).contains(&seconds)
        {
            return Err(Error::InvalidInput(format!(
                "expires_in must be between 1 and 365 days (better-auth's bounds), not {seconds} s"
            )));
        }
        let rate_limit = match new.rate_limit {
            Some(limit) if limit.max_verifications == 0 => {
                return Err(Error::InvalidInput(
                    "a rate limit of 0 verifications makes a key that never works".into(),
                ));
            }
            Some(limit) => {
                let window = whole(
                    limit.window,
                    Duration::from_millis(1),
                    "the rate-limit window",
                    "milliseconds",
                )?;
                if window == 0 {
                    return Err(Error::InvalidInput(
                        "the rate-limit window must be longer than 0 ms".into(),
                    ));
                }
                Some((limit.max_verifications, window))
            }
            None => None,
        };
        let organization_id = match new.organization_id {
            Some(id) => id,
            None => self.client.users().current().await?.organization_id,
        };
        let mut call = self
            .client
            .call("user.createApiKey")
            .arg("name", &new.name)
            .arg("metadata", json!({ "organizationId": organization_id }))
            .arg("rateLimitEnabled", rate_limit.is_some());
        if let Some((max, window)) = rate_limit {
            call = call
                .arg("rateLimitMax", max)
                .arg("rateLimitTimeWindow", window);
        }
        if let Some(prefix) = &new.prefix {
            call = call.arg("prefix", prefix);
        }
        if let Some(seconds) = expires_in {
            call = call.arg("expiresIn", seconds);
        }
        call.send().decode().await
    }

    /// The caller's keys, newest first, as `user.get` lists them (name, prefix, expiry; never
    /// the key).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewApiKey;
    /// client.api_keys().create(NewApiKey::new("ci")).await?;
    /// let keys = client.api_keys().all().await?;
    /// assert_eq!(keys[0].name.as_deref(), Some("ci"));
    /// assert_eq!(keys.len(), 2); // and the key this client uses
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<ApiKeySummary>> {
        Ok(self.client.users().current().await?.user.api_keys)
    }

    /// Deletes a key. **Irreversible**: whatever uses it is refused from then on (deleting the
    /// key this client uses locks the client out). An unknown id is a 404 "API key not found"
    /// ([`Error::is_not_found`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewApiKey;
    /// let created = client.api_keys().create(NewApiKey::new("temporary")).await?;
    /// client.api_keys().delete(&created.id).await?;
    /// assert!(client.api_keys().delete(&created.id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, api_key_id: &str) -> Result<()> {
        self.client
            .call("user.deleteApiKey")
            .arg("apiKeyId", api_key_id)
            .send()
            .body()
            .await?
            .expect_done()
    }
}
