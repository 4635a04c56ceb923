//! Basic-auth users of applications, as `application.one` and `security.one` return them.

use serde::{Deserialize, Serialize};

use super::Extra;
use crate::redact::Secret;

/// An HTTP basic-auth user in front of an application (Dokploy stores the password as given
/// and writes a bcrypt hash of it into Traefik's middleware).
///
/// ```
/// use dokploy::models::Security;
/// let s: Security = serde_json::from_str(r#"{"securityId": "s1", "username": "admin",
///     "password": "hunter2", "applicationId": "a1"}"#).unwrap();
/// assert_eq!(s.username, "admin");
/// assert!(!format!("{s:?}").contains("hunter2"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Security {
    /// The id.
    pub security_id: String,
    /// The user name.
    pub username: String,
    /// The password.
    #[serde(default)]
    pub password: Secret,
    /// The application.
    #[serde(default)]
    pub application_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
