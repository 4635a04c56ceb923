//! The embedded fake's transport behaves like Dokploy's REST surface: keys, methods, content
//! types, input validation, error bodies, recording of requests, shutdown.

mod common;

use dokploy::Transport;
use dokploy::fake::{FakeDokploy, FakeOptions};
use dokploy::required;
use dokploy::{Error, ResponseExt};
use serde_json::{Value, json};

use common::{call, fast_fake, raw};

const NOT_FOUND: &str = r#"{"message":"Not found","code":"NOT_FOUND","data":{"code":"NOT_FOUND","httpStatus":404,"zodError":null}}"#;

#[tokio::test]
async fn a_missing_or_wrong_key_is_401_unauthorized_without_a_code() {
    let fake = fast_fake().await;
    for key in [None, Some("wrong-key")] {
        let answer = raw(&fake, "GET", "/api/project.all", None, "", key).await;
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.content_type.as_deref(),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(answer.body, br#"{"message":"Unauthorized"}"#);
    }
    // Even for procedures that do not exist: the key is checked first.
    let answer = raw(&fake, "GET", "/api/nope.nope", None, "", None).await;
    assert_eq!(answer.status, 401);

    let wrong = dokploy::Client::new(fake.base_url(), "wrong-key").unwrap();
    let error = wrong.project_all().send().body().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn unknown_procedures_and_the_wrong_method_are_404_not_found() {
    let fake = fast_fake().await;
    let key = Some(fake.api_key());
    let cases = [
        ("GET", "/api/project.doesNotExist", None, ""),
        ("GET", "/api/project.create?name=x", None, ""),
        ("POST", "/api/project.all", Some("application/json"), "{}"),
        ("PUT", "/api/project.create", Some("application/json"), "{}"),
        ("GET", "/", None, ""),
    ];
    for (method, path, content_type, body) in cases {
        let answer = raw(&fake, method, path, content_type, body, key).await;
        assert_eq!(answer.status, 404, "{method} {path}");
        assert_eq!(answer.content_type.as_deref(), Some("application/json"));
        assert_eq!(
            String::from_utf8_lossy(&answer.body),
            NOT_FOUND,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn real_procedures_the_fake_does_not_implement_answer_501_not_implemented_by_the_fake() {
    let fake = fast_fake().await;
    let client = fake.client();
    let error = client.user_list_passkeys().send().body().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
    assert_eq!(error.code(), Some("NOT_IMPLEMENTED"));
    let message = &error.api().unwrap().message;
    assert!(
        message.contains("`user.listPasskeys`") && message.contains("not implemented by the fake"),
        "{message}"
    );
    let answer = raw(
        &fake,
        "POST",
        "/api/application.reload",
        Some("application/json"),
        r#"{"applicationId":"a","appName":"b"}"#,
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 501);
    assert_eq!(answer.json()["code"], "NOT_IMPLEMENTED");
    // On tRPC too.
    let trpc = fake.client_on(dokploy::Transport::Trpc);
    let error = trpc.user_list_passkeys().send().body().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
    assert!(
        error.to_string().contains("not implemented by the fake"),
        "{error}"
    );
}

#[tokio::test]
async fn procedures_match_case_insensitively_and_a_trailing_slash_is_ignored() {
    let fake = fast_fake().await;
    for path in ["/api/PROJECT.ALL", "/api/project.all/"] {
        let answer = raw(&fake, "GET", path, None, "", Some(fake.api_key())).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.json(), json!([]));
    }
}

#[tokio::test]
async fn a_mutation_without_a_json_content_type_is_415() {
    let fake = fast_fake().await;
    let key = Some(fake.api_key());
    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        Some("text/plain"),
        r#"{"name":"x"}"#,
        key,
    )
    .await;
    assert_eq!(answer.status, 415);
    assert_eq!(
        answer.json(),
        json!({"message": "Unsupported content-type \"text/plain", "code": "UNSUPPORTED_MEDIA_TYPE",
               "data": {"code": "UNSUPPORTED_MEDIA_TYPE", "httpStatus": 415, "path": "project.create", "zodError": null}})
    );
    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        None,
        r#"{"name":"x"}"#,
        key,
    )
    .await;
    assert_eq!(answer.status, 415);
    assert_eq!(answer.json()["message"], "Missing content-type header");
}

#[tokio::test]
async fn a_json_content_type_with_parameters_hides_the_body_as_in_dokploy() {
    let fake = fast_fake().await;
    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        Some("application/json; charset=utf-8"),
        r#"{"name":"x"}"#,
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["issues"][0]["path"], json!(["name"]));
}

#[tokio::test]
async fn malformed_json_is_a_400_parse_error_and_a_huge_body_is_413() {
    let fake = fast_fake().await;
    let key = Some(fake.api_key());
    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        Some("application/json"),
        "{nope",
        key,
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["code"], "PARSE_ERROR");
    assert_eq!(answer.json()["message"], "Failed to parse request body");
    let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(120_000));
    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        Some("application/json"),
        &huge,
        key,
    )
    .await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["code"], "PAYLOAD_TOO_LARGE");
}

async fn validation_errors_carry_zod_issues_and_flattened_field_errors(transport: Transport) {
    let fake = fast_fake().await;
    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        Some("application/json"),
        r#"{"description":"missing name"}"#,
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json(),
        common::recording("07-").json,
        "the same body as the recording"
    );

    let answer = raw(
        &fake,
        "POST",
        "/api/project.create",
        Some("application/json"),
        r#"{"name":5}"#,
        Some(fake.api_key()),
    )
    .await;
    let body = answer.json();
    assert_eq!(
        body["issues"][0]["message"],
        "Invalid input: expected string, received number"
    );
    assert_eq!(
        body["data"]["zodError"]["fieldErrors"]["name"][0],
        "Invalid input: expected string, received number"
    );

    // Through the client, the issues land in the error.
    let error = call(
        &fake.client_on(transport),
        "project.create",
        json!({"name": ""}),
    )
    .await
    .unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!(api.message, "Input validation failed");
    assert_eq!(api.issues.len(), 1);
    assert_eq!(api.issues[0].code.as_deref(), Some("too_small"));
}

#[tokio::test]
async fn a_query_missing_its_parameter_is_a_400_validation_error() {
    let fake = fast_fake().await;
    let answer = raw(
        &fake,
        "GET",
        "/api/project.one",
        None,
        "",
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json(), common::recording("08-").json);
    let answer = raw(
        &fake,
        "GET",
        "/api/compose.loadServices?composeId=c&type=later",
        None,
        "",
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.json()["issues"][0]["code"], "invalid_value");
}

async fn required_but_nullable_fields_must_be_present_even_as_null(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = common::project(&client, "p").await;
    let app = call(
        &client,
        "application.create",
        json!({"name": "a", "environmentId": env}),
    )
    .await
    .unwrap();
    let id = app["applicationId"].as_str().unwrap();
    let answer = raw(
        &fake,
        "POST",
        "/api/application.saveEnvironment",
        Some("application/json"),
        &json!({"applicationId": id, "env": "A=1", "createEnvFile": true}).to_string(),
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 400);
    let paths: Vec<Value> = answer.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"][0].clone())
        .collect();
    assert_eq!(paths, [json!("buildArgs"), json!("buildSecrets")]);

    // The generated client sends the unset ones as null, which Dokploy accepts.
    let saved = client
        .application_save_environment()
        .required(required::ApplicationSaveEnvironment {
            application_id: id.into(),
            create_env_file: true,
        })
        .body_map(|b| b.env(Some("A=1".to_string())))
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(saved.as_bool(), Some(true));
}

#[tokio::test]
async fn every_request_is_recorded_in_order_without_the_key_value() {
    let fake = FakeDokploy::start_with(FakeOptions {
        api_key: "super-secret-key-123".into(),
        ..FakeOptions::default()
    })
    .await
    .unwrap();
    let client = fake.client();
    client.project_all().send().body().await.unwrap();
    client
        .project_create()
        .required(required::ProjectCreate {
            name: "recorded".into(),
        })
        .send()
        .body()
        .await
        .unwrap();
    raw(&fake, "GET", "/api/project.all?x=1", None, "", None).await;

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/api/project.all");
    assert_eq!(requests[0].procedure(), "project.all");
    assert!(requests[0].has_api_key);
    assert!(requests[0].body.is_empty());
    assert_eq!(requests[1].method, "POST");
    assert_eq!(
        requests[1].content_type.as_deref(),
        Some("application/json")
    );
    assert_eq!(requests[1].body_json(), Some(json!({"name": "recorded"})));
    assert_eq!(requests[2].query.as_deref(), Some("x=1"));
    assert!(!requests[2].has_api_key);
    let everything = format!("{requests:?} {fake:?} {:?}", fake.options());
    assert!(!everything.contains("super-secret-key-123"), "{everything}");
}

#[tokio::test]
async fn head_requests_are_answered_204_like_trpc_openapi_warm_ups() {
    let fake = fast_fake().await;
    let answer = raw(
        &fake,
        "HEAD",
        "/api/project.all",
        None,
        "",
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty());
}

async fn the_openapi_document_is_served_naming_the_fake_as_its_server(transport: Transport) {
    let fake = fast_fake().await;
    let document: Value = fake
        .client_on(transport)
        .settings_get_open_api_document()
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(document["info"]["version"], dokploy::DOKPLOY_VERSION);
    assert_eq!(
        document["servers"][0]["url"],
        format!("{}/api", fake.base_url())
    );
    assert_eq!(
        document["paths"].as_object().unwrap().len(),
        dokploy::operations::OPERATIONS.len()
    );
}

async fn dropping_the_fake_shuts_its_server_down(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    client.project_all().send().body().await.unwrap();
    let url = fake.base_url();
    drop(fake);
    let mut refused = false;
    for _ in 0..100 {
        // A fresh connection each time (no pooled keep-alive connection).
        let result = reqwest::Client::new()
            .get(format!("{url}/api/project.all"))
            .send()
            .await;
        if result.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "the fake still answers after being dropped");
}

async fn two_fakes_are_independent(transport: Transport) {
    let (a, b) = (fast_fake().await, fast_fake().await);
    assert_ne!(a.base_url(), b.base_url());
    common::project(&a.client_on(transport), "only-in-a").await;
    let in_b: Vec<Value> = b
        .client_on(transport)
        .project_all()
        .send()
        .decode()
        .await
        .unwrap();
    assert!(in_b.is_empty());
}

crate::on_both_transports!(
    validation_errors_carry_zod_issues_and_flattened_field_errors,
    required_but_nullable_fields_must_be_present_even_as_null,
    the_openapi_document_is_served_naming_the_fake_as_its_server,
    dropping_the_fake_shuts_its_server_down,
    two_fakes_are_independent,
);
