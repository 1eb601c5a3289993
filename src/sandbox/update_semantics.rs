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

/// The stored config after an update request, both in the CLI shape. Never fails: an update the
/// stored config cannot take is judged afterwards by the rules, like any other config.
pub fn apply(facts: &Facts, stored: &Value, update: &Value) -> Value {
    let mut next = stored.clone();
    let Value::Object(out) = &mut next else {
        return next;
    };
    // AuthResources and Service are required members of the update shape (AB model), so they are
    // always present and replace the stored ones.
    for k in ["AuthResources", "Service"] {
        if let Some(v) = update.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    apply_identity_pool(out, update);
    let stored_up = stored.get("UserPoolConfigs").cloned().unwrap_or_default();
    let update_up = update.get("UserPoolConfigs").cloned().unwrap_or_default();
    let up = user_pool(facts, &stored_up, &update_up);
    out.insert("UserPoolConfigs".into(), up);
    next
}

/// `AuthResources: USER_POOL_ONLY` drops the identity pool (CLI adaptor: `includeIdentityPool:
/// false` becomes `authSelections: 'userPoolOnly'`, `auth-request-adaptors.ts`); otherwise only
/// `UnauthenticatedLogin` can change (the only member of `UpdateBackendAuthIdentityPoolConfig`,
/// AB model). A stored config without an identity pool gets none from an update: its name is not
/// in the update shape, and the rules fail the job.
fn apply_identity_pool(out: &mut Map<String, Value>, update: &Value) {
    if update.get("AuthResources").and_then(Value::as_str) == Some("USER_POOL_ONLY") {
        out.remove("IdentityPoolConfigs");
        return;
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
/// - Social providers: see [`providers`].
fn user_pool(facts: &Facts, stored: &Value, update: &Value) -> Value {
    let mut up = stored.as_object().cloned().unwrap_or_default();
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
            match providers(before, sent) {
                Some(p) => v["SocialProviderSettings"] = p,
                None => {
                    if let Value::Object(o) = &mut v {
                        o.remove("SocialProviderSettings");
                    }
                }
            }
        }
        up.insert(name.clone(), v);
    }
    if !u.contains_key("Mfa") || u["Mfa"].is_null() {
        up.insert("Mfa".into(), serde_json::json!({"MFAMode": "OFF"}));
    }
    Value::Object(up)
}

/// A CreateBackendAuth config as the CLI deploys it: providers sent without their secret are
/// skipped (rule provider-without-secret, see [`providers`]), so they are not part of what is
/// stored either.
pub fn created(mut config: Value) -> Value {
    if let Some(sp) = config.pointer_mut("/UserPoolConfigs/OAuth/SocialProviderSettings") {
        match providers(None, Some(sp)) {
            Some(p) => *sp = p,
            None => {
                if let Some(Value::Object(o)) = config.pointer_mut("/UserPoolConfigs/OAuth") {
                    o.remove("SocialProviderSettings");
                }
            }
        }
    }
    config
}

/// The social providers after an update that sent `sent` (inside a non-empty `OAuth`).
///
/// The list is replaced as a whole: a provider left out is deleted (`hostedUIProviderLambda.js`
/// deletes every IdP not in `hostedUIProviderMeta`). A provider sent without its secret (for
/// Apple: without any of client id, team id, key id or private key) is skipped by that Lambda, not
/// applied and not failed: an existing one stays as it was, a new one is not created (rule
/// provider-without-secret in `rules`).
fn providers(before: Option<&Value>, sent: Option<&Value>) -> Option<Value> {
    let sent = sent?.as_object()?;
    let mut out = Map::new();
    for (name, p) in sent {
        let complete = if name == "SignInWithApple" {
            ["ClientId", "TeamId", "KeyId", "PrivateKey"]
                .iter()
                .all(|k| non_empty(p.get(*k)))
        } else {
            non_empty(p.get("ClientId")) && non_empty(p.get("ClientSecret"))
        };
        if complete {
            out.insert(name.clone(), p.clone());
        } else if let Some(old) = before.and_then(|b| b.get(name)) {
            out.insert(name.clone(), old.clone());
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
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
        let next = apply(model::amplifybackend(), &s, &upd(json!({"OAuth": {}})));
        assert!(next["UserPoolConfigs"].get("OAuth").is_none(), "{next:#}");
    }

    #[test]
    fn omitted_oauth_is_kept_and_omitted_mfa_becomes_off() {
        let s = stored();
        assert_ne!(s["UserPoolConfigs"]["Mfa"]["MFAMode"], "OFF");
        let next = apply(model::amplifybackend(), &s, &upd(json!({})));
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
        let next = apply(model::amplifybackend(), &s, &upd(json!({"OAuth": oauth})));
        // No DomainPrefix and no providers were sent: both are gone, not kept.
        assert_eq!(next["UserPoolConfigs"]["OAuth"], oauth);
    }

    #[test]
    fn a_present_member_keeps_what_only_the_stored_shape_requires() {
        let s = stored();
        let next = apply(
            model::amplifybackend(),
            &s,
            &upd(json!({"Mfa": {"Settings": {"MfaTypes": ["TOTP"]}}})),
        );
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
        let next = apply(model::amplifybackend(), &s, &upd(json!({"OAuth": oauth})));
        let got = &next["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"];
        let was = &s["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"];
        assert_eq!(got["SignInWithApple"], was["SignInWithApple"]);
        assert_eq!(got["Facebook"], was["Facebook"]);
        assert!(got.get("Google").is_none(), "{got:#}");
        assert!(got.get("LoginWithAmazon").is_none(), "{got:#}");
    }

    #[test]
    fn user_pool_only_drops_the_identity_pool_and_guest_access_changes_alone() {
        let s = stored();
        let mut u = upd(json!({}));
        u["AuthResources"] = json!("USER_POOL_ONLY");
        let next = apply(model::amplifybackend(), &s, &u);
        assert!(next.get("IdentityPoolConfigs").is_none());
        let mut u = upd(json!({}));
        let flipped = !s["IdentityPoolConfigs"]["UnauthenticatedLogin"]
            .as_bool()
            .unwrap();
        u["IdentityPoolConfigs"] = json!({"UnauthenticatedLogin": flipped});
        let next = apply(model::amplifybackend(), &s, &u);
        assert_eq!(next["IdentityPoolConfigs"]["UnauthenticatedLogin"], flipped);
        assert_eq!(
            next["IdentityPoolConfigs"]["IdentityPoolName"],
            s["IdentityPoolConfigs"]["IdentityPoolName"]
        );
    }
}
