//! Reading the live state a plan compares with, in two batched round trips (more only when a
//! batch's URL would pass the length limit): the instance-wide lists first, then every
//! project's services with their children, whatever the client's transport.

use serde::de::DeserializeOwned;

use crate::models::{
    Application, Compose, Database, DatabaseRef, Destination, GitProvider, Notification, Project,
    Schedule, Server, SshKey, Tag,
};
use crate::{Batch, BatchEntry, Client, Result};

/// What a plan or an export reads.
#[derive(Clone, Debug, Default)]
pub(crate) struct Live {
    pub(crate) projects: Vec<Project>,
    pub(crate) destinations: Vec<Destination>,
    pub(crate) notifications: Vec<Notification>,
    pub(crate) git_providers: Vec<GitProvider>,
    pub(crate) servers: Vec<Server>,
    pub(crate) ssh_keys: Vec<SshKey>,
    pub(crate) tags: Vec<Tag>,
    /// The projects read in depth.
    pub(crate) details: Vec<ProjectDetail>,
    /// How many round trips the reads took.
    pub(crate) round_trips: usize,
}

/// A project with its services, each as its `one` answer, and their schedules.
#[derive(Clone, Debug)]
pub(crate) struct ProjectDetail {
    pub(crate) project: Project,
    pub(crate) applications: Vec<(Application, Vec<Schedule>)>,
    pub(crate) compose: Vec<(Compose, Vec<Schedule>)>,
    pub(crate) databases: Vec<Database>,
}

enum Pending {
    Project(BatchEntry<Project>),
    Application(BatchEntry<Application>, BatchEntry<Vec<Schedule>>),
    Compose(BatchEntry<Compose>, BatchEntry<Vec<Schedule>>),
    Database(BatchEntry<Database>),
}

fn add<T: DeserializeOwned>(
    batch: &mut Batch<'_>,
    client: &Client,
    procedure: &str,
    args: &[(&str, &str)],
) -> BatchEntry<T> {
    let mut call = client.call(procedure);
    for (k, v) in args {
        call = call.arg(k, v);
    }
    batch.add(call)
}

impl Live {
    /// Reads the instance-wide lists and, in depth, the projects `wanted` says (`None`: all).
    pub(crate) async fn read(client: &Client, wanted: impl Fn(&Project) -> bool) -> Result<Live> {
        let mut batch = client.batch();
        let projects = add::<Vec<Project>>(&mut batch, client, "project.all", &[]);
        let destinations = add::<Vec<Destination>>(&mut batch, client, "destination.all", &[]);
        let notifications = add::<Vec<Notification>>(&mut batch, client, "notification.all", &[]);
        let providers = add::<Vec<GitProvider>>(&mut batch, client, "gitProvider.getAll", &[]);
        let servers = add::<Vec<Server>>(&mut batch, client, "server.all", &[]);
        let ssh_keys = add::<Vec<SshKey>>(&mut batch, client, "sshKey.all", &[]);
        let tags = add::<Vec<Tag>>(&mut batch, client, "tag.all", &[]);
        let mut results = batch.send().await?;
        let mut live = Live {
            round_trips: results.round_trips(),
            projects: results.take(projects)?,
            destinations: results.take(destinations)?,
            notifications: results.take(notifications)?,
            git_providers: results.take(providers)?,
            servers: results.take(servers)?,
            ssh_keys: results.take(ssh_keys)?,
            tags: results.take(tags)?,
            details: Vec::new(),
        };

        let chosen: Vec<&Project> = live.projects.iter().filter(|p| wanted(p)).collect();
        if chosen.is_empty() {
            return Ok(live);
        }
        let mut batch = client.batch();
        let mut pending: Vec<(usize, Pending)> = Vec::new();
        for (index, project) in chosen.iter().enumerate() {
            let id = project.project_id.as_str();
            pending.push((
                index,
                Pending::Project(add(&mut batch, client, "project.one", &[("projectId", id)])),
            ));
            for env in &project.environments {
                for app in &env.applications {
                    let app_id = app.application_id.as_str();
                    let one = add(
                        &mut batch,
                        client,
                        "application.one",
                        &[("applicationId", app_id)],
                    );
                    let schedules = add(
                        &mut batch,
                        client,
                        "schedule.list",
                        &[("id", app_id), ("scheduleType", "application")],
                    );
                    pending.push((index, Pending::Application(one, schedules)));
                }
                for stack in &env.compose {
                    let compose_id = stack.compose_id.as_str();
                    let one = add(
                        &mut batch,
                        client,
                        "compose.one",
                        &[("composeId", compose_id)],
                    );
                    let schedules = add(
                        &mut batch,
                        client,
                        "schedule.list",
                        &[("id", compose_id), ("scheduleType", "compose")],
                    );
                    pending.push((index, Pending::Compose(one, schedules)));
                }
                for db in env.databases() {
                    let DatabaseRef { kind, id } = &db.reference;
                    let one = add(
                        &mut batch,
                        client,
                        &db.reference.procedure("one"),
                        &[(kind.id_field(), id.as_str())],
                    );
                    pending.push((index, Pending::Database(one)));
                }
            }
        }
        let count = chosen.len();
        let mut results = batch.send().await?;
        live.round_trips += results.round_trips();
        let mut details: Vec<Option<ProjectDetail>> = (0..count).map(|_| None).collect();
        let mut services: Vec<(usize, Pending)> = Vec::new();
        for (index, p) in pending {
            match p {
                Pending::Project(entry) => {
                    details[index] = Some(ProjectDetail {
                        project: results.take(entry)?,
                        applications: Vec::new(),
                        compose: Vec::new(),
                        databases: Vec::new(),
                    });
                }
                other => services.push((index, other)),
            }
        }
        for (index, p) in services {
            let Some(detail) = details[index].as_mut() else {
                continue;
            };
            match p {
                Pending::Application(one, schedules) => detail
                    .applications
                    .push((results.take(one)?, results.take(schedules)?)),
                Pending::Compose(one, schedules) => detail
                    .compose
                    .push((results.take(one)?, results.take(schedules)?)),
                Pending::Database(one) => detail.databases.push(results.take(one)?),
                Pending::Project(_) => {}
            }
        }
        live.details = details.into_iter().flatten().collect();
        Ok(live)
    }
}
