//! The failure decoder: from a job's `Error` text (or a refused call's message) to the field to
//! fix, the cause and the fix.
//!
//! The service runs the Amplify CLI and CloudFormation behind each job, so its errors arrive as raw
//! Cognito, CLI or CloudFormation text (amplify-cli #11526, #13200; amplify-studio #282, #369).
//! Each rule below recognises one failure users hit, by wording seen in public reports (named on
//! each rule), and says it in terms of the config: a JSON path below `ResourceConfig` (the same
//! paths as validation findings, so a UI can jump to the field), the cause and the fix. Text that
//! matches no rule decodes to `None`: the raw text is then all there is, and is shown as it is.
//!
//! Rules are tried in order; the specific ones come before the generic CloudFormation one, so a
//! Cognito reason nested in a CloudFormation event is decoded as itself.

use super::config::AuthConfig;
use super::secret_ref::SecretRef;

/// Which known failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// "Provided private key cannot be used for Sign in with Apple."
    AppleKeyRefused,
    /// The hosted UI domain is taken ("Domain not available", "Domain already associated with
    /// another user pool").
    DomainUnavailable,
    /// "Domain cannot contain reserved word: aws|amazon|cognito".
    DomainReservedWord,
    /// "client_id, client_secret and authorize_scopes are all required idp details".
    ProviderDetailsMissing,
    /// "Cannot turn MFA functionality ON, once the user pool has been created."
    MfaOnAfterCreation,
    /// "Existing schema attributes cannot be modified or deleted".
    SchemaAttributeImmutable,
    /// "There is already a pending job for the requested appId …".
    PendingJob,
    /// "ValidationException: null": refused without a reason.
    ValidationNull,
    /// A custom resource of the auth stack failed and its reason is only in the Lambda's
    /// CloudWatch log ("Received response status [FAILED] from custom resource. Message returned:
    /// See the details in CloudWatch Log Stream: …").
    CloudWatchOnly,
    /// A CloudFormation failure naming one of the auth stack's resources.
    CloudFormation,
}

/// A decoded failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedFailure {
    pub kind: FailureKind,
    /// The member to fix: a JSON path below `ResourceConfig` (like validation findings), or a
    /// top-level input member such as `BackendEnvironmentName`; `None` when the text does not
    /// point at one.
    pub field: Option<String>,
    /// What went wrong, in the config's terms.
    pub cause: String,
    /// What to do.
    pub fix: String,
}

/// What the decoder may use besides the text, to be more precise.
#[derive(Clone, Copy, Debug, Default)]
pub struct FailureContext<'a> {
    /// The Amplify app of the job.
    pub app: Option<&'a str>,
    /// The backend environment of the job (the hosted UI domain carries it as a suffix).
    pub env: Option<&'a str>,
    /// The config that was submitted, when known (the TUI's job pane knows it).
    pub submitted: Option<&'a AuthConfig>,
}

const PROVIDERS: &str = "UserPoolConfigs.OAuth.SocialProviderSettings";
const DOMAIN: &str = "UserPoolConfigs.OAuth.DomainPrefix";

/// One rule: the text as given, lower-cased, and the context.
type Rule = fn(&str, &str, &FailureContext<'_>) -> Option<DecodedFailure>;

/// Decodes a failure text, or `None` when it matches no known failure.
pub fn decode_failure(text: &str, ctx: &FailureContext<'_>) -> Option<DecodedFailure> {
    let lower = text.to_ascii_lowercase();
    let rules: [Rule; 10] = [
        apple_key,
        domain_reserved,
        domain_taken,
        provider_details,
        mfa_on,
        schema_attributes,
        pending_job,
        validation_null,
        cloudwatch_only,
        cloudformation,
    ];
    rules.iter().find_map(|rule| rule(text, &lower, ctx))
}

fn decoded(kind: FailureKind, field: Option<&str>, cause: String, fix: String) -> DecodedFailure {
    DecodedFailure {
        kind,
        field: field.map(str::to_string),
        cause,
        fix,
    }
}

/// amplify-cli #8939, #11526; amplify-studio #792 (InvalidParameterException from Cognito).
fn apple_key(_: &str, lower: &str, _: &FailureContext<'_>) -> Option<DecodedFailure> {
    lower
        .contains("private key cannot be used for sign in with apple")
        .then(|| {
            decoded(
                FailureKind::AppleKeyRefused,
                Some(&format!("{PROVIDERS}.SignInWithApple.PrivateKey")),
                "Cognito refused the Sign in with Apple private key. It takes only the bare base64 body of the PKCS#8 EC P-256 key in Apple's AuthKey_<KEYID>.p8, without the BEGIN/END lines; a file path, a damaged paste or another key is refused.".into(),
                "Load the AuthKey_<KEYID>.p8 file again (in a file: \"PrivateKey\": \"file://AuthKey_<KEYID>.p8\"); amplify-auth checks and normalises it. Check that KeyId is that key's ID and TeamId your team's.".into(),
            )
        })
}

/// amplify-cli #1513, #3854; Cognito's CreateUserPoolDomain message.
fn domain_reserved(text: &str, lower: &str, ctx: &FailureContext<'_>) -> Option<DecodedFailure> {
    const MARK: &str = "domain cannot contain reserved word";
    let at = lower.find(MARK)?;
    let word: String = text[at + MARK.len()..]
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let word_shown = if word.is_empty() {
        "aws, amazon or cognito".to_string()
    } else {
        word.clone()
    };
    let prefix = ctx
        .submitted
        .and_then(|c| c.user_pool.oauth.as_ref())
        .and_then(|o| o.domain_prefix.as_deref());
    let in_prefix = prefix.is_some_and(|p| !word.is_empty() && p.contains(&word));
    let in_env = ctx
        .env
        .is_some_and(|e| !word.is_empty() && e.contains(&word));
    Some(if in_env && !in_prefix {
        decoded(
            FailureKind::DomainReservedWord,
            Some("BackendEnvironmentName"),
            format!(
                "The Cognito domain is the DomainPrefix joined with the environment name ({}-{}), and the environment name contains the reserved word \"{word}\", which Cognito refuses in a domain.",
                prefix.unwrap_or("<prefix>"),
                ctx.env.unwrap_or("<env>")
            ),
            "Use an environment whose name does not contain aws, amazon or cognito, or turn the hosted UI off in this one.".into(),
        )
    } else {
        decoded(
            FailureKind::DomainReservedWord,
            Some(DOMAIN),
            format!(
                "Cognito refuses a hosted UI domain containing the reserved word \"{word_shown}\" (aws, amazon and cognito are reserved)."
            ),
            "Choose a DomainPrefix without aws, amazon or cognito anywhere in it.".into(),
        )
    })
}

/// The Amplify CLI's hosted UI Lambda ("Domain not available"); Cognito's "Domain already
/// associated with another user pool" (aws-samples/aws-cdk-examples #402).
fn domain_taken(_: &str, lower: &str, ctx: &FailureContext<'_>) -> Option<DecodedFailure> {
    let hit = lower.contains("domain not available")
        || lower.contains("domain already associated with another user pool")
        || lower.contains("domain already exists");
    hit.then(|| {
        let prefix = ctx
            .submitted
            .and_then(|c| c.user_pool.oauth.as_ref())
            .and_then(|o| o.domain_prefix.clone());
        let deployed = match (prefix, ctx.env) {
            (Some(p), Some(env)) => format!("{p}-{env}"),
            (None, Some(env)) => format!("(your domain prefix followed by -{env})"),
            (Some(p), None) => format!("{p}-(the environment)"),
            (None, None) => "(your domain prefix followed by the environment)".into(),
        };
        decoded(
            FailureKind::DomainUnavailable,
            Some(DOMAIN),
            format!(
                "The hosted UI domain {deployed} is already taken: Cognito domain prefixes are unique per Region across all AWS accounts, or another user pool of yours holds it."
            ),
            "Choose a more specific DomainPrefix (e.g. with your app's name), or free the domain in the Cognito console if it is your own old pool.".into(),
        )
    })
}

/// amplify-cli #8149, #6880, #8266, #7685, #13587, #3642, #4790.
fn provider_details(_: &str, lower: &str, ctx: &FailureContext<'_>) -> Option<DecodedFailure> {
    let hit = lower.contains("client_id, client_secret and authorize_scopes are all required")
        || lower.contains(
            "[hostedUIProviderCreds] do not exist"
                .to_ascii_lowercase()
                .as_str(),
        );
    if !hit {
        return None;
    }
    // With the submitted config, point at the first provider sent without its secret.
    let field = ctx
        .submitted
        .and_then(|c| c.social_providers())
        .and_then(|sp| {
            let missing = |s: Option<&crate::domain::Secret>| {
                s.is_none_or(|s| {
                    s.expose().trim().is_empty() || SecretRef::parse(s.expose()).is_some()
                })
            };
            [
                ("Facebook", sp.facebook.as_ref()),
                ("Google", sp.google.as_ref()),
                ("LoginWithAmazon", sp.login_with_amazon.as_ref()),
            ]
            .into_iter()
            .find(|(_, p)| p.is_some_and(|p| missing(p.client_secret.as_ref())))
            .map(|(n, _)| format!("{PROVIDERS}.{n}.ClientSecret"))
        })
        .unwrap_or_else(|| PROVIDERS.to_string());
    Some(decoded(
        FailureKind::ProviderDetailsMissing,
        Some(&field),
        "A social provider reached Cognito without its client secret (or client ID). Provider secrets cannot be read back from the service, so an update that does not send them again loses them.".into(),
        "Give every provider's ClientSecret in the request (in a committed file, as \"env://AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET\" and so on, set in CI), or remove the provider.".into(),
    ))
}

/// amplify-studio #482; cloudformation-coverage-roadmap #1176 (Cognito InvalidParameterException).
fn mfa_on(_: &str, lower: &str, _: &FailureContext<'_>) -> Option<DecodedFailure> {
    lower.contains("cannot turn mfa functionality on").then(|| {
        decoded(
            FailureKind::MfaOnAfterCreation,
            Some("UserPoolConfigs.Mfa.MFAMode"),
            "MFA ON (required for every user) can only be chosen when the user pool is created; the deployment refuses it for an existing pool.".into(),
            "Use OPTIONAL, or delete the auth resource and create it again with ON (that deletes every user of its user pool).".into(),
        )
    })
}

/// aws-amplify/amplify-android #2570.
fn schema_attributes(_: &str, lower: &str, _: &FailureContext<'_>) -> Option<DecodedFailure> {
    lower
        .contains("existing schema attributes cannot be modified or deleted")
        .then(|| {
            decoded(
                FailureKind::SchemaAttributeImmutable,
                Some("UserPoolConfigs.RequiredSignUpAttributes"),
                "The required sign-up attributes (the user pool's schema) are fixed once the pool exists; the request changed them.".into(),
                "Put the current RequiredSignUpAttributes back (amplify-auth get shows them), or delete the auth resource and create it again (that deletes every user of its user pool).".into(),
            )
        })
}

/// amplify-cli #9295; amplify-studio #336, #417.
fn pending_job(text: &str, lower: &str, ctx: &FailureContext<'_>) -> Option<DecodedFailure> {
    const MARK: &str = "already a pending job";
    let at = lower.find(MARK)?;
    let after = |key: &str| -> Option<String> {
        let i = lower[at..].find(key)? + at + key.len();
        let v: String = text[i..]
            .trim_start_matches([':', ' '])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (!v.is_empty()).then_some(v)
    };
    let app = after("appid")
        .or_else(|| ctx.app.map(str::to_string))
        .unwrap_or_else(|| "<app>".into());
    let env = after("backendenvironmentname")
        .or_else(|| ctx.env.map(str::to_string))
        .unwrap_or_else(|| "<env>".into());
    Some(decoded(
        FailureKind::PendingJob,
        None,
        format!(
            "Another job is still running for app {app}, environment {env}; the service runs one job at a time per environment and has no cancel."
        ),
        format!(
            "Wait for it: `amplify-auth jobs --app-id {app} --env {env} --status RUNNING` shows it, `amplify-auth job --app-id {app} --env {env} --job-id … --wait` follows it; then try again."
        ),
    ))
}

/// amplify-studio #282.
fn validation_null(_: &str, lower: &str, _: &FailureContext<'_>) -> Option<DecodedFailure> {
    lower.contains("validationexception: null").then(|| {
        decoded(
            FailureKind::ValidationNull,
            None,
            "The service refused the request without saying why (\"ValidationException: null\"). It was reported after message template edits (forgot-password and verification messages).".into(),
            "Run `amplify-auth validate` on the config; check the message templates (codes need {####}, subjects 1-140 characters); then retry. If it persists, the CloudFormation events of the auth stack have the real reason.".into(),
        )
    })
}

/// The auth stack's custom resources (Lambda callouts), what each deploys and the config member
/// it deploys from (amplify-cli `auth-cognito-stack-builder.ts`).
const CUSTOM_RESOURCES: &[(&str, &str, Option<&str>)] = &[
    (
        "HostedUIProvidersCustomResource",
        "the social providers",
        Some(PROVIDERS),
    ),
    (
        "HostedUICustomResource",
        "the hosted UI domain",
        Some(DOMAIN),
    ),
    (
        "OAuthCustomResource",
        "the app clients' OAuth settings (redirect URIs, flows, the providers they use)",
        Some("UserPoolConfigs.OAuth"),
    ),
    ("MFALambda", "the MFA settings", Some("UserPoolConfigs.Mfa")),
    ("UserPoolClientLambda", "the app clients", None),
    ("OpenIdLambda", "the identity pool's OpenID providers", None),
];

/// A custom resource failed and the event says only where its log is (amplify-studio#472,
/// amplify-cli#3854, #11526): the cause is in CloudWatch, not in the text. The field is the
/// config member that resource deploys (not a guess at the reason); the cause says the reason is
/// only in the log, and the fix names the log group, the stream and the stack to open.
fn cloudwatch_only(text: &str, lower: &str, ctx: &FailureContext<'_>) -> Option<DecodedFailure> {
    const MARK: &str = "cloudwatch log stream";
    let at = lower.find(MARK)?;
    let stream: String = text[at + MARK.len()..]
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let stream = stream.trim_end_matches(['.', ',', ')']);
    let (function, what, field) = CUSTOM_RESOURCES
        .iter()
        .find(|(n, _, _)| lower.contains(&n.to_ascii_lowercase()))
        .copied()
        .unwrap_or((
            "<the failed custom resource>",
            "part of the auth stack",
            None,
        ));
    let env = ctx.env.unwrap_or("<env>");
    let app = ctx.app.unwrap_or("<app>");
    // The domain the hosted UI resource was making, when the submitted config says.
    let what = match (field, ctx.submitted, ctx.env) {
        (Some(DOMAIN), Some(cfg), Some(env)) => cfg
            .user_pool
            .oauth
            .as_ref()
            .and_then(|o| o.domain_prefix.as_deref())
            .map(|p| format!("{what} {}", super::hosted_ui::cognito_domain(p, env)))
            .unwrap_or_else(|| what.to_string()),
        _ => what.to_string(),
    };
    let stream_text = if stream.is_empty() {
        String::new()
    } else {
        format!(", log stream {stream}")
    };
    Some(decoded(
        FailureKind::CloudWatchOnly,
        field,
        format!(
            "The auth stack's custom resource {function} failed while deploying {what}. The service's error gives no reason: the Lambda wrote it to CloudWatch Logs only."
        ),
        format!(
            "Open CloudWatch Logs in the app's Region, log group /aws/lambda/<auth stack>-{function}-… (search the log groups for \"{function}\"){stream_text}. The auth stack is the nested stack amplify-<app name>-{env}-<number>-auth<resource>-… of app {app} (CloudFormation console, its events show the same failure). The stack rolled back, so nothing changed; fix the config and submit again."
        ),
    ))
}

/// The auth stack's resources as the Amplify CLI names them, and the config member each comes
/// from (amplify-cli `auth-cognito-stack-builder.ts`; amplify-cli #11526, #1513).
const STACK_RESOURCES: &[(&str, Option<&str>, &str)] = &[
    (
        "hostedUIProvidersCustomResource",
        Some(PROVIDERS),
        "the social providers (created by the hosted UI providers Lambda)",
    ),
    (
        "hostedUICustomResource",
        Some(DOMAIN),
        "the hosted UI domain",
    ),
    (
        "AWS::Cognito::UserPoolDomain",
        Some(DOMAIN),
        "the hosted UI domain",
    ),
    (
        "AWS::Cognito::UserPoolIdentityProvider",
        Some(PROVIDERS),
        "a social provider",
    ),
    ("MFALambda", Some("UserPoolConfigs.Mfa"), "the MFA settings"),
    (
        "AWS::Cognito::IdentityPool",
        Some("IdentityPoolConfigs"),
        "the identity pool",
    ),
    (
        "IdentityPool",
        Some("IdentityPoolConfigs"),
        "the identity pool",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        Some("UserPoolConfigs.OAuth"),
        "an app client (OAuth settings)",
    ),
    (
        "UserPoolClient",
        Some("UserPoolConfigs.OAuth"),
        "an app client (OAuth settings)",
    ),
    (
        "AWS::Cognito::UserPool",
        Some("UserPoolConfigs"),
        "the user pool",
    ),
    ("UserPool", Some("UserPoolConfigs"), "the user pool"),
];

/// The Cognito members the auth stack sets from the config (the CLI's `auth-cognito-stack-builder.ts`;
/// the names Cognito's validation messages use), and the config member each comes from.
const COGNITO_MEMBERS: &[(&str, &str)] = &[
    ("poolName", "UserPoolConfigs.UserPoolName"),
    (
        "policies.passwordPolicy.minimumLength",
        "UserPoolConfigs.PasswordPolicy.MinimumLength",
    ),
    (
        "smsAuthenticationMessage",
        "UserPoolConfigs.Mfa.Settings.SmsMessage",
    ),
    (
        "smsVerificationMessage",
        "UserPoolConfigs.VerificationMessage.SmsSettings.SmsMessage",
    ),
    (
        "emailVerificationMessage",
        "UserPoolConfigs.VerificationMessage.EmailSettings.EmailMessage",
    ),
    (
        "emailVerificationSubject",
        "UserPoolConfigs.VerificationMessage.EmailSettings.EmailSubject",
    ),
    ("identityPoolName", "IdentityPoolConfigs.IdentityPoolName"),
];

/// amplify-studio #369, #482; amplify-cli #11526, #13200.
fn cloudformation(text: &str, lower: &str, _: &FailureContext<'_>) -> Option<DecodedFailure> {
    let cfn = lower.contains("cloudformation")
        || lower.contains("template error")
        || lower.contains("_failed")
        || lower.contains("resource name:")
        || lower.contains("aws::cognito::")
        || lower.contains("customresource");
    if !cfn {
        return None;
    }
    // `… references undefined resource authXYZ`: the stack lost the auth resource itself.
    if let Some(i) = lower.find("undefined resource ") {
        let name: String = text[i + "undefined resource ".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.to_ascii_lowercase().starts_with("auth") {
            return Some(decoded(
                FailureKind::CloudFormation,
                None,
                format!("The backend's CloudFormation template refers to {name}, which the auth stack no longer defines: the environment's stacks and its backend record disagree (often after a failed delete, rename or manual change)."),
                "Check the CloudFormation console for the environment's stack; if the auth resource was removed by hand, delete and recreate it with amplify-auth, or pull and push the environment with the Amplify CLI to repair it.".into(),
            ));
        }
    }
    // A Cognito constraint message names the Cognito member ("Value … at 'poolName' failed to
    // satisfy constraint"); the member it comes from in the config is known.
    let member = COGNITO_MEMBERS
        .iter()
        .find(|(m, _)| text.contains(&format!("at '{m}'")))
        .map(|(_, f)| *f);
    let (needle, field, what) = STACK_RESOURCES
        .iter()
        .find(|(n, _, _)| lower.contains(&n.to_ascii_lowercase()))
        .or_else(|| {
            // Any `auth…` logical id on its own.
            lower
                .contains("auth")
                .then_some(&("auth", None::<&str>, "the auth stack"))
        })?;
    // "Reason: …" (CLI push output) or the native handler's "returned message: "…"".
    let reason = lower
        .find("reason:")
        .map(|i| text[i + "reason:".len()..].trim())
        .or_else(|| {
            const Q: &str = "returned message: \"";
            let i = lower.find(Q)? + Q.len();
            let end = text[i..].find('"').map_or(text.len(), |e| i + e);
            Some(text[i..end].trim())
        })
        .filter(|r| !r.is_empty());
    let cause = match reason {
        Some(r) => format!(
            "CloudFormation failed on {what} ({needle}): {}",
            r.chars().take(300).collect::<String>()
        ),
        None => {
            format!("CloudFormation failed on {what} ({needle}); the text gives no nested reason.")
        }
    };
    Some(decoded(
        FailureKind::CloudFormation,
        member.or(*field),
        cause,
        format!(
            "Check {what} in the config; the auth stack's events in the CloudFormation console (and the Lambda's CloudWatch log for custom resources) hold the full reason. The stack rolled back, so nothing changed."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;

    fn d(text: &str) -> DecodedFailure {
        decode_failure(text, &FailureContext::default())
            .unwrap_or_else(|| panic!("not decoded: {text}"))
    }

    #[test]
    fn the_apple_key_refusal() {
        let f = d(
            "InvalidParameterException: Provided private key cannot be used for Sign in with Apple.",
        );
        assert_eq!(f.kind, FailureKind::AppleKeyRefused);
        assert_eq!(
            f.field.as_deref(),
            Some("UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey")
        );
        assert!(f.fix.contains(".p8"));
    }

    #[test]
    fn a_domain_taken_or_reserved() {
        for t in [
            "Error: Domain not available",
            "InvalidParameterException: Domain already associated with another user pool.",
        ] {
            let f = decode_failure(
                t,
                &FailureContext {
                    env: Some("dev"),
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(f.kind, FailureKind::DomainUnavailable, "{t}");
            assert_eq!(f.field.as_deref(), Some(DOMAIN));
            assert!(
                f.cause.contains("(your domain prefix followed by -dev)"),
                "{}",
                f.cause
            );
            assert!(!f.cause.contains('<'), "no placeholder: {}", f.cause);
        }
        // With what was submitted, the domain is named as deployed.
        let mut cfg = crate::domain::samples::default_config("shop");
        cfg.user_pool.oauth = crate::domain::samples::maximal_config("").user_pool.oauth;
        if let Some(o) = cfg.user_pool.oauth.as_mut() {
            o.domain_prefix = Some("shopauth".into());
        }
        let f = decode_failure(
            "Error: Domain not available",
            &FailureContext {
                env: Some("dev"),
                submitted: Some(&cfg),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(
            f.cause
                .contains("The hosted UI domain shopauth-dev is already taken"),
            "{}",
            f.cause
        );
        let f = d("InvalidParameterException: Domain cannot contain reserved word: aws");
        assert_eq!(f.kind, FailureKind::DomainReservedWord);
        assert_eq!(f.field.as_deref(), Some(DOMAIN));
        assert!(f.cause.contains("\"aws\""), "{}", f.cause);
    }

    #[test]
    fn a_reserved_word_in_the_environment_name_points_at_the_environment() {
        // amplify-cli #3854: an environment called `newcognito`.
        let cfg = maximal_config("k");
        let f = decode_failure(
            "InvalidParameterException: Domain cannot contain reserved word: cognito",
            &FailureContext {
                env: Some("newcognito"),
                submitted: Some(&cfg),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(f.field.as_deref(), Some("BackendEnvironmentName"));
        assert!(f.cause.contains("-newcognito"), "{}", f.cause);
    }

    #[test]
    fn a_provider_without_its_secret() {
        let text = "Resource handler returned message: client_id, client_secret and authorize_scopes are all required idp details";
        let f = d(text);
        assert_eq!(f.kind, FailureKind::ProviderDetailsMissing);
        assert_eq!(f.field.as_deref(), Some(PROVIDERS));
        let mut cfg = maximal_config("k");
        cfg.user_pool
            .oauth
            .as_mut()
            .unwrap()
            .social_providers
            .as_mut()
            .unwrap()
            .google
            .as_mut()
            .unwrap()
            .client_secret = None;
        let f = decode_failure(
            text,
            &FailureContext {
                submitted: Some(&cfg),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            f.field.as_deref(),
            Some("UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret")
        );
    }

    #[test]
    fn mfa_on_after_creation_even_inside_a_cloudformation_event() {
        // amplify-studio #482, verbatim shape.
        let f = d(
            "Resource Name: eu-central-1_4vsKcL1Bb (AWS::Cognito::UserPool) Event Type: update Reason: Cannot turn MFA functionality ON, once the user pool has been created. (Service: AWSCognitoIdentityProviderService; Status Code: 400; Error Code: InvalidParameterException)",
        );
        assert_eq!(f.kind, FailureKind::MfaOnAfterCreation);
        assert_eq!(f.field.as_deref(), Some("UserPoolConfigs.Mfa.MFAMode"));
    }

    #[test]
    fn a_schema_attribute_that_cannot_change() {
        let f = d(
            "InvalidParameterException: Existing schema attributes cannot be modified or deleted.",
        );
        assert_eq!(f.kind, FailureKind::SchemaAttributeImmutable);
        assert_eq!(
            f.field.as_deref(),
            Some("UserPoolConfigs.RequiredSignUpAttributes")
        );
    }

    #[test]
    fn the_pending_job_refusal_names_app_and_environment() {
        let f = d(
            "BadRequestException: There is already a pending job for the requested appId: d1abc and backendEnvironmentName: prod, wait for it to complete before creating a new job",
        );
        assert_eq!(f.kind, FailureKind::PendingJob);
        assert_eq!(f.field, None);
        assert!(
            f.fix.contains("--app-id d1abc --env prod --status RUNNING"),
            "{}",
            f.fix
        );
    }

    #[test]
    fn validation_exception_null() {
        let f = d(
            "ValidationException - An error occurred while processing your request: ValidationException: null.",
        );
        assert_eq!(f.kind, FailureKind::ValidationNull);
        assert!(f.fix.contains("amplify-auth validate"));
    }

    #[test]
    fn cloudformation_errors_name_the_auth_resource() {
        let f = d(
            "An error occurred during the push operation: Template error: instance of Fn::GetAtt references undefined resource authdemoapp1234",
        );
        assert_eq!(f.kind, FailureKind::CloudFormation);
        assert!(f.cause.contains("authdemoapp1234"), "{}", f.cause);
        let f = d(
            "UPDATE_FAILED UserPool (AWS::Cognito::UserPool): Resource handler returned message: \"1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint\" (Service: CognitoIdentityProvider, Status Code: 400, Request ID: 1)",
        );
        assert_eq!(f.kind, FailureKind::CloudFormation);
        // The Cognito member named in the message is traced to the config member.
        assert_eq!(
            f.field.as_deref(),
            Some("UserPoolConfigs.PasswordPolicy.MinimumLength")
        );
        assert!(f.cause.contains("minimumLength' failed"), "{}", f.cause);
        let f = d(
            "Resource Name: ab12 (AWS::Cognito::UserPoolDomain) Event Type: create Reason: Invalid request provided",
        );
        assert_eq!(f.field.as_deref(), Some(DOMAIN));
        assert!(f.cause.contains("Invalid request provided"), "{}", f.cause);
    }

    #[test]
    fn a_custom_resource_failure_points_at_its_log_not_a_field() {
        let text = "CREATE_FAILED HostedUIProvidersCustomResourceInputs (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: 2026/12/05/[$LATEST]0123abcd";
        let f = decode_failure(
            text,
            &FailureContext {
                app: Some("d1abc"),
                env: Some("dev"),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(f.kind, FailureKind::CloudWatchOnly);
        // The member the resource deploys, not a guess at the reason.
        assert_eq!(f.field.as_deref(), Some(PROVIDERS));
        assert!(f.cause.contains("social providers"), "{}", f.cause);
        assert!(f.cause.contains("CloudWatch Logs only"), "{}", f.cause);
        assert!(
            f.fix
                .contains("/aws/lambda/<auth stack>-HostedUIProvidersCustomResource-"),
            "{}",
            f.fix
        );
        assert!(
            f.fix.contains("log stream 2026/12/05/[$LATEST]0123abcd"),
            "{}",
            f.fix
        );
        assert!(f.fix.contains("amplify-<app name>-dev-"), "{}", f.fix);
        // The hosted UI domain and OAuth resources are told apart.
        let f = d(
            "UPDATE_FAILED OAuthCustomResourceInputs (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: s",
        );
        assert!(f.cause.contains("OAuth settings"), "{}", f.cause);
        let f = d(
            "CREATE_FAILED HostedUICustomResourceInputs (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: s",
        );
        assert!(f.cause.contains("hosted UI domain"), "{}", f.cause);
    }

    #[test]
    fn unknown_text_is_left_alone() {
        let ctx = FailureContext::default();
        assert_eq!(decode_failure("something else broke", &ctx), None);
        assert_eq!(decode_failure("", &ctx), None);
        // Plain CloudFormation words about another category are not claimed as auth failures.
        assert_eq!(
            decode_failure("UPDATE_FAILED apiGraphQL (AWS::AppSync::GraphQLApi)", &ctx),
            None
        );
    }
}
