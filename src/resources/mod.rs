//! Typed methods for Dokploy's core resources: one handle per resource family, reached from
//! [`Client`], each method one request (or a short, documented sequence) returning a typed model.
//!
//! | handle | methods |
//! |---|---|
//! | [`Client::projects`] | `all`, `one`, `by_name`, `create`, `update`, `remove` |
//! | [`Client::environments`] | `one`, `of_project`, `default_of`, `named`, `find`, `create` |
//! | [`Client::applications`] | `one`, `create`, `update`, `delete`, `deploy`, `redeploy`, `start`, `stop`, `save_environment`, `save_build_type`, `save_docker_provider` |
//! | [`Client::databases`] | `one`, `create`, `remove`, `deploy`, `start`, `stop` (all six kinds) |
//! | [`Client::domains`] | `one`, `by_application`, `by_compose`, `create`, `update`, `delete` |
//! | [`Client::compose`] | `one`, `create`, `update`, `delete`, `deploy`, `redeploy`, `start`, `stop`, `load_services` |
//! | [`Client::deployments`] | `all`, `all_by_compose`, `all_by_type`, `read_logs` |
//! | [`Client::servers`] | `all`, `one`, `create`, `remove` |
//!
//! `remove` and `delete` are irreversible and never called implicitly by anything in this crate.

mod applications;
mod compose;
mod databases;
mod deployments;
mod domains;
mod environments;
mod projects;
mod servers;

pub use applications::{Applications, BuildSettings, DockerImage, EnvironmentSettings};
pub use compose::{ComposeStacks, NewCompose, Volumes};
pub use databases::{Databases, LIBSQL_DEFAULT_IMAGE, NewDatabase};
pub use deployments::Deployments;
pub use domains::{Domains, NewDomain};
pub use environments::Environments;
pub use projects::Projects;
pub use servers::{NewServer, Servers};

use crate::Client;

impl Client {
    /// Projects: list, find by name, create (with the default environment), update, remove.
    pub fn projects(&self) -> Projects<'_> {
        Projects::new(self)
    }

    /// Environments: the default one of a project, one by name, create.
    pub fn environments(&self) -> Environments<'_> {
        Environments::new(self)
    }

    /// Applications: create, configure, deploy, start, stop, delete.
    pub fn applications(&self) -> Applications<'_> {
        Applications::new(self)
    }

    /// Databases of all six kinds through one API.
    pub fn databases(&self) -> Databases<'_> {
        Databases::new(self)
    }

    /// Domains of applications and compose stacks.
    pub fn domains(&self) -> Domains<'_> {
        Domains::new(self)
    }

    /// Compose stacks.
    pub fn compose(&self) -> ComposeStacks<'_> {
        ComposeStacks::new(self)
    }

    /// Deployment history and logs (to deploy and wait, see [`Client::deploy_application`]).
    pub fn deployments(&self) -> Deployments<'_> {
        Deployments::new(self)
    }

    /// Remote servers.
    pub fn servers(&self) -> Servers<'_> {
        Servers::new(self)
    }
}
