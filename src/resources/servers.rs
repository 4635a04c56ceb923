//! Remote servers.

use crate::models::{Server, ServerType};
use crate::{Client, ResponseExt, Result};

/// Typed server methods; from [`Client::servers`].
#[derive(Clone, Copy, Debug)]
pub struct Servers<'a> {
    client: &'a Client,
}

/// A server to register.
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
    pub async fn all(&self) -> Result<Vec<Server>> {
        self.client.server_all().send().decode().await
    }

    /// One server.
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
    /// ```no_run
    /// use dokploy::resources::NewServer;
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let server = client.servers().create(NewServer::new("edge-1", "203.0.113.7", "root")).await?;
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

    /// Removes a server from Dokploy. **Irreversible.**
    pub async fn remove(&self, server_id: &str) -> Result<Server> {
        self.client
            .server_remove()
            .body_map(|b| b.server_id(server_id))
            .send()
            .decode()
            .await
    }
}
