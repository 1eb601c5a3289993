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
//! A chunked body whose framing does not parse (RFC 9112 §7.1: a chunk-size line that is not hex
//! digits, optional `;` extensions and CRLF, or too long; a chunk's data not followed by CRLF;
//! trailers that are not header fields, or too many) gets the same AWS-shaped 400, and the
//! connection closes: it cannot be reused, since where the next request would begin is unknown.
//! A stand-in cannot serve here: hyper already has that request's head and part of its body, and
//! has handed it to the service, so a stand-in would be a second answer to a request the client
//! sent once. Instead hyper gets the body up to (not including) the first bad byte, then a read
//! error; its decoder fails the body the handler is reading and stops reading the connection
//! (hyper then closes it after the answer). The refusal names that request by its index on the
//! connection ([`Refusals::body_answer`]), and the service wrapper in [`super::conn`] puts the
//! AWS-shaped answer, with `connection: close`, in place of whatever the handler made of its
//! failed body. So the one answer to the request is the refusal, after every earlier answer, and
//! nothing after the bad byte reaches hyper. When the service made its answer before the bad
//! byte was met (the rate limit's 429 does not wait for the body), that answer stands, since a
//! request gets one answer, and the connection still closes (hyper never finishes that body).
//!
//! Bounded: at most [`MAX_HEAD`] and one read are held (a head is handed over only once whole and
//! checked); body bytes pass through as they come, and chunk framing is judged a byte at a time
//! with counters, never held. The header timeout is hyper's and keeps its meaning: hyper starts
//! it when it waits for a head, and a head held here until it is whole is, to hyper, a head not
//! yet received.
//!
//! Sources and choices: the framing is RFC 9112 §6.3 (a request without `Content-Length` or
//! `Transfer-Encoding` has no body) and §7.1 (chunked coding: chunk lines and the data's end are
//! CRLF; trailer fields as in RFC 9110 §5). The grammar here is at least as strict as hyper's own
//! decoder (hyper 1.12) and its limits are half of hyper's, so hyper never fails on a byte passed
//! here and a broken body always gets the answer naming its fault. Where the evidence is silent
//! the choices are conservative: control characters in an extension are refused (hyper lets
//! them through; honest clients do not send them), and the limits
//! ([`MAX_CHUNK_LINE`], [`MAX_EXTENSIONS`], [`MAX_TRAILERS`]) are far above the few bytes of
//! extension an SDK's chunk signature takes.

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
/// The chunk extensions of one body, all together: half of hyper's own limit (16 KiB in hyper
/// 1.12), so that this framing refuses them before hyper's decoder would.
const MAX_EXTENSIONS: usize = 8 * 1024;
/// The trailers of one body, in bytes (half of hyper's 16 KiB, for the same reason)…
const MAX_TRAILERS: usize = 8 * 1024;
/// …and in fields (hyper's own count, refused here at the first byte of the one too many).
const MAX_TRAILER_FIELDS: usize = super::request_head::MAX_HEADERS;
/// After a refusal, what the client still sends is read and dropped up to this much…
const DRAIN_BYTES: usize = 4 * 1024 * 1024;
/// …and for this long once the answer is out.
const DRAIN_TIME: Duration = Duration::from_secs(2);
/// The header naming a stand-in request, its value the connection's token.
const STAND_IN: &str = "x-amplify-auth-sandbox-refused";

/// A connection's refusal, shared by its reader (which sets it) and its service (which answers
/// for it); and the count of requests the service was handed, to tell which one a body refusal
/// belongs to.
#[derive(Clone, Default)]
pub struct Refusals(Arc<Mutex<Slot>>);

#[derive(Default)]
struct Slot {
    refusal: Option<Refusal>,
    calls: u64,
}

struct Refusal {
    of: Of,
    status: u16,
    message: String,
}

/// What a refusal answers.
enum Of {
    /// The stand-in request carrying this token, put in place of a refused head.
    StandIn(String),
    /// The request of this index on the connection (from 0), whose chunked body did not parse.
    Body(u64),
}

impl Refusal {
    /// The AWS-shaped answer, which closes the connection.
    fn answer(&self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut resp =
            ApiError::new(status, "BadRequestException", self.message.clone()).into_response();
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        resp
    }
}

impl Refusals {
    /// The index of the request the service is handed now. Hyper hands the service one request
    /// per head, in the order [`Framed`] passed the heads, so the indexes agree.
    pub fn began(&self) -> u64 {
        let Ok(mut slot) = self.0.lock() else {
            return u64::MAX;
        };
        slot.calls += 1;
        slot.calls - 1
    }

    /// The AWS-shaped answer, when `headers` are those of this connection's stand-in request.
    pub fn answer(&self, headers: &HeaderMap) -> Option<Response> {
        let sent = headers.get(STAND_IN)?;
        let slot = self.0.lock().ok()?;
        let r = slot.refusal.as_ref()?;
        match &r.of {
            Of::StandIn(token) if sent.as_bytes() == token.as_bytes() => Some(r.answer()),
            _ => None,
        }
    }

    /// The AWS-shaped answer in place of the service's, when request `index`'s chunked body did
    /// not parse.
    pub fn body_answer(&self, index: u64) -> Option<Response> {
        let slot = self.0.lock().ok()?;
        let r = slot.refusal.as_ref()?;
        match r.of {
            Of::Body(i) if i == index => Some(r.answer()),
            _ => None,
        }
    }

    fn set(&self, of: Of, status: u16, message: String) {
        if let Ok(mut slot) = self.0.lock() {
            slot.refusal = Some(Refusal {
                of,
                status,
                message,
            });
        }
    }
}

/// Where the byte stream is.
enum State {
    /// Looking for (and checking) the next head.
    Head,
    /// Handing over a checked head, then its body.
    HeadOut { left: usize, body: Body },
    /// The bytes left of a body with a length.
    Length(u64),
    /// The framing bytes of a chunked body.
    Chunk(Chunked),
    /// The data bytes left of a chunk, and the body's framing to go on with after them.
    ChunkData(u64, Chunked),
    /// Handing over the stand-in request for a refused head.
    StandIn { bytes: Vec<u8>, pos: usize },
    /// A chunked body did not parse: hyper's next read fails, which ends the body it is reading.
    Broken,
    /// After the stand-in or the failed body: nothing more reaches hyper.
    Refused,
}

/// A chunked body's framing so far (RFC 9112 §7.1): where in it, and its counts.
#[derive(Clone, Copy)]
struct Chunked {
    at: At,
    /// The chunk size read so far.
    size: u64,
    /// The chunk-size line's length so far.
    line: usize,
    /// The body's extension bytes so far.
    extensions: usize,
    /// The body's trailer bytes and fields so far.
    trailers: usize,
    fields: usize,
}

/// The framing byte expected next. Chunk data is not here: it passes in bulk
/// ([`State::ChunkData`]).
#[derive(Clone, Copy)]
enum At {
    /// The first digit of a chunk size.
    Start,
    /// More digits, whitespace, `;` or the CR.
    Size,
    /// Whitespace after the size: more, `;` or the CR.
    Space,
    /// A chunk extension, up to the CR.
    Extension,
    /// The LF ending the chunk-size line.
    SizeLf,
    /// The CRLF after a chunk's data.
    DataCr,
    DataLf,
    /// After the last chunk: a trailer field's name, or the CR of the empty line that ends.
    FieldStart,
    Name,
    Value,
    FieldLf,
    /// The LF of the empty line that ends the body.
    EndLf,
}

impl Chunked {
    fn new() -> Self {
        Chunked {
            at: At::Start,
            size: 0,
            line: 0,
            extensions: 0,
            trailers: 0,
            fields: 0,
        }
    }
}

/// What a framing byte did.
enum Next {
    /// More framing follows.
    Framing,
    /// A chunk of this many data bytes follows.
    Data(u64),
    /// The body ended (the empty line after the trailers).
    Done,
}

/// Why a chunked body's framing is refused; the message's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    SizeLine,
    Overflow,
    LongLine,
    Extensions,
    DataEnd,
    Trailer,
    LongTrailers,
    ManyTrailers,
}

impl Fault {
    fn message(self) -> String {
        let why = match self {
            Fault::SizeLine => {
                "a chunk-size line is not hexadecimal digits, optional extensions and CRLF".into()
            }
            Fault::Overflow => "a chunk size is larger than 64 bits".into(),
            Fault::LongLine => {
                format!("a chunk-size line is longer than the {MAX_CHUNK_LINE} bytes accepted")
            }
            Fault::Extensions => {
                format!("the chunk extensions are longer than the {MAX_EXTENSIONS} bytes accepted")
            }
            Fault::DataEnd => "a chunk's data is not followed by CRLF".into(),
            Fault::Trailer => "a trailer line is not a header field ending in CRLF".into(),
            Fault::LongTrailers => {
                format!("the trailers are larger than the {MAX_TRAILERS} bytes accepted")
            }
            Fault::ManyTrailers => {
                format!("the body has more than the {MAX_TRAILER_FIELDS} trailer fields accepted")
            }
        };
        format!("The request's chunked body is not well-formed: {why}")
    }
}

/// A field-name byte (RFC 9110 §5.6.2 `tchar`).
fn tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A field-value or extension byte: visible ASCII, space, tab or obs-text (RFC 9110 §5.5); no
/// other control byte.
fn text(b: u8) -> bool {
    matches!(b, b'\t' | b' '..=b'~' | 0x80..)
}

/// One framing byte of a chunked body (never a data byte: those pass in bulk). At least as strict
/// as hyper's decoder (hyper 1.12, `proto/h1/decode.rs`), so hyper never fails on a byte passed
/// here: the size is hex digits, then optional whitespace, `;` extensions, and CRLF; the data
/// ends in CRLF; trailers are header fields in CRLF lines, ended by an empty line.
fn step(c: &mut Chunked, b: u8) -> Result<Next, Fault> {
    if matches!(c.at, At::Start | At::Size | At::Space | At::Extension) {
        c.line += 1;
        if c.line > MAX_CHUNK_LINE {
            return Err(Fault::LongLine);
        }
    }
    if matches!(
        c.at,
        At::FieldStart | At::Name | At::Value | At::FieldLf | At::EndLf
    ) {
        c.trailers += 1;
        if c.trailers > MAX_TRAILERS {
            return Err(Fault::LongTrailers);
        }
    }
    let digit = char::from(b).to_digit(16).map(u64::from);
    c.at = match (c.at, b) {
        (At::Start, _) => {
            c.size = digit.ok_or(Fault::SizeLine)?;
            At::Size
        }
        (At::Size, _) if digit.is_some() => {
            let d = digit.unwrap_or_default();
            c.size = c
                .size
                .checked_mul(16)
                .and_then(|v| v.checked_add(d))
                .ok_or(Fault::Overflow)?;
            At::Size
        }
        (At::Size | At::Space, b' ' | b'\t') => At::Space,
        (At::Size | At::Space, b';') => At::Extension,
        (At::Size | At::Space | At::Extension, b'\r') => At::SizeLf,
        (At::Extension, _) if text(b) => {
            c.extensions += 1;
            if c.extensions > MAX_EXTENSIONS {
                return Err(Fault::Extensions);
            }
            At::Extension
        }
        (At::SizeLf, b'\n') => {
            c.line = 0;
            if c.size == 0 {
                At::FieldStart
            } else {
                c.at = At::DataCr;
                return Ok(Next::Data(c.size));
            }
        }
        (At::Size | At::Space | At::Extension | At::SizeLf, _) => {
            return Err(Fault::SizeLine);
        }
        (At::DataCr, b'\r') => At::DataLf,
        (At::DataLf, b'\n') => At::Start,
        (At::DataCr | At::DataLf, _) => return Err(Fault::DataEnd),
        (At::FieldStart, b'\r') => At::EndLf,
        (At::FieldStart, _) if tchar(b) => {
            c.fields += 1;
            if c.fields > MAX_TRAILER_FIELDS {
                return Err(Fault::ManyTrailers);
            }
            At::Name
        }
        (At::Name, b':') => At::Value,
        (At::Name, _) if tchar(b) => At::Name,
        (At::Value, b'\r') => At::FieldLf,
        (At::Value, _) if text(b) => At::Value,
        (At::FieldLf, b'\n') => At::FieldStart,
        (At::EndLf, b'\n') => return Ok(Next::Done),
        (At::FieldStart | At::Name | At::Value | At::FieldLf | At::EndLf, _) => {
            return Err(Fault::Trailer);
        }
    };
    Ok(Next::Framing)
}

/// What follows a head handed over.
fn after_head(body: Body) -> State {
    match body {
        Body::None | Body::Length(0) => State::Head,
        Body::Length(n) => State::Length(n),
        Body::Chunked => State::Chunk(Chunked::new()),
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
    /// Heads passed to hyper so far (stand-ins included).
    heads: u64,
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
            heads: 0,
            drained: 0,
            drain_until: None,
            shut: false,
        }
    }

    /// How many held bytes (from `start`, at most `max`) hyper may have now; the state moves
    /// past them. Stops at a head, which is checked whole first, and before a chunked body's
    /// first bad byte, which hyper never gets.
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
                State::Length(left) | State::ChunkData(left, _) => {
                    let k = usize::try_from(*left).map_or(room, |l| l.min(room));
                    (n, *left) = (n + k, *left - k as u64);
                    if *left == 0 {
                        self.state = match self.state {
                            State::ChunkData(_, c) => State::Chunk(c),
                            _ => State::Head,
                        };
                    }
                }
                State::Chunk(c) => match step(c, held[n]) {
                    Ok(next) => {
                        n += 1;
                        match next {
                            Next::Framing => {}
                            Next::Data(size) => self.state = State::ChunkData(size, *c),
                            Next::Done => self.state = State::Head,
                        }
                    }
                    Err(fault) => {
                        // The request is the last one whose head was passed.
                        let request = self.heads.saturating_sub(1);
                        self.refusals.set(Of::Body(request), 400, fault.message());
                        self.state = State::Broken;
                        break;
                    }
                },
                State::Head | State::StandIn { .. } | State::Broken | State::Refused => break,
            }
        }
        n
    }

    /// Puts the stand-in request in place of a refused head; what was held is dropped.
    fn refuse(&mut self, status: u16, message: String) {
        let token = format!("{:032x}", rand::random::<u128>());
        let bytes = format!("GET / HTTP/1.1\r\nhost: sandbox\r\n{STAND_IN}: {token}\r\n\r\n");
        self.refusals.set(Of::StandIn(token), status, message);
        self.heads += 1;
        self.state = State::StandIn {
            bytes: bytes.into_bytes(),
            pos: 0,
        };
        self.drop_held();
    }

    fn drop_held(&mut self) {
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
                // Hyper's body decoder fails on the error and stops reading: its service's answer
                // (replaced with the AWS-shaped one, see `Refusals::body_answer`) is the last.
                State::Broken => {
                    this.state = State::Refused;
                    this.drop_held();
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the chunked body's framing does not parse",
                    )));
                }
                // Never an end of stream: hyper would drop the answer it is making. It ends the
                // connection itself once the answer (`connection: close`) is out.
                State::Refused => {
                    let _ = this.poll_drain(cx);
                    return Poll::Pending;
                }
                State::Head => match check(&this.buf[this.start..]) {
                    Verdict::Pass { head, body } => {
                        this.heads += 1;
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
                    // A bad byte first in what is held: the error now, not after another read.
                    if matches!(this.state, State::Broken) {
                        continue;
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
        if matches!(this.state, State::Refused | State::Broken) {
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

    /// What hyper is handed, read through [`Framed`] from `wire` in reads of `size`: the bytes,
    /// the refusals, and the read error that ended them, if one did.
    async fn through(wire: &[u8], size: usize) -> (Vec<u8>, Refusals, Option<io::Error>) {
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
        // Until the end of the stream, an error, or the stand-in is whole (then reads wait
        // forever).
        while !matches!(framed.state, State::Refused) {
            let read = tokio::time::timeout(Duration::from_secs(30), framed.read(&mut buf));
            match read
                .await
                .expect("the framed stream neither ended nor refused")
            {
                Ok(0) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
                Err(e) => return (seen, refusals, Some(e)),
            }
        }
        (seen, refusals, None)
    }

    fn message(refusals: &Refusals) -> Option<String> {
        let slot = refusals.0.lock().unwrap();
        slot.refusal.as_ref().map(|r| r.message.clone())
    }

    #[tokio::test]
    async fn honest_requests_pass_whole_and_a_bad_later_head_becomes_the_stand_in() {
        let honest: &[u8] = b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloPOST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\nA \t;y=\"q s\"\r\n0123456789\r\n0\r\nT: v\r\nU:\r\n\r\nGET /c HTTP/1.1\r\n\r\n";
        for size in [1, 3, 64, 4096] {
            let (seen, refusals, error) = through(honest, size).await;
            assert_eq!(seen, honest, "reads of {size}");
            assert!(error.is_none() && message(&refusals).is_none());
        }
        let mut wire = honest.to_vec();
        wire.extend_from_slice(
            b"POST /d HTTP/1.1\r\nContent-Length: 1x\r\n\r\nGET /e HTTP/1.1\r\n\r\n",
        );
        let (seen, refusals, _) = through(&wire, 5).await;
        let text = String::from_utf8_lossy(&seen);
        assert!(
            text.starts_with(std::str::from_utf8(honest).unwrap()),
            "{text}"
        );
        assert!(!text.contains("/d") && !text.contains("/e"), "{text}");
        let token = match &refusals.0.lock().unwrap().refusal.as_ref().unwrap().of {
            Of::StandIn(token) => token.clone(),
            Of::Body(_) => panic!("a head refusal"),
        };
        assert!(
            text.ends_with(&format!("{STAND_IN}: {token}\r\n\r\n")),
            "{text}"
        );
        let mut h = HeaderMap::new();
        h.insert(STAND_IN, HeaderValue::from_str(&token).unwrap());
        assert_eq!(refusals.answer(&h).unwrap().status(), 400);
        h.insert(STAND_IN, HeaderValue::from_static("guessed"));
        assert!(refusals.answer(&h).is_none(), "only its own token");
        // The stand-in is the fourth request: no body refusal for any.
        assert!((0..5).all(|i| refusals.body_answer(i).is_none()));
    }

    /// Chunked framings that do not parse, each with the offset of its first bad byte and why.
    fn bad_framings() -> Vec<(Vec<u8>, usize, Fault)> {
        let long_line = [b"5;".as_slice(), &[b'e'; 5000]].concat();
        let mut many_extensions = Vec::new();
        for _ in 0..3 {
            many_extensions.extend_from_slice(b"1;");
            many_extensions.extend_from_slice(&[b'e'; 3000]);
            many_extensions.extend_from_slice(b"\r\na\r\n");
        }
        let long_trailer = [b"0\r\nT: ".as_slice(), &[b'v'; 9000]].concat();
        let many_fields = [b"0\r\n".as_slice(), &b"a: b\r\n".repeat(101)].concat();
        vec![
            (b"zz\r\n".to_vec(), 0, Fault::SizeLine),
            (b"\r\n".to_vec(), 0, Fault::SizeLine),
            (b"5 x\r\nhello".to_vec(), 2, Fault::SizeLine),
            (b"5\nhello".to_vec(), 1, Fault::SizeLine),
            (b"5;a\nb\r\nhello".to_vec(), 3, Fault::SizeLine),
            (b"5;a\x01\r\nhello".to_vec(), 3, Fault::SizeLine),
            (b"5\rhello".to_vec(), 2, Fault::SizeLine),
            (b"ffffffffffffffff0\r\n".to_vec(), 16, Fault::Overflow),
            (vec![b'0'; 5000], MAX_CHUNK_LINE, Fault::LongLine),
            (long_line, MAX_CHUNK_LINE, Fault::LongLine),
            (many_extensions, 2 * 3007 + 2 + 2192, Fault::Extensions),
            (b"5\r\nhelloX\r\n0\r\n\r\n".to_vec(), 8, Fault::DataEnd),
            (b"5\r\nhello\rX0\r\n\r\n".to_vec(), 9, Fault::DataEnd),
            (b"0\r\nnot a field\r\n\r\n".to_vec(), 6, Fault::Trailer),
            (b"0\r\n: v\r\n\r\n".to_vec(), 3, Fault::Trailer),
            (b"0\r\nT: v\n\r\n".to_vec(), 7, Fault::Trailer),
            (b"0\r\n T: v\r\n\r\n".to_vec(), 3, Fault::Trailer),
            (b"0\r\n\rX".to_vec(), 4, Fault::Trailer),
            (long_trailer, 3 + MAX_TRAILERS, Fault::LongTrailers),
            (many_fields, 3 + 100 * 6, Fault::ManyTrailers),
        ]
    }

    /// Hyper gets the chunked request up to its first bad byte, then a read error that fails the
    /// body it is reading; the refusal names the fault and belongs to that request only; nothing
    /// after it (the next request here) reaches hyper.
    #[tokio::test]
    async fn a_chunked_body_that_does_not_parse_ends_in_an_error_and_a_refusal_of_its_request() {
        let first: &[u8] = b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
        let head: &[u8] = b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        let next: &[u8] = b"GET /next HTTP/1.1\r\n\r\n";
        for (framing, cut, fault) in bad_framings() {
            let what = String::from_utf8_lossy(&framing[..framing.len().min(24)]).into_owned();
            let wire = [first, head, &framing, next].concat();
            for size in [1, 5, 4096] {
                let (seen, refusals, error) = through(&wire, size).await;
                let passed = first.len() + head.len() + cut;
                assert_eq!(
                    String::from_utf8_lossy(&seen),
                    String::from_utf8_lossy(&wire[..passed]),
                    "{what:?} in reads of {size}: up to the bad byte"
                );
                let error = error.unwrap_or_else(|| panic!("{what:?}: no error"));
                assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{what:?}");
                assert_eq!(message(&refusals), Some(fault.message()), "{what:?}");
                let answer = refusals.body_answer(1).expect("the chunked request's");
                assert_eq!(answer.status(), 400);
                assert_eq!(answer.headers()[header::CONNECTION], "close");
                assert!(refusals.body_answer(0).is_none(), "not the request before");
                assert!(refusals.answer(&HeaderMap::new()).is_none(), "no stand-in");
            }
        }
    }

    /// Honest framing just within the limits passes whole.
    #[tokio::test]
    async fn chunk_lines_extensions_and_trailers_at_their_limits_pass() {
        let mut wire = b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        // A line of MAX_CHUNK_LINE bytes counting its CR; MAX_EXTENSIONS in all.
        let ext = MAX_CHUNK_LINE - 3;
        for _ in 0..MAX_EXTENSIONS / ext {
            wire.extend_from_slice(format!("1;{}\r\na\r\n", "e".repeat(ext)).as_bytes());
        }
        wire.extend_from_slice(b"0\r\n");
        for _ in 0..MAX_TRAILER_FIELDS - 1 {
            wire.extend_from_slice(b"a: b\r\n");
        }
        let room = MAX_TRAILERS - 6 * (MAX_TRAILER_FIELDS - 1) - 2 - 5;
        wire.extend_from_slice(format!("z: {}\r\n\r\n", "v".repeat(room)).as_bytes());
        wire.extend_from_slice(b"GET /next HTTP/1.1\r\n\r\n");
        let (seen, refusals, error) = through(&wire, 4096).await;
        assert!(error.is_none(), "{error:?}: {:?}", message(&refusals));
        assert_eq!(seen, wire);
    }
}
