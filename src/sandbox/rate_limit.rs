//! `serve --rate-limit R`: a request rate limit in front of the whole sandbox, as the real
//! service's throttle sits in front of it, so scripts and this app can be rehearsed against
//! sustained throttling (issue 16).
//!
//! A token bucket: R tokens a second, holding at most one second's worth (R, at least 1), so a
//! short burst passes and a sustained rate above R does not. A refused request takes no token.
//! Refusals are 429 in the model's shape: AmplifyBackend's `TooManyRequestsException` (with
//! `limitType`), Amplify's `LimitExceededException` for the Amplify routes (ListApps, …); the
//! Cognito calls get Cognito's `TooManyRequestsException` as an awsJson 400. Each has an
//! `x-amzn-RequestId` like every other answer.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use super::ids;

/// A token bucket refilled continuously.
#[derive(Debug)]
pub(crate) struct Bucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    pub(crate) fn new(rate: f64, now: Instant) -> Self {
        let capacity = rate.max(1.0);
        Bucket {
            rate,
            capacity,
            tokens: capacity,
            last: now,
        }
    }

    /// Takes a token if one is there.
    pub(crate) fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The router with the limit in front, or unchanged when `rate` is `None` (or not above zero).
pub(crate) fn wrap(router: axum::Router, rate: Option<f64>) -> axum::Router {
    match rate.filter(|r| *r > 0.0 && r.is_finite()) {
        Some(r) => {
            let bucket = Arc::new(Mutex::new(Bucket::new(r, Instant::now())));
            router.layer(from_fn_with_state(bucket, limit))
        }
        None => router,
    }
}

async fn limit(State(bucket): State<Arc<Mutex<Bucket>>>, req: Request, next: Next) -> Response {
    let allowed = bucket
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take(Instant::now());
    if allowed {
        return next.run(req).await;
    }
    let mut resp = if super::cognito_live::target(req.headers()).is_some() {
        // Cognito's throttle is its TooManyRequestsException ("too many requests for a given
        // operation", cognito-idp-2016-04-18 and cognito-identity-2014-06-30), in the awsJson
        // shape; its LimitExceededException is a quota, not a rate. The models give it no HTTP
        // status, so it is the protocol's 400: a client that retries only on 429 is exposed.
        super::server::json_error(ApiError::new(
            StatusCode::BAD_REQUEST,
            "TooManyRequestsException",
            "Rate exceeded",
        ))
    } else if req.uri().path().starts_with("/backend") {
        ApiError {
            limit_type: Some("requests".into()),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequestsException",
                "Rate exceeded",
            )
        }
        .into_response()
    } else {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "LimitExceededException",
            "Rate exceeded",
        )
        .into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&ids::uuid_v4()) {
        resp.headers_mut().insert("x-amzn-RequestId", v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_of_one_second_passes_then_the_rate_holds() {
        let t0 = Instant::now();
        let mut b = Bucket::new(20.0, t0);
        let burst = (0..100).filter(|_| b.take(t0)).count();
        assert_eq!(burst, 20);
        // Half a second later: ten more, no more.
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!((0..100).filter(|_| b.take(t1)).count(), 10);
        // A long pause refills only up to one second's worth.
        let t2 = t1 + Duration::from_secs(60);
        assert_eq!((0..100).filter(|_| b.take(t2)).count(), 20);
    }

    #[test]
    fn a_rate_below_one_still_lets_one_request_through() {
        let t0 = Instant::now();
        let mut b = Bucket::new(0.5, t0);
        assert!(b.take(t0));
        assert!(!b.take(t0 + Duration::from_secs(1)));
        assert!(b.take(t0 + Duration::from_secs(2)));
    }
}
