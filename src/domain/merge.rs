//! Before a whole-state submit: the three-way merge of what the edit started from (`base`), what
//! the service holds now (`theirs`, read again just before sending) and the edit (`mine`).
//!
//! Every update carries the whole mutable state (see [`update`](super::update)), so sending an
//! edit built on an old read would silently put back every member someone else changed meanwhile.
//! Here a member only one side changed takes that side's value; a member both changed to
//! different values is a conflict, named with both values, and nothing may be sent until the
//! person picks one. Members are leaves of the CLI-shaped JSON (a list is one member, compared as
//! a set where order means nothing); an object added or removed whole on one side, and changed
//! on the other, is one conflict at the object's path.
//!
//! Pure: the callers read the resource again (the TUI's job pane, `promote`) and call [`merge3`]
//! just before sending.

use serde_json::{Map, Value};

use super::AuthConfig;
use super::diff::{SECRET_MEMBERS, SET_MEMBERS, render};
use super::secret::MASK;

/// One member both sides changed, to different values.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Its path below `ResourceConfig`, e.g. `UserPoolConfigs.PasswordPolicy.MinimumLength`.
    pub path: String,
    pub base: Option<Value>,
    pub theirs: Option<Value>,
    pub mine: Option<Value>,
}

impl Conflict {
    /// A side's value as a person reads it: `(none)` when absent, secrets masked.
    pub fn show(&self, v: &Option<Value>) -> String {
        match v {
            None => "(none)".into(),
            Some(_) if is_secret(&self.path) => MASK.into(),
            Some(v) => render_value(v),
        }
    }
}

/// Which value a conflict takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Mine,
    Theirs,
}

/// A merge that needs the person: the merged config with the edit's value at every conflict,
/// until [`Merge::resolve`] puts the picked ones in.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    merged: Value,
    pub conflicts: Vec<Conflict>,
    /// The members someone else changed meanwhile that the merge keeps.
    pub theirs_kept: Vec<String>,
}

/// What reading the resource again before sending found.
#[derive(Clone, Debug, PartialEq)]
pub enum Fresh {
    /// Nobody changed it since the edit started: send what was planned.
    Unchanged,
    /// Someone changed other members than the edit did: `merged` has their changes and the edit's.
    Merged {
        merged: Box<AuthConfig>,
        theirs_kept: Vec<String>,
    },
    /// Both changed the same members: nothing may be sent until each conflict is picked.
    Conflicts(Merge),
}

fn is_secret(path: &str) -> bool {
    SECRET_MEMBERS
        .iter()
        .any(|m| path.rsplit('.').next() == Some(*m))
}

fn is_set(path: &str) -> bool {
    SET_MEMBERS
        .iter()
        .any(|m| path.rsplit('.').next() == Some(*m))
}

fn render_value(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", parts.join(", "))
        }
        other => render(other),
    }
}

/// `null` is absence (an `Option` serialised without `skip_serializing_if`).
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Equal as members: lists that are sets compare without their order.
fn same(path: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    match (present(a), present(b)) {
        (Some(Value::Array(x)), Some(Value::Array(y))) if is_set(path) => {
            let key = |v: &Vec<Value>| {
                let mut k: Vec<String> = v.iter().map(|e| e.to_string()).collect();
                k.sort();
                k
            };
            key(x) == key(y)
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .all(|k| same(&join(path, k), x.get(k), y.get(k)))
        }
        (x, y) => x == y,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

struct Walk {
    conflicts: Vec<Conflict>,
    theirs_kept: Vec<String>,
}

impl Walk {
    fn merge(
        &mut self,
        path: &str,
        b: Option<&Value>,
        t: Option<&Value>,
        m: Option<&Value>,
    ) -> Option<Value> {
        let (b, t, m) = (present(b), present(t), present(m));
        if same(path, t, b) {
            return m.cloned();
        }
        if same(path, m, b) {
            // Named by leaf, as the review names changes.
            let leaves = super::diff::diff(&b.cloned(), &t.cloned());
            self.theirs_kept.extend(leaves.into_iter().map(|c| {
                if c.path.is_empty() {
                    path.to_string()
                } else {
                    join(path, &c.path)
                }
            }));
            return t.cloned();
        }
        if same(path, t, m) {
            // Both made the same change: keep the edit's order for a list.
            return m.cloned();
        }
        if let (Some(Value::Object(tm)), Some(Value::Object(mm))) = (t, m) {
            let empty = Map::new();
            let bm = match b {
                Some(Value::Object(x)) => x,
                _ => &empty,
            };
            let mut keys: Vec<&String> = bm.keys().chain(tm.keys()).chain(mm.keys()).collect();
            keys.sort();
            keys.dedup();
            let mut out = Map::new();
            for k in keys {
                if let Some(v) = self.merge(&join(path, k), bm.get(k), tm.get(k), mm.get(k)) {
                    out.insert(k.clone(), v);
                }
            }
            return Some(Value::Object(out));
        }
        self.conflicts.push(Conflict {
            path: path.to_string(),
            base: b.cloned(),
            theirs: t.cloned(),
            mine: m.cloned(),
        });
        m.cloned()
    }
}

fn to_value(c: &AuthConfig) -> Value {
    serde_json::to_value(c).unwrap_or(Value::Null)
}

fn from_value(v: Value) -> Result<AuthConfig, String> {
    serde_json::from_value(v).map_err(|e| format!("the merged config does not hold together: {e}"))
}

/// Merges the edit (`mine`, made from `base`) with what the service holds now (`theirs`).
pub fn merge3(base: &AuthConfig, theirs: &AuthConfig, mine: &AuthConfig) -> Fresh {
    let (b, t, m) = (to_value(base), to_value(theirs), to_value(mine));
    if same("", Some(&t), Some(&b)) {
        return Fresh::Unchanged;
    }
    let mut walk = Walk {
        conflicts: Vec::new(),
        theirs_kept: Vec::new(),
    };
    let merged = walk
        .merge("", Some(&b), Some(&t), Some(&m))
        .unwrap_or(Value::Null);
    let merge = Merge {
        merged,
        conflicts: walk.conflicts,
        theirs_kept: walk.theirs_kept,
    };
    if !merge.conflicts.is_empty() {
        return Fresh::Conflicts(merge);
    }
    match from_value(merge.merged.clone()) {
        Ok(cfg) => Fresh::Merged {
            merged: Box::new(cfg),
            theirs_kept: merge.theirs_kept,
        },
        // A merge whose parts do not fit together (never seen: each side alone is a whole
        // config) is left to the person, member by member, rather than guessed.
        Err(_) => Fresh::Conflicts(Merge {
            conflicts: vec![Conflict {
                path: "UserPoolConfigs".into(),
                base: b.get("UserPoolConfigs").cloned(),
                theirs: t.get("UserPoolConfigs").cloned(),
                mine: m.get("UserPoolConfigs").cloned(),
            }],
            ..merge
        }),
    }
}

fn set_at(root: &mut Value, path: &str, v: Option<Value>) {
    let parts: Vec<&str> = path.split('.').collect();
    let Some((last, parents)) = parts.split_last() else {
        return;
    };
    let mut at = root;
    for p in parents {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        at = map
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    if let Value::Object(map) = at {
        match v {
            Some(v) => {
                map.insert(last.to_string(), v);
            }
            None => {
                map.remove(*last);
            }
        }
    }
}

impl Merge {
    /// The config with each conflict as picked (`picks` in the order of `conflicts`).
    pub fn resolve(&self, picks: &[Pick]) -> Result<AuthConfig, String> {
        if picks.len() != self.conflicts.len() {
            return Err(format!(
                "{} of {} conflicts picked",
                picks.len(),
                self.conflicts.len()
            ));
        }
        let mut v = self.merged.clone();
        for (c, pick) in self.conflicts.iter().zip(picks) {
            let value = match pick {
                Pick::Mine => c.mine.clone(),
                Pick::Theirs => c.theirs.clone(),
            };
            set_at(&mut v, &c.path, value);
        }
        from_value(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OAuthConfig;
    use crate::domain::samples::maximal_config;
    use crate::domain::{MessageConfig, secret::Secret};

    fn read() -> AuthConfig {
        maximal_config("k").without_secrets()
    }

    fn min_length(c: &mut AuthConfig) -> &mut f64 {
        &mut c.user_pool.password_policy.as_mut().unwrap().minimum_length
    }

    fn subject(c: &mut AuthConfig) -> &mut MessageConfig {
        c.user_pool.verification_message.as_mut().unwrap()
    }

    #[test]
    fn nobody_else_changed_it_so_the_edit_goes_as_planned() {
        let base = read();
        let mut mine = base.clone();
        *min_length(&mut mine) = 14.0;
        assert_eq!(merge3(&base, &base.clone(), &mine), Fresh::Unchanged);
    }

    #[test]
    fn a_change_made_meanwhile_to_another_member_is_kept_beside_the_edit() {
        let base = read();
        let mut theirs = base.clone();
        *min_length(&mut theirs) = 14.0;
        let mut mine = base.clone();
        subject(&mut mine).email.as_mut().unwrap().subject = Some("Mine".into());
        let Fresh::Merged {
            merged,
            theirs_kept,
        } = merge3(&base, &theirs, &mine)
        else {
            panic!("expected a clean merge");
        };
        let mut want = mine.clone();
        *min_length(&mut want) = 14.0;
        assert_eq!(*merged, want);
        assert_eq!(
            theirs_kept,
            ["UserPoolConfigs.PasswordPolicy.MinimumLength"]
        );
    }

    #[test]
    fn a_member_both_changed_is_a_conflict_with_both_values_and_the_pick_decides() {
        let base = read();
        let mut theirs = base.clone();
        *min_length(&mut theirs) = 16.0;
        subject(&mut theirs).email.as_mut().unwrap().subject = Some("Theirs".into());
        let mut mine = base.clone();
        *min_length(&mut mine) = 14.0;
        let Fresh::Conflicts(m) = merge3(&base, &theirs, &mine) else {
            panic!("expected a conflict");
        };
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        let c = &m.conflicts[0];
        assert_eq!(c.path, "UserPoolConfigs.PasswordPolicy.MinimumLength");
        assert_eq!(
            (c.show(&c.theirs), c.show(&c.mine)),
            ("16".into(), "14".into())
        );
        let picked = m.resolve(&[Pick::Mine]).unwrap();
        let mut want = theirs.clone();
        *min_length(&mut want) = 14.0;
        assert_eq!(picked, want, "their other change stays whatever is picked");
        assert_eq!(m.resolve(&[Pick::Theirs]).unwrap(), theirs);
        assert!(m.resolve(&[]).is_err(), "every conflict must be picked");
    }

    #[test]
    fn a_set_in_another_order_is_no_change_and_the_same_change_twice_is_no_conflict() {
        let base = read();
        let mut theirs = base.clone();
        theirs
            .user_pool
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
        let mut mine = base.clone();
        *min_length(&mut mine) = 14.0;
        assert_eq!(merge3(&base, &theirs, &mine), Fresh::Unchanged);
        let mut both = base.clone();
        *min_length(&mut both) = 14.0;
        assert!(matches!(merge3(&base, &both, &mine), Fresh::Merged { .. }));
    }

    #[test]
    fn an_object_removed_on_one_side_and_changed_on_the_other_is_one_conflict() {
        let base = read();
        let mut theirs = base.clone();
        theirs.user_pool.oauth = None;
        let mut mine = base.clone();
        let o: &mut OAuthConfig = mine.user_pool.oauth.as_mut().unwrap();
        o.domain_prefix = Some("mine-domain".into());
        let Fresh::Conflicts(m) = merge3(&base, &theirs, &mine) else {
            panic!("expected a conflict");
        };
        assert_eq!(
            m.conflicts
                .iter()
                .map(|c| c.path.as_str())
                .collect::<Vec<_>>(),
            ["UserPoolConfigs.OAuth"]
        );
        assert_eq!(m.resolve(&[Pick::Theirs]).unwrap().user_pool.oauth, None);
        assert_eq!(m.resolve(&[Pick::Mine]).unwrap(), mine);
    }

    #[test]
    fn a_secret_typed_in_the_edit_is_kept_and_a_conflicting_secret_is_shown_masked() {
        let base = maximal_config("k");
        let mut theirs = base.clone();
        let mut mine = base.clone();
        let google = |c: &mut AuthConfig, secret: &str| {
            c.user_pool
                .oauth
                .as_mut()
                .unwrap()
                .social_providers
                .as_mut()
                .unwrap()
                .google
                .as_mut()
                .unwrap()
                .client_secret = Some(Secret::new(secret))
        };
        google(&mut mine, "s3cr3t-value");
        *min_length(&mut theirs) = 15.0;
        let Fresh::Merged { merged, .. } = merge3(&base, &theirs, &mine) else {
            panic!("expected a clean merge");
        };
        assert_eq!(merged.social_providers(), mine.social_providers());
        let mut theirs2 = base.clone();
        google(&mut theirs2, "s3cr3t-value");
        let mut mine2 = base.clone();
        google(&mut mine2, "other-value");
        let Fresh::Conflicts(m) = merge3(&base, &theirs2, &mine2) else {
            panic!("expected a conflict");
        };
        let c = &m.conflicts[0];
        assert!(c.path.ends_with("Google.ClientSecret"), "{}", c.path);
        assert_eq!(c.show(&c.mine), MASK);
        assert_eq!(c.show(&c.theirs), MASK);
    }
}
