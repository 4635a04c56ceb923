//! Maintainer tasks for the `dokploy` crate, as a library so that the tests can drive them:
//! `cargo xtask refresh-spec` ([`refresh`], [`fetch`], [`canonical`]) and `cargo xtask spec-diff`
//! ([`diff`], [`spec`]); `cargo xtask build-stats` ([`build_stats`]); `cargo xtask package-check` ([`package_check`]).

pub mod build_stats;
pub mod canonical;
pub mod diff;
pub mod fetch;
pub mod package_check;
pub mod refresh;
pub mod spec;

use std::path::{Path, PathBuf};

/// The vendored document, relative to the workspace root.
pub const VENDORED: &str = "openapi/dokploy.json";

/// The workspace root (the parent of the `xtask` crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
