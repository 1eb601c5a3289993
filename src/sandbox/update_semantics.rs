//! What an UpdateBackendAuth does to the stored auth resource, as the service does it: the
//! service runs the Amplify CLI headlessly (`amplify update auth --headless`), so these are the
//! CLI's headless update semantics, each from the source named beside it. Sources are cited as in
//! the project's evidence notes: "CLI" is `aws-amplify/amplify-cli` (packages/…), "AB model" the
//! AmplifyBackend service model.
//!
//! This is the sandbox's own reading of those sources, written apart from the client's
//! `domain::update` on purpose: the sandbox judges the client, so it must not share its logic.
//!
//! Works on the CLI-shaped JSON (`UserPoolConfigs`, `OAuth`, …) the server hands the handlers.

use serde_json::{Map, Value};

use crate::model::Facts;

/// What an update or create request becomes.
#[derive(Debug)]
pub struct Applied {
    /// The config, in the CLI shape.
    pub config: Value,
    /// Providers the request names without their secret that the pool does not have: skipped
    /// by the provider Lambda, then named to Cognito by the OAuth Lambda (rule
    /// provider-not-created fails the job).
    pub providers_not_created: Vec<String>,
}

/// The stored config after an update request, both in the CLI shape. Never fails: an update the
/// stored config cannot take is judged afterwards by the rules, like any other config.
/// `default_identity_pool` is the name the CLI's defaults give an identity pool an update adds.
pub fn apply(
    facts: &Facts,
    stored: &Value,
    update: &Value,
    default_identity_pool: &str,
) -> Applied {
    let mut next = stored.clone();
    let Value::Object(out) = &mut next else {
        return Applied {
            config: next,
            providers_not_created: Vec::new(),
        };
    };
    // AuthResources and Service are required members of the update shape (AB model), so they are
    // always present and replace the stored ones.
    for k in ["AuthResources", "Service"] {
        if let Some(v) = update.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    apply_identity_pool(out, update, default_identity_pool);
    let stored_up = stored.get("UserPoolConfigs").cloned().unwrap_or_default();
    let update_up = update.get("UserPoolConfigs").cloned().unwrap_or_default();
    let (up, providers_not_created) = user_pool(facts, &stored_up, &update_up);
    out.insert("UserPoolConfigs".into(), up);
    Applied {
        config: next,
        providers_not_created,
    }
}

/// `AuthResources: USER_POOL_ONLY` drops the identity pool (CLI adaptor: `includeIdentityPool:
/// false` becomes `authSelections: 'userPoolOnly'`, `auth-request-adaptors.ts`); otherwise only
/// `UnauthenticatedLogin` can change (the only member of `UpdateBackendAuthIdentityPoolConfig`,
/// AB model). A stored config without an identity pool gets one from an update to
/// IDENTITY_POOL_AND_USER_POOL, named by the CLI's defaults (`cognito-defaults.js`
/// `identityPoolName`, applied by `auth-defaults-appliers.ts`; rule identity-pool-added-by-update,
/// an inference), with guest access as the update says (off when it says nothing).
fn apply_identity_pool(out: &mut Map<String, Value>, update: &Value, default_name: &str) {
    if update.get("AuthResources").and_then(Value::as_str) == Some("USER_POOL_ONLY") {
        out.remove("IdentityPoolConfigs");
        return;
    }
    if update.get("AuthResources").and_then(Value::as_str) == Some("IDENTITY_POOL_AND_USER_POOL")
        && out.get("IdentityPoolConfigs").is_none_or(Value::is_null)
    {
        out.insert(
            "IdentityPoolConfigs".into(),
            serde_json::json!({"IdentityPoolName": default_name, "UnauthenticatedLogin": false}),
        );
    }
    let guest = update
        .get("IdentityPoolConfigs")
        .and_then(|i| i.get("UnauthenticatedLogin"))
        .filter(|v| v.is_boolean());
    if let (Some(Value::Object(pool)), Some(g)) = (out.get_mut("IdentityPoolConfigs"), guest) {
        pool.insert("UnauthenticatedLogin".into(), g.clone());
    }
}

/// The user pool members of an update.
///
/// - A present member replaces the stored one whole (headless `update.ts` comment: "a field that is
///   present overwrites that whole field"). Members the stored config's shape requires but the
///   update shape leaves optional (`MFAMode`, `OAuthGrantType`, `MinimumLength`, …) keep their
///   stored value, because the service's stored metadata cannot hold a config without them.
/// - `Mfa` omitted becomes `MFAMode: OFF`: the CLI adaptor's default parameter is `{mode:'OFF'}`
///   and `assignDefaults` overwrites the previous value with it (`auth-request-adaptors.ts`,
///   `auth-defaults-appliers.ts`).
/// - `OAuth: {}` removes the hosted UI: its domain, its providers and the OAuth settings (adaptor
///   snapshot "translates empty oAuth config into hostedUI: false"; `resource-handlers.ts` deletes
///   `oAuthMetadata`, `hostedUIProviderMeta`, `hostedUIDomainName`).
/// - `OAuth`, `ForgotPassword`, `PasswordPolicy` and `VerificationMessage` omitted keep the stored
///   value (adaptor outputs nothing for them; for VerificationMessage the evidence is silent, and
///   keeping is the reading that drops nothing).
/// - `OAuth` without `DomainPrefix` keeps the stored domain: the adaptor maps
///   `hostedUIDomainName: oauthConfig.domainPrefix` and `assignDefaults` skips undefined (rule
///   update-keeps-domain; evidence §8.3).
/// - Social providers: see [`providers`].
fn user_pool(facts: &Facts, stored: &Value, update: &Value) -> (Value, Vec<String>) {
    let mut up = stored.as_object().cloned().unwrap_or_default();
    let mut not_created = Vec::new();
    let empty = Map::new();
    let u = update.as_object().unwrap_or(&empty);
    for (name, value) in u {
        if value.is_null() {
            continue;
        }
        if name == "OAuth" && value.as_object().is_some_and(Map::is_empty) {
            up.remove("OAuth");
            continue;
        }
        let mut v = value.clone();
        if let Some((us, cs)) = member_shapes(facts, name) {
            fill_required(
                facts,
                &us,
                &cs,
                &mut v,
                stored.get(name).unwrap_or(&Value::Null),
            );
        }
        if name == "OAuth" {
            let before = stored
                .get("OAuth")
                .and_then(|o| o.get("SocialProviderSettings"));
            let sent = value.get("SocialProviderSettings");
            let (kept, missing) = providers(before, sent);
            not_created = missing;
            match kept {
                Some(p) => v["SocialProviderSettings"] = p,
                None => {
                    if let Value::Object(o) = &mut v {
                        o.remove("SocialProviderSettings");
                    }
                }
            }
            let stored_domain = stored.get("OAuth").and_then(|o| o.get("DomainPrefix"));
            if let (Value::Object(o), Some(d)) = (&mut v, stored_domain)
                && o.get("DomainPrefix").is_none_or(Value::is_null)
            {
                o.insert("DomainPrefix".into(), d.clone());
            }
        }
        up.insert(name.clone(), v);
    }
    if !u.contains_key("Mfa") || u["Mfa"].is_null() {
        up.insert("Mfa".into(), serde_json::json!({"MFAMode": "OFF"}));
    }
    (Value::Object(up), not_created)
}

/// A CreateBackendAuth config as the CLI deploys it: a provider sent without its secret is
/// skipped by the provider Lambda and, the pool having none yet, is reported as not created (rule
/// provider-not-created fails the job, see [`providers`]).
pub fn created(mut config: Value) -> Applied {
    let mut not_created = Vec::new();
    if let Some(sp) = config.pointer_mut("/UserPoolConfigs/OAuth/SocialProviderSettings") {
        let (kept, missing) = providers(None, Some(sp));
        not_created = missing;
        match kept {
            Some(p) => *sp = p,
            None => {
                if let Some(Value::Object(o)) = config.pointer_mut("/UserPoolConfigs/OAuth") {
                    o.remove("SocialProviderSettings");
                }
            }
        }
    }
    Applied {
        config,
        providers_not_created: not_created,
    }
}

/// The social providers after an update that sent `sent` (inside a non-empty `OAuth`).
///
/// The list is replaced as a whole: a provider left out is deleted (`hostedUIProviderLambda.js`
/// deletes every IdP not in `hostedUIProviderMeta`). A provider sent without its secret (for
/// Apple: without any of client id, team id, key id or private key) is skipped by that Lambda: an
/// existing one stays as it was (rule provider-without-secret); a new one is not created, and is
/// returned in the second list (rule provider-not-created).
fn providers(before: Option<&Value>, sent: Option<&Value>) -> (Option<Value>, Vec<String>) {
    let mut not_created = Vec::new();
    let Some(sent) = sent.and_then(Value::as_object) else {
        return (None, not_created);
    };
    let mut out = Map::new();
    for (name, p) in sent {
        if p.is_null() {
            continue;
        }
        let complete = if name == "SignInWithApple" {
            ["ClientId", "TeamId", "KeyId", "PrivateKey"]
                .iter()
                .all(|k| non_empty(p.get(*k)))
        } else {
            non_empty(p.get("ClientId")) && non_empty(p.get("ClientSecret"))
        };
        if complete {
            out.insert(name.clone(), p.clone());
        } else if let Some(old) = before.and_then(|b| b.get(name)).filter(|o| !o.is_null()) {
            out.insert(name.clone(), old.clone());
        } else {
            not_created.push(name.clone());
        }
    }
    ((!out.is_empty()).then_some(Value::Object(out)), not_created)
}

fn non_empty(v: Option<&Value>) -> bool {
    v.and_then(Value::as_str).is_some_and(|s| !s.is_empty())
}

/// The update and create shapes of a user pool member, when both are structures.
fn member_shapes(facts: &Facts, member: &str) -> Option<(String, String)> {
    let us = facts.shape("UpdateBackendAuthUserPoolConfig");
    let cs = facts.shape("CreateBackendAuthUserPoolConfig");
    let (um, cm) = (us.members.get(member)?, cs.members.get(member)?);
    (facts.shape(&um.shape).kind == "structure" && facts.shape(&cm.shape).kind == "structure")
        .then(|| (um.shape.clone(), cm.shape.clone()))
}

/// Gives the members of a present update member that the update shape leaves optional but the
/// create shape requires their stored values. Driven by the two shapes, so nothing outside the
/// update shape is ever added.
pub(crate) fn fill_required(
    facts: &Facts,
    update_shape: &str,
    create_shape: &str,
    update: &mut Value,
    stored: &Value,
) {
    let (us, cs) = (facts.shape(update_shape), facts.shape(create_shape));
    let Value::Object(obj) = update else { return };
    for (name, um) in &us.members {
        let Some(cm) = cs.members.get(name) else {
            continue;
        };
        match obj.get_mut(name) {
            Some(child) => {
                if facts.shape(&um.shape).kind == "structure"
                    && facts.shape(&cm.shape).kind == "structure"
                {
                    let s = stored.get(name).unwrap_or(&Value::Null);
                    fill_required(facts, &um.shape, &cm.shape, child, s);
                }
            }
            None => {
                if cs.required.contains(name)
                    && let Some(s) = stored.get(name).filter(|s| !s.is_null())
                {
                    obj.insert(name.clone(), s.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;
    use serde_json::json;

    fn stored() -> Value {
        serde_json::to_value(crate::domain::samples::maximal_config("k")).unwrap()
    }

    fn upd(user_pool: Value) -> Value {
        json!({
            "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
            "Service": "COGNITO",
            "UserPoolConfigs": user_pool,
        })
    }

    #[test]
    fn empty_oauth_removes_the_hosted_ui_whole() {
        let s = stored();
        assert!(s["UserPoolConfigs"]["OAuth"]["DomainPrefix"].is_string());
        let next = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({"OAuth": {}})),
            "pool_identitypool_1",
        )
        .config;
        assert!(next["UserPoolConfigs"].get("OAuth").is_none(), "{next:#}");
    }

    #[test]
    fn omitted_oauth_is_kept_and_omitted_mfa_becomes_off() {
        let s = stored();
        assert_ne!(s["UserPoolConfigs"]["Mfa"]["MFAMode"], "OFF");
        let next = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({})),
            "pool_identitypool_1",
        )
        .config;
        assert_eq!(
            next["UserPoolConfigs"]["OAuth"],
            s["UserPoolConfigs"]["OAuth"]
        );
        assert_eq!(next["UserPoolConfigs"]["Mfa"], json!({"MFAMode": "OFF"}));
        assert_eq!(
            next["UserPoolConfigs"]["PasswordPolicy"],
            s["UserPoolConfigs"]["PasswordPolicy"]
        );
    }

    #[test]
    fn a_present_member_replaces_the_stored_one_whole() {
        let s = stored();
        let oauth = json!({
            "OAuthGrantType": "CODE",
            "OAuthScopes": ["EMAIL"],
            "RedirectSignInURIs": ["https://a.example/"],
            "RedirectSignOutURIs": ["https://a.example/out"],
        });
        let next = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({"OAuth": oauth})),
            "pool_identitypool_1",
        )
        .config;
        // No providers were sent: they are gone. No DomainPrefix was sent: the stored one stays
        // (rule update-keeps-domain).
        let mut want = oauth.clone();
        want["DomainPrefix"] = s["UserPoolConfigs"]["OAuth"]["DomainPrefix"].clone();
        assert!(want["DomainPrefix"].is_string());
        assert_eq!(next["UserPoolConfigs"]["OAuth"], want);
    }

    #[test]
    fn a_present_member_keeps_what_only_the_stored_shape_requires() {
        let s = stored();
        let next = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({"Mfa": {"Settings": {"MfaTypes": ["TOTP"]}}})),
            "pool_identitypool_1",
        )
        .config;
        assert_eq!(
            next["UserPoolConfigs"]["Mfa"]["MFAMode"],
            s["UserPoolConfigs"]["Mfa"]["MFAMode"]
        );
        assert_eq!(
            next["UserPoolConfigs"]["Mfa"]["Settings"],
            json!({"MfaTypes": ["TOTP"]})
        );
    }

    #[test]
    fn providers_without_secrets_are_skipped_and_missing_ones_deleted() {
        let mut s = stored();
        s["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]
            .as_object_mut()
            .unwrap()
            .remove("LoginWithAmazon");
        let mut oauth = s["UserPoolConfigs"]["OAuth"].clone();
        let sp = oauth["SocialProviderSettings"].as_object_mut().unwrap();
        assert!(sp.contains_key("Facebook") && sp.contains_key("SignInWithApple"));
        // Apple sent without its key, with a new key id: left exactly as it was.
        sp.get_mut("SignInWithApple")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("PrivateKey");
        sp["SignInWithApple"]["KeyId"] = json!("NEWKEY0001");
        // Google dropped from the list: deleted.
        sp.remove("Google");
        // Amazon added without a secret: not created.
        sp.insert("LoginWithAmazon".into(), json!({"ClientId": "amzn"}));
        let applied = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({"OAuth": oauth})),
            "pool_identitypool_1",
        );
        // Amazon is new and has no secret: not created, and reported so the job fails.
        assert_eq!(
            applied.providers_not_created,
            vec!["LoginWithAmazon".to_string()]
        );
        let next = applied.config;
        let got = &next["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"];
        let was = &s["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"];
        assert_eq!(got["SignInWithApple"], was["SignInWithApple"]);
        assert_eq!(got["Facebook"], was["Facebook"]);
        assert!(got.get("Google").is_none(), "{got:#}");
        assert!(got.get("LoginWithAmazon").is_none(), "{got:#}");
    }

    #[test]
    fn an_update_can_add_an_identity_pool_with_the_cli_default_name() {
        let mut s = stored();
        s.as_object_mut().unwrap().remove("IdentityPoolConfigs");
        s["AuthResources"] = json!("USER_POOL_ONLY");
        let next = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({})),
            "shop_identitypool_1a2b3c4d",
        )
        .config;
        assert_eq!(
            next["IdentityPoolConfigs"],
            json!({"IdentityPoolName": "shop_identitypool_1a2b3c4d", "UnauthenticatedLogin": false})
        );
        let mut u = upd(json!({}));
        u["IdentityPoolConfigs"] = json!({"UnauthenticatedLogin": true});
        let next = apply(model::amplifybackend(), &s, &u, "n").config;
        assert_eq!(next["IdentityPoolConfigs"]["UnauthenticatedLogin"], true);
    }

    #[test]
    fn a_new_provider_without_its_secret_is_reported_on_create() {
        let mut c = stored();
        c["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["Google"]
            .as_object_mut()
            .unwrap()
            .remove("ClientSecret");
        let applied = created(c);
        assert_eq!(applied.providers_not_created, vec!["Google".to_string()]);
        assert!(
            applied.config["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]
                .get("Google")
                .is_none()
        );
    }

    #[test]
    fn user_pool_only_drops_the_identity_pool_and_guest_access_changes_alone() {
        let s = stored();
        let mut u = upd(json!({}));
        u["AuthResources"] = json!("USER_POOL_ONLY");
        let next = apply(model::amplifybackend(), &s, &u, "pool_identitypool_1").config;
        assert!(next.get("IdentityPoolConfigs").is_none());
        let mut u = upd(json!({}));
        let flipped = !s["IdentityPoolConfigs"]["UnauthenticatedLogin"]
            .as_bool()
            .unwrap();
        u["IdentityPoolConfigs"] = json!({"UnauthenticatedLogin": flipped});
        let next = apply(model::amplifybackend(), &s, &u, "pool_identitypool_1").config;
        assert_eq!(next["IdentityPoolConfigs"]["UnauthenticatedLogin"], flipped);
        assert_eq!(
            next["IdentityPoolConfigs"]["IdentityPoolName"],
            s["IdentityPoolConfigs"]["IdentityPoolName"]
        );
    }
}
