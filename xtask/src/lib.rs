//! Maintainer tasks for the `dokploy` crate, as a library so that the tests can drive them:
//! `cargo xtask refresh-spec` ([`refresh`], [`fetch`], [`canonical`]) and `cargo xtask spec-diff`
//! ([`diff`], [`spec`]); `cargo xtask upgrade` ([`upgrade`], with the cross-reference of
//! [`xref`] and the worked example of [`synthetic`]); `cargo xtask build-stats`
//! ([`build_stats`]); `cargo xtask package-check` ([`package_check`]).

pub mod build_stats;
pub mod canonical;
pub mod census;
pub mod diff;
pub mod fetch;
pub mod package_check;
pub mod refresh;
pub mod spec;
pub mod synthetic;
pub mod upgrade;
pub mod xref;

use std::path::{Path, PathBuf};

/// The vendored document, relative to the workspace root.
pub const VENDORED: &str = "openapi/dokploy.json";

/// The checkout this run works in, found **at run time** (never the path the binary was compiled
/// in: two checkouts sharing one `CARGO_TARGET_DIR` share the binary too, and a compiled-in path
/// would make one checkout's `refresh-spec` rewrite the other's document).
///
/// In order: the `CARGO_MANIFEST_DIR` that `cargo xtask` (`cargo run -p xtask`) sets for this
/// run, whose parent is the workspace; else the nearest ancestor of the current directory that is
/// this workspace. A directory is this workspace when it holds `Cargo.toml` and `xtask/Cargo.toml`.
pub fn workspace_root() -> Result<PathBuf, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    find_workspace(
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        &cwd,
    )
}

/// [`workspace_root`] with its inputs given: cargo's `CARGO_MANIFEST_DIR` for this run, if any,
/// and the current directory.
pub fn find_workspace(manifest_dir: Option<PathBuf>, cwd: &Path) -> Result<PathBuf, String> {
    let is_workspace =
        |dir: &Path| dir.join("Cargo.toml").is_file() && dir.join("xtask/Cargo.toml").is_file();
    if let Some(root) = manifest_dir
        .as_deref()
        .and_then(Path::parent)
        .filter(|root| is_workspace(root))
    {
        return Ok(root.to_path_buf());
    }
    cwd.ancestors()
        .find(|dir| is_workspace(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "{} is not inside a dokploy checkout (no Cargo.toml with an xtask/ beside it in it or above it): run `cargo xtask` from the checkout",
                cwd.display()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkout(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-root-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("xtask/src")).unwrap();
        std::fs::create_dir_all(dir.join("src/deep")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[workspace]\n").unwrap();
        std::fs::write(dir.join("xtask/Cargo.toml"), "[package]\n").unwrap();
        dir
    }

    #[test]
    fn cargo_s_manifest_dir_for_this_run_names_the_checkout() {
        let (a, b) = (checkout("a1"), checkout("b1"));
        let found = find_workspace(Some(b.join("xtask")), &a.join("src")).unwrap();
        assert_eq!(found, b);
    }

    #[test]
    fn without_cargo_the_current_directory_names_the_checkout() {
        let b = checkout("b2");
        assert_eq!(find_workspace(None, &b.join("src/deep")).unwrap(), b);
        // A manifest dir that is not this workspace (another project's) is not trusted.
        let elsewhere = std::env::temp_dir().join("no-such-project-xyz/pkg");
        assert_eq!(find_workspace(Some(elsewhere), &b.join("src")).unwrap(), b);
    }

    #[test]
    fn outside_any_checkout_is_a_clear_error() {
        let lone = std::env::temp_dir().join(format!("xtask-root-lone-{}", std::process::id()));
        std::fs::create_dir_all(&lone).unwrap();
        let e = find_workspace(None, &lone).unwrap_err();
        assert!(e.contains("not inside a dokploy checkout"), "{e}");
    }
}
