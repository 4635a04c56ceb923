//! Projects.

use crate::error::LookupError;
use crate::models::{CreatedProject, Project};
use crate::types::builder::ProjectUpdateBody;
use crate::{Client, ResponseExt, Result};

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
        self.client.project_all().send().decode().await
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
            .project_id(project_id)
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
            .body_map(|b| b.name(name).description(description))
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
            .body_map(|b| f(b.project_id(project_id)))
            .send()
            .decode()
            .await
    }

    /// Deletes a project with all its environments and services. **Irreversible.**
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let created = client.projects().create("scratch", None).await?;
    /// # let env_id = created.environment.environment_id;
    /// # client.applications().create(&env_id, "web").await?;
    /// let removed = client.projects().remove(&created.project.project_id).await?;
    /// assert_eq!(removed.name, "scratch");
    /// // Its environments went with it.
    /// assert!(client.environments().one(&env_id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, project_id: &str) -> Result<Project> {
        self.client
            .project_remove()
            .body_map(|b| b.project_id(project_id))
            .send()
            .decode()
            .await
    }
}
