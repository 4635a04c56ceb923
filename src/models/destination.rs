//! Backup destinations (S3-compatible buckets), as `destination.create`, `one`, `all`,
//! `update` and `remove` return them.

use serde::{Deserialize, Deserializer, Serialize};

use super::{Extra, S3Provider};
use crate::redact::Secret;

/// An S3-compatible bucket backups are uploaded to (with rclone).
///
/// Dokploy returns `secretAccessKey` in plain text from every `destination.*` answer; here it is
/// a [`Secret`], hidden from `Debug`. `accessKey` is the access key **id**: it names the
/// credential (like a user name) and is useless without the secret, so it is kept readable, as
/// in the rclone command lines of Dokploy's error messages
/// ([`redact_text`](crate::redact::redact_text) keeps `--s3-access-key-id=…` and hides
/// `--s3-secret-access-key=…`). Backup listings nest the destination without either key
/// (`backup.one`, `<kind>.one` → `backups[].destination`): both are then `None`.
///
/// ```
/// use dokploy::models::{Destination, S3Provider};
/// let destination: Destination = serde_json::from_str(r#"{
///     "destinationId": "d1", "name": "offsite", "provider": "Minio",
///     "accessKey": "AKIA123", "secretAccessKey": "s3cr3t", "bucket": "backups",
///     "region": "us-east-1", "endpoint": "http://127.0.0.1:9000", "additionalFlags": null
/// }"#).unwrap();
/// assert_eq!(destination.provider, Some(S3Provider::Minio));
/// assert_eq!(destination.secret_access_key.as_ref().unwrap().expose(), "s3cr3t");
/// assert!(destination.additional_flags.is_empty()); // `null` is no flags
/// assert!(!format!("{destination:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Destination {
    /// The id.
    pub destination_id: String,
    /// The name.
    pub name: String,
    /// The S3 provider rclone is told about (`--s3-provider`).
    #[serde(default)]
    pub provider: Option<S3Provider>,
    /// The access key id (not a secret; absent where Dokploy nests the destination).
    #[serde(default)]
    pub access_key: Option<String>,
    /// The secret access key (absent where Dokploy nests the destination).
    #[serde(default)]
    pub secret_access_key: Option<Secret>,
    /// The bucket.
    #[serde(default)]
    pub bucket: Option<String>,
    /// The region.
    #[serde(default)]
    pub region: Option<String>,
    /// The endpoint URL.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Extra rclone flags (`--s3-acl=private`…); `null` reads as none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub additional_flags: Vec<String>,
    /// The organisation.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A list that may arrive as `null`: read as empty.
pub(super) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
