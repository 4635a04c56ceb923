//! The fake's two WebSockets, as Dokploy v0.30.2 serves them (recordings 350–353, 400–442):
//!
//! - `/listen-deployment?logPath=…`: `tail -n +1 -f` of a deployment's log. The file so far in
//!   pieces of at most 64 KiB (a pipe's worth), then each write of the build as it happens; the
//!   socket never closes. No `logPath`: close 4000 "logPath no provided"; a path outside
//!   `/etc/dokploy`: close 4000 "Invalid log path"; then a missing or refused key: a close
//!   without status (1005); a path with no log: `tail`'s complaint as a frame, then the same
//!   close (441).
//! - `/docker-container-logs?containerId=…&tail=…&since=…&search=…&runType=…`: a running
//!   container's output (a line every [`FakeOptions::container_log_interval`](super::FakeOptions::container_log_interval),
//!   `<timestamp> tick N\r\n` as the recorded container printed). Each bad parameter closes
//!   with 4000 and Dokploy's reason, checked before the key; an unknown container gets
//!   Docker's complaint as one frame and then silence, never a close (414, 415, 413). The
//!   backlog comes in one frame natively and a frame per line for swarm; then a frame per line.
//!   What the client sends goes to the container's terminal and is echoed; Ctrl-C ends the
//!   output (435, 436).
//!
//! [`FakeDokploy::cut_log_sockets`](super::FakeDokploy::cut_log_sockets) drops every open
//! socket's connection without a close frame.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http_body_util::Full;
use hyper::body::Incoming as Body;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Message, Role};

use super::Shared;
use super::docker::{self, Container};
use super::ids;

type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// The most one frame of a log carries (what a pipe hands `tail`'s reader at once).
const PIECE: usize = 64 * 1024;

/// Which socket a request asks for, if it is a WebSocket upgrade to one of them.
pub(crate) fn endpoint(req: &Request<Body>) -> Option<&'static str> {
    let upgrade = req
        .headers()
        .get(hyper::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if !upgrade || req.method() != hyper::Method::GET {
        return None;
    }
    match req.uri().path() {
        "/listen-deployment" => Some("/listen-deployment"),
        "/docker-container-logs" => Some("/docker-container-logs"),
        _ => None,
    }
}

/// Accepts the upgrade (101) and serves the socket on its own task.
pub(crate) fn accept(
    shared: &Arc<Shared>,
    mut req: Request<Body>,
    path: &'static str,
) -> Response<Full<Bytes>> {
    let key = req
        .headers()
        .get("sec-websocket-key")
        .map(|k| derive_accept_key(k.as_bytes()));
    let Some(accept) = key else {
        let mut response = Response::new(Full::new(Bytes::from_static(b"Bad Request")));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    };
    let params = params(req.uri().query().unwrap_or_default());
    let api_key = req
        .headers()
        .get("x-api-key")
        .map(|v| v.as_bytes().to_vec());
    let upgrade = hyper::upgrade::on(&mut req);
    let shared = shared.clone();
    tokio::spawn(async move {
        let Ok(upgraded) = upgrade.await else { return };
        let socket =
            WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
        let mut shutdown = shared.shutdown.clone();
        let mut cuts = shared.socket_cuts.subscribe();
        let serve = async {
            match path {
                "/listen-deployment" => listen_deployment(&shared, socket, &params, api_key).await,
                _ => container_logs(&shared, socket, &params, api_key).await,
            }
        };
        tokio::select! {
            _ = serve => {}
            _ = shutdown.changed() => {}
            // Dropping the socket drops the connection: no close frame.
            _ = cuts.changed() => {}
        }
    });
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::UPGRADE,
        "websocket".parse().expect("a header"),
    );
    headers.insert(
        hyper::header::CONNECTION,
        "Upgrade".parse().expect("a header"),
    );
    if let Ok(value) = accept.parse() {
        headers.insert("sec-websocket-accept", value);
    }
    response
}

/// `URLSearchParams.get` for each name (the first value; `+` is a space).
fn params(query: &str) -> Vec<(String, String)> {
    let mut url = reqwest::Url::parse("http://fake/").expect("a URL");
    url.set_query(Some(query));
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn close(mut socket: Socket, code: Option<(u16, &str)>) {
    let frame = code.map(|(code, reason)| CloseFrame {
        code: CloseCode::from(code),
        reason: reason.to_string().into(),
    });
    let _ = socket.close(frame).await;
    // Wait for the client's answer to the close (or the connection to go).
    while let Some(Ok(_)) = socket.next().await {}
}

/// Whether the key passes (the socket's `validateRequest` verifies it once).
fn admits(shared: &Shared, key: Option<&[u8]>) -> bool {
    shared.state().instance.verifies(key, 1)
}

/// `readValidDirectory`: Dokploy's character check, then the resolved path under
/// `/etc/dokploy`.
fn valid_log_path(path: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_/. :[]-".contains(c);
    if path.is_empty() || path.len() > 500 || !path.chars().all(allowed) || !path.starts_with('/') {
        return false;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.len() >= 2 && parts[0] == "etc" && parts[1] == "dokploy"
}

async fn listen_deployment(
    shared: &Arc<Shared>,
    mut socket: Socket,
    params: &[(String, String)],
    key: Option<Vec<u8>>,
) {
    let Some(log_path) = param(params, "logPath").filter(|p| !p.is_empty()) else {
        return close(socket, Some((4000, "logPath no provided"))).await;
    };
    if !valid_log_path(log_path) {
        return close(socket, Some((4000, "Invalid log path"))).await;
    }
    if !admits(shared, key.as_deref()) {
        return close(socket, None).await;
    }
    // The newest deployment writing to that file.
    let deployment_id = shared.state().deployments.iter().rev().find_map(|row| {
        (row.get("logPath").and_then(|p| p.as_str()) == Some(log_path))
            .then(|| row.get("deploymentId")?.as_str().map(str::to_string))
            .flatten()
    });
    let Some(deployment_id) = deployment_id else {
        let complaint = format!(
            "tail error: tail: cannot open '{log_path}' for reading: No such file or directory\ntail: no files remaining\n"
        );
        let _ = socket.send(Message::text(complaint)).await;
        return close(socket, None).await;
    };
    let mut writes = shared.log_writes.subscribe();
    let mut sent = 0;
    loop {
        let new = {
            let st = shared.state();
            st.logs
                .get(&deployment_id)
                .and_then(|log| log.get(sent..))
                .unwrap_or_default()
                .to_string()
        };
        let mut rest = new.as_str();
        while !rest.is_empty() {
            let mut end = rest.len().min(PIECE);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            if socket.send(Message::text(&rest[..end])).await.is_err() {
                return;
            }
            sent += end;
            rest = &rest[end..];
        }
        tokio::select! {
            changed = writes.changed() => if changed.is_err() { return },
            message = socket.next() => match message {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {} // `tail` reads nothing from the client
            },
        }
    }
}

/// Dokploy's parameter checks, in its order: the reason of the close 4000, if one fails.
fn container_params_problem(params: &[(String, String)]) -> Option<&'static str> {
    let Some(id) = param(params, "containerId").filter(|id| !id.is_empty()) else {
        return Some("containerId no provided");
    };
    let hex = (12..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit());
    let name = id.len() <= 128
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !hex && !name {
        return Some("Invalid container ID format");
    }
    let tail = param(params, "tail").unwrap_or("100");
    if tail.is_empty()
        || !tail.bytes().all(|b| b.is_ascii_digit())
        || tail.parse::<u64>().map_or(true, |n| n > 10_000)
    {
        return Some("Invalid tail parameter");
    }
    let since = param(params, "since").unwrap_or("all");
    let since_ok = since == "all"
        || (since.len() > 1
            && since[..since.len() - 1].bytes().all(|b| b.is_ascii_digit())
            && since.ends_with(['s', 'm', 'h', 'd']));
    if !since_ok {
        return Some("Invalid since parameter");
    }
    let search = param(params, "search").unwrap_or("");
    let search_ok = search.len() <= 500
        && search
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'_' | b'-'));
    if !search_ok {
        return Some("Invalid search parameter");
    }
    None
}

/// `docker logs --timestamps`' stamp for `millis` (nanoseconds, as Docker writes them).
fn stamp(millis: i64) -> String {
    let iso = ids::iso(millis);
    format!("{}000000Z", iso.trim_end_matches('Z'))
}

/// Seconds in a `since` (`5s`, `10m`, `1h`, `2d`); `None` for `all`.
fn since_seconds(since: &str) -> Option<i64> {
    let (number, unit) = since.split_at(since.len().checked_sub(1)?);
    let n: i64 = number.parse().ok()?;
    Some(match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => n * 86_400,
    })
}

async fn container_logs(
    shared: &Arc<Shared>,
    mut socket: Socket,
    params: &[(String, String)],
    key: Option<Vec<u8>>,
) {
    if let Some(reason) = container_params_problem(params) {
        return close(socket, Some((4000, reason))).await;
    }
    if !admits(shared, key.as_deref()) {
        return close(socket, None).await;
    }
    let id = param(params, "containerId").unwrap_or_default().to_string();
    let swarm = param(params, "runType") == Some("swarm");
    let tail: usize = param(params, "tail")
        .unwrap_or("100")
        .parse()
        .unwrap_or(100);
    let since = param(params, "since").and_then(since_seconds);
    let search = param(params, "search").unwrap_or("").to_lowercase();
    let found: Option<Container> = docker::containers(&shared.state()).into_iter().find(|c| {
        if swarm {
            c.task == id || c.service == id
        } else {
            c.id == id || c.name == id
        }
    });
    let Some(container) = found else {
        let complaint = if swarm {
            format!("no such task or service: {id}\r\n")
        } else {
            format!("Error response from daemon: No such container: {id}\r\n")
        };
        let _ = socket.send(Message::text(complaint)).await;
        return silence(socket).await;
    };
    let interval = shared
        .options
        .container_log_interval
        .max(Duration::from_millis(1));
    let every = interval.as_millis() as i64;
    let line = |n: i64| format!("{} tick {n}\r\n", stamp(container.since + n * every));
    let wanted = |text: &str| search.is_empty() || text.to_lowercase().contains(&search);
    let now = ids::now_millis();
    let written = (now - container.since) / every;
    let from = since.map_or(1, |s| ((now - s * 1000 - container.since) / every).max(1));
    let backlog: Vec<String> = (from..=written).map(line).filter(|l| wanted(l)).collect();
    let backlog = &backlog[backlog.len().saturating_sub(tail)..];
    let frames: Vec<String> = if swarm {
        backlog.to_vec()
    } else if backlog.is_empty() {
        Vec::new()
    } else {
        vec![backlog.concat()]
    };
    for frame in frames {
        if socket.send(Message::text(frame)).await.is_err() {
            return;
        }
    }
    let mut next = written + 1;
    loop {
        let at = container.since + next * every;
        let wait = Duration::from_millis((at - ids::now_millis()).max(0) as u64);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {
                let text = line(next);
                next += 1;
                if wanted(&text) && socket.send(Message::text(text)).await.is_err() {
                    return;
                }
            }
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    // The pty echoes what it is sent; Ctrl-C ends `docker logs`.
                    if text.as_str().contains('\u{3}') {
                        let _ = socket.send(Message::text("^C")).await;
                        return silence(socket).await;
                    }
                    let echo = text.as_str().replace('\r', "\r\n");
                    if socket.send(Message::text(echo)).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

/// Nothing more is sent; the socket stays open until the client goes.
async fn silence(mut socket: Socket) {
    while let Some(Ok(message)) = socket.next().await {
        if matches!(message, Message::Close(_)) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_paths_are_checked_like_dokploys_read_valid_directory() {
        assert!(valid_log_path(
            "/etc/dokploy/logs/app-x/app-x-2026-12-06:20:59:14.log"
        ));
        assert!(!valid_log_path("/etc/passwd"));
        assert!(!valid_log_path("/etc/dokploy/../passwd"));
        assert!(!valid_log_path("relative/etc/dokploy"));
        assert!(!valid_log_path("/etc/dokploy/logs/a;ls"));
    }

    #[test]
    fn container_parameters_are_checked_in_dokploys_order() {
        let p = |q: &str| container_params_problem(&params(q));
        assert_eq!(p("tail=100"), Some("containerId no provided"));
        assert_eq!(
            p("containerId=bad%20id%3Bls"),
            Some("Invalid container ID format")
        );
        assert_eq!(
            p("containerId=7f9d1087195b&tail=abc"),
            Some("Invalid tail parameter")
        );
        assert_eq!(
            p("containerId=7f9d1087195b&tail=20000"),
            Some("Invalid tail parameter")
        );
        assert_eq!(
            p("containerId=7f9d1087195b&since=bogus"),
            Some("Invalid since parameter")
        );
        assert_eq!(
            p("containerId=7f9d1087195b&search=a%27b"),
            Some("Invalid search parameter")
        );
        assert_eq!(
            p("containerId=7f9d1087195b&tail=0&since=5s&search=tick+1"),
            None
        );
    }

    #[test]
    fn docker_stamps_have_nanoseconds() {
        assert_eq!(stamp(0), "1970-01-01T00:00:00.000000000Z");
    }
}
