//! The normaliser and progenitor accept every Dokploy release in `openapi/history/`.
//!
//! A failure names the document and, through the error, the rule and JSON path.

use std::path::PathBuf;

use dokploy_codegen::{Target, generate, parse_document};

fn history() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/history");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    docs.sort();
    docs
}

/// (file, operations) for the documents Dokploy published, per `openapi/history/README.md`.
const EXPECTED: &[(&str, usize)] = &[
    ("v0.25.11.json", 383),
    ("v0.28.0.json", 426),
    ("v0.28.4.json", 450),
    ("v0.29.13.json", 554),
    ("v0.29.14-canary-2026-08-14.json", 597),
    ("v0.30.2-live.json", 597),
];

#[test]
fn every_release_normalises_and_generates() {
    let docs = history();
    let names: Vec<String> = docs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected, "openapi/history/ holds these documents");

    let mut failures = Vec::new();
    for (doc, (name, operations)) in docs.iter().zip(EXPECTED) {
        let bytes = std::fs::read(doc).unwrap();
        let result = parse_document(&bytes).and_then(|d| generate(d, &Target::default()));
        match result {
            Ok(generated) => {
                assert_eq!(generated.normalised.document["openapi"], "3.0.3", "{name}");
                assert_eq!(
                    generated.entries.len(),
                    *operations,
                    "{name}: operations in the table"
                );
                assert!(generated.client.contains("impl Client"), "{name}");
                println!(
                    "{name}: {} operations, {} generated lines, rules applied: {:?}",
                    generated.entries.len(),
                    generated.client_lines(),
                    generated.normalised.report.changes
                );
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "documents that fail:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_newer_documents_lose_their_multipart_operations_to_hand_written_code() {
    for doc in history() {
        let bytes = std::fs::read(&doc).unwrap();
        let normalised = dokploy_codegen::normalise(parse_document(&bytes).unwrap()).unwrap();
        for hw in &normalised.report.hand_written {
            assert_eq!(hw.media_type, "multipart/form-data", "{}", doc.display());
            assert!(
                ["application-dropDeployment", "docker-uploadFileToContainer"]
                    .contains(&hw.operation_id.as_str()),
                "{}: {} would need a hand-written method",
                doc.display(),
                hw.operation_id
            );
        }
    }
}

#[test]
fn the_vendored_document_generates() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/dokploy.json");
    let bytes = std::fs::read(path).unwrap();
    let generated = generate(parse_document(&bytes).unwrap(), &Target::default()).unwrap();
    assert_eq!(generated.entries.len(), 597);
}
