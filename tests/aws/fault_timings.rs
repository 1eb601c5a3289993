//! Measurements for RELIABILITY.md, not checks: how long one call takes to give up (or succeed)
//! under each fault, with the app's default timeouts and retries, and how many attempts the
//! server saw. Ignored by default (the silent-server case takes half a minute); run with
//! `cargo test --test aws fault_timings:: -- --ignored --nocapture`.

use crate::support;

use std::time::{Duration, Instant};

use amplify_auth::aws::Timeouts;
use support::aws::proxy::{Fault, Proxy, Rule};
use support::aws::*;

const JOB_OK: &str = r#"{"appId":"a1","backendEnvironmentName":"dev","jobId":"j1","operation":"CreateBackendAuth","status":"RUNNING"}"#;

struct Row {
    case: &'static str,
    attempts: Vec<usize>,
    times: Vec<Duration>,
    outcome: String,
}

fn print(rows: &[Row]) {
    println!("| case | attempts | time median (min–max), n | outcome |");
    println!("|---|---|---|---|");
    for r in rows {
        let mut t = r.times.clone();
        t.sort();
        let ms = |d: Duration| format!("{:.3} s", d.as_secs_f64());
        println!(
            "| {} | {:?} | {} ({}–{}), n={} | {} |",
            r.case,
            r.attempts,
            ms(t[t.len() / 2]),
            ms(t[0]),
            ms(t[t.len() - 1]),
            t.len(),
            r.outcome
        );
    }
}

async fn scripted(case: &'static str, script: Vec<Reply>, runs: usize) -> Row {
    let mut row = Row {
        case,
        attempts: vec![],
        times: vec![],
        outcome: String::new(),
    };
    for _ in 0..runs {
        let server = Server::start(script.clone()).await;
        let c = clients(&server.url, Timeouts::default());
        let t = Instant::now();
        let res = c.get_job("a1", "dev", "j1").await;
        row.times.push(t.elapsed());
        row.attempts.push(server.count());
        row.outcome = match res {
            Ok(j) => format!("ok ({})", j.status),
            Err(e) => e.to_string(),
        };
    }
    row
}

async fn proxied(case: &'static str, fault: Fault, runs: usize) -> Row {
    let mut row = Row {
        case,
        attempts: vec![],
        times: vec![],
        outcome: String::new(),
    };
    for _ in 0..runs {
        let server = Server::start(vec![json(200, JOB_OK)]).await;
        let proxy = Proxy::start(&server.url).await;
        proxy.add(Rule::new(|_| true, fault.clone()));
        let c = clients(&proxy.url, Timeouts::default());
        let t = Instant::now();
        let res = c.get_job("a1", "dev", "j1").await;
        row.times.push(t.elapsed());
        row.attempts.push(server.count());
        row.outcome = match res {
            Ok(j) => format!("ok ({})", j.status),
            Err(e) => e.to_string(),
        };
    }
    row
}

#[tokio::test]
#[ignore = "a measurement for RELIABILITY.md; takes about a minute"]
async fn measure_every_fault_with_the_default_timeouts() {
    let n = 5;
    let mut rows = vec![
        scripted("429 + TooManyRequestsException", vec![rate_exceeded()], n).await,
        scripted(
            "429, no error type",
            vec![bare(429, r#"{"message":"Too Many Requests"}"#)],
            n,
        )
        .await,
        scripted(
            "504 + GatewayTimeoutException",
            vec![service_error(
                504,
                "GatewayTimeoutException",
                r#"{"message":"Endpoint request timed out"}"#,
            )],
            n,
        )
        .await,
        scripted(
            "500, no error type",
            vec![bare(500, r#"{"message":"Internal server error"}"#)],
            n,
        )
        .await,
        scripted(
            "429 twice, then 200",
            vec![
                bare(429, r#"{"message":"Too Many Requests"}"#),
                bare(429, r#"{"message":"Too Many Requests"}"#),
                json(200, JOB_OK),
            ],
            n,
        )
        .await,
        scripted(
            "200, truncated JSON",
            vec![json(200, r#"{"appId":"a1","jobId":"#)],
            n,
        )
        .await,
        scripted(
            "200, HTML instead of JSON",
            vec![json(200, "<html>gateway</html>")],
            n,
        )
        .await,
        scripted("connection closed, no response", vec![Reply::Close], n).await,
        proxied("connection closed mid-body", Fault::CloseMidBody, n).await,
    ];
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut refused = Row {
        case: "connection refused",
        attempts: vec![],
        times: vec![],
        outcome: String::new(),
    };
    for _ in 0..n {
        let c = clients(&format!("http://127.0.0.1:{port}"), Timeouts::default());
        let t = Instant::now();
        let res = c.get_job("a1", "dev", "j1").await;
        refused.times.push(t.elapsed());
        refused.outcome = res.map(|_| "ok".into()).unwrap_or_else(|e| e.to_string());
    }
    rows.push(refused);
    rows.push(scripted("hang: request read, never answered", vec![Reply::Hang], 1).await);
    print(&rows);
}
