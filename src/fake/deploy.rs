//! The deploy queue: like Dokploy's in-memory BullMQ queue, one worker per service runs its
//! jobs one at a time. A job's deployment row only exists once the job starts; it is `running`
//! for the build, then `done` or `error`. At most ten rows are kept per service.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::time::Instant;

use super::state::{Row, ServiceRef, State, str_of};
use super::{DeployOutcome, Shared, ids, rows};
use crate::env_vars::{EnvVars, MissingReference, compose_implicit_keys};

/// Dokploy keeps about this many deployments per service.
const KEPT_PER_SERVICE: usize = 10;

/// A queued deploy.
pub(crate) struct Job {
    pub(crate) service: ServiceRef,
    pub(crate) title: String,
    pub(crate) description: String,
    /// `redeploy`: rebuild without fetching the source again.
    pub(crate) redeploy: bool,
    pub(crate) outcome: DeployOutcome,
    pub(crate) queued_at: Instant,
}

impl Job {
    /// A job for `service` with the outcome currently configured.
    pub(crate) fn new(
        st: &State,
        service: ServiceRef,
        title: Option<&str>,
        description: Option<&str>,
        redeploy: bool,
    ) -> Job {
        // `input.title || "Manual deployment"`: an empty title gets the default too.
        let default_title = if redeploy {
            "Rebuild deployment"
        } else {
            "Manual deployment"
        };
        Job {
            service,
            title: title
                .filter(|t| !t.is_empty())
                .unwrap_or(default_title)
                .to_string(),
            description: description.unwrap_or_default().to_string(),
            redeploy,
            outcome: st.outcome.clone(),
            queued_at: Instant::now(),
        }
    }
}

/// Adds `job` to its service's queue, starting the service's worker if needed.
pub(crate) fn enqueue(shared: &Arc<Shared>, st: &mut State, job: Job) {
    let service = job.service.clone();
    let job = match st.queues.get(&service) {
        Some(queue) => match queue.send(job) {
            Ok(()) => return,
            Err(returned) => returned.0,
        },
        None => job,
    };
    let (queue, jobs) = unbounded_channel();
    // The receiver is alive (it is right here), so this cannot fail.
    let _ = queue.send(job);
    st.queues.insert(service, queue);
    tokio::spawn(worker(shared.clone(), jobs));
}

async fn worker(shared: Arc<Shared>, mut jobs: UnboundedReceiver<Job>) {
    let mut shutdown = shared.shutdown.clone();
    loop {
        let job = tokio::select! {
            _ = shutdown.changed() => return,
            job = jobs.recv() => match job {
                Some(job) => job,
                None => return,
            },
        };
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = run(&shared, job) => {}
        }
    }
}

async fn run(shared: &Arc<Shared>, job: Job) {
    if job.outcome == DeployOutcome::NeverStarts {
        return;
    }
    tokio::time::sleep_until(job.queued_at + shared.options.queue_delay).await;
    let Some(deployment_id) = start(&mut shared.state(), &job) else {
        // The service was deleted while the job waited.
        return;
    };
    shared.logs_written();
    // The build prints its output while the row is `running`, piece by piece.
    let pieces = &shared.options.build_output;
    let step = shared.options.build_duration / (pieces.len() as u32 + 1);
    for piece in pieces {
        tokio::time::sleep(step).await;
        if let Some(log) = shared.state().logs.get_mut(&deployment_id) {
            log.push_str(piece);
        }
        shared.logs_written();
    }
    if job.outcome == DeployOutcome::StaysRunning {
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(step).await;
    finish(&mut shared.state(), &job, &deployment_id);
    shared.logs_written();
}

fn service_row<'a>(st: &'a mut State, service: &ServiceRef) -> Option<&'a mut Row> {
    match service {
        ServiceRef::Application(id) => st.applications.get_mut(id),
        ServiceRef::Compose(id) => st.compose.get_mut(id),
    }
}

fn status_key(service: &ServiceRef) -> &'static str {
    match service {
        ServiceRef::Application(_) => "applicationStatus",
        ServiceRef::Compose(_) => "composeStatus",
    }
}

fn owner_key(service: &ServiceRef) -> &'static str {
    match service {
        ServiceRef::Application(_) => "applicationId",
        ServiceRef::Compose(_) => "composeId",
    }
}

/// The job starts: the service goes `running` and its deployment row appears.
fn start(st: &mut State, job: &Job) -> Option<String> {
    let service = service_row(st, &job.service)?;
    service.insert(status_key(&job.service).into(), json!("running"));
    let service = service.clone();
    let app_name = str_of(&service, "appName").unwrap_or_default();
    let now = ids::now_millis();
    let log_path = format!(
        "/etc/dokploy/logs/{app_name}/{app_name}-{}.log",
        ids::log_stamp(now)
    );
    let id = Value::String(job.service.id().to_string());
    let (application_id, compose_id) = match job.service {
        ServiceRef::Application(_) => (id, Value::Null),
        ServiceRef::Compose(_) => (Value::Null, id),
    };
    let row = rows::deployment(
        &job.title,
        &job.description,
        &log_path,
        application_id,
        compose_id,
        service.get("serverId").cloned().unwrap_or(Value::Null),
        &ids::iso(now),
    );
    let deployment_id = str_of(&row, "deploymentId").unwrap_or_default();
    st.deployments.insert(row);
    st.logs.insert(
        deployment_id.clone(),
        start_log(&job.service, &service, job.redeploy),
    );
    if let ServiceRef::Compose(id) = &job.service {
        let file = str_of(&service, "composeFile").unwrap_or_default();
        st.compose_on_disk.insert(id.clone(), file);
    }
    prune(st, owner_key(&job.service), job.service.id());
    Some(deployment_id)
}

/// Removes the oldest deployments of what `key` = `id` names (a service, a backup) beyond the
/// ten Dokploy keeps.
pub(crate) fn prune(st: &mut State, key: &str, id: &str) {
    let owned: Vec<String> = st
        .deployments
        .where_eq(key, id)
        .filter_map(|d| str_of(d, "deploymentId"))
        .collect();
    let excess = owned.len().saturating_sub(KEPT_PER_SERVICE);
    for id in &owned[..excess] {
        st.deployments.remove(id);
        st.logs.remove(id);
    }
}

/// The build is over: the row and the service go `done` or `error`. Like Dokploy, a build that
/// would succeed fails on the first `${{…}}` reference of the env block nothing defines.
fn finish(st: &mut State, job: &Job, deployment_id: &str) {
    let service = service_row(st, &job.service).map(|r| r.clone());
    let (status, tail) = match (&job.outcome, &service) {
        (DeployOutcome::Error { log }, _) => ("error", log.clone()),
        (_, Some(row)) => {
            let built = built_log(&job.service, row);
            match unresolved_reference(st, &job.service, row) {
                Some(missing) => (
                    "error",
                    format!(
                        "{built}{}\nError occurred ❌, check the logs for details.\n",
                        missing.dokploy_message()
                    ),
                ),
                None => ("done", format!("{built}{}", done_log(&job.service, row))),
            }
        }
        (_, None) => ("done", String::new()),
    };
    let Some(row) = st.deployments.get_mut(deployment_id) else {
        return;
    };
    row.insert("status".into(), json!(status));
    row.insert("finishedAt".into(), json!(ids::now_iso()));
    if let Some(log) = st.logs.get_mut(deployment_id) {
        log.push_str(&tail);
        if !tail.ends_with('\n') {
            log.push('\n');
        }
    }
    if let Some(service) = service_row(st, &job.service) {
        service.insert(status_key(&job.service).into(), json!(status));
    }
    if let (Some(row), "done") = (&service, status) {
        let router = match job.service {
            ServiceRef::Application(_) => "application",
            ServiceRef::Compose(_) => "compose",
        };
        st.engine_start(router, job.service.id(), field(row, "appName"));
    }
}

/// The first reference of the service's env block that its project, its environment and the
/// block itself (with what Dokploy adds to a compose stack's) leave undefined.
fn unresolved_reference(st: &State, service: &ServiceRef, row: &Row) -> Option<MissingReference> {
    let block = |r: &Row| EnvVars::parse(field(r, "env"));
    let environment = row
        .get("environmentId")
        .and_then(Value::as_str)
        .and_then(|id| st.environments.get(id));
    let project = environment
        .and_then(|e| e.get("projectId"))
        .and_then(Value::as_str)
        .and_then(|id| st.projects.get(id));
    let implicit = match service {
        ServiceRef::Application(_) => &[][..],
        ServiceRef::Compose(_) => {
            compose_implicit_keys(row.get("randomize").and_then(Value::as_bool) == Some(true))
        }
    };
    block(row)
        .missing_references_with(
            implicit,
            &project.map(block).unwrap_or_default(),
            &environment.map(block).unwrap_or_default(),
        )
        .into_iter()
        .next()
}

fn field<'a>(row: &'a Row, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Whether the application is deployed from a Docker image (pulled, not built).
fn is_image(service: &ServiceRef, row: &Row) -> bool {
    matches!(service, ServiceRef::Application(_)) && field(row, "sourceType") == "docker"
}

/// What the build has printed by the time the row appears.
fn start_log(service: &ServiceRef, row: &Row, redeploy: bool) -> String {
    let app_name = field(row, "appName");
    let source = field(row, "sourceType");
    if is_image(service, row) {
        // As recorded (307): no source line, the pull's own output.
        return format!(
            "Initializing deployment\nPulling {}\n",
            field(row, "dockerImage")
        );
    }
    let mut lines = vec![
        "Initializing deployment".to_string(),
        format!("Source Type: {source} ✅"),
    ];
    match service {
        ServiceRef::Application(_) => {
            if redeploy {
                lines.push("Rebuilding without fetching the source again".to_string());
            } else {
                lines.push(format!(
                    "Cloning {}/{} ({}) to /etc/dokploy/applications/{app_name}/code",
                    field(row, "owner"),
                    field(row, "repository"),
                    field(row, "branch"),
                ));
                lines.push("Cloned repository: ✅".to_string());
            }
            let build = field(row, "buildType");
            lines.push(format!("Build {build}: ✅"));
            lines.push(format!("Building {app_name} with {build}"));
            lines.push("#1 [internal] load build definition".to_string());
            lines.push("#2 [internal] load metadata".to_string());
            lines.push("#3 [stage-0] COPY . /app".to_string());
        }
        ServiceRef::Compose(_) => {
            lines.push(format!(
                "Writing /etc/dokploy/compose/{app_name}/code/docker-compose.yml"
            ));
            lines.push(format!(
                "docker compose -p {app_name} -f ./docker-compose.yml up -d --build --remove-orphans"
            ));
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// What the build prints after the row appeared, before the service is (re)started.
fn built_log(service: &ServiceRef, row: &Row) -> String {
    if is_image(service, row) {
        let image = field(row, "dockerImage");
        format!("Status: Image is up to date for {image}\n✅ Pulling image completed.\n")
    } else {
        String::new()
    }
}

/// The last lines of a successful deploy (an image deploy's log ends with the pull, 307).
fn done_log(service: &ServiceRef, row: &Row) -> String {
    let app_name = field(row, "appName");
    match service {
        _ if is_image(service, row) => String::new(),
        ServiceRef::Application(_) => {
            format!("Starting service {app_name}\nDocker Deployed: ✅\n")
        }
        ServiceRef::Compose(_) => {
            let mut text = String::new();
            for name in super::compose_file::service_names(field(row, "composeFile")) {
                text.push_str(&format!(" Container {app_name}-{name}-1  Started\n"));
            }
            text.push_str("Docker Compose Deployed: ✅\n");
            text
        }
    }
}
