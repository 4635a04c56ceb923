//! Projects.

use crate::error::LookupError;
use crate::models::{CreatedProject, Project};
use crate::types::builder::ProjectUpdateBody;
use crate::{Client, ResponseExt, Result};

/// Typed project methods; from [`Client::projects`].
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
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// for project in client.projects().all().await? {
    ///     println!("{} ({} environments)", project.name, project.environments.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<Project>> {
        self.client.project_all().send().decode().await
    }

    /// One project with its environments and their services.
    pub async fn one(&self, project_id: &str) -> Result<Project> {
        self.client
            .project_one()
            .project_id(project_id)
            .send()
            .decode()
            .await
    }

    /// The project called `name`. Names are not unique in Dokploy: two projects with this name
    /// give [`LookupError::Ambiguous`] listing their ids; none gives
    /// [`LookupError::NotFound`] listing the projects that exist.
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let shop = client.projects().by_name("shop").await?;
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
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let created = client.projects().create("shop", Some("the web shop")).await?;
    /// let app = client
    ///     .applications()
    ///     .create(&created.environment.environment_id, "web")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, name: &str, description: Option<&str>) -> Result<CreatedProject> {
        let description = description.map(str::to_string);
        self.client
            .project_create()
            .body_map(|b| b.name(name).description(description))
            .send()
            .decode()
            .await
    }

    /// Updates the fields set by `f` (others are left as they are) and returns the project row.
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// client.projects().update("project-id", |b| b.description(Some("new".to_string()))).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        project_id: &str,
        f: impl FnOnce(ProjectUpdateBody) -> ProjectUpdateBody,
    ) -> Result<Project> {
        self.client
            .project_update()
            .body_map(|b| f(b.project_id(project_id)))
            .send()
            .decode()
            .await
    }

    /// Deletes a project with all its environments and services. **Irreversible.**
    pub async fn remove(&self, project_id: &str) -> Result<Project> {
        self.client
            .project_remove()
            .body_map(|b| b.project_id(project_id))
            .send()
            .decode()
            .await
    }
}
