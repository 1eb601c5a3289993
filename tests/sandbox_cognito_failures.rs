//! Well-formed requests that break a Cognito rule are accepted and their job ends FAILED with a
//! Cognito-style error. The verdicts are the sandbox's own (`sandbox::rules`, each rule naming its
//! source), never the client's `validate_config`: requests here go through the raw SDK, past the
//! client's checks.

mod sandbox_support;

use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::*;
use sandbox_support::convert::create_config;
use sandbox_support::*;

async fn create_and_finish(cfg: &AuthConfig, app: &str) -> (Option<String>, Option<String>) {
    let h = start(0).await;
    let c = backend_client(&h);
    create_backend(&c, app, "dev").await;
    let out = c
        .create_backend_auth()
        .app_id(app)
        .backend_environment_name("dev")
        .resource_name("cognitoauth")
        .resource_config(create_config(cfg))
        .send()
        .await
        .expect("a well-formed request is accepted");
    assert_eq!(out.status(), Some("RUNNING"));
    let done = wait_job(&c, app, "dev", out.job_id().unwrap()).await;
    let result = (
        done.status().map(str::to_string),
        done.error().map(str::to_string),
    );
    // Nothing was created.
    let err = c
        .get_backend_auth()
        .app_id(app)
        .backend_environment_name("dev")
        .resource_name("cognitoauth")
        .send()
        .await;
    assert!(err.is_err() || result.0.as_deref() == Some("COMPLETED"));
    h.shutdown().await;
    result
}

#[tokio::test]
async fn a_password_minimum_below_cognitos_fails_the_job() {
    let mut cfg = default_config("cog");
    cfg.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 5.0;
    let (status, error) = create_and_finish(&cfg, "dcognito1").await;
    assert_eq!(status.as_deref(), Some("FAILED"), "{error:?}");
    let error = error.unwrap();
    assert!(error.contains("InvalidParameterException"), "{error}");
    // Cognito's own wording, naming the member as Cognito's API does.
    assert!(
        error.contains("at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint"),
        "{error}"
    );
}

#[tokio::test]
async fn an_apple_key_with_pem_armour_fails_the_job() {
    let mut cfg = default_config("cog");
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
        apple_key()
    );
    cfg.user_pool.oauth = Some(OAuthConfig {
        domain_prefix: Some("cogtest".into()),
        grant_type: OAuthGrantType::Code,
        scopes: vec![OAuthScope::Email, OAuthScope::OpenId],
        redirect_sign_in_uris: vec!["https://example.com/".into()],
        redirect_sign_out_uris: vec!["https://example.com/".into()],
        social_providers: Some(SocialProviders {
            sign_in_with_apple: Some(AppleProvider {
                client_id: Some("com.example.cog".into()),
                key_id: Some("ABCDEFGH12".into()),
                private_key: Some(Secret::new(pem)),
                team_id: Some("TEAM123456".into()),
            }),
            ..Default::default()
        }),
    });
    let (status, error) = create_and_finish(&cfg, "dcognito2").await;
    assert_eq!(status.as_deref(), Some("FAILED"), "{error:?}");
    let error = error.unwrap();
    // The text users reported from Cognito (amplify-cli#11526, #8939).
    assert!(
        error.contains("Provided private key cannot be used for Sign in with Apple"),
        "{error}"
    );
}
