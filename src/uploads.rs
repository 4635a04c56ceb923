//! The two operations progenitor cannot generate (their bodies are `multipart/form-data`),
//! written by hand in the generated builders' style: `client.op().field(..).send()`.
//!
//! Both always go to the **tRPC surface** (`/api/trpc/<procedure>`, the form as the body),
//! whatever the client's [`Transport`](crate::Transport): Dokploy v0.30.2's REST adapter cannot
//! parse a form and answers 500 "Internal server error" (recorded: 445), while the same upload
//! to the tRPC path is accepted and, for `application.dropDeployment`, starts the build at once
//! (431–434). The answer comes back like any other (`true`, or an error with its status and
//! message).
//!
//! ```no_run
//! use dokploy::ResponseExt;
//! # async fn run(client: dokploy::Client) -> Result<(), dokploy::Error> {
//! let zip = std::fs::read("site.zip").expect("read the archive");
//! client
//!     .application_drop_deployment()
//!     .application_id("app-id")
//!     .zip(zip)
//!     .send()
//!     .body()
//!     .await?;
//! # Ok(()) }
//! ```

use std::future::Future;

use bytes::Bytes;
use reqwest::multipart::{Form, Part};

use crate::Client;
use crate::call::execute;
use crate::operations::{self, Operation};
use crate::response::RawResult;

impl Client {
    /// `POST /trpc/application.dropDeployment` (multipart): deploys an application from a zip
    /// archive ("drop" source); answers `true` and the deployment starts (follow it with
    /// [`deployments`](crate::Client::deployments)).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::ResponseExt;
    /// # let env = client.projects().create("shop", None).await?.environment;
    /// # let app = client.applications().create(&env.environment_id, "site").await?;
    /// let zip = b"PK\x03\x04...".to_vec(); // std::fs::read("site.zip")
    /// let started = client
    ///     .application_drop_deployment()
    ///     .application_id(&app.application_id)
    ///     .zip(zip)
    ///     .send()
    ///     .body()
    ///     .await?;
    /// assert_eq!(started.as_bool(), Some(true));
    /// assert_eq!(fake.requests().last().unwrap().path, "/api/trpc/application.dropDeployment");
    /// # Ok(()) }
    /// ```
    pub fn application_drop_deployment(&self) -> ApplicationDropDeployment<'_> {
        ApplicationDropDeployment {
            client: self,
            application_id: None,
            zip: None,
            drop_build_path: None,
        }
    }

    /// `POST /trpc/docker.uploadFileToContainer` (multipart): copies a file into a container;
    /// answers `{"success": true, "message": "File uploaded successfully"}`.
    pub fn docker_upload_file_to_container(&self) -> DockerUploadFileToContainer<'_> {
        DockerUploadFileToContainer {
            client: self,
            container_id: None,
            file: None,
            destination_path: None,
            server_id: None,
        }
    }
}

/// Builder for [`Client::application_drop_deployment`].
#[must_use = "a request does nothing until it is sent"]
pub struct ApplicationDropDeployment<'a> {
    client: &'a Client,
    application_id: Option<String>,
    zip: Option<(String, Bytes)>,
    drop_build_path: Option<String>,
}

impl<'a> ApplicationDropDeployment<'a> {
    /// The application to deploy (required).
    pub fn application_id(mut self, id: impl Into<String>) -> Self {
        self.application_id = Some(id.into());
        self
    }

    /// The zip archive (required), sent as `app.zip`.
    pub fn zip(self, archive: impl Into<Bytes>) -> Self {
        self.zip_named("app.zip", archive)
    }

    /// The zip archive with its file name.
    pub fn zip_named(mut self, file_name: impl Into<String>, archive: impl Into<Bytes>) -> Self {
        self.zip = Some((file_name.into(), archive.into()));
        self
    }

    /// The directory inside the archive to build from.
    pub fn drop_build_path(mut self, path: impl Into<String>) -> Self {
        self.drop_build_path = Some(path.into());
        self
    }

    /// Sends the request; read the answer with [`ResponseExt`](crate::ResponseExt).
    pub fn send(self) -> impl Future<Output = RawResult> + Send + 'a {
        let api = self.client.generated();
        let form = (|| {
            let id = required(self.application_id, "application_id")?;
            let (name, zip) = required(self.zip, "zip")?;
            let mut form = Form::new()
                .text("applicationId", id)
                .part("zip", file_part(name, zip, "application/zip")?);
            if let Some(path) = self.drop_build_path {
                form = form.text("dropBuildPath", path);
            }
            Ok(form)
        })();
        send_form(api, "application.dropDeployment", form)
    }
}

/// Builder for [`Client::docker_upload_file_to_container`].
#[must_use = "a request does nothing until it is sent"]
pub struct DockerUploadFileToContainer<'a> {
    client: &'a Client,
    container_id: Option<String>,
    file: Option<(String, Bytes)>,
    destination_path: Option<String>,
    server_id: Option<String>,
}

impl<'a> DockerUploadFileToContainer<'a> {
    /// The container (required).
    pub fn container_id(mut self, id: impl Into<String>) -> Self {
        self.container_id = Some(id.into());
        self
    }

    /// The file (required) with its name.
    pub fn file(mut self, file_name: impl Into<String>, contents: impl Into<Bytes>) -> Self {
        self.file = Some((file_name.into(), contents.into()));
        self
    }

    /// Where in the container to put it (required).
    pub fn destination_path(mut self, path: impl Into<String>) -> Self {
        self.destination_path = Some(path.into());
        self
    }

    /// The server the container runs on (for remote servers).
    pub fn server_id(mut self, id: impl Into<String>) -> Self {
        self.server_id = Some(id.into());
        self
    }

    /// Sends the request; read the answer with [`ResponseExt`](crate::ResponseExt).
    pub fn send(self) -> impl Future<Output = RawResult> + Send + 'a {
        let api = self.client.generated();
        let form = (|| {
            let id = required(self.container_id, "container_id")?;
            let (name, file) = required(self.file, "file")?;
            let dest = required(self.destination_path, "destination_path")?;
            let mut form = Form::new()
                .text("containerId", id)
                .part("file", file_part(name, file, "application/octet-stream")?)
                .text("destinationPath", dest);
            if let Some(server) = self.server_id {
                form = form.text("serverId", server);
            }
            Ok(form)
        })();
        send_form(api, "docker.uploadFileToContainer", form)
    }
}

fn required<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("no value supplied for {name}"))
}

fn file_part(name: String, contents: Bytes, mime: &str) -> Result<Part, String> {
    Part::stream(contents)
        .file_name(name)
        .mime_str(mime)
        .map_err(|e| format!("invalid content type {mime}: {e}"))
}

async fn send_form(
    api: &crate::generated::Client,
    procedure: &'static str,
    form: Result<Form, String>,
) -> RawResult {
    let op: &'static Operation = operations::find(procedure).ok_or_else(|| {
        progenitor_client::Error::InvalidRequest(format!(
            "the vendored document has no {procedure}"
        ))
    })?;
    let form = form.map_err(progenitor_client::Error::InvalidRequest)?;
    // Always the tRPC path: Dokploy's REST adapter fails on a form (445).
    let request = api
        .client
        .post(format!("{}/trpc{}", api.baseurl, op.path))
        .multipart(form)
        .build()?;
    execute(api, request, op).await
}
