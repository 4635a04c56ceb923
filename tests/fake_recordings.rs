//! The embedded fake replays the sessions recorded from a real Dokploy v0.30.2
//! (`tests/fixtures/live`): the same requests, in the same order, get the same status, the same
//! content type, bodies of the same shape, and identical error bodies. One session per group of
//! recordings (`tests/fake_recordings/<group>.rs`), each against a fresh fake; the engine is
//! `tests/fake_recordings/replay.rs`.

mod common;
#[path = "fake_recordings/replay.rs"]
mod replay;

#[path = "fake_recordings/basics.rs"]
mod basics;
#[path = "fake_recordings/compose.rs"]
mod compose;
#[path = "fake_recordings/database_updates.rs"]
mod database_updates;
#[path = "fake_recordings/docker_engine.rs"]
mod docker_engine;
#[path = "fake_recordings/domains.rs"]
mod domains;
#[path = "fake_recordings/git_providers.rs"]
mod git_providers;
#[path = "fake_recordings/libsql.rs"]
mod libsql;
#[path = "fake_recordings/manifest_needs.rs"]
mod manifest_needs;
#[path = "fake_recordings/ssh_keys_servers.rs"]
mod ssh_keys_servers;

#[path = "fake_recordings/backups.rs"]
mod backups;
#[path = "fake_recordings/notification_updates.rs"]
mod notification_updates;
#[path = "fake_recordings/notifications.rs"]
mod notifications;
#[path = "fake_recordings/settings_users.rs"]
mod settings_users;
#[path = "fake_recordings/trpc.rs"]
mod trpc;
#[path = "fake_recordings/uploads.rs"]
mod uploads;

use replay::{Session, replay};

/// Every session, in recording order.
const SESSIONS: &[&Session] = &[
    &basics::SESSION,
    &backups::SESSION,
    &notifications::SESSION,
    &git_providers::SESSION,
    &settings_users::SESSION,
    &settings_users::RATE_LIMITED_KEY,
    &compose::SESSION,
    &ssh_keys_servers::SESSION,
    &libsql::SESSION,
    &domains::SESSION,
    &database_updates::SESSION,
    &docker_engine::SESSION,
    &trpc::SESSION,
    &manifest_needs::SESSION,
    &notification_updates::SESSION,
    &uploads::SESSION,
];

/// Recordings no session replays, each with the reason.
const NOT_REPLAYED: &[(&str, &str)] = &[];

/// Groups of recordings (first and last number) that belong to another piece of work, each
/// with the reason; every recording numbered in one is accounted for by it.
const NOT_REPLAYED_GROUPS: &[(u32, u32, &str)] = &[
    (
        350,
        353,
        "the deployment-log WebSocket (/listen-deployment): replayed frame by frame by \
         tests/live_logs.rs (the refusals), the live log followed end to end there",
    ),
    (
        400,
        430,
        "live builds and container logs over WebSockets, and the rows and container lookups they \
         watched: tests/live_logs.rs replays the refusals and silences frame by frame and follows \
         the live ones end to end",
    ),
    (
        432,
        442,
        "the rows and log of the build 431 started, container-log WebSockets, and the stop \
         during them: tests/live_logs.rs (WebSockets) and tests/uploads.rs (the build)",
    ),
];

#[tokio::test]
async fn the_fake_replays_the_basics_session_01_to_52() {
    replay(&basics::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_backups_session_60_to_87() {
    replay(&backups::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_git_providers_session_120_to_149() {
    replay(&git_providers::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_compose_session_190_to_216() {
    replay(&compose::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_ssh_keys_and_servers_session_220_to_237() {
    replay(&ssh_keys_servers::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_libsql_session_240_to_251() {
    replay(&libsql::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_domains_session_255_to_266() {
    replay(&domains::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_database_updates_session_270_to_304() {
    replay(&database_updates::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_notifications_session_90_to_117() {
    replay(&notifications::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_rate_limited_key_47_call1_to_call8() {
    replay(&settings_users::RATE_LIMITED_KEY).await;
}

#[tokio::test]
async fn the_fake_replays_the_settings_and_users_session_150_to_182() {
    replay(&settings_users::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_docker_engine_session_305_to_309() {
    replay(&docker_engine::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_trpc_session_310_to_323() {
    replay(&trpc::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_manifest_engine_session_360_to_396() {
    replay(&manifest_needs::SESSION).await;
}

#[tokio::test]
async fn the_fake_replays_the_notification_updates_330_to_342_and_the_row_354() {
    replay(&notification_updates::SESSION).await;
}

#[tokio::test]
async fn the_fake_refuses_an_upload_over_rest_and_takes_it_over_trpc_445_and_431() {
    replay(&uploads::SESSION).await;
}

/// A recording's number (`309` for `309a-…`).
fn number(name: &str) -> u32 {
    name.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(u32::MAX)
}

/// The group of [`NOT_REPLAYED_GROUPS`] a recording is in, if any.
fn group_of(name: &str) -> Option<&'static (u32, u32, &'static str)> {
    let n = number(name);
    NOT_REPLAYED_GROUPS
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&n))
}

#[test]
fn every_vendored_recording_is_replayed_or_has_a_reason_not_to_be() {
    let names = common::recording_names();
    let replayed: Vec<&str> = SESSIONS
        .iter()
        .flat_map(|s| s.steps.iter().filter_map(|step| step.prefix()))
        .collect();
    assert!(
        names.len() >= 395,
        "only {} of the 395 vendored recordings (01 to 445) were found",
        names.len()
    );
    let mut missing = Vec::new();
    for name in &names {
        let covered = replayed.iter().any(|p| name.starts_with(p))
            || NOT_REPLAYED.iter().any(|(p, _)| name.starts_with(p))
            || group_of(name).is_some();
        if !covered {
            missing.push(name.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "{} recordings are neither replayed nor listed in NOT_REPLAYED with a reason:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
    for prefix in replayed.iter().chain(NOT_REPLAYED.iter().map(|(p, _)| p)) {
        let n = names.iter().filter(|n| n.starts_with(prefix)).count();
        assert_eq!(n, 1, "{prefix:?} must name exactly one recording");
        assert!(
            group_of(prefix).is_none(),
            "{prefix:?} is replayed, so its group must not claim it"
        );
    }
    for (first, last, _) in NOT_REPLAYED_GROUPS {
        assert!(
            names.iter().any(|n| number(n) == *first) && names.iter().any(|n| number(n) == *last),
            "the group {first}–{last} must start and end at a vendored recording"
        );
    }
}
