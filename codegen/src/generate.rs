//! Running progenitor on a normalised document.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;

use crate::normalise::{Normalised, normalise};
use crate::table;
use crate::{Error, Pointer};

/// The files that make up the generated client.
#[derive(Debug, Clone)]
pub struct Generated {
    /// progenitor's client, formatted (`Client`, `builder`, `types`).
    pub client: String,
    /// The operation table (`OPERATIONS`), see [`crate::table`].
    pub operations: String,
    /// A test helper with one call per operation, see [`crate::table::calls_source`].
    pub calls: String,
    /// The `required` module: the required inputs of each operation as a struct, see
    /// [`crate::required`].
    pub required: String,
    /// The normaliser's output and report.
    pub normalised: Normalised,
    /// The table's entries.
    pub entries: Vec<table::Entry>,
}

impl Generated {
    /// Lines of generated client code.
    pub fn client_lines(&self) -> usize {
        self.client.lines().count()
    }
}

/// Where the generated code will live, for the paths it names.
#[derive(Debug, Clone)]
pub struct Target {
    /// The type the generated `Client` carries for its hooks (`inner`), e.g.
    /// `crate::config::ClientContext`; `None` for none.
    pub inner_type: Option<String>,
    /// The client type the per-operation call helper takes, e.g. `dokploy::Client`.
    pub calls_client: String,
    /// The path of the module that holds the generated client, for the `required` module,
    /// e.g. `crate::generated`.
    pub generated_path: String,
}

impl Default for Target {
    /// The `dokploy` crate's own layout.
    fn default() -> Self {
        Self {
            inner_type: Some("crate::config::ClientContext".into()),
            calls_client: "dokploy::Client".into(),
            generated_path: "crate::generated".into(),
        }
    }
}

/// progenitor's settings for the dokploy client: the builder interface (see the README for
/// why), and hooks that the crate implements itself (API key, required nulls, tracing).
pub fn settings(target: &Target) -> Result<progenitor::GenerationSettings, Error> {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_hooks(progenitor::HooksMode::Expected);
    if let Some(inner) = &target.inner_type {
        let path: proc_macro2::TokenStream = inner.parse().map_err(|e| Error::Generate {
            at: None,
            message: format!("the inner type `{inner}` is not a Rust path: {e}"),
        })?;
        settings.with_inner_type(path);
    }
    Ok(settings)
}

/// Parses a document (raw bytes as served by Dokploy or as vendored) into JSON.
pub fn parse_document(bytes: &[u8]) -> Result<Value, Error> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::NotOpenApi(format!("the document is not valid JSON ({e})")))?;
    if !value.is_object() {
        return Err(Error::NotOpenApi(
            "the document is not a JSON object".into(),
        ));
    }
    Ok(value)
}

/// Normalises `document` and generates the client code for it.
///
pub fn generate(document: Value, target: &Target) -> Result<Generated, Error> {
    let normalised = normalise(document)?;
    let file = client_file(&normalised.document, target)?;
    let entries = table::entries(&normalised);
    let required = crate::required::source(&file, &entries, &target.generated_path)?;
    let client = prettyplease::unparse(&file);
    let version = normalised
        .document
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(Generated {
        client,
        operations: table::rust_source(&entries, version),
        calls: table::calls_source(&entries, &target.calls_client),
        required,
        normalised,
        entries,
    })
}

/// Runs progenitor on an already normalised document and formats the result.
pub fn client_source(document: &Value, target: &Target) -> Result<String, Error> {
    Ok(prettyplease::unparse(&client_file(document, target)?))
}

/// Runs progenitor on an already normalised document.
fn client_file(document: &Value, target: &Target) -> Result<syn::File, Error> {
    let spec = to_model(document)?;
    let settings = settings(target)?;
    let tokens = match tokens_for(&spec, &settings) {
        Ok(tokens) => tokens,
        Err(message) => {
            return Err(Error::Generate {
                at: find_failing_operation(document, &settings),
                message,
            });
        }
    };
    syn::parse2(tokens).map_err(|e| Error::Generate {
        at: None,
        message: format!("progenitor produced code that does not parse: {e}"),
    })
}

/// The normalised document as the `openapiv3` model progenitor reads.
pub fn to_model(document: &Value) -> Result<openapiv3::OpenAPI, Error> {
    serde_path_to_error::deserialize(document).map_err(|e| {
        // The `paths` map hides where inside it the problem is: look at each path item alone.
        let narrowed = document
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .find_map(|(path, item)| {
                serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item)
                    .err()
                    .map(|e| {
                        (
                            pointer(&Pointer::root().join("paths").join(path), e.path()),
                            e,
                        )
                    })
            });
        match narrowed {
            Some((at, inner)) => Error::Model {
                at: at.to_string(),
                message: inner.inner().to_string(),
            },
            None => Error::Model {
                at: pointer(&Pointer::root(), e.path()).to_string(),
                message: e.inner().to_string(),
            },
        }
    })
}

fn pointer(base: &Pointer, path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(base.clone(), |p, segment| match segment {
        Segment::Seq { index } => p.join(index),
        Segment::Map { key } => p.join(key),
        Segment::Enum { variant } => p.join(variant),
        Segment::Unknown => p,
    })
}

/// Runs progenitor, turning both its errors and its panics into a message.
fn tokens_for(
    spec: &openapiv3::OpenAPI,
    settings: &progenitor::GenerationSettings,
) -> Result<proc_macro2::TokenStream, String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::new(settings);
        generator.generate_tokens(spec)
    }));
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic_message(panic.as_ref())),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        format!("progenitor panicked: {s}")
    } else if let Some(s) = panic.downcast_ref::<String>() {
        format!("progenitor panicked: {s}")
    } else {
        "progenitor panicked".to_string()
    }
}

/// When progenitor fails on a whole document, tries each operation alone to name the culprit.
fn find_failing_operation(
    document: &Value,
    settings: &progenitor::GenerationSettings,
) -> Option<Pointer> {
    let paths = document.get("paths")?.as_object()?;
    for (path, item) in paths {
        let mut single = document.clone();
        single["paths"] = serde_json::json!({ path.clone(): item.clone() });
        let Ok(spec) = to_model(&single) else {
            return Some(Pointer::root().join("paths").join(path));
        };
        if tokens_for(&spec, settings).is_err() {
            return Some(Pointer::root().join("paths").join(path));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(paths: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "v1"}, "paths": paths})
    }

    #[test]
    fn generates_a_builder_method_per_operation() {
        let out = generate(
            doc(json!({"/project.one": {"get": {
                "operationId": "project-one",
                "parameters": [{"in": "query", "name": "projectId", "required": true,
                                "schema": {"type": "string", "minLength": 1}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {}, "additionalProperties": false}}}}}
            }}})),
            &Target::default(),
        )
        .unwrap();
        assert!(
            out.client.contains("pub fn project_one(&self)"),
            "{}",
            out.client
        );
        assert!(out.client.contains("ResponseValue<ByteStream>"));
        assert_eq!(out.entries.len(), 1);
    }

    #[test]
    fn a_document_progenitor_cannot_take_names_the_operation() {
        // A cookie parameter: progenitor refuses it.
        let err = generate(
            doc(json!({
                "/ok.one": {"get": {"operationId": "ok-one", "responses": {}}},
                "/bad.one": {"get": {"operationId": "bad-one",
                    "parameters": [{"in": "cookie", "name": "c", "schema": {"type": "string"}}],
                    "responses": {}}}
            })),
            &Target::default(),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/paths/~1bad.one"), "{text}");
    }

    #[test]
    fn a_document_that_is_not_json_says_so() {
        let err = parse_document(b"<html>502 Bad Gateway</html>").unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
    }

    #[test]
    fn a_document_with_a_wrongly_typed_member_names_its_path() {
        let err = generate(
            doc(json!({"/a.b": {"get": {"operationId": "a-b", "parameters": "oops", "responses": {}}}})),
            &Target::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("at /paths/~1a.b/get/parameters"),
            "{err}"
        );
    }
}
