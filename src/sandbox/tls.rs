//! `serve --tls`: the sandbox over HTTPS, so the client's real TLS path (the one every AWS user's
//! traffic takes) can be run end to end against it.
//!
//! Each start makes a new certificate authority and a server certificate it signs for
//! `localhost`, `127.0.0.1`, `::1` and the address listened on. Only the CA certificate is written
//! out (for `AWS_CA_BUNDLE`); both private keys stay in memory and die with the process, so a CA
//! file left behind cannot be used to impersonate anything.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

use super::SandboxError;

/// The server side of TLS, and the CA certificate clients must trust.
pub(crate) struct Identity {
    pub acceptor: TlsAcceptor,
    pub ca_pem: String,
}

fn tls_err(what: &str, e: impl std::fmt::Display) -> SandboxError {
    SandboxError::Other(format!("TLS set-up failed ({what}): {e}"))
}

/// A fresh CA and a server certificate for `addr`.
pub(crate) fn generate(addr: SocketAddr) -> Result<Identity, SandboxError> {
    let ca_key = KeyPair::generate().map_err(|e| tls_err("CA key", e))?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(|e| tls_err("CA", e))?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.distinguished_name
        .push(DnType::CommonName, "amplify-auth sandbox CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca.self_signed(&ca_key).map_err(|e| tls_err("CA", e))?;
    let issuer = Issuer::new(ca, ca_key);

    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    let ip = addr.ip().to_canonical();
    if !ip.is_unspecified() && !ip.is_loopback() {
        names.push(ip.to_string());
    }
    let server_key = KeyPair::generate().map_err(|e| tls_err("server key", e))?;
    let mut server = CertificateParams::new(names).map_err(|e| tls_err("server", e))?;
    server
        .distinguished_name
        .push(DnType::CommonName, "amplify-auth sandbox");
    server.is_ca = IsCa::ExplicitNoCa;
    server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = server
        .signed_by(&server_key, &issuer)
        .map_err(|e| tls_err("server", e))?;

    let chain = vec![
        CertificateDer::from(server_cert.der().to_vec()),
        CertificateDer::from(ca_cert.der().to_vec()),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_err("protocols", e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| tls_err("certificate", e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Identity {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_pem: ca_cert.pem(),
    })
}

/// Writes the CA certificate as `DIR/sandbox-ca-PORT.pem` (one file per running sandbox, so two
/// sandboxes do not overwrite each other's) and returns its path.
pub(crate) fn write_ca(dir: &Path, port: u16, pem: &str) -> Result<PathBuf, SandboxError> {
    super::create_private_dir_all(dir).map_err(|e| {
        SandboxError::Io(std::io::Error::new(
            e.kind(),
            format!("cannot create {}: {e}", dir.display()),
        ))
    })?;
    let path = dir.join(format!("sandbox-ca-{port}.pem"));
    std::fs::write(&path, pem).map_err(|e| {
        SandboxError::Io(std::io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", path.display()),
        ))
    })?;
    Ok(path)
}

/// Where `serve --tls` puts the CA file by default: next to the sandbox state.
pub fn default_ca_dir() -> PathBuf {
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("amplify-auth")
        .join("tls")
}
