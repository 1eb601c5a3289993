//! The sandbox driven by the real `aws-sdk-amplifybackend` and `aws-sdk-amplify` clients.

use crate::support;

use std::collections::HashSet;
use std::time::Duration;

use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::update::update_request;
use amplify_auth::domain::*;
use amplify_auth::sandbox::{self, FaultConfig, SandboxError, SandboxOptions, StatePath};
use aws_sdk_amplifybackend::error::ProvideErrorMetadata;
use support::sandbox::convert::{create_config, from_sdk, update_config};
use support::sandbox::*;

type Client = aws_sdk_amplifybackend::Client;

async fn create_auth(c: &Client, app: &str, env: &str, name: &str, cfg: &AuthConfig) -> String {
    let out = c
        .create_backend_auth()
        .app_id(app)
        .backend_environment_name(env)
        .resource_name(name)
        .resource_config(create_config(cfg))
        .send()
        .await
        .expect("CreateBackendAuth");
    assert_eq!(out.status(), Some("RUNNING"));
    assert_eq!(out.operation(), Some("CreateBackendAuth"));
    out.job_id().unwrap().to_string()
}

async fn get_auth(c: &Client, app: &str, env: &str, name: &str) -> AuthConfig {
    let out = c
        .get_backend_auth()
        .app_id(app)
        .backend_environment_name(env)
        .resource_name(name)
        .send()
        .await
        .expect("GetBackendAuth");
    assert_eq!(out.resource_name(), Some(name));
    from_sdk(out.resource_config().expect("resourceConfig"))
}

async fn update_auth(c: &Client, app: &str, env: &str, name: &str, cfg: &AuthConfig) -> String {
    let out = c
        .update_backend_auth()
        .app_id(app)
        .backend_environment_name(env)
        .resource_name(name)
        .resource_config(update_config(&update_request(cfg)))
        .send()
        .await
        .expect("UpdateBackendAuth");
    assert_eq!(out.status(), Some("RUNNING"));
    out.job_id().unwrap().to_string()
}

#[tokio::test]
async fn a_job_runs_then_completes_and_its_change_appears_only_then() {
    let h = start(0).await;
    let c = backend_client(&h);
    seed_app(&h, "dlifecycle1").await;
    let created = c
        .create_backend()
        .app_id("dlifecycle1")
        .app_name("lifecycle")
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap();
    assert_eq!(created.app_id(), Some("dlifecycle1"));
    assert_eq!(created.backend_environment_name(), Some("dev"));
    assert_eq!(created.operation(), Some("CreateBackend"));
    assert_eq!(created.status(), Some("RUNNING"));
    let done = wait_job(&c, "dlifecycle1", "dev", created.job_id().unwrap()).await;
    assert_eq!(done.status(), Some("COMPLETED"));

    h.set_job_duration(Duration::from_millis(1_500));
    let cfg = default_config("lifecycle");
    let job = create_auth(&c, "dlifecycle1", "dev", "lifecycleauth", &cfg).await;

    // Still running: the resource does not exist yet, and a second job is refused.
    let early = c
        .get_backend_auth()
        .app_id("dlifecycle1")
        .backend_environment_name("dev")
        .resource_name("lifecycleauth")
        .send()
        .await;
    let running = c
        .get_backend_job()
        .app_id("dlifecycle1")
        .backend_environment_name("dev")
        .job_id(&job)
        .send()
        .await
        .unwrap();
    if running.status() == Some("RUNNING") {
        let err = early.unwrap_err();
        assert_eq!(err.code(), Some("NotFoundException"));
        let second = c
            .delete_backend_auth()
            .app_id("dlifecycle1")
            .backend_environment_name("dev")
            .resource_name("lifecycleauth")
            .send()
            .await
            .unwrap_err();
        assert_eq!(second.code(), Some("BadRequestException"));
        assert_eq!(
            second.message(),
            Some(
                "There is already a pending job for the requested appId: dlifecycle1 and backendEnvironmentName: dev, wait for it to complete before creating a new job"
            )
        );
    }

    let done = wait_job(&c, "dlifecycle1", "dev", &job).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    assert_eq!(done.operation(), Some("CreateBackendAuth"));
    let create: u64 = done.create_time().unwrap().parse().unwrap();
    let update: u64 = done.update_time().unwrap().parse().unwrap();
    assert!(
        update >= create,
        "epoch-millisecond strings, update after create"
    );
    assert!(
        create > 1_600_000_000_000,
        "milliseconds, not seconds: {create}"
    );
    assert_eq!(
        get_auth(&c, "dlifecycle1", "dev", "lifecycleauth").await,
        cfg
    );
    h.shutdown().await;
}

#[tokio::test]
async fn the_maximal_config_round_trips_without_secrets_by_default() {
    let h = start(50).await;
    let c = backend_client(&h);
    create_backend(&h, "dmaximal1", "prod").await;
    let cfg = maximal_config(&apple_key());
    let job = create_auth(&c, "dmaximal1", "prod", "maximalauth", &cfg).await;
    let done = wait_job(&c, "dmaximal1", "prod", &job).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    let back = get_auth(&c, "dmaximal1", "prod", "maximalauth").await;
    // Every member comes back but the secrets: no client secret, no Apple key.
    assert_eq!(back, cfg.without_secrets());
    let apple = back.social_providers().unwrap().sign_in_with_apple.as_ref();
    assert!(apple.unwrap().private_key.is_none());
    assert!(
        back.social_providers()
            .unwrap()
            .google
            .as_ref()
            .unwrap()
            .client_secret
            .is_none()
    );
    h.shutdown().await;
}

#[tokio::test]
async fn return_secrets_gives_client_secrets_back_but_never_the_apple_key() {
    let opts = SandboxOptions {
        return_secrets: true,
        ..Default::default()
    };
    let h = start_with(50, opts).await;
    let c = backend_client(&h);
    create_backend(&h, "dmaximal2", "prod").await;
    let cfg = maximal_config(&apple_key());
    let job = create_auth(&c, "dmaximal2", "prod", "maximalauth", &cfg).await;
    let done = wait_job(&c, "dmaximal2", "prod", &job).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    let back = get_auth(&c, "dmaximal2", "prod", "maximalauth").await;
    let mut expected = cfg.clone();
    let sp = expected.user_pool.oauth.as_mut().unwrap();
    let sp = sp.social_providers.as_mut().unwrap();
    sp.sign_in_with_apple.as_mut().unwrap().private_key = None;
    assert_eq!(back, expected);
    let google = back.social_providers().unwrap().google.as_ref().unwrap();
    assert_eq!(
        google.client_secret.as_ref().unwrap().expose(),
        cfg.social_providers()
            .unwrap()
            .google
            .as_ref()
            .unwrap()
            .client_secret
            .as_ref()
            .unwrap()
            .expose()
    );
    h.shutdown().await;
}

#[tokio::test]
async fn updates_replace_present_members_keep_absent_ones_and_never_touch_immutables() {
    let h = start(50).await;
    let c = backend_client(&h);
    create_backend(&h, "dupdate1", "dev").await;
    let original = maximal_config(&apple_key());
    let job = create_auth(&c, "dupdate1", "dev", "upd", &original).await;
    wait_job(&c, "dupdate1", "dev", &job).await;

    // Through the SDK: change MFA and the password policy, send no OAuth at all. (MFA stays
    // OPTIONAL: turning it ON after creation fails the job, see sandbox_rules.)
    let mut edited = original.clone();
    edited.user_pool.mfa = Some(MfaConfig {
        mode: MfaMode::Optional,
        settings: Some(MfaSettings {
            mfa_types: Some(vec![MfaType::Totp]),
            ..Default::default()
        }),
        ..Default::default()
    });
    edited
        .user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 10.0;
    let mut request = update_request(&edited);
    request.user_pool.oauth = None;
    let out = c
        .update_backend_auth()
        .app_id("dupdate1")
        .backend_environment_name("dev")
        .resource_name("upd")
        .resource_config(update_config(&request))
        .send()
        .await
        .unwrap();
    let done = wait_job(&c, "dupdate1", "dev", out.job_id().unwrap()).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    assert_eq!(done.operation(), Some("UpdateBackendAuth"));
    let now = get_auth(&c, "dupdate1", "dev", "upd").await;
    assert_eq!(now.user_pool.mfa, edited.user_pool.mfa);
    assert_eq!(
        now.user_pool.password_policy,
        edited.user_pool.password_policy
    );
    assert_eq!(
        now.user_pool.oauth,
        original.without_secrets().user_pool.oauth,
        "absent OAuth is kept (read back without its secrets)"
    );
    assert_eq!(now, edited.without_secrets());

    // Raw wire: immutable members smuggled into the update body are ignored, and an MFA block
    // without MFAMode keeps the stored mode.
    let body = serde_json::json!({
        "resourceName": "upd",
        "resourceConfig": {
            "authResources": "IDENTITY_POOL_AND_USER_POOL",
            "service": "COGNITO",
            "identityPoolConfigs": {"identityPoolName": "renamed_pool", "unauthenticatedLogin": false},
            "userPoolConfigs": {
                "userPoolName": "renamed",
                "signInMethod": "USERNAME",
                "requiredSignUpAttributes": ["ADDRESS"],
                "mfa": {"settings": {"mfaTypes": ["SMS", "TOTP"], "smsMessage": "Code {####}"}}
            }
        }
    });
    let r = post_signed(
        &h,
        "/backend/dupdate1/auth/dev",
        body.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let job = r.json()["jobId"].as_str().unwrap().to_string();
    let done = wait_job(&c, "dupdate1", "dev", &job).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    let after = get_auth(&c, "dupdate1", "dev", "upd").await;
    assert_eq!(
        after.user_pool.user_pool_name,
        original.user_pool.user_pool_name
    );
    assert_eq!(
        after.user_pool.sign_in_method,
        original.user_pool.sign_in_method
    );
    assert_eq!(
        after.user_pool.required_sign_up_attributes,
        original.user_pool.required_sign_up_attributes
    );
    let pool = after.identity_pool.as_ref().unwrap();
    assert_eq!(pool.identity_pool_name, "demo_identitypool");
    assert!(!pool.unauthenticated_login, "the mutable switch did change");
    let mfa = after.user_pool.mfa.unwrap();
    assert_eq!(
        mfa.mode,
        MfaMode::Optional,
        "absent MFAMode keeps the stored mode"
    );
    assert_eq!(
        mfa.settings.unwrap().mfa_types,
        Some(vec![MfaType::Sms, MfaType::Totp])
    );
    h.shutdown().await;
}

#[tokio::test]
async fn delete_and_import_run_as_jobs() {
    let account = amplify_auth::sandbox::CognitoAccount::from_json(
        r#"[{"Id": "us-east-1_AbCdEf123", "Name": "existing_pool", "UsernameAttributes": ["email"],
             "SchemaAttributes": [{"Name": "email", "Required": true}],
             "Clients": [{"ClientId": "web123"}, {"ClientId": "native123", "HasSecret": true}]},
            {"IdentityPoolId": "us-east-1:0a1b2c3d-0000-4000-8000-000000000000",
             "IdentityPoolName": "existing_identities", "AllowUnauthenticatedIdentities": true}]"#,
    )
    .unwrap();
    let opts = SandboxOptions {
        cognito: account,
        ..Default::default()
    };
    let h = start_with(50, opts).await;
    let c = backend_client(&h);
    create_backend(&h, "ddelete1", "dev").await;
    let job = create_auth(&c, "ddelete1", "dev", "gone", &default_config("d")).await;
    wait_job(&c, "ddelete1", "dev", &job).await;
    let out = c
        .delete_backend_auth()
        .app_id("ddelete1")
        .backend_environment_name("dev")
        .resource_name("gone")
        .send()
        .await
        .unwrap();
    assert_eq!(out.operation(), Some("DeleteBackendAuth"));
    let done = wait_job(&c, "ddelete1", "dev", out.job_id().unwrap()).await;
    assert_eq!(done.status(), Some("COMPLETED"));
    let err = c
        .get_backend_auth()
        .app_id("ddelete1")
        .backend_environment_name("dev")
        .resource_name("gone")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));

    // Pools the account does not hold: NotFound at once, naming what is missing.
    let err = c
        .import_backend_auth()
        .app_id("ddelete1")
        .backend_environment_name("dev")
        .user_pool_id("us-east-1_Unknown99")
        .web_client_id("web123")
        .native_client_id("native123")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"), "{err:?}");
    assert!(
        err.message().unwrap().contains("us-east-1_Unknown99"),
        "{err:?}"
    );
    let err = c
        .import_backend_auth()
        .app_id("ddelete1")
        .backend_environment_name("dev")
        .user_pool_id("us-east-1_AbCdEf123")
        .web_client_id("web123")
        .native_client_id("notaclient")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"), "{err:?}");
    assert!(err.message().unwrap().contains("notaclient"), "{err:?}");

    let good = c
        .import_backend_auth()
        .app_id("ddelete1")
        .backend_environment_name("dev")
        .user_pool_id("us-east-1_AbCdEf123")
        .web_client_id("web123")
        .native_client_id("native123")
        .identity_pool_id("us-east-1:0a1b2c3d-0000-4000-8000-000000000000")
        .send()
        .await
        .unwrap();
    assert_eq!(good.operation(), Some("ImportBackendAuth"));
    let done = wait_job(&c, "ddelete1", "dev", good.job_id().unwrap()).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    let backend = c
        .get_backend()
        .app_id("ddelete1")
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap();
    let meta: serde_json::Value =
        serde_json::from_str(backend.amplify_meta_config().unwrap()).unwrap();
    let auth = meta["auth"].as_object().unwrap();
    assert_eq!(auth.len(), 1);
    let (_, entry) = auth.iter().next().unwrap();
    assert_eq!(entry["serviceType"], "imported");
    assert_eq!(entry["output"]["UserPoolId"], "us-east-1_AbCdEf123");
    assert_eq!(entry["output"]["AppClientIDWeb"], "web123");
    // The config read back is the pools' facts, nothing invented.
    let (name, _) = auth.iter().next().unwrap();
    let cfg = get_auth(&c, "ddelete1", "dev", name).await;
    assert_eq!(cfg.user_pool.user_pool_name, "existing_pool");
    assert_eq!(cfg.user_pool.sign_in_method, SignInMethod::Email);
    assert_eq!(
        cfg.user_pool.required_sign_up_attributes,
        vec![SignUpAttribute::Email]
    );
    let ip = cfg.identity_pool.unwrap();
    assert_eq!(ip.identity_pool_name, "existing_identities");
    assert!(ip.unauthenticated_login);
    h.shutdown().await;
}

#[tokio::test]
async fn requests_breaking_service_rules_are_accepted_and_their_jobs_fail() {
    let h = start(0).await;
    let c = backend_client(&h);
    create_backend(&h, "drules1", "dev").await;
    let mut no_pool = default_config("r");
    no_pool.identity_pool = None;
    let job = create_auth(&c, "drules1", "dev", "rulesauth", &no_pool).await;
    let done = wait_job(&c, "drules1", "dev", &job).await;
    assert_eq!(done.status(), Some("FAILED"));
    assert!(
        done.error().unwrap().contains("IdentityPoolConfigs"),
        "{:?}",
        done.error()
    );

    let job = create_auth(&c, "drules1", "dev", "bad-name!", &default_config("r")).await;
    let done = wait_job(&c, "drules1", "dev", &job).await;
    assert_eq!(done.status(), Some("FAILED"));
    assert!(done.error().unwrap().contains("bad-name!"));

    let job = create_auth(&c, "drules1", "dev", "rulesauth", &default_config("r")).await;
    assert_eq!(
        wait_job(&c, "drules1", "dev", &job).await.status(),
        Some("COMPLETED")
    );
    let job = create_auth(&c, "drules1", "dev", "second", &default_config("r")).await;
    let done = wait_job(&c, "drules1", "dev", &job).await;
    assert_eq!(done.status(), Some("FAILED"));
    assert!(done.error().unwrap().contains("already exists"));
    // The failed jobs changed nothing.
    assert_eq!(
        get_auth(&c, "drules1", "dev", "rulesauth").await,
        default_config("r")
    );
    let failed = c
        .list_backend_jobs()
        .app_id("drules1")
        .backend_environment_name("dev")
        .status("FAILED")
        .send()
        .await
        .unwrap();
    assert_eq!(failed.jobs().len(), 3);
    assert!(failed.jobs().iter().all(|j| j.error().is_some()));
    h.shutdown().await;
}

#[tokio::test]
async fn get_backend_reports_environments_and_amplify_meta() {
    let h = start(50).await;
    let c = backend_client(&h);
    create_backend(&h, "dmeta1", "dev").await;
    create_backend(&h, "dmeta1", "prod").await;
    let job = create_auth(
        &c,
        "dmeta1",
        "prod",
        "metaauth",
        &maximal_config(&apple_key()),
    )
    .await;
    wait_job(&c, "dmeta1", "prod", &job).await;
    let out = c
        .get_backend()
        .app_id("dmeta1")
        .backend_environment_name("prod")
        .send()
        .await
        .unwrap();
    assert_eq!(out.app_id(), Some("dmeta1"));
    assert_eq!(out.app_name(), Some("dmeta1-name"));
    assert_eq!(out.backend_environment_name(), Some("prod"));
    assert_eq!(out.backend_environment_list(), ["dev", "prod"]);
    let meta: serde_json::Value = serde_json::from_str(out.amplify_meta_config().unwrap()).unwrap();
    let cfn = &meta["providers"]["awscloudformation"];
    for k in [
        "Region",
        "StackName",
        "DeploymentBucketName",
        "AuthRoleName",
        "AuthRoleArn",
        "UnauthRoleName",
        "UnauthRoleArn",
    ] {
        assert!(cfn[k].is_string(), "{k} in {cfn}");
    }
    assert_eq!(cfn["AmplifyAppId"], "dmeta1");
    assert_eq!(cfn["Region"], "us-east-1");
    let auth = &meta["auth"]["metaauth"];
    assert_eq!(auth["service"], "Cognito");
    assert_eq!(auth["providerPlugin"], "awscloudformation");
    let o = &auth["output"];
    let pool = o["UserPoolId"].as_str().unwrap();
    let (region, id) = pool.split_once('_').unwrap();
    assert_eq!(region, "us-east-1");
    assert!(
        id.len() == 9 && id.chars().all(|c| c.is_ascii_alphanumeric()),
        "{pool}"
    );
    assert!(o["UserPoolArn"].as_str().unwrap().ends_with(pool));
    // The CLI's auth stack suffixes every Cognito name with the env (`-`, `__` for the identity
    // pool) and the hosted UI domain too.
    assert_eq!(o["UserPoolName"], "demo_userpool-prod");
    assert!(
        o["IdentityPoolId"]
            .as_str()
            .unwrap()
            .starts_with("us-east-1:")
    );
    assert_eq!(o["IdentityPoolName"], "demo_identitypool__prod");
    assert_eq!(o["HostedUIDomain"], "demo-auth-prod");
    assert!(o["AppClientIDWeb"].is_string() && o["AppClientID"].is_string());

    // Without an environment name: the first environment, which has no auth.
    let first = c.get_backend().app_id("dmeta1").send().await.unwrap();
    assert_eq!(first.backend_environment_name(), Some("dev"));
    let meta: serde_json::Value =
        serde_json::from_str(first.amplify_meta_config().unwrap()).unwrap();
    assert!(meta.get("auth").is_none());
    h.shutdown().await;
}

#[tokio::test]
async fn list_backend_jobs_filters_and_pages() {
    // Jobs due at once: each finishes before the next call, so one environment collects many.
    let h = start(0).await;
    let c = backend_client(&h);
    create_backend(&h, "djobs1", "dev").await;
    let cfg = default_config("jobs");
    let job = create_auth(&c, "djobs1", "dev", "jobsauth", &cfg).await;
    wait_job(&c, "djobs1", "dev", &job).await;
    let mut update_ids = Vec::new();
    for i in 0..28 {
        let mut e = cfg.clone();
        e.user_pool.password_policy.as_mut().unwrap().minimum_length = 8.0 + f64::from(i % 5);
        update_ids.push(update_auth(&c, "djobs1", "dev", "jobsauth", &e).await);
    }
    let list = |max: Option<i32>, token: Option<String>| {
        c.list_backend_jobs()
            .app_id("djobs1")
            .backend_environment_name("dev")
            .set_max_results(max)
            .set_next_token(token)
            .send()
    };
    let first = list(None, None).await.unwrap();
    assert_eq!(first.jobs().len(), 25, "default page is 25");
    let token = first.next_token().expect("a second page").to_string();
    let second = list(None, Some(token)).await.unwrap();
    assert_eq!(second.jobs().len(), 5);
    assert!(second.next_token().is_none());
    let all: Vec<_> = first.jobs().iter().chain(second.jobs()).collect();
    let ids: HashSet<_> = all.iter().map(|j| j.job_id().unwrap()).collect();
    assert_eq!(ids.len(), 30, "every job exactly once");
    let times: Vec<u64> = all
        .iter()
        .map(|j| j.create_time().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(all.last().unwrap().operation(), Some("CreateBackend"));

    let mut pages = 0;
    let mut seen = 0;
    let mut token = None;
    loop {
        let p = list(Some(10), token).await.unwrap();
        pages += 1;
        seen += p.jobs().len();
        assert!(p.jobs().len() <= 10);
        token = p.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!((pages, seen), (3, 30));

    let updates = c
        .list_backend_jobs()
        .app_id("djobs1")
        .backend_environment_name("dev")
        .operation("UpdateBackendAuth")
        .max_results(25)
        .send()
        .await
        .unwrap();
    assert_eq!(updates.jobs().len(), 25);
    assert!(
        updates
            .jobs()
            .iter()
            .all(|j| j.operation() == Some("UpdateBackendAuth"))
    );
    let one = c
        .list_backend_jobs()
        .app_id("djobs1")
        .backend_environment_name("dev")
        .job_id(&update_ids[3])
        .send()
        .await
        .unwrap();
    assert_eq!(one.jobs().len(), 1);
    assert_eq!(one.jobs()[0].job_id(), Some(update_ids[3].as_str()));
    let completed = c
        .list_backend_jobs()
        .app_id("djobs1")
        .backend_environment_name("dev")
        .status("COMPLETED")
        .send()
        .await
        .unwrap();
    assert_eq!(completed.jobs().len(), 25);
    let failed = c
        .list_backend_jobs()
        .app_id("djobs1")
        .backend_environment_name("dev")
        .status("FAILED")
        .send()
        .await
        .unwrap();
    assert!(failed.jobs().is_empty());

    for bad in [0, 26] {
        let err = list(Some(bad), None).await.unwrap_err();
        assert_eq!(err.code(), Some("BadRequestException"), "{bad}");
        assert!(err.message().unwrap().contains("maxResults"), "{err:?}");
    }
    let err = list(None, Some("not-a-token".into())).await.unwrap_err();
    assert_eq!(err.code(), Some("BadRequestException"));
    assert!(err.message().unwrap().contains("nextToken"));
    h.shutdown().await;
}

#[tokio::test]
async fn unknown_apps_environments_resources_and_jobs_are_not_found() {
    let h = start(50).await;
    let c = backend_client(&h);
    create_backend(&h, "dfound1", "dev").await;
    let err = c.get_backend().app_id("dmissing").send().await.unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    let svc = err.into_service_error();
    match svc {
        aws_sdk_amplifybackend::operation::get_backend::GetBackendError::NotFoundException(e) => {
            assert_eq!(e.resource_type(), Some("App"));
        }
        other => panic!("expected NotFoundException, got {other:?}"),
    }
    let err = c
        .get_backend_auth()
        .app_id("dfound1")
        .backend_environment_name("nope")
        .resource_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    assert!(err.message().unwrap().contains("nope"));
    let err = c
        .get_backend_auth()
        .app_id("dfound1")
        .backend_environment_name("dev")
        .resource_name("noauth")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    let err = c
        .get_backend_job()
        .app_id("dfound1")
        .backend_environment_name("dev")
        .job_id("00000000-0000-4000-8000-000000000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    let err = c
        .list_backend_jobs()
        .app_id("dfound1")
        .backend_environment_name("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    let err = c
        .update_backend_auth()
        .app_id("dfound1")
        .backend_environment_name("dev")
        .resource_name("noauth")
        .resource_config(update_config(&update_request(&default_config("x"))))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    let err = c
        .create_backend_auth()
        .app_id("dmissing")
        .backend_environment_name("dev")
        .resource_name("x")
        .resource_config(create_config(&default_config("x")))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    // A backend environment cannot be created twice.
    let err = c
        .create_backend()
        .app_id("dfound1")
        .app_name("again")
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("BadRequestException"));
    // An operation the sandbox does not implement: 501 NotImplementedException naming it, never
    // a 400 that would blame the request.
    let err = c
        .delete_backend()
        .app_id("dfound1")
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotImplementedException"));
    assert!(err.message().unwrap().contains("DeleteBackend"), "{err:?}");
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(501), "{err:?}");
    h.shutdown().await;
}

#[tokio::test]
async fn signatures_are_verified() {
    let h = start(50).await;
    let wrong_secret = backend_client_with(&h, &h.access_key_id, "not-the-secret", REGION, false);
    let err = wrong_secret
        .get_backend()
        .app_id("dx")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"), "{err:?}");
    let unknown = backend_client_with(
        &h,
        "AKIAUNKNOWN000000000",
        &h.secret_access_key,
        REGION,
        false,
    );
    let err = unknown.get_backend().app_id("dx").send().await.unwrap_err();
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    let other_region = backend_client_with(
        &h,
        &h.access_key_id,
        &h.secret_access_key,
        "eu-west-1",
        false,
    );
    let err = other_region
        .get_backend()
        .app_id("dx")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert!(err.message().unwrap().contains("region"));
    // The right key gets through to the operation (which then finds no app).
    let ok = backend_client(&h);
    let err = ok.get_backend().app_id("dx").send().await.unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"));
    h.shutdown().await;
}

#[tokio::test]
async fn environment_names_needing_encoding_survive_signing_and_routing() {
    let h = start(0).await;
    let c = backend_client(&h);
    // The Amplify CLI refuses such a name, so CreateBackend's job FAILs (rule env-name); the
    // environment is recorded all the same (as a failed clone leaves one), which is what lets
    // this test route requests through a name that needs encoding.
    seed_app(&h, "dencode1").await;
    let out = c
        .create_backend()
        .app_id("dencode1")
        .app_name("encode")
        .backend_environment_name("my env+1")
        .send()
        .await
        .expect("the Amplify model allows the name");
    let done = wait_job(&c, "dencode1", "my env+1", out.job_id().unwrap()).await;
    assert_eq!(done.status(), Some("FAILED"));
    let job = create_auth(&c, "dencode1", "my env+1", "encauth", &default_config("e")).await;
    wait_job(&c, "dencode1", "my env+1", &job).await;
    assert_eq!(
        get_auth(&c, "dencode1", "my env+1", "encauth").await,
        default_config("e")
    );
    h.shutdown().await;
}

#[tokio::test]
async fn one_pending_job_per_environment_even_under_concurrency() {
    let h = start(0).await;
    let c = backend_client(&h);
    create_backend(&h, "drace1", "dev").await;
    // Long enough that the job is certainly still running when the last request arrives.
    h.set_job_duration(Duration::from_secs(600));
    let cfg = default_config("race");
    let mut tasks = Vec::new();
    for i in 0..8 {
        let c = c.clone();
        let cfg = cfg.clone();
        tasks.push(tokio::spawn(async move {
            c.create_backend_auth()
                .app_id("drace1")
                .backend_environment_name("dev")
                .resource_name(format!("raceauth{i}"))
                .resource_config(create_config(&cfg))
                .send()
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => {
                assert_eq!(e.code(), Some("BadRequestException"));
                assert!(e.message().unwrap().contains("already a pending job"));
            }
        }
    }
    assert_eq!(ok, 1, "exactly one job starts");
    h.shutdown().await;
}

#[tokio::test]
async fn amplify_lists_apps_and_backend_environments() {
    let h = start(0).await;
    let a = amplify_client(&h);
    assert!(a.list_apps().send().await.unwrap().apps().is_empty());
    create_backend(&h, "dlistapp1", "dev").await;
    create_backend(&h, "dlistapp1", "prod").await;
    create_backend(&h, "dlistapp2", "main").await;

    let apps = a.list_apps().send().await.unwrap();
    assert_eq!(apps.apps().len(), 2);
    let app = &apps.apps()[0];
    assert_eq!(app.app_id(), "dlistapp1");
    assert_eq!(app.name(), "dlistapp1-name");
    assert!(app.app_arn().starts_with("arn:aws:amplify:us-east-1:"));
    assert!(app.app_arn().ends_with("apps/dlistapp1"));
    assert_eq!(app.platform().as_str(), "WEB");
    assert!(app.default_domain().contains("dlistapp1"));
    assert!(app.environment_variables().is_empty());
    assert!(!app.enable_branch_auto_build());
    assert!(app.create_time().secs() > 1_600_000_000);

    let page1 = a.list_apps().max_results(1).send().await.unwrap();
    assert_eq!(page1.apps().len(), 1);
    let page2 = a
        .list_apps()
        .max_results(1)
        .next_token(page1.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(page2.apps()[0].app_id(), "dlistapp2");
    assert!(page2.next_token().is_none());

    let envs = a
        .list_backend_environments()
        .app_id("dlistapp1")
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = envs
        .backend_environments()
        .iter()
        .map(|e| e.environment_name())
        .collect();
    assert_eq!(names, ["dev", "prod"]);
    let dev = &envs.backend_environments()[0];
    assert!(
        dev.backend_environment_arn()
            .ends_with("apps/dlistapp1/backendenvironments/dev")
    );
    assert!(dev.create_time().secs() > 1_600_000_000);
    let only = a
        .list_backend_environments()
        .app_id("dlistapp1")
        .environment_name("prod")
        .send()
        .await
        .unwrap();
    assert_eq!(only.backend_environments().len(), 1);
    let err = a
        .list_backend_environments()
        .app_id("dnosuchapp")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_amplify::error::ProvideErrorMetadata::code(&err),
        Some("NotFoundException")
    );
    h.shutdown().await;
}

#[tokio::test]
async fn state_survives_a_restart_and_running_jobs_finish_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite3");
    let opts = SandboxOptions {
        state: StatePath::File(path.clone()),
        job_duration: Duration::from_millis(300),
        ..Default::default()
    };
    let h = sandbox::start(opts.clone()).await.unwrap();
    let c = backend_client(&h);
    create_backend(&h, "dpersist1", "dev").await;
    let cfg = maximal_config(&apple_key());
    let job = create_auth(&c, "dpersist1", "dev", "persisted", &cfg).await;
    h.shutdown().await;

    let h = sandbox::start(opts.clone()).await.unwrap();
    let c = backend_client(&h);
    let done = wait_job(&c, "dpersist1", "dev", &job).await;
    assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
    let cfg = cfg.without_secrets();
    assert_eq!(get_auth(&c, "dpersist1", "dev", "persisted").await, cfg);
    h.shutdown().await;

    let h = sandbox::start(opts).await.unwrap();
    let c = backend_client(&h);
    assert_eq!(get_auth(&c, "dpersist1", "dev", "persisted").await, cfg);
    h.shutdown().await;
}

#[tokio::test]
async fn a_corrupt_state_file_is_an_error_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite3");
    let junk = vec![0x5au8; 8192];
    std::fs::write(&path, &junk).unwrap();
    let err = sandbox::start(SandboxOptions {
        state: StatePath::File(path.clone()),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert!(matches!(err, SandboxError::State(_)), "{err}");
    assert!(
        err.to_string()
            .contains("not an amplify-auth sandbox state"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[tokio::test]
async fn faults_can_be_injected_and_cleared_at_run_time() {
    let h = start(0).await;
    let c = backend_client(&h);
    h.set_faults(FaultConfig {
        throttle_rate: 1.0,
        ..Default::default()
    });
    let err = c.get_backend().app_id("dx").send().await.unwrap_err();
    assert_eq!(err.code(), Some("TooManyRequestsException"));
    h.set_faults(FaultConfig {
        gateway_timeout_rate: 1.0,
        ..Default::default()
    });
    let err = c.get_backend().app_id("dx").send().await.unwrap_err();
    assert_eq!(err.code(), Some("GatewayTimeoutException"));
    h.set_faults(FaultConfig {
        throttle_without_type_rate: 1.0,
        ..Default::default()
    });
    let r = post_signed(&h, "/backend/dx/details", b"{}").await;
    assert_eq!(r.status, 429);
    assert!(r.header("x-amzn-ErrorType").is_none());
    assert!(r.header("x-amzn-RequestId").is_some());
    h.set_faults(FaultConfig {
        latency: Duration::from_millis(20),
        ..Default::default()
    });
    let err = c.get_backend().app_id("dx").send().await.unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"), "latency only delays");
    assert_eq!(h.faults().latency, Duration::from_millis(20));
    h.shutdown().await;
}

#[tokio::test]
async fn demo_data_is_seeded_once_into_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SandboxOptions {
        state: StatePath::File(dir.path().join("demo.sqlite3")),
        demo: true,
        ..Default::default()
    };
    let h = sandbox::start(opts.clone()).await.unwrap();
    let c = backend_client(&h);
    let a = amplify_client(&h);
    let apps = a.list_apps().send().await.unwrap();
    assert_eq!(apps.apps().len(), 1);
    let app_id = apps.apps()[0].app_id().to_string();
    assert_eq!(apps.apps()[0].name(), "demo-app");
    let dev = c
        .get_backend()
        .app_id(&app_id)
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap();
    assert_eq!(dev.backend_environment_list(), ["dev", "staging"]);
    let meta: serde_json::Value = serde_json::from_str(dev.amplify_meta_config().unwrap()).unwrap();
    assert!(meta.get("auth").is_none());
    let staging = c
        .get_backend()
        .app_id(&app_id)
        .backend_environment_name("staging")
        .send()
        .await
        .unwrap();
    let meta: serde_json::Value =
        serde_json::from_str(staging.amplify_meta_config().unwrap()).unwrap();
    let names: Vec<&String> = meta["auth"].as_object().unwrap().keys().collect();
    assert_eq!(names.len(), 1);
    let name = names[0].clone();
    let pool_id = meta["auth"][&name]["output"]["UserPoolId"].clone();
    let cfg = get_auth(&c, &app_id, "staging", &name).await;
    assert_eq!(cfg.user_pool.mfa.as_ref().unwrap().mode, MfaMode::Optional);
    let social = cfg.social_providers().unwrap();
    assert!(social.google.is_some());
    let apple = social.sign_in_with_apple.as_ref().unwrap();
    assert!(apple.team_id.is_some() && apple.private_key.is_none());
    assert!(cfg.identity_pool.is_some());
    h.shutdown().await;

    let h = sandbox::start(opts).await.unwrap();
    let c = backend_client(&h);
    let a = amplify_client(&h);
    assert_eq!(a.list_apps().send().await.unwrap().apps().len(), 1);
    let again = c
        .get_backend()
        .app_id(&app_id)
        .backend_environment_name("staging")
        .send()
        .await
        .unwrap();
    let meta: serde_json::Value =
        serde_json::from_str(again.amplify_meta_config().unwrap()).unwrap();
    assert_eq!(meta["auth"][&name]["output"]["UserPoolId"], pool_id);
    h.shutdown().await;
}

#[tokio::test]
async fn export_lines_point_clients_at_the_sandbox() {
    let h = start(0).await;
    let text = sandbox::export_lines(&h);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("export AWS_ENDPOINT_URL={}", h.endpoint));
    assert_eq!(
        lines[1],
        format!("export AWS_ACCESS_KEY_ID={}", h.access_key_id)
    );
    assert_eq!(
        lines[2],
        format!("export AWS_SECRET_ACCESS_KEY={}", h.secret_access_key)
    );
    assert_eq!(lines[3], "export AWS_REGION=us-east-1");
    assert!(!format!("{h:?}").contains(&h.secret_access_key));
    h.shutdown().await;
}

#[tokio::test]
async fn create_backend_needs_an_app_that_create_app_made() {
    let h = start(0).await;
    let c = backend_client(&h);
    // An app that does not exist: 404 NotFoundException, and nothing is created.
    let err = c
        .create_backend()
        .app_id("dnoapp1")
        .app_name("noapp")
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"), "{err:?}");
    assert_eq!(
        err.raw_response().map(|r| r.status().as_u16()),
        Some(404),
        "{err:?}"
    );
    let a = amplify_client(&h);
    let apps = a.list_apps().send().await.unwrap();
    assert!(apps.apps().is_empty(), "{apps:?}");

    // Amplify CreateApp makes the app (an id of the model's pattern); CreateBackend then works.
    let made = a.create_app().name("shop").send().await.expect("CreateApp");
    let app = made.app().expect("the app");
    let id = app.app_id().to_string();
    assert_eq!(app.name(), "shop");
    assert!(
        id.len() > 1
            && id.starts_with('d')
            && id[1..]
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit()),
        "{id}"
    );
    let created = c
        .create_backend()
        .app_id(&id)
        .app_name("shop")
        .backend_environment_name("dev")
        .send()
        .await
        .expect("CreateBackend for the app CreateApp made");
    let done = wait_job(&c, &id, "dev", created.job_id().unwrap()).await;
    assert_eq!(done.status(), Some("COMPLETED"));
    let listed = a.list_apps().send().await.unwrap();
    let ids: Vec<&str> = listed.apps().iter().map(|x| x.app_id()).collect();
    assert_eq!(ids, [id.as_str()]);
    let backend = c.get_backend().app_id(&id).send().await.unwrap();
    assert_eq!(backend.backend_environment_list(), ["dev".to_string()]);
    h.shutdown().await;
}
