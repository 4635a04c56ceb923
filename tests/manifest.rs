//! The manifest format: the shipped JSON Schema is the one the types generate, and it
//! validates the README's example manifest.

use dokploy::manifest::Manifest;

/// The README's example manifest.
fn readme_example() -> String {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```yaml\n# dokploy.yaml\n")
        .expect("the README has the example manifest");
    let body = &readme[start + "```yaml\n".len()..];
    body[..body.find("```").expect("the example ends")].to_string()
}

fn manifest(yaml: &str) -> Manifest {
    Manifest::from_yaml("dokploy.yaml", yaml).expect("the manifest reads")
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/dokploy-manifest.schema.json"
    );
    let generated = dokploy::manifest::json_schema_text();
    if std::env::var_os("DOKPLOY_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        shipped == generated,
        "schema/dokploy-manifest.schema.json is not the schema the types generate: run `DOKPLOY_BLESS=1 cargo test --test manifest the_shipped_schema` and commit it"
    );
}

#[test]
fn the_schema_validates_the_readme_example_and_refuses_unknown_keys() {
    let schema = dokploy::manifest::json_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema");
    manifest(&readme_example());
    // The YAML as data (not through the manifest's types).
    let example: serde_json::Value = serde_saphyr::from_str(&readme_example()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut wrong = example.clone();
    wrong["projects"][0]["environments"][0]["applications"][0]["imgae"] = "nginx".into();
    assert!(!validator.is_valid(&wrong));
}
