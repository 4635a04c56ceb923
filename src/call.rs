//! Calling any operation by Dokploy's procedure name with JSON input: the escape hatch for what
//! typed builders cannot say, such as an explicit `null` to clear a field in an `update`.
//!
//! Field names are checked against the [operation table](crate::operations): Dokploy silently
//! drops keys it does not know, so a typo would otherwise be lost without a word.
//!
//! ```no_run
//! use dokploy::ResponseExt;
//! # async fn run(client: dokploy::Client) -> Result<(), dokploy::Error> {
//! // Clear an application's description (the typed builder can only leave it unchanged).
//! client
//!     .call("application.update")
//!     .arg("applicationId", "app-id")
//!     .null("description")
//!     .send()
//!     .body()
//!     .await?;
//! # Ok(()) }
//! ```

use std::future::Future;

use progenitor_client::{ClientHooks, OperationInfo, ResponseValue};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::Client;
use crate::generated;
use crate::operations::{self, Method, Operation};
use crate::response::RawResult;

impl Client {
    /// Starts a call to the operation named `procedure` (e.g. `application.update`), matched
    /// like Dokploy matches it (ignoring ASCII case).
    pub fn call(&self, procedure: &str) -> Call<'_> {
        let op = operations::find(procedure).ok_or_else(|| {
            format!(
                "Dokploy's API (as vendored, {} operations) has no procedure `{procedure}`",
                operations::OPERATIONS.len()
            )
        });
        Call {
            client: self,
            op,
            input: Map::new(),
            problems: Vec::new(),
        }
    }
}

/// A call being put together; see [`Client::call`]. Mistakes are reported by `send()`.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'a> {
    client: &'a Client,
    op: Result<&'static Operation, String>,
    input: Map<String, Value>,
    problems: Vec<String>,
}

impl<'a> Call<'a> {
    /// Sets the query parameter (for a `GET`) or body field (for a `POST`) `name`.
    pub fn arg(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => self.set_checked(name, v),
            Err(e) => self
                .problems
                .push(format!("`{name}` could not be encoded as JSON: {e}")),
        }
        self
    }

    /// Sends `name` as an explicit `null` (Dokploy then clears the value). The field must be
    /// nullable.
    pub fn null(mut self, name: &str) -> Self {
        if let Ok(op) = self.op {
            match op.body_field(name) {
                Some(f) if f.nullable => {}
                Some(_) => self
                    .problems
                    .push(format!("`{name}` of {} cannot be null", op.procedure)),
                None => {}
            }
        }
        self.set_checked(name, Value::Null);
        self
    }

    /// Sets every field of `input` (a map or struct serialising to a JSON object, such as a
    /// generated body type).
    pub fn args(mut self, input: impl Serialize) -> Self {
        match serde_json::to_value(input) {
            Ok(Value::Object(map)) => {
                for (k, v) in map {
                    self.set_checked(&k, v);
                }
            }
            Ok(other) => self
                .problems
                .push(format!("the input must be a JSON object, not {other}")),
            Err(e) => self
                .problems
                .push(format!("the input could not be encoded as JSON: {e}")),
        }
        self
    }

    /// Sets `name` without checking it against the operation table (for a field newer than the
    /// vendored document).
    pub fn arg_unchecked(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => {
                self.input.insert(name.to_string(), v);
            }
            Err(e) => self
                .problems
                .push(format!("`{name}` could not be encoded as JSON: {e}")),
        }
        self
    }

    fn set_checked(&mut self, name: &str, value: Value) {
        if let Ok(op) = self.op {
            let fields = op.fields();
            if !fields.iter().any(|f| f.name == name) {
                let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
                self.problems.push(format!(
                    "{} has no {} `{name}` (it has: {})",
                    op.procedure,
                    if op.method == Method::Get {
                        "query parameter"
                    } else {
                        "body field"
                    },
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            }
        }
        self.input.insert(name.to_string(), value);
    }

    /// Sends the call; read the answer with [`ResponseExt`](crate::ResponseExt).
    pub fn send(self) -> impl Future<Output = RawResult> + Send + 'a {
        let prepared = self.prepare();
        let api = self.client.generated();
        async move {
            let (op, request) = prepared.map_err(progenitor_client::Error::InvalidRequest)?;
            execute(api, request, op).await
        }
    }

    pub(crate) fn prepare(&self) -> Result<(&'static Operation, reqwest::Request), String> {
        let op = self.op.clone()?;
        if !self.problems.is_empty() {
            return Err(self.problems.join("; "));
        }
        let missing: Vec<&str> = op
            .missing_fields(&self.input)
            .iter()
            .map(|f| f.name)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "{} needs {}",
                op.procedure,
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let api = self.client.generated();
        let url = format!("{}{}", api.baseurl, op.path);
        let mut builder = api.client.request(op.method.to_reqwest(), url);
        if op.method == Method::Get {
            builder = builder.query(&query_pairs(op, &self.input)?);
        } else if !self.input.is_empty() || !op.body.is_empty() {
            builder = builder.json(&self.input);
        }
        let request = builder
            .build()
            .map_err(|e| format!("the request for {} could not be built: {e}", op.procedure))?;
        Ok((op, request))
    }
}

/// Flat query parameters: scalars as text, lists as repeated keys, never `?input=`.
fn query_pairs(
    op: &Operation,
    input: &Map<String, Value>,
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for (name, value) in input {
        let scalar = |v: &Value| -> Result<String, String> {
            match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Null => Err(format!(
                    "query parameter `{name}` of {} cannot be null: leave it out instead",
                    op.procedure
                )),
                _ => Err(format!(
                    "query parameter `{name}` of {} must be a string, number or boolean",
                    op.procedure
                )),
            }
        };
        match value {
            Value::Array(items) => {
                for item in items {
                    pairs.push((name.clone(), scalar(item)?));
                }
            }
            other => pairs.push((name.clone(), scalar(other)?)),
        }
    }
    Ok(pairs)
}

/// Runs a hand-built request through the same hooks and status handling as generated methods.
pub(crate) async fn execute(
    api: &generated::Client,
    request: reqwest::Request,
    op: &'static Operation,
) -> RawResult {
    let info = OperationInfo {
        operation_id: op.rust_method,
    };
    execute_as(api, request, &info).await
}

/// Runs a hand-built request through the hooks as the operation `info` names (a batch names
/// none of the table's, so the hooks add the key and the timeout but rewrite nothing).
pub(crate) async fn execute_as(
    api: &generated::Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> RawResult {
    api.pre(&mut request, info).await?;
    let result = api.exec(request, info).await;
    api.post(&result, info).await?;
    let response = result?;
    match response.status().as_u16() {
        200..=299 => Ok(ResponseValue::stream(response)),
        400..=599 => Err(progenitor_client::Error::ErrorResponse(
            ResponseValue::stream(response),
        )),
        _ => Err(progenitor_client::Error::UnexpectedResponse(response)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new("http://127.0.0.1:9", "k").unwrap()
    }

    #[test]
    fn unknown_procedures_and_fields_are_refused_before_sending() {
        let c = client();
        let e = c.call("project.nope").prepare().unwrap_err();
        assert!(e.contains("no procedure `project.nope`"), "{e}");
        let e = c
            .call("application.update")
            .arg("applicationId", "a")
            .arg("descriptoin", "x")
            .prepare()
            .unwrap_err();
        assert!(e.contains("no body field `descriptoin`"), "{e}");
        assert!(e.contains("description"), "{e}");
    }

    #[test]
    fn missing_required_fields_are_named() {
        let e = client().call("project.one").prepare().unwrap_err();
        assert_eq!(e, "project.one needs `projectId`");
    }

    #[test]
    fn null_is_refused_for_fields_that_cannot_be_null() {
        let e = client()
            .call("application.update")
            .null("applicationId")
            .prepare()
            .unwrap_err();
        assert!(e.contains("cannot be null"), "{e}");
    }

    #[test]
    fn get_input_becomes_flat_query_parameters() {
        let (_, r) = client()
            .call("deployment.allByType")
            .arg("id", "c1")
            .arg("type", "compose")
            .prepare()
            .unwrap();
        assert_eq!(r.method(), reqwest::Method::GET);
        assert_eq!(r.url().query(), Some("id=c1&type=compose"));
        assert!(r.body().is_none());
    }

    #[test]
    fn post_input_becomes_a_json_body_with_explicit_nulls() {
        let (_, r) = client()
            .call("application.update")
            .arg("applicationId", "a")
            .null("description")
            .prepare()
            .unwrap();
        let body: Value = serde_json::from_slice(r.body().unwrap().as_bytes().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"applicationId": "a", "description": null})
        );
    }
}
