//! Generates the Dokploy client from the vendored OpenAPI document.
//!
//! `openapi/dokploy.json` → `dokploy_codegen::generate` (normalise, then progenitor) →
//! `$OUT_DIR/client.rs` (progenitor's client), `$OUT_DIR/operations.rs` (the operation table),
//! `$OUT_DIR/required.rs` (each operation's required inputs as a struct) and
//! `$OUT_DIR/operation_calls.rs` (a test helper). The normaliser is a build-dependency, so
//! cargo reruns this script when it changes; the document is watched explicitly. Edits under
//! `src/` do not rerun it.

use std::path::Path;

const SPEC: &str = "openapi/dokploy.json";

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    println!("cargo::rerun-if-changed=build.rs");

    let bytes = std::fs::read(SPEC).unwrap_or_else(|e| fail(&format!("cannot read {SPEC}: {e}")));
    let document = dokploy_codegen::parse_document(&bytes).unwrap_or_else(|e| fail(&e.to_string()));
    let generated = dokploy_codegen::generate(document, &dokploy_codegen::Target::default())
        .unwrap_or_else(|e| fail(&e.to_string()));

    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("cargo did not set OUT_DIR"));
    let out = Path::new(&out_dir);
    write(&out.join("client.rs"), &generated.client);
    write(&out.join("operations.rs"), &generated.operations);
    write(&out.join("operation_calls.rs"), &generated.calls);
    write(&out.join("required.rs"), &generated.required);
}

fn write(path: &Path, contents: &str) {
    // Unchanged output keeps its timestamp, so nothing downstream recompiles for nothing.
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::write(path, contents)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("error: cannot generate the Dokploy client from {SPEC}: {message}");
    std::process::exit(1);
}
