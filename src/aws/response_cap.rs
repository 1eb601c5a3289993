//! A cap on the size of every answer (issue 24): the SDK reads a whole response body into memory
//! before parsing it, so a hostile or broken endpoint answering 1 GB took 4.2 GB of memory, and
//! 3 GB aborted the process. An answer of AmplifyBackend or Amplify is a few KiB (a page of apps
//! or jobs, a config); anything above [`MAX_RESPONSE_BYTES`] is refused: at once when its
//! `Content-Length` says so, else as soon as that many bytes have arrived. The call then fails as
//! an unusable answer (exit 5), naming the limit, with at most the cap in memory.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use http_body_util::BodyExt;

/// The largest answer read: thousands of times a real one.
pub const MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// An answer over the cap.
#[derive(Debug)]
pub struct TooLarge {
    pub size: Option<u64>,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cap = crate::bounded_file::bytes(MAX_RESPONSE_BYTES);
        match self.size {
            Some(n) => write!(
                f,
                "the answer is {n} bytes, more than the {cap} this tool reads (an answer is a few KiB)"
            ),
            None => write!(
                f,
                "the answer is larger than the {cap} this tool reads (an answer is a few KiB)"
            ),
        }
    }
}

impl std::error::Error for TooLarge {}

/// The interceptor that applies the cap (on every client the app builds).
#[derive(Debug, Default, Clone, Copy)]
pub struct ResponseCap;

impl Intercept for ResponseCap {
    fn name(&self) -> &'static str {
        "amplify-auth response size cap"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response_mut();
        // A declared length over the cap is refused at the first bytes (a limit of 0), naming
        // its size; otherwise the body stops at the cap. Either way the failure comes out of the
        // body as a read failure, so both read alike.
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|n| *n > MAX_RESPONSE_BYTES);
        let limit = if declared.is_some() {
            0
        } else {
            MAX_RESPONSE_BYTES as usize
        };
        let body = std::mem::replace(response.body_mut(), SdkBody::taken());
        *response.body_mut() = body.map(move |b| {
            let limited =
                http_body_util::Limited::new(b, limit).map_err(move |e: BoxError| -> BoxError {
                    if e.is::<http_body_util::LengthLimitError>() {
                        Box::new(TooLarge { size: declared })
                    } else {
                        e
                    }
                });
            SdkBody::from_body_1_x(limited)
        });
        Ok(())
    }
}
