//! Facts derived from the AWS service models by `scripts/derive-model-facts.py`.
//!
//! The JSON files beside this module hold routes, member names, wire names, required members, enums
//! and bounds for AmplifyBackend, the three Amplify operations the client and the sandbox use, and the Cognito user pool and
//! identity pool calls an auth resource is built from (for the sandbox's rules). They are compiled in and
//! parsed once, so nothing reads the service models at run time. On top of them:
//! - [`Facts::match_route`]: which operation a method and path belong to (URI templates);
//! - [`Facts::validate`]: a generic request validator driven by the input shape;
//! - [`Facts::to_cli_shape`] / [`Facts::to_wire`]: key renaming between the wire names and the
//!   member names (the AWS CLI shape used by `crate::domain`).

mod rename;
mod route;
mod validate;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

pub use rename::UnknownMember;
pub use route::{RouteMatch, percent_decode};
pub use validate::{InputError, Violation};

/// One service's facts.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    pub service: String,
    pub signing_name: String,
    pub api_version: String,
    pub protocol: String,
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<String, Shape>,
}

/// An operation's HTTP binding and its shapes.
#[derive(Debug, Deserialize)]
pub struct Operation {
    pub method: String,
    pub uri: String,
    pub code: u16,
    pub input: Option<String>,
    pub output: Option<String>,
    #[serde(default)]
    pub errors: Vec<String>,
}

/// A shape, compacted: only what routing, validation and renaming need.
#[derive(Debug, Deserialize)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: BTreeMap<String, Member>,
    #[serde(default)]
    pub required: Vec<String>,
    /// The element shape of a list.
    pub member: Option<String>,
    /// Key and value shapes of a map.
    pub key: Option<String>,
    pub value: Option<String>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    pub error: Option<ErrorBinding>,
    #[serde(default)]
    pub exception: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBinding {
    pub http_status_code: Option<u16>,
}

/// A structure member: its shape, its key on the wire, and where it travels when not in the body.
#[derive(Debug, Deserialize)]
pub struct Member {
    pub shape: String,
    pub wire: String,
    /// `uri`, `querystring` or `header`; `None` means the JSON body.
    pub location: Option<String>,
}

impl Member {
    /// Whether the member travels in the JSON body.
    pub fn in_body(&self) -> bool {
        self.location.is_none()
    }
}

static AMPLIFYBACKEND: LazyLock<Facts> = LazyLock::new(|| {
    serde_json::from_str(include_str!("amplifybackend.json"))
        .expect("src/model/amplifybackend.json is valid facts")
});

static AMPLIFY: LazyLock<Facts> = LazyLock::new(|| {
    serde_json::from_str(include_str!("amplify.json"))
        .expect("src/model/amplify.json is valid facts")
});

static COGNITO_IDP: LazyLock<Facts> = LazyLock::new(|| {
    serde_json::from_str(include_str!("cognito_idp.json"))
        .expect("src/model/cognito_idp.json is valid facts")
});

static COGNITO_IDENTITY: LazyLock<Facts> = LazyLock::new(|| {
    serde_json::from_str(include_str!("cognito_identity.json"))
        .expect("src/model/cognito_identity.json is valid facts")
});

/// Cognito user pools (`cognito-idp`): the calls that create an auth resource's pool, domain,
/// clients and identity providers. Only the sandbox's rules read these.
pub fn cognito_idp() -> &'static Facts {
    &COGNITO_IDP
}

/// Cognito identity pools (`cognito-identity`): CreateIdentityPool and DescribeIdentityPool.
pub fn cognito_identity() -> &'static Facts {
    &COGNITO_IDENTITY
}

/// AmplifyBackend (`amplifybackend`): the auth, job and backend operations.
pub fn amplifybackend() -> &'static Facts {
    &AMPLIFYBACKEND
}

/// Amplify (`amplify`): ListApps and ListBackendEnvironments only.
pub fn amplify() -> &'static Facts {
    &AMPLIFY
}

impl Facts {
    /// The shape called `name`; panics on a name that is not in the facts, because every caller
    /// passes a name taken from the facts or a constant checked by the tests.
    pub fn shape(&self, name: &str) -> &Shape {
        self.shapes
            .get(name)
            .unwrap_or_else(|| panic!("shape {name} is not in the {} facts", self.service))
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(name)
    }

    /// Whether `shape` is a structure with a member called `member` (CLI-shape name).
    pub fn has_member(&self, shape: &str, member: &str) -> bool {
        self.shapes
            .get(shape)
            .is_some_and(|s| s.members.contains_key(member))
    }
}

/// [`Facts::to_cli_shape`] on the AmplifyBackend facts.
pub fn to_cli_shape(shape: &str, wire: &serde_json::Value) -> serde_json::Value {
    amplifybackend().to_cli_shape(shape, wire)
}

/// [`Facts::to_wire`] on the AmplifyBackend facts.
pub fn to_wire(shape: &str, cli: &serde_json::Value) -> Result<serde_json::Value, UnknownMember> {
    amplifybackend().to_wire(shape, cli)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_load_and_are_self_consistent() {
        for facts in [amplifybackend(), amplify()] {
            assert_eq!(facts.protocol, "rest-json");
            for (name, op) in &facts.operations {
                assert!(op.uri.starts_with('/'), "{name}");
                for s in op.input.iter().chain(op.output.iter()).chain(&op.errors) {
                    assert!(facts.shapes.contains_key(s), "{name} refers to missing {s}");
                }
            }
            for (name, shape) in &facts.shapes {
                for (m, member) in &shape.members {
                    assert!(
                        facts.shapes.contains_key(&member.shape),
                        "{name}.{m} -> {}",
                        member.shape
                    );
                }
                for r in &shape.required {
                    assert!(shape.members.contains_key(r), "{name} requires unknown {r}");
                }
            }
        }
        assert_eq!(amplifybackend().signing_name, "amplifybackend");
        assert_eq!(amplify().signing_name, "amplify");
        for facts in [cognito_idp(), cognito_identity()] {
            assert_eq!(facts.protocol, "json");
            for (name, shape) in &facts.shapes {
                for (m, member) in &shape.members {
                    assert!(facts.shapes.contains_key(&member.shape), "{name}.{m}");
                }
            }
        }
        assert_eq!(cognito_idp().shape("DomainType").max, Some(63.0));
        assert_eq!(
            cognito_identity().shape("IdentityPoolName").max,
            Some(128.0)
        );
    }
}
