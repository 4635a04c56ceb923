//! Backup destinations: S3-compatible buckets Dokploy uploads backups to with rclone.
//!
//! Every answer carries the secret access key in plain text; the models hold it as a
//! [`Secret`]. `destination.testConnection` runs rclone on the Dokploy host (or the given
//! server): its error message is the whole rclone command line, secret included, which the
//! client redacts before showing it.

use crate::models::{Destination, S3Provider};
use crate::redact::Secret;
use crate::{Client, Error, Result};

/// Typed destination methods; from [`Client::destinations`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewDestination;
/// let destinations = client.destinations();
/// let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
/// let offsite = destinations.create(new).await?;
/// assert_eq!(destinations.all().await?[0].destination_id, offsite.destination_id);
/// destinations.remove(&offsite.destination_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Destinations<'a> {
    client: &'a Client,
}

/// A destination to create, update or test: every field Dokploy requires. The struct is
/// `#[non_exhaustive]`: start from [`NewDestination::new`] and use the setters or set fields.
///
/// ```
/// use dokploy::models::S3Provider;
/// use dokploy::resources::NewDestination;
/// let new = NewDestination::new("r2", "https://acc.r2.cloudflarestorage.com", "backups", "auto", "key-id", "s3cr3t")
///     .provider(S3Provider::Cloudflare)
///     .flag("--s3-acl=private");
/// assert_eq!(new.additional_flags, ["--s3-acl=private"]);
/// assert!(!format!("{new:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewDestination {
    /// The name.
    pub name: String,
    /// The endpoint URL.
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The region (`auto`, `us-east-1`…, as the provider wants it).
    pub region: String,
    /// The access key id.
    pub access_key: String,
    /// The secret access key.
    pub secret_access_key: Secret,
    /// The S3 provider (`--s3-provider`); `None` sends `null`, and rclone guesses.
    pub provider: Option<S3Provider>,
    /// Extra rclone flags, each `--name` or `--name=value` (Dokploy checks the form).
    pub additional_flags: Vec<String>,
    /// The server whose rclone tests the connection (`None`: the Dokploy host).
    pub server_id: Option<String>,
}

impl NewDestination {
    /// A bucket at `endpoint` reached with the access key `access_key` / `secret_access_key`;
    /// no provider, no extra flags.
    ///
    /// ```
    /// use dokploy::resources::NewDestination;
    /// let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// assert_eq!(new.secret_access_key.expose(), "s3cr3t");
    /// assert_eq!(new.provider, None);
    /// ```
    pub fn new(
        name: impl Into<String>,
        endpoint: impl Into<String>,
        bucket: impl Into<String>,
        region: impl Into<String>,
        access_key: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            endpoint: endpoint.into(),
            bucket: bucket.into(),
            region: region.into(),
            access_key: access_key.into(),
            secret_access_key: Secret::new(secret_access_key.into()),
            provider: None,
            additional_flags: Vec::new(),
            server_id: None,
        }
    }

    /// What an existing destination is set to (to change one field and [`Destinations::update`]
    /// with the rest as it is). Fails when the destination came without its keys (as nested in
    /// a backup): read it with [`Destinations::one`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDestination;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let id = client.destinations().create(new).await?.destination_id;
    /// let mut settings = NewDestination::from_destination(&client.destinations().one(&id).await?)?;
    /// settings.bucket = "backups-2".to_string();
    /// let updated = client.destinations().update(&id, settings).await?;
    /// assert_eq!(updated.bucket.as_deref(), Some("backups-2"));
    /// # Ok(()) }
    /// ```
    pub fn from_destination(destination: &Destination) -> Result<Self> {
        let missing = |field: &str| {
            Error::InvalidInput(format!(
                "the destination {} came without `{field}` (destinations nested in backups omit the keys); read it with `destinations().one`",
                destination.destination_id
            ))
        };
        let text =
            |value: &Option<String>, field: &str| value.clone().ok_or_else(|| missing(field));
        Ok(Self {
            name: destination.name.clone(),
            endpoint: text(&destination.endpoint, "endpoint")?,
            bucket: text(&destination.bucket, "bucket")?,
            region: text(&destination.region, "region")?,
            access_key: text(&destination.access_key, "accessKey")?,
            secret_access_key: destination
                .secret_access_key
                .clone()
                .ok_or_else(|| missing("secretAccessKey"))?,
            provider: destination.provider.clone(),
            additional_flags: destination.additional_flags.clone(),
            server_id: None,
        })
    }

    /// Sets the S3 provider.
    ///
    /// ```
    /// use dokploy::models::S3Provider;
    /// use dokploy::resources::NewDestination;
    /// let new = NewDestination::new("s", "http://127.0.0.1:9000", "b", "us-east-1", "k", "s").provider(S3Provider::Minio);
    /// assert_eq!(new.provider, Some(S3Provider::Minio));
    /// ```
    pub fn provider(mut self, provider: S3Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Adds an rclone flag (`--s3-acl=private`, `--s3-storage-class=GLACIER`…).
    ///
    /// ```
    /// use dokploy::resources::NewDestination;
    /// let new = NewDestination::new("s", "http://127.0.0.1:9000", "b", "us-east-1", "k", "s").flag("--s3-acl=private");
    /// assert_eq!(new.additional_flags, ["--s3-acl=private"]);
    /// ```
    pub fn flag(mut self, flag: impl Into<String>) -> Self {
        self.additional_flags.push(flag.into());
        self
    }

    /// The request body: every field Dokploy requires (`provider` as `null` when unset).
    fn call<'c>(&self, client: &'c Client, procedure: &str) -> crate::Call<'c> {
        let mut call = client
            .call(procedure)
            .arg("name", &self.name)
            .arg("provider", self.provider.as_ref().map(S3Provider::as_str))
            .arg("accessKey", &self.access_key)
            .arg("secretAccessKey", self.secret_access_key.expose())
            .arg("bucket", &self.bucket)
            .arg("region", &self.region)
            .arg("endpoint", &self.endpoint)
            .arg("additionalFlags", &self.additional_flags);
        if let Some(server_id) = &self.server_id {
            call = call.arg("serverId", server_id);
        }
        call
    }
}

impl<'a> Destinations<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every destination of the organisation, newest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDestination;
    /// for name in ["first", "second"] {
    ///     let new = NewDestination::new(name, "http://127.0.0.1:9000", "b", "us-east-1", "k", "s");
    ///     client.destinations().create(new).await?;
    /// }
    /// let names: Vec<String> = client.destinations().all().await?.into_iter().map(|d| d.name).collect();
    /// assert_eq!(names, ["second", "first"]);
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<Destination>> {
        self.client.call("destination.all").send().decode().await
    }

    /// One destination (an unknown id is a 404: [`Error::is_not_found`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let id = client.destinations().create(new).await?.destination_id;
    /// let destination = client.destinations().one(&id).await?;
    /// assert_eq!(destination.bucket.as_deref(), Some("backups"));
    /// assert!(client.destinations().one("no-such-id").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, destination_id: &str) -> Result<Destination> {
        self.client
            .call("destination.one")
            .arg("destinationId", destination_id)
            .send()
            .decode()
            .await
    }

    /// Creates a destination and returns it. Dokploy does not check that the bucket is
    /// reachable: use [`Destinations::test_connection`] first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::S3Provider;
    /// use dokploy::resources::NewDestination;
    /// let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t")
    ///     .provider(S3Provider::Minio);
    /// let destination = client.destinations().create(new).await?;
    /// assert_eq!(destination.provider, Some(S3Provider::Minio));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewDestination) -> Result<Destination> {
        new.call(self.client, "destination.create")
            .send()
            .decode()
            .await
    }

    /// Replaces every setting of a destination and returns it as it is now (Dokploy's update
    /// requires all of them). An unknown id is Dokploy's 400 "Destination not found", which
    /// [`Error::is_not_found`] recognises.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDestination;
    /// # let new = NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let id = client.destinations().create(new).await?.destination_id;
    /// let changed = NewDestination::new("offsite-2", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// assert_eq!(client.destinations().update(&id, changed.clone()).await?.name, "offsite-2");
    /// assert!(client.destinations().update("no-such-id", changed).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, destination_id: &str, new: NewDestination) -> Result<Destination> {
        new.call(self.client, "destination.update")
            .arg("destinationId", destination_id)
            .send()
            .decode()
            .await
    }

    /// Deletes a destination **and every backup that uploads to it** (Dokploy's foreign key
    /// cascades). **Irreversible.** Files already in the bucket stay there. Returns the
    /// destination as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let id = client.destinations().create(new).await?.destination_id;
    /// let removed = client.destinations().remove(&id).await?;
    /// assert_eq!(removed.name, "offsite");
    /// assert!(client.destinations().remove(&id).await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, destination_id: &str) -> Result<Destination> {
        self.client
            .call("destination.remove")
            .arg("destinationId", destination_id)
            .send()
            .decode()
            .await
    }

    /// Checks that rclone can list the bucket with these settings (nothing is saved). A failure
    /// is Dokploy's 400 whose message is the rclone command line and its error output, with the
    /// secret access key replaced by `<redacted>`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::fake::BackupOutcome;
    /// use dokploy::resources::NewDestination;
    /// let new = NewDestination::new("offsite", "http://127.0.0.1:9", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// client.destinations().test_connection(&new).await?;
    ///
    /// fake.set_backup_outcome(BackupOutcome::Error { log: "connection refused".into() });
    /// let error = client.destinations().test_connection(&new).await.unwrap_err();
    /// assert!(error.to_string().contains("--s3-secret-access-key=<redacted>"));
    /// assert!(!error.to_string().contains("s3cr3t"));
    /// # Ok(()) }
    /// ```
    pub async fn test_connection(&self, settings: &NewDestination) -> Result<()> {
        settings
            .call(self.client, "destination.testConnection")
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Tests a saved destination: reads it, then [`Destinations::test_connection`] with its
    /// settings.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewDestination::new("offsite", "http://127.0.0.1:9000", "backups", "us-east-1", "AKIA1", "s3cr3t");
    /// # let id = client.destinations().create(new).await?.destination_id;
    /// client.destinations().test(&id).await?;
    /// assert!(client.destinations().test("no-such-id").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn test(&self, destination_id: &str) -> Result<()> {
        let destination = self.one(destination_id).await?;
        self.test_connection(&NewDestination::from_destination(&destination)?)
            .await
    }
}
