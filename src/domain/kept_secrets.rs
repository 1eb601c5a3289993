//! Secrets on update: the ones the service keeps and never gives back, and the ones it returns.
//!
//! GetBackendAuth never returns the Sign in with Apple private key (Cognito documents no
//! `private_key` in its Apple describe response), and may leave out the client secrets too. A
//! provider sent without its secret is skipped by the service's provider Lambda: not updated, not
//! failed (`hostedUIProviderLambda.js`). So for each provider of an edited config:
//!
//! - a secret that is given is sent, unless it is a masked placeholder (never sent: it would
//!   replace the real secret with the mask);
//! - no secret, and the service returned one for the same client: the returned one is sent, so an
//!   edit keeps it without asking;
//! - no secret, and nothing else about the provider changed: it is sent without the secret, which
//!   is how the service keeps it;
//! - no secret, and something else changed: refused with a finding on the secret's path, because
//!   the service would skip the provider and the change would silently not happen.

use super::config::*;
use super::finding::{Finding, Severity};
use super::secret::Secret;

const BASE: &str = "UserPoolConfigs.OAuth.SocialProviderSettings";

/// The character [`MASK`](super::secret::MASK) is made of; no real secret contains it.
const MASK_CHAR: char = '•';

/// How a secret left out of the edited config is handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeptHow {
    /// The provider is sent without it, unchanged, and the service keeps the stored one.
    ByService,
    /// The value the service returned is sent again.
    Returned,
}

/// A secret the person did not type that the update keeps anyway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptSecret {
    /// Its path below `ResourceConfig`, e.g. `UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret`.
    pub path: String,
    pub how: KeptHow,
}

/// What [`resolve`] decided.
#[derive(Debug, Default)]
pub struct SecretsOutcome {
    pub kept: Vec<KeptSecret>,
    /// Refusals: a change that needs a secret, a masked value.
    pub findings: Vec<Finding>,
    /// Secret paths whose generic validation findings ("the secret is missing") no longer apply:
    /// the secret is kept, or a finding above says more precisely what is wrong.
    pub settled: Vec<String>,
}

/// An empty or whitespace-only secret is no secret (the wizard sends its empty fields as `""`).
pub fn given(s: &Option<Secret>) -> Option<&Secret> {
    s.as_ref().filter(|s| !s.expose().trim().is_empty())
}

/// Whether a value is a mask someone copied instead of the secret: our own `••••` mask, or a run
/// of `*` as other tools print.
pub fn looks_masked(s: &Secret) -> bool {
    let v = s.expose().trim();
    v.contains(MASK_CHAR) || (v.len() >= 3 && v.chars().all(|c| c == '*'))
}

/// One provider's members apart from its secret, for "did anything else change".
#[derive(PartialEq)]
struct Rest<'a>(Vec<(&'static str, Option<&'a str>)>);

impl Rest<'_> {
    /// The members that differ, as `Member "old" → "new"`.
    fn changes(&self, other: &Rest<'_>) -> Vec<String> {
        self.0
            .iter()
            .zip(&other.0)
            .filter(|(a, b)| a.1 != b.1)
            .map(|((name, a), (_, b))| {
                let show = |v: &Option<&str>| v.map_or("(none)".to_string(), |s| format!("{s:?}"));
                format!("{name} {} → {}", show(a), show(b))
            })
            .collect()
    }
}

/// A provider seen through what this module needs of it.
struct View<'a> {
    key: &'static str,
    label: &'static str,
    member: &'static str,
    rest: Rest<'a>,
    /// The members that tie a secret to its owner: a secret carries over only when they match.
    owner: Vec<Option<&'a str>>,
}

fn client_view<'a>(key: &'static str, label: &'static str, p: &'a ProviderClient) -> View<'a> {
    View {
        key,
        label,
        member: "ClientSecret",
        rest: Rest(vec![("ClientId", p.client_id.as_deref())]),
        owner: vec![p.client_id.as_deref()],
    }
}

fn apple_view(p: &AppleProvider) -> View<'_> {
    View {
        key: "SignInWithApple",
        label: "Sign in with Apple",
        member: "PrivateKey",
        rest: Rest(vec![
            ("ClientId", p.client_id.as_deref()),
            ("TeamId", p.team_id.as_deref()),
            ("KeyId", p.key_id.as_deref()),
        ]),
        // An Apple key belongs to its team and key ID; the Services ID may change around it.
        owner: vec![p.team_id.as_deref(), p.key_id.as_deref()],
    }
}

/// Decides, for every provider of `edited`, how its secret is sent, filling in the ones the
/// service returned (see the module comment). `current` is the config as read from the service.
pub fn resolve(current: &AuthConfig, edited: &mut AuthConfig) -> SecretsOutcome {
    let mut out = SecretsOutcome::default();
    let cur = current.social_providers().cloned().unwrap_or_default();
    let Some(ed) = edited
        .user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
    else {
        return out;
    };
    let clients = [
        ("Facebook", "Facebook", &cur.facebook, &mut ed.facebook),
        ("Google", "Google", &cur.google, &mut ed.google),
        (
            "LoginWithAmazon",
            "Login with Amazon",
            &cur.login_with_amazon,
            &mut ed.login_with_amazon,
        ),
    ];
    for (key, label, c, e) in clients {
        let Some(e) = e.as_mut() else { continue };
        let fill = {
            let ev = client_view(key, label, e);
            let cv = c.as_ref().map(|c| client_view(key, label, c));
            decide(
                &mut out,
                &ev,
                cv.as_ref(),
                &e.client_secret,
                c.as_ref().and_then(|c| given(&c.client_secret)),
            )
        };
        if let Some(s) = fill {
            e.client_secret = Some(s);
        }
    }
    if let Some(e) = ed.sign_in_with_apple.as_mut() {
        let c = &cur.sign_in_with_apple;
        let fill = {
            let ev = apple_view(e);
            let cv = c.as_ref().map(apple_view);
            decide(
                &mut out,
                &ev,
                cv.as_ref(),
                &e.private_key,
                c.as_ref().and_then(|c| given(&c.private_key)),
            )
        };
        if let Some(s) = fill {
            e.private_key = Some(s);
        }
    }
    out
}

/// One provider: records the outcome and returns the secret to fill in, if any.
fn decide(
    out: &mut SecretsOutcome,
    ed: &View<'_>,
    cur: Option<&View<'_>>,
    secret: &Option<Secret>,
    returned: Option<&Secret>,
) -> Option<Secret> {
    let path = format!("{BASE}.{}.{}", ed.key, ed.member);
    let what = if ed.member == "PrivateKey" {
        "private key"
    } else {
        "client secret"
    };
    if let Some(s) = given(secret) {
        if looks_masked(s) {
            out.settled.push(path.clone());
            out.findings.push(Finding {
                path,
                severity: Severity::Error,
                message: format!(
                    "The {} {what} is a masked placeholder, not the {what}; sending it would replace the real one with the mask.",
                    ed.label
                ),
                fix: format!(
                    "Enter the real {what}, or leave {} out to keep the stored one.",
                    ed.member
                ),
            });
        }
        return None;
    }
    // A new provider has nothing stored to keep: the generic "missing" finding stands.
    let cur = cur?;
    out.settled.push(path.clone());
    if let Some(r) = returned
        && cur.owner == ed.owner
    {
        out.kept.push(KeptSecret {
            path,
            how: KeptHow::Returned,
        });
        return Some(r.clone());
    }
    if cur.rest == ed.rest {
        out.kept.push(KeptSecret {
            path,
            how: KeptHow::ByService,
        });
        return None;
    }
    let changed = cur.rest.changes(&ed.rest).join(", ");
    let why = if returned.is_some() {
        format!(
            "the stored {what} belongs to the old {}, so it cannot be reused",
            if ed.member == "PrivateKey" {
                "Team ID and Key ID"
            } else {
                "client ID"
            }
        )
    } else {
        format!(
            "the service never gives the stored {what} back, and it skips a provider sent without one, so the change would silently not happen"
        )
    };
    let supply = if ed.member == "PrivateKey" {
        "load or paste the AuthKey_<KEYID>.p8 file into the private key field (in a file for `update`: its base64 body as PrivateKey)"
    } else {
        "enter the client secret from the provider's developer console (in a file for `update`: as ClientSecret)"
    };
    out.findings.push(Finding {
        path,
        severity: Severity::Error,
        message: format!("Changing {} ({changed}) needs its {what}: {why}.", ed.label),
        fix: format!(
            "To apply the change, {supply}. To keep {} as it is, undo the change.",
            ed.label
        ),
    });
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;
    use crate::domain::secret::MASK;

    fn apple(c: &mut AuthConfig) -> &mut AppleProvider {
        c.user_pool
            .oauth
            .as_mut()
            .unwrap()
            .social_providers
            .as_mut()
            .unwrap()
            .sign_in_with_apple
            .as_mut()
            .unwrap()
    }

    #[test]
    fn an_unchanged_provider_is_kept_by_the_service_and_a_changed_one_needs_its_secret() {
        let read = maximal_config("MIGHAgEAkey").without_secrets();
        let mut same = read.clone();
        let out = resolve(&read, &mut same);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.kept.len(), 4);
        assert!(out.kept.iter().all(|k| k.how == KeptHow::ByService));
        assert_eq!(same, read, "nothing is filled in");

        let mut changed = read.clone();
        apple(&mut changed).team_id = Some("NEWTEAM123".into());
        let out = resolve(&read, &mut changed);
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(f.path, format!("{BASE}.SignInWithApple.PrivateKey"));
        assert!(f.message.contains("TeamId"), "{}", f.message);
        assert!(f.message.contains("never gives"), "{}", f.message);
        assert!(f.fix.contains(".p8"), "{}", f.fix);

        apple(&mut changed).private_key = Some(Secret::new("MIGHAgEAnew"));
        assert!(resolve(&read, &mut changed).findings.is_empty());
    }

    #[test]
    fn returned_secrets_are_kept_for_the_same_owner_only() {
        let full = maximal_config("MIGHAgEAkey");
        let mut edited = full.without_secrets();
        {
            let sp = edited
                .user_pool
                .oauth
                .as_mut()
                .unwrap()
                .social_providers
                .as_mut()
                .unwrap();
            sp.facebook.as_mut().unwrap().client_id = Some("999".into());
        }
        apple(&mut edited).client_id = Some("com.example.other".into());
        let out = resolve(&full, &mut edited);
        let sp = edited.social_providers().unwrap();
        assert_eq!(sp.facebook.as_ref().unwrap().client_secret, None);
        assert_eq!(
            sp.google.as_ref().unwrap().client_secret,
            full.social_providers()
                .unwrap()
                .google
                .as_ref()
                .unwrap()
                .client_secret
        );
        // Same team and key: the key follows a new Services ID.
        assert_eq!(
            sp.sign_in_with_apple.as_ref().unwrap().private_key,
            Some(Secret::new("MIGHAgEAkey"))
        );
        assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
        assert!(out.findings[0].path.ends_with("Facebook.ClientSecret"));
        assert!(
            out.findings[0]
                .message
                .contains("belongs to the old client ID")
        );
    }

    #[test]
    fn a_masked_value_is_refused() {
        let read = maximal_config("MIGHAgEAkey").without_secrets();
        let mut edited = read.clone();
        apple(&mut edited).private_key = Some(Secret::new(MASK));
        let out = resolve(&read, &mut edited);
        assert_eq!(out.findings.len(), 1);
        assert!(out.findings[0].message.contains("masked"));
        assert!(looks_masked(&Secret::new("********")));
        assert!(!looks_masked(&Secret::new("GOCSPX-abc")));
    }
}
