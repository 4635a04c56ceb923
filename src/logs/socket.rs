//! One WebSocket to Dokploy, opened through the client's own `reqwest`: an HTTP/1.1 `GET` with
//! the upgrade headers and the API key as `x-api-key` (never in the URL), then the WebSocket
//! protocol (tokio-tungstenite) over the connection reqwest hands back. So the socket has the
//! API's TLS (rustls or native-tls, `wss` for an `https` Dokploy), proxies, connect timeout and
//! `User-Agent`, with no second TLS stack.
//!
//! The client sends nothing on the socket but the protocol's own pongs and close: Dokploy writes
//! whatever a container-log client sends into the container's terminal (recordings 435, 436).

use std::sync::{Arc, OnceLock};

use futures_util::StreamExt;
use reqwest::header::{CONNECTION, HeaderValue, UPGRADE};
use reqwest::{StatusCode, Version};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::{client::generate_key, derive_accept_key};
use tokio_tungstenite::tungstenite::protocol::{Message, Role, WebSocketConfig};

use super::LogStreamError;
use crate::config::HttpSettings;
use crate::{Client, Error, Result};

/// The largest frame or message read: Dokploy sends what `tail` and `docker logs` write, in
/// pipe-sized pieces (64 KiB at most), so this only guards memory against a broken server.
const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// The HTTP client the WebSockets are opened with.
#[derive(Clone, Debug)]
pub(crate) struct SocketHttp(Arc<Source>);

#[derive(Debug)]
enum Source {
    /// The caller's client (see [`ClientBuilder::websocket_http_client`](crate::ClientBuilder::websocket_http_client)).
    Given(reqwest::Client),
    /// Built when first needed, from the API client's settings, HTTP/1.1 only.
    Derived {
        settings: HttpSettings,
        built: OnceLock<std::result::Result<reqwest::Client, String>>,
    },
}

impl SocketHttp {
    pub(crate) fn given(client: reqwest::Client) -> Self {
        Self(Arc::new(Source::Given(client)))
    }

    pub(crate) fn derived(settings: HttpSettings) -> Self {
        Self(Arc::new(Source::Derived {
            settings,
            built: OnceLock::new(),
        }))
    }

    fn client(&self) -> Result<reqwest::Client> {
        match &*self.0 {
            Source::Given(client) => Ok(client.clone()),
            Source::Derived { settings, built } => built
                .get_or_init(|| {
                    settings
                        .reqwest_builder()
                        .map_err(|e| e.to_string())?
                        .http1_only()
                        .build()
                        .map_err(|e| e.to_string())
                })
                .clone()
                .map_err(|e| {
                    Error::Config(format!(
                        "the HTTP client for log streams could not be set up: {e}"
                    ))
                }),
        }
    }
}

/// What the server did next.
#[derive(Debug)]
pub(crate) enum Event {
    /// A text frame (a binary one is read as UTF-8, lossily).
    Text(String),
    /// The server closed the socket: `code` is `None` for a close frame without a status
    /// (what a browser reports as 1005).
    Closed { code: Option<u16>, reason: String },
    /// The connection broke without a close (reset, cut, a protocol error).
    Dropped(String),
}

/// An open WebSocket.
pub(crate) struct Socket {
    ws: WebSocketStream<reqwest::Upgraded>,
}

/// The URL of Dokploy's WebSocket `path` (`/listen-deployment`) for the client's base: beside
/// `/api`, with the same scheme (so `wss` for `https`) and any path prefix.
pub(crate) fn endpoint(
    client: &Client,
    path: &str,
    query: &[(&str, &str)],
) -> Result<reqwest::Url> {
    let base = client.base_url();
    let root = base.strip_suffix("/api").unwrap_or(base);
    let mut url = reqwest::Url::parse(&format!("{root}{path}"))
        .map_err(|e| Error::Config(format!("no WebSocket URL for {path}: {e}")))?;
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

/// Opens the WebSocket at `url` (from [`endpoint`]), sending the client's key.
pub(crate) async fn open(client: &Client, url: reqwest::Url) -> Result<Socket> {
    let context = &client.generated().inner;
    let http = context.sockets.client()?;
    let stream = url.path().to_string();
    let key = generate_key();
    let mut request = http
        .get(url)
        .version(Version::HTTP_11)
        .header(CONNECTION, HeaderValue::from_static("Upgrade"))
        .header(UPGRADE, HeaderValue::from_static("websocket"))
        .header("sec-websocket-version", HeaderValue::from_static("13"))
        .header("sec-websocket-key", key.as_str())
        .header("x-api-key", context.api_key.clone())
        .timeout(context.timeout);
    if let Some(basic) = &context.basic_auth {
        request = request.header(reqwest::header::AUTHORIZATION, basic.clone());
    }
    let started = std::time::Instant::now();
    let response = request.send().await.map_err(transport_error)?;
    tracing::debug!(
        target: "dokploy",
        stream = %stream,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "dokploy log stream upgrade"
    );
    if response.status() != StatusCode::SWITCHING_PROTOCOLS {
        return Err(LogStreamError::NotUpgraded {
            stream,
            status: response.status(),
            http2: response.version() == Version::HTTP_2,
        }
        .into());
    }
    let accept = response
        .headers()
        .get("sec-websocket-accept")
        .and_then(|v| v.to_str().ok());
    if accept != Some(derive_accept_key(key.as_bytes()).as_str()) {
        return Err(LogStreamError::NotUpgraded {
            stream,
            status: response.status(),
            http2: false,
        }
        .into());
    }
    let upgraded = response.upgrade().await.map_err(transport_error)?;
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE));
    let ws = WebSocketStream::from_raw_socket(upgraded, Role::Client, Some(config)).await;
    Ok(Socket { ws })
}

fn transport_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout(e)
    } else {
        Error::Connect(e)
    }
}

impl Socket {
    /// The next thing the server did (pings are answered on the way).
    pub(crate) async fn next(&mut self) -> Event {
        loop {
            let message = match self.ws.next().await {
                None => return Event::Dropped("the connection ended".into()),
                Some(Err(e)) => return Event::Dropped(e.to_string()),
                Some(Ok(message)) => message,
            };
            match message {
                Message::Text(text) => return Event::Text(text.as_str().to_string()),
                Message::Binary(bytes) => {
                    return Event::Text(String::from_utf8_lossy(&bytes).into_owned());
                }
                Message::Close(frame) => {
                    return match frame {
                        None => Event::Closed {
                            code: None,
                            reason: String::new(),
                        },
                        Some(frame) => Event::Closed {
                            code: Some(frame.code.into()),
                            reason: frame.reason.as_str().to_string(),
                        },
                    };
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
            }
        }
    }

    /// Closes the socket politely (a close frame, no text), giving up after a second.
    pub(crate) async fn close(mut self) {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(1), self.ws.close(None)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_sits_beside_the_api_with_the_same_scheme_and_prefix() {
        let client = Client::new("https://d.example.com/dokploy", "k").unwrap();
        let url = endpoint(
            &client,
            "/listen-deployment",
            &[("logPath", "/etc/dokploy/logs/a b.log")],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://d.example.com/dokploy/listen-deployment?logPath=%2Fetc%2Fdokploy%2Flogs%2Fa+b.log"
        );
        let client = Client::new("http://10.0.0.5:3000/api/", "k").unwrap();
        let url = endpoint(&client, "/docker-container-logs", &[]).unwrap();
        assert_eq!(url.as_str(), "http://10.0.0.5:3000/docker-container-logs");
    }
}
