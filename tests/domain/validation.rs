//! Cognito-true validation: one table per rule, with the boundary values on both sides. Each case
//! starts from a fully valid config, changes one thing and checks the errors at one path.

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::finding::*;
use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::update::{UpdateAuthConfig, update_request};
use amplify_auth::domain::validate::*;
use amplify_auth::domain::*;

// ---- helpers ----

/// A valid config that sets everything, with a freshly generated Apple key.
fn full() -> AuthConfig {
    maximal_config(&generate_key().1)
}

fn errors_at<'a>(findings: &'a [Finding], path: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.path == path && f.severity == Severity::Error)
        .collect()
}

fn warnings_at<'a>(findings: &'a [Finding], path: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.path == path && f.severity == Severity::Warning)
        .collect()
}

fn all_errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// Applies `edit` to a valid config and checks whether `path` has an error, and that no other
/// path does (so each case tests the rule it names, not a side effect).
fn check_case(
    name: &str,
    path: &str,
    edit: impl FnOnce(&mut AuthConfig),
    want_error: bool,
) -> Vec<Finding> {
    let mut cfg = full();
    edit(&mut cfg);
    let findings = validate_config(&cfg);
    let here = errors_at(&findings, path);
    assert_eq!(
        !here.is_empty(),
        want_error,
        "{name}: errors at {path}: {here:#?}"
    );
    let elsewhere: Vec<_> = all_errors(&findings)
        .into_iter()
        .filter(|f| f.path != path)
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{name}: unexpected errors {elsewhere:#?}"
    );
    for f in &findings {
        assert!(
            !f.message.is_empty() && !f.fix.is_empty(),
            "{name}: finding without text {f:?}"
        );
    }
    findings
}

fn oauth(cfg: &mut AuthConfig) -> &mut OAuthConfig {
    cfg.user_pool.oauth.as_mut().unwrap()
}

fn providers(cfg: &mut AuthConfig) -> &mut SocialProviders {
    oauth(cfg).social_providers.as_mut().unwrap()
}

fn apple(cfg: &mut AuthConfig) -> &mut AppleProvider {
    providers(cfg).sign_in_with_apple.as_mut().unwrap()
}

fn mfa(cfg: &mut AuthConfig) -> &mut MfaConfig {
    cfg.user_pool.mfa.as_mut().unwrap()
}

fn verification(cfg: &mut AuthConfig) -> &mut MessageConfig {
    cfg.user_pool.verification_message.as_mut().unwrap()
}

const APPLE: &str = "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple";
const SIGN_IN_URIS: &str = "UserPoolConfigs.OAuth.RedirectSignInURIs";
const PREFIX: &str = "UserPoolConfigs.OAuth.DomainPrefix";

// ---- samples ----

#[test]
fn samples_have_no_errors() {
    for cfg in [
        default_config("demo"),
        default_config("my-app 2"),
        default_config("---"),
        full(),
    ] {
        let findings = validate_config(&cfg);
        assert!(!has_errors(&findings), "{findings:#?}");
    }
}

#[test]
fn findings_are_sorted_errors_first_then_by_path() {
    let mut cfg = full();
    cfg.user_pool.user_pool_name.clear();
    oauth(&mut cfg).domain_prefix = Some("-bad".into());
    oauth(&mut cfg).redirect_sign_in_uris = (0..12)
        .map(|i| format!("http://h{i}.example.com"))
        .collect();
    providers(&mut cfg).facebook.as_mut().unwrap().client_id = Some("not-numeric".into());
    let findings = validate_config(&cfg);
    let first_warning = findings
        .iter()
        .position(|f| f.severity == Severity::Warning)
        .unwrap();
    assert!(first_warning > 0);
    assert!(
        findings[first_warning..]
            .iter()
            .all(|f| f.severity == Severity::Warning)
    );
    // Within each severity, paths ascend with list indexes compared as numbers ([2] before [10]).
    let natural = |p: &str| -> (String, usize) {
        match p.rsplit_once('[') {
            Some((head, idx)) => (head.to_string(), idx.trim_end_matches(']').parse().unwrap()),
            None => (p.to_string(), 0),
        }
    };
    for part in [&findings[..first_warning], &findings[first_warning..]] {
        let keys: Vec<(String, usize)> = part.iter().map(|f| natural(&f.path)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
    let paths: Vec<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    let i2 = paths.iter().position(|p| p.ends_with("URIs[2]")).unwrap();
    let i10 = paths.iter().position(|p| p.ends_with("URIs[10]")).unwrap();
    assert!(i2 < i10, "{paths:?}");
}

// ---- names ----

#[test]
fn user_pool_name_rule() {
    let path = "UserPoolConfigs.UserPoolName";
    let cases: &[(&str, String, bool)] = &[
        ("empty", String::new(), true),
        ("one char", "a".into(), false),
        ("128 chars", "a".repeat(128), false),
        ("129 chars", "a".repeat(129), true),
        ("allowed punctuation", "My pool_1+=,.@-x".into(), false),
        ("slash", "my/pool".into(), true),
        ("non-ASCII letter (Java \\w is ASCII)", "naïve".into(), true),
        ("emoji", "pool🙂".into(), true),
    ];
    for (name, value, bad) in cases {
        let v = value.clone();
        check_case(name, path, |c| c.user_pool.user_pool_name = v, *bad);
    }
}

#[test]
fn identity_pool_name_rule() {
    let path = "IdentityPoolConfigs.IdentityPoolName";
    let cases: &[(&str, String, bool)] = &[
        ("empty", String::new(), true),
        ("letters digits underscore", "my_app_123".into(), false),
        ("128 chars", "b".repeat(128), false),
        ("129 chars", "b".repeat(129), true),
        // Cognito's pattern allows these; the client only warns (no evidence they fail).
        ("hyphen", "my-app".into(), false),
        ("space", "my app".into(), false),
        ("slash", "my/app".into(), true),
    ];
    for (name, value, bad) in cases {
        let v = value.clone();
        check_case(
            name,
            path,
            |c| c.identity_pool.as_mut().unwrap().identity_pool_name = v,
            *bad,
        );
    }
    let mut cfg = amplify_auth::domain::samples::default_config("w");
    cfg.identity_pool.as_mut().unwrap().identity_pool_name = "my-app".into();
    let f = amplify_auth::domain::validate::validate_config(&cfg);
    assert!(
        f.iter().any(|f| f.path == path
            && f.severity == amplify_auth::domain::finding::Severity::Warning
            && f.message.contains("Amplify CLI")),
        "{f:?}"
    );
}

#[test]
fn identity_pool_presence_matches_auth_resources() {
    check_case(
        "both, config missing",
        "IdentityPoolConfigs",
        |c| c.identity_pool = None,
        true,
    );
    check_case(
        "user pool only, config given",
        "IdentityPoolConfigs",
        |c| c.auth_resources = AuthResources::UserPoolOnly,
        true,
    );
    check_case(
        "user pool only, no config",
        "IdentityPoolConfigs",
        |c| {
            c.auth_resources = AuthResources::UserPoolOnly;
            c.identity_pool = None;
        },
        false,
    );
}

#[test]
fn resource_env_and_app_names() {
    for (v, bad) in [
        ("myauth123", false),
        ("", true),
        (&*"a".repeat(128), false),
        (&*"a".repeat(129), true),
        ("my-auth", true),
        ("my_auth", true),
    ] {
        let f = validate_resource_name(v);
        assert_eq!(f.is_some(), bad, "{v:?}");
        if let Some(f) = f {
            assert_eq!(f.path, "ResourceName");
            assert_eq!(f.severity, Severity::Error);
        }
    }
    for (v, bad) in [
        ("dev", false),
        ("ab", false),
        ("abcdefghij", false),
        ("a", true),
        ("abcdefghijk", true),
        ("Dev", true),
        ("dev1", true),
        ("", true),
    ] {
        assert_eq!(validate_env_name(v).is_some(), bad, "{v:?}");
    }
    for (v, bad) in [
        ("d1a2b3c4d5e6f7", false),
        ("abc", true),
        ("d", true),
        ("D123", true),
    ] {
        assert_eq!(validate_app_id(v).is_some(), bad, "{v:?}");
    }
}

// ---- password ----

#[test]
fn password_minimum_length_rule() {
    let path = "UserPoolConfigs.PasswordPolicy.MinimumLength";
    for (n, bad) in [
        (5.0, true),
        (6.0, false),
        (8.0, false),
        (99.0, false),
        (100.0, true),
        (0.0, true),
        (-8.0, true),
        (8.5, true),
        (6.000001, true),
        (f64::NAN, true),
        (f64::INFINITY, true),
    ] {
        check_case(
            &format!("{n}"),
            path,
            |c| c.user_pool.password_policy.as_mut().unwrap().minimum_length = n,
            bad,
        );
    }
}

// ---- domain prefix ----

#[test]
fn domain_prefix_rule() {
    let cases: &[(&str, String, bool)] = &[
        ("one char", "a".into(), false),
        ("63 chars", "a".repeat(63), false),
        ("64 chars", "a".repeat(64), true),
        ("empty", String::new(), true),
        ("leading hyphen", "-myapp".into(), true),
        ("trailing hyphen", "myapp-".into(), true),
        ("inner hyphens", "my-app-1".into(), false),
        ("starts with a digit", "1myapp".into(), false),
        ("upper case", "MyApp".into(), true),
        ("underscore", "my_app".into(), true),
        ("aws inside", "myawsapp".into(), true),
        ("amazon inside", "shop-amazon-x".into(), true),
        ("cognito inside", "mycognito".into(), true),
        ("a-w-s split is fine", "a-w-s".into(), false),
    ];
    for (name, value, bad) in cases {
        let v = value.clone();
        check_case(name, PREFIX, |c| oauth(c).domain_prefix = Some(v), *bad);
    }
}

#[test]
fn domain_prefix_errors_quote_the_value_and_suggest_a_fix() {
    let f = check_case(
        "upper",
        PREFIX,
        |c| oauth(c).domain_prefix = Some("My_App".into()),
        true,
    );
    let e = errors_at(&f, PREFIX);
    assert!(e.iter().any(|e| e.message.contains("\"My_App\"")), "{e:#?}");
    assert!(e.iter().any(|e| e.fix.contains("\"my-app\"")), "{e:#?}");
}

// ---- redirect URIs ----

#[test]
fn redirect_uri_rule() {
    let cases: &[(&str, &str, bool)] = &[
        (
            "https without trailing slash",
            "https://app.example.com",
            false,
        ),
        (
            "https with trailing slash",
            "https://app.example.com/",
            false,
        ),
        (
            "https with path and query",
            "https://app.example.com/cb?x=1",
            false,
        ),
        ("localhost", "http://localhost", false),
        (
            "localhost with port, no slash",
            "http://localhost:3000",
            false,
        ),
        ("127.0.0.1 with port", "http://127.0.0.1:8080/cb", false),
        ("IPv6 loopback", "http://[::1]:3000/", false),
        (
            "upper-case scheme and host",
            "HTTP://LOCALHOST:3000/",
            false,
        ),
        ("app scheme", "myapp://callback", false),
        ("app scheme with hyphen", "my-app://callback", false),
        ("reverse-domain scheme", "com.example.app://cb", false),
        ("bare app scheme", "myapp://", false),
        ("http on a real host", "http://app.example.com/", true),
        (
            "http on a localhost look-alike",
            "http://localhost.evil.com/",
            true,
        ),
        ("http on 127.0.0.2", "http://127.0.0.2/", true),
        ("fragment", "https://app.example.com/#done", true),
        ("relative", "/callback", true),
        ("no scheme", "app.example.com/callback", true),
        ("https without host", "https:///callback", true),
        ("space", "https://app.example.com/a b", true),
        ("port not a number", "http://localhost:abc/", true),
        ("empty", "", true),
    ];
    for (name, uri, bad) in cases {
        let u = uri.to_string();
        check_case(
            name,
            &format!("{SIGN_IN_URIS}[1]"),
            |c| oauth(c).redirect_sign_in_uris[1] = u,
            *bad,
        );
    }
}

#[test]
fn redirect_uri_length_limits() {
    let base = "https://app.example.com/";
    let exact = format!("{base}{}", "a".repeat(1024 - base.len()));
    assert_eq!(exact.len(), 1024);
    let over = format!("{exact}a");
    for (name, uri, bad) in [("1024 chars", exact, false), ("1025 chars", over, true)] {
        check_case(
            name,
            &format!("{SIGN_IN_URIS}[0]"),
            |c| oauth(c).redirect_sign_in_uris[0] = uri,
            bad,
        );
    }
}

#[test]
fn redirect_uri_list_rules() {
    let many = |n: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("https://app.example.com/cb{i}"))
            .collect()
    };
    check_case(
        "100 URIs",
        SIGN_IN_URIS,
        |c| oauth(c).redirect_sign_in_uris = many(100),
        false,
    );
    check_case(
        "101 URIs",
        SIGN_IN_URIS,
        |c| oauth(c).redirect_sign_in_uris = many(101),
        true,
    );
    check_case(
        "no URI",
        SIGN_IN_URIS,
        |c| oauth(c).redirect_sign_in_uris.clear(),
        true,
    );
    check_case(
        "no sign-out URI",
        "UserPoolConfigs.OAuth.RedirectSignOutURIs",
        |c| oauth(c).redirect_sign_out_uris.clear(),
        true,
    );
    check_case(
        "bad sign-out URI",
        "UserPoolConfigs.OAuth.RedirectSignOutURIs[0]",
        |c| oauth(c).redirect_sign_out_uris[0] = "http://example.com/".into(),
        true,
    );
    // The repeat is reported at its own index, the first occurrence stays clean.
    let f = check_case(
        "duplicate",
        &format!("{SIGN_IN_URIS}[3]"),
        |c| {
            let first = oauth(c).redirect_sign_in_uris[0].clone();
            oauth(c).redirect_sign_in_uris.push(first);
        },
        true,
    );
    assert!(errors_at(&f, &format!("{SIGN_IN_URIS}[0]")).is_empty());
}

#[test]
fn http_error_suggests_https_and_quotes_the_uri() {
    let path = format!("{SIGN_IN_URIS}[0]");
    let f = check_case(
        "http",
        &path,
        |c| oauth(c).redirect_sign_in_uris[0] = "http://app.example.com/cb".into(),
        true,
    );
    let e = errors_at(&f, &path)[0];
    assert!(e.message.contains("\"http://app.example.com/cb\""), "{e:?}");
    assert!(e.fix.contains("https://app.example.com/cb"), "{e:?}");
}

// ---- OAuth scopes and providers' prerequisites ----

#[test]
fn oauth_scope_rule() {
    use OAuthScope::*;
    let path = "UserPoolConfigs.OAuth.OAuthScopes";
    let cases: Vec<(&str, Vec<OAuthScope>, bool)> = vec![
        ("none", vec![], true),
        ("openid", vec![OpenId], false),
        ("admin only", vec![AwsCognitoSigninUserAdmin], false),
        ("email without openid", vec![Email], true),
        (
            "phone and profile without openid",
            vec![Phone, Profile],
            true,
        ),
        ("email with openid", vec![Email, OpenId], false),
    ];
    for (name, scopes, bad) in cases {
        check_case(name, path, |c| oauth(c).scopes = scopes, bad);
    }
}

#[test]
fn social_providers_need_a_domain_prefix() {
    check_case(
        "providers, no prefix",
        PREFIX,
        |c| oauth(c).domain_prefix = None,
        true,
    );
    // Without providers too: on create the service's CLI cannot build the auth stack without
    // the hosted UI domain (evidence §8.3, an inference), so it is an error, not a warning.
    let f = check_case(
        "no providers, no prefix",
        PREFIX,
        |c| {
            oauth(c).domain_prefix = None;
            oauth(c).social_providers = None;
        },
        true,
    );
    assert!(
        errors_at(&f, PREFIX)[0]
            .message
            .contains("building the auth stack"),
        "{f:?}"
    );
}

// ---- MFA and SMS ----

#[test]
fn mfa_rules() {
    let types = "UserPoolConfigs.Mfa.Settings.MfaTypes";
    let sms = "UserPoolConfigs.Mfa.Settings.SmsMessage";
    check_case(
        "ON without types",
        types,
        |c| {
            mfa(c).mode = MfaMode::On;
            mfa(c).settings.as_mut().unwrap().mfa_types = Some(vec![]);
        },
        true,
    );
    check_case(
        "OPTIONAL without settings",
        types,
        |c| mfa(c).settings = None,
        true,
    );
    check_case(
        "OFF without settings",
        types,
        |c| {
            mfa(c).mode = MfaMode::Off;
            mfa(c).settings = None;
        },
        false,
    );
    // The service's CLI fills the default text (evidence §8.4): a warning, not a block.
    let f = check_case(
        "SMS without message",
        sms,
        |c| {
            mfa(c).settings.as_mut().unwrap().sms_message = None;
        },
        false,
    );
    assert!(
        warnings_at(&f, sms)[0]
            .message
            .contains("Your authentication code is {####}"),
        "{f:?}"
    );
    check_case(
        "TOTP only without message",
        sms,
        |c| {
            let s = mfa(c).settings.as_mut().unwrap();
            s.mfa_types = Some(vec![MfaType::Totp]);
            s.sms_message = None;
        },
        false,
    );
    check_case(
        "SMS message without code",
        sms,
        |c| {
            mfa(c).settings.as_mut().unwrap().sms_message = Some("Your code is here".into());
        },
        true,
    );
}

#[test]
fn mfa_on_with_sms_only_warns_unless_users_have_phones() {
    let types = "UserPoolConfigs.Mfa.Settings.MfaTypes";
    let sms_only_on = |c: &mut AuthConfig| {
        mfa(c).mode = MfaMode::On;
        mfa(c).settings.as_mut().unwrap().mfa_types = Some(vec![MfaType::Sms]);
    };
    let phone_warning = |f: &[Finding]| {
        warnings_at(f, types)
            .iter()
            .any(|w| w.message.contains("not required to have a phone number"))
    };
    let f = check_case(
        "email sign-in",
        types,
        |c| {
            sms_only_on(c);
            c.user_pool.sign_in_method = SignInMethod::Email;
        },
        false,
    );
    assert!(phone_warning(&f), "{f:#?}");
    let f = check_case(
        "phone required",
        types,
        |c| {
            sms_only_on(c);
            c.user_pool.sign_in_method = SignInMethod::Email;
            c.user_pool
                .required_sign_up_attributes
                .push(SignUpAttribute::PhoneNumber);
            // Phone numbers rule out these providers; keep the case about MFA only.
            let p = providers(c);
            p.facebook = None;
            p.login_with_amazon = None;
            p.sign_in_with_apple = None;
        },
        false,
    );
    assert!(!phone_warning(&f), "{f:#?}");
    let f = check_case(
        "phone sign-in",
        types,
        |c| {
            sms_only_on(c);
            c.user_pool.sign_in_method = SignInMethod::PhoneNumber;
        },
        false,
    );
    assert!(!phone_warning(&f), "{f:#?}");
    let f = check_case(
        "SMS and TOTP",
        types,
        |c| {
            mfa(c).mode = MfaMode::On;
            c.user_pool.sign_in_method = SignInMethod::Email;
        },
        false,
    );
    assert!(!phone_warning(&f), "{f:#?}");
}

#[test]
fn sms_sandbox_warning_appears_only_when_sms_is_used() {
    let sandbox = |f: &[Finding]| {
        f.iter()
            .any(|w| w.severity == Severity::Warning && w.message.contains("sandbox"))
    };
    assert!(sandbox(&validate_config(&full())));
    assert!(!sandbox(&validate_config(&default_config("demo"))));
    let mut cfg = default_config("demo");
    let v = cfg.user_pool.verification_message.as_mut().unwrap();
    v.delivery_method = DeliveryMethod::Sms;
    v.sms = Some(SmsSettings {
        message: Some("Code {####}".into()),
        ..Default::default()
    });
    let f = validate_config(&cfg);
    assert!(!has_errors(&f), "{f:#?}");
    assert!(sandbox(&f));
}

#[test]
fn sms_message_rule() {
    let path = "UserPoolConfigs.VerificationMessage.SmsSettings.SmsMessage";
    let cases: &[(&str, String, bool)] = &[
        ("just the code (6 chars)", "{####}".into(), false),
        ("140 chars", format!("{{####}}{}", "a".repeat(134)), false),
        ("141 chars", format!("{{####}}{}", "a".repeat(135)), true),
        ("no code", "Your code is coming".into(), true),
        ("5 chars", "{###}".into(), true),
    ];
    for (name, value, bad) in cases {
        let v = value.clone();
        check_case(
            name,
            path,
            |c| verification(c).sms.as_mut().unwrap().message = Some(v),
            *bad,
        );
    }
}

#[test]
fn email_message_and_subject_rules() {
    let msg = "UserPoolConfigs.VerificationMessage.EmailSettings.EmailMessage";
    let subject = "UserPoolConfigs.VerificationMessage.EmailSettings.EmailSubject";
    let cases: &[(&str, String, bool)] = &[
        ("just the code", "{####}".into(), false),
        (
            "20000 chars",
            format!("{{####}}{}", "a".repeat(19994)),
            false,
        ),
        (
            "20001 chars",
            format!("{{####}}{}", "a".repeat(19995)),
            true,
        ),
        ("no code", "Welcome to our app".into(), true),
        (
            "username placeholder",
            "Hi {username}, code {####}".into(),
            true,
        ),
        ("zero-width space", "Code\u{200B} {####}".into(), true),
        (
            "multi-line with accents",
            "Bonjour,\n\nvotre code : {####}\n".into(),
            false,
        ),
    ];
    for (name, value, bad) in cases {
        let v = value.clone();
        check_case(
            name,
            msg,
            |c| verification(c).email.as_mut().unwrap().message = Some(v),
            *bad,
        );
    }
    // The forgot-password email follows the same rules.
    check_case(
        "forgot password without code",
        "UserPoolConfigs.ForgotPassword.EmailSettings.EmailMessage",
        |c| {
            c.user_pool
                .forgot_password
                .as_mut()
                .unwrap()
                .email
                .as_mut()
                .unwrap()
                .message = Some("Reset it".into())
        },
        true,
    );
    let cases: &[(&str, String, bool)] = &[
        ("empty", String::new(), true),
        ("one char", "x".into(), false),
        ("140 chars", "s".repeat(140), false),
        ("141 chars", "s".repeat(141), true),
    ];
    for (name, value, bad) in cases {
        let v = value.clone();
        check_case(
            name,
            subject,
            |c| verification(c).email.as_mut().unwrap().subject = Some(v),
            *bad,
        );
    }
}

#[test]
fn delivery_method_needs_its_settings() {
    let base = "UserPoolConfigs.VerificationMessage";
    check_case(
        "EMAIL without EmailSettings",
        &format!("{base}.EmailSettings"),
        |c| verification(c).email = None,
        true,
    );
    check_case(
        "SMS without SmsSettings",
        &format!("{base}.SmsSettings"),
        |c| {
            verification(c).delivery_method = DeliveryMethod::Sms;
            verification(c).sms = None;
        },
        true,
    );
    check_case(
        "SMS with SmsSettings",
        &format!("{base}.SmsSettings"),
        |c| {
            verification(c).delivery_method = DeliveryMethod::Sms;
        },
        false,
    );
}

/// The SES caveat holds for every pool the Amplify CLI deploys with Cognito's default email, the
/// defaults included: a note beside the templates, never a finding.
#[test]
fn custom_email_text_is_a_note_not_a_finding() {
    let cfg = default_config("demo");
    let f = validate_config(&cfg);
    assert!(
        f.iter().all(|f| !f.path.ends_with("EmailSettings")),
        "{f:#?}"
    );
    assert_eq!(notes_for_config(&cfg), vec![CUSTOM_EMAIL_TEXT_NOTE]);
    assert!(CUSTOM_EMAIL_TEXT_NOTE.contains("DEVELOPER"));
    let update = update_request(&cfg);
    assert!(
        validate_update(&update)
            .iter()
            .all(|f| !f.path.ends_with("EmailSettings"))
    );
    assert_eq!(notes_for_update(&update), vec![CUSTOM_EMAIL_TEXT_NOTE]);

    // Without email text there is nothing to note.
    let mut cfg = default_config("demo");
    verification(&mut cfg).email = Some(EmailSettings::default());
    cfg.user_pool.forgot_password = None;
    assert!(notes_for_config(&cfg).is_empty());
}

// ---- social providers ----

#[test]
fn provider_client_id_formats() {
    let base = "UserPoolConfigs.OAuth.SocialProviderSettings";
    let cases: &[(&str, &str, &str, bool)] = &[
        (
            "Google",
            "Google",
            "123-abc.apps.googleusercontent.com",
            false,
        ),
        ("Google without suffix", "Google", "123-abc", true),
        (
            "Google suffix only",
            "Google",
            ".apps.googleusercontent.com",
            true,
        ),
        (
            "Amazon",
            "LoginWithAmazon",
            "amzn1.application-oa2-client.abc123",
            false,
        ),
        // Amazon's prefix rests on a model example only: a warning, never a block.
        (
            "Amazon prefix only",
            "LoginWithAmazon",
            "amzn1.application-oa2-client.",
            false,
        ),
        ("Amazon wrong prefix", "LoginWithAmazon", "abc123", false),
        (
            "Google id with spaces",
            "Google",
            " 1.apps.googleusercontent.com",
            true,
        ),
    ];
    for (name, provider, id, bad) in cases {
        let path = format!("{base}.{provider}.ClientId");
        let id = id.to_string();
        check_case(
            name,
            &path,
            |c| {
                let p = providers(c);
                let client = if *provider == "Google" {
                    p.google.as_mut()
                } else {
                    p.login_with_amazon.as_mut()
                };
                client.unwrap().client_id = Some(id);
            },
            *bad,
        );
    }
}

#[test]
fn amazon_id_without_its_usual_prefix_is_only_a_warning() {
    let path = "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon.ClientId";
    let f = check_case(
        "no prefix",
        path,
        |c| providers(c).login_with_amazon.as_mut().unwrap().client_id = Some("abc".into()),
        false,
    );
    assert_eq!(warnings_at(&f, path).len(), 1);
}

#[test]
fn facebook_non_numeric_id_is_only_a_warning() {
    let path = "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook.ClientId";
    let f = check_case(
        "non-numeric",
        path,
        |c| providers(c).facebook.as_mut().unwrap().client_id = Some("myapp".into()),
        false,
    );
    assert_eq!(warnings_at(&f, path).len(), 1);
    let f = check_case("numeric", path, |_| {}, false);
    assert!(warnings_at(&f, path).is_empty());
}

#[test]
fn provider_id_and_secret_are_both_required() {
    let base = "UserPoolConfigs.OAuth.SocialProviderSettings";
    for provider in ["Facebook", "Google", "LoginWithAmazon"] {
        check_case(
            "no id",
            &format!("{base}.{provider}.ClientId"),
            |c| client(c, provider).client_id = None,
            true,
        );
        check_case(
            "blank id",
            &format!("{base}.{provider}.ClientId"),
            |c| client(c, provider).client_id = Some("  ".into()),
            true,
        );
        check_case(
            "no secret",
            &format!("{base}.{provider}.ClientSecret"),
            |c| client(c, provider).client_secret = None,
            true,
        );
        check_case(
            "empty secret",
            &format!("{base}.{provider}.ClientSecret"),
            |c| client(c, provider).client_secret = Some(Secret::new("")),
            true,
        );
    }
}

fn client<'a>(c: &'a mut AuthConfig, provider: &str) -> &'a mut ProviderClient {
    let p = providers(c);
    match provider {
        "Facebook" => p.facebook.as_mut(),
        "Google" => p.google.as_mut(),
        _ => p.login_with_amazon.as_mut(),
    }
    .unwrap()
}

/// The Amplify CLI's attribute table as the reference states it (Apple: email, name, given and
/// family name; Google alone has phone_number; nothing supplies the last six).
#[test]
fn required_attributes_rule_out_providers_that_cannot_supply_them() {
    use SignUpAttribute::*;
    let base = "UserPoolConfigs.OAuth.SocialProviderSettings";
    // (attribute, Facebook, Google, Amazon, Apple)
    let table: &[(SignUpAttribute, [bool; 4])] = &[
        (Email, [true, true, true, true]),
        (Name, [true, true, true, true]),
        (GivenName, [true, true, false, true]),
        (FamilyName, [true, true, false, true]),
        (Birthdate, [true, true, false, false]),
        (Gender, [true, true, false, false]),
        (Picture, [true, true, false, false]),
        (PhoneNumber, [false, true, false, false]),
        (MiddleName, [true, false, false, false]),
        (UpdatedAt, [true, false, false, false]),
        (Locale, [false, false, true, false]),
        (Address, [false; 4]),
        (Nickname, [false; 4]),
        (PreferredUsername, [false; 4]),
        (Profile, [false; 4]),
        (Website, [false; 4]),
        (ZoneInfo, [false; 4]),
    ];
    assert_eq!(table.len(), SignUpAttribute::ALL.len());
    let keys = ["Facebook", "Google", "LoginWithAmazon", "SignInWithApple"];
    for (attr, supplied) in table {
        let mut cfg = full();
        cfg.user_pool.required_sign_up_attributes = vec![attr.clone()];
        let f = validate_config(&cfg);
        for (key, ok) in keys.iter().zip(supplied) {
            let e = errors_at(&f, &format!("{base}.{key}"));
            assert_eq!(e.is_empty(), *ok, "{attr} / {key}: {e:#?}");
            if let Some(e) = e.first() {
                assert!(e.message.contains(&attr.claim_name()), "{e:?}");
            }
        }
        let others: Vec<_> = all_errors(&f)
            .into_iter()
            .filter(|e| !keys.iter().any(|k| e.path == format!("{base}.{k}")))
            .collect();
        assert!(others.is_empty(), "{attr}: {others:#?}");
    }
}

#[test]
fn required_attribute_duplicates_and_unknowns() {
    let path = "UserPoolConfigs.RequiredSignUpAttributes";
    check_case(
        "duplicate",
        &format!("{path}[2]"),
        |c| {
            c.user_pool
                .required_sign_up_attributes
                .push(SignUpAttribute::Email)
        },
        true,
    );
    let f = check_case(
        "unknown",
        &format!("{path}[2]"),
        |c| {
            c.user_pool
                .required_sign_up_attributes
                .push(SignUpAttribute::Unknown("SHOE_SIZE".into()))
        },
        true,
    );
    let e = errors_at(&f, &format!("{path}[2]"))[0];
    assert!(
        e.message.contains("SHOE_SIZE") && e.fix.contains("PREFERRED_USERNAME"),
        "{e:?}"
    );
}

// ---- Sign in with Apple ----

#[test]
fn apple_team_and_key_id_rule() {
    for field in ["TeamId", "KeyId"] {
        let path = format!("{APPLE}.{field}");
        for (value, bad) in [
            (Some("ABCDE12345"), false),
            (Some("0123456789"), false),
            (Some("abcde12345"), true),
            (Some("ABCDE1234"), true),
            (Some("ABCDE123456"), true),
            (Some("ABCDE-1234"), true),
            (Some(""), true),
            (None, true),
        ] {
            let v = value.map(String::from);
            let f = check_case(
                &format!("{field} {value:?}"),
                &path,
                |c| {
                    if field == "TeamId" {
                        apple(c).team_id = v
                    } else {
                        apple(c).key_id = v
                    }
                },
                bad,
            );
            if value == Some("abcde12345") {
                assert!(errors_at(&f, &path)[0].fix.contains("ABCDE12345"));
            }
        }
    }
}

#[test]
fn apple_services_id_rule() {
    let path = format!("{APPLE}.ClientId");
    for (value, bad) in [
        (Some("com.example.app"), false),
        (Some("com.example-co.app.signin"), false),
        (Some("example"), true),
        (Some("com..app"), true),
        (Some("com.example.app "), true),
        (Some("com.example.app/"), true),
        (None, true),
    ] {
        check_case(
            &format!("{value:?}"),
            &path,
            |c| apple(c).client_id = value.map(String::from),
            bad,
        );
    }
}

#[test]
fn apple_private_key_must_parse_and_be_the_bare_body() {
    let path = format!("{APPLE}.PrivateKey");
    let (pem, body) = generate_key();
    let multi_line: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("\n");
    let cases: Vec<(&str, Option<String>, bool)> = vec![
        ("bare body", Some(body.clone()), false),
        ("armoured PEM", Some(pem.clone()), true),
        ("armour on one line", Some(pem.replace('\n', "")), true),
        ("multi-line body", Some(multi_line), true),
        (
            "a path",
            Some("/Users/me/AuthKey_ABCDEFGH12.p8".into()),
            true,
        ),
        (
            "empty armour",
            Some("-----BEGIN PRIVATE KEY----------END PRIVATE KEY-----".into()),
            true,
        ),
        ("missing", None, true),
        ("empty", Some(String::new()), true),
    ];
    for (name, key, bad) in cases {
        let f = check_case(
            name,
            &path,
            |c| apple(c).private_key = key.map(Secret::new),
            bad,
        );
        for finding in &f {
            assert!(
                !finding.message.contains(&body[10..40]) && !finding.fix.contains(&body[10..40]),
                "{name}: key in {finding:?}"
            );
        }
        if name == "armoured PEM" {
            let e = errors_at(&f, &path)[0];
            assert!(
                e.message
                    .contains("Provided private key cannot be used for Sign in with Apple"),
                "{e:?}"
            );
            assert!(e.fix.contains("BEGIN") || e.fix.contains("base64"), "{e:?}");
        }
        if name == "a path" {
            assert!(
                errors_at(&f, &path)[0]
                    .message
                    .to_lowercase()
                    .contains("file path")
            );
        }
    }
}

// ---- unknown enum values ----

#[test]
fn unknown_enum_values_are_errors_listing_the_accepted_values() {
    type Edit = Box<dyn FnOnce(&mut AuthConfig)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "Service",
            Box::new(|c| c.service = Service::Unknown("LDAP".into())),
            "COGNITO",
        ),
        (
            "AuthResources",
            Box::new(|c| c.auth_resources = AuthResources::Unknown("X".into())),
            "USER_POOL_ONLY",
        ),
        (
            "UserPoolConfigs.SignInMethod",
            Box::new(|c| c.user_pool.sign_in_method = SignInMethod::Unknown("FACE".into())),
            "EMAIL_AND_PHONE_NUMBER",
        ),
        (
            "UserPoolConfigs.Mfa.MFAMode",
            Box::new(|c| mfa(c).mode = MfaMode::Unknown("SOMETIMES".into())),
            "OPTIONAL",
        ),
        (
            "UserPoolConfigs.Mfa.Settings.MfaTypes[1]",
            Box::new(|c| {
                mfa(c)
                    .settings
                    .as_mut()
                    .unwrap()
                    .mfa_types
                    .as_mut()
                    .unwrap()[1] = MfaType::Unknown("EMAIL_OTP".into())
            }),
            "TOTP",
        ),
        (
            "UserPoolConfigs.VerificationMessage.DeliveryMethod",
            Box::new(|c| {
                verification(c).delivery_method = DeliveryMethod::Unknown("PIGEON".into())
            }),
            "SMS",
        ),
        (
            "UserPoolConfigs.OAuth.OAuthGrantType",
            Box::new(|c| oauth(c).grant_type = OAuthGrantType::Unknown("PASSWORD".into())),
            "IMPLICIT",
        ),
        (
            "UserPoolConfigs.OAuth.OAuthScopes[4]",
            Box::new(|c| oauth(c).scopes[4] = OAuthScope::Unknown("offline".into())),
            "AWS_COGNITO_SIGNIN_USER_ADMIN",
        ),
        (
            "UserPoolConfigs.PasswordPolicy.AdditionalConstraints[0]",
            Box::new(|c| {
                c.user_pool
                    .password_policy
                    .as_mut()
                    .unwrap()
                    .additional_constraints
                    .as_mut()
                    .unwrap()[0] = PasswordConstraint::Unknown("REQUIRE_EMOJI".into())
            }),
            "REQUIRE_SYMBOL",
        ),
    ];
    for (path, edit, accepted) in cases {
        let f = check_case(path, path, edit, true);
        assert!(
            errors_at(&f, path)[0].fix.contains(accepted),
            "{path}: {f:#?}"
        );
    }
}

// ---- updates ----

fn update_of(cfg: &AuthConfig) -> UpdateAuthConfig {
    update_request(cfg)
}

#[test]
fn a_valid_update_has_no_errors() {
    let cfg = full();
    let u = update_of(&cfg);
    assert!(
        !has_errors(&validate_update(&u)),
        "{:#?}",
        validate_update(&u)
    );
    assert!(!has_errors(&validate_update_against(&cfg, &u)));
}

#[test]
fn update_applies_the_same_section_rules_at_the_same_paths() {
    let cfg = full();
    let mut bad = cfg.clone();
    oauth(&mut bad).domain_prefix = Some("my-aws-app".into());
    oauth(&mut bad).redirect_sign_in_uris[0] = "http://example.com".into();
    bad.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 100.0;
    apple(&mut bad).private_key = Some(Secret::new(generate_key().0));
    let create_errors: Vec<String> = all_errors(&validate_config(&bad))
        .iter()
        .map(|f| f.path.clone())
        .collect();
    let update_errors: Vec<String> = all_errors(&validate_update(&update_of(&bad)))
        .iter()
        .map(|f| f.path.clone())
        .collect();
    assert_eq!(create_errors, update_errors);
    assert_eq!(create_errors.len(), 4, "{create_errors:?}");
}

#[test]
fn update_rules_that_need_the_pool_use_the_current_config() {
    let mut cfg = full();
    cfg.user_pool
        .required_sign_up_attributes
        .push(SignUpAttribute::Address);
    let u = update_of(&cfg);
    // On its own, the update cannot know the required attributes...
    assert!(!has_errors(&validate_update(&u)));
    // ...against the current pool it can: nobody supplies an address.
    let f = validate_update_against(&cfg, &u);
    assert_eq!(all_errors(&f).len(), 4, "{f:#?}");
}

#[test]
fn update_contradictions_and_transition_warnings() {
    let cfg = full();
    let mut u = update_of(&cfg);
    u.auth_resources = AuthResources::UserPoolOnly;
    assert!(!errors_at(&validate_update(&u), "IdentityPoolConfigs").is_empty());
    u.identity_pool = None;
    assert!(!has_errors(&validate_update(&u)));
    assert_eq!(
        warnings_at(&validate_update_against(&cfg, &u), "AuthResources").len(),
        1
    );

    let mut off = cfg.clone();
    mfa(&mut off).mode = MfaMode::Off;
    let mut u = update_of(&cfg);
    u.user_pool.mfa.as_mut().unwrap().mode = MfaMode::On;
    // Cognito makes MFA required only at pool creation: an update turning it ON is refused.
    assert_eq!(
        errors_at(
            &validate_update_against(&off, &u),
            "UserPoolConfigs.Mfa.MFAMode"
        )
        .len(),
        1
    );
    assert_eq!(
        errors_at(
            &validate_update_against(&cfg, &u),
            "UserPoolConfigs.Mfa.MFAMode"
        )
        .len(),
        1,
        "OPTIONAL to ON too"
    );
    let mut u = update_of(&cfg);
    u.user_pool.mfa.as_mut().unwrap().mode = MfaMode::Off;
    assert_eq!(
        warnings_at(
            &validate_update_against(&cfg, &u),
            "UserPoolConfigs.Mfa.MFAMode"
        )
        .len(),
        1
    );
    assert!(
        warnings_at(
            &validate_update_against(&cfg, &update_of(&cfg)),
            "UserPoolConfigs.Mfa.MFAMode"
        )
        .is_empty()
    );
}

// ---- import ----

#[test]
fn import_ids() {
    let pool = "us-east-1_AbCdEf123";
    let web = "1example23456789abcdefghij";
    let native = "2example23456789abcdefghij";
    let ip = "us-east-1:0b5c6a2e-1d4f-4e8a-9c3b-2f7e8d9a0b1c";
    assert!(validate_import(pool, web, native, Some(ip)).is_empty());
    assert!(validate_import("us-gov-west-1_abc", web, native, None).is_empty());
    let cases: &[(&str, &str, &str, Option<&str>, &str)] = &[
        ("useast1_AbC", web, native, None, "UserPoolId"),
        ("us-east-1_", web, native, None, "UserPoolId"),
        ("us-east-1_Ab_C", web, native, None, "UserPoolId"),
        ("us-east-1AbC", web, native, None, "UserPoolId"),
        (pool, "", native, None, "WebClientId"),
        (pool, web, &"a".repeat(129), None, "NativeClientId"),
        (pool, web, "abc-def", None, "NativeClientId"),
        (pool, web, native, Some("us-east-1:xyz"), "IdentityPoolId"),
        (
            pool,
            web,
            native,
            Some("us-east-1:0B5C6A2E-1D4F-4E8A-9C3B-2F7E8D9A0B1C"),
            "IdentityPoolId",
        ),
        (
            pool,
            web,
            native,
            Some("0b5c6a2e-1d4f-4e8a-9c3b-2f7e8d9a0b1c"),
            "IdentityPoolId",
        ),
    ];
    for (p, w, n, i, path) in cases {
        let f = validate_import(p, w, n, *i);
        assert_eq!(f.len(), 1, "{path}: {f:#?}");
        assert_eq!(
            (f[0].path.as_str(), f[0].severity),
            (*path, Severity::Error)
        );
    }
    let f = validate_import(pool, web, web, None);
    assert_eq!(warnings_at(&f, "NativeClientId").len(), 1);
    assert!(!has_errors(&f));
    let f = validate_import(
        pool,
        web,
        native,
        Some("eu-west-1:0b5c6a2e-1d4f-4e8a-9c3b-2f7e8d9a0b1c"),
    );
    assert_eq!(warnings_at(&f, "IdentityPoolId").len(), 1);
}

// ---- secrets never reach findings ----

#[test]
fn findings_never_contain_secrets() {
    let mut cfg = full();
    let secrets = [
        "facebook-secret-value",
        "google-secret-value",
        "amazon-secret-value",
    ];
    // Break everything around the secrets so many findings mention those fields.
    client(&mut cfg, "Facebook").client_id = Some("x".into());
    client(&mut cfg, "Google").client_id = Some("x".into());
    client(&mut cfg, "Facebook").client_secret = Some(Secret::new(" facebook-secret-value "));
    client(&mut cfg, "LoginWithAmazon").client_id = None;
    let (pem, body) = generate_key();
    apple(&mut cfg).private_key = Some(Secret::new(pem));
    let f = validate_config(&cfg);
    assert!(has_errors(&f));
    for finding in &f {
        let text = format!("{} {} {}", finding.path, finding.message, finding.fix);
        for s in secrets {
            assert!(!text.contains(s), "secret in {finding:?}");
        }
        assert!(!text.contains(&body[20..50]), "key in {finding:?}");
    }
}
