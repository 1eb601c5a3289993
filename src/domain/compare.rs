//! Two auth configs side by side, member by member: for `diff`, `promote` and the compare screen.
//!
//! Unlike [`super::diff`] (before → after of one resource), this compares two resources that
//! exist independently, so it must not mistake what the service did not say for a difference:
//! GetBackendAuth may leave client secrets out, and never returns the Apple private key
//! (evidence §1). A secret left out on either side is "not returned by the service": shown as
//! such and counted as unknown, never as a difference. Secret values are always masked.

use std::collections::BTreeMap;

use serde_json::Value;

use super::AuthConfig;
use super::diff::{SECRET_MEMBERS, render};
use super::secret::Secret;

/// What one side holds at a path.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// The member is not set on this side.
    Absent,
    /// A plain value (a list of scalars is one value).
    Value(Value),
    /// A secret the service returned, masked for display; the value itself is never kept.
    Secret { masked: String },
    /// A secret member of a provider that is configured, but the service did not return it.
    NotReturned,
}

/// Shown instead of a secret the service left out.
pub const NOT_RETURNED: &str = "(not returned by the service)";

impl Cell {
    /// The cell as a person reads it: values rendered, secrets masked, absence as `(none)`.
    pub fn display(&self) -> String {
        match self {
            Cell::Absent => "(none)".to_string(),
            Cell::Value(v) => render(v),
            Cell::Secret { masked } => masked.clone(),
            Cell::NotReturned => NOT_RETURNED.to_string(),
        }
    }

    /// The cell in JSON output: the value itself, `null` when absent, secrets masked.
    pub fn to_json(&self) -> Value {
        match self {
            Cell::Absent => Value::Null,
            Cell::Value(v) => v.clone(),
            Cell::Secret { masked } => Value::String(masked.clone()),
            Cell::NotReturned => Value::String(NOT_RETURNED.to_string()),
        }
    }
}

/// How the two sides of a row relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStatus {
    Same,
    Differs,
    /// A secret the service returned for at most one side: it cannot be compared.
    Unknown,
}

/// One member, both sides.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The path in the CLI shape below `ResourceConfig`, e.g. `UserPoolConfigs.OAuth.OAuthScopes`.
    pub path: String,
    pub left: Cell,
    pub right: Cell,
    pub status: RowStatus,
}

/// Every member of two configs, in path order.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub rows: Vec<Row>,
}

impl Comparison {
    /// Whether no member differs (unknown secrets do not count).
    pub fn is_same(&self) -> bool {
        !self.rows.iter().any(|r| r.status == RowStatus::Differs)
    }

    /// The members that differ.
    pub fn differences(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.status == RowStatus::Differs)
    }

    /// The secrets that could not be compared.
    pub fn unknown(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.status == RowStatus::Unknown)
    }

    /// Whether anything at or below `prefix` (a path such as `UserPoolConfigs.OAuth`) differs.
    pub fn differs_under(&self, prefix: &str) -> bool {
        self.differences().any(|r| {
            r.path == prefix
                || (r.path.starts_with(prefix) && r.path[prefix.len()..].starts_with('.'))
        })
    }
}

fn is_secret(path: &str) -> bool {
    path.rsplit('.')
        .next()
        .is_some_and(|last| SECRET_MEMBERS.contains(&last))
}

/// Leaves of a JSON document by path. Lists are leaves: every list in an auth config (scopes,
/// redirect URIs, attributes, MFA types, password constraints) is a set to Cognito, so they are
/// sorted here and a different order is not a difference.
fn leaves(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&p, v, out);
            }
        }
        Value::Array(items) => {
            let mut items = items.clone();
            items.sort_by_key(|i| i.to_string());
            out.insert(prefix.to_string(), Value::Array(items));
        }
        Value::Null => {}
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// Whether the object holding the member at `path` exists in `doc` (for a secret: whether the
/// provider is configured on that side).
fn parent_exists(doc: &Value, path: &str) -> bool {
    let Some((parent, _)) = path.rsplit_once('.') else {
        return true;
    };
    parent
        .split('.')
        .try_fold(doc, |v, k| v.get(k))
        .is_some_and(Value::is_object)
}

fn cell(doc: &Value, leaves: &BTreeMap<String, Value>, path: &str) -> Cell {
    match leaves.get(path) {
        None if is_secret(path) && parent_exists(doc, path) => Cell::NotReturned,
        None => Cell::Absent,
        Some(Value::String(s)) if is_secret(path) && s.trim().is_empty() => Cell::NotReturned,
        Some(v) if is_secret(path) => Cell::Secret {
            masked: Secret::new(v.as_str().unwrap_or_default()).masked(),
        },
        Some(v) => Cell::Value(v.clone()),
    }
}

/// Compares two configs member by member (every member, same or not; see [`Comparison`]).
pub fn compare(left: &AuthConfig, right: &AuthConfig) -> Comparison {
    let doc = |c: &AuthConfig| serde_json::to_value(c).unwrap_or(Value::Null);
    let (ld, rd) = (doc(left), doc(right));
    let (mut lm, mut rm) = (BTreeMap::new(), BTreeMap::new());
    leaves("", &ld, &mut lm);
    leaves("", &rd, &mut rm);
    let mut paths: Vec<&String> = lm.keys().chain(rm.keys()).collect();
    paths.sort();
    paths.dedup();
    let mut rows = Vec::new();
    // A provider configured on both sides has a secret row even when neither side returned it,
    // so the side-by-side view can say so.
    let mut secret_paths: Vec<String> = Vec::new();
    for doc in [&ld, &rd] {
        for (provider, member) in SECRET_SLOTS {
            let p = format!("UserPoolConfigs.OAuth.SocialProviderSettings.{provider}.{member}");
            if parent_exists(doc, &p) && !paths.iter().any(|q| **q == p) {
                secret_paths.push(p);
            }
        }
    }
    let mut all: Vec<String> = paths.into_iter().cloned().chain(secret_paths).collect();
    all.sort();
    all.dedup();
    for path in all {
        let (l, r) = (cell(&ld, &lm, &path), cell(&rd, &rm, &path));
        let status = match (&l, &r) {
            (Cell::NotReturned, Cell::Absent) | (Cell::Absent, Cell::NotReturned) => {
                RowStatus::Differs
            }
            (Cell::NotReturned, _) | (_, Cell::NotReturned) => RowStatus::Unknown,
            (Cell::Secret { .. }, Cell::Secret { .. }) => {
                if lm.get(&path) == rm.get(&path) {
                    RowStatus::Same
                } else {
                    RowStatus::Differs
                }
            }
            _ if l == r => RowStatus::Same,
            _ => RowStatus::Differs,
        };
        rows.push(Row {
            path,
            left: l,
            right: r,
            status,
        });
    }
    Comparison { rows }
}

/// The secret members of the social providers, by provider (CLI shape names).
pub const SECRET_SLOTS: &[(&str, &str)] = &[
    ("Facebook", "ClientSecret"),
    ("Google", "ClientSecret"),
    ("LoginWithAmazon", "ClientSecret"),
    ("SignInWithApple", "PrivateKey"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;

    fn row<'a>(c: &'a Comparison, path: &str) -> &'a Row {
        c.rows
            .iter()
            .find(|r| r.path == path)
            .unwrap_or_else(|| panic!("no row {path}: {c:#?}"))
    }

    const GOOGLE_SECRET: &str = "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret";
    const APPLE_KEY: &str =
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey";

    #[test]
    fn equal_configs_are_the_same_and_list_every_member() {
        let a = maximal_config("MIGHAgEAkey-value-long-enough");
        let c = compare(&a, &a.clone());
        assert!(c.is_same());
        assert_eq!(c.differences().count(), 0);
        assert!(c.rows.len() > 20, "{}", c.rows.len());
        assert_eq!(row(&c, GOOGLE_SECRET).status, RowStatus::Same);
    }

    #[test]
    fn a_changed_member_is_named_with_both_values() {
        let a = maximal_config("k");
        let mut b = a.clone();
        b.user_pool.password_policy.as_mut().unwrap().minimum_length = 17.0;
        let c = compare(&a, &b);
        assert!(!c.is_same());
        let d: Vec<&Row> = c.differences().collect();
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].path, "UserPoolConfigs.PasswordPolicy.MinimumLength");
        assert_eq!(d[0].right.display(), "17");
        assert_ne!(d[0].left.display(), "17");
        assert!(c.differs_under("UserPoolConfigs.PasswordPolicy"));
        assert!(!c.differs_under("UserPoolConfigs.OAuth"));
        assert!(!c.differs_under("UserPoolConfigs.Password"));
    }

    #[test]
    fn secrets_not_returned_are_unknown_never_a_difference() {
        let a = maximal_config("MIGHAgEAkey-value-long-enough");
        let b = a.without_secrets();
        let c = compare(&a, &b);
        assert!(c.is_same(), "{:#?}", c.differences().collect::<Vec<_>>());
        let r = row(&c, APPLE_KEY);
        assert_eq!(r.status, RowStatus::Unknown);
        assert_eq!(r.right, Cell::NotReturned);
        assert_eq!(r.right.display(), NOT_RETURNED);
        // Neither side returned it: still a row, still unknown.
        let c = compare(&b, &b.clone());
        assert_eq!(row(&c, APPLE_KEY).status, RowStatus::Unknown);
        assert_eq!(c.unknown().count(), 4);
    }

    #[test]
    fn secrets_are_masked_and_compared_when_both_are_known() {
        let a = maximal_config("MIGHAgEAkey-value-long-enough");
        let mut b = a.clone();
        let g = b
            .user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut())
            .and_then(|s| s.google.as_mut())
            .unwrap();
        g.client_secret = Some(Secret::new("another-google-secret-value"));
        let c = compare(&a, &b);
        let r = row(&c, GOOGLE_SECRET);
        assert_eq!(r.status, RowStatus::Differs);
        let shown = format!(
            "{} {} {:?}",
            r.left.display(),
            r.right.display(),
            r.right.to_json()
        );
        assert!(!shown.contains("another-google-secret"), "{shown}");
        assert!(!shown.contains("google-secret-value"), "{shown}");
    }

    #[test]
    fn a_provider_on_one_side_only_differs() {
        let a = maximal_config("k").without_secrets();
        let mut b = a.clone();
        b.user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut())
            .unwrap()
            .google = None;
        let c = compare(&a, &b);
        assert_eq!(row(&c, GOOGLE_SECRET).status, RowStatus::Differs);
        assert_eq!(
            row(
                &c,
                "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientId"
            )
            .right,
            Cell::Absent
        );
    }

    #[test]
    fn list_order_is_not_a_difference() {
        let a = maximal_config("k");
        let mut b = a.clone();
        b.user_pool.oauth.as_mut().unwrap().scopes.reverse();
        b.user_pool.required_sign_up_attributes.reverse();
        assert!(compare(&a, &b).is_same());
    }
}
