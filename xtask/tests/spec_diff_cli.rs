//! `cargo xtask spec-diff` from the command line: sides, formats and exit codes (0 clean, 1 at
//! or above `--fail-on`, 2 unreadable input or bad usage).

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{Reply, Server, live_document, stderr, stdout, temp_dir, write_json, xtask};

/// Writes an old document (with `project.remove`) and a new one (without it, with
/// `project.create`): one breaking change, one info.
fn documents(dir: &Path) -> (String, String) {
    let old = dir.join("old.json");
    let new = dir.join("new.json");
    write_json(&old, &live_document("v0.30.1", false, true));
    write_json(&new, &live_document("v0.30.2", true, false));
    (path(old), path(new))
}

fn code(args: &[&str]) -> Option<i32> {
    xtask(args).status.code()
}

fn path(p: PathBuf) -> String {
    p.to_str().unwrap().to_string()
}

#[test]
fn breaking_changes_fail_by_default_and_pass_with_fail_on_none() {
    let dir = temp_dir("cli-breaking");
    let (old, new) = documents(&dir);
    let out = xtask(&["spec-diff", &old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("1 breaking, 0 warning, 1 info")),
        "{text}"
    );
    assert!(text.contains("\nproject (1 breaking, 1 info)"), "{text}");
    let out = xtask(&["spec-diff", &old, &new, "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_threshold_counts_changes_at_or_above_it() {
    let dir = temp_dir("cli-threshold");
    let (old, new) = documents(&dir);
    // `new` → `more`: one operation added, only an info change.
    let more = dir.join("more.json");
    let mut doc = live_document("v0.30.2", true, false);
    doc["paths"]["/project.one"] =
        serde_json::json!({"get": {"operationId": "project-one", "responses": {}}});
    write_json(&more, &doc);
    let more = path(more);
    assert_eq!(code(&["spec-diff", &new, &more]), Some(0));
    assert_eq!(
        code(&["spec-diff", &new, &more, "--fail-on", "warning"]),
        Some(0)
    );
    assert_eq!(
        code(&["spec-diff", &new, &more, "--fail-on", "info"]),
        Some(1)
    );
    assert_eq!(
        code(&["spec-diff", &old, &new, "--fail-on", "warning"]),
        Some(1)
    );
    assert_eq!(
        code(&["spec-diff", &new, &new, "--fail-on", "info"]),
        Some(0)
    );
}

#[test]
fn unreadable_input_and_bad_usage_exit_with_2() {
    let dir = temp_dir("cli-unreadable");
    let (old, new) = documents(&dir);
    let missing = path(dir.join("missing.json"));
    let out = xtask(&["spec-diff", &missing, &new]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));

    let html = dir.join("page.json");
    std::fs::write(&html, "<!DOCTYPE html><html></html>").unwrap();
    let out = xtask(&["spec-diff", &old, &path(html)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an OpenAPI document"),
        "{}",
        stderr(&out)
    );

    let out = xtask(&["spec-diff", &old, &new, "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = xtask(&["spec-diff", &old, &new, "--fail-on", "sometimes"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_git_revision_is_unreadable_unless_old_missing_ok() {
    let dir = temp_dir("cli-git");
    let (_, new) = documents(&dir);
    let out = xtask(&["spec-diff", "git:no-such-revision-4f2a", &new]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("git revision `no-such-revision-4f2a`"),
        "{}",
        stderr(&out)
    );
    let out = xtask(&[
        "spec-diff",
        "git:no-such-revision-4f2a",
        &new,
        "--old-missing-ok",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("no previous document to compare with"));
}

#[test]
fn by_default_git_head_is_compared_with_the_working_tree() {
    let out = xtask(&["spec-diff", "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("API changes from git:HEAD ("), "{text}");
    assert!(text.contains("openapi/dokploy.json ("), "{text}");
}

#[test]
fn json_output_follows_the_documented_schema() {
    let dir = temp_dir("cli-json");
    let (old, new) = documents(&dir);
    let out = xtask(&["spec-diff", &old, &new, "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "dokploy-spec-diff/1");
    assert_eq!(v["old"]["release"], "v0.30.1");
    assert_eq!(v["new"]["operations"], 2);
    assert_eq!(v["summary"]["breaking"], 1);
    assert_eq!(v["summary"]["operations_removed"], 1);
    let ids: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["operation-added", "operation-removed"]);
    assert_eq!(v["changes"][1]["rust"], "Client::project_remove");
    assert_eq!(v["changes"][1]["router"], "project");
}

#[test]
fn github_and_markdown_formats() {
    let dir = temp_dir("cli-formats");
    let (old, new) = documents(&dir);
    let out = xtask(&["spec-diff", &old, &new, "--format", "github"]);
    let text = stdout(&out);
    assert!(
        text.contains("::error title=spec-diff operation-removed (breaking)::project.remove"),
        "{text}"
    );
    assert!(
        text.contains("::notice title=spec-diff operation-added (info)::project.create"),
        "{text}"
    );
    let out = xtask(&["spec-diff", &old, &new, "--format", "markdown"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("### Dokploy API changes: v0.30.1 → v0.30.2"),
        "{text}"
    );
    assert!(text.contains("#### Breaking for SDK callers (1)"), "{text}");
}

#[test]
fn a_side_can_be_a_running_dokploy() {
    let dir = temp_dir("cli-url");
    let (old, _) = documents(&dir);
    let server = Server::start(vec![(
        "/api/settings.getOpenApiDocument",
        Reply::json(200, &live_document("v0.30.2", true, false)),
    )]);
    let out = xtask(&[
        "spec-diff",
        &old,
        &server.base,
        "--api-key",
        "k",
        "--format",
        "json",
        "--timing",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["new"]["release"], "v0.30.2");
    assert_eq!(server.seen()[0].api_key.as_deref(), Some("k"));
    assert!(stderr(&out).contains("timing: "), "{}", stderr(&out));
}

#[test]
fn a_side_that_answers_401_is_unreadable() {
    let dir = temp_dir("cli-401");
    let (old, _) = documents(&dir);
    let server = Server::start(vec![(
        "/api/settings.getOpenApiDocument",
        Reply::new(401, "application/json", r#"{"message":"Unauthorized"}"#),
    )]);
    let out = xtask(&["spec-diff", &old, &server.base]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("HTTP 401"), "{}", stderr(&out));
}

#[test]
fn two_files_compare_from_outside_any_checkout() {
    let dir = temp_dir("cli-outside");
    let (old, new) = documents(&dir);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec-diff", &old, &new])
        .current_dir(&dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("DOKPLOY_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 breaking, 0 warning, 1 info"));
    // A `git:REV` side still needs a checkout, and says so.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec-diff", "git:HEAD", &new])
        .current_dir(&dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not inside a dokploy checkout"),
        "{}",
        stderr(&out)
    );
}
