//! Every request of a connection, framed before hyper reads it (issue 24): each head is checked
//! by [`super::request_head`] (a kept-alive connection's tenth request as much as its first), then
//! exactly its body is passed on (its `Content-Length`, or its chunks, sizes parsed, up to the last
//! chunk and its trailers) before the next head is looked for. Hyper's own parser never meets a
//! head that was not checked, so no request gets its bare 400, 414 or 431.
//!
//! A refused head is not answered by writing to the socket: hyper may still be writing the answer
//! to the request before it (pipelined), and the two would interleave. Instead hyper is handed a
//! stand-in request carrying a random per-connection token ([`Refusals`]); the service answers it
//! with the AWS-shaped error and `connection: close`, so the answer goes out in order, after every
//! earlier one, and the connection ends. Nothing the client sent after the refused head reaches
//! hyper; it is read and dropped (bounded in bytes and time), since closing a socket with unread
//! bytes makes the kernel reset it and the client may lose the answer.
//!
//! Bounded: at most [`MAX_HEAD`] and one read are held (a head is handed over only once whole and
//! checked); body bytes pass through as they come. The header timeout is hyper's and keeps its
//! meaning: hyper starts it when it waits for a head, and a head held here until it is whole is,
//! to hyper, a head not yet received.
//!
//! Sources and choices: the framing is RFC 9112 §6.3 (a request without `Content-Length` or
//! `Transfer-Encoding` has no body) and §7.1 (chunked coding). A chunk line or trailers that do
//! not parse are not honest framing, and where the evidence is silent the conservative choice is
//! to stop framing: the rest goes to hyper as it is, whose decoder fails on the same bytes and
//! closes the connection.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::errors::ApiError;
use super::request_head::{Body, MAX_HEAD, Verdict, check};

/// One read from the socket at most.
const READ: usize = 8 * 1024;
/// The most bytes held at once: a head at its limit, and one read more.
const CAP: usize = MAX_HEAD + READ;
/// A chunk-size line (extensions included) longer than this is not honest framing.
const MAX_CHUNK_LINE: usize = 4 * 1024;
/// After a refusal, what the client still sends is read and dropped up to this much…
const DRAIN_BYTES: usize = 4 * 1024 * 1024;
/// …and for this long once the answer is out.
const DRAIN_TIME: Duration = Duration::from_secs(2);
/// The header naming a stand-in request, its value the connection's token.
const STAND_IN: &str = "x-amplify-auth-sandbox-refused";

/// A connection's refused head, shared by its reader (which sets it) and its service (which
/// answers the stand-in request for it).
#[derive(Clone, Default)]
pub struct Refusals(Arc<Mutex<Option<Refusal>>>);

struct Refusal {
    token: String,
    status: u16,
    message: String,
}

impl Refusals {
    /// The AWS-shaped answer, when `headers` are those of this connection's stand-in request.
    pub fn answer(&self, headers: &HeaderMap) -> Option<Response> {
        let sent = headers.get(STAND_IN)?;
        let slot = self.0.lock().ok()?;
        let r = slot
            .as_ref()
            .filter(|r| sent.as_bytes() == r.token.as_bytes())?;
        let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut resp =
            ApiError::new(status, "BadRequestException", r.message.clone()).into_response();
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        Some(resp)
    }
}

/// Where the byte stream is.
enum State {
    /// Looking for (and checking) the next head.
    Head,
    /// Handing over a checked head, then its body.
    HeadOut {
        left: usize,
        body: Body,
    },
    /// The bytes left of a body with a length.
    Length(u64),
    Chunk(Chunk),
    /// Handing over the stand-in request for a refused head.
    StandIn {
        bytes: Vec<u8>,
        pos: usize,
    },
    /// After the stand-in: nothing more reaches hyper.
    Refused,
    /// Framing lost in a malformed chunk: the rest goes to hyper as it is.
    Raw,
}

#[derive(Clone, Copy)]
enum Chunk {
    /// The chunk-size line: its value so far, its digits, whether they ended, its length.
    Size {
        value: u64,
        digits: usize,
        ended: bool,
        len: usize,
    },
    /// The data bytes left of a chunk.
    Data(u64),
    /// The line end after a chunk's data.
    DataEnd { len: usize },
    /// The trailer lines after the last chunk: the current line's length, and all of them.
    Trailers { line: usize, total: usize },
}

const SIZE_LINE: Chunk = Chunk::Size {
    value: 0,
    digits: 0,
    ended: false,
    len: 0,
};

enum Step {
    Go(Chunk),
    /// The request ended (the empty line after the trailers).
    Done,
    Bad,
}

/// One framing byte of a chunked body (never a data byte: those pass in bulk).
fn step(c: Chunk, b: u8) -> Step {
    match c {
        Chunk::Size {
            value,
            digits,
            ended,
            len,
        } => {
            if len >= MAX_CHUNK_LINE {
                return Step::Bad;
            }
            if b == b'\n' {
                return match (digits, value) {
                    (0, _) => Step::Bad,
                    (_, 0) => Step::Go(Chunk::Trailers { line: 0, total: 0 }),
                    (_, n) => Step::Go(Chunk::Data(n)),
                };
            }
            let digit = char::from(b).to_digit(16).filter(|_| !ended);
            match digit {
                Some(d) => match value.checked_mul(16) {
                    Some(v) => Step::Go(Chunk::Size {
                        value: v + u64::from(d),
                        digits: digits + 1,
                        ended,
                        len: len + 1,
                    }),
                    None => Step::Bad,
                },
                // Extensions, or the CR: the size has ended.
                None => Step::Go(Chunk::Size {
                    value,
                    digits,
                    ended: true,
                    len: len + 1,
                }),
            }
        }
        Chunk::DataEnd { len } => match b {
            b'\n' => Step::Go(SIZE_LINE),
            b'\r' if len == 0 => Step::Go(Chunk::DataEnd { len: 1 }),
            _ => Step::Bad,
        },
        Chunk::Trailers { line, total } => match b {
            _ if total >= MAX_HEAD => Step::Bad,
            b'\n' if line == 0 => Step::Done,
            b'\n' => Step::Go(Chunk::Trailers {
                line: 0,
                total: total + 1,
            }),
            b'\r' => Step::Go(Chunk::Trailers {
                line,
                total: total + 1,
            }),
            _ => Step::Go(Chunk::Trailers {
                line: line + 1,
                total: total + 1,
            }),
        },
        Chunk::Data(_) => Step::Bad,
    }
}

/// What follows a head handed over.
fn after_head(body: Body) -> State {
    match body {
        Body::None | Body::Length(0) => State::Head,
        Body::Length(n) => State::Length(n),
        Body::Chunked => State::Chunk(SIZE_LINE),
    }
}

/// A connection's byte stream as hyper reads it: request by request, each head checked.
pub struct Framed<S> {
    inner: S,
    /// Bytes read and not yet handed over are `buf[start..]`.
    buf: Vec<u8>,
    start: usize,
    state: State,
    refusals: Refusals,
    drained: usize,
    drain_until: Option<Pin<Box<tokio::time::Sleep>>>,
    shut: bool,
}

impl<S> Framed<S> {
    pub fn new(inner: S, refusals: Refusals) -> Self {
        Framed {
            inner,
            buf: Vec::new(),
            start: 0,
            state: State::Head,
            refusals,
            drained: 0,
            drain_until: None,
            shut: false,
        }
    }

    /// How many held bytes (from `start`, at most `max`) hyper may have now; the state moves
    /// past them. Stops at a head, which is checked whole first.
    fn handoff(&mut self, max: usize) -> usize {
        let held = &self.buf[self.start..];
        let mut n = 0;
        while n < max && n < held.len() {
            let room = (max - n).min(held.len() - n);
            match &mut self.state {
                State::HeadOut { left, body } => {
                    let k = (*left).min(room);
                    (n, *left) = (n + k, *left - k);
                    if *left == 0 {
                        self.state = after_head(*body);
                    }
                }
                State::Length(left) | State::Chunk(Chunk::Data(left)) => {
                    let k = usize::try_from(*left).map_or(room, |l| l.min(room));
                    (n, *left) = (n + k, *left - k as u64);
                    if *left == 0 {
                        self.state = match self.state {
                            State::Length(_) => State::Head,
                            _ => State::Chunk(Chunk::DataEnd { len: 0 }),
                        };
                    }
                }
                State::Chunk(c) => {
                    self.state = match step(*c, held[n]) {
                        Step::Go(c) => State::Chunk(c),
                        Step::Done => State::Head,
                        Step::Bad => State::Raw,
                    };
                    n += 1;
                }
                State::Raw => n += room,
                State::Head | State::StandIn { .. } | State::Refused => break,
            }
        }
        n
    }

    /// Puts the stand-in request in place of a refused head; what was held is dropped.
    fn refuse(&mut self, status: u16, message: String) {
        let token = format!("{:032x}", rand::random::<u128>());
        let bytes = format!("GET / HTTP/1.1\r\nhost: sandbox\r\n{STAND_IN}: {token}\r\n\r\n");
        if let Ok(mut slot) = self.refusals.0.lock() {
            *slot = Some(Refusal {
                token,
                status,
                message,
            });
        }
        self.state = State::StandIn {
            bytes: bytes.into_bytes(),
            pos: 0,
        };
        self.buf = Vec::new();
        self.start = 0;
    }
}

impl<S: AsyncRead + Unpin> Framed<S> {
    /// Reads once more from the socket; how many bytes came (0: the client closed).
    fn fill(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        self.buf.drain(..self.start);
        self.start = 0;
        if self.buf.is_empty() && self.buf.capacity() > 2 * READ {
            self.buf = Vec::new();
        }
        let old = self.buf.len();
        // Never more than CAP: a head over MAX_HEAD is refused before another read.
        let room = READ.min(CAP.saturating_sub(old));
        self.buf.resize(old + room, 0);
        let mut rb = ReadBuf::new(&mut self.buf[old..]);
        let polled = Pin::new(&mut self.inner).poll_read(cx, &mut rb);
        let n = rb.filled().len();
        self.buf.truncate(old + n);
        polled.map_ok(|()| n)
    }

    /// Reads and drops what the client sends after a refusal; ready when it closed, failed, or
    /// sent [`DRAIN_BYTES`].
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let mut scratch = [0u8; READ];
        while self.drained < DRAIN_BYTES {
            let mut rb = ReadBuf::new(&mut scratch);
            match ready!(Pin::new(&mut self.inner).poll_read(cx, &mut rb)) {
                Ok(()) if !rb.filled().is_empty() => self.drained += rb.filled().len(),
                _ => break,
            }
        }
        Poll::Ready(())
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Framed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if out.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            match &mut this.state {
                State::StandIn { bytes, pos } => {
                    let k = (bytes.len() - *pos).min(out.remaining());
                    out.put_slice(&bytes[*pos..*pos + k]);
                    *pos += k;
                    if *pos == bytes.len() {
                        this.state = State::Refused;
                    }
                    return Poll::Ready(Ok(()));
                }
                // Never an end of stream: hyper would drop the answer it is making. It ends the
                // connection itself once the answer (`connection: close`) is out.
                State::Refused => {
                    let _ = this.poll_drain(cx);
                    return Poll::Pending;
                }
                State::Head => match check(&this.buf[this.start..]) {
                    Verdict::Pass { head, body } => {
                        this.state = State::HeadOut { left: head, body };
                        continue;
                    }
                    Verdict::Refuse(status, _, message) => {
                        this.refuse(status, message);
                        continue;
                    }
                    Verdict::NeedMore => {}
                },
                _ => {
                    let n = this.handoff(out.remaining());
                    if n > 0 {
                        out.put_slice(&this.buf[this.start..this.start + n]);
                        this.start += n;
                        return Poll::Ready(Ok(()));
                    }
                }
            }
            match ready!(this.fill(cx)) {
                // The client closed: hyper sees the end of the stream.
                Ok(0) => return Poll::Ready(Ok(())),
                Ok(_) => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Framed<S> {
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

    /// After a refusal, the answer is out once hyper shuts the connection: what the client still
    /// sends is read for a moment first, so the close does not reset the answer away.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if !this.shut {
            ready!(Pin::new(&mut this.inner).poll_shutdown(cx))?;
            this.shut = true;
        }
        if matches!(this.state, State::Refused) {
            let until = this
                .drain_until
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(DRAIN_TIME)));
            let late = until.as_mut().poll(cx).is_ready();
            if !late && this.poll_drain(cx).is_pending() {
                return Poll::Pending;
            }
        }
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The requests hyper is handed, read through [`Framed`] from `wire` in reads of `size`.
    async fn through(wire: &[u8], size: usize) -> (Vec<u8>, Refusals) {
        use tokio::io::AsyncReadExt;
        let refusals = Refusals::default();
        let (mut client, server) = tokio::io::duplex(size);
        let wire = wire.to_vec();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let _ = client.write_all(&wire).await;
            let _ = client.shutdown().await;
            // Kept open for reading: the framed side must end the stream itself.
            let mut sink = Vec::new();
            let _ = client.read_to_end(&mut sink).await;
        });
        let mut framed = Framed::new(server, refusals.clone());
        let mut seen = Vec::new();
        let mut buf = [0u8; 7];
        // Until the end of the stream, or the stand-in is whole (then reads wait forever).
        while !matches!(framed.state, State::Refused) {
            let read = tokio::time::timeout(Duration::from_secs(30), framed.read(&mut buf));
            match read
                .await
                .expect("the framed stream neither ended nor refused")
            {
                Ok(0) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
                Err(e) => panic!("{e}"),
            }
        }
        (seen, refusals)
    }

    #[tokio::test]
    async fn honest_requests_pass_whole_and_a_bad_later_head_becomes_the_stand_in() {
        let honest: &[u8] = b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloPOST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: v\r\n\r\nGET /c HTTP/1.1\r\n\r\n";
        for size in [1, 3, 64, 4096] {
            let (seen, refusals) = through(honest, size).await;
            assert_eq!(seen, honest, "reads of {size}");
            assert!(refusals.0.lock().unwrap().is_none());
        }
        let mut wire = honest.to_vec();
        wire.extend_from_slice(
            b"POST /d HTTP/1.1\r\nContent-Length: 1x\r\n\r\nGET /e HTTP/1.1\r\n\r\n",
        );
        let (seen, refusals) = through(&wire, 5).await;
        let text = String::from_utf8_lossy(&seen);
        assert!(
            text.starts_with(std::str::from_utf8(honest).unwrap()),
            "{text}"
        );
        assert!(!text.contains("/d") && !text.contains("/e"), "{text}");
        let token = refusals.0.lock().unwrap().as_ref().unwrap().token.clone();
        assert!(
            text.ends_with(&format!("{STAND_IN}: {token}\r\n\r\n")),
            "{text}"
        );
        let mut h = HeaderMap::new();
        h.insert(STAND_IN, HeaderValue::from_str(&token).unwrap());
        assert_eq!(refusals.answer(&h).unwrap().status(), 400);
        h.insert(STAND_IN, HeaderValue::from_static("guessed"));
        assert!(refusals.answer(&h).is_none(), "only its own token");
    }

    #[tokio::test]
    async fn a_malformed_chunk_stops_the_framing_and_passes_the_rest() {
        let wire: &[u8] =
            b"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET /x HTTP/1.1 bad\r\n\r\n";
        let (seen, refusals) = through(wire, 4096).await;
        assert_eq!(seen, wire, "hyper gets the rest and refuses it itself");
        assert!(refusals.0.lock().unwrap().is_none());
    }
}
