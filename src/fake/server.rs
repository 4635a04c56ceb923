//! The HTTP/1 server: accepts connections on the fake's listener, reads each request in full,
//! records it and answers it through [`wire::respond`]; the WebSocket upgrades of the log
//! sockets go to [`sockets`].

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::wire::{self, Incoming, Reply};
use super::{Shared, sockets};

/// The most body the fake reads (and records) from one request.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Accepts connections until the [`FakeDokploy`](super::FakeDokploy) is dropped.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut shutdown = shared.shutdown.clone();
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or similar: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let shared = shared.clone();
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(handle(&shared, req).await) }
            });
            let connection = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::select! {
                _ = connection => {}
                _ = shutdown.changed() => {}
            }
        });
    }
}

fn header<'a>(req: &'a Request<Body>, name: &str) -> Option<&'a HeaderValue> {
    req.headers().get(name)
}

async fn handle(shared: &Arc<Shared>, req: Request<Body>) -> Response<Full<Bytes>> {
    if let Some(socket) = sockets::endpoint(&req) {
        shared.requests().push(super::RecordedRequest {
            method: req.method().as_str().to_string(),
            path: req.uri().path().to_string(),
            query: req.uri().query().map(str::to_string),
            content_type: None,
            has_api_key: req.headers().contains_key("x-api-key"),
            body: Vec::new(),
        });
        return sockets::accept(shared, req, socket);
    }
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let api_key = header(&req, "x-api-key").map(|v| v.as_bytes().to_vec());
    let content_type = header(&req, CONTENT_TYPE.as_str())
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let host = header(&req, HOST.as_str()).and_then(|v| v.to_str().ok().map(str::to_string));
    let forwarded_proto =
        header(&req, "x-forwarded-proto").and_then(|v| v.to_str().ok().map(str::to_string));
    let (body, too_large) = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(collected) => (collected.to_bytes().to_vec(), false),
        Err(_) => (Vec::new(), true),
    };
    let incoming = Incoming {
        method: &method,
        path: &path,
        query: query.as_deref(),
        api_key: api_key.as_deref(),
        content_type: content_type.as_deref(),
        host: host.as_deref(),
        forwarded_proto: forwarded_proto.as_deref(),
        body: &body,
    };
    shared.requests().push(incoming.record());
    let reply = if too_large {
        Reply::too_large()
    } else {
        wire::respond(shared, &incoming)
    };
    into_response(reply)
}

fn into_response(reply: Reply) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(content_type) = reply.content_type {
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    response
}
