//! 310–323: the tRPC surface, sent as recorded: wrapped input on GET and POST, the 400s of
//! unwrapped input, batches of queries and of mutations (207 when one call fails), a wrong key on
//! a protected and on a public procedure, tRPC's 404s, coercion of a number sent as text, and
//! the removed row.

use super::replay::{Session, Step, recording_outcome};

use Step::Trpc;

pub const SESSION: Session = Session {
    name: "trpc",
    outcome: recording_outcome,
    steps: &[
        Trpc("310-"),
        Trpc("311-"),
        Trpc("312-"),
        Trpc("313-"),
        Trpc("314-"),
        Trpc("315-"),
        Trpc("316-"),
        Trpc("317-"),
        Trpc("318-"),
        Trpc("319-"),
        Trpc("320-"),
        Trpc("321-"),
        Trpc("322-"),
        Trpc("323-"),
    ],
};
