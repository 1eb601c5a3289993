//! Log levels that keep secrets out of log files.
//!
//! At `trace` level the SDK's orchestrator and the HTTP stack log whole requests, bodies included,
//! and a CreateBackendAuth or UpdateBackendAuth body carries client secrets and the Apple private
//! key. Whatever filter the user asks for, these directives cap the SDK and transport crates at
//! `debug`, which logs attempts, retries and timeouts but no bodies. [`capped_filter`] applies them
//! as a second filter, so they only ever lower a level the user asked for.

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

/// The user's `EnvFilter` directives with [`SDK_LOG_CAPS`] on top: an event is logged only when
/// both let it through. (Appended to the user's directives instead, the caps would also raise the
/// SDK to `debug` under the default `amplify_auth=info`: ~25 lines for every call.) Invalid user
/// directives fall back to `amplify_auth=info`.
pub fn capped_filter<S>(
    user: &str,
) -> impl tracing_subscriber::layer::Filter<S> + Send + Sync + use<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    use tracing_subscriber::EnvFilter;
    use tracing_subscriber::filter::FilterExt;
    let user = EnvFilter::try_new(user).unwrap_or_else(|_| EnvFilter::new("amplify_auth=info"));
    let caps = EnvFilter::try_new(format!("trace,{}", SDK_LOG_CAPS.join(",")))
        .expect("the caps are valid directives");
    user.and(caps)
}

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

    fn seen_with(user: &str) -> Vec<String> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let subscriber = tracing_subscriber::registry()
            .with(Targets(seen.clone()).with_filter(capped_filter(user)));
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "aws_smithy_runtime::client::orchestrator", "request body");
            tracing::debug!(target: "aws_smithy_runtime::client::orchestrator", "attempt 2");
            tracing::debug!(target: "hyper_util::client", "connecting");
            tracing::info!(target: "amplify_auth::app", "ours");
            tracing::trace!(target: "amplify_auth::app", "ours, detailed");
        });
        seen.lock().unwrap().clone()
    }

    #[test]
    fn capped_filter_lowers_sdk_levels_and_never_raises_them() {
        // Default filter: our info only; the SDK stays silent.
        assert_eq!(seen_with("amplify_auth=info"), ["amplify_auth::app"]);
        // Everything at trace: the SDK is held at debug, ours is not capped.
        assert_eq!(
            seen_with("trace"),
            [
                "aws_smithy_runtime::client::orchestrator",
                "hyper_util::client",
                "amplify_auth::app",
                "amplify_auth::app"
            ]
        );
        // Asking for one SDK crate at trace still gets debug at most.
        assert_eq!(
            seen_with("aws_smithy_runtime=trace"),
            ["aws_smithy_runtime::client::orchestrator"]
        );
        // Nonsense falls back to the default.
        assert_eq!(seen_with("=[nonsense"), ["amplify_auth::app"]);
    }
}
