//! Building clients from the standard AWS configuration chain: profiles, region, endpoint
//! overrides, missing credentials.
//!
//! These tests change process-wide environment variables, so they live in the `aws_config` binary
//! (with `transport`, nothing else) and each holds `crate::ENV_LOCK` for its whole run. The config
//! and credentials files always point at temporary files, so the developer's own AWS setup is
//! never read, and instance metadata lookups are switched off so nothing leaves the machine.

use crate::support;

use std::io::Write;

use crate::ENV_LOCK;
use amplify_auth::aws::{AwsSettings, ErrorKind, connect};
use support::aws::*;
use tempfile::NamedTempFile;

const CLEARED: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_AMPLIFYBACKEND",
    "AWS_ENDPOINT_URL_AMPLIFY",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_ENDPOINT_URL_STS",
    "AWS_CA_BUNDLE",
];

/// A clean AWS environment: config files are the given temp files, nothing else is set.
struct Env {
    _config: NamedTempFile,
    _credentials: NamedTempFile,
}

fn set(key: &str, value: &str) {
    // SAFETY: every test in this binary holds ENV_LOCK while it touches the environment, and the
    // SDK reads it only inside those tests.
    unsafe { std::env::set_var(key, value) }
}

fn clean_env(config: &str, credentials: &str) -> Env {
    let mut cfg = NamedTempFile::new().unwrap();
    cfg.write_all(config.as_bytes()).unwrap();
    let mut creds = NamedTempFile::new().unwrap();
    creds.write_all(credentials.as_bytes()).unwrap();
    for k in CLEARED {
        // SAFETY: as in `set`.
        unsafe { std::env::remove_var(k) }
    }
    set("AWS_CONFIG_FILE", cfg.path().to_str().unwrap());
    set(
        "AWS_SHARED_CREDENTIALS_FILE",
        creds.path().to_str().unwrap(),
    );
    set("AWS_EC2_METADATA_DISABLED", "true");
    Env {
        _config: cfg,
        _credentials: creds,
    }
}

fn dummy_env_credentials() {
    set("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
    set("AWS_SECRET_ACCESS_KEY", "secret-from-env");
}

const JOB_OK: &str = r#"{"jobId":"j1","status":"COMPLETED"}"#;

fn settings(region: Option<&str>, endpoint: Option<&str>) -> AwsSettings {
    AwsSettings {
        region: region.map(str::to_string),
        endpoint_url: endpoint.map(str::to_string),
        timeouts: roomy(),
        ..Default::default()
    }
}

fn refused_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", l.local_addr().unwrap())
}

#[tokio::test]
async fn explicit_region_and_endpoint_with_empty_config_files() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    let c = connect(&settings(Some("eu-central-1"), Some(&server.url)))
        .await
        .unwrap();
    assert_eq!(c.region, "eu-central-1");
    assert_eq!(c.backend_endpoint, server.url);
    assert_eq!(c.amplify_endpoint, server.url);
    let job = c.get_job("a1", "dev", "j1").await.unwrap();
    assert!(job.status.is_finished());
    let req = &server.requests()[0];
    let auth = req.header("authorization").unwrap_or_default();
    assert!(auth.contains("Credential=AKIDFROMENV/"), "{auth}");
    assert!(auth.contains("/eu-central-1/amplifybackend/"), "{auth}");
}

#[tokio::test]
async fn no_region_anywhere_is_a_clear_error() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let err = connect(&settings(None, Some("http://127.0.0.1:9")))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Region);
    let text = err.to_string();
    assert!(text.contains("--region"), "{text}");
    assert!(text.contains("AWS_REGION"), "{text}");
}

#[tokio::test]
async fn region_from_the_environment_is_used() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    set("AWS_REGION", "ap-southeast-2");
    let c = connect(&settings(None, Some("http://127.0.0.1:9")))
        .await
        .unwrap();
    assert_eq!(c.region, "ap-southeast-2");
}

#[tokio::test]
async fn the_default_endpoint_is_reported_for_the_region() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    // No call is made here: only the endpoint the clients would use is worked out.
    let c = connect(&settings(Some("eu-west-1"), None)).await.unwrap();
    assert_eq!(
        c.backend_endpoint,
        "https://amplifybackend.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        c.amplify_endpoint,
        "https://amplify.eu-west-1.amazonaws.com"
    );
}

#[tokio::test]
async fn service_specific_endpoint_variables_route_each_client() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let backend = Server::start(vec![json(200, JOB_OK)]).await;
    let amplify = Server::start(vec![json(200, r#"{"apps":[]}"#)]).await;
    set("AWS_ENDPOINT_URL_AMPLIFYBACKEND", &backend.url);
    set("AWS_ENDPOINT_URL_AMPLIFY", &amplify.url);
    let c = connect(&settings(Some("us-east-1"), None)).await.unwrap();
    assert_eq!(c.backend_endpoint, backend.url);
    assert_eq!(c.amplify_endpoint, amplify.url);
    c.get_job("a1", "dev", "j1").await.unwrap();
    assert!(c.list_apps().await.unwrap().is_empty());
    assert_eq!(backend.count(), 1);
    assert_eq!(amplify.count(), 1);
}

#[tokio::test]
async fn the_global_endpoint_variable_routes_both_clients() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    set("AWS_ENDPOINT_URL", &server.url);
    let c = connect(&settings(Some("us-east-1"), None)).await.unwrap();
    assert_eq!(c.backend_endpoint, server.url);
    c.get_job("a1", "dev", "j1").await.unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn an_explicit_endpoint_beats_the_environment() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    set("AWS_ENDPOINT_URL_AMPLIFYBACKEND", &refused_url());
    let c = connect(&settings(Some("us-east-1"), Some(&server.url)))
        .await
        .unwrap();
    assert_eq!(c.backend_endpoint, server.url);
    c.get_job("a1", "dev", "j1").await.unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_named_profile_supplies_region_and_credentials() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env(
        "[profile test]\nregion = eu-west-2\n",
        "[test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n",
    );
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    let mut s = settings(None, Some(&server.url));
    s.profile = Some("test".into());
    let c = connect(&s).await.unwrap();
    assert_eq!(c.region, "eu-west-2");
    c.get_job("a1", "dev", "j1").await.unwrap();
    let auth = server.requests()[0]
        .header("authorization")
        .unwrap_or_default()
        .to_string();
    assert!(auth.contains("Credential=AKIDPROFILE/"), "{auth}");
}

#[tokio::test]
async fn missing_credentials_fail_the_call_as_a_credentials_error() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    let c = connect(&settings(Some("us-east-1"), Some(&server.url)))
        .await
        .unwrap();
    let err = tokio::time::timeout(GENEROUS, c.get_job("a1", "dev", "j1"))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Credentials, "{err}");
    assert_eq!(server.count(), 0, "nothing unsigned is sent");
    assert!(err.to_string().contains("credentials"), "{err}");
}

#[tokio::test]
async fn a_malformed_endpoint_url_is_refused_up_front() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    let err = connect(&settings(Some("us-east-1"), Some("localhost:4000")))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Other);
    assert!(err.to_string().contains("localhost:4000"), "{err}");
}

const CALLER: &str = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/alice</Arn>
    <UserId>AIDAEXAMPLEUSER</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#;

#[tokio::test]
async fn the_account_id_is_asked_of_sts_once() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env(
        "[profile test]\nregion = eu-west-2\n",
        "[test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n",
    );
    let sts = Server::start(vec![json(200, CALLER)]).await;
    set("AWS_ENDPOINT_URL_STS", &sts.url);
    let mut s = settings(None, Some(&refused_url()));
    s.endpoint_url = None;
    s.profile = Some("test".into());
    let c = amplify_auth::aws::try_connect(&s).await.unwrap();
    assert_eq!(c.known_caller_identity(), None, "nothing is asked up front");
    assert_eq!(sts.count(), 0);
    let id = c.caller_identity().await.unwrap();
    assert_eq!(id.account, "123456789012");
    assert_eq!(id.arn, "arn:aws:iam::123456789012:user/alice");
    let again = c.clone().caller_identity().await.unwrap();
    assert_eq!(again, id);
    assert_eq!(sts.count(), 1, "asked once, also through a clone");
    let req = &sts.requests()[0];
    assert!(
        req.body.contains("Action=GetCallerIdentity"),
        "{}",
        req.body
    );
    let auth = req.header("authorization").unwrap_or_default();
    assert!(auth.contains("Credential=AKIDPROFILE/"), "{auth}");
    assert!(auth.contains("/eu-west-2/sts/"), "{auth}");
}

#[tokio::test]
async fn a_failed_identity_call_is_asked_again_next_time() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let sts = Server::start(vec![
        service_error(403, "AccessDenied", r#"{"message":"no"}"#),
        json(200, CALLER),
    ])
    .await;
    set("AWS_ENDPOINT_URL_STS", &sts.url);
    let mut s = settings(Some("us-east-1"), None);
    s.max_attempts = 1;
    let c = amplify_auth::aws::try_connect(&s).await.unwrap();
    assert!(c.caller_identity().await.is_err());
    assert_eq!(c.caller_identity().await.unwrap().account, "123456789012");
    assert_eq!(sts.count(), 2);
}

/// Issue 24: the STS call is capped like every other answer: an answer over 16 MiB is refused
/// naming the limit (before, the identity client was the one built without the cap).
#[tokio::test]
async fn an_oversized_identity_answer_is_refused_naming_the_limit() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env("", "");
    dummy_env_credentials();
    let padding = " ".repeat(17 << 20);
    let body = CALLER.replace(
        "<ResponseMetadata>",
        &format!("{padding}<ResponseMetadata>"),
    );
    let sts = Server::start(vec![json(200, &body)]).await;
    set("AWS_ENDPOINT_URL_STS", &sts.url);
    let mut s = settings(Some("us-east-1"), None);
    s.max_attempts = 1;
    let c = amplify_auth::aws::try_connect(&s).await.unwrap();
    let err = c.caller_identity().await.unwrap_err().to_string();
    assert!(err.contains("16 MiB this tool reads"), "{err}");
}

#[tokio::test]
async fn the_embedded_sandbox_has_no_account_to_ask_for() {
    let c = amplify_auth::aws::clients_from_static(
        "http://127.0.0.1:9",
        "AKID",
        "secret",
        "us-east-1",
        roomy(),
    );
    let err = c.caller_identity().await.unwrap_err();
    assert!(err.to_string().contains("sandbox"), "{err}");
}

const ASSUMED: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/Admin/s</Arn>
      <AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>AKIDROLE</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

const ROLE_CONFIG: &str = "[profile base]\nregion = eu-west-1\n\
     [profile admin]\nregion = eu-west-1\nrole_arn = arn:aws:iam::111122223333:role/Admin\n\
     source_profile = base\n";
const BASE_KEYS: &str =
    "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";

#[tokio::test]
async fn a_role_profile_is_assumed_once_for_the_check_and_the_first_call() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env(ROLE_CONFIG, BASE_KEYS);
    let sts = Server::start(vec![json(200, ASSUMED)]).await;
    set("AWS_ENDPOINT_URL_STS", &sts.url);
    let server = Server::start(vec![json(200, JOB_OK)]).await;
    let mut s = settings(None, Some(&server.url));
    s.profile = Some("admin".into());
    let c = amplify_auth::aws::try_connect(&s).await.unwrap();
    c.get_job("a1", "dev", "j1").await.unwrap();
    let auth = server.requests()[0]
        .header("authorization")
        .unwrap_or_default()
        .to_string();
    assert!(auth.contains("Credential=AKIDROLE/"), "{auth}");
    let assume = &sts.requests()[0];
    assert!(assume.body.contains("Action=AssumeRole"), "{}", assume.body);
    let signed_by = assume.header("authorization").unwrap_or_default();
    assert!(signed_by.contains("Credential=AKIDBASE/"), "{signed_by}");
    assert_eq!(
        sts.count(),
        1,
        "the role was assumed once, not again for the call"
    );
}

#[tokio::test]
async fn a_role_sts_refuses_is_a_credentials_problem_naming_the_profile() {
    let _lock = ENV_LOCK.lock().await;
    let _env = clean_env(ROLE_CONFIG, BASE_KEYS);
    let refusal = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed to assume Admin</Message></Error><RequestId>r-3</RequestId></ErrorResponse>"#;
    let sts = Server::start(vec![bare(403, refusal)]).await;
    set("AWS_ENDPOINT_URL_STS", &sts.url);
    let mut s = settings(None, Some(&refused_url()));
    s.profile = Some("admin".into());
    let err = amplify_auth::aws::try_connect(&s).await.unwrap_err();
    assert_eq!(err.exit_code(), 5);
    let text = err.to_string();
    assert!(text.contains("profile admin"), "{text}");
    assert!(text.contains("not allowed to assume Admin"), "{text}");
}

#[tokio::test]
async fn a_profile_aimed_at_an_https_sandbox_lists_its_apps_and_its_account() {
    use amplify_auth::sandbox::{self, SandboxOptions, demo};
    let _lock = ENV_LOCK.lock().await;
    let tls_dir = tempfile::tempdir().unwrap();
    let sb = sandbox::start(SandboxOptions {
        demo: true,
        credentials: Some((
            "AKIASANDBOXPROFILE01".into(),
            "sandbox-profile-secret".into(),
        )),
        tls_ca_dir: Some(tls_dir.path().to_path_buf()),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let ca = sb.ca_file.clone().unwrap();
    let _env = clean_env(
        &format!(
            "[profile local]\nregion = us-east-1\nendpoint_url = {}\nca_bundle = {}\n",
            sb.endpoint,
            ca.display()
        ),
        "[local]\naws_access_key_id = AKIASANDBOXPROFILE01\naws_secret_access_key = sandbox-profile-secret\n",
    );
    let mut s = settings(None, None);
    s.profile = Some("local".into());
    let c = amplify_auth::aws::try_connect(&s).await.unwrap();
    assert_eq!(c.backend_endpoint, sb.endpoint);
    let apps = c.list_apps().await.unwrap();
    assert!(
        apps.iter().any(|a| a.app_id == demo::DEMO_APP_ID),
        "{apps:?}"
    );
    let id = c.caller_identity().await.unwrap();
    assert_eq!(id.account, "123456789012");
    assert_eq!(id.user_id, "AKIASANDBOXPROFILE01");
    sb.shutdown().await;
}
