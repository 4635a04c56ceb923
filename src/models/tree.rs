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
/// assert!(text.contains(&format!("   └─ application web [idle] ({})", app.application_id)));
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
            let environments = project.environments.len();
            for (e, env) in project.environments.iter().enumerate() {
                let last_env = e + 1 == environments;
                let count = env.service_count();
                writeln!(
                    f,
                    "{} {}{} ({count} service{}, {})",
                    if last_env { "└─" } else { "├─" },
                    env.name,
                    if env.is_default { " [default]" } else { "" },
                    if count == 1 { "" } else { "s" },
                    env.environment_id
                )?;
                let mut services: Vec<Service<'_>> = Vec::with_capacity(count);
                for app in &env.applications {
                    services.push(Service {
                        kind: "application".into(),
                        name: Some(&app.name),
                        status: app.application_status.as_ref(),
                        id: &app.application_id,
                    });
                }
                for stack in &env.compose {
                    services.push(Service {
                        kind: "compose".into(),
                        name: Some(&stack.name),
                        status: stack.compose_status.as_ref(),
                        id: &stack.compose_id,
                    });
                }
                for db in env.databases() {
                    services.push(Service {
                        kind: db.reference.kind.to_string().into(),
                        name: db.name.as_deref(),
                        status: db.application_status.as_ref(),
                        id: &db.reference.id,
                    });
                }
                // Under the last environment nothing continues on the left.
                let indent = if last_env { "   " } else { "│  " };
                let total = services.len();
                for (i, service) in services.iter().enumerate() {
                    let branch = if i + 1 == total { "└─" } else { "├─" };
                    write!(f, "{indent}{branch} ")?;
                    service.line(f)?;
                }
            }
        }
        Ok(())
    }
}

/// One service line: kind, name, status, id.
struct Service<'a> {
    kind: std::borrow::Cow<'a, str>,
    name: Option<&'a str>,
    status: Option<&'a ServiceStatus>,
    id: &'a str,
}

impl Service<'_> {
    fn line(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(name) = self.name {
            write!(f, " {name}")?;
        }
        if let Some(status) = self.status {
            write!(f, " [{status}]")?;
        }
        writeln!(f, " ({})", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_environment_and_the_last_service_close_their_branch() {
        let projects: Vec<Project> = serde_json::from_value(serde_json::json!([{
            "projectId": "p1", "name": "shop",
            "environments": [
                {"environmentId": "e1", "name": "production", "isDefault": true,
                 "applications": [{"applicationId": "a1", "name": "web", "applicationStatus": "done"}],
                 "compose": [], "postgres": [{"postgresId": "pg1"}]},
                {"environmentId": "e2", "name": "staging", "isDefault": false,
                 "applications": [{"applicationId": "a2", "name": "web", "applicationStatus": "idle"}],
                 "compose": [{"composeId": "c1", "name": "site", "composeStatus": "done"}]}
            ]
        }]))
        .unwrap();
        assert_eq!(
            ProjectTree(&projects).to_string(),
            "shop (p1)\n\
             ├─ production [default] (2 services, e1)\n\
             │  ├─ application web [done] (a1)\n\
             │  └─ postgres (pg1)\n\
             └─ staging (2 services, e2)\n\
             \x20  ├─ application web [idle] (a2)\n\
             \x20  └─ compose site [done] (c1)\n"
        );
    }
}
