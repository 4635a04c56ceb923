//! TLS: trusting a private CA, and saying plainly why a server's certificate was refused.
//!
//! A Dokploy behind a corporate or self-made CA is reached by trusting that CA:
//! [`ClientBuilder::add_root_certificate`](crate::ClientBuilder::add_root_certificate) takes
//! its PEM and keeps everything else the builder sets (timeouts, `User-Agent`, the redirect
//! policy); [`ClientBuilder::tls_built_in_root_certs`](crate::ClientBuilder::tls_built_in_root_certs)
//! turns the usual roots off. A certificate that is refused fails the call with
//! [`Error::Certificate`](crate::Error::Certificate) (a [`CertificateRefused`]), which is not
//! retried: it names what the server presented, why it was refused, and what to do.
//!
//! ```
//! # fn main() -> dokploy::Result<()> {
//! let ca = "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n";
//! let builder = dokploy::Client::builder()
//!     .base_url("https://dokploy.internal.example")
//!     .api_key("my-api-key")
//!     .add_root_certificate(ca);
//! // `build()` reads the PEM; this one is not a real certificate.
//! assert!(builder.build().unwrap_err().to_string().contains("PEM"));
//! # Ok(()) }
//! ```

use std::fmt;

/// What to do about a certificate this client does not trust.
const TRUST_IT: &str = "trust it with ClientBuilder::add_root_certificate (the PEM of the CA, or of the self-signed certificate; on the command line: --ca-cert FILE or DOKPLOY_CA_CERT)";

/// A server certificate that was refused: who presented it, and why.
///
/// ```
/// use dokploy::tls::CertificateProblem;
/// fn advice(err: &dokploy::Error) -> Option<&'static str> {
///     match err {
///         dokploy::Error::Certificate(refused) => Some(match refused.problem {
///             CertificateProblem::UnknownIssuer => "pass the CA's PEM to add_root_certificate",
///             CertificateProblem::Expired { .. } => "renew the server's certificate",
///             _ => "read the message: it says what to do",
///         }),
///         _ => None,
///     }
/// }
/// assert_eq!(advice(&dokploy::Error::Config("no URL".into())), None);
/// ```
#[non_exhaustive]
pub struct CertificateRefused {
    /// The server, as `host:port`.
    pub server: String,
    /// Why its certificate was refused.
    pub problem: CertificateProblem,
    /// What the TLS layer said.
    pub source: reqwest::Error,
}

/// Why a server certificate was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateProblem {
    /// A CA certificate (`CA:TRUE`, what `openssl req -x509` makes by default) presented as
    /// the server's own: refused even when trusted.
    CaUsedAsServerCertificate,
    /// Signed by an issuer this client does not trust (self-signed, or a private CA).
    UnknownIssuer,
    /// Expired (at this time, seconds since 1970, when known).
    Expired {
        /// Its `notAfter`, in seconds since 1970, when known.
        not_after: Option<u64>,
    },
    /// Not valid yet.
    NotYetValid {
        /// Its `notBefore`, in seconds since 1970, when known.
        not_before: Option<u64>,
    },
    /// Issued for other names than the one in the URL.
    WrongName {
        /// The names it is for, when known.
        presented: Vec<String>,
    },
    /// Revoked by its issuer.
    Revoked,
    /// Anything else, as the TLS layer says it.
    Other(String),
}

impl CertificateRefused {
    /// The certificate problem behind a failed request, if that is why it failed.
    pub(crate) fn of(error: reqwest::Error) -> Result<Self, reqwest::Error> {
        match problem(&error) {
            Some(problem) => Ok(CertificateRefused {
                server: error
                    .url()
                    .map(|u| {
                        let host = u.host_str().unwrap_or_default();
                        match u.port_or_known_default() {
                            Some(port) => format!("{host}:{port}"),
                            None => host.to_string(),
                        }
                    })
                    .unwrap_or_else(|| "the configured address".to_string()),
                problem,
                source: error,
            }),
            None => Err(error),
        }
    }
}

impl fmt::Display for CertificateRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let server = &self.server;
        write!(f, "the TLS certificate of {server} was refused: ")?;
        match &self.problem {
            CertificateProblem::CaUsedAsServerCertificate => write!(
                f,
                "it is a CA certificate (CA:TRUE, what `openssl req -x509` makes by default) presented as the server's own, which TLS refuses even when it is trusted; give the server a certificate without CA:TRUE (`openssl req -x509 -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:<name> …`, or one signed by your CA) and {TRUST_IT}"
            ),
            CertificateProblem::UnknownIssuer => write!(
                f,
                "it is signed by an issuer this client does not trust (a self-signed certificate or a private CA); if it is yours, {TRUST_IT}"
            ),
            CertificateProblem::Expired { not_after } => match not_after {
                Some(at) => write!(f, "it expired on {}; renew it on the server", date(*at)),
                None => f.write_str("it has expired; renew it on the server"),
            },
            CertificateProblem::NotYetValid { not_before } => match not_before {
                Some(at) => write!(
                    f,
                    "it is not valid before {}; check this machine's clock and the certificate",
                    date(*at)
                ),
                None => f.write_str(
                    "it is not valid yet; check this machine's clock and the certificate",
                ),
            },
            CertificateProblem::WrongName { presented } if presented.is_empty() => write!(
                f,
                "it is not for the name in the URL; use the name it was issued for, or give the server a certificate for {server}"
            ),
            CertificateProblem::WrongName { presented } => write!(
                f,
                "it is for {}, not for the name in the URL; use one of those names, or give the server a certificate for {server}",
                presented.join(", ")
            ),
            CertificateProblem::Revoked => {
                f.write_str("its issuer has revoked it; the server needs a new one")
            }
            CertificateProblem::Other(detail) => write!(
                f,
                "{detail}; check the server's certificate, and if its issuer is yours, {TRUST_IT}"
            ),
        }?;
        f.write_str(" (not retried: the server presents the same certificate every time)")
    }
}

impl fmt::Debug for CertificateRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateRefused")
            .field("server", &self.server)
            .field("problem", &self.problem)
            .field("source", &self.source)
            .finish()
    }
}

/// Why `error` is a refused certificate, if it is one.
fn problem(error: &reqwest::Error) -> Option<CertificateProblem> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(found) = problem_in(current) {
            return Some(found);
        }
        // `io::Error` does not list the error it wraps among its sources (it skips to that
        // error's source): step into it instead.
        cause = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    None
}

#[cfg(feature = "rustls")]
fn problem_in(error: &(dyn std::error::Error + 'static)) -> Option<CertificateProblem> {
    use rustls::CertificateError as C;
    let Some(rustls::Error::InvalidCertificate(certificate)) =
        error.downcast_ref::<rustls::Error>()
    else {
        return native_problem(error);
    };
    Some(match certificate {
        C::UnknownIssuer => CertificateProblem::UnknownIssuer,
        C::Expired => CertificateProblem::Expired { not_after: None },
        C::ExpiredContext { not_after, .. } => CertificateProblem::Expired {
            not_after: Some(not_after.as_secs()),
        },
        C::NotValidYet => CertificateProblem::NotYetValid { not_before: None },
        C::NotValidYetContext { not_before, .. } => CertificateProblem::NotYetValid {
            not_before: Some(not_before.as_secs()),
        },
        C::NotValidForName => CertificateProblem::WrongName {
            presented: Vec::new(),
        },
        C::NotValidForNameContext { presented, .. } => CertificateProblem::WrongName {
            presented: presented.clone(),
        },
        C::Revoked => CertificateProblem::Revoked,
        // webpki's `CaUsedAsEndEntity` reaches rustls as an opaque `Other`.
        C::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => {
            CertificateProblem::CaUsedAsServerCertificate
        }
        other => CertificateProblem::Other(format!("{other:?}")),
    })
}

#[cfg(not(feature = "rustls"))]
fn problem_in(error: &(dyn std::error::Error + 'static)) -> Option<CertificateProblem> {
    native_problem(error)
}

/// The platform TLS library's refusal (OpenSSL, Schannel, Secure Transport), read from its
/// message.
fn native_problem(error: &(dyn std::error::Error + 'static)) -> Option<CertificateProblem> {
    let text = error.to_string();
    let lower = text.to_ascii_lowercase();
    if !lower.contains("certificate verify failed") && !lower.contains("certificate is not trusted")
    {
        return None;
    }
    Some(
        if lower.contains("self-signed") || lower.contains("unable to get local issuer") {
            CertificateProblem::UnknownIssuer
        } else if lower.contains("expired") {
            CertificateProblem::Expired { not_after: None }
        } else if lower.contains("hostname mismatch") {
            CertificateProblem::WrongName {
                presented: Vec::new(),
            }
        } else {
            CertificateProblem::Other(text)
        },
    )
}

/// `YYYY-MM-DD HH:MM UTC` for seconds since 1970.
fn date(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let (hour, minute) = ((seconds % 86_400) / 3_600, (seconds % 3_600) / 60);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_calendar_days() {
        assert_eq!(date(0), "1970-01-01 00:00 UTC");
        assert_eq!(date(1_577_836_800), "2020-01-01 00:00 UTC");
        assert_eq!(date(1_709_210_096), "2024-02-29 12:34 UTC");
    }

    #[test]
    fn native_tls_refusals_are_read_from_their_message() {
        let refusal = std::io::Error::other(
            "error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889: (self-signed certificate)",
        );
        assert_eq!(
            native_problem(&refusal),
            Some(CertificateProblem::UnknownIssuer)
        );
        assert_eq!(
            native_problem(&std::io::Error::other("connection reset")),
            None
        );
    }
}
