//! SSH keys and servers: the typed models decode every success answer a real Dokploy v0.30.2
//! gave (recordings 220–237), and the typed handles work against the embedded fake.

mod common;

use dokploy::Error;
use dokploy::Transport;
use dokploy::models::{Server, ServerStatus, SshKey, SshKeySummary, SshKeyType};
use dokploy::resources::{NewServer, NewSshKey, ServerUpdate, SshKeyUpdate};
use serde_json::json;

use common::{Recording, fast_fake, recording, recordings_numbered};

/// A line of the census's (throwaway) private key.
const RECORDED_PRIVATE_KEY_LINE: &str = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";

fn decoded<T: serde::de::DeserializeOwned + std::fmt::Debug>(rec: &Recording, name: &str) -> T {
    rec.decoded(name, &[RECORDED_PRIVATE_KEY_LINE])
}

fn assert_server(server: &Server, name: &str) {
    assert_eq!(server.server_status, Some(ServerStatus::Active), "{name}");
    assert_eq!(server.port, Some(9), "{name}");
    let unnamed: Vec<&String> = server.extra.0.keys().collect();
    assert_eq!(unnamed, ["metricsConfig"], "{name}: unnamed fields");
}

#[test]
fn every_success_recording_of_220_to_237_decodes_into_the_typed_models() {
    let mut decoded_count = 0;
    for name in recordings_numbered(220..=237) {
        let rec = recording(&name);
        if rec.status >= 400 {
            continue;
        }
        match rec.procedure() {
            "sshKey.create" => {
                dokploy::Body::from_bytes(reqwest::StatusCode::OK, rec.body.clone())
                    .expect_done()
                    .unwrap();
            }
            "sshKey.all" => {
                let keys: Vec<SshKey> = decoded(&rec, &name);
                assert!(
                    keys[0].has_private_key() && keys[0].extra.is_empty(),
                    "{name}"
                );
            }
            "sshKey.one" | "sshKey.update" | "sshKey.remove" => {
                let key: SshKey = decoded(&rec, &name);
                assert!(key.has_private_key() && key.extra.is_empty(), "{name}");
            }
            "sshKey.allForApps" => {
                let keys: Vec<SshKeySummary> = decoded(&rec, &name);
                assert!(keys[0].extra.is_empty(), "{name}");
            }
            "server.create" | "server.update" => {
                let server: Server = decoded(&rec, &name);
                assert_server(&server, &name);
                assert_eq!(server.ssh_key, None, "{name}: rows carry the id only");
            }
            "server.one" | "server.remove" => {
                let server: Server = decoded(&rec, &name);
                assert_server(&server, &name);
                let key = server.ssh_key.as_ref().expect("the key is nested");
                assert_eq!(Some(&key.ssh_key_id), server.ssh_key_id.as_ref());
                assert!(
                    !key.has_private_key(),
                    "{name}: the private part is blanked"
                );
                assert!(
                    key.public_key
                        .as_deref()
                        .unwrap()
                        .starts_with("ssh-ed25519 ")
                );
            }
            "server.all" => {
                let servers: Vec<Server> = decoded(&rec, &name);
                assert_server(&servers[0], &name);
                assert_eq!(servers[0].total_sum, Some(0));
            }
            "server.count" => {
                let count: u64 = decoded(&rec, &name);
                assert_eq!(count, 1);
            }
            other => panic!("{name}: no typed model is checked for {other}"),
        }
        decoded_count += 1;
    }
    assert_eq!(decoded_count, 13, "success recordings of 220-237");
}

/// A key pair that looks like one (the fake stores what it is given).
fn pair(name: &str) -> NewSshKey {
    NewSshKey::new(
        name,
        format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nprivate-{name}\n-----END OPENSSH PRIVATE KEY-----\n"
        ),
        format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5{name} {name}"),
    )
}

async fn a_server_registered_with_an_ssh_key_shows_the_key_without_its_private_part(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let key = client.ssh_keys().create(pair("deploy")).await.unwrap();
    assert!(key.has_private_key());
    let new = NewServer::new("edge-1", "203.0.113.7", "root").ssh_key(&key.ssh_key_id);
    let created = client.servers().create(new).await.unwrap();
    assert_eq!(created.ssh_key_id.as_ref(), Some(&key.ssh_key_id));

    let server = client.servers().one(&created.server_id).await.unwrap();
    let nested = server.ssh_key.as_ref().unwrap();
    assert_eq!(nested.public_key, key.public_key);
    assert!(!nested.has_private_key());
    assert!(!format!("{server:?}").contains("private-deploy"));
    // The key itself still has it.
    let stored = client.ssh_keys().one(&key.ssh_key_id).await.unwrap();
    assert!(stored.private_key.expose().contains("private-deploy"));
    assert!(!format!("{stored:?} {}", stored.private_key).contains("private-deploy"));

    let removed = client.servers().remove(&created.server_id).await.unwrap();
    assert!(!removed.ssh_key.unwrap().has_private_key());
}

async fn a_server_naming_an_unknown_ssh_key_is_refused(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let new = NewServer::new("edge-1", "203.0.113.7", "root").ssh_key("does-not-exist");
    let e = client.servers().create(new).await.unwrap_err();
    assert_eq!(e.api().unwrap().message, "Error creating the server");
    assert_eq!(client.servers().count().await.unwrap(), 0);
}

async fn updating_a_server_changes_only_what_is_set(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let first = client.ssh_keys().create(pair("first")).await.unwrap();
    let second = client.ssh_keys().create(pair("second")).await.unwrap();
    let mut new = NewServer::new("edge-1", "203.0.113.7", "root").ssh_key(&first.ssh_key_id);
    new.enable_docker_cleanup = false;
    new.description = Some("Paris".into());
    let id = client.servers().create(new).await.unwrap().server_id;

    let changes = ServerUpdate::new()
        .name("edge-2")
        .port(2222)
        .ssh_key(&second.ssh_key_id);
    let server = client.servers().update(&id, changes).await.unwrap();
    assert_eq!(server.name, "edge-2");
    assert_eq!(server.port, Some(2222));
    assert_eq!(server.ssh_key_id.as_ref(), Some(&second.ssh_key_id));
    assert_eq!(server.description.as_deref(), Some("Paris"), "kept");
    assert_eq!(server.username.as_deref(), Some("root"), "kept");
    assert_eq!(
        server.enable_docker_cleanup,
        Some(false),
        "kept, not reset to true"
    );
    let one = client.servers().one(&id).await.unwrap();
    assert_eq!(one.ssh_key.unwrap().name, "second");

    // Why the typed update reads first: left out, Dokploy turns the cleanup back on.
    let raw: serde_json::Value = common::call(
        &client,
        "server.update",
        json!({"serverId": id, "name": "edge-2", "description": "Paris", "ipAddress": "203.0.113.7",
               "port": 2222, "username": "root", "sshKeyId": second.ssh_key_id, "serverType": "deploy"}),
    )
    .await
    .unwrap();
    assert_eq!(raw["enableDockerCleanup"], true);

    let e = client
        .servers()
        .update("does-not-exist", ServerUpdate::new().name("x"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

async fn servers_are_counted_and_unknown_ones_are_not_found(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    assert_eq!(client.servers().count().await.unwrap(), 0);
    let a = client
        .servers()
        .create(NewServer::new("a", "203.0.113.7", "root"))
        .await
        .unwrap();
    client
        .servers()
        .create(NewServer::new("b", "203.0.113.8", "root"))
        .await
        .unwrap();
    assert_eq!(client.servers().count().await.unwrap(), 2);
    client.servers().remove(&a.server_id).await.unwrap();
    assert_eq!(client.servers().count().await.unwrap(), 1);
    assert!(
        client
            .servers()
            .one(&a.server_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        client
            .servers()
            .remove(&a.server_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn ssh_keys_are_created_listed_renamed_and_removed(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let keys = client.ssh_keys();
    let old = keys.create(pair("old")).await.unwrap();
    let new = keys
        .create(pair("new").description("CI deploys"))
        .await
        .unwrap();
    assert_eq!(new.description.as_deref(), Some("CI deploys"));
    let names: Vec<String> = keys
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.name)
        .collect();
    assert_eq!(names, ["new", "old"]);
    let summaries = keys.summaries().await.unwrap();
    assert_eq!(summaries.len(), 2);

    let renamed = keys
        .update(&old.ssh_key_id, SshKeyUpdate::new().name("old-2"))
        .await
        .unwrap();
    assert_eq!(renamed.name, "old-2");
    assert_eq!(renamed.public_key, old.public_key, "the key material stays");

    let removed = keys.remove(&new.ssh_key_id).await.unwrap();
    assert_eq!(removed.name, "new");
    assert!(keys.one(&new.ssh_key_id).await.unwrap_err().is_not_found());
    assert!(
        keys.remove(&new.ssh_key_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn updating_an_unknown_ssh_key_is_not_found_although_dokploy_answers_a_generic_400(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let raw = client
        .call("sshKey.update")
        .arg("sshKeyId", "does-not-exist")
        .arg("name", "x")
        .send()
        .body()
        .await
        .unwrap_err();
    assert_eq!(raw.api().unwrap().message, "Error updating this SSH key");
    assert!(!raw.is_not_found());
    let e = client
        .ssh_keys()
        .update("does-not-exist", SshKeyUpdate::new().name("x"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

async fn removing_an_ssh_key_detaches_it_from_its_servers(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let key = client.ssh_keys().create(pair("deploy")).await.unwrap();
    let new = NewServer::new("edge-1", "203.0.113.7", "root").ssh_key(&key.ssh_key_id);
    let id = client.servers().create(new).await.unwrap().server_id;
    client.ssh_keys().remove(&key.ssh_key_id).await.unwrap();
    let server = client.servers().one(&id).await.unwrap();
    assert_eq!(server.ssh_key_id, None);
    assert_eq!(server.ssh_key, None);
}

fn ssh_keygen_available() -> bool {
    std::process::Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_ok()
}

async fn a_generated_ed25519_pair_is_a_real_openssh_key_pair_and_can_be_stored(
    transport: Transport,
) {
    if !ssh_keygen_available() {
        eprintln!("skipped: the fake generates keys with ssh-keygen, which is not installed");
        return;
    }
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let pair = client
        .ssh_keys()
        .generate(SshKeyType::Ed25519)
        .await
        .unwrap();
    assert!(pair.public_key.starts_with("ssh-ed25519 "));
    assert!(pair.public_key.ends_with(" dokploy"));
    assert!(!format!("{pair:?}").contains("PRIVATE KEY"));

    // The public key is the private key's.
    // One directory per transport: both variants of this test run at once in one process.
    let dir =
        std::env::temp_dir().join(format!("dokploy-test-{}-{transport:?}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("generated");
    std::fs::write(&path, pair.private_key.expose()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let derived = std::process::Command::new("ssh-keygen")
        .arg("-y")
        .arg("-f")
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let derived = String::from_utf8_lossy(&derived.stdout);
    let key_part = |k: &str| k.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(key_part(&derived), key_part(&pair.public_key));

    let stored = client
        .ssh_keys()
        .create(NewSshKey::from_generated("generated", pair.clone()))
        .await
        .unwrap();
    assert_eq!(stored.public_key.as_deref(), Some(pair.public_key.as_str()));
    assert_eq!(stored.private_key, pair.private_key);
}

async fn an_rsa_pair_can_be_generated(transport: Transport) {
    if !ssh_keygen_available() {
        eprintln!("skipped: the fake generates keys with ssh-keygen, which is not installed");
        return;
    }
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let pair = client.ssh_keys().generate(SshKeyType::Rsa).await.unwrap();
    assert!(
        pair.public_key.starts_with("ssh-rsa "),
        "{}",
        pair.public_key
    );
    assert!(
        pair.private_key
            .expose()
            .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
    );
}

async fn ssh_key_secrets_never_appear_in_debug_display_or_errors(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let new = pair("deploy");
    assert!(!format!("{new:?}").contains("private-deploy"));
    // Refused (empty name): the error says why without the key.
    let mut bad = pair("x");
    bad.name = String::new();
    bad.private_key = "private-refused".into();
    let e = client.ssh_keys().create(bad).await.unwrap_err();
    assert!(matches!(e, Error::Api(_)), "{e}");
    assert!(!format!("{e} {e:?}").contains("private-refused"));
    let key = client.ssh_keys().create(new).await.unwrap();
    let all = client.ssh_keys().all().await.unwrap();
    let removed = client.ssh_keys().remove(&key.ssh_key_id).await.unwrap();
    let shown = format!("{key:?} {all:?} {removed:?} {}", removed.private_key);
    assert!(!shown.contains("private-deploy"), "{shown}");
}

crate::on_both_transports!(
    a_server_registered_with_an_ssh_key_shows_the_key_without_its_private_part,
    a_server_naming_an_unknown_ssh_key_is_refused,
    updating_a_server_changes_only_what_is_set,
    servers_are_counted_and_unknown_ones_are_not_found,
    ssh_keys_are_created_listed_renamed_and_removed,
    updating_an_unknown_ssh_key_is_not_found_although_dokploy_answers_a_generic_400,
    removing_an_ssh_key_detaches_it_from_its_servers,
    a_generated_ed25519_pair_is_a_real_openssh_key_pair_and_can_be_stored,
    an_rsa_pair_can_be_generated,
    ssh_key_secrets_never_appear_in_debug_display_or_errors,
);
