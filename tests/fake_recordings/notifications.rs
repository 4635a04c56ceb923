//! 90–117: notifications of seven kinds created (empty answers), the validation error, all and
//! one (with the nested settings), updates (empty answers) and the rows after them, unknown ids
//! (404 for `one` and `updateSlack`, 400 for `remove`), getEmailProviders, the connection tests
//! against the closed port 127.0.0.1:9 (which the fake answers as unreachable: nothing accepted
//! those targets), and removes returning the bare row.

use super::replay::{Session, recording_outcome};

use super::replay::Step::Check;

pub const SESSION: Session = Session {
    name: "notifications",
    outcome: recording_outcome,
    steps: &[
        Check("90-"),
        Check("91-"),
        Check("92-"),
        Check("93-"),
        Check("94-"),
        Check("95-"),
        Check("96-"),
        Check("97-"),
        Check("98-"),
        Check("99-"),
        Check("100-"),
        Check("101-"),
        Check("102-"),
        Check("103-"),
        Check("104-"),
        Check("105-"),
        Check("106-"),
        Check("107-"),
        Check("108-"),
        Check("109-"),
        Check("110-"),
        Check("111-"),
        Check("112-"),
        Check("113-"),
        Check("114-"),
        Check("115-"),
        Check("116-"),
        Check("117-"),
    ],
};
