//! A connection's first request head, read and checked before hyper sees it (issue 24): a head
//! that hyper would answer with a bare status (or let through with a URI or headers no honest
//! client sends) gets an AWS-shaped error instead: the status, `x-amzn-ErrorType` and a JSON
//! `{"message": …}` body, then the connection is closed.
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
//! Only the first request of a connection is read here; later requests on a kept-alive connection
//! go to hyper's parser alone (its answers to malformed heads there stay bare). Telling where one
//! request ends and the next begins would mean framing every body a second time; an honest client
//! whose first request was well-formed does not send a malformed second one, and a hostile one
//! gains nothing from hyper's bare answer.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

/// The longest request target accepted, in bytes.
pub const MAX_URI: usize = 8 * 1024;
/// The longest request head (request line and headers) accepted, in bytes.
pub const MAX_HEAD: usize = 32 * 1024;
/// The most header lines accepted (hyper's own default).
pub const MAX_HEADERS: usize = 100;

/// What a request head is so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A whole head that hyper may have.
    Pass,
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
        Ok(httparse::Status::Complete(_)) => {
            if req.path.map_or(0, str::len) > MAX_URI {
                return refuse(
                    414,
                    format!("The request URI is longer than the {MAX_URI} bytes accepted"),
                );
            }
            check_framing(req.headers)
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
/// `Transfer-Encoding`.
fn check_framing(headers: &[httparse::Header<'_>]) -> Verdict {
    let mut length: Option<&[u8]> = None;
    let mut chunked = false;
    for h in headers {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        } else if h.name.eq_ignore_ascii_case("content-length") {
            let v = h.value.trim_ascii();
            let number = !v.is_empty() && v.len() <= 19 && v.iter().all(u8::is_ascii_digit);
            if !number {
                return refuse(400, "The Content-Length header is not a decimal number");
            }
            if length.is_some_and(|l| l != v) {
                return refuse(400, "The request has Content-Length headers that disagree");
            }
            length = Some(v);
        }
    }
    if chunked && length.is_some() {
        return refuse(
            400,
            "The request has both Content-Length and Transfer-Encoding",
        );
    }
    Verdict::Pass
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

/// How a connection's first head ended.
pub enum First<S> {
    /// Well-formed: the connection, with the bytes already read put back in front.
    Serve(Rewound<S>),
    /// Refused (answered and closed), or the client left or stayed silent past the timeout.
    Done,
}

/// Reads the first request head (within `timeout`) and answers it when it is refused.
pub async fn read_first<S>(mut io: S, timeout: Duration) -> First<S>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut head = Vec::new();
    let mut buf = [0u8; 8192];
    let read = tokio::time::timeout(timeout, async {
        loop {
            match io.read(&mut buf).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
            match check(&head) {
                Verdict::NeedMore => {}
                v => return Some(v),
            }
        }
    })
    .await;
    match read {
        Ok(Some(Verdict::Pass)) => First::Serve(Rewound {
            prefix: head,
            pos: 0,
            inner: io,
        }),
        Ok(Some(Verdict::Refuse(status, reason, message))) => {
            let answer = raw_error(status, reason, "BadRequestException", &message);
            let _ = io.write_all(&answer).await;
            let _ = io.shutdown().await;
            // Read (and drop) what the client is still sending, briefly: closing with unread
            // bytes makes the kernel reset the connection, and the client may lose the answer.
            let _ = tokio::time::timeout(Duration::from_secs(2), async {
                let mut drained = 0usize;
                while drained < 4 * 1024 * 1024 {
                    match io.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => drained += n,
                    }
                }
            })
            .await;
            First::Done
        }
        // Gone, or silent: closed without an answer, as hyper's header timeout does.
        Ok(Some(Verdict::NeedMore)) | Ok(None) | Err(_) => First::Done,
    }
}

/// A stream with bytes already read put back in front of it.
pub struct Rewound<S> {
    prefix: Vec<u8>,
    pos: usize,
    inner: S,
}

impl<S: AsyncRead + Unpin> AsyncRead for Rewound<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.pos < self.prefix.len() {
            let n = (self.prefix.len() - self.pos).min(out.remaining());
            let start = self.pos;
            out.put_slice(&self.prefix[start..start + n]);
            self.pos += n;
            if self.pos == self.prefix.len() {
                self.prefix = Vec::new();
                self.pos = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, out)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Rewound<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_judged_by_the_limits() {
        assert_eq!(check(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n"), Verdict::Pass);
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
        assert_eq!(check(same), Verdict::Pass);
    }
}
