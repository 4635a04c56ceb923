//! The tree of projects, environments and services as text, as the tour and `dokploy projects`
//! print it.

use std::fmt;

use super::{Project, ServiceStatus};

/// Projects with their environments and services, one per line, with ids and statuses.
/// Databases show by kind and id only: Dokploy's `project.all` lists nothing else of them.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::models::ProjectTree;
/// let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// let app = client.applications().create(&env_id, "web").await?;
/// let text = ProjectTree(&client.projects().all().await?).to_string();
/// assert!(text.starts_with("shop ("));
/// assert!(text.contains("└─ production [default] (1 service"));
/// assert!(text.contains(&format!("├─ application web [idle] ({})", app.application_id)));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ProjectTree<'a>(pub &'a [Project]);

impl fmt::Display for ProjectTree<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return writeln!(f, "(no projects)");
        }
        for project in self.0 {
            writeln!(f, "{} ({})", project.name, project.project_id)?;
            for env in &project.environments {
                let count = env.service_count();
                writeln!(
                    f,
                    "└─ {}{} ({count} service{}, {})",
                    env.name,
                    if env.is_default { " [default]" } else { "" },
                    if count == 1 { "" } else { "s" },
                    env.environment_id
                )?;
                for app in &env.applications {
                    service(
                        f,
                        "application",
                        Some(&app.name),
                        app.application_status.as_ref(),
                        &app.application_id,
                    )?;
                }
                for stack in &env.compose {
                    service(
                        f,
                        "compose",
                        Some(&stack.name),
                        stack.compose_status.as_ref(),
                        &stack.compose_id,
                    )?;
                }
                for db in env.databases() {
                    let kind = db.reference.kind.to_string();
                    service(
                        f,
                        &kind,
                        db.name.as_deref(),
                        db.application_status.as_ref(),
                        &db.reference.id,
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn service(
    f: &mut fmt::Formatter<'_>,
    kind: &str,
    name: Option<&str>,
    status: Option<&ServiceStatus>,
    id: &str,
) -> fmt::Result {
    write!(f, "   ├─ {kind}")?;
    if let Some(name) = name {
        write!(f, " {name}")?;
    }
    if let Some(status) = status {
        write!(f, " [{status}]")?;
    }
    writeln!(f, " ({id})")
}
