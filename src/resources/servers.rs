//! Remote servers.
//!
//! `server.update` requires every field on every call, and its `enableDockerCleanup` defaults to
//! `true` when left out: [`Servers::update`] reads the server first and sends what it has, so
//! only what the caller changes changes.

use crate::models::{Server, ServerStatus, ServerType};
use crate::redact::Secret;
use crate::required;
use crate::{Client, Error, ResponseExt, Result};

/// Typed server methods; from [`Client::servers`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewServer;
/// let servers = client.servers();
/// let edge = servers.create(NewServer::new("edge-1", "203.0.113.7", "root")).await?;
/// assert_eq!(servers.all().await?[0].server_id, edge.server_id);
/// servers.remove(&edge.server_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Servers<'a> {
    client: &'a Client,
}

/// A server to register. The struct is `#[non_exhaustive]`: start from [`NewServer::new`] and
/// set fields.
///
/// ```
/// use dokploy::models::ServerType;
/// use dokploy::resources::NewServer;
/// let mut new = NewServer::new("builder-1", "203.0.113.8", "deploy");
/// new.server_type = ServerType::Build;
/// new.port = 2222;
/// new.ssh_key_id = Some("ssh-key-id".to_string());
/// new.enable_docker_cleanup = false;
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewServer {
    /// The name.
    pub name: String,
    /// The address.
    pub ip_address: String,
    /// The SSH port.
    pub port: u16,
    /// The SSH user.
    pub username: String,
    /// Deploy or build server.
    pub server_type: ServerType,
    /// The description.
    pub description: Option<String>,
    /// The SSH key Dokploy connects with (from [`SshKeys`](super::SshKeys)).
    pub ssh_key_id: Option<String>,
    /// Whether Dokploy prunes Docker on it daily (Dokploy's default: `true`).
    pub enable_docker_cleanup: bool,
}

impl NewServer {
    /// A deploy server reached as `username@ip_address:22`.
    ///
    /// ```
    /// use dokploy::models::ServerType;
    /// use dokploy::resources::NewServer;
    /// let new = NewServer::new("edge-1", "203.0.113.7", "root");
    /// assert_eq!((new.port, new.server_type), (22, ServerType::Deploy));
    /// assert_eq!(new.ssh_key_id, None);
    /// assert!(new.enable_docker_cleanup);
    /// ```
    pub fn new(
        name: impl Into<String>,
        ip_address: impl Into<String>,
        username: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            ip_address: ip_address.into(),
            port: 22,
            username: username.into(),
            server_type: ServerType::Deploy,
            description: None,
            ssh_key_id: None,
            enable_docker_cleanup: true,
        }
    }

    /// Sets the SSH key Dokploy connects with.
    ///
    /// ```
    /// let new = dokploy::resources::NewServer::new("edge-1", "203.0.113.7", "root").ssh_key("k1");
    /// assert_eq!(new.ssh_key_id.as_deref(), Some("k1"));
    /// ```
    pub fn ssh_key(mut self, ssh_key_id: impl Into<String>) -> Self {
        self.ssh_key_id = Some(ssh_key_id.into());
        self
    }
}

/// What to change on a server ([`Servers::update`]); what is not set stays as it is.
///
/// ```
/// use dokploy::resources::ServerUpdate;
/// let changes = ServerUpdate::new().name("edge-2").port(2222);
/// assert_eq!(changes.port, Some(2222));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ServerUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// A new address.
    pub ip_address: Option<String>,
    /// A new SSH port.
    pub port: Option<u16>,
    /// A new SSH user.
    pub username: Option<String>,
    /// A new SSH key (`Some(None)` removes it).
    pub ssh_key_id: Option<Option<String>>,
    /// Deploy or build server.
    pub server_type: Option<ServerType>,
    /// A custom setup command (`""` for Dokploy's own); a [`Secret`], hidden from `Debug`.
    pub command: Option<Secret>,
    /// Whether Dokploy prunes Docker on it daily.
    pub enable_docker_cleanup: Option<bool>,
}

impl ServerUpdate {
    /// No changes yet.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::ServerUpdate::new().name, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Renames the server.
    ///
    /// ```
    /// assert!(dokploy::resources::ServerUpdate::new().name("x").name.is_some());
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the description.
    ///
    /// ```
    /// let c = dokploy::resources::ServerUpdate::new().description("edge in Paris");
    /// assert_eq!(c.description, Some(Some("edge in Paris".to_string())));
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(Some(description.into()));
        self
    }

    /// Sets the address.
    ///
    /// ```
    /// assert!(dokploy::resources::ServerUpdate::new().ip_address("203.0.113.9").ip_address.is_some());
    /// ```
    pub fn ip_address(mut self, ip_address: impl Into<String>) -> Self {
        self.ip_address = Some(ip_address.into());
        self
    }

    /// Sets the SSH port.
    ///
    /// ```
    /// assert_eq!(dokploy::resources::ServerUpdate::new().port(2222).port, Some(2222));
    /// ```
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// Sets the SSH user.
    ///
    /// ```
    /// assert!(dokploy::resources::ServerUpdate::new().username("deploy").username.is_some());
    /// ```
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Sets the SSH key.
    ///
    /// ```
    /// let c = dokploy::resources::ServerUpdate::new().ssh_key("k2");
    /// assert_eq!(c.ssh_key_id, Some(Some("k2".to_string())));
    /// ```
    pub fn ssh_key(mut self, ssh_key_id: impl Into<String>) -> Self {
        self.ssh_key_id = Some(Some(ssh_key_id.into()));
        self
    }

    /// Turns the daily Docker cleanup on or off.
    ///
    /// ```
    /// let c = dokploy::resources::ServerUpdate::new().docker_cleanup(false);
    /// assert_eq!(c.enable_docker_cleanup, Some(false));
    /// ```
    pub fn docker_cleanup(mut self, enabled: bool) -> Self {
        self.enable_docker_cleanup = Some(enabled);
        self
    }
}

impl<'a> Servers<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every server, newest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewServer;
    /// client.servers().create(NewServer::new("edge-1", "203.0.113.7", "root")).await?;
    /// client.servers().create(NewServer::new("edge-2", "203.0.113.9", "root")).await?;
    /// let servers = client.servers().all().await?;
    /// let names: Vec<&str> = servers.iter().map(|s| s.name.as_str()).collect();
    /// assert_eq!(names, ["edge-2", "edge-1"]);
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<Server>> {
        self.client.server_all().send().decode().await
    }

    /// One server.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewServer::new("edge-1", "203.0.113.7", "root");
    /// # let server_id = client.servers().create(new).await?.server_id;
    /// let server = client.servers().one(&server_id).await?;
    /// assert_eq!(server.ip_address.as_deref(), Some("203.0.113.7"));
    /// assert_eq!(server.port, Some(22));
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, server_id: &str) -> Result<Server> {
        self.client
            .server_one()
            .required(required::ServerOne {
                server_id: server_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Registers a server (`description` and `sshKeyId` are always sent, `null` when unset).
    /// An SSH key that does not exist makes Dokploy refuse with 400 "Error creating the server".
    /// The row returned carries the key's id; [`Servers::one`] nests the key itself, without
    /// its private part.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::ServerType;
    /// use dokploy::resources::NewServer;
    /// let new = NewServer::new("edge-1", "203.0.113.7", "root");
    /// let server = client.servers().create(new).await?;
    /// assert_eq!(server.server_type, Some(ServerType::Deploy));
    /// assert_eq!(server.username.as_deref(), Some("root"));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewServer) -> Result<Server> {
        self.client
            .call("server.create")
            .arg("name", &new.name)
            .arg("ipAddress", &new.ip_address)
            .arg("port", new.port)
            .arg("username", &new.username)
            .arg("serverType", new.server_type.as_str())
            .arg("description", &new.description)
            .arg("sshKeyId", &new.ssh_key_id)
            .arg("enableDockerCleanup", new.enable_docker_cleanup)
            .send()
            .decode()
            .await
    }

    /// Changes what `changes` sets and returns the server row. Reads the server first (an
    /// unknown id fails there, 404 "Server not found") because Dokploy requires every field on
    /// every update and would turn the Docker cleanup back on when it is left out. An inactive
    /// server is refused before anything is sent (Dokploy's answer, 404 "Server is inactive",
    /// would read as not-found).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewServer, ServerUpdate};
    /// let mut new = NewServer::new("edge-1", "203.0.113.7", "root");
    /// new.enable_docker_cleanup = false;
    /// let id = client.servers().create(new).await?.server_id;
    /// let server = client.servers().update(&id, ServerUpdate::new().name("edge-2").port(2222)).await?;
    /// assert_eq!((server.name.as_str(), server.port), ("edge-2", Some(2222)));
    /// assert_eq!(server.enable_docker_cleanup, Some(false)); // not changed
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, server_id: &str, changes: ServerUpdate) -> Result<Server> {
        let current = self.one(server_id).await?;
        if current.server_status == Some(ServerStatus::Inactive) {
            // Dokploy would answer 404 "Server is inactive", which reads as not-found.
            return Err(Error::InvalidInput(format!(
                "the server {} ({server_id}) is inactive, and Dokploy does not update inactive servers",
                current.name
            )));
        }
        let port = match changes.port {
            Some(port) => i64::from(port),
            None => current.port.unwrap_or(22),
        };
        let server_type = changes
            .server_type
            .or(current.server_type)
            .unwrap_or(ServerType::Deploy);
        let mut call = self
            .client
            .call("server.update")
            .arg("serverId", server_id)
            .arg("name", changes.name.unwrap_or(current.name))
            .arg(
                "description",
                changes.description.unwrap_or(current.description),
            )
            .arg(
                "ipAddress",
                changes
                    .ip_address
                    .or(current.ip_address)
                    .unwrap_or_default(),
            )
            .arg("port", port)
            .arg(
                "username",
                changes.username.or(current.username).unwrap_or_default(),
            )
            .arg("sshKeyId", changes.ssh_key_id.unwrap_or(current.ssh_key_id))
            .arg("serverType", server_type.as_str());
        if let Some(enabled) = changes
            .enable_docker_cleanup
            .or(current.enable_docker_cleanup)
        {
            call = call.arg("enableDockerCleanup", enabled);
        }
        if let Some(command) = changes.command.or(current.command) {
            call = call.arg("command", command);
        }
        call.send().decode().await
    }

    /// How many servers the API key's user has (`server.count`: across the organizations they
    /// own).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # use dokploy::resources::NewServer;
    /// assert_eq!(client.servers().count().await?, 0);
    /// client.servers().create(NewServer::new("edge-1", "203.0.113.7", "root")).await?;
    /// assert_eq!(client.servers().count().await?, 1);
    /// # Ok(()) }
    /// ```
    pub async fn count(&self) -> Result<u64> {
        self.client.server_count().send().decode().await
    }

    /// Removes a server from Dokploy. **Irreversible.** Dokploy refuses while services still
    /// run on it. Returns the server as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let new = dokploy::resources::NewServer::new("edge-1", "203.0.113.7", "root");
    /// # let server_id = client.servers().create(new).await?.server_id;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// let app = client
    ///     .applications()
    ///     .create_with(&env_id, "web", |b| b.server_id(server_id.clone()))
    ///     .await?;
    /// assert!(client.servers().remove(&server_id).await.is_err()); // the app runs there
    /// client.applications().delete(&app.application_id).await?;
    /// let removed = client.servers().remove(&server_id).await?;
    /// assert_eq!(removed.name, "edge-1");
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, server_id: &str) -> Result<Server> {
        self.client
            .server_remove()
            .required(required::ServerRemove {
                server_id: server_id.into(),
            })
            .send()
            .decode()
            .await
    }
}
