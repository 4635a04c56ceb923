//! Destructive commands ask first: on a terminal they wait for a "yes"; without one they refuse
//! unless `--yes` was given.

use std::io::{BufRead, IsTerminal, Write};

use dokploy::operations::Operation;

use crate::failure::Failure;

/// How the procedures that remove, delete or clean up begin (`remove`, `deleteVolume`,
/// `cleanAll`, `clearDeployments`, `killBuild`, `revokeSession`, `reset`).
const DESTRUCTIVE_PREFIXES: &[&str] = &[
    "remove", "delete", "clean", "clear", "kill", "revoke", "reset",
];

/// `true` for an operation that removes, deletes or cleans something up.
pub fn is_destructive(op: &Operation) -> bool {
    let procedure = op
        .procedure
        .split_once('.')
        .map_or(op.procedure, |(_, p)| p);
    DESTRUCTIVE_PREFIXES.iter().any(|prefix| {
        procedure.strip_prefix(prefix).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
        })
    })
}

/// Asks before running `what`: `--yes` skips the question; without a terminal it refuses.
pub fn ask(what: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Failure::Usage(format!(
            "{what} cannot be undone, and there is no terminal to confirm on: pass --yes to run it"
        )));
    }
    eprint!("{what} cannot be undone. Go ahead? [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::Usage(format!("could not read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Failure::Usage("not confirmed: nothing was done".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dokploy::operations::find;

    #[test]
    fn removals_deletions_and_clean_ups_are_destructive() {
        for p in [
            "project.remove",
            "application.delete",
            "settings.cleanAll",
            "application.clearDeployments",
            "docker.removeContainer",
            "user.revokeSession",
            "whitelabeling.reset",
            "deployment.killProcess",
        ] {
            assert!(is_destructive(find(p).unwrap()), "{p}");
        }
        for p in [
            "project.all",
            "application.deploy",
            "settings.getLogCleanupStatus",
            "settings.updateDockerCleanup",
            "application.dropDeployment",
            "application.stop",
        ] {
            assert!(!is_destructive(find(p).unwrap()), "{p}");
        }
    }
}
