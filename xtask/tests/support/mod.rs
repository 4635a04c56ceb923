//! Helpers for the command-line tests: a tiny HTTP server standing in for Dokploy, temporary
//! directories, small documents, and running the `xtask` binary.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// One canned answer.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// A `Location` header (for redirects).
    pub location: Option<String>,
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type,
            body: body.into(),
            location: None,
        }
    }

    pub fn redirect(status: u16, location: &str) -> Self {
        Self {
            location: Some(location.to_string()),
            ..Self::new(status, "text/plain", "")
        }
    }

    pub fn json(status: u16, body: &Value) -> Self {
        Self::new(status, "application/json", body.to_string())
    }
}

/// A request the server received.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub path: String,
    pub api_key: Option<String>,
}

/// An HTTP/1.1 server on 127.0.0.1 answering fixed paths; anything else gets Dokploy's 404.
pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn start(routes: Vec<(&str, Reply)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let routes: Vec<(String, Reply)> = routes
            .into_iter()
            .map(|(p, r)| (p.to_string(), r))
            .collect();
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let target = request_line.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split('?').next().unwrap_or(target).to_string();
                let mut api_key = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("x-api-key")
                    {
                        api_key = Some(value.trim().to_string());
                    }
                }
                log.lock().unwrap().push(Seen {
                    path: path.clone(),
                    api_key,
                });
                let reply = routes
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_else(|| {
                        Reply::json(404, &json!({"message": "Not found", "code": "NOT_FOUND"}))
                    });
                let location = reply
                    .location
                    .as_ref()
                    .map(|l| format!("location: {l}\r\n"))
                    .unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\n{location}connection: close\r\n\r\n",
                    reply.status,
                    reply.content_type,
                    reply.body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&reply.body);
            }
        });
        Self { base, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A fresh, empty directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small document as a live Dokploy serves it: 3.1, its release in `info.version`, its own
/// address in `servers`.
pub fn live_document(release: &str, with_create: bool, with_remove: bool) -> Value {
    let mut paths = json!({
        "/project.all": {"get": {"operationId": "project-all", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {}}}}}}}
    });
    if with_create {
        paths["/project.create"] = json!({"post": {"operationId": "project-create",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"name": {"type": "string", "minLength": 1},
                               "description": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
                "required": ["name"]}}}},
            "responses": {"200": {"description": "ok"}}}});
    }
    if with_remove {
        paths["/project.remove"] = json!({"post": {"operationId": "project-remove",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"projectId": {"type": "string"}},
                "required": ["projectId"]}}}},
            "responses": {"200": {"description": "ok"}}}});
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Dokploy API", "description": "Endpoints for dokploy", "version": release},
        "servers": [{"url": "undefined://10.0.0.5:3000/api"}],
        "paths": paths
    })
}

/// Runs `cargo xtask ARGS` (the built binary) without Dokploy variables from the environment.
pub fn xtask(args: &[&str]) -> Output {
    xtask_with_env(args, &[])
}

/// Same, with these environment variables.
pub fn xtask_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .env_remove("DOKPLOY_API_URL")
        .env_remove("DOKPLOY_API_KEY");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}
