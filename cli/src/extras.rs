//! Where an operation command does more than send its flags, each difference in one place:
//!
//! - `user create-api-key` makes a key **without** Dokploy's default rate limit (10
//!   verifications a day: 5 REST calls) unless `--rate-limit-enabled` asks for one, as the
//!   library's [`ApiKeys::create`](dokploy::resources::ApiKeys::create) does; and it prints the
//!   new key even without `--show-secrets`, since Dokploy shows it only this once. So does
//!   `ssh-key generate` with the private key it made (Dokploy keeps no copy).
//! - `project remove` says that Dokploy removes the project's rows only — its services keep
//!   running — and offers `--with-services`, which takes them down first
//!   ([`Projects::remove_with_services`](dokploy::resources::Projects::remove_with_services)).

use clap::{Arg, ArgAction, ArgMatches};
use dokploy::Client;
use dokploy::operations::Operation;
use dokploy::resources::Volumes;
use serde_json::{Map, Value, json};

use crate::confirm;
use crate::failure::Failure;
use crate::output::Output;

const WITH_SERVICES: &str = "with-services";
const DELETE_VOLUMES: &str = "delete-volumes";

/// A value the command line sends for `field` of `op` when it is not given, and the note its
/// flag's `--help` carries.
pub fn default_for(op: &Operation, field: &str) -> Option<(Value, &'static str)> {
    match (op.procedure, field) {
        ("user.createApiKey", "rateLimitEnabled") => Some((
            Value::Bool(false),
            "default here: false (no limit, as the library's api_keys().create); Dokploy's own default is 10 verifications a day, 5 REST calls",
        )),
        _ => None,
    }
}

/// The top-level members of `op`'s answer printed even without `--show-secrets`: a secret the
/// command exists to produce and that cannot be read again.
pub fn shown(op: &Operation) -> &'static [&'static str] {
    match op.procedure {
        "user.createApiKey" => &["key"],
        "sshKey.generate" => &["privateKey"],
        _ => &[],
    }
}

/// Arguments `op`'s command has besides its fields.
pub fn args(op: &Operation) -> Vec<Arg> {
    if op.procedure != "project.remove" {
        return Vec::new();
    }
    vec![
        Arg::new(WITH_SERVICES)
            .long(WITH_SERVICES)
            .action(ArgAction::SetTrue)
            .help(
                "First take the project's applications, compose stacks and databases down \
                 (each one's delete/remove), which Dokploy's project.remove alone leaves running",
            ),
        Arg::new(DELETE_VOLUMES)
            .long(DELETE_VOLUMES)
            .action(ArgAction::SetTrue)
            .requires(WITH_SERVICES)
            .help("With --with-services: delete the compose stacks' named volumes too (their data is lost)"),
    ]
}

/// What `op`'s command's `--help` adds.
pub fn after_help(op: &Operation) -> Option<&'static str> {
    (op.procedure == "project.remove").then_some(
        "Dokploy removes the project's rows only: its services keep running on the server, \
         orphaned. --with-services takes each one down first.",
    )
}

/// Runs `op` when its command does something else than send its flags; `None` when it does
/// not.
pub async fn run(
    client: impl FnOnce() -> Result<Client, Failure>,
    op: &Operation,
    input: &Map<String, Value>,
    matches: &ArgMatches,
    yes: bool,
    output: Output,
) -> Option<Result<(), Failure>> {
    if op.procedure != "project.remove" {
        return None;
    }
    Some(remove_project(client, input, matches, yes, output).await)
}

/// `project remove`: names the services that would keep running, or takes them down first.
async fn remove_project(
    client: impl FnOnce() -> Result<Client, Failure>,
    input: &Map<String, Value>,
    matches: &ArgMatches,
    yes: bool,
    output: Output,
) -> Result<(), Failure> {
    let project_id = input
        .get("projectId")
        .and_then(Value::as_str)
        .ok_or_else(|| Failure::Usage("say which project: --project-id ID".into()))?
        .to_string();
    let with_services = matches.get_flag(WITH_SERVICES);
    let volumes = if matches.get_flag(DELETE_VOLUMES) {
        Volumes::Delete
    } else {
        Volumes::Keep
    };
    let client = client()?;
    let project = client.projects().one(&project_id).await?;
    let services: usize = project.environments.iter().map(|e| e.service_count()).sum();
    let what = format!("project {} ({project_id})", project.name);
    if !with_services {
        if services > 0 {
            eprintln!(
                "note: Dokploy removes the rows of {what} only; its {services} service{} keep{} running on the server (--with-services takes {} down first)",
                if services == 1 { "" } else { "s" },
                if services == 1 { "s" } else { "" },
                if services == 1 { "it" } else { "them" },
            );
        }
        confirm::ask(&format!("Removing {what}"), yes)?;
        let removed = client.projects().remove(&project_id).await?;
        return output.json(&removed);
    }
    confirm::ask(
        &format!(
            "Taking down the {services} service{} of {what}{} and removing it",
            if services == 1 { "" } else { "s" },
            if volumes == Volumes::Delete {
                " with their compose volumes"
            } else {
                ""
            }
        ),
        yes,
    )?;
    let removed = client
        .projects()
        .remove_with_services(&project_id, volumes)
        .await?;
    for service in &removed.services {
        eprintln!("took down {service}");
    }
    let services: Vec<String> = removed.services.iter().map(ToString::to_string).collect();
    output.json(&json!({"project": removed.project, "services": services}))
}
