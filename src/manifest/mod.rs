//! Dokploy as code: a manifest (`dokploy.yaml`, one file or a directory) describes projects,
//! environments, services and their children, backups, destinations and notifications; this
//! module owns reading it (unknown keys are errors with the nearest valid key; secrets are
//! references) and its JSON Schema; the engine that plans and applies it comes next.
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

mod load;
mod problem;
mod schema;
mod secrets;
mod spec;

pub use load::{Manifest, SourceFile};
pub use problem::{ManifestError, Problem};
pub use schema::{json_schema, json_schema_text};
pub use secrets::Secrets;
pub use spec::*;
