//! The SDK's own retries as they happen, for a screen that wants to say "retrying 2/3".
//!
//! A call made inside [`report_attempts`] sends an [`AttemptNote`] to the given sink when one of
//! its attempts fails and the SDK is about to try again, and when the next attempt starts. The
//! sink travels in a tokio task-local, so the calls in `backend.rs` stay unchanged and calls made
//! outside a scope report nothing. The notes come from an interceptor ([`AttemptReporter`]); it
//! runs the client's own retry classifiers to know whether a retry follows, and states the upper
//! bound of the SDK's jittered back-off (the actual wait is random below it).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryReason,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use aws_smithy_types::retry::RetryConfig;

use super::error::{body_snippet, sanitize_text, transport_reason};

/// One step of a call's retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptNote {
    /// The API operation (`CreateBackendAuth`, …).
    pub operation: String,
    /// The attempt that failed (for [`AttemptEvent::Failed`]) or that starts (for `Retrying`).
    pub attempt: u32,
    pub max_attempts: u32,
    pub event: AttemptEvent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptEvent {
    /// The attempt failed and the SDK will try again after a back-off of at most `within`.
    Failed { reason: String, within: Duration },
    /// A retry starts; `after` says what happened to the attempt before it.
    Retrying { after: String },
}

impl fmt::Display for AttemptNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (op, n, max) = (&self.operation, self.attempt, self.max_attempts);
        match &self.event {
            AttemptEvent::Failed { reason, within } => write!(
                f,
                "{op}: attempt {n}/{max} failed ({reason}); retrying {}/{max} in at most {:.1} s",
                n + 1,
                within.as_secs_f64()
            ),
            AttemptEvent::Retrying { after } => write!(
                f,
                "{op}: retrying {n}/{max} (attempt {} {after})",
                n.saturating_sub(1)
            ),
        }
    }
}

/// Where notes go: called on the task making the call, so it must be quick (send on a channel).
pub type AttemptSink = Arc<dyn Fn(AttemptNote) + Send + Sync>;

tokio::task_local! {
    static SINK: AttemptSink;
}

/// Runs `call` (one or more SDK calls) with `sink` receiving its retry notes.
pub async fn report_attempts<F: Future>(sink: AttemptSink, call: F) -> F::Output {
    SINK.scope(sink, call).await
}

/// A back-off above the SDK's own retries (`overview::throttled`): the call was throttled on
/// every SDK attempt, and is tried again whole after at most `within`.
pub fn note_throttled(operation: &str, attempt: u32, max_attempts: u32, within: Duration) {
    emit(AttemptNote {
        operation: operation.to_string(),
        attempt,
        max_attempts,
        event: AttemptEvent::Failed {
            reason: "throttled by the service on each of the SDK's attempts".into(),
            within,
        },
    });
}

fn emit(note: AttemptNote) {
    // Outside a scope nobody is listening; that is fine.
    let _ = SINK.try_with(|sink| sink(note));
}

/// What the last failed attempt got, kept between the attempt's end and the next one's start.
#[derive(Clone, Debug)]
struct LastFailure {
    attempt: u32,
    reason: String,
}

impl Storable for LastFailure {
    type Storer = StoreReplace<Self>;
}

/// Reports retries to the sink of the current [`report_attempts`] scope, if any.
#[derive(Debug, Default, Clone, Copy)]
pub struct AttemptReporter;

impl Intercept for AttemptReporter {
    fn name(&self) -> &'static str {
        "amplify-auth attempt reporter"
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Err(err)) = context.output_or_error() else {
            return Ok(());
        };
        let attempt = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
        let reason = match context.response() {
            // A 2xx that failed: its body broke off or could not be read.
            Some(resp) if resp.status().is_success() => format!(
                "the HTTP {} answer broke off: {}",
                resp.status().as_u16(),
                transport_reason(err)
            ),
            Some(resp) => response_reason(resp),
            None => transport_reason(err),
        };
        cfg.interceptor_state().store_put(LastFailure {
            attempt,
            reason: reason.clone(),
        });
        let max = max_attempts(cfg);
        if attempt >= max {
            return Ok(());
        }
        // The same classifiers, in the same order, as the retry strategy consults next.
        let mut action = RetryAction::NoActionIndicated;
        for c in runtime_components.retry_classifiers() {
            let a = c.classify_retry(context.inner());
            if a == RetryAction::NoActionIndicated {
                continue;
            }
            action = a;
            if action == RetryAction::RetryForbidden {
                break;
            }
        }
        let RetryAction::RetryIndicated(RetryReason::RetryableError { retry_after, .. }) = action
        else {
            return Ok(());
        };
        let within = retry_after.unwrap_or_else(|| backoff_bound(cfg, attempt));
        emit(AttemptNote {
            operation: operation(cfg),
            attempt,
            max_attempts: max,
            event: AttemptEvent::Failed { reason, within },
        });
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
        if attempt < 2 {
            return Ok(());
        }
        // An attempt cut off by the attempt timeout never reaches `read_after_attempt`.
        let after = match cfg.load::<LastFailure>() {
            Some(f) if f.attempt + 1 == attempt => format!("failed: {}", f.reason),
            _ => "got no answer in time".to_string(),
        };
        emit(AttemptNote {
            operation: operation(cfg),
            attempt,
            max_attempts: max_attempts(cfg),
            event: AttemptEvent::Retrying { after },
        });
        Ok(())
    }
}

fn operation(cfg: &ConfigBag) -> String {
    cfg.load::<Metadata>()
        .map_or_else(|| "AWS call".to_string(), |m| m.name().to_string())
}

fn max_attempts(cfg: &ConfigBag) -> u32 {
    cfg.load::<RetryConfig>().map_or(1, |r| r.max_attempts())
}

/// The standard strategy waits rand(0..1) × min(initial × 2^(attempt−1), max); this is the bound.
fn backoff_bound(cfg: &ConfigBag, attempt: u32) -> Duration {
    let Some(rc) = cfg.load::<RetryConfig>() else {
        return Duration::from_secs(1);
    };
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
    rc.initial_backoff()
        .saturating_mul(factor)
        .min(rc.max_backoff())
}

/// "HTTP 429 TooManyRequestsException: Rate exceeded", from the status, the error type header
/// and the body's message.
fn response_reason(resp: &HttpResponse) -> String {
    let mut out = format!("HTTP {}", resp.status().as_u16());
    if let Some(t) = resp.headers().get("x-amzn-ErrorType") {
        // The header may carry a namespace after a colon.
        let code = sanitize_text(t.split(':').next().unwrap_or_default());
        if !code.is_empty() {
            out.push(' ');
            out.push_str(&code);
        }
    }
    if let Some(msg) = body_snippet(resp) {
        let short: String = msg.chars().take(120).collect();
        out.push_str(": ");
        out.push_str(&short);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_as_plain_words() {
        let failed = AttemptNote {
            operation: "CreateBackendAuth".into(),
            attempt: 1,
            max_attempts: 3,
            event: AttemptEvent::Failed {
                reason: "HTTP 429 TooManyRequestsException: Rate exceeded".into(),
                within: Duration::from_secs(1),
            },
        };
        assert_eq!(
            failed.to_string(),
            "CreateBackendAuth: attempt 1/3 failed (HTTP 429 TooManyRequestsException: Rate exceeded); retrying 2/3 in at most 1.0 s"
        );
        let retrying = AttemptNote {
            operation: "GetBackendJob".into(),
            attempt: 2,
            max_attempts: 3,
            event: AttemptEvent::Retrying {
                after: "got no answer in time".into(),
            },
        };
        assert_eq!(
            retrying.to_string(),
            "GetBackendJob: retrying 2/3 (attempt 1 got no answer in time)"
        );
    }
}
