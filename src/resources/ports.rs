//! Published ports of applications.

use crate::models::Port;
use crate::{Client, Result};

/// Typed port methods; from [`Client::ports`]. An application's ports are listed by
/// `application.one` ([`Application::ports`](crate::models::Application::ports)).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewPort;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// client.ports().create(&app_id, NewPort::tcp(8080, 80)).await?;
/// assert_eq!(client.applications().one(&app_id).await?.ports[0].published_port, 8080);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Ports<'a> {
    client: &'a Client,
}

/// A port's settings.
///
/// ```
/// let udp = dokploy::resources::NewPort::tcp(5353, 53).udp().host_mode();
/// assert_eq!((udp.protocol, udp.publish_mode), ("udp", "host"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewPort {
    /// The port on the host.
    pub published_port: u16,
    /// The port in the container.
    pub target_port: u16,
    /// `tcp` or `udp`.
    pub protocol: &'static str,
    /// `ingress` or `host`.
    pub publish_mode: &'static str,
}

impl NewPort {
    /// TCP through Swarm's routing mesh (Dokploy's defaults).
    pub fn tcp(published_port: u16, target_port: u16) -> Self {
        Self {
            published_port,
            target_port,
            protocol: "tcp",
            publish_mode: "ingress",
        }
    }

    /// UDP instead of TCP.
    pub fn udp(mut self) -> Self {
        self.protocol = "udp";
        self
    }

    /// Published on the node's port directly (`host` mode).
    pub fn host_mode(mut self) -> Self {
        self.publish_mode = "host";
        self
    }

    /// Sets the protocol (`tcp` or `udp`).
    pub fn protocol(mut self, protocol: &'static str) -> Self {
        self.protocol = protocol;
        self
    }

    /// Sets the publish mode (`ingress` or `host`).
    pub fn publish_mode(mut self, mode: &'static str) -> Self {
        self.publish_mode = mode;
        self
    }
}

impl<'a> Ports<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Publishes a port of an application (applied on its next deploy).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let port = client.ports().create(&app_id, dokploy::resources::NewPort::tcp(8080, 80)).await?;
    /// assert_eq!(port.protocol.as_deref(), Some("tcp"));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, application_id: &str, new: NewPort) -> Result<Port> {
        self.client
            .call("port.create")
            .arg("applicationId", application_id)
            .arg("publishedPort", new.published_port)
            .arg("targetPort", new.target_port)
            .arg("protocol", new.protocol)
            .arg("publishMode", new.publish_mode)
            .send()
            .decode()
            .await
    }

    /// Changes a port.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewPort;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let id = client.ports().create(&app_id, NewPort::tcp(8080, 80)).await?.port_id;
    /// let port = client.ports().update(&id, NewPort::tcp(8081, 80).udp()).await?;
    /// assert_eq!((port.published_port, port.protocol.as_deref()), (8081, Some("udp")));
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, port_id: &str, new: NewPort) -> Result<Port> {
        self.client
            .call("port.update")
            .arg("portId", port_id)
            .arg("publishedPort", new.published_port)
            .arg("targetPort", new.target_port)
            .arg("protocol", new.protocol)
            .arg("publishMode", new.publish_mode)
            .send()
            .decode()
            .await
    }

    /// Removes a port. Returns it as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let id = client.ports().create(&app_id, dokploy::resources::NewPort::tcp(8080, 80)).await?.port_id;
    /// assert_eq!(client.ports().delete(&id).await?.published_port, 8080);
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, port_id: &str) -> Result<Port> {
        self.client
            .call("port.delete")
            .arg("portId", port_id)
            .send()
            .decode()
            .await
    }
}
