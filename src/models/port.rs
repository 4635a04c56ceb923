//! Published ports of applications, as `port.create`, `port.update`, `port.delete` and
//! `application.one` return them.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A port an application publishes.
///
/// ```
/// use dokploy::models::Port;
/// let port: Port = serde_json::from_str(r#"{"portId": "p1", "publishedPort": 8080,
///     "publishMode": "ingress", "targetPort": 80, "protocol": "tcp", "applicationId": "a1"}"#).unwrap();
/// assert_eq!((port.published_port, port.target_port), (8080, 80));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Port {
    /// The id.
    pub port_id: String,
    /// The port on the host.
    #[serde(deserialize_with = "super::lenient_int::required")]
    pub published_port: i64,
    /// The port in the container.
    #[serde(deserialize_with = "super::lenient_int::required")]
    pub target_port: i64,
    /// `tcp` or `udp`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// `ingress` or `host`.
    #[serde(default)]
    pub publish_mode: Option<String>,
    /// The application.
    #[serde(default)]
    pub application_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
