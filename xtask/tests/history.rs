//! `spec-diff` on Dokploy's real documents (`openapi/history/`): the operations it reports added
//! and removed are exactly the set difference of the two files' operations, and a document
//! compared with itself, or with its own normalised 3.0 form, has no changes.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use xtask::diff::rules::{OPERATION_ADDED, OPERATION_REMOVED};
use xtask::diff::{self, Api, Change};

/// The documents of `openapi/history/README.md`'s table, in its order (oldest first), without
/// `.json`: consecutive pairs are compared. `cargo xtask upgrade` appends to it.
fn releases() -> Vec<String> {
    xtask::upgrade::history_rows(&xtask::workspace_root().unwrap())
        .unwrap()
        .into_iter()
        .map(|row| row.file.trim_end_matches(".json").to_string())
        .collect()
}

fn history(name: &str) -> Value {
    let path = xtask::workspace_root()
        .unwrap()
        .join("openapi/history")
        .join(format!("{name}.json"));
    read(path)
}

fn read(path: PathBuf) -> Value {
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// The procedures of a raw document, read without the normaliser: every path with an operation.
fn raw_operations(doc: &Value) -> BTreeSet<String> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, item)| {
            item.as_object().is_some_and(|m| {
                m.keys()
                    .any(|k| dokploy_codegen::walk::METHODS.contains(&k.as_str()))
            })
        })
        .map(|(path, _)| path.trim_start_matches('/').to_string())
        .collect()
}

fn api(doc: Value) -> Api {
    diff::api_from_document(doc).unwrap()
}

/// The document as the normaliser leaves it (OpenAPI 3.0.3), with the hand-written operations
/// put back where they were.
fn normalised_form(doc: Value) -> Value {
    let out = dokploy_codegen::normalise(doc).unwrap();
    let mut document = out.document;
    for hw in out.report.hand_written {
        let paths = document["paths"].as_object_mut().unwrap();
        let item = paths
            .entry(hw.path.clone())
            .or_insert_with(|| serde_json::json!({}));
        item[hw.method.as_str()] = hw.operation;
    }
    assert_eq!(document["openapi"], "3.0.3");
    document
}

#[test]
fn added_and_removed_operations_are_the_exact_set_difference_on_every_release_pair() {
    for pair in releases().windows(2) {
        let (old_doc, new_doc) = (history(&pair[0]), history(&pair[1]));
        let (old_ops, new_ops) = (raw_operations(&old_doc), raw_operations(&new_doc));
        let changes = diff::diff(&api(old_doc), &api(new_doc));
        let reported = |rule| -> BTreeSet<String> {
            changes
                .iter()
                .filter(|c| c.rule == rule)
                .map(|c| c.operation.clone())
                .collect()
        };
        let added: BTreeSet<String> = new_ops.difference(&old_ops).cloned().collect();
        let removed: BTreeSet<String> = old_ops.difference(&new_ops).cloned().collect();
        assert_eq!(
            reported(&OPERATION_ADDED),
            added,
            "{} → {}",
            pair[0],
            pair[1]
        );
        assert_eq!(
            reported(&OPERATION_REMOVED),
            removed,
            "{} → {}",
            pair[0],
            pair[1]
        );
        println!(
            "{} → {}: +{} -{} operations, {} changes",
            pair[0],
            pair[1],
            added.len(),
            removed.len(),
            changes.len()
        );
    }
}

#[test]
fn the_history_has_additions_and_removals_to_find() {
    // Guards the test above against comparing empty sets: the real history removes operations.
    let old = raw_operations(&history("v0.29.13"));
    let new = raw_operations(&history("v0.29.14-canary-2026-08-14"));
    assert_eq!(old.difference(&new).count(), 2);
    assert_eq!(new.difference(&old).count(), 45);
}

#[test]
fn every_release_compared_with_itself_has_no_changes() {
    for name in releases() {
        let doc = history(&name);
        let changes = diff::diff(&api(doc.clone()), &api(doc));
        assert!(changes.is_empty(), "{name}: {changes:#?}");
    }
}

#[test]
fn every_release_compared_with_its_normalised_3_0_form_has_no_changes() {
    for name in releases() {
        let doc = history(&name);
        let old = api(doc.clone());
        let new = api(normalised_form(doc));
        assert_eq!(old.operations.len(), new.operations.len(), "{name}");
        let changes = diff::diff(&old, &new);
        assert!(changes.is_empty(), "{name}: {changes:#?}");
    }
}

#[test]
fn the_canary_and_the_live_v0_30_2_document_have_the_same_api() {
    let changes = diff::diff(
        &api(history("v0.29.14-canary-2026-08-14")),
        &api(history("v0.30.2-live")),
    );
    assert!(changes.is_empty(), "{changes:#?}");
}

#[test]
fn the_vendored_document_is_the_newest_of_the_history() {
    let vendored = read(xtask::workspace_root().unwrap().join(xtask::VENDORED));
    let newest = releases().pop().unwrap();
    let changes = diff::diff(&api(history(&newest)), &api(vendored));
    assert!(changes.is_empty(), "{newest}: {changes:#?}");
}

#[test]
fn the_switch_to_openapi_3_1_reports_real_changes_only() {
    // v0.28.0 is 3.0.3 and v0.28.4 is 3.1.0; the dialect change itself must not show up as
    // fields turning nullable or changing type wholesale.
    let changes = diff::diff(&api(history("v0.28.0")), &api(history("v0.28.4")));
    // Fields that were `nullable: true` and are now `anyOf [T, null]` are the same fields.
    let became_nullable: Vec<&Change> = changes
        .iter()
        .filter(|c| c.rule.id.ends_with("became-nullable"))
        .collect();
    assert!(became_nullable.is_empty(), "{became_nullable:#?}");
    let type_changes: Vec<&str> = changes
        .iter()
        .filter(|c| c.rule.id.ends_with("type-changed"))
        .filter_map(|c| c.field.as_deref())
        .collect();
    // Every type change in this release is the swarm ulimits moving from integer to number.
    assert!(
        type_changes.iter().all(|f| f.starts_with("ulimitsSwarm[]")),
        "{type_changes:?}"
    );
}
