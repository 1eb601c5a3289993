//! Cognito-true validation of an auth config: the client's rules. One pure module: the wizard
//! shows its findings live, and `validate`/`create`/`update` refuse to send while errors remain.
//! The sandbox never uses these: it fails jobs on its own statement of the service's rules
//! (the rules under `src/sandbox/`), so a mistake here shows up as a divergence, not an agreement.
//!
//! AmplifyBackend's own model constrains almost nothing (every string is `__string`), but the job
//! it starts creates Cognito resources, and Cognito does constrain them. So the rules here are
//! Cognito's (its service model `cognito-idp`/`cognito-identity` and developer guide), where the
//! Amplify CLI differs from Cognito we follow Cognito (trailing slash on redirect URIs, 99-character
//! passwords, 63-character domain prefixes), and the CLI's own rules are used only where Amplify
//! is stricter for a reason (identity pool and resource names, env names, provider attributes).
//!
//! Every section has one checker taking the section itself, so create and update share them:
//! `pool` (names, attributes, password), `messages` (templates, MFA, SMS), `oauth` (domain,
//! scopes, redirect URIs), `providers` (social providers, Apple) and `ids` (names and IDs outside
//! the resource config).

mod ids;
mod messages;
mod oauth;
mod pool;
mod providers;

use super::config::*;
use super::enums::*;
use super::finding::{Finding, Severity};
use super::update::UpdateAuthConfig;
pub use ids::{
    ENV_NAME_MESSAGE, ENV_NAME_PATTERN, validate_app_id, validate_env_name, validate_import,
    validate_resource_name,
};
pub use messages::CUSTOM_EMAIL_TEXT_NOTE;
use messages::{check_message, check_mfa, check_sms_sandbox, has_email_text};
use oauth::check_oauth;
use pool::{
    check_identity_pool_name, check_password_policy, check_required_attributes,
    check_user_pool_name,
};

/// Every finding for a config, errors first, then by path.
pub fn validate_config(cfg: &AuthConfig) -> Vec<Finding> {
    let mut out = Out::default();
    let up = &cfg.user_pool;
    check_known(&mut out, "Service", &cfg.service);
    check_auth_resources(
        &mut out,
        &cfg.auth_resources,
        cfg.identity_pool.is_some(),
        true,
    );
    if let Some(ip) = &cfg.identity_pool {
        check_identity_pool_name(&mut out, &ip.identity_pool_name);
    }
    check_user_pool_name(&mut out, &up.user_pool_name);
    check_known(&mut out, "UserPoolConfigs.SignInMethod", &up.sign_in_method);
    check_required_attributes(
        &mut out,
        &up.required_sign_up_attributes,
        &up.sign_in_method,
    );
    let facts = PoolFacts {
        sign_in_method: Some(&up.sign_in_method),
        required: Some(&up.required_sign_up_attributes),
        creating: true,
    };
    check_mutable(&mut out, &MutablePart::of_config(up), &facts);
    out.finish()
}

/// The notes for a config: facts worth saying that are not findings (nothing to fix, nothing
/// that blocks), for headless commands to print as `note:` lines.
pub fn notes_for_config(cfg: &AuthConfig) -> Vec<&'static str> {
    MutablePart::of_config(&cfg.user_pool).notes()
}

/// The notes for an update request, as [`notes_for_config`].
pub fn notes_for_update(update: &UpdateAuthConfig) -> Vec<&'static str> {
    MutablePart::of_update(update).notes()
}

/// The findings for an update request on its own: the same rules, applied to what the request
/// carries. Rules that need the fixed part of the pool (sign-in method, required attributes) are
/// skipped; use [`validate_update_against`] when the current config is known.
pub fn validate_update(update: &UpdateAuthConfig) -> Vec<Finding> {
    let mut out = Out::default();
    check_update_common(&mut out, update);
    check_mutable(
        &mut out,
        &MutablePart::of_update(update),
        &PoolFacts::default(),
    );
    out.finish()
}

/// The findings for an update of `current`: the rules of [`validate_update`], plus the rules that
/// need the fixed part of the pool, plus warnings about what the change does.
pub fn validate_update_against(current: &AuthConfig, update: &UpdateAuthConfig) -> Vec<Finding> {
    let mut out = Out::default();
    check_update_common(&mut out, update);
    let up = &current.user_pool;
    let facts = PoolFacts {
        sign_in_method: Some(&up.sign_in_method),
        required: Some(&up.required_sign_up_attributes),
        creating: false,
    };
    check_mutable(&mut out, &MutablePart::of_update(update), &facts);

    // The Amplify CLI warns that switching to user-pool-only deletes the identity pool.
    if let (Some(ip), AuthResources::UserPoolOnly) =
        (&current.identity_pool, &update.auth_resources)
    {
        out.warn(
            "AuthResources",
            format!(
                "USER_POOL_ONLY deletes the identity pool {}, and with it the AWS credentials your app's users get from it.",
                quote(&ip.identity_pool_name)
            ),
            "Keep IDENTITY_POOL_AND_USER_POOL unless nothing uses the identity pool.",
        );
    }
    // Cognito makes MFA required only when a pool is created (Cognito guide,
    // user-pool-settings-mfa: "Required" is available only at creation; the Amplify CLI disables
    // ON on edit), so the job would fail. Turning it off is allowed but surprises users.
    if let Some(next) = &update.user_pool.mfa {
        let before = up.mfa.as_ref().map(|m| &m.mode).unwrap_or(&MfaMode::Off);
        match (before, &next.mode) {
            (MfaMode::Off | MfaMode::Optional, MfaMode::On) => out.error(
                "UserPoolConfigs.Mfa.MFAMode",
                "MFA can be made ON (required for every user) only when the user pool is created; an update cannot turn it on.",
                "Use OPTIONAL to let users opt in, or delete and recreate the resource (R on its config screen; that deletes every user of its user pool) with MFA ON.",
            ),
            (MfaMode::On | MfaMode::Optional, MfaMode::Off) => out.warn(
                "UserPoolConfigs.Mfa.MFAMode",
                "Turning MFA OFF removes the second factor from every user who set one up; the Amplify CLI does not allow it on update.",
                "Keep OPTIONAL if some users rely on MFA.",
            ),
            _ => {}
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------------
// Collecting findings
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Out(Vec<Finding>);

impl Out {
    fn error(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.0.push(error(path, message, fix));
    }

    fn warn(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.0.push(Finding {
            path: path.into(),
            severity: Severity::Warning,
            message: message.into(),
            fix: fix.into(),
        });
    }

    /// Errors first, then by path with list indexes in numeric order (`[2]` before `[10]`).
    fn finish(mut self) -> Vec<Finding> {
        self.0
            .sort_by_cached_key(|f| (f.severity, path_sort_key(&f.path)));
        self.0
    }
}

fn error(path: impl Into<String>, message: impl Into<String>, fix: impl Into<String>) -> Finding {
    Finding {
        path: path.into(),
        severity: Severity::Error,
        message: message.into(),
        fix: fix.into(),
    }
}

fn path_sort_key(path: &str) -> String {
    let mut key = String::with_capacity(path.len() + 8);
    let mut digits = String::new();
    for c in path.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            key.push_str(&format!("{digits:0>6}"));
            digits.clear();
        }
        key.push(c);
    }
    key.push_str(&digits);
    key
}

/// Enums that keep unknown values; validation flags those.
trait KnownEnum {
    fn known(&self) -> bool;
    fn text(&self) -> &str;
    fn accepted() -> String;
}

macro_rules! known_enum {
    ($($t:ty),+) => {$(
        impl KnownEnum for $t {
            fn known(&self) -> bool { self.is_known() }
            fn text(&self) -> &str { self.as_str() }
            fn accepted() -> String { <$t>::expected() }
        }
    )+};
}
known_enum!(
    AuthResources,
    Service,
    SignInMethod,
    MfaMode,
    MfaType,
    DeliveryMethod,
    OAuthGrantType,
    OAuthScope,
    PasswordConstraint,
    SignUpAttribute
);

/// An `Unknown(_)` value is an error: the service only accepts the model's values.
fn check_known<T: KnownEnum>(out: &mut Out, path: impl Into<String>, v: &T) -> bool {
    if !v.known() {
        out.error(
            path,
            format!("{} is not an accepted value.", quote(v.text())),
            format!("Use one of: {}.", T::accepted()),
        );
    }
    v.known()
}

/// A list of enum values: unknown values are errors, repeats warnings (Cognito ignores them).
fn check_enum_list<T: KnownEnum + PartialEq>(out: &mut Out, path: &str, items: &[T]) {
    // Linear in the list (a set of the values seen, not a scan of the ones before each).
    let mut seen = std::collections::HashSet::new();
    for (i, v) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if check_known(out, &p, v) && !seen.insert(v.text()) {
            out.warn(
                p,
                format!("{} is listed twice.", v.text()),
                "Remove the repeated value.",
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The sections shared by create and update
// ---------------------------------------------------------------------------------------------

/// The members of the user pool that both Create and Update carry.
struct MutablePart<'a> {
    forgot_password: Option<&'a MessageConfig>,
    mfa: Option<&'a MfaConfig>,
    oauth: Option<&'a OAuthConfig>,
    password_policy: Option<&'a PasswordPolicy>,
    verification_message: Option<&'a MessageConfig>,
}

impl<'a> MutablePart<'a> {
    fn notes(&self) -> Vec<&'static str> {
        let email_text =
            has_email_text(self.verification_message) || has_email_text(self.forgot_password);
        email_text
            .then_some(CUSTOM_EMAIL_TEXT_NOTE)
            .into_iter()
            .collect()
    }

    fn of_config(up: &'a UserPoolConfig) -> Self {
        MutablePart {
            forgot_password: up.forgot_password.as_ref(),
            mfa: up.mfa.as_ref(),
            oauth: up.oauth.as_ref(),
            password_policy: up.password_policy.as_ref(),
            verification_message: up.verification_message.as_ref(),
        }
    }

    fn of_update(update: &'a UpdateAuthConfig) -> Self {
        let up = &update.user_pool;
        MutablePart {
            forgot_password: up.forgot_password.as_ref(),
            mfa: up.mfa.as_ref(),
            oauth: up.oauth.as_ref().and_then(|o| o.config()),
            password_policy: up.password_policy.as_ref(),
            verification_message: up.verification_message.as_ref(),
        }
    }
}

/// The fixed part of the pool that some rules depend on; unknown for a bare update request.
#[derive(Default)]
struct PoolFacts<'a> {
    sign_in_method: Option<&'a SignInMethod>,
    required: Option<&'a [SignUpAttribute]>,
    /// A whole config being created (an update keeps what it does not send).
    creating: bool,
}

impl PoolFacts<'_> {
    /// Whether every user has a phone number: `None` when the facts are unknown.
    fn phone_guaranteed(&self) -> Option<bool> {
        let (method, required) = (self.sign_in_method?, self.required?);
        Some(
            *method == SignInMethod::PhoneNumber
                || required.contains(&SignUpAttribute::PhoneNumber),
        )
    }
}

fn check_update_common(out: &mut Out, update: &UpdateAuthConfig) {
    check_known(out, "Service", &update.service);
    // On update an omitted identity pool keeps the stored one, so only a contradiction counts.
    check_auth_resources(
        out,
        &update.auth_resources,
        update.identity_pool.is_some(),
        false,
    );
}

fn check_mutable(out: &mut Out, part: &MutablePart<'_>, facts: &PoolFacts<'_>) {
    if let Some(p) = part.password_policy {
        check_password_policy(out, p);
    }
    if let Some(m) = part.verification_message {
        check_message(out, "UserPoolConfigs.VerificationMessage", m);
        // As for SMS-only MFA: a code sent by SMS needs every user to have a phone number.
        if m.delivery_method == DeliveryMethod::Sms && facts.phone_guaranteed() == Some(false) {
            out.warn(
                "UserPoolConfigs.VerificationMessage.DeliveryMethod",
                "Verification codes go by SMS, but users are not required to have a phone number, so some could never confirm their account.",
                "Require PHONE_NUMBER at sign-up (fixed after creation), or deliver the codes by EMAIL.",
            );
        }
    }
    if let Some(m) = part.forgot_password {
        check_message(out, "UserPoolConfigs.ForgotPassword", m);
    }
    if let Some(m) = part.mfa {
        check_mfa(out, m, facts);
    }
    if let Some(o) = part.oauth {
        check_oauth(out, o, facts);
    }
    check_sms_sandbox(out, part);
}

/// AuthResources and the presence of IdentityPoolConfigs must agree. On create an identity pool
/// needs its config (Amplify model: IdentityPoolConfigs requires IdentityPoolName).
fn check_auth_resources(out: &mut Out, v: &AuthResources, has_identity_pool: bool, create: bool) {
    if !check_known(out, "AuthResources", v) {
        return;
    }
    match (v, has_identity_pool) {
        (AuthResources::IdentityPoolAndUserPool, false) if create => out.error(
            "IdentityPoolConfigs",
            "AuthResources is IDENTITY_POOL_AND_USER_POOL but IdentityPoolConfigs is missing.",
            "Add IdentityPoolConfigs with IdentityPoolName and UnauthenticatedLogin, or set AuthResources to USER_POOL_ONLY.",
        ),
        (AuthResources::UserPoolOnly, true) => out.error(
            "IdentityPoolConfigs",
            "IdentityPoolConfigs is given but AuthResources is USER_POOL_ONLY.",
            "Remove IdentityPoolConfigs, or set AuthResources to IDENTITY_POOL_AND_USER_POOL.",
        ),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// A value quoted for a message, escaped and shortened so a 20000-character email stays readable.
fn quote(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX - 1).collect();
        format!("{:?}", format!("{head}…"))
    }
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\n' | '\r' => "a line break".into(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c => format!("U+{:04X}", c as u32),
    }
}

fn keep(s: &str, allowed: impl Fn(char) -> bool) -> String {
    s.chars().filter(|c| allowed(*c)).collect()
}
