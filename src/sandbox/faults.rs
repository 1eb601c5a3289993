//! Injected faults, so clients can be tested against throttling, timeouts and slowness.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;

use super::errors::ApiError;

/// Each rate is a probability from 0.0 (never) to 1.0 (every request). Faults apply to signed
/// requests only, after the signature check, as a throttle in front of the real service would.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaultConfig {
    /// 429 `TooManyRequestsException` with its error type header.
    pub throttle_rate: f64,
    /// 429 with a message only and no error type, as a front door may send.
    pub throttle_without_type_rate: f64,
    /// 504 `GatewayTimeoutException`.
    pub gateway_timeout_rate: f64,
    /// CloneBackend jobs that end FAILED, leaving the new environment empty (as a failed clone
    /// does on the service). Decided when the clone starts.
    pub clone_failure_rate: f64,
    /// Added to every request before it is answered.
    pub latency: Duration,
    /// Create/UpdateBackendAuth jobs that would complete FAIL instead, with this `Error` text.
    /// For failures the sandbox's rules cannot produce honestly (a CloudFormation event,
    /// "ValidationException: null"): the text is the test's, the job and its polling are real.
    pub auth_job_error: Option<String>,
    /// Reads of these apps or environments always fail, while the rest of the account answers,
    /// so a client can be shown to report one broken environment without losing the others.
    pub failing_reads: Vec<FailingRead>,
    /// Every Cognito request (cognito-idp, cognito-identity) is refused with 400
    /// `AccessDeniedException`, as for a caller whose policy allows AmplifyBackend only, while
    /// AmplifyBackend answers normally.
    pub deny_cognito: bool,
}

/// One app (every environment of it) or one app's environment whose reads (`Get*`, `List*`
/// operations naming it) answer 504 `GatewayTimeoutException`, the model's error for a
/// service that did not answer in time. ListApps names no app, so it never fails this way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailingRead {
    pub app_id: String,
    /// `None`: every read of the app, ListBackendEnvironments included.
    pub env: Option<String>,
}

impl FailingRead {
    /// `APP` or `APP/ENV`, as `serve --fail-reads` takes it.
    pub fn parse(s: &str) -> Result<Self, String> {
        let (app, env) = match s.split_once('/') {
            Some((app, env)) => (app, Some(env)),
            None => (s, None),
        };
        let ok = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok(app) || env.is_some_and(|e| !ok(e)) {
            return Err(format!(
                "{s:?} is not an app or environment: give APP or APP/ENV, e.g. d1a2b3c4/prod"
            ));
        }
        Ok(Self {
            app_id: app.to_string(),
            env: env.map(str::to_string),
        })
    }

    fn hits(&self, op: &str, input: &Value) -> bool {
        let member = |names: [&str; 2]| names.iter().find_map(|n| input.get(*n)?.as_str());
        let is_read = op.starts_with("Get") || op.starts_with("List");
        let app = member(["AppId", "appId"]);
        let env = member(["BackendEnvironmentName", "environmentName"]);
        is_read
            && app == Some(self.app_id.as_str())
            && self.env.as_deref().is_none_or(|want| env == Some(want))
    }
}

impl FaultConfig {
    /// The fault to answer with this time, if any.
    pub(crate) fn roll(&self) -> Option<ApiError> {
        let hit = |rate: f64| rate > 0.0 && rand::random::<f64>() < rate;
        if hit(self.throttle_rate) {
            return Some(ApiError {
                limit_type: Some("requests".into()),
                ..ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "TooManyRequestsException",
                    "Rate exceeded",
                )
            });
        }
        if hit(self.throttle_without_type_rate) {
            return Some(ApiError {
                code: None,
                ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "", "Too Many Requests")
            });
        }
        if hit(self.gateway_timeout_rate) {
            return Some(ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "GatewayTimeoutException",
                "Endpoint request timed out",
            ));
        }
        None
    }

    /// The targeted fault for operation `op` with this (validated, CLI-shaped) input, if any.
    pub(crate) fn failing_read(&self, op: &str, input: &Value) -> Option<ApiError> {
        self.failing_reads
            .iter()
            .any(|f| f.hits(op, input))
            .then(|| {
                ApiError::new(
                    StatusCode::GATEWAY_TIMEOUT,
                    "GatewayTimeoutException",
                    "Endpoint request timed out",
                )
            })
    }
}

/// The outcome of an auth job with [`FaultConfig::auth_job_error`] applied: a job that would
/// complete fails with the injected text; one the rules already fail keeps its own error.
pub(crate) fn auth_job(
    outcome: super::jobs::Outcome,
    injected: Option<&str>,
) -> super::jobs::Outcome {
    match injected {
        Some(text) if outcome.error.is_none() => super::jobs::Outcome::fail(text),
        _ => outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rates_of_zero_and_one_are_exact() {
        assert!(FaultConfig::default().roll().is_none());
        let always = FaultConfig {
            gateway_timeout_rate: 1.0,
            ..Default::default()
        };
        assert_eq!(always.roll().unwrap().status, StatusCode::GATEWAY_TIMEOUT);
        let bare = FaultConfig {
            throttle_without_type_rate: 1.0,
            ..Default::default()
        };
        let e = bare.roll().unwrap();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(e.code.is_none());
    }

    #[test]
    fn a_failing_read_hits_only_reads_naming_its_app_and_environment() {
        let faults = |spec: &str| FaultConfig {
            failing_reads: vec![FailingRead::parse(spec).unwrap()],
            ..Default::default()
        };
        let env = faults("dapp/prod");
        let backend = |app: &str, env: &str| json!({"AppId": app, "BackendEnvironmentName": env});
        let e = env
            .failing_read("GetBackendAuth", &backend("dapp", "prod"))
            .unwrap();
        assert_eq!(e.status, StatusCode::GATEWAY_TIMEOUT);
        assert!(
            env.failing_read("ListBackendJobs", &backend("dapp", "prod"))
                .is_some()
        );
        assert!(
            env.failing_read("GetBackend", &backend("dapp", "dev"))
                .is_none()
        );
        assert!(
            env.failing_read("GetBackend", &backend("dother", "prod"))
                .is_none()
        );
        // Writes are not reads; the unfiltered environment listing names no environment.
        assert!(
            env.failing_read("UpdateBackendAuth", &backend("dapp", "prod"))
                .is_none()
        );
        let listing = json!({"appId": "dapp"});
        assert!(
            env.failing_read("ListBackendEnvironments", &listing)
                .is_none()
        );
        // A whole app: every read naming it, the Amplify API's listing included.
        let app = faults("dapp");
        assert!(
            app.failing_read("ListBackendEnvironments", &listing)
                .is_some()
        );
        assert!(
            app.failing_read("GetBackend", &backend("dapp", "dev"))
                .is_some()
        );
        assert!(app.failing_read("ListApps", &json!({})).is_none());
    }

    #[test]
    fn failing_read_specs_are_checked_with_the_fix_in_the_message() {
        assert_eq!(
            FailingRead::parse("dapp").unwrap(),
            FailingRead {
                app_id: "dapp".into(),
                env: None
            }
        );
        assert_eq!(
            FailingRead::parse("dapp/prod").unwrap().env.as_deref(),
            Some("prod")
        );
        for bad in ["", "dapp/", "/prod", "d-app", "dapp/prod/x"] {
            let e = FailingRead::parse(bad).unwrap_err();
            assert!(e.contains("APP or APP/ENV"), "{bad}: {e}");
        }
    }
}
