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

/// Malformed HTTP gets an AWS-shaped answer (the status HTTP gives the fault, `x-amzn-ErrorType`
/// and a JSON `message`), not hyper's bare status, and the sandbox keeps serving signed requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_http_gets_aws_shaped_errors_and_serving_goes_on() {
    let env = with_backend_opts(SandboxOptions::default()).await;
    for (what, request, status) in malformed() {
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        s.write_all(&request).await.unwrap();
        let answer = read_until_closed(&mut s).await;
        let answer = answers(answer.as_bytes());
        assert_eq!(answer.len(), 1, "{what}: one answer, then closed");
        assert_refused(what, &answer[0], status);
        // Signed requests are still served.
        let jobs = env.clients.list_jobs(APP, ENV, &Default::default()).await;
        assert!(jobs.is_ok(), "after {what}: {jobs:?}");
    }
    env.stop().await;
}

/// Malformed requests, each with the status of its AWS-shaped answer.
fn malformed() -> Vec<(&'static str, Vec<u8>, u16)> {
    let big_header = format!(
        "GET /backend/x/details HTTP/1.1\r\nHost: a\r\nX-Big: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let long_uri = format!(
        "GET /backend/{}/details HTTP/1.1\r\nHost: a\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    vec![
        (
            "a broken request line",
            b"GET /backend/x/details HTTP/9.9 junk\r\nHost: a\r\n\r\n".to_vec(),
            400,
        ),
        ("a 100 KB header", big_header.into_bytes(), 431),
        ("a 20 KB URI", long_uri.into_bytes(), 414),
        (
            "a Content-Length that is not a number",
            b"POST /backend/x/details HTTP/1.1\r\nHost: a\r\nContent-Length: 12abc\r\n\r\n{}".to_vec(),
            400,
        ),
        (
            "two Content-Lengths that disagree",
            b"POST /backend/x/details HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"
                .to_vec(),
            400,
        ),
        (
            "Content-Length beside Transfer-Encoding",
            b"POST /backend/x/details HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}".to_vec(),
            400,
        ),
    ]
}

/// A signed GetBackend of the test app, keep-alive (`close`: the last one on its connection).
fn get_backend(env: &Env, close: bool) -> Vec<u8> {
    let body = format!("{{\"backendEnvironmentName\":\"{ENV}\"}}");
    let path = format!("/backend/{APP}/details");
    let head = support::sandbox::signed_head(&env.sandbox, "POST", &path, body.as_bytes());
    let close = if close { "connection: close\r\n" } else { "" };
    format!("{head}content-length: {}\r\n{close}\r\n{body}", body.len()).into_bytes()
}

/// The same request with its body sent in chunks (a chunk extension and a trailer included).
fn get_backend_chunked(env: &Env) -> Vec<u8> {
    let body = format!("{{\"backendEnvironmentName\":\"{ENV}\"}}");
    let path = format!("/backend/{APP}/details");
    let head = support::sandbox::signed_head(&env.sandbox, "POST", &path, body.as_bytes());
    let (a, b) = body.split_at(7);
    format!(
        "{head}transfer-encoding: chunked\r\n\r\n{:x};ext=1\r\n{a}\r\n{:X}\r\n{b}\r\n0\r\nx-trailer: t\r\n\r\n",
        a.len(),
        b.len()
    )
    .into_bytes()
}

/// The answers in `bytes`, one after the other (each framed by its `content-length`).
fn answers(mut bytes: &[u8]) -> Vec<support::sandbox::Raw> {
    let mut out = Vec::new();
    while let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("an answer without content-length: {head}"));
        let whole = (end + 4 + len).min(bytes.len());
        out.push(support::sandbox::parse_response(&bytes[..whole]));
        bytes = &bytes[whole..];
    }
    out
}

/// Reads exactly one answer from a kept-alive connection.
async fn one_answer(s: &mut TcpStream) -> support::sandbox::Raw {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let n = s.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed before a whole answer: {all:?}");
            all.extend_from_slice(&buf[..n]);
            let parsed = answers(&all);
            if parsed.len() == 1 && parsed[0].body.len() == content_length(&parsed[0]) {
                return parsed.into_iter().next().unwrap();
            }
        }
    });
    read.await.expect("the sandbox answered")
}

fn content_length(r: &support::sandbox::Raw) -> usize {
    r.header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX)
}

/// An AWS-shaped refusal: the status, `x-amzn-ErrorType: BadRequestException`, a JSON message.
fn assert_refused(what: &str, r: &support::sandbox::Raw, status: u16) {
    assert_eq!(
        r.status,
        status,
        "{what}: {:?}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(
        r.header("x-amzn-ErrorType"),
        Some("BadRequestException"),
        "{what}"
    );
    let message = r.json()["message"].as_str().map(str::to_string);
    assert!(
        message.is_some_and(|m| !m.is_empty()),
        "{what}: {:?}",
        r.body
    );
}

/// Malformed requests that come after a well-formed one on the same kept-alive connection get the
/// same AWS-shaped answer as a first request would (they used to reach hyper's parser and get its
/// bare 400, 414 or 431); pipelined in the same write, the good request is answered first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_request_after_a_good_one_on_a_kept_alive_connection_gets_the_aws_shaped_error()
{
    let env = with_backend_opts(SandboxOptions::default()).await;
    let cases = malformed();
    for (what, bad, status) in &cases {
        // One after the other: the good request answered, then the bad one sent.
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        s.write_all(&get_backend(&env, false)).await.unwrap();
        let first = one_answer(&mut s).await;
        assert_eq!(
            first.status,
            200,
            "{what}: {:?}",
            String::from_utf8_lossy(&first.body)
        );
        s.write_all(bad).await.unwrap();
        let rest = read_until_closed(&mut s).await;
        let rest = answers(rest.as_bytes());
        assert_eq!(rest.len(), 1, "{what}: one answer, then closed");
        assert_refused(what, &rest[0], *status);

        // Pipelined in one write: the answers come in order, the good one first.
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        let mut both = get_backend(&env, false);
        both.extend_from_slice(bad);
        s.write_all(&both).await.unwrap();
        let all = read_until_closed(&mut s).await;
        let all = answers(all.as_bytes());
        assert_eq!(all.len(), 2, "{what} pipelined: {all:?}");
        assert_eq!(all[0].status, 200, "{what} pipelined");
        assert_refused(what, &all[1], *status);
    }
    // Signed requests are still served.
    let jobs = env.clients.list_jobs(APP, ENV, &Default::default()).await;
    assert!(jobs.is_ok(), "{jobs:?}");
    env.stop().await;
}

/// Honest requests on one connection are all served: a pipelined pair (each with a body) and a
/// chunked request followed by another. The framing that finds each request's end must not cut
/// or merge them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_and_chunked_honest_requests_are_all_served() {
    let env = with_backend_opts(SandboxOptions::default()).await;
    let sequences: Vec<(&str, Vec<Vec<u8>>)> = vec![
        (
            "a pipelined pair",
            vec![get_backend(&env, false), get_backend(&env, true)],
        ),
        (
            "a chunked request, then another",
            vec![get_backend_chunked(&env), get_backend(&env, true)],
        ),
        (
            "three, the chunked one in the middle",
            vec![
                get_backend(&env, false),
                get_backend_chunked(&env),
                get_backend(&env, true),
            ],
        ),
    ];
    for (what, requests) in sequences {
        let count = requests.len();
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        s.write_all(&requests.concat()).await.unwrap();
        let all = read_until_closed(&mut s).await;
        let all = answers(all.as_bytes());
        assert_eq!(all.len(), count, "{what}: {all:?}");
        for r in &all {
            assert_eq!(
                r.status,
                200,
                "{what}: {:?}",
                String::from_utf8_lossy(&r.body)
            );
            assert_eq!(r.json()["appId"], APP, "{what}");
        }
        // The same, a byte at a time: the framing holds across every split.
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        for b in requests.concat() {
            s.write_all(&[b]).await.unwrap();
        }
        let all = answers(read_until_closed(&mut s).await.as_bytes());
        assert_eq!(all.len(), count, "{what}, byte by byte");
        assert!(all.iter().all(|r| r.status == 200), "{what}, byte by byte");
    }
    env.stop().await;
}

/// The signed chunked GetBackend with its framing broken in one place, each named: the head is
/// honest, so a framing that got through would be answered 200.
fn get_backend_badly_chunked(env: &Env) -> Vec<(&'static str, Vec<u8>)> {
    let body = format!("{{\"backendEnvironmentName\":\"{ENV}\"}}");
    let path = format!("/backend/{APP}/details");
    let head = support::sandbox::signed_head(&env.sandbox, "POST", &path, body.as_bytes());
    let head = format!("{head}transfer-encoding: chunked\r\n\r\n");
    let n = body.len();
    // Just over the 4 KiB accepted for a chunk-size line, and the 8 KiB for trailers.
    let extension = "e".repeat(4 * 1024 + 1);
    let trailer = "t".repeat(8 * 1024 + 1);
    [
        (
            "a chunk-size line that is not hexadecimal",
            format!("zz\r\n{body}\r\n0\r\n\r\n"),
        ),
        (
            "an over-long chunk extension",
            format!("{n:x};x={extension}\r\n{body}\r\n0\r\n\r\n"),
        ),
        (
            "chunk data not followed by CRLF",
            format!("{n:x}\r\n{body}XY0\r\n\r\n"),
        ),
        (
            "over-long trailers",
            format!("{n:x}\r\n{body}\r\n0\r\nx-t: {trailer}\r\n\r\n"),
        ),
        (
            "a trailer that is not a field",
            format!("{n:x}\r\n{body}\r\n0\r\nnot a field\r\n\r\n"),
        ),
    ]
    .into_iter()
    .map(|(what, framing)| (what, format!("{head}{framing}").into_bytes()))
    .collect()
}

/// The answer to a chunked body whose framing failed: the AWS-shaped 400 naming the chunked
/// framing, which closes the connection.
fn assert_chunk_refused(what: &str, r: &support::sandbox::Raw) {
    assert_refused(what, r, 400);
    assert!(r.message().contains("chunked"), "{what}: {}", r.message());
    assert_eq!(r.header("connection"), Some("close"), "{what}");
}

/// A chunked body whose framing does not parse (RFC 9112 §7.1) after a good request on a
/// kept-alive connection gets the AWS-shaped 400 and a close, in order after the good answer;
/// it used to reach hyper unframed, whose decoder failed on it. Sent after the good answer,
/// pipelined in one write, and a byte at a time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_body_whose_framing_fails_after_a_good_request_gets_the_aws_shaped_400_and_a_close()
 {
    let env = with_backend_opts(SandboxOptions::default()).await;
    for (what, bad) in get_backend_badly_chunked(&env) {
        // One after the other.
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        s.write_all(&get_backend(&env, false)).await.unwrap();
        let first = one_answer(&mut s).await;
        assert_eq!(first.status, 200, "{what}: {first:?}");
        s.write_all(&bad).await.unwrap();
        s.shutdown().await.unwrap();
        let rest = answers(read_until_closed(&mut s).await.as_bytes());
        assert_eq!(rest.len(), 1, "{what}: one answer, then closed: {rest:?}");
        assert_chunk_refused(what, &rest[0]);

        let mut both = get_backend(&env, false);
        both.extend_from_slice(&bad);
        for byte_by_byte in [false, true] {
            let mut s = TcpStream::connect(host(&env)).await.unwrap();
            if byte_by_byte {
                // The sandbox may have answered before the last bytes: a failed write ends it.
                for b in &both {
                    if s.write_all(&[*b]).await.is_err() {
                        break;
                    }
                }
            } else {
                s.write_all(&both).await.unwrap();
            }
            let _ = s.shutdown().await;
            let all = answers(read_until_closed(&mut s).await.as_bytes());
            let how = if byte_by_byte {
                "byte by byte"
            } else {
                "pipelined"
            };
            assert_eq!(all.len(), 2, "{what}, {how}: {all:?}");
            assert_eq!(all[0].status, 200, "{what}, {how}");
            assert_chunk_refused(&format!("{what}, {how}"), &all[1]);
        }
    }
    // Signed requests are still served.
    let jobs = env.clients.list_jobs(APP, ENV, &Default::default()).await;
    assert!(jobs.is_ok(), "{jobs:?}");
    env.stop().await;
}
