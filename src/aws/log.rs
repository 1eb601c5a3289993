//! Log levels that keep secrets out of log files.
//!
//! At `trace` level the SDK's orchestrator and the HTTP stack log whole requests, bodies included,
//! and a CreateBackendAuth or UpdateBackendAuth body carries client secrets and the Apple private
//! key. Whatever filter the user asks for, the app should append these directives: they cap the
//! SDK and transport crates at `debug`, which logs attempts, retries and timeouts but no bodies.

/// `tracing_subscriber::EnvFilter` directives to append after the user's own (later ones win).
pub const SDK_LOG_CAPS: &[&str] = &[
    "aws_smithy_runtime=debug",
    "aws_smithy_runtime_api=debug",
    "aws_smithy_http=debug",
    "aws_smithy_http_client=debug",
    "aws_smithy_types=debug",
    "aws_sigv4=debug",
    "aws_runtime=debug",
    "aws_config=debug",
    "aws_credential_types=debug",
    "aws_sdk_amplifybackend=debug",
    "aws_sdk_amplify=debug",
    "aws_sdk_sso=debug",
    "aws_sdk_ssooidc=debug",
    "aws_sdk_sts=debug",
    "hyper=debug",
    "hyper_util=debug",
    "h2=debug",
    "rustls=debug",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::{Context, SubscriberExt};
    use tracing_subscriber::{EnvFilter, Layer};

    /// Records the target of every event that gets through the filter.
    struct Targets(Arc<Mutex<Vec<String>>>);

    impl<S: tracing::Subscriber> Layer<S> for Targets {
        fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
            let target = event.metadata().target().to_string();
            self.0.lock().unwrap().push(target);
        }
    }

    #[test]
    fn caps_silence_sdk_trace_even_under_a_global_trace_filter() {
        let filter = EnvFilter::try_new(format!("trace,{}", SDK_LOG_CAPS.join(",")))
            .expect("valid directives");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let subscriber = tracing_subscriber::registry()
            .with(Targets(seen.clone()))
            .with(filter);
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "aws_smithy_runtime::client::orchestrator", "request body");
            tracing::trace!(target: "hyper::proto::h1", "frame");
            tracing::debug!(target: "aws_smithy_runtime::client::orchestrator", "attempt 2");
            tracing::trace!(target: "amplify_auth::app", "ours");
        });
        let seen = seen.lock().unwrap().clone();
        assert_eq!(
            seen,
            [
                "aws_smithy_runtime::client::orchestrator",
                "amplify_auth::app"
            ]
        );
    }
}
