//! SSH keys, as `sshKey.all`, `sshKey.one`, `sshKey.update`, `sshKey.remove` and
//! `sshKey.allForApps` return them, and the pair `sshKey.generate` makes.

use serde::{Deserialize, Serialize};

use super::Extra;
use crate::redact::Secret;

/// An SSH key stored in Dokploy (for servers and for cloning git repositories over SSH).
/// Dokploy returns the private key in plain text from `sshKey.*`; it is a [`Secret`] here.
/// `server.one` nests the key with the private key blanked to `""`.
///
/// ```
/// use dokploy::models::SshKey;
/// let key: SshKey = serde_json::from_str(r#"{
///     "sshKeyId": "k1", "name": "deploy", "description": null,
///     "privateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\n…",
///     "publicKey": "ssh-ed25519 AAAAC3Nza… deploy", "lastUsedAt": null
/// }"#).unwrap();
/// assert!(key.has_private_key());
/// assert!(!format!("{key:?}").contains("PRIVATE KEY"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SshKey {
    /// The id.
    pub ssh_key_id: String,
    /// The name.
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The private key (OpenSSH format); `""` where Dokploy blanks it (`server.one`).
    #[serde(default)]
    pub private_key: Secret,
    /// The public key (`ssh-ed25519 AAAA… comment`).
    #[serde(default)]
    pub public_key: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When Dokploy last used it.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// The organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SshKey {
    /// `true` when the answer carried the private key (not blanked).
    ///
    /// ```
    /// let nested: dokploy::models::SshKey = serde_json::from_str(
    ///     r#"{"sshKeyId": "k1", "name": "deploy", "privateKey": "", "publicKey": "ssh-ed25519 AAAA"}"#,
    /// ).unwrap();
    /// assert!(!nested.has_private_key()); // as server.one shows it
    /// ```
    pub fn has_private_key(&self) -> bool {
        !self.private_key.is_empty()
    }
}

/// `sshKey.allForApps`: a key's id and name, without the key material.
///
/// ```
/// let s: dokploy::models::SshKeySummary =
///     serde_json::from_str(r#"{"sshKeyId": "k1", "name": "deploy"}"#).unwrap();
/// assert_eq!(s.name, "deploy");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SshKeySummary {
    /// The id.
    pub ssh_key_id: String,
    /// The name.
    pub name: String,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A key pair `sshKey.generate` made (nothing is stored until it is created with
/// [`SshKeys::create`](crate::resources::SshKeys::create)).
///
/// ```
/// let pair: dokploy::models::GeneratedSshKey = serde_json::from_str(r#"{
///     "privateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\n…", "publicKey": "ssh-ed25519 AAAA dokploy"
/// }"#).unwrap();
/// assert!(pair.public_key.starts_with("ssh-ed25519 "));
/// assert!(!format!("{pair:?}").contains("PRIVATE KEY"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GeneratedSshKey {
    /// The private key (OpenSSH format).
    pub private_key: Secret,
    /// The public key (`ssh-ed25519 AAAA… dokploy`).
    pub public_key: String,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
