//! Projects.

use crate::required;
use std::fmt;

use super::Volumes;
use crate::error::LookupError;
use crate::models::{Application, Compose, CreatedProject, Database, Project};
use crate::types::builder::ProjectUpdateBody;
use crate::{Client, Error, ResponseExt, Result};

/// Typed project methods; from [`Client::projects`]. The handle is `Copy`: keep it around.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let projects = client.projects();
/// let created = projects.create("shop", None).await?;
/// assert_eq!(projects.one(&created.project.project_id).await?.name, "shop");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Projects<'a> {
    client: &'a Client,
}

impl<'a> Projects<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every project (newest first), with its environments and their services.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # client.projects().create("shop", None).await?;
    /// # client.projects().create("blog", None).await?;
    /// let projects = client.projects().all().await?;
    /// for project in &projects {
    ///     println!("{} ({} environments)", project.name, project.environments.len());
    /// }
    /// assert_eq!(projects[0].name, "blog"); // the newest
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<Project>> {
        self.client.call("project.all").send().decode().await
    }

    /// One project with its environments and their services.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// let project = client.projects().one(&project_id).await?;
    /// assert_eq!(project.default_environment().unwrap().name, "production");
    ///
    /// let missing = client.projects().one("no-such-id").await.unwrap_err();
    /// assert!(missing.is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, project_id: &str) -> Result<Project> {
        self.client
            .project_one()
            .required(required::ProjectOne {
                project_id: project_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// The project called `name`. Names are not unique in Dokploy: two projects with this name
    /// give [`LookupError::Ambiguous`] listing their ids; none gives
    /// [`LookupError::NotFound`] listing the projects that exist.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # client.projects().create("shop", None).await?;
    /// let shop = client.projects().by_name("shop").await?;
    /// assert_eq!(shop.environments.len(), 1);
    ///
    /// let error = client.projects().by_name("blog").await.unwrap_err();
    /// assert!(error.is_not_found());
    /// assert!(error.to_string().contains("shop"), "it lists the projects that exist");
    /// # Ok(()) }
    /// ```
    pub async fn by_name(&self, name: &str) -> Result<Project> {
        let projects = self.all().await?;
        let describe = |p: &Project| format!("{} ({})", p.name, p.project_id);
        let mut matches: Vec<Project> = projects
            .iter()
            .filter(|p| p.name == name)
            .cloned()
            .collect();
        match matches.len() {
            1 => Ok(matches.remove(0)),
            0 => Err(LookupError::NotFound {
                what: "project",
                wanted: format!("named {name:?}"),
                available: projects.iter().map(describe).collect(),
            }
            .into()),
            _ => Err(LookupError::Ambiguous {
                what: "project",
                wanted: format!("the name {name:?}"),
                matches: matches.iter().map(describe).collect(),
            }
            .into()),
        }
    }

    /// Creates a project. Dokploy creates its default environment (`production`) with it;
    /// both come back, so resources can be created in `created.environment` straight away.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let created = client.projects().create("shop", Some("the web shop")).await?;
    /// assert_eq!(created.environment.name, "production");
    /// let app = client
    ///     .applications()
    ///     .create(&created.environment.environment_id, "web")
    ///     .await?;
    /// assert_eq!(app.name, "web");
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, name: &str, description: Option<&str>) -> Result<CreatedProject> {
        let description = description.map(str::to_string);
        self.client
            .project_create()
            .required(required::ProjectCreate { name: name.into() })
            .body_map(|b| b.description(description))
            .send()
            .decode()
            .await
    }

    /// Updates the fields set by `f` (others are left as they are) and returns the project row.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// let project = client
    ///     .projects()
    ///     .update(&project_id, |b| b.description(Some("the web shop".to_string())))
    ///     .await?;
    /// assert_eq!(project.description.as_deref(), Some("the web shop"));
    /// assert_eq!(project.name, "shop"); // not set, so unchanged
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        project_id: &str,
        f: impl FnOnce(ProjectUpdateBody) -> ProjectUpdateBody,
    ) -> Result<Project> {
        self.client
            .project_update()
            .required(required::ProjectUpdate {
                project_id: project_id.into(),
            })
            .body_map(f)
            .send()
            .decode()
            .await
    }

    /// Deletes the project's rows in Dokploy: the project, its environments, and the rows of
    /// their services (with their domains, mounts and deployments). **Irreversible.** Returns
    /// the project row.
    ///
    /// **It stops nothing.** Dokploy's `project.remove` only deletes rows: the applications,
    /// compose stacks and databases that were deployed keep running on the server, and nothing
    /// in Dokploy lists them any more (seen on a real Docker engine). To take them down first,
    /// use [`remove_with_services`](Projects::remove_with_services).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDatabase;
    /// # let created = client.projects().create("scratch", None).await?;
    /// # let env_id = created.environment.environment_id;
    /// let db = client.databases().create(NewDatabase::redis(&env_id, "cache")).await?;
    /// client.databases().deploy(&db.reference).await?;
    ///
    /// let removed = client.projects().remove(&created.project.project_id).await?;
    /// assert_eq!(removed.name, "scratch");
    /// assert!(client.environments().one(&env_id).await.unwrap_err().is_not_found());
    /// // The rows are gone, but the deployed database still runs.
    /// assert_eq!(fake.orphaned_services()[0].service_id, db.reference.id);
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, project_id: &str) -> Result<Project> {
        self.client
            .project_remove()
            .required(required::ProjectRemove {
                project_id: project_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Takes the project's services down, then removes the project. **Irreversible.**
    ///
    /// Reads the project, then, environment by environment, deletes each application
    /// (`application.delete`), each compose stack (`compose.delete`, keeping or deleting its
    /// named volumes as `volumes` says) and each database (`<kind>.remove`; Dokploy keeps a
    /// database's volume whatever `volumes` says), each of which stops its service on the
    /// server; then `project.remove`. A service already gone (not found) is skipped. Returns
    /// the project row and what was removed, in order.
    ///
    /// The first step that fails stops the removal with [`Error::Removal`], which names what was
    /// already removed (nothing is retried: calling again picks up what is left). A service
    /// created in the project after it was read is not taken down.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewDatabase, Volumes};
    /// let created = client.projects().create("scratch", None).await?;
    /// let env_id = &created.environment.environment_id;
    /// client.applications().create(env_id, "web").await?;
    /// let db = client.databases().create(NewDatabase::redis(env_id, "cache")).await?;
    /// client.databases().deploy(&db.reference).await?;
    ///
    /// let removed = client
    ///     .projects()
    ///     .remove_with_services(&created.project.project_id, Volumes::Delete)
    ///     .await?;
    /// let names: Vec<String> = removed.services.iter().map(|s| s.to_string()).collect();
    /// assert_eq!(names[0], format!("application web ({})", removed.services[0].id()));
    /// assert_eq!(removed.services[1].name(), "cache");
    /// assert!(fake.running_services().is_empty()); // nothing left running
    /// # Ok(()) }
    /// ```
    pub async fn remove_with_services(
        &self,
        project_id: &str,
        volumes: Volumes,
    ) -> Result<RemovedProject> {
        let project = self.one(project_id).await?;
        let mut removal = Removal {
            project: format!("{} ({})", project.name, project.project_id),
            removed: Vec::new(),
        };
        for environment in &project.environments {
            for app in &environment.applications {
                let what = format!("application {} ({})", app.name, app.application_id);
                let deleted = self.client.applications().delete(&app.application_id).await;
                removal.step(what, deleted.map(RemovedService::Application))?;
            }
            for stack in &environment.compose {
                let what = format!("compose stack {} ({})", stack.name, stack.compose_id);
                let deleted = self
                    .client
                    .compose()
                    .delete(&stack.compose_id, volumes)
                    .await;
                removal.step(what, deleted.map(RemovedService::Compose))?;
            }
            for db in environment.databases() {
                let name = db.name.as_deref().unwrap_or("");
                let what = format!("{} {name} ({})", db.reference.kind, db.reference.id);
                let removed = self.client.databases().remove(&db.reference).await;
                removal.step(what, removed.map(RemovedService::Database))?;
            }
        }
        match self.remove(project_id).await {
            Ok(project) => Ok(RemovedProject {
                project,
                services: removal.removed,
            }),
            Err(source) => Err(removal.failed("the project itself".to_string(), source)),
        }
    }
}

/// What [`Projects::remove_with_services`] removed.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::Volumes;
/// # let created = client.projects().create("scratch", None).await?;
/// # client.applications().create(&created.environment.environment_id, "web").await?;
/// let removed = client
///     .projects()
///     .remove_with_services(&created.project.project_id, Volumes::Keep)
///     .await?;
/// assert_eq!(removed.project.name, "scratch");
/// assert_eq!(removed.services.len(), 1);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RemovedProject {
    /// The project row, as `project.remove` returned it.
    pub project: Project,
    /// The services taken down before it, in the order they were removed.
    pub services: Vec<RemovedService>,
}

/// A service [`Projects::remove_with_services`] took down, as its delete/remove returned it.
/// `Display` names it: `application web (a1)`, `compose stack site (c1)`, `redis cache (r1)`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::{RemovedService, Volumes};
/// # let created = client.projects().create("scratch", None).await?;
/// # client.applications().create(&created.environment.environment_id, "web").await?;
/// let removed = client
///     .projects()
///     .remove_with_services(&created.project.project_id, Volumes::Keep)
///     .await?;
/// let RemovedService::Application(app) = &removed.services[0] else { panic!() };
/// assert_eq!(app.name, "web");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
// The rows as Dokploy returned them, a handful per removed project: boxing buys nothing here.
#[allow(clippy::large_enum_variant)]
pub enum RemovedService {
    /// An application (`application.delete`).
    Application(Application),
    /// A compose stack (`compose.delete`).
    Compose(Compose),
    /// A database (`<kind>.remove`).
    Database(Database),
}

impl RemovedService {
    /// The service's id.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let created = client.projects().create("scratch", None).await?;
    /// let app = client.applications().create(&created.environment.environment_id, "web").await?;
    /// let removed = client
    ///     .projects()
    ///     .remove_with_services(&created.project.project_id, dokploy::resources::Volumes::Keep)
    ///     .await?;
    /// assert_eq!(removed.services[0].id(), app.application_id);
    /// # Ok(()) }
    /// ```
    pub fn id(&self) -> &str {
        match self {
            RemovedService::Application(app) => &app.application_id,
            RemovedService::Compose(stack) => &stack.compose_id,
            RemovedService::Database(db) => &db.reference.id,
        }
    }

    /// The service's name.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let created = client.projects().create("scratch", None).await?;
    /// # client.applications().create(&created.environment.environment_id, "web").await?;
    /// let removed = client
    ///     .projects()
    ///     .remove_with_services(&created.project.project_id, dokploy::resources::Volumes::Keep)
    ///     .await?;
    /// assert_eq!(removed.services[0].name(), "web");
    /// # Ok(()) }
    /// ```
    pub fn name(&self) -> &str {
        match self {
            RemovedService::Application(app) => &app.name,
            RemovedService::Compose(stack) => &stack.name,
            RemovedService::Database(db) => &db.name,
        }
    }
}

impl fmt::Display for RemovedService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            RemovedService::Application(_) => "application".to_string(),
            RemovedService::Compose(_) => "compose stack".to_string(),
            RemovedService::Database(db) => db.reference.kind.to_string(),
        };
        write!(f, "{kind} {} ({})", self.name(), self.id())
    }
}

/// A [`Projects::remove_with_services`] that stopped part-way ([`Error::Removal`]).
///
/// ```
/// use dokploy::Error;
/// # fn describe(result: dokploy::Result<dokploy::resources::RemovedProject>) {
/// if let Err(Error::Removal(e)) = result {
///     eprintln!("{e}"); // "removing project … stopped at …: …; already removed: …"
///     for service in &e.removed {
///         eprintln!("removed {service}");
///     }
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct RemovalError {
    /// The project, as `name (id)`.
    pub project: String,
    /// The services removed before the failure, in order.
    pub removed: Vec<RemovedService>,
    /// What could not be removed, e.g. `compose stack site (c1)` or `the project itself`.
    pub failed: String,
    /// Why.
    pub source: Error,
}

impl fmt::Display for RemovalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "removing project {} with its services stopped at {}: {}; ",
            self.project, self.failed, self.source
        )?;
        if self.removed.is_empty() {
            write!(f, "nothing was removed")
        } else {
            let removed: Vec<String> = self.removed.iter().map(ToString::to_string).collect();
            write!(f, "already removed: {}", removed.join(", "))
        }
    }
}

impl From<RemovalError> for Error {
    fn from(e: RemovalError) -> Self {
        Error::Removal(Box::new(e))
    }
}

/// The progress of a [`Projects::remove_with_services`].
struct Removal {
    project: String,
    removed: Vec<RemovedService>,
}

impl Removal {
    /// Records a removed service; a service already gone is skipped, any other failure ends it.
    fn step(&mut self, what: String, result: Result<RemovedService>) -> Result<()> {
        match result {
            Ok(service) => {
                self.removed.push(service);
                Ok(())
            }
            Err(e) if e.is_not_found() => Ok(()),
            Err(source) => Err(self.failed(what, source)),
        }
    }

    fn failed(&mut self, what: String, source: Error) -> Error {
        RemovalError {
            project: self.project.clone(),
            removed: std::mem::take(&mut self.removed),
            failed: what,
            source,
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, name: &str) -> RemovedService {
        let app = serde_json::json!({"applicationId": id, "name": name});
        RemovedService::Application(serde_json::from_value(app).unwrap())
    }

    #[test]
    fn a_failed_step_names_what_was_already_removed_and_keeps_the_cause() {
        let mut removal = Removal {
            project: "shop (p1)".into(),
            removed: Vec::new(),
        };
        removal
            .step("application web (a1)".into(), Ok(app("a1", "web")))
            .unwrap();
        let gone = LookupError::NotFound {
            what: "application",
            wanted: "a2".into(),
            available: Vec::new(),
        };
        removal
            .step("application old (a2)".into(), Err(gone.into()))
            .expect("a service already gone is skipped");
        let cause = Error::InvalidInput("the server said no".into());
        let error = removal
            .step("compose stack site (c1)".into(), Err(cause))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "removing project shop (p1) with its services stopped at compose stack site (c1): the request was not sent: the server said no; already removed: application web (a1)"
        );
        let Error::Removal(e) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(e.removed, [app("a1", "web")]);
        assert!(std::error::Error::source(&error).is_some());
    }

    #[test]
    fn a_failure_before_anything_was_removed_says_so() {
        let mut removal = Removal {
            project: "shop (p1)".into(),
            removed: Vec::new(),
        };
        let error = removal.failed("the project itself".into(), Error::Config("x".into()));
        assert!(
            error.to_string().ends_with("; nothing was removed"),
            "{error}"
        );
    }
}
