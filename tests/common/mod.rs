//! Helpers shared by the integration tests: the live recordings from a real Dokploy v0.30.2.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// One recorded exchange with a real Dokploy (`tests/fixtures/live/*.json`).
pub struct Recording {
    pub method: String,
    pub path: String,
    pub request_body: Value,
    pub status: u16,
    pub content_type: String,
    /// The response body bytes as Dokploy sent them (empty when it sent none).
    pub body: Vec<u8>,
    pub json: Value,
}

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/live")
}

/// Loads the recording whose file name starts with `prefix` (e.g. `"06-"`).
pub fn recording(prefix: &str) -> Recording {
    let dir = fixtures_dir();
    let entry = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no recording {prefix}*"));
    let raw: Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
    let response = &raw["response"];
    let json = response["body"].clone();
    let body = if response["body_bytes"] == 0 {
        Vec::new()
    } else {
        serde_json::to_vec(&json).unwrap()
    };
    Recording {
        method: raw["request"]["method"].as_str().unwrap().to_string(),
        path: raw["request"]["path"].as_str().unwrap().to_string(),
        request_body: raw["request"]["body"].clone(),
        status: response["status"].as_u64().unwrap() as u16,
        content_type: response["content_type"].as_str().unwrap().to_string(),
        body,
        json,
    }
}

impl Recording {
    /// A wiremock response that replays this recording byte for byte (status, content type, body).
    pub fn response(&self) -> wiremock::ResponseTemplate {
        wiremock::ResponseTemplate::new(self.status)
            .insert_header("content-type", self.content_type.as_str())
            .set_body_raw(self.body.clone(), &self.content_type)
    }
}
