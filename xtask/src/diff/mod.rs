//! `cargo xtask spec-diff`: what changes for callers of the generated client between two
//! Dokploy documents.
//!
//! Both documents go through the normaliser first ([`model::api_from_document`]), so the 3.0.3
//! `nullable` and 3.1 `anyOf … null` spellings of one API, key order and formatting are no
//! change. Descriptions, titles and examples are ignored; responses are not compared (the client
//! reads every success and error body as raw bytes). Operations are identified by procedure
//! (`application.update`, the path without `/`); query parameters and request-body fields are
//! compared recursively through `$ref`s, nested objects, array items and map values.
//!
//! # Rules
//!
//! Every change has a stable rule id and a level for **SDK callers**: `breaking` (code using the
//! client stops compiling, or requests that worked start failing), `warning` (may need attention:
//! some code may stop compiling, or behaviour changes without an error), `info` (additions).
//!
//! | id | level | when | why this level |
//! |---|---|---|---|
//! | `operation-added` | info | a procedure appears | a new `Client` method; nothing existing changes |
//! | `operation-removed` | breaking | a procedure disappears | its method disappears: calls stop compiling (and Dokploy answers 404) |
//! | `operation-method-changed` | breaking | the HTTP method changes (GET ↔ POST) | inputs move between query string and body: builder calls change; the old request gets 404 |
//! | `operation-id-changed` | breaking | the operationId changes the Rust method name | the method is renamed |
//! | `request-media-type-changed` | breaking | the body's media type changes (JSON ↔ multipart) | the operation moves between generated and hand-written code; its builder changes |
//! | `operation-deprecated` | warning | the operation becomes `deprecated` | still works; callers should move off it |
//! | `hand-written-operation-changed` | warning | an input of a hand-written (multipart) operation changes | `src/uploads.rs` is not regenerated: update it by hand (the field entries say what changed) |
//! | `new-required-query-param` | breaking | a required query parameter appears | calls that do not set it fail before sending (`… was not initialized`) |
//! | `new-optional-query-param` | info | an optional query parameter appears | a new builder setter |
//! | `query-param-removed` | breaking | a query parameter disappears | its builder setter disappears |
//! | `query-param-became-required` | breaking | optional → required | calls that do not set it fail |
//! | `query-param-became-optional` | info | required → optional | the setter keeps its signature |
//! | `query-param-type-changed` | breaking | the type changes (`string` → `string enum`, `integer` → `number`…) | the setter's argument type changes |
//! | `query-param-enum-value-added` | info | an allowed value appears | a new variant of the generated enum |
//! | `query-param-enum-value-removed` | breaking | an allowed value disappears | the variant disappears; requests sending it are rejected |
//! | `query-param-default-changed` | info | Dokploy's default changes | calls that leave it unset behave differently |
//! | `new-required-request-field` | breaking | a required, non-nullable body field appears | the body fails to build (`no value supplied for …`) until callers set it |
//! | `new-required-nullable-request-field` | warning | a required but nullable body field appears | the client sends `null` when it is unset, so code compiles and requests pass; check that `null` is what you mean |
//! | `new-optional-request-field` | info | an optional body field appears | a new builder setter |
//! | `request-field-removed` | breaking | a body field disappears | its setter and struct field disappear (Dokploy would ignore the key) |
//! | `request-field-became-required` | breaking | optional → required, not nullable | bodies that do not set it fail; setters given an `Option` stop compiling |
//! | `request-field-became-required-nullable` | warning | optional → required but nullable | the client sends `null` when it is unset; code compiles, requests pass |
//! | `request-field-became-optional` | warning | required → optional | requests keep working, but a non-nullable field's Rust type becomes `Option<T>`: setter calls passing a value that converts only into `T` (a `&str` for a string) stop compiling |
//! | `request-field-type-changed` | breaking | the type changes (`string` → `string enum`, `object` → `map`, `integer` → `number`…) | the field's Rust type changes |
//! | `request-field-enum-value-added` | info | an allowed value appears | a new variant of the generated enum |
//! | `request-field-enum-value-removed` | breaking | an allowed value disappears | the variant disappears; requests sending it are rejected |
//! | `request-field-became-nullable` | info | an optional field (or an array item, a map value) accepts `null` | the Rust type does not change |
//! | `required-request-field-became-nullable` | warning | a required field accepts `null` | it becomes `Option<T>`, sent as `null` when unset: same caveat as `request-field-became-optional` |
//! | `request-field-became-not-nullable` | breaking | a field no longer accepts `null` | requests sending `null` are rejected; a required field left unset was sent as `null` |
//! | `request-field-default-changed` | info | Dokploy's default changes (or appears, or goes) | bodies that leave it unset behave differently |
//!
//! Field paths use the JSON names: `domains[].host` is the `host` of each item of `domains`,
//! `labels.*` a value of the map `labels`, `(body)` the whole body when it is not an object.

pub mod compare;
pub mod model;
pub mod render;

use std::fmt;

pub use compare::diff;
pub use model::{Api, api_from_document};

/// How much a change matters to callers of the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// An addition.
    Info,
    /// May need attention.
    Warning,
    /// Code stops compiling or requests start failing.
    Breaking,
}

impl Level {
    /// `breaking`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One kind of change: a stable id and its level.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (`operation-removed`).
    pub id: &'static str,
    /// Level for SDK callers.
    pub level: Level,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $level:ident;)*) => {
        $(
            #[doc = concat!("`", $id, "`")]
            pub const $name: Rule = Rule { id: $id, level: Level::$level };
        )*
        /// Every rule, in the order of the table above.
        pub const RULES: &[&Rule] = &[$(&$name),*];
    };
}

/// The rules, one constant each.
pub mod rules {
    use super::{Level, Rule};
    rules! {
        OPERATION_ADDED = "operation-added", Info;
        OPERATION_REMOVED = "operation-removed", Breaking;
        OPERATION_METHOD_CHANGED = "operation-method-changed", Breaking;
        OPERATION_ID_CHANGED = "operation-id-changed", Breaking;
        REQUEST_MEDIA_TYPE_CHANGED = "request-media-type-changed", Breaking;
        OPERATION_DEPRECATED = "operation-deprecated", Warning;
        HAND_WRITTEN_OPERATION_CHANGED = "hand-written-operation-changed", Warning;
        NEW_REQUIRED_QUERY_PARAM = "new-required-query-param", Breaking;
        NEW_OPTIONAL_QUERY_PARAM = "new-optional-query-param", Info;
        QUERY_PARAM_REMOVED = "query-param-removed", Breaking;
        QUERY_PARAM_BECAME_REQUIRED = "query-param-became-required", Breaking;
        QUERY_PARAM_BECAME_OPTIONAL = "query-param-became-optional", Info;
        QUERY_PARAM_TYPE_CHANGED = "query-param-type-changed", Breaking;
        QUERY_PARAM_ENUM_VALUE_ADDED = "query-param-enum-value-added", Info;
        QUERY_PARAM_ENUM_VALUE_REMOVED = "query-param-enum-value-removed", Breaking;
        QUERY_PARAM_DEFAULT_CHANGED = "query-param-default-changed", Info;
        NEW_REQUIRED_REQUEST_FIELD = "new-required-request-field", Breaking;
        NEW_REQUIRED_NULLABLE_REQUEST_FIELD = "new-required-nullable-request-field", Warning;
        NEW_OPTIONAL_REQUEST_FIELD = "new-optional-request-field", Info;
        REQUEST_FIELD_REMOVED = "request-field-removed", Breaking;
        REQUEST_FIELD_BECAME_REQUIRED = "request-field-became-required", Breaking;
        REQUEST_FIELD_BECAME_REQUIRED_NULLABLE = "request-field-became-required-nullable", Warning;
        REQUEST_FIELD_BECAME_OPTIONAL = "request-field-became-optional", Warning;
        REQUEST_FIELD_TYPE_CHANGED = "request-field-type-changed", Breaking;
        REQUEST_FIELD_ENUM_VALUE_ADDED = "request-field-enum-value-added", Info;
        REQUEST_FIELD_ENUM_VALUE_REMOVED = "request-field-enum-value-removed", Breaking;
        REQUEST_FIELD_BECAME_NULLABLE = "request-field-became-nullable", Info;
        REQUIRED_REQUEST_FIELD_BECAME_NULLABLE = "required-request-field-became-nullable", Warning;
        REQUEST_FIELD_BECAME_NOT_NULLABLE = "request-field-became-not-nullable", Breaking;
        REQUEST_FIELD_DEFAULT_CHANGED = "request-field-default-changed", Info;
    }
}

pub use rules::RULES;

/// Where in an operation a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The operation itself.
    Operation,
    /// A query parameter.
    Query,
    /// The request body.
    Body,
}

impl Location {
    /// `operation`, `query` or `body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Operation => "operation",
            Location::Query => "query",
            Location::Body => "body",
        }
    }
}

/// One change between the two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What kind of change.
    pub rule: &'static Rule,
    /// The procedure (`application.update`).
    pub operation: String,
    /// The client method (`application_update`).
    pub rust_method: String,
    /// Operation, query parameter or body field.
    pub location: Location,
    /// The parameter or field, by its JSON names (`domains[].host`); `None` for the operation.
    pub field: Option<String>,
    /// The Rust item affected: `Client::application_update`,
    /// `Client::compose_load_services().type_()`, `types::ApplicationUpdateBody::domains[].host`.
    pub rust: String,
    /// What changed, in one sentence.
    pub message: String,
}

impl Change {
    /// The router (`application`).
    pub fn router(&self) -> &str {
        model::router_of(&self.operation)
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Side {
    /// Where it came from (`git:HEAD`, a file, a URL).
    pub source: String,
    /// The Dokploy release it names, if any.
    pub release: Option<String>,
    /// How many operations it has.
    pub operations: usize,
}

/// The outcome of a comparison.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The old document.
    pub old: Side,
    /// The new document.
    pub new: Side,
    /// The changes, sorted by router, operation, location, field and rule.
    pub changes: Vec<Change>,
}

impl Report {
    /// How many changes of `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes
            .iter()
            .filter(|c| c.rule.level == level)
            .count()
    }

    /// The procedures the report lists under `rule`.
    pub fn operations_under(&self, rule: &Rule) -> Vec<&str> {
        self.changes
            .iter()
            .filter(|c| c.rule == rule)
            .map(|c| c.operation.as_str())
            .collect()
    }

    /// The highest level of any change.
    pub fn max_level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.rule.level).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn the_rule_table_in_the_docs_lists_every_rule_with_its_level() {
        let source = include_str!("mod.rs");
        for rule in RULES {
            let row = format!("//! | `{}` | {} |", rule.id, rule.level);
            assert!(source.contains(&row), "no table row `{row}`");
        }
        let rows = source.lines().filter(|l| l.starts_with("//! | `")).count();
        assert_eq!(
            rows,
            RULES.len(),
            "the table has rows for rules that do not exist"
        );
    }
}
