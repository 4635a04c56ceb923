//! What happens to every request, generated or hand-written, on its way out and back.
//!
//! - the API key goes in as the sensitive `x-api-key` header;
//! - body fields Dokploy requires even when `null` (`saveEnvironment`'s `buildArgs`…) are sent
//!   as `null` when the caller left them unset (the normaliser's `required-nullable-sent-as-null`
//!   rule marks them; the operation table lists them);
//! - a `tracing` event records the procedure, method, status and duration (never a body or a
//!   header value);
//! - the response is tagged with the procedure name so that errors can say which call failed.

use std::time::Instant;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;

use crate::config::ClientContext;
use crate::generated;
use crate::operations;

/// The response header this crate adds (locally, never sent) to remember which procedure a
/// response belongs to.
pub const PROCEDURE_HEADER: &str = "x-dokploy-rs-procedure";

const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");

impl ClientHooks<ClientContext> for generated::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request
            .headers_mut()
            .insert(API_KEY_HEADER, self.inner.api_key.clone());
        if let Some(timeout) = self.inner.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        if let Some(op) = operations::by_rust_method(info.operation_id) {
            send_required_nulls(request, op).map_err(progenitor_client::Error::InvalidRequest)?;
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let procedure = operations::by_rust_method(info.operation_id)
            .map(|op| op.procedure)
            .unwrap_or(info.operation_id);
        let method = request.method().clone();
        let started = Instant::now();
        let result = self.client.execute(request).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(response) => tracing::debug!(
                target: "dokploy",
                procedure,
                %method,
                status = response.status().as_u16(),
                elapsed_ms,
                "dokploy request"
            ),
            Err(error) => tracing::debug!(
                target: "dokploy",
                procedure,
                %method,
                elapsed_ms,
                timeout = error.is_timeout(),
                connect = error.is_connect(),
                "dokploy request failed"
            ),
        }
        result.map(|mut response| {
            if let Ok(value) = HeaderValue::from_str(procedure) {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static(PROCEDURE_HEADER), value);
            }
            response
        })
    }
}

/// Adds `"field": null` for each required-but-nullable field missing from a JSON body.
fn send_required_nulls(
    request: &mut reqwest::Request,
    op: &operations::Operation,
) -> Result<(), String> {
    let missing: Vec<&str> = op.required_nullable_fields().map(|f| f.name).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let Some(bytes) = request.body().and_then(reqwest::Body::as_bytes) else {
        return Ok(());
    };
    let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(bytes) else {
        return Ok(());
    };
    let mut changed = false;
    for name in missing {
        if !body.contains_key(name) {
            body.insert(name.to_string(), Value::Null);
            changed = true;
        }
    }
    if changed {
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| format!("the body of {} could not be re-encoded: {e}", op.procedure))?;
        *request.body_mut() = Some(bytes.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> reqwest::Request {
        reqwest::Client::new()
            .post("http://localhost/api/application.saveEnvironment")
            .header("content-type", "application/json")
            .body(body.to_string())
            .build()
            .unwrap()
    }

    fn body_of(request: &reqwest::Request) -> Value {
        serde_json::from_slice(request.body().unwrap().as_bytes().unwrap()).unwrap()
    }

    #[test]
    fn missing_required_nullable_fields_are_sent_as_null() {
        let op = operations::find("application.saveEnvironment").unwrap();
        let mut r = request(r#"{"applicationId":"a","env":"A=1","createEnvFile":true}"#);
        send_required_nulls(&mut r, op).unwrap();
        let body = body_of(&r);
        assert_eq!(body["buildArgs"], Value::Null);
        assert_eq!(body["buildSecrets"], Value::Null);
        assert_eq!(body["env"], "A=1");
    }

    #[test]
    fn fields_the_caller_set_are_left_alone() {
        let op = operations::find("application.saveEnvironment").unwrap();
        let original = r#"{"applicationId":"a","env":null,"buildArgs":"X=1","buildSecrets":"","createEnvFile":false}"#;
        let mut r = request(original);
        send_required_nulls(&mut r, op).unwrap();
        assert_eq!(r.body().unwrap().as_bytes().unwrap(), original.as_bytes());
    }
}
