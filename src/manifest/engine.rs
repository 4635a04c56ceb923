//! [`Engine`]: plan, apply and export from a [`Client`] — the one place the steps are put
//! together (resolve secrets, read live state, diff, execute).

use super::apply::{self, ApplyOptions, ApplyReport};
use super::desired::Desired;
use super::diff::{self, Planned};
use super::export::{self, Export, ExportOptions};
use super::live::Live;
use super::load::Manifest;
use super::observe::Observed;
use super::plan::{PLAN_FORMAT, Plan};
use super::problem::{ManifestError, Problem};
use super::secrets::Secrets;
use crate::{Client, Result};

impl Client {
    /// Dokploy as code: plan and apply a [`Manifest`], export live state as one.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::manifest::{ApplyOptions, Manifest};
    /// let manifest = Manifest::from_yaml("dokploy.yaml", "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n")?;
    /// let plan = client.manifest().plan(&manifest).await?;
    /// assert_eq!(plan.summary().create, 1);
    /// let report = client.manifest().apply_plan(&manifest, &plan, ApplyOptions::default()).await?;
    /// assert!(report.succeeded());
    /// assert!(!client.manifest().plan(&manifest).await?.has_changes());
    /// # Ok(()) }
    /// ```
    pub fn manifest(&self) -> Engine<'_> {
        Engine {
            client: self,
            secrets: Secrets::from_env(),
        }
    }
}

/// Plans, applies and exports manifests against one Dokploy; from [`Client::manifest`].
/// Secret references are resolved with [`Secrets::from_env`] unless [`Engine::secrets`] says
/// otherwise.
#[derive(Debug)]
pub struct Engine<'a> {
    client: &'a Client,
    secrets: Secrets,
}

/// The reads and the plan made from them (what apply executes).
struct Prepared {
    live: Live,
    observed: Observed,
    planned: Planned,
}

impl Engine<'_> {
    /// Resolves secret references with `secrets`.
    ///
    /// ```
    /// # let client = dokploy::Client::new("https://dokploy.example.com", "key").unwrap();
    /// let engine = client.manifest().secrets(dokploy::manifest::Secrets::isolated().var("DB_PASSWORD", "s3cret"));
    /// # let _ = engine;
    /// ```
    pub fn secrets(mut self, secrets: Secrets) -> Self {
        self.secrets = secrets;
        self
    }

    async fn prepare(&self, manifest: &Manifest) -> Result<Prepared> {
        // Every secret resolved (and every problem found) before a request is sent.
        let desired = Desired::build(manifest, &self.secrets)?;
        let declared: Vec<String> = manifest.projects().iter().map(|p| p.name.clone()).collect();
        let live = Live::read(self.client, |p| declared.contains(&p.name)).await?;
        let observed = Observed::build(&live);
        let planned = diff::plan(manifest, &desired, &live, &observed, self.client.base_url())?;
        Ok(Prepared {
            live,
            observed,
            planned,
        })
    }

    /// The plan that makes Dokploy match `manifest`. Nothing is changed. Fails before
    /// anything is sent for an unusable manifest (an unresolvable secret), and after reading
    /// for a reference to nothing (a destination, a server, a git provider) or a name two live
    /// resources share.
    pub async fn plan(&self, manifest: &Manifest) -> Result<Plan> {
        Ok(self.prepare(manifest).await?.planned.plan)
    }

    /// Plans and applies at once (what `dokploy apply -f dokploy.yaml` does after asking).
    /// Returns the plan it applied and the report.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::manifest::{ApplyOptions, Manifest};
    /// let manifest = Manifest::from_yaml("m.yaml", "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n")?;
    /// let (plan, report) = client.manifest().apply(&manifest, ApplyOptions::default()).await?;
    /// assert_eq!((plan.summary().create, report.applied()), (1, 1));
    /// # Ok(()) }
    /// ```
    pub async fn apply(
        &self,
        manifest: &Manifest,
        mut options: ApplyOptions<'_>,
    ) -> Result<(Plan, ApplyReport)> {
        let prepared = self.prepare(manifest).await?;
        let report = self.execute(&prepared, &mut options).await;
        Ok((prepared.planned.plan, report))
    }

    /// Applies a plan made earlier (by [`Engine::plan`], maybe saved as JSON), after checking
    /// that it is still what planning now would give: the same Dokploy, the same manifest
    /// files, the same live state, the same changes. A stale plan is refused before anything
    /// is sent.
    pub async fn apply_plan(
        &self,
        manifest: &Manifest,
        saved: &Plan,
        mut options: ApplyOptions<'_>,
    ) -> Result<ApplyReport> {
        let stale = |why: String| -> crate::Error {
            ManifestError::one(Problem::general(format!(
                "the saved plan is stale: {why}; make a new plan"
            )))
            .into()
        };
        if saved.format != PLAN_FORMAT {
            return Err(stale(format!(
                "it is of format {} and this release reads format {PLAN_FORMAT}",
                saved.format
            )));
        }
        if saved.dokploy != self.client.base_url() {
            return Err(stale(format!(
                "it was made against {} and this client talks to {}",
                saved.dokploy,
                self.client.base_url()
            )));
        }
        let prepared = self.prepare(manifest).await?;
        let now = &prepared.planned.plan;
        for (was, is) in saved.manifest.iter().zip(&now.manifest) {
            if was.path != is.path || was.sha256 != is.sha256 {
                return Err(stale(format!(
                    "the manifest file {} changed since",
                    was.path
                )));
            }
        }
        if saved.manifest.len() != now.manifest.len() {
            return Err(stale("the manifest has other files now".into()));
        }
        if saved.state != now.state {
            return Err(stale("Dokploy's state changed since it was made".into()));
        }
        if saved.changes != now.changes {
            return Err(stale(
                "its changes differ from a plan made now (a secret reference resolves to another value)"
                    .into(),
            ));
        }
        Ok(self.execute(&prepared, &mut options).await)
    }

    async fn execute(&self, prepared: &Prepared, options: &mut ApplyOptions<'_>) -> ApplyReport {
        let observed: Vec<&super::nodes::Item> = prepared
            .observed
            .projects
            .iter()
            .chain(&prepared.observed.destinations)
            .chain(&prepared.observed.notifications)
            .collect();
        apply::execute(
            self.client,
            &prepared.live,
            &observed,
            &prepared.planned,
            options,
        )
        .await
    }

    /// The live state as a manifest (one project, or everything).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::manifest::ExportOptions;
    /// client.projects().create("shop", Some("the shop")).await?;
    /// let export = client.manifest().export(&ExportOptions { project: Some("shop".into()) }).await?;
    /// assert!(export.yaml.contains("name: shop"), "{}", export.yaml);
    /// # Ok(()) }
    /// ```
    pub async fn export(&self, options: &ExportOptions) -> Result<Export> {
        let wanted = options.project.clone();
        let live = Live::read(self.client, |p| {
            wanted.as_ref().is_none_or(|n| &p.name == n)
        })
        .await?;
        if let Some(name) = &options.project
            && !live.projects.iter().any(|p| &p.name == name)
        {
            return Err(crate::LookupError::NotFound {
                what: "project",
                wanted: name.clone(),
                available: live.projects.iter().map(|p| p.name.clone()).collect(),
            }
            .into());
        }
        export::export(&live, options)
    }
}
