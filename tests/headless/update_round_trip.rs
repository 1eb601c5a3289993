//! The round-trip law of updates, as a property over generated (deployed, edited) pairs, each a
//! real round trip through the SDK client and an in-process sandbox:
//!
//! after the update and a read-back, the service holds exactly the edited config (apart from the
//! secrets it never returns), or the client refused before sending, with an error finding on the
//! path of every member it could not apply, and on nothing else. No silent drops.
//!
//! The edit starts from the read-back (no secrets, as `get` and the wizard see it) and applies a
//! few generated changes: MFA modes, password policy, hosted UI on and off, providers added,
//! removed and changed with or without their secret, guest access, the identity pool, and changes
//! the API cannot make (a renamed pool, a removed verification message). Half the cases run on a
//! sandbox that also returns client secrets, so both secret paths are exercised. Cases are few:
//! each costs three sandbox jobs.

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::finding::Severity;
use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::secret::MASK;
use amplify_auth::domain::update_plan::plan_update;
use amplify_auth::domain::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use support::headless::{APP, Env, with_backend, with_backend_returning_secrets};

const JOB: Duration = Duration::from_millis(20);

#[derive(Clone, Copy, Debug)]
enum Base {
    Plain,
    Hosted,
    Maximal,
}

#[derive(Clone, Debug)]
enum Op {
    /// 0 OFF, 1 OPTIONAL (TOTP), 2 ON (TOTP).
    Mfa(u8),
    DropMfa,
    MinLength(u8),
    Constraints([bool; 4]),
    DropOAuth,
    /// Adds a hosted UI when there is none, else changes its redirect URIs.
    OAuthOn,
    DropProvider(u8),
    /// A Google client with its secret (replacing any Google client).
    AddGoogle,
    AppleTeam {
        key: bool,
    },
    GoogleClient {
        secret: bool,
    },
    MaskGoogleSecret,
    DropVerification,
    DropForgot,
    Guests,
    UserPoolOnly,
    RenamePool,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..3).prop_map(Op::Mfa),
        1 => Just(Op::DropMfa),
        2 => (6u8..=20).prop_map(Op::MinLength),
        2 => any::<[bool; 4]>().prop_map(Op::Constraints),
        2 => Just(Op::DropOAuth),
        2 => Just(Op::OAuthOn),
        2 => (0u8..4).prop_map(Op::DropProvider),
        1 => Just(Op::AddGoogle),
        2 => any::<bool>().prop_map(|key| Op::AppleTeam { key }),
        1 => any::<bool>().prop_map(|secret| Op::GoogleClient { secret }),
        1 => Just(Op::MaskGoogleSecret),
        1 => Just(Op::DropVerification),
        1 => Just(Op::DropForgot),
        1 => Just(Op::Guests),
        1 => Just(Op::UserPoolOnly),
        1 => Just(Op::RenamePool),
    ]
}

fn case() -> impl Strategy<Value = (Base, bool, Vec<Op>)> {
    (
        prop_oneof![Just(Base::Plain), Just(Base::Hosted), Just(Base::Maximal)],
        any::<bool>(),
        prop::collection::vec(op(), 1..4),
    )
}

fn deployed(base: Base, n: usize) -> AuthConfig {
    let (_, key) = generate_key();
    match base {
        Base::Plain => default_config("rt"),
        Base::Hosted => {
            let mut c = maximal_config(&key);
            let o = c.user_pool.oauth.as_mut().unwrap();
            o.domain_prefix = Some(format!("rt-hosted-{n}"));
            let sp = o.social_providers.as_mut().unwrap();
            sp.facebook = None;
            sp.login_with_amazon = None;
            c.user_pool.forgot_password = None;
            c
        }
        Base::Maximal => {
            let mut c = maximal_config(&key);
            c.user_pool.oauth.as_mut().unwrap().domain_prefix = Some(format!("rt-max-{n}"));
            c
        }
    }
}

fn providers(c: &mut AuthConfig) -> Option<&mut SocialProviders> {
    c.user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
}

/// Applies one generated change, as a person editing the config would.
fn apply(c: &mut AuthConfig, op: &Op, n: usize) {
    let up = &mut c.user_pool;
    match op {
        Op::Mfa(m) => {
            up.mfa = Some(match m {
                0 => MfaConfig {
                    mode: MfaMode::Off,
                    ..Default::default()
                },
                _ => MfaConfig {
                    mode: if *m == 1 {
                        MfaMode::Optional
                    } else {
                        MfaMode::On
                    },
                    settings: Some(MfaSettings {
                        mfa_types: Some(vec![MfaType::Totp]),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            })
        }
        Op::DropMfa => up.mfa = None,
        Op::MinLength(v) => {
            if let Some(p) = &mut up.password_policy {
                p.minimum_length = f64::from(*v);
            }
        }
        Op::Constraints(on) => {
            if let Some(p) = &mut up.password_policy {
                p.additional_constraints = Some(
                    PasswordConstraint::ALL
                        .iter()
                        .zip(on)
                        .filter(|(_, on)| **on)
                        .map(|(c, _)| c.clone())
                        .collect(),
                );
            }
        }
        Op::DropOAuth => up.oauth = None,
        Op::OAuthOn => match &mut up.oauth {
            Some(o) => o.redirect_sign_in_uris = vec![format!("https://rt{n}.example.com/")],
            None => {
                up.oauth = Some(OAuthConfig {
                    domain_prefix: Some(format!("rt-new-{n}")),
                    grant_type: OAuthGrantType::Code,
                    scopes: vec![OAuthScope::Email, OAuthScope::OpenId],
                    redirect_sign_in_uris: vec!["https://rt.example.com/".into()],
                    redirect_sign_out_uris: vec!["https://rt.example.com/out/".into()],
                    ..Default::default()
                })
            }
        },
        Op::DropProvider(i) => {
            if let Some(o) = &mut up.oauth
                && let Some(sp) = &mut o.social_providers
            {
                match i {
                    0 => sp.facebook = None,
                    1 => sp.google = None,
                    2 => sp.login_with_amazon = None,
                    _ => sp.sign_in_with_apple = None,
                }
                if sp.is_empty() {
                    o.social_providers = None;
                }
            }
        }
        Op::AddGoogle => {
            if let Some(o) = &mut up.oauth {
                o.social_providers
                    .get_or_insert_with(Default::default)
                    .google = Some(ProviderClient {
                    client_id: Some(format!("{n}-added.apps.googleusercontent.com")),
                    client_secret: Some(Secret::new(format!("GOCSPX-added-{n}"))),
                    ..Default::default()
                });
            }
        }
        Op::AppleTeam { key } => {
            if let Some(a) = providers(c).and_then(|p| p.sign_in_with_apple.as_mut()) {
                a.team_id = Some(format!("NEWTEAM{:03}", n % 1000));
                if *key {
                    a.private_key = Some(Secret::new(generate_key().1));
                }
            }
        }
        Op::GoogleClient { secret } => {
            if let Some(g) = providers(c).and_then(|p| p.google.as_mut()) {
                g.client_id = Some(format!("{n}-changed.apps.googleusercontent.com"));
                g.client_secret = secret.then(|| Secret::new(format!("GOCSPX-changed-{n}")));
            }
        }
        Op::MaskGoogleSecret => {
            if let Some(g) = providers(c).and_then(|p| p.google.as_mut()) {
                g.client_secret = Some(Secret::new(MASK));
            }
        }
        Op::DropVerification => up.verification_message = None,
        Op::DropForgot => up.forgot_password = None,
        Op::Guests => {
            if let Some(ip) = &mut c.identity_pool {
                ip.unauthenticated_login = !ip.unauthenticated_login;
            }
        }
        Op::UserPoolOnly => {
            c.identity_pool = None;
            c.auth_resources = AuthResources::UserPoolOnly;
        }
        Op::RenamePool => up.user_pool_name = format!("renamed_{n}"),
    }
}

const SP: &str = "UserPoolConfigs.OAuth.SocialProviderSettings";

/// The oracle: the paths a correct client must refuse, from the spec of the law (not from the
/// client's code): MFA turned ON, fixed members changed, removals the API cannot express, a masked secret, and a
/// provider changed without a secret the service holds for it.
fn must_refuse(read: &AuthConfig, edited: &AuthConfig) -> Vec<String> {
    let mut out = Vec::new();
    let (r, e) = (&read.user_pool, &edited.user_pool);
    // Cognito makes MFA required only at pool creation.
    let mode = |u: &UserPoolConfig| u.mfa.as_ref().map(|m| m.mode.clone());
    if mode(e) == Some(MfaMode::On) && mode(r) != Some(MfaMode::On) {
        out.push("UserPoolConfigs.Mfa.MFAMode".to_string());
    }
    if r.user_pool_name != e.user_pool_name {
        out.push("UserPoolConfigs.UserPoolName".to_string());
    }
    if r.verification_message.is_some() && e.verification_message.is_none() {
        out.push("UserPoolConfigs.VerificationMessage".into());
    }
    if r.forgot_password.is_some() && e.forgot_password.is_none() {
        out.push("UserPoolConfigs.ForgotPassword".into());
    }
    let (rp, ep) = (
        read.social_providers().cloned().unwrap_or_default(),
        edited.social_providers().cloned().unwrap_or_default(),
    );
    if let Some(g) = &ep.google {
        let secret = g.client_secret.as_ref().map(|s| s.expose().to_string());
        let masked = secret.as_deref() == Some(MASK);
        let same_client = rp.google.as_ref().map(|x| &x.client_id) == Some(&g.client_id);
        if masked || (secret.is_none() && !same_client) {
            out.push(format!("{SP}.Google.ClientSecret"));
        }
    }
    if let (Some(a), Some(was)) = (&ep.sign_in_with_apple, &rp.sign_in_with_apple)
        && a.private_key.is_none()
        && (a.team_id != was.team_id || a.key_id != was.key_id || a.client_id != was.client_id)
    {
        out.push(format!("{SP}.SignInWithApple.PrivateKey"));
    }
    out.sort();
    out
}

/// What a read-back can show of a config: never the Apple key, client secrets only when the
/// service returns them.
fn visible(c: &AuthConfig, returns_secrets: bool) -> AuthConfig {
    let mut c = if returns_secrets {
        c.clone()
    } else {
        c.without_secrets()
    };
    if let Some(a) = providers(&mut c).and_then(|p| p.sign_in_with_apple.as_mut()) {
        a.private_key = None;
    }
    if c.user_pool.mfa.is_none() {
        // The service stores an omitted Mfa as OFF.
        c.user_pool.mfa = Some(MfaConfig {
            mode: MfaMode::Off,
            ..Default::default()
        });
    }
    c
}

/// An environment name the Amplify rules accept (lower-case letters), unique per case.
fn env_name(n: usize) -> String {
    let mut s = String::from("rt");
    let mut k = n;
    loop {
        s.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
        if k == 0 {
            break;
        }
    }
    s
}

async fn one_case(
    env: &Env,
    n: usize,
    base: Base,
    returns_secrets: bool,
    ops: &[Op],
) -> Result<(), TestCaseError> {
    let e = env_name(n);
    env.add_backend(APP, &e).await;
    let c = &env.clients;
    let job = c
        .create_auth(APP, &e, "rtauth", &deployed(base, n))
        .await
        .expect("CreateBackendAuth");
    let status = env.wait_job(APP, &e, job.job_id.as_deref().unwrap()).await;
    prop_assert_eq!(status, "COMPLETED");
    let read = c.get_auth(APP, &e, "rtauth").await.expect("read");

    let mut edited = read.clone();
    for op in ops {
        apply(&mut edited, op, n);
    }
    let plan = plan_update(&read, &edited);
    let mut refused: Vec<String> = plan
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.path.clone())
        .collect();
    refused.sort();
    refused.dedup();
    let expected_refusals = must_refuse(&read, &edited);
    prop_assert_eq!(
        &refused,
        &expected_refusals,
        "refusals; findings: {:?}",
        plan.findings
    );
    if !refused.is_empty() {
        return Ok(());
    }

    let job = c
        .update_auth(APP, &e, "rtauth", &plan.request)
        .await
        .expect("UpdateBackendAuth");
    let status = env.wait_job(APP, &e, job.job_id.as_deref().unwrap()).await;
    prop_assert_eq!(status, "COMPLETED");
    let after = c.get_auth(APP, &e, "rtauth").await.expect("read back");
    // The law: the service holds exactly the edit (as far as a read-back shows it)...
    prop_assert_eq!(&after, &visible(&edited, returns_secrets));
    // ...and the client predicted it, so Review's diff and `update --dry-run` show every change.
    prop_assert_eq!(&after, &visible(&plan.expected, returns_secrets));
    Ok(())
}

#[test]
fn updates_round_trip_or_are_refused_naming_the_member() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let envs = rt.block_on(async {
        let plain = with_backend(JOB).await;
        let returning = with_backend_returning_secrets(JOB).await;
        [plain, returning]
    });
    let counter = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: 16,
        max_shrink_iters: 32,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&case(), |(base, returns_secrets, ops)| {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let env = &envs[usize::from(returns_secrets)];
        rt.block_on(one_case(env, n, base, returns_secrets, &ops))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    rt.block_on(async {
        for env in envs {
            env.stop().await;
        }
    });
}
