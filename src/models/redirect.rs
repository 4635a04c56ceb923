//! Redirects of applications, as `application.one` and `redirects.one` return them.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A redirect (a Traefik middleware on the application's routers).
///
/// ```
/// use dokploy::models::Redirect;
/// let r: Redirect = serde_json::from_str(r#"{"redirectId": "r1", "regex": "^/old/(.*)",
///     "replacement": "/new/$1", "permanent": false, "uniqueConfigKey": 1, "applicationId": "a1"}"#).unwrap();
/// assert_eq!(r.replacement, "/new/$1");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Redirect {
    /// The id.
    pub redirect_id: String,
    /// The regular expression URLs are matched with.
    pub regex: String,
    /// What they are replaced with.
    pub replacement: String,
    /// Whether the redirect is permanent.
    #[serde(default)]
    pub permanent: bool,
    /// The application.
    #[serde(default)]
    pub application_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
