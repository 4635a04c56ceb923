//! `cargo xtask package-check`: the crates another project can depend on.
//!
//! 1. `cargo package` (with verification: each crate builds from its packaged form) for
//!    `dokploy-codegen`, `dokploy` and `dokploy-cli`, in dependency order.
//! 2. The `dokploy` package holds `openapi/dokploy.json`, not `openapi/history/` or
//!    `tests/fixtures/`, and is under crates.io's 10 MB limit.
//! 3. A small crate outside the workspace depends on the *packaged* `dokploy` (with feature
//!    `fake`) and runs a call against the embedded fake, the way a service using the library
//!    would.
//! 4. `cargo install --path cli` gives a `dokploy` that runs.
//!
//! Everything runs `--offline` (the dependencies are those of the workspace's `Cargo.lock`,
//! already fetched by any build) and shares the workspace's target directory, so only the
//! packaged crates themselves are compiled again.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The crates that are published, in dependency order.
pub const CRATES: &[&str] = &["dokploy-codegen", "dokploy", "dokploy-cli"];

/// crates.io's limit on a `.crate` file.
pub const MAX_CRATE_BYTES: u64 = 10 * 1024 * 1024;

/// What the check found.
#[derive(Debug)]
pub struct Report {
    /// `(crate, .crate size in bytes, files in it)`.
    pub packages: Vec<(String, u64, usize)>,
    /// What the consumer crate printed.
    pub consumer_output: String,
    /// How long each step took.
    pub steps: Vec<(String, Duration)>,
}

/// Runs the check from the workspace at `root`, building in `target_dir`.
pub fn run(root: &Path, target_dir: &Path) -> Result<Report, String> {
    let version = package_version(root)?;
    let mut steps = Vec::new();
    forget_unpacked_packages(&version)?;
    forget_built_packages(target_dir)?;

    let started = Instant::now();
    let mut package = cargo(root, target_dir);
    package.args(["package", "--offline", "--allow-dirty"]);
    for name in CRATES {
        package.args(["-p", name]);
    }
    run_ok(&mut package, "cargo package")?;
    steps.push(("cargo package (verified)".to_string(), started.elapsed()));

    let mut packages = Vec::new();
    for name in CRATES {
        let files = list(root, target_dir, name)?;
        let file = target_dir
            .join("package")
            .join(format!("{name}-{version}.crate"));
        let size = std::fs::metadata(&file)
            .map_err(|e| format!("{} was not written: {e}", file.display()))?
            .len();
        if size > MAX_CRATE_BYTES {
            return Err(format!(
                "{} is {size} bytes, over crates.io's limit of {MAX_CRATE_BYTES}",
                file.display()
            ));
        }
        if *name == "dokploy" {
            check_library_contents(&files)?;
        }
        packages.push((name.to_string(), size, files.len()));
    }

    let started = Instant::now();
    let consumer_output = consumer(root, target_dir, &version)?;
    steps.push((
        "a crate outside the workspace uses the packaged dokploy".to_string(),
        started.elapsed(),
    ));

    let started = Instant::now();
    install_cli(root, target_dir)?;
    steps.push(("cargo install --path cli".to_string(), started.elapsed()));

    Ok(Report {
        packages,
        consumer_output,
        steps,
    })
}

/// Removes the copies of our packages that an earlier check left unpacked in cargo's home.
///
/// `cargo package` verifies `dokploy-cli` against the freshly packaged `dokploy` through a
/// local registry, and cargo unpacks that into `$CARGO_HOME/registry/src/<registry>/` — but it
/// skips unpacking when a directory of the same name and version is already there. Without this,
/// a second check on one machine verifies against the sources of the first (the version does not
/// change between commits).
fn forget_unpacked_packages(version: &str) -> Result<(), String> {
    let Some(home) = cargo_home() else {
        return Ok(());
    };
    let Ok(registries) = std::fs::read_dir(home.join("registry").join("src")) else {
        return Ok(());
    };
    for registry in registries.filter_map(|e| e.ok()) {
        for name in CRATES {
            let unpacked = registry.path().join(format!("{name}-{version}"));
            if unpacked.exists() {
                std::fs::remove_dir_all(&unpacked)
                    .map_err(|e| format!("{} could not be removed: {e}", unpacked.display()))?;
            }
        }
    }
    Ok(())
}

/// Removes what cargo remembers of building our crates in `target_dir`.
///
/// Cargo takes a registry package to be immutable: once `dokploy 0.1.0` from the check's local
/// registry has been built, it is never rebuilt, although the next check packages different
/// sources under the same version. Forgetting the fingerprints of our crates makes every check
/// build what it just packaged (the workspace's own builds are redone on their next use).
fn forget_built_packages(target_dir: &Path) -> Result<(), String> {
    let fingerprints = target_dir.join("debug").join(".fingerprint");
    let Ok(entries) = std::fs::read_dir(&fingerprints) else {
        return Ok(());
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = CRATES.iter().any(|krate| {
            name.strip_prefix(krate).is_some_and(|rest| {
                rest.starts_with('-') && rest[1..].chars().all(|c| c.is_ascii_hexdigit())
            })
        });
        if ours {
            std::fs::remove_dir_all(entry.path())
                .map_err(|e| format!("{} could not be removed: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// `$CARGO_HOME`, or `~/.cargo`.
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

/// The report as text.
pub fn report(report: &Report) -> String {
    let mut s = String::new();
    for (name, size, files) in &report.packages {
        s.push_str(&format!(
            "{name}: {:.2} MB, {files} files\n",
            *size as f64 / 1_048_576.0
        ));
    }
    s.push_str(&format!("consumer: {}\n", report.consumer_output.trim()));
    for (step, took) in &report.steps {
        s.push_str(&format!("{step}: {:.1} s\n", took.as_secs_f64()));
    }
    s
}

/// The packaged `dokploy` must carry what build.rs reads and nothing that is only test data.
pub fn check_library_contents(files: &[String]) -> Result<(), String> {
    if !files.iter().any(|f| f == "openapi/dokploy.json") {
        return Err("the dokploy package lacks openapi/dokploy.json, which build.rs reads".into());
    }
    for unwanted in ["openapi/history/", "tests/fixtures/"] {
        if let Some(f) = files.iter().find(|f| f.starts_with(unwanted)) {
            return Err(format!(
                "the dokploy package holds {f}: {unwanted} is test data and must stay out"
            ));
        }
    }
    Ok(())
}

fn package_version(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("Cargo.toml could not be read: {e}"))?;
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .map(str::to_string)
        .ok_or_else(|| "Cargo.toml has no `version = \"…\"` line".into())
}

fn cargo(dir: &Path, target_dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir).env("CARGO_TARGET_DIR", target_dir);
    cmd
}

fn run_ok(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{what} could not be started: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn list(root: &Path, target_dir: &Path, name: &str) -> Result<Vec<String>, String> {
    let mut cmd = cargo(root, target_dir);
    cmd.args([
        "package",
        "--offline",
        "--allow-dirty",
        "--list",
        "-p",
        name,
    ]);
    Ok(
        run_ok(&mut cmd, &format!("cargo package --list -p {name}"))?
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

const CONSUMER_MAIN: &str = r#"//! Uses the packaged `dokploy` the way a service's tests would.
use dokploy::ResponseExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = dokploy::fake::FakeDokploy::start().await?;
    let client = fake.client();
    let created = client.projects().create("packaged", None).await?;
    let all: Vec<serde_json::Value> = client.project_all().send().decode().await?;
    assert_eq!(all[0]["projectId"], created.project.project_id.as_str());
    println!(
        "the packaged dokploy (for Dokploy {}) created project {} on the fake",
        dokploy::DOKPLOY_VERSION,
        created.project.name
    );
    Ok(())
}
"#;

/// Builds and runs a crate outside the workspace that depends on the unpacked packages.
fn consumer(root: &Path, target_dir: &Path, version: &str) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("dokploy-package-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src"))
        .map_err(|e| format!("{} could not be created: {e}", dir.display()))?;
    let unpacked =
        |name: &str| -> PathBuf { target_dir.join("package").join(format!("{name}-{version}")) };
    for name in ["dokploy", "dokploy-codegen"] {
        if !unpacked(name).join("Cargo.toml").exists() {
            return Err(format!(
                "cargo package left no unpacked {} to build from",
                unpacked(name).display()
            ));
        }
    }
    let manifest = format!(
        r#"[package]
name = "uses-packaged-dokploy"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
dokploy = {{ path = {dokploy:?}, features = ["fake"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt"] }}

# The packaged dokploy names dokploy-codegen by version, as crates.io would serve it.
[patch.crates-io]
dokploy-codegen = {{ path = {codegen:?} }}

[workspace]
"#,
        dokploy = unpacked("dokploy").display().to_string(),
        codegen = unpacked("dokploy-codegen").display().to_string(),
    );
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text)
            .map_err(|e| format!("{} could not be written: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    write(dir.join("src/main.rs"), CONSUMER_MAIN)?;
    // The workspace's lock file: the same versions, so --offline finds them all.
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock could not be read: {e}"))?;
    write(dir.join("Cargo.lock"), &lock)?;
    let result = run_ok(
        cargo(&dir, target_dir).args(["run", "--offline", "--quiet"]),
        "the consumer crate",
    );
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `cargo install --path cli` into a scratch root, then runs the installed binary.
fn install_cli(root: &Path, target_dir: &Path) -> Result<(), String> {
    let install_root =
        std::env::temp_dir().join(format!("dokploy-install-check-{}", std::process::id()));
    let result = (|| {
        run_ok(
            cargo(root, target_dir)
                .args([
                    "install",
                    "--offline",
                    "--debug",
                    "--locked",
                    "--path",
                    "cli",
                    "--root",
                ])
                .arg(&install_root),
            "cargo install --path cli",
        )?;
        let binary = install_root.join("bin").join("dokploy");
        let version = run_ok(
            Command::new(&binary).arg("--version"),
            "the installed dokploy",
        )?;
        if !version.starts_with("dokploy ") {
            return Err(format!(
                "the installed dokploy printed {version:?} for --version"
            ));
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&install_root);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_package_must_hold_the_document_and_no_test_data() {
        let ok = vec!["Cargo.toml".to_string(), "openapi/dokploy.json".to_string()];
        assert!(check_library_contents(&ok).is_ok());
        let mut with_history = ok.clone();
        with_history.push("openapi/history/v0.25.11.json".into());
        assert!(
            check_library_contents(&with_history)
                .unwrap_err()
                .contains("openapi/history/")
        );
        assert!(check_library_contents(&["Cargo.toml".to_string()]).is_err());
    }
}
