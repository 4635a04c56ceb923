//! The workflow commands, over the library's typed layer: what Dokploy's guide does by hand
//! with curl.

mod create;
mod deploy;
mod env;
mod fake;
pub mod manifest;

use dokploy::models::ProjectTree;

use crate::app::{Global, Workflow};
use crate::failure::Failure;
use crate::output::{self, Output};

/// Runs a workflow command.
pub async fn run(workflow: Workflow, global: &Global, output: Output) -> Result<(), Failure> {
    let client = || global.sources().client();
    match workflow {
        Workflow::Projects => {
            let projects = client()?.projects().all().await?;
            output::line(&ProjectTree(&projects).to_string())
        }
        Workflow::Deploy(args) => deploy::run(&client()?, &args).await,
        Workflow::Env(command) => env::run(&client()?, command).await,
        Workflow::Logs {
            deployment_id,
            tail,
        } => {
            let log = client()?
                .deployments()
                .read_logs(&deployment_id, tail)
                .await?;
            if log.is_empty() {
                Ok(())
            } else {
                output::line(&log)
            }
        }
        Workflow::Create(command) => create::run(&client()?, command, output).await,
        Workflow::Fake { port } => fake::run(port).await,
        Workflow::Completions { shell } => {
            let mut command = crate::app::command(crate::generated::Full::All);
            clap_complete::generate(shell, &mut command, "dokploy", &mut std::io::stdout());
            Ok(())
        }
        Workflow::Config => config(global),
        Workflow::Plan(args) => manifest::plan(client, &args).await,
        Workflow::Apply(args) => manifest::apply(&client()?, &args, global.yes).await,
        Workflow::Export(args) => manifest::export(&client()?, &args).await,
        Workflow::Manifest(manifest::ManifestCommand::Schema) => manifest::schema(),
    }
}

/// `dokploy config`: where the URL and key come from (never the key).
fn config(global: &Global) -> Result<(), Failure> {
    let resolved = global.sources().resolve()?;
    let mut text = format!(
        "config file: {}{}\n",
        resolved.config_file.display(),
        if resolved.config_exists {
            ""
        } else {
            " (none)"
        }
    );
    if !resolved.profiles.is_empty() {
        text.push_str(&format!("profiles: {}\n", resolved.profiles.join(", ")));
    }
    match &resolved.profile {
        Some((name, true)) => text.push_str(&format!("profile: {name} (chosen)\n")),
        Some((name, false)) => text.push_str(&format!("profile: {name} (the default)\n")),
        None => text.push_str("profile: none\n"),
    }
    match &resolved.url {
        Some((url, from)) => text.push_str(&format!("url: {url} (from {from})\n")),
        None => text.push_str("url: not set\n"),
    }
    match &resolved.key_source {
        Some(from) => text.push_str(&format!("api key: set (from {from})\n")),
        None => text.push_str("api key: not set\n"),
    }
    output::line(&text)
}
