//! SSH keys: the keys Dokploy connects to remote servers with (and clones git repositories over
//! SSH with).
//!
//! Dokploy answers `sshKey.create` with no body, so [`SshKeys::create`] finds the new key by
//! listing before and after (with the race its doc comment describes); `sshKey.update` answers
//! an unknown id with a generic 400 "Error updating this SSH key", so [`SshKeys::update`] reads
//! the key first. Private keys come back in plain text from `sshKey.all`/`one`/`update`/`remove`;
//! they are [`Secret`]s in [`SshKey`].

use crate::models::{GeneratedSshKey, SshKey, SshKeySummary, SshKeyType};
use crate::redact::Secret;
use crate::required;
use crate::{Client, ResponseExt, Result};

use super::created::FindCreated;

/// Typed SSH key methods; from [`Client::ssh_keys`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewSshKey;
/// let keys = client.ssh_keys();
/// let key = keys
///     .create(NewSshKey::new("deploy", "-----BEGIN OPENSSH PRIVATE KEY-----\n…", "ssh-ed25519 AAAA… deploy"))
///     .await?;
/// assert_eq!(keys.all().await?[0].ssh_key_id, key.ssh_key_id);
/// keys.remove(&key.ssh_key_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SshKeys<'a> {
    client: &'a Client,
}

/// An SSH key to store: a key pair in OpenSSH format (your own, or one from
/// [`SshKeys::generate`]). The struct is `#[non_exhaustive]`: start from [`NewSshKey::new`] or
/// [`NewSshKey::from_generated`].
///
/// ```
/// use dokploy::resources::NewSshKey;
/// let new = NewSshKey::new("deploy", "-----BEGIN OPENSSH PRIVATE KEY-----\n…", "ssh-ed25519 AAAA")
///     .description("CI deploys");
/// assert!(!format!("{new:?}").contains("PRIVATE KEY"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewSshKey {
    /// The name.
    pub name: String,
    /// The private key (OpenSSH format).
    pub private_key: Secret,
    /// The public key (`ssh-ed25519 AAAA… comment`).
    pub public_key: String,
    /// The description.
    pub description: Option<String>,
}

impl NewSshKey {
    /// A key called `name` from a private and a public key.
    ///
    /// ```
    /// let new = dokploy::resources::NewSshKey::new("deploy", "private", "ssh-ed25519 AAAA");
    /// assert_eq!(new.private_key.expose(), "private");
    /// ```
    pub fn new(
        name: impl Into<String>,
        private_key: impl Into<String>,
        public_key: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            private_key: Secret::new(private_key.into()),
            public_key: public_key.into(),
            description: None,
        }
    }

    /// A key called `name` from a pair [`SshKeys::generate`] made.
    ///
    /// ```
    /// let pair: dokploy::models::GeneratedSshKey = serde_json::from_str(
    ///     r#"{"privateKey": "private", "publicKey": "ssh-ed25519 AAAA dokploy"}"#,
    /// ).unwrap();
    /// let new = dokploy::resources::NewSshKey::from_generated("deploy", pair);
    /// assert_eq!(new.public_key, "ssh-ed25519 AAAA dokploy");
    /// ```
    pub fn from_generated(name: impl Into<String>, pair: GeneratedSshKey) -> Self {
        Self {
            name: name.into(),
            private_key: pair.private_key,
            public_key: pair.public_key,
            description: None,
        }
    }

    /// Sets the description.
    ///
    /// ```
    /// let new = dokploy::resources::NewSshKey::new("deploy", "p", "ssh-ed25519 AAAA").description("CI");
    /// assert_eq!(new.description.as_deref(), Some("CI"));
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// What to change on a stored key ([`SshKeys::update`]): its name and description (the key
/// material itself cannot change).
///
/// ```
/// use dokploy::resources::SshKeyUpdate;
/// let changes = SshKeyUpdate::new().name("deploy-2").description("rotated");
/// assert_eq!(changes.name.as_deref(), Some("deploy-2"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct SshKeyUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new description.
    pub description: Option<String>,
}

impl SshKeyUpdate {
    /// No changes yet.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::SshKeyUpdate::new().name, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Renames the key.
    ///
    /// ```
    /// assert!(dokploy::resources::SshKeyUpdate::new().name("x").name.is_some());
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the description.
    ///
    /// ```
    /// assert!(dokploy::resources::SshKeyUpdate::new().description("x").description.is_some());
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

impl<'a> SshKeys<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every key of the organization, newest first, private keys included (as [`Secret`]s).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewSshKey;
    /// client.ssh_keys().create(NewSshKey::new("old", "p1", "ssh-ed25519 AAAA1")).await?;
    /// client.ssh_keys().create(NewSshKey::new("new", "p2", "ssh-ed25519 AAAA2")).await?;
    /// let names: Vec<String> = client.ssh_keys().all().await?.into_iter().map(|k| k.name).collect();
    /// assert_eq!(names, ["new", "old"]);
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<SshKey>> {
        self.client.ssh_key_all().send().decode().await
    }

    /// Every key's id and name, without the key material (`sshKey.allForApps`: what choosing a
    /// key for an application's git source needs).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewSshKey::new("deploy", "p", "ssh-ed25519 AAAA");
    /// let key = client.ssh_keys().create(new).await?;
    /// let summaries = client.ssh_keys().summaries().await?;
    /// assert_eq!((summaries[0].ssh_key_id.as_str(), summaries[0].name.as_str()), (key.ssh_key_id.as_str(), "deploy"));
    /// # Ok(()) }
    /// ```
    pub async fn summaries(&self) -> Result<Vec<SshKeySummary>> {
        self.client.ssh_key_all_for_apps().send().decode().await
    }

    /// One key, its private key included (as a [`Secret`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewSshKey::new("deploy", "private", "ssh-ed25519 AAAA");
    /// # let id = client.ssh_keys().create(new).await?.ssh_key_id;
    /// let key = client.ssh_keys().one(&id).await?;
    /// assert_eq!(key.private_key.expose(), "private");
    /// assert!(client.ssh_keys().one("nope").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, ssh_key_id: &str) -> Result<SshKey> {
        self.client
            .ssh_key_one()
            .required(required::SshKeyOne {
                ssh_key_id: ssh_key_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Stores a key pair and returns the stored key. `sshKey.create` answers with no body, so
    /// this lists `sshKey.all` before and after and returns the one new key with the name and
    /// public key sent. **The race:** rows that existed before are never returned; if someone else
    /// creates a matching key between the two listings, this fails with
    /// [`LookupError::CreatedButAmbiguous`](crate::LookupError::CreatedButAmbiguous), naming
    /// both, rather than guess (the create itself was sent once and succeeded).
    ///
    /// Dokploy's input requires an `organizationId` that it then replaces with the API key's
    /// active organization; an empty one is sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewSshKey;
    /// let new = NewSshKey::new("deploy", "private", "ssh-ed25519 AAAA deploy").description("CI");
    /// let key = client.ssh_keys().create(new).await?;
    /// assert_eq!(key.description.as_deref(), Some("CI"));
    /// assert_eq!(key.public_key.as_deref(), Some("ssh-ed25519 AAAA deploy"));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewSshKey) -> Result<SshKey> {
        let call = self
            .client
            .call("sshKey.create")
            .arg("name", &new.name)
            .arg("privateKey", &new.private_key)
            .arg("publicKey", &new.public_key)
            .arg("description", &new.description)
            .arg("organizationId", "");
        let matches = |k: &SshKey| {
            k.name == new.name && k.public_key.as_deref() == Some(new.public_key.as_str())
        };
        FindCreated {
            what: "SSH key",
            id: |k: &SshKey| k.ssh_key_id.as_str(),
            label: |k: &SshKey| format!("{} ({})", k.name, k.ssh_key_id),
            matches: &matches,
        }
        .run(|| self.all(), async {
            call.send().body().await?.expect_done()
        })
        .await
    }

    /// Has Dokploy generate a key pair (4096-bit RSA or Ed25519, comment `dokploy`) and returns
    /// it; nothing is stored until it is passed to [`SshKeys::create`]. (The embedded fake makes
    /// the pair with `ssh-keygen`.)
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # if std::process::Command::new("ssh-keygen").arg("-?").output().is_err() { return Ok(()) }
    /// use dokploy::models::SshKeyType;
    /// use dokploy::resources::NewSshKey;
    /// let pair = client.ssh_keys().generate(SshKeyType::Ed25519).await?;
    /// assert!(pair.public_key.starts_with("ssh-ed25519 "));
    /// let key = client.ssh_keys().create(NewSshKey::from_generated("deploy", pair)).await?;
    /// assert!(key.has_private_key());
    /// # Ok(()) }
    /// ```
    pub async fn generate(&self, kind: SshKeyType) -> Result<GeneratedSshKey> {
        self.client
            .call("sshKey.generate")
            .arg("type", kind.as_str())
            .send()
            .decode()
            .await
    }

    /// Renames a key or changes its description, and returns it. Reads it first: Dokploy
    /// answers an unknown id with a generic 400 ("Error updating this SSH key"), so reading is
    /// what reports it as not-found.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::SshKeyUpdate;
    /// # let new = dokploy::resources::NewSshKey::new("deploy", "p", "ssh-ed25519 AAAA");
    /// # let id = client.ssh_keys().create(new).await?.ssh_key_id;
    /// let key = client.ssh_keys().update(&id, SshKeyUpdate::new().name("deploy-2")).await?;
    /// assert_eq!(key.name, "deploy-2");
    /// let e = client.ssh_keys().update("nope", SshKeyUpdate::new().name("x")).await.unwrap_err();
    /// assert!(e.is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, ssh_key_id: &str, changes: SshKeyUpdate) -> Result<SshKey> {
        self.one(ssh_key_id).await?;
        let mut call = self
            .client
            .call("sshKey.update")
            .arg("sshKeyId", ssh_key_id);
        if let Some(name) = &changes.name {
            call = call.arg("name", name);
        }
        if let Some(description) = &changes.description {
            call = call.arg("description", description);
        }
        call.send().decode().await
    }

    /// Removes a key. **Irreversible.** Servers that used it keep their address but lose the
    /// key (`sshKeyId` becomes `null`). Returns the key as it was (private key included, as a
    /// [`Secret`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewSshKey::new("deploy", "p", "ssh-ed25519 AAAA");
    /// # let id = client.ssh_keys().create(new).await?.ssh_key_id;
    /// let removed = client.ssh_keys().remove(&id).await?;
    /// assert_eq!(removed.name, "deploy");
    /// assert!(client.ssh_keys().remove(&id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, ssh_key_id: &str) -> Result<SshKey> {
        self.client
            .ssh_key_remove()
            .required(required::SshKeyRemove {
                ssh_key_id: ssh_key_id.into(),
            })
            .send()
            .decode()
            .await
    }
}
