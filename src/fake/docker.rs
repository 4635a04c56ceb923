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
