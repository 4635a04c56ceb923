//! The seed guide's workflows, end to end through the public API, against the embedded fake
//! Dokploy (which answers like the real one: see `tests/fake_*.rs`).

mod common;

use dokploy::Transport;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dokploy::fake::{DeployOutcome as FakeOutcome, FakeDokploy, FakeOptions};
use dokploy::models::{
    DatabaseKind, DatabaseSetting, DeploymentStatus, DeploymentTarget, ServiceStatus,
};
use dokploy::resources::{
    BuildSettings, DockerImage, EnvironmentSettings, NewCompose, NewDatabase, NewDomain, Volumes,
};
use dokploy::{DeployError, DeployEvent, EnvTarget, Error, WaitOptions};
use serde_json::Value;

fn fast_waits() -> WaitOptions {
    WaitOptions {
        poll_interval: Duration::from_millis(20),
        max_poll_interval: Duration::from_millis(100),
        ..WaitOptions::default()
    }
}

async fn fake() -> FakeDokploy {
    FakeDokploy::start_with(FakeOptions {
        queue_delay: Duration::from_millis(100),
        build_duration: Duration::from_millis(200),
        ..FakeOptions::default()
    })
    .await
    .expect("the fake starts")
}

/// A project `shop` with an application `web` in its default environment.
async fn new_app(
    client: &dokploy::Client,
) -> (dokploy::models::Environment, dokploy::models::Application) {
    let env = client
        .projects()
        .create("shop", None)
        .await
        .expect("project.create")
        .environment;
    let app = client
        .applications()
        .create(&env.environment_id, "web")
        .await
        .expect("application.create");
    (env, app)
}

fn last_body(fake: &FakeDokploy, path_suffix: &str) -> Value {
    let request = fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with(path_suffix))
        .unwrap_or_else(|| panic!("no request to {path_suffix}"));
    request.input().expect("a JSON body")
}

async fn listing_projects_shows_environments_and_their_services(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let created = client
        .projects()
        .create("shop", Some("the shop"))
        .await
        .unwrap();
    let env_id = &created.environment.environment_id;
    client.applications().create(env_id, "web").await.unwrap();
    client
        .databases()
        .create(NewDatabase::postgres(env_id, "orders", "orders", "app"))
        .await
        .unwrap();

    let projects = client.projects().all().await.unwrap();
    assert_eq!(projects.len(), 1);
    let env = projects[0].default_environment().unwrap();
    assert_eq!(env.name, "production");
    assert_eq!(env.applications[0].name, "web");
    assert_eq!(env.postgres.len(), 1);
    assert_eq!(env.service_count(), 2);
}

async fn creating_a_project_gives_its_default_environment_and_lookups_find_it(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let created = client.projects().create("shop", None).await.unwrap();
    assert_eq!(created.environment.name, "production");
    assert!(created.environment.is_default);
    let project_id = &created.project.project_id;

    let default = client.environments().default_of(project_id).await.unwrap();
    assert_eq!(default.environment_id, created.environment.environment_id);
    let staging = client
        .environments()
        .create(project_id, "staging", None)
        .await
        .unwrap();
    let named = client
        .environments()
        .named(project_id, "staging")
        .await
        .unwrap();
    assert_eq!(named.environment_id, staging.environment_id);
    let found = client
        .environments()
        .find("shop", Some("staging"))
        .await
        .unwrap();
    assert_eq!(found.environment_id, staging.environment_id);
    let found_default = client.environments().find("shop", None).await.unwrap();
    assert!(found_default.is_default);
    assert_eq!(
        client.projects().by_name("shop").await.unwrap().project_id,
        *project_id
    );
}

async fn lookups_that_find_nothing_or_too_much_list_what_exists(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let first = client.projects().create("shop", None).await.unwrap();
    client.projects().create("blog", None).await.unwrap();

    let missing = client.projects().by_name("wiki").await.unwrap_err();
    assert!(missing.is_not_found());
    let text = missing.to_string();
    assert!(
        text.contains("\"wiki\"") && text.contains("shop") && text.contains("blog"),
        "{text}"
    );

    let no_env = client
        .environments()
        .named(&first.project.project_id, "qa")
        .await
        .unwrap_err();
    assert!(no_env.to_string().contains("production"), "{no_env}");

    client.projects().create("shop", None).await.unwrap();
    let twice = client.projects().by_name("shop").await.unwrap_err();
    assert!(matches!(twice, Error::Lookup(_)), "{twice:?}");
    let text = twice.to_string();
    assert!(text.starts_with("2 projects match"), "{text}");
    assert!(text.contains(&first.project.project_id), "{text}");
}

async fn an_application_gets_env_vars_an_image_and_deploys_with_progress(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (env, app) = new_app(&client).await;
    let id = &app.application_id;

    // Dokploy fails a deploy whose references are undefined: define the project's first.
    client
        .env_vars(EnvTarget::Project(env.project_id.clone().unwrap()))
        .set("DATABASE_URL", "postgres://db:5432/shop")
        .await
        .unwrap();
    client
        .env_vars(EnvTarget::Application(id.clone()))
        .update(|vars| {
            vars.set("NODE_ENV", "production")?;
            vars.set("DATABASE_URL", "${{project.DATABASE_URL}}")
        })
        .await
        .unwrap();
    client
        .applications()
        .save_docker_provider(id, DockerImage::public("nginx:1.27-alpine"))
        .await
        .unwrap();
    let configured = client.applications().one(id).await.unwrap();
    assert_eq!(
        configured.docker_image.as_deref(),
        Some("nginx:1.27-alpine")
    );
    assert_eq!(
        configured.source_type.as_ref().map(|s| s.as_str()),
        Some("docker")
    );

    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let outcome = client
        .deploy_application(id)
        .options(fast_waits())
        .on_progress(move |e| seen.lock().unwrap().push(e.clone()))
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded(), "{outcome:?}");
    assert_eq!(outcome.status(), &DeploymentStatus::Done);
    assert!(outcome.log_tail.is_none());

    let events = events.lock().unwrap().clone();
    assert!(matches!(
        events.first(),
        Some(DeployEvent::Triggered { .. })
    ));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, DeployEvent::Queued { .. })),
        "the row appears only when the job starts"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, DeployEvent::Started { .. }))
    );
    assert!(matches!(events.last(), Some(DeployEvent::Finished { .. })));

    let after = client.applications().one(id).await.unwrap();
    assert_eq!(after.application_status, Some(ServiceStatus::Done));
    let history = client.deployments().all(id).await.unwrap();
    assert_eq!(history[0].deployment_id, outcome.deployment.deployment_id);
}

async fn a_second_deploy_follows_its_own_new_row_not_the_previous_done_one(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let first = client
        .deploy_application(&app.application_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    fake.set_deploy_outcome(FakeOutcome::Error {
        log: "Error: build failed".into(),
    });
    let second = client
        .deploy_application(&app.application_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert_ne!(
        first.deployment.deployment_id,
        second.deployment.deployment_id
    );
    assert_eq!(second.status(), &DeploymentStatus::Error);
}

async fn a_failed_build_carries_the_log_tail(transport: Transport) {
    let fake = fake().await;
    fake.set_deploy_outcome(FakeOutcome::Error {
        log: "Error: Cannot connect to the Docker daemon".into(),
    });
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let outcome = client
        .deploy_application(&app.application_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert!(!outcome.succeeded());
    assert_eq!(outcome.status(), &DeploymentStatus::Error);
    let logs = outcome.log_tail.clone().unwrap();
    assert!(
        logs.contains("Cannot connect to the Docker daemon"),
        "{logs}"
    );
    let err = outcome.into_result().unwrap_err();
    assert!(matches!(&err, Error::Deploy(d) if matches!(**d, DeployError::Failed { .. })));
    assert!(
        err.to_string()
            .contains("Cannot connect to the Docker daemon"),
        "{err}"
    );
}

async fn a_job_that_never_starts_is_reported_as_never_started(transport: Transport) {
    let fake = fake().await;
    fake.set_deploy_outcome(FakeOutcome::NeverStarts);
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let err = client
        .deploy_application(&app.application_id)
        .options(WaitOptions {
            start_timeout: Duration::from_millis(500),
            ..fast_waits()
        })
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Deploy(d) if matches!(**d, DeployError::NeverStarted { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("never started"), "{err}");
}

async fn a_deployment_stuck_running_is_reported_as_stalled(transport: Transport) {
    let fake = fake().await;
    fake.set_deploy_outcome(FakeOutcome::StaysRunning);
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let err = client
        .deploy_application(&app.application_id)
        .options(WaitOptions {
            running_timeout: Duration::from_millis(400),
            ..fast_waits()
        })
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Deploy(d) if matches!(**d, DeployError::Stalled { .. })),
        "{err:?}"
    );
}

async fn the_overall_timeout_is_its_own_error(transport: Transport) {
    let fake = fake().await;
    fake.set_deploy_outcome(FakeOutcome::StaysRunning);
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let err = client
        .deploy_application(&app.application_id)
        .options(fast_waits())
        .timeout(Duration::from_millis(600))
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Deploy(d) if matches!(**d, DeployError::TimedOut { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("gave up waiting"), "{err}");
}

async fn env_var_changes_keep_build_args_and_secrets_as_they_were(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let id = &app.application_id;
    client
        .applications()
        .save_environment(
            id,
            EnvironmentSettings {
                env: Some("# app\nA=1\nB=2\n".into()),
                build_args: Some("NPM_TOKEN=abc".into()),
                build_secrets: Some("SECRET=s".into()),
                create_env_file: Some(true),
            },
        )
        .await
        .unwrap();

    let vars = client.env_vars(EnvTarget::Application(id.clone()));
    let after = vars.set("C", "three words").await.unwrap();
    assert_eq!(after.render(), "# app\nA=1\nB=2\nC=three words\n");
    vars.unset("A").await.unwrap();

    let sent = last_body(&fake, "/application.saveEnvironment");
    assert_eq!(sent["env"], "# app\nB=2\nC=three words\n");
    assert_eq!(sent["buildArgs"], "NPM_TOKEN=abc");
    assert_eq!(sent["buildSecrets"], "SECRET=s");
    assert_eq!(sent["createEnvFile"], true);

    let stored = client.applications().one(id).await.unwrap();
    assert_eq!(stored.build_args.unwrap().expose(), "NPM_TOKEN=abc");
    assert_eq!(
        vars.get().await.unwrap().get("C").as_deref(),
        Some("three words")
    );

    // save_environment with only `env` keeps the rest too.
    client
        .applications()
        .save_environment(id, EnvironmentSettings::env("ONLY=1"))
        .await
        .unwrap();
    let sent = last_body(&fake, "/application.saveEnvironment");
    assert_eq!(sent["buildArgs"], "NPM_TOKEN=abc");
    assert_eq!(sent["buildSecrets"], "SECRET=s");
}

async fn env_vars_work_on_compose_databases_projects_and_environments(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let created = client.projects().create("shop", None).await.unwrap();
    let env_id = created.environment.environment_id.clone();
    let stack = client
        .compose()
        .create(NewCompose::from_yaml(
            &env_id,
            "site",
            "services:\n  web:\n    image: nginx\n",
        ))
        .await
        .unwrap();
    let db = client
        .databases()
        .create(NewDatabase::redis(&env_id, "cache"))
        .await
        .unwrap();
    for target in [
        EnvTarget::Compose(stack.compose_id.clone()),
        EnvTarget::Database(db.reference.clone()),
        EnvTarget::Project(created.project.project_id.clone()),
        EnvTarget::Environment(env_id.clone()),
    ] {
        let vars = client.env_vars(target.clone());
        vars.set("SHARED", "yes").await.unwrap();
        assert_eq!(
            vars.get().await.unwrap().get("SHARED").as_deref(),
            Some("yes"),
            "{target:?}"
        );
        vars.unset("SHARED").await.unwrap();
        assert!(!vars.get().await.unwrap().contains("SHARED"), "{target:?}");
    }
}

async fn a_domain_is_added_to_an_application(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    let domain = client
        .domains()
        .create(NewDomain::application(
            &app.application_id,
            "shop.example.com",
            80,
        ))
        .await
        .unwrap();
    assert_eq!(domain.host, "shop.example.com");
    let sent = last_body(&fake, "/domain.create");
    assert_eq!(
        sent["domainType"], "application",
        "domainType is always sent"
    );
    let listed = client
        .domains()
        .by_application(&app.application_id)
        .await
        .unwrap();
    assert_eq!(listed[0].domain_id, domain.domain_id);
    let updated = client
        .domains()
        .update(&domain.domain_id, "www.example.com", |b| {
            b.https(Some(false))
        })
        .await
        .unwrap();
    assert_eq!(updated.host, "www.example.com");
    client.domains().delete(&domain.domain_id).await.unwrap();
    assert!(
        client
            .domains()
            .by_application(&app.application_id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn every_database_kind_is_created_deployed_started_stopped_and_removed_the_same_way(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let env = client
        .projects()
        .create("shop", None)
        .await
        .unwrap()
        .environment;
    for kind in DatabaseKind::ALL {
        let given = |setting| {
            kind.required_settings()
                .contains(&setting)
                .then(|| "app".to_string())
        };
        let new = NewDatabase::of_kind(
            kind,
            &env.environment_id,
            format!("{kind}-db"),
            given(DatabaseSetting::DatabaseName),
            given(DatabaseSetting::User),
        )
        .unwrap();
        let db = client
            .databases()
            .create(new)
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(db.kind(), kind);
        assert_eq!(db.name, format!("{kind}-db"));
        let deployed = client.databases().deploy(&db.reference).await.unwrap();
        assert_eq!(
            deployed.application_status,
            Some(ServiceStatus::Done),
            "{kind}"
        );
        client.databases().stop(&db.reference).await.unwrap();
        client.databases().start(&db.reference).await.unwrap();
        let removed = client.databases().remove(&db.reference).await.unwrap();
        assert_eq!(removed.id(), db.id());
        assert!(
            client
                .databases()
                .one(&db.reference)
                .await
                .unwrap_err()
                .is_not_found()
        );
    }
    // Database deploys are synchronous and write no deployment row.
    assert!(
        fake.requests()
            .iter()
            .all(|r| !r.path.contains("deployment.all"))
    );
}

async fn a_database_field_the_kind_lacks_is_refused_before_sending(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let env = client
        .projects()
        .create("shop", None)
        .await
        .unwrap()
        .environment;
    let before = fake.requests().len();
    let mut new = NewDatabase::redis(&env.environment_id, "cache");
    new.enable_namespaces = Some(true);
    let err = client.databases().create(new).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("a redis database has no namespaces (libsql only)"),
        "{err}"
    );
    // A kind chosen at run time: what it requires, and nothing it lacks.
    let err = NewDatabase::of_kind(
        DatabaseKind::Redis,
        &env.environment_id,
        "cache",
        Some("nope".into()),
        None,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("a redis database has no database name"),
        "{err}"
    );
    let err = NewDatabase::of_kind(DatabaseKind::Mysql, &env.environment_id, "db", None, None)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("a mysql database needs a database name and a user"),
        "{err}"
    );
    assert_eq!(fake.requests().len(), before);
}

async fn a_compose_stack_from_inline_yaml_lists_its_services_and_deploys(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let env = client
        .projects()
        .create("shop", None)
        .await
        .unwrap()
        .environment;
    let yaml = "services:\n  web:\n    image: nginx:alpine\n  worker:\n    image: busybox\nvolumes:\n  data: {}\n";
    let stack = client
        .compose()
        .create(NewCompose::from_yaml(&env.environment_id, "site", yaml))
        .await
        .unwrap();
    assert_eq!(stack.source_type.as_ref().map(|s| s.as_str()), Some("raw"));
    let services = client
        .compose()
        .load_services(&stack.compose_id)
        .await
        .unwrap();
    assert_eq!(services, vec!["web", "worker"]);

    let outcome = client
        .deploy_compose(&stack.compose_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded());
    let by_type = client
        .deployments()
        .all_by_type(&stack.compose_id, DeploymentTarget::Compose)
        .await
        .unwrap();
    assert_eq!(by_type[0].deployment_id, outcome.deployment.deployment_id);
    let by_compose = client
        .deployments()
        .all_by_compose(&stack.compose_id)
        .await
        .unwrap();
    assert_eq!(by_compose.len(), 1);

    let deleted = client
        .compose()
        .delete(&stack.compose_id, Volumes::Keep)
        .await
        .unwrap();
    assert_eq!(deleted.compose_id, stack.compose_id);
    assert_eq!(last_body(&fake, "/compose.delete")["deleteVolumes"], false);
}

async fn the_build_type_changes_without_wiping_the_other_build_settings(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (_, app) = new_app(&client).await;
    client
        .applications()
        .save_build_type(
            &app.application_id,
            BuildSettings::dockerfile("docker/Dockerfile"),
        )
        .await
        .unwrap();
    let sent = last_body(&fake, "/application.saveBuildType");
    assert_eq!(sent["buildType"], "dockerfile");
    assert_eq!(sent["dockerfile"], "docker/Dockerfile");
    // Every required key is present, the untouched ones as they were read.
    for key in [
        "dockerContextPath",
        "dockerBuildStage",
        "herokuVersion",
        "railpackVersion",
    ] {
        assert!(sent.get(key).is_some(), "{key} must be sent");
    }
    assert_eq!(sent["herokuVersion"], "24");
}

async fn removing_a_project_removes_what_it_holds(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let created = client.projects().create("tmp", None).await.unwrap();
    let app = client
        .applications()
        .create(&created.environment.environment_id, "web")
        .await
        .unwrap();
    let removed = client
        .projects()
        .remove(&created.project.project_id)
        .await
        .unwrap();
    assert_eq!(removed.name, "tmp");
    assert!(client.projects().all().await.unwrap().is_empty());
    assert!(
        client
            .applications()
            .one(&app.application_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

crate::on_both_transports!(
    listing_projects_shows_environments_and_their_services,
    creating_a_project_gives_its_default_environment_and_lookups_find_it,
    lookups_that_find_nothing_or_too_much_list_what_exists,
    an_application_gets_env_vars_an_image_and_deploys_with_progress,
    a_second_deploy_follows_its_own_new_row_not_the_previous_done_one,
    a_failed_build_carries_the_log_tail,
    a_job_that_never_starts_is_reported_as_never_started,
    a_deployment_stuck_running_is_reported_as_stalled,
    the_overall_timeout_is_its_own_error,
    env_var_changes_keep_build_args_and_secrets_as_they_were,
    env_vars_work_on_compose_databases_projects_and_environments,
    a_domain_is_added_to_an_application,
    every_database_kind_is_created_deployed_started_stopped_and_removed_the_same_way,
    a_database_field_the_kind_lacks_is_refused_before_sending,
    a_compose_stack_from_inline_yaml_lists_its_services_and_deploys,
    the_build_type_changes_without_wiping_the_other_build_settings,
    removing_a_project_removes_what_it_holds,
);
