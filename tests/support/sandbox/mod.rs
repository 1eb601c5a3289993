//! Shared helpers of the sandbox tests: SDK clients pointed at a sandbox, job polling, and a tiny
//! raw HTTP/1.1 client (signed with the SDK's own SigV4 signer, or not at all).
#![allow(dead_code)]

pub mod convert;
pub mod process;

use std::time::{Duration, SystemTime};

use amplify_auth::sandbox::{self, SandboxHandle, SandboxOptions, StatePath};
use aws_sdk_amplifybackend::operation::get_backend_job::GetBackendJobOutput;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const REGION: &str = "us-east-1";

pub async fn start(job_ms: u64) -> SandboxHandle {
    start_with(job_ms, SandboxOptions::default()).await
}

/// Like [`start`], with other options (e.g. `return_secrets`); job duration and state as there.
pub async fn start_with(job_ms: u64, opts: SandboxOptions) -> SandboxHandle {
    sandbox::start(SandboxOptions {
        job_duration: Duration::from_millis(job_ms),
        state: StatePath::Memory,
        ..opts
    })
    .await
    .expect("sandbox starts")
}

fn timeouts() -> aws_smithy_types::timeout::TimeoutConfig {
    aws_smithy_types::timeout::TimeoutConfig::builder()
        .operation_timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .build()
}

/// An AmplifyBackend client built explicitly (no profile, no environment) for the sandbox.
pub fn backend_client_with(
    h: &SandboxHandle,
    key: &str,
    secret: &str,
    region: &str,
    retries: bool,
) -> aws_sdk_amplifybackend::Client {
    backend_client_at(&h.endpoint, key, secret, region, retries)
}

/// Like [`backend_client_with`], for a sandbox known only by its endpoint (another process).
pub fn backend_client_at(
    endpoint: &str,
    key: &str,
    secret: &str,
    region: &str,
    retries: bool,
) -> aws_sdk_amplifybackend::Client {
    use aws_sdk_amplifybackend::config::{
        BehaviorVersion, Credentials, Region, retry::RetryConfig,
    };
    let conf = aws_sdk_amplifybackend::Config::builder()
        .endpoint_url(endpoint)
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new(key, secret, None, None, "sandbox-test"))
        .behavior_version(BehaviorVersion::latest())
        .timeout_config(timeouts())
        .retry_config(if retries {
            RetryConfig::standard().with_max_attempts(2)
        } else {
            RetryConfig::disabled()
        })
        .build();
    aws_sdk_amplifybackend::Client::from_conf(conf)
}

pub fn backend_client(h: &SandboxHandle) -> aws_sdk_amplifybackend::Client {
    backend_client_with(h, &h.access_key_id, &h.secret_access_key, REGION, false)
}

pub fn amplify_client(h: &SandboxHandle) -> aws_sdk_amplify::Client {
    amplify_client_at(&h.endpoint, &h.access_key_id, &h.secret_access_key)
}

/// An Amplify client for the sandbox at `endpoint` (region [`REGION`], no retries).
pub fn amplify_client_at(endpoint: &str, key: &str, secret: &str) -> aws_sdk_amplify::Client {
    use aws_sdk_amplify::config::{BehaviorVersion, Credentials, Region, retry::RetryConfig};
    let conf = aws_sdk_amplify::Config::builder()
        .endpoint_url(endpoint)
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(key, secret, None, None, "sandbox-test"))
        .behavior_version(BehaviorVersion::latest())
        .timeout_config(timeouts())
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_amplify::Client::from_conf(conf)
}

/// Polls GetBackendJob until the job leaves RUNNING (generous bound, no timing assertion).
pub async fn wait_job(
    c: &aws_sdk_amplifybackend::Client,
    app: &str,
    env: &str,
    job: &str,
) -> GetBackendJobOutput {
    for _ in 0..600 {
        let out = c
            .get_backend_job()
            .app_id(app)
            .backend_environment_name(env)
            .job_id(job)
            .send()
            .await
            .expect("GetBackendJob");
        if out.status() != Some("RUNNING") {
            return out;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job} still RUNNING after 30 s");
}

/// Every job of `app`'s `env`, following ListBackendJobs' pages to the end.
pub async fn all_jobs(
    c: &aws_sdk_amplifybackend::Client,
    app: &str,
    env: &str,
) -> Vec<aws_sdk_amplifybackend::types::BackendJobRespObj> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_backend_jobs()
            .app_id(app)
            .backend_environment_name(env)
            .set_next_token(token.take())
            .send()
            .await
            .expect("ListBackendJobs");
        out.extend(page.jobs().iter().cloned());
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => return out,
        }
    }
}

/// `default_config(project)` whose verification e-mail subject names the write that set it, so a
/// read shows which write it sees.
pub fn config_marked(project: &str, marker: &str) -> amplify_auth::domain::AuthConfig {
    let mut c = amplify_auth::domain::samples::default_config(project);
    let email = c
        .user_pool
        .verification_message
        .as_mut()
        .and_then(|m| m.email.as_mut())
        .expect("the default config has e-mail verification");
    email.subject = Some(format!("Your code ({marker})"));
    c
}

/// Makes app `app` (named `<app>-name`) if it does not exist yet, as the Amplify console would
/// have: CreateBackend answers 404 for an app that does not exist.
pub async fn seed_app(h: &SandboxHandle, app: &str) {
    h.seed_app(app, &format!("{app}-name"))
        .await
        .expect("the app is seeded");
}

/// Amplify CreateApp through the SDK: the new app's id.
pub async fn create_app(c: &aws_sdk_amplify::Client, name: &str) -> String {
    let out = c.create_app().name(name).send().await.expect("CreateApp");
    out.app()
        .expect("CreateApp returns the app")
        .app_id()
        .to_string()
}

/// Seeds the app if needed, then CreateBackend and wait for its job.
pub async fn create_backend(h: &SandboxHandle, app: &str, env: &str) {
    seed_app(h, app).await;
    let c = backend_client(h);
    let out = c
        .create_backend()
        .app_id(app)
        .app_name(format!("{app}-name"))
        .backend_environment_name(env)
        .send()
        .await
        .expect("CreateBackend");
    let job = wait_job(&c, app, env, out.job_id().unwrap()).await;
    assert_eq!(job.status(), Some("COMPLETED"));
}

/// A fresh Sign in with Apple key, bare base64 PKCS#8 body.
pub fn apple_key() -> String {
    sandbox::demo::generate_apple_key()
}

/// A raw HTTP response.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn message(&self) -> String {
        self.json()["message"]
            .as_str()
            .expect("message is a string")
            .to_string()
    }
}

/// How to sign a raw request.
pub enum Sign<'a> {
    Unsigned,
    As {
        key: &'a str,
        secret: &'a str,
        service: &'a str,
    },
    /// Signed by the sandbox's key as if at another time (clock skew).
    At {
        h: &'a SandboxHandle,
        service: &'a str,
        time: SystemTime,
    },
}

impl<'a> Sign<'a> {
    pub fn sandbox(h: &'a SandboxHandle, service: &'a str) -> Self {
        Sign::As {
            key: &h.access_key_id,
            secret: &h.secret_access_key,
            service,
        }
    }
}

/// Sends one request over a fresh connection and reads the whole answer.
pub async fn raw(
    h: &SandboxHandle,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    sign: Sign<'_>,
) -> Raw {
    raw_with_headers(h, method, path_and_query, body, sign, &[]).await
}

/// A POST signed with the sandbox's own key for AmplifyBackend, over a fresh connection.
pub async fn post_signed(h: &SandboxHandle, path_and_query: &str, body: &[u8]) -> Raw {
    raw(
        h,
        "POST",
        path_and_query,
        body,
        Sign::sandbox(h, "amplifybackend"),
    )
    .await
}

pub async fn raw_with_headers(
    h: &SandboxHandle,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    sign: Sign<'_>,
    extra: &[(&str, &str)],
) -> Raw {
    raw_tampered(h, method, path_and_query, body, sign, extra, |_, _, _| {}).await
}

/// Signs the request, then lets `tamper` change its path (with query), headers and body before it
/// is sent: what a proxy that rewrites requests, or an attacker replaying a signature, would do.
pub async fn raw_tampered(
    h: &SandboxHandle,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    sign: Sign<'_>,
    extra: &[(&str, &str)],
    tamper: impl FnOnce(&mut String, &mut Vec<(String, String)>, &mut Vec<u8>),
) -> Raw {
    let mut headers = signed_headers(h, (method, path_and_query, body), sign, extra);
    let mut path_and_query = path_and_query.to_string();
    let mut body = body.to_vec();
    tamper(&mut path_and_query, &mut headers, &mut body);
    let body = &body[..];
    let mut req = format!("{method} {path_and_query} HTTP/1.1\r\n");
    for (k, v) in &headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut stream = tokio::net::TcpStream::connect(h.local_addr).await.unwrap();
    stream.write_all(req.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.unwrap();
    parse_response(&buf)
}

/// The headers of a request (`method`, `path_and_query`, `body`): host, content type and `extra`,
/// with its signature when `sign` asks for one; framing headers (`content-length`, `connection`)
/// are the caller's.
pub fn signed_headers(
    h: &SandboxHandle,
    (method, path_and_query, body): (&str, &str, &[u8]),
    sign: Sign<'_>,
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    let host = h.local_addr.to_string();
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), host.clone()),
        ("content-type".into(), "application/json".into()),
    ];
    for (k, v) in extra {
        headers.push((k.to_string(), v.to_string()));
    }
    let signing = match sign {
        Sign::Unsigned => None,
        Sign::As {
            key,
            secret,
            service,
        } => Some((key, secret, service, SystemTime::now())),
        Sign::At { h, service, time } => Some((
            h.access_key_id.as_str(),
            h.secret_access_key.as_str(),
            service,
            time,
        )),
    };
    if let Some((key, secret, service, time)) = signing {
        use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
        use aws_sigv4::sign::v4;
        let creds = aws_credential_types::Credentials::new(key, secret, None, None, "raw");
        let identity = aws_smithy_runtime_api::client::identity::Identity::from(creds);
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(REGION)
            .name(service)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let uri = format!("http://{host}{path_and_query}");
        let signable = SignableRequest::new(
            method,
            uri,
            headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            SignableBody::Bytes(body),
        )
        .unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        for (k, v) in instructions.headers() {
            headers.push((k.to_string(), v.to_string()));
        }
    }
    headers
}

/// A signed request's line and headers, without the blank line that ends the head (framing
/// headers are the caller's): for several requests on one connection.
pub fn signed_head(h: &SandboxHandle, method: &str, path: &str, body: &[u8]) -> String {
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    let sign = Sign::sandbox(h, "amplifybackend");
    for (k, v) in signed_headers(h, (method, path, body), sign, &[]) {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head
}

pub fn parse_response(buf: &[u8]) -> Raw {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete HTTP head");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Raw {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 2 + size + 2..];
    }
}

/// Asserts the shape of an AWS error answer and returns its message.
pub fn assert_aws_error(r: &Raw, status: u16, code: &str) -> String {
    assert_eq!(
        r.status,
        status,
        "body: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(r.header("x-amzn-ErrorType"), Some(code), "{r:?}");
    assert!(r.header("x-amzn-RequestId").is_some(), "{r:?}");
    r.message()
}
