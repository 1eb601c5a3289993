//! A generic request validator driven by the input shape: required members (nested too), JSON
//! types, enum values and numeric and length bounds. Unknown members are ignored, as the services
//! do. Patterns are not checked (the AmplifyBackend model has none; no regex engine is pulled in
//! for the two Amplify ones). Messages follow the services' "Value … at '<path>' failed to satisfy
//! constraint" form and name the member by its wire path, e.g.
//! `resourceConfig.userPoolConfigs.mfa.MFAMode`.

use serde_json::{Map, Value};

use super::{Facts, RouteMatch, Shape};
use crate::model::route::percent_decode;

/// One broken constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Wire path of the member: `resourceConfig.userPoolConfigs.oAuth.oAuthScopes[1]`.
    pub path: String,
    pub message: String,
}

/// Why a request's input was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// The body is not JSON, or not a JSON object.
    Malformed(String),
    /// The JSON broke constraints of the input shape.
    Invalid(Vec<Violation>),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Malformed(m) => f.write_str(m),
            InputError::Invalid(v) => {
                let n = v.len();
                let s = if n == 1 { "" } else { "s" };
                let all: Vec<&str> = v.iter().map(|x| x.message.as_str()).collect();
                write!(f, "{n} validation error{s} detected: {}", all.join("; "))
            }
        }
    }
}

impl std::error::Error for InputError {}

fn kind_phrase(kind: &str) -> &'static str {
    match kind {
        "string" => "a string",
        "boolean" => "a boolean",
        "integer" | "long" => "an integer",
        "double" | "float" => "a number",
        "list" => "a list",
        "map" => "a map",
        "structure" => "a structure",
        _ => "a value of the right type",
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Facts {
    /// Checks a wire JSON value against `shape`. `path` is the wire path of `value`. Structure
    /// members that travel outside the body (uri, querystring, header) are not looked for here.
    pub fn validate(&self, shape: &str, value: &Value, path: &str) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(shape, value, path, &mut out);
        out
    }

    fn check(&self, shape_name: &str, v: &Value, path: &str, out: &mut Vec<Violation>) {
        let shape = self.shape(shape_name);
        let type_error = |out: &mut Vec<Violation>| {
            out.push(Violation {
                path: path.to_string(),
                message: format!(
                    "Value at '{path}' failed to satisfy constraint: Member must be {}",
                    kind_phrase(&shape.kind)
                ),
            })
        };
        let bound = |out: &mut Vec<Violation>, what: &str, n: f64| {
            check_bounds(shape, v, path, what, n, out)
        };
        match shape.kind.as_str() {
            "structure" => {
                let Some(obj) = v.as_object() else {
                    return type_error(out);
                };
                self.check_members(shape, obj, path, out);
            }
            "list" => {
                let Some(items) = v.as_array() else {
                    return type_error(out);
                };
                bound(out, "length", items.len() as f64);
                let elem = shape
                    .member
                    .as_deref()
                    .expect("list shapes name their member");
                for (i, item) in items.iter().enumerate() {
                    self.check(elem, item, &format!("{path}[{i}]"), out);
                }
            }
            "map" => {
                let Some(obj) = v.as_object() else {
                    return type_error(out);
                };
                bound(out, "length", obj.len() as f64);
                let value_shape = shape.value.as_deref().expect("map shapes name their value");
                for (k, item) in obj {
                    self.check(value_shape, item, &format!("{path}.{k}"), out);
                }
            }
            "string" => {
                let Some(s) = v.as_str() else {
                    return type_error(out);
                };
                if let Some(values) = &shape.enum_values
                    && !values.iter().any(|e| e == s)
                {
                    out.push(Violation {
                        path: path.to_string(),
                        message: format!(
                            "Value '{s}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                            values.join(", ")
                        ),
                    });
                    return;
                }
                bound(out, "length", s.chars().count() as f64);
            }
            "boolean" if !v.is_boolean() => type_error(out),
            "integer" | "long" => match v.as_i64() {
                Some(n) => bound(out, "value", n as f64),
                None => type_error(out),
            },
            "double" | "float" => match v.as_f64() {
                Some(n) => bound(out, "value", n),
                None => type_error(out),
            },
            // Timestamps and blobs never appear in the inputs we serve; accept what the SDK sends.
            _ => {}
        }
    }

    /// A structure's body members: each one given is checked against its shape, and a
    /// required one missing (or null) is a violation of its own.
    fn check_members(
        &self,
        shape: &Shape,
        obj: &Map<String, Value>,
        path: &str,
        out: &mut Vec<Violation>,
    ) {
        for (name, member) in &shape.members {
            if !member.in_body() {
                continue;
            }
            let child = if path.is_empty() {
                member.wire.clone()
            } else {
                format!("{path}.{}", member.wire)
            };
            match obj.get(&member.wire) {
                None | Some(Value::Null) => {
                    if shape.required.iter().any(|r| r == name) {
                        out.push(Violation {
                            message: format!(
                                "Value null at '{child}' failed to satisfy constraint: Member must not be null"
                            ),
                            path: child,
                        });
                    }
                }
                Some(x) => self.check(&member.shape, x, &child, out),
            }
        }
    }

    /// Parses and validates a whole request: the JSON body against the body members of the input
    /// shape, query parameters against theirs, and path labels. Returns the input in the CLI shape
    /// (member names as keys), labels and query values included, unknown members dropped.
    pub fn parse_input(
        &self,
        route: &RouteMatch<'_>,
        raw_query: Option<&str>,
        body: &[u8],
    ) -> Result<Value, InputError> {
        let Some(input_shape) = route.operation.input.as_deref() else {
            return Ok(Value::Object(Map::new()));
        };
        let shape = self.shape(input_shape);
        // rest-json: when no member travels in the body, the body is not part of the request.
        let has_body_members = shape.members.values().any(|m| m.in_body());
        let body_value: Value = if !has_body_members || body.iter().all(u8::is_ascii_whitespace) {
            Value::Object(Map::new())
        } else {
            serde_json::from_slice(body).map_err(|e| {
                InputError::Malformed(format!("Could not parse request body into json: {e}"))
            })?
        };
        if !body_value.is_object() {
            return Err(InputError::Malformed(
                "Could not parse request body into json: the body must be a JSON object".into(),
            ));
        }
        let mut violations = self.validate(input_shape, &body_value, "");
        let mut cli = match self.to_cli_shape(input_shape, &body_value) {
            Value::Object(m) => m,
            _ => Map::new(),
        };

        let query: Vec<(String, String)> = raw_query
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (
                    percent_decode(&k.replace('+', " ")),
                    percent_decode(&v.replace('+', " ")),
                )
            })
            .collect();

        for (name, member) in &shape.members {
            let raw = match member.location.as_deref() {
                Some("uri") => route.label(&member.wire).map(str::to_string),
                Some("querystring") => query
                    .iter()
                    .find(|(k, _)| *k == member.wire)
                    .map(|(_, v)| v.clone()),
                _ => continue,
            };
            let Some(raw) = raw else {
                if shape.required.iter().any(|r| r == name) {
                    violations.push(Violation {
                        path: member.wire.clone(),
                        message: format!(
                            "Value null at '{}' failed to satisfy constraint: Member must not be null",
                            member.wire
                        ),
                    });
                }
                continue;
            };
            // Query and label values are text; give them the member's JSON type before checking.
            let kind = self.shape(&member.shape).kind.as_str();
            let typed = match kind {
                "integer" | "long" => raw
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(raw)),
                "double" | "float" => raw
                    .parse::<f64>()
                    .ok()
                    .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                    .unwrap_or(Value::String(raw)),
                "boolean" => match raw.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(raw),
                },
                _ => Value::String(raw),
            };
            violations.extend(self.validate(&member.shape, &typed, &member.wire));
            cli.insert(name.clone(), typed);
        }
        if violations.is_empty() {
            Ok(Value::Object(cli))
        } else {
            Err(InputError::Invalid(violations))
        }
    }
}

/// The shape's `min` and `max` on a length or a value (`what`), as the service words them.
fn check_bounds(
    shape: &Shape,
    v: &Value,
    path: &str,
    what: &str,
    n: f64,
    out: &mut Vec<Violation>,
) {
    if let Some(min) = shape.min
        && n < min
    {
        out.push(Violation {
            path: path.to_string(),
            message: format!(
                "Value '{}' at '{path}' failed to satisfy constraint: Member must have {what} greater than or equal to {min}",
                show(v)
            ),
        });
    }
    if let Some(max) = shape.max
        && n > max
    {
        out.push(Violation {
            path: path.to_string(),
            message: format!(
                "Value '{}' at '{path}' failed to satisfy constraint: Member must have {what} less than or equal to {max}",
                show(v)
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::model::amplifybackend;

    fn create_auth_body() -> serde_json::Value {
        json!({
            "backendEnvironmentName": "dev",
            "resourceName": "auth1",
            "resourceConfig": {
                "authResources": "USER_POOL_ONLY",
                "service": "COGNITO",
                "userPoolConfigs": {
                    "userPoolName": "pool",
                    "signInMethod": "EMAIL",
                    "requiredSignUpAttributes": ["EMAIL"],
                    "mfa": {"MFAMode": "OFF"}
                }
            }
        })
    }

    fn parse(
        method: &str,
        path: &str,
        query: Option<&str>,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, super::InputError> {
        let f = amplifybackend();
        let m = f.match_route(method, path).unwrap();
        f.parse_input(&m, query, body.to_string().as_bytes())
    }

    #[test]
    fn a_valid_create_passes_and_comes_back_in_the_cli_shape() {
        let cli = parse("POST", "/backend/d1/auth", None, &create_auth_body()).unwrap();
        assert_eq!(cli["AppId"], "d1");
        assert_eq!(
            cli["ResourceConfig"]["UserPoolConfigs"]["Mfa"]["MFAMode"],
            "OFF"
        );
    }

    #[test]
    fn missing_nested_required_member_is_named_by_wire_path() {
        let mut body = create_auth_body();
        body["resourceConfig"]["userPoolConfigs"]["mfa"]
            .as_object_mut()
            .unwrap()
            .remove("MFAMode");
        let err = parse("POST", "/backend/d1/auth", None, &body).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("'resourceConfig.userPoolConfigs.mfa.MFAMode'"),
            "{text}"
        );
        assert!(text.contains("must not be null"), "{text}");
    }

    #[test]
    fn wrong_types_and_unknown_enums_are_refused() {
        let mut body = create_auth_body();
        body["resourceConfig"]["userPoolConfigs"]["signInMethod"] = json!("TELEPATHY");
        body["resourceConfig"]["userPoolConfigs"]["requiredSignUpAttributes"] = json!("EMAIL");
        body["resourceName"] = json!(7);
        let super::InputError::Invalid(v) =
            parse("POST", "/backend/d1/auth", None, &body).unwrap_err()
        else {
            panic!("expected violations")
        };
        let paths: Vec<&str> = v.iter().map(|x| x.path.as_str()).collect();
        assert!(paths.contains(&"resourceConfig.userPoolConfigs.signInMethod"));
        assert!(paths.contains(&"resourceConfig.userPoolConfigs.requiredSignUpAttributes"));
        assert!(paths.contains(&"resourceName"));
        assert!(v.iter().any(|x| x.message.contains("enum value set")));
    }

    #[test]
    fn unknown_members_are_ignored() {
        let mut body = create_auth_body();
        body["somethingNew"] = json!({"x": 1});
        body["resourceConfig"]["userPoolConfigs"]["futureFlag"] = json!(true);
        let cli = parse("POST", "/backend/d1/auth", None, &body).unwrap();
        assert!(cli.get("somethingNew").is_none());
        assert!(
            cli["ResourceConfig"]["UserPoolConfigs"]
                .get("futureFlag")
                .is_none()
        );
    }

    #[test]
    fn max_results_bounds_follow_the_model() {
        let path = "/backend/d1/job/dev";
        for bad in [0, 26] {
            let err = parse("POST", path, None, &json!({"maxResults": bad})).unwrap_err();
            assert!(err.to_string().contains("'maxResults'"), "{err}");
        }
        for good in [1, 25] {
            parse("POST", path, None, &json!({"maxResults": good})).unwrap();
        }
        let err = parse("POST", path, None, &json!({"maxResults": 2.5})).unwrap_err();
        assert!(err.to_string().contains("integer"), "{err}");
    }

    #[test]
    fn malformed_json_and_non_objects_are_malformed() {
        let f = amplifybackend();
        let m = f.match_route("POST", "/backend/d1/auth").unwrap();
        assert!(matches!(
            f.parse_input(&m, None, b"{not json"),
            Err(super::InputError::Malformed(_))
        ));
        assert!(matches!(
            f.parse_input(&m, None, b"[1,2]"),
            Err(super::InputError::Malformed(_))
        ));
    }

    #[test]
    fn query_members_are_typed_and_checked() {
        let f = crate::model::amplify();
        let m = f.match_route("GET", "/apps").unwrap();
        let cli = f
            .parse_input(&m, Some("maxResults=5&nextToken=abc%3D"), b"")
            .unwrap();
        assert_eq!(cli["maxResults"], 5);
        assert_eq!(cli["nextToken"], "abc=");
        let err = f.parse_input(&m, Some("maxResults=500"), b"").unwrap_err();
        assert!(err.to_string().contains("'maxResults'"));
        let err = f.parse_input(&m, Some("maxResults=many"), b"").unwrap_err();
        assert!(err.to_string().contains("integer"));
    }
}
