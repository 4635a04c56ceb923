//! What a real Docker engine showed (recordings 305–309c): the typed models decode those
//! answers, and the workflows they revealed behave the same against the embedded fake:
//! `project.remove` leaves deployed services running, `remove_with_services` takes them down
//! first, and an env block with an undefined `${{…}}` reference fails the deploy (refused before
//! sending unless the check is skipped).

mod common;

use dokploy::Transport;
use dokploy::env_vars::ReferenceScope;
use dokploy::fake::FakeDokploy;
use dokploy::models::{
    Application, DatabaseKind, Deployment, DeploymentStatus, Project, ServiceStatus,
};
use dokploy::resources::{DockerImage, NewCompose, NewDatabase, RemovedService, Volumes};
use dokploy::{DeployError, EnvTarget, Error};

use common::{fast_fake as fake, fast_waits, recording};

fn decode<T: serde::de::DeserializeOwned>(prefix: &str) -> T {
    let rec = recording(prefix);
    dokploy::Body::from_bytes(reqwest::StatusCode::OK, rec.body)
        .decode()
        .unwrap_or_else(|e| panic!("recording {prefix}: {e}"))
}

/// A project with an nginx application in its default environment: (projectId,
/// environmentId, applicationId).
async fn image_app(client: &dokploy::Client, project: &str) -> (String, String, String) {
    let (project_id, env_id) = common::project(client, project).await;
    let app = client.applications().create(&env_id, "web").await.unwrap();
    client
        .applications()
        .save_docker_provider(
            &app.application_id,
            DockerImage::public("nginx:1.27-alpine"),
        )
        .await
        .unwrap();
    (project_id, env_id, app.application_id)
}

/// An nginx application whose env uses `${{project.DATABASE_URL}}`, which its project lacks.
async fn app_using_an_undefined_project_variable(client: &dokploy::Client) -> String {
    let (_, _, app_id) = image_app(client, "shop").await;
    client
        .env_vars(EnvTarget::Application(app_id.clone()))
        .set("DATABASE_URL", "${{project.DATABASE_URL}}")
        .await
        .unwrap();
    app_id
}

fn procedures(fake: &FakeDokploy) -> Vec<String> {
    fake.requests()
        .iter()
        .map(|r| r.procedure().to_string())
        .collect()
}

#[test]
fn the_docker_engine_recordings_decode_into_the_typed_models() {
    // 305: postgres items carry only their id, even for a running database.
    let projects: Vec<Project> = decode("305-");
    let env = &projects[0].environments[0];
    let names: Vec<&str> = env.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["missing", "web"]);
    assert_eq!(
        env.applications[1].application_status,
        Some(ServiceStatus::Done)
    );
    assert_eq!(env.postgres[0].reference.kind, DatabaseKind::Postgres);
    assert_eq!(env.postgres[0].reference.id, "pSRsjvvUlfdjUYELDylS5");
    assert_eq!(env.postgres[0].name, None);
    assert_eq!(env.postgres[0].application_status, None);
    assert_eq!(env.compose[1].compose_status, Some(ServiceStatus::Done));
    assert_eq!(env.service_count(), 5);

    // 306–308: a successful image deploy.
    let rows: Vec<Deployment> = decode("306-");
    assert!(rows.iter().all(|d| d.status == DeploymentStatus::Done));
    assert_eq!(rows[0].title.as_deref(), Some("redeploy-watch"));
    let log: String = decode("307-");
    assert!(log.starts_with("Initializing deployment\nPulling nginx:1.27-alpine\n"));
    assert!(log.trim_end().ends_with("✅ Pulling image completed."));
    let app: Application = decode("308-");
    assert_eq!(app.application_status, Some(ServiceStatus::Done));
    assert_eq!(app.docker_image.as_deref(), Some("nginx:1.27-alpine"));
    assert_eq!(app.deployments.len(), 2);
    let project = app.environment.unwrap().project.unwrap();
    assert_eq!(project.env.unwrap().expose(), "");

    // 309: the deploy is accepted, the row ends `error` without a message, the log says why.
    let accepted = dokploy::Body::from_bytes(reqwest::StatusCode::OK, recording("309a-").body);
    accepted.expect_done().unwrap();
    let rows: Vec<Deployment> = decode("309b-");
    assert_eq!(rows[0].status, DeploymentStatus::Error);
    assert_eq!(rows[0].error_message, None);
    let log: String = decode("309c-");
    assert!(log.contains("\nInvalid project environment variable: project.DATABASE_URL\n"));
}

async fn removing_a_project_leaves_its_deployed_services_running(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (project_id, env_id, app_id) = image_app(&client, "shop").await;
    let outcome = client
        .deploy_application(&app_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded(), "{outcome:?}");
    let db = client
        .databases()
        .create(NewDatabase::postgres(&env_id, "orders", "orders", "app"))
        .await
        .unwrap();
    client.databases().deploy(&db.reference).await.unwrap();
    assert_eq!(fake.running_services().len(), 2);
    assert!(fake.orphaned_services().is_empty());

    client.projects().remove(&project_id).await.unwrap();

    // Dokploy forgot them; the engine still runs them.
    assert!(client.projects().all().await.unwrap().is_empty());
    let orphans = fake.orphaned_services();
    let ids: Vec<&str> = orphans.iter().map(|s| s.service_id.as_str()).collect();
    assert_eq!(ids, [app_id.as_str(), db.reference.id.as_str()]);
    assert_eq!(orphans[0].router, "application");
    assert_eq!(orphans[1].router, "postgres");
    assert_eq!(orphans[1].app_name, db.app_name.clone().unwrap());
}

async fn removing_a_project_with_its_services_stops_them_first(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (project_id, env_id, app_id) = image_app(&client, "shop").await;
    client
        .deploy_application(&app_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap()
        .into_result()
        .unwrap();
    let yaml = "services:\n  web:\n    image: nginx:1.27-alpine\n";
    let stack = client
        .compose()
        .create(NewCompose::from_yaml(&env_id, "site", yaml))
        .await
        .unwrap();
    client
        .deploy_compose(&stack.compose_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap()
        .into_result()
        .unwrap();
    let db = client
        .databases()
        .create(NewDatabase::redis(&env_id, "cache"))
        .await
        .unwrap();
    client.databases().deploy(&db.reference).await.unwrap();
    assert_eq!(fake.running_services().len(), 3);

    let removed = client
        .projects()
        .remove_with_services(&project_id, Volumes::Keep)
        .await
        .unwrap();

    assert_eq!(removed.project.name, "shop");
    let named: Vec<String> = removed.services.iter().map(ToString::to_string).collect();
    assert_eq!(
        named,
        [
            format!("application web ({app_id})"),
            format!("compose stack site ({})", stack.compose_id),
            format!("redis cache ({})", db.reference.id),
        ]
    );
    assert!(matches!(removed.services[2], RemovedService::Database(_)));
    assert!(fake.running_services().is_empty(), "every service stopped");
    assert!(fake.orphaned_services().is_empty());
    assert!(client.projects().all().await.unwrap().is_empty());

    // Each service's own removal, then the project's; the volumes choice was sent as given.
    let calls = procedures(&fake);
    let position = |p: &str| calls.iter().position(|c| c == p).unwrap();
    assert!(position("application.delete") < position("project.remove"));
    assert!(position("compose.delete") < position("project.remove"));
    assert!(position("redis.remove") < position("project.remove"));
    let delete = fake
        .requests()
        .into_iter()
        .find(|r| r.procedure() == "compose.delete")
        .unwrap();
    assert_eq!(delete.input().unwrap()["deleteVolumes"], false);
}

async fn removing_an_unknown_project_with_its_services_is_not_found_and_removes_nothing(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let error = client
        .projects()
        .remove_with_services("no-such-project", Volumes::Delete)
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert_eq!(procedures(&fake), ["project.one"]);
}

async fn a_deploy_whose_env_references_an_undefined_project_variable_is_refused_before_it_is_sent(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let app_id = app_using_an_undefined_project_variable(&client).await;

    let result = client
        .deploy_application(&app_id)
        .options(fast_waits())
        .wait()
        .await;

    let Err(Error::Deploy(error)) = result else {
        panic!("{result:?}")
    };
    let DeployError::UnresolvedReferences { missing, .. } = &*error else {
        panic!("{error:?}")
    };
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].variable, "DATABASE_URL");
    assert_eq!(missing[0].scope, ReferenceScope::Project);
    assert_eq!(
        missing[0].dokploy_message(),
        "Invalid project environment variable: project.DATABASE_URL"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "the deploy of application {app_id} was not sent: Dokploy would fail it on 1 undefined reference: DATABASE_URL uses ${{{{project.DATABASE_URL}}}}, which the project does not define"
        )
    );
    assert!(!procedures(&fake).iter().any(|p| p == "application.deploy"));
    assert!(client.deployments().all(&app_id).await.unwrap().is_empty());
}

async fn and_with_the_check_skipped_it_fails_on_the_server_with_dokploys_log_line(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let app_id = app_using_an_undefined_project_variable(&client).await;

    let outcome = client
        .deploy_application(&app_id)
        .skip_reference_check()
        .options(fast_waits())
        .wait()
        .await
        .unwrap();

    // As recorded in 309b/309c: `error`, no errorMessage, and the log's last two lines.
    assert_eq!(outcome.status(), &DeploymentStatus::Error);
    assert_eq!(outcome.deployment.error_message, None);
    let recorded: String = decode("309c-");
    let last_two = |log: &str| {
        let lines: Vec<&str> = log.trim_end().lines().collect();
        lines[lines.len() - 2..].join("\n")
    };
    let log = outcome.log_tail.clone().unwrap();
    assert_eq!(last_two(&log), last_two(&recorded));
    assert!(log.starts_with("Initializing deployment\nPulling nginx:1.27-alpine\n"));
    let app = client.applications().one(&app_id).await.unwrap();
    assert_eq!(app.application_status, Some(ServiceStatus::Error));
    assert!(fake.running_services().is_empty(), "nothing was started");

    // The error names the reference, not Dokploy's generic last line.
    let error = outcome.into_result().unwrap_err().to_string();
    assert!(
        error.ends_with(
            "ended error; last log line: Invalid project environment variable: project.DATABASE_URL"
        ),
        "{error}"
    );
}

async fn a_reference_defined_on_the_environment_passes_the_check(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (_, env_id, app_id) = image_app(&client, "shop").await;
    client
        .env_vars(EnvTarget::Environment(env_id))
        .set("API_URL", "https://api.example.com")
        .await
        .unwrap();
    client
        .env_vars(EnvTarget::Application(app_id.clone()))
        .update(|vars| {
            vars.set("API", "${{environment.API_URL}}/v1")?;
            vars.set("PORT", "80")?;
            vars.set("BIND", "0.0.0.0:${{PORT}}")
        })
        .await
        .unwrap();

    let outcome = client
        .deploy_application(&app_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();

    assert!(outcome.succeeded(), "{outcome:?}");
    let log = client
        .deployments()
        .read_logs(&outcome.deployment.deployment_id, None)
        .await
        .unwrap();
    // An image deploy's log ends like the recorded one (307).
    assert!(
        log.trim_end().ends_with("✅ Pulling image completed."),
        "{log}"
    );
    assert_eq!(fake.running_services()[0].service_id, app_id);
}

async fn a_compose_stacks_references_are_checked_the_same_way_with_the_keys_dokploy_adds(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let (_, env_id) = common::project(&client, "shop").await;
    let yaml = "services:\n  web:\n    image: nginx:1.27-alpine\n";
    let stack = client
        .compose()
        .create(NewCompose::from_yaml(&env_id, "site", yaml))
        .await
        .unwrap();
    let vars = client.env_vars(EnvTarget::Compose(stack.compose_id.clone()));
    vars.update(|v| {
        v.set("NAME", "${{APP_NAME}}")?;
        v.set("TOKEN", "${{environment.TOKEN}}")
    })
    .await
    .unwrap();

    let missing = vars.missing_references().await.unwrap();
    assert_eq!(missing.len(), 1, "APP_NAME is Dokploy's: {missing:?}");
    assert_eq!(missing[0].reference(), "${{environment.TOKEN}}");
    let refused = client
        .deploy_compose(&stack.compose_id)
        .options(fast_waits())
        .wait()
        .await;
    assert!(
        matches!(&refused, Err(Error::Deploy(e)) if matches!(**e, DeployError::UnresolvedReferences { .. })),
        "{refused:?}"
    );

    let skipped = client
        .deploy_compose(&stack.compose_id)
        .skip_reference_check()
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert_eq!(skipped.status(), &DeploymentStatus::Error);
    assert!(
        skipped
            .log_tail
            .unwrap()
            .contains("Invalid environment variable: environment.TOKEN\n")
    );

    client
        .env_vars(EnvTarget::Environment(env_id))
        .set("TOKEN", "t0k3n")
        .await
        .unwrap();
    let outcome = client
        .deploy_compose(&stack.compose_id)
        .options(fast_waits())
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded(), "{outcome:?}");
}

crate::on_both_transports!(
    a_deploy_whose_env_references_an_undefined_project_variable_is_refused_before_it_is_sent,
    removing_a_project_leaves_its_deployed_services_running,
    removing_a_project_with_its_services_stops_them_first,
    removing_an_unknown_project_with_its_services_is_not_found_and_removes_nothing,
    and_with_the_check_skipped_it_fails_on_the_server_with_dokploys_log_line,
    a_reference_defined_on_the_environment_passes_the_check,
    a_compose_stacks_references_are_checked_the_same_way_with_the_keys_dokploy_adds,
);
