//! GetBackend's answer, and the auth resources read out of its `AmplifyMetaConfig`.
//!
//! `AmplifyMetaConfig` is a JSON *string* holding the project's `amplify-meta.json`. The keys under
//! `auth` whose `service` is `Cognito` are the resource names GetBackendAuth takes; the
//! `userPoolGroups` entry (service `Cognito-UserPool-Groups`) is not an auth resource. The string
//! comes from the service and may be missing, empty or not JSON at all, so parsing never fails:
//! anything unreadable yields no resources.

use serde_json::Value;

use super::error::sanitize_text;

/// What GetBackend says about an app (and environment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendInfo {
    pub app_id: String,
    pub app_name: String,
    /// The environment the answer is about, if one was asked for or returned.
    pub env: Option<String>,
    pub environments: Vec<String>,
    pub auth_resources: Vec<AuthResourceMeta>,
    /// The `AmplifyMetaConfig` string as received, for display or debugging.
    pub raw_meta: Option<String>,
    /// The response's own `Error` member, if the service filled it.
    pub error: Option<String>,
}

/// One auth resource from `amplify-meta.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthResourceMeta {
    /// The resource name (the key under `auth`), what GetBackendAuth needs.
    pub name: String,
    pub user_pool_id: Option<String>,
    pub user_pool_name: Option<String>,
    pub app_client_id_web: Option<String>,
    pub app_client_id: Option<String>,
    pub identity_pool_id: Option<String>,
    pub hosted_ui_domain: Option<String>,
    /// An existing pool brought in with ImportBackendAuth (`serviceType: "imported"`).
    pub imported: bool,
}

/// The Cognito auth resources in an `amplify-meta.json` string, in file order. Missing or
/// malformed input gives an empty list.
pub fn parse_auth_resources(meta: &str) -> Vec<AuthResourceMeta> {
    let Some(root) = parse_meta(meta) else {
        return Vec::new();
    };
    let Some(auth) = root.get("auth").and_then(Value::as_object) else {
        return Vec::new();
    };
    auth.iter()
        .filter(|(name, _)| name.as_str() != "userPoolGroups")
        .filter(|(_, v)| v.get("service").and_then(Value::as_str) == Some("Cognito"))
        .map(|(name, v)| {
            let output = v.get("output");
            let out = |key: &str| {
                output
                    .and_then(|o| o.get(key))
                    .and_then(Value::as_str)
                    .map(sanitize_text)
                    .filter(|s| !s.is_empty())
            };
            AuthResourceMeta {
                name: name.clone(),
                user_pool_id: out("UserPoolId"),
                user_pool_name: out("UserPoolName"),
                app_client_id_web: out("AppClientIDWeb"),
                app_client_id: out("AppClientID"),
                identity_pool_id: out("IdentityPoolId"),
                hosted_ui_domain: out("HostedUIDomain"),
                imported: v
                    .get("serviceType")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("imported")),
            }
        })
        .collect()
}

/// The meta as a JSON object. Some writers encode it twice (a JSON string holding the JSON), so
/// one extra level of string is unwrapped.
pub fn parse_meta(meta: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(meta.trim()).ok()?;
    match v {
        Value::String(inner) => serde_json::from_str::<Value>(&inner)
            .ok()
            .filter(Value::is_object),
        Value::Object(_) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twice_encoded_meta_is_unwrapped() {
        let inner = r#"{"auth":{"r1":{"service":"Cognito","output":{"UserPoolId":"p"}}}}"#;
        let outer = serde_json::to_string(inner).unwrap();
        let got = parse_auth_resources(&outer);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].user_pool_id.as_deref(), Some("p"));
    }

    #[test]
    fn non_object_json_gives_nothing() {
        assert!(parse_auth_resources("[1,2]").is_empty());
        assert!(parse_auth_resources(r#"{"auth":[]}"#).is_empty());
        assert!(parse_auth_resources(r#"{"auth":{"x":{"service":5}}}"#).is_empty());
    }
}
