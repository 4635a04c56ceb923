//! `dokploy env list|get|set|unset`: the variables of an application, compose stack, database,
//! project or environment, through [`Client::env_vars`] (read-modify-write that keeps build
//! args, build secrets and `createEnvFile`).

use dokploy::models::{DatabaseKind, DatabaseRef};
use dokploy::{Client, EnvTarget, EnvVars};

use crate::app::{EnvCommand, EnvTargetArgs};
use crate::failure::Failure;
use crate::output::{self, Output};

/// Runs `dokploy env …`. `list` shows the values of secret-looking variables (`…PASSWORD`,
/// `…TOKEN`, a URL's password) as `<redacted>` unless `--show-secrets`; `get` prints the value
/// asked for.
pub async fn run(client: &Client, command: EnvCommand, out: Output) -> Result<(), Failure> {
    match command {
        EnvCommand::List { target, keys } => {
            let vars = client.env_vars(target_of(&target)?).get().await?;
            let lines: Vec<String> = if keys {
                vars.keys().map(str::to_string).collect()
            } else {
                vars.iter().map(|(k, v)| format!("{k}={v}")).collect()
            };
            if lines.is_empty() {
                return Ok(());
            }
            out.text(&lines.join("\n"))
        }
        EnvCommand::Get { target, key } => {
            let vars = client.env_vars(target_of(&target)?).get().await?;
            match vars.get(&key) {
                Some(value) => output::line(&value),
                None => Err(Failure::Failed(format!("{key} is not set"))),
            }
        }
        EnvCommand::Set { target, pairs } => {
            let pairs = assignments(&pairs)?;
            client
                .env_vars(target_of(&target)?)
                .update(|vars| {
                    for (key, value) in &pairs {
                        vars.set(key, value)?;
                    }
                    Ok(())
                })
                .await?;
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
            eprintln!("set {}", keys.join(", "));
            Ok(())
        }
        EnvCommand::Unset { target, keys } => {
            let mut removed = Vec::new();
            client
                .env_vars(target_of(&target)?)
                .update(|vars| {
                    for key in &keys {
                        if vars.unset(key) {
                            removed.push(key.as_str());
                        }
                    }
                    Ok(())
                })
                .await?;
            if removed.is_empty() {
                eprintln!("none of {} was set: nothing changed", keys.join(", "));
            } else {
                eprintln!("unset {}", removed.join(", "));
            }
            Ok(())
        }
    }
}

/// The `KEY=VALUE` pairs the arguments give: each one as written, or, for `@FILE` and `-`
/// (standard input), every assignment of that dotenv block (values stay out of `ps` and shell
/// history). A key can only start with a letter or `_`, so `@` and `-` name no pair.
fn assignments(args: &[String]) -> Result<Vec<(String, String)>, Failure> {
    let mut pairs = Vec::new();
    for arg in args {
        let block = if arg == "-" {
            crate::secrets::stdin("env set -")?
        } else if let Some(path) = arg.strip_prefix('@') {
            std::fs::read_to_string(path).map_err(|e| {
                Failure::Usage(format!("env set: the file {path} could not be read: {e}"))
            })?
        } else {
            let (key, value) = arg
                .split_once('=')
                .ok_or_else(|| Failure::Usage(format!("{arg:?} is not KEY=VALUE, @FILE or -")))?;
            pairs.push((key.to_string(), value.to_string()));
            continue;
        };
        let vars = EnvVars::parse(&block);
        if vars.is_empty() {
            return Err(Failure::Usage(format!("{arg} holds no KEY=VALUE line")));
        }
        pairs.extend(vars.iter().map(|(k, v)| (k.to_string(), v)));
    }
    Ok(pairs)
}

/// The target the flags name (clap makes sure exactly one is given).
fn target_of(args: &EnvTargetArgs) -> Result<EnvTarget, Failure> {
    if let Some(id) = &args.application {
        return Ok(EnvTarget::Application(id.clone()));
    }
    if let Some(id) = &args.compose {
        return Ok(EnvTarget::Compose(id.clone()));
    }
    if let Some(id) = &args.project {
        return Ok(EnvTarget::Project(id.clone()));
    }
    if let Some(id) = &args.environment {
        return Ok(EnvTarget::Environment(id.clone()));
    }
    let Some(database) = &args.database else {
        return Err(Failure::Usage(
            "say whose variables: --application, --compose, --database, --project or --environment"
                .into(),
        ));
    };
    Ok(EnvTarget::Database(database_ref(database, "--database")?))
}

/// A database named as `KIND:ID` (`postgres:ID`); `what` names the argument in errors.
pub(super) fn database_ref(database: &str, what: &str) -> Result<DatabaseRef, Failure> {
    let kinds = || {
        DatabaseKind::ALL
            .iter()
            .map(|k| k.router())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (kind, id) = database.split_once(':').ok_or_else(|| {
        Failure::Usage(format!(
            "{what} {database:?} is not KIND:ID (KIND is one of {})",
            kinds()
        ))
    })?;
    let kind = DatabaseKind::from_router(kind).ok_or_else(|| {
        Failure::Usage(format!(
            "{what}: {kind:?} is not a database kind (one of {})",
            kinds()
        ))
    })?;
    Ok(DatabaseRef::new(kind, id))
}
