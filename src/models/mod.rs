//! Typed models of Dokploy's core resources, decoded from what Dokploy really sends.
//!
//! They are tolerant: fields this crate does not name are kept in `extra` (never dropped,
//! never an error); `null` and absent fields are fine (`Option`, empty lists); enums keep values
//! they do not know as `Unknown(String)`. Secrets (passwords, environment blocks) are
//! [`Secret`](crate::redact::Secret)s, hidden from `Debug`.
//!
//! ```
//! let project: dokploy::models::Project = serde_json::from_str(r#"{
//!     "projectId": "p1", "name": "shop", "createdAt": "2026-11-22T10:54:03.675Z",
//!     "environments": [{"environmentId": "e1", "name": "production", "isDefault": true,
//!                       "applications": [{"applicationId": "a1", "name": "web", "applicationStatus": "done"}],
//!                       "postgres": [{"postgresId": "db1"}]}],
//!     "somethingNew": 42
//! }"#).unwrap();
//! assert_eq!(project.environments[0].applications[0].name, "web");
//! assert_eq!(project.extra.get("somethingNew"), Some(&serde_json::json!(42)));
//! ```

mod application;
mod compose;
mod database;
mod deployment;
mod domain;
mod project;
mod server;

pub use application::Application;
pub use compose::{Compose, ComposeSummary};
pub use database::{Database, DatabaseKind, DatabaseRef, DatabaseSummary};
pub use deployment::{Deployment, DeploymentTarget};
pub use domain::{Domain, DomainOwner};
pub use project::{ApplicationSummary, CreatedProject, Environment, Project, ProjectTag, Tag};
pub use server::Server;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::redact::redact_json;

/// Fields Dokploy sent that the model does not name, kept as they came. `Debug` hides secrets.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl Extra {
    /// The field `name`, if Dokploy sent it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// `true` when every field was named by the model.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", redact_json(&Value::Object(self.0.clone())))
    }
}

/// Defines a string enum that keeps unknown values as `Unknown(String)`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this crate does not know (a newer Dokploy), kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as Dokploy spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(value.as_ref()))
            }
        }
    };
}

string_enum! {
    /// The status of an application, compose stack or database (`applicationStatus`,
    /// `composeStatus`). `done` means the last deploy updated the service, not that it is healthy.
    ServiceStatus {
        /// Never deployed, or stopped.
        Idle = "idle",
        /// A deployment is running.
        Running = "running",
        /// The last deployment finished.
        Done = "done",
        /// The last deployment failed.
        Error = "error",
    }
}

string_enum! {
    /// The status of one deployment row.
    DeploymentStatus {
        /// The job is running.
        Running = "running",
        /// Finished successfully.
        Done = "done",
        /// Failed; the reason is in the log (`deployment.readLogs`).
        Error = "error",
        /// Left `running` when Dokploy restarted.
        Cancelled = "cancelled",
    }
}

impl DeploymentStatus {
    /// `true` once the deployment will not change any more (`done`, `error`, `cancelled`).
    /// A status this crate does not know counts as not finished: waiting goes on (and ends in a
    /// stall error naming it) rather than stopping early.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            DeploymentStatus::Done | DeploymentStatus::Error | DeploymentStatus::Cancelled
        )
    }
}

string_enum! {
    /// How an application is built.
    BuildType {
        /// A Dockerfile.
        Dockerfile = "dockerfile",
        /// Heroku buildpacks.
        HerokuBuildpacks = "heroku_buildpacks",
        /// Paketo buildpacks.
        PaketoBuildpacks = "paketo_buildpacks",
        /// Nixpacks (Dokploy's default).
        Nixpacks = "nixpacks",
        /// Static files.
        Static = "static",
        /// Railpack.
        Railpack = "railpack",
    }
}

string_enum! {
    /// Where an application's code comes from.
    ApplicationSourceType {
        /// A Docker image.
        Docker = "docker",
        /// Any git URL.
        Git = "git",
        /// GitHub (Dokploy's default, even with no repository set).
        Github = "github",
        /// GitLab.
        Gitlab = "gitlab",
        /// Bitbucket.
        Bitbucket = "bitbucket",
        /// Gitea.
        Gitea = "gitea",
        /// An uploaded zip archive.
        Drop = "drop",
    }
}

string_enum! {
    /// Where a compose stack's file comes from.
    ComposeSourceType {
        /// Any git URL.
        Git = "git",
        /// GitHub (Dokploy's default).
        Github = "github",
        /// GitLab.
        Gitlab = "gitlab",
        /// Bitbucket.
        Bitbucket = "bitbucket",
        /// Gitea.
        Gitea = "gitea",
        /// The compose file stored in Dokploy (`composeFile`).
        Raw = "raw",
    }
}

string_enum! {
    /// How a compose stack runs.
    ComposeType {
        /// `docker compose`.
        DockerCompose = "docker-compose",
        /// `docker stack` (Swarm).
        Stack = "stack",
    }
}

string_enum! {
    /// A domain's TLS certificate.
    CertificateType {
        /// Let's Encrypt.
        Letsencrypt = "letsencrypt",
        /// None.
        None = "none",
        /// A custom resolver.
        Custom = "custom",
    }
}

string_enum! {
    /// What a domain routes to.
    DomainType {
        /// A compose service.
        Compose = "compose",
        /// An application.
        Application = "application",
        /// A preview deployment.
        Preview = "preview",
    }
}

string_enum! {
    /// What a server is for.
    ServerType {
        /// Runs deployments.
        Deploy = "deploy",
        /// Builds images.
        Build = "build",
    }
}

string_enum! {
    /// Whether a server is in use.
    ServerStatus {
        /// Active.
        Active = "active",
        /// Inactive.
        Inactive = "inactive",
    }
}

string_enum! {
    /// A libsql node's role.
    SqldNode {
        /// The primary.
        Primary = "primary",
        /// A replica (needs `sqldPrimaryUrl`).
        Replica = "replica",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept() {
        let s: ServiceStatus = serde_json::from_str("\"paused\"").unwrap();
        assert_eq!(s, ServiceStatus::Unknown("paused".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"paused\"");
        let d: DeploymentStatus = serde_json::from_str("\"cancelled\"").unwrap();
        assert!(d.is_finished());
        assert!(!DeploymentStatus::Running.is_finished());
        assert!(!DeploymentStatus::from("queued").is_finished());
    }

    #[test]
    fn enums_round_trip_their_wire_spelling() {
        for wire in ["heroku_buildpacks", "railpack", "nixpacks"] {
            let b = BuildType::from(wire);
            assert_eq!(b.as_str(), wire);
            assert!(!matches!(b, BuildType::Unknown(_)));
        }
        assert_eq!(ComposeType::DockerCompose.to_string(), "docker-compose");
    }

    #[test]
    fn extra_debug_hides_secrets() {
        let mut map = Map::new();
        map.insert("rootPassword".into(), Value::String("hunter2".into()));
        let debug = format!("{:?}", Extra(map));
        assert!(!debug.contains("hunter2"), "{debug}");
    }
}
