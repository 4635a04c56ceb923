//! Backups and backup destinations: the typed models decode what Dokploy v0.30.2 answered
//! (recordings 60–87), and the workflows work through the public API against the fake.

mod common;

use dokploy::Transport;
use std::time::Duration;

use dokploy::fake::{BackupOutcome, FakeDokploy};
use dokploy::models::{
    Backup, BackupDatabaseType, BackupTarget, BackupType, Database, DatabaseCredentials,
    DatabaseKind, DatabaseRef, DatabaseSetting, Deployment, DeploymentStatus, DeploymentTarget,
    Destination, S3Provider,
};
use dokploy::resources::{BackupChanges, NewBackup, NewCompose, NewDatabase, NewDestination};
use dokploy::{DeployEvent, DeployTarget, Error, WaitOptions};
use serde::de::DeserializeOwned;

use common::recording;

const SECRET: &str = "census-secret-invented";

fn decode<T: DeserializeOwned>(prefix: &str) -> T {
    let rec = recording(prefix);
    dokploy::Body::from_bytes(reqwest::StatusCode::OK, rec.body)
        .decode()
        .unwrap_or_else(|e| panic!("recording {prefix}: {e}"))
}

fn fast() -> WaitOptions {
    WaitOptions {
        poll_interval: Duration::from_millis(20),
        max_poll_interval: Duration::from_millis(50),
        start_timeout: Duration::from_secs(5),
        ..WaitOptions::default()
    }
}

#[test]
fn every_success_recording_of_60_to_87_decodes_into_the_typed_models() {
    for prefix in ["60-", "61-", "63-", "64-", "85-"] {
        let destination: Destination = decode(prefix);
        assert_eq!(destination.provider, Some(S3Provider::Minio), "{prefix}");
        assert_eq!(
            destination.secret_access_key.as_ref().map(|s| s.expose()),
            Some(SECRET)
        );
        assert_eq!(destination.access_key.as_deref(), Some("census-access"));
        assert!(
            destination.extra.is_empty(),
            "{prefix}: {:?}",
            destination.extra
        );
        assert!(!format!("{destination:?}").contains(SECRET), "{prefix}");
    }
    let updated: Destination = decode("63-");
    assert_eq!(updated.additional_flags, ["--s3-acl=private"]);
    let all: Vec<Destination> = decode("62-");
    assert_eq!(all[0].name, "census-dest");
    let none: Vec<Destination> = decode("87-");
    assert!(none.is_empty());

    for prefix in ["69-", "72-"] {
        let rec = recording(prefix);
        dokploy::Body::from_bytes(reqwest::StatusCode::OK, rec.body)
            .expect_done()
            .unwrap_or_else(|e| panic!("{prefix}: {e}"));
    }

    let postgres: Database = decode("70-");
    assert_eq!(postgres.kind(), DatabaseKind::Postgres);
    let listed: Vec<Backup> =
        serde_json::from_value(recording("70-").json["backups"].clone()).unwrap();
    let backup = &listed[0];
    assert_eq!(
        backup.target(),
        Some(BackupTarget::Database(DatabaseRef::new(
            DatabaseKind::Postgres,
            "CbTNHLzJV0LRj4yFMKR2m"
        )))
    );
    assert_eq!(backup.keep_latest_count, Some(3));
    assert_eq!(backup.backup_type, Some(BackupType::Database));
    assert_eq!(backup.database_type, Some(BackupDatabaseType::Postgres));
    let nested = backup.destination.as_ref().unwrap();
    assert_eq!(
        (
            nested.access_key.as_ref(),
            nested.secret_access_key.as_ref()
        ),
        (None, None)
    );
    assert!(backup.deployments.is_empty());
    assert!(backup.extra.is_empty(), "{:?}", backup.extra);

    for prefix in ["71-", "73-"] {
        let one: Backup = decode(prefix);
        assert_eq!(one.backup_id, "CyYn2go0pb5sxDpI9cmJ7");
        assert!(one.target().is_some(), "{prefix}");
        // The owner's row rides along in `extra`, its password hidden from Debug.
        assert!(one.extra.get("postgres").is_some());
        assert!(
            !format!("{one:?}").contains("census-pw-invented"),
            "{prefix}"
        );
    }
    let after: Backup = decode("73-");
    assert_eq!(
        (after.schedule.as_deref(), after.keep_latest_count),
        (Some("0 4 1 1 *"), Some(5))
    );
    let removed: Backup = decode("82-");
    assert_eq!(removed.prefix.as_deref(), Some("census-2/"));

    let runs: Vec<Deployment> = decode("79-");
    assert_eq!(runs[0].status, DeploymentStatus::Error);
    assert_eq!(runs[0].title.as_deref(), Some("Initializing Backup"));
    let log: String = decode("81-");
    assert!(log.starts_with("Initializing backup\n"));
}

#[test]
fn the_rclone_command_lines_in_recorded_errors_lose_their_secret() {
    for prefix in ["68-", "78-", "80-"] {
        let rec = recording(prefix);
        let body = dokploy::Body::from_bytes(reqwest::StatusCode::BAD_REQUEST, rec.body);
        let message = rec.json["message"].as_str().unwrap();
        assert!(message.contains(SECRET), "{prefix}: the recording has it");
        let redacted = dokploy::redact::redact_text(message);
        assert!(!redacted.contains(SECRET), "{prefix}: {redacted}");
        assert!(
            redacted.contains("--s3-secret-access-key=<redacted>"),
            "{prefix}"
        );
        assert!(
            redacted.contains("--s3-access-key-id=census-access"),
            "{prefix}"
        );
        drop(body);
    }
}

/// A fake, a client, a postgres database `orders` and a destination.
struct Setup {
    fake: FakeDokploy,
    client: dokploy::Client,
    env_id: String,
    db: DatabaseRef,
    destination_id: String,
}

/// Creates a `kind` database called `name` (user `app`; a database `name` inside where the kind
/// has one).
async fn database(
    client: &dokploy::Client,
    env_id: &str,
    kind: DatabaseKind,
    name: &str,
) -> DatabaseRef {
    let needs_name = kind
        .required_settings()
        .contains(&DatabaseSetting::DatabaseName);
    let new = NewDatabase::of_kind(
        kind,
        env_id,
        name,
        needs_name.then(|| name.to_string()),
        Some("app".to_string()),
    )
    .unwrap();
    client.databases().create(new).await.unwrap().reference
}

async fn setup(transport: Transport) -> Setup {
    let fake = common::fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env_id) = common::project(&client, "shop").await;
    let db = database(&client, &env_id, DatabaseKind::Postgres, "orders").await;
    let new = NewDestination::new(
        "offsite",
        "http://127.0.0.1:9",
        "backups",
        "us-east-1",
        "census-access",
        SECRET,
    )
    .provider(S3Provider::Minio);
    let destination_id = client
        .destinations()
        .create(new)
        .await
        .unwrap()
        .destination_id;
    Setup {
        fake,
        client,
        env_id,
        db,
        destination_id,
    }
}

impl Setup {
    async fn nightly(&self) -> Backup {
        let new = NewBackup::database(self.db.clone(), "orders", &self.destination_id, "0 3 * * *")
            .prefix("nightly/");
        self.client.backups().create(new).await.unwrap()
    }
}

async fn a_postgres_backup_to_s3_that_fails_shows_its_log_tail(transport: Transport) {
    let s = setup(transport).await;
    let backup = s.nightly().await;
    s.fake.set_backup_outcome(BackupOutcome::Error {
        log: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.".into(),
    });
    let outcome = s
        .client
        .backups()
        .run(&backup.backup_id)
        .options(fast())
        .wait()
        .await
        .expect("a failed backup is an outcome, not an error");
    assert!(!outcome.succeeded());
    assert_eq!(outcome.status(), &DeploymentStatus::Error);
    assert_eq!(
        outcome.target,
        DeployTarget::Backup(backup.backup_id.clone())
    );
    let log = outcome.log_tail.clone().unwrap();
    assert!(log.starts_with("Initializing backup\n"), "{log}");
    assert!(log.ends_with("Cannot connect to the Docker daemon at unix:///var/run/docker.sock."));
    let answer = outcome.trigger_error.clone().unwrap();
    assert_eq!(answer.status.as_u16(), 400);
    assert!(
        answer
            .message
            .starts_with("Command execution failed: Command failed: \n\tset -eo pipefail;")
    );
    assert!(answer.message.contains("--s3-secret-access-key=<redacted>"));
    assert!(!answer.message.contains(SECRET));
    let error = outcome.clone().into_result().unwrap_err();
    assert!(error.to_string().contains("ended error"), "{error}");
    for shown in [
        format!("{outcome:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
    }
    // The run's row is the one `deployment.allByType` lists for the backup.
    let runs = s
        .client
        .deployments()
        .all_by_type(&backup.backup_id, DeploymentTarget::Backup)
        .await
        .unwrap();
    assert_eq!(runs[0].deployment_id, outcome.deployment.deployment_id);
}

async fn a_backup_that_succeeds_is_followed_to_done_and_uploads_a_file(transport: Transport) {
    let s = setup(transport).await;
    let backup = s.nightly().await;
    let mut events = Vec::new();
    let outcome = s
        .client
        .backups()
        .run(&backup.backup_id)
        .options(fast())
        .on_progress(|e| events.push(e.clone()))
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded());
    assert!(outcome.log_tail.is_none() && outcome.trigger_error.is_none());
    assert_eq!(
        outcome.deployment.title.as_deref(),
        Some("Initializing Backup")
    );
    assert!(matches!(
        events.first(),
        Some(DeployEvent::Triggered { .. })
    ));
    assert_eq!(
        events[0].to_string(),
        format!("backup {} was run", backup.backup_id)
    );
    assert!(matches!(events.last(), Some(DeployEvent::Finished { .. })));
    let files = s
        .client
        .backups()
        .files_of(&backup.backup_id)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].path.contains("/nightly/") && files[0].path.ends_with(".sql.gz"));
    // Listed from the bucket's root, the database's folder is a directory entry.
    let app_name = files[0].path.split('/').next().unwrap().to_string();
    let root = s
        .client
        .backups()
        .list_files(&s.destination_id, &app_name)
        .await
        .unwrap();
    assert!(root[0].is_dir && root[0].path == app_name, "{root:?}");
}

async fn keep_latest_count_prunes_older_files_after_each_run(transport: Transport) {
    let s = setup(transport).await;
    let new =
        NewBackup::database(s.db.clone(), "orders", &s.destination_id, "@daily").keep_latest(2);
    let backup = s.client.backups().create(new).await.unwrap();
    for _ in 0..3 {
        let run = s.client.backups().run(&backup.backup_id).options(fast());
        run.wait().await.unwrap().into_result().unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await; // distinct timestamps
    }
    assert_eq!(
        s.client
            .backups()
            .files_of(&backup.backup_id)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn creating_a_backup_returns_it_with_its_id(transport: Transport) {
    let s = setup(transport).await;
    // An older backup of the same database with the same settings is never the one returned.
    let older = s.nightly().await;
    let backup = s.nightly().await;
    assert!(!backup.backup_id.is_empty());
    assert_ne!(backup.backup_id, older.backup_id);
    assert_eq!(
        backup.destination_id.as_deref(),
        Some(s.destination_id.as_str())
    );
    assert_eq!(backup.enabled, Some(true));
    assert_eq!(
        s.client
            .backups()
            .one(&backup.backup_id)
            .await
            .unwrap()
            .backup_id,
        backup.backup_id
    );
    let creates = s
        .fake
        .requests()
        .iter()
        .filter(|r| r.procedure() == "backup.create")
        .count();
    assert_eq!(creates, 2, "each create is sent exactly once");
    let listed = s
        .client
        .backups()
        .of(&BackupTarget::Database(s.db.clone()))
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
}

async fn every_kind_is_created_run_and_listed(transport: Transport) {
    let s = setup(transport).await;
    let backups = s.client.backups();
    for kind in [
        DatabaseKind::Mysql,
        DatabaseKind::Mariadb,
        DatabaseKind::Mongo,
        DatabaseKind::Libsql,
    ] {
        let db = database(&s.client, &s.env_id, kind, "app").await;
        let backup = backups
            .create(NewBackup::database(
                db.clone(),
                "app",
                &s.destination_id,
                "@daily",
            ))
            .await
            .unwrap();
        assert_eq!(
            backup.target(),
            Some(BackupTarget::Database(db.clone())),
            "{kind}"
        );
        let outcome = backups
            .run(&backup.backup_id)
            .options(fast())
            .wait()
            .await
            .unwrap();
        assert!(outcome.succeeded(), "{kind}");
        assert_eq!(
            backups.of(&db.into()).await.unwrap()[0].deployments.len(),
            1,
            "{kind}"
        );
    }

    let yaml = "services:\n  db:\n    image: mariadb:11\n";
    let stack = s
        .client
        .compose()
        .create(NewCompose::from_yaml(&s.env_id, "shop", yaml))
        .await
        .unwrap();
    let new = NewBackup::compose(
        &stack.compose_id,
        "db",
        DatabaseKind::Mariadb,
        "shop",
        &s.destination_id,
        "@daily",
    )
    .credentials(DatabaseCredentials::user("shop").password("mariadb-pw"));
    let compose = backups.create(new).await.unwrap();
    assert_eq!(
        compose.target(),
        Some(BackupTarget::Compose {
            compose_id: stack.compose_id.clone(),
            service_name: Some("db".into())
        })
    );
    assert!(!format!("{compose:?}").contains("mariadb-pw"));
    assert!(
        backups
            .run(&compose.backup_id)
            .options(fast())
            .wait()
            .await
            .unwrap()
            .succeeded()
    );
    let of_stack = BackupTarget::Compose {
        compose_id: stack.compose_id.clone(),
        service_name: None,
    };
    assert_eq!(backups.of(&of_stack).await.unwrap().len(), 1);
    let of_other_service = BackupTarget::Compose {
        compose_id: stack.compose_id,
        service_name: Some("web".into()),
    };
    assert!(backups.of(&of_other_service).await.unwrap().is_empty());

    let web = backups
        .create(NewBackup::web_server(&s.destination_id, "0 4 * * 0"))
        .await
        .unwrap();
    assert_eq!(web.target(), Some(BackupTarget::WebServer));
    let outcome = backups
        .run(&web.backup_id)
        .options(fast())
        .wait()
        .await
        .unwrap();
    assert_eq!(
        outcome.deployment.title.as_deref(),
        Some("Web Server Backup")
    );
    assert!(outcome.succeeded());
    assert!(
        backups.files_of(&web.backup_id).await.unwrap()[0]
            .path
            .ends_with(".zip")
    );
}

async fn failed_runs_of_other_kinds_carry_dokploys_answer_for_that_kind(transport: Transport) {
    let s = setup(transport).await;
    let backups = s.client.backups();
    let mysql = database(&s.client, &s.env_id, DatabaseKind::Mysql, "shop").await;
    let backup = backups
        .create(NewBackup::database(
            mysql,
            "shop",
            &s.destination_id,
            "@daily",
        ))
        .await
        .unwrap();
    let web = backups
        .create(NewBackup::web_server(&s.destination_id, "@weekly"))
        .await
        .unwrap();
    s.fake.set_backup_outcome(BackupOutcome::Error {
        log: "Dokploy postgres container not found".into(),
    });

    let outcome = backups
        .run(&backup.backup_id)
        .options(fast())
        .wait()
        .await
        .unwrap();
    assert!(!outcome.succeeded());
    assert_eq!(
        outcome.trigger_error.unwrap().message,
        "Error running manual MySQL backup "
    );
    assert!(
        outcome
            .log_tail
            .unwrap()
            .ends_with("Dokploy postgres container not found")
    );

    let outcome = backups
        .run(&web.backup_id)
        .options(fast())
        .wait()
        .await
        .unwrap();
    let answer = outcome.trigger_error.unwrap();
    assert_eq!(
        (answer.status.as_u16(), answer.message.as_str()),
        (500, "Dokploy postgres container not found")
    );
}

async fn listing_backup_files_never_sends_an_empty_search(transport: Transport) {
    let s = setup(transport).await;
    let backup = s.nightly().await;
    let error = s
        .client
        .backups()
        .list_files(&s.destination_id, "")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    s.client
        .backups()
        .files_of(&backup.backup_id)
        .await
        .unwrap();
    s.client
        .backups()
        .list_files(&s.destination_id, "orders")
        .await
        .unwrap();
    let listings: Vec<String> = s
        .fake
        .requests()
        .iter()
        .filter(|r| r.procedure() == "backup.listBackupFiles")
        .map(|r| r.query.clone().unwrap_or_default())
        .collect();
    assert_eq!(listings.len(), 2, "{listings:?}");
    for query in s.fake.requests().iter().filter_map(|r| r.query.clone()) {
        assert!(
            query.split('&').all(|pair| !pair.ends_with('=')),
            "an empty query parameter was sent: {query}"
        );
    }
}

async fn unknown_ids_are_not_found_through_the_typed_methods(transport: Transport) {
    let s = setup(transport).await;
    let backups = s.client.backups();
    let destinations = s.client.destinations();
    // backup.update / remove answer 400 "Backup not found"; destination.update 400,
    // destination.remove and the reads 404.
    assert!(
        backups
            .one("does-not-exist")
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        backups
            .update("does-not-exist", BackupChanges::new())
            .await
            .unwrap_err()
            .is_not_found()
    );
    let removed = backups.remove("does-not-exist").await.unwrap_err();
    assert!(
        removed.is_not_found() && removed.status().map(|s| s.as_u16()) == Some(400),
        "{removed}"
    );
    let run = backups
        .run("does-not-exist")
        .options(fast())
        .wait()
        .await
        .unwrap_err();
    assert!(run.is_not_found(), "{run}");
    assert!(
        destinations
            .one("does-not-exist")
            .await
            .unwrap_err()
            .is_not_found()
    );
    let settings = NewDestination::new("x", "http://127.0.0.1:9", "b", "us-east-1", "k", "s");
    let updated = destinations
        .update("does-not-exist", settings)
        .await
        .unwrap_err();
    assert!(
        updated.is_not_found() && updated.status().map(|s| s.as_u16()) == Some(400),
        "{updated}"
    );
    let removed = destinations.remove("does-not-exist").await.unwrap_err();
    assert!(removed.is_not_found() && removed.status().map(|s| s.as_u16()) == Some(404));
    assert!(
        destinations
            .test("does-not-exist")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn updating_a_backup_changes_only_what_is_asked(transport: Transport) {
    let s = setup(transport).await;
    let backup = s.nightly().await;
    let changed = s
        .client
        .backups()
        .update(
            &backup.backup_id,
            BackupChanges::new()
                .schedule("0 4 * * *")
                .keep_latest(5)
                .enabled(false),
        )
        .await
        .unwrap();
    assert_eq!(changed.schedule.as_deref(), Some("0 4 * * *"));
    assert_eq!(
        (changed.keep_latest_count, changed.enabled),
        (Some(5), Some(false))
    );
    assert_eq!(changed.prefix, backup.prefix);
    assert_eq!(changed.database, backup.database);
    let kept_all = s
        .client
        .backups()
        .update(&backup.backup_id, BackupChanges::new().keep_all())
        .await
        .unwrap();
    assert_eq!(
        (kept_all.keep_latest_count, kept_all.schedule.as_deref()),
        (None, Some("0 4 * * *"))
    );
}

async fn removing_a_database_or_a_destination_removes_its_backups(transport: Transport) {
    let s = setup(transport).await;
    let backup = s.nightly().await;
    s.client.databases().remove(&s.db).await.unwrap();
    assert!(
        s.client
            .backups()
            .one(&backup.backup_id)
            .await
            .unwrap_err()
            .is_not_found()
    );

    let db = database(&s.client, &s.env_id, DatabaseKind::Postgres, "again").await;
    let new = NewBackup::database(db.clone(), "again", &s.destination_id, "@daily");
    let backup = s.client.backups().create(new).await.unwrap();
    let removed = s
        .client
        .destinations()
        .remove(&s.destination_id)
        .await
        .unwrap();
    assert_eq!(removed.secret_access_key.unwrap().expose(), SECRET);
    assert!(
        s.client
            .backups()
            .one(&backup.backup_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(s.client.backups().of(&db.into()).await.unwrap().is_empty());
}

async fn what_dokploy_cannot_run_is_refused_before_anything_is_sent(transport: Transport) {
    let s = setup(transport).await;
    let backups = s.client.backups();
    let redis = DatabaseRef::new(DatabaseKind::Redis, "r1");
    let error = backups
        .create(NewBackup::database(redis, "x", &s.destination_id, "@daily"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("redis"), "{error}");
    let bare = NewBackup::compose(
        "c1",
        "db",
        DatabaseKind::Mysql,
        "shop",
        &s.destination_id,
        "@daily",
    );
    let error = backups.create(bare).await.unwrap_err();
    assert!(
        error.to_string().contains("databaseRootPassword"),
        "{error}"
    );
    let backup = s.nightly().await;
    let error = backups
        .run(&backup.backup_id)
        .title("nightly")
        .wait()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    let sent: Vec<String> = s
        .fake
        .requests()
        .iter()
        .map(|r| r.procedure().to_string())
        .collect();
    assert_eq!(
        sent.iter()
            .filter(|p| p.as_str() == "backup.create")
            .count(),
        1,
        "{sent:?}"
    );
    assert!(
        !sent.iter().any(|p| p.starts_with("backup.manualBackup")),
        "{sent:?}"
    );
}

async fn destinations_are_created_tested_updated_and_never_show_their_secret(transport: Transport) {
    let s = setup(transport).await;
    let destinations = s.client.destinations();
    let saved = destinations.one(&s.destination_id).await.unwrap();
    assert_eq!(saved.secret_access_key.as_ref().unwrap().expose(), SECRET);
    destinations.test(&s.destination_id).await.unwrap();
    let mut settings = NewDestination::from_destination(&saved).unwrap();
    settings = settings.flag("--s3-acl=private");
    let updated = destinations
        .update(&s.destination_id, settings.clone())
        .await
        .unwrap();
    assert_eq!(updated.additional_flags, ["--s3-acl=private"]);

    s.fake.set_backup_outcome(BackupOutcome::Error {
        log: "no route".into(),
    });
    let tested = destinations.test_connection(&settings).await.unwrap_err();
    let listed = s
        .client
        .backups()
        .list_files(&s.destination_id, "orders")
        .await
        .unwrap_err();
    for error in [&tested, &listed] {
        let (shown, debug) = (error.to_string(), format!("{error:?}"));
        assert!(shown.contains("rclone"), "{shown}");
        assert!(
            shown.contains("--s3-secret-access-key=<redacted>"),
            "{shown}"
        );
        assert!(
            !shown.contains(SECRET) && !debug.contains(SECRET),
            "{shown}\n{debug}"
        );
    }
    for shown in [
        format!("{saved:?}"),
        format!("{settings:?}"),
        format!("{updated:?}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
    }
    // Nested in a backup, a destination has no keys to rebuild settings from.
    let backup = s.nightly().await;
    let nested = s
        .client
        .backups()
        .one(&backup.backup_id)
        .await
        .unwrap()
        .destination
        .unwrap();
    assert!(NewDestination::from_destination(&nested).is_err());
}

crate::on_both_transports!(
    a_postgres_backup_to_s3_that_fails_shows_its_log_tail,
    a_backup_that_succeeds_is_followed_to_done_and_uploads_a_file,
    keep_latest_count_prunes_older_files_after_each_run,
    creating_a_backup_returns_it_with_its_id,
    every_kind_is_created_run_and_listed,
    failed_runs_of_other_kinds_carry_dokploys_answer_for_that_kind,
    listing_backup_files_never_sends_an_empty_search,
    unknown_ids_are_not_found_through_the_typed_methods,
    updating_a_backup_changes_only_what_is_asked,
    removing_a_database_or_a_destination_removes_its_backups,
    what_dokploy_cannot_run_is_refused_before_anything_is_sent,
    destinations_are_created_tested_updated_and_never_show_their_secret,
);
