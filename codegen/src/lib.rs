//! Code generation for the `dokploy` crate: Dokploy's OpenAPI document in, Rust client out.
//!
//! Used by `dokploy`'s `build.rs` (to generate the client) and by `xtask` (to validate a new
//! document before vendoring it, and to compare two documents). There is exactly one
//! normaliser, [`normalise`]; its rules are listed in [`normalise::RULES`].
//!
//! ```
//! let doc = serde_json::json!({
//!     "openapi": "3.1.0",
//!     "info": {"title": "Dokploy API", "version": "v0.30.2"},
//!     "paths": {"/project.all": {"get": {"operationId": "project-all", "responses": {}}}}
//! });
//! let generated = dokploy_codegen::generate(doc, &Default::default()).unwrap();
//! assert!(generated.client.contains("fn project_all"));
//! ```

mod error;
pub mod generate;
pub mod normalise;
mod pointer;
pub mod required;
pub mod table;
pub mod walk;

pub use error::Error;
pub use generate::{Generated, Target, generate, parse_document};
pub use normalise::{Normalised, Report, normalise};
pub use pointer::Pointer;

/// The Rust method progenitor generates for an operationId (`application-saveEnvironment` →
/// `application_save_environment`).
pub fn method_name(operation_id: &str) -> String {
    use heck::ToSnakeCase;
    let cleaned: String = operation_id
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = cleaned.to_snake_case();
    match name.chars().next() {
        None => name = "x".into(),
        Some(c) if !(c.is_alphabetic() || c == '_') => name = format!("_{name}"),
        _ => {}
    }
    if RUST_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

#[cfg(test)]
mod tests {
    #[test]
    fn method_names_follow_progenitor() {
        assert_eq!(
            super::method_name("application-saveEnvironment"),
            "application_save_environment"
        );
        assert_eq!(super::method_name("project-all"), "project_all");
        assert_eq!(
            super::method_name("sso-showSignInWithSSO"),
            "sso_show_sign_in_with_sso"
        );
        assert_eq!(super::method_name("type"), "type_");
    }
}
