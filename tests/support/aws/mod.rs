//! A tiny scripted HTTP/1.1 server on 127.0.0.1 for the AWS layer's tests: it records every
//! request and answers from a script, including answers real services should never give
//! (silence, a dropped connection, broken JSON). It talks raw TCP, so the SDK under test runs
//! unmodified. Each response is written in one write with TCP_NODELAY set, so Nagle's algorithm
//! cannot add delays to keep-alive connections.

#![allow(dead_code)]

pub mod proxy;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amplify_auth::aws::{Clients, Timeouts, clients_from_static};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Read the request, never answer, keep the connection open.
    Hang,
    /// Read the request and close the connection without a response.
    Close,
}

/// A 2xx/4xx/5xx JSON answer with a request id header.
pub fn json(status: u16, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("x-amzn-RequestId".into(), format!("req-{status}"))],
        body: body.to_string(),
    }
}

/// A modelled service error: `x-amzn-ErrorType` names it, the body carries the message.
pub fn service_error(status: u16, error_type: &str, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![
            ("x-amzn-ErrorType".into(), error_type.into()),
            ("x-amzn-RequestId".into(), "req-err-1".into()),
        ],
        body: body.to_string(),
    }
}

/// The throttling answer API Gateway gives: 429 TooManyRequestsException, "Rate exceeded".
pub fn rate_exceeded() -> Reply {
    service_error(
        429,
        "TooManyRequestsException",
        r#"{"message":"Rate exceeded"}"#,
    )
}

/// A status with a body and no error type header (what a proxy or gateway sends).
pub fn bare(status: u16, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![],
        body: body.to_string(),
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path and query string.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Serves `script` in order, one reply per request across all connections; once the script
    /// runs out, the last reply repeats.
    pub async fn start(script: Vec<Reply>) -> Server {
        assert!(!script.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (recorded, script) = (recorded.clone(), script.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, recorded, script).await;
                });
            }
        });
        Server {
            url,
            requests,
            task,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Vec<Reply>>,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let Some(req) = read_request(&mut stream, &mut buf).await? else {
            return Ok(());
        };
        let reply = {
            let mut all = recorded.lock().unwrap();
            all.push(req);
            script[(all.len() - 1).min(script.len() - 1)].clone()
        };
        match reply {
            Reply::Respond {
                status,
                headers,
                body,
            } => {
                stream
                    .write_all(&response_bytes(status, &headers, &body))
                    .await?;
            }
            Reply::Hang => {
                // Wait for the client to give up and close.
                let mut sink = [0u8; 1024];
                while stream.read(&mut sink).await? > 0 {}
                return Ok(());
            }
            Reply::Close => return Ok(()),
        }
    }
}

/// A JSON response in one buffer, so it goes out in one write.
fn response_bytes(status: u16, headers: &[(String, String)], body: &str) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        reason(status),
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(body);
    head.into_bytes()
}

/// Reads one request (head plus Content-Length body). `None` at a clean end of stream.
async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Recorded>> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buf.len() < body_start + len {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[body_start..body_start + len]).to_string();
    buf.drain(..body_start + len);
    Ok(Some(Recorded {
        method,
        target,
        headers,
        body,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Timeouts roomy enough for a loaded 2-core machine, for tests where the server does answer.
pub fn roomy() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        attempt: Duration::from_secs(10),
        operation: Duration::from_secs(40),
    }
}

/// Clients for a test server, with fixed dummy credentials; nothing from the environment.
pub fn clients(url: &str, timeouts: Timeouts) -> Clients {
    clients_from_static(
        url,
        "AKIDTESTKEY",
        "test-secret-value",
        "us-east-1",
        timeouts,
    )
}

/// An upper bound on any test call, far beyond what the configured timeouts allow, so a
/// regression that removes a timeout fails the test instead of hanging it.
pub const GENEROUS: Duration = Duration::from_secs(120);
