//! The one error type of the code generator.

use std::fmt;

use crate::Pointer;

/// Why a Dokploy document could not be normalised or turned into a client.
#[derive(Debug)]
pub enum Error {
    /// The input is not JSON, or not an OpenAPI 3 document.
    NotOpenApi(String),
    /// A normaliser rule met something it cannot turn into what progenitor accepts.
    Rule {
        /// The rule's name (see [`crate::normalise::RULES`]).
        rule: &'static str,
        /// Where in the document.
        at: Pointer,
        /// What is wrong, in one sentence.
        message: String,
    },
    /// The normalised document does not fit the OpenAPI 3.0 model.
    Model {
        /// Where in the normalised document.
        at: String,
        /// What the parser said.
        message: String,
    },
    /// progenitor refused (or panicked on) the normalised document.
    Generate {
        /// The operation that failed, when it could be pinned down.
        at: Option<Pointer>,
        /// What progenitor said.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotOpenApi(why) => write!(f, "not an OpenAPI 3 document: {why}"),
            Error::Rule { rule, at, message } => {
                write!(f, "at {at}: {message} (normaliser rule `{rule}`)")
            }
            Error::Model { at, message } => write!(
                f,
                "at {at}: the normalised document does not fit OpenAPI 3.0: {message}"
            ),
            Error::Generate {
                at: Some(at),
                message,
            } => write!(
                f,
                "at {at}: progenitor cannot generate this operation: {message}"
            ),
            Error::Generate { at: None, message } => {
                write!(f, "progenitor cannot generate the client: {message}")
            }
        }
    }
}

impl std::error::Error for Error {}
