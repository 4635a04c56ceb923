//! What happens to every request, generated or hand-written, on its way out and back.
//!
//! - the API key goes in as the sensitive `x-api-key` header;
//! - body fields Dokploy requires even when `null` (`saveEnvironment`'s `buildArgs`…) are sent
//!   as `null` when the caller left them unset (the normaliser's `required-nullable-sent-as-null`
//!   rule marks them; the operation table lists them);
//! - a `tracing` event records the procedure, method, status and duration (never a body or a
//!   header value);
//! - on [`Transport::Trpc`](crate::Transport::Trpc), the request is rewritten for the tRPC
//!   surface ([`transport`](crate::transport));
//! - the response is tagged with the procedure name so that errors can say which call failed.

use std::time::Instant;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue};

use crate::config::ClientContext;
use crate::generated;
use crate::operations;

/// The response header this crate adds (locally, never sent) to remember which procedure a
/// response belongs to.
pub const PROCEDURE_HEADER: &str = "x-dokploy-rs-procedure";

const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");
/// [`PROCEDURE_HEADER`] as a header name, parsed once.
pub(crate) const PROCEDURE: HeaderName = HeaderName::from_static(PROCEDURE_HEADER);

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
            if self.inner.transport == crate::Transport::Trpc {
                crate::transport::trpc::rewrite(request, op)
                    .map_err(progenitor_client::Error::InvalidRequest)?;
            }
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
            // Procedure names are `&'static`: a static value is not copied. `from_static` only
            // takes visible ASCII, which every procedure name is; anything else is left out.
            if procedure.bytes().all(|b| b.is_ascii_graphic()) {
                response
                    .headers_mut()
                    .insert(PROCEDURE, HeaderValue::from_static(procedure));
            }
            response
        })
    }
}

/// Adds `"field": null` for each required-but-nullable field missing from a JSON body.
///
/// The body's top-level keys are read without building its values, and the missing fields are
/// appended before its closing `}`: a body that has them all is left as it is, untouched.
pub(crate) fn send_required_nulls(
    request: &mut reqwest::Request,
    op: &operations::Operation,
) -> Result<(), String> {
    if op.required_nullable_fields().next().is_none() {
        return Ok(());
    }
    let Some(bytes) = request.body().and_then(reqwest::Body::as_bytes) else {
        return Ok(());
    };
    let wanted: Vec<&str> = op.required_nullable_fields().map(|f| f.name).collect();
    let Ok(keys) = TopLevelKeys::of(bytes, &wanted) else {
        return Ok(()); // not a JSON object: nothing to add to
    };
    if keys.present.iter().all(|&p| p) {
        return Ok(());
    }
    let Some(end) = bytes.iter().rposition(|&b| b == b'}') else {
        return Ok(());
    };
    let mut with_nulls = Vec::with_capacity(bytes.len() + 32 * wanted.len());
    with_nulls.extend_from_slice(&bytes[..end]);
    let mut first = keys.count == 0;
    for (name, _) in wanted.iter().zip(&keys.present).filter(|(_, p)| !**p) {
        if !first {
            with_nulls.push(b',');
        }
        first = false;
        serde_json::to_writer(&mut with_nulls, name)
            .map_err(|e| format!("the body of {} could not be re-encoded: {e}", op.procedure))?;
        with_nulls.extend_from_slice(b":null");
    }
    with_nulls.extend_from_slice(&bytes[end..]);
    *request.body_mut() = Some(with_nulls.into());
    Ok(())
}

/// Which of some wanted keys a JSON object has at its top level, and how many keys it has.
struct TopLevelKeys {
    present: Vec<bool>,
    count: usize,
}

impl TopLevelKeys {
    fn of(body: &[u8], wanted: &[&str]) -> serde_json::Result<TopLevelKeys> {
        use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

        struct Keys<'w>(&'w [&'w str]);
        impl<'de> Visitor<'de> for Keys<'_> {
            type Value = TopLevelKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevelKeys, A::Error> {
                let mut keys = TopLevelKeys {
                    present: vec![false; self.0.len()],
                    count: 0,
                };
                while let Some(index) = map.next_key_seed(KeyIndex(self.0))? {
                    map.next_value::<IgnoredAny>()?;
                    keys.count += 1;
                    if let Some(i) = index {
                        keys.present[i] = true;
                    }
                }
                Ok(keys)
            }
        }

        /// A key, as its index among the wanted ones (never copied).
        struct KeyIndex<'w>(&'w [&'w str]);
        impl<'de> DeserializeSeed<'de> for KeyIndex<'_> {
            type Value = Option<usize>;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
                d.deserialize_str(self)
            }
        }
        impl<'de> Visitor<'de> for KeyIndex<'_> {
            type Value = Option<usize>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
                Ok(self.0.iter().position(|w| *w == key))
            }
        }

        let mut reader = serde_json::Deserializer::from_slice(body);
        let keys = reader.deserialize_map(Keys(wanted))?;
        reader.end()?;
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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
    fn an_empty_body_or_escaped_keys_get_their_nulls_too() {
        let op = operations::find("application.saveEnvironment").unwrap();
        let mut r = request("{ }");
        send_required_nulls(&mut r, op).unwrap();
        let body = body_of(&r);
        assert_eq!(body.as_object().unwrap().len(), 3, "{body}");
        // `\u0065nv` is `env`: present, so only the two others are added.
        let mut r = request(r#"{"\u0065nv":"A=1","x":{"buildArgs":1}}"#);
        send_required_nulls(&mut r, op).unwrap();
        let body = body_of(&r);
        assert_eq!(body["env"], "A=1");
        assert_eq!(body["buildArgs"], Value::Null);
        assert_eq!(body["x"]["buildArgs"], 1);
        assert_eq!(body.as_object().unwrap().len(), 4, "{body}");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_left_alone() {
        let op = operations::find("application.saveEnvironment").unwrap();
        for original in ["[1]", "not json", r#"{"a":1} trailing"#] {
            let mut r = request(original);
            send_required_nulls(&mut r, op).unwrap();
            assert_eq!(r.body().unwrap().as_bytes().unwrap(), original.as_bytes());
        }
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
