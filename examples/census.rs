//! A census of a running Dokploy (see `dokploy::census`): every safe read operation called
//! with ids found by listing, each answer checked against the typed models and against the
//! previous census, whose fixtures it then replaces. `cargo xtask census --url URL` runs it.
//!
//! ```sh
//! DOKPLOY_API_URL=https://dokploy.example.com DOKPLOY_API_KEY=… \
//!   cargo run --example census -- --fixtures tests/fixtures/census
//! ```
//!
//! Exit codes: 0 no drift, 1 drift found, 2 could not run.

use std::path::PathBuf;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut fixtures = PathBuf::from("tests/fixtures/census");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--fixtures", Some(dir)) => fixtures = dir.into(),
            _ => {
                eprintln!(
                    "usage: census [--fixtures DIR] (with DOKPLOY_API_URL and DOKPLOY_API_KEY set)"
                );
                return ExitCode::from(2);
            }
        }
    }
    let client = match dokploy::Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = client.check().await {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let previous = match dokploy::census::read_fixtures(&fixtures) {
        Ok(previous) => previous,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", fixtures.display());
            return ExitCode::from(2);
        }
    };
    let census = dokploy::census::collect(&client).await;
    let findings =
        dokploy::census::check(&census.answers, (!previous.is_empty()).then_some(&previous));
    println!(
        "census: {} read operations answered, {} refused, {} not called (no id to call them with); compared with {} answers of the previous census",
        census.answers.len(),
        census.failed.len(),
        census.skipped.len(),
        previous.len()
    );
    for (procedure, error) in &census.failed {
        println!("  refused  {procedure}: {error}");
    }
    if findings.is_empty() {
        println!("no response drift");
    } else {
        println!("response drift ({}):", findings.len());
        for f in &findings {
            println!("  {f}");
        }
    }
    if let Err(e) = dokploy::census::write_fixtures(&fixtures, &census.answers) {
        eprintln!("error: cannot write {}: {e}", fixtures.display());
        return ExitCode::from(2);
    }
    println!("answers written to {}", fixtures.display());
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
