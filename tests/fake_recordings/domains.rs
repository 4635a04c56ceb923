//! 255–266: domains of an application and of a compose stack: create, one, update, 404s for
//! one/update/delete on an unknown id, update without `host` (400), byComposeId,
//! byApplicationId, delete.

use super::compose::PROJECT;
use super::libsql::COMPOSE;
use super::replay::{Session, Step, recording_outcome};

use Step::{Check, Seed};

/// The application the census made first.
const APPLICATION: Step = Seed {
    procedure: "application.create",
    input: r#"{"name":"census-app","environmentId":"8-Y_oUhebObdpFKHDHXtf"}"#,
    learn: &[("6uAmNB03EAKQ4Un0CjXdH", "/applicationId")],
};

pub const SESSION: Session = Session {
    name: "domains",
    outcome: recording_outcome,
    steps: &[
        PROJECT,
        APPLICATION,
        COMPOSE,
        Check("255-"),
        Check("256-"),
        Check("257-"),
        Check("258-"),
        Check("259-"),
        Check("260-"),
        Check("261-"),
        Check("262-"),
        Check("263-"),
        Check("264-"),
        Check("265-"),
        Check("266-"),
    ],
};
