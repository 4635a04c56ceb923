//! Redirects: which ones a client follows, and why the others stop the call.
//!
//! The API key travels in the custom header `x-api-key`, which HTTP clients (reqwest among
//! them) do not strip when a redirect leads to another host, the way they strip
//! `Authorization`. So a client follows a redirect only when nothing can leave the configured
//! origin and the request stays the request it was:
//!
//! | the redirect | followed? |
//! |---|---|
//! | to the same scheme, host and port, keeping method and body: any code for a `GET`; 307 and 308 for a `POST` | yes (some proxies fold `//api/x` into `/api/x` this way), up to 10 in a row |
//! | to another scheme, host or port (`localhost` is not `127.0.0.1`), whatever the code | no: the call fails naming the `Location` |
//! | from `https` to `http` | no, never (the key would travel in clear text) |
//! | 301, 302 or 303 to a `POST` (a mutation), even on the same origin | no: it would be sent again as a `GET` without its body, and the change silently not made |
//!
//! A refused redirect is [`Error::Redirect`](crate::Error::Redirect) (a [`RedirectRefused`]),
//! never retried: the same request gets the same redirect. The client [`ClientBuilder`](crate::ClientBuilder)
//! builds has this [`policy`] installed. A `reqwest::Client` given with
//! [`ClientBuilder::http_client`](crate::ClientBuilder::http_client) needs it too; without it,
//! a redirect to another origin is still reported as an error, but only after the key was sent
//! there.
//!
//! ```
//! let http = reqwest::Client::builder()
//!     .redirect(dokploy::redirect::policy())
//!     .build()
//!     .unwrap();
//! let client = dokploy::Client::builder()
//!     .base_url("https://dokploy.example.com")
//!     .api_key("my-api-key")
//!     .http_client(http)
//!     .build()
//!     .unwrap();
//! ```
//
// This file is also compiled into `xtask` (`refresh-spec --url` sends the key too), so it uses
// nothing of this crate but `std` and `reqwest`.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use reqwest::redirect::Policy;
use reqwest::{Method, StatusCode, Url};

/// The most redirects followed in a row.
pub const MAX_REDIRECTS: usize = 10;

/// The redirect policy of this crate's clients (see the [module](self) for the rule): install it
/// on a `reqwest::Client` you give to [`ClientBuilder::http_client`](crate::ClientBuilder::http_client).
///
/// ```
/// let http = reqwest::Client::builder().redirect(dokploy::redirect::policy()).build().unwrap();
/// # drop(http);
/// ```
pub fn policy() -> Policy {
    Policy::custom(|attempt| {
        // The method of the request being sent, when it is sent through `watch` (this crate's
        // calls are).
        let method = CURRENT.with(|current| current.borrow().clone());
        match judge(
            attempt.status(),
            method.as_deref(),
            attempt.previous(),
            attempt.url(),
        ) {
            Ok(()) => attempt.follow(),
            Err(refused) => attempt.error(refused),
        }
    })
}

/// Whether the redirect `status` from the last of `previous` (the first is where the request
/// was sent) to `next` may be followed by a `method` request (`None`: a request this crate did
/// not send, whose method is unknown).
fn judge(
    status: StatusCode,
    method: Option<&Method>,
    previous: &[Url],
    next: &Url,
) -> Result<(), RedirectRefused> {
    let (Some(first), Some(last)) = (previous.first(), previous.last()) else {
        return Ok(());
    };
    let refuse = |reason| {
        Err(RedirectRefused {
            status: Some(status.as_u16()),
            method: method.map(|m| m.to_string()),
            from: without_userinfo(last),
            location: without_userinfo(next),
            reason,
            procedure: None,
        })
    };
    if !matches!(next.scheme(), "http" | "https") {
        return refuse(RedirectReason::NotHttp);
    }
    if first.scheme() == "https" && next.scheme() == "http" {
        return refuse(RedirectReason::Downgrade);
    }
    if !same_origin(first, next) {
        return refuse(RedirectReason::OtherOrigin);
    }
    let keeps_method = matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    ) || matches!(method, Some(m) if *m == Method::GET || *m == Method::HEAD);
    if !keeps_method {
        return refuse(RedirectReason::MethodChange);
    }
    if previous.len() >= MAX_REDIRECTS {
        return refuse(RedirectReason::TooMany);
    }
    Ok(())
}

/// Same scheme, host and port (the port a scheme implies counts as given).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// `url` as text, without a user name or password in it.
pub(crate) fn without_userinfo(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}

/// Why a redirect was not followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectReason {
    /// It leads to another scheme, host or port.
    OtherOrigin,
    /// It leads from `https` to plain `http`.
    Downgrade,
    /// A 301, 302 or 303 to a request that is not a `GET`: following it would send a `GET`
    /// without the body.
    MethodChange,
    /// More than [`MAX_REDIRECTS`] in a row.
    TooMany,
    /// It leads to something that is not an `http(s)` URL.
    NotHttp,
    /// A `reqwest::Client` without this crate's [`policy`] already followed it to another
    /// origin: the request, the key with it, went there.
    FollowedWithoutPolicy,
}

/// A redirect the client did not follow (see the [module](self)); the call failed with it as
/// [`Error::Redirect`](crate::Error::Redirect) and is not retried.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
/// // A server that sends every request elsewhere.
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
/// let url = format!("http://{}", listener.local_addr().unwrap());
/// tokio::spawn(async move {
///     let (mut socket, _) = listener.accept().await.unwrap();
///     let mut request = [0u8; 4096];
///     let _ = socket.read(&mut request).await;
///     let answer = "HTTP/1.1 301 Moved Permanently\r\nlocation: http://elsewhere.example/api/project.all\r\ncontent-length: 0\r\n\r\n";
///     socket.write_all(answer.as_bytes()).await.unwrap();
/// });
/// let client = dokploy::Client::new(&url, "my-api-key").unwrap();
/// let err = client.projects().all().await.unwrap_err();
/// let dokploy::Error::Redirect(refused) = &err else { panic!("{err:?}") };
/// assert_eq!(refused.reason, dokploy::redirect::RedirectReason::OtherOrigin);
/// assert_eq!(refused.location, "http://elsewhere.example/api/project.all");
/// assert!(!err.is_retryable());
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedirectRefused {
    /// The redirect's status (301, 302, 303, 307, 308); `None` when a client without the
    /// [`policy`] followed it and only the end is known.
    pub status: Option<u16>,
    /// The request's method, when known.
    pub method: Option<String>,
    /// The URL that answered with the redirect (without a user name or password).
    pub from: String,
    /// Where the redirect leads: its `Location` (without a user name or password).
    pub location: String,
    /// Why it was not followed.
    pub reason: RedirectReason,
    /// The procedure that was called (e.g. `project.create`), when known.
    pub procedure: Option<String>,
}

impl RedirectRefused {
    /// A client without the [`policy`] followed a redirect from `from` to `location`, another
    /// origin.
    pub(crate) fn followed_without_policy(method: &Method, from: &Url, location: &Url) -> Self {
        RedirectRefused {
            status: None,
            method: Some(method.to_string()),
            from: without_userinfo(from),
            location: without_userinfo(location),
            reason: RedirectReason::FollowedWithoutPolicy,
            procedure: None,
        }
    }
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = match (&self.method, &self.procedure) {
            (Some(method), Some(procedure)) => format!("the {method} request of {procedure}"),
            (None, Some(procedure)) => format!("the request of {procedure}"),
            (Some(method), None) => format!("the {method} request"),
            (None, None) => "the request".to_string(),
        };
        let status = self.status.map(|s| format!(" ({s})")).unwrap_or_default();
        if self.reason == RedirectReason::FollowedWithoutPolicy {
            return write!(
                f,
                "{request} was redirected from {} to {}, another origin, by an HTTP client without dokploy's redirect policy: the request and its API key went there; install dokploy::redirect::policy() on the reqwest::Client given to ClientBuilder::http_client, and point the client at the address Dokploy answers on",
                self.from, self.location
            );
        }
        write!(
            f,
            "{request} was redirected{status} from {} to {}",
            self.from, self.location
        )?;
        match self.reason {
            RedirectReason::OtherOrigin => f.write_str(
                ", another origin (scheme, host or port): the redirect was not followed, so neither the API key nor the request went there; point the client at the address Dokploy answers on",
            ),
            RedirectReason::Downgrade => f.write_str(
                ", from https to plain http: the redirect was not followed, so the API key was not sent unencrypted; fix the redirect on the server, or use the address it should lead to",
            ),
            RedirectReason::MethodChange => write!(
                f,
                ": following it would send the {} again as a GET without its body, and the change would silently not be made, so it was not followed; use the address the redirect names, or make the proxy answer 307 or 308, which keep the method",
                self.method.as_deref().unwrap_or("request")
            ),
            RedirectReason::TooMany => write!(
                f,
                ": more than {MAX_REDIRECTS} redirects in a row (a redirect loop?), not followed further"
            ),
            RedirectReason::NotHttp => f.write_str(": not an http(s) address, not followed"),
            RedirectReason::FollowedWithoutPolicy => Ok(()),
        }
    }
}

impl std::error::Error for RedirectRefused {}

thread_local! {
    /// The method of the request being sent on this thread, while its future is polled
    /// through [`watch`].
    static CURRENT: RefCell<Option<Arc<Method>>> = const { RefCell::new(None) };
}

/// `future` (one `reqwest::Client::execute`), polled so that the [`policy`] knows the request's
/// method (reqwest's redirect hook is not told), which it needs to refuse a redirect that
/// would turn a `POST` into a `GET`. (reqwest judges redirects inside this poll.)
pub(crate) fn watch<F: Future>(method: Method, future: F) -> Watched<F> {
    Watched {
        inner: Box::pin(future),
        method: Arc::new(method),
    }
}

/// The future [`watch`] makes.
pub(crate) struct Watched<F> {
    inner: Pin<Box<F>>,
    method: Arc<Method>,
}

impl<F: Future> Future for Watched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        /// Puts the previous method back, even if polling panics.
        struct Restore(Option<Arc<Method>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                CURRENT.with(|current| *current.borrow_mut() = previous);
            }
        }
        let method = self.method.clone();
        let _restore = Restore(CURRENT.with(|current| current.replace(Some(method))));
        self.inner.as_mut().poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn judged(status: u16, method: Option<Method>, from: &str, to: &str) -> Option<RedirectReason> {
        judge(
            StatusCode::from_u16(status).unwrap(),
            method.as_ref(),
            &[url(from)],
            &url(to),
        )
        .err()
        .map(|r| r.reason)
    }

    #[test]
    fn same_origin_redirects_that_keep_the_method_are_followed() {
        let from = "http://127.0.0.1:3000//api/project.all";
        let to = "http://127.0.0.1:3000/api/project.all";
        for status in [301, 302, 303, 307, 308] {
            assert_eq!(
                judged(status, Some(Method::GET), from, to),
                None,
                "{status}"
            );
        }
        for status in [307, 308] {
            assert_eq!(
                judged(status, Some(Method::POST), from, to),
                None,
                "{status}"
            );
        }
        // The default port counts as given.
        assert_eq!(
            judged(
                308,
                Some(Method::POST),
                "https://d.example/x",
                "https://d.example:443/y"
            ),
            None
        );
    }

    #[test]
    fn a_post_turned_into_a_get_is_refused_even_on_the_same_origin() {
        for status in [301, 302, 303] {
            assert_eq!(
                judged(status, Some(Method::POST), "http://h/a", "http://h/b"),
                Some(RedirectReason::MethodChange),
                "{status}"
            );
            // A request whose method the policy was not told could be a POST.
            assert_eq!(
                judged(status, None, "http://h/a", "http://h/b"),
                Some(RedirectReason::MethodChange)
            );
        }
    }

    #[test]
    fn another_scheme_host_or_port_is_refused_whatever_the_code_and_method() {
        for status in [301, 302, 303, 307, 308] {
            for method in [Method::GET, Method::POST] {
                for to in [
                    "http://127.0.0.1:3001/api/x",
                    "http://localhost:3000/api/x",
                    "https://127.0.0.1:3000/api/x",
                ] {
                    assert_eq!(
                        judged(
                            status,
                            Some(method.clone()),
                            "http://127.0.0.1:3000/api/x",
                            to
                        ),
                        Some(RedirectReason::OtherOrigin),
                        "{status} {method} {to}"
                    );
                }
            }
        }
        assert_eq!(
            judged(307, Some(Method::GET), "https://h/a", "http://h/a"),
            Some(RedirectReason::Downgrade)
        );
        assert_eq!(
            judged(302, Some(Method::GET), "http://h/a", "ftp://h/a"),
            Some(RedirectReason::NotHttp)
        );
    }

    #[test]
    fn hops_are_compared_with_where_the_request_was_sent_and_counted() {
        let previous = [url("http://h/a"), url("http://h/b")];
        // Back to the first origin after a hop elsewhere cannot happen (the hop is refused),
        // and a chain on the first origin is followed up to the limit.
        assert!(
            judge(
                StatusCode::FOUND,
                Some(&Method::GET),
                &previous,
                &url("http://h/c")
            )
            .is_ok()
        );
        let long: Vec<Url> = (0..MAX_REDIRECTS)
            .map(|i| url(&format!("http://h/{i}")))
            .collect();
        let refused = judge(
            StatusCode::FOUND,
            Some(&Method::GET),
            &long,
            &url("http://h/z"),
        )
        .unwrap_err();
        assert_eq!(refused.reason, RedirectReason::TooMany);
    }

    #[test]
    fn the_message_names_the_location_and_never_a_password() {
        let refused = judge(
            StatusCode::MOVED_PERMANENTLY,
            Some(&Method::POST),
            &[url("http://admin:pw@127.0.0.1:3000/api/project.create")],
            &url("http://user:pw2@127.0.0.1:4000/api/project.create"),
        )
        .unwrap_err();
        let text = refused.to_string();
        assert!(
            text.contains("to http://127.0.0.1:4000/api/project.create, another origin"),
            "{text}"
        );
        assert!(text.contains("(301)"), "{text}");
        assert!(!text.contains("pw"), "{text}");
        let refused = RedirectRefused {
            procedure: Some("project.create".into()),
            ..refused
        };
        assert!(
            refused
                .to_string()
                .starts_with("the POST request of project.create was redirected")
        );
    }
}
