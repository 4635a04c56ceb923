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

/// (file, operations) for each document of `openapi/history/README.md`'s table, in its order:
/// the one list of the history (`cargo xtask upgrade` appends a row with each document).
fn expected() -> Vec<(String, usize)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/history/README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| v"))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            let operations = cells.last().unwrap().parse().unwrap();
            (cells[0].to_string(), operations)
        })
        .collect()
}

/// The operations of a raw document, counted without the normaliser.
fn raw_operations(bytes: &[u8]) -> usize {
    let doc: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().keys())
        .filter(|m| dokploy_codegen::walk::METHODS.contains(&m.as_str()))
        .count()
}

#[test]
fn every_release_normalises_and_generates() {
    let docs = history();
    let names: Vec<String> = docs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected = expected();
    let mut listed: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    listed.sort();
    assert_eq!(
        names, listed,
        "openapi/history/ holds the documents its README lists"
    );

    let mut failures = Vec::new();
    for (name, operations) in &expected {
        let doc = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../openapi/history")
            .join(name);
        let bytes = std::fs::read(&doc).unwrap();
        assert_eq!(
            raw_operations(&bytes),
            *operations,
            "{name}: the README's count"
        );
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
    assert_eq!(generated.entries.len(), raw_operations(&bytes));
}
