//! `refresh-spec` writes only the checkout it runs in, even when two checkouts share one
//! `CARGO_TARGET_DIR` (and so one `xtask` binary). The binary used to carry the path it was
//! compiled in, and a second checkout's `cargo xtask refresh-spec` rewrote the first one's
//! `openapi/dokploy.json`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{live_document, stderr, stdout, temp_dir, write_json};

/// The real checkout these tests run in.
fn this_checkout() -> PathBuf {
    xtask::workspace_root().expect("the tests run inside the checkout")
}

/// A copy of the checkout's tracked files (without the release history and the recordings,
/// which the xtask does not need), as a second clone would be.
fn copy_checkout(to: &Path) {
    let root = this_checkout();
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .expect("git runs");
    assert!(listed.status.success(), "git ls-files: {}", stderr(&listed));
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = String::from_utf8_lossy(file);
        if file.starts_with("openapi/history/") || file.starts_with("tests/fixtures/") {
            continue;
        }
        let (from, dest) = (root.join(&*file), to.join(&*file));
        if !from.is_file() {
            continue; // listed but deleted in the working tree
        }
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&from, &dest).unwrap();
    }
}

fn vendored(checkout: &Path) -> Vec<u8> {
    std::fs::read(checkout.join(xtask::VENDORED)).unwrap()
}

/// A small live document saved to `dir/saved.json`.
fn saved_document(dir: &Path, release: &str) -> PathBuf {
    let path = dir.join("saved.json");
    write_json(&path, &live_document(release, true, false));
    path
}

#[test]
fn the_xtask_binary_writes_the_checkout_it_is_run_in_not_the_one_it_was_built_in() {
    let dir = temp_dir("two-checkouts-binary");
    let (a, b) = (dir.join("a"), dir.join("b"));
    copy_checkout(&a);
    copy_checkout(&b);
    let (real_before, a_before) = (vendored(&this_checkout()), vendored(&a));
    let saved = saved_document(&dir, "v9.9.9");

    // As `cargo xtask` runs it in checkout b: cargo sets b's manifest dir for the run.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["refresh-spec", "--from"])
        .arg(&saved)
        .current_dir(&b)
        .env("CARGO_MANIFEST_DIR", b.join("xtask"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(String::from_utf8_lossy(&vendored(&b)).contains("v9.9.9"));
    assert_eq!(vendored(&a), a_before, "checkout a was touched");
    assert_eq!(
        vendored(&this_checkout()),
        real_before,
        "the build checkout was touched"
    );

    // Run directly (no cargo): the current directory decides.
    let saved = saved_document(&dir, "v9.9.8");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["refresh-spec", "--from"])
        .arg(&saved)
        .current_dir(a.join("src"))
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(String::from_utf8_lossy(&vendored(&a)).contains("v9.9.8"));
    assert!(String::from_utf8_lossy(&vendored(&b)).contains("v9.9.9"));
    assert_eq!(vendored(&this_checkout()), real_before);

    // Outside any checkout it refuses instead of guessing.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["refresh-spec", "--from"])
        .arg(&saved)
        .current_dir(&dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not inside a dokploy checkout"),
        "{}",
        stderr(&out)
    );
    assert_eq!(vendored(&this_checkout()), real_before);
}

/// Where the cargo-driven test keeps its two checkouts and their shared target directory: inside
/// this build's target directory, at a fixed place, so a second run rebuilds only what changed.
/// (Not the outer target directory itself: the `cargo test` running this test holds its lock.)
fn scratch_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .expect("the test binary lives in <target>/<profile>/deps")
        .join("two-checkouts")
}

#[test]
fn two_checkouts_sharing_one_target_directory_each_refresh_only_their_own_document() {
    let dir = scratch_dir();
    let (a, b, target) = (dir.join("a"), dir.join("b"), dir.join("shared-target"));
    for checkout in [&a, &b] {
        let _ = std::fs::remove_dir_all(checkout);
        copy_checkout(checkout);
    }
    let real_before = vendored(&this_checkout());
    let refresh = |checkout: &Path, release: &str| {
        let saved = saved_document(&dir, release);
        let out = Command::new(env!("CARGO"))
            .args(["xtask", "refresh-spec", "--from"])
            .arg(&saved)
            .current_dir(checkout)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_NET_OFFLINE", "true")
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    };
    refresh(&a, "v7.0.1");
    let a_after = vendored(&a);
    assert!(String::from_utf8_lossy(&a_after).contains("v7.0.1"));
    refresh(&b, "v7.0.2");
    assert!(String::from_utf8_lossy(&vendored(&b)).contains("v7.0.2"));
    assert_eq!(vendored(&a), a_after, "b's refresh rewrote a's document");
    assert_eq!(vendored(&this_checkout()), real_before);
}
