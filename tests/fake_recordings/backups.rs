//! 60–87: backup destinations (create, read, update, test, remove) and a postgres database's
//! backup (create, list, read, update, run — the real failure, its deployment row and log —,
//! list files, remove), with the errors each answers.

use super::replay::{Session, Step, recording_outcome};

use Step::{Check, MessageStarts, Seed};

pub const SESSION: Session = Session {
    name: "backups",
    // The census ran without Docker or rclone: backups and connection tests fail.
    outcome: recording_outcome,
    steps: &[
        Check("60-"),
        Check("61-"),
        Check("62-"),
        Check("63-"),
        Check("64-"),
        Check("65-"),
        Check("66-"),
        Check("67-"),
        Check("68-"),
        // The census made its project and postgres database beforehand.
        Seed {
            procedure: "project.create",
            input: r#"{"name":"census-project","description":"census of GET/resource groups"}"#,
            learn: &[
                ("U8nmZLIiF4s1imvNNwrtc", "/project/projectId"),
                ("8-Y_oUhebObdpFKHDHXtf", "/environment/environmentId"),
            ],
        },
        Seed {
            procedure: "postgres.create",
            input: r#"{"name":"census-pg","databaseName":"census","databaseUser":"census","databasePassword":"census-pw-invented","dockerImage":"postgres:18","environmentId":"8-Y_oUhebObdpFKHDHXtf"}"#,
            learn: &[("CbTNHLzJV0LRj4yFMKR2m", "/postgresId")],
        },
        Check("69-"),
        Check("70-"),
        Check("71-"),
        Check("72-"),
        Check("73-"),
        Check("74-"),
        Check("75-"),
        Check("76-"),
        Check("77-"),
        // The message is the backup script: log paths carry the run's date and the backup's
        // generated name.
        MessageStarts(
            "78-",
            "Command execution failed: Command failed: \n\tset -eo pipefail;\n\techo \"[$(date)] Starting backup process...\" >> /etc/dokploy/logs/backup-",
        ),
        Check("79-"),
        Check("80-"),
        Check("81-"),
        Check("82-"),
        Check("83-"),
        Check("84-"),
        Check("85-"),
        Check("86-"),
        Check("87-"),
    ],
};
