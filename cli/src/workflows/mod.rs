//! The workflow commands, over the library's typed layer: what Dokploy's guide does by hand
//! with curl.

pub mod create;
mod deploy;
mod env;
mod fake;
mod logs;
pub mod manifest;

pub use logs::LOGS_HELP;

use dokploy::models::ProjectTree;

use crate::app::{ConfigCommand, Global, Workflow};
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
        Workflow::Deploy(args) => deploy::run(&client()?, &args, output).await,
        Workflow::Env(command) => env::run(&client()?, command, output).await,
        Workflow::Logs(args) => logs::run(&client()?, &args, output).await,
        Workflow::Create(command) => create::run(&client()?, command, output).await,
        Workflow::Fake { port } => fake::run(port).await,
        Workflow::Completions { shell } => {
            let mut command = crate::app::command(crate::generated::Full::All);
            clap_complete::generate(shell, &mut command, "dokploy", &mut std::io::stdout());
            Ok(())
        }
        Workflow::Config { command: None } => config(global),
        Workflow::Config {
            command: Some(ConfigCommand::SetKey),
        } => {
            let sources = global.sources();
            let key = crate::config::read_new_key(sources.profile.as_deref())?;
            let (profile, file) = crate::config::set_key(&sources, &key)?;
            eprintln!(
                "the API key of profile {profile} is in {} (readable only by you)",
                file.display()
            );
            Ok(())
        }
        Workflow::Plan(args) => manifest::plan(client, &args).await,
        Workflow::Apply(args) => manifest::apply(&client()?, &args, global.yes).await,
        Workflow::Export(args) => manifest::export(&client()?, &args).await,
        Workflow::Manifest(manifest::ManifestCommand::Schema) => manifest::schema(),
    }
}

fn transport_name(transport: dokploy::Transport) -> &'static str {
    match transport {
        dokploy::Transport::Trpc => "trpc",
        _ => "rest",
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
    match &resolved.transport {
        Some((transport, from)) => text.push_str(&format!(
            "transport: {} (from {from})\n",
            transport_name(*transport)
        )),
        None => text.push_str("transport: rest (the default)\n"),
    }
    if let Some((path, from)) = &resolved.ca_cert {
        text.push_str(&format!("ca cert: {} (from {from})\n", path.display()));
    }
    output::line(&text)
}
