//! 190–216: a raw compose stack: create, one, update (and on an unknown id: 200 with an empty
//! body), 404, 400, loadServices (cache before any fetch is a 404), getConvertedCompose,
//! getDefaultCommand, deploy and its deployment rows and logs, stop and start on a server
//! without a working Docker (500), delete with its volumes, and what is left afterwards.

use super::replay::{Session, Step, recording_outcome};

use Step::{Check, Configure, MessageStarts, Seed, Settle};

/// The census ran in a project made beforehand.
pub const PROJECT: Step = Seed {
    procedure: "project.create",
    input: r#"{"name":"census-project","description":"census of GET/resource groups"}"#,
    learn: &[
        ("U8nmZLIiF4s1imvNNwrtc", "/project/projectId"),
        ("8-Y_oUhebObdpFKHDHXtf", "/environment/environmentId"),
    ],
};

pub const SESSION: Session = Session {
    name: "compose",
    outcome: recording_outcome,
    steps: &[
        PROJECT,
        Check("190-"),
        Check("191-"),
        Check("192-"),
        Check("193-"),
        Check("194-"),
        Check("195-"),
        Check("196-"),
        Check("197-"),
        Check("198-"),
        Check("199-"),
        Check("200-"),
        Check("201-"),
        Check("202-"),
        Settle("203-"),
        Settle("204-"),
        Check("205-"),
        Check("206-"),
        Check("207-"),
        Check("208-"),
        Check("209-"),
        // The census server's docker CLI could not run `docker compose`: the fake without a
        // reachable Docker engine fails the same commands with Docker's own complaint.
        Configure(|fake| fake.set_docker_engine(dokploy::fake::DockerEngine::Unreachable)),
        MessageStarts(
            "210-",
            "Command execution failed: Command failed: env -i PATH=\"$PATH\" docker compose -p ",
        ),
        MessageStarts(
            "211-",
            "Command execution failed: Command failed: env -i PATH=\"$PATH\" docker compose -p ",
        ),
        Check("212-"),
        Check("213-"),
        Check("214-"),
        Check("215-"),
        Check("216-"),
    ],
};
