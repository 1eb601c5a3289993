//! Promote: apply one environment's auth config to another.
//!
//! The planner turns the source config (as read from the service) and the target's (if it has
//! auth) into the request to send to the target, or refuses by name:
//! - a target without auth gets a CreateBackendAuth with the source's config;
//! - immutable members that differ are refused (the target must be recreated): an update cannot
//!   carry them, and sending the rest would silently leave them as they are;
//! - secrets: GetBackendAuth may leave them out (the Apple key always). A provider unchanged on
//!   the target needs no secret: when the hosted UI settings are the same on both sides, the
//!   request leaves them out and the target keeps its stored ones. A provider that changed needs
//!   its secret, from the source (when the service returned it) or supplied by the user; without
//!   it the plan is refused naming it, never sent with a placeholder.
//!
//! An update is planned by [`super::update_plan::plan_update`] with the source's config as the
//! edit, so promote, `update --input` and the TUI's wizard send and refuse the same things.

use std::collections::BTreeMap;

use super::compare::{Comparison, SECRET_SLOTS, compare};
use super::config::*;
use super::finding::{Finding, Severity};
use super::secret::Secret;
use super::update::{ImmutableChange, UpdateAuthConfig, immutable_changes};
use super::update_plan::plan_update;

/// Secrets the user supplies, by provider name in the CLI shape (`Google`, `Facebook`,
/// `LoginWithAmazon`, `SignInWithApple`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SuppliedSecrets(pub BTreeMap<String, Secret>);

impl SuppliedSecrets {
    fn get(&self, provider: &str) -> Option<&Secret> {
        self.0
            .get(provider)
            .filter(|s| !s.expose().trim().is_empty())
    }
}

/// What promote would send.
#[derive(Clone, Debug, PartialEq)]
pub enum PromotePlan {
    /// The target has no auth: create it with this config.
    Create { config: AuthConfig },
    /// Update the target; `changes` is the target before vs. after (for the review).
    Update {
        request: UpdateAuthConfig,
        changes: Comparison,
    },
    /// The target already has the source's config (secrets not returned aside).
    UpToDate,
}

/// A secret promote needs and does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretNeeded {
    /// e.g. `UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret`
    pub path: String,
    /// The provider's name in the CLI shape, the key for [`SuppliedSecrets`].
    pub provider: String,
    /// Why it is needed, in one sentence.
    pub reason: String,
}

/// Why promote refuses.
#[derive(Clone, Debug, PartialEq)]
pub enum PromoteRefusal {
    /// Members that cannot change after creation differ; recreate the target.
    Immutable(Vec<ImmutableChange>),
    /// Secrets needed and neither returned by the service nor supplied.
    SecretsNeeded(Vec<SecretNeeded>),
    /// Members an update cannot bring to the source's value (e.g. a section the source does not
    /// have, which an update can only keep), by path.
    NotExpressible(Vec<String>),
}

impl std::fmt::Display for PromoteRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PromoteRefusal::Immutable(c) => {
                write!(
                    f,
                    "these members cannot change after the auth resource is created, and they differ:"
                )?;
                for c in c {
                    write!(
                        f,
                        "\n  {}: target {:?}, source {:?}",
                        c.path, c.before, c.after
                    )?;
                }
                write!(
                    f,
                    "\nRecreate the target's auth resource (that deletes every user of its user pool), or promote to an environment created from the source."
                )
            }
            PromoteRefusal::SecretsNeeded(s) => {
                write!(
                    f,
                    "these secrets are needed and the service did not return them:"
                )?;
                for s in s {
                    write!(f, "\n  {}: {}", s.path, s.reason)?;
                }
                Ok(())
            }
            PromoteRefusal::NotExpressible(p) => {
                write!(
                    f,
                    "an update cannot bring these members of the target to the source's value: {}",
                    p.join(", ")
                )
            }
        }
    }
}

fn non_empty(s: &Option<Secret>) -> Option<&Secret> {
    s.as_ref().filter(|s| !s.expose().trim().is_empty())
}

/// One provider's secret slot on both sides, read through the config types.
struct Slot<'a> {
    provider: &'static str,
    path: String,
    /// The provider's non-secret members on each side (`None` when not configured there).
    source_id: Option<Vec<Option<&'a str>>>,
    target_id: Option<Vec<Option<&'a str>>>,
    source_secret: Option<&'a Secret>,
    target_secret: Option<&'a Secret>,
}

/// A configured provider's non-secret members and its secret, if returned.
type Side<'a> = Option<(Vec<Option<&'a str>>, Option<&'a Secret>)>;

/// The four providers of a config, in [`super::compare::SECRET_SLOTS`] order.
fn client_side(p: Option<&ProviderClient>) -> Side<'_> {
    p.map(|p| (vec![p.client_id.as_deref()], non_empty(&p.client_secret)))
}

fn sides(c: Option<&AuthConfig>) -> [Side<'_>; 4] {
    let sp = c.and_then(|c| c.social_providers());
    let client = client_side;
    [
        client(sp.and_then(|s| s.facebook.as_ref())),
        client(sp.and_then(|s| s.google.as_ref())),
        client(sp.and_then(|s| s.login_with_amazon.as_ref())),
        sp.and_then(|s| s.sign_in_with_apple.as_ref()).map(|p| {
            (
                vec![
                    p.client_id.as_deref(),
                    p.key_id.as_deref(),
                    p.team_id.as_deref(),
                ],
                non_empty(&p.private_key),
            )
        }),
    ]
}

fn slots<'a>(source: &'a AuthConfig, target: Option<&'a AuthConfig>) -> Vec<Slot<'a>> {
    SECRET_SLOTS
        .iter()
        .zip(sides(Some(source)))
        .zip(sides(target))
        .map(|(((provider, member), s), t)| Slot {
            provider,
            path: format!("UserPoolConfigs.OAuth.SocialProviderSettings.{provider}.{member}"),
            source_id: s.as_ref().map(|v| v.0.clone()),
            target_id: t.as_ref().map(|v| v.0.clone()),
            source_secret: s.and_then(|v| v.1),
            target_secret: t.and_then(|v| v.1),
        })
        .collect()
}

/// Puts `secret` into the provider of `cfg` named `provider`.
fn set_secret(cfg: &mut AuthConfig, provider: &str, secret: Secret) {
    let Some(sp) = cfg
        .user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
    else {
        return;
    };
    match provider {
        "Facebook" => sp.facebook.as_mut().map(|p| p.client_secret = Some(secret)),
        "Google" => sp.google.as_mut().map(|p| p.client_secret = Some(secret)),
        "LoginWithAmazon" => sp
            .login_with_amazon
            .as_mut()
            .map(|p| p.client_secret = Some(secret)),
        _ => sp
            .sign_in_with_apple
            .as_mut()
            .map(|p| p.private_key = Some(secret)),
    };
}

/// Gives every provider of `cfg` its secret, or lists those that have none.
fn fill_secrets(
    cfg: &mut AuthConfig,
    source: &AuthConfig,
    target: Option<&AuthConfig>,
    supplied: &SuppliedSecrets,
) -> Vec<SecretNeeded> {
    let mut needed = Vec::new();
    for slot in slots(source, target) {
        if slot.source_id.is_none() {
            continue;
        }
        let unchanged = slot.target_id.is_some()
            && slot.source_id == slot.target_id
            && match (slot.source_secret, slot.target_secret) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
        let value = supplied
            .get(slot.provider)
            .or(slot.source_secret)
            .or(if unchanged { slot.target_secret } else { None });
        match value {
            Some(v) => set_secret(cfg, slot.provider, v.clone()),
            None => needed.push(SecretNeeded {
                reason: if unchanged {
                    format!(
                        "{} is the same on both sides, but the hosted UI settings differ and an update replaces them whole, so its secret must be sent; the service returned it for neither environment. Supply it.",
                        slot.provider
                    )
                } else if slot.target_id.is_none() {
                    format!(
                        "{} is new on the target; supply its secret (the service did not return the source's).",
                        slot.provider
                    )
                } else {
                    format!(
                        "{} differs on the target; supply the source's secret (the service did not return it).",
                        slot.provider
                    )
                },
                provider: slot.provider.to_string(),
                path: slot.path,
            }),
        }
    }
    needed
}

/// Plans applying `source` to the target. `target` is the target's current config, `None` when
/// it has no auth resource.
pub fn plan(
    source: &AuthConfig,
    target: Option<&AuthConfig>,
    supplied: &SuppliedSecrets,
) -> Result<PromotePlan, PromoteRefusal> {
    let Some(target) = target else {
        let mut config = source.clone();
        let needed = fill_secrets(&mut config, source, None, supplied);
        if !needed.is_empty() {
            return Err(PromoteRefusal::SecretsNeeded(needed));
        }
        return Ok(PromotePlan::Create { config });
    };
    let fixed = immutable_changes(target, source);
    if !fixed.is_empty() {
        return Err(PromoteRefusal::Immutable(fixed));
    }
    if compare(target, source).is_same() {
        return Ok(PromotePlan::UpToDate);
    }
    // One way to plan updates: the source's config is the edit, the target's is what the
    // service holds, and `plan_update` decides the request, the secrets kept and the refusals.
    let mut edited = source.clone();
    for (provider, secret) in &supplied.0 {
        if !secret.expose().trim().is_empty() {
            set_secret(&mut edited, provider, secret.clone());
        }
    }
    let planned = plan_update(target, &edited);
    if planned.has_errors() {
        return Err(refusal(planned.findings));
    }
    // Whatever the update cannot bring to the source's value (secrets the service does not
    // return aside, which `compare` never counts as differences) is refused, not sent half-done.
    let after = compare(&planned.expected, source);
    if !after.is_same() {
        return Err(PromoteRefusal::NotExpressible(
            after.differences().map(|r| r.path.clone()).collect(),
        ));
    }
    Ok(PromotePlan::Update {
        changes: compare(target, &planned.expected),
        request: planned.request,
    })
}

/// `plan_update`'s errors as promote's refusals, each naming its member: a secret the change
/// needs becomes [`PromoteRefusal::SecretsNeeded`] (keyed by provider, for `--secrets`); every
/// other refusal is a member an update cannot bring to the source's value.
fn refusal(findings: Vec<Finding>) -> PromoteRefusal {
    let errors: Vec<Finding> = findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let secrets: Vec<SecretNeeded> = errors
        .iter()
        .filter_map(|f| {
            let provider = SECRET_SLOTS
                .iter()
                .find(|(p, m)| f.path.ends_with(&format!(".{p}.{m}")))?
                .0;
            Some(SecretNeeded {
                path: f.path.clone(),
                provider: provider.to_string(),
                reason: format!("{} {}", f.message, f.fix),
            })
        })
        .collect();
    if !secrets.is_empty() {
        return PromoteRefusal::SecretsNeeded(secrets);
    }
    PromoteRefusal::NotExpressible(
        errors
            .iter()
            .map(|f| format!("{} ({})", f.path, f.message))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;

    /// A real P-256 key body: `plan_update` checks the Apple key like any update does.
    fn key() -> String {
        crate::domain::apple_key::generate_key().1
    }

    /// The social providers an update request sends.
    fn sent_providers(request: UpdateAuthConfig) -> SocialProviders {
        request
            .user_pool
            .oauth
            .and_then(|o| o.config().and_then(|c| c.social_providers.clone()))
            .expect("the request sends social providers")
    }

    fn google(c: &mut AuthConfig) -> &mut ProviderClient {
        c.user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut())
            .and_then(|s| s.google.as_mut())
            .unwrap()
    }

    #[test]
    fn a_target_without_auth_gets_the_source_created() {
        let src = maximal_config(&key());
        match plan(&src, None, &SuppliedSecrets::default()) {
            Ok(PromotePlan::Create { config }) => assert_eq!(config, src),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn create_needs_every_secret_the_service_left_out() {
        let src = maximal_config(&key()).without_secrets();
        let Err(PromoteRefusal::SecretsNeeded(n)) = plan(&src, None, &SuppliedSecrets::default())
        else {
            panic!("should refuse")
        };
        assert_eq!(n.len(), 4, "{n:?}");
        let mut supplied = SuppliedSecrets::default();
        for p in ["Facebook", "Google", "LoginWithAmazon", "SignInWithApple"] {
            supplied
                .0
                .insert(p.into(), Secret::new(format!("{p}-secret")));
        }
        let Ok(PromotePlan::Create { config }) = plan(&src, None, &supplied) else {
            panic!("should create")
        };
        let sp = config.social_providers().unwrap();
        assert_eq!(
            sp.sign_in_with_apple
                .as_ref()
                .unwrap()
                .private_key
                .as_ref()
                .unwrap()
                .expose(),
            "SignInWithApple-secret"
        );
    }

    #[test]
    fn equal_configs_need_nothing() {
        let src = maximal_config(&key());
        let tgt = src.without_secrets();
        assert_eq!(
            plan(&src, Some(&tgt), &SuppliedSecrets::default()),
            Ok(PromotePlan::UpToDate)
        );
    }

    #[test]
    fn immutable_members_that_differ_are_refused_by_name() {
        let src = maximal_config(&key());
        let mut tgt = src.clone();
        tgt.user_pool.user_pool_name = "otherpool".into();
        let Err(PromoteRefusal::Immutable(c)) = plan(&src, Some(&tgt), &SuppliedSecrets::default())
        else {
            panic!("should refuse")
        };
        assert_eq!(c[0].path, "UserPoolConfigs.UserPoolName");
        let msg = PromoteRefusal::Immutable(c).to_string();
        assert!(msg.contains("UserPoolConfigs.UserPoolName"), "{msg}");
    }

    #[test]
    fn unchanged_providers_need_no_secret_when_the_hosted_ui_is_the_same() {
        // Neither side returned any secret; only the password policy differs.
        let src = maximal_config(&key()).without_secrets();
        let mut tgt = src.clone();
        tgt.user_pool
            .password_policy
            .as_mut()
            .unwrap()
            .minimum_length = 20.0;
        let Ok(PromotePlan::Update { request, changes }) =
            plan(&src, Some(&tgt), &SuppliedSecrets::default())
        else {
            panic!("should update")
        };
        // The providers go out without secrets, which is how the service keeps its stored ones.
        let sp = sent_providers(request);
        assert!(sp.google.unwrap().client_secret.is_none());
        assert!(sp.sign_in_with_apple.unwrap().private_key.is_none());
        let d: Vec<_> = changes.differences().map(|r| r.path.as_str()).collect();
        assert_eq!(d, ["UserPoolConfigs.PasswordPolicy.MinimumLength"]);
    }

    #[test]
    fn a_changed_provider_needs_its_secret_supplied_else_refused_naming_it() {
        let k = key();
        let src = maximal_config(&k).without_secrets();
        let mut tgt = maximal_config(&k);
        google(&mut tgt).client_id = Some("other-client.apps.googleusercontent.com".into());
        let Err(PromoteRefusal::SecretsNeeded(n)) =
            plan(&src, Some(&tgt), &SuppliedSecrets::default())
        else {
            panic!("should refuse")
        };
        // Google changed; the Apple key was returned by neither side but the request must carry
        // it because the hosted UI settings are sent whole. Facebook and Amazon are unchanged
        // and the target's stored secrets are used.
        let names: Vec<&str> = n.iter().map(|s| s.provider.as_str()).collect();
        assert_eq!(names, ["Google"], "{n:?}");
        assert!(n[0].path.ends_with("Google.ClientSecret"));

        let mut supplied = SuppliedSecrets::default();
        supplied
            .0
            .insert("Google".into(), Secret::new("supplied-google-secret"));
        let Ok(PromotePlan::Update { request, .. }) = plan(&src, Some(&tgt), &supplied) else {
            panic!("should update")
        };
        let sp = sent_providers(request);
        assert_eq!(
            sp.google.unwrap().client_secret.unwrap().expose(),
            "supplied-google-secret"
        );
        assert_eq!(
            sp.sign_in_with_apple.unwrap().private_key.unwrap().expose(),
            k,
            "the unchanged provider keeps the target's stored key"
        );
    }

    #[test]
    fn a_section_the_source_lacks_cannot_be_removed_by_an_update() {
        let k = key();
        let mut src = maximal_config(&k);
        src.user_pool.verification_message = None;
        let tgt = maximal_config(&k);
        let Err(PromoteRefusal::NotExpressible(p)) =
            plan(&src, Some(&tgt), &SuppliedSecrets::default())
        else {
            panic!("should refuse")
        };
        assert!(
            p.iter()
                .all(|p| p.starts_with("UserPoolConfigs.VerificationMessage")),
            "{p:?}"
        );
    }
}
