//! Reading auth resources out of GetBackend's `AmplifyMetaConfig` (an `amplify-meta.json` string).

use amplify_auth::aws::parse_auth_resources;

/// Shaped like a real `amplify-meta.json`: a created pool with a hosted UI, the user pool groups
/// entry, an imported pool, and a non-auth category.
const META: &str = r#"{
  "providers": {
    "awscloudformation": {
      "AuthRoleName": "amplify-demo-dev-123456-authRole",
      "UnauthRoleArn": "arn:aws:iam::123456789012:role/amplify-demo-dev-123456-unauthRole",
      "Region": "eu-west-1",
      "DeploymentBucketName": "amplify-demo-dev-123456-deployment",
      "StackName": "amplify-demo-dev-123456",
      "AmplifyAppId": "d1a2b3c4d5e6f7"
    }
  },
  "auth": {
    "demoa1b2c3d4": {
      "service": "Cognito",
      "providerPlugin": "awscloudformation",
      "dependsOn": [],
      "customAuth": false,
      "frontendAuthConfig": {
        "socialProviders": ["GOOGLE"],
        "usernameAttributes": ["EMAIL"],
        "signupAttributes": ["EMAIL"],
        "passwordProtectionSettings": {"passwordPolicyMinLength": 8, "passwordPolicyCharacters": []},
        "mfaConfiguration": "OFF",
        "mfaTypes": ["SMS"],
        "verificationMechanisms": ["EMAIL"]
      },
      "providerMetadata": {"s3TemplateURL": "https://s3.amazonaws.com/x/auth.json", "logicalId": "authdemoa1b2c3d4"},
      "lastPushTimeStamp": "2024-03-01T10:00:00.000Z",
      "output": {
        "UserPoolId": "eu-west-1_AbCdEfGhI",
        "AppClientIDWeb": "webclient123",
        "AppClientID": "nativeclient456",
        "IdentityPoolId": "eu-west-1:11111111-2222-3333-4444-555555555555",
        "UserPoolArn": "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEfGhI",
        "IdentityPoolName": "demo_identitypool",
        "UserPoolName": "demo_userpool",
        "HostedUIDomain": "demo-auth-dev",
        "OAuthMetadata": "{\"AllowedOAuthFlows\":[\"code\"]}"
      }
    },
    "userPoolGroups": {
      "service": "Cognito-UserPool-Groups",
      "providerPlugin": "awscloudformation",
      "dependsOn": [{"category": "auth", "resourceName": "demoa1b2c3d4", "attributes": ["UserPoolId"]}]
    },
    "importedpool": {
      "service": "Cognito",
      "serviceType": "imported",
      "providerPlugin": "awscloudformation",
      "output": {
        "UserPoolId": "eu-west-1_ImPoRtEd1",
        "AppClientIDWeb": "importweb",
        "AppClientID": "importnative"
      }
    }
  },
  "api": {
    "demoapi": {"service": "AppSync", "output": {"GraphQLAPIIdOutput": "x"}}
  }
}"#;

#[test]
fn realistic_meta_lists_cognito_resources_and_skips_groups() {
    let got = parse_auth_resources(META);
    let names: Vec<&str> = got.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["demoa1b2c3d4", "importedpool"]);

    let created = &got[0];
    assert_eq!(created.user_pool_id.as_deref(), Some("eu-west-1_AbCdEfGhI"));
    assert_eq!(created.app_client_id_web.as_deref(), Some("webclient123"));
    assert_eq!(created.app_client_id.as_deref(), Some("nativeclient456"));
    assert_eq!(
        created.identity_pool_id.as_deref(),
        Some("eu-west-1:11111111-2222-3333-4444-555555555555")
    );
    assert_eq!(created.hosted_ui_domain.as_deref(), Some("demo-auth-dev"));
    assert_eq!(created.user_pool_name.as_deref(), Some("demo_userpool"));
    assert!(!created.imported);

    let imported = &got[1];
    assert!(imported.imported);
    assert_eq!(
        imported.user_pool_id.as_deref(),
        Some("eu-west-1_ImPoRtEd1")
    );
    assert_eq!(imported.identity_pool_id, None);
    assert_eq!(imported.hosted_ui_domain, None);
}

#[test]
fn a_resource_not_yet_pushed_has_no_outputs() {
    let got = parse_auth_resources(r#"{"auth":{"fresh":{"service":"Cognito"}}}"#);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].name, "fresh");
    assert_eq!(got[0].user_pool_id, None);
}

#[test]
fn garbage_meta_gives_an_empty_list() {
    for garbage in [
        "",
        "   ",
        "not json",
        "{",
        "null",
        "42",
        r#""just a string""#,
        r#"{"auth":null}"#,
        r#"{"auth":"Cognito"}"#,
        r#"{"auth":{"x":null,"y":[],"z":{"service":["Cognito"]}}}"#,
    ] {
        let got = parse_auth_resources(garbage);
        assert!(got.is_empty(), "{garbage:?} gave {got:?}");
    }
    // A resource whose outputs are not an object is still listed, without outputs.
    let odd = parse_auth_resources(r#"{"auth":{"x":{"service":"Cognito","output":"nope"}}}"#);
    assert_eq!(odd.len(), 1);
    assert_eq!(odd[0].user_pool_id, None);
}

/// Issue 24: a resource name is an identifier, kept exactly (commands must use the real name; what
/// shows it escapes it, `term_text`); output values are still cleaned of escape sequences.
#[test]
fn hostile_names_are_kept_exact_and_values_cleaned() {
    let got = parse_auth_resources(
        "{\"auth\":{\"evil\\u001b[2J\":{\"service\":\"Cognito\",\"output\":{\"UserPoolId\":\"p\\u0007\"}}}}",
    );
    assert_eq!(got[0].name, "evil\u{1b}[2J");
    assert_eq!(got[0].user_pool_id.as_deref(), Some("p"));
}
