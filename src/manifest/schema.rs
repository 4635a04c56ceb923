//! The manifest's JSON Schema, generated from the same types the YAML reader uses (shipped as
//! `schema/dokploy-manifest.schema.json`, checked to be current by `tests/manifest.rs`).

/// The JSON Schema (draft 2020-12) of a manifest file, for editors and validators.
///
/// ```
/// let schema = dokploy::manifest::json_schema();
/// assert_eq!(schema["title"], "Dokploy manifest (dokploy.yaml)");
/// assert_eq!(schema["additionalProperties"], false); // unknown keys are errors
/// ```
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(super::ManifestFile);
    serde_json::to_value(&schema).unwrap_or_default()
}

/// The schema as the shipped file holds it: pretty JSON with a final newline.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}
