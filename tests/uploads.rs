//! The two multipart uploads against the fake: they reach the tRPC path on either transport
//! (Dokploy's REST adapter answers a form with 500, recording 445; its tRPC handler takes it,
//! 431), `application.dropDeployment` starts a deployment of the archive, and what Dokploy
//! refuses is refused.

mod common;

use std::time::{Duration, Instant};

use dokploy::fake::{DockerEngine, FakeDokploy};
use dokploy::models::{ApplicationSourceType, Deployment, DeploymentStatus};
use dokploy::{Client, ResponseExt, Transport};

/// A project with one application: (client, application id).
async fn with_application(fake: &FakeDokploy, transport: Transport) -> (Client, String) {
    let client = fake.client_on(transport);
    let env = client.projects().create("site", None).await.unwrap();
    let app = client
        .applications()
        .create(&env.environment.environment_id, "site")
        .await
        .unwrap();
    (client, app.application_id)
}

/// The application's deployments once one has finished.
async fn finished_deployments(client: &Client, application_id: &str) -> Vec<Deployment> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let rows = client.deployments().all(application_id).await.unwrap();
        if rows.iter().any(|d| d.status != DeploymentStatus::Running) || Instant::now() > deadline {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_dropped_archive_reaches_the_trpc_path_and_starts_a_deployment(transport: Transport) {
    let fake = common::fast_fake().await;
    let (client, app_id) = with_application(&fake, transport).await;
    let answer = client
        .application_drop_deployment()
        .application_id(&app_id)
        .zip_named("site.zip", b"PK\x03\x04 the site".to_vec())
        .drop_build_path("public")
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(answer.as_bool(), Some(true), "431's `true`");
    let upload = fake
        .requests()
        .into_iter()
        .find(|r| r.procedure() == "application.dropDeployment")
        .unwrap();
    assert_eq!(upload.path, "/api/trpc/application.dropDeployment");
    assert!(
        upload
            .content_type
            .as_deref()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let rows = finished_deployments(&client, &app_id).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].status, DeploymentStatus::Done);
    let app = client.applications().one(&app_id).await.unwrap();
    assert_eq!(app.source_type, Some(ApplicationSourceType::Drop));
    assert_eq!(app.extra.get("dropBuildPath").unwrap(), "public");
}

async fn an_upload_for_an_unknown_application_is_not_found(transport: Transport) {
    let fake = common::fast_fake().await;
    let client = fake.client_on(transport);
    let e = client
        .application_drop_deployment()
        .application_id("no-such-app")
        .zip(b"PK".to_vec())
        .send()
        .body()
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.api().unwrap().message, "Application not found");
}

async fn a_file_is_copied_into_a_container_unless_docker_is_unreachable(transport: Transport) {
    let fake = common::fast_fake().await;
    let client = fake.client_on(transport);
    let copy = || {
        client
            .docker_upload_file_to_container()
            .container_id("web-1a2b3c4d5e6f")
            .file("nginx.conf", b"server {}".to_vec())
            .destination_path("/etc/nginx/conf.d/default.conf")
            .send()
    };
    let answer = copy().body().await.unwrap();
    assert_eq!(
        answer.json().unwrap()["message"],
        "File uploaded successfully"
    );
    fake.set_docker_engine(DockerEngine::Unreachable);
    let e = copy().body().await.unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 500, "{e}");
    assert!(
        e.api()
            .unwrap()
            .message
            .starts_with("Failed to upload file to container: "),
        "{e}"
    );
    // Dokploy's patterns, checked before anything runs.
    let e = client
        .docker_upload_file_to_container()
        .container_id("web; rm -rf /")
        .file("x", b"x".to_vec())
        .destination_path("/tmp/x")
        .send()
        .body()
        .await
        .unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 400, "{e}");
    assert_eq!(
        e.api().unwrap().issues[0].path,
        [serde_json::json!("containerId")],
        "{e}"
    );
}

crate::on_both_transports!(
    a_dropped_archive_reaches_the_trpc_path_and_starts_a_deployment,
    an_upload_for_an_unknown_application_is_not_found,
    a_file_is_copied_into_a_container_unless_docker_is_unreachable,
);

#[tokio::test]
async fn the_rest_path_answers_a_form_with_dokploys_500() {
    // What a client sending uploads over REST got from Dokploy v0.30.2 (445).
    let fake = common::fast_fake().await;
    let (_, app_id) = with_application(&fake, Transport::Rest).await;
    let form = reqwest::multipart::Form::new()
        .text("applicationId", app_id.clone())
        .part(
            "zip",
            reqwest::multipart::Part::bytes(b"PK".to_vec()).file_name("app.zip"),
        );
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/application.dropDeployment",
            fake.base_url()
        ))
        .header("x-api-key", fake.api_key())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 500);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, common::recording("445-").json);
    let client = fake.client();
    assert!(client.deployments().all(&app_id).await.unwrap().is_empty());
}
