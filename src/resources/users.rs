//! The caller: its membership (role, organization, API keys), what its role may do, its session.

use crate::models::{Member, Permissions, Session};
use crate::{Client, Result};

/// Typed methods about the caller; from [`Client::users`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let me = client.users().current().await?;
/// println!("{} ({}) in {}", me.user.email.unwrap_or_default(), me.role, me.organization_id);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Users<'a> {
    client: &'a Client,
}

impl<'a> Users<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// The caller's membership in its organization, with the user and its API keys (listed
    /// without the keys themselves). An empty answer (the key's organization has no membership
    /// for its user any more) is a decode error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::MemberRole;
    /// let me = client.users().current().await?;
    /// assert_eq!(me.role, MemberRole::Owner);
    /// assert_eq!(me.user.api_keys.len(), 1); // the key this client uses
    /// # Ok(()) }
    /// ```
    pub async fn current(&self) -> Result<Member> {
        self.client.call("user.get").send().decode().await
    }

    /// What the caller's role may do, by resource and action.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let permissions = client.users().permissions().await?;
    /// assert!(permissions.allows("project", "create"));
    /// # Ok(()) }
    /// ```
    pub async fn permissions(&self) -> Result<Permissions> {
        self.client
            .call("user.getPermissions")
            .send()
            .decode()
            .await
    }

    /// The caller's user id and the organization it acts in.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// let session = client.users().session().await?;
    /// let me = client.users().current().await?;
    /// assert_eq!(session.session.active_organization_id, Some(me.organization_id));
    /// # Ok(()) }
    /// ```
    pub async fn session(&self) -> Result<Session> {
        self.client.call("user.session").send().decode().await
    }
}
