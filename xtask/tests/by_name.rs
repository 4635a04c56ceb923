//! The library's calls by procedure name (`client.call("domain.create").arg("host", …)`) are
//! checked against the vendored document here, in one named check, since no compiler sees
//! them: each procedure exists, each field named exists, and each input the document requires
//! (and that may not be `null`) is sent. A failure names the item to change and why.
//!
//! Items that send fields whose names are built at run time (`.arg(name, …)` from a table,
//! `.args(…)`) are checked for their procedures and literal fields only; what they send is
//! checked when they run, against the same table (`dokploy::operations`) and by the fake,
//! which validates every request against the document.

use xtask::diff::model::Kind as SchemaKind;
use xtask::xref::Index;

#[test]
fn every_call_by_name_names_operations_and_fields_of_the_vendored_document_and_sends_what_it_requires()
 {
    let root = xtask::workspace_root().unwrap();
    let bytes = std::fs::read(root.join(xtask::VENDORED)).unwrap();
    let api = xtask::spec::api_from_bytes(&bytes, "the vendored document").unwrap();
    let calls = Index::load(&root).by_name_calls();
    assert!(
        calls.len() > 30,
        "the scan finds the library's calls by name"
    );
    let mut problems = Vec::new();
    for call in &calls {
        let ops: Vec<_> = call
            .procedures
            .iter()
            .filter_map(|p| match api.operations.get(p) {
                Some(op) => Some(op),
                None => {
                    problems.push(format!(
                        "{} `{}` calls `{p}` by name: the document has no such operation (removed or renamed: see `cargo xtask upgrade`)",
                        call.location, call.item
                    ));
                    None
                }
            })
            .collect();
        if ops.len() != call.procedures.len() {
            continue;
        }
        let inputs = |op: &xtask::diff::model::Operation| -> Vec<(String, bool)> {
            let mut out: Vec<(String, bool)> = op
                .query
                .iter()
                .map(|(name, p)| (name.clone(), p.required && !p.schema.nullable))
                .collect();
            if let Some(SchemaKind::Object(props)) = op.body.as_ref().map(|b| &b.kind) {
                out.extend(
                    props
                        .iter()
                        .map(|(name, p)| (name.clone(), p.required && !p.schema.nullable)),
                );
            }
            out
        };
        for field in &call.fields {
            if !ops
                .iter()
                .any(|op| inputs(op).iter().any(|(n, _)| n == field))
            {
                problems.push(format!(
                    "{} `{}` sends `{field}` to {}: the document has no such input (removed or renamed)",
                    call.location,
                    call.item,
                    call.procedures.join(" / ")
                ));
            }
        }
        if call.opaque {
            continue;
        }
        for op in &ops {
            for (name, required) in inputs(op) {
                if required && !call.fields.contains(&name) {
                    problems.push(format!(
                        "{} `{}` calls {} by name without `{name}`, which the document requires: send it",
                        call.location, call.item, op.procedure
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "calls by name that no longer fit the vendored document:\n  {}",
        problems.join("\n  ")
    );
}
