//! `destination.*`: create, one, all, update, remove, testConnection; and the rclone command
//! lines Dokploy builds from a destination (which its error messages show, secret included).

use serde_json::Value;

use super::{apply, row};
use crate::fake::BackupOutcome;
use crate::fake::rows;
use crate::fake::state::{Row, State, str_of};
use crate::fake::wire::{ApiError, Ctx, Handler, Out, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "one" => one,
        "all" => all,
        "update" => update,
        "remove" => remove,
        "testConnection" => test_connection,
        _ => return None,
    })
}

const NOT_FOUND: &str = "Destination not found";

/// `findDestinationById` (404).
pub(super) fn find<'a>(st: &'a State, id: &str) -> Result<&'a Row, ApiError> {
    st.destinations
        .get(id)
        .ok_or_else(|| ApiError::not_found(NOT_FOUND))
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let destination = rows::destination(&ctx.input, &st.organization_id);
    st.destinations.insert(destination.clone());
    row(destination)
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    row(find(&st, &ctx.str("destinationId"))?.clone())
}

/// Newest first.
fn all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list = st
        .destinations
        .iter()
        .rev()
        .map(|d| Value::Object(d.clone()))
        .collect();
    super::json(Value::Array(list))
}

/// An unknown id is a 400 here (the router re-throws `findDestinationById`'s error as
/// `BAD_REQUEST`), unlike `one` and `remove`.
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("destinationId");
    let destination = st
        .destinations
        .get_mut(&id)
        .ok_or_else(|| ApiError::bad_request(NOT_FOUND))?;
    apply(destination, &ctx.input, &["destinationId", "serverId"]);
    row(destination.clone())
}

/// Removes the destination and, by the foreign key's cascade, its backups and their runs.
fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("destinationId");
    let removed = st
        .destinations
        .remove(&id)
        .ok_or_else(|| ApiError::not_found(NOT_FOUND))?;
    st.remove_backups_where(|b| b.get("destinationId").and_then(Value::as_str) == Some(&id));
    st.uploads.remove(&id);
    row(removed)
}

/// `rclone ls` against the settings given: answers nothing when rclone "works", else the 400
/// of a host without rclone.
fn test_connection(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    match st.backup_outcome() {
        BackupOutcome::Done => Ok(Out::Empty),
        BackupOutcome::Error { .. } => {
            let command = format!(
                "rclone ls {} --retries 1 --low-level-retries 1 --timeout 10s --contimeout 5s {}",
                rclone_flags(&ctx.input),
                shell_escape(&format!(":s3:{}", ctx.str("bucket"))),
            );
            Err(command_failed(&command, "/bin/sh: 1: rclone: not found\n"))
        }
    }
}

/// The 400 Dokploy answers when a shell command fails: `Command execution failed: Command
/// failed: <command>\n<stderr>`.
pub(super) fn command_failed(command: &str, stderr: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Command execution failed: Command failed: {command}\n{stderr}"
    ))
}

/// `getS3Credentials`: rclone's S3 flags for a destination (row or input), extra flags last.
pub(super) fn rclone_flags(destination: &serde_json::Map<String, Value>) -> String {
    let field = |key: &str| shell_escape(&str_of(destination, key).unwrap_or_default());
    let mut flags = Vec::new();
    if let Some(provider) = str_of(destination, "provider").filter(|p| !p.is_empty()) {
        flags.push(format!("--s3-provider={}", shell_escape(&provider)));
    }
    flags.push(format!("--s3-access-key-id={}", field("accessKey")));
    flags.push(format!(
        "--s3-secret-access-key={}",
        field("secretAccessKey")
    ));
    flags.push(format!("--s3-region={}", field("region")));
    flags.push(format!("--s3-endpoint={}", field("endpoint")));
    flags.push("--s3-no-check-bucket".into());
    flags.push("--s3-force-path-style".into());
    if let Some(Value::Array(extra)) = destination.get("additionalFlags") {
        flags.extend(extra.iter().filter_map(Value::as_str).map(str::to_string));
    }
    flags.join(" ")
}

/// `shell-quote`'s escaping of one word: a backslash before each shell metacharacter.
pub(super) fn shell_escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if "#!\"$&'()*,:;<=>?@[\\]^`{|}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rclone_flags_escape_like_shell_quote_and_end_with_the_extra_flags() {
        let destination = json!({
            "provider": "Minio", "accessKey": "census-access", "secretAccessKey": "s",
            "region": "us-east-1", "endpoint": "http://127.0.0.1:9",
            "additionalFlags": ["--s3-acl=private"]
        });
        let Value::Object(destination) = destination else {
            unreachable!()
        };
        assert_eq!(
            rclone_flags(&destination),
            "--s3-provider=Minio --s3-access-key-id=census-access --s3-secret-access-key=s \
             --s3-region=us-east-1 --s3-endpoint=http\\://127.0.0.1\\:9 --s3-no-check-bucket \
             --s3-force-path-style --s3-acl=private"
        );
    }
}
