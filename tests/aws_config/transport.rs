//! Which transport a client uses (issue 8): an `http://` endpoint (a sandbox) gets plain HTTP
//! (through the TLS-free client), and an `https://` endpoint still gets TLS now that the default
//! client builds its TLS connector on first use. A loopback listener reads the first bytes each
//! client sends.
//!
//! The test changes process-wide environment variables, so it lives in the `aws_config` binary and
//! holds `crate::ENV_LOCK` for its whole run, as the `connect` tests do.
//! The config and credentials files are temporary files, so the developer's AWS setup is never
//! read, and instance metadata lookups are off.

use std::io::Write;
use std::time::Duration;

use amplify_auth::aws::{AwsSettings, Timeouts, connect};
use tempfile::NamedTempFile;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

fn set(key: &str, value: &str) {
    // SAFETY: the caller holds ENV_LOCK, as every test in this binary does while it touches the
    // environment.
    unsafe { std::env::set_var(key, value) }
}

/// Makes one call to `scheme://127.0.0.1:PORT` and returns the first bytes the server received.
async fn first_bytes(scheme: &str) -> Vec<u8> {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 64];
        let mut got = Vec::new();
        while got.len() < 40 {
            match tokio::time::timeout(Duration::from_secs(5), sock.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        got
    });
    let clients = connect(&AwsSettings {
        region: Some("us-east-1".into()),
        endpoint_url: Some(format!("{scheme}://127.0.0.1:{port}")),
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            attempt: Duration::from_secs(2),
            operation: Duration::from_secs(3),
        },
        max_attempts: 1,
        ..Default::default()
    })
    .await
    .expect("clients build");
    // The server hangs up after reading, so the call fails; only what it sent matters.
    let _ = clients.get_auth("app1", "dev", "res1").await;
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the client connected")
        .unwrap()
}

#[tokio::test]
async fn http_endpoints_get_plain_http_and_https_endpoints_get_tls() {
    let _lock = crate::ENV_LOCK.lock().await;
    let mut config = NamedTempFile::new().unwrap();
    config
        .write_all(b"[default]\nregion = us-east-1\n")
        .unwrap();
    let mut creds = NamedTempFile::new().unwrap();
    creds
        .write_all(
            b"[default]\naws_access_key_id = AKIDTRANSPORT\naws_secret_access_key = secret\n",
        )
        .unwrap();
    for k in [
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_AMPLIFYBACKEND",
        "AWS_ENDPOINT_URL_AMPLIFY",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        // SAFETY: as in `set`.
        unsafe { std::env::remove_var(k) }
    }
    set("AWS_CONFIG_FILE", config.path().to_str().unwrap());
    set(
        "AWS_SHARED_CREDENTIALS_FILE",
        creds.path().to_str().unwrap(),
    );
    set("AWS_EC2_METADATA_DISABLED", "true");

    let plain = first_bytes("http").await;
    assert!(
        plain.starts_with(b"POST /backend/app1/auth/dev/details"),
        "an http:// endpoint gets a plain HTTP request: {:?}",
        String::from_utf8_lossy(&plain)
    );

    // A TLS handshake record: content type 22, protocol version 3.x.
    let tls = first_bytes("https").await;
    assert_eq!(
        &tls[..2],
        &[0x16, 0x03],
        "an https:// endpoint gets TLS: {tls:?}"
    );
}
