//! `dokploy create application|database|compose NAME --project P [--environment E]`: creates
//! by project and environment name, found with [`Environments::find`](dokploy::resources::Environments::find).

use std::path::Path;

use dokploy::Client;
use dokploy::models::DatabaseKind;
use dokploy::resources::{NewCompose, NewDatabase};

use crate::app::{CreateCommand, Place};
use crate::failure::Failure;
use crate::output::Output;

/// Runs `dokploy create …` and prints what was created as JSON.
pub async fn run(client: &Client, command: CreateCommand, output: Output) -> Result<(), Failure> {
    match command {
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
            // Read the password before creating anything, so a bad file changes nothing.
            let password = password_file.as_deref().map(read_text).transpose()?;
            let env = environment_id(client, &place).await?;
            let mut new = NewDatabase::new(env, name);
            if let Some(image) = image {
                new = new.image(image);
            }
            if let Some(database_name) = database_name {
                new = new.database_name(database_name);
            }
            if let Some(user) = user {
                new = new.user(user);
            }
            if let Some(password) = password {
                new = new.password(password.trim_end_matches(['\n', '\r']));
            }
            output.json(&client.databases().create(kind, new).await?)
        }
        CreateCommand::Compose { name, place, file } => {
            let yaml = read_text(&file)?;
            let env = environment_id(client, &place).await?;
            let new = NewCompose::from_yaml(env, name, yaml);
            output.json(&client.compose().create(new).await?)
        }
    }
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
