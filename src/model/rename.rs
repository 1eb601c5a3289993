//! Key renaming between the wire names (`userPoolConfigs`, `client_id`, `MFAMode`) and the member
//! names of the CLI shape (`UserPoolConfigs`, `ClientId`, `MFAMode`), directed by the shapes, so the
//! `crate::domain` types serve the wire protocol too.

use serde_json::{Map, Value};

use super::Facts;

/// A CLI-shape key that is not a member of its shape: a bug in the caller, never user input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMember {
    pub shape: String,
    pub member: String,
}

impl std::fmt::Display for UnknownMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} has no member {}", self.shape, self.member)
    }
}

impl std::error::Error for UnknownMember {}

impl Facts {
    /// Wire JSON to the CLI shape. Body members only: keys the shape does not know, and keys of
    /// members that travel in the URI, query or headers, are dropped, as the services ignore them.
    /// `null` counts as absent.
    pub fn to_cli_shape(&self, shape_name: &str, wire: &Value) -> Value {
        let shape = self.shape(shape_name);
        match (shape.kind.as_str(), wire) {
            ("structure", Value::Object(obj)) => {
                let mut out = Map::new();
                for (name, member) in &shape.members {
                    if !member.in_body() {
                        continue;
                    }
                    if let Some(v) = obj.get(&member.wire).filter(|v| !v.is_null()) {
                        out.insert(name.clone(), self.to_cli_shape(&member.shape, v));
                    }
                }
                Value::Object(out)
            }
            ("list", Value::Array(items)) => {
                let elem = shape
                    .member
                    .as_deref()
                    .expect("list shapes name their member");
                Value::Array(items.iter().map(|i| self.to_cli_shape(elem, i)).collect())
            }
            ("map", Value::Object(obj)) => {
                let vs = shape.value.as_deref().expect("map shapes name their value");
                Value::Object(
                    obj.iter()
                        .map(|(k, v)| (k.clone(), self.to_cli_shape(vs, v)))
                        .collect(),
                )
            }
            _ => wire.clone(),
        }
    }

    /// CLI-shape JSON to the wire. Strict: a key that is not a member of its shape is an error, so
    /// the sandbox can only ever write members the model has. `null` members are left out.
    pub fn to_wire(&self, shape_name: &str, cli: &Value) -> Result<Value, UnknownMember> {
        let shape = self.shape(shape_name);
        Ok(match (shape.kind.as_str(), cli) {
            ("structure", Value::Object(obj)) => {
                let mut out = Map::new();
                for (k, v) in obj {
                    let member = shape.members.get(k).ok_or_else(|| UnknownMember {
                        shape: shape_name.to_string(),
                        member: k.clone(),
                    })?;
                    if !v.is_null() {
                        out.insert(member.wire.clone(), self.to_wire(&member.shape, v)?);
                    }
                }
                Value::Object(out)
            }
            ("list", Value::Array(items)) => {
                let elem = shape
                    .member
                    .as_deref()
                    .expect("list shapes name their member");
                Value::Array(
                    items
                        .iter()
                        .map(|i| self.to_wire(elem, i))
                        .collect::<Result<_, _>>()?,
                )
            }
            ("map", Value::Object(obj)) => {
                let vs = shape.value.as_deref().expect("map shapes name their value");
                let mut out = Map::new();
                for (k, v) in obj {
                    out.insert(k.clone(), self.to_wire(vs, v)?);
                }
                Value::Object(out)
            }
            _ => cli.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::domain::samples::{default_config, maximal_config};
    use crate::domain::{AuthConfig, update::update_request};
    use crate::model::{to_cli_shape, to_wire};

    const SHAPE: &str = "CreateBackendAuthResourceConfig";

    fn test_key() -> String {
        // Not a real key: the rename does not care what the value is.
        "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg".to_string()
    }

    #[test]
    fn maximal_config_goes_to_the_wire_and_back_unchanged() {
        let cfg = maximal_config(&test_key());
        let cli = serde_json::to_value(&cfg).unwrap();
        let wire = to_wire(SHAPE, &cli).unwrap();
        let back = to_cli_shape(SHAPE, &wire);
        assert_eq!(back, cli);
        let cfg_back: AuthConfig = serde_json::from_value(back).unwrap();
        assert_eq!(cfg_back, cfg);
        let d = default_config("p");
        let w = to_wire(SHAPE, &serde_json::to_value(&d).unwrap()).unwrap();
        assert_eq!(
            serde_json::from_value::<AuthConfig>(to_cli_shape(SHAPE, &w)).unwrap(),
            d
        );
    }

    #[test]
    fn the_quirky_wire_names_are_used() {
        let cfg = maximal_config(&test_key());
        let wire = to_wire(SHAPE, &serde_json::to_value(&cfg).unwrap()).unwrap();
        let up = &wire["userPoolConfigs"];
        assert_eq!(up["mfa"]["MFAMode"], "OPTIONAL");
        assert!(up["mfa"]["settings"]["mfaTypes"].is_array());
        let sp = &up["oAuth"]["socialProviderSettings"];
        for p in ["Facebook", "Google", "LoginWithAmazon"] {
            assert!(sp[p]["client_id"].is_string(), "{p}");
            assert!(sp[p]["client_secret"].is_string(), "{p}");
        }
        let apple = &sp["SignInWithApple"];
        for k in ["client_id", "team_id", "key_id", "private_key"] {
            assert!(apple[k].is_string(), "{k}");
        }
        assert_eq!(apple["private_key"], test_key());
        assert!(up["oAuth"]["redirectSignInURIs"].is_array());
        assert_eq!(wire["identityPoolConfigs"]["unauthenticatedLogin"], true);
        assert!(up["passwordPolicy"]["minimumLength"].is_number());
        // No CLI-shape key survives anywhere on the wire.
        let text = wire.to_string();
        for k in [
            "\"UserPoolConfigs\"",
            "\"ClientId\"",
            "\"KeyId\"",
            "\"Mfa\"",
        ] {
            assert!(!text.contains(k), "{k} in {text}");
        }
    }

    #[test]
    fn update_shape_renames_too() {
        let cfg = maximal_config(&test_key());
        let upd = serde_json::to_value(update_request(&cfg)).unwrap();
        let wire = to_wire("UpdateBackendAuthResourceConfig", &upd).unwrap();
        assert_eq!(wire["userPoolConfigs"]["mfa"]["MFAMode"], "OPTIONAL");
        assert_eq!(to_cli_shape("UpdateBackendAuthResourceConfig", &wire), upd);
    }

    #[test]
    fn to_wire_refuses_members_the_model_lacks() {
        let err = to_wire(
            "BackendAuthAppleProviderConfig",
            &json!({"ClientSecret": "x"}),
        )
        .unwrap_err();
        assert_eq!(err.member, "ClientSecret");
        // And the update shape cannot carry immutable members.
        let err = to_wire(
            "UpdateBackendAuthUserPoolConfig",
            &json!({"UserPoolName": "renamed"}),
        )
        .unwrap_err();
        assert_eq!(err.member, "UserPoolName");
    }
}
