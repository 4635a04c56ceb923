//! Dokploy as code: a manifest (`dokploy.yaml`, one file or a directory) describes projects,
//! environments, services and their children, backups, destinations and notifications; this
//! module owns reading it (unknown keys are errors with the nearest valid key; secrets are
//! references), its JSON Schema, and the one engine that turns it into a typed, redacted
//! [`Plan`] against the live state, applies that plan in dependency order, and
//! exports live state back into a manifest. It reads and writes Dokploy only through the typed
//! layer ([`crate::resources`]) and batches its reads.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let fake = dokploy::fake::FakeDokploy::start().await?;
//! # let client = fake.client();
//! use dokploy::manifest::Manifest;
//! let manifest = Manifest::from_yaml("dokploy.yaml", r#"
//! apiVersion: dokploy/v1
//! projects:
//!   - name: shop
//!     environments:
//!       - name: production
//!         applications:
//!           - name: web
//!             image: nginx:alpine
//! "#)?;
//! let problems = manifest.warnings();
//! assert!(problems.is_empty());
//! # Ok(()) }
//! ```

mod apply;
mod desired;
mod diff;
mod engine;
mod export;
mod live;
mod load;
mod nodes;
mod observe;
mod plan;
mod problem;
mod schema;
mod secrets;
mod spec;
mod tree;

pub use apply::{ApplyEvent, ApplyOptions, ApplyReport, StepOutcome, StepResult};
pub use engine::Engine;
pub use export::{Export, ExportOptions};
pub use load::{Manifest, SourceFile};
pub use observe::{OWNERSHIP_MARKER, OWNERSHIP_TAG};
pub use plan::{Action, Change, FieldChange, Kind, PLAN_FORMAT, Plan, PlannedFile, Summary};
pub use problem::{ManifestError, Problem};
pub use schema::{json_schema, json_schema_text};
pub use secrets::Secrets;
pub use spec::*;
