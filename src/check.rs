//! A preflight: does the key work, and which Dokploy answers? [`Client::check`].

use std::fmt;

use crate::{Client, DOKPLOY_VERSION, ResponseExt, Result};

/// What [`Client::check`] found: the key works, and this Dokploy release answers.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let check = client.check().await?;
/// assert_eq!(check.version, dokploy::DOKPLOY_VERSION); // the fake answers as the vendored release
/// assert!(check.version_matches());
/// println!("{check}"); // "the API key works; Dokploy v0.30.2 answers (this client is built for v0.30.2)"
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Preflight {
    /// The release that answered (`settings.getDokployVersion`), e.g. `v0.30.2`.
    pub version: String,
    /// The release this client was generated for ([`DOKPLOY_VERSION`]).
    pub expected: &'static str,
}

impl Preflight {
    /// `true` when the Dokploy that answered is the release this client was generated for.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// assert!(client.check().await?.version_matches()); // the fake answers as the vendored release
    /// # Ok(()) }
    /// ```
    pub fn version_matches(&self) -> bool {
        self.version.trim_start_matches('v') == self.expected.trim_start_matches('v')
    }

    /// A warning to show when the releases differ, `None` when they match.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// if let Some(warning) = client.check().await?.warning() {
    ///     eprintln!("{warning}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn warning(&self) -> Option<String> {
        (!self.version_matches()).then(|| {
            format!(
                "Dokploy {} answers, but this client was generated from Dokploy {}'s API: operations added, changed or removed since may fail (run `cargo xtask spec-diff` against it to see what differs)",
                self.version, self.expected
            )
        })
    }
}

impl fmt::Display for Preflight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the API key works; Dokploy {} answers (this client is built for {})",
            self.version, self.expected
        )
    }
}

impl Client {
    /// One call that tells whether the API key works and which Dokploy release answers
    /// (`settings.getDokployVersion`), and warns (a `tracing` warning, and
    /// [`Preflight::warning`]) when it is not the release this client was generated for.
    ///
    /// A refused key is [`Error::Unauthorized`](crate::Error::Unauthorized), whose message
    /// explains that keys with Dokploy's default rate limit stop after 5 REST calls (10 tRPC
    /// calls) a day and how to create one without it. The check itself is one of those calls.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// let client = dokploy::Client::new(fake.base_url(), "not-the-key")?;
    /// let refused = client.check().await.unwrap_err();
    /// assert!(matches!(refused, dokploy::Error::Unauthorized(_)));
    /// assert!(refused.to_string().contains("5 REST calls or 10 tRPC calls a day"));
    /// # Ok(()) }
    /// ```
    pub async fn check(&self) -> Result<Preflight> {
        let version: String = self.settings_get_dokploy_version().send().decode().await?;
        let preflight = Preflight {
            version,
            expected: DOKPLOY_VERSION,
        };
        if let Some(warning) = preflight.warning() {
            tracing::warn!(target: "dokploy", "{warning}");
        }
        Ok(preflight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preflight(version: &str) -> Preflight {
        Preflight {
            version: version.to_string(),
            expected: "v0.30.2",
        }
    }

    #[test]
    fn the_same_release_with_or_without_a_v_matches_and_warns_nothing() {
        assert!(preflight("v0.30.2").version_matches());
        assert!(preflight("0.30.2").version_matches());
        assert_eq!(preflight("v0.30.2").warning(), None);
    }

    #[test]
    fn another_release_warns_naming_both() {
        let warning = preflight("v0.31.0").warning().unwrap();
        assert!(
            warning.contains("v0.31.0") && warning.contains("v0.30.2"),
            "{warning}"
        );
    }
}
