//! Domains, as `domain.create`, `domain.one`, `domain.byApplicationId` return them.

use serde::{Deserialize, Serialize};

use super::{CertificateType, DomainType, Extra};

/// A domain routed by Traefik to an application or a compose service.
///
/// ```
/// use dokploy::models::{CertificateType, Domain};
/// let domain: Domain = serde_json::from_str(r#"{
///     "domainId": "d1", "host": "shop.example.com", "https": true, "port": 3000,
///     "certificateType": "letsencrypt", "domainType": "application", "applicationId": "a1"
/// }"#).unwrap();
/// assert_eq!(domain.certificate_type, Some(CertificateType::Letsencrypt));
/// assert_eq!(domain.port, Some(3000));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Domain {
    /// The id.
    pub domain_id: String,
    /// The host name.
    pub host: String,
    /// Whether HTTPS is on.
    #[serde(default)]
    pub https: bool,
    /// The container port traffic goes to.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub port: Option<i64>,
    /// The path prefix.
    #[serde(default)]
    pub path: Option<String>,
    /// What it routes to.
    #[serde(default)]
    pub domain_type: Option<DomainType>,
    /// The certificate.
    #[serde(default)]
    pub certificate_type: Option<CertificateType>,
    /// The application, for application domains.
    #[serde(default)]
    pub application_id: Option<String>,
    /// The compose stack, for compose domains.
    #[serde(default)]
    pub compose_id: Option<String>,
    /// The compose service, for compose domains.
    #[serde(default)]
    pub service_name: Option<String>,
    /// Whether it is enabled.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The service it belongs to, as listings nest it: `application` (`{applicationId, appName,
    /// name}`, from `byApplicationId`) or `compose` (`{composeId, …}`, from `byComposeId`).
    #[serde(default, rename = "application", alias = "compose")]
    pub service: Option<DomainOwner>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The service a listed domain belongs to.
///
/// ```
/// // `domain.byComposeId` nests `compose`, `byApplicationId` nests `application`.
/// let domain: dokploy::models::Domain = serde_json::from_str(r#"{
///     "domainId": "d1", "host": "site.example.com", "serviceName": "web",
///     "compose": {"composeId": "c1", "appName": "site-8fj2ks", "name": "site"}
/// }"#).unwrap();
/// let owner = domain.service.unwrap();
/// assert_eq!(owner.name.as_deref(), Some("site"));
/// assert_eq!(owner.extra.get("composeId"), Some(&"c1".into()));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DomainOwner {
    /// The service's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The service's Docker name.
    #[serde(default)]
    pub app_name: Option<String>,
    /// Fields this model does not name (`applicationId` or `composeId`).
    #[serde(flatten)]
    pub extra: Extra,
}
