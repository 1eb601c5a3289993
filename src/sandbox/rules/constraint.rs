//! One value against one Cognito model shape: length, pattern, enum and numeric bounds, with the
//! message the Cognito API gives for a broken constraint ("1 validation error detected: Value 'x' at
//! 'domain' failed to satisfy constraint: Member must …"), prefixed with the exception name.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use crate::model::Facts;

/// The models' patterns are not anchored, but the service applies them to the whole value (an
/// identity pool name with `-` was refused against `[\w ]+`: awslabs/serverless-automated-ui-
/// testing#2, in the evidence notes §6). Compiled once per pattern.
fn full_match(pattern: &str, value: &str) -> bool {
    static CACHE: LazyLock<Mutex<HashMap<String, Option<Regex>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let re = cache.entry(pattern.to_string()).or_insert_with(|| {
        let body = ascii_classes(pattern.trim_start_matches('^').trim_end_matches('$'));
        Regex::new(&format!("^(?:{body})$")).ok()
    });
    // A pattern the engine cannot compile checks nothing rather than refusing everything.
    re.as_ref().is_none_or(|r| r.is_match(value))
}

/// The service's regex engine is Java's, where `\w` and `\s` are ASCII-only; Rust's are Unicode.
/// Rewrites them to the ASCII POSIX classes (`\p{L}` and friends stay Unicode, as in Java).
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::new();
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next();
                let class = match next {
                    Some('w') => Some("[:word:]"),
                    Some('s') => Some("[:space:]"),
                    _ => None,
                };
                match (class, in_class) {
                    (Some(k), true) => out.push_str(k),
                    (Some(k), false) => out.push_str(&format!("[{k}]")),
                    (None, _) => {
                        out.push('\\');
                        out.extend(next);
                    }
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn failed(value: &str, at: &str, constraint: String) -> String {
    format!(
        "InvalidParameterException: 1 validation error detected: Value '{value}' at '{at}' failed to satisfy constraint: {constraint}"
    )
}

/// The first constraint of string shape `shape` that `value` breaks, as Cognito words it.
pub fn string(facts: &Facts, shape: &str, value: &str, at: &str) -> Option<String> {
    let s = facts.shape(shape);
    let n = value.chars().count() as f64;
    if let Some(min) = s.min.filter(|m| n < *m) {
        return Some(failed(
            value,
            at,
            format!("Member must have length greater than or equal to {min}"),
        ));
    }
    if let Some(max) = s.max.filter(|m| n > *m) {
        return Some(failed(
            value,
            at,
            format!("Member must have length less than or equal to {max}"),
        ));
    }
    if let Some(p) = s.pattern.as_deref().filter(|p| !full_match(p, value)) {
        return Some(failed(
            value,
            at,
            format!("Member must satisfy regular expression pattern: {p}"),
        ));
    }
    if let Some(e) = s
        .enum_values
        .as_ref()
        .filter(|e| !e.iter().any(|x| x == value))
    {
        return Some(failed(
            value,
            at,
            format!("Member must satisfy enum value set: [{}]", e.join(", ")),
        ));
    }
    None
}

/// The first bound of integer shape `shape` that `value` breaks (a fraction is not an integer).
pub fn integer(facts: &Facts, shape: &str, value: f64, at: &str) -> Option<String> {
    let s = facts.shape(shape);
    let shown = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    };
    if value.fract() != 0.0 {
        return Some(failed(&shown, at, "Member must be an integer".into()));
    }
    if let Some(min) = s.min.filter(|m| value < *m) {
        return Some(failed(
            &shown,
            at,
            format!("Member must have value greater than or equal to {min}"),
        ));
    }
    if let Some(max) = s.max.filter(|m| value > *m) {
        return Some(failed(
            &shown,
            at,
            format!("Member must have value less than or equal to {max}"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{cognito_identity, cognito_idp};

    #[test]
    fn patterns_apply_to_the_whole_value_with_unicode_classes() {
        let f = cognito_idp();
        assert!(string(f, "DomainType", "my-app-dev", "domain").is_none());
        let e = string(f, "DomainType", "My-App-dev", "domain").unwrap();
        assert!(e.starts_with("InvalidParameterException: 1 validation error detected: Value 'My-App-dev' at 'domain'"), "{e}");
        assert!(
            string(f, "DomainType", &"a".repeat(64), "domain")
                .unwrap()
                .contains("less than or equal to 63")
        );
        assert!(string(f, "UserPoolNameType", "pool name-dev", "poolName").is_none());
        assert!(string(f, "UserPoolNameType", "pool!", "poolName").is_some());
        assert!(string(f, "RedirectUrlType", "https://é.example/cb", "callbackURLs").is_none());
        assert!(
            string(
                f,
                "RedirectUrlType",
                "https://a.example/ cb",
                "callbackURLs"
            )
            .is_some()
        );
        assert!(string(f, "SmsVerificationMessageType", "Code {####}", "m").is_none());
        assert!(string(f, "SmsVerificationMessageType", "Code 1234", "m").is_some());
        let idn = cognito_identity();
        assert!(string(idn, "IdentityPoolName", "my-pool__dev", "identityPoolName").is_none());
        assert!(string(idn, "IdentityPoolName", "my/pool", "identityPoolName").is_some());
    }

    #[test]
    fn word_and_space_classes_are_ascii_as_in_java() {
        assert_eq!(
            ascii_classes(r"[\w\s+=,.@-]+"),
            "[[:word:][:space:]+=,.@-]+"
        );
        assert_eq!(ascii_classes(r"\w+_[0-9]"), "[[:word:]]+_[0-9]");
        let f = cognito_idp();
        assert!(string(f, "UserPoolNameType", "poolé", "poolName").is_some());
    }

    #[test]
    fn integer_bounds() {
        let f = cognito_idp();
        assert!(integer(f, "PasswordPolicyMinLengthType", 8.0, "p").is_none());
        assert!(integer(f, "PasswordPolicyMinLengthType", 5.0, "p").is_some());
        assert!(integer(f, "PasswordPolicyMinLengthType", 100.0, "p").is_some());
        assert!(integer(f, "PasswordPolicyMinLengthType", 8.5, "p").is_some());
    }
}
