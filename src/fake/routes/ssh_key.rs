//! `sshKey.*`: create, all, one, allForApps, update, remove, generate.

use std::path::Path;
use std::process::Command;

use serde_json::{Map, Value, json};

use super::{json, row};
use crate::fake::ids;
use crate::fake::rows::copy_present;
use crate::fake::wire::{ApiError, Ctx, Handler, Out, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "all" => all,
        "one" => one,
        "allForApps" => all_for_apps,
        "update" => update,
        "remove" => remove,
        "generate" => generate,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("SSH Key not found")
}

/// Answers nothing (0 bytes). The input's `organizationId` is replaced by the caller's.
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let get = |k: &str| ctx.get(k).cloned().unwrap_or(Value::Null);
    let mut key = Map::new();
    for (column, value) in [
        ("sshKeyId", json!(ids::nanoid())),
        ("privateKey", get("privateKey")),
        ("publicKey", get("publicKey")),
        ("name", get("name")),
        ("description", get("description")),
        ("createdAt", json!(ids::now_iso())),
        ("lastUsedAt", Value::Null),
        ("organizationId", json!(st.organization_id)),
    ] {
        key.insert(column.to_string(), value);
    }
    st.ssh_keys.insert(key);
    Ok(Out::Empty)
}

/// Newest first.
fn all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list = st
        .ssh_keys
        .iter()
        .rev()
        .cloned()
        .map(Value::Object)
        .collect();
    json(Value::Array(list))
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let key = st
        .ssh_keys
        .get(&ctx.str("sshKeyId"))
        .ok_or_else(not_found)?;
    row(key.clone())
}

/// Ids and names only.
fn all_for_apps(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list = st
        .ssh_keys
        .iter()
        .map(|k| json!({"sshKeyId": k["sshKeyId"], "name": k["name"]}))
        .collect();
    json(Value::Array(list))
}

/// Every error (an unknown id too) is re-thrown as a 400 "Error updating this SSH key".
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let key = st
        .ssh_keys
        .get_mut(&ctx.str("sshKeyId"))
        .ok_or_else(|| ApiError::bad_request("Error updating this SSH key"))?;
    copy_present(key, &ctx.input, &["name", "description", "lastUsedAt"]);
    row(key.clone())
}

/// Servers and git sources that used the key lose it (`onDelete: set null`).
fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("sshKeyId");
    let key = st.ssh_keys.remove(&id).ok_or_else(not_found)?;
    st.servers.set_null_where("sshKeyId", &id);
    st.applications.set_null_where("customGitSSHKeyId", &id);
    st.compose.set_null_where("customGitSSHKeyId", &id);
    row(key)
}

/// A real key pair (RSA 4096 by default, or Ed25519), comment `dokploy`, made with the
/// machine's `ssh-keygen`; nothing is stored.
fn generate(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = ctx
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("rsa")
        .to_string();
    let dir = std::env::temp_dir().join(format!("dokploy-fake-ssh-{}", ids::nanoid()));
    let pair = std::fs::create_dir(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| keygen(&kind, &dir));
    let _ = std::fs::remove_dir_all(&dir);
    let (private_key, public_key) = pair.map_err(|reason| {
        ApiError::internal(format!("The fake could not generate a key pair: {reason}"))
    })?;
    json(json!({"privateKey": private_key, "publicKey": public_key}))
}

/// Runs `ssh-keygen` in `dir` and reads the pair it wrote.
fn keygen(kind: &str, dir: &Path) -> Result<(String, String), String> {
    let path = dir.join("key");
    let mut command = Command::new("ssh-keygen");
    command.args(["-q", "-t", kind, "-C", "dokploy", "-N", "", "-f"]);
    command.arg(&path);
    if kind == "rsa" {
        command.args(["-b", "4096"]);
    }
    let output = command
        .output()
        .map_err(|e| format!("ssh-keygen could not be run ({e})"))?;
    if !output.status.success() {
        return Err(format!(
            "ssh-keygen failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| e.to_string());
    let private_key = read(&path)?;
    let public_key = read(&path.with_extension("pub"))?;
    Ok((private_key, public_key.trim_end().to_string()))
}
