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

fn is_secret_path(path: &str) -> bool {
    SECRET_MEMBERS
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
            let parts: Vec<String> = items.iter().map(render).collect();
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
