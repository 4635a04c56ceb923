//! Tags: organisation-wide labels assigned to projects (services have none).

use crate::models::Tag;
use crate::{Client, Result};

/// Typed tag methods; from [`Client::tags`]. A project's tags come with it
/// ([`Project::project_tags`](crate::models::Project::project_tags)).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let shop = client.projects().create("shop", None).await?.project;
/// let tag = client.tags().create("production", Some("#336699")).await?;
/// client.tags().assign_to_project(&shop.project_id, &tag.tag_id).await?;
/// let tagged = client.projects().one(&shop.project_id).await?;
/// assert_eq!(tagged.project_tags[0].tag.as_ref().unwrap().name, "production");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Tags<'a> {
    client: &'a Client,
}

impl<'a> Tags<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every tag of the organisation.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert!(client.tags().all().await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<Tag>> {
        self.client.call("tag.all").send().decode().await
    }

    /// Creates a tag (names are unique in the organisation: a second one is a 409).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let tag = client.tags().create("team-a", None).await?;
    /// assert_eq!(tag.name, "team-a");
    /// assert!(client.tags().create("team-a", None).await.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, name: &str, color: Option<&str>) -> Result<Tag> {
        let mut call = self.client.call("tag.create").arg("name", name);
        if let Some(color) = color {
            call = call.arg("color", color);
        }
        call.send().decode().await
    }

    /// Assigns a tag to a project.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let shop = client.projects().create("shop", None).await?.project;
    /// let tag = client.tags().create("team-a", None).await?;
    /// client.tags().assign_to_project(&shop.project_id, &tag.tag_id).await?;
    /// assert_eq!(client.projects().all().await?[0].project_tags.len(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn assign_to_project(&self, project_id: &str, tag_id: &str) -> Result<()> {
        self.client
            .call("tag.assignToProject")
            .arg("projectId", project_id)
            .arg("tagId", tag_id)
            .send()
            .body()
            .await?;
        Ok(())
    }

    /// Takes a tag off a project.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let shop = client.projects().create("shop", None).await?.project;
    /// let tag = client.tags().create("team-a", None).await?;
    /// client.tags().assign_to_project(&shop.project_id, &tag.tag_id).await?;
    /// client.tags().remove_from_project(&shop.project_id, &tag.tag_id).await?;
    /// assert!(client.projects().one(&shop.project_id).await?.project_tags.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn remove_from_project(&self, project_id: &str, tag_id: &str) -> Result<()> {
        self.client
            .call("tag.removeFromProject")
            .arg("projectId", project_id)
            .arg("tagId", tag_id)
            .send()
            .body()
            .await?;
        Ok(())
    }

    /// Deletes a tag (it is taken off every project).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let tag = client.tags().create("team-a", None).await?;
    /// client.tags().remove(&tag.tag_id).await?;
    /// assert!(client.tags().all().await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, tag_id: &str) -> Result<()> {
        self.client
            .call("tag.remove")
            .arg("tagId", tag_id)
            .send()
            .body()
            .await?;
        Ok(())
    }
}
