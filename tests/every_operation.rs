//! Every operation of the vendored document is a method of `dokploy::Client`.
//!
//! `operation_calls.rs` (written by build.rs) holds one closure per operation that calls the
//! client's method for it, so this file compiles only if every method exists; the test then
//! checks that the closures cover exactly the operationIds found by reading the document here.

use std::collections::BTreeSet;

include!(concat!(env!("OUT_DIR"), "/operation_calls.rs"));

fn operation_ids_in_the_vendored_document() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/dokploy.json");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut ids = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                ids.insert(op["operationId"].as_str().unwrap().to_string());
            }
        }
    }
    ids
}

#[test]
fn every_operation_of_the_document_has_a_client_method() {
    let in_document = operation_ids_in_the_vendored_document();
    let calls = every_operation_call();
    let with_method: BTreeSet<String> = calls.iter().map(|(id, _)| id.to_string()).collect();

    let missing: Vec<_> = in_document.difference(&with_method).collect();
    let extra: Vec<_> = with_method.difference(&in_document).collect();
    assert!(
        missing.is_empty(),
        "operations without a method: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "methods for operations the document lacks: {extra:?}"
    );
    println!(
        "{}/{} operations have a method",
        with_method.len(),
        in_document.len()
    );
    assert_eq!(calls.len(), in_document.len(), "one method per operation");

    // Each closure really calls its method (building the request, sending nothing).
    let client = dokploy::Client::new("http://127.0.0.1:9", "key").unwrap();
    for (_, call) in &calls {
        call(&client);
    }
}

#[test]
fn the_operation_table_matches_the_document() {
    let in_document = operation_ids_in_the_vendored_document();
    let in_table: BTreeSet<String> = dokploy::operations::OPERATIONS
        .iter()
        .map(|op| op.operation_id.to_string())
        .collect();
    assert_eq!(in_table, in_document);
    let hand_written: Vec<&str> = dokploy::operations::OPERATIONS
        .iter()
        .filter(|op| !op.generated)
        .map(|op| op.procedure)
        .collect();
    assert_eq!(
        hand_written,
        vec!["application.dropDeployment", "docker.uploadFileToContainer"]
    );
}

/// The README's lines that `cargo xtask upgrade` owns name the vendored release and its number
/// of operations (read from the document, never written by hand).
#[test]
fn the_readme_names_the_vendored_release_and_its_operation_count() {
    let readme = include_str!("../README.md");
    let count = dokploy::operations::OPERATIONS.len();
    for owned in [
        format!(
            "Dokploy **{}** ({count} operations)",
            dokploy::DOKPLOY_VERSION
        ),
        format!("  {count} of them, e.g."),
    ] {
        assert!(
            readme.contains(&owned),
            "README.md should say `{owned}`: run `cargo xtask upgrade --from openapi/dokploy.json`, which rewrites these lines"
        );
    }
}
