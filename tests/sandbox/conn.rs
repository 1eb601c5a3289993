//! Issue 24 item 5: the sandbox stands up to clients. Idle and slowloris connections are
//! disconnected, a trickling body gets an AWS-shaped 408, connections beyond the limit get an
//! AWS-shaped 503 instead of waiting, and `--state FILE` keeps its credentials (0600, beside the
//! state) so a client survives a restart. No timing is asserted: the tests use short limits and
//! wait for the outcome, with a generous guard so a regression fails instead of hanging.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use amplify_auth::sandbox::conn::ConnLimits;
use amplify_auth::sandbox::{SandboxOptions, StatePath};
use support::headless::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes; what it sent. Fails if it is still open after the guard.
async fn read_until_closed(s: &mut TcpStream) -> String {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    let guard = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        guard.is_ok(),
        "the sandbox kept the connection open: {}",
        String::from_utf8_lossy(&all)
    );
    String::from_utf8_lossy(&all).into_owned()
}

fn host(env: &Env) -> String {
    env.sandbox.local_addr.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_connections_are_closed_and_a_trickling_body_gets_a_408() {
    let env = with_backend_opts(SandboxOptions {
        connections: ConnLimits {
            header_timeout: Duration::from_millis(300),
            request_timeout: Duration::from_millis(300),
            max_connections: 64,
        },
        ..SandboxOptions::default()
    })
    .await;
    // Connected, says nothing.
    let mut idle = TcpStream::connect(host(&env)).await.unwrap();
    read_until_closed(&mut idle).await;
    // Slowloris: half a request head, then nothing.
    let mut slow = TcpStream::connect(host(&env)).await.unwrap();
    slow.write_all(b"POST /backend/x/details HTTP/1.1\r\nHost: a\r\nX-Slow: ")
        .await
        .unwrap();
    read_until_closed(&mut slow).await;
    // A whole head, then a body that never completes.
    let mut trickle = TcpStream::connect(host(&env)).await.unwrap();
    trickle
        .write_all(
            b"POST /backend/x/details HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{\"a\"",
        )
        .await
        .unwrap();
    let answer = read_until_closed(&mut trickle).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("x-amzn-errortype: requesttimeoutexception"),
        "{answer}"
    );
    // The service still answers signed requests.
    assert!(
        env.clients
            .list_jobs(APP, ENV, &Default::default())
            .await
            .is_ok()
    );
    env.stop().await;
}

/// At the limit, idle connections make room for new ones (the adversarial run's 1,100 idle
/// connections made signed requests wait forever); when every connection is inside a request, a
/// new one gets an AWS-shaped 503.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_make_room_at_the_limit_and_busy_ones_get_a_503() {
    let env = with_backend_opts(SandboxOptions {
        connections: ConnLimits {
            max_connections: 4,
            ..ConnLimits::default()
        },
        ..SandboxOptions::default()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..12 {
        idle.push(TcpStream::connect(host(&env)).await.unwrap());
    }
    // Signed requests go through although more idle connections than the limit are open.
    for _ in 0..3 {
        let jobs = env.clients.list_jobs(APP, ENV, &Default::default()).await;
        assert!(jobs.is_ok(), "{jobs:?}");
    }
    drop(idle);

    // Four connections inside a request (a body still arriving): no room.
    let mut busy = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        s.write_all(b"POST /backend/x/details HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{")
            .await
            .unwrap();
        busy.push(s);
    }
    // Let the server take them in and start their requests (a settling pause, not a timing
    // assertion).
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut fifth = TcpStream::connect(host(&env)).await.unwrap();
    fifth
        .write_all(b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut fifth).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("ServiceUnavailableException"), "{answer}");
    assert!(answer.contains("\"message\""), "{answer}");
    drop(busy);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_file_keeps_its_credentials_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.sqlite");
    let opts = || SandboxOptions {
        state: StatePath::File(state.clone()),
        job_duration: Duration::from_millis(50),
        ..SandboxOptions::default()
    };
    let first = start_with(opts(), tempfile::tempdir().unwrap()).await;
    first.add_backend(APP, ENV).await;
    let creds = (
        first.sandbox.access_key_id.clone(),
        first.sandbox.secret_access_key.clone(),
    );
    let port = first.sandbox.local_addr;
    let old_clients = first.clients.clone();
    first.stop().await;

    let kept = amplify_auth::sandbox::kept_credentials::path_for(&state);
    let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Widened by someone: tightened again on the next start.
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o644)).unwrap();

    let second = amplify_auth::sandbox::start(SandboxOptions {
        listen: port,
        ..opts()
    })
    .await
    .unwrap();
    assert_eq!(
        (
            second.access_key_id.clone(),
            second.secret_access_key.clone()
        ),
        creds
    );
    // A client from before the restart still signs validly.
    let jobs = old_clients.list_jobs(APP, ENV, &Default::default()).await;
    assert!(jobs.is_ok(), "{jobs:?}");
    let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    second.shutdown().await;

    // A damaged file is a sentence naming it, not new credentials.
    std::fs::write(&kept, "not credentials\n").unwrap();
    let err = amplify_auth::sandbox::start(opts()).await.unwrap_err();
    assert!(
        err.to_string().contains("sandbox.sqlite.credentials"),
        "{err}"
    );
}
