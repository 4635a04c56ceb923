//! Why a command failed, and the exit code that says so.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | Dokploy refused the request or the operation failed (an error answer, a rejected key, a failed deployment, nothing by that name) |
//! | 2 | usage or configuration (a bad flag, no URL or key, a key file others can read, a destructive command without `--yes` when nothing can ask, a URL that redirects to another address, a certificate that is not trusted) |
//! | 3 | Dokploy could not be reached (connection refused, DNS, a TLS handshake that failed, timeout) |

use std::fmt;
use std::process::ExitCode;

/// The exit codes, as `--help` documents them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  Dokploy refused the request or the operation failed (an error answer, a rejected key,
     a failed deployment, nothing by that name)
  2  usage or configuration (a bad flag, no URL or API key, a key file others can read, a
     destructive command without --yes when there is no terminal to ask on, a URL that
     redirects to another address, a TLS certificate that is not trusted)
  3  Dokploy could not be reached (connection refused, DNS, a failed TLS handshake, timeout)
  4  a change was sent but its answer was lost: it may or may not have been made (read the
     resource back before running the command again)";

/// A command's failure.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or configuration, found before anything was sent (exit 2).
    Usage(String),
    /// What the library reported (exit code by kind, see [`Failure::exit_code`]).
    Dokploy(dokploy::Error),
    /// The operation did not succeed, though Dokploy answered (exit 1): a failed deployment, a
    /// variable that is not set.
    Failed(String),
    /// The command did what it should and its exit code says something (`plan`: 2, changes);
    /// nothing is printed.
    Exit(u8),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Failed(_) => 1,
            Failure::Exit(code) => *code,
            Failure::Dokploy(e) => match e {
                dokploy::Error::Config(_)
                | dokploy::Error::InvalidInput(_)
                | dokploy::Error::Redirect(_)
                | dokploy::Error::Certificate(_) => 2,
                dokploy::Error::Connect(_) | dokploy::Error::Timeout(_) => 3,
                dokploy::Error::OutcomeUnknown(_) => 4,
                _ => 1,
            },
        }
    }

    /// Prints the failure on stderr and gives the exit code.
    pub fn report(&self) -> ExitCode {
        if !matches!(self, Failure::Exit(_)) {
            eprintln!("error: {self}");
        }
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Failed(m) => f.write_str(m),
            Failure::Exit(code) => write!(f, "exit code {code}"),
            Failure::Dokploy(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl From<dokploy::Error> for Failure {
    fn from(e: dokploy::Error) -> Self {
        Failure::Dokploy(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_map_to_the_documented_codes() {
        let config = Failure::from(dokploy::Error::Config("no URL".into()));
        assert_eq!(config.exit_code(), 2);
        let input = Failure::from(dokploy::Error::InvalidInput("no field".into()));
        assert_eq!(input.exit_code(), 2);
        assert_eq!(Failure::Failed("deployment failed".into()).exit_code(), 1);
        assert_eq!(Failure::Usage("bad".into()).exit_code(), 2);
    }
}
