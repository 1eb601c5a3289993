//! AWS-shaped errors: a status code, the `x-amzn-ErrorType` header the SDKs read the error code
//! from, and a JSON body with `message` (plus `resourceType` / `limitType` where the model has them).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    /// The error code, e.g. `BadRequestException`; `None` sends a bare status with a message only,
    /// as some front doors do when throttling.
    pub code: Option<&'static str>,
    pub message: String,
    pub resource_type: Option<String>,
    pub limit_type: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: Some(code),
            message: message.into(),
            resource_type: None,
            limit_type: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequestException", message)
    }

    /// `resource_type` says what was missing: `App`, `BackendEnvironment`, `Auth` or `Job`.
    pub fn not_found(resource_type: &str, message: impl Into<String>) -> Self {
        ApiError {
            resource_type: Some(resource_type.to_string()),
            ..Self::new(StatusCode::NOT_FOUND, "NotFoundException", message)
        }
    }

    /// An operation outside the sandbox's scope: 501, which no client can take for a fault of its
    /// own request (a 400 would say the request was wrong).
    pub fn not_implemented(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplementedException",
            message,
        )
    }

    /// A bug in the sandbox, never the caller's fault.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailureException",
            message,
        )
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code.unwrap_or("-"),
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(format!("sandbox state error: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "message": self.message });
        if let Some(rt) = &self.resource_type {
            body["resourceType"] = json!(rt);
        }
        if let Some(lt) = &self.limit_type {
            body["limitType"] = json!(lt);
        }
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(code) = self.code {
            resp.headers_mut()
                .insert("x-amzn-ErrorType", HeaderValue::from_static(code));
        }
        resp
    }
}
