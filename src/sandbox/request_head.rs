//! A request head, checked before hyper sees it (issue 24): a head that hyper would answer with a
//! bare status (or let through with a URI or headers no honest client sends) gets an AWS-shaped
//! error instead: the status, `x-amzn-ErrorType` and a JSON `{"message": …}` body, then the
//! connection is closed.
//!
//! Sources and choices:
//! - The shape is the one every AmplifyBackend error has (restJson1: the `x-amzn-ErrorType` header
//!   and a `message` member; service-behaviour-evidence.md, perf-reliability-anchors.md §faults).
//! - What AWS's front end answers to malformed HTTP is not in the evidence. **Chosen:** the status
//!   HTTP gives the fault (400, 414, 431) with the model's `BadRequestException` as the type, the
//!   only client-fault error the AmplifyBackend model declares, so every SDK maps it to a modeled
//!   error; the status still says which limit was hit. This is an inference, not an observation.
//! - The limits are not in the evidence either. **Chosen conservatively** from what honest clients
//!   send: the longest AmplifyBackend URI is a few hundred bytes and an SDK's whole request head
//!   (a session token included) stays under 4 KiB, so [`MAX_URI`] (8 KiB) and [`MAX_HEAD`]
//!   (32 KiB) leave wide room; hyper's own limits (about 64 KiB of URI, about 400 KiB of head)
//!   let a 20 KB URI and a 100 KB header through to the handlers.
//! - A `Content-Length` that is not a decimal number, or several that disagree, is refused (RFC
//!   9112 §6.3: an invalid length is an unrecoverable framing error). A request with both
//!   `Content-Length` and `Transfer-Encoding` is refused too: RFC 9112 §6.1 lets a server reject
//!   it, and it is the request-smuggling shape, so refusing is the conservative reading.
//!
//! Every request head of a connection is checked, not only the first: [`super::request_framing`]
//! tells where each request ends (its `Content-Length`, or its chunks) and so where the next head
//! begins.

/// The longest request target accepted, in bytes.
pub const MAX_URI: usize = 8 * 1024;
/// The longest request head (request line and headers) accepted, in bytes.
pub const MAX_HEAD: usize = 32 * 1024;
/// The most header lines accepted (hyper's own default).
pub const MAX_HEADERS: usize = 100;

/// How a request's body is framed, so where the next request begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body: neither `Content-Length` nor `Transfer-Encoding` (RFC 9112 §6.3, rule 6).
    None,
    /// Exactly this many bytes.
    Length(u64),
    /// Chunks, up to the last (zero-size) chunk and its trailers.
    Chunked,
}

/// What a request head is so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A whole head of `head` bytes that hyper may have, and how its body is framed.
    Pass { head: usize, body: Body },
    /// Not a whole head yet, and within the limits.
    NeedMore,
    /// Refused: the status, its reason phrase and the message.
    Refuse(u16, &'static str, String),
}

fn refuse(status: u16, message: impl Into<String>) -> Verdict {
    let reason = match status {
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Bad Request",
    };
    Verdict::Refuse(status, reason, message.into())
}

/// Checks the bytes received so far of a request head.
pub fn check(buf: &[u8]) -> Verdict {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Complete(head)) => {
            if req.path.map_or(0, str::len) > MAX_URI {
                return refuse(
                    414,
                    format!("The request URI is longer than the {MAX_URI} bytes accepted"),
                );
            }
            // A whole head can arrive in one read, larger than the limit.
            if head > MAX_HEAD {
                return refuse(
                    431,
                    format!("The request headers are larger than the {MAX_HEAD} bytes accepted"),
                );
            }
            match framing(req.headers) {
                Ok(body) => Verdict::Pass { head, body },
                Err(refused) => refused,
            }
        }
        Ok(httparse::Status::Partial) => {
            let line_done = buf.contains(&b'\n');
            if !line_done && buf.len() > MAX_URI + 32 {
                refuse(
                    414,
                    format!("The request URI is longer than the {MAX_URI} bytes accepted"),
                )
            } else if buf.len() > MAX_HEAD {
                refuse(
                    431,
                    format!("The request headers are larger than the {MAX_HEAD} bytes accepted"),
                )
            } else {
                Verdict::NeedMore
            }
        }
        Err(httparse::Error::TooManyHeaders) => refuse(
            431,
            format!("The request has more than the {MAX_HEADERS} headers accepted"),
        ),
        // httparse's reasons are fixed words ("invalid token", "invalid HTTP version"…), never
        // the client's bytes.
        Err(e) => refuse(400, format!("The request is not well-formed HTTP/1.1: {e}")),
    }
}

/// The body's framing: every `Content-Length` a decimal number, all equal, and not beside a
/// `Transfer-Encoding`, whose last coding must be `chunked` (RFC 9112 §6.3: otherwise the length
/// cannot be told, and the server answers 400 and closes).
fn framing(headers: &[httparse::Header<'_>]) -> Result<Body, Verdict> {
    let mut length: Option<&[u8]> = None;
    let mut last_coding: Option<&[u8]> = None;
    for h in headers {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            last_coding = h
                .value
                .rsplit(|b| *b == b',')
                .next()
                .map(<[u8]>::trim_ascii);
        } else if h.name.eq_ignore_ascii_case("content-length") {
            let v = h.value.trim_ascii();
            let number = !v.is_empty() && v.len() <= 19 && v.iter().all(u8::is_ascii_digit);
            if !number {
                return Err(refuse(
                    400,
                    "The Content-Length header is not a decimal number",
                ));
            }
            if length.is_some_and(|l| l != v) {
                return Err(refuse(
                    400,
                    "The request has Content-Length headers that disagree",
                ));
            }
            length = Some(v);
        }
    }
    match (last_coding, length) {
        (Some(_), Some(_)) => Err(refuse(
            400,
            "The request has both Content-Length and Transfer-Encoding",
        )),
        (Some(c), None) if c.eq_ignore_ascii_case(b"chunked") => Ok(Body::Chunked),
        (Some(_), None) => Err(refuse(
            400,
            "The request's Transfer-Encoding does not end with chunked",
        )),
        (None, Some(v)) => Ok(Body::Length(
            // Nineteen digits at most: always within u64.
            std::str::from_utf8(v)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(u64::MAX),
        )),
        (None, None) => Ok(Body::None),
    }
}

/// The raw AWS-shaped answer that closes the connection.
pub fn raw_error(status: u16, reason: &str, code: &str, message: &str) -> Vec<u8> {
    let body = serde_json::json!({ "message": message }).to_string();
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\nx-amzn-ErrorType: {code}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_judged_by_the_limits() {
        let get = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(
            check(get),
            Verdict::Pass {
                head: get.len(),
                body: Body::None
            }
        );
        assert_eq!(check(b"GET /a HTTP/1.1\r\nHost: x\r\n"), Verdict::NeedMore);
        assert!(matches!(
            check(b"GET /a HTTX/9\r\n\r\n"),
            Verdict::Refuse(400, ..)
        ));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_URI + 1));
        assert!(matches!(check(long.as_bytes()), Verdict::Refuse(414, ..)));
        let big = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert!(matches!(check(big.as_bytes()), Verdict::Refuse(431, ..)));
        let bad_len = b"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n";
        assert!(matches!(check(bad_len), Verdict::Refuse(400, ..)));
        let two = b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
        assert!(matches!(check(two), Verdict::Refuse(400, ..)));
        let same = b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n";
        assert_eq!(
            check(same),
            Verdict::Pass {
                head: same.len(),
                body: Body::Length(2)
            }
        );
        let chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";
        assert!(matches!(
            check(chunked),
            Verdict::Pass {
                body: Body::Chunked,
                ..
            }
        ));
        let gzip = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n";
        assert!(matches!(check(gzip), Verdict::Refuse(400, ..)));
        let both = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n";
        assert!(matches!(check(both), Verdict::Refuse(400, ..)));
    }
}
