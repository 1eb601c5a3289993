//! Promote: apply one environment's auth config to another.
//!
//! The planner turns the source config (as read from the service) and the target's (if it has
//! auth) into the request to send to the target, or refuses by name:
//! - a target without auth gets a CreateBackendAuth with the source's config;
//! - immutable members that differ are refused (the target must be recreated): an update cannot
//!   carry them, and sending the rest would silently leave them as they are;
//! - secrets: GetBackendAuth may leave them out (the Apple key always). A provider unchanged on
//!   the target needs no secret (issue 12's rule, [`super::kept_secrets`]): when the hosted UI
//!   settings are the same on both sides the request leaves them out, and when they differ the
//!   unchanged provider is sent without its secret, which is how the service keeps the stored
//!   one. A provider that changed needs its secret, from the source (when the service returned
//!   it) or supplied by the user; without it the plan is refused naming it, never sent with a
//!   placeholder.
//!
//! The request itself comes from [`super::update`] (`update_request`, `apply_update`,
//! `immutable_changes`), so promote and `update` derive requests the same way.

use std::collections::BTreeMap;

use super::compare::{Comparison, SECRET_SLOTS, compare};
use super::config::*;
use super::kept_secrets;
use super::secret::Secret;
use super::update::{
    ImmutableChange, UpdateAuthConfig, apply_update, immutable_changes, update_request,
};
use super::validate::{Finding, validate_update_against};

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
                    "\nRecreate the target's auth resource (that deletes its users), or promote to an environment created from the source."
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
            // Sent without its secret, an unchanged provider is skipped by the service's
            // provider Lambda and keeps the secret it has (see `kept_secrets`).
            None if unchanged => {}
            None => needed.push(SecretNeeded {
                reason: if slot.target_id.is_none() {
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
    let before = compare(target, source);
    if before.is_same() {
        return Ok(PromotePlan::UpToDate);
    }
    let mut edited = source.clone();
    let oauth_differs = before.differs_under("UserPoolConfigs.OAuth");
    if oauth_differs {
        let needed = fill_secrets(&mut edited, source, Some(target), supplied);
        if !needed.is_empty() {
            return Err(PromoteRefusal::SecretsNeeded(needed));
        }
    }
    let mut request = update_request(&edited);
    if !oauth_differs {
        // Left out, the target keeps its hosted UI settings (and their secrets) as they are.
        request.user_pool.oauth = None;
    }
    let next = apply_update(target, &request);
    let after = compare(&next, source);
    if !after.is_same() {
        return Err(PromoteRefusal::NotExpressible(
            after.differences().map(|r| r.path.clone()).collect(),
        ));
    }
    Ok(PromotePlan::Update {
        request,
        changes: compare(target, &next),
    })
}

/// The validation findings of a planned update of `target`: those of
/// [`validate_update_against`], less the "secret missing" ones of the unchanged providers the
/// request sends without their secret (the service keeps those, see [`kept_secrets`]).
pub fn update_findings(target: &AuthConfig, request: &UpdateAuthConfig) -> Vec<Finding> {
    let mut next = apply_update(target, request);
    let settled = kept_secrets::resolve(target, &mut next).settled;
    let mut found = validate_update_against(target, request);
    found.retain(|f| !settled.contains(&f.path));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;

    const KEY: &str = "MIGHAgEAkey-value-long-enough";

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
        let src = maximal_config(KEY);
        match plan(&src, None, &SuppliedSecrets::default()) {
            Ok(PromotePlan::Create { config }) => assert_eq!(config, src),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn create_needs_every_secret_the_service_left_out() {
        let src = maximal_config(KEY).without_secrets();
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
        let src = maximal_config(KEY);
        let tgt = src.without_secrets();
        assert_eq!(
            plan(&src, Some(&tgt), &SuppliedSecrets::default()),
            Ok(PromotePlan::UpToDate)
        );
    }

    #[test]
    fn immutable_members_that_differ_are_refused_by_name() {
        let src = maximal_config(KEY);
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
        let src = maximal_config(KEY).without_secrets();
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
        assert!(request.user_pool.oauth.is_none(), "OAuth is left out");
        let d: Vec<_> = changes.differences().map(|r| r.path.as_str()).collect();
        assert_eq!(d, ["UserPoolConfigs.PasswordPolicy.MinimumLength"]);
    }

    #[test]
    fn a_changed_provider_needs_its_secret_supplied_else_refused_naming_it() {
        let src = maximal_config(KEY).without_secrets();
        let mut tgt = maximal_config(KEY);
        google(&mut tgt).client_id = Some("other-client.apps.googleusercontent.com".into());
        let Err(PromoteRefusal::SecretsNeeded(n)) =
            plan(&src, Some(&tgt), &SuppliedSecrets::default())
        else {
            panic!("should refuse")
        };
        // Google changed and needs its secret. Apple, Facebook and Amazon are unchanged: the
        // secrets the target returned are sent again.
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
        let sp = request
            .user_pool
            .oauth
            .unwrap()
            .config()
            .unwrap()
            .social_providers
            .clone()
            .unwrap();
        assert_eq!(
            sp.google.unwrap().client_secret.unwrap().expose(),
            "supplied-google-secret"
        );
        assert_eq!(
            sp.sign_in_with_apple.unwrap().private_key.unwrap().expose(),
            KEY,
            "the unchanged provider keeps the target's stored key"
        );
    }

    #[test]
    fn unchanged_providers_are_sent_without_secrets_when_the_hosted_ui_differs() {
        // Neither side returned any secret; a redirect URI differs, so OAuth is sent whole and
        // its unchanged providers go without their secrets, which the service keeps.
        let src = maximal_config(KEY).without_secrets();
        let mut tgt = src.clone();
        tgt.user_pool
            .oauth
            .as_mut()
            .unwrap()
            .redirect_sign_in_uris
            .push("https://other.example.com/".into());
        let Ok(PromotePlan::Update { request, changes }) =
            plan(&src, Some(&tgt), &SuppliedSecrets::default())
        else {
            panic!("should update")
        };
        let sp = request
            .user_pool
            .oauth
            .as_ref()
            .and_then(|o| o.config())
            .and_then(|o| o.social_providers.clone())
            .unwrap();
        assert_eq!(Some(&sp), src.social_providers());
        assert!(sp.google.unwrap().client_secret.is_none());
        assert!(sp.sign_in_with_apple.unwrap().private_key.is_none());
        let d: Vec<_> = changes.differences().map(|r| r.path.as_str()).collect();
        assert_eq!(d, ["UserPoolConfigs.OAuth.RedirectSignInURIs"], "{d:?}");
        let errors: Vec<_> = update_findings(&tgt, &request)
            .into_iter()
            .filter(|f| f.severity == crate::domain::validate::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "kept secrets are no error: {errors:?}");
    }

    #[test]
    fn a_section_the_source_lacks_cannot_be_removed_by_an_update() {
        let mut src = maximal_config(KEY);
        src.user_pool.verification_message = None;
        let tgt = maximal_config(KEY);
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
