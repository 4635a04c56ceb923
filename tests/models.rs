//! The typed models decode the bodies a real Dokploy v0.30.2 sent (`tests/fixtures/live`),
//! and the shapes the facts file describes for other roles.

mod common;

use dokploy::models::{
    Application, CreatedProject, Database, DatabaseKind, Deployment, DeploymentStatus, Domain,
    DomainType, Environment, Project, ServiceStatus,
};
use serde_json::json;

use common::recording;

fn decode<T: serde::de::DeserializeOwned>(prefix: &str) -> T {
    let rec = recording(prefix);
    let body = dokploy::Body::from_bytes(reqwest::StatusCode::OK, rec.body);
    body.decode()
        .unwrap_or_else(|e| panic!("recording {prefix}: {e}"))
}

#[test]
fn project_all_decodes_with_environments_and_id_only_databases() {
    let projects: Vec<Project> = decode("42-");
    let env = &projects[0].environments[0];
    assert_eq!(projects[0].name, "live-probe");
    assert!(env.is_default);
    assert_eq!(env.applications[0].name, "probe-app");
    assert_eq!(
        env.applications[0].application_status,
        Some(ServiceStatus::Error)
    );
    assert_eq!(env.postgres[0].reference.kind, DatabaseKind::Postgres);
    assert_eq!(env.postgres[0].name, None, "owners get ids only");
    assert_eq!(
        projects[0].default_environment().unwrap().name,
        "production"
    );
    assert!(!projects[0].environment("staging").unwrap().is_default);
    let empty: Vec<Project> = decode("02-");
    assert!(empty.is_empty());
    let again: Vec<Project> = decode("05-");
    assert_eq!(again[0].environments[0].service_count(), 0);
}

#[test]
fn project_all_for_a_member_decodes_the_extra_database_fields() {
    // Members get `name` and `applicationStatus` on database items, and filtered lists.
    let body = json!([{
        "projectId": "p1", "name": "shop", "description": null,
        "createdAt": "2026-11-22T10:54:03.675Z", "organizationId": "o1", "env": "",
        "projectTags": [{"id": "pt1", "projectId": "p1", "tagId": "t1",
                         "tag": {"tagId": "t1", "name": "prod", "color": "#f00", "createdAt": "x", "organizationId": "o1"}}],
        "environments": [{
            "name": "production", "environmentId": "e1", "isDefault": true,
            "applications": [], "compose": [{"composeId": "c1", "name": "site", "composeStatus": "done"}],
            "postgres": [{"postgresId": "pg1", "name": "orders", "applicationStatus": "done"}],
            "mysql": [], "mariadb": [], "mongo": [], "redis": [{"redisId": "r1", "name": "cache", "applicationStatus": "idle"}],
            "libsql": []
        }]
    }]);
    let projects: Vec<Project> = serde_json::from_value(body).unwrap();
    let env = &projects[0].environments[0];
    assert_eq!(env.postgres[0].name.as_deref(), Some("orders"));
    assert_eq!(env.redis[0].application_status, Some(ServiceStatus::Idle));
    assert_eq!(env.compose[0].compose_status, Some(ServiceStatus::Done));
    assert_eq!(env.databases().count(), 2);
    assert_eq!(
        projects[0].project_tags[0].tag.as_ref().unwrap().name,
        "prod"
    );
}

#[test]
fn project_one_and_create_decode() {
    let project: Project = decode("04-");
    assert_eq!(
        project.environments[0].project_id.as_deref(),
        Some("vCDS6ujqt_fcnV3StERsq")
    );
    let created: CreatedProject = decode("03-");
    assert_eq!(created.environment.name, "production");
    assert!(created.environment.is_default);
    assert_eq!(created.project.name, "live-probe");
    assert!(created.project.environments.is_empty());
}

#[test]
fn environments_decode_from_every_endpoint() {
    let created: Environment = decode("09-");
    assert_eq!(created.name, "staging");
    let one: Environment = decode("10-");
    assert_eq!(one.created_at, None, "environment.one has no createdAt");
    assert_eq!(one.project.as_ref().unwrap().name, "live-probe");
    let listed: Vec<Environment> = decode("11-");
    assert_eq!(listed.len(), 2);
    let updated: Environment = decode("12-");
    assert!(updated.description.is_some());
}

#[test]
fn applications_decode_with_unknown_fields_kept() {
    let created: Application = decode("14-");
    assert_eq!(created.name, "probe-app");
    assert_eq!(created.application_status, Some(ServiceStatus::Idle));
    assert_eq!(
        created.source_type.as_ref().map(|s| s.as_str()),
        Some("github")
    );
    assert_eq!(
        created.build_type.as_ref().map(|s| s.as_str()),
        Some("nixpacks")
    );
    assert!(created.extra.get("healthCheckSwarm").is_some());
    let one: Application = decode("15-");
    assert_eq!(
        one.environment.as_ref().unwrap().environment_id,
        "CGl9rplMV9B-d7mh6YrK-"
    );
    let after_deploy: Application = decode("26-");
    assert!(!after_deploy.deployments.is_empty());
    assert_eq!(after_deploy.domains[0].host, "probe.example.test");
    // Unknown fields round-trip.
    let value = serde_json::to_value(&one).unwrap();
    assert_eq!(value["hasGitProviderAccess"], true);
}

#[test]
fn domains_decode_with_their_owner() {
    let created: Domain = decode("21-");
    assert_eq!(created.domain_type, Some(DomainType::Application));
    assert_eq!(created.port, Some(3000));
    let listed: Vec<Domain> = decode("22-");
    assert_eq!(
        listed[0].service.as_ref().unwrap().name.as_deref(),
        Some("probe-app")
    );
}

#[test]
fn deployments_decode_with_their_status() {
    for prefix in ["24-", "25-", "29-", "52-"] {
        let rows: Vec<Deployment> = decode(prefix);
        assert!(!rows.is_empty(), "{prefix}");
        assert!(
            rows.iter().all(|d| d.status == DeploymentStatus::Error),
            "{prefix}"
        );
        assert!(rows.iter().all(|d| d.error_message.is_none()));
    }
    let none: Vec<Deployment> = decode("45-");
    assert!(none.is_empty());
}

#[test]
fn databases_decode_with_kind_and_hidden_password() {
    let created: Database = decode("30-");
    assert_eq!(created.kind(), DatabaseKind::Postgres);
    let one: Database = decode("31-");
    assert_eq!(one.id(), "ulCFZ3aV2YYm9LdNz5Von");
    assert_eq!(
        one.database_password.as_ref().unwrap().expose(),
        "probe-pass-123"
    );
    let debug = format!("{one:?}");
    assert!(!debug.contains("probe-pass-123"), "{debug}");
    assert_eq!(one.mounts[0].mount_path, "/var/lib/postgresql/data");
    let back = serde_json::to_value(&one).unwrap();
    assert_eq!(back["postgresId"], "ulCFZ3aV2YYm9LdNz5Von");
    assert_eq!(back["databasePassword"], "probe-pass-123");
}

#[test]
fn every_database_kind_decodes_by_its_id_field() {
    for kind in DatabaseKind::ALL {
        let db: Database = serde_json::from_value(json!({
            kind.id_field(): "x1", "name": "n", "applicationStatus": "running"
        }))
        .unwrap();
        assert_eq!(db.kind(), kind);
        assert_eq!(db.application_status, Some(ServiceStatus::Running));
    }
}

#[test]
fn a_newer_status_value_is_kept_not_rejected() {
    let d: Deployment = serde_json::from_value(json!({
        "deploymentId": "d1", "status": "queued", "somethingNew": {"a": 1}
    }))
    .unwrap();
    assert_eq!(d.status.as_str(), "queued");
    assert!(
        !d.status.is_finished(),
        "an unknown status does not end a wait"
    );
    assert_eq!(d.extra.get("somethingNew"), Some(&json!({"a": 1})));
}
