//! 305–309c: what Dokploy answered with a real Docker engine attached. Deploys succeeded there
//! (except 309's, which an undefined `${{project.DATABASE_URL}}` fails), so this session's fake
//! deploys succeed too and fails 309's deploy for the same reason. The recordings come from a
//! project made beforehand: seeds create it (two applications, a postgres database, two compose
//! stacks), deploy the image application twice (306–308), and give a third application the
//! env block of 309. Seed inputs name the recorded ids, replaced by the fake's once learned.

use dokploy::fake::DeployOutcome;

use super::replay::{Session, Step};

use Step::{Check, Seed, Settle};

/// Deploys succeed, as they did on the engine (309 fails on its own reference).
fn engine_outcome() -> DeployOutcome {
    DeployOutcome::Done
}

pub const SESSION: Session = Session {
    name: "docker engine",
    outcome: engine_outcome,
    steps: &[
        Seed {
            procedure: "project.create",
            input: r#"{"name": "docker-check", "description": "real engine check"}"#,
            learn: &[
                ("ag71U-24tjj4ElvMDkWF1", "/project/projectId"),
                ("fKaPmCNeMcsaVrwG_XCYP", "/environment/environmentId"),
            ],
        },
        Seed {
            procedure: "application.create",
            input: r#"{"name": "missing", "environmentId": "fKaPmCNeMcsaVrwG_XCYP"}"#,
            learn: &[("r4QnZzR939K83wIxIELvu", "/applicationId")],
        },
        Seed {
            procedure: "application.create",
            input: r#"{"name": "web", "environmentId": "fKaPmCNeMcsaVrwG_XCYP"}"#,
            learn: &[("V_SUrCdlflaSWZ_08bpWd", "/applicationId")],
        },
        Seed {
            procedure: "postgres.create",
            input: r#"{"name": "db", "databaseName": "app", "databaseUser": "app", "databasePassword": "engine-pass-123", "environmentId": "fKaPmCNeMcsaVrwG_XCYP", "dockerImage": "postgres:16"}"#,
            learn: &[("pSRsjvvUlfdjUYELDylS5", "/postgresId")],
        },
        Seed {
            procedure: "compose.create",
            input: r#"{"name": "site-docker-compose", "environmentId": "fKaPmCNeMcsaVrwG_XCYP", "composeType": "docker-compose", "sourceType": "raw", "composeFile": "services:\n  web:\n    image: nginx:1.27-alpine\n"}"#,
            learn: &[("VnNxpbyTPxPSf0_gnlvUg", "/composeId")],
        },
        Seed {
            procedure: "compose.create",
            input: r#"{"name": "site-stack", "environmentId": "fKaPmCNeMcsaVrwG_XCYP", "composeType": "stack", "sourceType": "raw", "composeFile": "services:\n  web:\n    image: nginx:1.27-alpine\n"}"#,
            learn: &[("CF9O-0rbG1tlTk98tI7eF", "/composeId")],
        },
        Check("305-"),
        Seed {
            procedure: "application.saveDockerProvider",
            input: r#"{"applicationId": "V_SUrCdlflaSWZ_08bpWd", "dockerImage": "nginx:1.27-alpine", "username": null, "password": null, "registryUrl": null}"#,
            learn: &[],
        },
        Seed {
            procedure: "application.deploy",
            input: r#"{"applicationId": "V_SUrCdlflaSWZ_08bpWd"}"#,
            learn: &[],
        },
        Seed {
            procedure: "application.deploy",
            input: r#"{"applicationId": "V_SUrCdlflaSWZ_08bpWd", "title": "redeploy-watch"}"#,
            learn: &[],
        },
        Settle("306-"),
        Check("307-"),
        Check("308-"),
        Seed {
            procedure: "application.create",
            input: r#"{"name": "undefined-ref", "environmentId": "fKaPmCNeMcsaVrwG_XCYP"}"#,
            learn: &[("TA2Qra2b9r_oSupXfJqXh", "/applicationId")],
        },
        Seed {
            procedure: "application.saveDockerProvider",
            input: r#"{"applicationId": "TA2Qra2b9r_oSupXfJqXh", "dockerImage": "nginx:1.27-alpine", "username": null, "password": null, "registryUrl": null}"#,
            learn: &[],
        },
        Seed {
            procedure: "application.saveEnvironment",
            input: r#"{"applicationId": "TA2Qra2b9r_oSupXfJqXh", "env": "DATABASE_URL=${{project.DATABASE_URL}}", "buildArgs": null, "buildSecrets": null, "createEnvFile": true}"#,
            learn: &[],
        },
        Check("309a-"),
        Settle("309b-"),
        Settle("309c-"),
    ],
};
