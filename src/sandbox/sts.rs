//! STS GetCallerIdentity, the one STS call the app makes: a client pointed at the sandbox (by a
//! profile's `endpoint_url`, `AWS_ENDPOINT_URL` or `--endpoint-url`) asks it for the account id in
//! its header, and gets the sandbox's placeholder account instead of a 404.
//!
//! STS speaks the AWS query protocol (a form-encoded POST to `/`, an XML answer), unlike the
//! REST-JSON services the rest of the sandbox models, so it is answered here, before routing.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use super::ids;
use super::meta::ACCOUNT_ID;
use super::sigv4::{self, Credentials, SignedRequest};

/// The answer when the request is an STS GetCallerIdentity (signed for `sts` with the sandbox's
/// key pair); `None` for every other request.
pub(crate) fn answer(
    parts: &axum::http::request::Parts,
    body: &[u8],
    creds: &Credentials,
    region: &str,
) -> Option<Result<Response, ApiError>> {
    let req = SignedRequest {
        method: parts.method.as_str(),
        raw_path: parts.uri.path(),
        raw_query: parts.uri.query(),
        headers: &parts.headers,
        body,
    };
    let form = std::str::from_utf8(req.body).ok()?;
    let is_call = req.method == "POST"
        && req.raw_path == "/"
        && form.split('&').any(|kv| kv == "Action=GetCallerIdentity");
    if !is_call {
        return None;
    }
    Some(
        sigv4::verify(&req, creds, region, &["sts"], ids::now_ms() / 1000).map(|_| {
            let xml = format!(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <GetCallerIdentityResult>\
             <Arn>arn:aws:iam::{ACCOUNT_ID}:user/sandbox</Arn>\
             <UserId>{}</UserId>\
             <Account>{ACCOUNT_ID}</Account>\
             </GetCallerIdentityResult>\
             </GetCallerIdentityResponse>",
                creds.access_key_id
            );
            let mut resp = (StatusCode::OK, xml).into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
            resp
        }),
    )
}
