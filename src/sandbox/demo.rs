//! Demo data: an app with an environment without auth and one with a full auth resource, so the
//! TUI has something to show on first start. Seeded only into an empty store.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use p256::pkcs8::EncodePrivateKey;
use rusqlite::Transaction;

use super::errors::ApiError;
use super::jobs;
use super::meta::AuthIds;
use super::store;
use crate::domain::samples::default_config;
// Config types only: the sandbox never reaches the client's rules (see rules/mod.rs).
use crate::domain::config::*;
use crate::domain::enums::*;
use crate::domain::secret::Secret;

pub const DEMO_APP_ID: &str = "d1a2b3c4demo";
pub const DEMO_APP_NAME: &str = "demo-app";
pub const DEMO_AUTH_RESOURCE: &str = "demoappauth";

/// A fresh P-256 key as the bare base64 body of its PKCS#8 DER, the form Cognito takes for Sign in
/// with Apple. Generated at seed time so no key is ever committed.
pub fn generate_apple_key() -> String {
    let key = p256::SecretKey::random(&mut rand_core::OsRng);
    let der = key
        .to_pkcs8_der()
        .expect("a P-256 key always encodes as PKCS#8");
    STANDARD.encode(der.as_bytes())
}

/// The staging environment's auth: user pool and identity pool, optional TOTP MFA, hosted UI with
/// Google and Sign in with Apple.
pub fn demo_auth_config() -> AuthConfig {
    let mut cfg = default_config("demoapp");
    cfg.user_pool.mfa = Some(MfaConfig {
        mode: MfaMode::Optional,
        settings: Some(MfaSettings {
            mfa_types: Some(vec![MfaType::Totp]),
            ..Default::default()
        }),
        ..Default::default()
    });
    cfg.user_pool.oauth = Some(OAuthConfig {
        // The service adds the env suffix: the hosted UI is `demoapp-staging.auth.<region>…`.
        domain_prefix: Some("demoapp".into()),
        grant_type: OAuthGrantType::Code,
        scopes: vec![
            OAuthScope::Email,
            OAuthScope::OpenId,
            OAuthScope::Profile,
            OAuthScope::AwsCognitoSigninUserAdmin,
        ],
        redirect_sign_in_uris: vec![
            "https://staging.demo-app.example.com/".into(),
            "http://localhost:3000/".into(),
        ],
        redirect_sign_out_uris: vec![
            "https://staging.demo-app.example.com/signout/".into(),
            "http://localhost:3000/signout/".into(),
        ],
        social_providers: Some(SocialProviders {
            google: Some(ProviderClient {
                client_id: Some(
                    "123456789012-demoappstaging0001.apps.googleusercontent.com".into(),
                ),
                client_secret: Some(Secret::new(format!(
                    "GOCSPX-{}",
                    super::ids::mixed_alnum(28)
                ))),
                ..Default::default()
            }),
            sign_in_with_apple: Some(AppleProvider {
                client_id: Some("com.example.demoapp.signin".into()),
                key_id: Some("DEMOKEY123".into()),
                private_key: Some(Secret::new(generate_apple_key())),
                team_id: Some("DEMOTEAM12".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    });
    cfg
}

/// Seeds the demo app when the store holds no app at all. Returns whether it seeded.
pub fn seed(tx: &Transaction<'_>, region: &str, now: i64) -> Result<bool, ApiError> {
    if !store::is_empty(tx)? {
        return Ok(false);
    }
    let created = now - 86_400_000;
    store::insert_app(tx, DEMO_APP_ID, DEMO_APP_NAME, created)?;
    store::insert_env(tx, DEMO_APP_ID, "dev", "104211", created)?;
    store::insert_env(tx, DEMO_APP_ID, "staging", "104862", created + 60_000)?;
    jobs::insert_finished(
        tx,
        DEMO_APP_ID,
        "dev",
        "CreateBackend",
        created,
        created + 46_000,
    )?;
    jobs::insert_finished(
        tx,
        DEMO_APP_ID,
        "staging",
        "CreateBackend",
        created + 60_000,
        created + 106_000,
    )?;
    let cfg = demo_auth_config();
    let ids = AuthIds::generate(region, cfg.identity_pool.is_some());
    let auth_at = created + 120_000;
    store::insert_auth(
        tx,
        DEMO_APP_ID,
        "staging",
        DEMO_AUTH_RESOURCE,
        &cfg,
        None,
        &ids,
        auth_at + 207_000,
    )?;
    jobs::insert_finished(
        tx,
        DEMO_APP_ID,
        "staging",
        "CreateBackendAuth",
        auth_at,
        auth_at + 207_000,
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::pkcs8::DecodePrivateKey;

    #[test]
    fn the_apple_key_is_a_p256_pkcs8_body() {
        let b64 = generate_apple_key();
        assert!(!b64.contains("BEGIN") && !b64.contains('\n'));
        let der = STANDARD.decode(&b64).unwrap();
        p256::SecretKey::from_pkcs8_der(&der).unwrap();
        assert_ne!(b64, generate_apple_key());
    }

    #[test]
    fn the_demo_config_passes_the_sandbox_rules() {
        let cfg = demo_auth_config();
        let place = crate::sandbox::rules::Place {
            env: "staging",
            taken_domains: &[],
            user_pool_id: "us-east-1_demo",
            providers_not_created: &[],
        };
        assert_eq!(crate::sandbox::rules::create_failure(&cfg, &place), None);
    }
}
