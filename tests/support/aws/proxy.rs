//! A hostile proxy on 127.0.0.1 in front of a real server (the sandbox): it passes requests
//! through unchanged, except the ones a rule picks, which it answers itself (a status, silence, a
//! dropped connection) or whose real answer it damages on the way back (cut short, replaced by
//! HTML, cut off mid-body). So an app can run a whole flow against the sandbox while one call
//! misbehaves. Requests are forwarded byte for byte, Host header included, so SigV4 signatures
//! made for the proxy's address still verify upstream.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use super::{Recorded, Reply, read_request, response_bytes};

/// What happens to a request a rule picked.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer without forwarding (a status, [`Reply::Hang`], [`Reply::Close`]).
    Reply(Reply),
    /// Forward, then deliver the real answer with its body cut in half (and a Content-Length
    /// that matches the cut body): a complete HTTP response holding broken JSON.
    Truncate,
    /// Forward, then replace the real body with an HTML page, keeping the status.
    NotJson,
    /// Forward, then send the real head and half the body and close the connection.
    CloseMidBody,
}

type Matcher = Box<dyn Fn(&Recorded) -> bool + Send + Sync>;

pub struct Rule {
    matches: Matcher,
    fault: Fault,
    /// How many more requests this rule takes; `None`: every matching one.
    left: Option<usize>,
}

impl Rule {
    /// Applies `fault` to every request `matches` picks.
    pub fn new(matches: impl Fn(&Recorded) -> bool + Send + Sync + 'static, fault: Fault) -> Rule {
        Rule {
            matches: Box::new(matches),
            fault,
            left: None,
        }
    }

    /// Only the next `n` matching requests.
    pub fn times(mut self, n: usize) -> Rule {
        self.left = Some(n);
        self
    }
}

fn path(r: &Recorded) -> &str {
    r.target.split('?').next().unwrap_or_default()
}

/// CreateBackendAuth: `POST /backend/{appId}/auth`.
pub fn create_auth(r: &Recorded) -> bool {
    r.method == "POST" && path(r).starts_with("/backend/") && path(r).ends_with("/auth")
}

/// GetBackendJob: `GET /backend/{appId}/job/{env}/{jobId}`.
pub fn get_job(r: &Recorded) -> bool {
    r.method == "GET" && path(r).starts_with("/backend/") && path(r).contains("/job/")
}

/// GetBackendAuth: `POST /backend/{appId}/auth/{env}/details`.
/// GetBackend: `POST /backend/{appId}/details` (not an auth resource's details).
pub fn get_backend(r: &Recorded) -> bool {
    let p = path(r);
    r.method == "POST"
        && p.starts_with("/backend/")
        && p.ends_with("/details")
        && !p.contains("/auth/")
}

pub fn get_auth(r: &Recorded) -> bool {
    path(r).contains("/auth/") && path(r).ends_with("/details")
}

/// Amplify ListApps: `GET /apps`.
pub fn list_apps(r: &Recorded) -> bool {
    r.method == "GET" && path(r) == "/apps"
}

/// One request as the proxy saw it, and whether a rule took it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub request: Recorded,
    pub fault: Option<Fault>,
}

pub struct Proxy {
    pub url: String,
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: JoinHandle<()>,
}

impl Proxy {
    /// Listens on 127.0.0.1:0 and forwards to `upstream` (`http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str) -> Proxy {
        let upstream = upstream
            .strip_prefix("http://")
            .expect("an http:// upstream")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let rules: Arc<Mutex<Vec<Rule>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (r, s) = (rules.clone(), seen.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (r, s, up) = (r.clone(), s.clone(), upstream.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &up, r, s).await;
                });
            }
        });
        Proxy {
            url,
            rules,
            seen,
            task,
        }
    }

    pub fn add(&self, rule: Rule) {
        self.rules.lock().unwrap().push(rule);
    }

    /// Drops every rule: from now on everything passes through.
    pub fn clear(&self) {
        self.rules.lock().unwrap().clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests `pred` picks, faulted or not.
    pub fn count(&self, pred: fn(&Recorded) -> bool) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| pred(&s.request))
            .count()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn pick(rules: &Mutex<Vec<Rule>>, req: &Recorded) -> Option<Fault> {
    let mut rules = rules.lock().unwrap();
    let rule = rules
        .iter_mut()
        .find(|r| r.left != Some(0) && (r.matches)(req))?;
    if let Some(n) = rule.left.as_mut() {
        *n -= 1;
    }
    Some(rule.fault.clone())
}

async fn serve(
    mut client: TcpStream,
    upstream: &str,
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
) -> std::io::Result<()> {
    client.set_nodelay(true)?;
    let mut buf = Vec::new();
    loop {
        let Some(req) = read_request(&mut client, &mut buf).await? else {
            return Ok(());
        };
        let fault = pick(&rules, &req);
        seen.lock().unwrap().push(Seen {
            request: req.clone(),
            fault: fault.clone(),
        });
        match fault {
            Some(Fault::Reply(Reply::Respond {
                status,
                headers,
                body,
            })) => {
                client
                    .write_all(&response_bytes(status, &headers, &body))
                    .await?;
                continue;
            }
            Some(Fault::Reply(Reply::Hang)) => {
                let mut sink = [0u8; 1024];
                while client.read(&mut sink).await? > 0 {}
                return Ok(());
            }
            Some(Fault::Reply(Reply::Close)) => return Ok(()),
            _ => {}
        }
        let (head, mut body) = forward(upstream, &req).await?;
        match fault {
            Some(Fault::Truncate) => {
                body.truncate(body.len() / 2);
            }
            Some(Fault::NotJson) => {
                body =
                    b"<html><body><h1>502 Bad Gateway</h1>upstream said no</body></html>".to_vec();
            }
            Some(Fault::CloseMidBody) => {
                let mut out = with_length(&head, body.len());
                out.extend_from_slice(&body[..body.len() / 2]);
                client.write_all(&out).await?;
                return Ok(());
            }
            _ => {}
        }
        let mut out = with_length(&head, body.len());
        out.extend_from_slice(&body);
        client.write_all(&out).await?;
    }
}

/// The response head with its Content-Length set to `len`.
fn with_length(head: &str, len: usize) -> Vec<u8> {
    let mut out = String::new();
    for line in head.split("\r\n") {
        if line
            .split_once(':')
            .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(&format!("Content-Length: {len}\r\n\r\n"));
    out.into_bytes()
}

/// Sends `req` upstream on a fresh connection; returns the response head (without the blank
/// line) and body.
async fn forward(upstream: &str, req: &Recorded) -> std::io::Result<(String, Vec<u8>)> {
    let mut up = TcpStream::connect(upstream).await?;
    up.set_nodelay(true)?;
    let mut out = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
    for (k, v) in &req.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&req.body);
    up.write_all(out.as_bytes()).await?;
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = up.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = head
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .expect("the upstream answers with a Content-Length");
    let start = head_end + 4;
    while buf.len() < start + len {
        let mut chunk = [0u8; 4096];
        let n = up.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok((head, buf[start..start + len].to_vec()))
}
