//! OAuth: the hosted UI domain prefix, scopes and redirect URIs.

use std::collections::HashSet;

use super::super::config::OAuthConfig;
use super::super::enums::*;
use super::providers::check_social_providers;
use super::{Out, PoolFacts, check_enum_list, check_known, describe, quote};

pub(super) fn check_oauth(out: &mut Out, o: &OAuthConfig, facts: &PoolFacts<'_>) {
    let base = "UserPoolConfigs.OAuth";
    let providers = o.social_providers.as_ref().filter(|p| !p.is_empty());
    match &o.domain_prefix {
        Some(prefix) => check_domain_prefix(out, prefix),
        None if providers.is_some() => out.error(
            format!("{base}.DomainPrefix"),
            "Social providers need the hosted UI domain, but DomainPrefix is missing.",
            "Add a domain prefix such as \"myapp-auth\" (lower-case letters, digits, hyphens).",
        ),
        // On create the service's CLI cannot build the auth stack without the hosted UI domain
        // (auth-cognito-stack-builder.ts makes it only `if (props.hostedUIDomainName)` and the
        // OAuth resource refers to it; evidence §8.3, an inference). On update a missing one
        // keeps the stored domain (the adaptor's `assignDefaults` skips undefined).
        None if facts.creating => out.error(
            format!("{base}.DomainPrefix"),
            "OAuth needs a hosted UI domain, but DomainPrefix is missing; the service's deployment would fail building the auth stack.",
            "Add a domain prefix such as \"myapp-auth\" (lower-case letters, digits, hyphens).",
        ),
        None => {}
    }
    check_known(out, format!("{base}.OAuthGrantType"), &o.grant_type);
    check_scopes(out, &o.scopes);
    check_redirect_uris(
        out,
        &format!("{base}.RedirectSignInURIs"),
        "sign-in",
        &o.redirect_sign_in_uris,
    );
    check_redirect_uris(
        out,
        &format!("{base}.RedirectSignOutURIs"),
        "sign-out",
        &o.redirect_sign_out_uris,
    );
    if let Some(p) = providers {
        check_social_providers(out, p, facts);
    }
}

/// Cognito model DomainType: 1-63, `^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`; the guide forbids
/// `aws`, `amazon` and `cognito` anywhere in it. Not the CLI's pattern (it allows a leading hyphen
/// and refuses 63 characters).
fn check_domain_prefix(out: &mut Out, prefix: &str) {
    let path = "UserPoolConfigs.OAuth.DomainPrefix";
    let n = prefix.chars().count();
    let suggestion = {
        let s: String = prefix
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        // A suggestion must pass every rule here, the reserved words included.
        let s = ["aws", "amazon", "cognito"]
            .iter()
            .fold(s, |s, w| s.replace(w, "-"));
        let s = s
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let s: String = s.chars().take(63).collect();
        match s.trim_end_matches('-') {
            "" => "myapp-auth".to_string(),
            s => s.to_string(),
        }
    };
    if !(1..=63).contains(&n) {
        out.error(
            path,
            format!(
                "The domain prefix {} has {n} characters; Cognito allows 1 to 63.",
                quote(prefix)
            ),
            "Use a short prefix such as \"myapp-auth\".",
        );
    }
    if let Some(c) = prefix
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        out.error(
            path,
            format!(
                "The domain prefix {} contains {}; only lower-case letters, digits and hyphens are allowed.",
                quote(prefix),
                describe(c)
            ),
            format!("Use {}.", quote(&suggestion)),
        );
    }
    if prefix.starts_with('-') || prefix.ends_with('-') {
        out.error(
            path,
            format!(
                "The domain prefix {} starts or ends with a hyphen.",
                quote(prefix)
            ),
            format!("Use {}.", quote(prefix.trim_matches('-'))),
        );
    }
    let lower = prefix.to_lowercase();
    if let Some(word) = ["aws", "amazon", "cognito"]
        .into_iter()
        .find(|w| lower.contains(w))
    {
        out.error(
            path,
            format!(
                "The domain prefix {} contains \"{word}\", which Cognito reserves.",
                quote(prefix)
            ),
            "Choose a prefix without \"aws\", \"amazon\" or \"cognito\".",
        );
    }
}

/// At least one scope; `phone`, `email` and `profile` only with `openid` (Cognito guide,
/// app-idp-settings: they need openid and there is no ID token without it).
fn check_scopes(out: &mut Out, scopes: &[OAuthScope]) {
    let path = "UserPoolConfigs.OAuth.OAuthScopes";
    if scopes.is_empty() {
        out.error(
            path,
            "No OAuth scope is chosen.",
            "Choose at least OPENID (and EMAIL, PROFILE or PHONE for those claims).",
        );
        return;
    }
    check_enum_list(out, path, scopes);
    let needs_openid: Vec<&str> = scopes
        .iter()
        .filter(|s| {
            matches!(
                s,
                OAuthScope::Phone | OAuthScope::Email | OAuthScope::Profile
            )
        })
        .map(|s| s.as_str())
        .collect();
    if !needs_openid.is_empty() && !scopes.contains(&OAuthScope::OpenId) {
        out.error(
            path,
            format!(
                "{} can only be requested together with OPENID.",
                needs_openid.join(", ")
            ),
            "Add OPENID to the scopes.",
        );
    }
}

/// Cognito model CallbackURLs/LogoutURLs: 1 to 100 URLs of 1-1024 characters, absolute, no
/// fragment, HTTPS except http on localhost, 127.0.0.1 and [::1]; app schemes allowed. Unlike the
/// Amplify CLI, no trailing slash is required (amplify-cli #3553, #6488). URLs are not
/// normalised: the app must send the exact registered string.
fn check_redirect_uris(out: &mut Out, path: &str, what: &str, uris: &[String]) {
    if uris.is_empty() {
        out.error(
            path,
            format!("There is no {what} redirect URI."),
            "Add at least one, e.g. \"https://app.example.com/\" or \"myapp://callback\".",
        );
    }
    if uris.len() > 100 {
        out.error(
            path,
            format!(
                "There are {} {what} redirect URIs; Cognito allows at most 100.",
                uris.len()
            ),
            "Remove the URIs you do not use.",
        );
    }
    let mut seen = HashSet::new();
    for (i, uri) in uris.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if let Some((message, fix)) = redirect_uri_problem(uri) {
            out.error(p, message, fix);
        } else if !seen.insert(uri.as_str()) {
            out.error(
                p,
                format!("{} is listed twice.", quote(uri)),
                "Remove the repeated URI.",
            );
        }
    }
}

/// The first thing wrong with one redirect URI, as (message, fix).
fn redirect_uri_problem(uri: &str) -> Option<(String, String)> {
    let q = quote(uri);
    let n = uri.chars().count();
    if n == 0 {
        return Some((
            "The redirect URI is empty.".into(),
            "Enter a URI or remove the entry.".into(),
        ));
    }
    if n > 1024 {
        return Some((
            format!("The redirect URI has {n} characters; Cognito allows at most 1024."),
            "Use a shorter URI.".into(),
        ));
    }
    if let Some(c) = uri.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some((
            format!("The redirect URI {q} contains {}.", describe(c)),
            "Remove spaces and line breaks; encode a space in a path as %20.".into(),
        ));
    }
    if uri.contains('#') {
        return Some((
            format!("The redirect URI {q} has a #fragment, which Cognito does not allow."),
            format!(
                "Remove the part from #: {}.",
                quote(uri.split('#').next().unwrap_or(""))
            ),
        ));
    }
    let Some((scheme, rest)) = uri.split_once(':') else {
        return Some(not_absolute(&q));
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() {
        return Some(not_absolute(&q));
    }
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None; // app schemes such as myapp://callback
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Some(not_absolute(&q));
    };
    let authority = after.split(['/', '?']).next().unwrap_or("");
    let hostport = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(end) => (&hostport[..=end], &hostport[end + 1..]),
            None => (hostport, ""),
        }
    } else {
        match hostport.find(':') {
            Some(i) => (&hostport[..i], &hostport[i..]),
            None => (hostport, ""),
        }
    };
    if host.is_empty() {
        return Some((
            format!("The redirect URI {q} has no host."),
            "Write it as scheme://host/path, e.g. \"https://app.example.com/\".".into(),
        ));
    }
    let port_ok = match port.strip_prefix(':') {
        Some(digits) => !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()),
        None => port.is_empty(),
    };
    if !port_ok {
        return Some((
            format!("The redirect URI {q} has an invalid port."),
            "Write the port as digits after the host, e.g. \"http://localhost:3000/\".".into(),
        ));
    }
    if scheme == "http" {
        let local =
            host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "[::1]";
        if !local {
            return Some((
                format!(
                    "The redirect URI {q} uses http; Cognito requires https except for localhost, 127.0.0.1 and [::1]."
                ),
                format!("Use {}.", quote(&format!("https:{rest}"))),
            ));
        }
    }
    None
}

fn not_absolute(q: &str) -> (String, String) {
    (
        format!("The redirect URI {q} is not an absolute URI."),
        "Start it with a scheme, e.g. \"https://app.example.com/callback\" or \"myapp://callback\".".into(),
    )
}
