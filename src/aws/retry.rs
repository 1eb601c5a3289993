//! What the SDK's standard retries miss, and a trace of every attempt.
//!
//! The SDK retries by error code (throttling and transient codes) or by status 500/502/503/504.
//! A 429 that arrives without an `x-amzn-ErrorType` header (from a proxy or gateway, say) has no
//! code and so is not retried by default; this classifier retries it as throttling, and names the
//! gateway statuses explicitly so they stay retried whatever the default list becomes.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    FinalizerInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_types::request_id::RequestId;

/// Retries HTTP 429 (as throttling) and 502/503/504 (as server errors) by status alone.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatusRetryClassifier;

impl ClassifyRetry for StatusRetryClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        // Only failed attempts: a successful output is never retried.
        if matches!(ctx.output_or_error(), Some(Ok(_)) | None) {
            return RetryAction::NoActionIndicated;
        }
        match ctx.response().map(|r| r.status().as_u16()) {
            Some(429) => RetryAction::throttling_error(),
            Some(502..=504) => RetryAction::server_error(),
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "amplify-auth status classifier (429, 502-504)"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::http_status_code_classifier())
    }
}

/// Logs each attempt's outcome (attempt number, HTTP status, request id) at debug level, so a log
/// shows retries as they happen. Never logs bodies or headers other than the request id.
#[derive(Debug, Default, Clone, Copy)]
pub struct AttemptLogger;

impl Intercept for AttemptLogger {
    fn name(&self) -> &'static str {
        "amplify-auth attempt logger"
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg.load::<RequestAttempts>().map(|a| a.attempts());
        let status = context.response().map(|r| r.status().as_u16());
        let request_id = context.response().and_then(|r| r.headers().request_id());
        let failed = matches!(context.output_or_error(), Some(Err(_)));
        tracing::debug!(
            ?attempt,
            ?status,
            ?request_id,
            failed,
            "AWS request attempt"
        );
        Ok(())
    }
}

/// Forbids retrying when the server's TLS certificate was not trusted: every attempt fails the
/// same way, so retrying only delays (by seconds of back-off) the message that says to pass a
/// CA bundle. The SDK would otherwise retry it like any other connection error.
#[derive(Debug, Default, Clone, Copy)]
pub struct UntrustedCertificateClassifier;

impl ClassifyRetry for UntrustedCertificateClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(err)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        match err.as_connector_error() {
            Some(conn) if super::error::cause_chain(conn).contains("invalid peer certificate") => {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "amplify-auth untrusted certificate classifier"
    }

    fn priority(&self) -> RetryClassifierPriority {
        // After the SDK's transient-error classifier, which would call it retryable.
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}
