//! Settings, the caller and its API keys: the typed models decode what a real Dokploy v0.30.2
//! answered (150–182), and the typed methods behave like Dokploy against the embedded fake.

mod common;

use dokploy::Transport;
use std::time::Duration;

use dokploy::models::{
    CreatedApiKey, GpuStatus, Health, HealthStatus, InfrastructureHealth, LogCleanupStatus, Member,
    MemberRole, Permissions, Session, TraefikEntry, TraefikEntryKind, WebServerSettings,
};
use dokploy::resources::{NewApiKey, NewDomain, NewServer, RateLimit};
use dokploy::{Body, Error};
use serde::de::DeserializeOwned;

use common::{fast_fake, recording, recording_names};

fn decode<T: DeserializeOwned>(prefix: &str) -> T {
    let rec = recording(prefix);
    Body::from_bytes(reqwest::StatusCode::OK, rec.body)
        .decode()
        .unwrap_or_else(|e| panic!("recording {prefix}: {e}"))
}

/// The number a recording's file name starts with.
fn number(name: &str) -> u32 {
    name.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// A recording's prefix and the check that decodes it.
type Check = (&'static str, fn(&str));

#[test]
fn every_success_recording_from_150_to_182_decodes_into_the_typed_models() {
    // Each success recording of the group, with what it must decode as.
    let checks: &[Check] = &[
        ("150-", |p| assert_eq!(decode::<String>(p), "v0.30.2")),
        ("151-", |p| assert_eq!(decode::<String>(p), "latest")),
        ("152-", |p| assert!(decode::<Health>(p).is_ok())),
        ("153-", |p| assert!(!decode::<bool>(p))),
        ("154-", |p| assert_eq!(decode::<String>(p), "127.0.0.1")),
        ("155-", |p| {
            let web: WebServerSettings = decode(p);
            assert_eq!(web.server_ip.as_deref(), Some("127.0.0.1"));
            assert_eq!(web.builds_concurrency, Some(1));
            assert!(web.enable_docker_cleanup && !web.https);
            assert_eq!(web.ssh_private_key, None);
            assert_eq!(web.log_cleanup_cron.as_deref(), Some("0 0 * * *"));
            assert!(web.extra.get("whitelabelingConfig").is_some());
        }),
        ("156-", |p| assert_eq!(decode::<Option<String>>(p), None)),
        ("157-", |p| assert_eq!(decode::<Option<String>>(p), None)),
        ("158-", |p| assert_eq!(decode::<Option<String>>(p), None)),
        ("159-", |p| {
            let tree: Vec<TraefikEntry> = decode(p);
            assert_eq!(tree[0].kind, TraefikEntryKind::Directory);
            assert_eq!(tree[0].path(), "/etc/dokploy/traefik/dynamic");
            let files: Vec<&TraefikEntry> = tree[0].files().collect();
            assert_eq!(files.len(), 1);
            assert_eq!(files[0].name, "app-generate-optical-protocol-1g3mmc.yml");
            assert!(files[0].children.is_empty());
        }),
        ("164-", |p| assert!(!decode::<bool>(p))),
        ("165-", |p| assert!(decode::<bool>(p))),
        ("166-", |p| {
            let health: InfrastructureHealth = decode(p);
            let down: Vec<&str> = health.unhealthy().map(|(name, _)| name).collect();
            assert_eq!(down, ["postgres", "traefik"]);
            assert_eq!(
                health.get("traefik").and_then(|t| t.message.as_deref()),
                Some("connect ENOENT /var/run/docker.sock")
            );
        }),
        ("167-", |p| {
            let cleanup: LogCleanupStatus = decode(p);
            assert!(cleanup.enabled);
            assert_eq!(cleanup.cron_expression.as_deref(), Some("0 0 * * *"));
        }),
        ("168-", |p| assert!(decode::<Vec<String>>(p).is_empty())),
        ("170-", |p| {
            let gpu: GpuStatus = decode(p);
            assert_eq!(gpu.available_gpus, Some(0));
            assert!(!gpu.is_ready());
            assert!(gpu.extra.is_empty(), "{:?}", gpu.extra);
        }),
        ("171-", |p| {
            let file = decode::<Option<String>>(p).expect("the file exists");
            assert!(file.contains("app-generate-optical-protocol-1g3mmc-router-1"));
        }),
        ("172-", |p| assert_eq!(decode::<Option<String>>(p), None)),
        ("175-", |p| {
            let me: Member = decode(p);
            assert_eq!(me.role, MemberRole::Owner);
            assert_eq!(me.organization_id, "E2vk3WINPOL2MIXZpTQnv");
            assert_eq!(me.accessed_projects.len(), 5);
            assert_eq!(
                me.user.api_keys[0].name.as_deref(),
                Some("rust-client-tests")
            );
            assert!(me.extra.is_empty(), "{:?}", me.extra);
        }),
        ("176-", |p| {
            let created: CreatedApiKey = decode(p);
            assert_eq!(created.name.as_deref(), Some("census-key"));
            assert!(!created.rate_limit_enabled);
            assert_eq!(created.rate_limit_max, Some(10));
            assert_eq!(created.rate_limit_time_window, Some(86_400_000));
            assert_eq!(created.start.as_deref(), Some("ofnboP"));
            assert!(!format!("{created:?}").contains("the new key value"));
        }),
        ("177-", |p| {
            let me: Member = decode(p);
            let names: Vec<_> = me.user.api_keys.iter().map(|k| k.name.as_deref()).collect();
            assert_eq!(names, [Some("census-key"), Some("rust-client-tests")]);
            assert!(me.user.api_keys.iter().all(|k| k.extra.is_empty()));
        }),
        ("178-", |p| assert!(decode::<bool>(p))),
        ("181-", |p| {
            let permissions: Permissions = decode(p);
            assert!(permissions.allows("backup", "restore"));
            assert!(permissions.allows("traefikFiles", "write"));
            assert!(!permissions.allows("project", "read")); // not listed
        }),
        ("182-", |p| {
            let session: Session = decode(p);
            assert_eq!(session.user.id, "3JvRQh5OOsYsattTQGGeenzgzyvwxb9p");
            assert_eq!(
                session.session.active_organization_id.as_deref(),
                Some("E2vk3WINPOL2MIXZpTQnv")
            );
        }),
    ];
    for (prefix, check) in checks {
        check(prefix);
    }
    // Every success recording of the group is checked above.
    for name in recording_names()
        .iter()
        .filter(|n| (150..=182).contains(&number(n)))
    {
        if recording(name).status == 200 {
            assert!(
                checks.iter().any(|(p, _)| name.starts_with(p)),
                "{name} is a success recording no check decodes"
            );
        }
    }
}

async fn a_missing_traefik_file_is_none_not_an_error(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let settings = client.settings();
    let missing = "/etc/dokploy/traefik/dynamic/census-missing.yml";
    assert_eq!(settings.traefik_file(missing, None).await.unwrap(), None);
    assert_eq!(settings.traefik_config().await.unwrap(), None);
    assert_eq!(settings.web_server_traefik_config().await.unwrap(), None);
    assert_eq!(settings.middleware_traefik_config().await.unwrap(), None);
}

async fn a_path_outside_the_traefik_directory_is_a_validation_error_naming_the_path(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let settings = client.settings();
    for path in [
        "/etc/passwd",
        "/etc/dokploy/traefik/dynamic/../../../etc/passwd",
    ] {
        let error = settings.traefik_file(path, None).await.unwrap_err();
        let api = error.api().expect("Dokploy's error");
        assert_eq!(api.status.as_u16(), 400, "{path}");
        assert_eq!(api.issues[0].path_string(), "path");
        assert!(api.issues[0].message.contains("path traversal"), "{error}");
        assert!(!error.is_not_found());
    }
}

async fn an_application_domain_writes_its_traefik_file_and_removing_it_removes_the_file(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = common::project(&client, "shop").await;
    let app = client.applications().create(&env, "web").await.unwrap();
    let app_name = app.app_name.clone().unwrap();
    let path = format!("/etc/dokploy/traefik/dynamic/{app_name}.yml");
    let settings = client.settings();
    assert_eq!(settings.traefik_file(&path, None).await.unwrap(), None);

    let mut new = NewDomain::application(&app.application_id, "shop.example.com", 3000);
    new.path = Some("/api".into());
    let domain = client.domains().create(new).await.unwrap();
    let file = settings.traefik_file(&path, None).await.unwrap().unwrap();
    assert!(
        file.contains("rule: Host(`shop.example.com`) && PathPrefix(`/api`)"),
        "{file}"
    );
    assert!(
        file.contains(&format!("url: http://{app_name}:3000")),
        "{file}"
    );
    let tree = settings.traefik_directory(None).await.unwrap();
    let listed: Vec<&str> = tree
        .iter()
        .flat_map(|e| e.files())
        .map(|f| f.path())
        .collect();
    assert_eq!(listed, [path.as_str()]);

    client.domains().delete(&domain.domain_id).await.unwrap();
    assert_eq!(settings.traefik_file(&path, None).await.unwrap(), None);
    let tree = settings.traefik_directory(None).await.unwrap();
    assert_eq!(tree[0].files().count(), 0);
}

async fn traefik_files_of_a_remote_server_are_read_on_that_server(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let server = client
        .servers()
        .create(NewServer::new("edge-1", "203.0.113.7", "root"))
        .await
        .unwrap();
    let (_, env) = common::project(&client, "shop").await;
    let id = server.server_id.clone();
    let app = client
        .applications()
        .create_with(&env, "web", |b| b.server_id(id.clone()))
        .await
        .unwrap();
    let domain = NewDomain::application(&app.application_id, "edge.example.com", 80);
    client.domains().create(domain).await.unwrap();
    let path = format!(
        "/etc/dokploy/traefik/dynamic/{}.yml",
        app.app_name.clone().unwrap()
    );
    let settings = client.settings();
    assert_eq!(settings.traefik_file(&path, None).await.unwrap(), None);
    let remote = settings.traefik_file(&path, Some(&server.server_id)).await;
    assert!(remote.unwrap().unwrap().contains("edge.example.com"));
    let unknown = settings.traefik_directory(Some("nope")).await.unwrap_err();
    assert!(unknown.is_not_found(), "{unknown}");
}

async fn reads_that_need_docker_return_dokploys_error(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let settings = client.settings();
    let errors = [
        settings.traefik_env(None).await.unwrap_err(),
        settings.traefik_ports(None).await.unwrap_err(),
        settings.traefik_dashboard_enabled(None).await.unwrap_err(),
        settings.docker_disk_usage().await.unwrap_err(),
    ];
    for error in &errors {
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{error}");
        assert_eq!(error.code(), Some("INTERNAL_SERVER_ERROR"));
    }
    assert!(errors[3].to_string().contains("docker system df"));
    // The health check itself answers, reporting what is down.
    let health = settings.infrastructure_health().await.unwrap();
    assert!(
        health
            .unhealthy()
            .all(|(_, h)| h.status == HealthStatus::Unhealthy)
    );
    assert_eq!(health.unhealthy().count(), 2);
}

async fn docker_cleanup_toggled_on_is_read_back_on(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let settings = client.settings();
    settings.set_docker_cleanup(false, None).await.unwrap();
    assert!(!settings.web_server().await.unwrap().enable_docker_cleanup);
    settings.set_docker_cleanup(true, None).await.unwrap();
    assert!(settings.web_server().await.unwrap().enable_docker_cleanup);

    // A remote server's flag is its own.
    let server = client
        .servers()
        .create(NewServer::new("edge-1", "203.0.113.7", "root"))
        .await
        .unwrap();
    settings
        .set_docker_cleanup(false, Some(&server.server_id))
        .await
        .unwrap();
    let read = client.servers().one(&server.server_id).await.unwrap();
    assert_eq!(read.enable_docker_cleanup, Some(false));
    assert!(settings.web_server().await.unwrap().enable_docker_cleanup);
    settings
        .set_docker_cleanup(true, Some(&server.server_id))
        .await
        .unwrap();
    let read = client.servers().one(&server.server_id).await.unwrap();
    assert_eq!(read.enable_docker_cleanup, Some(true));

    let unknown = settings.set_docker_cleanup(true, Some("nope")).await;
    assert!(unknown.unwrap_err().is_not_found());
}

async fn builds_concurrency_is_read_back_and_kept_between_1_and_100(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let settings = client.settings();
    settings.set_builds_concurrency(4).await.unwrap();
    assert_eq!(
        settings.web_server().await.unwrap().builds_concurrency,
        Some(4)
    );
    for refused in [0, 101] {
        let error = settings.set_builds_concurrency(refused).await.unwrap_err();
        assert_eq!(
            error.api().unwrap().issues[0].path_string(),
            "buildsConcurrency"
        );
    }
    assert_eq!(
        settings.web_server().await.unwrap().builds_concurrency,
        Some(4)
    );

    let server = client
        .servers()
        .create(NewServer::new("builder-1", "203.0.113.8", "root"))
        .await
        .unwrap();
    let updated = settings
        .set_server_builds_concurrency(&server.server_id, 8)
        .await
        .unwrap();
    assert_eq!(updated.server_id, server.server_id);
    let read = client.servers().one(&server.server_id).await.unwrap();
    assert_eq!(read.builds_concurrency, Some(8));
    let unknown = settings.set_server_builds_concurrency("nope", 2).await;
    assert!(unknown.unwrap_err().is_not_found());
}

async fn an_api_key_created_by_default_has_no_rate_limit_and_works_for_more_than_5_calls(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let created = client
        .api_keys()
        .create(NewApiKey::new("ci"))
        .await
        .unwrap();
    assert!(!created.rate_limit_enabled);
    let sent = fake
        .requests()
        .into_iter()
        .find(|r| r.procedure() == "user.createApiKey")
        .and_then(|r| r.input())
        .unwrap();
    assert_eq!(sent["rateLimitEnabled"], false);
    let me = client.users().current().await.unwrap();
    assert_eq!(
        sent["metadata"]["organizationId"],
        me.organization_id.as_str()
    );

    let ci = dokploy::Client::new(fake.base_url(), created.key.expose()).unwrap();
    for _ in 0..12 {
        ci.projects().all().await.unwrap();
    }
}

async fn a_rate_limited_key_stops_after_5_calls_with_the_rate_limit_explanation(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let mut new = NewApiKey::new("dokploy-default");
    new.rate_limit = Some(RateLimit::DOKPLOY_DEFAULT);
    let created = client.api_keys().create(new).await.unwrap();
    assert!(created.rate_limit_enabled);
    assert_eq!(created.rate_limit_max, Some(10));

    let limited = dokploy::Client::new(fake.base_url(), created.key.expose()).unwrap();
    for call in 1..=5 {
        limited
            .projects()
            .all()
            .await
            .unwrap_or_else(|e| panic!("call {call}: {e}"));
    }
    let refused = limited.projects().all().await.unwrap_err();
    assert!(matches!(refused, Error::Unauthorized(_)), "{refused:?}");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(401));
    assert!(refused.to_string().contains("rate-limited"), "{refused}");
    // The owner's key is not affected.
    client.projects().all().await.unwrap();

    // A limit of one's own: 3 calls a minute.
    let mut new = NewApiKey::new("three-calls");
    new.rate_limit = Some(RateLimit::rest_calls(3, Duration::from_secs(60)));
    let created = client.api_keys().create(new).await.unwrap();
    assert_eq!(created.rate_limit_max, Some(6));
    assert_eq!(created.rate_limit_time_window, Some(60_000));
    let three = dokploy::Client::new(fake.base_url(), created.key.expose()).unwrap();
    for _ in 0..3 {
        three.settings().version().await.unwrap();
    }
    assert!(three.settings().version().await.is_err());
}

async fn the_new_key_is_shown_once_and_never_in_debug(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let created = client
        .api_keys()
        .create(NewApiKey::new("ci"))
        .await
        .unwrap();
    let key = created.key.expose().to_string();
    assert_eq!(key.len(), 64);
    assert_eq!(created.start.as_deref(), Some(&key[..6]));
    assert!(!format!("{created:?}").contains(&key));
    assert!(!created.key.to_string().contains(&key));

    // Listings show the key's name and id, never the key.
    let listed = client.api_keys().all().await.unwrap();
    assert_eq!(listed[0].id, created.id);
    let raw: serde_json::Value = common::call(&client, "user.get", serde_json::json!({}))
        .await
        .unwrap();
    assert!(!raw.to_string().contains(&key));
    assert!(!format!("{listed:?}").contains(&key));
}

async fn a_deleted_key_is_refused_and_deleting_it_again_is_not_found(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let created = client
        .api_keys()
        .create(NewApiKey::new("temporary"))
        .await
        .unwrap();
    let temporary = dokploy::Client::new(fake.base_url(), created.key.expose()).unwrap();
    temporary.settings().version().await.unwrap();
    client.api_keys().delete(&created.id).await.unwrap();
    assert!(matches!(
        temporary.settings().version().await.unwrap_err(),
        Error::Unauthorized(_)
    ));
    let again = client.api_keys().delete(&created.id).await.unwrap_err();
    assert!(again.is_not_found());
    assert_eq!(again.api().unwrap().message, "API key not found");
    assert_eq!(client.api_keys().all().await.unwrap().len(), 1);
}

async fn key_options_are_sent_and_refused_before_sending_when_dokploy_would_refuse_them(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let mut new = NewApiKey::new("expiring");
    new.prefix = Some("ci_".into());
    new.expires_in = Some(Duration::from_secs(7 * 86_400));
    let created = client.api_keys().create(new).await.unwrap();
    assert!(created.key.expose().starts_with("ci_"));
    assert_eq!(created.prefix.as_deref(), Some("ci_"));
    assert!(created.expires_at.is_some());
    let listed = client.api_keys().all().await.unwrap();
    assert_eq!(listed[0].expires_at, created.expires_at);

    let before = fake.requests().len();
    let refusals = [
        {
            let mut n = NewApiKey::new("too-short");
            n.expires_in = Some(Duration::from_secs(3600));
            n
        },
        {
            let mut n = NewApiKey::new("fractional");
            n.expires_in = Some(Duration::from_millis(86_400_500));
            n
        },
        {
            let mut n = NewApiKey::new("never-usable");
            n.rate_limit = Some(RateLimit::verifications(0, Duration::from_secs(60)));
            n
        },
    ];
    for new in refusals {
        let name = new.name.clone();
        let error = client.api_keys().create(new).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{name}: {error}");
    }
    assert_eq!(fake.requests().len(), before, "nothing was sent");

    // Another organization's key is Dokploy's 403.
    let mut foreign = NewApiKey::new("elsewhere");
    foreign.organization_id = Some("another-organization".into());
    let error = client.api_keys().create(foreign).await.unwrap_err();
    assert_eq!(error.code(), Some("FORBIDDEN"), "{error}");
}

async fn the_caller_is_the_owner_of_its_organization_with_every_permission(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (project_id, env_id) = common::project(&client, "shop").await;
    let me = client.users().current().await.unwrap();
    assert_eq!(me.role, MemberRole::Owner);
    assert_eq!(me.accessed_projects, [project_id]);
    assert_eq!(me.accessed_environments, [env_id]);
    assert_eq!(me.user.api_keys.len(), 1);
    let session = client.users().session().await.unwrap();
    assert_eq!(session.user.id, me.user_id);
    assert_eq!(
        session.session.active_organization_id.as_deref(),
        Some(me.organization_id.as_str())
    );
    let permissions = client.users().permissions().await.unwrap();
    assert!(permissions.allows("server", "delete"));
}

crate::on_both_transports!(
    a_missing_traefik_file_is_none_not_an_error,
    a_path_outside_the_traefik_directory_is_a_validation_error_naming_the_path,
    an_application_domain_writes_its_traefik_file_and_removing_it_removes_the_file,
    traefik_files_of_a_remote_server_are_read_on_that_server,
    reads_that_need_docker_return_dokploys_error,
    docker_cleanup_toggled_on_is_read_back_on,
    builds_concurrency_is_read_back_and_kept_between_1_and_100,
    an_api_key_created_by_default_has_no_rate_limit_and_works_for_more_than_5_calls,
    a_rate_limited_key_stops_after_5_calls_with_the_rate_limit_explanation,
    the_new_key_is_shown_once_and_never_in_debug,
    a_deleted_key_is_refused_and_deleting_it_again_is_not_found,
    key_options_are_sent_and_refused_before_sending_when_dokploy_would_refuse_them,
    the_caller_is_the_owner_of_its_organization_with_every_permission,
);
