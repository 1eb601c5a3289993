//! Building the SDK clients with the timeouts and retries this tool needs.
//!
//! The SDK sets a connect timeout but no attempt or operation timeout, so a server that accepts a
//! request and never answers would block a call forever; every client built here has all three.
//!
//! Each service's client is built on its first use, once, and shared by every copy of
//! [`Clients`]: a headless `get` talks only to AmplifyBackend, and building the Amplify and the
//! two Cognito clients as well cost it memory and start-up time (issue 29, BENCHMARKS.md).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::SdkConfig;
use aws_types::region::Region;
use aws_types::service_config::ServiceConfigKey;

use super::error::{ApiError, ErrorKind};
use super::identity::{CallerIdentity, IdentitySource};
use super::progress::AttemptReporter;
use super::response_cap::ResponseCap;
use super::retry::{AttemptLogger, StatusRetryClassifier, UntrustedCertificateClassifier};

/// How long to wait: for a TCP connection, for one attempt's response, and for a whole call
/// including its retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub attempt: Duration,
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(3),
            attempt: Duration::from_secs(10),
            operation: Duration::from_secs(30),
        }
    }
}

impl Timeouts {
    fn to_sdk(self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.connect)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.operation)
            .build()
    }
}

/// Where and how to connect. `None` fields fall back to the standard AWS sources (environment,
/// config and credentials files); `endpoint_url` beats `AWS_ENDPOINT_URL*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub timeouts: Timeouts,
    /// Attempts per call, the first included (standard retry mode).
    pub max_attempts: u32,
    /// `--ca-bundle`: trust only these CAs for HTTPS (beats `AWS_CA_BUNDLE` and the profile's
    /// `ca_bundle`; see [`super::trust`]).
    pub ca_bundle: Option<std::path::PathBuf>,
}

impl Default for AwsSettings {
    fn default() -> Self {
        AwsSettings {
            profile: None,
            region: None,
            endpoint_url: None,
            timeouts: Timeouts::default(),
            max_attempts: 3,
            ca_bundle: None,
        }
    }
}

/// The SDK clients plus what error messages need to say about them. Cloning is cheap, and the
/// clones share the service clients (built on first use, see [`Clients::backend`]).
#[derive(Clone, Debug)]
pub struct Clients {
    services: Arc<Services>,
    pub region: String,
    /// Where AmplifyBackend requests go (best knowledge: override, environment or the default).
    pub backend_endpoint: String,
    /// Where Amplify requests go.
    pub amplify_endpoint: String,
    /// Where Cognito requests go (cognito-idp; cognito-identity follows the same override).
    pub cognito_endpoint: String,
    /// STS GetCallerIdentity, asked once on first use ([`Clients::caller_identity`]).
    pub(crate) identity: IdentitySource,
}

/// The configuration every service client is built from, and each client once built.
struct Services {
    sdk: SdkConfig,
    backend: OnceLock<aws_sdk_amplifybackend::Client>,
    amplify: OnceLock<aws_sdk_amplify::Client>,
    cognito_idp: OnceLock<aws_sdk_cognitoidentityprovider::Client>,
    cognito_identity: OnceLock<aws_sdk_cognitoidentity::Client>,
    /// The one HTTP client (and so one connection pool) of every service whose endpoint is
    /// `http://` (a sandbox), made with the first such client.
    plain_http: OnceLock<SharedHttpClient>,
}

// Which clients exist, not the configuration: like `IdentitySource`, nothing about credentials
// is printed even redacted.
impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services")
            .field("backend", &self.backend.get().is_some())
            .field("amplify", &self.amplify.get().is_some())
            .field("cognito_idp", &self.cognito_idp.get().is_some())
            .field("cognito_identity", &self.cognito_identity.get().is_some())
            .finish_non_exhaustive()
    }
}

impl Services {
    /// The HTTP client for `endpoint`: the shared plain one for `http://`, else the
    /// configuration's (HTTPS, [`LazyTls`]).
    fn http_client_for(&self, endpoint: Option<&str>) -> Option<SharedHttpClient> {
        endpoint
            .filter(|e| is_plain_http(e))
            .map(|_| self.plain_http.get_or_init(plain_http_client).clone())
    }
}

/// One service's client from `$s.sdk`: the retry classifiers and interceptors every call needs
/// (plus any `$extra` interceptor), and the shared plain-HTTP client when `$endpoint` is
/// `http://`. A macro because the SDK's config builders share no trait.
macro_rules! service_client {
    ($sdk_crate:ident, $s:expr, $endpoint:expr $(, $extra:expr)*) => {{
        let mut conf = $sdk_crate::config::Builder::from(&$s.sdk)
            .retry_classifier(StatusRetryClassifier)
            .retry_classifier(UntrustedCertificateClassifier)
            .interceptor(AttemptLogger)
            .interceptor(AttemptReporter)
            $(.interceptor($extra))*;
        if let Some(http) = $s.http_client_for($endpoint) {
            conf = conf.http_client(http);
        }
        $sdk_crate::Client::from_conf(conf.build())
    }};
}

impl Clients {
    /// The AmplifyBackend client, built on the first call.
    pub fn backend(&self) -> &aws_sdk_amplifybackend::Client {
        let s = &*self.services;
        s.backend.get_or_init(|| {
            let endpoint = Some(self.backend_endpoint.as_str());
            service_client!(aws_sdk_amplifybackend, s, endpoint, ResponseCap)
        })
    }

    /// The Amplify client (apps and backend environments), built on the first call.
    pub fn amplify(&self) -> &aws_sdk_amplify::Client {
        let s = &*self.services;
        s.amplify.get_or_init(|| {
            let endpoint = Some(self.amplify_endpoint.as_str());
            service_client!(aws_sdk_amplify, s, endpoint, ResponseCap)
        })
    }

    /// The Cognito user pools client for the live reads (`super::live`), built on the first call.
    pub fn cognito_idp(&self) -> &aws_sdk_cognitoidentityprovider::Client {
        let s = &*self.services;
        s.cognito_idp.get_or_init(|| {
            let endpoint = configured_endpoint(&s.sdk, COGNITO_IDP_SERVICE_ID);
            service_client!(aws_sdk_cognitoidentityprovider, s, endpoint.as_deref())
        })
    }

    /// The Cognito identity pools client for the live reads, built on the first call.
    pub fn cognito_identity(&self) -> &aws_sdk_cognitoidentity::Client {
        let s = &*self.services;
        s.cognito_identity.get_or_init(|| {
            let endpoint = configured_endpoint(&s.sdk, COGNITO_IDENTITY_SERVICE_ID);
            service_client!(aws_sdk_cognitoidentity, s, endpoint.as_deref())
        })
    }
}

// The identity methods sit here, not in `identity.rs`, so that module needs nothing from this one.
impl Clients {
    /// The account, ARN and user id behind these clients' credentials. The first call asks STS
    /// (one request, with the clients' timeouts); later calls return the remembered answer. A
    /// failure is not remembered, so the next call asks again. Clients for the embedded sandbox
    /// have no account and fail without a request.
    pub async fn caller_identity(&self) -> Result<CallerIdentity, ApiError> {
        self.identity.get().await
    }

    /// The identity if it was already fetched (for drawing without waiting).
    pub fn known_caller_identity(&self) -> Option<&CallerIdentity> {
        self.identity.known()
    }
}

const BACKEND_SERVICE_ID: &str = "AmplifyBackend";
const AMPLIFY_SERVICE_ID: &str = "Amplify";
const COGNITO_IDP_SERVICE_ID: &str = "Cognito Identity Provider";
const COGNITO_IDENTITY_SERVICE_ID: &str = "Cognito Identity";

/// Builds clients from the standard AWS configuration chain (profile, environment, files, SSO,
/// …) with `settings` applied on top. Fails only when no region can be found, the endpoint
/// override is not a URL or the CA bundle is unusable; missing credentials show up on the first
/// call as [`ErrorKind::Credentials`]. [`super::try_connect`] checks everything up front instead.
pub async fn connect(settings: &AwsSettings) -> Result<Clients, ApiError> {
    let profiles = super::profiles::load_set().await.ok();
    let sdk = load_sdk(settings, profiles.as_ref()).await?;
    finish(&sdk).await
}

/// The SDK configuration for `settings`: the standard chain, the lazily built HTTPS client with
/// the CA bundle that applies, timeouts and retries. `profiles` (already read) supplies the
/// profile's `ca_bundle`.
pub(crate) async fn load_sdk(
    settings: &AwsSettings,
    profiles: Option<&aws_config::profile::ProfileSet>,
) -> Result<SdkConfig, ApiError> {
    if let Some(url) = &settings.endpoint_url {
        check_endpoint_url(url)?;
    }
    let profile_ca = profiles.and_then(|set| {
        let name = settings
            .profile
            .clone()
            .unwrap_or_else(|| set.selected_profile().to_string());
        let value = set.get_profile(&name)?.get("ca_bundle")?.to_string();
        Some((name, value))
    });
    let bundle = super::trust::resolve(
        settings.ca_bundle.as_deref(),
        profile_ca.as_ref().map(|(n, v)| (n.as_str(), v.as_str())),
    )
    .map_err(|e| ApiError::new("Connect", ErrorKind::Other, e.to_string()))?;
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(LazyTls::client(super::trust::tls_context(bundle.as_ref())))
        .timeout_config(settings.timeouts.to_sdk())
        .retry_config(retry_config(settings.max_attempts));
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    Ok(loader.load().await)
}

/// The clients for a loaded configuration; fails when it has no region.
pub(crate) async fn finish(sdk: &SdkConfig) -> Result<Clients, ApiError> {
    let region = sdk
        .region()
        .map(|r| r.as_ref().to_string())
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(ApiError::no_region)?;
    let backend_endpoint = describe_backend_endpoint(sdk, &region).await;
    let amplify_endpoint = describe_amplify_endpoint(sdk, &region).await;
    tracing::debug!(%region, %backend_endpoint, %amplify_endpoint, "AWS clients configured");
    Ok(build(sdk, region, backend_endpoint, amplify_endpoint))
}

/// Clients for a known endpoint with fixed credentials (the embedded sandbox): no profile, no
/// environment variables, no files are read. Same timeouts and retries as [`connect`].
pub fn clients_from_static(
    endpoint: &str,
    access_key: &str,
    secret: &str,
    region: &str,
    timeouts: Timeouts,
) -> Clients {
    let credentials = Credentials::new(access_key, secret, None, None, "amplify-auth-static");
    let sdk = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .endpoint_url(endpoint)
        .timeout_config(timeouts.to_sdk())
        .retry_config(retry_config(3))
        .build();
    let mut clients = build(
        &sdk,
        region.to_string(),
        endpoint.to_string(),
        endpoint.to_string(),
    );
    // The embedded sandbox stands for no AWS account: there is nobody to ask.
    clients.identity = IdentitySource::none();
    clients
}

fn retry_config(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard().with_max_attempts(max_attempts.max(1))
}

/// The clients for `sdk`; no service client is built until it is first used.
fn build(
    sdk: &SdkConfig,
    region: String,
    backend_endpoint: String,
    amplify_endpoint: String,
) -> Clients {
    let cognito_endpoint = configured_endpoint(sdk, COGNITO_IDP_SERVICE_ID)
        .unwrap_or_else(|| format!("https://cognito-idp.{region}.amazonaws.com"));
    Clients {
        services: Arc::new(Services {
            sdk: sdk.clone(),
            backend: OnceLock::new(),
            amplify: OnceLock::new(),
            cognito_idp: OnceLock::new(),
            cognito_identity: OnceLock::new(),
            plain_http: OnceLock::new(),
        }),
        cognito_endpoint,
        region,
        backend_endpoint,
        amplify_endpoint,
        identity: IdentitySource::new(sdk),
    }
}

fn is_plain_http(endpoint: &str) -> bool {
    endpoint
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
}

/// The client for a plain-HTTP endpoint (a sandbox): the SDK's default client with no TLS stack.
/// The default one loads and parses every system root certificate on its first request, which
/// took a third of a short command's run time (issue 8, BENCHMARKS.md) for a connection that never
/// uses them. Connector settings (connect and read timeouts) and the proxy rules from the
/// environment (HTTP_PROXY, NO_PROXY) are applied the same way the SDK's default client does.
fn plain_http_client() -> SharedHttpClient {
    use aws_smithy_http_client::proxy::ProxyConfig;
    use aws_smithy_http_client::{Builder, ConnectorBuilder};
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut conn = ConnectorBuilder::default();
        conn.set_connector_settings(settings.cloned());
        if let Some(c) = components {
            conn.set_sleep_impl(c.sleep_impl());
        }
        conn.set_proxy_config(Some(ProxyConfig::from_env()));
        conn.build_http()
    })
}

/// The SDK's default HTTPS client, except that it loads the system root certificates on its first
/// HTTPS request instead of when a client is built. The default credentials chain builds an STS
/// client up front even when the credentials come from the environment, and that alone loaded and
/// parsed every root certificate (a third of a short command's run time, issue 8) in runs that
/// only talk plain HTTP to a sandbox. Same TLS provider and proxy rules (`HTTPS_PROXY`,
/// `NO_PROXY`, …, read on the first request) as the default; `tls` holds the CA bundle, if any.
#[derive(Debug)]
struct LazyTls(SharedHttpClient);

impl LazyTls {
    fn client(tls: aws_smithy_http_client::tls::TlsContext) -> SharedHttpClient {
        use aws_smithy_http_client::proxy::ProxyConfig;
        use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
        use aws_smithy_http_client::{Builder, ConnectorBuilder};
        let https = Builder::new().build_with_connector_fn(move |settings, components| {
            let mut conn = ConnectorBuilder::default()
                .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
                .tls_context(tls.clone());
            conn.set_connector_settings(settings.cloned());
            if let Some(c) = components {
                conn.set_sleep_impl(c.sleep_impl());
            }
            conn.set_proxy_config(Some(ProxyConfig::from_env()));
            conn.build()
        });
        SharedHttpClient::new(LazyTls(https))
    }
}

impl HttpClient for LazyTls {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.0.http_connector(settings, components)
    }

    // `validate_base_client_config` is left at its default (nothing): that hook is where the
    // inner client would build its connector, and with it the root store, eagerly.

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.0.connector_metadata()
    }
}

fn check_endpoint_url(url: &str) -> Result<(), ApiError> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            "Connect",
            ErrorKind::Other,
            format!("the endpoint URL {url:?} is not an http:// or https:// URL"),
        ))
    }
}

/// The endpoint override that applies to one service, the way the SDK picks it: an explicit
/// `--endpoint-url` first, then the service's own `AWS_ENDPOINT_URL_<SERVICE>` (or the profile's
/// `services` section), then `AWS_ENDPOINT_URL`.
fn configured_endpoint(sdk: &SdkConfig, service_id: &str) -> Option<String> {
    if sdk.get_origin("endpoint_url").is_client_config() {
        return sdk.endpoint_url().map(str::to_string);
    }
    let key = ServiceConfigKey::builder()
        .service_id(service_id)
        .env("AWS_ENDPOINT_URL")
        .profile("endpoint_url")
        .build()
        .ok();
    key.and_then(|k| sdk.service_config().and_then(|c| c.load_config(k)))
        .or_else(|| sdk.endpoint_url().map(str::to_string))
}

async fn describe_backend_endpoint(sdk: &SdkConfig, region: &str) -> String {
    use aws_sdk_amplifybackend::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    if let Some(url) = configured_endpoint(sdk, BACKEND_SERVICE_ID) {
        return url;
    }
    let params = Params::builder()
        .region(region)
        .use_fips(sdk.use_fips().unwrap_or(false))
        .use_dual_stack(sdk.use_dual_stack().unwrap_or(false))
        .build();
    match params {
        Ok(p) => match DefaultResolver::new().resolve_endpoint(&p).await {
            Ok(e) => e.url().to_string(),
            Err(_) => format!("the AmplifyBackend endpoint for {region}"),
        },
        Err(_) => format!("the AmplifyBackend endpoint for {region}"),
    }
}

async fn describe_amplify_endpoint(sdk: &SdkConfig, region: &str) -> String {
    use aws_sdk_amplify::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    if let Some(url) = configured_endpoint(sdk, AMPLIFY_SERVICE_ID) {
        return url;
    }
    let params = Params::builder()
        .region(region)
        .use_fips(sdk.use_fips().unwrap_or(false))
        .use_dual_stack(sdk.use_dual_stack().unwrap_or(false))
        .build();
    match params {
        Ok(p) => match DefaultResolver::new().resolve_endpoint(&p).await {
            Ok(e) => e.url().to_string(),
            Err(_) => format!("the Amplify endpoint for {region}"),
        },
        Err(_) => format!("the Amplify endpoint for {region}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_urls_must_have_a_scheme_and_host() {
        assert!(check_endpoint_url("http://127.0.0.1:4000").is_ok());
        assert!(check_endpoint_url("https://example.com/prod").is_ok());
        assert!(check_endpoint_url("127.0.0.1:4000").is_err());
        assert!(check_endpoint_url("http://").is_err());
    }

    #[test]
    fn default_timeouts_are_bounded() {
        let t = Timeouts::default();
        assert_eq!(t.connect, Duration::from_secs(3));
        assert!(t.attempt < t.operation);
        let sdk = t.to_sdk();
        assert_eq!(sdk.operation_attempt_timeout(), Some(t.attempt));
        assert_eq!(sdk.operation_timeout(), Some(t.operation));
        assert_eq!(sdk.connect_timeout(), Some(t.connect));
    }
}
