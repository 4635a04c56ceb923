//! 360–396: what a manifest engine needs — mounts (volume, bind, file; update answering the row
//! as it was; a new database's own data volume), ports, redirects and basic-auth users on a
//! host without Traefik's middlewares.yml (400s), schedules, runtime settings, environment and
//! project env, project tags, raw compose stacks, and the deletes.

use super::replay::{Session, Step, recording_outcome};

use Step::{Check, Learn, Seed};

pub const SESSION: Session = Session {
    name: "manifest engine needs",
    outcome: recording_outcome,
    steps: &[
        Seed {
            procedure: "project.create",
            input: r#"{"name":"rec-decl","description":"manifest engine recordings"}"#,
            learn: &[
                ("yVKaNJcAEbLWCfdN-Gj7X", "/project/projectId"),
                ("Gy4jteIOH1ZTDMXPr3d7e", "/environment/environmentId"),
            ],
        },
        Seed {
            procedure: "application.create",
            input: r#"{"name":"web","environmentId":"Gy4jteIOH1ZTDMXPr3d7e"}"#,
            learn: &[("fJH17Lr4FWgFZB6JB_WA0", "/applicationId")],
        },
        // The recorded application ran nginx:alpine from Docker Hub.
        Seed {
            procedure: "application.saveDockerProvider",
            input: r#"{"applicationId":"fJH17Lr4FWgFZB6JB_WA0","dockerImage":"nginx:alpine","username":null,"password":null,"registryUrl":null}"#,
            learn: &[],
        },
        Check("360-"),
        Check("361-"),
        Check("362-"),
        Check("363-"),
        Check("364-"),
        Check("365-"),
        Check("366-"),
        Check("367-"),
        Check("368-"),
        Check("369-"),
        // `redirects.create` answers `true`; the recorded session found the row's id in the
        // application.
        Learn {
            procedure: "application.one?applicationId=fJH17Lr4FWgFZB6JB_WA0",
            learn: &[("zoVguI0lDz3-cfATAupXt", "/redirects/0/redirectId")],
        },
        Check("370-"),
        Check("371-"),
        Check("372-"),
        Check("373-"),
        Check("374-"),
        Check("375-"),
        Check("376-"),
        Check("377-"),
        Check("378-"),
        Check("379-"),
        Check("380-"),
        Check("381-"),
        Check("382-"),
        Check("383-"),
        Check("384-"),
        Check("385-"),
        Check("386-"),
        Check("387-"),
        Check("388-"),
        Check("389-"),
        Check("390-"),
        Check("391-"),
        Check("392-"),
        Check("393-"),
        Check("394-"),
        Check("395-"),
        Check("396-"),
    ],
};
