//! What the sandbox reports about deployed resources: the generated Cognito ids of an auth
//! resource and the `amplify-meta.json` document GetBackend returns as a string.

use serde_json::{Map, Value, json};

// Re-exported: callers take them from here with the rest of what the sandbox reports.
pub use super::cognito_names::{AuthIds, env_suffixed};
use super::store::{AppRow, AuthRow, EnvRow};
use crate::domain::{AuthConfig, AuthResources, MfaMode};

/// The account every sandbox ARN uses (a documentation-style placeholder).
pub const ACCOUNT_ID: &str = "123456789012";

/// The CloudFormation stack name Amplify gives an environment.
pub fn stack_name(app: &AppRow, env: &EnvRow) -> String {
    let app_name: String = app
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    format!("amplify-{app_name}-{}-{}", env.env, env.stack_suffix)
}

/// The civil date (year, month, day) of a day count since 1970-01-01: days-to-civil (Howard
/// Hinnant), so no date crate is needed for the few timestamps the sandbox writes.
pub(crate) fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn iso_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_date(secs.div_euclid(86_400));
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60,
        ms.rem_euclid(1000)
    )
}

/// `frontendAuthConfig` as the Amplify CLI writes it (lower-case attribute names).
fn frontend_config(cfg: &AuthConfig) -> Value {
    let up = &cfg.user_pool;
    let social: Vec<&str> = cfg
        .social_providers()
        .map(|p| {
            let mut v = Vec::new();
            if p.facebook.is_some() {
                v.push("FACEBOOK");
            }
            if p.google.is_some() {
                v.push("GOOGLE");
            }
            if p.login_with_amazon.is_some() {
                v.push("AMAZON");
            }
            if p.sign_in_with_apple.is_some() {
                v.push("APPLE");
            }
            v
        })
        .unwrap_or_default();
    let username_attrs: Vec<&str> = match up.sign_in_method.as_str() {
        "EMAIL" => vec!["EMAIL"],
        "PHONE_NUMBER" => vec!["PHONE_NUMBER"],
        "EMAIL_AND_PHONE_NUMBER" => vec!["EMAIL", "PHONE_NUMBER"],
        _ => vec![],
    };
    let mfa = up.mfa.as_ref();
    let verification: Vec<String> = up
        .verification_message
        .as_ref()
        .map(|v| match v.delivery_method.as_str() {
            "SMS" => vec!["PHONE_NUMBER".to_string()],
            other => vec![other.to_string()],
        })
        .unwrap_or_default();
    json!({
        "socialProviders": social,
        "usernameAttributes": username_attrs,
        "signupAttributes": up.required_sign_up_attributes.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "passwordProtectionSettings": {
            "passwordPolicyMinLength": up.password_policy.as_ref().map(|p| p.minimum_length).unwrap_or(8.0),
            "passwordPolicyCharacters": up.password_policy.as_ref()
                .and_then(|p| p.additional_constraints.as_ref())
                .map(|c| c.iter().map(|x| x.as_str()).collect::<Vec<_>>())
                .unwrap_or_default(),
        },
        "mfaConfiguration": mfa.map(|m| m.mode.as_str()).unwrap_or(MfaMode::Off.as_str()),
        "mfaTypes": mfa.and_then(|m| m.settings.as_ref()).and_then(|s| s.mfa_types.as_ref())
            .map(|t| t.iter().map(|x| x.as_str()).collect::<Vec<_>>())
            .unwrap_or_default(),
        "verificationMechanisms": verification,
    })
}

/// The `output` block of an auth resource, as Amplify records it after a deploy.
fn outputs(region: &str, env: &str, auth: &AuthRow) -> Value {
    let cfg = &auth.config;
    let ids = &auth.ids;
    let mut o = Map::new();
    o.insert("UserPoolId".into(), json!(ids.user_pool_id));
    o.insert(
        "UserPoolArn".into(),
        json!(format!(
            "arn:aws:cognito-idp:{region}:{ACCOUNT_ID}:userpool/{}",
            ids.user_pool_id
        )),
    );
    // An imported pool keeps the name it has in Cognito; pools the CLI creates get the env suffix.
    let imported = auth.imported.is_some();
    let pool_name = if imported {
        cfg.user_pool.user_pool_name.clone()
    } else {
        env_suffixed(&cfg.user_pool.user_pool_name, "-", env)
    };
    o.insert("UserPoolName".into(), json!(pool_name));
    o.insert("AppClientIDWeb".into(), json!(ids.app_client_id_web));
    o.insert("AppClientID".into(), json!(ids.app_client_id));
    if cfg.auth_resources == AuthResources::IdentityPoolAndUserPool
        && let (Some(id), Some(pool)) = (&ids.identity_pool_id, &cfg.identity_pool)
    {
        o.insert("IdentityPoolId".into(), json!(id));
        let name = if imported {
            pool.identity_pool_name.clone()
        } else {
            env_suffixed(&pool.identity_pool_name, "__", env)
        };
        o.insert("IdentityPoolName".into(), json!(name));
    }
    if let Some(oauth) = &cfg.user_pool.oauth {
        if let Some(prefix) = &oauth.domain_prefix {
            // Clients add `.auth.<region>.amazoncognito.com` to this output.
            o.insert(
                "HostedUIDomain".into(),
                json!(env_suffixed(prefix, "-", env)),
            );
        }
        let meta = json!({
            "AllowedOAuthFlows": [oauth.grant_type.as_str().to_ascii_lowercase()],
            "AllowedOAuthScopes": oauth.scopes.iter().map(|s| s.cognito_name()).collect::<Vec<_>>(),
            "CallbackURLs": oauth.redirect_sign_in_uris,
            "LogoutURLs": oauth.redirect_sign_out_uris,
        });
        o.insert("OAuthMetadata".into(), json!(meta.to_string()));
    }
    if let Some(p) = cfg.social_providers() {
        let client = |c: &Option<String>| c.clone().unwrap_or_default();
        if let Some(x) = &p.facebook {
            o.insert("FacebookWebClient".into(), json!(client(&x.client_id)));
        }
        if let Some(x) = &p.google {
            o.insert("GoogleWebClient".into(), json!(client(&x.client_id)));
        }
        if let Some(x) = &p.login_with_amazon {
            o.insert("AmazonWebClient".into(), json!(client(&x.client_id)));
        }
        if let Some(x) = &p.sign_in_with_apple {
            o.insert("AppleWebClient".into(), json!(client(&x.client_id)));
        }
    }
    Value::Object(o)
}

/// `amplify-meta.json` of one environment: the CloudFormation provider and each auth resource.
pub fn amplify_meta(region: &str, app: &AppRow, env: &EnvRow, auth: &[AuthRow]) -> Value {
    let stack = stack_name(app, env);
    let role = |kind: &str| format!("{stack}-{kind}Role");
    let arn = |name: &str| format!("arn:aws:iam::{ACCOUNT_ID}:role/{name}");
    let mut auth_map = Map::new();
    for a in auth {
        let mut entry = json!({
            "service": "Cognito",
            "providerPlugin": "awscloudformation",
            "dependsOn": [],
            "customAuth": false,
            "frontendAuthConfig": frontend_config(&a.config),
            "output": outputs(region, &env.env, a),
            "lastPushTimeStamp": iso_time(a.update_ms),
        });
        if a.imported.is_some() {
            entry["serviceType"] = json!("imported");
        } else {
            entry["providerMetadata"] = json!({
                "s3TemplateURL": format!("https://s3.amazonaws.com/{stack}-deployment/amplify-cfn-templates/auth/{}-cloudformation-template.json", a.resource_name),
                "logicalId": format!("auth{}", a.resource_name),
            });
        }
        auth_map.insert(a.resource_name.clone(), entry);
    }
    let mut meta = json!({
        "providers": {
            "awscloudformation": {
                "Region": region,
                "StackName": stack,
                "StackId": format!("arn:aws:cloudformation:{region}:{ACCOUNT_ID}:stack/{stack}/{}", uuid_for(&stack)),
                "DeploymentBucketName": format!("{stack}-deployment"),
                "AuthRoleName": role("auth"),
                "AuthRoleArn": arn(&role("auth")),
                "UnauthRoleName": role("unauth"),
                "UnauthRoleArn": arn(&role("unauth")),
                "AmplifyAppId": app.app_id,
            }
        }
    });
    if !auth_map.is_empty() {
        meta["auth"] = Value::Object(auth_map);
    }
    meta
}

/// A stable uuid-shaped id derived from a name, so a stack keeps its id across reads.
fn uuid_for(name: &str) -> String {
    let h = crate::sandbox::sigv4::sha256_hex(name.as_bytes());
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_time_formats_the_epoch_and_a_known_date() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_time(1_610_499_932_490), "2021-01-13T01:05:32.490Z");
    }

    #[test]
    fn names_carry_the_env_suffix_unless_the_env_is_none() {
        assert_eq!(env_suffixed("myapp", "-", "dev"), "myapp-dev");
        assert_eq!(env_suffixed("pool", "__", "staging"), "pool__staging");
        assert_eq!(env_suffixed("myapp", "-", "NONE"), "myapp");
    }

    #[test]
    fn generated_ids_have_cognito_formats() {
        let ids = AuthIds::generate("us-east-1", true);
        let (region, rest) = ids.user_pool_id.split_once('_').unwrap();
        assert_eq!(region, "us-east-1");
        assert_eq!(rest.len(), 9);
        assert_eq!(ids.app_client_id.len(), 26);
        assert!(ids.identity_pool_id.unwrap().starts_with("us-east-1:"));
        assert!(
            AuthIds::generate("eu-west-1", false)
                .identity_pool_id
                .is_none()
        );
    }
}
