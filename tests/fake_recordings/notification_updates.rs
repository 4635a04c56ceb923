//! 330–342: an update of each of six notification kinds that sends only the name and one
//! event flag (what an "only what changed" update sends) — 500 "No values to set" for slack,
//! custom and teams, 400 "Error updating the notification" for discord and email, and the row
//! unchanged after each; ntfy's answers 200 and clears the access token (337), and the full
//! update after it works (338). The notifications were made before the recorded session
//! (named `rec-<kind>`, sent for deploys and build errors, pointing at 127.0.0.1:9): the seeds
//! create them. 354: the deployment row a WebSocket recording (350) read, after a deploy that
//! failed (the recorded server could not pull images).

use super::replay::Step::{Check, Learn, Seed, Settle};
use super::replay::{Session, Step, recording_outcome};

/// Event flags of the recorded notifications (331: deploys and build errors).
macro_rules! events {
    () => {
        r#""appDeploy":true,"appBuildError":true,"databaseBackup":false,"volumeBackup":false,"dokployRestart":false,"dokployBackup":false,"dockerCleanup":false"#
    };
}

/// Creates the notification `$procedure` with `$settings`, then pairs the recorded ids with the
/// new row's (`notification.all` lists the newest first).
macro_rules! notification {
    ($procedure:literal, $settings:literal, $threshold:literal, $id:literal, $kind_key:literal, $kind_id:literal) => {
        [
            Seed {
                procedure: $procedure,
                input: concat!("{", events!(), $threshold, ",", $settings, "}"),
                learn: &[],
            },
            Learn {
                procedure: "notification.all",
                learn: &[
                    ($id, "/0/notificationId"),
                    ($kind_id, concat!("/0/", $kind_key)),
                ],
            },
        ]
    };
}

const SLACK: [Step; 2] = notification!(
    "notification.createSlack",
    r##""name":"rec-slack","webhookUrl":"http://127.0.0.1:9/slack/rec","channel":"#ops""##,
    r#","serverThreshold":false"#,
    "OxRJCCD_-IwgOe7HyyJY_",
    "slackId",
    "HQUlqS5feRUcjEAajndHS"
);
const DISCORD: [Step; 2] = notification!(
    "notification.createDiscord",
    r#""name":"rec-discord","webhookUrl":"http://127.0.0.1:9/discord/rec","decoration":true"#,
    r#","serverThreshold":false"#,
    "A-yudJMVZkb7jWw95AAyy",
    "discordId",
    "w6k_bYV9HtsUyydTO8TwL"
);
const EMAIL: [Step; 2] = notification!(
    "notification.createEmail",
    r#""name":"rec-email","smtpServer":"127.0.0.1","smtpPort":9,"username":"rec","password":"rec-pass-invented","fromAddress":"a@example.com","toAddresses":["b@example.com"]"#,
    r#","serverThreshold":false"#,
    "yPs0AxL0i7rt0Sk14NjBX",
    "emailId",
    "FptgyTiaG4JOF63fCkdq5"
);
const NTFY: [Step; 2] = notification!(
    "notification.createNtfy",
    r#""name":"rec-ntfy","serverUrl":"http://127.0.0.1:9","topic":"deploys","accessToken":"tk_rec_invented","priority":3"#,
    "",
    "jWpw8qspx9QgIzHMesVLR",
    "ntfyId",
    "iFWv5h_fULLRaQotMEEqR"
);
const CUSTOM: [Step; 2] = notification!(
    "notification.createCustom",
    r#""name":"rec-custom","endpoint":"http://127.0.0.1:9/hook","headers":{"X-Token":"rec-invented"}"#,
    r#","serverThreshold":false"#,
    "beev2JQdwOr95YbLTewj4",
    "customId",
    "ddjQW1IGyCHRweBOilqTp"
);
const TEAMS: [Step; 2] = notification!(
    "notification.createTeams",
    r#""name":"rec-teams","webhookUrl":"http://127.0.0.1:9/teams/rec""#,
    r#","serverThreshold":false"#,
    "Xpi5Ua5afbiQ1oXzQKz7x",
    "teamsId",
    "rlWHnjl4Ff08SKB5LhhOP"
);

pub const SESSION: Session = Session {
    name: "notification updates",
    outcome: recording_outcome,
    steps: &[
        SLACK[0],
        SLACK[1],
        Check("330-"),
        Check("331-"),
        DISCORD[0],
        DISCORD[1],
        Check("332-"),
        Check("333-"),
        EMAIL[0],
        EMAIL[1],
        Check("334-"),
        Check("335-"),
        NTFY[0],
        NTFY[1],
        Check("336-"),
        Check("337-"),
        Check("338-"),
        CUSTOM[0],
        CUSTOM[1],
        Check("339-"),
        Check("340-"),
        TEAMS[0],
        TEAMS[1],
        Check("341-"),
        Check("342-"),
        // 354: an application deployed once, its deploy failed.
        Seed {
            procedure: "project.create",
            input: r#"{"name":"rec-ws"}"#,
            learn: &[("environment-of-354", "/environment/environmentId")],
        },
        Seed {
            procedure: "application.create",
            input: r#"{"name":"app","environmentId":"environment-of-354"}"#,
            learn: &[("0-eXmZ_rBC7UASj4asidF", "/applicationId")],
        },
        Seed {
            procedure: "application.deploy",
            input: r#"{"applicationId":"0-eXmZ_rBC7UASj4asidF"}"#,
            learn: &[],
        },
        Settle("354-"),
    ],
};
