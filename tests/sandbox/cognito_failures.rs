//! Well-formed requests that break a rule of the service are accepted and their job ends FAILED
//! with the Error text AWS gives; configs the evidence says complete, complete. The verdicts are
//! the sandbox's own (`sandbox::rules`, each rule naming its source), never the client's
//! `validate_config`: requests here go through the raw SDK, past the client's checks.
//!
//! Error text: a native resource (the user pool) carries Cognito's text inside a CloudFormation
//! event; a custom resource (hosted UI domain, providers, OAuth) points at a CloudWatch log
//! stream only; a failure of the CLI itself is its output.

use crate::support;

use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::update::{UpdateAuthConfig, update_request};
use amplify_auth::domain::*;
use support::sandbox::convert::{create_config, from_sdk, update_config};
use support::sandbox::*;

type Client = aws_sdk_amplifybackend::Client;

const CUSTOM: &str = " (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: ";

/// The job's final status and Error.
async fn finish(c: &Client, app: &str, env: &str, job: Option<&str>) -> (String, String) {
    let done = wait_job(c, app, env, job.expect("a job id")).await;
    (
        done.status().unwrap_or_default().to_string(),
        done.error().unwrap_or_default().to_string(),
    )
}

async fn create(c: &Client, app: &str, env: &str, cfg: &AuthConfig) -> (String, String) {
    let out = c
        .create_backend_auth()
        .app_id(app)
        .backend_environment_name(env)
        .resource_name("cognitoauth")
        .resource_config(create_config(cfg))
        .send()
        .await
        .expect("a well-formed request is accepted");
    assert_eq!(out.status(), Some("RUNNING"));
    finish(c, app, env, out.job_id()).await
}

async fn update(c: &Client, app: &str, env: &str, u: &UpdateAuthConfig) -> (String, String) {
    let out = c
        .update_backend_auth()
        .app_id(app)
        .backend_environment_name(env)
        .resource_name("cognitoauth")
        .resource_config(update_config(u))
        .send()
        .await
        .expect("a well-formed request is accepted");
    finish(c, app, env, out.job_id()).await
}

async fn read(c: &Client, app: &str, env: &str) -> Option<AuthConfig> {
    let out = c
        .get_backend_auth()
        .app_id(app)
        .backend_environment_name(env)
        .resource_name("cognitoauth")
        .send()
        .await
        .ok()?;
    Some(from_sdk(out.resource_config()?))
}

/// A sandbox with app `app`'s environment `env`, and its client.
async fn backend(app: &str, env: &str) -> (amplify_auth::sandbox::SandboxHandle, Client) {
    let h = start(0).await;
    let c = backend_client(&h);
    create_backend(&h, app, env).await;
    (h, c)
}

/// Creates `cfg` and expects its job to FAIL, with nothing created; returns the Error.
async fn create_fails(app: &str, env: &str, cfg: &AuthConfig) -> String {
    let (h, c) = backend(app, env).await;
    let (status, error) = create(&c, app, env, cfg).await;
    assert_eq!(status, "FAILED", "{error}");
    assert!(read(&c, app, env).await.is_none(), "nothing is created");
    h.shutdown().await;
    error
}

fn oauth(cfg: &mut AuthConfig) -> &mut OAuthConfig {
    cfg.user_pool.oauth.as_mut().unwrap()
}

fn providers(cfg: &mut AuthConfig) -> &mut SocialProviders {
    oauth(cfg).social_providers.as_mut().unwrap()
}

#[tokio::test]
async fn a_password_minimum_below_cognitos_fails_in_the_user_pool_event() {
    let mut cfg = default_config("cog");
    cfg.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 5.0;
    let error = create_fails("dcognito1", "dev", &cfg).await;
    // A native resource: Cognito's own wording inside the CloudFormation event.
    assert!(
        error.starts_with("CREATE_FAILED UserPool (AWS::Cognito::UserPool): Resource handler returned message: \"1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint"),
        "{error}"
    );
    assert!(
        error.contains("(Service: CognitoIdentityProvider, Status Code: 400, Request ID: "),
        "{error}"
    );
}

#[tokio::test]
async fn an_apple_key_with_pem_armour_fails_in_the_providers_resource() {
    let mut cfg = maximal_config(&apple_key());
    let a = providers(&mut cfg).sign_in_with_apple.as_mut().unwrap();
    let body = a.private_key.as_ref().unwrap().expose().to_string();
    a.private_key = Some(Secret::new(format!(
        "-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----"
    )));
    let error = create_fails("dcognito2", "dev", &cfg).await;
    // A custom resource: the reason ("Provided private key cannot be used …") is only in
    // CloudWatch (amplify-cli#11526).
    assert!(
        error.starts_with(&format!(
            "CREATE_FAILED HostedUIProvidersCustomResourceInputs{CUSTOM}"
        )),
        "{error}"
    );
    assert!(!error.contains("private key"), "{error}");
}

#[tokio::test]
async fn a_new_provider_without_its_secret_fails_the_create() {
    let mut cfg = maximal_config(&apple_key());
    providers(&mut cfg).google.as_mut().unwrap().client_secret = None;
    let error = create_fails("dcognito3", "dev", &cfg).await;
    // The provider Lambda skips it, the OAuth Lambda names it to Cognito, which has no such
    // provider (amplify-cli#11986, amplify-studio#472).
    assert!(
        error.starts_with(&format!("CREATE_FAILED OAuthCustomResourceInputs{CUSTOM}")),
        "{error}"
    );
}

#[tokio::test]
async fn on_update_an_existing_provider_is_kept_without_its_secret_and_a_new_one_fails() {
    let (app, env) = ("dcognito4", "dev");
    let (h, c) = backend(app, env).await;
    let mut cfg = maximal_config(&apple_key());
    providers(&mut cfg).login_with_amazon = None;
    assert_eq!(create(&c, app, env, &cfg).await.0, "COMPLETED");
    let stored = read(&c, app, env).await.unwrap();

    // Google and Apple sent without their secrets: they exist, so they are kept as they are.
    let mut same = cfg.clone();
    providers(&mut same).google.as_mut().unwrap().client_secret = None;
    providers(&mut same)
        .sign_in_with_apple
        .as_mut()
        .unwrap()
        .private_key = None;
    let (status, error) = update(&c, app, env, &update_request(&same)).await;
    assert_eq!(status, "COMPLETED", "{error}");
    assert_eq!(read(&c, app, env).await.unwrap(), stored);

    // Amazon is new and has no secret: the job fails, and nothing changes.
    let mut added = same.clone();
    providers(&mut added).login_with_amazon = Some(ProviderClient {
        client_id: Some("amzn1.application-oa2-client.abc".into()),
        ..Default::default()
    });
    let (status, error) = update(&c, app, env, &update_request(&added)).await;
    assert_eq!(status, "FAILED", "{error}");
    assert!(
        error.starts_with(&format!("UPDATE_FAILED OAuthCustomResourceInputs{CUSTOM}")),
        "{error}"
    );
    assert_eq!(read(&c, app, env).await.unwrap(), stored);
    h.shutdown().await;
}

#[tokio::test]
async fn a_reserved_word_fails_from_the_prefix_or_from_the_environment() {
    let mut cfg = maximal_config(&apple_key());
    oauth(&mut cfg).domain_prefix = Some("shop".into());
    // `shop-newcognito` (amplify-cli#3854).
    let error = create_fails("dcognito5", "newcognito", &cfg).await;
    assert!(
        error.starts_with(&format!(
            "CREATE_FAILED HostedUICustomResourceInputs{CUSTOM}"
        )),
        "{error}"
    );
    oauth(&mut cfg).domain_prefix = Some("my-cognito-app".into());
    let error = create_fails("dcognito6", "dev", &cfg).await;
    assert!(
        error.starts_with("CREATE_FAILED HostedUICustomResourceInputs"),
        "{error}"
    );
}

#[tokio::test]
async fn a_clone_into_a_longer_environment_name_rejudges_the_domain_and_fails() {
    let (app, env) = ("dcognito7", "staging");
    let (h, c) = backend(app, env).await;
    let mut cfg = maximal_config(&apple_key());
    // 55 + "-staging" = 63 fits; 55 + "-stagingzz" = 65 does not.
    oauth(&mut cfg).domain_prefix = Some("a".repeat(55));
    assert_eq!(create(&c, app, env, &cfg).await.0, "COMPLETED");
    let out = c
        .clone_backend()
        .app_id(app)
        .backend_environment_name(env)
        .target_environment_name("stagingzz")
        .send()
        .await
        .expect("the clone is accepted");
    let (status, error) = finish(&c, app, "stagingzz", out.job_id()).await;
    assert_eq!(status, "FAILED", "{error}");
    assert!(
        error.starts_with(&format!(
            "Cloning env:staging to env:stagingzz in app:{app} failed: CREATE_FAILED HostedUICustomResourceInputs{CUSTOM}"
        )),
        "{error}"
    );
    // The new environment is left behind, empty.
    assert!(read(&c, app, "stagingzz").await.is_none());
    let envs = c.get_backend().app_id(app).send().await.unwrap();
    assert!(
        envs.backend_environment_list()
            .contains(&"stagingzz".to_string())
    );
    // A clone into a name that fits completes.
    let out = c
        .clone_backend()
        .app_id(app)
        .backend_environment_name(env)
        .target_environment_name("qa")
        .send()
        .await
        .unwrap();
    assert_eq!(finish(&c, app, "qa", out.job_id()).await.0, "COMPLETED");
    h.shutdown().await;
}

#[tokio::test]
async fn update_semantics_from_the_clis_adaptor() {
    let (app, env) = ("dcognito8", "dev");
    let (h, c) = backend(app, env).await;
    let mut cfg = maximal_config(&apple_key());
    cfg.identity_pool = None;
    cfg.auth_resources = AuthResources::UserPoolOnly;
    assert_eq!(create(&c, app, env, &cfg).await.0, "COMPLETED");

    // OAuth without DomainPrefix keeps the stored domain.
    let mut u = update_request(&cfg);
    let Some(update::OAuthUpdate::Set(o)) = u.user_pool.oauth.as_mut() else {
        panic!("the request sets OAuth");
    };
    o.domain_prefix = None;
    o.redirect_sign_in_uris = vec!["https://other.example/".into()];
    let (status, error) = update(&c, app, env, &u).await;
    assert_eq!(status, "COMPLETED", "{error}");
    let now = read(&c, app, env).await.unwrap();
    let o = now.user_pool.oauth.as_ref().unwrap();
    assert_eq!(o.domain_prefix.as_deref(), Some("demo-auth"));
    assert_eq!(o.redirect_sign_in_uris, vec!["https://other.example/"]);

    // An identity pool can be added: the CLI's defaults name it.
    let mut with_pool = cfg.clone();
    with_pool.auth_resources = AuthResources::IdentityPoolAndUserPool;
    with_pool.identity_pool = Some(IdentityPoolConfig {
        identity_pool_name: "ignored".into(),
        unauthenticated_login: true,
        ..Default::default()
    });
    let (status, error) = update(&c, app, env, &update_request(&with_pool)).await;
    assert_eq!(status, "COMPLETED", "{error}");
    let ip = read(&c, app, env).await.unwrap().identity_pool.unwrap();
    assert!(
        ip.identity_pool_name
            .starts_with("dcognito8name_identitypool_"),
        "{}",
        ip.identity_pool_name
    );
    assert!(ip.unauthenticated_login);

    // A ForgotPassword edit fails as Studio's did (amplify-studio#282).
    let mut fp = with_pool.clone();
    fp.user_pool
        .forgot_password
        .as_mut()
        .unwrap()
        .delivery_method = DeliveryMethod::Sms;
    let (status, error) = update(&c, app, env, &update_request(&fp)).await;
    assert_eq!(status, "FAILED");
    assert_eq!(error, "ValidationException: null");
    h.shutdown().await;
}

#[tokio::test]
async fn create_semantics_the_evidence_fails() {
    // OAuth without a DomainPrefix: the CLI cannot build the stack (inference).
    let mut cfg = maximal_config(&apple_key());
    oauth(&mut cfg).domain_prefix = None;
    oauth(&mut cfg).social_providers = None;
    let error = create_fails("dcognito9", "dev", &cfg).await;
    assert!(
        error.starts_with("Command failed with exit code 1: /root/.amplify/bin/amplify push --yes: the auth stack cannot be built: OAuth is configured without a hosted UI domain"),
        "{error}"
    );
    // MFA OPTIONAL with no MfaTypes (inference).
    let mut cfg = maximal_config(&apple_key());
    cfg.user_pool.mfa.as_mut().unwrap().settings = None;
    let error = create_fails("dcognito10", "dev", &cfg).await;
    assert!(
        error.contains("MFAMode is OPTIONAL but Settings.MfaTypes is empty"),
        "{error}"
    );
    // An empty callback list, a relative, a fragment and a plain-http callback URL.
    for uris in [
        vec![],
        vec!["/callback".to_string()],
        vec!["https://a.example/#x".to_string()],
        vec!["http://a.example/".to_string()],
    ] {
        let mut cfg = maximal_config(&apple_key());
        oauth(&mut cfg).redirect_sign_in_uris = uris.clone();
        let error = create_fails("dcognito11", "dev", &cfg).await;
        assert!(
            error.starts_with(&format!("CREATE_FAILED OAuthCustomResourceInputs{CUSTOM}")),
            "{uris:?}: {error}"
        );
    }
}

#[tokio::test]
async fn create_backend_applies_the_environment_name_rule() {
    let h = start(0).await;
    let c = backend_client(&h);
    seed_app(&h, "dcognito12").await;
    let out = c
        .create_backend()
        .app_id("dcognito12")
        .app_name("n")
        .backend_environment_name("Prod_Env-1")
        .send()
        .await
        .expect("accepted: the Amplify model allows the name");
    let (status, error) = finish(&c, "dcognito12", "Prod_Env-1", out.job_id()).await;
    assert_eq!(status, "FAILED");
    assert_eq!(
        error,
        "Environment name must be between 2 and 10 characters, and lowercase only."
    );
    h.shutdown().await;
}
