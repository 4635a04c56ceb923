//! Environment lookup: every service is created in an environment (`environmentId`), found
//! through its project.

use crate::error::LookupError;
use crate::models::{Environment, Project};
use crate::required;
use crate::{Client, ResponseExt, Result};

/// Typed environment methods and lookups; from [`Client::environments`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// # let project_id = client.projects().create("shop", None).await?.project.project_id;
/// let environments = client.environments();
/// environments.create(&project_id, "staging", None).await?;
/// let names: Vec<String> = environments
///     .of_project(&project_id)
///     .await?
///     .into_iter()
///     .map(|e| e.name)
///     .collect();
/// assert_eq!(names, ["production", "staging"]);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Environments<'a> {
    client: &'a Client,
}

fn describe(e: &Environment) -> String {
    format!(
        "{} ({}{})",
        e.name,
        e.environment_id,
        if e.is_default { ", default" } else { "" }
    )
}

impl<'a> Environments<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// One environment with its services and its project.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let created = client.projects().create("shop", None).await?;
    /// # let env_id = created.environment.environment_id;
    /// # client.applications().create(&env_id, "web").await?;
    /// let env = client.environments().one(&env_id).await?;
    /// assert_eq!(env.applications[0].name, "web");
    /// assert_eq!(env.project.unwrap().name, "shop");
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, environment_id: &str) -> Result<Environment> {
        self.client
            .environment_one()
            .required(required::EnvironmentOne {
                environment_id: environment_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// The environments of a project, oldest first (an unknown project gives an empty list).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// # client.environments().create(&project_id, "staging", None).await?;
    /// let envs = client.environments().of_project(&project_id).await?;
    /// assert_eq!(envs.len(), 2);
    /// assert!(envs[0].is_default);
    /// assert!(client.environments().of_project("no-such-id").await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn of_project(&self, project_id: &str) -> Result<Vec<Environment>> {
        self.client
            .environment_by_project_id()
            .required(required::EnvironmentByProjectId {
                project_id: project_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// The project's default environment (`isDefault`, normally `production`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// let env = client.environments().default_of(&project_id).await?;
    /// assert_eq!(env.name, "production");
    /// client.applications().create(&env.environment_id, "web").await?;
    /// # Ok(()) }
    /// ```
    pub async fn default_of(&self, project_id: &str) -> Result<Environment> {
        let project = self.client.projects().one(project_id).await?;
        default_environment(&project)
    }

    /// The environment called `name` in the project; [`LookupError::NotFound`] (listing the
    /// project's environments) when there is none.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// # client.environments().create(&project_id, "staging", None).await?;
    /// let staging = client.environments().named(&project_id, "staging").await?;
    /// assert!(!staging.is_default);
    /// let error = client.environments().named(&project_id, "qa").await.unwrap_err();
    /// assert!(error.to_string().contains("staging"));
    /// # Ok(()) }
    /// ```
    pub async fn named(&self, project_id: &str, name: &str) -> Result<Environment> {
        let project = self.client.projects().one(project_id).await?;
        named_environment(&project, name)
    }

    /// The environment `environment` (or the default one, when `None`) of the project called
    /// `project`: the usual "where do I create this?" question, answered in one call.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// # client.environments().create(&project_id, "staging", None).await?;
    /// let staging = client.environments().find("shop", Some("staging")).await?;
    /// let production = client.environments().find("shop", None).await?;
    /// assert_eq!((staging.name.as_str(), production.name.as_str()), ("staging", "production"));
    /// # Ok(()) }
    /// ```
    pub async fn find(&self, project: &str, environment: Option<&str>) -> Result<Environment> {
        let found = self.client.projects().by_name(project).await?;
        match environment {
            Some(name) => named_environment(&found, name),
            None => default_environment(&found),
        }
    }

    /// Creates an environment in a project (`production` is reserved for the default one).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let project_id = client.projects().create("shop", None).await?.project.project_id;
    /// let staging = client
    ///     .environments()
    ///     .create(&project_id, "staging", Some("pre-release checks"))
    ///     .await?;
    /// assert_eq!(staging.project_id.as_deref(), Some(project_id.as_str()));
    /// assert!(client.environments().create(&project_id, "production", None).await.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        project_id: &str,
        name: &str,
        description: Option<&str>,
    ) -> Result<Environment> {
        let description = description.map(str::to_string);
        self.client
            .environment_create()
            .required(required::EnvironmentCreate {
                name: name.into(),
                project_id: project_id.into(),
            })
            .body_map(|b| b.description(description))
            .send()
            .decode()
            .await
    }
}

/// The default environment of a project loaded with its environments.
pub(crate) fn default_environment(project: &Project) -> Result<Environment> {
    project.default_environment().cloned().ok_or_else(|| {
        LookupError::NotFound {
            what: "default environment",
            wanted: format!("in project {} ({})", project.name, project.project_id),
            available: project.environments.iter().map(describe).collect(),
        }
        .into()
    })
}

fn named_environment(project: &Project, name: &str) -> Result<Environment> {
    project.environment(name).cloned().ok_or_else(|| {
        LookupError::NotFound {
            what: "environment",
            wanted: format!(
                "named {name:?} in project {} ({})",
                project.name, project.project_id
            ),
            available: project.environments.iter().map(describe).collect(),
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn project() -> Project {
        serde_json::from_value(json!({
            "projectId": "p1", "name": "shop",
            "environments": [
                {"environmentId": "e1", "name": "production", "isDefault": true},
                {"environmentId": "e2", "name": "staging", "isDefault": false}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn the_default_environment_is_the_one_marked_default() {
        assert_eq!(
            default_environment(&project()).unwrap().environment_id,
            "e1"
        );
    }

    #[test]
    fn a_missing_environment_lists_what_exists() {
        let e = named_environment(&project(), "qa").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("\"qa\""), "{text}");
        assert!(text.contains("production (e1, default)"), "{text}");
        assert!(text.contains("staging (e2)"), "{text}");
        assert!(e.is_not_found());
    }
}
