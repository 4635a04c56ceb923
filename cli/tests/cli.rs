//! The `dokploy` binary against the embedded fake Dokploy: each workflow command, the operation
//! commands (flat query parameters, JSON bodies, every operation of the document reachable),
//! the exit codes, the refusal of destructive commands without `--yes`, configuration, and
//! that the API key never appears in any output.

use dokploy::required;
use std::collections::BTreeSet;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use dokploy::fake::{DeployOutcome, FakeDokploy, FakeOptions};
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
        Self::start_with(FakeOptions {
            queue_delay: Duration::from_millis(20),
            build_duration: Duration::from_millis(50),
            ..FakeOptions::default()
        })
    }

    /// A fake with these options (and the test's key).
    fn start_with(options: FakeOptions) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let fake = runtime
            .block_on(FakeDokploy::start_with(FakeOptions {
                api_key: KEY.to_string(),
                ..options
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
    assert_eq!(reached, dokploy::operations::OPERATIONS.len());
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
fn uploads_reach_the_trpc_path_and_start_a_deployment_on_either_transport() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("site.zip");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    for transport in ["rest", "trpc"] {
        let out = fake
            .cmd()
            .args(["--transport", transport])
            .args([
                "application",
                "drop-deployment",
                "--application-id",
                &app_id,
                "--zip",
            ])
            .arg(&zip)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{transport}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // 431's answer, unwrapped.
        assert_eq!(stdout_json(&out), json!(true), "{transport}");
        let request = fake.last_request("application.dropDeployment");
        assert_eq!(request.path, "/api/trpc/application.dropDeployment");
        assert!(
            request
                .content_type
                .unwrap()
                .starts_with("multipart/form-data")
        );
        let body = String::from_utf8_lossy(&request.body);
        assert!(
            body.contains("not really a zip")
                && body.contains("site.zip")
                && body.contains(&app_id)
        );
    }
    // The deploys the two uploads started.
    let client = fake.client();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let rows = fake.block(client.deployments().all(&app_id)).unwrap();
        let finished = rows
            .iter()
            .filter(|d| d.status == dokploy::models::DeploymentStatus::Done)
            .count();
        if finished == 2 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{rows:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
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
    fake.block(
        client
            .databases()
            .create(dokploy::resources::NewDatabase::redis(&env_id, "cache")),
    )
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
        text.contains(&format!("   ├─ application web [idle] ({app_id})")),
        "{text}"
    );
    // Dokploy's project.all lists databases by id only; the last service closes the branch.
    assert!(text.contains("   └─ redis ("), "{text}");
}

#[test]
fn deploy_waits_and_reports_success() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let out = fake
        .cmd()
        .args(["deploy", "--application", &app_id, "--wait"])
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
        .args(["deploy", "--application", &app_id, "--wait"])
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
        // The earlier spelling, `deploy compose ID`, still works.
        .args(["deploy", "compose", &stack.compose_id, "--redeploy"])
        .assert()
        .success()
        .stderr(predicate::str::contains("queued"));
    assert!(fake.sent("compose.redeploy"));
    fake.cmd()
        .args(["deploy", "--compose", &stack.compose_id, "--wait"])
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
            .required(required::ApplicationSaveEnvironment {
                application_id: app_id.clone(),
                create_env_file: true,
            })
            .body_map(|b| {
                b.env(Some("# keep me\nA=1".to_string()))
                    .build_args(Some("NODE_VERSION=22".to_string()))
                    .build_secrets(Some("NPM_TOKEN=t0k".to_string()))
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
            client
                .databases()
                .create(dokploy::resources::NewDatabase::postgres(
                    &env_id, "db", "db", "app",
                )),
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
        vec!["deploy", "--application", &app_id, "--wait"],
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
// What a new user met on a real Dokploy (issue 15)

#[test]
fn create_database_names_the_flags_each_kind_requires() {
    let fake = Fake::start();
    fake.shop_with_web();
    let create = |kind: &str, extra: &[&str]| {
        let mut cmd = fake.cmd();
        cmd.args([
            "create",
            "database",
            kind,
            &format!("{kind}-db"),
            "--project",
            "shop",
        ])
        .args(extra);
        cmd.output().unwrap()
    };
    // What is missing or extra is said in flags, before anything is sent.
    let out = create("postgres", &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a postgres database needs --database-name NAME and --user USER"),
        "{stderr}"
    );
    assert!(!stderr.contains("databaseName"), "{stderr}");
    let out = create("libsql", &["--database-name", "x", "--user", "u"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a libsql database takes no --database-name"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!fake.sent("postgres.create") && !fake.sent("libsql.create"));
    // With them, each kind is created.
    for (kind, flags) in [
        (
            "postgres",
            &["--database-name", "shop", "--user", "app"][..],
        ),
        ("mysql", &["--database-name", "shop", "--user", "app"]),
        ("mariadb", &["--database-name", "shop", "--user", "app"]),
        ("mongo", &["--user", "app"]),
        ("redis", &[]),
        ("libsql", &["--user", "app"]),
    ] {
        let out = create(kind, flags);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout_json(&out)["name"], format!("{kind}-db"));
    }
    // --help says which flags each kind requires.
    let help = bare(fake.home.path())
        .args(["create", "database", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("postgres  --database-name NAME --user USER")
            && help.contains("mongo     --user USER")
            && help.contains("redis     (none)")
            && help.contains("required for postgres, mysql, mariadb"),
        "{help}"
    );
}

#[test]
fn an_operation_missing_required_fields_names_their_flags() {
    let fake = Fake::start();
    fake.cmd()
        .args(["postgres", "create", "--body", r#"{"name": "db"}"#])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "postgres.create needs --database-name, --database-password, --database-user, --environment-id",
        ));
    assert!(!fake.sent("postgres.create"));
}

#[test]
fn create_project_makes_a_project_with_its_default_environment() {
    let fake = Fake::start();
    let out = fake
        .cmd()
        .args(["create", "project", "shop", "--description", "the web shop"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created = stdout_json(&out);
    assert_eq!(created["project"]["name"], "shop");
    assert_eq!(created["project"]["description"], "the web shop");
    assert_eq!(created["environment"]["name"], "production");
    // It is found by name right away.
    fake.cmd()
        .args(["create", "application", "web", "--project", "shop"])
        .assert()
        .success();
}

/// The caller's organization, as the raw `user create-api-key` needs it.
fn organization(fake: &Fake) -> String {
    let client = fake.client();
    fake.block(client.users().current())
        .unwrap()
        .organization_id
}

#[test]
fn api_keys_are_created_without_a_rate_limit_unless_asked_and_the_key_is_shown_once() {
    let fake = Fake::start();
    let metadata = json!({"organizationId": organization(&fake)}).to_string();
    let out = fake
        .cmd()
        .args([
            "user",
            "create-api-key",
            "--name",
            "ci",
            "--metadata",
            &metadata,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        fake.last_request("user.createApiKey").body_json().unwrap()["rateLimitEnabled"],
        false
    );
    // The key is printed (Dokploy shows it only this once), and it outlives Dokploy's default
    // of 5 REST calls.
    let created = stdout_json(&out);
    let key = created["key"].as_str().unwrap();
    assert_ne!(key, "<redacted>");
    let url = fake.fake.base_url();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("ci.key");
    write_private(&key_file, key);
    for _ in 0..6 {
        bare(fake.home.path())
            .args(["--url", &url, "--api-key-file"])
            .arg(&key_file)
            .arg("projects")
            .assert()
            .success();
    }
    // Asked for, Dokploy's limit applies.
    fake.cmd()
        .args([
            "user",
            "create-api-key",
            "--name",
            "limited",
            "--metadata",
            &metadata,
            "--rate-limit-enabled",
        ])
        .assert()
        .success();
    assert_eq!(
        fake.last_request("user.createApiKey").body_json().unwrap()["rateLimitEnabled"],
        true
    );
    let help = fake
        .cmd()
        .args(["user", "create-api-key", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("default here: false"));
}

#[test]
fn project_remove_warns_that_services_keep_running_and_with_services_takes_them_down() {
    let fake = Fake::start();
    let (env_id, _) = fake.shop_with_web();
    let client = fake.client();
    let db = fake
        .block(
            client
                .databases()
                .create(dokploy::resources::NewDatabase::redis(&env_id, "cache")),
        )
        .unwrap();
    fake.block(client.databases().deploy(&db.reference))
        .unwrap();
    let shop = fake
        .block(client.projects().by_name("shop"))
        .unwrap()
        .project_id;
    // Without --with-services: a warning, and the services are left running.
    let out = fake
        .cmd()
        .args(["project", "remove", "--project-id", &shop, "--yes"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("its 2 services keep running") && stderr.contains("--with-services"),
        "{stderr}"
    );
    assert_eq!(fake.fake.orphaned_services().len(), 1, "the deployed redis");
    assert_eq!(stdout_json(&out)["projectId"], shop.as_str());

    // With it: each service taken down first.
    let (env_id, app_id) = fake.shop_with_web();
    let db = fake
        .block(
            client
                .databases()
                .create(dokploy::resources::NewDatabase::redis(&env_id, "cache")),
        )
        .unwrap();
    fake.block(client.databases().deploy(&db.reference))
        .unwrap();
    let shop = fake
        .block(client.projects().by_name("shop"))
        .unwrap()
        .project_id;
    let running = fake.fake.running_services().len();
    let out = fake
        .cmd()
        .args([
            "project",
            "remove",
            "--project-id",
            &shop,
            "--with-services",
            "--yes",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let removed = stdout_json(&out);
    assert_eq!(removed["project"]["projectId"], shop.as_str());
    assert_eq!(
        removed["services"],
        json!([
            format!("application web ({app_id})"),
            format!("redis cache ({})", db.reference.id)
        ])
    );
    assert_eq!(fake.fake.running_services().len(), running - 1);
    assert!(fake.sent("application.delete") && fake.sent("redis.remove"));
    // --help says it too; --delete-volumes needs --with-services.
    fake.cmd()
        .args(["project", "remove", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("keep running")
                .and(predicate::str::contains("--with-services")),
        );
    fake.cmd()
        .args([
            "project",
            "remove",
            "--project-id",
            "x",
            "--delete-volumes",
            "--yes",
        ])
        .assert()
        .code(2);
}

/// Every answer the command line prints for `args`, parsed (it must stay valid JSON).
fn printed(fake: &Fake, args: &[&str]) -> Value {
    let out = fake.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout_json(&out)
}

#[test]
fn secrets_are_redacted_in_every_printed_answer_unless_show_secrets() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    let client = fake.client();
    let env = "DATABASE_URL=postgres://app:hunter2-url@db/shop\nAPI_TOKEN=tok-s3cret\nNODE_ENV=production";
    fake.block(
        client
            .env_vars(EnvTarget::Application(app_id.clone()))
            .update(|vars| {
                for line in env.lines() {
                    let (k, v) = line.split_once('=').unwrap();
                    vars.set(k, v)?;
                }
                Ok(())
            }),
    )
    .unwrap();
    let secrets = ["hunter2-url", "tok-s3cret"];
    let hidden = |what: &str, value: &Value| {
        let text = value.to_string();
        for secret in secrets {
            assert!(!text.contains(secret), "{what} shows {secret}: {text}");
        }
    };

    // A workflow command: the generated password.
    let created = printed(
        &fake,
        &[
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
        ],
    );
    assert_eq!(created["databasePassword"], "<redacted>");
    let id = created["postgresId"].as_str().unwrap().to_string();
    // An operation command (GET and POST), and a destructive one.
    let app = printed(&fake, &["application", "one", "--application-id", &app_id]);
    assert_eq!(app["env"], "<redacted>");
    hidden("application one", &app);
    let one = printed(&fake, &["postgres", "one", "--postgres-id", &id]);
    assert_eq!(one["databasePassword"], "<redacted>");
    let removed = printed(
        &fake,
        &["postgres", "remove", "--postgres-id", &id, "--yes"],
    );
    assert_eq!(removed["databasePassword"], "<redacted>");
    // The variables: secret-looking ones hidden in a list, the one asked for printed.
    let out = fake
        .cmd()
        .args(["env", "list", "--application", &app_id])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains("API_TOKEN=<redacted>")
            && list.contains("DATABASE_URL=postgres://app:<redacted>@db/shop")
            && list.contains("NODE_ENV=production"),
        "{list}"
    );
    fake.cmd()
        .args(["env", "get", "--application", &app_id, "API_TOKEN"])
        .assert()
        .success()
        .stdout("tok-s3cret\n");
    // A deployment log that spells a secret out.
    fake.fake.set_deploy_outcome(DeployOutcome::Error {
        log: "psql: connecting with PGPASSWORD=hunter2-url failed".into(),
    });
    let deployment = fake
        .block(client.deploy_application(&app_id).wait())
        .unwrap()
        .deployment
        .deployment_id;
    let out = fake.cmd().args(["logs", &deployment]).output().unwrap();
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(
        log.contains("PGPASSWORD=<redacted>") && !log.contains("hunter2-url"),
        "{log}"
    );
    // The other creates: a compose file that spells a password out is a secret as a whole.
    let out = fake
        .cmd()
        .args(["create", "compose", "site", "--project", "shop", "--file", "-"])
        .write_stdin(
            "services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=hunter2-url\n",
        )
        .output()
        .unwrap();
    let stack = stdout_json(&out);
    assert_eq!(stack["composeFile"], "<redacted>", "{stack}");
    hidden("create compose", &stack);
    hidden(
        "create application",
        &printed(
            &fake,
            &["create", "application", "api", "--project", "shop"],
        ),
    );
    // A project's answer.
    let shop = fake
        .block(client.projects().by_name("shop"))
        .unwrap()
        .project_id;
    let project = printed(&fake, &["project", "one", "--project-id", &shop]);
    hidden("project one", &project);

    // --show-secrets shows them all, on every path.
    let shown = fake
        .cmd()
        .args([
            "--show-secrets",
            "application",
            "one",
            "--application-id",
            &app_id,
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("tok-s3cret"));
    let shown = fake
        .cmd()
        .args(["--show-secrets", "env", "list", "--application", &app_id])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("API_TOKEN=tok-s3cret"));
    let shown = fake
        .cmd()
        .args(["logs", &deployment, "--show-secrets"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("PGPASSWORD=hunter2-url"));
    let created = printed(
        &fake,
        &[
            "--show-secrets",
            "create",
            "database",
            "redis",
            "cache",
            "--project",
            "shop",
        ],
    );
    assert_ne!(created["databasePassword"], "<redacted>");
    assert!(!created["databasePassword"].as_str().unwrap().is_empty());
}

#[test]
fn the_transport_is_chosen_by_flag_or_profile() {
    let fake = Fake::start();
    fake.shop_with_web();
    let trpc_calls = || fake.fake.requests().iter().filter(|r| r.is_trpc()).count();
    fake.cmd().arg("projects").assert().success();
    assert_eq!(trpc_calls(), 0, "REST by default");
    fake.cmd()
        .args(["--transport", "trpc", "projects"])
        .assert()
        .success()
        .stdout(predicate::str::contains("shop"));
    assert_eq!(trpc_calls(), 1);
    fake.cmd()
        .args(["--transport", "trpc", "project", "all"])
        .assert()
        .success();
    assert_eq!(trpc_calls(), 2);

    let dir = fake.home.path().join(".config/dokploy");
    std::fs::create_dir_all(&dir).unwrap();
    write_private(
        &dir.join("config.toml"),
        &format!(
            "[profiles.fast]\nurl = \"{}\"\napi_key = \"{KEY}\"\ntransport = \"trpc\"\n",
            fake.fake.base_url()
        ),
    );
    bare(fake.home.path())
        .args(["--profile", "fast", "projects"])
        .assert()
        .success();
    assert_eq!(trpc_calls(), 3);
    // The flag beats the profile.
    bare(fake.home.path())
        .args(["--profile", "fast", "--transport", "rest", "projects"])
        .assert()
        .success();
    assert_eq!(trpc_calls(), 3);
    bare(fake.home.path())
        .args(["--profile", "fast", "config"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "transport: trpc (from transport of profile \"fast\"",
        ));
    fake.cmd()
        .args(["--transport", "grpc", "projects"])
        .assert()
        .code(2);
}

#[test]
fn deploy_names_its_target_with_a_flag_like_env() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    fake.cmd()
        .args(["deploy", "--application", &app_id])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "application {app_id} queued"
        )));
    // The earlier spelling still works.
    fake.cmd()
        .args(["deploy", "application", &app_id])
        .assert()
        .success();
    let deploys = fake
        .fake
        .requests()
        .iter()
        .filter(|r| r.procedure() == "application.deploy")
        .count();
    assert_eq!(deploys, 2);
    fake.cmd()
        .arg("deploy")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--application ID or --compose ID"));
    fake.cmd()
        .args(["deploy", "--application", &app_id, "--compose", "c1"])
        .assert()
        .code(2);
}

/// A fake whose builds take a while and print numbered lines as they go.
fn slow_builds() -> Fake {
    Fake::start_with(FakeOptions {
        queue_delay: Duration::from_millis(20),
        build_duration: Duration::from_millis(1500),
        build_output: (1..=10).map(|i| format!("build step {i}\n")).collect(),
        container_log_interval: Duration::from_millis(50),
        ..FakeOptions::default()
    })
}

/// Triggers a deploy and gives the deployment id once its row exists (still running).
fn started_deployment(fake: &Fake, app_id: &str) -> String {
    let client = fake.client();
    fake.block(client.applications().deploy(app_id)).unwrap();
    for _ in 0..200 {
        if let Some(row) = fake.block(client.deployments().all(app_id)).unwrap().pop() {
            return row.deployment_id;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no deployment row");
}

fn deployment_status(fake: &Fake, app_id: &str) -> String {
    let rows = fake.block(fake.client().deployments().all(app_id)).unwrap();
    rows[0].status.to_string()
}

#[test]
fn logs_follow_prints_a_build_as_it_happens_and_ends_with_it() {
    let fake = slow_builds();
    let (_, app_id) = fake.shop_with_web();
    let deployment_id = started_deployment(&fake, &app_id);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dokploy"))
        .args(["logs", &deployment_id, "--follow"])
        .env("HOME", fake.home.path())
        .env("XDG_CONFIG_HOME", fake.home.path())
        .env("DOKPLOY_API_URL", fake.fake.base_url())
        .env("DOKPLOY_API_KEY", KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert_eq!(first, "Initializing deployment");
    // The first line came while the build still ran: it is streamed, not read afterwards.
    assert_eq!(deployment_status(&fake, &app_id), "running");
    let mut all = vec![first];
    all.extend(lines.map(Result::unwrap));
    let status = child.wait().unwrap();
    assert!(status.success());
    let steps: Vec<&String> = all.iter().filter(|l| l.starts_with("build step")).collect();
    assert_eq!(steps.len(), 10, "{all:#?}");
    assert_eq!(all.last().unwrap(), "Docker Deployed: ✅");
    assert_eq!(deployment_status(&fake, &app_id), "done");
}

#[test]
fn deploy_wait_with_logs_shows_the_build_lines_in_order_then_the_result() {
    let fake = slow_builds();
    let (_, app_id) = fake.shop_with_web();
    let out = fake
        .cmd()
        .args(["deploy", "--application", &app_id, "--wait", "--logs"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let at = |text: &str| {
        stderr
            .find(text)
            .unwrap_or_else(|| panic!("{text:?} not in {stderr}"))
    };
    assert!(at("started") < at("Initializing deployment"));
    let steps: Vec<usize> = (1..=10).map(|i| at(&format!("build step {i}\n"))).collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "{stderr}");
    assert!(steps[9] < at("Docker Deployed: ✅"));
    assert!(at("Docker Deployed: ✅") < at("done after"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("done after"), "{stdout}");
}

#[test]
fn deploy_wait_on_a_terminal_streams_the_build() {
    let fake = slow_builds();
    let (_, app_id) = fake.shop_with_web();
    let bin = assert_cmd::cargo::cargo_bin("dokploy");
    let command = format!("{} deploy --application {app_id} --wait", bin.display());
    // `script` gives the command a pseudo-terminal.
    let out = std::process::Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env("HOME", fake.home.path())
        .env("XDG_CONFIG_HOME", fake.home.path())
        .env("DOKPLOY_API_URL", fake.fake.base_url())
        .env("DOKPLOY_API_KEY", KEY)
        .output();
    let Ok(out) = out else {
        eprintln!("no `script` here: the pseudo-terminal test did not run");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let first = text.find("Initializing deployment").expect(&text);
    let last = text.find("build step 10").expect(&text);
    assert!(
        first < last && last < text.find("done after").expect(&text),
        "{text}"
    );
    assert!(!text.contains(KEY));
}

#[test]
fn a_failed_deploy_followed_live_does_not_repeat_the_log_tail() {
    let fake = Fake::start();
    let (_, app_id) = fake.shop_with_web();
    fake.fake.set_deploy_outcome(DeployOutcome::Error {
        log: "npm ERR! missing script: build".into(),
    });
    let out = fake
        .cmd()
        .args(["deploy", "--application", &app_id, "--wait", "--logs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Once, live; not again as the end of the log.
    assert_eq!(
        stderr.matches("npm ERR! missing script: build").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("the end of its log"), "{stderr}");
}

#[test]
fn logs_of_an_application_print_its_containers_lines_and_stop_on_ctrl_c() {
    let fake = slow_builds();
    let (_, app_id) = fake.shop_with_web();
    let client = fake.client();
    fake.block(client.deploy_application(&app_id).wait())
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let out = fake
        .cmd()
        .args(["logs", "--application", &app_id, "--tail", "2"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.lines().all(|l| l.contains(" tick ")), "{stdout}");
    // The earlier spelling, `logs application ID`, still works.
    let out = fake
        .cmd()
        .args(["logs", "application", &app_id, "--tail", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    fake.cmd()
        .args(["logs", "--application", &app_id, "--compose", "c1"])
        .assert()
        .code(2);

    fake.cmd()
        .args(["logs", "--application", &app_id, "--service", "web"])
        .assert()
        .code(2);
    fake.cmd()
        .args(["logs", "server", &app_id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not application, compose or database",
        ));

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dokploy"))
        .args(["logs", "--application", &app_id, "--follow", "--tail", "0"])
        .env("HOME", fake.home.path())
        .env("XDG_CONFIG_HOME", fake.home.path())
        .env("DOKPLOY_API_URL", fake.fake.base_url())
        .env("DOKPLOY_API_KEY", KEY)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for _ in 0..3 {
        assert!(lines.next().unwrap().unwrap().contains(" tick "));
    }
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "Ctrl-C ends a followed log cleanly: {status:?}"
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
