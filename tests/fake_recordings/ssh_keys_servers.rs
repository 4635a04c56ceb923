//! 220–237: SSH keys (create answers nothing; the key is found in `sshKey.all`) and a server
//! registered with that key (`server.one`/`remove` blank the key's private part), updated,
//! counted and removed, with the not-found and validation errors.

use super::replay::{Session, Step, recording_outcome};

use Step::Check;

pub const SESSION: Session = Session {
    name: "ssh keys and servers",
    outcome: recording_outcome,
    steps: &[
        Check("220-"),
        Check("221-"),
        Check("222-"),
        Check("223-"),
        Check("224-"),
        Check("225-"),
        Check("226-"),
        Check("227-"),
        Check("228-"),
        Check("229-"),
        Check("230-"),
        Check("231-"),
        Check("232-"),
        Check("233-"),
        Check("234-"),
        Check("235-"),
        Check("236-"),
        Check("237-"),
    ],
};
