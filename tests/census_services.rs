//! Compose stacks, libsql, domains and database updates as the census of a real Dokploy v0.30.2
//! recorded them (`tests/fixtures/live` 190–216, 240–251, 255–266, 270–304): every success body
//! decodes into the typed models, and the typed layer behaves right where Dokploy's answers are
//! surprising, through the public API against the embedded fake.

mod common;

use dokploy::Transport;
use std::time::Duration;

use dokploy::fake::{DeployOutcome, DockerEngine, FakeDokploy};
use dokploy::models::{
    Compose, ComposeSourceType, Database, DatabaseKind, DatabaseRef, Deployment, DeploymentStatus,
    Domain, Environment, ServiceStatus, SqldNode,
};
use dokploy::resources::{DatabaseUpdate, NewCompose, NewDatabase, NewDomain, Volumes};
use dokploy::{Body, Error, WaitOptions};
use reqwest::StatusCode;

use common::{Recording, fake_with, fast_fake, recording, recording_names};

/// The census files of this group.
fn in_group(name: &str) -> bool {
    let number: u32 = name
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    matches!(number, 190..=216 | 240..=251 | 255..=266 | 270..=304)
}

fn body(rec: &Recording) -> Body {
    Body::from_bytes(StatusCode::OK, rec.body.clone())
}

fn decode<T: serde::de::DeserializeOwned>(name: &str, rec: &Recording) -> T {
    body(rec)
        .decode()
        .unwrap_or_else(|e| panic!("recording {name}: {e}"))
}

/// Decodes one success recording as the typed method reading that procedure does, and checks a
/// few values the models name.
fn decode_success(name: &str, rec: &Recording) {
    let procedure = rec
        .path
        .trim_start_matches("/api/")
        .split('?')
        .next()
        .unwrap_or_default();
    match procedure {
        // An unknown id: Dokploy's 200 with no body (the typed update reads back, see below).
        "compose.update" if rec.body.is_empty() => assert!(name.starts_with("194-")),
        "compose.create" | "compose.one" | "compose.update" | "compose.delete" => {
            let stack: Compose = decode(name, rec);
            assert_eq!(stack.name, "census-compose", "{name}");
            assert_eq!(stack.source_type, Some(ComposeSourceType::Raw), "{name}");
            assert!(stack.extra.get("refreshToken").is_some(), "{name}");
            assert!(
                !format!("{stack:?}").contains("vDELKfVFZo8o9XuVfXRTm"),
                "{name}: the refresh token is a secret"
            );
        }
        "compose.loadServices" => {
            let services: Vec<String> = decode(name, rec);
            assert_eq!(services, ["web", "cache", "worker"], "{name}");
        }
        "compose.getConvertedCompose" | "compose.getDefaultCommand" | "deployment.readLogs" => {
            let text: String = decode(name, rec);
            assert!(!text.is_empty(), "{name}");
        }
        "compose.deploy" | "libsql.create" | "libsql.update" | "postgres.update"
        | "mysql.update" | "mariadb.update" | "mongo.update" | "redis.update" => {
            body(rec)
                .expect_done()
                .unwrap_or_else(|e| panic!("recording {name}: {e}"));
        }
        "deployment.allByCompose" | "deployment.allByType" => {
            let rows: Vec<Deployment> = decode(name, rec);
            for row in &rows {
                assert_eq!(row.status, DeploymentStatus::Error, "{name}");
                assert_eq!(row.error_message, None, "{name}: the reason is in the log");
            }
        }
        "environment.one" => {
            let env: Environment = decode(name, rec);
            let libsql = &env.libsql[0];
            assert_eq!(libsql.reference.kind, DatabaseKind::Libsql);
            assert_eq!(libsql.name.as_deref(), Some("census-libsql"));
            assert_eq!(libsql.description.as_deref(), Some("census libsql"));
            assert_eq!(libsql.app_name, None, "environment.one lists no appName");
            assert_eq!(libsql.application_status, Some(ServiceStatus::Idle));
        }
        "domain.create" | "domain.one" | "domain.update" | "domain.delete" => {
            let domain: Domain = decode(name, rec);
            assert!(domain.host.starts_with("census-"), "{name}");
        }
        "domain.byComposeId" | "domain.byApplicationId" => {
            let domains: Vec<Domain> = decode(name, rec);
            let owner = domains[0].service.as_ref().expect("the owning service");
            assert!(
                owner.name.as_deref().unwrap().starts_with("census-"),
                "{name}"
            );
        }
        p if p.ends_with(".one") || p.ends_with(".create") || p.ends_with(".remove") => {
            let db: Database = decode(name, rec);
            assert!(db.name.starts_with("census-"), "{name}");
            let password = db.database_password.as_ref().expect("a password");
            assert!(
                !format!("{db:?}").contains(password.expose()),
                "{name}: the password is a secret"
            );
        }
        other => panic!("{name}: no typed decoding for {other}"),
    }
}

#[test]
fn every_success_recording_of_the_group_decodes_into_the_typed_models() {
    let names: Vec<String> = recording_names()
        .into_iter()
        .filter(|n| in_group(n))
        .collect();
    assert_eq!(names.len(), 27 + 12 + 12 + 35, "the group's recordings");
    let mut decoded = 0;
    for name in &names {
        let rec = recording(name);
        if (200..300).contains(&rec.status) {
            decode_success(name, &rec);
            decoded += 1;
        }
    }
    assert_eq!(decoded, 52);
}

#[test]
fn the_recorded_values_land_in_the_named_fields() {
    let stack: Compose = decode("209", &recording("209-"));
    assert_eq!(stack.compose_status, Some(ServiceStatus::Error));
    assert_eq!(stack.deployments.len(), 1);
    assert_eq!(stack.compose_path.as_deref(), Some("./docker-compose.yml"));
    assert_eq!(stack.command.as_ref().map(|c| c.expose()), Some(""));
    let env = stack
        .environment
        .expect("compose.one nests the environment");
    assert_eq!(env.project.expect("and the project").name, "census-project");

    // libsql.update without `dockerImage` reset it to the default (243 → 244).
    let before: Database = decode("242", &recording("242-"));
    let after: Database = decode("244", &recording("244-"));
    assert_eq!(
        before.docker_image.as_deref(),
        Some("ghcr.io/tursodatabase/libsql-server:latest")
    );
    assert_eq!(
        after.docker_image.as_deref(),
        Some(dokploy::resources::LIBSQL_DEFAULT_IMAGE)
    );
    assert_eq!(after.memory_limit.as_deref(), Some("268435456"));
    assert_eq!(after.sqld_node, Some(SqldNode::Primary));
    assert_eq!(after.enable_namespaces, Some(false));
    assert_eq!(after.replicas, Some(1));

    let mongo: Database = decode("286", &recording("286-"));
    assert_eq!(mongo.replica_sets, Some(false));
    assert_eq!(mongo.external_port, None);

    let domain: Domain = decode("256", &recording("256-"));
    let app = domain.service.expect("domain.one nests the application");
    assert_eq!(app.name.as_deref(), Some("census-app"));
    let listed: Vec<Domain> = decode("263", &recording("263-"));
    assert_eq!(listed[0].service_name.as_deref(), Some("web"));
}

// ---------------------------------------------------------------------------------------------
// Workflows against the fake.

/// Polls often, for the fake's short deploys.
fn fast_waits() -> WaitOptions {
    WaitOptions {
        poll_interval: Duration::from_millis(20),
        ..WaitOptions::default()
    }
}

/// A fake, its client, and the default environment of a new project.
async fn census(transport: Transport) -> (FakeDokploy, dokploy::Client, String) {
    census_on(fast_fake().await, transport).await
}

async fn census_on(
    fake: FakeDokploy,
    transport: Transport,
) -> (FakeDokploy, dokploy::Client, String) {
    let client = fake.client_on(transport);
    let env_id = client
        .projects()
        .create("census", None)
        .await
        .expect("project.create")
        .environment
        .environment_id;
    (fake, client, env_id)
}

const YAML: &str = "services:\n  web:\n    image: nginx:alpine\n  cache:\n    image: redis:7\n";

async fn stack(client: &dokploy::Client, env_id: &str) -> Compose {
    client
        .compose()
        .create(NewCompose::from_yaml(env_id, "site", YAML))
        .await
        .expect("compose.create")
}

fn requests_to(fake: &FakeDokploy, procedure: &str) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.procedure() == procedure)
        .count()
}

/// A database of `kind` with what that kind needs.
fn new_database(kind: DatabaseKind, env_id: &str) -> NewDatabase {
    let name = format!("census-{kind}");
    match kind {
        DatabaseKind::Postgres => NewDatabase::postgres(env_id, name, "census", "census"),
        DatabaseKind::Mysql => NewDatabase::mysql(env_id, name, "census", "census"),
        DatabaseKind::Mariadb => NewDatabase::mariadb(env_id, name, "census", "census"),
        DatabaseKind::Mongo => NewDatabase::mongo(env_id, name, "census"),
        DatabaseKind::Libsql => NewDatabase::libsql(env_id, name, "census"),
        DatabaseKind::Redis => NewDatabase::redis(env_id, name),
    }
}

/// Creates a database of `kind` in the environment.
async fn database(client: &dokploy::Client, kind: DatabaseKind, env_id: &str) -> Database {
    client
        .databases()
        .create(new_database(kind, env_id))
        .await
        .unwrap_or_else(|e| panic!("{kind}.create: {e}"))
}

async fn updating_an_unknown_compose_stack_is_not_found_although_dokploy_answers_200(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let raw = client
        .call("compose.update")
        .arg("composeId", "does-not-exist")
        .arg("description", "x")
        .send();
    let answer = dokploy::ResponseExt::body(raw).await.unwrap();
    assert!(answer.is_empty(), "Dokploy's answer: 200 with no body");

    let e = client
        .compose()
        .update("does-not-exist", |b| b.description("x".to_string()))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.api().unwrap().message, "Compose not found");
    assert_eq!(
        requests_to(&fake, "compose.update"),
        2,
        "the update is sent once per call"
    );
}

async fn updating_an_existing_stack_returns_the_row_without_reading_it_back(transport: Transport) {
    let (fake, client, env_id) = census(transport).await;
    let stack = stack(&client, &env_id).await;
    let updated = client
        .compose()
        .update(&stack.compose_id, |b| b.env("CENSUS=1".to_string()))
        .await
        .unwrap();
    assert_eq!(updated.env.unwrap().expose(), "CENSUS=1");
    assert_eq!(requests_to(&fake, "compose.one"), 0);
}

async fn updating_an_unknown_database_is_not_found_although_dokploy_answers_a_generic_400(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    for kind in DatabaseKind::ALL {
        let gone = DatabaseRef::new(kind, "does-not-exist");
        let raw = client
            .call(&kind.procedure("update"))
            .arg(kind.id_field(), "does-not-exist")
            .arg("description", "x")
            .send();
        let generic = dokploy::ResponseExt::body(raw).await.unwrap_err();
        assert_eq!(generic.status(), Some(StatusCode::BAD_REQUEST), "{kind}");
        assert!(!generic.is_not_found(), "{kind}: {generic}");

        let e = client
            .databases()
            .update(&gone, DatabaseUpdate::new().description("x"))
            .await
            .unwrap_err();
        assert!(e.is_not_found(), "{kind}: {e}");
    }
    // The typed update checked first and never sent the update of an unknown id.
    let typed_updates = fake
        .requests()
        .iter()
        .filter(|r| r.procedure().ends_with(".update"))
        .count();
    assert_eq!(typed_updates, 6, "only the six raw calls reached update");
    let e = client
        .databases()
        .update(
            &DatabaseRef::new(DatabaseKind::Mysql, "does-not-exist"),
            DatabaseUpdate::new().description("x"),
        )
        .await
        .unwrap_err();
    assert_eq!(e.api().unwrap().message, "MySql not found");
}

async fn every_database_kind_is_updated_the_same_way_and_read_back(transport: Transport) {
    let (_fake, client, env_id) = census(transport).await;
    for kind in DatabaseKind::ALL {
        let db = database(&client, kind, &env_id).await;
        let change = DatabaseUpdate::new()
            .description("census updated")
            .env("CENSUS=1")
            .memory_limit("268435456")
            .publish(15000)
            .replicas(2);
        let updated = client
            .databases()
            .update(&db.reference, change)
            .await
            .unwrap();
        assert_eq!(
            updated.description.as_deref(),
            Some("census updated"),
            "{kind}"
        );
        assert_eq!(updated.env.as_ref().unwrap().expose(), "CENSUS=1", "{kind}");
        assert_eq!(updated.memory_limit.as_deref(), Some("268435456"), "{kind}");
        assert_eq!(updated.external_port, Some(15000), "{kind}");
        assert_eq!(updated.replicas, Some(2), "{kind}");

        let unpublished = client
            .databases()
            .update(&db.reference, DatabaseUpdate::new().unpublish())
            .await
            .unwrap();
        assert_eq!(unpublished.external_port, None, "{kind}");
        assert_eq!(
            unpublished.memory_limit.as_deref(),
            Some("268435456"),
            "{kind}"
        );
    }
}

async fn updating_a_libsql_database_keeps_its_image_although_dokploy_would_reset_it(
    transport: Transport,
) {
    let (_fake, client, env_id) = census(transport).await;
    let latest = "ghcr.io/tursodatabase/libsql-server:latest";
    let new = new_database(DatabaseKind::Libsql, &env_id).image(latest);
    let db = client.databases().create(new).await.unwrap();
    assert_eq!(db.docker_image.as_deref(), Some(latest));

    let updated = client
        .databases()
        .update(&db.reference, DatabaseUpdate::new().description("edge"))
        .await
        .unwrap();
    assert_eq!(updated.docker_image.as_deref(), Some(latest));
    assert_eq!(updated.description.as_deref(), Some("edge"));

    // What Dokploy itself does with an update that leaves the image out (243 → 244).
    let raw = client
        .call("libsql.update")
        .arg("libsqlId", db.id())
        .arg("description", "raw")
        .send();
    dokploy::ResponseExt::body(raw).await.unwrap();
    let reset = client.databases().one(&db.reference).await.unwrap();
    assert_eq!(
        reset.docker_image.as_deref(),
        Some(dokploy::resources::LIBSQL_DEFAULT_IMAGE)
    );
}

async fn a_setting_the_kind_lacks_or_an_empty_update_sends_nothing(transport: Transport) {
    let (fake, client, env_id) = census(transport).await;
    let db = database(&client, DatabaseKind::Postgres, &env_id).await;
    let mut change = DatabaseUpdate::new();
    change.replica_sets = Some(true);
    let e = client
        .databases()
        .update(&db.reference, change)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(e.to_string().contains("mongo"), "{e}");

    let same = client
        .databases()
        .update(&db.reference, DatabaseUpdate::new())
        .await
        .unwrap();
    assert_eq!(same.name, db.name);
    assert_eq!(requests_to(&fake, "postgres.update"), 0);
}

async fn deleting_a_compose_stack_with_its_volumes_removes_its_deployments(transport: Transport) {
    let (_fake, client, env_id) = census(transport).await;
    let stack = stack(&client, &env_id).await;
    let outcome = client
        .deploy_compose(&stack.compose_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded());
    let deployment_id = outcome.deployment.deployment_id.clone();

    let deleted = client
        .compose()
        .delete(&stack.compose_id, Volumes::Delete)
        .await
        .unwrap();
    assert_eq!(
        deleted.deployments.len(),
        1,
        "the row as it was, deployments included"
    );
    assert!(
        client
            .deployments()
            .all_by_compose(&stack.compose_id)
            .await
            .unwrap()
            .is_empty()
    );
    let e = client
        .deployments()
        .read_logs(&deployment_id, None)
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = client.compose().one(&stack.compose_id).await.unwrap_err();
    assert!(e.is_not_found());
    let e = client
        .compose()
        .delete(&stack.compose_id, Volumes::Delete)
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "deleting again: {e}");
}

async fn a_deploy_queues_and_its_failed_row_carries_the_log_not_an_error_message(
    transport: Transport,
) {
    let log = "unknown shorthand flag: 'p' in -p\nError: ❌ Docker command failed";
    let fake = fake_with(10, 30, DeployOutcome::Error { log: log.into() }).await;
    let (_fake, client, env_id) = census_on(fake, transport).await;
    let stack = stack(&client, &env_id).await;
    let outcome = client
        .deploy_compose(&stack.compose_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert_eq!(outcome.deployment.status, DeploymentStatus::Error);
    assert_eq!(outcome.deployment.error_message, None);
    let tail = client
        .deployments()
        .read_logs(&outcome.deployment.deployment_id, Some(1))
        .await
        .unwrap();
    assert_eq!(tail, "Error: ❌ Docker command failed");
    let stack = client.compose().one(&stack.compose_id).await.unwrap();
    assert_eq!(stack.compose_status, Some(ServiceStatus::Error));
}

async fn without_docker_compose_stop_and_start_fail_with_500_and_set_the_status_like_dokploy(
    transport: Transport,
) {
    let (fake, client, env_id) = census(transport).await;
    let stack = stack(&client, &env_id).await;
    fake.set_docker_engine(DockerEngine::Unreachable);
    let app_name = stack.app_name.clone().unwrap();

    let e = client.compose().stop(&stack.compose_id).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(e.code(), Some("INTERNAL_SERVER_ERROR"));
    let message = &e.api().unwrap().message;
    assert!(
        message.starts_with(&format!(
            "Command execution failed: Command failed: env -i PATH=\"$PATH\" docker compose -p {app_name} stop\n"
        )),
        "{message}"
    );
    let status = |s: Compose| s.compose_status;
    let now = client.compose().one(&stack.compose_id).await.unwrap();
    assert_eq!(status(now), Some(ServiceStatus::Error));

    let e = client.compose().start(&stack.compose_id).await.unwrap_err();
    assert!(e.to_string().contains("up -d"), "{e}");
    let now = client.compose().one(&stack.compose_id).await.unwrap();
    assert_eq!(status(now), Some(ServiceStatus::Idle));

    fake.set_docker_engine(DockerEngine::Running);
    client.compose().start(&stack.compose_id).await.unwrap();
    let now = client.compose().one(&stack.compose_id).await.unwrap();
    assert_eq!(status(now), Some(ServiceStatus::Done));
}

async fn a_libsql_deploy_without_docker_fails_at_once_and_leaves_the_database_in_error(
    transport: Transport,
) {
    let (fake, client, env_id) = census(transport).await;
    let db = database(&client, DatabaseKind::Libsql, &env_id).await;
    fake.set_docker_engine(DockerEngine::Unreachable);
    let e = client.databases().deploy(&db.reference).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(
        e.api()
            .unwrap()
            .message
            .starts_with("Error on deploy libsqlError: Cannot connect to the Docker daemon"),
        "{e}"
    );
    let db = client.databases().one(&db.reference).await.unwrap();
    assert_eq!(db.application_status, Some(ServiceStatus::Error));
    assert!(
        client
            .deployments()
            .all_by_type(db.id(), dokploy::models::DeploymentTarget::Application)
            .await
            .unwrap()
            .is_empty(),
        "a database deploy writes no deployment row"
    );
}

async fn services_are_cached_and_the_converted_file_exists_only_after_a_fetch(
    transport: Transport,
) {
    let (_fake, client, env_id) = census(transport).await;
    let stack = stack(&client, &env_id).await;
    let compose = client.compose();
    let e = compose
        .load_services_cached(&stack.compose_id)
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.api().unwrap().message, "Services not found");
    assert_eq!(
        compose.converted_file(&stack.compose_id).await.unwrap(),
        None
    );

    assert_eq!(
        compose.load_services(&stack.compose_id).await.unwrap(),
        ["web", "cache"]
    );
    assert_eq!(
        compose
            .load_services_cached(&stack.compose_id)
            .await
            .unwrap(),
        ["web", "cache"]
    );
    assert_eq!(
        compose
            .converted_file(&stack.compose_id)
            .await
            .unwrap()
            .as_deref(),
        Some(YAML)
    );
}

async fn the_default_command_follows_the_stack_type_and_its_own_command(transport: Transport) {
    let (_fake, client, env_id) = census(transport).await;
    let mut new = NewCompose::from_yaml(&env_id, "swarm", YAML);
    new.compose_type = Some(dokploy::models::ComposeType::Stack);
    let swarm = client.compose().create(new).await.unwrap();
    let app_name = swarm.app_name.clone().unwrap();
    assert_eq!(
        client
            .compose()
            .default_command(&swarm.compose_id)
            .await
            .unwrap(),
        format!("docker stack deploy -c docker-compose.yml {app_name} --prune")
    );
    client
        .compose()
        .update(&swarm.compose_id, |b| {
            b.command(format!("  stack deploy -c \"custom.yml\" {app_name}  "))
        })
        .await
        .unwrap();
    assert_eq!(
        client
            .compose()
            .default_command(&swarm.compose_id)
            .await
            .unwrap(),
        format!("docker stack deploy -c custom.yml {app_name}")
    );
}

async fn domains_of_an_unknown_id_are_not_found_and_listings_name_their_service(
    transport: Transport,
) {
    let (_fake, client, env_id) = census(transport).await;
    let app = client
        .applications()
        .create(&env_id, "census-app")
        .await
        .unwrap();
    let stack = stack(&client, &env_id).await;
    let domains = client.domains();

    let on_app = domains
        .create(NewDomain::application(
            &app.application_id,
            "census-app.example.invalid",
            8080,
        ))
        .await
        .unwrap();
    let on_stack = domains
        .create(NewDomain::compose(
            &stack.compose_id,
            "web",
            "census-compose.example.invalid",
            80,
        ))
        .await
        .unwrap();

    let one = domains.one(&on_app.domain_id).await.unwrap();
    assert_eq!(one.service.unwrap().name.as_deref(), Some("census-app"));
    let one = domains.one(&on_stack.domain_id).await.unwrap();
    assert_eq!(one.service, None, "domain.one nests only an application");
    let listed = domains.by_compose(&stack.compose_id).await.unwrap();
    assert_eq!(
        listed[0].service.as_ref().unwrap().name.as_deref(),
        Some("site")
    );

    let updated = domains
        .update(&on_app.domain_id, "census-app-2.example.invalid", |b| {
            b.path("/api".to_string()).port(3000.0)
        })
        .await
        .unwrap();
    assert_eq!(
        (updated.path.as_deref(), updated.port),
        (Some("/api"), Some(3000))
    );

    for e in [
        domains.one("does-not-exist").await.unwrap_err(),
        domains
            .update("does-not-exist", "x.example.invalid", |b| b)
            .await
            .unwrap_err(),
        domains.delete("does-not-exist").await.unwrap_err(),
    ] {
        assert!(e.is_not_found(), "{e}");
        assert_eq!(e.api().unwrap().message, "Domain not found");
    }
    let deleted = domains.delete(&on_stack.domain_id).await.unwrap();
    assert_eq!(deleted.service_name.as_deref(), Some("web"));
    assert!(
        domains
            .by_compose(&stack.compose_id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn removing_a_database_returns_it_and_an_unknown_one_is_not_found(transport: Transport) {
    let (_fake, client, env_id) = census(transport).await;
    for kind in DatabaseKind::ALL {
        let db = database(&client, kind, &env_id).await;
        let removed = client.databases().remove(&db.reference).await.unwrap();
        assert_eq!(removed.reference, db.reference);
        for e in [
            client.databases().one(&db.reference).await.unwrap_err(),
            client.databases().remove(&db.reference).await.unwrap_err(),
        ] {
            assert!(e.is_not_found(), "{kind}: {e}");
        }
    }
}

async fn two_libsql_databases_of_the_same_name_are_each_found_by_their_create(
    transport: Transport,
) {
    let (fake, client, env_id) = census(transport).await;
    let mut created = Vec::new();
    for description in ["first", "second"] {
        let new = new_database(DatabaseKind::Libsql, &env_id).description(description);
        created.push(client.databases().create(new).await.unwrap());
    }
    let (first, second) = (&created[0], &created[1]);
    assert_ne!(first.reference, second.reference);
    assert_eq!(second.description.as_deref(), Some("second"));
    assert_eq!(
        requests_to(&fake, "libsql.create"),
        2,
        "each create sent once"
    );
}

crate::on_both_transports!(
    updating_an_existing_stack_returns_the_row_without_reading_it_back,
    every_database_kind_is_updated_the_same_way_and_read_back,
    updating_a_libsql_database_keeps_its_image_although_dokploy_would_reset_it,
    a_setting_the_kind_lacks_or_an_empty_update_sends_nothing,
    deleting_a_compose_stack_with_its_volumes_removes_its_deployments,
    a_deploy_queues_and_its_failed_row_carries_the_log_not_an_error_message,
    without_docker_compose_stop_and_start_fail_with_500_and_set_the_status_like_dokploy,
    a_libsql_deploy_without_docker_fails_at_once_and_leaves_the_database_in_error,
    services_are_cached_and_the_converted_file_exists_only_after_a_fetch,
    the_default_command_follows_the_stack_type_and_its_own_command,
    domains_of_an_unknown_id_are_not_found_and_listings_name_their_service,
    removing_a_database_returns_it_and_an_unknown_one_is_not_found,
    two_libsql_databases_of_the_same_name_are_each_found_by_their_create,
    updating_an_unknown_compose_stack_is_not_found_although_dokploy_answers_200,
    updating_an_unknown_database_is_not_found_although_dokploy_answers_a_generic_400,
);
