//! How the AWS layer behaves when the server misbehaves: silence, throttling without an error
//! type, refused connections, modelled errors, broken JSON, hostile text.

use crate::support;

use std::time::Duration;

use amplify_auth::aws::{ErrorKind, Timeouts};
use support::aws::*;

const NOT_FOUND_BODY: &str = r#"{"message":"x","resourceType":"app"}"#;
const JOB_OK: &str = r#"{"appId":"a1","backendEnvironmentName":"dev","jobId":"j1","operation":"CreateBackendAuth","status":"RUNNING"}"#;

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::Hang]).await;
    let timeouts = Timeouts {
        connect: Duration::from_secs(5),
        attempt: Duration::from_millis(300),
        operation: Duration::from_secs(3),
    };
    let c = clients(&server.url, timeouts);
    let res = tokio::time::timeout(GENEROUS, c.get_auth("a1", "dev", "r1"))
        .await
        .expect("the call must end on its own timeout");
    let err = res.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    assert!(err.is_retryable());
    assert!(server.count() >= 1);
    assert!(
        err.to_string()
            .starts_with("GetBackendAuth failed: timed out"),
        "{err}"
    );
}

#[tokio::test]
async fn a_bare_429_is_retried_and_the_call_succeeds() {
    let server = Server::start(vec![
        bare(429, r#"{"message":"slow down (no error type)"}"#),
        json(200, JOB_OK),
    ])
    .await;
    let c = clients(&server.url, roomy());
    let job = tokio::time::timeout(GENEROUS, c.delete_auth("a1", "dev", "r1"))
        .await
        .unwrap()
        .expect("the retry should succeed");
    assert_eq!(server.count(), 2, "one throttled attempt, one retry");
    assert_eq!(job.job_id.as_deref(), Some("j1"));
    let attempts: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("amz-sdk-request").unwrap_or_default().to_string())
        .collect();
    assert!(attempts[1].contains("attempt=2"), "{attempts:?}");
}

#[tokio::test]
async fn gateway_errors_without_a_type_are_retried() {
    let server = Server::start(vec![
        bare(503, "<html>unavailable</html>"),
        bare(502, ""),
        json(200, JOB_OK),
    ])
    .await;
    let c = clients(&server.url, roomy());
    let job = tokio::time::timeout(GENEROUS, c.delete_auth("a1", "dev", "r1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(server.count(), 3);
    assert_eq!(job.env, "dev");
}

#[tokio::test]
async fn throttling_that_never_stops_ends_as_throttled_after_three_attempts() {
    let server = Server::start(vec![bare(429, r#"{"message":"still too many"}"#)]).await;
    let c = clients(&server.url, roomy());
    let err = tokio::time::timeout(GENEROUS, c.get_job("a1", "dev", "j1"))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(server.count(), 3);
    assert_eq!(
        err.kind,
        ErrorKind::Throttled {
            code: None,
            message: "still too many".into()
        }
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn connection_refused_is_a_network_error_naming_the_endpoint() {
    // Bind, note the port, close: nothing listens there any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let c = clients(&url, roomy());
    let err = tokio::time::timeout(GENEROUS, c.get_backend("a1", None))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    let text = err.to_string();
    assert!(text.contains(&url), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    assert!(text.starts_with("GetBackend failed:"), "{text}");
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error_after_retries() {
    let server = Server::start(vec![Reply::Close]).await;
    let c = clients(&server.url, roomy());
    let err = tokio::time::timeout(GENEROUS, c.get_job("a1", "dev", "j1"))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn not_found_keeps_the_service_code_message_and_request_id() {
    let server = Server::start(vec![service_error(
        404,
        "NotFoundException",
        NOT_FOUND_BODY,
    )])
    .await;
    let c = clients(&server.url, roomy());
    let err = c.get_auth("a1", "dev", "r1").await.unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Service {
            code: "NotFoundException".into(),
            message: "x".into(),
            status: Some(404)
        }
    );
    assert_eq!(server.count(), 1, "a 404 is not retried");
    assert_eq!(err.request_id.as_deref(), Some("req-err-1"));
    assert_eq!(
        err.to_string(),
        "GetBackendAuth failed: NotFoundException: x (request id req-err-1)"
    );
    assert!(err.is_not_found());
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn the_error_type_header_may_carry_a_namespace_and_extra_text() {
    let server = Server::start(vec![service_error(
        404,
        "NotFoundException:http://internal.amazon.com/coral/com.amazon.amplifybackend/",
        NOT_FOUND_BODY,
    )])
    .await;
    let c = clients(&server.url, roomy());
    let err = c.get_auth("a1", "dev", "r1").await.unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
}

#[tokio::test]
async fn a_pending_job_refusal_is_recognised() {
    let body = r#"{"message":"There is already a pending job for the requested appId: a1 and backendEnvironmentName: dev, wait for it to complete before creating a new job"}"#;
    let server = Server::start(vec![service_error(400, "BadRequestException", body)]).await;
    let c = clients(&server.url, roomy());
    let cfg = amplify_auth::domain::samples::default_config("demo");
    let err = c.create_auth("a1", "dev", "r1", &cfg).await.unwrap_err();
    assert!(err.is_pending_job(), "{err}");
    assert_eq!(err.code(), Some("BadRequestException"));
    assert!(!err.is_retryable());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_parse_error_with_the_request_id() {
    let server = Server::start(vec![json(200, r#"{"appId":"a1","jobId":"#)]).await;
    let c = clients(&server.url, roomy());
    let err = c.get_job("a1", "dev", "j1").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Parse, "{err}");
    assert_eq!(err.request_id.as_deref(), Some("req-200"));
    assert!(err.to_string().contains("request id req-200"), "{err}");
}

#[tokio::test]
async fn unreadable_answers_are_described_in_words() {
    let server = Server::start(vec![
        json(200, r#"{"appId":"a1","jobId":"#),
        json(200, "<html><body>Bad gateway</body></html>"),
    ])
    .await;
    let c = clients(&server.url, roomy());
    let cut = c.get_job("a1", "dev", "j1").await.unwrap_err();
    assert!(
        cut.to_string()
            .contains("could not be read: the answer breaks off after 22 bytes (incomplete JSON)"),
        "{cut}"
    );
    let html = c.get_job("a1", "dev", "j1").await.unwrap_err();
    assert!(
        html.to_string().contains(
            "could not be read: the answer is not JSON; it begins: <html><body>Bad gateway</body></html>"
        ),
        "{html}"
    );
    assert_eq!(server.count(), 2, "neither is retried");
}

#[tokio::test]
async fn hostile_escape_sequences_never_reach_the_message() {
    let body = "{\"message\":\"bad \\u001b]0;pwned\\u0007\\u001b[2Jthing\\r\\nhappened\"}";
    let server = Server::start(vec![service_error(400, "BadRequestException", body)]).await;
    let c = clients(&server.url, roomy());
    let err = c.get_job("a1", "dev", "j1").await.unwrap_err();
    let text = err.to_string();
    assert!(!text.chars().any(|ch| ch.is_control()), "{text:?}");
    assert_eq!(err.message(), "bad thing  happened");
}

#[tokio::test]
async fn a_500_without_type_keeps_the_status_and_a_body_snippet() {
    let server = Server::start(vec![bare(500, "<html>proxy exploded</html>")]).await;
    let c = clients(&server.url, roomy());
    let err = tokio::time::timeout(GENEROUS, c.get_job("a1", "dev", "j1"))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(server.count(), 3, "500 is retried");
    match &err.kind {
        ErrorKind::Service {
            code,
            message,
            status,
        } => {
            assert_eq!(code, "HTTP 500");
            assert_eq!(*status, Some(500));
            assert!(message.contains("proxy exploded"), "{message}");
        }
        other => panic!("unexpected kind {other:?}"),
    }
    assert!(err.is_retryable());
}
