//! The user pool's own members: names, required attributes and the password policy.

use super::super::config::PasswordPolicy;
use super::super::enums::*;
use super::{Out, check_enum_list, check_known, describe, keep, quote};

/// Evidence for an error: Cognito refuses it (cognito-identity model IdentityPoolName: 1-128,
/// `[\w\s+=,.@-]+`, applied to the whole name; a name with `-` was refused against the older
/// `[\w ]+`, awslabs/serverless-automated-ui-testing#2). Within that pattern, a character outside
/// `[A-Za-z0-9_]` (what the Amplify CLI's prompt allows and generates) is only a warning: no
/// evidence says the service refuses it.
pub(super) fn check_identity_pool_name(out: &mut Out, name: &str) {
    let path = "IdentityPoolConfigs.IdentityPoolName";
    let cognito_ok = |c: char| {
        c.is_ascii_alphanumeric() || c == '_' || c.is_ascii_whitespace() || "+=,.@-".contains(c)
    };
    let safe = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let suggestion = || {
        quote(
            &name
                .chars()
                .map(|c| if safe(c) { c } else { '_' })
                .collect::<String>(),
        )
    };
    if name.is_empty() || name.chars().count() > 128 {
        out.error(
            path,
            format!(
                "The identity pool name {} must have 1 to 128 characters.",
                quote(name)
            ),
            "Use letters, digits and underscores, e.g. \"myapp_identitypool\".",
        );
    } else if let Some(c) = name.chars().find(|c| !cognito_ok(*c)) {
        out.error(
            path,
            format!(
                "The identity pool name {} contains {}, which Cognito refuses (it allows letters, digits, spaces and _ + = , . @ -).",
                quote(name),
                describe(c)
            ),
            format!("Use {}.", suggestion()),
        );
    } else if let Some(c) = name.chars().find(|c| !safe(*c)) {
        out.warn(
            path,
            format!(
                "The identity pool name {} contains {}: Cognito accepts it, but the Amplify CLI, which the service runs, only ever makes names of letters, digits and _.",
                quote(name),
                describe(c)
            ),
            format!("Use {} if you want to stay on the CLI's path.", suggestion()),
        );
    }
}

/// Cognito model UserPoolNameType: 1-128, `[\w\s+=,.@-]+`. The model's patterns are Java regexes,
/// where `\w` and `\s` are ASCII only, so "naïve" is refused.
pub(super) fn check_user_pool_name(out: &mut Out, name: &str) {
    let path = "UserPoolConfigs.UserPoolName";
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '_' | ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
            || "+=,.@-".contains(c)
    };
    if name.is_empty() || name.chars().count() > 128 {
        out.error(
            path,
            format!(
                "The user pool name {} must have 1 to 128 characters.",
                quote(name)
            ),
            "Use a name such as \"myapp_userpool\".",
        );
    } else if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        out.error(
            path,
            format!(
                "The user pool name {} contains {}; Cognito allows letters, digits, _, spaces and + = , . @ -.",
                quote(name),
                describe(c)
            ),
            format!("Use {}.", quote(&keep(name, allowed))),
        );
    }
}

/// Required attributes: known values, no repeats (Cognito refuses a schema naming an attribute
/// twice), and a way to reset passwords when users sign in with a username (Cognito guide:
/// username sign-in needs an email or phone number to deliver reset codes).
pub(super) fn check_required_attributes(
    out: &mut Out,
    attrs: &[SignUpAttribute],
    method: &SignInMethod,
) {
    let path = "UserPoolConfigs.RequiredSignUpAttributes";
    let mut seen = std::collections::HashSet::new();
    for (i, a) in attrs.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if check_known(out, &p, a) && !seen.insert(a.as_str()) {
            out.error(
                p.clone(),
                format!("{} is listed twice.", a.as_str()),
                "Remove the repeated attribute.",
            );
        }
        // Evidence for a warning, not an error: the CLI's headless adaptor lower-cases the enum,
        // making `zone_info` where Cognito's attribute is `zoneinfo` (auth-request-adaptors.ts
        // against string-maps.js); that it fails on the service is an inference.
        if *a == SignUpAttribute::ZoneInfo {
            out.warn(
                p,
                "ZONE_INFO may fail on the service: the Amplify CLI it runs turns it into `zone_info`, while Cognito's attribute is `zoneinfo`.",
                "Leave ZONE_INFO out of the required attributes and collect it in your app if you need it.",
            );
        }
    }
    if *method == SignInMethod::Username
        && !attrs.contains(&SignUpAttribute::Email)
        && !attrs.contains(&SignUpAttribute::PhoneNumber)
    {
        out.warn(
            path,
            "Users sign in with a username but neither EMAIL nor PHONE_NUMBER is required, so users may have nowhere to receive a password-reset code.",
            "Require EMAIL or PHONE_NUMBER (it cannot be changed after creation).",
        );
    }
}

/// Cognito model PasswordPolicyMinLengthType: an integer 6-99. The AmplifyBackend member is a
/// double, so fractions and NaN must be refused here (amplify-studio #53: 5 got through).
pub(super) fn check_password_policy(out: &mut Out, p: &PasswordPolicy) {
    let n = p.minimum_length;
    let path = "UserPoolConfigs.PasswordPolicy.MinimumLength";
    let fix = "Use a whole number from 6 to 99, e.g. 8.";
    if !n.is_finite() {
        out.error(path, "The minimum password length is not a number.", fix);
    } else if n.fract() != 0.0 {
        out.error(
            path,
            format!("The minimum password length {n} is not a whole number."),
            fix,
        );
    } else if !(6.0..=99.0).contains(&n) {
        out.error(
            path,
            format!("The minimum password length {n} is outside Cognito's range of 6 to 99."),
            fix,
        );
    }
    if let Some(c) = &p.additional_constraints {
        check_enum_list(
            out,
            "UserPoolConfigs.PasswordPolicy.AdditionalConstraints",
            c,
        );
    }
}
