//! `cargo xtask census`: runs `examples/census.rs` (a census of a running Dokploy, see
//! `dokploy::census`) in the checkout. It is an example of the `dokploy` crate rather than
//! code of this one so that xtask never depends on the crate it regenerates: a document that
//! breaks the crate's build must not break `cargo xtask`.

use std::path::Path;
use std::process::Command;

/// The fixtures of the previous census, relative to the checkout.
pub const FIXTURES: &str = "tests/fixtures/census";

/// Runs the census against `url` with `api_key`, comparing with and then replacing the
/// fixtures in `fixtures`. Returns its exit code (0 no drift, 1 drift) and what it printed.
pub fn run(
    root: &Path,
    url: &str,
    api_key: Option<&str>,
    fixtures: &Path,
) -> Result<(i32, String), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["run", "--quiet", "--example", "census", "--", "--fixtures"])
        .arg(fixtures)
        .env("DOKPLOY_API_URL", url);
    if let Some(key) = api_key {
        command.env("DOKPLOY_API_KEY", key);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    match output.status.code() {
        Some(code @ (0 | 1)) => Ok((code, text)),
        _ => Err(format!(
            "the census could not run: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}
