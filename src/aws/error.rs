//! One error type for every AWS call, with text a person can act on.
//!
//! The SDK's own `Display` says just "service error" or "dispatch failure"; what a user needs is
//! the service's error code and message, the request id to quote to support, and for transport
//! failures which endpoint could not be reached and why, in plain words.

use std::error::Error as StdError;
use std::fmt;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_types::request_id::RequestId;

/// What went wrong, as far as the caller needs to decide what to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The service answered with an error. `code` is its error type (`NotFoundException`, …) or,
    /// when the response named none, `HTTP <status>`. `message` is the service's own text.
    Service {
        code: String,
        message: String,
        status: Option<u16>,
    },
    /// The service asked us to slow down (HTTP 429 or a throttling error code), after retries.
    Throttled {
        code: Option<String>,
        message: String,
    },
    /// No answer in time: connect, attempt or whole-operation timeout.
    Timeout,
    /// The endpoint could not be reached or dropped the connection.
    Network,
    /// No usable credentials were found or they could not be loaded.
    Credentials,
    /// No region is configured, or the region cannot be turned into an endpoint.
    Region,
    /// A response arrived but could not be read (malformed or missing data).
    Parse,
    /// Anything else (the request could not be built, …).
    Other,
}

/// An AWS call that failed.
#[derive(Clone, Debug)]
pub struct ApiError {
    /// The API operation, as the service names it (`GetBackendAuth`, …).
    pub operation: &'static str,
    pub kind: ErrorKind,
    pub request_id: Option<String>,
    /// Plain-words detail (already sanitised) for the kinds without a service message: what
    /// failed, where (transport failures name the endpoint), and the cause chain.
    pub detail: String,
}

impl ApiError {
    pub fn new(operation: &'static str, kind: ErrorKind, detail: impl AsRef<str>) -> Self {
        ApiError {
            operation,
            kind,
            request_id: None,
            detail: sanitize_text(detail.as_ref()),
        }
    }

    /// The "no region" error, worded for the command line.
    pub fn no_region() -> Self {
        ApiError::new(
            "Connect",
            ErrorKind::Region,
            "no AWS region is configured: pass --region, set AWS_REGION, or set `region` in your AWS profile",
        )
    }

    /// Whether trying again later may succeed (throttling, timeouts, network and 5xx errors).
    pub fn is_retryable(&self) -> bool {
        match &self.kind {
            ErrorKind::Throttled { .. } | ErrorKind::Timeout | ErrorKind::Network => true,
            ErrorKind::Service { status, .. } => status.is_some_and(|s| s >= 500),
            _ => false,
        }
    }

    /// Whether the service refused because another job is still running for this app and
    /// environment (it allows one at a time and has no cancel): the caller should wait and poll.
    pub fn is_pending_job(&self) -> bool {
        let text = match &self.kind {
            ErrorKind::Service { message, .. } | ErrorKind::Throttled { message, .. } => message,
            _ => &self.detail,
        };
        text.to_ascii_lowercase().contains("already a pending job")
    }

    /// Whether the service said the thing asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(&self.kind, ErrorKind::Service { code, status, .. }
            if code == "NotFoundException" || *status == Some(404))
    }

    /// The service's error code, if the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Service { code, .. } => Some(code),
            ErrorKind::Throttled { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The service's message, or the plain-words detail for other failures.
    pub fn message(&self) -> &str {
        match &self.kind {
            ErrorKind::Service { message, .. } | ErrorKind::Throttled { message, .. } => message,
            _ => &self.detail,
        }
    }

    /// Builds the error from an SDK error. `endpoint` names where the request went.
    pub fn from_sdk<E>(
        operation: &'static str,
        endpoint: &str,
        err: SdkError<E, HttpResponse>,
    ) -> ApiError
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        let request_id = err.request_id().map(sanitize_text);
        let mut out = match &err {
            SdkError::ServiceError(ctx) => from_service(operation, ctx.err(), ctx.raw()),
            SdkError::TimeoutError(_) => ApiError::new(
                operation,
                ErrorKind::Timeout,
                format!(
                    "no response from {endpoint} in time ({})",
                    cause_chain(&err)
                ),
            ),
            SdkError::DispatchFailure(d) => from_dispatch(operation, endpoint, d, &err),
            SdkError::ResponseError(r) => ApiError::new(
                operation,
                ErrorKind::Parse,
                format!(
                    "the response from {endpoint} (HTTP {}) could not be read: {}",
                    r.raw().status().as_u16(),
                    transport_reason(&err)
                ),
            ),
            SdkError::ConstructionFailure(_) => ApiError::new(
                operation,
                ErrorKind::Other,
                format!("the request could not be built: {}", cause_chain(&err)),
            ),
            _ => ApiError::new(operation, ErrorKind::Other, cause_chain(&err)),
        };
        out.request_id = request_id;
        out
    }
}

/// Throttling error codes the AWS SDKs know; the API documents a 429 as either of the first two.
const THROTTLING_CODES: &[&str] = &[
    "TooManyRequestsException",
    "LimitExceededException",
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestThrottledException",
    "SlowDown",
];

fn from_service<E>(operation: &'static str, err: &E, raw: &HttpResponse) -> ApiError
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    let status = raw.status().as_u16();
    let code = err.code().map(sanitize_text);
    let message = err.message().map(sanitize_text);
    if (200..300).contains(&status) {
        // A 2xx that ends up as an error means the body did not match the model.
        ApiError::new(
            operation,
            ErrorKind::Parse,
            format!(
                "the response (HTTP {status}) could not be read: {}",
                unreadable_body(raw).unwrap_or_else(|| cause_chain(err))
            ),
        )
    } else {
        let message = message
            .filter(|m| !m.is_empty())
            .or_else(|| body_snippet(raw))
            .unwrap_or_default();
        let throttled = status == 429
            || code
                .as_deref()
                .is_some_and(|c| THROTTLING_CODES.contains(&c));
        let kind = if throttled {
            ErrorKind::Throttled { code, message }
        } else {
            ErrorKind::Service {
                code: code.unwrap_or_else(|| format!("HTTP {status}")),
                message,
                status: Some(status),
            }
        };
        ApiError::new(operation, kind, "")
    }
}

fn from_dispatch<E: StdError + 'static>(
    operation: &'static str,
    endpoint: &str,
    d: &aws_smithy_runtime_api::client::result::DispatchFailure,
    err: &SdkError<E, HttpResponse>,
) -> ApiError {
    let chain = cause_chain(err);
    if d.is_timeout() {
        return ApiError::new(
            operation,
            ErrorKind::Timeout,
            format!("connecting to {endpoint} timed out ({chain})"),
        );
    }
    if find_in_chain::<CredentialsError>(err).is_some() {
        return ApiError::new(
            operation,
            ErrorKind::Credentials,
            format!(
                "no usable AWS credentials ({chain}); check --profile, `aws configure` or AWS_ACCESS_KEY_ID"
            ),
        );
    }
    if find_in_chain::<ResolveEndpointError>(err).is_some() {
        return ApiError::new(
            operation,
            ErrorKind::Region,
            format!("no endpoint could be worked out for this region and settings ({chain})"),
        );
    }
    if d.is_user() {
        return ApiError::new(operation, ErrorKind::Other, chain);
    }
    if let Some(reason) = certificate_problem(err) {
        return ApiError::new(
            operation,
            ErrorKind::Network,
            format!(
                "could not connect securely to {endpoint}: {reason}; if it uses a private \
                 certificate authority, pass --ca-bundle FILE or set AWS_CA_BUNDLE"
            ),
        );
    }
    if find_in_chain::<std::io::Error>(err).map(|e| e.kind()) == Some(std::io::ErrorKind::TimedOut)
    {
        return ApiError::new(
            operation,
            ErrorKind::Timeout,
            format!("connecting to {endpoint} timed out ({chain})"),
        );
    }
    ApiError::new(
        operation,
        ErrorKind::Network,
        format!("could not reach {endpoint}: {}", transport_reason(err)),
    )
}

/// Why the server's certificate was refused, when that is what failed. The rustls error sits
/// inside an `io::Error` inside the HTTP client's connect error, not reachable by type through
/// `source()`, so its stable text ("invalid peer certificate: …") is what is looked for.
fn certificate_problem(err: &(dyn StdError + 'static)) -> Option<String> {
    let chain = cause_chain(err);
    let at = chain.find("invalid peer certificate")?;
    Some(format!(
        "its TLS certificate is not trusted ({})",
        &chain[at..]
    ))
}

/// A transport failure in plain words (refused, reset, closed without answering), or the cause
/// chain when it is none of those.
pub(crate) fn transport_reason(err: &(dyn StdError + 'static)) -> String {
    let chain = cause_chain(err);
    match find_in_chain::<std::io::Error>(err).map(|e| e.kind()) {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".to_string(),
        Some(std::io::ErrorKind::ConnectionReset) => "connection reset by the server".to_string(),
        Some(std::io::ErrorKind::ConnectionAborted) => "connection aborted".to_string(),
        _ if chain.contains("connection closed before message completed") => {
            "the server closed the connection without answering".to_string()
        }
        _ if chain.contains("end of file before message length reached") => {
            "the connection closed before the whole answer arrived".to_string()
        }
        _ => chain,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.operation;
        match &self.kind {
            ErrorKind::Service {
                code,
                message,
                status,
            } => {
                write!(f, "{op} failed: {code}")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                } else if let Some(s) = status {
                    write!(f, " (HTTP {s})")?;
                }
            }
            ErrorKind::Throttled { code, message } => {
                write!(f, "{op} failed: throttled by the service")?;
                if let Some(c) = code {
                    write!(f, " ({c})")?;
                }
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
            }
            ErrorKind::Timeout => write!(f, "{op} failed: timed out: {}", self.detail)?,
            ErrorKind::Network => write!(f, "{op} failed: {}", self.detail)?,
            ErrorKind::Credentials => write!(f, "{op} failed: {}", self.detail)?,
            ErrorKind::Region => write!(f, "{op} failed: {}", self.detail)?,
            ErrorKind::Parse => write!(f, "{op} failed: {}", self.detail)?,
            ErrorKind::Other => write!(f, "{op} failed: {}", self.detail)?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl StdError for ApiError {}

/// Text from a service or a server, made safe to print: escape sequences (ANSI CSI/OSC and other
/// ESC-introduced ones) are removed, line breaks and tabs become spaces, and other control
/// characters and bidirectional overrides are dropped, so a hostile response cannot move the
/// cursor, recolour, retitle or visually reorder the terminal.
pub fn sanitize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI and OSC introducers start sequences too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' => skip_osc(&mut chars),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => skip_osc(chars),
        // Two-character escapes (ESC c, ESC 7, …) and intermediates (ESC ( B).
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates, then one final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC and other strings: up to BEL or ST (`ESC \` or U+009C).
fn skip_osc(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// What the SDK's wrapper errors print: category words that say nothing the kind does not.
const WRAPPER_WORDS: &[&str] = &[
    "dispatch failure",
    "service error",
    "unhandled error",
    "response error",
    "request has timed out",
    "failed to construct request",
    "other",
    "io error",
    "timeout",
    "user error",
];

/// The error and its sources, joined with ": ", sanitised; the SDK's bare wrapper words and
/// adjacent repeats are dropped, keeping the text that says what actually happened.
pub(crate) fn cause_chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = sanitize_text(&e.to_string());
        let wrapper = WRAPPER_WORDS.contains(&text.as_str()) && e.source().is_some();
        if !text.is_empty() && !wrapper && parts.last() != Some(&text) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts.join(": ")
}

fn find_in_chain<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        cur = e.source();
    }
    None
}

/// Why a 2xx body is unreadable, in words, when it is not JSON at all (a proxy's page) or breaks
/// off; `None` when it is JSON of the wrong shape, which the deserialiser's text says better.
fn unreadable_body(raw: &HttpResponse) -> Option<String> {
    let bytes = raw.body().bytes()?;
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(_) => None,
        Err(e) if e.is_eof() => Some(format!(
            "the answer breaks off after {} bytes (incomplete JSON)",
            bytes.len()
        )),
        Err(_) => {
            let text = sanitize_text(&String::from_utf8_lossy(bytes));
            let mut start: String = text.trim().chars().take(60).collect();
            if text.trim().chars().count() > 60 {
                start.push('…');
            }
            Some(format!("the answer is not JSON; it begins: {start}"))
        }
    }
}

/// The start of a non-JSON error body (a proxy's HTML page, say), when the service gave no message.
pub(crate) fn body_snippet(raw: &HttpResponse) -> Option<String> {
    let bytes = raw.body().bytes()?;
    // A JSON body with a message member (what most gateways send) gives just the message.
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes)
        && let Some(m) = ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|k| v.get(k).and_then(|m| m.as_str()))
    {
        let m = sanitize_text(m);
        if !m.trim().is_empty() {
            return Some(m);
        }
    }
    let text = sanitize_text(&String::from_utf8_lossy(bytes));
    let text = text.trim();
    if text.is_empty() || text == "{}" {
        return None;
    }
    let mut s: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        s.push('…');
    }
    Some(s)
}

/// Turns an SDK failure of `op` into an [`ApiError`] naming the endpoint, and logs it (request id
/// and error only; bodies never reach the log).
pub(crate) fn mapper<'a, E>(
    op: &'static str,
    endpoint: &'a str,
) -> impl FnOnce(
    aws_smithy_runtime_api::client::result::SdkError<
        E,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
) -> ApiError
+ 'a
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    move |e| {
        let err = ApiError::from_sdk(op, endpoint, e);
        tracing::debug!(operation = op, request_id = err.request_id.as_deref(), error = %err, "AWS call failed");
        err
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_escape_sequences_and_controls() {
        let hostile =
            "bad\u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7}ok\r\nnext\u{0}\u{7f}\u{202e}x\u{9b}2Jy";
        let clean = sanitize_text(hostile);
        assert_eq!(clean, "badred ok  nextxy");
        assert!(!clean.chars().any(|c| c.is_control()));
    }

    #[test]
    fn sanitize_keeps_ordinary_text() {
        let s = "Réservé — 日本語 {####} [ok]";
        assert_eq!(sanitize_text(s), s);
    }

    #[test]
    fn pending_job_and_retryable_are_derived_from_the_kind() {
        let pending = ApiError::new(
            "CreateBackendAuth",
            ErrorKind::Service {
                code: "BadRequestException".into(),
                message: "There is already a pending job for the requested appId: a".into(),
                status: Some(400),
            },
            "",
        );
        assert!(pending.is_pending_job());
        assert!(!pending.is_retryable());
        let gateway = ApiError::new(
            "GetBackendJob",
            ErrorKind::Service {
                code: "GatewayTimeoutException".into(),
                message: "slow".into(),
                status: Some(504),
            },
            "",
        );
        assert!(gateway.is_retryable());
        assert!(!gateway.is_pending_job());
        assert!(ApiError::new("X", ErrorKind::Timeout, "t").is_retryable());
        assert!(!ApiError::new("X", ErrorKind::Credentials, "c").is_retryable());
    }

    #[test]
    fn display_keeps_code_message_and_request_id() {
        let mut e = ApiError::new(
            "GetBackendAuth",
            ErrorKind::Service {
                code: "NotFoundException".into(),
                message: "No auth resource".into(),
                status: Some(404),
            },
            "",
        );
        e.request_id = Some("abc-123".into());
        assert_eq!(
            e.to_string(),
            "GetBackendAuth failed: NotFoundException: No auth resource (request id abc-123)"
        );
        assert!(e.is_not_found());
    }
}
