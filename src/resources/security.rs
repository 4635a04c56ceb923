//! HTTP basic-auth users in front of applications.

use crate::{Client, Result};

/// Typed basic-auth methods; from [`Client::security`]. An application's users are listed by
/// `application.one` ([`Application::security`](crate::models::Application::security)).
///
/// Dokploy writes each change into Traefik's `middlewares.yml`: where that file does not exist
/// (a development install), `create` and `update` answer 400 "File not found" and change
/// nothing (recording 371).
///
/// ```no_run
/// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
/// client.security().create("application-id", "admin", "s3cret").await?;
/// let users = client.applications().one("application-id").await?.security;
/// assert_eq!(users[0].username, "admin");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SecurityUsers<'a> {
    client: &'a Client,
}

impl<'a> SecurityUsers<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Adds a user (Dokploy answers `true`, not the row).
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// client.security().create("application-id", "admin", "s3cret").await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, application_id: &str, username: &str, password: &str) -> Result<()> {
        self.client
            .call("security.create")
            .arg("applicationId", application_id)
            .arg("username", username)
            .arg("password", password)
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Changes a user's name and password (Dokploy answers with nothing).
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// client.security().update("security-id", "admin", "n3w-s3cret").await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, security_id: &str, username: &str, password: &str) -> Result<()> {
        self.client
            .call("security.update")
            .arg("securityId", security_id)
            .arg("username", username)
            .arg("password", password)
            .send()
            .body()
            .await?;
        Ok(())
    }

    /// Removes a user.
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// client.security().delete("security-id").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, security_id: &str) -> Result<()> {
        self.client
            .call("security.delete")
            .arg("securityId", security_id)
            .send()
            .body()
            .await?;
        Ok(())
    }
}
