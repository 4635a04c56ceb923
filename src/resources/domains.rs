//! Domains.

use crate::models::{CertificateType, Domain, DomainType};
use crate::required;
use crate::types::builder::DomainUpdateBody;
use crate::{Client, ResponseExt, Result};

/// Typed domain methods; from [`Client::domains`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::NewDomain;
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let domains = client.domains();
/// domains.create(NewDomain::application(&app_id, "shop.example.com", 3000)).await?;
/// domains.create(NewDomain::application(&app_id, "www.shop.example.com", 3000)).await?;
/// assert_eq!(domains.by_application(&app_id).await?.len(), 2);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Domains<'a> {
    client: &'a Client,
}

/// A domain to create. `domainType` is always sent: without it Dokploy skips its permission
/// check and stores a compose domain as an application one. The struct is `#[non_exhaustive]`:
/// start from [`NewDomain::application`] or [`NewDomain::compose`] and set fields.
///
/// ```
/// use dokploy::resources::NewDomain;
/// let mut new = NewDomain::application("application-id", "shop.example.com", 3000);
/// new.path = Some("/api".to_string());
/// assert_eq!(new.https, None); // Dokploy's default: off
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewDomain {
    /// The host name (no spaces around it).
    pub host: String,
    /// What it routes to.
    pub domain_type: DomainType,
    /// The application, for an application domain.
    pub application_id: Option<String>,
    /// The compose stack, for a compose domain.
    pub compose_id: Option<String>,
    /// The compose service, for a compose domain.
    pub service_name: Option<String>,
    /// The container port (1-65535).
    pub port: Option<u16>,
    /// The path prefix.
    pub path: Option<String>,
    /// HTTPS on or off.
    pub https: Option<bool>,
    /// The certificate (Dokploy does not check that `https` has one).
    pub certificate_type: Option<CertificateType>,
}

impl NewDomain {
    /// `host` routed to an application's `port`.
    ///
    /// ```
    /// use dokploy::models::DomainType;
    /// use dokploy::resources::NewDomain;
    /// let new = NewDomain::application("application-id", "shop.example.com", 3000);
    /// assert_eq!(new.domain_type, DomainType::Application);
    /// assert_eq!(new.port, Some(3000));
    /// ```
    pub fn application(
        application_id: impl Into<String>,
        host: impl Into<String>,
        port: u16,
    ) -> Self {
        Self {
            host: host.into(),
            domain_type: DomainType::Application,
            application_id: Some(application_id.into()),
            compose_id: None,
            service_name: None,
            port: Some(port),
            path: None,
            https: None,
            certificate_type: None,
        }
    }

    /// `host` routed to `service` of a compose stack on `port` (applied on the next deploy).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDomain;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let new = NewDomain::compose(&stack_id, "web", "site.example.com", 80);
    /// let domain = client.domains().create(new).await?;
    /// assert_eq!(domain.service_name.as_deref(), Some("web"));
    /// # Ok(()) }
    /// ```
    pub fn compose(
        compose_id: impl Into<String>,
        service: impl Into<String>,
        host: impl Into<String>,
        port: u16,
    ) -> Self {
        Self {
            host: host.into(),
            domain_type: DomainType::Compose,
            application_id: None,
            compose_id: Some(compose_id.into()),
            service_name: Some(service.into()),
            port: Some(port),
            path: None,
            https: None,
            certificate_type: None,
        }
    }

    /// HTTPS with a Let's Encrypt certificate.
    ///
    /// ```
    /// use dokploy::models::CertificateType;
    /// use dokploy::resources::NewDomain;
    /// let new = NewDomain::application("app-id", "shop.example.com", 3000).with_letsencrypt();
    /// assert_eq!(new.https, Some(true));
    /// assert_eq!(new.certificate_type, Some(CertificateType::Letsencrypt));
    /// ```
    pub fn with_letsencrypt(mut self) -> Self {
        self.https = Some(true);
        self.certificate_type = Some(CertificateType::Letsencrypt);
        self
    }
}

impl<'a> Domains<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// One domain.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # let new = dokploy::resources::NewDomain::application(&app_id, "shop.example.com", 3000);
    /// # let domain_id = client.domains().create(new).await?.domain_id;
    /// let domain = client.domains().one(&domain_id).await?;
    /// assert_eq!((domain.host.as_str(), domain.port), ("shop.example.com", Some(3000)));
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, domain_id: &str) -> Result<Domain> {
        self.client
            .domain_one()
            .required(required::DomainOne {
                domain_id: domain_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// The domains of an application, each with the application's names (`application`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # let new = dokploy::resources::NewDomain::application(&app_id, "shop.example.com", 3000);
    /// # let domain_id = client.domains().create(new).await?.domain_id;
    /// let domains = client.domains().by_application(&app_id).await?;
    /// assert_eq!(domains[0].host, "shop.example.com");
    /// assert_eq!(domains[0].service.as_ref().unwrap().name.as_deref(), Some("web"));
    /// # Ok(()) }
    /// ```
    pub async fn by_application(&self, application_id: &str) -> Result<Vec<Domain>> {
        self.client
            .domain_by_application_id()
            .required(required::DomainByApplicationId {
                application_id: application_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// The domains of a compose stack.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::NewDomain;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let yaml = "services:\n  web:\n    image: nginx:alpine\n";
    /// # let new = dokploy::resources::NewCompose::from_yaml(&env_id, "site", yaml);
    /// # let stack_id = client.compose().create(new).await?.compose_id;
    /// let new = NewDomain::compose(&stack_id, "web", "site.example.com", 80);
    /// client.domains().create(new).await?;
    /// let domains = client.domains().by_compose(&stack_id).await?;
    /// assert_eq!(domains[0].service_name.as_deref(), Some("web"));
    /// # Ok(()) }
    /// ```
    pub async fn by_compose(&self, compose_id: &str) -> Result<Vec<Domain>> {
        self.client
            .domain_by_compose_id()
            .required(required::DomainByComposeId {
                compose_id: compose_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Creates a domain (an application's is live at once; a compose one after the next
    /// deploy of the stack).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::DomainType;
    /// use dokploy::resources::NewDomain;
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let domain = client
    ///     .domains()
    ///     .create(NewDomain::application(&app_id, "shop.example.com", 3000).with_letsencrypt())
    ///     .await?;
    /// assert!(domain.https);
    /// assert_eq!(domain.domain_type, Some(DomainType::Application));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewDomain) -> Result<Domain> {
        let mut call = self
            .client
            .call("domain.create")
            .arg("host", &new.host)
            .arg("domainType", new.domain_type.as_str());
        if let Some(id) = &new.application_id {
            call = call.arg("applicationId", id);
        }
        if let Some(id) = &new.compose_id {
            call = call.arg("composeId", id);
        }
        if let Some(service) = &new.service_name {
            call = call.arg("serviceName", service);
        }
        if let Some(port) = new.port {
            call = call.arg("port", port);
        }
        if let Some(path) = &new.path {
            call = call.arg("path", path);
        }
        if let Some(https) = new.https {
            call = call.arg("https", https);
        }
        if let Some(cert) = &new.certificate_type {
            call = call.arg("certificateType", cert.as_str());
        }
        call.send().decode().await
    }

    /// Updates a domain: `host` is required by Dokploy on every update; `f` sets the rest.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # let new = dokploy::resources::NewDomain::application(&app_id, "shop.example.com", 3000);
    /// # let domain_id = client.domains().create(new).await?.domain_id;
    /// let domain = client
    ///     .domains()
    ///     .update(&domain_id, "shop.example.com", |b| b.path("/shop".to_string()))
    ///     .await?;
    /// assert_eq!(domain.path.as_deref(), Some("/shop"));
    /// assert_eq!(domain.port, Some(3000)); // not sent, so unchanged
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        domain_id: &str,
        host: &str,
        f: impl FnOnce(DomainUpdateBody) -> DomainUpdateBody,
    ) -> Result<Domain> {
        self.client
            .domain_update()
            .required(required::DomainUpdate {
                domain_id: domain_id.into(),
                host: host.into(),
            })
            .body_map(f)
            .send()
            .decode()
            .await
    }

    /// Deletes a domain. **Irreversible.** Returns it as it was.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// # let new = dokploy::resources::NewDomain::application(&app_id, "shop.example.com", 3000);
    /// # let domain_id = client.domains().create(new).await?.domain_id;
    /// let deleted = client.domains().delete(&domain_id).await?;
    /// assert_eq!(deleted.host, "shop.example.com");
    /// assert!(client.domains().by_application(&app_id).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, domain_id: &str) -> Result<Domain> {
        self.client
            .domain_delete()
            .required(required::DomainDelete {
                domain_id: domain_id.into(),
            })
            .send()
            .decode()
            .await
    }
}
