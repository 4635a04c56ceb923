//! Mounts of applications, compose stacks and databases.

use crate::models::{DatabaseRef, Mount};
use crate::{Client, Result};

/// Typed mount methods; from [`Client::mounts`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::{MountOwner, NewMount};
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let web = MountOwner::Application(app_id);
/// client.mounts().create(NewMount::volume(web.clone(), "web-data", "/data")).await?;
/// assert_eq!(client.mounts().of(&web).await?[0].mount_path, "/data");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Mounts<'a> {
    client: &'a Client,
}

/// The service a mount belongs to.
///
/// ```
/// use dokploy::resources::MountOwner;
/// let owner = MountOwner::Compose("c1".into());
/// assert_eq!((owner.service_type(), owner.id()), ("compose", "c1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountOwner {
    /// An application.
    Application(String),
    /// A compose stack.
    Compose(String),
    /// A database.
    Database(DatabaseRef),
}

impl MountOwner {
    /// Dokploy's `serviceType` for it (`application`, `compose`, `postgres`…).
    pub fn service_type(&self) -> &str {
        match self {
            MountOwner::Application(_) => "application",
            MountOwner::Compose(_) => "compose",
            MountOwner::Database(db) => db.kind.router(),
        }
    }

    /// The service's id.
    pub fn id(&self) -> &str {
        match self {
            MountOwner::Application(id) | MountOwner::Compose(id) => id,
            MountOwner::Database(db) => &db.id,
        }
    }
}

/// A mount to create: start from [`NewMount::volume`], [`NewMount::bind`] or
/// [`NewMount::file`].
///
/// ```
/// use dokploy::resources::{MountOwner, NewMount};
/// let new = NewMount::file(MountOwner::Application("a1".into()), "app.env", "LEVEL=debug\n", "/etc/app/app.env");
/// assert_eq!(new.mount_type, "file");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewMount {
    /// Whose mount it is.
    pub owner: MountOwner,
    /// `volume`, `bind` or `file`.
    pub mount_type: &'static str,
    /// Where it is mounted in the container.
    pub mount_path: String,
    /// The volume (`volume`).
    pub volume_name: Option<String>,
    /// The host directory (`bind`).
    pub host_path: Option<String>,
    /// The file's name (`file`).
    pub file_path: Option<String>,
    /// The file's content (`file`).
    pub content: Option<crate::redact::Secret>,
}

impl NewMount {
    fn new(owner: MountOwner, mount_type: &'static str, mount_path: impl Into<String>) -> Self {
        Self {
            owner,
            mount_type,
            mount_path: mount_path.into(),
            volume_name: None,
            host_path: None,
            file_path: None,
            content: None,
        }
    }

    /// The named volume `volume` at `mount_path`.
    pub fn volume(
        owner: MountOwner,
        volume: impl Into<String>,
        mount_path: impl Into<String>,
    ) -> Self {
        Self {
            volume_name: Some(volume.into()),
            ..Self::new(owner, "volume", mount_path)
        }
    }

    /// The host directory `host_path` at `mount_path`.
    pub fn bind(
        owner: MountOwner,
        host_path: impl Into<String>,
        mount_path: impl Into<String>,
    ) -> Self {
        Self {
            host_path: Some(host_path.into()),
            ..Self::new(owner, "bind", mount_path)
        }
    }

    /// A file named `file_path` holding `content`, at `mount_path`.
    pub fn file(
        owner: MountOwner,
        file_path: impl Into<String>,
        content: impl Into<crate::redact::Secret>,
        mount_path: impl Into<String>,
    ) -> Self {
        Self {
            file_path: Some(file_path.into()),
            content: Some(content.into()),
            ..Self::new(owner, "file", mount_path)
        }
    }
}

impl<'a> Mounts<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// A service's mounts (`mounts.listByServiceId`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{MountOwner, NewDatabase};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let new = NewDatabase::postgres(&env_id, "db", "app", "app");
    /// let db = client.databases().create(new).await?;
    /// let mounts = client.mounts().of(&MountOwner::Database(db.reference)).await?;
    /// assert!(mounts[0].volume_name.as_deref().unwrap().ends_with("-data")); // Dokploy's own
    /// # Ok(()) }
    /// ```
    pub async fn of(&self, owner: &MountOwner) -> Result<Vec<Mount>> {
        self.client
            .call("mounts.listByServiceId")
            .arg("serviceId", owner.id())
            .arg("serviceType", owner.service_type())
            .send()
            .decode()
            .await
    }

    /// One mount.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{MountOwner, NewMount};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let new = NewMount::bind(MountOwner::Application(app_id), "/srv/web", "/srv");
    /// let id = client.mounts().create(new).await?.mount_id;
    /// assert_eq!(client.mounts().one(&id).await?.host_path.as_deref(), Some("/srv/web"));
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, mount_id: &str) -> Result<Mount> {
        self.client
            .call("mounts.one")
            .arg("mountId", mount_id)
            .send()
            .decode()
            .await
    }

    /// Creates a mount (applied on the service's next deploy).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{MountOwner, NewMount};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let new = NewMount::file(MountOwner::Application(app_id), "app.env", "LEVEL=debug\n", "/etc/app.env");
    /// let mount = client.mounts().create(new).await?;
    /// assert_eq!(mount.file_path.as_deref(), Some("app.env"));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewMount) -> Result<Mount> {
        let mut call = self
            .client
            .call("mounts.create")
            .arg("type", new.mount_type)
            .arg("mountPath", &new.mount_path)
            .arg("serviceId", new.owner.id())
            .arg("serviceType", new.owner.service_type());
        if let Some(v) = &new.volume_name {
            call = call.arg("volumeName", v);
        }
        if let Some(v) = &new.host_path {
            call = call.arg("hostPath", v);
        }
        if let Some(v) = &new.file_path {
            call = call.arg("filePath", v);
        }
        if let Some(v) = &new.content {
            call = call.arg("content", v.expose());
        }
        call.send().decode().await
    }

    /// Changes a mount to what `new` says (its owner is not changed). Dokploy answers with the
    /// row as it was *before* the change (recording 365), so this reads it back.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{MountOwner, NewMount};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let web = MountOwner::Application(app_id);
    /// let id = client.mounts().create(NewMount::volume(web.clone(), "data", "/data")).await?.mount_id;
    /// let mount = client.mounts().update(&id, NewMount::volume(web, "data", "/var/data")).await?;
    /// assert_eq!(mount.mount_path, "/var/data");
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, mount_id: &str, new: NewMount) -> Result<Mount> {
        let nullable = |v: &Option<String>| v.clone().map_or(serde_json::Value::Null, Into::into);
        self.client
            .call("mounts.update")
            .arg("mountId", mount_id)
            .arg("type", new.mount_type)
            .arg("mountPath", &new.mount_path)
            .arg("volumeName", nullable(&new.volume_name))
            .arg("hostPath", nullable(&new.host_path))
            .arg("filePath", nullable(&new.file_path))
            .arg(
                "content",
                new.content
                    .as_ref()
                    .map_or(serde_json::Value::Null, |c| c.expose().into()),
            )
            .send()
            .body()
            .await?;
        self.one(mount_id).await
    }

    /// Removes a mount (a volume's data stays on the host). Returns it as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{MountOwner, NewMount};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let web = MountOwner::Application(app_id);
    /// let id = client.mounts().create(NewMount::volume(web.clone(), "data", "/data")).await?.mount_id;
    /// assert_eq!(client.mounts().remove(&id).await?.mount_path, "/data");
    /// assert!(client.mounts().of(&web).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, mount_id: &str) -> Result<Mount> {
        self.client
            .call("mounts.remove")
            .arg("mountId", mount_id)
            .send()
            .decode()
            .await
    }
}
