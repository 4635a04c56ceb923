//! Redirects of applications (Traefik middlewares).

use crate::models::Redirect;
use crate::{Client, Result};

/// Typed redirect methods; from [`Client::redirects`]. An application's redirects are listed
/// by `application.one` ([`Application::redirects`](crate::models::Application::redirects)).
///
/// Dokploy writes each change into Traefik's `middlewares.yml` too: where that file does not
/// exist (a development install), `update` and `delete` change the row and then answer 400
/// "File not found" (recordings 370, 392).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// client.redirects().create(&app_id, "^/old/(.*)", "/new/$1", true).await?;
/// assert_eq!(client.applications().one(&app_id).await?.redirects[0].replacement, "/new/$1");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Redirects<'a> {
    client: &'a Client,
}

impl<'a> Redirects<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Adds a redirect to an application (Dokploy answers `true`, not the row).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// client.redirects().create(&app_id, "^http://old.example.com/(.*)", "https://new.example.com/$1", true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        application_id: &str,
        regex: &str,
        replacement: &str,
        permanent: bool,
    ) -> Result<()> {
        self.client
            .call("redirects.create")
            .arg("applicationId", application_id)
            .arg("regex", regex)
            .arg("replacement", replacement)
            .arg("permanent", permanent)
            .send()
            .body()
            .await?
            .expect_done()
    }

    /// Changes a redirect; returns it as it is now.
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let r = client.redirects().update("redirect-id", "^/old/(.*)", "/new/$1", false).await?;
    /// assert!(!r.permanent);
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        redirect_id: &str,
        regex: &str,
        replacement: &str,
        permanent: bool,
    ) -> Result<Redirect> {
        self.client
            .call("redirects.update")
            .arg("redirectId", redirect_id)
            .arg("regex", regex)
            .arg("replacement", replacement)
            .arg("permanent", permanent)
            .send()
            .decode()
            .await
    }

    /// Removes a redirect. Returns it as it was.
    ///
    /// ```no_run
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let gone = client.redirects().delete("redirect-id").await?;
    /// println!("removed {}", gone.regex);
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, redirect_id: &str) -> Result<Redirect> {
        self.client
            .call("redirects.delete")
            .arg("redirectId", redirect_id)
            .send()
            .decode()
            .await
    }
}
