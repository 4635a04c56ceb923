//! Fetching Dokploy's OpenAPI document from a running instance.
//!
//! A base URL (`https://dokploy.example.com`, with or without `/api` and a trailing slash)
//! becomes `GET {base}/api/settings.getOpenApiDocument`; any other URL is fetched as given (the
//! tRPC form `/api/trpc/settings.getOpenApiDocument`, or a plain document URL). The API key goes
//! in `x-api-key`, which is why redirects follow the `dokploy` crate's own rule (the same file,
//! `src/redirect.rs`): never to another origin, never from https to http. A tRPC envelope
//! (`{"result":{"data":{"json": …}}}`) is unwrapped. Errors say what came back: the HTTP status
//! and Dokploy's message, with what a 401 usually means, or the redirect that was refused.

use std::time::Duration;

use reqwest::Url;
use serde_json::Value;

/// The `dokploy` crate's redirect rule, compiled in from its source (xtask cannot depend on the
/// crate: it refreshes the document the crate is generated from).
#[path = "../../src/redirect.rs"]
#[allow(dead_code)]
mod redirect;

/// The procedure that serves the document.
const PROCEDURE: &str = "settings.getOpenApiDocument";

/// The URL to fetch for `input`: a base URL gets `/api/settings.getOpenApiDocument`.
pub fn document_url(input: &str) -> Result<Url, String> {
    let mut url = Url::parse(input.trim()).map_err(|e| {
        format!("`{input}` is not a URL ({e}); give e.g. https://dokploy.example.com")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{input}` is not an http(s) URL"));
    }
    let path = url.path().trim_end_matches('/').to_string();
    if path.is_empty() {
        url.set_path(&format!("/api/{PROCEDURE}"));
    } else if path.ends_with("/api") {
        url.set_path(&format!("{path}/{PROCEDURE}"));
    }
    Ok(url)
}

/// Fetches the document at `input` (see [`document_url`]) and returns its bytes, unwrapped from
/// a tRPC envelope if it came in one.
pub fn fetch(input: &str, api_key: Option<&str>) -> Result<Vec<u8>, String> {
    let url = document_url(input)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
    let (status, body) = runtime.block_on(get(&url, api_key))?;
    if !(200..300).contains(&status) {
        return Err(http_error(&url, status, &body, api_key.is_some()));
    }
    Ok(unwrap_envelope(body))
}

async fn get(url: &Url, api_key: Option<&str>) -> Result<(u16, Vec<u8>), String> {
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(120))
        .user_agent(concat!("dokploy-xtask/", env!("CARGO_PKG_VERSION")))
        .redirect(redirect::policy())
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let mut request = client
        .get(url.clone())
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(key) = api_key {
        request = request.header("x-api-key", key);
    }
    let response = redirect::watch(reqwest::Method::GET, request.send())
        .await
        .map_err(|e| format!("cannot fetch {url}: {}", chain(&e)))?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("cannot read the answer from {url}: {}", chain(&e)))?;
    Ok((status, body.to_vec()))
}

/// An error and its causes, `: `-separated (reqwest's own message names little).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The document inside a tRPC answer (`{"result":{"data":{"json": doc}}}` with superjson,
/// `{"result":{"data": doc}}` without); anything else unchanged, for validation to judge.
pub fn unwrap_envelope(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return bytes;
    };
    let Some(data) = value.pointer("/result/data") else {
        return bytes;
    };
    let document = match data.get("json") {
        Some(inner) if data.get("openapi").is_none() => inner,
        _ => data,
    };
    serde_json::to_vec(document).unwrap_or(bytes)
}

/// What a failed answer means, in one message.
pub fn http_error(url: &Url, status: u16, body: &[u8], sent_key: bool) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut message = format!("{url} answered HTTP {status} {reason}")
        .trim_end()
        .to_string();
    match dokploy_message(body) {
        Some(said) => message.push_str(&format!(": Dokploy says {said:?}")),
        None if looks_like_html(body) => {
            message.push_str(": an HTML page, not Dokploy's JSON (a proxy error page?)");
        }
        None if !body.is_empty() => {
            let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
            message.push_str(&format!(": {:?}", text.trim()));
        }
        None => {}
    }
    match status {
        401 if sent_key => message.push_str(
            ". The API key is wrong, expired, or rate-limited (a key with Dokploy's default rate limit stops working after 5 calls a day; Dokploy gives the same answer for all three)",
        ),
        401 => message.push_str(
            ". No API key was sent: set DOKPLOY_API_KEY or pass --api-key",
        ),
        403 => message.push_str(". The API key's user may not read the OpenAPI document"),
        404 => message.push_str(&format!(
            ". Give the instance's base URL (e.g. https://dokploy.example.com) or the full URL of /api/{PROCEDURE}"
        )),
        _ => {}
    }
    message
}

/// Dokploy's `message` (REST: `{"message"}`; tRPC: `{"error":{"json":{"message"}}}`).
fn dokploy_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    ["/message", "/error/json/message", "/error/message"]
        .iter()
        .find_map(|p| value.pointer(p).and_then(Value::as_str))
        .map(str::to_string)
}

/// Whether `bytes` starts like an HTML page.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let start = start.trim_start();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_with_or_without_api_and_slash_name_the_document() {
        for base in [
            "https://d.example.com",
            "https://d.example.com/",
            "https://d.example.com/api",
            "https://d.example.com/api/",
        ] {
            assert_eq!(
                document_url(base).unwrap().as_str(),
                "https://d.example.com/api/settings.getOpenApiDocument",
                "{base}"
            );
        }
    }

    #[test]
    fn document_and_trpc_urls_are_kept() {
        for url in [
            "http://127.0.0.1:3000/api/trpc/settings.getOpenApiDocument",
            "http://127.0.0.1:3000/api/settings.getOpenApiDocument",
            "https://example.com/saved/openapi.json",
        ] {
            assert_eq!(document_url(url).unwrap().as_str(), url);
        }
        assert!(document_url("ftp://example.com").is_err());
        assert!(document_url("dokploy.example.com").is_err());
    }

    #[test]
    fn the_trpc_envelope_is_unwrapped() {
        let doc = br#"{"result":{"data":{"json":{"openapi":"3.1.0"},"meta":{"values":{}}}}}"#;
        assert_eq!(unwrap_envelope(doc.to_vec()), br#"{"openapi":"3.1.0"}"#);
        let plain = br#"{"openapi":"3.1.0","paths":{}}"#.to_vec();
        assert_eq!(unwrap_envelope(plain.clone()), plain);
        let truncated = br#"{"result":{"data":{"json":{"openapi""#.to_vec();
        assert_eq!(unwrap_envelope(truncated.clone()), truncated);
    }

    #[test]
    fn a_401_without_code_names_the_rate_limit() {
        let url = document_url("https://d.example.com").unwrap();
        let err = http_error(&url, 401, br#"{"message":"Unauthorized"}"#, true);
        assert!(err.contains("HTTP 401 Unauthorized"), "{err}");
        assert!(err.contains("Dokploy says \"Unauthorized\""), "{err}");
        assert!(err.contains("rate-limited"), "{err}");
        let err = http_error(&url, 401, br#"{"message":"Unauthorized"}"#, false);
        assert!(err.contains("DOKPLOY_API_KEY"), "{err}");
    }

    #[test]
    fn a_trpc_error_and_an_html_page_are_described() {
        let url = document_url("https://d.example.com").unwrap();
        let trpc = br#"{"error":{"json":{"message":"UNAUTHORIZED","code":-32001}}}"#;
        assert!(http_error(&url, 401, trpc, true).contains("\"UNAUTHORIZED\""));
        let err = http_error(&url, 502, b"<html><body>Bad Gateway</body></html>", true);
        assert!(err.contains("HTTP 502 Bad Gateway"), "{err}");
        assert!(err.contains("HTML page"), "{err}");
    }
}
