//! Which of Dokploy's two HTTP surfaces the client talks to, and batched calls.
//!
//! Dokploy serves every procedure twice:
//!
//! | | [`Transport::Rest`] | [`Transport::Trpc`] |
//! |---|---|---|
//! | path | `/api/<procedure>` | `/api/trpc/<procedure>` |
//! | a query's input | flat query parameters, every value as text | `?input=` URL-encoded `{"json":{…}}`, values in their JSON types |
//! | a mutation's body | the input object | `{"json": input}` |
//! | a success | the bare value (or no body at all) | `{"result":{"data":{"json":…}}}` |
//! | an error | `{message, code, issues?}` | `{"error":{"json":{message, code: -32…, data:{code, httpStatus, path, zodError}}}}` |
//! | API key checks per call | two | one |
//! | documented | yes (OpenAPI, Settings → API) | no: it is what Dokploy's web UI uses |
//!
//! The client hides the difference: every generated method, [`Client::call`](crate::Client::call)
//! and every typed helper works the same on both, and answers and errors come back the same
//! ([`Error::Unauthorized`](crate::Error::Unauthorized) for a refused key, `Api` errors with the
//! same status, `code`, `message` and validation [`issues`](crate::ApiError::issues)). On tRPC,
//! query parameters are sent in the JSON type the [operation table](crate::operations) gives
//! them (`tail: 5`, not `"5"`). The two multipart uploads ([`uploads`](crate::uploads)) always
//! go to the tRPC path, on either transport: Dokploy's REST adapter cannot parse a form (it
//! answers 500, recording 445) and its tRPC handler takes one (431).
//!
//! Measured on a production build of Dokploy v0.30.2 (5 warm-up + 30 calls per case):
//!
//! | procedure | REST median | tRPC median |
//! |---|---|---|
//! | `project.all` | 20.9–23.4 ms | 9.8–11.9 ms |
//! | `settings.health` | 13.9–18.2 ms | 7.2–8.8 ms |
//! | `project.one` | 18.0–20.5 ms | 12.0–14.1 ms |
//! | `project.update` (POST) | 19.5–23.7 ms | 13.7–16.1 ms |
//! | three procedures in one batched tRPC call | — | 12.9–15.6 ms (about one call) |
//!
//! The REST handler checks the API key twice per call and rebuilds its route table on every
//! request; tRPC checks once. So a key created with Dokploy's default rate limit (10
//! verifications a day) lasts 5 REST calls but 10 tRPC calls.
//!
//! The default is [`Transport::Rest`], the surface Dokploy documents and supports for API
//! clients; choose [`Transport::Trpc`] for speed, or when a rate-limited key must go further.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> dokploy::Result<()> {
//! use dokploy::Transport;
//! let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
//! let client = dokploy::Client::builder()
//!     .base_url(fake.base_url())
//!     .api_key(fake.api_key())
//!     .transport(Transport::Trpc)
//!     .build()?;
//! let created = client.projects().create("shop", None).await?;
//! assert_eq!(created.environment.name, "production");
//! assert!(fake.requests()[0].path.starts_with("/api/trpc/"));
//! # Ok(()) }
//! ```
//!
//! Several calls can also share one round trip, on either transport: see [`Batch`].

mod batch;
pub(crate) mod trpc;

pub use batch::{Batch, BatchEntry, BatchResults, DEFAULT_MAX_URL_BYTES};

/// Which of Dokploy's HTTP surfaces a [`Client`](crate::Client) uses (see the
/// [module documentation](self) for the differences and the measured cost of each).
///
/// ```
/// use dokploy::Transport;
/// let client = dokploy::Client::builder()
///     .base_url("https://dokploy.example.com")
///     .api_key("key")
///     .transport(Transport::Trpc)
///     .build()
///     .unwrap();
/// assert_eq!(client.transport(), Transport::Trpc);
/// assert_eq!(Transport::default(), Transport::Rest);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Transport {
    /// `/api/<procedure>`: the documented REST surface (flat query parameters). The default.
    #[default]
    Rest,
    /// `/api/trpc/<procedure>`: the tRPC surface Dokploy's web UI uses (JSON input, one API
    /// key check per call instead of two, about twice as fast server-side).
    Trpc,
}

impl Transport {
    /// Both transports, REST first (for running something on each).
    ///
    /// ```
    /// assert_eq!(dokploy::Transport::ALL.len(), 2);
    /// ```
    pub const ALL: [Transport; 2] = [Transport::Rest, Transport::Trpc];
}
