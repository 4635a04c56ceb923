//! `dokploy plan`, `apply`, `export` and `manifest schema` against the embedded fake: the exit
//! codes (0 no changes, 2 changes, 1 failure), a saved plan, pruning that asks first, an export
//! that plans empty, and no secret in any output.

use std::time::Duration;

use assert_cmd::Command;
use dokploy::fake::{FakeDokploy, FakeOptions};
use predicates::prelude::*;

const KEY: &str = "sk-test-manifest-never-printed";
const DB_PASSWORD: &str = "db-password-never-printed";

struct Fake {
    runtime: tokio::runtime::Runtime,
    fake: FakeDokploy,
    dir: tempfile::TempDir,
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
                queue_delay: Duration::from_millis(10),
                build_duration: Duration::from_millis(20),
                ..FakeOptions::default()
            }))
            .unwrap();
        Self {
            runtime,
            fake,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("dokploy").unwrap();
        cmd.current_dir(self.dir.path())
            .env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DOKPLOY_API_URL", self.fake.base_url())
            .env("DOKPLOY_API_KEY", KEY)
            .env("DB_PASSWORD", DB_PASSWORD);
        cmd
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }
}

const MANIFEST: &str = r#"apiVersion: dokploy/v1
projects:
  - name: shop
    environments:
      - name: production
        applications:
          - name: web
            image: nginx:alpine
            domains:
              - host: shop.example.com
          - name: admin
            image: nginx:alpine
        databases:
          - name: db
            type: postgres
            databaseName: app
            user: app
            password: ${env:DB_PASSWORD}
"#;

fn no_secret(output: &std::process::Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!all.contains(KEY) && !all.contains(DB_PASSWORD), "{all}");
}

#[test]
fn plan_apply_prune_and_export_with_terraform_exit_codes() {
    let fake = Fake::start();
    fake.write("dokploy.yaml", MANIFEST);

    // Changes: exit 2, the plan on stdout, a saved plan without secrets.
    let out = fake
        .cmd()
        .args(["plan", "--out", "plan.json"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("+ project shop"))
        .stdout(predicate::str::contains("+ password"))
        .stdout(predicate::str::contains("= (sensitive)"))
        .stdout(predicate::str::contains(
            "Plan: 6 to create, 0 to update, 0 to delete.",
        ))
        .get_output()
        .clone();
    no_secret(&out);
    assert!(!fake.read("plan.json").contains(DB_PASSWORD));
    let json = fake
        .cmd()
        .args(["plan", "--format", "json"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let plan: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(plan["changes"][0]["action"], "create");

    // The saved plan applies, deploying and waiting.
    let out = fake
        .cmd()
        .args(["apply", "-f", "plan.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Apply: 6 changed, 3 deployed, 0 skipped, 0 failed.",
        ))
        .stderr(predicate::str::contains(
            "deploying application shop/production/web",
        ))
        .get_output()
        .clone();
    no_secret(&out);

    // No changes: exit 0; the same saved plan is stale now.
    fake.cmd()
        .arg("plan")
        .assert()
        .success()
        .stdout(predicate::str::contains("No changes"));
    fake.cmd()
        .args(["apply", "-f", "plan.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the saved plan is stale"));

    // Dropping `admin`: the prune asks, and without a terminal refuses unless --yes.
    fake.write(
        "dokploy.yaml",
        &MANIFEST.replace(
            "          - name: admin\n            image: nginx:alpine\n",
            "",
        ),
    );
    fake.cmd()
        .arg("plan")
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "- application shop/production/admin",
        ));
    fake.cmd()
        .args(["apply", "--prune"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --yes"));
    fake.cmd()
        .args(["apply", "--prune", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Apply: 1 changed"));
    fake.cmd().arg("plan").assert().success();

    // Export plans empty with the secrets it wrote.
    fake.cmd()
        .args([
            "export",
            "--project",
            "shop",
            "-o",
            "exported.yaml",
            "--secrets-out",
            "exported.env",
        ])
        .assert()
        .success();
    let exported = fake.read("exported.yaml");
    assert!(
        exported.contains("${env:SHOP_PRODUCTION_DB_PASSWORD}"),
        "{exported}"
    );
    assert!(!exported.contains(DB_PASSWORD));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(fake.dir.path().join("exported.env"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    fake.cmd()
        .args(["plan", "-f", "exported.yaml", "--env-file", "exported.env"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No changes"));
}

#[test]
fn an_unusable_manifest_exits_1_with_the_place_and_the_nearest_key() {
    let fake = Fake::start();
    fake.write(
        "dokploy.yaml",
        "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    enviroments: []\n",
    );
    fake.cmd()
        .arg("plan")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "dokploy.yaml:4:5: unknown key `enviroments`; did you mean `environments`?",
        ));
    // A usage error of plan is 1 too: 2 means changes.
    fake.cmd().args(["plan", "--bogus"]).assert().code(1);
    fake.cmd()
        .args(["apply", "-f", "missing.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.yaml: cannot be read"));
    let _ = &fake.runtime;
}

#[test]
fn manifest_schema_prints_the_json_schema() {
    let fake = Fake::start();
    let out = fake
        .cmd()
        .args(["manifest", "schema"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let schema: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(schema["title"], "Dokploy manifest (dokploy.yaml)");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        dokploy::manifest::json_schema_text()
    );
}
