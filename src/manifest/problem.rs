//! What is wrong with a manifest, and where: [`Problem`] (file, line, column, one sentence)
//! and [`ManifestError`] (all of them at once, found before anything is sent).

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem (or warning) in a manifest, with where it is.
///
/// ```
/// let p = dokploy::manifest::Problem::at("dokploy.yaml", 4, 7, "unknown key `imgae`; did you mean `image`?");
/// assert_eq!(p.to_string(), "dokploy.yaml:4:7: unknown key `imgae`; did you mean `image`?");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file (none: not about a file).
    pub file: Option<PathBuf>,
    /// The line (1-based; 0: unknown).
    pub line: u32,
    /// The column (1-based; 0: unknown).
    pub column: u32,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Problem {
    /// A problem at `file:line:column`.
    pub fn at(file: impl AsRef<Path>, line: u32, column: u32, message: impl Into<String>) -> Self {
        Self {
            file: Some(file.as_ref().to_path_buf()),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem not tied to a place in a file.
    pub fn general(message: impl Into<String>) -> Self {
        Self {
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if self.line > 0 {
                write!(f, ":{}:{}", self.line, self.column)?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

/// A manifest that cannot be used: every problem found, each with its place. Nothing was
/// sent to Dokploy.
///
/// ```
/// let err = dokploy::manifest::Manifest::from_yaml("m.yaml", "apiVersion: dokploy/v1\nprojekts: []\n").unwrap_err();
/// assert_eq!(err.problems.len(), 1);
/// assert!(err.to_string().contains("m.yaml:2:1: unknown key `projekts`; did you mean `projects`?"), "{err}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl ManifestError {
    pub(crate) fn one(problem: Problem) -> Self {
        Self {
            problems: vec![problem],
        }
    }
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "the manifest cannot be used: {one}"),
            many => {
                write!(f, "the manifest cannot be used ({} problems):", many.len())?;
                for p in many {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ManifestError {}

impl From<ManifestError> for crate::Error {
    fn from(e: ManifestError) -> Self {
        crate::Error::Manifest(Box::new(e))
    }
}

/// The key of `valid` closest to `unknown` (edits and swaps of neighbours, ignoring case), if
/// one is close enough to be a likely typo.
pub(crate) fn nearest<'a>(unknown: &str, valid: &[&'a str]) -> Option<&'a str> {
    let lower = unknown.to_ascii_lowercase();
    valid
        .iter()
        .map(|v| (distance(&lower, &v.to_ascii_lowercase()), *v))
        .filter(|(d, v)| *d <= (v.len().max(unknown.len()) / 3).clamp(2, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbours each cost one.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_key_is_a_likely_typo_or_nothing() {
        let keys = ["image", "domains", "env", "replicas"];
        assert_eq!(nearest("imgae", &keys), Some("image"));
        assert_eq!(nearest("domian", &keys), Some("domains"));
        assert_eq!(nearest("Replica", &keys), Some("replicas"));
        assert_eq!(nearest("completely-different", &keys), None);
        assert_eq!(
            nearest("enviroments", &["environments", "env"]),
            Some("environments")
        );
    }
}
