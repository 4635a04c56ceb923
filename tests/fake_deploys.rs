//! Deploys on the embedded fake go through a queue like Dokploy's: no deployment row until the
//! job starts, `running` while it builds, then `done` or `error`; at most ten rows per service;
//! one job at a time per service; database deploys are synchronous and write no row.
//!
//! Timing-dependent checks poll with generous deadlines and compare recorded timestamps rather
//! than asserting how long anything took.

mod common;

use dokploy::Transport;
use dokploy::required;
use std::time::Duration;

use dokploy::ResponseExt;
use dokploy::fake::{DeployOutcome, FakeDokploy};
use serde_json::{Value, json};

use common::{call, eventually, fake_with};

/// An application in a fresh project; returns its id.
async fn application(fake: &FakeDokploy, transport: Transport) -> String {
    let client = fake.client_on(transport);
    let (_, env) = common::project(&client, "deploys").await;
    let app = call(
        &client,
        "application.create",
        json!({"name": "web", "environmentId": env}),
    )
    .await
    .unwrap();
    app["applicationId"].as_str().unwrap().to_string()
}

async fn deploy(fake: &FakeDokploy, transport: Transport, app: &str, title: Option<&str>) {
    let client = fake.client_on(transport);
    let mut call = client.call("application.deploy").arg("applicationId", app);
    if let Some(title) = title {
        call = call.arg("title", title);
    }
    let body = call.send().body().await.unwrap();
    assert!(body.is_empty(), "application.deploy answers 0 bytes");
}

async fn deployments(fake: &FakeDokploy, transport: Transport, app: &str) -> Vec<Value> {
    fake.client_on(transport)
        .deployment_all()
        .required(required::DeploymentAll {
            application_id: app.into(),
        })
        .send()
        .decode()
        .await
        .unwrap()
}

async fn app_status(fake: &FakeDokploy, transport: Transport, app: &str) -> String {
    let one: Value = fake
        .client_on(transport)
        .application_one()
        .required(required::ApplicationOne {
            application_id: app.into(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    one["applicationStatus"].as_str().unwrap().to_string()
}

/// Waits until the newest of `count` rows has finished; returns the rows, newest first.
async fn finished(fake: &FakeDokploy, transport: Transport, app: &str, count: usize) -> Vec<Value> {
    eventually(15, "the deployment to finish", || async {
        let rows = deployments(fake, transport, app).await;
        (rows.len() == count && rows[0]["status"] != "running").then_some(rows)
    })
    .await
}

/// Milliseconds since the epoch of an ISO timestamp like `2026-11-22T10:54:17.775Z`.
fn millis(iso: &Value) -> i64 {
    let t = iso.as_str().expect("a timestamp");
    let num = |range: std::ops::Range<usize>| t[range].parse::<i64>().unwrap();
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    ((days * 24 + num(11..13)) * 60 + num(14..16)) * 60_000 + num(17..19) * 1000 + num(20..23)
}

#[test]
fn millis_reads_iso_timestamps() {
    assert_eq!(millis(&json!("1970-01-01T00:00:00.000Z")), 0);
    assert_eq!(
        millis(&json!("2026-11-22T10:54:03.675Z")),
        1_795_344_843_675
    );
}

async fn a_deploy_answers_an_empty_body_and_no_row_exists_until_the_job_starts(
    transport: Transport,
) {
    let fake = fake_with(2_000, 10, DeployOutcome::Done).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, None).await;
    assert_eq!(
        deployments(&fake, transport, &app).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        app_status(&fake, transport, &app).await,
        "idle",
        "unchanged while queued"
    );
    let rows = finished(&fake, transport, &app, 1).await;
    assert_eq!(rows[0]["status"], "done");
}

async fn a_started_job_has_a_running_row_and_a_running_application(transport: Transport) {
    let fake = fake_with(10, 10, DeployOutcome::StaysRunning).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, None).await;
    let rows = eventually(15, "the row", || async {
        let rows = deployments(&fake, transport, &app).await;
        (!rows.is_empty()).then_some(rows)
    })
    .await;
    let row = &rows[0];
    assert_eq!(row["status"], "running");
    assert_eq!(row["title"], "Manual deployment");
    assert_eq!(row["description"], "");
    assert_eq!(row["applicationId"], app.as_str());
    assert!(row["startedAt"].is_string());
    assert_eq!(row["startedAt"], row["createdAt"]);
    for null in [
        "finishedAt",
        "errorMessage",
        "composeId",
        "pid",
        "scheduleId",
        "backupId",
        "rollbackId",
        "volumeBackupId",
        "buildServerId",
        "previewDeploymentId",
        "serverId",
    ] {
        assert!(row[null].is_null(), "{null} is null");
    }
    let one: Value = call(
        &fake.client_on(transport),
        "application.one",
        json!({"applicationId": app}),
    )
    .await
    .unwrap();
    let app_name = one["appName"].as_str().unwrap();
    let log_path = row["logPath"].as_str().unwrap();
    assert!(
        log_path.starts_with(&format!("/etc/dokploy/logs/{app_name}/{app_name}-"))
            && log_path.ends_with(".log"),
        "{log_path}"
    );
    assert_eq!(one["applicationStatus"], "running");
    assert_eq!(one["deployments"].as_array().unwrap().len(), 1);
}

async fn a_finished_deploy_is_done_with_finished_at_after_the_build_and_a_done_application(
    transport: Transport,
) {
    let fake = fake_with(10, 200, DeployOutcome::Done).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, None).await;
    let rows = finished(&fake, transport, &app, 1).await;
    let row = &rows[0];
    assert_eq!(row["status"], "done");
    assert!(row["errorMessage"].is_null());
    assert!(millis(&row["finishedAt"]) - millis(&row["startedAt"]) >= 200);
    assert_eq!(app_status(&fake, transport, &app).await, "done");
    let log: String = fake
        .client_on(transport)
        .deployment_read_logs()
        .required(required::DeploymentReadLogs {
            deployment_id: row["deploymentId"].as_str().unwrap().into(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    assert!(log.starts_with("Initializing deployment"), "{log}");
    assert!(log.trim_end().ends_with("Docker Deployed: ✅"), "{log}");
}

async fn an_error_outcome_ends_in_error_with_the_log_text_and_no_error_message(
    transport: Transport,
) {
    let log = "ERROR: failed to solve: process \"/bin/sh -c npm run build\" did not complete";
    let fake = fake_with(10, 20, DeployOutcome::Error { log: log.into() }).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, None).await;
    let rows = finished(&fake, transport, &app, 1).await;
    assert_eq!(rows[0]["status"], "error");
    assert!(rows[0]["errorMessage"].is_null());
    assert!(rows[0]["finishedAt"].is_string());
    assert_eq!(app_status(&fake, transport, &app).await, "error");
    let text: String = call(
        &fake.client_on(transport),
        "deployment.readLogs",
        json!({"deploymentId": rows[0]["deploymentId"]}),
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string();
    assert!(text.ends_with(log), "{text}");
    let tail: Value = call(
        &fake.client_on(transport),
        "deployment.readLogs",
        json!({"deploymentId": rows[0]["deploymentId"], "tail": 1}),
    )
    .await
    .unwrap();
    assert_eq!(tail, json!(log), "tail=1 is the last line");
}

async fn never_starts_means_no_row_ever_appears_and_later_deploys_still_run(transport: Transport) {
    let fake = fake_with(10, 10, DeployOutcome::NeverStarts).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, None).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(deployments(&fake, transport, &app).await.is_empty());
    assert_eq!(app_status(&fake, transport, &app).await, "idle");

    fake.set_deploy_outcome(DeployOutcome::Done);
    deploy(&fake, transport, &app, Some("after the lost job")).await;
    let rows = finished(&fake, transport, &app, 1).await;
    assert_eq!(rows[0]["title"], "after the lost job");
    assert_eq!(rows[0]["status"], "done");
}

async fn stays_running_holds_up_later_deploys_of_the_same_service(transport: Transport) {
    let fake = fake_with(10, 10, DeployOutcome::StaysRunning).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, Some("stuck")).await;
    eventually(15, "the stuck row", || async {
        (deployments(&fake, transport, &app).await.len() == 1).then_some(())
    })
    .await;
    fake.set_deploy_outcome(DeployOutcome::Done);
    deploy(&fake, transport, &app, Some("waiting")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rows = deployments(&fake, transport, &app).await;
    assert_eq!(rows.len(), 1, "the second job has not started");
    assert_eq!(rows[0]["title"], "stuck");
    assert_eq!(rows[0]["status"], "running");

    // Another application's queue is not held up.
    let other = application(&fake, transport).await;
    deploy(&fake, transport, &other, None).await;
    assert_eq!(
        finished(&fake, transport, &other, 1).await[0]["status"],
        "done"
    );
}

async fn jobs_of_one_service_run_one_at_a_time_in_order(transport: Transport) {
    let fake = fake_with(10, 150, DeployOutcome::Done).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, Some("first")).await;
    deploy(&fake, transport, &app, Some("second")).await;
    let rows = finished(&fake, transport, &app, 2).await;
    let (second, first) = (&rows[0], &rows[1]);
    assert_eq!(
        (first["title"].as_str(), second["title"].as_str()),
        (Some("first"), Some("second"))
    );
    assert!(
        millis(&second["startedAt"]) >= millis(&first["finishedAt"]),
        "the second job starts after the first finished: {rows:#?}"
    );
}

async fn at_most_ten_deployments_are_kept_per_service(transport: Transport) {
    let fake = fake_with(1, 1, DeployOutcome::Done).await;
    let app = application(&fake, transport).await;
    for n in 1..=12 {
        deploy(&fake, transport, &app, Some(&format!("deploy {n}"))).await;
    }
    let rows = eventually(30, "the twelfth deployment", || async {
        let rows = deployments(&fake, transport, &app).await;
        (rows.first().map(|r| (&r["title"], &r["status"]))
            == Some((&json!("deploy 12"), &json!("done"))))
        .then_some(rows)
    })
    .await;
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    let expected: Vec<String> = (3..=12).rev().map(|n| format!("deploy {n}")).collect();
    assert_eq!(titles, expected);
}

async fn redeploys_are_titled_rebuild_deployment_and_given_titles_are_kept(transport: Transport) {
    let fake = fake_with(1, 1, DeployOutcome::Done).await;
    let app = application(&fake, transport).await;
    let body = fake
        .client_on(transport)
        .application_redeploy()
        .required(required::ApplicationRedeploy {
            application_id: app.clone(),
        })
        .send()
        .body()
        .await
        .unwrap();
    assert!(body.is_empty());
    finished(&fake, transport, &app, 1).await;
    call(
        &fake.client_on(transport),
        "application.deploy",
        json!({"applicationId": app, "title": "v2", "description": "release 2"}),
    )
    .await
    .unwrap();
    let rows = finished(&fake, transport, &app, 2).await;
    assert_eq!(rows[1]["title"], "Rebuild deployment");
    assert_eq!(rows[0]["title"], "v2");
    assert_eq!(rows[0]["description"], "release 2");
}

async fn compose_deploys_answer_queued_and_record_rows_under_the_compose(transport: Transport) {
    let fake = fake_with(1, 20, DeployOutcome::Done).await;
    let client = fake.client_on(transport);
    let (_, env) = common::project(&client, "stack").await;
    let compose = call(
        &client,
        "compose.create",
        json!({"name": "stack", "environmentId": env, "sourceType": "raw",
               "composeFile": "services:\n  web:\n    image: nginx\n"}),
    )
    .await
    .unwrap();
    let id = compose["composeId"].as_str().unwrap();
    let queued = call(&client, "compose.deploy", json!({"composeId": id}))
        .await
        .unwrap();
    assert_eq!(
        queued,
        json!({"success": true, "message": "Deployment queued", "composeId": id})
    );
    let rows: Vec<Value> = eventually(15, "the compose deployment", || async {
        let rows: Vec<Value> = client
            .deployment_all_by_compose()
            .required(required::DeploymentAllByCompose {
                compose_id: id.into(),
            })
            .send()
            .decode()
            .await
            .unwrap();
        (rows.len() == 1 && rows[0]["status"] == "done").then_some(rows)
    })
    .await;
    assert_eq!(rows[0]["composeId"], id);
    assert!(rows[0]["applicationId"].is_null());
    let one = call(&client, "compose.one", json!({"composeId": id}))
        .await
        .unwrap();
    assert_eq!(one["composeStatus"], "done");
    assert_eq!(one["deployments"].as_array().unwrap().len(), 1);

    let requeued = call(&client, "compose.redeploy", json!({"composeId": id}))
        .await
        .unwrap();
    assert_eq!(requeued["message"], "Redeployment queued");
    let by_type = eventually(15, "the redeployment", || async {
        let rows = call(
            &client,
            "deployment.allByType",
            json!({"id": id, "type": "compose"}),
        )
        .await
        .unwrap();
        (rows[0]["title"] == "Rebuild deployment" && rows[0]["status"] == "done").then_some(rows)
    })
    .await;
    assert_eq!(by_type.as_array().unwrap().len(), 2);
    assert!(by_type[0]["rollback"].is_null());
    assert!(by_type[0].as_object().unwrap().contains_key("rollback"));
    // A compose id is not an application id.
    assert!(deployments(&fake, transport, id).await.is_empty());
}

async fn database_deploys_are_synchronous_return_the_row_before_and_write_no_deployment(
    transport: Transport,
) {
    let fake = fake_with(1, 1, DeployOutcome::Done).await;
    let client = fake.client_on(transport);
    let (_, env) = common::project(&client, "db").await;
    let pg = call(
        &client,
        "postgres.create",
        json!({"name": "db", "environmentId": env, "databaseName": "app",
               "databaseUser": "app", "databasePassword": "secret"}),
    )
    .await
    .unwrap();
    let id = pg["postgresId"].as_str().unwrap();
    let deployed = call(&client, "postgres.deploy", json!({"postgresId": id}))
        .await
        .unwrap();
    assert_eq!(deployed["postgresId"], id);
    assert_eq!(
        deployed["applicationStatus"], "idle",
        "loaded before the deploy"
    );
    assert!(deployed["mounts"].is_array());
    let one = call(&client, "postgres.one", json!({"postgresId": id}))
        .await
        .unwrap();
    assert_eq!(
        one["applicationStatus"], "done",
        "done as soon as deploy answered"
    );
    assert!(one.get("deployments").is_none());
    let by_type = call(
        &client,
        "deployment.allByType",
        json!({"id": id, "type": "application"}),
    )
    .await
    .unwrap();
    assert_eq!(by_type, json!([]));
}

async fn deleting_an_application_drops_its_queued_jobs(transport: Transport) {
    let fake = fake_with(300, 10, DeployOutcome::Done).await;
    let app = application(&fake, transport).await;
    deploy(&fake, transport, &app, None).await;
    let deleted = call(
        &fake.client_on(transport),
        "application.delete",
        json!({"applicationId": app}),
    )
    .await
    .unwrap();
    assert_eq!(deleted["applicationId"], app.as_str());
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(deployments(&fake, transport, &app).await.is_empty());
}

async fn deploying_an_unknown_application_is_404_application_not_found(transport: Transport) {
    let fake = fake_with(1, 1, DeployOutcome::Done).await;
    let error = call(
        &fake.client_on(transport),
        "application.deploy",
        json!({"applicationId": "nope"}),
    )
    .await
    .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.api().unwrap().message, "Application not found");
    let error = call(
        &fake.client_on(transport),
        "compose.deploy",
        json!({"composeId": "nope"}),
    )
    .await
    .unwrap_err();
    assert_eq!(error.api().unwrap().message, "Compose not found");
}

crate::on_both_transports!(
    a_deploy_answers_an_empty_body_and_no_row_exists_until_the_job_starts,
    never_starts_means_no_row_ever_appears_and_later_deploys_still_run,
    stays_running_holds_up_later_deploys_of_the_same_service,
    jobs_of_one_service_run_one_at_a_time_in_order,
    at_most_ten_deployments_are_kept_per_service,
    a_started_job_has_a_running_row_and_a_running_application,
    a_finished_deploy_is_done_with_finished_at_after_the_build_and_a_done_application,
    an_error_outcome_ends_in_error_with_the_log_text_and_no_error_message,
    redeploys_are_titled_rebuild_deployment_and_given_titles_are_kept,
    compose_deploys_answer_queued_and_record_rows_under_the_compose,
    database_deploys_are_synchronous_return_the_row_before_and_write_no_deployment,
    deleting_an_application_drops_its_queued_jobs,
    deploying_an_unknown_application_is_404_application_not_found,
);
