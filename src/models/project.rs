//! Projects and environments, as `project.all`, `project.one`, `environment.one`,
//! `environment.byProjectId` and `project.create` return them.

use serde::{Deserialize, Serialize};

use super::{ComposeSummary, DatabaseKind, DatabaseSummary, Extra, ServiceStatus};
use crate::redact::Secret;

/// A project: the top of Dokploy's hierarchy (project → environments → services).
///
/// `project.all` and `project.one` nest the environments with summaries of their services;
/// rows returned by `create`/`update`/`remove` and nested in other resources have none.
///
/// ```
/// use dokploy::models::Project;
/// let project: Project = serde_json::from_str(r#"{
///     "projectId": "p1", "name": "shop", "env": "REGION=eu",
///     "environments": [{"environmentId": "e1", "name": "production", "isDefault": true}]
/// }"#).unwrap();
/// assert_eq!(project.environments.len(), 1);
/// assert_eq!(project.env.unwrap().expose(), "REGION=eu");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Project {
    /// The id.
    pub project_id: String,
    /// The name (not unique: two projects may share one).
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// When it was created (ISO 8601, as Dokploy stores it).
    #[serde(default)]
    pub created_at: Option<String>,
    /// The owning organisation.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Project-wide environment variables (`KEY=value` lines), referenced as `${{project.KEY}}`.
    #[serde(default)]
    pub env: Option<Secret>,
    /// The environments, when the endpoint includes them.
    #[serde(default)]
    pub environments: Vec<Environment>,
    /// Tags.
    #[serde(default)]
    pub project_tags: Vec<ProjectTag>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Project {
    /// The default environment (`isDefault`), if the project was loaded with its environments.
    ///
    /// ```
    /// let project: dokploy::models::Project = serde_json::from_str(r#"{
    ///     "projectId": "p1", "name": "shop",
    ///     "environments": [{"environmentId": "e2", "name": "staging", "isDefault": false},
    ///                      {"environmentId": "e1", "name": "production", "isDefault": true}]
    /// }"#).unwrap();
    /// assert_eq!(project.default_environment().unwrap().environment_id, "e1");
    /// ```
    pub fn default_environment(&self) -> Option<&Environment> {
        self.environments.iter().find(|e| e.is_default)
    }

    /// The environment called `name`.
    ///
    /// ```
    /// let project: dokploy::models::Project = serde_json::from_str(r#"{
    ///     "projectId": "p1", "name": "shop",
    ///     "environments": [{"environmentId": "e2", "name": "staging"}]
    /// }"#).unwrap();
    /// assert_eq!(project.environment("staging").unwrap().environment_id, "e2");
    /// assert!(project.environment("qa").is_none());
    /// ```
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }
}

/// What `project.create` returns: the project and its default environment (`production`).
///
/// ```
/// let created: dokploy::models::CreatedProject = serde_json::from_str(r#"{
///     "project": {"projectId": "p1", "name": "shop"},
///     "environment": {"environmentId": "e1", "name": "production", "isDefault": true}
/// }"#).unwrap();
/// assert_eq!(created.environment.name, "production");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct CreatedProject {
    /// The new project (no environments nested).
    pub project: Project,
    /// Its default environment, where resources are created.
    pub environment: Environment,
}

/// An environment of a project (`production` is created with every project). Every service is
/// created in an environment (`environmentId`), never directly in a project.
///
/// ```
/// let env: dokploy::models::Environment = serde_json::from_str(r#"{
///     "environmentId": "e1", "name": "production", "isDefault": true,
///     "applications": [{"applicationId": "a1", "name": "web"}],
///     "redis": [{"redisId": "r1", "name": "cache"}]
/// }"#).unwrap();
/// assert_eq!(env.service_count(), 2);
/// assert!(env.compose.is_empty()); // absent lists are empty
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Environment {
    /// The id.
    pub environment_id: String,
    /// The name, unique within the project.
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// `true` for the project's default environment.
    #[serde(default)]
    pub is_default: bool,
    /// The project (absent in `project.all`/`project.one`, where the project is the parent).
    #[serde(default)]
    pub project_id: Option<String>,
    /// When it was created (absent from `environment.one`).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Environment-wide variables, referenced as `${{environment.KEY}}`.
    #[serde(default)]
    pub env: Option<Secret>,
    /// The project row (`environment.one`, `environment.byProjectId`).
    #[serde(default)]
    pub project: Option<Box<Project>>,
    /// Applications.
    #[serde(default)]
    pub applications: Vec<ApplicationSummary>,
    /// Compose stacks.
    #[serde(default)]
    pub compose: Vec<ComposeSummary>,
    /// PostgreSQL databases.
    #[serde(default)]
    pub postgres: Vec<DatabaseSummary>,
    /// MySQL databases.
    #[serde(default)]
    pub mysql: Vec<DatabaseSummary>,
    /// MariaDB databases.
    #[serde(default)]
    pub mariadb: Vec<DatabaseSummary>,
    /// MongoDB databases.
    #[serde(default)]
    pub mongo: Vec<DatabaseSummary>,
    /// Redis databases.
    #[serde(default)]
    pub redis: Vec<DatabaseSummary>,
    /// libsql databases.
    #[serde(default)]
    pub libsql: Vec<DatabaseSummary>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Environment {
    /// The database summaries of one kind.
    ///
    /// ```
    /// use dokploy::models::{DatabaseKind, Environment};
    /// let env: Environment = serde_json::from_str(
    ///     r#"{"environmentId": "e1", "name": "production", "mysql": [{"mysqlId": "m1"}]}"#,
    /// ).unwrap();
    /// assert_eq!(env.databases_of(DatabaseKind::Mysql)[0].reference.id, "m1");
    /// assert!(env.databases_of(DatabaseKind::Mongo).is_empty());
    /// ```
    pub fn databases_of(&self, kind: DatabaseKind) -> &[DatabaseSummary] {
        match kind {
            DatabaseKind::Postgres => &self.postgres,
            DatabaseKind::Mysql => &self.mysql,
            DatabaseKind::Mariadb => &self.mariadb,
            DatabaseKind::Mongo => &self.mongo,
            DatabaseKind::Redis => &self.redis,
            DatabaseKind::Libsql => &self.libsql,
        }
    }

    /// Every database of the environment, all kinds.
    ///
    /// ```
    /// let env: dokploy::models::Environment = serde_json::from_str(r#"{
    ///     "environmentId": "e1", "name": "production",
    ///     "postgres": [{"postgresId": "p1"}], "redis": [{"redisId": "r1"}]
    /// }"#).unwrap();
    /// let refs: Vec<String> = env.databases().map(|d| d.reference.to_string()).collect();
    /// assert_eq!(refs, ["postgres p1", "redis r1"]);
    /// ```
    pub fn databases(&self) -> impl Iterator<Item = &DatabaseSummary> {
        DatabaseKind::ALL
            .iter()
            .flat_map(|kind| self.databases_of(*kind).iter())
    }

    /// How many services (applications, compose stacks, databases) the environment holds.
    ///
    /// ```
    /// let env: dokploy::models::Environment = serde_json::from_str(r#"{
    ///     "environmentId": "e1", "name": "production",
    ///     "compose": [{"composeId": "c1"}], "libsql": [{"libsqlId": "l1"}]
    /// }"#).unwrap();
    /// assert_eq!(env.service_count(), 2);
    /// ```
    pub fn service_count(&self) -> usize {
        self.applications.len() + self.compose.len() + self.databases().count()
    }
}

/// An application as listed inside an environment.
///
/// ```
/// use dokploy::models::{ApplicationSummary, ServiceStatus};
/// let app: ApplicationSummary = serde_json::from_str(
///     r#"{"applicationId": "a1", "name": "web", "applicationStatus": "running", "icon": null}"#,
/// ).unwrap();
/// assert_eq!(app.application_status, Some(ServiceStatus::Running));
/// assert!(app.extra.get("icon").is_some());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApplicationSummary {
    /// The id.
    pub application_id: String,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The status.
    #[serde(default)]
    pub application_status: Option<ServiceStatus>,
    /// The Docker service name (not in `project.all`).
    #[serde(default)]
    pub app_name: Option<String>,
    /// The description (not in `project.all`).
    #[serde(default)]
    pub description: Option<String>,
    /// When it was created (not in `project.all`).
    #[serde(default)]
    pub created_at: Option<String>,
    /// The server it runs on; `None` for Dokploy's own.
    #[serde(default)]
    pub server_id: Option<String>,
    /// Fields this model does not name (`icon`, `server`…).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A project's tag link.
///
/// ```
/// let project: dokploy::models::Project = serde_json::from_str(r#"{
///     "projectId": "p1", "name": "shop",
///     "projectTags": [{"id": "pt1", "tagId": "t1", "tag": {"tagId": "t1", "name": "prod"}}]
/// }"#).unwrap();
/// assert_eq!(project.project_tags[0].tag.as_ref().unwrap().name, "prod");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProjectTag {
    /// The tag.
    #[serde(default)]
    pub tag: Option<Tag>,
    /// Fields this model does not name (`id`, `projectId`, `tagId`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A tag.
///
/// ```
/// let tag: dokploy::models::Tag =
///     serde_json::from_str(r##"{"tagId": "t1", "name": "prod", "color": "#ff0000"}"##).unwrap();
/// assert_eq!(tag.color.as_deref(), Some("#ff0000"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Tag {
    /// The id.
    pub tag_id: String,
    /// The name.
    pub name: String,
    /// The colour, e.g. `#ff0000`.
    #[serde(default)]
    pub color: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
