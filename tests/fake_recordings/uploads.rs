//! 445 and 431: the same multipart upload of a zip archive to `application.dropDeployment`,
//! over REST (500 "Internal server error": Dokploy's REST adapter cannot parse a form) and over
//! tRPC (200 `true`, and the build starts: 432–434 show its rows and log, which belong to the
//! live-log recordings). The application was made before the recorded session: a seed creates
//! it.

use super::replay::Step::{Seed, Upload};
use super::replay::{Session, recording_outcome};

pub const SESSION: Session = Session {
    name: "uploads",
    outcome: recording_outcome,
    steps: &[
        Seed {
            procedure: "project.create",
            input: r#"{"name":"rec-uploads"}"#,
            learn: &[("environment-of-431", "/environment/environmentId")],
        },
        Seed {
            procedure: "application.create",
            input: r#"{"name":"app","environmentId":"environment-of-431"}"#,
            learn: &[("EP35ceQFZOBlvAiMigi6C", "/applicationId")],
        },
        Upload("445-"),
        Upload("431-"),
    ],
};
