//! JSON pointers (RFC 6901) naming places in a document, for error messages and reports.

use std::fmt;

/// A location inside a JSON document, e.g. `/paths/~1project.all/get/responses/200`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(Vec<String>);

impl Pointer {
    /// The document root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This pointer with one more segment.
    pub fn join(&self, segment: impl ToString) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.to_string());
        Self(segments)
    }

    /// The segments, unescaped.
    pub fn segments(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for segment in &self.0 {
            write!(f, "/{}", segment.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slashes_and_tildes_as_rfc6901_says() {
        let p = Pointer::root()
            .join("paths")
            .join("/project.all")
            .join("a~b");
        assert_eq!(p.to_string(), "/paths/~1project.all/a~0b");
    }

    #[test]
    fn root_is_a_single_slash() {
        assert_eq!(Pointer::root().to_string(), "/");
    }
}
