//! `dokploy`: a command line for Dokploy's API, built on the `dokploy` crate.
//!
//! | module | what |
//! |---|---|
//! | [`app`] | the command tree: global options, workflow commands, the operation commands |
//! | [`generated`] | every operation as a command, from `dokploy::operations` at run time |
//! | [`uploads`] | the two multipart uploads, through the library's upload builders |
//! | [`workflows`] | `projects`, `deploy`, `env`, `logs`, `create`, `fake`, `completions`, `config`, `plan`, `apply`, `export`, `manifest schema` |
//! | [`config`] | where Dokploy is and the API key: flags, environment, profiles |
//! | [`secrets`] | secret values from `@FILE` or standard input; key files kept private |
//! | [`confirm`] | destructive commands ask first |
//! | [`extras`] | where an operation command does more than send its flags (`project remove --with-services`, API keys without a rate limit) |
//! | [`output`] | JSON on stdout: pretty on a terminal, compact when piped, secrets redacted unless `--show-secrets` |
//! | [`failure`] | errors on stderr and the exit codes (0–4) |

mod app;
mod config;
mod confirm;
mod extras;
mod failure;
mod generated;
mod output;
mod secrets;
mod uploads;
mod workflows;

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::app::{Global, Workflow};
use crate::failure::Failure;
use crate::output::Output;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = match app::command(app::full_for(&args)).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2 — but for
            // `plan`, whose 2 means "changes", with 1 (as Terraform's).
            let _ = e.print();
            let plan = app::command_name(&args).as_deref() == Some("plan");
            return ExitCode::from(match (e.use_stderr(), plan) {
                (false, _) => 0,
                (true, true) => 1,
                (true, false) => 2,
            });
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return Failure::Failed(format!("could not start the async runtime: {e}")).report();
        }
    };
    match runtime.block_on(run(&matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

async fn run(matches: &clap::ArgMatches) -> Result<(), Failure> {
    let global = Global::from_arg_matches(matches).map_err(|e| Failure::Usage(e.to_string()))?;
    let output = Output::new(global.pretty, global.compact, global.show_secrets);
    if let Some((name, sub)) = matches.subcommand()
        && let Some(router) = generated::router_named(name)
    {
        let Some((procedure, args)) = sub.subcommand() else {
            return Err(Failure::Usage(format!(
                "say which {router} procedure to call (dokploy {name} --help)"
            )));
        };
        let op = generated::operation(router, procedure).ok_or_else(|| {
            Failure::Usage(format!(
                "Dokploy's {router} router has no procedure {procedure}"
            ))
        })?;
        return generated::run(|| global.sources().client(), op, args, global.yes, output).await;
    }
    let workflow =
        Workflow::from_arg_matches(matches).map_err(|e| Failure::Usage(e.to_string()))?;
    workflows::run(workflow, &global, output).await
}
