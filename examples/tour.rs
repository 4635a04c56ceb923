//! A tour of the `dokploy` crate: the seed guide's workflows, end to end.
//!
//! ```sh
//! cargo run --example tour                 # against an embedded fake Dokploy
//! DOKPLOY_API_URL=https://dokploy.example.com DOKPLOY_API_KEY=... cargo run --example tour [-- --yes]
//! ```
//!
//! The backup and notification steps use only the closed port 127.0.0.1:9 on Dokploy's own
//! host as their S3 endpoint and webhook, so nothing outside is contacted (their tests fail,
//! which the tour shows).
//!
//! Against a real Dokploy it creates its own uniquely named project, works inside it, and
//! removes it at the end, its services taken down first (Dokploy's `project.remove` alone
//! would leave them running); it asks before creating and before removing anything unless
//! `--yes`.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use dokploy::fake::FakeDokploy;
use dokploy::models::{
    Database, NotificationEvent, NotificationEvents, Project, ProjectTree, S3Provider,
    SlackSettings,
};
use dokploy::resources::{
    DockerImage, NewBackup, NewCompose, NewDatabase, NewDestination, NewDomain, Volumes,
};
use dokploy::{Client, DeployEvent, EnvTarget, WaitOptions};

const COMPOSE_YAML: &str = "services:
  web:
    image: nginx:1.27-alpine
    ports:
      - 8080:80
  cache:
    image: redis:8-alpine
";

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("\nerror: {e}");
        std::process::exit(1);
    }
}

async fn run() -> dokploy::Result<()> {
    let yes = std::env::args().any(|a| a == "--yes" || a == "-y");
    // Keep the fake alive for the whole tour (dropping it stops the server).
    let (client, _fake, real) = match std::env::var("DOKPLOY_API_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let client = Client::from_env()?;
            println!(
                "Dokploy at {} (this client was generated for Dokploy {})",
                client.base_url(),
                dokploy::DOKPLOY_VERSION
            );
            (client, None, true)
        }
        _ => {
            let fake = FakeDokploy::start().await.map_err(|e| {
                dokploy::Error::Config(format!("the embedded fake could not start: {e}"))
            })?;
            println!(
                "DOKPLOY_API_URL is not set: touring an embedded fake Dokploy at {}\n(set DOKPLOY_API_URL and DOKPLOY_API_KEY to tour your own)",
                fake.base_url()
            );
            (fake.client(), Some(fake), false)
        }
    };
    let name = format!("dokploy-rs-tour-{}", suffix());

    section("1. Projects and their resources");
    let projects = timed("project.all", client.projects().all()).await?;
    print_tree(&projects);

    if real
        && !yes
        && !confirm(&format!(
            "Create project {name:?} (an nginx application, a postgres database, a compose stack) and deploy on this Dokploy?"
        ))?
    {
        println!("Nothing created.");
        return Ok(());
    }

    section("2. A project and its default environment");
    let created = timed(
        "project.create",
        client
            .projects()
            .create(&name, Some("created by the dokploy Rust crate's tour")),
    )
    .await?;
    println!(
        "  project {} ({})",
        created.project.name, created.project.project_id
    );
    println!(
        "  default environment: {} ({})",
        created.environment.name, created.environment.environment_id
    );
    let env = timed(
        "find the environment by project name",
        client.environments().find(&name, None),
    )
    .await?;
    assert_eq!(env.environment_id, created.environment.environment_id);
    let env_id = env.environment_id.clone();
    timed(
        "a project variable LOG_LEVEL (services use it as ${{project.LOG_LEVEL}})",
        client
            .env_vars(EnvTarget::Project(created.project.project_id.clone()))
            .set("LOG_LEVEL", "info"),
    )
    .await?;

    let result = tour_inside(&client, &env_id, real).await;

    section("10. Clean up");
    if real
        && !yes
        && !confirm(&format!(
            "Take down project {name:?}'s services (their volumes too) and remove it? This cannot be undone."
        ))?
    {
        println!("  kept project {name:?} ({})", created.project.project_id);
    } else {
        // `project.remove` alone deletes Dokploy's rows and leaves the services running.
        let removed = timed(
            "each service's delete/remove, then project.remove",
            client
                .projects()
                .remove_with_services(&created.project.project_id, Volumes::Delete),
        )
        .await?;
        for service in &removed.services {
            println!("  took down {service}");
        }
        println!("  removed project {}", removed.project.name);
    }
    result?;
    println!("\nDone.");
    Ok(())
}

async fn tour_inside(client: &Client, env_id: &str, real: bool) -> dokploy::Result<()> {
    section("3. An application: env vars, a Docker image, deploy and wait");
    let app = timed(
        "application.create",
        client.applications().create(env_id, "web"),
    )
    .await?;
    let app_id = app.application_id.clone();
    println!(
        "  application {} ({}), Docker name {}",
        app.name,
        app_id,
        app.app_name.clone().unwrap_or_default()
    );
    let vars = timed(
        "set env vars (read-modify-write, build args and secrets kept)",
        client
            .env_vars(EnvTarget::Application(app_id.clone()))
            .update(|vars| {
                vars.set("NODE_ENV", "production")?;
                vars.set("PORT", "80")?;
                // Resolved by Dokploy at deploy time; an undefined one would fail the deploy,
                // so deploy-and-wait checks them first.
                vars.set("LOG_LEVEL", "${{project.LOG_LEVEL}}")
            }),
    )
    .await?;
    println!("  env: {}", vars.keys().collect::<Vec<_>>().join(", "));
    timed(
        "application.saveDockerProvider nginx:1.27-alpine",
        client
            .applications()
            .save_docker_provider(&app_id, DockerImage::public("nginx:1.27-alpine")),
    )
    .await?;
    let waits = if real {
        WaitOptions::default()
    } else {
        WaitOptions {
            poll_interval: Duration::from_millis(200),
            ..WaitOptions::default()
        }
    };
    let started = Instant::now();
    let outcome = client
        .deploy_application(&app_id)
        .title("dokploy-rs tour")
        .options(waits.clone())
        .on_progress(|event| match event {
            DeployEvent::Queued { elapsed } => {
                println!("    … queued ({:.1}s)", elapsed.as_secs_f64())
            }
            DeployEvent::Running { elapsed, .. } => {
                println!("    … running ({:.1}s)", elapsed.as_secs_f64())
            }
            other => println!("    {other}"),
        })
        .wait()
        .await?;
    println!(
        "  deployment {} ended {} in {:.1}s",
        outcome.deployment.deployment_id,
        outcome.status(),
        started.elapsed().as_secs_f64()
    );
    if let Some(tail) = &outcome.log_tail {
        println!("  last log lines:");
        for line in tail
            .lines()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            println!("    | {line}");
        }
    }

    section("4. A domain");
    let host = format!(
        "{}.example.com",
        app.app_name.clone().unwrap_or_else(|| "tour".into())
    );
    let domain = timed(
        "domain.create",
        client
            .domains()
            .create(NewDomain::application(&app_id, &host, 80)),
    )
    .await?;
    println!(
        "  {} → {} port {}",
        domain.host,
        app.name,
        domain.port.unwrap_or_default()
    );

    section("5. A PostgreSQL database");
    let db = timed(
        "postgres.create",
        client
            .databases()
            .create(NewDatabase::postgres(env_id, "orders", "orders", "app")),
    )
    .await?;
    println!(
        "  {} ({}), password {}",
        db.name,
        db.id(),
        // A `Secret`: shown only through `.expose()`, which a tour has no reason to call.
        if db.database_password.is_some() {
            "generated by Dokploy (not shown)"
        } else {
            "none"
        }
    );
    match timed(
        "postgres.deploy (synchronous)",
        client.databases().deploy(&db.reference),
    )
    .await
    {
        Ok(deployed) => println!("  status {}", status(deployed.application_status.as_ref())),
        Err(e) => println!("  the deploy failed: {e}"),
    }

    section("6. A compose stack from inline YAML");
    let stack = timed(
        "compose.create (sourceType raw)",
        client
            .compose()
            .create(NewCompose::from_yaml(env_id, "site", COMPOSE_YAML)),
    )
    .await?;
    let services = timed(
        "compose.loadServices (fetch)",
        client.compose().load_services(&stack.compose_id),
    )
    .await?;
    println!(
        "  {} ({}) services: {}",
        stack.name,
        stack.compose_id,
        services.join(", ")
    );

    backups_and_notifications(client, &db, &waits, &app_id).await?;

    section("9. Deployment history");
    for d in timed("deployment.all", client.deployments().all(&app_id)).await? {
        println!(
            "  {} {:<9} {} started {} finished {}",
            d.deployment_id,
            d.status.as_str(),
            d.title.as_deref().unwrap_or(""),
            d.started_at.as_deref().unwrap_or("-"),
            d.finished_at.as_deref().unwrap_or("-")
        );
    }
    println!("\n  the project now:");
    let project = client
        .environments()
        .one(env_id)
        .await?
        .project
        .map(|p| p.project_id);
    if let Some(project_id) = project {
        print_tree(&[client.projects().one(&project_id).await?]);
    }
    Ok(())
}

/// Steps 7 and 8: a backup of the database to an S3 destination, run now and waited for; a
/// Slack notification for build errors, tested and removed. Every address is the closed port
/// 127.0.0.1:9 on Dokploy's own host, so against a real Dokploy nothing outside is contacted
/// (rclone and the Slack test fail on loopback, which the tour shows).
async fn backups_and_notifications(
    client: &Client,
    db: &Database,
    waits: &WaitOptions,
    tag: &str,
) -> dokploy::Result<()> {
    section("7. Backups: a destination, a nightly backup of the database, a run now");
    let settings = NewDestination::new(
        "tour-offsite",
        "http://127.0.0.1:9",
        "tour-backups",
        "us-east-1",
        "tour-access-key",
        "tour-secret-key",
    )
    .provider(S3Provider::Minio);
    match timed(
        "destination.testConnection",
        client.destinations().test_connection(&settings),
    )
    .await
    {
        Ok(()) => println!("  the bucket answers"),
        Err(e) => println!("  not reachable (expected on loopback): {e}"),
    }
    let destination = timed("destination.create", client.destinations().create(settings)).await?;
    let backup = timed(
        "backup.create (found again in postgres.one → backups[])",
        client.backups().create(
            NewBackup::database(
                db.reference.clone(),
                "orders",
                &destination.destination_id,
                "0 3 * * *",
            )
            .prefix("tour/")
            .keep_latest(3),
        ),
    )
    .await?;
    println!(
        "  backup {} of {} every \"{}\"",
        backup.backup_id,
        backup.target().map(|t| t.to_string()).unwrap_or_default(),
        backup.schedule.as_deref().unwrap_or_default()
    );
    let outcome = client
        .backups()
        .run(&backup.backup_id)
        .options(waits.clone())
        .on_progress(|event| println!("    {event}"))
        .wait()
        .await?;
    println!(
        "  run {} ended {}",
        outcome.deployment.deployment_id,
        outcome.status()
    );
    if let Some(tail) = &outcome.log_tail {
        println!(
            "  last log line: {}",
            tail.lines().last().unwrap_or_default()
        );
    }
    if let Some(reason) = outcome.reason() {
        // Dokploy's answer is the whole backup script (S3 secret redacted) and then what failed:
        // `reason` skips the script, or reads the log when the script printed nothing.
        println!("  why: {reason}");
    }
    match client.backups().files_of(&backup.backup_id).await {
        Ok(files) => {
            for file in files {
                println!("  file {} ({} bytes)", file.path, file.size.unwrap_or(0));
            }
        }
        Err(e) => println!("  files not listed: {e}"),
    }
    // Removing the destination removes the backups that upload to it.
    timed(
        "destination.remove",
        client.destinations().remove(&destination.destination_id),
    )
    .await?;

    section("8. Notifications: a Slack alert for build errors, tested and removed");
    let slack = SlackSettings::new("http://127.0.0.1:9/dokploy-rs-tour", "#deploys");
    let events = NotificationEvents::of([NotificationEvent::AppBuildError]);
    let alert = timed(
        "notification.createSlack (found again through notification.all)",
        client
            .notifications()
            .create(&format!("dokploy-rs-tour-{tag}"), events, slack),
    )
    .await?;
    println!(
        "  {} ({}) for {:?}",
        alert.name,
        alert.notification_type,
        alert.events.enabled().collect::<Vec<_>>()
    );
    match timed(
        "notification.testSlackConnection",
        client.notifications().test_saved(&alert.notification_id),
    )
    .await
    {
        Ok(()) => println!("  test message sent"),
        Err(e) => println!("  the test failed, as expected for 127.0.0.1:9: {e}"),
    }
    // Notifications belong to the organization, not the project: removed here, not by step 10.
    timed(
        "notification.remove",
        client.notifications().remove(&alert.notification_id),
    )
    .await?;
    Ok(())
}

fn print_tree(projects: &[Project]) {
    for line in ProjectTree(projects).to_string().lines() {
        println!("  {line}");
    }
}

fn status(s: Option<&dokploy::models::ServiceStatus>) -> String {
    s.map(|s| s.to_string()).unwrap_or_else(|| "-".into())
}

fn section(title: &str) {
    println!("\n{title}");
}

async fn timed<T>(
    what: &str,
    f: impl std::future::Future<Output = dokploy::Result<T>>,
) -> dokploy::Result<T> {
    let started = Instant::now();
    let result = f.await;
    let mark = if result.is_ok() { "✓" } else { "✗" };
    println!("  {mark} {what} ({} ms)", started.elapsed().as_millis());
    result
}

fn confirm(question: &str) -> dokploy::Result<bool> {
    print!("{question} [y/N] ");
    std::io::stdout().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| dokploy::Error::InvalidInput(format!("could not read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// A short random-enough suffix for the tour's project name.
fn suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:06x}",
        (nanos ^ (std::process::id() as u128) << 20) & 0xff_ffff
    )
}
