//! `serve --demo-apps N`: a big account to audit (issue 16). N apps, each with one to three backend
//! environments and auth that varies from clean to every posture finding there is, with some
//! environments left without auth, some with a FAILED last job and some with a job RUNNING for
//! hours.
//!
//! Deterministic: app `i` always gets the same ids, names and settings, so benchmarks and tests
//! can predict what an audit finds. Apps whose id already exists are left alone, so seeding an
//! existing state again adds only what is missing.

use rusqlite::{Transaction, params};

use super::errors::ApiError;
use super::jobs::{self, Effect, Outcome};
use super::meta::AuthIds;
use super::store;
use crate::domain::samples::{default_config, hardened_config};
// Config types only: the sandbox never reaches the client's rules (see rules/mod.rs).
use crate::domain::config::*;
use crate::domain::enums::*;
use crate::domain::secret::Secret;

/// The id of demo app `i` (0-based); matches the model's `d[a-z0-9]+`.
pub fn app_id(i: usize) -> String {
    format!("dfleet{:06}", i + 1)
}

/// The environments of demo app `i`: one to three, the second and third named like production
/// in turn, so the production-only rules have something to find.
pub fn env_names(i: usize) -> Vec<&'static str> {
    const PROD: [&str; 4] = ["prod", "live", "production", "main"];
    match i % 3 {
        0 => vec!["dev"],
        1 => vec!["dev", PROD[(i / 3) % 4]],
        _ => vec!["dev", "staging", PROD[(i / 3 + 2) % 4]],
    }
}

/// How an environment is set up; the seeder walks through these in turn, environment by
/// environment across the whole account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// No auth resource.
    NoAuth,
    /// MFA on, a strong password policy, CODE grant, https redirects only.
    Clean,
    /// The wizard's defaults: MFA off, no character classes.
    Defaults,
    /// IMPLICIT grant with a localhost redirect.
    ImplicitLoopback,
    /// Guest access through the identity pool.
    Guests,
    /// Google without a client secret held.
    ProviderWithoutSecret,
    /// Clean config whose last update FAILED.
    LastJobFailed,
    /// Clean config with an update RUNNING for hours.
    StuckJob,
}

const VARIANTS: [Variant; 8] = [
    Variant::NoAuth,
    Variant::Clean,
    Variant::Defaults,
    Variant::ImplicitLoopback,
    Variant::Guests,
    Variant::ProviderWithoutSecret,
    Variant::LastJobFailed,
    Variant::StuckJob,
];

/// The variant of the `n`th environment seeded (0-based, counting across apps in order).
pub fn variant(n: usize) -> Variant {
    VARIANTS[n % VARIANTS.len()]
}

fn oauth(prefix: String, grant: OAuthGrantType, sign_in: &[&str]) -> OAuthConfig {
    OAuthConfig {
        domain_prefix: Some(prefix),
        grant_type: grant,
        scopes: vec![OAuthScope::Email, OAuthScope::OpenId, OAuthScope::Profile],
        redirect_sign_in_uris: sign_in.iter().map(|s| s.to_string()).collect(),
        redirect_sign_out_uris: sign_in.iter().map(|s| format!("{s}signout/")).collect(),
        ..Default::default()
    }
}

/// The auth config of a variant, or `None` for [`Variant::NoAuth`].
/// The hosted UI prefix is the project's name alone: the service names the domain
/// `<prefix>-<env>`, so a prefix with the environment in it would say it twice.
pub fn config_for(v: Variant, project: &str) -> Option<AuthConfig> {
    let prefix = project.to_string();
    let mut cfg = match v {
        Variant::NoAuth => return None,
        Variant::Defaults => default_config(project),
        _ => hardened_config(project),
    };
    match v {
        Variant::Clean | Variant::LastJobFailed | Variant::StuckJob => {
            cfg.user_pool.oauth = Some(oauth(
                prefix,
                OAuthGrantType::Code,
                &["https://app.example.com/"],
            ));
        }
        Variant::ImplicitLoopback => {
            cfg.user_pool.oauth = Some(oauth(
                prefix,
                OAuthGrantType::Implicit,
                &["https://app.example.com/", "http://localhost:3000/"],
            ));
        }
        Variant::Guests => {
            if let Some(i) = cfg.identity_pool.as_mut() {
                i.unauthenticated_login = true;
            }
        }
        Variant::ProviderWithoutSecret => {
            let mut o = oauth(prefix, OAuthGrantType::Code, &["https://app.example.com/"]);
            o.social_providers = Some(SocialProviders {
                google: Some(ProviderClient {
                    client_id: Some(format!("123456789012-{project}.apps.googleusercontent.com")),
                    ..Default::default()
                }),
                facebook: Some(ProviderClient {
                    client_id: Some("1234567890123456".into()),
                    client_secret: Some(Secret::new(super::ids::mixed_alnum(32))),
                    ..Default::default()
                }),
                ..Default::default()
            });
            cfg.user_pool.oauth = Some(o);
        }
        Variant::NoAuth | Variant::Defaults => {}
    }
    Some(cfg)
}

/// A seeded job with a given status. A RUNNING one is due long after `now`, so it stays RUNNING.
#[allow(clippy::too_many_arguments)]
fn insert_job(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    operation: &str,
    status: &str,
    error: Option<&str>,
    create_ms: i64,
    update_ms: i64,
    due_ms: i64,
) -> Result<(), ApiError> {
    let outcome = serde_json::to_string(&Outcome::complete(Effect::Nothing))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    // The columns of `jobs` as `jobs::start` writes them (see store.rs for the schema).
    tx.execute(
        "INSERT INTO jobs (job_id, app_id, env, operation, status, error, create_ms, update_ms, due_ms, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![super::ids::uuid_v4(), app, env, operation, status, error, create_ms, update_ms, due_ms, outcome],
    )?;
    Ok(())
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Seeds apps `0..count` that do not exist yet. Returns how many apps were added.
pub fn seed(tx: &Transaction<'_>, region: &str, now: i64, count: usize) -> Result<usize, ApiError> {
    let mut added = 0;
    let mut n_env = 0;
    for i in 0..count {
        let id = app_id(i);
        let envs = env_names(i);
        if store::get_app(tx, &id)?.is_some() {
            n_env += envs.len();
            continue;
        }
        let project = format!("fleet{:06}", i + 1);
        let created = now - 60 * DAY_MS + (i as i64 % 1000) * HOUR_MS;
        store::insert_app(tx, &id, &format!("fleet-app-{:03}", i + 1), created)?;
        for (k, env) in envs.iter().enumerate() {
            let at = created + k as i64 * HOUR_MS;
            let suffix = format!("{:06}", (i * 7 + k * 13) % 1_000_000);
            store::insert_env(tx, &id, env, &suffix, at)?;
            jobs::insert_finished(tx, &id, env, "CreateBackend", at, at + 46_000)?;
            let v = variant(n_env);
            n_env += 1;
            let Some(cfg) = config_for(v, &project) else {
                continue;
            };
            let auth_at = at + 120_000;
            let ids = AuthIds::generate(region, cfg.identity_pool.is_some());
            let resource = format!("{project}auth");
            store::insert_auth(tx, &id, env, &resource, &cfg, None, &ids, auth_at + 207_000)?;
            jobs::insert_finished(
                tx,
                &id,
                env,
                "CreateBackendAuth",
                auth_at,
                auth_at + 207_000,
            )?;
            match v {
                Variant::LastJobFailed => {
                    let t = now - DAY_MS;
                    insert_job(
                        tx,
                        &id,
                        env,
                        "UpdateBackendAuth",
                        jobs::FAILED,
                        // The text AWS gives when the hosted UI domain is taken: the custom
                        // resource's CloudFormation event (its reason is only in CloudWatch).
                        Some(&super::rules::events::job_error(
                            &super::rules::Failure {
                                rule: "domain-taken",
                                part: super::rules::Part::HostedUi,
                                text: "Error: Domain not available".into(),
                            },
                            super::rules::events::Deploy::Update,
                            t,
                        )),
                        t,
                        t + 95_000,
                        t + 95_000,
                    )?;
                }
                Variant::StuckJob => {
                    let t = now - 2 * HOUR_MS;
                    insert_job(
                        tx,
                        &id,
                        env,
                        "UpdateBackendAuth",
                        jobs::RUNNING,
                        None,
                        t,
                        t,
                        now + 30 * DAY_MS,
                    )?;
                }
                _ => {}
            }
        }
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_model_pattern_and_envs_number_one_to_three() {
        for i in 0..30 {
            let id = app_id(i);
            assert!(id.starts_with('d'));
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            );
            let envs = env_names(i);
            assert!((1..=3).contains(&envs.len()));
            let mut unique = envs.clone();
            unique.dedup();
            assert_eq!(unique.len(), envs.len());
        }
    }

    #[test]
    // That the fleet trips every posture rule of the client's audit, and that the clean variant
    // trips none, is tested from the client's side (tests/headless/audit.rs): the sandbox does
    // not reach the client's rules.
    fn seeded_configs_pass_the_sandbox_rules() {
        // The prefix never carries the environment (it was `fleet000002-dev`, deployed as
        // `fleet000002-dev-dev`).
        let cfg = config_for(Variant::Clean, "fleet000002").unwrap();
        assert_eq!(
            cfg.user_pool.oauth.unwrap().domain_prefix.as_deref(),
            Some("fleet000002")
        );
        for v in VARIANTS {
            let Some(cfg) = config_for(v, "fleet000001") else {
                continue;
            };
            // Judged by the sandbox's own rules, as a create of it would be (the sandbox never
            // calls the client's checks): every seeded config must be one the service accepts.
            // The missing Google secret of one variant is not a failure there: that provider is
            // seeded as already deployed (the pool has it; the sandbox only holds no secret).
            let place = crate::sandbox::rules::Place {
                env: "prod",
                taken_domains: &[],
                user_pool_id: "us-east-1_demo",
                providers_not_created: &[],
            };
            assert_eq!(
                crate::sandbox::rules::create_failure(&cfg, &place),
                None,
                "{v:?}"
            );
        }
    }
}
