//! The client against a server that misbehaves, byte by byte: a raw `TcpListener` of the test's
//! own that answers each request as a script says (HTML from a proxy, broken JSON, resets,
//! drips, silence).
//!
//! Every case checks the error kind, that the API key (which the server echoes back in most
//! answers) is in no rendered text (`Display`, `Debug`, `{:#?}`, and the `tracing` events), and,
//! by counting the requests the server read, exactly how many attempts were made. Redirects,
//! certificates, oversized heads and the whole-call deadline have their own sections; there a
//! second server stands for "another origin" and records everything that reaches it, so each
//! case also says where the key and the body went. Backoffs are a few milliseconds, so the
//! suite takes a few seconds.

use dokploy::required;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dokploy::{Client, Error, ResponseExt, RetryPolicy};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[path = "common/tls.rs"]
mod tls;

use tls::{TlsServer, ca_and_leaf, names, self_signed_ca};

/// Long enough to be scrubbed; the server spells it out in its answers.
const KEY: &str = "dkp_fault_suite_key_7f3a9c1e5b2d4f60";

/// What the server does with request number `n` (counted from 0).
#[derive(Clone)]
enum Reply {
    /// Writes these bytes, then closes.
    Bytes(Vec<u8>),
    /// Writes these bytes, then resets the connection (RST, not a clean close).
    ResetAfter(Vec<u8>),
    /// Writes the head, then one byte every `every`, until the client goes away.
    Drip { head: String, every: Duration },
    /// Reads the request and never answers (holds the connection until the client drops it).
    Silent,
    /// Writes the head, then `total` bytes in 64 KiB chunks, stopping at the first failed write.
    Flood { head: String, total: usize },
    /// Writes a status line, then header lines without end (at most 64 MiB), stopping at the
    /// first failed write.
    EndlessHead,
}

/// A request a server read: its head (request line and headers) and body.
#[derive(Clone, Debug)]
struct Seen {
    head: String,
    body: Vec<u8>,
}

impl Seen {
    fn method(&self) -> &str {
        self.head.split(' ').next().unwrap_or_default()
    }

    fn carries(&self, secret: &str) -> bool {
        self.head.contains(secret) || String::from_utf8_lossy(&self.body).contains(secret)
    }
}

fn answer(status: &str, content_type: &str, body: impl AsRef<[u8]>) -> Reply {
    let body = body.as_ref();
    let mut bytes = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    Reply::Bytes(bytes)
}

fn json(status: &str, body: impl AsRef<[u8]>) -> Reply {
    answer(status, "application/json", body)
}

fn html(status: &str, body: &str) -> Reply {
    answer(status, "text/html", body)
}

/// A proxy's page that echoes the request's headers, the key among them.
fn proxy_page(title: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><h1>{title}</h1><pre>x-api-key: {KEY}\naccept: */*</pre><hr>nginx</body></html>"
    )
}

type Script = Arc<dyn Fn(usize) -> Reply + Send + Sync>;

struct FaultServer {
    base_url: String,
    /// HTTP requests read (request line and headers complete).
    requests: Arc<AtomicUsize>,
    /// Every request read, in order.
    seen: Arc<Mutex<Vec<Seen>>>,
    /// TCP connections accepted.
    connections: Arc<AtomicUsize>,
    /// Bytes of `Flood` bodies written before a write failed or the total was reached.
    flooded: Arc<AtomicUsize>,
}

impl FaultServer {
    async fn start(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        Self::serve(listener, base_url, Arc::new(script))
    }

    fn serve(listener: TcpListener, base_url: String, script: Script) -> Self {
        let server = FaultServer {
            base_url,
            requests: Arc::default(),
            seen: Arc::default(),
            connections: Arc::default(),
            flooded: Arc::default(),
        };
        let (requests, seen, connections, flooded) = (
            server.requests.clone(),
            server.seen.clone(),
            server.connections.clone(),
            server.flooded.clone(),
        );
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                connections.fetch_add(1, Ordering::SeqCst);
                let (requests, seen, flooded, script) = (
                    requests.clone(),
                    seen.clone(),
                    flooded.clone(),
                    script.clone(),
                );
                tokio::spawn(async move {
                    let _ = handle(stream, &requests, &seen, &flooded, &script).await;
                });
            }
        });
        server
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn port(&self) -> u16 {
        self.base_url.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// A client with fast retries (3 attempts, waits of a few milliseconds).
    fn client(&self) -> Client {
        self.client_with(|b| b)
    }

    fn client_with(
        &self,
        f: impl FnOnce(dokploy::ClientBuilder) -> dokploy::ClientBuilder,
    ) -> Client {
        f(Client::builder()
            .base_url(&self.base_url)
            .api_key(KEY)
            .timeout(Duration::from_secs(5))
            .retry(fast_retries(3)))
        .build()
        .unwrap()
    }
}

fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        budget: Duration::from_secs(20),
    }
}

/// Reads one request: its head and its `content-length` body. `None` when the client left
/// first, or sent a TLS handshake (then answered in plain text, as a server without TLS would).
async fn read_request(
    stream: &mut (impl AsyncRead + AsyncWrite + Unpin),
) -> std::io::Result<Option<Seen>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 {
            return Ok(None); // the client left
        }
        if head.is_empty() && byte[0] == 0x16 {
            stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n")
                .await?;
            stream.shutdown().await?;
            return Ok(None);
        }
        head.push(byte[0]);
        if head.len() > 64 * 1024 {
            return Ok(None);
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length: usize = head
        .to_ascii_lowercase()
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await?;
    Ok(Some(Seen { head, body }))
}

/// Reads one request, then does what the script says.
async fn handle(
    mut stream: TcpStream,
    requests: &AtomicUsize,
    seen: &Mutex<Vec<Seen>>,
    flooded: &AtomicUsize,
    script: &Script,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    seen.lock().unwrap().push(request);
    let n = requests.fetch_add(1, Ordering::SeqCst);
    match script(n) {
        Reply::Bytes(bytes) => {
            stream.write_all(&bytes).await?;
            stream.shutdown().await?;
        }
        Reply::ResetAfter(bytes) => {
            stream.write_all(&bytes).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            stream.set_zero_linger()?;
            drop(stream);
        }
        Reply::Drip { head, every } => {
            stream.write_all(head.as_bytes()).await?;
            loop {
                tokio::time::sleep(every).await;
                stream.write_all(b" ").await?;
                stream.flush().await?;
            }
        }
        Reply::Silent => {
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest).await;
        }
        Reply::Flood { head, total } => {
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b'x'; 64 * 1024];
            let mut written = 0;
            while written < total {
                if stream.write_all(&chunk).await.is_err() {
                    break;
                }
                written += chunk.len();
                flooded.store(written, Ordering::SeqCst);
            }
        }
        Reply::EndlessHead => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            let lines =
                "x-filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1024);
            let mut written = 0;
            while written < 64 * 1024 * 1024 {
                if stream.write_all(lines.as_bytes()).await.is_err() {
                    break;
                }
                written += lines.len();
            }
        }
    }
    Ok(())
}

/// Every `tracing` event of the test's thread, as text.
#[derive(Clone, Default)]
struct Traces(Arc<Mutex<Vec<String>>>);

impl Traces {
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    /// How many attempts the client traced (answered or failed).
    fn attempts(&self) -> usize {
        self.all()
            .iter()
            .filter(|e| e.contains("message=dokploy request"))
            .count()
    }

    /// The first retry event (there must be one).
    fn first_retry(&self) -> String {
        self.all()
            .into_iter()
            .find(|e| e.contains("message=dokploy retry"))
            .expect("a retry was traced")
    }

    fn retries(&self) -> usize {
        self.all()
            .iter()
            .filter(|e| e.contains("message=dokploy retry"))
            .count()
    }
}

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        let _ = write!(self.0, "{}={} ", field.name(), value);
    }
}

impl tracing::Subscriber for Traces {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(format!("span {} ", span.metadata().name()));
        span.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields(String::from("record "));
        values.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(format!("{} ", event.metadata().target()));
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// The key is in none of the error's renderings nor in any traced event.
fn assert_key_hidden(error: &Error, traces: &Traces) {
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
    if let Some(api) = error.api() {
        assert!(!api.message.contains(KEY), "{}", api.message);
        assert!(!String::from_utf8_lossy(&api.body).contains(KEY));
    }
    for event in traces.all() {
        assert!(!event.contains(KEY), "the key leaked in a trace: {event}");
    }
}

async fn get(client: &Client) -> dokploy::Result<dokploy::Body> {
    client.project_all().send().body().await
}

async fn post(client: &Client) -> dokploy::Result<dokploy::Body> {
    client
        .call("application.deploy")
        .arg("applicationId", "app-1")
        .send()
        .body()
        .await
}

// ---------------------------------------------------------------------------------------------
// Answers that are not what they should be.

#[tokio::test]
async fn an_html_502_from_a_proxy_is_retried_for_a_query_and_not_for_a_mutation() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server =
        FaultServer::start(|_| html("502 Bad Gateway", &proxy_page("502 Bad Gateway"))).await;
    let client = server.client();

    let err = get(&client).await.unwrap_err();
    let Error::Http(http) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(http.status.as_u16(), 502);
    assert!(
        http.snippet().contains("502 Bad Gateway"),
        "{}",
        http.snippet()
    );
    assert!(err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 3, "a query: 3 attempts");
    assert_eq!(traces.retries(), 2);

    let err = post(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::Http(h) if h.status.as_u16() == 502),
        "{err:?}"
    );
    assert!(
        !err.is_retryable(),
        "a proxy may have passed the mutation on"
    );
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 4, "a mutation: sent once");
}

#[tokio::test]
async fn an_html_200_from_a_proxy_is_a_decode_error_sent_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| html("200 OK", &proxy_page("Sign in"))).await;
    let err = server
        .client()
        .project_all()
        .send()
        .decode::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_sent_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| json("200 OK", r#"[{"projectId":"p1","name":"sh"#)).await;
    let err = server.client().projects().all().await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert!(decode.source.is_eof(), "{err}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn wrong_types_are_a_decode_error_that_quotes_no_key() {
    let traces = Traces::default();
    let _guard = traces.install();
    // serde quotes the offending value: the key the server put there must not show.
    let server = FaultServer::start(|_| json("200 OK", format!(r#"["{KEY}", 2]"#))).await;
    let err = server
        .client()
        .project_all()
        .send()
        .decode::<Vec<u32>>()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path, "[0]");
    assert!(err.to_string().contains("invalid type: string"), "{err}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_and_the_body_is_still_readable() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| json("200 OK", b"[\"caf\xe9\", \"\xff\xfe\"]")).await;
    let client = server.client();
    let err = client
        .project_all()
        .send()
        .decode::<Vec<String>>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_key_hidden(&err, &traces);
    let body = get(&client).await.unwrap();
    assert_eq!(body.raw().len(), 14);
    assert!(body.text().contains('\u{fffd}'));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn json_nested_200000_deep_is_a_decode_error_not_a_stack_overflow() {
    let traces = Traces::default();
    let _guard = traces.install();
    let depth = 200_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let server = FaultServer::start(move |_| json("200 OK", &nested)).await;
    let client = server.client();
    let err = client
        .project_all()
        .send()
        .decode::<serde_json::Value>()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert!(
        decode.source.to_string().contains("recursion limit"),
        "{err}"
    );
    assert_key_hidden(&err, &traces);
    // The typed layer and the body's own readers refuse it the same way.
    assert!(matches!(
        client.projects().all().await,
        Err(Error::Decode(_))
    ));
    let body = get(&client).await.unwrap();
    assert_eq!(body.json(), None);
    let _ = format!("{body:?}");
    assert_eq!(server.requests(), 3);
}

// ---------------------------------------------------------------------------------------------
// Error statuses.

#[tokio::test]
async fn a_401_without_code_is_a_rejected_key_sent_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| {
        json(
            "401 Unauthorized",
            format!(r#"{{"message":"Unauthorized: {KEY}"}}"#),
        )
    })
    .await;
    let err = get(&server.client()).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert!(err.to_string().contains("refused the API key"), "{err}");
    assert!(!err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_in_seconds_is_waited_for_then_retried() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|n| match n {
        0 => Reply::Bytes(
            b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec(),
        ),
        _ => json("200 OK", "[]"),
    })
    .await;
    let body = get(&server.client()).await.unwrap();
    assert_eq!(body.json(), Some(&serde_json::json!([])));
    assert_eq!(server.requests(), 2);
    let retry = traces.first_retry();
    assert!(retry.contains("wait_ms=1000"), "{retry}");
    assert!(retry.contains("status=429"), "{retry}");
}

#[tokio::test]
async fn a_429_with_an_http_date_is_honoured_and_one_past_the_budget_is_not_waited_for() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|n| {
        let retry_after = match n {
            0 => "Sun, 06 Nov 1994 08:49:37 GMT", // already past: try again at once
            1 => "Fri, 31 Dec 9999 23:59:59 GMT", // far past the budget: give up now
            _ => "0",
        };
        let body = r#"{"message":"Too many requests","code":"TOO_MANY_REQUESTS"}"#;
        Reply::Bytes(
            format!(
                "HTTP/1.1 429 Too Many Requests\r\nretry-after: {retry_after}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    })
    .await;
    let client = server.client();
    let err = get(&client).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(
        server.requests(),
        2,
        "retried once at once, then the wait was too long"
    );

    // A mutation is not retried on a 429 (it may be tried again later: `is_retryable`).
    let err = post(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_500_with_json_keeps_dokploys_message_without_the_key_and_is_not_retried() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| {
        json(
            "500 Internal Server Error",
            format!(r#"{{"message":"failed to verify key {KEY}","code":"INTERNAL_SERVER_ERROR"}}"#),
        )
    })
    .await;
    let err = get(&server.client()).await.unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.code.as_deref(), Some("INTERNAL_SERVER_ERROR"));
    assert_eq!(api.message, "failed to verify key <redacted>");
    assert!(!err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_500_with_an_empty_body_is_an_http_error_sent_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| json("500 Internal Server Error", "")).await;
    let err = get(&server.client()).await.unwrap_err();
    let Error::Http(http) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(http.status.as_u16(), 500);
    assert!(http.body.is_empty());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn secret_values_of_the_request_are_not_echoed_by_an_error() {
    let traces = Traces::default();
    let _guard = traces.install();
    let secret = "DB_PASSWORD=hunter2-from-the-caller";
    let server = FaultServer::start(move |_| {
        json(
            "400 Bad Request",
            format!(r#"{{"message":"cannot parse env {secret}","code":"BAD_REQUEST"}}"#),
        )
    })
    .await;
    let err = server
        .client()
        .call("application.saveEnvironment")
        .arg("applicationId", "app-1")
        .arg("env", secret)
        .arg("createEnvFile", false)
        .send()
        .body()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    for text in [err.to_string(), format!("{err:#?}")] {
        assert!(!text.contains("hunter2"), "{text}");
    }
    assert!(!String::from_utf8_lossy(&err.api().unwrap().body).contains("hunter2"));
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

// ---------------------------------------------------------------------------------------------
// Bodies too large.

#[tokio::test]
async fn a_body_announced_past_the_limit_is_refused_before_it_is_read() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| Reply::Flood {
        head:
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 33554432\r\n\r\n"
                .into(),
        total: 32 * 1024 * 1024,
    })
    .await;
    let client = server.client_with(|b| b.max_body_size(1024));
    let err = get(&client).await.unwrap_err();
    let Error::BodyTooLarge(too_large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(too_large.limit, 1024);
    assert_eq!(too_large.announced, Some(32 * 1024 * 1024));
    assert!(err.to_string().contains("max_body_size"), "{err}");
    assert!(!err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
    wait_for_flood_to_stop(&server).await;
    assert!(
        server.flooded.load(Ordering::SeqCst) < 32 * 1024 * 1024,
        "the client stopped reading and dropped the connection"
    );
}

#[tokio::test]
async fn a_body_that_runs_past_the_limit_stops_being_read_there() {
    let traces = Traces::default();
    let _guard = traces.install();
    // No length: the body runs until the server closes.
    let server = FaultServer::start(|_| Reply::Flood {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
            .into(),
        total: 32 * 1024 * 1024,
    })
    .await;
    let client = server.client_with(|b| b.max_body_size(100 * 1024));
    let err = get(&client).await.unwrap_err();
    let Error::BodyTooLarge(too_large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(too_large.announced, None);
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
    wait_for_flood_to_stop(&server).await;
    assert!(server.flooded.load(Ordering::SeqCst) < 32 * 1024 * 1024);
}

/// Waits until the flooding server's count stops moving (its writes failed).
async fn wait_for_flood_to_stop(server: &FaultServer) {
    let mut last = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = server.flooded.load(Ordering::SeqCst);
        if now == last {
            return;
        }
        last = now;
    }
}

// ---------------------------------------------------------------------------------------------
// Connections that break, drip or go silent.

/// A 200 that announces 1000 bytes and sends 100 before the connection is reset.
fn cut_mid_body() -> Reply {
    let mut bytes =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n["
            .to_vec();
    bytes.extend_from_slice(&[b' '; 99]);
    Reply::ResetAfter(bytes)
}

#[tokio::test]
async fn a_query_reset_mid_body_is_retried_and_succeeds() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|n| match n {
        0 => cut_mid_body(),
        _ => json("200 OK", r#"[{"projectId":"p1","name":"shop"}]"#),
    })
    .await;
    let projects = server.client().projects().all().await.unwrap();
    assert_eq!(projects[0].name, "shop");
    assert_eq!(server.requests(), 2);
    let retry = traces.first_retry();
    assert!(retry.contains("middle of the answer"), "{retry}");
    assert!(retry.contains("procedure=project.all"), "{retry}");
}

#[tokio::test]
async fn a_query_reset_every_time_fails_as_a_connection_error_after_the_last_attempt() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| cut_mid_body()).await;
    let err = get(&server.client()).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_mutation_reset_mid_body_is_outcome_unknown_and_sent_exactly_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| cut_mid_body()).await;
    let err = post(&server.client()).await.unwrap_err();
    let Error::OutcomeUnknown(lost) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(lost.procedure, "application.deploy");
    assert!(!lost.timed_out);
    let text = err.to_string();
    assert!(text.contains("may or may not have been made"), "{text}");
    assert!(text.contains("deployment.all"), "{text}");
    assert!(!err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_mutation_reset_before_any_answer_is_outcome_unknown_and_sent_exactly_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| Reply::ResetAfter(Vec::new())).await;
    let err = server
        .client()
        .call("application.create")
        .arg("name", "web")
        .arg("environmentId", "env-1")
        .send()
        .body()
        .await
        .unwrap_err();
    let Error::OutcomeUnknown(lost) = &err else {
        panic!("{err:?}")
    };
    assert!(lost.how_to_check().contains("application.all"), "{err}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_mutation_marked_idempotent_is_retried_like_a_query() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|n| match n {
        0 => Reply::ResetAfter(Vec::new()),
        _ => json("200 OK", "true"),
    })
    .await;
    let body = server
        .client()
        .application_update()
        .required(required::ApplicationUpdate {
            application_id: "app-1".into(),
        })
        .body_map(|b| b.description(Some("fixed".to_string())))
        .send()
        .idempotent()
        .body()
        .await
        .unwrap();
    body.expect_done().unwrap();
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_server_that_drips_a_byte_every_half_second_is_cut_by_the_timeout() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| Reply::Drip {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n"
            .into(),
        every: Duration::from_millis(500),
    })
    .await;
    let client = server.client_with(|b| {
        b.timeout(Duration::from_millis(1200))
            .retry(fast_retries(2))
    });
    let err = get(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 2, "a query: both attempts timed out");

    let err = post(&client).await.unwrap_err();
    let Error::OutcomeUnknown(lost) = &err else {
        panic!("{err:?}")
    };
    assert!(lost.timed_out);
    assert!(err.to_string().contains("within the timeout"), "{err}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 3, "a mutation: once");
}

#[tokio::test]
async fn a_server_that_never_answers_is_cut_by_the_timeout() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| Reply::Silent).await;
    let client = server.client_with(|b| b.timeout(Duration::from_millis(300)));
    let err = get(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 3);
    assert_eq!(traces.attempts(), 3);

    let err = post(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::OutcomeUnknown(lost) if lost.timed_out),
        "{err:?}"
    );
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 4);
}

// ---------------------------------------------------------------------------------------------
// Requests that provably never left: mutations are retried.

#[tokio::test]
async fn a_mutation_refused_at_connect_is_retried_and_then_sent_exactly_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    // Nothing listens on the port at first; a server takes it a moment later.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base_url = format!("http://127.0.0.1:{port}");
    let client = Client::builder()
        .base_url(&base_url)
        .api_key(KEY)
        .retry(RetryPolicy {
            max_attempts: 50,
            base_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(20),
            budget: Duration::from_secs(20),
        })
        .build()
        .unwrap();
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        FaultServer::serve(listener, base_url, Arc::new(|_| json("200 OK", "")))
    });
    let body = post(&client).await.unwrap();
    assert!(body.is_empty());
    let server = late.await.unwrap();
    assert_eq!(
        server.requests(),
        1,
        "refused attempts never reached a server"
    );
    assert!(traces.retries() >= 1, "{:#?}", traces.all());
    assert!(traces.all().iter().any(|e| e.contains("could not be made")));
}

#[tokio::test]
async fn a_mutation_refused_every_time_fails_as_a_connection_error_after_every_attempt() {
    let traces = Traces::default();
    let _guard = traces.install();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(KEY)
        .retry(fast_retries(3))
        .build()
        .unwrap();
    let err = post(&client).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_retryable(), "it never left: trying again is safe");
    assert_key_hidden(&err, &traces);
    assert_eq!(traces.attempts(), 3, "{:#?}", traces.all());
}

#[tokio::test]
async fn a_mutation_whose_tls_handshake_fails_is_retried_and_never_sends_a_request() {
    let traces = Traces::default();
    let _guard = traces.install();
    // A plain-text server behind an https:// URL: the handshake fails before any request.
    let server = FaultServer::start(|_| json("200 OK", "true")).await;
    let tls_url = server.base_url.replace("http://", "https://");
    let client = Client::builder()
        .base_url(tls_url)
        .api_key(KEY)
        .retry(fast_retries(3))
        .build()
        .unwrap();
    let err = post(&client).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.connections.load(Ordering::SeqCst), 3, "3 handshakes");
    assert_eq!(server.requests(), 0, "no HTTP request ever left");
}

#[tokio::test]
async fn without_retries_every_call_is_sent_once() {
    let server = FaultServer::start(|_| html("503 Service Unavailable", &proxy_page("503"))).await;
    let client = server.client_with(|b| b.retry(RetryPolicy::none()));
    let err = get(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests(), 1);
}

// ---------------------------------------------------------------------------------------------
// Redirects: the key and the body never leave the configured origin.

/// The env block a mutation sends in these cases: a body with a password in it.
const SECRET_BODY: &str = "DB_PASSWORD=body-secret-9d2e71";

/// The bytes of a `Reply::Bytes` (what the TLS server writes).
fn bytes(reply: Reply) -> Vec<u8> {
    match reply {
        Reply::Bytes(bytes) => bytes,
        _ => unreachable!("the TLS server writes bytes only"),
    }
}

fn redirect(code: u16, location: &str) -> Reply {
    Reply::Bytes(
        format!(
            "HTTP/1.1 {code} Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

/// A mutation with a secret in its body.
async fn post_secret(client: &Client) -> dokploy::Result<dokploy::Body> {
    client
        .call("application.saveEnvironment")
        .arg("applicationId", "app-1")
        .arg("env", SECRET_BODY)
        .arg("createEnvFile", false)
        .send()
        .body()
        .await
}

/// Nothing reached `server`: no request, so neither the key nor a body.
fn assert_untouched(server: &FaultServer, case: &str) {
    assert_eq!(
        server.requests(),
        0,
        "{case}: another origin was reached: {:#?}",
        server.seen()
    );
}

/// A server that redirects every request to the `Location` in `target` (set after it starts,
/// so that it can name the server's own port).
async fn redirecting(code: u16, target: &Arc<Mutex<String>>) -> FaultServer {
    let target = target.clone();
    FaultServer::start(move |_| redirect(code, &target.lock().unwrap())).await
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_for_every_code_and_method_and_reaches_nothing() {
    let traces = Traces::default();
    let _guard = traces.install();
    // "Another origin": every request that reaches it is recorded.
    let elsewhere = FaultServer::start(|_| json("200 OK", "true")).await;
    let mut cases = 0;
    for code in [301, 302, 303, 307, 308] {
        let target = Arc::new(Mutex::new(String::new()));
        let origin = redirecting(code, &target).await;
        let client = origin.client();
        // Another port; another host name on the same port (`localhost` is not 127.0.0.1);
        // another host and port.
        for other in [
            format!("http://127.0.0.1:{}", elsewhere.port()),
            format!("http://localhost:{}", origin.port()),
            format!("http://localhost:{}", elsewhere.port()),
        ] {
            let location = format!("{other}/api/moved");
            *target.lock().unwrap() = location.clone();
            let before = origin.requests();
            for (method, result) in [
                ("GET", get(&client).await),
                ("POST", post_secret(&client).await),
            ] {
                let case = format!("{code} {method} to {location}");
                let err = result.expect_err(&case);
                let Error::Redirect(refused) = &err else {
                    panic!("{case}: {err:?}")
                };
                assert_eq!(
                    refused.reason,
                    dokploy::redirect::RedirectReason::OtherOrigin,
                    "{case}"
                );
                assert_eq!(refused.location, location, "{case}");
                assert_eq!(refused.status, Some(code), "{case}");
                assert_eq!(refused.method.as_deref(), Some(method), "{case}");
                assert!(err.to_string().contains(&location), "{case}: {err}");
                assert!(!err.is_retryable(), "{case}");
                assert_key_hidden(&err, &traces);
                assert!(!format!("{err:?}").contains("body-secret"), "{err:?}");
                cases += 1;
            }
            // Each call reached the origin once (never retried, never followed back to it).
            assert_eq!(origin.requests() - before, 2, "{code} to {location}");
            assert_untouched(&elsewhere, &format!("{code} to {location}"));
        }
    }
    assert_eq!(cases, 30);
}

#[tokio::test]
async fn a_post_that_a_same_origin_301_302_or_303_would_turn_into_a_get_is_refused_and_sent_once() {
    let traces = Traces::default();
    let _guard = traces.install();
    for code in [301, 302, 303] {
        let origin = FaultServer::start(move |n| match n {
            // A proxy that folds `//api/x` into `/api/x` answers like this.
            0 => redirect(code, "/api/application.saveEnvironment"),
            _ => json("200 OK", "true"),
        })
        .await;
        let err = post_secret(&origin.client()).await.unwrap_err();
        let Error::Redirect(refused) = &err else {
            panic!("{code}: {err:?}")
        };
        assert_eq!(
            refused.reason,
            dokploy::redirect::RedirectReason::MethodChange
        );
        assert_eq!(
            refused.procedure.as_deref(),
            Some("application.saveEnvironment")
        );
        let text = err.to_string();
        assert!(text.contains("as a GET without its body"), "{text}");
        assert!(text.contains("307 or 308"), "{text}");
        assert!(!err.is_retryable());
        assert_key_hidden(&err, &traces);
        let seen = origin.seen();
        assert_eq!(seen.len(), 1, "{code}: sent once, never re-sent as a GET");
        assert_eq!(seen[0].method(), "POST");
    }
}

#[tokio::test]
async fn same_origin_redirects_that_keep_method_and_body_are_followed() {
    for code in [307, 308] {
        let origin = FaultServer::start(move |n| match n {
            0 => redirect(code, "/api/application.saveEnvironment"),
            _ => json("200 OK", "true"),
        })
        .await;
        post_secret(&origin.client())
            .await
            .unwrap()
            .expect_done()
            .unwrap();
        let seen = origin.seen();
        assert_eq!(seen.len(), 2, "{code}");
        for request in &seen {
            assert_eq!(request.method(), "POST", "{code}");
            assert!(
                request.carries(KEY) && request.carries("body-secret"),
                "{code}: {request:?}"
            );
        }
    }
    for code in [301, 302, 303, 307, 308] {
        let origin = FaultServer::start(move |n| match n {
            0 => redirect(code, "/api/project.all"),
            _ => json("200 OK", "[]"),
        })
        .await;
        assert!(origin.client().projects().all().await.unwrap().is_empty());
        let methods: Vec<String> = origin
            .seen()
            .iter()
            .map(|s| s.method().to_string())
            .collect();
        assert_eq!(methods, ["GET", "GET"], "{code}");
    }
}

#[tokio::test]
async fn a_redirect_loop_on_the_origin_stops_after_ten_hops() {
    let origin = FaultServer::start(|n| redirect(302, &format!("/api/project.all?hop={n}"))).await;
    let err = get(&origin.client()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Redirect(r) if r.reason == dokploy::redirect::RedirectReason::TooMany),
        "{err:?}"
    );
    assert_eq!(origin.requests(), 10, "ten redirects followed, not retried");
}

#[tokio::test]
async fn an_http_client_without_the_policy_is_caught_after_the_fact_and_one_with_it_is_safe() {
    let elsewhere = FaultServer::start(|_| json("200 OK", "[]")).await;
    let location = format!("{}/api/project.all", elsewhere.base_url);
    let answer = location.clone();
    let origin = FaultServer::start(move |_| redirect(302, &answer)).await;

    // reqwest's default policy follows to any host, and sends the key along: the call still
    // fails, naming what happened, but the key went there.
    let careless = origin.client_with(|b| b.http_client(reqwest::Client::new()));
    let err = get(&careless).await.unwrap_err();
    let Error::Redirect(refused) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        refused.reason,
        dokploy::redirect::RedirectReason::FollowedWithoutPolicy
    );
    assert!(
        err.to_string().contains("dokploy::redirect::policy()"),
        "{err}"
    );
    assert_eq!(
        elsewhere.requests(),
        1,
        "the key went there: that is why the policy is needed"
    );

    // With the crate's policy installed, nothing goes there.
    let careful = origin.client_with(|b| {
        b.http_client(
            reqwest::Client::builder()
                .redirect(dokploy::redirect::policy())
                .build()
                .unwrap(),
        )
    });
    let err = post_secret(&careful).await.unwrap_err();
    assert!(
        matches!(&err, Error::Redirect(r) if r.reason == dokploy::redirect::RedirectReason::OtherOrigin),
        "{err:?}"
    );
    assert_eq!(elsewhere.requests(), 1, "nothing more reached it");
}

// ---------------------------------------------------------------------------------------------
// TLS: certificates made here (rcgen), a server of the test's own (tokio-rustls), both in
// `tests/common/tls.rs`.

/// A client of the test server `server`, trusting `pem` when given.
fn client_trusting(server: &TlsServer, pem: Option<String>) -> Client {
    let mut builder = Client::builder()
        .base_url(&server.base_url)
        .api_key(KEY)
        .timeout(Duration::from_secs(5))
        .retry(fast_retries(3));
    if let Some(pem) = pem {
        builder = builder.add_root_certificate(pem);
    }
    builder.build().unwrap()
}

/// The certificate `err` names, checked for the rest: final, one handshake, no key sent.
fn assert_certificate_refused(
    err: &Error,
    server: &TlsServer,
    traces: &Traces,
) -> dokploy::tls::CertificateProblem {
    let Error::Certificate(refused) = err else {
        panic!("{err:?}")
    };
    assert!(!err.is_retryable());
    assert!(!err.to_string().contains("could not reach"), "{err}");
    assert_key_hidden(err, traces);
    assert_eq!(server.connections(), 1, "one handshake: not retried");
    assert_eq!(server.requests(), 0, "no request, so no key, ever left");
    refused.problem.clone()
}

#[tokio::test]
async fn a_self_signed_ca_certificate_is_refused_in_one_plain_sentence_even_when_trusted() {
    let traces = Traces::default();
    let _guard = traces.install();
    let identity = self_signed_ca();
    let pem = identity.chain[0].pem();
    // Trusted or not, a CA certificate cannot be the server's own.
    for trusted in [Some(pem), None] {
        let server = TlsServer::start(&identity, |_| bytes(json("200 OK", "[]"))).await;
        let err = get(&client_trusting(&server, trusted.clone()))
            .await
            .unwrap_err();
        let problem = assert_certificate_refused(&err, &server, &traces);
        if trusted.is_some() {
            assert_eq!(
                problem,
                dokploy::tls::CertificateProblem::CaUsedAsServerCertificate
            );
            let text = err.to_string();
            assert!(text.contains("CA:TRUE"), "{text}");
            assert!(text.contains("add_root_certificate"), "{text}");
            assert!(
                text.contains(&server.base_url.replace("https://", "")),
                "{text}"
            );
        }
    }
}

#[tokio::test]
async fn a_certificate_from_an_unknown_issuer_is_refused_and_works_once_its_ca_is_trusted() {
    let traces = Traces::default();
    let _guard = traces.install();
    let (ca, identity) = ca_and_leaf(names(), None);
    let server = TlsServer::start(&identity, |_| bytes(json("200 OK", "[]"))).await;
    let err = post_secret(&client_trusting(&server, None))
        .await
        .unwrap_err();
    let problem = assert_certificate_refused(&err, &server, &traces);
    assert_eq!(problem, dokploy::tls::CertificateProblem::UnknownIssuer);
    assert!(err.to_string().contains("--ca-cert"), "{err}");

    // Trusting the CA is all it takes; everything else the builder set is kept.
    let trusting = TlsServer::start(&identity, |_| bytes(json("200 OK", "[]"))).await;
    let projects = client_trusting(&trusting, Some(ca.pem()))
        .projects()
        .all()
        .await
        .unwrap();
    assert!(projects.is_empty());
    assert_eq!(trusting.requests(), 1);
}

#[tokio::test]
async fn an_expired_certificate_or_one_for_another_name_says_so() {
    let traces = Traces::default();
    let _guard = traces.install();
    let (ca, identity) = ca_and_leaf(names(), Some((2020, 1, 1)));
    let server = TlsServer::start(&identity, |_| bytes(json("200 OK", "[]"))).await;
    let err = get(&client_trusting(&server, Some(ca.pem())))
        .await
        .unwrap_err();
    let problem = assert_certificate_refused(&err, &server, &traces);
    assert!(
        matches!(problem, dokploy::tls::CertificateProblem::Expired { .. }),
        "{problem:?}"
    );
    assert!(err.to_string().contains("expired on 2020-01-01"), "{err}");

    let (ca, identity) = ca_and_leaf(vec!["dokploy.internal.example".into()], None);
    let server = TlsServer::start(&identity, |_| bytes(json("200 OK", "[]"))).await;
    let err = get(&client_trusting(&server, Some(ca.pem())))
        .await
        .unwrap_err();
    let problem = assert_certificate_refused(&err, &server, &traces);
    assert!(
        matches!(&problem, dokploy::tls::CertificateProblem::WrongName { presented } if presented.iter().any(|n| n.contains("dokploy.internal.example"))),
        "{problem:?}"
    );
    assert!(
        err.to_string().contains("dokploy.internal.example"),
        "{err}"
    );
}

#[tokio::test]
async fn an_https_origin_redirecting_to_plain_http_is_refused_and_nothing_goes_in_clear_text() {
    let traces = Traces::default();
    let _guard = traces.install();
    let elsewhere = FaultServer::start(|_| json("200 OK", "true")).await;
    let (ca, identity) = ca_and_leaf(names(), None);
    for code in [301, 302, 303, 307, 308] {
        let target = Arc::new(Mutex::new(String::new()));
        let answer = target.clone();
        let server = TlsServer::start(&identity, move |_| {
            bytes(redirect(code, &answer.lock().unwrap()))
        })
        .await;
        let client = client_trusting(&server, Some(ca.pem()));
        // The same host and port with only the scheme changed; another port.
        for other in [
            server.base_url.replace("https://", "http://"),
            elsewhere.base_url.clone(),
        ] {
            let location = format!("{other}/api/project.all");
            *target.lock().unwrap() = location.clone();
            for result in [get(&client).await, post_secret(&client).await] {
                let err = result.unwrap_err();
                let Error::Redirect(refused) = &err else {
                    panic!("{code} to {location}: {err:?}")
                };
                assert_eq!(refused.reason, dokploy::redirect::RedirectReason::Downgrade);
                assert_eq!(refused.location, location);
                assert!(err.to_string().contains("unencrypted"), "{err}");
                assert_key_hidden(&err, &traces);
            }
        }
        assert_eq!(
            server.requests(),
            4,
            "{code}: each call reached the origin once"
        );
    }
    assert_untouched(&elsewhere, "https to http");
}

// ---------------------------------------------------------------------------------------------
// Answer heads too large to read: a protocol error, final.

#[tokio::test]
async fn answer_heads_too_large_to_read_are_a_protocol_error_that_is_not_retried() {
    let traces = Traces::default();
    let _guard = traces.install();
    let huge_line = {
        let mut head = format!("HTTP/1.1 200 OK\r\nx-huge: {}\r\n", "a".repeat(1024 * 1024));
        head.push_str("content-length: 2\r\nconnection: close\r\n\r\n[]");
        Reply::Bytes(head.into_bytes())
    };
    let many_headers = {
        let mut head = String::from("HTTP/1.1 200 OK\r\n");
        for i in 0..10_000 {
            head.push_str(&format!("x-h{i}: v\r\n"));
        }
        head.push_str("content-length: 2\r\nconnection: close\r\n\r\n[]");
        Reply::Bytes(head.into_bytes())
    };
    for (case, reply) in [
        ("a 1 MiB header line", huge_line),
        ("10,000 headers", many_headers),
        ("headers that never end", Reply::EndlessHead),
    ] {
        let server = FaultServer::start(move |_| reply.clone()).await;
        let client = server.client();
        let err = get(&client).await.unwrap_err();
        let Error::Protocol(protocol) = &err else {
            panic!("{case}: {err:?}")
        };
        assert!(protocol.head_too_large, "{case}: {err}");
        let text = err.to_string();
        assert!(
            text.contains("head larger than this client reads"),
            "{case}: {text}"
        );
        assert!(!text.contains("could not reach"), "{case}: {text}");
        assert!(!err.is_retryable(), "{case}");
        assert_key_hidden(&err, &traces);
        assert_eq!(server.requests(), 1, "{case}: a query, not retried");

        // A mutation whose answer cannot be read may have been carried out.
        let err = post(&client).await.unwrap_err();
        assert!(matches!(err, Error::OutcomeUnknown(_)), "{case}: {err:?}");
        assert_eq!(server.requests(), 2, "{case}: a mutation, sent once");
    }
}

// ---------------------------------------------------------------------------------------------
// The whole-call deadline: attempts and the waits between them.

#[tokio::test]
async fn the_deadline_ends_a_call_to_a_silent_server_with_one_attempt() {
    let traces = Traces::default();
    let _guard = traces.install();
    let server = FaultServer::start(|_| Reply::Silent).await;
    // Each attempt alone could take ten minutes, and three are allowed: only the deadline can
    // end the call within the guard.
    let client = server.client_with(|b| {
        b.timeout(Duration::from_secs(600))
            .deadline(Duration::from_millis(500))
    });
    let guard = Duration::from_secs(60);
    let err = tokio::time::timeout(guard, get(&client))
        .await
        .expect("the deadline ended the call")
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_key_hidden(&err, &traces);
    assert_eq!(server.requests(), 1, "no time was left for another attempt");
    assert_eq!(traces.retries(), 0);

    let err = tokio::time::timeout(guard, post(&client))
        .await
        .expect("the deadline ended the call")
        .unwrap_err();
    assert!(
        matches!(&err, Error::OutcomeUnknown(lost) if lost.timed_out),
        "{err:?}"
    );
    assert_eq!(server.requests(), 2, "the mutation was sent once");
}

#[tokio::test]
async fn the_deadline_counts_the_waits_between_attempts() {
    let traces = Traces::default();
    let _guard = traces.install();
    // Every answer asks to wait a second: the first wait fits in 1.9 s (unless the first
    // attempt takes 0.9 s), the second, which would end past 2 s, never does.
    let server = FaultServer::start(|_| {
        Reply::Bytes(
            b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let client = server.client_with(|b| {
        b.retry(fast_retries(5))
            .deadline(Duration::from_millis(1900))
    });
    let err = get(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert_eq!(
        server.requests(),
        2,
        "one wait of 1 s fitted, a second would not"
    );
    assert_eq!(traces.retries(), 1);
}
