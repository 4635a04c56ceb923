//! `cargo xtask refresh-spec --url` against a local server serving each shape Dokploy (or a
//! proxy in front of it) can answer with; the vendored file is unchanged after every failure.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{Reply, Seen, Server, live_document, stderr, stdout, temp_dir, write_json, xtask};

const REST: &str = "/api/settings.getOpenApiDocument";
const TRPC: &str = "/api/trpc/settings.getOpenApiDocument";

/// A vendored file holding an older document (with `project.remove`, without `project.create`).
fn vendored(dir: &Path) -> PathBuf {
    let target = dir.join("dokploy.json");
    write_json(&target, &live_document("v0.30.1", false, true));
    target
}

fn refresh(url: &str, target: &Path) -> std::process::Output {
    xtask(&[
        "refresh-spec",
        "--url",
        url,
        "--api-key",
        "test-key",
        "--spec",
        target.to_str().unwrap(),
    ])
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_base_url_fetches_the_rest_document_with_the_key_and_writes_it_canonically() {
    let dir = temp_dir("rest");
    let target = vendored(&dir);
    let server = Server::start(vec![(
        REST,
        Reply::json(200, &live_document("v0.30.2", true, false)),
    )]);
    let out = refresh(&server.base, &target);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        server.seen(),
        vec![Seen {
            path: REST.into(),
            api_key: Some("test-key".into())
        }]
    );
    let written = read_json(&target);
    assert_eq!(written["info"]["version"], "v0.30.2");
    assert_eq!(
        written["servers"],
        json!([{"url": "https://dokploy.example.com/api"}])
    );
    assert!(
        !std::fs::read_to_string(&target)
            .unwrap()
            .contains("10.0.0.5")
    );
    let check = xtask(&[
        "refresh-spec",
        "--check",
        "--spec",
        target.to_str().unwrap(),
    ]);
    assert!(check.status.success(), "{}", stderr(&check));

    let text = stdout(&out);
    assert!(
        text.contains("updated (2 operations, Dokploy v0.30.2)"),
        "{text}"
    );
    assert!(
        text.contains("API changes: 1 breaking, 0 warning, 1 info"),
        "{text}"
    );
    assert!(text.contains("project.remove"), "{text}");
    assert!(text.contains("[operation-removed]"), "{text}");
}

#[test]
fn refreshing_twice_from_the_same_instance_gives_the_same_bytes() {
    let dir = temp_dir("twice");
    let target = vendored(&dir);
    let server = Server::start(vec![(
        REST,
        Reply::json(200, &live_document("v0.30.2", true, false)),
    )]);
    assert!(refresh(&server.base, &target).status.success());
    let first = std::fs::read(&target).unwrap();
    let again = refresh(&server.base, &target);
    assert!(
        stdout(&again).contains("already up to date"),
        "{}",
        stdout(&again)
    );
    assert_eq!(std::fs::read(&target).unwrap(), first);
}

#[test]
fn base_urls_with_or_without_api_and_trailing_slash_reach_the_document() {
    let server = Server::start(vec![(
        REST,
        Reply::json(200, &live_document("v0.30.2", true, false)),
    )]);
    for suffix in ["", "/", "/api", "/api/"] {
        let dir = temp_dir(&format!("base{}", suffix.replace('/', "_")));
        let target = vendored(&dir);
        let out = refresh(&format!("{}{suffix}", server.base), &target);
        assert!(out.status.success(), "{suffix}: {}", stderr(&out));
    }
    assert!(server.seen().iter().all(|s| s.path == REST));
}

#[test]
fn the_trpc_envelope_is_unwrapped() {
    let dir = temp_dir("trpc");
    let target = vendored(&dir);
    let envelope = json!({"result": {"data": {
        "json": live_document("v0.30.2", true, false),
        "meta": {"values": {}}
    }}});
    let server = Server::start(vec![(TRPC, Reply::json(200, &envelope))]);
    let out = refresh(&format!("{}{TRPC}", server.base), &target);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = read_json(&target);
    assert!(written["paths"]["/project.create"].is_object());
    assert!(written.get("result").is_none());
}

#[test]
fn the_api_url_and_key_come_from_the_environment() {
    let dir = temp_dir("env");
    let target = vendored(&dir);
    let server = Server::start(vec![(
        REST,
        Reply::json(200, &live_document("v0.30.2", true, false)),
    )]);
    let out = support::xtask_with_env(
        &["refresh-spec", "--spec", target.to_str().unwrap()],
        &[
            ("DOKPLOY_API_URL", &format!("{}/api/", server.base)),
            ("DOKPLOY_API_KEY", "env-key"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.seen()[0].api_key.as_deref(), Some("env-key"));
}

/// Serves `reply` at the REST path, runs a refresh, and checks it failed without touching the
/// vendored file or leaving a temporary file; returns the error output.
fn failing_refresh(name: &str, reply: Reply) -> String {
    let dir = temp_dir(name);
    let target = vendored(&dir);
    let before = std::fs::read(&target).unwrap();
    let server = Server::start(vec![(REST, reply)]);
    let out = refresh(&server.base, &target);
    assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout(&out));
    assert_eq!(
        std::fs::read(&target).unwrap(),
        before,
        "{name}: the vendored file changed"
    );
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1, "{name}: a temporary file was left behind");
    let err = stderr(&out);
    assert!(err.contains("was left unchanged"), "{name}: {err}");
    err
}

#[test]
fn a_401_without_code_says_unauthorized_and_names_the_rate_limit() {
    let err = failing_refresh(
        "401",
        Reply::new(
            401,
            "application/json; charset=utf-8",
            r#"{"message":"Unauthorized"}"#,
        ),
    );
    assert!(err.contains("HTTP 401 Unauthorized"), "{err}");
    assert!(err.contains("Dokploy says \"Unauthorized\""), "{err}");
    assert!(err.contains("rate-limited"), "{err}");
    assert!(err.contains("5 calls a day"), "{err}");
    assert!(
        !err.contains("test-key"),
        "the key must not be printed: {err}"
    );
}

#[test]
fn a_403_gives_the_status_and_dokploys_message() {
    let err = failing_refresh(
        "403",
        Reply::json(403, &json!({"message": "Forbidden", "code": "FORBIDDEN"})),
    );
    assert!(err.contains("HTTP 403 Forbidden"), "{err}");
    assert!(err.contains("Dokploy says \"Forbidden\""), "{err}");
}

#[test]
fn an_html_502_from_a_proxy_is_described() {
    let err = failing_refresh(
        "502",
        Reply::new(
            502,
            "text/html",
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        ),
    );
    assert!(err.contains("HTTP 502 Bad Gateway"), "{err}");
    assert!(err.contains("HTML page"), "{err}");
}

#[test]
fn an_html_page_served_with_200_is_not_an_openapi_document() {
    let err = failing_refresh(
        "html200",
        Reply::new(
            200,
            "text/html",
            "<!DOCTYPE html><html><body>Dokploy</body></html>",
        ),
    );
    assert!(err.contains("not an OpenAPI document"), "{err}");
}

#[test]
fn truncated_json_is_refused() {
    let full = live_document("v0.30.2", true, false).to_string();
    let err = failing_refresh(
        "truncated",
        Reply::new(200, "application/json", &full[..full.len() / 2]),
    );
    assert!(err.contains("not valid JSON"), "{err}");
}

#[test]
fn json_that_is_not_openapi_is_refused() {
    let err = failing_refresh("notopenapi", Reply::json(200, &json!({"hello": "world"})));
    assert!(err.contains("not an OpenAPI 3 document"), "{err}");
}

#[test]
fn a_document_the_generator_refuses_is_refused() {
    let mut doc = live_document("v0.30.2", true, false);
    doc["paths"]["/project.all"]["get"]["parameters"] =
        json!([{"in": "query", "name": "filter", "schema": {"type": "object"}}]);
    let err = failing_refresh("ungeneratable", Reply::json(200, &doc));
    assert!(err.contains("flat-query-parameters"), "{err}");
}

#[test]
fn an_unreachable_instance_is_an_error() {
    let dir = temp_dir("unreachable");
    let target = vendored(&dir);
    let before = std::fs::read(&target).unwrap();
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = refresh(&format!("http://127.0.0.1:{port}"), &target);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot fetch"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn without_url_or_file_it_says_what_to_give() {
    let out = xtask(&["refresh-spec"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("DOKPLOY_API_URL"), "{}", stderr(&out));
}

#[test]
fn a_redirect_to_another_origin_is_refused_and_the_key_goes_nowhere_else() {
    let elsewhere = Server::start(vec![(
        REST,
        Reply::json(200, &live_document("v0.30.2", true, false)),
    )]);
    let origin = Server::start(vec![(
        REST,
        Reply::redirect(302, &format!("{}{REST}", elsewhere.base)),
    )]);
    let dir = temp_dir("redirect-away");
    let target = vendored(&dir);
    let before = std::fs::read(&target).unwrap();
    let out = refresh(&origin.base, &target);
    assert!(!out.status.success());
    let text = stderr(&out);
    assert!(text.contains("another origin"), "{text}");
    assert!(
        text.contains(&format!("{}{REST}", elsewhere.base)),
        "{text}"
    );
    assert_eq!(origin.seen().len(), 1);
    assert!(
        elsewhere.seen().is_empty(),
        "the key went elsewhere: {:?}",
        elsewhere.seen()
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn a_redirect_on_the_same_origin_is_followed() {
    let server = Server::start(vec![
        ("/moved", Reply::redirect(301, REST)),
        (
            REST,
            Reply::json(200, &live_document("v0.30.2", true, false)),
        ),
    ]);
    let dir = temp_dir("redirect-same");
    let target = vendored(&dir);
    let out = refresh(&format!("{}/moved", server.base), &target);
    assert!(out.status.success(), "{}", stderr(&out));
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/moved", REST]);
}
