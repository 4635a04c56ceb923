//! `dokploy create project NAME` and `dokploy create application|database|compose NAME
//! --project P [--environment E]`: creates by project and environment name, found with
//! [`Environments::find`](dokploy::resources::Environments::find). What each database kind
//! requires is the library's ([`DatabaseKind::required_settings`]); this says it in flags.

use std::path::Path;

use dokploy::Client;
use dokploy::models::{DatabaseKind, DatabaseSetting};
use dokploy::resources::{NewCompose, NewDatabase};

use crate::app::{CreateCommand, Place};
use crate::failure::Failure;
use crate::output::Output;

/// Runs `dokploy create …` and prints what was created as JSON.
pub async fn run(client: &Client, command: CreateCommand, output: Output) -> Result<(), Failure> {
    match command {
        CreateCommand::Project { name, description } => output.json(
            &client
                .projects()
                .create(&name, description.as_deref())
                .await?,
        ),
        CreateCommand::Application { name, place } => {
            let env = environment_id(client, &place).await?;
            output.json(&client.applications().create(&env, &name).await?)
        }
        CreateCommand::Database {
            kind,
            name,
            place,
            image,
            database_name,
            user,
            password_file,
        } => {
            let kind = DatabaseKind::from_router(&kind)
                .ok_or_else(|| Failure::Usage(format!("{kind:?} is not a database kind")))?;
            check_settings(kind, database_name.is_some(), user.is_some())?;
            // Read the password before creating anything, so a bad file changes nothing.
            let password = password_file.as_deref().map(read_text).transpose()?;
            let env = environment_id(client, &place).await?;
            let mut new = NewDatabase::of_kind(kind, env, name, database_name, user)?;
            if let Some(image) = image {
                new = new.image(image);
            }
            if let Some(password) = password {
                new = new.password(password.trim_end_matches(['\n', '\r']));
            }
            output.json(&client.databases().create(new).await?)
        }
        CreateCommand::Compose { name, place, file } => {
            let yaml = read_text(&file)?;
            let env = environment_id(client, &place).await?;
            let new = NewCompose::from_yaml(env, name, yaml);
            output.json(&client.compose().create(new).await?)
        }
    }
}

/// The flag that gives `setting`.
fn flag(setting: DatabaseSetting) -> &'static str {
    match setting {
        DatabaseSetting::DatabaseName => "--database-name NAME",
        DatabaseSetting::User => "--user USER",
    }
}

/// Refuses, in flags, a database without what its kind requires or with what it lacks.
fn check_settings(kind: DatabaseKind, database_name: bool, user: bool) -> Result<(), Failure> {
    let given = |setting| match setting {
        DatabaseSetting::DatabaseName => database_name,
        DatabaseSetting::User => user,
    };
    let required = kind.required_settings();
    let missing: Vec<&str> = required
        .iter()
        .filter(|s| !given(**s))
        .map(|s| flag(*s))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Usage(format!(
            "a {kind} database needs {} (see `dokploy create database --help`)",
            missing.join(" and ")
        )));
    }
    let extra: Vec<&str> = [DatabaseSetting::DatabaseName, DatabaseSetting::User]
        .into_iter()
        .filter(|s| given(*s) && !required.contains(s))
        .map(|s| flag(s).split(' ').next().unwrap_or_default())
        .collect();
    if !extra.is_empty() {
        return Err(Failure::Usage(format!(
            "a {kind} database takes no {}",
            extra.join(" or ")
        )));
    }
    Ok(())
}

/// The kinds that require `setting`, for its flag's `--help`.
pub fn setting_help(setting: DatabaseSetting) -> String {
    let kinds: Vec<&str> = DatabaseKind::ALL
        .iter()
        .filter(|k| k.required_settings().contains(&setting))
        .map(|k| k.router())
        .collect();
    let what = match setting {
        DatabaseSetting::DatabaseName => "The database to create inside it",
        DatabaseSetting::User => "The database user",
    };
    format!(
        "{what}: required for {}, refused for the others",
        kinds.join(", ")
    )
}

/// `dokploy create database --help`'s table of the flags each kind requires, and an example.
pub fn database_help() -> String {
    let mut text = String::from("Required flags, by kind:\n");
    for kind in DatabaseKind::ALL {
        let flags: Vec<&str> = kind.required_settings().iter().map(|s| flag(*s)).collect();
        let flags = if flags.is_empty() {
            "(none)".to_string()
        } else {
            flags.join(" ")
        };
        text.push_str(&format!("  {:<9} {flags}\n", kind.router()));
    }
    text.push_str(
        "\nWithout --password-file, Dokploy generates the password (the answer shows it as <redacted>\nunless --show-secrets).\n\nExamples:\n  dokploy create database postgres db --project shop --database-name shop --user app\n  dokploy create database redis cache --project shop",
    );
    text
}

async fn environment_id(client: &Client, place: &Place) -> Result<String, Failure> {
    Ok(client
        .environments()
        .find(&place.project, place.environment.as_deref())
        .await?
        .environment_id)
}

/// A file's text, or standard input's for `-`.
fn read_text(path: &Path) -> Result<String, Failure> {
    if path.as_os_str() == "-" {
        return crate::secrets::stdin("-");
    }
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("{} could not be read: {e}", path.display())))
}
