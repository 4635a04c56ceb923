//! Remote servers.

use crate::models::{Server, ServerType};
use crate::{Client, ResponseExt, Result};

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
    /// The SSH key Dokploy connects with.
    pub ssh_key_id: Option<String>,
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
        }
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
            .server_id(server_id)
            .send()
            .decode()
            .await
    }

    /// Registers a server (`description` and `sshKeyId` are always sent, `null` when unset).
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
            .send()
            .decode()
            .await
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
            .body_map(|b| b.server_id(server_id))
            .send()
            .decode()
            .await
    }
}
