//! The Docker engine behind the fake, for the commands Dokploy runs while a request waits
//! (database deploys, `compose.start`/`stop`): they succeed, or fail with Docker's own words
//! when [`DockerEngine::Unreachable`].

use super::DockerEngine;
use super::state::State;

/// What the docker CLI prints when it cannot reach the daemon.
const UNREACHABLE: &str = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon \
     running?\n";

/// Runs a shell `command` the way Dokploy's `execAsync` does: on failure, the message Dokploy
/// puts in its 500 ("Command execution failed: Command failed: <command>\n<stderr>").
pub(crate) fn exec(st: &State, command: &str) -> Result<(), String> {
    match st.docker {
        DockerEngine::Running => Ok(()),
        DockerEngine::Unreachable => Err(format!(
            "Command execution failed: Command failed: {command}\n{UNREACHABLE}"
        )),
    }
}

/// Talks to the daemon through its API (pulling an image, creating a service): on failure, the
/// error as JavaScript prints it (`Error: …`).
pub(crate) fn api(st: &State) -> Result<(), String> {
    match st.docker {
        DockerEngine::Running => Ok(()),
        DockerEngine::Unreachable => Err(format!("Error: {UNREACHABLE}")),
    }
}

/// A container of a service running on the fake's engine: one per application or database
/// (a swarm service with one task), one per service of a compose stack.
#[derive(Clone, Debug)]
pub(crate) struct Container {
    /// The short native id (12 hex digits), as `docker ps` shows it.
    pub(crate) id: String,
    /// The container's name: `<appName>.1.<task>`, `<appName>-<service>-1` (compose) or
    /// `<appName>_<service>.1.<task>` (a compose stack deployed as a swarm stack).
    pub(crate) name: String,
    /// The swarm task id (25 characters), for a service's task.
    pub(crate) task: String,
    /// The swarm service's name (the appName), or the compose project's.
    pub(crate) service: String,
    /// Compose: the project's name, for `--filter label=com.docker.compose.project=…`.
    pub(crate) compose_project: Option<String>,
    /// When it started (ms since the epoch).
    pub(crate) since: i64,
}

/// Every container running on the engine.
pub(crate) fn containers(st: &State) -> Vec<Container> {
    let mut out = Vec::new();
    for service in &st.engine {
        let since = st
            .engine_since
            .get(&service.service_id)
            .copied()
            .unwrap_or_else(super::ids::now_millis);
        let app = &service.app_name;
        if service.router != "compose" {
            let task = hashed(app, 25, "0123456789abcdefghijklmnopqrstuvwxyz");
            out.push(Container {
                id: hashed(&format!("{app}.1"), 12, "0123456789abcdef"),
                name: format!("{app}.1.{task}"),
                task,
                service: app.clone(),
                compose_project: None,
                since,
            });
            continue;
        }
        let row = st.compose.get(&service.service_id);
        let file = st
            .compose_on_disk
            .get(&service.service_id)
            .cloned()
            .or_else(|| row.and_then(|r| super::state::str_of(r, "composeFile")))
            .unwrap_or_default();
        let stack = row
            .and_then(|r| super::state::str_of(r, "composeType"))
            .as_deref()
            == Some("stack");
        for name in super::compose_file::service_names(&file) {
            let task = hashed(
                &format!("{app}_{name}"),
                25,
                "0123456789abcdefghijklmnopqrstuvwxyz",
            );
            let container = if stack {
                format!("{app}_{name}.1.{task}")
            } else {
                format!("{app}-{name}-1")
            };
            out.push(Container {
                id: hashed(&container, 12, "0123456789abcdef"),
                name: container,
                task,
                service: format!("{app}_{name}"),
                compose_project: Some(app.clone()),
                since,
            });
        }
    }
    out
}

/// `len` characters from `alphabet`, the same for the same `seed` (FNV-1a, stretched).
fn hashed(seed: &str, len: usize, alphabet: &str) -> String {
    let alphabet = alphabet.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = String::with_capacity(len);
    for round in 0..len {
        for byte in seed.bytes().chain([round as u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.push(alphabet[(hash % alphabet.len() as u64) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::DeployOutcome;

    #[test]
    fn an_unreachable_engine_fails_with_the_command_and_dockers_complaint() {
        let mut st = State::new(DeployOutcome::Done);
        assert_eq!(exec(&st, "docker compose -p x stop"), Ok(()));
        assert_eq!(api(&st), Ok(()));
        st.docker = DockerEngine::Unreachable;
        let e = exec(&st, "docker compose -p x stop").unwrap_err();
        assert!(
            e.starts_with(
                "Command execution failed: Command failed: docker compose -p x stop\nCannot connect"
            ),
            "{e}"
        );
        assert_eq!(
            api(&st).unwrap_err(),
            "Error: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the \
             docker daemon running?\n"
        );
    }
}
