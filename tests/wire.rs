//! What goes on the wire, and what comes back, against a local server that answers like the
//! real Dokploy v0.30.2 (bodies replayed from `tests/fixtures/live`).

mod common;

use dokploy::required;
use std::time::Duration;

use dokploy::{Client, Error, ResponseExt};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use common::recording;

const KEY: &str = "test-api-key-0123456789";

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::new(server.uri(), KEY).unwrap();
    (server, client)
}

fn only_request(requests: &[Request]) -> &Request {
    assert_eq!(requests.len(), 1, "expected exactly one request");
    &requests[0]
}

// ---------------------------------------------------------------------------------------------
// Requests

#[tokio::test]
async fn get_sends_flat_query_parameters_never_trpc_input() {
    let (server, client) = server().await;
    let rec = recording("04-");
    Mock::given(method("GET"))
        .and(path("/api/project.one"))
        .and(query_param("projectId", "vCDS6ujqt_fcnV3StERsq"))
        .respond_with(rec.response())
        .expect(1)
        .mount(&server)
        .await;

    let project: Value = client
        .project_one()
        .required(required::ProjectOne {
            project_id: "vCDS6ujqt_fcnV3StERsq".into(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(project["name"], "live-probe");

    let requests = server.received_requests().await.unwrap();
    let req = only_request(&requests);
    assert_eq!(req.url.query(), Some("projectId=vCDS6ujqt_fcnV3StERsq"));
    assert!(!req.url.query().unwrap_or_default().contains("input="));
    assert!(req.body.is_empty(), "a GET carries no body");
}

#[tokio::test]
async fn post_sends_exactly_application_json_and_the_json_body() {
    let (server, client) = server().await;
    let rec = recording("03-");
    Mock::given(method("POST"))
        .and(path("/api/project.create"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"name": "live-probe", "description": "created by live experiment"}),
        ))
        .respond_with(rec.response())
        .expect(1)
        .mount(&server)
        .await;

    let created: Value = client
        .project_create()
        .required(required::ProjectCreate {
            name: "live-probe".into(),
        })
        .body_map(|b| b.description(Some("created by live experiment".to_string())))
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(created["environment"]["name"], "production");
    let requests = server.received_requests().await.unwrap();
    let content_types: Vec<_> = only_request(&requests)
        .headers
        .get_all("content-type")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert_eq!(content_types, vec!["application/json"]);
}

#[tokio::test]
async fn every_request_carries_the_api_key_and_a_user_agent_naming_the_crate() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(recording("05-").response())
        .mount(&server)
        .await;

    client.project_all().send().body().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let req = only_request(&requests);
    assert_eq!(req.headers.get("x-api-key").unwrap(), KEY);
    assert!(
        req.headers.get("authorization").is_none(),
        "no Bearer token"
    );
    let ua = req.headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(ua, format!("dokploy-rust/{}", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn the_base_url_works_with_or_without_api_and_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(recording("02-").response())
        .expect(4)
        .mount(&server)
        .await;
    for base in [
        server.uri(),
        format!("{}/", server.uri()),
        format!("{}/api", server.uri()),
        format!("{}/api/", server.uri()),
    ] {
        let client = Client::new(&base, KEY).unwrap();
        let projects: Vec<Value> = client.project_all().send().decode().await.unwrap();
        assert!(projects.is_empty(), "{base}");
    }
}

#[tokio::test]
async fn required_nullable_fields_left_unset_are_sent_as_null() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.saveEnvironment"))
        .respond_with(recording("17-").response())
        .mount(&server)
        .await;

    let saved: bool = client
        .application_save_environment()
        .required(required::ApplicationSaveEnvironment {
            application_id: "r-nbCkAvZfprzQGg0WWfN".into(),
            create_env_file: true,
        })
        .body_map(|b| b.env(Some("NODE_ENV=production".to_string())))
        .send()
        .decode()
        .await
        .unwrap();
    assert!(saved);

    let requests = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&only_request(&requests).body).unwrap();
    assert_eq!(
        body,
        json!({
            "applicationId": "r-nbCkAvZfprzQGg0WWfN",
            "env": "NODE_ENV=production",
            "buildArgs": null,
            "buildSecrets": null,
            "createEnvFile": true
        })
    );
}

#[tokio::test]
async fn required_nullable_fields_set_by_the_caller_are_sent_as_given() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.saveEnvironment"))
        .respond_with(recording("17-").response())
        .mount(&server)
        .await;
    let body = dokploy::types::ApplicationSaveEnvironmentBody {
        application_id: "a".into(),
        env: None,
        build_args: Some("A=1".into()),
        build_secrets: Some(String::new()),
        create_env_file: false,
    };
    client
        .application_save_environment()
        .body(body)
        .send()
        .body()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&only_request(&requests).body).unwrap();
    assert_eq!(
        sent,
        json!({"applicationId": "a", "env": null, "buildArgs": "A=1", "buildSecrets": "", "createEnvFile": false})
    );
}

#[tokio::test]
async fn optional_fields_left_unset_are_not_sent_so_an_update_changes_only_what_was_set() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.update"))
        .respond_with(recording("16-").response())
        .mount(&server)
        .await;
    client
        .application_update()
        .required(required::ApplicationUpdate {
            application_id: "r-nbCkAvZfprzQGg0WWfN".into(),
        })
        .body_map(|b| b.description(Some("updated by probe".to_string())))
        .send()
        .body()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&only_request(&requests).body).unwrap();
    assert_eq!(
        sent,
        json!({"applicationId": "r-nbCkAvZfprzQGg0WWfN", "description": "updated by probe"})
    );
}

#[tokio::test]
async fn a_caller_can_send_an_explicit_null_to_clear_a_field_of_an_update() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.update"))
        .and(header("content-type", "application/json"))
        .respond_with(recording("16-").response())
        .mount(&server)
        .await;
    let done: bool = client
        .call("application.update")
        .arg("applicationId", "r-nbCkAvZfprzQGg0WWfN")
        .null("description")
        .null("icon")
        .send()
        .decode()
        .await
        .unwrap();
    assert!(done);
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&only_request(&requests).body).unwrap();
    assert_eq!(
        sent,
        json!({"applicationId": "r-nbCkAvZfprzQGg0WWfN", "description": null, "icon": null})
    );
    assert_eq!(
        only_request(&requests).headers.get("x-api-key").unwrap(),
        KEY
    );
}

#[tokio::test]
async fn a_typed_body_can_be_sent_with_an_explicit_null_added() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.update"))
        .respond_with(recording("16-").response())
        .mount(&server)
        .await;
    let typed = dokploy::types::ApplicationUpdateBody::try_from(
        dokploy::types::ApplicationUpdateBody::builder()
            .application_id("a")
            .memory_limit(Some("536870912".to_string())),
    )
    .unwrap();
    client
        .call("application.update")
        .args(&typed)
        .null("description")
        .send()
        .body()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&only_request(&requests).body).unwrap();
    assert_eq!(
        sent,
        json!({"applicationId": "a", "memoryLimit": "536870912", "description": null})
    );
}

#[tokio::test]
async fn the_multipart_upload_sends_form_data_with_the_key() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/trpc/application.dropDeployment"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"result":{"data":{"json":true}}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let done: bool = client
        .application_drop_deployment()
        .application_id("app-1")
        .zip(b"PK\x03\x04 fake zip".to_vec())
        .drop_build_path("site")
        .send()
        .decode()
        .await
        .unwrap();
    assert!(done);
    let requests = server.received_requests().await.unwrap();
    let req = only_request(&requests);
    let ct = req.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    assert_eq!(req.headers.get("x-api-key").unwrap(), KEY);
    let body = String::from_utf8_lossy(&req.body);
    assert!(
        body.contains("name=\"applicationId\"\r\n\r\napp-1"),
        "{body}"
    );
    assert!(
        body.contains("name=\"zip\"; filename=\"app.zip\""),
        "{body}"
    );
    assert!(
        body.contains("name=\"dropBuildPath\"\r\n\r\nsite"),
        "{body}"
    );
}

#[tokio::test]
async fn a_multipart_upload_missing_a_required_part_is_refused_before_sending() {
    let (server, client) = server().await;
    let err = client
        .docker_upload_file_to_container()
        .container_id("c1")
        .send()
        .body()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("file"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Success bodies

#[tokio::test]
async fn an_empty_body_is_an_empty_success() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.deploy"))
        .respond_with(recording("23-").response())
        .mount(&server)
        .await;
    let body = client
        .application_deploy()
        .required(required::ApplicationDeploy {
            application_id: "r-nbCkAvZfprzQGg0WWfN".into(),
        })
        .send()
        .body()
        .await
        .unwrap();
    assert!(body.is_empty());
    assert_eq!(body.procedure(), Some("application.deploy"));
    body.expect_done().unwrap();
    let unit: () = body.decode().unwrap();
    assert_eq!(unit, ());
}

#[tokio::test]
async fn a_bare_true_decodes_as_bool() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.update"))
        .respond_with(recording("16-").response())
        .mount(&server)
        .await;
    let body = client
        .application_update()
        .required(required::ApplicationUpdate {
            application_id: "r-nbCkAvZfprzQGg0WWfN".into(),
        })
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(body.as_bool(), Some(true));
    assert_eq!(body.raw(), b"true");
}

#[tokio::test]
async fn a_json_object_and_a_json_array_decode_as_serde_types() {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Env {
        environment_id: String,
        is_default: bool,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Project {
        name: String,
        environments: Vec<Env>,
    }
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(recording("05-").response())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/environment.one"))
        .respond_with(recording("10-").response())
        .mount(&server)
        .await;
    let projects: Vec<Project> = client.project_all().send().decode().await.unwrap();
    assert_eq!(projects[0].name, "live-probe");
    assert!(projects[0].environments[0].is_default);
    let env: Env = client
        .environment_one()
        .required(required::EnvironmentOne {
            environment_id: "CGl9rplMV9B-d7mh6YrK-".into(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(env.environment_id, "CGl9rplMV9B-d7mh6YrK-");
}

#[tokio::test]
async fn a_json_string_body_is_text() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/api/deployment.readLogs"))
        .and(query_param("deploymentId", "d1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#""Initializing deployment\nError: Cannot connect to the Docker daemon""#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let logs: String = client
        .deployment_read_logs()
        .required(required::DeploymentReadLogs {
            deployment_id: "d1".into(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(
        logs,
        "Initializing deployment\nError: Cannot connect to the Docker daemon"
    );
}

#[tokio::test]
async fn trpc_envelopes_are_unwrapped() {
    let (server, client) = server().await;
    let listed = recording("42-");
    let deployed = recording("49-");
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(listed.response())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/application.deploy"))
        .respond_with(deployed.response())
        .mount(&server)
        .await;
    let projects: Vec<Value> = client.project_all().send().decode().await.unwrap();
    assert_eq!(
        projects,
        listed.json["result"]["data"]["json"]
            .as_array()
            .unwrap()
            .clone()
    );
    let body = client
        .application_deploy()
        .required(required::ApplicationDeploy {
            application_id: "x".into(),
        })
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(body.json(), Some(&Value::Null));
    body.expect_done().unwrap();
    // `{"result":{"data": X}}` without `json` too.
    Mock::given(method("GET"))
        .and(path("/api/project.one"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"result":{"data":{"name":"p"}}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let project: Value = client
        .project_one()
        .required(required::ProjectOne {
            project_id: "p".into(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(project, json!({"name": "p"}));
}

#[tokio::test]
async fn an_unexpected_2xx_status_is_still_a_success() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.stop"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = client
        .application_stop()
        .required(required::ApplicationStop {
            application_id: "a".into(),
        })
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(body.status().as_u16(), 204);
    assert!(body.is_empty());
}

#[tokio::test]
async fn decoding_into_the_wrong_type_keeps_the_raw_body() {
    let (server, client) = server().await;
    let rec = recording("05-");
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(rec.response())
        .mount(&server)
        .await;
    let err = client
        .project_all()
        .send()
        .decode::<Vec<String>>()
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.body.as_ref(), rec.body.as_slice());
    assert_eq!(d.status.as_u16(), 200);
    assert_eq!(d.procedure.as_deref(), Some("project.all"));
    assert!(err.to_string().contains("project.all"), "{err}");
    assert!(err.to_string().contains("[0]"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Errors

#[tokio::test]
async fn a_401_without_code_says_the_key_is_missing_wrong_or_rate_limited() {
    for prefix in ["01-", "38-", "47-ratelimited-key-project.all-call6"] {
        let (server, client) = server().await;
        Mock::given(method("GET"))
            .and(path("/api/project.all"))
            .respond_with(recording(prefix).response())
            .mount(&server)
            .await;
        let err = client.project_all().send().body().await.unwrap_err();
        assert!(matches!(err, Error::Unauthorized(_)), "{prefix}: {err:?}");
        let text = err.to_string();
        assert!(text.contains("API key"), "{text}");
        assert!(text.contains("rate-limited"), "{text}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
        assert_eq!(err.code(), None);
        assert!(!text.contains(KEY) && !format!("{err:?}").contains(KEY));
    }
}

#[tokio::test]
async fn a_404_keeps_status_code_and_message() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/api/project.one"))
        .respond_with(recording("06-").response())
        .mount(&server)
        .await;
    let err = client
        .project_one()
        .required(required::ProjectOne {
            project_id: "nope".into(),
        })
        .send()
        .body()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    let api = err.api().unwrap();
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("NOT_FOUND"));
    assert_eq!(api.message, "Project not found");
    assert_eq!(
        err.to_string(),
        "Dokploy answered 404 NOT_FOUND to project.one: Project not found"
    );
}

#[tokio::test]
async fn validation_errors_keep_their_issues() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/api/application.update"))
        .respond_with(recording("20-").response())
        .mount(&server)
        .await;
    let err = client
        .application_update()
        .required(required::ApplicationUpdate {
            application_id: "a".into(),
        })
        .send()
        .body()
        .await
        .unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.code.as_deref(), Some("BAD_REQUEST"));
    assert_eq!(api.message, "Input validation failed");
    assert!(!api.issues.is_empty());
    assert!(!api.issues[0].path.is_empty());
    assert!(api.data().unwrap().get("zodError").is_some());
}

#[tokio::test]
async fn a_procedure_the_server_does_not_know_is_dokploys_404_not_found() {
    // A client generated from a newer document than the server: Dokploy answers 404
    // `{"message":"Not found","code":"NOT_FOUND"}` (recordings 39-41).
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/api/project.search"))
        .respond_with(recording("39-").response())
        .mount(&server)
        .await;
    let err = client.project_search().send().body().await.unwrap_err();
    assert_eq!(err.code(), Some("NOT_FOUND"));
    assert_eq!(err.api().unwrap().message, "Not found");
    assert_eq!(
        err.api().unwrap().procedure.as_deref(),
        Some("project.search")
    );
}

#[tokio::test]
async fn an_html_error_page_keeps_status_and_the_first_bytes() {
    let (server, client) = server().await;
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>{}</body></html>",
        " ".repeat(2000)
    );
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html"))
        .mount(&server)
        .await;
    let err = client.project_all().send().body().await.unwrap_err();
    let Error::Http(http) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(http.status.as_u16(), 502);
    assert_eq!(http.content_type.as_deref(), Some("text/html"));
    assert_eq!(http.body.len(), page.len());
    assert!(http.snippet().contains("502 Bad Gateway"));
    assert!(http.snippet().len() <= dokploy::error::SNIPPET_BYTES + 3);
    assert!(err.to_string().contains("502"), "{err}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(format!("http://127.0.0.1:{port}"), KEY).unwrap();
    let err = client.project_all().send().body().await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("could not reach Dokploy"),
        "{err}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/project.all"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[]", "application/json")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.project_all().send().body().await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.to_string().contains("did not answer in time"), "{err}");
}

#[tokio::test]
async fn a_missing_required_field_is_refused_before_sending() {
    let (server, client) = server().await;
    let err = client.project_one().send().body().await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("project_id"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
