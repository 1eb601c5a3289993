//! The HTTP side: one axum fallback handler routes every request with the model's URI templates,
//! so any route the model has is recognised, and runs the pipeline size limit → route → SigV4 →
//! faults → input validation → operation (in a blocking task, inside one transaction) → output
//! renamed to the wire.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use super::faults::FaultConfig;
use super::handlers::{self, Ctx};
use super::ids;
use super::sigv4::{self, Credentials, SignedRequest};
use super::store::Store;
use crate::model::{self, Facts};

pub(crate) struct Shared {
    pub store: Arc<Store>,
    pub creds: Credentials,
    pub region: String,
    /// Read per request, so tests can change it while the sandbox runs.
    pub job_duration_ms: Arc<AtomicI64>,
    pub faults: Arc<RwLock<FaultConfig>>,
    pub max_body_bytes: usize,
    pub return_secrets: bool,
    pub cognito: Arc<super::CognitoAccount>,
}

pub(crate) fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let request_id = ids::uuid_v4();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let mut resp = match pipeline(&shared, req).await {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(%method, %path, status = e.status.as_u16(), code = e.code, "refused");
            e.into_response()
        }
    };
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert("x-amzn-RequestId", v);
    }
    resp
}

fn too_large(limit: usize, got: Option<u64>) -> ApiError {
    let size = got
        .map(|n| format!("{n} bytes"))
        .unwrap_or_else(|| "too large".into());
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLargeException",
        format!("Request body is {size}; the sandbox accepts at most {limit} bytes"),
    )
}

/// Reads the body up to `limit`. A larger body is read on and thrown away up to a cap before the
/// 413 goes out: closing a socket with unread data makes the kernel reset the connection, and the
/// client would then lose the answer that explains the refusal.
async fn read_body(
    body: Body,
    limit: usize,
    headers: &axum::http::HeaderMap,
) -> Result<Vec<u8>, ApiError> {
    use futures::StreamExt;
    let drain_cap = (limit as u64).saturating_mul(16).max(16 * 1024 * 1024);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > drain_cap) {
        return Err(too_large(limit, declared));
    }
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(format!("The request body could not be read: {e}"))
        })?;
        total += chunk.len() as u64;
        if total > drain_cap {
            break;
        }
        if total <= limit as u64 {
            buf.extend_from_slice(&chunk);
        }
    }
    if total > limit as u64 {
        return Err(too_large(limit, declared.or(Some(total))));
    }
    Ok(buf)
}

async fn pipeline(shared: &Shared, req: Request) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let body = read_body(body, shared.max_body_bytes, &parts.headers).await?;

    let method = parts.method.as_str();
    let raw_path = parts.uri.path();
    let raw_query = parts.uri.query();
    if let Some(r) = super::sts::answer(&parts, &body, &shared.creds, &shared.region) {
        return r;
    }
    if let Some((facts, op)) = super::cognito_live::target(&parts.headers) {
        return Ok(match cognito(shared, &parts, &body, facts, op).await {
            Ok(r) => r,
            Err(e) => json_error(e),
        });
    }
    let found: Option<(&'static Facts, model::RouteMatch<'static>)> =
        [model::amplifybackend(), model::amplify()]
            .into_iter()
            .find_map(|f| f.match_route(method, raw_path).map(|m| (f, m)));

    let services: Vec<&str> = match &found {
        Some((f, _)) => vec![f.signing_name.as_str()],
        None => vec![
            model::amplifybackend().signing_name.as_str(),
            model::amplify().signing_name.as_str(),
        ],
    };
    sigv4::verify(
        &SignedRequest {
            method,
            raw_path,
            raw_query,
            headers: &parts.headers,
            body: &body,
        },
        &shared.creds,
        &shared.region,
        &services,
        ids::now_ms() / 1000,
    )?;

    let faults = apply_faults(shared).await?;

    let Some((facts, route)) = found else {
        return Err(unknown_route(method, raw_path));
    };
    let op: &'static str = route.name;
    if !handlers::IMPLEMENTED.contains(&op) {
        return Err(handlers::not_implemented(op));
    }
    let input = facts
        .parse_input(&route, raw_query, &body)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if let Some(e) = faults.failing_read(op, &input) {
        return Err(e);
    }
    let input_shape: &'static str = route.operation.input.as_deref().unwrap_or_default();
    let output_shape = route.operation.output.as_deref();

    let store = shared.store.clone();
    let ctx = Ctx {
        region: shared.region.clone(),
        job_duration_ms: shared.job_duration_ms.load(Ordering::Relaxed),
        return_secrets: shared.return_secrets,
        clone_failure_rate: faults.clone_failure_rate,
        cognito: shared.cognito.clone(),
        auth_job_error: faults.auth_job_error.clone(),
    };
    let out = tokio::task::spawn_blocking(move || {
        // The clock is read once the store is ours: a request that waited for the lock must not
        // start a job dated before the writes that went ahead of it.
        store.transaction(|tx| handlers::dispatch(&ctx, tx, op, input_shape, &input, ids::now_ms()))
    })
    .await
    .map_err(|e| ApiError::internal(format!("the sandbox failed while answering {op}: {e}")))??;

    let wire = match output_shape {
        Some(shape) => facts.to_wire(shape, &out).map_err(|e| {
            ApiError::internal(format!("the sandbox built an invalid {op} response: {e}"))
        })?,
        None => serde_json::json!({}),
    };
    tracing::debug!(op, "answered");
    let status = StatusCode::from_u16(route.operation.code).unwrap_or(StatusCode::OK);
    Ok((status, axum::Json(wire)).into_response())
}

/// An awsJson1_1 (Cognito) error: the code is in the body as `__type` too, where botocore
/// reads it (the SDKs also read the `x-amzn-ErrorType` header).
pub(crate) fn json_error(e: ApiError) -> Response {
    let code = e.code.unwrap_or("InternalErrorException");
    let mut resp = (
        e.status,
        axum::Json(serde_json::json!({"__type": code, "message": e.message})),
    )
        .into_response();
    resp.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(code));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    resp
}

/// The 404 for a request no operation matches: a known path with another method says so.
fn unknown_route(method: &str, raw_path: &str) -> ApiError {
    let known = [model::amplifybackend(), model::amplify()]
        .iter()
        .any(|f| f.path_known(raw_path));
    let message = if known {
        format!("{raw_path} does not accept {method}")
    } else {
        format!("No operation matches {method} {raw_path}")
    };
    ApiError::new(StatusCode::NOT_FOUND, "UnknownOperationException", message)
}

/// The faults in force: the latency waited out, then a random fault rolled (a refusal).
async fn apply_faults(shared: &Shared) -> Result<FaultConfig, ApiError> {
    let faults = shared
        .faults
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    match faults.roll() {
        Some(e) => Err(e),
        None => Ok(faults),
    }
}

/// A Cognito request (awsJson1_1, `X-Amz-Target`): SigV4 for the service's signing name, faults,
/// input checked against the model's input shape, then `cognito_live`, after due jobs settled
/// (a finished job's pool change is visible to the next read).
async fn cognito(
    shared: &Shared,
    parts: &axum::http::request::Parts,
    body: &[u8],
    facts: &'static Facts,
    op: String,
) -> Result<Response, ApiError> {
    sigv4::verify(
        &SignedRequest {
            method: parts.method.as_str(),
            raw_path: parts.uri.path(),
            raw_query: parts.uri.query(),
            headers: &parts.headers,
            body,
        },
        &shared.creds,
        &shared.region,
        &[facts.signing_name.as_str()],
        ids::now_ms() / 1000,
    )?;
    if apply_faults(shared).await?.deny_cognito {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "AccessDeniedException",
            format!(
                "User is not authorized to perform: {}:{op} (the sandbox denies Cognito, as asked)",
                facts.signing_name
            ),
        ));
    }
    let Some(operation) = facts
        .operation(&op)
        .filter(|_| super::cognito_live::SERVED.contains(&op.as_str()))
    else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "UnknownOperationException",
            format!(
                "The sandbox does not serve the {} operation {op}.",
                facts.signing_name
            ),
        ));
    };
    let input: serde_json::Value = if body.is_empty() {
        serde_json::json!({})
    } else {
        serde_json::from_slice(body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "SerializationException",
                format!("The request body is not JSON: {e}"),
            )
        })?
    };
    if let Some(shape) = operation.input.as_deref() {
        let violations = facts.validate(shape, &input, "");
        if !violations.is_empty() {
            let all: Vec<&str> = violations.iter().map(|v| v.message.as_str()).collect();
            let n = all.len();
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "InvalidParameterException",
                format!(
                    "{n} validation error{} detected: {}",
                    if n == 1 { "" } else { "s" },
                    all.join("; ")
                ),
            ));
        }
    }
    let store = shared.store.clone();
    let region = shared.region.clone();
    let op2 = op.clone();
    let out = tokio::task::spawn_blocking(move || {
        store.transaction(|tx| {
            let now = ids::now_ms();
            super::jobs::settle(tx, now)?;
            super::cognito_live::dispatch(tx, &region, &op2, &input, now)
        })
    })
    .await
    .map_err(|e| ApiError::internal(format!("the sandbox failed while answering {op}: {e}")))??;
    tracing::debug!(op, "answered");
    let mut resp = (StatusCode::OK, axum::Json(out)).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    Ok(resp)
}
