//! Injected faults, so clients can be tested against throttling, timeouts and slowness.

use std::time::Duration;

use axum::http::StatusCode;

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
}
