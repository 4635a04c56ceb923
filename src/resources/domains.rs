//! Domains.

use crate::models::{CertificateType, Domain, DomainType};
use crate::types::builder::DomainUpdateBody;
use crate::{Client, ResponseExt, Result};

/// Typed domain methods; from [`Client::domains`].
#[derive(Clone, Copy, Debug)]
pub struct Domains<'a> {
    client: &'a Client,
}

/// A domain to create. `domainType` is always sent: without it Dokploy skips its permission
/// check and stores a compose domain as an application one.
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
    pub async fn one(&self, domain_id: &str) -> Result<Domain> {
        self.client
            .domain_one()
            .domain_id(domain_id)
            .send()
            .decode()
            .await
    }

    /// The domains of an application.
    pub async fn by_application(&self, application_id: &str) -> Result<Vec<Domain>> {
        self.client
            .domain_by_application_id()
            .application_id(application_id)
            .send()
            .decode()
            .await
    }

    /// The domains of a compose stack.
    pub async fn by_compose(&self, compose_id: &str) -> Result<Vec<Domain>> {
        self.client
            .domain_by_compose_id()
            .compose_id(compose_id)
            .send()
            .decode()
            .await
    }

    /// Creates a domain (an application's is live at once; a compose one after the next
    /// deploy of the stack).
    ///
    /// ```no_run
    /// use dokploy::resources::NewDomain;
    /// # async fn run(client: dokploy::Client) -> dokploy::Result<()> {
    /// let domain = client
    ///     .domains()
    ///     .create(NewDomain::application("app-id", "shop.example.com", 3000).with_letsencrypt())
    ///     .await?;
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
    pub async fn update(
        &self,
        domain_id: &str,
        host: &str,
        f: impl FnOnce(DomainUpdateBody) -> DomainUpdateBody,
    ) -> Result<Domain> {
        self.client
            .domain_update()
            .body_map(|b| f(b.domain_id(domain_id).host(host)))
            .send()
            .decode()
            .await
    }

    /// Deletes a domain. **Irreversible.** Returns it as it was.
    pub async fn delete(&self, domain_id: &str) -> Result<Domain> {
        self.client
            .domain_delete()
            .body_map(|b| b.domain_id(domain_id))
            .send()
            .decode()
            .await
    }
}
