//! `dokploy fake [--port N]`: the embedded fake Dokploy, until Ctrl-C.

use dokploy::fake::{FakeDokploy, FakeOptions};

use crate::failure::Failure;
use crate::output;

/// Starts the fake, prints the two `export` lines, and serves until interrupted.
pub async fn run(port: u16) -> Result<(), Failure> {
    let fake = FakeDokploy::start_on_port(port, FakeOptions::default())
        .await
        .map_err(|e| {
            Failure::Usage(format!(
                "the fake Dokploy could not listen on 127.0.0.1:{port}: {e}"
            ))
        })?;
    output::line(&format!(
        "export {}={}\nexport {}={}",
        dokploy::config::URL_VAR,
        fake.base_url(),
        dokploy::config::KEY_VAR,
        fake.api_key()
    ))?;
    eprintln!(
        "a fake Dokploy {} is listening on {} (its state lives in memory); Ctrl-C stops it",
        dokploy::DOKPLOY_VERSION,
        fake.base_url()
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Failure::Failed(format!("could not wait for Ctrl-C: {e}")))?;
    Ok(())
}
