//! `cargo xtask upgrade` on the synthetic next release (`xtask::synthetic`), in a scratch copy
//! of this checkout: every breaking change is named with the hand-written code that uses it,
//! the exit code is 1, and the history, README, versions and changelog follow.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::{stderr, stdout, temp_dir, write_json};

/// Copies the checkout's hand-written files and documents (not `target/`, not `.git`, not the
/// recorded fixtures) to `dir`, with Dokploy v0.30.2's document vendored (the release the
/// synthetic one follows, whatever the checkout vendors now).
fn scratch_copy(dir: &Path) {
    let root = xtask::workspace_root().unwrap();
    for entry in [
        "Cargo.toml",
        "README.md",
        "cli",
        "codegen/Cargo.toml",
        "xtask/Cargo.toml",
        "openapi",
        "src",
        "tests",
        "examples",
        "benches",
    ] {
        copy(&root.join(entry), &dir.join(entry));
    }
    let base = std::fs::read(dir.join("openapi/history/v0.30.2-live.json")).unwrap();
    xtask::refresh::refresh(&base, None, &dir.join(xtask::VENDORED)).unwrap();
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        if from
            .file_name()
            .is_some_and(|n| n == "fixtures" || n == "target")
        {
            return;
        }
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

fn upgrade(dir: &Path, from: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["upgrade", "--from"])
        .arg(from)
        .current_dir(dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("DOKPLOY_API_URL")
        .env_remove("DOKPLOY_API_KEY")
        .output()
        .unwrap()
}

fn next_release(dir: &Path) -> PathBuf {
    let vendored: Value =
        serde_json::from_slice(&std::fs::read(dir.join(xtask::VENDORED)).unwrap()).unwrap();
    let next = xtask::synthetic::next_release(&vendored).unwrap();
    let path = dir.join("next.json");
    write_json(&path, &next);
    path
}

#[test]
fn the_synthetic_release_names_every_breaking_change_with_its_hand_written_uses_and_exits_1() {
    let dir = temp_dir("upgrade-synthetic");
    scratch_copy(&dir);
    let version = |path: &str| -> String {
        let text = std::fs::read_to_string(dir.join(path)).unwrap();
        let line = text.lines().find(|l| l.starts_with("version = ")).unwrap();
        line.trim_start_matches("version = ")
            .trim_matches('"')
            .to_string()
    };
    let before = version("Cargo.toml");
    let (after, _) = xtask::upgrade::next_version(&before, xtask::diff::Level::Breaking).unwrap();
    let next = next_release(&dir);
    let out = upgrade(&dir, &next);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(text.contains("4 breaking, 0 warning, 5 info"), "{text}");
    let todo = &text[text.find("Left to do by hand").expect(&text)..];
    for (place, what) in [
        (
            "src/resources/projects.rs:",
            "`Projects::create`: send the new required `organizationId`",
        ),
        (
            "src/resources/environments.rs:",
            "`Environments::create`: `description` is gone",
        ),
        (
            "src/fake/routes/environment.rs:",
            "`fn create`: `description` is gone",
        ),
        (
            "src/resources/compose.rs:",
            "`ComposeStacks::default_command`: the operation is gone",
        ),
        (
            "src/fake/routes/compose.rs:",
            "`fn handler`: the operation is gone",
        ),
        (
            "src/models/mod.rs:",
            "`models::ApplicationSourceType`: make the mirroring type's variants",
        ),
        (
            "tests/common/mod.rs:",
            "`fn project`: send the new required `organizationId`",
        ),
    ] {
        assert!(
            todo.lines().any(|l| l.contains(place) && l.contains(what)),
            "no `{place} … {what}` in:\n{todo}"
        );
    }
    assert!(text.contains("no longer accepts `drop`") && text.contains("accepts `zip`"));
    assert!(text.contains("the fake answers them 501 \"not implemented by the fake\""));
    assert!(text.contains("application.rollback, backup.verify, project.archive"));

    // The history, its table, the README, the versions and the changelog follow.
    let rows = xtask::upgrade::history_rows(&dir).unwrap();
    let newest = rows.last().unwrap();
    assert_eq!(newest.file, "v0.31.0.json");
    assert_eq!(newest.operations, 599);
    assert!(dir.join("openapi/history/v0.31.0.json").is_file());
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("Dokploy **v0.31.0** (599 operations)"));
    assert!(readme.contains("  599 of them, e.g."));
    assert_eq!(version("Cargo.toml"), after);
    let cli = std::fs::read_to_string(dir.join("cli/Cargo.toml")).unwrap();
    assert!(
        cli.contains(&format!("dokploy = {{ version = \"{after}\"")),
        "{cli}"
    );
    let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains(&format!("## {after} — ")), "{changelog}");
    assert!(changelog.contains("Follows Dokploy v0.31.0 (599 operations; previously v0.30.2)"));

    // Run again with the same document: nothing changes, nothing to do.
    let again = upgrade(&dir, &next);
    let text = stdout(&again);
    assert_eq!(again.status.code(), Some(0), "{text}");
    assert!(text.contains("already is this document"), "{text}");
    assert!(text.contains("Nothing to do by hand"), "{text}");
    assert_eq!(
        xtask::upgrade::history_rows(&dir).unwrap().len(),
        rows.len()
    );
}
