//! Maintainer tasks: `cargo xtask refresh-spec` and `cargo xtask spec-diff`.

mod canonical;
mod refresh;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The vendored document, relative to the workspace root.
const VENDORED: &str = "openapi/dokploy.json";

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for the dokploy crate")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vendor Dokploy's OpenAPI document as openapi/dokploy.json (validated, canonical, atomic).
    RefreshSpec {
        /// Read a saved document instead of fetching one.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The Dokploy release the document describes, for documents whose `info.version` does
        /// not name one (release builds say `1.0.0`).
        #[arg(long, value_name = "vX.Y.Z")]
        release: Option<String>,
        /// Only check that the vendored file is in canonical form.
        #[arg(long)]
        check: bool,
    },
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let target = workspace_root().join(VENDORED);
    match cli.command {
        Command::RefreshSpec {
            from,
            release,
            check,
        } => {
            if check {
                return match refresh::check(&target) {
                    Ok(()) => {
                        println!("{VENDORED} is in canonical form");
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(&e),
                };
            }
            let Some(from) = from else {
                return fail("give --from FILE (a saved document)");
            };
            let source = refresh::Source::File(from);
            let result = refresh::fetch(&source)
                .and_then(|bytes| refresh::refresh(&bytes, release.as_deref(), &target));
            match result {
                Ok(done) => {
                    println!(
                        "{VENDORED}: {} ({} operations, Dokploy {})",
                        if done.changed {
                            "updated"
                        } else {
                            "already up to date"
                        },
                        done.operations,
                        done.release.as_deref().unwrap_or("release unknown")
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&format!("{VENDORED} was left unchanged: {e}")),
            }
        }
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
