//! Client configuration: where Dokploy is, the API key, timeouts and the deadline, TLS roots,
//! the `User-Agent`.
//!
//! Two limits bound a call in time: [`ClientBuilder::timeout`] bounds each attempt (default
//! 120 s, answer included), [`ClientBuilder::deadline`] the whole call, its retries and the
//! waits between them included (default: none, so a query can take up to about the retry
//! budget plus one attempt).
//!
//! ```no_run
//! use std::time::Duration;
//! # fn main() -> Result<(), dokploy::Error> {
//! let client = dokploy::Client::builder()
//!     .base_url("https://dokploy.example.com")
//!     .api_key("my-api-key")
//!     .timeout(Duration::from_secs(300))
//!     .build()?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::{Client, Error, Result, RetryPolicy, Transport};

/// The environment variable holding Dokploy's address (the name Dokploy's users already use).
pub const URL_VAR: &str = "DOKPLOY_API_URL";
/// The environment variable holding the API key (Dokploy UI: Settings → Profile → API/CLI).
pub const KEY_VAR: &str = "DOKPLOY_API_KEY";
/// How long a request may take by default, answer included. Database `deploy` calls pull images
/// synchronously, so this is generous.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long connecting may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body a client reads by default: 64 MiB, far more than the
/// `project.all` of a big instance (about 1 KB per application).
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;
/// The `User-Agent` every request carries: the crate and its version.
pub const USER_AGENT: &str = concat!("dokploy-rust/", env!("CARGO_PKG_VERSION"));

/// A Dokploy API key. Its `Debug` never shows it, and it is sent as a sensitive header.
///
/// ```
/// let key = dokploy::ApiKey::new("s3cret");
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// ```
#[derive(Clone)]
pub struct ApiKey(Arc<str>);

impl ApiKey {
    /// Wraps a key. Whitespace around it (a newline read from a file) is not sent.
    pub fn new(key: impl Into<String>) -> Self {
        Self(Arc::from(key.into()))
    }

    /// The header value, marked sensitive (hidden from `Debug`, never indexed by HTTP/2 HPACK).
    fn header(&self) -> Result<HeaderValue> {
        let key = self.0.trim();
        if key.is_empty() {
            return Err(Error::Config("the API key is empty".into()));
        }
        let mut value = HeaderValue::from_str(key).map_err(|_| {
            Error::Config(
                "the API key contains characters that cannot be sent in an HTTP header".into(),
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        Self::new(key)
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        Self::new(key)
    }
}

/// What the generated client carries besides its HTTP client: read by the request hooks.
///
/// Not useful on its own; it is public only because the generated client names it.
#[derive(Clone)]
pub struct ClientContext {
    pub(crate) api_key: HeaderValue,
    /// `Authorization: Basic …` from a user name and password in the base URL (which is kept
    /// without them, so that no `Debug` or error shows them).
    pub(crate) basic_auth: Option<HeaderValue>,
    /// The longest one attempt may take.
    pub(crate) timeout: Duration,
    /// The longest a whole call may take, retries and waits included.
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_body_size: usize,
    pub(crate) transport: Transport,
    /// The HTTP/1.1 client the log streams upgrade to WebSockets ([`logs`](crate::logs)).
    pub(crate) sockets: crate::logs::SocketHttp,
}

impl fmt::Debug for ClientContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientContext")
            .field("api_key", &"<redacted>")
            .field(
                "basic_auth",
                &self.basic_auth.as_ref().map(|_| crate::redact::REDACTED),
            )
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
            .field("transport", &self.transport)
            .finish()
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<ApiKey>,
    timeout: Duration,
    connect_timeout: Duration,
    deadline: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    websocket_http: Option<reqwest::Client>,
    root_certificates: Vec<Vec<u8>>,
    built_in_roots: bool,
    retry: RetryPolicy,
    max_body_size: usize,
    transport: Transport,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &self.base_url.as_deref().map(crate::redact::redact_text),
            )
            .field("api_key", &self.api_key)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http)
            .field("root_certificates", &self.root_certificates.len())
            .field("built_in_roots", &self.built_in_roots)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
            .field("transport", &self.transport)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            api_key: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            deadline: None,
            user_agent: USER_AGENT.to_string(),
            http: None,
            websocket_http: None,
            root_certificates: Vec::new(),
            built_in_roots: true,
            retry: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            transport: Transport::default(),
        }
    }
}

impl ClientBuilder {
    /// Dokploy's address, with or without `/api` and a trailing `/`
    /// (`https://dokploy.example.com`, `https://dokploy.example.com/api/`). A user name and
    /// password in it (`https://user:pw@host`, for a proxy's basic authentication) are sent as
    /// `Authorization: Basic` and kept out of [`Client::base_url`], `Debug` and errors.
    ///
    /// ```
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://admin:s3cret@dokploy.example.com")
    ///     .api_key("key")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.base_url(), "https://dokploy.example.com/api");
    /// assert!(!format!("{client:?}").contains("s3cret"));
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The API key, sent as `x-api-key`.
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// How long one attempt may take, answer included (default [`DEFAULT_TIMEOUT`]). A call
    /// that is retried makes several attempts; [`ClientBuilder::deadline`] bounds them all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole call may take: every attempt, and the waits between them (default:
    /// no limit but [`timeout`](ClientBuilder::timeout) per attempt and the retry
    /// [`budget`](RetryPolicy::budget)). When it passes, the attempt under way is cut and no
    /// other starts: a query fails with [`Error::Timeout`], a mutation that was sent with
    /// [`Error::OutcomeUnknown`]. Deploy-and-wait has its own
    /// [`timeout`](crate::WaitOptions::timeout); this bounds each of its calls.
    ///
    /// ```
    /// use std::time::Duration;
    /// # fn main() -> dokploy::Result<()> {
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("my-api-key")
    ///     .deadline(Duration::from_secs(10)) // a CI step that must not hang
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How long connecting may take (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Adds `product/version` to the `User-Agent` (after this crate's own).
    pub fn user_agent_suffix(mut self, suffix: impl AsRef<str>) -> Self {
        self.user_agent = format!("{USER_AGENT} {}", suffix.as_ref());
        self
    }

    /// Trusts the CA (or self-signed certificate) in `pem` besides the usual roots: for a
    /// Dokploy behind a corporate or private CA. Several certificates may be in one PEM;
    /// call it again for more. The client keeps its timeouts, `User-Agent` and redirect
    /// policy (see [`tls`](crate::tls)). `build()` fails if the PEM holds no certificate.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.internal.example")
    ///     .api_key("my-api-key")
    ///     .add_root_certificate(std::fs::read("/etc/ssl/private-ca.pem")?)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// With `false`, trusts only the certificates given to
    /// [`add_root_certificate`](ClientBuilder::add_root_certificate), not the system's or
    /// the built-in roots (default `true`).
    ///
    /// ```
    /// let builder = dokploy::Client::builder()
    ///     .base_url("https://dokploy.internal.example")
    ///     .api_key("my-api-key")
    ///     .tls_built_in_root_certs(false);
    /// # drop(builder);
    /// ```
    pub fn tls_built_in_root_certs(mut self, enabled: bool) -> Self {
        self.built_in_roots = enabled;
        self
    }

    /// Uses this `reqwest` client (for proxies, client certificates…). Its own `User-Agent`
    /// and connect timeout apply; the API key is still added to every request, and the
    /// [`timeout`](ClientBuilder::timeout) and [`deadline`](ClientBuilder::deadline) set here
    /// still apply. **Install this crate's redirect policy on it**
    /// (`.redirect(dokploy::redirect::policy())`, see [`redirect`](crate::redirect)): reqwest's
    /// default follows redirects to any host, with the API key.
    /// [`add_root_certificate`](ClientBuilder::add_root_certificate) cannot be combined with
    /// it (configure the client's roots instead).
    ///
    /// ```
    /// let http = reqwest::Client::builder()
    ///     .redirect(dokploy::redirect::policy())
    ///     .build()
    ///     .unwrap();
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("my-api-key")
    ///     .http_client(http)
    ///     .build()
    ///     .unwrap();
    /// # drop(client);
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Uses this `reqwest` client for the log streams' WebSockets ([`logs`](crate::logs)).
    ///
    /// By default they go through an HTTP/1.1-only client built with the same settings as the
    /// API's (WebSockets need HTTP/1.1; an `https` connection may otherwise negotiate HTTP/2),
    /// or through the client given to [`http_client`](Self::http_client): give one here when
    /// that client can speak HTTP/2 to an `https` Dokploy, built with `.http1_only()` and the
    /// same proxies and TLS roots.
    ///
    /// ```
    /// # fn main() -> dokploy::Result<()> {
    /// let http = reqwest::Client::builder().http1_only().build().expect("a client");
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("my-api-key")
    ///     .http_client(reqwest::Client::new())
    ///     .websocket_http_client(http)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn websocket_http_client(mut self, client: reqwest::Client) -> Self {
        self.websocket_http = Some(client);
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]: queries up to 4 times,
    /// mutations only when they provably never left; see [`retry`](crate::retry)).
    ///
    /// ```
    /// use std::time::Duration;
    /// # fn main() -> dokploy::Result<()> {
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("my-api-key")
    ///     .retry(dokploy::RetryPolicy { max_attempts: 2, ..Default::default() })
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read, in bytes (default [`DEFAULT_MAX_BODY_SIZE`], 64 MiB).
    /// A longer answer fails with [`Error::BodyTooLarge`] as soon as it is known to be too
    /// long (its `Content-Length`, or the byte past the limit): the rest is not read.
    ///
    /// ```
    /// # fn main() -> dokploy::Result<()> {
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("my-api-key")
    ///     .max_body_size(256 * 1024 * 1024)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Which of Dokploy's surfaces to call (default [`Transport::Rest`]; see
    /// [`transport`](crate::transport) for the differences).
    ///
    /// ```
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("key")
    ///     .transport(dokploy::Transport::Trpc)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.transport(), dokploy::Transport::Trpc);
    /// ```
    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = transport;
        self
    }

    /// Reads [`URL_VAR`] and [`KEY_VAR`] into the builder.
    pub fn from_env(self) -> Result<Self> {
        let url = env_var(
            URL_VAR,
            "your Dokploy's address, e.g. https://dokploy.example.com",
        )?;
        let key = env_var(
            KEY_VAR,
            "an API key from Dokploy (Settings → Profile → API/CLI)",
        )?;
        Ok(self.base_url(url).api_key(key))
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client> {
        let url = self.base_url.as_deref().ok_or_else(|| {
            Error::Config(format!(
                "no Dokploy URL was given: pass one to Client::new or set {URL_VAR}"
            ))
        })?;
        let (base, basic_auth) = without_credentials(&api_base(url)?)?;
        let key = self.api_key.as_ref().ok_or_else(|| {
            Error::Config(format!(
                "no API key was given: pass one to Client::new or set {KEY_VAR}"
            ))
        })?;
        let api_key = key.header()?;
        if self.deadline == Some(Duration::ZERO) {
            return Err(Error::Config(
                "the deadline is zero: no call could be made".into(),
            ));
        }
        let settings = HttpSettings {
            user_agent: self.user_agent,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            root_certificates: self.root_certificates,
            built_in_roots: self.built_in_roots,
        };
        let custom_http = self.http.is_some();
        let http = match self.http {
            Some(_) if !settings.root_certificates.is_empty() || !settings.built_in_roots => {
                return Err(Error::Config(
                    "add_root_certificate and tls_built_in_root_certs apply to the HTTP client this crate builds: configure the roots of the reqwest::Client given to http_client instead".into(),
                ));
            }
            Some(http) => http,
            None => settings
                .reqwest_builder()?
                .build()
                .map_err(|e| Error::Config(format!("the HTTP client could not be set up: {e}")))?,
        };
        let sockets = match (self.websocket_http, custom_http) {
            (Some(given), _) => crate::logs::SocketHttp::given(given),
            (None, true) => crate::logs::SocketHttp::given(http.clone()),
            (None, false) => crate::logs::SocketHttp::derived(settings),
        };
        Ok(Client::from_parts(
            &base,
            http,
            ClientContext {
                api_key,
                basic_auth,
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                max_body_size: self.max_body_size,
                transport: self.transport,
                sockets,
            },
        ))
    }
}

/// What the API's `reqwest` client is built from, kept to build the log streams' HTTP/1.1
/// client the same way when one is first needed.
#[derive(Clone, Debug)]
pub(crate) struct HttpSettings {
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    root_certificates: Vec<Vec<u8>>,
    built_in_roots: bool,
}

impl HttpSettings {
    /// A `reqwest` builder with these settings (the `User-Agent`, timeouts, the crate's
    /// redirect policy, the trusted roots): the one place both clients are configured.
    pub(crate) fn reqwest_builder(&self) -> Result<reqwest::ClientBuilder> {
        let builder = reqwest::Client::builder()
            .user_agent(self.user_agent.clone())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(crate::redirect::policy());
        roots(builder, &self.root_certificates, self.built_in_roots)
    }
}

/// `builder` trusting the certificates in `pems`, and the built-in roots unless `built_in` is
/// `false`.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn roots(
    builder: reqwest::ClientBuilder,
    pems: &[Vec<u8>],
    built_in: bool,
) -> Result<reqwest::ClientBuilder> {
    let mut certificates = Vec::new();
    for (n, pem) in pems.iter().enumerate() {
        let found = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::Config(format!(
                "root certificate {} is not a PEM certificate: {e}",
                n + 1
            ))
        })?;
        if found.is_empty() {
            return Err(Error::Config(format!(
                "root certificate {} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                n + 1
            )));
        }
        certificates.extend(found);
    }
    Ok(if built_in {
        builder.tls_certs_merge(certificates)
    } else {
        builder.tls_certs_only(certificates)
    })
}

/// Without TLS there is nothing to trust.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn roots(
    builder: reqwest::ClientBuilder,
    pems: &[Vec<u8>],
    built_in: bool,
) -> Result<reqwest::ClientBuilder> {
    if pems.is_empty() && built_in {
        Ok(builder)
    } else {
        Err(Error::Config(
            "root certificates need TLS: enable the feature `rustls` or `native-tls`".into(),
        ))
    }
}

/// The API base without a user name and password, and those as an `Authorization: Basic`
/// header value (marked sensitive).
fn without_credentials(base: &str) -> Result<(String, Option<HeaderValue>)> {
    let mut url = reqwest::Url::parse(base)
        .map_err(|e| Error::Config(format!("the Dokploy URL is not valid: {e}")))?;
    if url.username().is_empty() && url.password().is_none() {
        return Ok((base.to_string(), None));
    }
    let decode = |part: &str| {
        percent_decode(part).ok_or_else(|| {
            Error::Config("the user name or password in the Dokploy URL is not valid UTF-8".into())
        })
    };
    let user = decode(url.username())?;
    let password = url.password().map(decode).transpose()?.unwrap_or_default();
    let mut header = HeaderValue::from_str(&format!(
        "Basic {}",
        base64(format!("{user}:{password}").as_bytes())
    ))
    .map_err(|_| Error::Config("the credentials in the Dokploy URL cannot be sent".into()))?;
    header.set_sensitive(true);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok((url.as_str().trim_end_matches('/').to_string(), Some(header)))
}

/// `%XX`-decoded UTF-8 text.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Standard base64 with padding (for `Authorization: Basic`).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn env_var(name: &str, what: &str) -> Result<String> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        Ok(_) => Err(Error::Config(format!("{name} is empty: set it to {what}"))),
        Err(std::env::VarError::NotPresent) => Err(Error::Config(format!(
            "{name} is not set: set it to {what}"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Config(format!("{name} is not valid UTF-8")))
        }
    }
}

/// The API base for a Dokploy address: `https://host[/prefix]/api`, without a trailing slash.
///
/// ```
/// # use dokploy::config::api_base;
/// assert_eq!(api_base("https://dokploy.example.com").unwrap(), "https://dokploy.example.com/api");
/// assert_eq!(api_base("https://dokploy.example.com/api/").unwrap(), "https://dokploy.example.com/api");
/// assert_eq!(api_base("http://10.0.0.5:3000/").unwrap(), "http://10.0.0.5:3000/api");
/// assert!(api_base("dokploy.example.com").is_err());
/// ```
pub fn api_base(url: &str) -> Result<String> {
    let trimmed = url.trim();
    let parsed = reqwest::Url::parse(trimmed).map_err(|e| {
        Error::Config(format!(
            "the Dokploy URL {trimmed:?} is not a valid URL ({e}); expected something like https://dokploy.example.com"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "the Dokploy URL {trimmed:?} must start with http:// or https://"
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config(format!(
            "the Dokploy URL {trimmed:?} has no host"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!(
            "the Dokploy URL {trimmed:?} must not have a query string or fragment"
        )));
    }
    let mut base = parsed.as_str().trim_end_matches('/').to_string();
    if !base.ends_with("/api") {
        base.push_str("/api");
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_variants_all_reach_the_same_api_base() {
        for url in [
            "https://d.example.com",
            "https://d.example.com/",
            "https://d.example.com/api",
            "https://d.example.com/api/",
            "  https://d.example.com/api  ",
        ] {
            assert_eq!(api_base(url).unwrap(), "https://d.example.com/api", "{url}");
        }
    }

    #[test]
    fn a_path_prefix_is_kept() {
        assert_eq!(
            api_base("https://example.com/dokploy").unwrap(),
            "https://example.com/dokploy/api"
        );
    }

    #[test]
    fn malformed_urls_give_one_clear_sentence() {
        let e = api_base("dokploy.example.com").unwrap_err().to_string();
        assert!(e.contains("not a valid URL"), "{e}");
        let e = api_base("ftp://x").unwrap_err().to_string();
        assert!(e.contains("http:// or https://"), "{e}");
        let e = api_base("https://x/?a=b").unwrap_err().to_string();
        assert!(e.contains("query string"), "{e}");
    }

    #[test]
    fn an_empty_or_unsendable_key_is_refused() {
        assert!(ApiKey::new("  ").header().is_err());
        assert!(ApiKey::new("a\nb").header().is_err());
        assert!(ApiKey::new("abc").header().unwrap().is_sensitive());
    }

    #[test]
    fn a_missing_environment_variable_is_one_clear_sentence() {
        let e = env_var(
            "DOKPLOY_TEST_VARIABLE_THAT_IS_NEVER_SET",
            "your Dokploy's address",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "the Dokploy client is not configured correctly: DOKPLOY_TEST_VARIABLE_THAT_IS_NEVER_SET is not set: set it to your Dokploy's address"
        );
    }

    #[test]
    fn building_without_url_or_key_says_which_is_missing() {
        let e = ClientBuilder::default().api_key("k").build().unwrap_err();
        assert!(e.to_string().contains("no Dokploy URL was given"), "{e}");
        let e = ClientBuilder::default()
            .base_url("https://d.example.com")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("no API key was given"), "{e}");
    }

    #[test]
    fn credentials_in_the_url_become_a_basic_authorization_and_leave_the_url() {
        let (base, auth) = without_credentials("https://ad%40min:p%3Aw@d.example.com/api").unwrap();
        assert_eq!(base, "https://d.example.com/api");
        let auth = auth.unwrap();
        assert!(auth.is_sensitive());
        // "ad@min:p:w"
        assert_eq!(auth.to_str().unwrap(), "Basic YWRAbWluOnA6dw==");
        assert_eq!(
            without_credentials("http://h:3000/api").unwrap(),
            ("http://h:3000/api".to_string(), None)
        );
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn debug_of_a_builder_hides_the_key_and_the_password_in_the_url() {
        let builder = ClientBuilder::default()
            .base_url("http://admin:pw-in-url@h")
            .api_key("key-in-builder");
        let debug = format!("{builder:?}");
        assert!(
            !debug.contains("pw-in-url") && !debug.contains("key-in-builder"),
            "{debug}"
        );
    }

    #[test]
    fn a_zero_deadline_and_roots_with_a_foreign_http_client_are_refused() {
        let builder = ClientBuilder::default().base_url("http://h").api_key("k");
        let e = builder
            .clone()
            .deadline(Duration::ZERO)
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("deadline is zero"), "{e}");
        let e = builder
            .clone()
            .http_client(reqwest::Client::new())
            .add_root_certificate("pem")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("http_client"), "{e}");
        let e = builder.add_root_certificate("not pem").build().unwrap_err();
        assert!(e.to_string().contains("holds no PEM certificate"), "{e}");
    }

    #[test]
    fn user_agent_names_the_crate_and_version() {
        assert_eq!(
            USER_AGENT,
            format!("dokploy-rust/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
