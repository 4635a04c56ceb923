//! `settings.getOpenApiDocument`: the vendored document, naming the fake as its server.

use serde_json::{Value, json};

use super::json;
use crate::fake::schema;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "getOpenApiDocument" => get_open_api_document,
        _ => return None,
    })
}

/// Like a live instance: `servers[0].url` is built from the request's host (and
/// `x-forwarded-proto`).
fn get_open_api_document(ctx: &mut Ctx<'_>) -> Outcome {
    let mut document = schema::document()
        .cloned()
        .ok_or_else(|| ApiError::bad_request("The OpenAPI document could not be read"))?;
    if let Value::Object(map) = &mut document {
        map.insert(
            "servers".into(),
            json!([{"url": format!("{}/api", ctx.origin)}]),
        );
    }
    json(document)
}
