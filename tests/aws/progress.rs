//! The SDK's retries reported as they happen (`aws::progress`), against the scripted server.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amplify_auth::aws::progress::{AttemptEvent, AttemptNote, AttemptSink, report_attempts};
use amplify_auth::aws::{ErrorKind, Timeouts};
use support::aws::*;

const JOB_OK: &str = r#"{"appId":"a1","backendEnvironmentName":"dev","jobId":"j1","operation":"CreateBackendAuth","status":"RUNNING"}"#;

fn collector() -> (AttemptSink, Arc<Mutex<Vec<AttemptNote>>>) {
    let notes = Arc::new(Mutex::new(Vec::new()));
    let n = notes.clone();
    (Arc::new(move |note| n.lock().unwrap().push(note)), notes)
}

#[tokio::test]
async fn a_throttled_attempt_is_reported_before_and_when_the_retry_starts() {
    let server = Server::start(vec![rate_exceeded(), json(200, JOB_OK)]).await;
    let c = clients(&server.url, roomy());
    let (sink, notes) = collector();
    let job = tokio::time::timeout(
        GENEROUS,
        report_attempts(sink, c.delete_auth("a1", "dev", "r1")),
    )
    .await
    .unwrap()
    .expect("the retry succeeds");
    assert_eq!(job.job_id.as_deref(), Some("j1"));
    let notes = notes.lock().unwrap().clone();
    assert_eq!(
        notes,
        vec![
            AttemptNote {
                operation: "DeleteBackendAuth".into(),
                attempt: 1,
                max_attempts: 3,
                event: AttemptEvent::Failed {
                    reason: "HTTP 429 TooManyRequestsException: Rate exceeded".into(),
                    within: Duration::from_secs(1),
                },
            },
            AttemptNote {
                operation: "DeleteBackendAuth".into(),
                attempt: 2,
                max_attempts: 3,
                event: AttemptEvent::Retrying {
                    after: "failed: HTTP 429 TooManyRequestsException: Rate exceeded".into()
                },
            },
        ]
    );
    assert_eq!(
        notes[1].to_string(),
        "DeleteBackendAuth: retrying 2/3 (attempt 1 failed: HTTP 429 TooManyRequestsException: Rate exceeded)"
    );
}

#[tokio::test]
async fn the_back_off_bound_doubles_and_the_last_attempt_promises_nothing() {
    let server = Server::start(vec![bare(503, "")]).await;
    let c = clients(&server.url, roomy());
    let (sink, notes) = collector();
    let err = tokio::time::timeout(
        GENEROUS,
        report_attempts(sink, c.get_job("a1", "dev", "j1")),
    )
    .await
    .unwrap()
    .unwrap_err();
    assert!(err.is_retryable());
    let notes = notes.lock().unwrap().clone();
    let failed: Vec<(u32, Duration)> = notes
        .iter()
        .filter_map(|n| match &n.event {
            AttemptEvent::Failed { within, .. } => Some((n.attempt, *within)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failed,
        vec![(1, Duration::from_secs(1)), (2, Duration::from_secs(2))],
        "the third and last failure announces no retry: {notes:?}"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn an_attempt_cut_off_by_its_timeout_is_named_when_the_retry_starts() {
    let server = Server::start(vec![Reply::Hang, json(200, JOB_OK)]).await;
    let timeouts = Timeouts {
        connect: Duration::from_secs(5),
        attempt: Duration::from_millis(400),
        operation: Duration::from_secs(20),
    };
    let c = clients(&server.url, timeouts);
    let (sink, notes) = collector();
    tokio::time::timeout(
        GENEROUS,
        report_attempts(sink, c.delete_auth("a1", "dev", "r1")),
    )
    .await
    .unwrap()
    .expect("the second attempt is answered");
    let notes = notes.lock().unwrap().clone();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        notes[0].to_string(),
        "DeleteBackendAuth: retrying 2/3 (attempt 1 got no answer in time)"
    );
}

#[tokio::test]
async fn a_refusal_that_is_not_retried_reports_nothing() {
    let body = r#"{"message":"bad input"}"#;
    let server = Server::start(vec![service_error(400, "BadRequestException", body)]).await;
    let c = clients(&server.url, roomy());
    let (sink, notes) = collector();
    let err = report_attempts(sink, c.get_job("a1", "dev", "j1"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("BadRequestException"));
    assert!(notes.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_reported_in_plain_words() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = clients(&format!("http://127.0.0.1:{port}"), roomy());
    let (sink, notes) = collector();
    let _ = tokio::time::timeout(
        GENEROUS,
        report_attempts(sink, c.get_job("a1", "dev", "j1")),
    )
    .await
    .unwrap()
    .unwrap_err();
    let notes = notes.lock().unwrap().clone();
    assert!(
        matches!(&notes[0].event, AttemptEvent::Failed { reason, .. } if reason == "connection refused"),
        "{notes:?}"
    );
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_retried_and_named() {
    use support::aws::proxy::{Fault, Proxy, Rule};
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    let proxy = Proxy::start(&server.url).await;
    proxy.add(Rule::new(|_| true, Fault::CloseMidBody).times(1));
    let c = clients(&proxy.url, roomy());
    let (sink, notes) = collector();
    let job = tokio::time::timeout(
        GENEROUS,
        report_attempts(sink, c.get_job("a1", "dev", "j1")),
    )
    .await
    .unwrap()
    .expect("the retry reads the whole answer");
    assert_eq!(job.job_id, "j1");
    assert_eq!(server.count(), 2);
    let notes = notes.lock().unwrap().clone();
    assert!(
        matches!(&notes[0].event, AttemptEvent::Failed { reason, .. }
            if reason == "the HTTP 200 answer broke off: the connection closed before the whole answer arrived"),
        "{notes:?}"
    );
}

#[tokio::test]
async fn a_body_that_always_breaks_off_ends_as_unreadable_after_three_attempts() {
    use support::aws::proxy::{Fault, Proxy, Rule};
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    let proxy = Proxy::start(&server.url).await;
    proxy.add(Rule::new(|_| true, Fault::CloseMidBody));
    let c = clients(&proxy.url, roomy());
    let err = tokio::time::timeout(GENEROUS, c.get_job("a1", "dev", "j1"))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(server.count(), 3, "a broken-off answer is retried");
    assert_eq!(err.kind, ErrorKind::Parse, "{err}");
    assert!(
        err.to_string().ends_with(
            "(HTTP 200) could not be read: the connection closed before the whole answer arrived (request id req-200)"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn a_connection_dropped_without_an_answer_is_named_in_the_note() {
    let server = Server::start(vec![Reply::Close, json(200, JOB_OK)]).await;
    let c = clients(&server.url, roomy());
    let (sink, notes) = collector();
    tokio::time::timeout(
        GENEROUS,
        report_attempts(sink, c.get_job("a1", "dev", "j1")),
    )
    .await
    .unwrap()
    .expect("the retry is answered");
    let notes = notes.lock().unwrap().clone();
    assert_eq!(
        notes[0].to_string(),
        "GetBackendJob: attempt 1/3 failed (the server closed the connection without answering); retrying 2/3 in at most 1.0 s"
    );
}
