//! Dokploy as code against the fake, on both transports: the README's example manifest is
//! planned (all creates), applied (deploys waited for), planned again (empty), edited (exactly
//! the edited updates), pruned (only what the manifest dropped, never what was made by hand),
//! exported (planning the export is empty); unusable manifests fail before anything is sent;
//! a refused create leaves the rest applied and a re-run finishes the job. The shipped JSON
//! Schema is current and validates the README's example.

mod common;

use std::collections::BTreeMap;

use common::{fake_with, fast_waits};
use dokploy::Transport;
use dokploy::fake::{DeployOutcome, FakeDokploy};
use dokploy::manifest::{
    Action, ApplyOptions, ApplyReport, ExportOptions, Kind, Manifest, Plan, Secrets, StepOutcome,
};

/// The README's example manifest.
fn readme_example() -> String {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```yaml\n# dokploy.yaml\n")
        .expect("the README has the example manifest");
    let body = &readme[start + "```yaml\n".len()..];
    body[..body.find("```").expect("the example ends")].to_string()
}

fn secrets() -> Secrets {
    Secrets::isolated()
        .var("S3_ACCESS_KEY", "AKIAEXAMPLE")
        .var("S3_SECRET_KEY", "s3-secret-example")
        .var(
            "SLACK_WEBHOOK_URL",
            "https://hooks.slack.com/services/T0/B0/example",
        )
        .var("DB_PASSWORD", "db-password-example")
}

fn manifest(yaml: &str) -> Manifest {
    Manifest::from_yaml("dokploy.yaml", yaml).expect("the manifest reads")
}

async fn fake() -> FakeDokploy {
    fake_with(5, 20, DeployOutcome::Done).await
}

fn options(prune: bool) -> ApplyOptions<'static> {
    ApplyOptions {
        prune,
        wait: fast_waits(),
        ..ApplyOptions::default()
    }
}

/// `(action, kind, address)` of every change that does something.
fn changes(plan: &Plan) -> Vec<(Action, Kind, String)> {
    plan.changes
        .iter()
        .filter(|c| c.action != Action::NoOp)
        .map(|c| (c.action, c.kind, c.address.clone()))
        .collect()
}

fn assert_all_applied(report: &ApplyReport) {
    for r in &report.results {
        assert_eq!(r.outcome, StepOutcome::Applied, "{r:?}");
    }
}

async fn the_example_is_planned_applied_edited_pruned_and_exported(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let engine = || client.manifest().secrets(secrets());
    let example = readme_example();
    let m = manifest(&example);

    // 1. Everything is a create, in dependency order.
    let plan = engine().plan(&m).await.expect("plan");
    let summary = plan.summary();
    assert_eq!(
        (summary.update, summary.delete),
        (0, 0),
        "{}",
        plan.render(false)
    );
    let created: Vec<(Kind, String)> = changes(&plan)
        .into_iter()
        .map(|(a, k, addr)| {
            assert_eq!(a, Action::Create);
            (k, addr)
        })
        .collect();
    for expected in [
        (Kind::Destination, "offsite"),
        (Kind::Notification, "build-errors"),
        (Kind::Project, "shop"),
        (Kind::Environment, "shop/production"),
        (Kind::Environment, "shop/staging"),
        (Kind::Application, "shop/production/web"),
        (Kind::Domain, "shop/production/web/domain:shop.example.com/"),
        (Kind::Mount, "shop/production/web/mount:/var/cache/nginx"),
        (Kind::Compose, "shop/production/workers"),
        (Kind::Database, "shop/production/db"),
        (Kind::Backup, "shop/production/db/backup:offsite/app"),
        (Kind::Application, "shop/staging/web"),
    ] {
        assert!(
            created.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} missing from {created:?}"
        );
    }
    let position = |kind: Kind, address: &str| {
        created
            .iter()
            .position(|(k, a)| *k == kind && a == address)
            .unwrap()
    };
    assert!(position(Kind::Project, "shop") < position(Kind::Application, "shop/production/web"));
    assert!(
        position(Kind::Destination, "offsite")
            < position(Kind::Backup, "shop/production/db/backup:offsite/app")
    );
    // No secret value anywhere in the plan, as text or JSON.
    let text = plan.render(false);
    let json = serde_json::to_string(&plan).unwrap();
    for secret in [
        "AKIAEXAMPLE",
        "s3-secret-example",
        "db-password-example",
        "T0/B0",
    ] {
        assert!(
            !text.contains(secret) && !json.contains(secret),
            "{secret} leaked"
        );
    }
    assert!(text.contains("+ env.DATABASE_URL = (sensitive)"), "{text}");

    // 2. Apply creates them all and waits for the deploys.
    let (_, report) = engine().apply(&m, options(false)).await.expect("apply");
    assert_all_applied(&report);
    let deployed: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.action == "deploy")
        .map(|r| r.address.as_str())
        .collect();
    for service in [
        "shop/production/web",
        "shop/production/workers",
        "shop/production/db",
        "shop/staging/web",
    ] {
        assert!(
            deployed.contains(&service),
            "{service} not deployed: {deployed:?}"
        );
    }
    let running: Vec<String> = fake
        .running_services()
        .iter()
        .map(|s| s.app_name.clone())
        .collect();
    assert_eq!(running.len(), 4, "{running:?}");

    // 3. A second plan is empty.
    let plan = engine().plan(&m).await.expect("second plan");
    assert!(!plan.has_changes(), "{}", plan.render(false));

    // 4. One env var and one domain edited: exactly those two updates.
    let edited = example
        .replace("LOG_LEVEL: info", "LOG_LEVEL: debug")
        .replace("                port: 80\n", "                port: 8080\n");
    let m2 = manifest(&edited);
    let plan = engine().plan(&m2).await.expect("plan of the edit");
    assert_eq!(
        changes(&plan),
        [
            (
                Action::Update,
                Kind::Application,
                "shop/production/web".to_string()
            ),
            (
                Action::Update,
                Kind::Domain,
                "shop/production/web/domain:shop.example.com/".to_string()
            ),
        ],
        "{}",
        plan.render(false)
    );
    let web = &plan
        .changes
        .iter()
        .find(|c| c.kind == Kind::Application && c.action == Action::Update)
        .unwrap();
    assert_eq!(web.fields.len(), 1);
    assert_eq!(web.fields[0].field, "env.LOG_LEVEL");
    assert!(web.fields[0].sensitive && web.redeploy);
    let text = plan.render(false);
    assert!(text.contains("~ port = 80 -> 8080"), "{text}");
    assert!(
        text.ends_with("Plan: 0 to create, 2 to update, 0 to delete.\n"),
        "{text}"
    );
    let report = engine()
        .apply_plan(&m2, &plan, options(false))
        .await
        .expect("apply the edit");
    assert_all_applied(&report);
    assert!(!engine().plan(&m2).await.unwrap().has_changes());

    // 5. A service made by hand in the same project, and the compose stack dropped from the
    //    manifest: prune deletes the stack and nothing else.
    let production = client
        .environments()
        .find("shop", Some("production"))
        .await
        .unwrap();
    let by_hand = client
        .applications()
        .create(&production.environment_id, "adminer")
        .await
        .unwrap();
    let start = edited.find("        compose:\n").unwrap();
    let end = edited.find("        databases:\n").unwrap();
    let without_compose = format!("{}{}", &edited[..start], &edited[end..]);
    let m3 = manifest(&without_compose);
    let plan = engine().plan(&m3).await.expect("plan without the stack");
    assert_eq!(
        changes(&plan),
        [(
            Action::Delete,
            Kind::Compose,
            "shop/production/workers".to_string()
        )],
        "{}",
        plan.render(false)
    );
    assert!(plan.is_destructive());
    // Without --prune, the deletion is reported and not made.
    let report = engine()
        .apply_plan(&m3, &plan, options(false))
        .await
        .unwrap();
    assert!(
        matches!(report.results[0].outcome, StepOutcome::Skipped(_)),
        "{report:?}"
    );
    assert!(engine().plan(&m3).await.unwrap().has_changes());
    let report = engine().apply(&m3, options(true)).await.expect("prune").1;
    assert_all_applied(&report);
    assert_eq!(report.results.len(), 1, "{report:?}");
    let plan = engine().plan(&m3).await.unwrap();
    assert!(!plan.has_changes(), "{}", plan.render(false));
    let app = client.applications().one(&by_hand.application_id).await;
    assert!(app.is_ok(), "the hand-made application was deleted");
    let production = client
        .environments()
        .find("shop", Some("production"))
        .await
        .unwrap();
    assert!(production.compose.is_empty());

    // 6. Export of the project plans empty (the hand-made application included).
    let export = client
        .manifest()
        .export(&ExportOptions {
            project: Some("shop".into()),
        })
        .await
        .expect("export");
    for secret in ["AKIAEXAMPLE", "s3-secret-example", "db-password-example"] {
        assert!(
            !export.yaml.contains(secret),
            "{secret} in the export:\n{}",
            export.yaml
        );
    }
    assert!(export.yaml.contains("name: adminer"), "{}", export.yaml);
    assert!(
        !export.yaml.contains("-data"),
        "the data volume is Dokploy's: {}",
        export.yaml
    );
    let mut exported_secrets = Secrets::isolated();
    for (name, value) in &export.secrets {
        exported_secrets = exported_secrets.var(name, value);
    }
    let plan = client
        .manifest()
        .secrets(exported_secrets)
        .plan(&export.manifest)
        .await
        .expect("plan of the export");
    assert!(
        !plan.has_changes(),
        "{}\n{}",
        export.yaml,
        plan.render(false)
    );
}

async fn a_saved_plan_is_refused_once_dokploy_changed(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let m = manifest("apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    description: one\n");
    let plan = client.manifest().plan(&m).await.unwrap();
    client.projects().create("other", None).await.unwrap();
    // Another project changes nothing this plan is about.
    let plan = {
        let again = client.manifest().plan(&m).await.unwrap();
        assert_eq!(again.state, plan.state);
        again
    };
    client
        .projects()
        .create("shop", Some("made meanwhile"))
        .await
        .unwrap();
    let before = fake.requests().len();
    let err = client
        .manifest()
        .apply_plan(&m, &plan, options(false))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("the saved plan is stale"), "{err}");
    let posts = fake.requests()[before..]
        .iter()
        .filter(|r| r.method == "POST" && !r.procedure().contains(','))
        .count();
    assert_eq!(posts, 0, "nothing was changed");
}

async fn changes_made_in_dokploy_show_as_exactly_those_changes(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let m = manifest(
        "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    environments:\n      - name: production\n        applications:\n          - name: web\n            image: nginx:alpine\n            domains: [{host: shop.example.com, port: 80}]\n",
    );
    client.manifest().apply(&m, options(false)).await.unwrap();
    // Someone scales the application and moves the domain's port in Dokploy's UI.
    let env = client.environments().find("shop", None).await.unwrap();
    let web = client
        .applications()
        .one(&env.applications[0].application_id)
        .await
        .unwrap();
    client
        .applications()
        .update(&web.application_id, |b| b.replicas(3.0))
        .await
        .unwrap();
    client
        .domains()
        .update(&web.domains[0].domain_id, "shop.example.com", |b| {
            b.port(Some(8080.0))
        })
        .await
        .unwrap();
    let plan = client.manifest().plan(&m).await.unwrap();
    assert_eq!(
        changes(&plan),
        [
            (
                Action::Update,
                Kind::Application,
                "shop/production/web".to_string()
            ),
            (
                Action::Update,
                Kind::Domain,
                "shop/production/web/domain:shop.example.com/".to_string()
            ),
        ]
    );
    let text = plan.render(false);
    assert!(text.contains("~ replicas = 3 -> 1"), "{text}");
    assert!(text.contains("~ port = 8080 -> 80"), "{text}");
}

async fn unusable_manifests_fail_before_anything_is_sent(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let mutations = |fake: &FakeDokploy| {
        fake.requests()
            .iter()
            .filter(|r| r.method == "POST" && !r.procedure().contains(','))
            .count()
    };

    // An unresolvable secret: nothing at all is sent.
    let m = manifest(
        "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    environments:\n      - name: production\n        databases:\n          - {name: db, type: postgres, databaseName: app, user: app, password: \"${env:NOT_SET_ANYWHERE}\"}\n",
    );
    let err = client
        .manifest()
        .secrets(Secrets::isolated())
        .plan(&m)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("dokploy.yaml:7:"), "{err}");
    assert!(err.contains("NOT_SET_ANYWHERE is not set"), "{err}");
    assert!(fake.requests().is_empty(), "a request was sent");

    // A backup to a destination that exists nowhere, a server that does not exist.
    let m = manifest(
        "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    environments:\n      - name: production\n        applications:\n          - {name: web, image: nginx, server: edge-9}\n        databases:\n          - name: db\n            type: postgres\n            databaseName: app\n            user: app\n            backups:\n              - {destination: nowhere, schedule: \"0 3 * * *\"}\n",
    );
    let err = client.manifest().plan(&m).await.unwrap_err().to_string();
    assert!(err.contains("(2 problems)"), "{err}");
    assert!(
        err.contains("dokploy.yaml:7:13: application `web`: there is no server named `edge-9`"),
        "{err}"
    );
    assert!(
        err.contains(
            "dokploy.yaml:14:17: backup `nowhere/app`: there is no destination named `nowhere`"
        ),
        "{err}"
    );
    let err = client
        .manifest()
        .apply(&m, options(false))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("no destination named"), "{err}");

    // A name two live resources share.
    let (_, env) = common::project(&client, "twins").await;
    client.applications().create(&env, "web").await.unwrap();
    client.applications().create(&env, "web").await.unwrap();
    let before = mutations(&fake);
    let m = manifest(
        "apiVersion: dokploy/v1\nprojects:\n  - name: twins\n    environments:\n      - name: production\n        applications:\n          - {name: web, image: nginx}\n",
    );
    let err = client
        .manifest()
        .apply(&m, options(true))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("dokploy.yaml:7:13: application `web` matches 2 resources in Dokploy"),
        "{err}"
    );
    assert_eq!(mutations(&fake), before, "nothing was changed");
}

async fn a_refused_create_leaves_the_rest_applied_and_a_rerun_finishes(transport: Transport) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    // Dokploy writes basic-auth users into Traefik's middlewares.yml and refuses them where
    // the file does not exist yet (recording 371): the fake has none until a domain needs it.
    let yaml = "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    environments:\n      - name: production\n        applications:\n          - name: web\n            image: nginx:alpine\n            security:\n              - {username: admin, password: \"${env:AUTH}\"}\n            schedules:\n              - {name: cleanup, cron: \"0 3 * * *\", command: \"rm -rf /tmp/cache\"}\n          - name: api\n            image: nginx:alpine\n            ports:\n              - {published: 8080, target: 80}\n";
    let m = manifest(yaml);
    let engine = || {
        client
            .manifest()
            .secrets(Secrets::isolated().var("AUTH", "basic-auth-example"))
    };
    let (_, report) = engine().apply(&m, options(false)).await.unwrap();
    assert_eq!(report.failed(), 1, "{report:?}");
    let failed: Vec<_> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, StepOutcome::Failed(_)))
        .collect();
    assert_eq!(failed[0].kind, Kind::Security);
    match &failed[0].outcome {
        StepOutcome::Failed(message) => {
            assert!(message.contains("middlewares.yml"), "{message}");
            assert!(!message.contains("basic-auth-example"));
        }
        other => panic!("{other:?}"),
    }
    // Everything else was made, the deploys of what did not fail included.
    let made = |kind: Kind| {
        report
            .results
            .iter()
            .any(|r| r.kind == kind && r.outcome == StepOutcome::Applied)
    };
    assert!(made(Kind::Schedule) && made(Kind::Port));
    assert!(
        report
            .results
            .iter()
            .any(|r| r.action == "deploy" && r.address == "shop/production/api")
    );
    // The plan now holds only what is missing.
    let plan = engine().plan(&m).await.unwrap();
    assert_eq!(
        changes(&plan),
        [(
            Action::Create,
            Kind::Security,
            "shop/production/web/security:admin".to_string()
        )]
    );
    // Once Traefik's file exists (a path domain somewhere needs it), a re-run finishes.
    let env = client
        .environments()
        .find("shop", None)
        .await
        .unwrap()
        .environment_id;
    let legacy = client
        .applications()
        .create(&env, "legacy")
        .await
        .unwrap()
        .application_id;
    let mut domain = dokploy::resources::NewDomain::application(&legacy, "legacy.example.com", 80);
    domain.path = Some("/old".into());
    let domain_id = client.domains().create(domain).await.unwrap().domain_id;
    client
        .domains()
        .update(&domain_id, "legacy.example.com", |b| b.strip_path(true))
        .await
        .unwrap();
    let (_, report) = engine().apply(&m, options(false)).await.unwrap();
    assert!(report.succeeded(), "{report:?}");
    assert!(!engine().plan(&m).await.unwrap().has_changes());
}

async fn a_plan_reads_in_a_number_of_requests_that_does_not_grow_with_services(
    transport: Transport,
) {
    let fake = fake().await;
    let client = fake.client_on(transport);
    let mut yaml = String::from("apiVersion: dokploy/v1\nprojects:\n");
    for p in 0..3 {
        yaml.push_str(&format!(
            "  - name: p{p}\n    environments:\n      - name: production\n        applications:\n"
        ));
        for s in 0..4 {
            yaml.push_str(&format!("          - name: app{s}\n            image: nginx\n            domains: [{{host: a{s}.p{p}.example.com}}]\n"));
        }
        yaml.push_str("        databases:\n          - {name: db, type: redis}\n");
    }
    let m = manifest(&yaml);
    client
        .manifest()
        .apply(
            &m,
            ApplyOptions {
                deploy: false,
                ..options(false)
            },
        )
        .await
        .unwrap();
    let before = fake.requests().len();
    let plan = client.manifest().plan(&m).await.unwrap();
    assert!(!plan.has_changes(), "{}", plan.render(false));
    let reads: BTreeMap<String, usize> =
        fake.requests()[before..]
            .iter()
            .fold(BTreeMap::new(), |mut m, r| {
                *m.entry(r.method.clone()).or_default() += 1;
                m
            });
    // Two round trips: the instance-wide lists, then every project with its 15 services
    // and their schedules in one batch.
    assert_eq!(reads, BTreeMap::from([("GET".to_string(), 2)]));
}

crate::on_both_transports!(
    the_example_is_planned_applied_edited_pruned_and_exported,
    a_saved_plan_is_refused_once_dokploy_changed,
    changes_made_in_dokploy_show_as_exactly_those_changes,
    unusable_manifests_fail_before_anything_is_sent,
    a_refused_create_leaves_the_rest_applied_and_a_rerun_finishes,
    a_plan_reads_in_a_number_of_requests_that_does_not_grow_with_services,
);

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/dokploy-manifest.schema.json"
    );
    let generated = dokploy::manifest::json_schema_text();
    if std::env::var_os("DOKPLOY_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        shipped == generated,
        "schema/dokploy-manifest.schema.json is not the schema the types generate: run `DOKPLOY_BLESS=1 cargo test --test manifest the_shipped_schema` and commit it"
    );
}

#[test]
fn the_schema_validates_the_readme_example_and_refuses_unknown_keys() {
    let schema = dokploy::manifest::json_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema");
    // The YAML as data (not through the manifest's types).
    let example: serde_json::Value = serde_saphyr::from_str(&readme_example()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut wrong = example.clone();
    wrong["projects"][0]["environments"][0]["applications"][0]["imgae"] = "nginx".into();
    assert!(!validator.is_valid(&wrong));
}
