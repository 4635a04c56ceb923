//! The canonical form of the vendored document: stable key order and formatting, and no
//! instance-specific values, so that refreshing twice from the same Dokploy gives the same bytes
//! and a diff shows only API changes.

use serde_json::{Map, Value};

/// The server URL written in place of the instance's own address.
pub const PLACEHOLDER_SERVER: &str = "https://dokploy.example.com/api";

/// The vendored form of `document`: instance-specific values replaced, `info.version` set to
/// `release` when given, keys sorted, two-space indentation, a final newline.
pub fn canonical(mut document: Value, release: Option<&str>) -> String {
    if let Some(obj) = document.as_object_mut() {
        // The live document's address is wherever the instance was reached (even
        // `undefined://host/api` without a proxy); it says nothing about the API.
        let origin = obj
            .get("servers")
            .and_then(|s| s.get(0))
            .and_then(|s| s.get("url"))
            .and_then(Value::as_str)
            .map(|u| u.trim_end_matches('/').trim_end_matches("/api").to_string());
        obj.insert(
            "servers".into(),
            serde_json::json!([{ "url": PLACEHOLDER_SERVER }]),
        );
        let docs_url = obj.get_mut("externalDocs").and_then(|d| d.get_mut("url"));
        if let (Some(origin), Some(url)) = (origin.filter(|o| !o.is_empty()), docs_url) {
            let rest = url
                .as_str()
                .and_then(|text| text.strip_prefix(origin.as_str()))
                .map(str::to_string);
            if let Some(rest) = rest {
                let placeholder_origin = PLACEHOLDER_SERVER.trim_end_matches("/api");
                *url = Value::String(format!("{placeholder_origin}{rest}"));
            }
        }
        if let (Some(release), Some(info)) =
            (release, obj.get_mut("info").and_then(Value::as_object_mut))
        {
            info.insert("version".into(), Value::String(release.to_string()));
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(document)).unwrap_or_default();
    text.push('\n');
    text
}

/// The Dokploy release a document describes (`info.version`), if it names one (`v0.30.2`);
/// release documents say `1.0.0`, which names nothing.
pub fn release_of(document: &Value) -> Option<String> {
    document
        .pointer("/info/version")
        .and_then(Value::as_str)
        .filter(|v| v.starts_with('v'))
        .map(str::to_string)
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = Map::new();
            for (k, v) in entries {
                out.insert(k, sorted(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn live() -> Value {
        json!({
            "paths": {"/b": {}, "/a": {}},
            "openapi": "3.1.0",
            "info": {"version": "v0.30.2", "title": "Dokploy API"},
            "servers": [{"url": "undefined://10.0.0.5:3000/api"}],
            "externalDocs": {"url": "undefined://10.0.0.5:3000/api/settings.getOpenApiDocument"}
        })
    }

    #[test]
    fn instance_addresses_become_placeholders() {
        let text = canonical(live(), None);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["servers"], json!([{"url": PLACEHOLDER_SERVER}]));
        assert_eq!(
            v["externalDocs"]["url"],
            "https://dokploy.example.com/api/settings.getOpenApiDocument"
        );
        assert!(!text.contains("10.0.0.5"));
    }

    #[test]
    fn keys_are_sorted_and_the_output_is_stable() {
        let once = canonical(live(), None);
        let twice = canonical(serde_json::from_str(&once).unwrap(), None);
        assert_eq!(once, twice);
        assert!(once.find("\"/a\"").unwrap() < once.find("\"/b\"").unwrap());
        assert!(once.find("\"externalDocs\"").unwrap() < once.find("\"info\"").unwrap());
        assert!(once.ends_with("}\n"));
    }

    #[test]
    fn the_release_can_be_named_for_documents_that_say_1_0_0() {
        let mut doc = live();
        doc["info"]["version"] = json!("1.0.0");
        assert_eq!(release_of(&doc), None);
        let v: Value = serde_json::from_str(&canonical(doc, Some("v0.29.14"))).unwrap();
        assert_eq!(v["info"]["version"], "v0.29.14");
        assert_eq!(release_of(&live()).as_deref(), Some("v0.30.2"));
    }
}
