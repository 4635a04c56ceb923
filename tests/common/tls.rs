//! An HTTPS server of the tests' own (tokio-rustls) and the certificates it presents, made in
//! the test (rcgen): a self-signed `CA:TRUE` one (what `openssl req -x509` makes), and a CA with
//! a server certificate it signed. Used by the fault suite (`tests/faults.rs`) and the command
//! line's tests (`cli/tests/cli.rs`), which include this file by path.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

/// A server key and the certificate chain it presents.
pub struct Identity {
    pub chain: Vec<rcgen::Certificate>,
    pub key: rcgen::KeyPair,
}

/// The names every test certificate is for, unless a case says otherwise.
pub fn names() -> Vec<String> {
    vec!["127.0.0.1".into(), "localhost".into()]
}

/// A self-signed certificate with `CA:TRUE`, as `openssl req -x509` makes by default.
pub fn self_signed_ca() -> Identity {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(names()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    Identity {
        chain: vec![params.self_signed(&key).unwrap()],
        key,
    }
}

/// A CA, and a server certificate it signed for `names`, valid until `not_after` (y, m, d)
/// when given.
pub fn ca_and_leaf(
    names: Vec<String>,
    not_after: Option<(i32, u8, u8)>,
) -> (rcgen::Certificate, Identity) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(names).unwrap();
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    if let Some((y, m, d)) = not_after {
        params.not_before = rcgen::date_time_ymd(y - 1, m, d);
        params.not_after = rcgen::date_time_ymd(y, m, d);
    }
    let leaf = params.signed_by(&key, &issuer).unwrap();
    (
        ca,
        Identity {
            chain: vec![leaf],
            key,
        },
    )
}

/// An HTTPS server on 127.0.0.1: counts the handshakes begun and the requests read, and
/// answers request number `n` with the bytes `answer(n)`, then closes.
pub struct TlsServer {
    pub base_url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl TlsServer {
    pub async fn start(
        identity: &Identity,
        answer: impl Fn(usize) -> Vec<u8> + Send + Sync + 'static,
    ) -> Self {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let chain = identity.chain.iter().map(|c| c.der().clone()).collect();
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(identity.key.serialize_der().into());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = TlsServer {
            base_url: format!("https://{}", listener.local_addr().unwrap()),
            connections: Arc::default(),
            requests: Arc::default(),
        };
        let (connections, requests) = (server.connections.clone(), server.requests.clone());
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                connections.fetch_add(1, Ordering::SeqCst);
                let (acceptor, requests, answer) =
                    (acceptor.clone(), requests.clone(), answer.clone());
                tokio::spawn(async move {
                    let Ok(mut stream) = acceptor.accept(stream).await else {
                        return; // the client refused the certificate
                    };
                    if read_request(&mut stream).await {
                        let n = requests.fetch_add(1, Ordering::SeqCst);
                        let _ = stream.write_all(&answer(n)).await;
                        let _ = stream.shutdown().await;
                    }
                });
            }
        });
        server
    }

    /// TLS handshakes begun.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// HTTP requests read (only after a handshake the client accepted).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Reads one request's head and `content-length` body; `false` when the client left first.
async fn read_request(stream: &mut (impl AsyncReadExt + Unpin)) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return false,
        }
    }
    let length: usize = String::from_utf8_lossy(&head)
        .to_ascii_lowercase()
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.is_ok()
}
