//! Whose account the clients act in: STS GetCallerIdentity, asked on first use and remembered,
//! for the header's account id.
//!
//! aws-sdk-sts rather than a hand-signed request: aws-config already builds that crate (it
//! assumes roles with it), so it costs no build time, and it brings the SDK's own signing,
//! endpoint rules (`AWS_ENDPOINT_URL_STS`, FIPS, regional endpoints), retries and the same lazily
//! built HTTPS client, CA bundle and proxy settings as every other call.

use std::sync::Arc;

use aws_types::SdkConfig;
use tokio::sync::OnceCell;

use super::error::{ApiError, ErrorKind, mapper};

/// Who the credentials belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// The configuration to ask with (none for the embedded sandbox) and the answer once known.
#[derive(Clone)]
pub(crate) struct IdentitySource {
    sdk: Option<SdkConfig>,
    known: Arc<OnceCell<CallerIdentity>>,
}

impl std::fmt::Debug for IdentitySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentitySource")
            .field("known", &self.known.get())
            .finish_non_exhaustive()
    }
}

impl IdentitySource {
    pub(crate) fn new(sdk: &SdkConfig) -> Self {
        IdentitySource {
            sdk: Some(sdk.clone()),
            known: Arc::default(),
        }
    }

    pub(crate) fn none() -> Self {
        IdentitySource {
            sdk: None,
            known: Arc::default(),
        }
    }
}

impl IdentitySource {
    /// The identity, asking STS on the first call (see [`super::Clients::caller_identity`]).
    pub(crate) async fn get(&self) -> Result<CallerIdentity, ApiError> {
        let Some(sdk) = &self.sdk else {
            return Err(ApiError::new(
                "GetCallerIdentity",
                ErrorKind::Other,
                "the embedded sandbox stands for no AWS account",
            ));
        };
        self.known.get_or_try_init(|| ask(sdk)).await.cloned()
    }

    /// The identity if it was already fetched.
    pub(crate) fn known(&self) -> Option<&CallerIdentity> {
        self.known.get()
    }
}

async fn ask(sdk: &SdkConfig) -> Result<CallerIdentity, ApiError> {
    // Built on first use only: most runs never ask, and a client costs set-up time.
    // The same answer-size cap as every other client (issue 24): an endpoint that streams
    // without end must not take the memory with it, on the header's first call either.
    let conf = aws_sdk_sts::config::Builder::from(sdk)
        .interceptor(super::response_cap::ResponseCap)
        .build();
    let sts = aws_sdk_sts::Client::from_conf(conf);
    let endpoint = sdk
        .endpoint_url()
        .map(str::to_string)
        .unwrap_or_else(|| "STS".to_string());
    let out = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(mapper("GetCallerIdentity", &endpoint))?;
    let account = out.account().unwrap_or_default().to_string();
    if account.is_empty() {
        return Err(ApiError::new(
            "GetCallerIdentity",
            ErrorKind::Parse,
            "STS answered without an account id",
        ));
    }
    Ok(CallerIdentity {
        account,
        arn: out.arn().unwrap_or_default().to_string(),
        user_id: out.user_id().unwrap_or_default().to_string(),
    })
}
