//! A synthetic next Dokploy release, built from the vendored document: the worked example of
//! the README's maintainer workflow and the test data of `cargo xtask upgrade`.
//!
//! Against the vendored document it has one change of each kind an upgrade must catch:
//! a new required field in `project.create`'s body (`organizationId`), a field of
//! `environment.create` renamed (`description` → `notes`), `compose.getDefaultCommand`
//! removed, a value of `application.create`'s `sourceType` replaced (`drop` → `zip`), and three
//! new operations (`project.archive`, `application.rollback`, `backup.verify`). Its release is
//! `v0.31.0`.

use serde_json::{Value, json};

/// The release the synthetic document names.
pub const RELEASE: &str = "v0.31.0";

/// The synthetic next release of `vendored` (see the module docs); `None` when `vendored`
/// lacks what it changes.
pub fn next_release(vendored: &Value) -> Option<Value> {
    let mut doc = vendored.clone();
    doc["info"]["version"] = json!(RELEASE);
    let paths = doc.get_mut("paths")?.as_object_mut()?;

    let project = body_schema(paths.get_mut("/project.create")?)?;
    project["properties"]["organizationId"] = json!({"type": "string", "minLength": 1});
    project["required"]
        .as_array_mut()?
        .push(json!("organizationId"));

    let environment = body_schema(paths.get_mut("/environment.create")?)?;
    let properties = environment["properties"].as_object_mut()?;
    let description = properties.remove("description")?;
    properties.insert("notes".into(), description);

    paths.remove("/compose.getDefaultCommand")?;

    let application = body_schema(paths.get_mut("/application.create")?)?;
    let values = application["properties"]["sourceType"]["enum"].as_array_mut()?;
    let drop = values.iter().position(|v| v == "drop")?;
    values[drop] = json!("zip");

    let mutation = paths.get("/project.remove")?.clone();
    for (path, id, fields) in [
        (
            "/project.archive",
            "project-archive",
            json!({"projectId": {"type": "string", "minLength": 1}}),
        ),
        (
            "/application.rollback",
            "application-rollback",
            json!({
            "applicationId": {"type": "string", "minLength": 1},
            "deploymentId": {"type": "string", "minLength": 1}}),
        ),
        (
            "/backup.verify",
            "backup-verify",
            json!({"backupId": {"type": "string", "minLength": 1}}),
        ),
    ] {
        let mut op = mutation.clone();
        op["post"]["operationId"] = json!(id);
        let required: Vec<&String> = fields.as_object()?.keys().collect();
        op["post"]["requestBody"]["content"]["application/json"]["schema"] =
            json!({"type": "object", "properties": fields, "required": required});
        op["post"]["tags"] = json!([id.split('-').next()?]);
        paths.insert(path.into(), op);
    }
    Some(doc)
}

fn body_schema(item: &mut Value) -> Option<&mut Value> {
    item.pointer_mut("/post/requestBody/content/application~1json/schema")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_v0_30_2_document_yields_a_next_release_with_each_change() {
        // The release the example was written against, kept in the history (the vendored
        // document moves on with each upgrade).
        let root = crate::workspace_root().unwrap();
        let bytes = std::fs::read(root.join("openapi/history/v0.30.2-live.json")).unwrap();
        let vendored: Value = serde_json::from_slice(&bytes).unwrap();
        let next = next_release(&vendored).unwrap();
        let count = |d: &Value| d["paths"].as_object().unwrap().len();
        assert_eq!(count(&next), count(&vendored) + 2); // three added, one removed
        for new in [
            "/project.archive",
            "/application.rollback",
            "/backup.verify",
        ] {
            assert!(vendored["paths"].get(new).is_none(), "{new} is new");
        }
        assert_eq!(next["info"]["version"], RELEASE);
    }
}
