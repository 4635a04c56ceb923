//! 270–304: postgres, mysql, mariadb, mongo and redis: create (postgres was made before),
//! update (a bare `true`), one after the update, update on an unknown id (a generic 400 worded
//! per kind), one on an unknown id (404), remove (the removed row), remove on an unknown id.

use super::compose::PROJECT;
use super::libsql::POSTGRES;
use super::replay::{Session, Step, recording_outcome};

use Step::Check;

pub const SESSION: Session = Session {
    name: "database updates",
    outcome: recording_outcome,
    steps: &[
        PROJECT,
        POSTGRES,
        Check("270-"),
        Check("271-"),
        Check("272-"),
        Check("273-"),
        Check("274-"),
        Check("275-"),
        Check("276-"),
        Check("277-"),
        Check("278-"),
        Check("279-"),
        Check("280-"),
        Check("281-"),
        Check("282-"),
        Check("283-"),
        Check("284-"),
        Check("285-"),
        Check("286-"),
        Check("287-"),
        Check("288-"),
        Check("289-"),
        Check("290-"),
        Check("291-"),
        Check("292-"),
        Check("293-"),
        Check("294-"),
        Check("295-"),
        Check("296-"),
        Check("297-"),
        Check("298-"),
        Check("299-"),
        Check("300-"),
        Check("301-"),
        Check("302-"),
        Check("303-"),
        Check("304-"),
    ],
};
