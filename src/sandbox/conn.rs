//! The sandbox's connections, plain or TLS: one accept loop that stands up to clients (issue 24).
//!
//! - **Header-read and idle timeout** ([`ConnLimits::header_timeout`]): a client that does not send
//!   a whole request head in this time, or leaves a kept-alive connection idle that long, is
//!   disconnected (hyper's `header_read_timeout`, which also runs between requests). Slowloris
//!   connections and idle ones no longer pile up.
//! - **Request timeout** ([`ConnLimits::request_timeout`]): a request whose body trickles in, or
//!   whose handling does not end, gets a 408 `RequestTimeoutException` in the AWS shape.
//! - **Connection limit** ([`ConnLimits::max_connections`]): at the limit, a new connection takes
//!   the place of the connection that has been idle the longest (one not inside a request): a
//!   client that holds many idle connections cannot lock others out. When every connection is
//!   inside a request, the new one gets a 503 `ServiceUnavailableException` (which the SDKs retry)
//!   and is closed, so the process never runs out of descriptors.
//! - **Malformed HTTP** (a broken request line, headers or a URI too large, a bad
//!   `Content-Length`, `Content-Length` beside `Transfer-Encoding`): every request head of a
//!   connection, the first or a later one on a kept-alive connection, is checked before hyper sees
//!   it ([`super::request_head`], framed by [`super::request_framing`]), within the header timeout;
//!   a refused one gets an AWS-shaped 400, 414 or 431, after the answers to the requests before it,
//!   and the connection is closed. So does a chunked body whose framing does not parse: its
//!   request's answer (the service wrapper `Tracked` puts it in place of the handler's) is the
//!   AWS-shaped 400 naming the fault.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use super::errors::ApiError;
use super::request_framing::{Framed, Refusals};

/// A TLS handshake that has not finished in this time is dropped (a client that connects and says
/// nothing must not hold a task forever).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How the sandbox bounds its clients. The defaults are far above what any honest client needs
/// (the SDK sends a request head in one write, and its own attempt timeout is 10 s here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnLimits {
    /// Time to send a request head, and to start the next one on a kept-alive connection.
    pub header_timeout: Duration,
    /// Time to send a request's body and have it handled.
    pub request_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            // Well under the usual 1,024 descriptors per process, leaving room for the state
            // file, its journal and the listener.
            max_connections: 512,
        }
    }
}

/// The raw answer to a connection beyond the limit: an AWS-shaped 503 that closes.
fn over_limit_response() -> Vec<u8> {
    super::request_head::raw_error(
        503,
        "Service Unavailable",
        "ServiceUnavailableException",
        "The sandbox is serving as many connections as it allows; retry shortly",
    )
}

/// Serves `app` (over TLS when `acceptor` is given) until `stopped` fires; then stops accepting,
/// lets each connection finish the request it is on, and returns.
pub(crate) async fn serve(
    listener: TcpListener,
    app: axum::Router,
    acceptor: Option<TlsAcceptor>,
    limits: ConnLimits,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let app = with_request_timeout(app, limits.request_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let registry = Arc::new(Registry::default());
    let (closing, closing_rx) = watch::channel(false);
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            accepted = listener.accept() => {
                let Ok((mut tcp, _)) = accepted else {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                // Answers go out in one write each; without this, Nagle and delayed ACKs add
                // ~40 ms to every second request on a kept-alive connection.
                let _ = tcp.set_nodelay(true);
                let slot = match slots.clone().try_acquire_owned() {
                    Ok(slot) => Some(slot),
                    // Full: the longest-idle connection makes room, if there is one.
                    Err(_) if registry.evict_oldest_idle() => {
                        tokio::time::timeout(Duration::from_secs(1), slots.clone().acquire_owned())
                            .await
                            .ok()
                            .and_then(Result::ok)
                    }
                    Err(_) => None,
                };
                let Some(slot) = slot else {
                    let plain = acceptor.is_none();
                    conns.spawn(async move {
                        // Plain HTTP only: a TLS client would need a handshake first, which is
                        // what the limit is there to avoid; it sees the connection closed. The
                        // request head is read first, so the client reads the 503 as the answer
                        // to its request (and retries it).
                        if plain {
                            let _ = tokio::time::timeout(Duration::from_secs(1), async {
                                let mut head = Vec::new();
                                let mut buf = [0u8; 4096];
                                while head.len() < 16 * 1024
                                    && !head.windows(4).any(|w| w == b"\r\n\r\n")
                                {
                                    match tcp.read(&mut buf).await {
                                        Ok(0) | Err(_) => break,
                                        Ok(n) => head.extend_from_slice(&buf[..n]),
                                    }
                                }
                                let _ = tcp.write_all(&over_limit_response()).await;
                            })
                            .await;
                        }
                        let _ = tcp.shutdown().await;
                    });
                    continue;
                };
                let (acceptor, app, closing, header_timeout) =
                    (acceptor.clone(), app.clone(), closing_rx.clone(), limits.header_timeout);
                let (entry, evicted) = registry.add();
                let registry = registry.clone();
                conns.spawn(async move {
                    let _slot = slot;
                    let busy = entry.busy.clone();
                    let serve = async {
                        match acceptor {
                            None => connection(tcp, app, header_timeout, busy, closing).await,
                            Some(acceptor) => {
                                // A client that does not trust the CA aborts the handshake:
                                // nothing to serve, nothing to log beyond debug.
                                match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                                    Ok(Ok(tls)) => connection(tls, app, header_timeout, busy, closing).await,
                                    Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                                    Err(_) => {}
                                }
                            }
                        }
                    };
                    tokio::select! {
                        _ = serve => {}
                        // Made room for a newer connection while idle: dropped here.
                        _ = evicted => {}
                    }
                    registry.remove(entry.id);
                });
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    while conns.join_next().await.is_some() {}
    Ok(())
}

async fn connection<S>(
    io: S,
    app: axum::Router,
    header_timeout: Duration,
    busy: Arc<AtomicUsize>,
    mut closing: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // Every head is checked before hyper reads it; a refused one reaches the service as a
    // stand-in request, answered in order with the AWS-shaped error.
    let refusals = Refusals::default();
    let io = Framed::new(io, refusals.clone());
    let service = Tracked {
        inner: TowerToHyperService::new(app),
        busy,
        refusals,
    };
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = closing.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Every request bounded in time: its body's arrival and its handling. Past the bound the client
/// gets an AWS-shaped 408 and the work is dropped.
fn with_request_timeout(app: axum::Router, limit: Duration) -> axum::Router {
    app.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| async move {
            match tokio::time::timeout(limit, next.run(req)).await {
                Ok(resp) => resp,
                Err(_) => ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "RequestTimeoutException",
                    format!(
                        "The request was not received and handled within {} s",
                        limit.as_secs()
                    ),
                )
                .into_response(),
            }
        },
    ))
}

/// The connections being served, oldest first, each with whether it is inside a request and a
/// way to drop it.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    conns: Mutex<BTreeMap<u64, Slot>>,
}

/// A served connection: its requests in progress, and the sender that drops it (taken once).
type Slot = (Arc<AtomicUsize>, Option<oneshot::Sender<()>>);

/// A registered connection: its id and its count of requests in progress.
struct Entry {
    id: u64,
    busy: Arc<AtomicUsize>,
}

impl Registry {
    fn add(&self) -> (Entry, oneshot::Receiver<()>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let busy = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = oneshot::channel();
        if let Ok(mut m) = self.conns.lock() {
            m.insert(id, (busy.clone(), Some(tx)));
        }
        (Entry { id, busy }, rx)
    }

    fn remove(&self, id: u64) {
        if let Ok(mut m) = self.conns.lock() {
            m.remove(&id);
        }
    }

    /// Drops the oldest connection that is not inside a request; whether there was one.
    fn evict_oldest_idle(&self) -> bool {
        let Ok(mut m) = self.conns.lock() else {
            return false;
        };
        let found = m
            .values_mut()
            .find(|(busy, tx)| busy.load(Ordering::Relaxed) == 0 && tx.is_some());
        match found.and_then(|(_, tx)| tx.take()) {
            Some(tx) => tx.send(()).is_ok(),
            None => false,
        }
    }
}

/// A hyper service that counts the requests in progress on its connection (so an idle
/// connection can be told from a busy one), answers its connection's stand-in for a refused
/// request head, and answers a request whose chunked body did not parse with the refusal.
struct Tracked<S> {
    inner: S,
    busy: Arc<AtomicUsize>,
    refusals: Refusals,
}

/// Decrements the count when the request's handling ends, however it ends.
struct BusyGuard(Arc<AtomicUsize>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl<S, B> hyper::service::Service<hyper::Request<B>> for Tracked<S>
where
    S: hyper::service::Service<hyper::Request<B>, Response = axum::response::Response>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn call(&self, req: hyper::Request<B>) -> Self::Future {
        let index = self.refusals.began();
        if let Some(answer) = self.refusals.answer(req.headers()) {
            return Box::pin(async move { Ok(answer) });
        }
        self.busy.fetch_add(1, Ordering::Relaxed);
        let guard = BusyGuard(self.busy.clone());
        let fut = self.inner.call(req);
        let refusals = self.refusals.clone();
        Box::pin(async move {
            let _guard = guard;
            let answer = fut.await?;
            // A chunked body that did not parse failed the body the handler read: its answer
            // gives way to the AWS-shaped one naming the fault, which closes the connection.
            Ok(refusals.body_answer(index).unwrap_or(answer))
        })
    }
}
