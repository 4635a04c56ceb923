//! The tRPC transport and batched calls: every operation is sent to `/api/trpc/…` with its
//! input typed, recorded tRPC errors read exactly like their REST twins, a rate-limited key lasts
//! twice as long, and batches (one failing call included) against the fake.

mod common;

use std::time::Duration;

use dokploy::fake::FakeDokploy;
use dokploy::models::Project;
use dokploy::operations::{FieldKind, Method, OPERATIONS};
use dokploy::resources::{NewApiKey, RateLimit};
use dokploy::{Error, ResponseExt, Transport};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{fast_fake, recording};

fn trpc_client(base: &str) -> dokploy::Client {
    dokploy::Client::builder()
        .base_url(base)
        .api_key("key")
        .transport(Transport::Trpc)
        .build()
        .unwrap()
}

/// A value of the field's kind, as a caller would give it.
fn sample(kind: FieldKind) -> Value {
    match kind {
        FieldKind::Integer | FieldKind::Number => json!(7),
        FieldKind::Boolean => json!(true),
        FieldKind::Json => json!({}),
        _ => json!("x-1"),
    }
}

#[tokio::test]
async fn every_operation_goes_to_the_trpc_path_with_its_input_wrapped_in_its_json_types() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"result":{"data":{"json":null}}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = trpc_client(&server.uri());
    let mut sent = 0;
    for op in OPERATIONS.iter().filter(|op| op.generated) {
        let mut call = client.call(op.procedure);
        let fields = if op.method == Method::Get {
            op.query
        } else {
            op.body
        };
        for field in fields.iter().filter(|f| f.required) {
            let value = sample(field.kind);
            call = if field.list {
                call.arg(field.name, vec![value])
            } else {
                call.arg(field.name, value)
            };
        }
        call.send()
            .body()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", op.procedure));
        sent += 1;
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), sent);
    for (request, op) in requests
        .iter()
        .zip(OPERATIONS.iter().filter(|op| op.generated))
    {
        assert_eq!(request.url.path(), format!("/api/trpc/{}", op.procedure));
        let input = if op.method == Method::Get {
            let input = request.url.query_pairs().find(|(k, _)| k == "input");
            match input {
                Some((_, text)) => serde_json::from_str::<Value>(&text).unwrap(),
                None => {
                    assert!(op.query.is_empty(), "{}: no input", op.procedure);
                    continue;
                }
            }
        } else {
            serde_json::from_slice::<Value>(&request.body).unwrap()
        };
        let json = &input["json"];
        let fields = if op.method == Method::Get {
            op.query
        } else {
            op.body
        };
        for field in fields.iter().filter(|f| f.required) {
            let expected = if field.list {
                json!([sample(field.kind)])
            } else {
                sample(field.kind)
            };
            if field.nullable && json[field.name].is_null() {
                continue;
            }
            assert_eq!(
                json[field.name], expected,
                "{} {}",
                op.procedure, field.name
            );
        }
    }
}

#[tokio::test]
async fn the_uploads_go_to_the_trpc_path_on_either_transport() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(rec_431())
        .mount(&server)
        .await;
    for client in [
        trpc_client(&server.uri()),
        dokploy::Client::new(server.uri(), "k").unwrap(),
    ] {
        let answer = client
            .application_drop_deployment()
            .application_id("a")
            .zip(&b"PK"[..])
            .send()
            .body()
            .await
            .unwrap();
        assert_eq!(answer.as_bool(), Some(true), "the envelope of 431 is read");
    }
    let requests = server.received_requests().await.unwrap();
    for request in &requests {
        assert_eq!(request.url.path(), "/api/trpc/application.dropDeployment");
        assert_eq!(request.url.query(), None);
    }
    assert_eq!(requests.len(), 2);
}

/// What a real Dokploy answered the tRPC upload (431).
fn rec_431() -> ResponseTemplate {
    recording("431-").response()
}

/// What `client` gets when a server answers with `recording`'s status and body.
async fn error_from(recording_prefix: &str, transport: Transport) -> Error {
    let rec = recording(recording_prefix);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(rec.response())
        .mount(&server)
        .await;
    let client = dokploy::Client::builder()
        .base_url(server.uri())
        .api_key("key")
        .transport(transport)
        .build()
        .unwrap();
    let procedure = rec
        .procedure()
        .trim_start_matches("trpc/")
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let mut call = client.call(&procedure);
    let op = dokploy::operations::find(&procedure).unwrap();
    let fields = if op.method == Method::Get {
        op.query
    } else {
        op.body
    };
    for field in fields.iter().filter(|f| f.required) {
        call = call.arg(field.name, sample(field.kind));
    }
    call.send().body().await.unwrap_err()
}

#[tokio::test]
async fn recorded_trpc_errors_read_like_their_rest_twins() {
    // (REST recording, tRPC recording of the same failure)
    for (rest, trpc) in [("06-", "43-"), ("07-", "51-"), ("38-", "315-")] {
        let a = error_from(rest, Transport::Rest).await;
        let b = error_from(trpc, Transport::Trpc).await;
        assert_eq!(
            std::mem::discriminant(&a),
            std::mem::discriminant(&b),
            "{rest} {a:?} / {trpc} {b:?}"
        );
        assert_eq!(a.status(), b.status(), "{rest}/{trpc}");
        assert_eq!(a.code(), b.code(), "{rest}/{trpc}");
        assert_eq!(a.to_string(), b.to_string(), "{rest}/{trpc}");
        let (a, b) = (a.api().unwrap(), b.api().unwrap());
        assert_eq!(a.message, b.message);
        let paths =
            |e: &dokploy::ApiError| e.issues.iter().map(|i| i.path_string()).collect::<Vec<_>>();
        assert_eq!(paths(a), paths(b), "{rest}/{trpc}");
        assert_eq!(a.issues.len(), b.issues.len());
        for (x, y) in a.issues.iter().zip(&b.issues) {
            assert_eq!(
                (&x.message, &x.code, &x.expected),
                (&y.message, &y.code, &y.expected)
            );
        }
    }
    let refused = error_from("315-", Transport::Trpc).await;
    assert!(matches!(refused, Error::Unauthorized(_)), "{refused:?}");
    assert!(refused.to_string().contains("rate-limited"), "{refused}");
    let invalid = error_from("51-", Transport::Trpc).await;
    assert_eq!(invalid.api().unwrap().issues[0].path_string(), "name");
}

#[tokio::test]
async fn a_rate_limited_key_lasts_10_trpc_calls_instead_of_5_rest_calls() {
    let fake = fast_fake().await;
    let client = fake.client();
    let mut calls_allowed = Vec::new();
    for transport in Transport::ALL {
        let mut new = NewApiKey::new(format!("{transport:?}"));
        new.rate_limit = Some(RateLimit::DOKPLOY_DEFAULT);
        let created = client.api_keys().create(new).await.unwrap();
        let limited = client_with_key(&fake, created.key.expose(), transport);
        let mut calls = 0;
        let refused = loop {
            match limited.projects().all().await {
                Ok(_) => calls += 1,
                Err(e) => break e,
            }
            assert!(calls <= 20, "{transport:?}: the key is never refused");
        };
        assert!(matches!(refused, Error::Unauthorized(_)), "{refused:?}");
        assert!(refused.to_string().contains("10 tRPC calls"), "{refused}");
        calls_allowed.push(calls);
    }
    assert_eq!(calls_allowed, [5, 10]);
}

#[tokio::test]
async fn a_public_procedure_answers_a_wrong_key_on_trpc_and_a_protected_one_refuses_it() {
    let fake = fast_fake().await;
    let wrong = client_with_key(&fake, "wrong-key", Transport::Trpc);
    let health: Value = wrong.settings_health().send().decode().await.unwrap();
    assert_eq!(health["status"], "ok");
    let refused = wrong.projects().all().await.unwrap_err();
    assert!(matches!(refused, Error::Unauthorized(_)), "{refused:?}");
}

/// A fake with a project `shop`, and a client on `transport`.
async fn shop(transport: Transport) -> (FakeDokploy, dokploy::Client, Project) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let shop = client
        .projects()
        .create("shop", None)
        .await
        .unwrap()
        .project;
    (fake, client, shop)
}

/// A client of `fake` on `transport` with `key`.
fn client_with_key(fake: &FakeDokploy, key: &str, transport: Transport) -> dokploy::Client {
    dokploy::Client::builder()
        .base_url(fake.base_url())
        .api_key(key)
        .transport(transport)
        .build()
        .unwrap()
}

async fn a_batch_of_reads_is_one_round_trip_with_each_result_typed(transport: Transport) {
    let (fake, client, shop) = shop(transport).await;
    let before = fake.requests().len();

    let mut batch = client.batch();
    let all = batch.add::<Vec<Project>>(client.call("project.all"));
    let health = batch.add::<Value>(client.call("settings.health"));
    let one = batch.add::<Project>(
        client
            .call("project.one")
            .arg("projectId", &shop.project_id),
    );
    let logs = batch.add::<Value>(
        client
            .call("deployment.readLogs")
            .arg("deploymentId", "nope")
            .arg("tail", 5),
    );
    let mut results = batch.send().await.unwrap();

    assert_eq!(results.len(), 4);
    assert_eq!(results.round_trips(), 1);
    let sent = &fake.requests()[before..];
    assert_eq!(sent.len(), 1, "one round trip");
    assert_eq!(sent[0].method, "GET");
    assert_eq!(
        sent[0].procedure(),
        "project.all,settings.health,project.one,deployment.readLogs"
    );
    assert_eq!(results.take(all).unwrap()[0].project_id, shop.project_id);
    assert_eq!(results.take(health).unwrap()["status"], "ok");
    assert_eq!(results.take(one).unwrap().name, "shop");
    let e = results.take(logs).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.api().unwrap().message, "Deployment not found");
}

async fn one_failed_call_in_a_batch_does_not_hide_the_others(transport: Transport) {
    let (_fake, client, shop) = shop(transport).await;

    let mut batch = client.batch();
    let found = batch.add::<Project>(
        client
            .call("project.one")
            .arg("projectId", &shop.project_id),
    );
    let missing = batch.add::<Project>(
        client
            .call("project.one")
            .arg("projectId", "does-not-exist"),
    );
    let invalid = batch.add::<Value>(client.call("domain.one").arg("domainId", ""));
    let mut results = batch.send().await.unwrap();

    assert_eq!(results.take(found).unwrap().project_id, shop.project_id);
    let e = results.take(missing).unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(e.code(), Some("NOT_FOUND"));
    assert_eq!(
        e.to_string(),
        "Dokploy answered 404 NOT_FOUND to project.one: Project not found"
    );
    let e = results.take(invalid).unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(400));
    let issues = &e.api().unwrap().issues;
    assert_eq!(issues[0].path_string(), "domainId", "{e}");
}

async fn a_batch_of_mutations_is_one_post_and_a_failing_one_leaves_the_others_applied(
    transport: Transport,
) {
    let (fake, client, shop) = shop(transport).await;
    let before = fake.requests().len();

    let mut batch = client.batch();
    let changed = batch.add::<Project>(
        client
            .call("project.update")
            .arg("projectId", &shop.project_id)
            .arg("description", "batch a"),
    );
    let unknown = batch.add::<Project>(
        client
            .call("project.update")
            .arg("projectId", "does-not-exist")
            .arg("description", "batch b"),
    );
    let mut results = batch.send().await.unwrap();

    let sent = &fake.requests()[before..];
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].query.as_deref(), Some("batch=1"));
    assert_eq!(
        results.take(changed).unwrap().description.as_deref(),
        Some("batch a")
    );
    assert!(results.take(unknown).unwrap_err().is_not_found());
    let reread = client.projects().one(&shop.project_id).await.unwrap();
    assert_eq!(reread.description.as_deref(), Some("batch a"));
}

async fn queries_past_the_url_limit_are_split_over_round_trips_in_order(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let mut ids = Vec::new();
    for n in 0..6 {
        ids.push(
            client
                .projects()
                .create(&format!("p{n}"), None)
                .await
                .unwrap()
                .project
                .project_id,
        );
    }
    let before = fake.requests().len();
    let mut batch = client.batch().max_url_bytes(300);
    let entries: Vec<_> = ids
        .iter()
        .map(|id| batch.add::<Project>(client.call("project.one").arg("projectId", id)))
        .collect();
    let mut results = batch.send().await.unwrap();
    let trips = results.round_trips();
    assert!(trips > 1, "{trips} round trip");
    assert_eq!(fake.requests().len() - before, trips);
    for request in &fake.requests()[before..] {
        let url = format!(
            "{}{}?{}",
            fake.base_url(),
            request.path,
            request.query.as_deref().unwrap()
        );
        assert!(url.len() <= 300, "{} bytes", url.len());
    }
    for (entry, id) in entries.into_iter().zip(&ids) {
        assert_eq!(&results.take(entry).unwrap().project_id, id);
    }
}

async fn a_batch_that_cannot_be_sent_as_asked_sends_nothing(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let before = fake.requests().len();

    let mut mixed = client.batch();
    let _ = mixed.add::<Value>(client.call("project.all"));
    let _ = mixed.add::<Value>(client.call("project.remove").arg("projectId", "p"));
    let e = mixed.send().await.unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(e.to_string().contains("not both"), "{e}");

    let mut mistaken = client.batch();
    let _ = mistaken.add::<Value>(client.call("project.all"));
    let _ = mistaken.add::<Value>(client.call("project.one").arg("projetId", "p"));
    let e = mistaken.send().await.unwrap_err();
    assert!(e.to_string().contains("call 1 of the batch"), "{e}");

    let mut long = client.batch().max_url_bytes(60);
    for _ in 0..3 {
        let _ = long.add::<Value>(
            client
                .call("project.update")
                .arg("projectId", "p")
                .arg("description", "d"),
        );
    }
    let e = long.send().await.unwrap_err();
    assert!(e.to_string().contains("send fewer at a time"), "{e}");
    assert_eq!(fake.requests().len(), before, "nothing was sent");

    let empty = client.batch().send().await.unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.round_trips(), 0);
    assert_eq!(fake.requests().len(), before);
}

async fn a_batch_checks_the_key_once(transport: Transport) {
    let fake: FakeDokploy = fast_fake().await;
    let client = fake.client_on(transport);
    let mut new = NewApiKey::new("limited");
    new.rate_limit = Some(RateLimit::rest_calls(1, Duration::from_secs(3600))); // 2 verifications
    let created = client.api_keys().create(new).await.unwrap();
    let limited = client_with_key(&fake, created.key.expose(), transport);
    for _ in 0..2 {
        let mut batch = limited.batch();
        let entries: Vec<_> = (0..5)
            .map(|_| batch.add::<Vec<Project>>(limited.call("project.all")))
            .collect();
        let mut results = batch.send().await.unwrap();
        for entry in entries {
            results.take(entry).unwrap();
        }
    }
    let mut batch = limited.batch();
    let all = batch.add::<Vec<Project>>(limited.call("project.all"));
    let refused = batch.send().await.unwrap().take(all).unwrap_err();
    assert!(matches!(refused, Error::Unauthorized(_)), "{refused:?}");
}

crate::on_both_transports!(
    a_batch_of_reads_is_one_round_trip_with_each_result_typed,
    one_failed_call_in_a_batch_does_not_hide_the_others,
    a_batch_of_mutations_is_one_post_and_a_failing_one_leaves_the_others_applied,
    queries_past_the_url_limit_are_split_over_round_trips_in_order,
    a_batch_that_cannot_be_sent_as_asked_sends_nothing,
    a_batch_checks_the_key_once,
);
