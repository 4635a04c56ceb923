//! Projects and environments, as `project.all`, `project.one`, `environment.one`,
//! `environment.byProjectId` and `project.create` return them.

use serde::{Deserialize, Serialize};

use super::{ComposeSummary, DatabaseKind, DatabaseSummary, Extra, ServiceStatus};
use crate::redact::Secret;

/// A project: the top of Dokploy's hierarchy (project → environments → services).
///
/// `project.all` and `project.one` nest the environments with summaries of their services;
/// rows returned by `create`/`update`/`remove` and nested in other resources have none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    pub fn default_environment(&self) -> Option<&Environment> {
        self.environments.iter().find(|e| e.is_default)
    }

    /// The environment called `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }
}

/// What `project.create` returns: the project and its default environment (`production`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreatedProject {
    /// The new project (no environments nested).
    pub project: Project,
    /// Its default environment, where resources are created.
    pub environment: Environment,
}

/// An environment of a project (`production` is created with every project). Every service is
/// created in an environment (`environmentId`), never directly in a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    pub fn databases(&self) -> impl Iterator<Item = &DatabaseSummary> {
        DatabaseKind::ALL
            .iter()
            .flat_map(|kind| self.databases_of(*kind).iter())
    }

    /// How many services (applications, compose stacks, databases) the environment holds.
    pub fn service_count(&self) -> usize {
        self.applications.len() + self.compose.len() + self.databases().count()
    }
}

/// An application as listed inside an environment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
