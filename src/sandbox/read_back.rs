//! What GetBackendAuth gives back of a stored auth resource.
//!
//! - The Apple private key never: Cognito's DescribeIdentityProvider documents no `private_key` in
//!   its Apple response (cognito-idp model, `CreateIdentityProviderRequest.ProviderDetails`), and
//!   the Amplify CLI exempts Apple from headless pulls because "the private key isn't returned by
//!   Cognito" (`getRequiredParamsForHeadlessInit`).
//! - The Facebook, Google and Amazon client secrets only when asked (`return_secrets`): Cognito's
//!   describe call returns them, but the service answers from its stored metadata, which holds no
//!   secrets (`hostedUIProviderCreds` is a private key of `cli-inputs.json`). The evidence does not
//!   settle it, so the default is the answer that gives the client less.

use serde_json::Value;

use super::errors::ApiError;
use crate::domain::AuthConfig;

pub fn resource_config(stored: &AuthConfig, return_secrets: bool) -> Result<Value, ApiError> {
    let mut cfg = serde_json::to_value(stored)
        .map_err(|e| ApiError::internal(format!("cannot encode the config: {e}")))?;
    if let Some(Value::Object(providers)) =
        cfg.pointer_mut("/UserPoolConfigs/OAuth/SocialProviderSettings")
    {
        for (name, p) in providers.iter_mut() {
            let Value::Object(p) = p else { continue };
            if name == "SignInWithApple" {
                p.remove("PrivateKey");
            } else if !return_secrets {
                p.remove("ClientSecret");
            }
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apple_key_never_and_client_secrets_only_when_asked() {
        let stored = crate::domain::samples::maximal_config("k");
        let sp = "/UserPoolConfigs/OAuth/SocialProviderSettings";
        let full = serde_json::to_value(&stored).unwrap();
        assert!(
            full.pointer(&format!("{sp}/SignInWithApple/PrivateKey"))
                .is_some()
        );
        assert!(
            full.pointer(&format!("{sp}/Facebook/ClientSecret"))
                .is_some()
        );
        for secrets in [false, true] {
            let v = resource_config(&stored, secrets).unwrap();
            let p = v.pointer(sp).unwrap();
            assert!(p["SignInWithApple"].get("PrivateKey").is_none());
            assert_eq!(
                p["SignInWithApple"]["TeamId"],
                full.pointer(sp).unwrap()["SignInWithApple"]["TeamId"]
            );
            for name in ["Facebook", "Google"] {
                assert_eq!(p[name].get("ClientSecret").is_some(), secrets, "{name}");
                assert!(p[name]["ClientId"].is_string());
            }
        }
    }
}
