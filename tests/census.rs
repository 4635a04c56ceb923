//! The census (`dokploy::census`) against the fake: every read operation answered, no drift;
//! then the same answers edited to drift (a field renamed, a new enum value, a field removed)
//! report exactly those edits.

use std::collections::BTreeMap;

use dokploy::census::{self, Finding};
use dokploy::fake::FakeDokploy;
use dokploy::resources::{NewCompose, NewDatabase, NewDomain, NewServer, NewSshKey};
use serde_json::{Value, json};

async fn populated() -> FakeDokploy {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client();
    let created = client
        .projects()
        .create("shop", Some("the shop"))
        .await
        .unwrap();
    let env = created.environment.environment_id;
    let app = client.applications().create(&env, "web").await.unwrap();
    let new = NewDomain::application(&app.application_id, "shop.example.com", 3000);
    client.domains().create(new).await.unwrap();
    let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    let stack = client
        .compose()
        .create(NewCompose::from_yaml(&env, "site", yaml))
        .await
        .unwrap();
    let new = NewDomain::compose(&stack.compose_id, "web", "site.example.com", 80);
    client.domains().create(new).await.unwrap();
    let new = NewDatabase::postgres(&env, "orders", "orders", "app");
    client.databases().create(new).await.unwrap();
    let key = NewSshKey::new(
        "deploy",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nx",
        "ssh-ed25519 AAAA",
    );
    let key = client.ssh_keys().create(key).await.unwrap();
    let server = NewServer::new("edge-1", "203.0.113.7", "root").ssh_key(&key.ssh_key_id);
    client.servers().create(server).await.unwrap();
    fake
}

#[tokio::test]
async fn the_fake_answers_every_read_it_implements_without_drift() {
    let fake = populated().await;
    let sent_before = fake.requests().len();
    let census = census::collect(&fake.client()).await;
    for procedure in [
        "project.all",
        "project.one",
        "application.one",
        "domain.one",
        "postgres.one",
        "server.one",
        "settings.health",
    ] {
        assert!(
            census.answers.contains_key(procedure),
            "{procedure} was not called: {:?}",
            census.skipped
        );
    }
    let findings = census::check(&census.answers, None);
    assert!(findings.is_empty(), "{}", list(&findings));
    // Compared with itself: nothing either.
    assert!(census::check(&census.answers, Some(&census.answers)).is_empty());
    // Only reads were sent.
    let sent = &fake.requests()[sent_before..];
    assert!(sent.len() > 100);
    assert!(
        sent.iter().all(|r| r.method == "GET"),
        "a census sends no mutation"
    );
    println!(
        "census of the fake: {} answered, {} failed (not implemented by the fake), {} skipped",
        census.answers.len(),
        census.failed.len(),
        census.skipped.len()
    );
}

#[tokio::test]
async fn answers_edited_to_drift_report_exactly_the_edits() {
    let fake = populated().await;
    let before = census::collect(&fake.client()).await.answers;
    let mut after: BTreeMap<String, Value> = before.clone();
    // A renamed field, a new enum value, a removed field.
    let project = &mut after.get_mut("project.all").unwrap()[0];
    let name = project.as_object_mut().unwrap().remove("name").unwrap();
    project["title"] = name;
    after.get_mut("application.one").unwrap()["applicationStatus"] = json!("paused");
    after
        .get_mut("project.one")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("description")
        .unwrap();

    let findings = census::check(&after, Some(&before));
    let expected = vec![
        Finding::UnknownEnumValue {
            procedure: "application.one".into(),
            path: "applicationStatus".into(),
            value: "paused".into(),
        },
        Finding::Renamed {
            procedure: "project.all".into(),
            from: "[].name".into(),
            to: "[].title".into(),
            in_model: true,
        },
        Finding::FieldGone {
            procedure: "project.one".into(),
            path: "description".into(),
            in_model: true,
        },
    ];
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(findings, sorted, "{}", list(&findings));
    println!("{}", list(&findings));

    // Fixtures round-trip: the previous census is read back from disk.
    let dir = std::env::temp_dir().join(format!("dokploy-census-{}", std::process::id()));
    census::write_fixtures(&dir, &before).unwrap();
    assert_eq!(census::read_fixtures(&dir).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

fn list(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  {f}\n")).collect()
}
