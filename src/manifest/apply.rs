//! Applying a plan: each step through the typed layer, in the plan's order; a step whose
//! dependency failed is skipped, the others go on; then the services whose runtime settings
//! changed are deployed and waited for. Every result is reported.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::diff::{Planned, Step};
use super::live::Live;
use super::nodes::{Entry, Item};
use super::observe::{OWNERSHIP_TAG, mark};
use super::plan::{Action, Change, Kind};
use super::spec::*;
use crate::env_vars::EnvVars;
use crate::models::{DatabaseKind, DatabaseRef, GitProviderKind, NotificationEvents};
use crate::resources::{
    DockerImage, MountOwner, NewBackup, NewCompose, NewDatabase, NewDestination, NewDomain,
    NewMount, NewPort, NewSchedule, ScheduleOwner, Volumes,
};
use crate::{Client, DeployEvent, Error, Result, WaitOptions};

/// Called as apply goes.
pub type ApplyCallback<'a> = Box<dyn FnMut(&ApplyEvent<'_>) + Send + 'a>;

/// How [`Engine::apply`](super::Engine::apply) goes about it.
///
/// ```
/// let options = dokploy::manifest::ApplyOptions { prune: true, ..Default::default() };
/// assert!(options.deploy); // services are deployed and waited for unless told otherwise
/// ```
pub struct ApplyOptions<'a> {
    /// Make the deletions the plan proposes (without it they are reported as skipped).
    pub prune: bool,
    /// Deploy (and wait for) the services whose runtime settings changed (`--no-deploy`:
    /// `false`).
    pub deploy: bool,
    /// How deploys are waited for.
    pub wait: WaitOptions,
    /// Called as apply goes (progress for a person).
    pub on_event: Option<ApplyCallback<'a>>,
}

impl Default for ApplyOptions<'_> {
    fn default() -> Self {
        Self {
            prune: false,
            deploy: true,
            wait: WaitOptions::default(),
            on_event: None,
        }
    }
}

impl std::fmt::Debug for ApplyOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApplyOptions")
            .field("prune", &self.prune)
            .field("deploy", &self.deploy)
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

/// What apply is doing.
#[derive(Debug)]
#[non_exhaustive]
pub enum ApplyEvent<'a> {
    /// A change is being made.
    Started(&'a Change),
    /// A change was made, failed or was skipped.
    Finished(&'a StepResult),
    /// A service is being deployed.
    Deploying {
        /// The service's kind.
        kind: Kind,
        /// Its address.
        address: &'a str,
    },
    /// A deploy's progress.
    Deploy {
        /// The service's address.
        address: &'a str,
        /// What happened.
        event: &'a DeployEvent,
    },
}

/// How one change (or one deploy) ended.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase", tag = "status", content = "detail")]
pub enum StepOutcome {
    /// Made.
    Applied,
    /// Not made, and why (a dependency failed; a delete without `--prune`).
    Skipped(String),
    /// Dokploy refused it or it could not be made: the error, in one sentence.
    Failed(String),
}

/// One result of an apply.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    /// What was done (`deploy` for a deploy).
    pub action: String,
    /// To what kind of resource.
    pub kind: Kind,
    /// Which one.
    pub address: String,
    /// How it ended.
    pub outcome: StepOutcome,
}

/// Every result of an apply, in order: the changes, then the deploys.
///
/// ```
/// let report = dokploy::manifest::ApplyReport::default();
/// assert!(report.succeeded());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ApplyReport {
    /// The results.
    pub results: Vec<StepResult>,
}

impl ApplyReport {
    /// How many failed (changes and deploys).
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, StepOutcome::Failed(_)))
            .count()
    }

    /// Whether nothing failed.
    pub fn succeeded(&self) -> bool {
        self.failed() == 0
    }

    /// How many changes were made.
    pub fn applied(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome == StepOutcome::Applied && r.action != "deploy")
            .count()
    }
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Replace => "replace",
        Action::Delete => "delete",
        Action::NoOp => "none",
    }
}

/// The state of one apply.
struct Run<'c> {
    client: &'c Client,
    live: &'c Live,
    /// `kind address` → id, for everything that exists (seeded from the live state, grown by
    /// creates).
    ids: HashMap<String, String>,
    /// The databases' kinds by `kind address`.
    db_kinds: HashMap<String, DatabaseKind>,
    /// Whether each service is owned (marked) by this tool, by `kind address`.
    owned: HashMap<String, bool>,
    owner_tag: Option<String>,
}

fn env_block(env: &EnvMap) -> Result<String> {
    let mut vars = EnvVars::parse("");
    for (k, v) in env {
        vars.set(k, v.as_written())?;
    }
    Ok(vars.render())
}

fn nullable<T: Into<Value>>(v: Option<T>) -> Value {
    v.map_or(Value::Null, Into::into)
}

fn nano_cpus(cpus: Option<f64>) -> Value {
    cpus.map_or(Value::Null, |c| {
        json!(format!("{}", (c * 1e9).round() as u64))
    })
}

fn bytes(size: Option<MemorySize>) -> Value {
    size.map_or(Value::Null, |s| json!(s.bytes().to_string()))
}

fn target_of(kind: Kind, address: &str) -> String {
    format!("{kind} {address}")
}

impl<'c> Run<'c> {
    fn new(client: &'c Client, live: &'c Live, observed: &[&Item]) -> Self {
        let mut ids = HashMap::new();
        let mut db_kinds = HashMap::new();
        let mut owned = HashMap::new();
        for item in observed {
            for it in item.walk() {
                if let Some(l) = &it.live {
                    let t = target_of(it.kind(), &it.node.address);
                    ids.insert(t.clone(), l.id.clone());
                    owned.insert(t.clone(), l.owned);
                    if let Some(db) = l.database {
                        db_kinds.insert(t, db.kind());
                    }
                }
            }
        }
        for d in &live.destinations {
            ids.insert(
                target_of(Kind::Destination, &d.name),
                d.destination_id.clone(),
            );
        }
        Run {
            client,
            live,
            ids,
            db_kinds,
            owned,
            owner_tag: live
                .tags
                .iter()
                .find(|t| t.name == OWNERSHIP_TAG)
                .map(|t| t.tag_id.clone()),
        }
    }

    fn id(&self, target: &str) -> Result<String> {
        self.ids.get(target).cloned().ok_or_else(|| {
            Error::InvalidInput(format!(
                "{target} does not exist (yet): nothing to attach to"
            ))
        })
    }

    fn parent_id(&self, step: &Step) -> Result<String> {
        self.id(step.parent.as_deref().unwrap_or_default())
    }

    fn database_of(&self, target: &str) -> Result<DatabaseRef> {
        let kind = self
            .db_kinds
            .get(target)
            .copied()
            .ok_or_else(|| Error::InvalidInput(format!("{target} is not a known database")))?;
        Ok(DatabaseRef::new(kind, self.id(target)?))
    }

    /// The marked description of a service this tool owns (or creates); the plain one of
    /// a service it only updates.
    fn description(&self, step: &Step, description: Option<&str>) -> Value {
        let t = step.change.target();
        let owned = step.change.action == Action::Create
            || step.change.action == Action::Replace
            || self.owned.get(&t).copied().unwrap_or(false);
        if owned {
            json!(mark(description))
        } else {
            nullable(description.map(str::to_string))
        }
    }

    async fn run(&mut self, step: &Step) -> Result<()> {
        let entry = step
            .desired
            .as_ref()
            .map(|d| &d.entry)
            .unwrap_or(&Entry::None);
        match step.change.action {
            Action::NoOp => Ok(()),
            Action::Delete => self.delete(step).await,
            Action::Replace => {
                self.delete(step).await?;
                self.create(step, entry).await
            }
            Action::Create => self.create(step, entry).await,
            Action::Update => self.update(step, entry).await,
        }
    }

    async fn ensure_tag(&mut self) -> Result<String> {
        if let Some(id) = &self.owner_tag {
            return Ok(id.clone());
        }
        let tag = self
            .client
            .tags()
            .create(OWNERSHIP_TAG, Some("#2f6f4f"))
            .await?;
        self.owner_tag = Some(tag.tag_id.clone());
        Ok(tag.tag_id)
    }

    async fn create(&mut self, step: &Step, entry: &Entry) -> Result<()> {
        let me = step.change.target();
        let c = self.client;
        match entry {
            Entry::Project(p) => {
                let created = c
                    .projects()
                    .create(&p.name, p.description.as_deref())
                    .await?;
                let id = created.project.project_id.clone();
                self.ids.insert(me.clone(), id.clone());
                // Dokploy creates the default environment with the project.
                let env = &created.environment;
                self.ids.insert(
                    target_of(Kind::Environment, &format!("{}/{}", p.name, env.name)),
                    env.environment_id.clone(),
                );
                self.owned.insert(
                    target_of(Kind::Environment, &format!("{}/{}", p.name, env.name)),
                    true,
                );
                if !p.env.is_empty() {
                    c.call("project.update")
                        .arg("projectId", &id)
                        .arg("env", env_block(&p.env)?)
                        .send()
                        .body()
                        .await?;
                }
                let tag = self.ensure_tag().await?;
                c.tags().assign_to_project(&id, &tag).await?;
                Ok(())
            }
            Entry::Environment(e) => {
                if self.ids.contains_key(&me) {
                    // The default environment, created with its project: set it up.
                    return self.update_environment(step, e, true).await;
                }
                let project = self.parent_id(step)?;
                let created = c
                    .environments()
                    .create(&project, &e.name, Some(&mark(e.description.as_deref())))
                    .await?;
                self.ids.insert(me, created.environment_id.clone());
                if !e.env.is_empty() {
                    c.call("environment.update")
                        .arg("environmentId", &created.environment_id)
                        .arg("env", env_block(&e.env)?)
                        .send()
                        .body()
                        .await?;
                }
                Ok(())
            }
            Entry::Application(a) => {
                let environment = self.parent_id(step)?;
                let server = self.server_id(a.server.as_deref())?;
                let description = mark(a.description.as_deref());
                let created = c
                    .applications()
                    .create_with(&environment, &a.name, |b| {
                        let b = b.description(Some(description));
                        match server {
                            Some(s) => b.server_id(Some(s)),
                            None => b,
                        }
                    })
                    .await?;
                self.ids.insert(me.clone(), created.application_id.clone());
                self.owned.insert(me, true);
                self.configure_application(&created.application_id, step, a, true)
                    .await
            }
            Entry::Compose(s) => {
                let environment = self.parent_id(step)?;
                let mut new = NewCompose::from_yaml(
                    &environment,
                    &s.name,
                    s.compose_file.as_deref().unwrap_or_default(),
                );
                new.description = Some(mark(s.description.as_deref()));
                new.server_id = self.server_id(s.server.as_deref())?;
                new.compose_type = Some(s.compose_type.unwrap_or_default().as_str().into());
                if s.git.is_some() {
                    new.compose_file = None;
                    new.source_type = None;
                }
                let created = c.compose().create(new).await?;
                self.ids.insert(me.clone(), created.compose_id.clone());
                self.owned.insert(me, true);
                self.configure_compose(&created.compose_id, s).await
            }
            Entry::Database(d) => {
                let environment = self.parent_id(step)?;
                let mut new = NewDatabase::of_kind(
                    d.kind.kind(),
                    &environment,
                    &d.name,
                    d.database_name.clone(),
                    d.user.clone(),
                )?;
                new.database_password = d.password.as_ref().map(|p| p.as_written().into());
                new.database_root_password =
                    d.root_password.as_ref().map(|p| p.as_written().into());
                new.docker_image = d.image.clone();
                new.description = Some(mark(d.description.as_deref()));
                new.server_id = self.server_id(d.server.as_deref())?;
                let created = c.databases().create(new).await?;
                self.ids.insert(me.clone(), created.reference.id.clone());
                self.db_kinds.insert(me.clone(), d.kind.kind());
                self.owned.insert(me, true);
                self.configure_database(&created.reference, d).await
            }
            Entry::Domain(d) => {
                let parent = step.parent.as_deref().unwrap_or_default();
                let owner = self.parent_id(step)?;
                let port = d.port.unwrap_or(3000);
                let mut new = if parent.starts_with("compose ") {
                    NewDomain::compose(&owner, d.service.clone().unwrap_or_default(), &d.host, port)
                } else {
                    NewDomain::application(&owner, &d.host, port)
                };
                new.path = d.path.clone();
                new.https = Some(d.https);
                new.certificate_type = Some(d.certificate.unwrap_or_default().as_str().into());
                let created = c.domains().create(new).await?;
                if d.strip_path {
                    c.call("domain.update")
                        .arg("domainId", &created.domain_id)
                        .arg("host", &d.host)
                        .arg("stripPath", true)
                        .send()
                        .body()
                        .await?;
                }
                self.ids.insert(me, created.domain_id);
                Ok(())
            }
            Entry::Port(p) => {
                let app = self.parent_id(step)?;
                let created = c.ports().create(&app, new_port(p)).await?;
                self.ids.insert(me, created.port_id);
                Ok(())
            }
            Entry::Mount(m) => {
                let owner = self.mount_owner(step)?;
                let created = c.mounts().create(new_mount(owner, m)).await?;
                self.ids.insert(me, created.mount_id);
                Ok(())
            }
            Entry::Redirect(r) => {
                let app = self.parent_id(step)?;
                c.redirects()
                    .create(&app, &r.regex, &r.replacement, r.permanent)
                    .await
            }
            Entry::Security(s) => {
                let app = self.parent_id(step)?;
                c.security()
                    .create(&app, &s.username, s.password.as_written())
                    .await
            }
            Entry::Schedule(s) => {
                let owner = self.schedule_owner(step)?;
                let created = c.schedules().create(new_schedule(owner, s)).await?;
                self.ids.insert(me, created.schedule_id);
                Ok(())
            }
            Entry::Backup(b) => {
                let db = self.database_of(step.parent.as_deref().unwrap_or_default())?;
                let destination = self.id(&target_of(Kind::Destination, &b.destination))?;
                let mut new = NewBackup::database(
                    db,
                    b.database.clone().unwrap_or_default(),
                    destination,
                    &b.schedule,
                )
                .prefix(b.prefix.clone().unwrap_or_else(|| "/".into()))
                .enabled(b.enabled.unwrap_or(true));
                if let Some(keep) = b.keep {
                    new = new.keep_latest(keep);
                }
                let created = c.backups().create(new).await?;
                self.ids.insert(me, created.backup_id);
                Ok(())
            }
            Entry::Destination(d) => {
                let created = c.destinations().create(new_destination(d)).await?;
                self.ids.insert(me, created.destination_id);
                Ok(())
            }
            Entry::Notification(n) => {
                let kind = notification_kind(n)?;
                c.notifications()
                    .create(&n.name, notification_events(n), kind)
                    .await?;
                Ok(())
            }
            Entry::None => Ok(()),
        }
    }

    async fn update(&mut self, step: &Step, entry: &Entry) -> Result<()> {
        let id =
            step.change.id.clone().ok_or_else(|| {
                Error::InvalidInput(format!("{} has no id", step.change.target()))
            })?;
        let c = self.client;
        let changed = |p: &str| {
            step.changed
                .iter()
                .any(|c| c == p || c.starts_with(&format!("{p}.")))
        };
        match entry {
            Entry::Project(p) => {
                let mut call = c.call("project.update").arg("projectId", &id);
                if changed("description") {
                    call = call.arg("description", nullable(p.description.clone()));
                }
                if changed("env") {
                    call = call.arg("env", env_block(&p.env)?);
                }
                call.send().body().await?;
                Ok(())
            }
            Entry::Environment(e) => self.update_environment(step, e, false).await,
            Entry::Application(a) => {
                if changed("description") {
                    c.call("application.update")
                        .arg("applicationId", &id)
                        .arg(
                            "description",
                            self.description(step, a.description.as_deref()),
                        )
                        .send()
                        .body()
                        .await?;
                }
                self.configure_application(&id, step, a, false).await
            }
            Entry::Compose(s) => {
                if changed("description") {
                    c.call("compose.update")
                        .arg("composeId", &id)
                        .arg(
                            "description",
                            self.description(step, s.description.as_deref()),
                        )
                        .send()
                        .body()
                        .await?;
                }
                let only = |p: &str| changed(p);
                self.configure_compose_changed(&id, s, &only).await
            }
            Entry::Database(d) => {
                let db = self.database_of(&step.change.target())?;
                let mut call = c
                    .call(&db.procedure("update"))
                    .arg(db.kind.id_field(), &db.id);
                let mut any = false;
                if changed("description") {
                    call = call.arg(
                        "description",
                        self.description(step, d.description.as_deref()),
                    );
                    any = true;
                }
                for (path, field, value) in [
                    ("image", "dockerImage", nullable(d.image.clone())),
                    (
                        "databaseName",
                        "databaseName",
                        nullable(d.database_name.clone()),
                    ),
                    ("user", "databaseUser", nullable(d.user.clone())),
                    (
                        "password",
                        "databasePassword",
                        nullable(d.password.as_ref().map(|p| p.as_written().to_string())),
                    ),
                    (
                        "rootPassword",
                        "databaseRootPassword",
                        nullable(d.root_password.as_ref().map(|p| p.as_written().to_string())),
                    ),
                ] {
                    if changed(path) && !value.is_null() {
                        call = call.arg(field, value);
                        any = true;
                    }
                }
                if any {
                    call.send().body().await?;
                }
                let only = |p: &str| changed(p);
                self.configure_database_changed(&db, d, &only).await
            }
            Entry::Domain(d) => {
                c.call("domain.update")
                    .arg("domainId", &id)
                    .arg("host", &d.host)
                    .arg("path", d.path.clone().unwrap_or_else(|| "/".into()))
                    .arg("port", d.port.unwrap_or(3000))
                    .arg("https", d.https)
                    .arg(
                        "certificateType",
                        d.certificate.unwrap_or_default().as_str(),
                    )
                    .arg("stripPath", d.strip_path)
                    .arg("serviceName", nullable(d.service.clone()))
                    .send()
                    .body()
                    .await?;
                Ok(())
            }
            Entry::Port(p) => c.ports().update(&id, new_port(p)).await.map(drop),
            Entry::Mount(m) => {
                let owner = self.mount_owner(step)?;
                c.mounts().update(&id, new_mount(owner, m)).await.map(drop)
            }
            Entry::Redirect(r) => c
                .redirects()
                .update(&id, &r.regex, &r.replacement, r.permanent)
                .await
                .map(drop),
            Entry::Security(s) => {
                c.security()
                    .update(&id, &s.username, s.password.as_written())
                    .await
            }
            Entry::Schedule(s) => {
                let owner = self.schedule_owner(step)?;
                c.schedules()
                    .update(&id, new_schedule(owner, s))
                    .await
                    .map(drop)
            }
            Entry::Backup(b) => {
                let destination = self.id(&target_of(Kind::Destination, &b.destination))?;
                let mut changes = crate::resources::BackupChanges::new()
                    .schedule(&b.schedule)
                    .enabled(b.enabled.unwrap_or(true))
                    .prefix(b.prefix.clone().unwrap_or_else(|| "/".into()))
                    .destination(destination);
                changes = match b.keep {
                    Some(k) => changes.keep_latest(k),
                    None => changes.keep_all(),
                };
                c.backups().update(&id, changes).await.map(drop)
            }
            Entry::Destination(d) => c
                .destinations()
                .update(&id, new_destination(d))
                .await
                .map(drop),
            Entry::Notification(n) => {
                let kind = notification_kind(n)?;
                let events = notification_events(n);
                let name = n.name.clone();
                c.notifications()
                    .update(&id, move |edit| {
                        edit.name = name;
                        edit.events = events;
                        edit.kind = kind;
                    })
                    .await
                    .map(drop)
            }
            Entry::None => Ok(()),
        }
    }

    async fn update_environment(
        &mut self,
        step: &Step,
        e: &EnvironmentSpec,
        all: bool,
    ) -> Result<()> {
        let id = self.id(&step.change.target())?;
        let changed = |p: &str| all || step.changed.iter().any(|c| c == p);
        let mut call = self
            .client
            .call("environment.update")
            .arg("environmentId", &id);
        if changed("description") {
            let description = self.description(step, e.description.as_deref());
            call = call.arg("description", description.as_str().unwrap_or_default());
        }
        if changed("env") {
            call = call.arg("env", env_block(&e.env)?);
        }
        call.send().body().await?;
        Ok(())
    }

    fn server_id(&self, name: Option<&str>) -> Result<Option<String>> {
        let Some(name) = name else { return Ok(None) };
        self.live
            .servers
            .iter()
            .find(|s| s.name == name)
            .map(|s| Some(s.server_id.clone()))
            .ok_or_else(|| Error::InvalidInput(format!("there is no server named {name}")))
    }

    fn mount_owner(&self, step: &Step) -> Result<MountOwner> {
        let parent = step.parent.as_deref().unwrap_or_default();
        let id = self.parent_id(step)?;
        Ok(if parent.starts_with("application ") {
            MountOwner::Application(id)
        } else if parent.starts_with("compose ") {
            MountOwner::Compose(id)
        } else {
            MountOwner::Database(self.database_of(parent)?)
        })
    }

    fn schedule_owner(&self, step: &Step) -> Result<ScheduleOwner> {
        let parent = step.parent.as_deref().unwrap_or_default();
        let id = self.parent_id(step)?;
        Ok(if parent.starts_with("compose ") {
            ScheduleOwner::Compose(id)
        } else {
            ScheduleOwner::Application(id)
        })
    }

    /// Sends an application's sections: everything (`all`, a create) or what changed.
    async fn configure_application(
        &self,
        id: &str,
        step: &Step,
        a: &ApplicationSpec,
        all: bool,
    ) -> Result<()> {
        let c = self.client;
        let changed = |p: &str| {
            all || step
                .changed
                .iter()
                .any(|c| c == p || c.starts_with(&format!("{p}.")))
        };
        if let Some(image) = &a.image
            && (changed("image") || changed("registry"))
        {
            let docker = match &a.registry {
                Some(r) => DockerImage::private(
                    image,
                    r.url.clone().unwrap_or_default(),
                    &r.username,
                    r.password.as_written(),
                ),
                None => DockerImage::public(image),
            };
            c.applications().save_docker_provider(id, docker).await?;
        }
        if let Some(git) = &a.git
            && changed("git")
        {
            self.save_app_git(id, git).await?;
        }
        if let Some(build) = &a.build
            && changed("build")
        {
            let mut settings =
                crate::resources::BuildSettings::new(build.build_type.as_str().into());
            settings.dockerfile = Some(
                build
                    .dockerfile
                    .clone()
                    .unwrap_or_else(|| "Dockerfile".into()),
            );
            settings.docker_context_path = build.context.clone();
            settings.docker_build_stage = build.stage.clone();
            settings.publish_directory = build.publish_directory.clone();
            c.applications().save_build_type(id, settings).await?;
        }
        if changed("env")
            || changed("buildArgs")
            || changed("buildSecrets")
            || changed("createEnvFile")
        {
            c.call("application.saveEnvironment")
                .arg("applicationId", id)
                .arg("env", env_block(&a.env)?)
                .arg("buildArgs", env_block(&a.build_args)?)
                .arg("buildSecrets", env_block(&a.build_secrets)?)
                .arg("createEnvFile", a.create_env_file.unwrap_or(true))
                .send()
                .body()
                .await?;
        }
        let runtime = ["replicas", "resources", "command", "args"];
        if runtime.iter().any(|p| changed(p)) {
            c.call("application.update")
                .arg("applicationId", id)
                .arg("replicas", a.replicas.unwrap_or(1))
                .arg("memoryLimit", bytes(a.resources.memory_limit))
                .arg("memoryReservation", bytes(a.resources.memory_reservation))
                .arg("cpuLimit", nano_cpus(a.resources.cpu_limit))
                .arg("cpuReservation", nano_cpus(a.resources.cpu_reservation))
                .arg("command", nullable(a.command.clone()))
                .arg("args", a.args.clone().map_or(Value::Null, |v| json!(v)))
                .send()
                .body()
                .await?;
        }
        Ok(())
    }

    /// A provider's kind and its id of that kind (`githubId`…), by the provider's name.
    fn provider(&self, name: &str) -> Result<(GitProviderKind, String)> {
        let p = self
            .live
            .git_providers
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Error::InvalidInput(format!("there is no git provider named {name}")))?;
        let id = match p.provider_type {
            GitProviderKind::Github => p.github.as_ref().map(|g| g.github_id.clone()),
            GitProviderKind::Gitlab => p.gitlab.as_ref().map(|g| g.gitlab_id.clone()),
            GitProviderKind::Gitea => p.gitea.as_ref().map(|g| g.gitea_id.clone()),
            GitProviderKind::Bitbucket => p.bitbucket.as_ref().map(|g| g.bitbucket_id.clone()),
            _ => None,
        }
        .ok_or_else(|| Error::InvalidInput(format!("git provider {name} has no settings")))?;
        Ok((p.provider_type.clone(), id))
    }

    fn ssh_key(&self, name: Option<&str>) -> Result<Value> {
        let Some(name) = name else {
            return Ok(Value::Null);
        };
        self.live
            .ssh_keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| json!(k.ssh_key_id))
            .ok_or_else(|| Error::InvalidInput(format!("there is no SSH key named {name}")))
    }

    async fn save_app_git(&self, id: &str, git: &GitSource) -> Result<()> {
        let c = self.client;
        let build_path = git.build_path.clone().unwrap_or_else(|| "/".into());
        let owner = git.owner.clone().unwrap_or_default();
        let repo = git.repository.clone().unwrap_or_default();
        let call = match &git.provider {
            None => c
                .call("application.saveGitProvider")
                .arg("customGitUrl", nullable(git.url.clone()))
                .arg("customGitBranch", &git.branch)
                .arg("customGitBuildPath", &build_path)
                .arg("customGitSSHKeyId", self.ssh_key(git.ssh_key.as_deref())?)
                .arg("watchPaths", Value::Null),
            Some(name) => {
                let (kind, provider_id) = self.provider(name)?;
                match kind {
                    GitProviderKind::Github => c
                        .call("application.saveGithubProvider")
                        .arg("repository", &repo)
                        .arg("owner", &owner)
                        .arg("branch", &git.branch)
                        .arg("buildPath", &build_path)
                        .arg("githubId", provider_id)
                        .arg("triggerType", "push"),
                    GitProviderKind::Gitlab => c
                        .call("application.saveGitlabProvider")
                        .arg("gitlabRepository", &repo)
                        .arg("gitlabOwner", &owner)
                        .arg("gitlabBranch", &git.branch)
                        .arg("gitlabBuildPath", &build_path)
                        .arg("gitlabId", provider_id)
                        .arg("gitlabProjectId", Value::Null)
                        .arg("gitlabPathNamespace", format!("{owner}/{repo}")),
                    GitProviderKind::Gitea => c
                        .call("application.saveGiteaProvider")
                        .arg("giteaRepository", &repo)
                        .arg("giteaOwner", &owner)
                        .arg("giteaBranch", &git.branch)
                        .arg("giteaBuildPath", &build_path)
                        .arg("giteaId", provider_id),
                    _ => c
                        .call("application.saveBitbucketProvider")
                        .arg("bitbucketRepository", &repo)
                        .arg("bitbucketRepositorySlug", &repo)
                        .arg("bitbucketOwner", &owner)
                        .arg("bitbucketBranch", &git.branch)
                        .arg("bitbucketBuildPath", &build_path)
                        .arg("bitbucketId", provider_id),
                }
            }
        };
        call.arg("applicationId", id).send().body().await?;
        Ok(())
    }

    /// What a new compose stack needs after `compose.create`.
    async fn configure_compose(&self, id: &str, s: &ComposeSpec) -> Result<()> {
        let set = |p: &str| match p {
            "env" => !s.env.is_empty(),
            "composePath" => s.compose_path.is_some(),
            "git" => s.git.is_some(),
            _ => false,
        };
        self.configure_compose_changed(id, s, &set).await
    }

    /// Sends a compose stack's fields that `changed` names in one `compose.update`.
    async fn configure_compose_changed(
        &self,
        id: &str,
        s: &ComposeSpec,
        changed: &dyn Fn(&str) -> bool,
    ) -> Result<()> {
        let mut call = self.client.call("compose.update").arg("composeId", id);
        let mut any = false;
        if changed("env") {
            call = call.arg("env", env_block(&s.env)?);
            any = true;
        }
        if changed("composeType") {
            call = call.arg("composeType", s.compose_type.unwrap_or_default().as_str());
            any = true;
        }
        if changed("composeFile") && s.git.is_none() {
            call = call
                .arg("composeFile", s.compose_file.clone().unwrap_or_default())
                .arg("sourceType", "raw");
            any = true;
        }
        if changed("composePath") {
            call = call.arg(
                "composePath",
                s.compose_path
                    .clone()
                    .unwrap_or_else(|| "./docker-compose.yml".into()),
            );
            any = true;
        }
        if let Some(git) = s.git.as_ref().filter(|_| changed("git")) {
            any = true;
            let owner = git.owner.clone().unwrap_or_default();
            let repo = git.repository.clone().unwrap_or_default();
            call = match &git.provider {
                None => call
                    .arg("sourceType", "git")
                    .arg("customGitUrl", nullable(git.url.clone()))
                    .arg("customGitBranch", &git.branch)
                    .arg("customGitSSHKeyId", self.ssh_key(git.ssh_key.as_deref())?),
                Some(name) => {
                    let (kind, provider_id) = self.provider(name)?;
                    match kind {
                        GitProviderKind::Github => call
                            .arg("sourceType", "github")
                            .arg("repository", &repo)
                            .arg("owner", &owner)
                            .arg("branch", &git.branch)
                            .arg("githubId", provider_id),
                        GitProviderKind::Gitlab => call
                            .arg("sourceType", "gitlab")
                            .arg("gitlabRepository", &repo)
                            .arg("gitlabOwner", &owner)
                            .arg("gitlabBranch", &git.branch)
                            .arg("gitlabId", provider_id)
                            .arg("gitlabPathNamespace", format!("{owner}/{repo}")),
                        GitProviderKind::Gitea => call
                            .arg("sourceType", "gitea")
                            .arg("giteaRepository", &repo)
                            .arg("giteaOwner", &owner)
                            .arg("giteaBranch", &git.branch)
                            .arg("giteaId", provider_id),
                        _ => call
                            .arg("sourceType", "bitbucket")
                            .arg("bitbucketRepository", &repo)
                            .arg("bitbucketRepositorySlug", &repo)
                            .arg("bitbucketOwner", &owner)
                            .arg("bitbucketBranch", &git.branch)
                            .arg("bitbucketId", provider_id),
                    }
                }
            };
        }
        if any {
            call.send().body().await?;
        }
        Ok(())
    }

    /// What a new database needs after `<kind>.create`.
    async fn configure_database(&self, db: &DatabaseRef, d: &DatabaseSpec) -> Result<()> {
        let set = |p: &str| match p {
            "env" => !d.env.is_empty(),
            "replicas" => d.replicas.is_some_and(|r| r != 1),
            "resources" => !d.resources.is_empty(),
            "command" => d.command.is_some(),
            "externalPort" => d.external_port.is_some(),
            _ => false,
        };
        self.configure_database_changed(db, d, &set).await
    }

    /// Sends a database's runtime fields that `changed` names.
    async fn configure_database_changed(
        &self,
        db: &DatabaseRef,
        d: &DatabaseSpec,
        changed: &dyn Fn(&str) -> bool,
    ) -> Result<()> {
        let c = self.client;
        let mut call = c
            .call(&db.procedure("update"))
            .arg(db.kind.id_field(), &db.id);
        let mut any = false;
        if changed("env") {
            call = call.arg("env", env_block(&d.env)?);
            any = true;
        }
        if changed("externalPort") {
            // Published on the next deploy, which a runtime change gets.
            call = call.arg("externalPort", nullable(d.external_port));
            any = true;
        }
        if ["replicas", "resources", "command"]
            .iter()
            .any(|p| changed(p))
        {
            call = call
                .arg("replicas", d.replicas.unwrap_or(1))
                .arg("memoryLimit", bytes(d.resources.memory_limit))
                .arg("memoryReservation", bytes(d.resources.memory_reservation))
                .arg("cpuLimit", nano_cpus(d.resources.cpu_limit))
                .arg("cpuReservation", nano_cpus(d.resources.cpu_reservation))
                .arg("command", nullable(d.command.clone()));
            any = true;
        }
        if any {
            call.send().body().await?;
        }
        Ok(())
    }

    async fn delete(&mut self, step: &Step) -> Result<()> {
        let c = self.client;
        let observed = step
            .observed
            .as_ref()
            .ok_or_else(|| Error::InvalidInput("nothing to delete".into()))?;
        let id = observed
            .live
            .as_ref()
            .map(|l| l.id.clone())
            .unwrap_or_default();
        match step.change.kind {
            Kind::Environment => {
                for service in &observed.children {
                    self.delete_service(service).await?;
                }
                c.call("environment.remove")
                    .arg("environmentId", &id)
                    .send()
                    .body()
                    .await?;
                Ok(())
            }
            Kind::Application | Kind::Compose | Kind::Database => {
                self.delete_service(observed).await
            }
            Kind::Domain => c.domains().delete(&id).await.map(drop),
            Kind::Port => c.ports().delete(&id).await.map(drop),
            Kind::Mount => c.mounts().remove(&id).await.map(drop),
            Kind::Redirect => c.redirects().delete(&id).await.map(drop),
            Kind::Security => c.security().delete(&id).await,
            Kind::Schedule => c.schedules().delete(&id).await,
            Kind::Backup => c.backups().remove(&id).await.map(drop),
            Kind::Project | Kind::Destination | Kind::Notification => Ok(()),
        }
    }

    async fn delete_service(&self, service: &Item) -> Result<()> {
        let c = self.client;
        let Some(live) = &service.live else {
            return Ok(());
        };
        match service.kind() {
            Kind::Application => c.applications().delete(&live.id).await.map(drop),
            Kind::Compose => c.compose().delete(&live.id, Volumes::Keep).await.map(drop),
            Kind::Database => {
                let kind = live
                    .database
                    .map(DatabaseType::kind)
                    .unwrap_or(DatabaseKind::Postgres);
                c.databases()
                    .remove(&DatabaseRef::new(kind, &live.id))
                    .await
                    .map(drop)
            }
            _ => Ok(()),
        }
    }

    async fn deploy(
        &self,
        step: &Step,
        wait: &WaitOptions,
        on_event: &mut Option<ApplyCallback<'_>>,
    ) -> Result<String> {
        let target = step.change.target();
        let id = self.id(&target)?;
        let address = step.change.address.as_str();
        let outcome = match step.change.kind {
            Kind::Application | Kind::Compose => {
                let request = if step.change.kind == Kind::Application {
                    self.client.deploy_application(&id)
                } else {
                    self.client.deploy_compose(&id)
                };
                let mut request = request.options(wait.clone());
                if let Some(cb) = on_event.as_mut() {
                    request = request.on_progress(move |event| {
                        cb(&ApplyEvent::Deploy { address, event });
                    });
                }
                let outcome = request.wait().await?;
                let status = outcome.status().to_string();
                outcome.into_result()?;
                status
            }
            Kind::Database => {
                let db = self.database_of(&target)?;
                self.client.databases().deploy(&db).await?;
                "done".to_string()
            }
            _ => return Ok(String::new()),
        };
        Ok(outcome)
    }
}

fn new_port(p: &PortSpec) -> NewPort {
    NewPort::tcp(p.published, p.target)
        .protocol(p.protocol.unwrap_or_default().as_str())
        .publish_mode(p.mode.unwrap_or_default().as_str())
}

fn new_mount(owner: MountOwner, m: &MountSpec) -> NewMount {
    if let Some(v) = &m.volume {
        NewMount::volume(owner, v, &m.path)
    } else if let Some(h) = &m.host_path {
        NewMount::bind(owner, h, &m.path)
    } else {
        NewMount::file(
            owner,
            m.file_path
                .clone()
                .unwrap_or_else(|| super::nodes::default_file_path(&m.path)),
            m.content
                .as_ref()
                .map(|c| c.as_written().to_string())
                .unwrap_or_default(),
            &m.path,
        )
    }
}

fn new_schedule(owner: ScheduleOwner, s: &ScheduleSpec) -> NewSchedule {
    let mut new = NewSchedule::new(owner, &s.name, &s.cron, &s.command);
    new.service_name = s.service.clone();
    new.shell = s.shell.unwrap_or_default().as_str();
    new.enabled = s.enabled.unwrap_or(true);
    new.timezone = s.timezone.clone();
    new
}

fn new_destination(d: &DestinationSpec) -> NewDestination {
    let mut new = NewDestination::new(
        &d.name,
        &d.endpoint,
        &d.bucket,
        &d.region,
        d.access_key.as_written(),
        d.secret_access_key.as_written(),
    );
    if let Some(p) = &d.provider {
        new = new.provider(p.as_str().into());
    }
    for f in &d.additional_flags {
        new = new.flag(f);
    }
    new
}

fn notification_events(n: &NotificationSpec) -> NotificationEvents {
    NotificationEvents::of(n.events.iter().map(|e| e.event()))
}

fn notification_kind(n: &NotificationSpec) -> Result<crate::models::NotificationKind> {
    use crate::models::*;
    let s = |t: &SecretText| t.as_written().to_string();
    if let Some(k) = &n.slack {
        let mut settings =
            SlackSettings::new(s(&k.webhook_url), k.channel.clone().unwrap_or_default());
        settings.channel = k.channel.clone();
        return Ok(settings.into());
    }
    if let Some(k) = &n.telegram {
        let mut settings = TelegramSettings::new(s(&k.bot_token), &k.chat_id);
        settings.message_thread_id = k.message_thread_id.clone();
        return Ok(settings.into());
    }
    if let Some(k) = &n.discord {
        let mut settings = DiscordSettings::new(s(&k.webhook_url));
        settings.decoration = Some(k.decoration.unwrap_or(true));
        return Ok(settings.into());
    }
    if let Some(k) = &n.email {
        return Ok(EmailSettings::new(
            &k.smtp_server,
            k.smtp_port,
            &k.username,
            s(&k.password),
            &k.from_address,
            k.to_addresses.clone(),
        )
        .into());
    }
    if let Some(k) = &n.resend {
        return Ok(
            ResendSettings::new(s(&k.api_key), &k.from_address, k.to_addresses.clone()).into(),
        );
    }
    if let Some(k) = &n.gotify {
        let mut settings = GotifySettings::new(&k.server_url, s(&k.app_token));
        settings.priority = Some(i64::from(k.priority.unwrap_or(5)));
        settings.decoration = Some(k.decoration.unwrap_or(true));
        return Ok(settings.into());
    }
    if let Some(k) = &n.ntfy {
        let mut settings = NtfySettings::new(&k.server_url, &k.topic, s(&k.access_token));
        settings.priority = Some(i64::from(k.priority.unwrap_or(3)));
        return Ok(settings.into());
    }
    if let Some(k) = &n.mattermost {
        let mut settings = MattermostSettings::new(s(&k.webhook_url));
        settings.channel = k.channel.clone();
        settings.username = k.username.clone();
        return Ok(settings.into());
    }
    if let Some(k) = &n.custom {
        let mut settings = CustomWebhookSettings::new(s(&k.endpoint));
        for (name, value) in &k.headers {
            settings = settings.header(name, s(value));
        }
        return Ok(settings.into());
    }
    if let Some(k) = &n.lark {
        return Ok(LarkSettings::new(s(&k.webhook_url)).into());
    }
    if let Some(k) = &n.pushover {
        let mut settings = PushoverSettings::new(s(&k.user_key), s(&k.api_token));
        settings.priority = Some(i64::from(k.priority.unwrap_or(0)));
        settings.retry = k.retry.map(i64::from);
        settings.expire = k.expire.map(i64::from);
        return Ok(settings.into());
    }
    if let Some(k) = &n.teams {
        return Ok(TeamsSettings::new(s(&k.webhook_url)).into());
    }
    Err(Error::InvalidInput(format!(
        "notification {} names no kind",
        n.name
    )))
}

/// Executes `planned`'s steps.
pub(crate) async fn execute(
    client: &Client,
    live: &Live,
    observed: &[&Item],
    planned: &Planned,
    options: &mut ApplyOptions<'_>,
) -> ApplyReport {
    let mut run = Run::new(client, live, observed);
    let mut report = ApplyReport::default();
    let mut failed: HashSet<String> = HashSet::new();
    let mut touched_failed: HashSet<String> = HashSet::new();
    for step in &planned.steps {
        if step.change.action == Action::NoOp {
            continue;
        }
        let target = step.change.target();
        let blocked = step
            .change
            .depends_on
            .iter()
            .chain(step.parent.iter().filter(|p| failed.contains(*p)))
            .find(|d| failed.contains(*d))
            .cloned();
        let outcome = if step.change.action == Action::Delete && !options.prune {
            StepOutcome::Skipped("a deletion: run apply with --prune to make it".into())
        } else if let Some(dep) = blocked {
            StepOutcome::Skipped(format!("{dep} failed or was not made"))
        } else {
            if let Some(cb) = options.on_event.as_mut() {
                cb(&ApplyEvent::Started(&step.change));
            }
            match run.run(step).await {
                Ok(()) => StepOutcome::Applied,
                Err(e) => StepOutcome::Failed(e.to_string()),
            }
        };
        if !matches!(outcome, StepOutcome::Applied) && step.change.action != Action::Delete {
            failed.insert(target.clone());
            if let Some(p) = &step.parent {
                touched_failed.insert(p.clone());
            }
        }
        let result = StepResult {
            action: action_word(step.change.action).into(),
            kind: step.change.kind,
            address: step.change.address.clone(),
            outcome,
        };
        if let Some(cb) = options.on_event.as_mut() {
            cb(&ApplyEvent::Finished(&result));
        }
        report.results.push(result);
    }
    if !options.deploy {
        return report;
    }
    for step in &planned.steps {
        let target = step.change.target();
        if !step.change.redeploy || failed.contains(&target) || touched_failed.contains(&target) {
            continue;
        }
        if let Some(cb) = options.on_event.as_mut() {
            cb(&ApplyEvent::Deploying {
                kind: step.change.kind,
                address: &step.change.address,
            });
        }
        let wait = options.wait.clone();
        let outcome = match run.deploy(step, &wait, &mut options.on_event).await {
            Ok(_) => StepOutcome::Applied,
            Err(e) => StepOutcome::Failed(e.to_string()),
        };
        let result = StepResult {
            action: "deploy".into(),
            kind: step.change.kind,
            address: step.change.address.clone(),
            outcome,
        };
        if let Some(cb) = options.on_event.as_mut() {
            cb(&ApplyEvent::Finished(&result));
        }
        report.results.push(result);
    }
    report
}
