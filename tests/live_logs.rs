//! Live logs over the fake's WebSockets: a deployment followed from its first line to its end,
//! a connection cut in the middle, the refusals, secrets, deploy-and-wait streaming the build,
//! and a running service's container logs.

mod common;

use std::time::Duration;

use dokploy::fake::{FakeDokploy, FakeOptions};
use dokploy::logs::{FollowOptions, LogStreamError, LogTarget};
use dokploy::models::Deployment;
use dokploy::{Client, DeployEvent, Error, Transport, WaitOptions};

/// What the fake's build prints, piece by piece: a line split over two writes, Docker's
/// `\r\r\n`, several lines in one write.
fn build_output() -> Vec<String> {
    let mut pieces: Vec<String> = (1..=12)
        .map(|i| format!("step {i}/12: compiling\n"))
        .collect();
    pieces.insert(4, "step B: start".into());
    pieces.insert(5, " ... continued\n".into());
    pieces.insert(
        7,
        "Sending build context to Docker daemon  2.56kB\r\r\n".into(),
    );
    pieces.insert(9, "line a\nline b\nline c\n".into());
    pieces
}

/// Reads the row often: the fake's builds take under a second.
fn quick() -> FollowOptions {
    FollowOptions {
        poll_interval: Duration::from_millis(100),
        ..Default::default()
    }
}

async fn fake_with(build: Duration, output: Vec<String>) -> FakeDokploy {
    FakeDokploy::start_with(FakeOptions {
        queue_delay: Duration::from_millis(20),
        build_duration: build,
        build_output: output,
        container_log_interval: Duration::from_millis(40),
        ..Default::default()
    })
    .await
    .unwrap()
}

async fn new_app(client: &Client) -> String {
    let env = client
        .projects()
        .create("logs", None)
        .await
        .unwrap()
        .environment
        .environment_id;
    client
        .applications()
        .create(&env, "web")
        .await
        .unwrap()
        .application_id
}

/// Deploys and gives the deployment row as soon as it appears (`running`).
async fn running_deployment(client: &Client, app: &str) -> Deployment {
    client.applications().deploy(app).await.unwrap();
    for _ in 0..200 {
        if let Some(row) = client.deployments().all(app).await.unwrap().pop() {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no deployment row appeared");
}

/// The whole log as the file has it, line by line (what `deployment.readLogs` reads).
async fn file_lines(client: &Client, deployment_id: &str) -> Vec<String> {
    let log = client
        .deployments()
        .read_logs(deployment_id, Some(10_000))
        .await
        .unwrap();
    log.lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

async fn a_followed_deploy_gives_every_line_once_in_order_and_ends_when_the_row_is_final(
    transport: Transport,
) {
    let fake = fake_with(Duration::from_millis(800), build_output()).await;
    let client = fake.client_on(transport);
    let app = new_app(&client).await;
    let running = running_deployment(&client, &app).await;
    assert_eq!(running.status.as_str(), "running");

    let mut stream = client.deployments().follow(&running);
    let mut lines = Vec::new();
    while let Some(line) = stream.next_line().await {
        lines.push(line.unwrap().text);
    }
    // It ended by itself, and only once the row was final.
    let row = client.deployments().all(&app).await.unwrap().remove(0);
    assert!(row.status.is_finished(), "{row:?}");
    assert_eq!(lines, file_lines(&client, &row.deployment_id).await);
    assert_eq!(lines[0], "Initializing deployment");
    assert!(
        lines.contains(&"step B: start ... continued".to_string()),
        "{lines:#?}"
    );
    assert!(lines.contains(&"Sending build context to Docker daemon  2.56kB".to_string()));
    assert_eq!(lines.last().unwrap(), "Docker Deployed: ✅");
    // The lines came while the build ran: the socket was opened once, before the end.
    let sockets = fake
        .requests()
        .iter()
        .filter(|r| r.path == "/listen-deployment")
        .count();
    assert_eq!(sockets, 1);
}

async fn a_connection_cut_mid_build_resumes_without_repeating_a_line(transport: Transport) {
    let fake = fake_with(Duration::from_millis(1200), build_output()).await;
    let client = fake.client_on(transport);
    let app = new_app(&client).await;
    let running = running_deployment(&client, &app).await;

    let mut stream = client.deployments().follow_with(&running, quick());
    let mut lines = Vec::new();
    let mut cut = false;
    while let Some(line) = stream.next_line().await {
        lines.push(line.unwrap().text);
        if !cut && lines.iter().any(|l| l.starts_with("step 3/12")) {
            fake.cut_log_sockets();
            cut = true;
        }
    }
    assert!(cut, "{lines:#?}");
    let deployment_id = running.deployment_id;
    assert_eq!(lines, file_lines(&client, &deployment_id).await);
    let sockets = fake
        .requests()
        .iter()
        .filter(|r| r.path == "/listen-deployment")
        .count();
    assert!(sockets >= 2, "the socket was reopened: {sockets}");
}

async fn deploy_and_wait_with_follow_logs_streams_each_line_before_the_end(transport: Transport) {
    let fake = fake_with(Duration::from_millis(600), build_output()).await;
    let client = fake.client_on(transport);
    let app = new_app(&client).await;
    let mut events = Vec::new();
    let outcome = client
        .deploy_application(&app)
        .options(WaitOptions {
            poll_interval: Duration::from_millis(50),
            ..Default::default()
        })
        .follow_logs_with(quick())
        .on_progress(|e| events.push(e.clone()))
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded());
    let lines: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            DeployEvent::LogLine { line } => Some(line.text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines,
        file_lines(&client, &outcome.deployment.deployment_id).await
    );
    // Started, then the lines, then Finished last.
    let started = events
        .iter()
        .position(|e| matches!(e, DeployEvent::Started { .. }))
        .unwrap();
    let first_line = events
        .iter()
        .position(|e| matches!(e, DeployEvent::LogLine { .. }))
        .unwrap();
    assert!(started < first_line);
    assert!(matches!(events.last(), Some(DeployEvent::Finished { .. })));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, DeployEvent::LogUnavailable { .. }))
    );
}

async fn secrets_in_log_lines_are_scrubbed(transport: Transport) {
    let fake = fake_with(
        Duration::from_millis(200),
        vec![
            "PGPASSWORD=hunter2hunter2 psql -h db\n".into(),
            "echo fake-api-key was used\n".into(),
            "git clone https://oauth2:ghp_abcdefghijkl@github.com/x/y\n".into(),
        ],
    )
    .await;
    let client = fake.client_on(transport);
    let app = new_app(&client).await;
    let running = running_deployment(&client, &app).await;
    let mut stream = client.deployments().follow_with(&running, quick());
    let mut text = String::new();
    while let Some(line) = stream.next_line().await {
        text.push_str(&line.unwrap().text);
        text.push('\n');
    }
    assert!(text.contains("PGPASSWORD=<redacted> psql -h db"), "{text}");
    assert!(text.contains("echo <redacted> was used"), "{text}");
    assert!(
        text.contains("https://oauth2:<redacted>@github.com/x/y"),
        "{text}"
    );
    for secret in ["hunter2hunter2", "fake-api-key", "ghp_abcdefghijkl"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

/// A deployment row pointing at `log_path` (for the refusals the library cannot make by
/// itself).
fn row_with_log_path(log_path: &str) -> Deployment {
    serde_json::from_value(serde_json::json!({
        "deploymentId": "d-test",
        "status": "done",
        "logPath": log_path,
        "applicationId": "nope",
    }))
    .unwrap()
}

async fn first_error(client: &Client, deployment: &Deployment) -> Error {
    let mut stream = client.deployments().follow(deployment);
    match stream.next_line().await {
        Some(Err(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_key_is_unauthorized_like_on_the_api() {
    let fake = fake_with(Duration::from_millis(50), Vec::new()).await;
    let owner = fake.client();
    let app = new_app(&owner).await;
    let done = owner
        .deploy_application(&app)
        .wait()
        .await
        .unwrap()
        .deployment;
    let stranger = Client::new(fake.base_url(), "not-the-key").unwrap();
    let e = first_error(&stranger, &done).await;
    assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
    assert!(e.to_string().contains("refused the API key"), "{e}");
}

#[tokio::test]
async fn a_path_outside_dokploys_directory_is_refused_with_dokploys_reason() {
    let fake = fake_with(Duration::from_millis(50), Vec::new()).await;
    let e = first_error(&fake.client(), &row_with_log_path("/etc/passwd")).await;
    let Error::Logs(detail) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        **detail,
        LogStreamError::Refused {
            stream: "/listen-deployment".into(),
            code: 4000,
            reason: "Invalid log path".into()
        }
    );
}

#[tokio::test]
async fn a_missing_log_path_or_log_file_is_a_clear_error() {
    let fake = fake_with(Duration::from_millis(50), Vec::new()).await;
    let client = fake.client();
    let e = first_error(&client, &row_with_log_path("")).await;
    assert!(e.to_string().contains("has no log file to follow"), "{e}");
    let e = first_error(&client, &row_with_log_path("/etc/dokploy/logs/x/gone.log")).await;
    let Error::Logs(detail) = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(**detail, LogStreamError::LogFileMissing { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("No such file or directory"), "{e}");
}

#[tokio::test]
async fn a_finished_deployment_gives_its_whole_log_and_ends() {
    let fake = fake_with(Duration::from_millis(50), build_output()).await;
    let client = fake.client();
    let app = new_app(&client).await;
    let done = client.deploy_application(&app).wait().await.unwrap();
    let mut stream = client.deployments().follow(&done.deployment);
    let mut lines = Vec::new();
    while let Some(line) = stream.next_line().await {
        lines.push(line.unwrap().text);
    }
    assert_eq!(
        lines,
        file_lines(&client, &done.deployment.deployment_id).await
    );
    let found = client
        .deployments()
        .find(&done.deployment.deployment_id)
        .await
        .unwrap();
    assert_eq!(found.log_path, done.deployment.log_path);
}

async fn deployed_app(fake: &FakeDokploy, transport: Transport) -> (Client, String) {
    let client = fake.client_on(transport);
    let app = new_app(&client).await;
    let outcome = client.deploy_application(&app).wait().await.unwrap();
    assert!(outcome.succeeded());
    (client, app)
}

async fn a_services_backlog_is_read_and_the_stream_ends(transport: Transport) {
    let fake = fake_with(Duration::from_millis(20), Vec::new()).await;
    let (client, app) = deployed_app(&fake, transport).await;
    tokio::time::sleep(Duration::from_millis(400)).await; // a few ticks
    let logs = client.service_logs(LogTarget::Application(app.clone()));
    let containers = logs.containers().await.unwrap();
    assert_eq!(containers.len(), 1);
    let mut stream = logs.tail(3).stream().await.unwrap();
    let mut lines = Vec::new();
    while let Some(line) = stream.next_line().await {
        lines.push(line.unwrap());
    }
    assert_eq!(lines.len(), 3, "{lines:#?}");
    for line in &lines {
        assert!(line.timestamp().is_some(), "{line:?}");
        assert!(line.text.contains(" tick "), "{line:?}");
        assert_eq!(line.source.as_deref(), Some(containers[0].name.as_str()));
    }

    // A search keeps the matching lines only; the backlog ends after a quiet moment.
    let mut stream = client
        .service_logs(LogTarget::Application(app))
        .search("TICK 1")
        .backlog_quiet(Duration::from_millis(30))
        .stream()
        .await
        .unwrap();
    let mut matching = 0;
    while let Some(line) = stream.next_line().await {
        assert!(line.unwrap().text.contains("tick 1"));
        matching += 1;
    }
    assert!(matching >= 1);
}

async fn following_a_service_goes_on_past_the_request_timeout(transport: Transport) {
    let fake = fake_with(Duration::from_millis(20), Vec::new()).await;
    let (_, app) = deployed_app(&fake, transport).await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .api_key(fake.api_key())
        .transport(transport)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut stream = client
        .service_logs(LogTarget::Application(app))
        .tail(0)
        .follow(true)
        .stream()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut ticks = Vec::new();
    while started.elapsed() < Duration::from_millis(800) {
        let line = stream.next_line().await.unwrap().unwrap();
        ticks.push(
            line.text
                .rsplit(' ')
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap(),
        );
    }
    // New lines only (tail 0), each once, in order.
    assert!(ticks.windows(2).all(|w| w[1] == w[0] + 1), "{ticks:?}");
}

#[tokio::test]
async fn a_service_without_a_container_and_bad_parameters_are_clear_errors() {
    let fake = fake_with(Duration::from_millis(20), Vec::new()).await;
    let client = fake.client();
    let app = new_app(&client).await;
    let e = client
        .service_logs(LogTarget::Application(app.clone()))
        .stream()
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("application {app} has no container")),
        "{e}"
    );
    let e = client
        .service_logs(LogTarget::Application(app))
        .since("yesterday")
        .stream()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.path != "/docker-container-logs")
    );
}

#[tokio::test]
async fn each_compose_service_is_read_with_its_container_name() {
    let fake = fake_with(Duration::from_millis(20), Vec::new()).await;
    let client = fake.client();
    let env = client
        .projects()
        .create("stack", None)
        .await
        .unwrap()
        .environment
        .environment_id;
    let yaml = "services:\n  web:\n    image: nginx\n  worker:\n    image: busybox\n";
    let stack = client
        .compose()
        .create(dokploy::resources::NewCompose::from_yaml(
            &env, "site", yaml,
        ))
        .await
        .unwrap();
    client
        .deploy_compose(&stack.compose_id)
        .wait()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let target = LogTarget::Compose(stack.compose_id.clone());
    let all = client
        .service_logs(target.clone())
        .containers()
        .await
        .unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    let web = client.service_logs(target).service("web").tail(2);
    let containers = web.containers().await.unwrap();
    assert_eq!(containers.len(), 1);
    assert!(containers[0].name.ends_with("-web-1"), "{containers:?}");
    let mut stream = web.stream().await.unwrap();
    let mut count = 0;
    while let Some(line) = stream.next_line().await {
        let line = line.unwrap();
        assert!(line.source.as_deref().unwrap().ends_with("-web-1"));
        count += 1;
    }
    assert_eq!(count, 2);
}

crate::on_both_transports!(
    a_followed_deploy_gives_every_line_once_in_order_and_ends_when_the_row_is_final,
    a_connection_cut_mid_build_resumes_without_repeating_a_line,
    deploy_and_wait_with_follow_logs_streams_each_line_before_the_end,
    secrets_in_log_lines_are_scrubbed,
    a_services_backlog_is_read_and_the_stream_ends,
    following_a_service_goes_on_past_the_request_timeout,
);

/// What a recorded socket did: its frames and how it closed (`None`: still open).
struct SocketAnswer {
    frames: Vec<String>,
    close: Option<(Option<u16>, String)>,
}

/// Opens `path` on the fake as the recording did (with the fake's key when the recording had a
/// valid one) and reads for up to `wait`.
async fn answer(fake: &FakeDokploy, path: &str, with_key: bool, wait: Duration) -> SocketAnswer {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("{}{path}", fake.base_url().replace("http://", "ws://"));
    let mut request = url.into_client_request().unwrap();
    if with_key {
        request
            .headers_mut()
            .insert("x-api-key", fake.api_key().parse().unwrap());
    }
    let addr = fake.base_url().trim_start_matches("http://").to_string();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(request, tcp).await.unwrap();
    let mut frames = Vec::new();
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => {
                return SocketAnswer {
                    frames,
                    close: None,
                };
            }
            Ok(Some(Ok(Message::Text(text)))) => frames.push(text.as_str().to_string()),
            Ok(Some(Ok(Message::Close(frame)))) => {
                let close = frame.map_or((None, String::new()), |f| {
                    (Some(u16::from(f.code)), f.reason.as_str().to_string())
                });
                return SocketAnswer {
                    frames,
                    close: Some(close),
                };
            }
            Ok(Some(Ok(_))) => {}
            Ok(other) => panic!("{path}: {other:?}"),
        }
    }
}

/// The fake's sockets answer the recorded refusals, complaints and silences exactly: every
/// WebSocket recording whose answer does not depend on a live build or container.
#[tokio::test]
async fn the_fake_sockets_answer_like_the_recordings() {
    let fake = fake_with(Duration::from_millis(20), Vec::new()).await;
    let names = common::recordings_numbered(350..=445);
    let sockets: Vec<&String> = names
        .iter()
        .filter(|n| {
            n.split_once('-')
                .is_some_and(|(_, rest)| rest.starts_with("ws."))
        })
        .collect();
    // Recordings of a live build or a running container: their frames are that build's and
    // that container's output, followed end to end by the tests above instead.
    let live = [
        "350", "400", "410", "411", "412", "423", "424", "425", "427", "428", "430", "435", "436",
        "437", "438", "439", "442",
    ];
    let mut replayed = 0;
    for name in sockets {
        if live.iter().any(|n| name.starts_with(n)) {
            continue;
        }
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(common::fixtures_dir().join(name)).unwrap())
                .unwrap();
        let path = raw["request"]["path"].as_str().unwrap();
        let with_key = raw["request"]["x-api-key"] == "valid";
        let recorded_frames: Vec<String> = raw["response"]["frames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["text"].as_str().unwrap().to_string())
            .collect();
        let recorded_close = match raw["response"]["close"]["code"].as_u64() {
            Some(1005) => Some((None, String::new())),
            Some(code) => Some((
                Some(code as u16),
                raw["response"]["close"]["reason"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )),
            None => None, // still open when the client left
        };
        let got = answer(&fake, path, with_key, Duration::from_millis(300)).await;
        assert_eq!(got.close, recorded_close, "{name}");
        assert_eq!(got.frames, recorded_frames, "{name}");
        replayed += 1;
    }
    assert_eq!(
        replayed, 15,
        "every refusal and complaint recorded is replayed"
    );
}
