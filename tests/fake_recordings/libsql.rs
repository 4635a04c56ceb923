//! 240–251: a libsql database: create (a bare `true`), found in `environment.one`, one, update
//! (a bare `true`; an unknown id is a generic 400), 404, 400, deploy on a server without Docker
//! (a synchronous 500), remove, remove on an unknown id.

use super::compose::PROJECT;
use super::replay::{Session, Step, recording_outcome};

use Step::{Check, Configure, Seed};

/// The postgres database the census made first (it shows in `environment.one`, 241).
pub const POSTGRES: Step = Seed {
    procedure: "postgres.create",
    input: r#"{"name":"census-pg","environmentId":"8-Y_oUhebObdpFKHDHXtf","databaseName":"census","databaseUser":"census","databasePassword":"census-pw-invented"}"#,
    learn: &[("CbTNHLzJV0LRj4yFMKR2m", "/postgresId")],
};

/// The compose stack of 190 (it shows in `environment.one`, 241, and gets a domain, 262).
pub const COMPOSE: Step = Seed {
    procedure: "compose.create",
    input: r#"{"name":"census-compose","description":"census updated","environmentId":"8-Y_oUhebObdpFKHDHXtf","composeType":"docker-compose","sourceType":"raw","composeFile":"services:\n  web:\n    image: nginx:alpine\n    ports:\n      - 80\n  cache:\n    image: redis:7\n"}"#,
    learn: &[("Qu0QOxHkse2OK0IZOM9BK", "/composeId")],
};

pub const SESSION: Session = Session {
    name: "libsql",
    outcome: recording_outcome,
    steps: &[
        PROJECT,
        POSTGRES,
        COMPOSE,
        Check("240-"),
        Check("241-"),
        Check("242-"),
        Check("243-"),
        Check("244-"),
        Check("245-"),
        Check("246-"),
        Check("247-"),
        // The census server had no Docker engine: libsql.deploy failed while the caller waited.
        Configure(|fake| fake.set_docker_engine(dokploy::fake::DockerEngine::Unreachable)),
        Check("248-"),
        Check("249-"),
        Check("250-"),
        Check("251-"),
    ],
};
