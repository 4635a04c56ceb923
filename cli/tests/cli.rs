//! The `dokploy` binary against the embedded fake Dokploy: each workflow command, the operation
//! commands (flat query parameters, JSON bodies, every operation of the document reachable),
//! the exit codes, the refusal of destructive commands without `--yes`, configuration, and
//! that the API key never appears in any output.

use std::collections::BTreeSet;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use dokploy::fake::{DeployOutcome, FakeDokploy, FakeOptions};
use dokploy::models::DatabaseKind;
use dokploy::{Client, EnvTarget};
use predicates::prelude::*;
use serde_json::{Value, json};

/// A key no output may contain.
const KEY: &str = "sk-test-7f3a9c1e5b2d-never-printed";

/// A fake Dokploy on its own runtime, and a home directory without a config file.
struct Fake {
    runtime: tokio::runtime::Runtime,
    fake: FakeDokploy,
    home: tempfile::TempDir,
}

impl Fake {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let fake = runtime
            .block_on(FakeDokploy::start_with(FakeOptions {
                api_key: KEY.to_string(),
                queue_delay: Duration::from_millis(20),
                build_duration: Duration::from_millis(50),
                ..FakeOptions::default()
            }))
            .unwrap();
        Self {
            runtime,
            fake,
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn block<T>(&self, f: impl Future<Output = T>) -> T {
        self.runtime.block_on(f)
    }

    fn client(&self) -> Client {
        self.fake.client()
    }

    /// The binary, pointed at the fake through the environment, with no config file.
    fn cmd(&self) -> Command {
        let mut cmd = bare(self.home.path());
        cmd.env("DOKPLOY_API_URL", self.fake.base_url())
            .env("DOKPLOY_API_KEY", KEY);
        cmd
    }

    /// A project `shop` with an application `web`: (environment id, application id).
    fn shop_with_web(&self) -> (String, String) {
        let client = self.client();
        self.block(async {
            let env = client
                .projects()
                .create("shop", None)
                .await
                .unwrap()
                .environment;
            let app = client
                .applications()
                .create(&env.environment_id, "web")
                .await
                .unwrap();
            (env.environment_id, app.application_id)
        })
    }

    fn last_request(&self, procedure: &str) -> dokploy::fake::RecordedRequest {
        self.fake
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.procedure() == procedure)
            .unwrap_or_else(|| panic!("no {procedure} request"))
    }

    fn sent(&self, procedure: &str) -> bool {
        self.fake
            .requests()
            .iter()
            .any(|r| r.procedure() == procedure)
    }
}

/// The binary with no Dokploy settings at all (home, config dir and variables cleared).
fn bare(home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dokploy"));
    for var in [
        "DOKPLOY_API_URL",
        "DOKPLOY_API_KEY",
        "DOKPLOY_PROFILE",
        "DOKPLOY_CONFIG",
        "DOKPLOY_CA_CERT",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"));
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// Writes a file only its owner can read, as a file holding a key must be.
fn write_private(path: &std::path::Path, contents: &str) {
    std::fs::write(path, contents).unwrap();
    set_mode(path, 0o600);
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn stdout_json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Operation commands

#[test]
fn every_operation_of_the_document_is_a_command() {
    // Read the document itself (not the table the binary is built from).
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../openapi/dokploy.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut by_router: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for path in doc["paths"].as_object().unwrap().keys() {
        let (router, procedure) = path.trim_start_matches('/').split_once('.').unwrap();
        by_router
            .entry(router.to_string())
            .or_default()
            .insert(procedure.to_string());
    }
    let home = tempfile::tempdir().unwrap();
    let mut reached = 0;
    for (router, procedures) in &by_router {
        // Dokploy's own spelling works as well as the kebab-case one.
        let out = bare(home.path())
            .args([router.as_str(), "--help"])
            .output()
            .unwrap();
        assert!(out.status.success(), "dokploy {router} --help failed");
        let help = String::from_utf8_lossy(&out.stdout);
        for procedure in procedures {
            let path = format!("/api/{router}.{procedure}");
            assert!(
                help.contains(&path),
                "dokploy {router} --help does not list {path}"
            );
            reached += 1;
        }
    }
    assert_eq!(reached, 597);
}

#[test]
fn a_get_sends_flat_query_parameters_and_prints_the_json_body() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let out = fake
        .cmd()
        .args([
            "deployment",
            "all-by-type",
            "--id",
            &app_id,
            "--type",
            "application",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_json(&out), json!([]));
    let request = fake.last_request("deployment.allByType");
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.query.as_deref(),
        Some(format!("id={app_id}&type=application").as_str())
    );
    assert!(request.body.is_empty());

    // The camelCase spelling of Dokploy's docs works too.
    fake.cmd()
        .args(["application", "one", "--application-id", &app_id])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"name\":\"web\""));
    fake.cmd()
        .args([
            "deployment",
            "allByType",
            "--id",
            &app_id,
            "--type",
            "application",
        ])
        .assert()
        .success();
}

#[test]
fn a_post_sends_a_json_body_from_flags_from_body_and_from_stdin() {
    let fake = Fake::start();
    let out = fake
        .cmd()
        .args([
            "project",
            "create",
            "--name",
            "shop",
            "--description",
            "the shop",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_json(&out)["project"]["name"], "shop");
    let request = fake.last_request("project.create");
    assert_eq!(request.method, "POST");
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        request.body_json(),
        Some(json!({"name": "shop", "description": "the shop"}))
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.json");
    std::fs::write(&file, r#"{"name": "from-file"}"#).unwrap();
    fake.cmd()
        .args([
            "project",
            "create",
            "--body",
            &format!("@{}", file.display()),
        ])
        .assert()
        .success();
    assert_eq!(
        fake.last_request("project.create").body_json(),
        Some(json!({"name": "from-file"}))
    );

    fake.cmd()
        .args([
            "project",
            "create",
            "--body",
            "-",
            "--description",
            "merged",
        ])
        .write_stdin(r#"{"name": "from-stdin"}"#)
        .assert()
        .success();
    assert_eq!(
        fake.last_request("project.create").body_json(),
        Some(json!({"name": "from-stdin", "description": "merged"}))
    );
}

#[test]
fn typed_flags_booleans_enums_and_explicit_nulls() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    fake.cmd()
        .args([
            "application",
            "save-environment",
            "--application-id",
            &app_id,
            "--env",
            "A=1",
            "--create-env-file",
            "false",
            "--null",
            "buildArgs",
        ])
        .assert()
        .success()
        .stdout("true\n"); // Dokploy's bare `true`
    // An empty body prints nothing.
    fake.cmd()
        .args(["application", "deploy", "--application-id", &app_id])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fake.last_request("application.saveEnvironment").body_json(),
        Some(json!({
            "applicationId": app_id, "env": "A=1", "createEnvFile": false,
            "buildArgs": null, "buildSecrets": null
        }))
    );
    // A bare boolean flag means true.
    fake.cmd()
        .args([
            "application",
            "save-environment",
            "--application-id",
            &app_id,
            "--create-env-file",
        ])
        .assert()
        .success();
    assert_eq!(
        fake.last_request("application.saveEnvironment")
            .body_json()
            .unwrap()["createEnvFile"],
        true
    );

    // An enum value outside the document's list is a usage error, listing the values.
    fake.cmd()
        .args([
            "compose",
            "load-services",
            "--compose-id",
            "c1",
            "--type",
            "bogus",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fetch").and(predicate::str::contains("cache")));
    // Numbers are numbers.
    fake.cmd()
        .args([
            "deployment",
            "read-logs",
            "--deployment-id",
            "d1",
            "--tail",
            "many",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a whole number"));
    assert!(!fake.sent("compose.loadServices") && !fake.sent("deployment.readLogs"));
}

#[test]
fn help_lists_enum_values_and_required_fields() {
    let fake = Fake::start();
    fake.cmd()
        .args(["compose", "load-services", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[possible values: fetch, cache]"))
        .stdout(predicate::str::contains("`composeId` (required)"))
        .stdout(predicate::str::contains("Example:"));
}

#[test]
fn unknown_fields_are_refused_before_sending() {
    let fake = Fake::start();
    fake.cmd()
        .args(["project", "create", "--name", "x", "--nmae", "y"])
        .assert()
        .code(2);
    fake.cmd()
        .args([
            "project",
            "create",
            "--body",
            r#"{"name": "x", "descriptoin": "y"}"#,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no body field `descriptoin`"));
    assert!(!fake.sent("project.create"));
}

#[test]
fn errors_show_status_code_message_and_validation_issues_on_stderr() {
    let fake = Fake::start();
    fake.cmd()
        .args(["project", "one", "--project-id", "nope"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("404 NOT_FOUND")
                .and(predicate::str::contains("Project not found")),
        );
    fake.cmd()
        .args(["project", "create", "--name", ""])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("400 BAD_REQUEST").and(predicate::str::contains("name")));
}

#[test]
fn uploads_send_the_file_as_multipart() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("site.zip");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    // The fake does not implement uploads (404), but the request shows what was sent.
    fake.cmd()
        .args([
            "application",
            "drop-deployment",
            "--application-id",
            &app_id,
            "--zip",
        ])
        .arg(&zip)
        .assert()
        .code(1);
    let request = fake.last_request("application.dropDeployment");
    assert!(
        request
            .content_type
            .unwrap()
            .starts_with("multipart/form-data")
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("not really a zip") && body.contains("site.zip") && body.contains(&app_id)
    );
}

#[test]
fn output_is_compact_when_piped_and_pretty_when_asked() {
    let fake = Fake::start();
    fake.shop_with_web();
    let compact = fake.cmd().args(["project", "all"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&compact.stdout).lines().count(), 1);
    let pretty = fake
        .cmd()
        .args(["project", "all", "--pretty"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&pretty.stdout).lines().count() > 10);
    assert_eq!(stdout_json(&compact), stdout_json(&pretty));
}

// ---------------------------------------------------------------------------------------------
// Exit codes and confirmation

/// A local server that reads each request (headers and body) and closes the connection without
/// answering. Returns its URL and the number of requests it read.
fn hang_up_after_each_request() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stream.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&chunk[..n]);
                if request_is_complete(&request) {
                    seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    break;
                }
            }
            // Dropping the stream closes the connection without an answer.
        }
    });
    (url, count)
}

/// Whether `bytes` hold a request's headers and all of the body its `content-length` announces.
fn request_is_complete(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    bytes.len() >= end + 4 + length
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let fake = Fake::start();
    let home = tempfile::tempdir().unwrap();
    fake.cmd().args(["project", "all"]).assert().code(0);
    fake.cmd()
        .args(["project", "one", "--project-id", "nope"])
        .assert()
        .code(1);
    fake.cmd()
        .env("DOKPLOY_API_KEY", "wrong-key")
        .args(["project", "all"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refused the API key"));
    fake.cmd().args(["project", "frobnicate"]).assert().code(2);
    bare(home.path())
        .args(["project", "all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no Dokploy URL"));
    bare(home.path())
        .env("DOKPLOY_API_URL", "http://127.0.0.1:9")
        .args(["project", "all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no API key"));
    // Port 9 (discard) is closed here: nothing answers.
    fake.cmd()
        .args(["--url", "http://127.0.0.1:9", "project", "all"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("could not reach Dokploy"));
    // A server that reads the whole request, then closes without answering: a mutation's
    // outcome is unknown, and it is not sent again.
    let (url, requests) = hang_up_after_each_request();
    fake.cmd()
        .args(["--url", &url, "project", "create", "--name", "shop"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("may or may not have been made"));
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 1);
    fake.cmd()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exit codes:"));
}

#[test]
fn destructive_commands_refuse_without_yes_when_not_interactive() {
    let fake = Fake::start();
    let client = fake.client();
    let project_id = fake
        .block(client.projects().create("doomed", None))
        .unwrap()
        .project
        .project_id;
    fake.cmd()
        .args(["project", "remove", "--project-id", &project_id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --yes"));
    assert!(!fake.sent("project.remove"));
    assert_eq!(fake.block(client.projects().all()).unwrap().len(), 1);

    fake.cmd()
        .args(["project", "remove", "--project-id", &project_id, "--yes"])
        .assert()
        .success();
    assert!(fake.block(client.projects().all()).unwrap().is_empty());
    // Clean-ups ask too.
    fake.cmd().args(["settings", "clean-all"]).assert().code(2);
    assert!(!fake.sent("settings.cleanAll"));
}

// ---------------------------------------------------------------------------------------------
// Workflow commands

#[test]
fn projects_prints_the_tree_with_ids() {
    let fake = Fake::start();
    let (env_id, app_id) = fake.shop_with_web();
    let client = fake.client();
    fake.block(client.databases().create(
        DatabaseKind::Redis,
        dokploy::resources::NewDatabase::new(&env_id, "cache"),
    ))
    .unwrap();
    let out = fake.cmd().arg("projects").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("shop ("), "{text}");
    assert!(
        text.contains(&format!("└─ production [default] (2 services, {env_id})")),
        "{text}"
    );
    assert!(
        text.contains(&format!("application web [idle] ({app_id})")),
        "{text}"
    );
    // Dokploy's project.all lists databases by id only.
    assert!(text.contains("   ├─ redis ("), "{text}");
}

#[test]
fn deploy_waits_and_reports_success() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let out = fake
        .cmd()
        .args(["deploy", "application", &app_id, "--wait"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Plain progress lines when piped.
    assert!(
        stderr.contains("queued") && stderr.contains("started"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("done after"), "{stdout}");
    assert!(fake.sent("application.deploy"));
}

#[test]
fn a_failed_deploy_shows_the_log_tail_and_exits_1() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    fake.fake.set_deploy_outcome(DeployOutcome::Error {
        log: "npm ERR! missing script: build".into(),
    });
    fake.cmd()
        .args(["deploy", "application", &app_id, "--wait"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("npm ERR! missing script: build"))
        .stderr(predicate::str::contains("error after"));
}

#[test]
fn deploy_without_wait_only_triggers_and_compose_redeploys() {
    let fake = Fake::start();
    let (env_id, _) = fake.shop_with_web();
    let client = fake.client();
    let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    let stack = fake
        .block(
            client
                .compose()
                .create(dokploy::resources::NewCompose::from_yaml(
                    &env_id, "site", yaml,
                )),
        )
        .unwrap();
    fake.cmd()
        .args(["deploy", "compose", &stack.compose_id, "--redeploy"])
        .assert()
        .success()
        .stderr(predicate::str::contains("queued"));
    assert!(fake.sent("compose.redeploy"));
    fake.cmd()
        .args(["deploy", "compose", &stack.compose_id, "--wait"])
        .assert()
        .success()
        .stdout(predicate::str::contains("done after"));
}

#[test]
fn env_set_get_list_unset_keep_build_settings() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let client = fake.client();
    fake.block(
        client
            .application_save_environment()
            .body_map(|b| {
                b.application_id(app_id.clone())
                    .env(Some("# keep me\nA=1".to_string()))
                    .build_args(Some("NODE_VERSION=22".to_string()))
                    .build_secrets(Some("NPM_TOKEN=t0k".to_string()))
                    .create_env_file(true)
            })
            .send(),
    )
    .unwrap();
    fake.cmd()
        .args([
            "env",
            "set",
            "--application",
            &app_id,
            "B=two words",
            "C=x=y",
        ])
        .assert()
        .success();
    let sent = fake
        .last_request("application.saveEnvironment")
        .body_json()
        .unwrap();
    assert_eq!(sent["env"], "# keep me\nA=1\nB=two words\nC=x=y");
    assert_eq!(sent["buildArgs"], "NODE_VERSION=22");
    assert_eq!(sent["buildSecrets"], "NPM_TOKEN=t0k");
    assert_eq!(sent["createEnvFile"], true);

    fake.cmd()
        .args(["env", "get", "--application", &app_id, "C"])
        .assert()
        .success()
        .stdout("x=y\n");
    fake.cmd()
        .args(["env", "get", "--application", &app_id, "NOPE"])
        .assert()
        .code(1);
    fake.cmd()
        .args(["env", "list", "--application", &app_id])
        .assert()
        .success()
        .stdout("A=1\nB=two words\nC=x=y\n");
    fake.cmd()
        .args(["env", "list", "--application", &app_id, "--keys"])
        .assert()
        .stdout("A\nB\nC\n");
    fake.cmd()
        .args(["env", "unset", "--application", &app_id, "A", "B"])
        .assert()
        .success();
    let vars = fake
        .block(
            client
                .env_vars(EnvTarget::Application(app_id.clone()))
                .get(),
        )
        .unwrap();
    assert_eq!(vars.render(), "# keep me\nC=x=y");
    fake.cmd()
        .args(["env", "set", "--application", &app_id, "no-equals"])
        .assert()
        .code(2);
    fake.cmd().args(["env", "list"]).assert().code(2);
}

#[test]
fn env_works_on_databases_projects_environments_and_compose() {
    let fake = Fake::start();
    let (env_id, _) = fake.shop_with_web();
    let client = fake.client();
    let db = fake
        .block(
            client.databases().create(
                DatabaseKind::Postgres,
                dokploy::resources::NewDatabase::new(&env_id, "db")
                    .database_name("db")
                    .user("app"),
            ),
        )
        .unwrap();
    let project_id = fake
        .block(client.projects().by_name("shop"))
        .unwrap()
        .project_id;
    let database = format!("postgres:{}", db.reference.id);
    for target in [
        ["--database", database.as_str()],
        ["--project", &project_id],
        ["--environment", &env_id],
    ] {
        fake.cmd()
            .args(["env", "set"])
            .args(target)
            .arg("K=v")
            .assert()
            .success();
        fake.cmd()
            .args(["env", "get"])
            .args(target)
            .arg("K")
            .assert()
            .success()
            .stdout("v\n");
    }
    fake.cmd()
        .args(["env", "list", "--database", "oracle:x"])
        .assert()
        .code(2);
}

#[test]
fn logs_prints_a_deployments_log() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let client = fake.client();
    fake.block(
        client
            .deploy_application(&app_id)
            .options(dokploy::WaitOptions {
                poll_interval: Duration::from_millis(20),
                ..Default::default()
            })
            .wait(),
    )
    .unwrap();
    let deployment = fake
        .block(client.deployments().all(&app_id))
        .unwrap()
        .remove(0);
    fake.cmd()
        .args(["logs", &deployment.deployment_id, "--tail", "1"])
        .assert()
        .success()
        .stdout("Docker Deployed: ✅\n");
    assert!(
        fake.last_request("deployment.readLogs")
            .query
            .unwrap()
            .contains("tail=1")
    );
}

#[test]
fn create_finds_the_environment_by_project_and_environment_name() {
    let fake = Fake::start();
    let client = fake.client();
    let project_id = fake
        .block(client.projects().create("shop", None))
        .unwrap()
        .project
        .project_id;
    let staging = fake
        .block(client.environments().create(&project_id, "staging", None))
        .unwrap();

    let out = fake
        .cmd()
        .args([
            "create",
            "application",
            "web",
            "--project",
            "shop",
            "--environment",
            "staging",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = stdout_json(&out);
    assert_eq!(app["name"], "web");
    assert_eq!(app["environmentId"], staging.environment_id.as_str());

    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("pw");
    std::fs::write(&password, "s3cret-pw\n").unwrap();
    let out = fake
        .cmd()
        .args([
            "create",
            "database",
            "postgres",
            "db",
            "--project",
            "shop",
            "--database-name",
            "shop",
            "--user",
            "app",
            "--password-file",
        ])
        .arg(&password)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        fake.last_request("postgres.create").body_json().unwrap()["databasePassword"],
        "s3cret-pw"
    );
    assert_eq!(stdout_json(&out)["name"], "db");

    fake.cmd()
        .args([
            "create",
            "compose",
            "site",
            "--project",
            "shop",
            "--file",
            "-",
        ])
        .write_stdin("services:\n  web:\n    image: nginx\n")
        .assert()
        .success();

    fake.cmd()
        .args(["create", "application", "web", "--project", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no project").and(predicate::str::contains("shop")));
}

#[test]
fn fake_serves_on_the_port_asked_for_and_prints_the_exports() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dokploy"))
        .args(["fake", "--port", &port.to_string()])
        .env("HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url_line = lines.next().unwrap().unwrap();
    let key_line = lines.next().unwrap().unwrap();
    assert_eq!(
        url_line,
        format!("export DOKPLOY_API_URL=http://127.0.0.1:{port}")
    );
    assert_eq!(key_line, "export DOKPLOY_API_KEY=fake-api-key");
    let result = bare(home.path())
        .env("DOKPLOY_API_URL", format!("http://127.0.0.1:{port}"))
        .env("DOKPLOY_API_KEY", "fake-api-key")
        .args(["project", "create", "--name", "tried"])
        .assert();
    child.kill().unwrap();
    child.wait().unwrap();
    result.success().stdout(predicate::str::contains("tried"));
}

#[test]
fn completions_cover_the_workflows_and_the_operations() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = bare(home.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["dokploy", "deploy", "save-environment", "application-id"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn workflow_help_has_examples() {
    let home = tempfile::tempdir().unwrap();
    for command in [
        vec!["projects"],
        vec!["deploy"],
        vec!["env", "list"],
        vec!["env", "get"],
        vec!["env", "set"],
        vec!["env", "unset"],
        vec!["logs"],
        vec!["create", "application"],
        vec!["create", "database"],
        vec!["create", "compose"],
        vec!["fake"],
        vec!["completions"],
    ] {
        bare(home.path())
            .args(&command)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration and the key

#[test]
fn profiles_in_the_config_file_point_at_dokploy() {
    let fake = Fake::start();
    fake.shop_with_web();
    let dir = fake.home.path().join(".config/dokploy");
    std::fs::create_dir_all(&dir).unwrap();
    write_private(&dir.join("fake.key"), &format!("{KEY}\n"));
    write_private(
        &dir.join("config.toml"),
        &format!(
            "default_profile = \"broken\"\n\n[profiles.broken]\nurl = \"http://127.0.0.1:9\"\napi_key = \"x\"\n\n[profiles.fake]\nurl = \"{}\"\napi_key_file = \"fake.key\"\n",
            fake.fake.base_url()
        ),
    );
    let home = fake.home.path();
    // The default profile is used when nothing else says where Dokploy is…
    bare(home).arg("projects").assert().code(3);
    // …a chosen one by flag or variable…
    bare(home)
        .args(["--profile", "fake", "projects"])
        .assert()
        .success()
        .stdout(predicate::str::contains("shop"));
    bare(home)
        .env("DOKPLOY_PROFILE", "fake")
        .arg("projects")
        .assert()
        .success();
    // …and the environment beats the default profile.
    fake.cmd().arg("projects").assert().success();
    bare(home)
        .args(["--profile", "fake", "config"])
        .assert()
        .success()
        .stdout(predicate::str::contains("profile: fake (chosen)"))
        .stdout(predicate::str::contains(
            "api key: set (from api_key_file fake.key of profile \"fake\"",
        ));
    bare(home)
        .args(["--profile", "nope", "projects"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("it defines: broken, fake"));
    std::fs::write(dir.join("config.toml"), "[profiles.x]\nulr = \"typo\"\n").unwrap();
    bare(home)
        .arg("projects")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid"));
}

#[test]
fn the_key_can_come_from_a_file_or_stdin() {
    let fake = Fake::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("key");
    write_private(&file, KEY);
    let url = fake.fake.base_url();
    bare(fake.home.path())
        .args(["--url", &url, "--api-key-file"])
        .arg(&file)
        .arg("projects")
        .assert()
        .success();
    bare(fake.home.path())
        .args(["--url", &url, "--api-key-file", "-", "projects"])
        .write_stdin(format!("{KEY}\n"))
        .assert()
        .success();
}

#[test]
fn the_key_never_appears_in_any_output() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    write_private(&key_file, KEY);
    let key_file = key_file.display().to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["application", "one", "--help"],
        vec!["projects"],
        vec!["project", "all", "--pretty"],
        vec!["application", "one", "--application-id", &app_id],
        vec!["project", "one", "--project-id", "nope"],
        vec!["project", "create", "--name", ""],
        vec!["project", "remove", "--project-id", "x"],
        vec!["config"],
        vec!["--api-key-file", &key_file, "config"],
        vec!["--url", "http://127.0.0.1:9", "projects"],
        vec!["--url", "not a url", "projects"],
        vec!["deploy", "application", &app_id, "--wait"],
        vec!["env", "list", "--application", &app_id],
        vec!["project", "nope"],
    ];
    for args in &runs {
        let out = fake.cmd().args(args).output().unwrap();
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains(KEY),
                "dokploy {args:?} printed the key on {stream}: {text}"
            );
        }
    }
    // A wrong key is not echoed either.
    let out = fake
        .cmd()
        .env("DOKPLOY_API_KEY", "wrong-key-ABCDEF")
        .arg("projects")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wrong-key-ABCDEF"));
    // Nor is a key given as an (unsupported) flag value.
    let out = fake
        .cmd()
        .args(["--api-key", KEY, "projects"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains(KEY),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets: key files kept private, `config set-key`, secret flags from a file or stdin

#[test]
fn a_key_file_or_a_config_file_holding_a_key_that_others_can_read_is_refused() {
    let fake = Fake::start();
    let home = fake.home.path();
    let url = fake.fake.base_url();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    write_private(&key_file, KEY);
    for open in [0o644, 0o640, 0o604] {
        set_mode(&key_file, open);
        bare(home)
            .args(["--url", &url, "--api-key-file"])
            .arg(&key_file)
            .arg("projects")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "chmod 600 {}",
                key_file.display()
            )))
            .stderr(predicate::str::contains(KEY).not());
    }
    assert!(fake.fake.requests().is_empty(), "nothing was sent");
    set_mode(&key_file, 0o600);
    bare(home)
        .args(["--url", &url, "--api-key-file"])
        .arg(&key_file)
        .arg("projects")
        .assert()
        .success();

    // A config file holding a key is held to the same rule, whichever profile is used; one
    // without a key may be read by anyone.
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[profiles.fake]\nurl = \"{url}\"\napi_key = \"{KEY}\"\n"),
    )
    .unwrap();
    set_mode(&config, 0o644);
    bare(home)
        .arg("--config-file")
        .arg(&config)
        .args(["--profile", "fake", "projects"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            config.display()
        )));
    set_mode(&config, 0o600);
    bare(home)
        .arg("--config-file")
        .arg(&config)
        .args(["--profile", "fake", "projects"])
        .assert()
        .success();
    std::fs::write(&config, format!("[profiles.fake]\nurl = \"{url}\"\n")).unwrap();
    set_mode(&config, 0o644);
    bare(home)
        .arg("--config-file")
        .arg(&config)
        .args(["--profile", "fake", "projects"])
        .env("DOKPLOY_API_KEY", KEY)
        .assert()
        .success();
}

#[test]
fn config_set_key_writes_the_key_into_a_private_profile_and_keeps_the_rest() {
    let fake = Fake::start();
    let home = fake.home.path();
    let url = fake.fake.base_url();
    let config = home.join(".config/dokploy/config.toml");

    // No file yet: it is made (0600, in a 0700 directory), with the profile as the default.
    bare(home)
        .args(["--profile", "fake", "--url", &url, "config", "set-key"])
        .write_stdin(format!("{KEY}\n"))
        .assert()
        .success()
        .stderr(predicate::str::contains("profile fake"))
        .stdout(predicate::str::contains(KEY).not())
        .stderr(predicate::str::contains(KEY).not());
    assert_eq!(mode(&config), 0o600);
    assert_eq!(mode(config.parent().unwrap()), 0o700);
    bare(home).arg("projects").assert().success();

    // An existing file, open to others and with comments: the key replaces the profile's key
    // file, everything else stays, and the file becomes private.
    std::fs::write(
        &config,
        format!(
            "# my profiles\ndefault_profile = \"fake\"\n\n[profiles.fake]\nurl = \"{url}\" # the fake\napi_key_file = \"old.key\"\n\n[profiles.other]\nurl = \"http://127.0.0.1:9\"\n"
        ),
    )
    .unwrap();
    set_mode(&config, 0o644);
    bare(home)
        .args(["config", "set-key"])
        .write_stdin(KEY)
        .assert()
        .success();
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("# my profiles\n"), "{text}");
    assert!(text.contains("url = \"http://127.0.0.1:9\""), "{text}");
    assert!(text.contains("# the fake"), "{text}");
    assert!(!text.contains("old.key"), "{text}");
    assert!(text.contains(&format!("api_key = \"{KEY}\"")), "{text}");
    assert_eq!(mode(&config), 0o600);
    bare(home)
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "api key: set (from api_key of profile \"fake\"",
        ));

    // The key is never taken from a flag, and an empty one writes nothing.
    bare(home)
        .args(["config", "set-key", "--key", KEY])
        .assert()
        .code(2);
    bare(home)
        .args(["config", "set-key"])
        .write_stdin("\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn secret_flags_take_a_file_or_standard_input() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("app.env");
    std::fs::write(&env_file, "DB_PASSWORD=from-a-file\nPORT=3000\n").unwrap();
    let save = |env: &str| {
        let mut cmd = fake.cmd();
        cmd.args([
            "application",
            "save-environment",
            "--application-id",
            &app_id,
            "--env",
            env,
            "--create-env-file",
            "false",
        ]);
        cmd
    };
    save(&format!("@{}", env_file.display())).assert().success();
    let sent = fake
        .last_request("application.saveEnvironment")
        .body_json()
        .unwrap();
    // A block of several lines is sent as it is.
    assert_eq!(sent["env"], "DB_PASSWORD=from-a-file\nPORT=3000\n");
    save("-")
        .write_stdin("DB_PASSWORD=from-stdin\n")
        .assert()
        .success();
    let sent = fake
        .last_request("application.saveEnvironment")
        .body_json()
        .unwrap();
    // One line loses its line ending.
    assert_eq!(sent["env"], "DB_PASSWORD=from-stdin");
    // Standard input is read once.
    fake.cmd()
        .args([
            "application",
            "save-environment",
            "--application-id",
            &app_id,
            "--env",
            "-",
            "--body",
            "-",
        ])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another argument already read it"));
    fake.cmd()
        .args(["application", "save-environment", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--env <TEXT|@FILE|->"));

    // `env set` takes the pairs of a dotenv file, or of standard input.
    let pairs = dir.path().join("secrets.env");
    std::fs::write(&pairs, "# rotated monthly\nAPI_TOKEN=\"t0k en\"\n").unwrap();
    fake.cmd()
        .args(["env", "set", "--application", &app_id])
        .arg(format!("@{}", pairs.display()))
        .arg("DEBUG=0")
        .assert()
        .success();
    fake.cmd()
        .args(["env", "set", "--application", &app_id, "-"])
        .write_stdin("SMTP_PASSWORD=hunter2\n")
        .assert()
        .success();
    let vars = fake
        .block(
            fake.client()
                .env_vars(EnvTarget::Application(app_id.clone()))
                .get(),
        )
        .unwrap();
    assert_eq!(vars.get("API_TOKEN").as_deref(), Some("t0k en"));
    assert_eq!(vars.get("DEBUG").as_deref(), Some("0"));
    assert_eq!(vars.get("SMTP_PASSWORD").as_deref(), Some("hunter2"));
}

/// A local server that accepts connections and never answers; counts the connections.
fn silent_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(stream); // kept open, never answered
        }
    });
    (url, count)
}

#[test]
fn the_timeout_bounds_the_whole_call_retries_included() {
    let fake = Fake::start();
    let (url, connections) = silent_server();
    fake.cmd()
        .args(["--url", &url, "--timeout", "1", "project", "all"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("did not answer in time"));
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "no time was left for a second attempt"
    );
    fake.cmd()
        .args(["--timeout", "0", "projects"])
        .assert()
        .code(2);
    fake.cmd()
        .arg("--help")
        .assert()
        .stdout(predicate::str::contains("How long a call may take in all"));
}

#[path = "../../tests/common/tls.rs"]
mod tls;

#[test]
fn a_private_ca_is_trusted_with_ca_cert_and_an_untrusted_certificate_says_what_to_do() {
    let fake = Fake::start();
    let (ca, identity) = tls::ca_and_leaf(tls::names(), None);
    let server = fake.block(tls::TlsServer::start(&identity, |_| {
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]".to_vec()
    }));
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    fake.cmd()
        .args(["--url", &server.base_url, "project", "all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "signed by an issuer this client does not trust",
        ))
        .stderr(predicate::str::contains("--ca-cert FILE"));
    assert_eq!(server.connections(), 1, "not retried");
    assert_eq!(server.requests(), 0, "the key never left");
    fake.cmd()
        .args(["--url", &server.base_url, "--ca-cert"])
        .arg(&ca_file)
        .args(["project", "all"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[]"));
    fake.cmd()
        .env("DOKPLOY_CA_CERT", &ca_file)
        .args(["--url", &server.base_url, "project", "all"])
        .assert()
        .success();
    fake.cmd()
        .args([
            "--url",
            &server.base_url,
            "--ca-cert",
            "/nonexistent/ca.pem",
            "project",
            "all",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("could not be read"));
    assert_eq!(server.requests(), 2);
}

#[test]
fn a_redirect_to_another_address_is_refused_naming_it() {
    let fake = Fake::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stream.read(&mut chunk) {
                request.extend_from_slice(&chunk[..n]);
                if n == 0 || request_is_complete(&request) {
                    break;
                }
            }
            let _ = stream.write_all(b"HTTP/1.1 308 Permanent Redirect\r\nlocation: http://localhost:9/api/project.create\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    fake.cmd()
        .args(["--url", &url, "project", "create", "--name", "shop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "to http://localhost:9/api/project.create",
        ))
        .stderr(predicate::str::contains("another origin"));
}
