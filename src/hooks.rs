//! What happens to every request, generated or hand-written, on its way out and back.
//!
//! - the API key goes in as the sensitive `x-api-key` header;
//! - body fields Dokploy requires even when `null` (`saveEnvironment`'s `buildArgs`…) are sent
//!   as `null` when the caller left them unset (the normaliser's `required-nullable-sent-as-null`
//!   rule marks them; the operation table lists them);
//! - it is sent, and sent again while that cannot do the work twice ([`retry`](crate::retry)),
//!   each attempt within [`ClientBuilder::timeout`](crate::ClientBuilder::timeout) and all of
//!   them within [`ClientBuilder::deadline`](crate::ClientBuilder::deadline);
//! - redirects are judged by [`redirect::policy`](crate::redirect::policy) (told the method);
//!   a refused one, a refused certificate and an unreadable answer head are final, never
//!   retried;
//! - the answer's body is read whole, at most [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)
//!   bytes, so a query cut mid-answer is retried like one cut before it;
//! - the client's API key, and in error answers the secret values of the request, are
//!   replaced in the body, so no error, `Debug` or message can echo them;
//! - a `tracing` event records each attempt (procedure, method, attempt, status, duration) and
//!   each retry (wait, reason), never a body or a header value;
//! - on [`Transport::Trpc`](crate::Transport::Trpc), the request is rewritten for the tRPC
//!   surface ([`transport`](crate::transport));
//! - the response is tagged with the procedure name so that errors can say which call failed.

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue};

use crate::config::ClientContext;
use crate::error::{BodyTooLarge, OutcomeUnknown, ProtocolError};
use crate::redirect::RedirectRefused;
use crate::response::{self, BodyFailure};
use crate::{Error, generated, operations, retry};

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
        if let Some(basic) = &self.inner.basic_auth {
            request
                .headers_mut()
                .entry(reqwest::header::AUTHORIZATION)
                .or_insert_with(|| basic.clone());
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
        let exchange = Exchange {
            http: &self.client,
            context: &self.inner,
            procedure,
            // Dokploy's queries are GETs; anything else changes something.
            repeatable: request.method() == reqwest::Method::GET || retry::marked_idempotent(),
        };
        let response = exchange.run(request).await?;
        let mut response = response;
        // Procedure names are `&'static`: a static value is not copied. `from_static` only
        // takes visible ASCII, which every procedure name is; anything else is left out.
        if procedure.bytes().all(|b| b.is_ascii_graphic()) {
            response
                .headers_mut()
                .insert(PROCEDURE, HeaderValue::from_static(procedure));
        }
        Ok(response)
    }
}

/// One call on its way out and back: sent, retried while that is safe, its answer read whole
/// (within the size limit) and cleaned of the secrets it must not echo.
struct Exchange<'a> {
    http: &'a reqwest::Client,
    context: &'a ClientContext,
    procedure: &'static str,
    /// Sending it again cannot do the work twice (a query, or marked idempotent).
    repeatable: bool,
}

/// Why an attempt is retried (traced; never a value from the request or the answer).
#[derive(Clone, Copy)]
enum Retry {
    /// The connection could not be made: the request never left.
    NotSent,
    /// The time ran out.
    TimedOut,
    /// The connection broke before the answer began.
    Lost,
    /// The connection broke in the middle of the answer.
    LostMidBody,
    /// 429, 502, 503 or 504.
    Status(u16),
}

impl Retry {
    fn reason(self) -> &'static str {
        match self {
            Retry::NotSent => "the connection could not be made",
            Retry::TimedOut => "no answer in time",
            Retry::Lost => "the connection broke before the answer",
            Retry::LostMidBody => "the connection broke in the middle of the answer",
            Retry::Status(_) => "an answer that asks to try again",
        }
    }
}

impl Exchange<'_> {
    async fn run(&self, mut request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        let method = request.method().clone();
        let origin = request.url().clone();
        let policy = &self.context.retry;
        let first_started = Instant::now();
        let deadline = self.context.deadline;
        let mut attempt = 1;
        loop {
            // Each attempt gets its own time, and never more than the call has left.
            let left = deadline.map(|d| d.saturating_sub(first_started.elapsed()));
            *request.timeout_mut() =
                Some(left.map_or(self.context.timeout, |left| left.min(self.context.timeout)));
            // A body that cannot be copied (a streamed upload) is sent once.
            let mut again = request.try_clone();
            let started = Instant::now();
            let result = crate::redirect::watch(method.clone(), self.http.execute(request)).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let (retry, retry_after, outcome) = match result {
                Ok(mut response) => {
                    let status = response.status();
                    tracing::debug!(
                        target: "dokploy",
                        procedure = self.procedure,
                        %method,
                        attempt,
                        status = status.as_u16(),
                        elapsed_ms,
                        "dokploy request"
                    );
                    if !crate::redirect::same_origin(&origin, response.url()) {
                        // Only a client without this crate's redirect policy gets here.
                        let refused = RedirectRefused::followed_without_policy(
                            &method,
                            &origin,
                            response.url(),
                        );
                        return Err(self.finally(Error::Redirect(Box::new(refused))).await);
                    }
                    if self.repeatable && matches!(status.as_u16(), 429 | 502 | 503 | 504) {
                        let retry_after = response
                            .headers()
                            .get(reqwest::header::RETRY_AFTER)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                        let wait = policy.wait_after(
                            attempt,
                            first_started.elapsed(),
                            retry_after,
                            deadline,
                        );
                        if let Some(wait) = wait
                            && let Some(next) = again.take()
                        {
                            drop(response);
                            self.trace_retry(attempt, wait, Retry::Status(status.as_u16()));
                            tokio::time::sleep(wait).await;
                            request = next;
                            attempt += 1;
                            continue;
                        }
                    }
                    match response::buffer(&mut response, self.context.max_body_size).await {
                        Ok(body) => {
                            let body = self.without_secrets(body, status, again.as_ref());
                            return Ok(response::with_body(response, body));
                        }
                        Err(BodyFailure::TooLarge(announced)) => {
                            tracing::debug!(
                                target: "dokploy",
                                procedure = self.procedure,
                                attempt,
                                limit = self.context.max_body_size,
                                "dokploy answer too large: reading stopped"
                            );
                            let error = Error::BodyTooLarge(Box::new(BodyTooLarge {
                                procedure: Some(self.procedure.to_string()),
                                status,
                                limit: self.context.max_body_size,
                                announced,
                            }));
                            return Err(response::carry(error).await);
                        }
                        Err(BodyFailure::Transport(e)) => {
                            let retry = if e.is_timeout() {
                                Retry::TimedOut
                            } else {
                                Retry::LostMidBody
                            };
                            (retry, None, e)
                        }
                    }
                }
                Err(e) => {
                    tracing::debug!(
                        target: "dokploy",
                        procedure = self.procedure,
                        %method,
                        attempt,
                        elapsed_ms,
                        timeout = e.is_timeout(),
                        connect = e.is_connect(),
                        "dokploy request failed"
                    );
                    let e = match self.final_failure(e) {
                        Ok(error) => return Err(self.finally(error).await),
                        Err(e) => e,
                    };
                    let retry = if e.is_connect() {
                        Retry::NotSent
                    } else if e.is_timeout() {
                        Retry::TimedOut
                    } else {
                        Retry::Lost
                    };
                    (retry, None, e)
                }
            };
            let error = outcome;
            // Only a transport failure gets here.
            let never_sent = matches!(retry, Retry::NotSent);
            let may_retry = (self.repeatable || never_sent) && !error.is_builder();
            if may_retry
                && let Some(again) = again
                && let Some(wait) =
                    policy.wait_after(attempt, first_started.elapsed(), retry_after, deadline)
            {
                self.trace_retry(attempt, wait, retry);
                tokio::time::sleep(wait).await;
                request = again;
                attempt += 1;
                continue;
            }
            if self.repeatable || never_sent || error.is_builder() {
                return Err(error);
            }
            tracing::debug!(
                target: "dokploy",
                procedure = self.procedure,
                attempt,
                reason = retry.reason(),
                "dokploy mutation sent, its answer lost: not sent again"
            );
            let lost = Error::OutcomeUnknown(Box::new(OutcomeUnknown::new(self.procedure, error)));
            return Err(response::carry(lost).await);
        }
    }

    /// The failure `e` as an error that retrying cannot fix: a redirect the policy refused, a
    /// refused certificate, or (for a call that may be repeated) an answer head that is not
    /// HTTP this client reads. Anything else is given back.
    fn final_failure(&self, e: reqwest::Error) -> Result<Error, reqwest::Error> {
        if e.is_redirect()
            && let Some(refused) = std::error::Error::source(&e)
                .and_then(|cause| cause.downcast_ref::<RedirectRefused>())
        {
            let mut refused = refused.clone();
            refused.procedure = Some(self.procedure.to_string());
            return Ok(Error::Redirect(Box::new(refused)));
        }
        let e = match crate::tls::CertificateRefused::of(e) {
            Ok(refused) => return Ok(Error::Certificate(Box::new(refused))),
            Err(e) => e,
        };
        // A mutation whose answer cannot be read may have been carried out: that is
        // `OutcomeUnknown`, which the caller below makes of it.
        if self.repeatable
            && let Some(head_too_large) = unreadable_head(&e)
        {
            return Ok(Error::Protocol(Box::new(ProtocolError {
                procedure: Some(self.procedure.to_string()),
                head_too_large,
                source: e,
            })));
        }
        Err(e)
    }

    /// `error`, traced as final and carried through the transport to the caller.
    async fn finally(&self, error: Error) -> reqwest::Error {
        tracing::debug!(
            target: "dokploy",
            procedure = self.procedure,
            "dokploy call failed in a way retrying cannot fix: not retried"
        );
        response::carry(error).await
    }

    fn trace_retry(&self, attempt: u32, wait: Duration, why: Retry) {
        let status = match why {
            Retry::Status(status) => Some(status),
            _ => None,
        };
        tracing::info!(
            target: "dokploy",
            procedure = self.procedure,
            attempt,
            next_attempt = attempt + 1,
            wait_ms = wait.as_millis() as u64,
            reason = why.reason(),
            status,
            "dokploy retry"
        );
    }

    /// `body` without the client's API key, and, in an error answer, without the secret values
    /// the request carried (Dokploy's messages can quote their input): whatever the server
    /// sent, no text this crate renders from it can show them.
    fn without_secrets(
        &self,
        body: Bytes,
        status: reqwest::StatusCode,
        request: Option<&reqwest::Request>,
    ) -> Bytes {
        let key = self.context.api_key.to_str().ok();
        let hidden = match request.filter(|_| !status.is_success()) {
            None => crate::redact::hide_values(&body, key.as_slice()),
            Some(request) => {
                let mut secrets = Vec::new();
                request_secrets(request, &mut secrets);
                let values: Vec<&str> = key
                    .into_iter()
                    .chain(secrets.iter().map(String::as_str))
                    .collect();
                crate::redact::hide_values(&body, &values)
            }
        };
        hidden.map_or(body, Bytes::from)
    }
}

/// `Some(true)` when the answer's head was larger than the HTTP layer reads, `Some(false)` when
/// it was malformed, `None` for any other failure.
fn unreadable_head(error: &reqwest::Error) -> Option<bool> {
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        if let Some(hyper) = current.downcast_ref::<hyper::Error>()
            && hyper.is_parse()
        {
            // hyper tells a head too large by name only to servers; its message says it
            // ("message head is too large"), which the fault suite holds to.
            return Some(hyper.to_string().contains("too large"));
        }
        cause = current.source();
    }
    None
}

/// The secret values in a request's JSON body and query string (by [`is_secret_key`](crate::redact::is_secret_key)).
fn request_secrets(request: &reqwest::Request, out: &mut Vec<String>) {
    if let Some(body) = request.body().and_then(reqwest::Body::as_bytes)
        && let Ok(json) = serde_json::from_slice::<serde_json::Value>(body)
    {
        crate::redact::secret_values(&json, out);
    }
    for (name, value) in request.url().query_pairs() {
        if crate::redact::is_secret_key(&name) && !value.is_empty() {
            out.push(value.into_owned());
        }
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
