//! Which certificate authorities HTTPS connections trust: the system's roots, or a CA bundle
//! named the way the AWS CLI takes one: `--ca-bundle`, else `AWS_CA_BUNDLE`, else the profile's
//! `ca_bundle`. Like the AWS CLI, a bundle replaces the system roots rather than adding to them.
//!
//! The bundle is read and checked here, before any client exists: the SDK's HTTP client parses it
//! only on the first HTTPS request and panics on a file that is not PEM or holds a certificate
//! it cannot use as a root, so a typo in a path must be caught up front and said in plain words.

use std::path::{Path, PathBuf};

use aws_smithy_http_client::tls::{TlsContext, TrustStore};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// A CA bundle that was read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaBundle {
    pub path: PathBuf,
    /// Which setting named it: `--ca-bundle`, `AWS_CA_BUNDLE` or `ca_bundle in profile X`.
    pub origin: String,
    pub certificates: usize,
    pem: Vec<u8>,
}

/// A CA bundle that cannot be used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaBundleError {
    pub path: PathBuf,
    pub origin: String,
    pub reason: String,
}

impl std::fmt::Display for CaBundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the CA bundle {} (from {}) cannot be used: {}",
            self.path.display(),
            self.origin,
            self.reason
        )
    }
}

impl std::error::Error for CaBundleError {}

/// The bundle that applies, if any: `flag`, else `AWS_CA_BUNDLE`, else the profile's value.
pub fn resolve(
    flag: Option<&Path>,
    profile: Option<(&str, &str)>,
) -> Result<Option<CaBundle>, CaBundleError> {
    let env = std::env::var_os("AWS_CA_BUNDLE").filter(|v| !v.is_empty());
    let (path, origin) = if let Some(p) = flag {
        (p.to_path_buf(), "--ca-bundle".to_string())
    } else if let Some(p) = env {
        (PathBuf::from(p), "AWS_CA_BUNDLE".to_string())
    } else if let Some((name, value)) = profile.filter(|(_, v)| !v.trim().is_empty()) {
        (
            PathBuf::from(value.trim()),
            format!("ca_bundle in profile {name}"),
        )
    } else {
        return Ok(None);
    };
    read(path, origin).map(Some)
}

/// A CA bundle above this is the wrong file: the whole Mozilla root store is about 220 KiB.
pub const MAX_CA_BUNDLE_BYTES: u64 = 4 * 1024 * 1024;

fn read(path: PathBuf, origin: String) -> Result<CaBundle, CaBundleError> {
    let fail = |reason: String| CaBundleError {
        path: path.clone(),
        origin: origin.clone(),
        reason,
    };
    // A regular file under a cap, checked before reading: `/dev/zero` or a FIFO named as the
    // bundle is refused, not read until memory runs out or waited on forever.
    let pem = crate::bounded_file::read_regular(&path, MAX_CA_BUNDLE_BYTES)
        .map_err(|e| match e {
            crate::bounded_file::ReadProblem::Io(e) => fail(format!("it cannot be read ({e})")),
            e => fail(e.to_string()),
        })?
        .to_vec();
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(format!("it is not a PEM file ({e})")))?;
    if certs.is_empty() {
        return Err(fail(
            "it holds no certificate (a PEM file with -----BEGIN CERTIFICATE----- blocks)".into(),
        ));
    }
    let mut roots = rustls::RootCertStore::empty();
    for (i, cert) in certs.iter().enumerate() {
        roots.add(cert.clone()).map_err(|e| {
            fail(format!(
                "certificate {} of {} cannot be a trusted root ({e})",
                i + 1,
                certs.len()
            ))
        })?;
    }
    Ok(CaBundle {
        path,
        origin,
        certificates: certs.len(),
        pem,
    })
}

/// The TLS settings for the SDK's HTTPS client: the bundle alone, or the system roots.
pub(crate) fn tls_context(bundle: Option<&CaBundle>) -> TlsContext {
    let store = match bundle {
        Some(b) => TrustStore::empty().with_pem_certificate(b.pem.clone()),
        None => TrustStore::default(),
    };
    TlsContext::builder()
        .with_trust_store(store)
        .build()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_bundles_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.pem");
        let err = read(missing.clone(), "--ca-bundle".into()).unwrap_err();
        assert!(err.to_string().contains("cannot be read"), "{err}");
        assert!(err.to_string().contains("--ca-bundle"), "{err}");

        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "just text\n").unwrap();
        let err = read(empty, "AWS_CA_BUNDLE".into()).unwrap_err();
        assert!(err.reason.contains("no certificate"), "{err}");

        let junk = dir.path().join("junk.pem");
        std::fs::write(
            &junk,
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let err = read(junk, "AWS_CA_BUNDLE".into()).unwrap_err();
        assert!(err.reason.contains("certificate 1 of 1"), "{err}");
    }

    #[test]
    fn a_generated_ca_is_accepted() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let pem = params.self_signed(&key).unwrap().pem();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, pem).unwrap();
        let b = read(path, "--ca-bundle".into()).unwrap();
        assert_eq!(b.certificates, 1);
    }
}
