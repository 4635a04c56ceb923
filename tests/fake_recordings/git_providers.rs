//! 120–149: git providers. Gitea (create answers `{giteaId, clientId, giteaUrl}`, update
//! `{"success":true}`), GitLab and Bitbucket (create answers nothing), GitHub (only the empty
//! listing and the 404: GitHub Apps cannot be created through the API), `gitProvider.getAll`,
//! `toggleShare`, `remove`; tests and repository listings against a closed loopback port.

use super::replay::{Session, Step, recording_outcome};

use Step::{Check, Learn};

pub const SESSION: Session = Session {
    name: "git providers",
    outcome: recording_outcome,
    steps: &[
        Check("120-"),
        Check("121-"),
        Check("122-"),
        Check("123-"),
        Check("124-"),
        Check("125-"),
        Check("126-"),
        Check("127-"),
        Check("128-"),
        Check("129-"),
        Check("130-"),
        Check("131-"),
        Check("132-"),
        // gitlab.create answered no id and gitlabProviders hides the provider (no tokens): the
        // recorded session read the id from gitProvider.getAll (146), newest first.
        Learn {
            procedure: "gitProvider.getAll",
            learn: &[("0epKr1xZAMdZ_atDPITzn", "/0/gitlab/gitlabId")],
        },
        Check("133-"),
        Check("134-"),
        Check("135-"),
        Check("136-"),
        Check("137-"),
        Check("138-"),
        Check("139-"),
        Check("140-"),
        Check("141-"),
        Check("142-"),
        Check("143-"),
        Check("144-"),
        Check("145-"),
        Check("146-"),
        Check("147-"),
        Check("148-"),
        Check("149-"),
    ],
};
