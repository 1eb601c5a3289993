//! A field-level diff of two configs, for review screens and `update` output.

use serde::Serialize;
use serde_json::Value;

use super::secret::MASK;

/// One changed leaf: its path in the CLI shape (`UserPoolConfigs.PasswordPolicy.MinimumLength`)
/// and the value before and after (`None` when absent on that side). Secret values are masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change {
    pub fn kind(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        }
    }
}

/// Member names whose values are secrets.
pub const SECRET_MEMBERS: &[&str] = &["ClientSecret", "PrivateKey"];

/// Member names whose lists are sets: the service and Cognito give their order no meaning, so
/// another order is no change (a saved file keeps the order the person wrote).
pub const SET_MEMBERS: &[&str] = &[
    "MfaTypes",
    "AdditionalConstraints",
    "RequiredSignUpAttributes",
    "OAuthScopes",
];

/// Puts the lists that are sets ([`SET_MEMBERS`]) in `new` in the order `old` has them at the
/// same place: the elements `old` has first, in its order, then the ones it lacks, in `new`'s.
/// A file written from a config then keeps the order its author wrote (no noise in git).
pub fn keep_list_order(new: &mut Value, old: &Value) {
    let (Value::Object(n), Value::Object(o)) = (new, old) else {
        return;
    };
    for (k, v) in n.iter_mut() {
        let Some(before) = o.get(k) else { continue };
        match (v, before) {
            (Value::Array(items), Value::Array(was)) if SET_MEMBERS.contains(&k.as_str()) => {
                let mut ordered: Vec<Value> =
                    was.iter().filter(|e| items.contains(e)).cloned().collect();
                ordered.dedup();
                ordered.extend(items.iter().filter(|e| !was.contains(e)).cloned());
                if ordered.len() == items.len() {
                    *items = ordered;
                }
            }
            (v @ Value::Object(_), before) => keep_list_order(v, before),
            _ => {}
        }
    }
}

fn is_secret_path(path: &str) -> bool {
    SECRET_MEMBERS
        .iter()
        .any(|m| path.rsplit('.').next() == Some(m))
}

fn is_set_path(path: &str) -> bool {
    SET_MEMBERS
        .iter()
        .any(|m| path.rsplit('.').next() == Some(m))
}

/// Flattens a JSON value into `path → rendered leaf`. Lists of scalars are one leaf (rendered as
/// `[a, b]`) because that is how a person reads a scope or URI list; objects recurse.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, v, out);
            }
        }
        Value::Array(items) => {
            let mut parts: Vec<String> = items.iter().map(render).collect();
            // A set in another order is the same set: compared (and shown) sorted.
            if is_set_path(prefix) {
                parts.sort();
            }
            out.push((prefix.to_string(), format!("[{}]", parts.join(", "))));
        }
        other => out.push((prefix.to_string(), render(other))),
    }
}

pub(crate) fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The changed leaves between two serialisable values, in path order.
pub fn diff<T: Serialize>(before: &T, after: &T) -> Vec<Change> {
    let to_map = |v: &T| {
        let mut out = Vec::new();
        flatten(
            "",
            &serde_json::to_value(v).unwrap_or(Value::Null),
            &mut out,
        );
        out.into_iter()
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (a, b) = (to_map(before), to_map(after));
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|p| {
            let (x, y) = (a.get(p), b.get(p));
            if x == y {
                return None;
            }
            let show = |v: Option<&String>| {
                v.map(|s| {
                    if is_secret_path(p) {
                        MASK.to_string()
                    } else {
                        s.clone()
                    }
                })
            };
            let (mut before, after) = (show(x), show(y));
            if is_secret_path(p) && x.is_some() && y.is_some() {
                before = Some(format!("{MASK} (old)"));
            }
            Some(Change {
                path: p.clone(),
                before,
                after,
            })
        })
        .collect()
}

/// The changes an update makes to `current` (as read from the service), apart from the secrets
/// the service did not return: whether those differ cannot be known, so they are "not compared"
/// (their paths are returned second), never a change. A secret of a provider `current` does not
/// have is a real addition and stays a change.
pub fn update_changes(
    current: &super::AuthConfig,
    after: &super::AuthConfig,
) -> (Vec<Change>, Vec<String>) {
    let cur = serde_json::to_value(current).unwrap_or(Value::Null);
    let has_parent = |path: &str| {
        let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
        let pointer = format!("/{}", parent.replace('.', "/"));
        cur.pointer(&pointer).is_some_and(Value::is_object)
    };
    let (mut changes, mut not_compared) = (Vec::new(), Vec::new());
    for c in diff(current, after) {
        if is_secret_path(&c.path) && c.before.is_none() && has_parent(&c.path) {
            not_compared.push(c.path);
        } else {
            changes.push(c);
        }
    }
    (changes, not_compared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;

    #[test]
    fn a_written_set_keeps_the_old_order_and_new_elements_go_last() {
        let old = serde_json::json!({"A": {"MfaTypes": ["TOTP", "SMS"], "Other": ["b", "a"]}});
        let mut new = serde_json::json!({"A": {"MfaTypes": ["SMS", "TOTP"], "Other": ["a", "b"]}});
        keep_list_order(&mut new, &old);
        assert_eq!(
            new,
            serde_json::json!({"A": {"MfaTypes": ["TOTP", "SMS"], "Other": ["a", "b"]}}),
            "a list that is not a set keeps the new order"
        );
        let old = serde_json::json!({"AdditionalConstraints": ["REQUIRE_SYMBOL", "REQUIRE_DIGIT", "REQUIRE_LOWERCASE"]});
        let mut new = serde_json::json!({"AdditionalConstraints": ["REQUIRE_DIGIT", "REQUIRE_UPPERCASE", "REQUIRE_SYMBOL"]});
        keep_list_order(&mut new, &old);
        assert_eq!(
            new,
            serde_json::json!({"AdditionalConstraints": ["REQUIRE_SYMBOL", "REQUIRE_DIGIT", "REQUIRE_UPPERCASE"]})
        );
    }

    #[test]
    fn a_set_in_another_order_is_no_change() {
        let a = maximal_config("k");
        let mut b = a.clone();
        b.user_pool
            .mfa
            .as_mut()
            .unwrap()
            .settings
            .as_mut()
            .unwrap()
            .mfa_types
            .as_mut()
            .unwrap()
            .reverse();
        b.user_pool.oauth.as_mut().unwrap().scopes.reverse();
        assert!(diff(&a, &b).is_empty(), "{:?}", diff(&a, &b));
        // A list whose order matters still differs.
        b.user_pool
            .oauth
            .as_mut()
            .unwrap()
            .redirect_sign_in_uris
            .push("https://x.example/".into());
        assert_eq!(diff(&a, &b).len(), 1);
    }

    #[test]
    fn a_secret_the_service_did_not_return_is_not_compared_but_a_new_providers_is_a_change() {
        let read = maximal_config("k").without_secrets();
        let file = maximal_config("k");
        let (changes, not_compared) = update_changes(&read, &file);
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(not_compared.len(), 4, "{not_compared:?}");
        assert!(
            not_compared
                .iter()
                .all(|p| p.ends_with("ClientSecret") || p.ends_with("PrivateKey"))
        );

        let mut no_google = read.clone();
        no_google
            .user_pool
            .oauth
            .as_mut()
            .unwrap()
            .social_providers
            .as_mut()
            .unwrap()
            .google = None;
        let (changes, not_compared) = update_changes(&no_google, &file);
        assert!(
            changes
                .iter()
                .any(|c| c.path.ends_with("Google.ClientSecret") && c.kind() == "added"),
            "{changes:?}"
        );
        assert!(changes.iter().any(|c| c.path.ends_with("Google.ClientId")));
        assert!(!not_compared.iter().any(|p| p.contains("Google")));
    }
}
