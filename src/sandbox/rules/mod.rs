//! What the sandbox refuses and what makes its jobs FAIL, decided as the service would decide it.
//!
//! The sandbox stands in for the service when the client is tested, so its rules come from
//! sources independent of the client: the AWS service models (derived into `crate::model`) and the
//! documented behaviours in the project's evidence notes. It never calls the client's validation
//! rules (tests/sandbox/independence.rs parses this folder's imports to hold it); where the two
//! disagree, `docs/divergence.md` (written by a test) lists it.
//!
//! The service runs the Amplify CLI for every job (evidence §2.1), and the CLI turns the config
//! into Cognito calls, so a config the AmplifyBackend model accepts still fails the job when the
//! Cognito value it becomes breaks a Cognito model constraint. The job's Error then reads like
//! the Cognito error: exception name, then its message.
//!
//! [`RULES`] lists every rule with its source; each check below names the rule it implements.

mod apple;
pub(crate) mod constraint;
pub mod events;

use crate::domain::{AuthConfig, AuthResources, DeliveryMethod, MfaMode};
use crate::model::{cognito_identity, cognito_idp};

use super::meta::env_suffixed;

/// Where a rule acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The request is refused with a 4xx before any job starts.
    Door,
    /// The request is accepted and its job ends FAILED with an Error.
    Job,
    /// The job completes, but part of the request is not applied.
    Skipped,
    /// The job completes, and the rule says how the request is applied.
    Applied,
}

/// One rule of the sandbox, for the divergence table and for review.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub id: &'static str,
    pub stage: Stage,
    /// What it checks, in a few words.
    pub checks: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

/// Every rule the sandbox applies, beyond the AmplifyBackend model's own shapes (required
/// members, types, enums), which the server checks for every operation at the door.
pub const RULES: &[Rule] = &[
    Rule {
        id: "ab-model-shapes",
        stage: Stage::Door,
        checks: "required members, types, enums and bounds of the AmplifyBackend input shapes",
        source: "AmplifyBackend model (src/model/amplifybackend.json)",
    },
    Rule {
        id: "pending-job",
        stage: Stage::Door,
        checks: "one job at a time per app and environment",
        source: "\"There is already a pending job …\" (amplify-cli#9295, amplify-studio#336, #417)",
    },
    Rule {
        id: "one-auth-per-env",
        stage: Stage::Job,
        checks: "a CreateBackendAuth or ImportBackendAuth in an environment that already has an auth resource",
        source: "the Amplify CLI keeps one auth resource per environment: `amplify add auth` answers \"Auth has already been added to this project. To update run amplify update auth.\" (amplify-category-auth, commands/auth/add). The service's own answer is not public; conservative (inference): the job FAILs, the late failure a client that does not check first would meet",
    },
    Rule {
        id: "user-pool-name",
        stage: Stage::Job,
        checks: "`<UserPoolName>-<env>` against UserPoolNameType (1–128, `[\\w\\s+=,.@-]+`)",
        source: "cognito-idp model CreateUserPool.PoolName; name suffix from the CLI's auth stack (auth-cognito-stack-builder.ts)",
    },
    Rule {
        id: "identity-pool-name",
        stage: Stage::Job,
        checks: "`<IdentityPoolName>__<env>` against IdentityPoolName (1–128, `[\\w\\s+=,.@-]+`)",
        source: "cognito-identity model CreateIdentityPool.IdentityPoolName; suffix from the CLI's auth stack",
    },
    Rule {
        id: "identity-pool-config",
        stage: Stage::Job,
        checks: "a CreateBackendAuth with IDENTITY_POOL_AND_USER_POOL needs IdentityPoolConfigs (the pool's name)",
        source: "AB model: the identity pool's name is only in CreateBackendAuthIdentityPoolConfig (inference: the CLI cannot make the pool without it; an update gets the CLI's default name instead, rule identity-pool-added-by-update)",
    },
    Rule {
        id: "mfa-types",
        stage: Stage::Job,
        checks: "MFAMode ON or OPTIONAL with no Settings.MfaTypes",
        source: "inference (evidence §8.4): the CLI's headless adaptor maps `mfaTypes` without a guard (auth-request-adaptors.ts), so the CLI run fails; the service's text is not public",
    },
    Rule {
        id: "oauth-needs-domain",
        stage: Stage::Job,
        checks: "a CreateBackendAuth with OAuth but no DomainPrefix",
        source: "inference (evidence §8.3): auth-cognito-stack-builder.ts creates the hosted UI custom resource only `if (props.hostedUIDomainName)` and the OAuth custom resource refers to it, so the CLI fails building the stack; the service's text is not public",
    },
    Rule {
        id: "domain",
        stage: Stage::Job,
        checks: "`<DomainPrefix>-<env>` against DomainType (1–63, `^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$`), on create, update and in each environment a clone copies into",
        source: "cognito-idp model CreateUserPoolDomain.Domain; `Fn::Join('-', [hostedUIDomainName, env])` in the CLI's auth stack",
    },
    Rule {
        id: "domain-reserved-word",
        stage: Stage::Job,
        checks: "`<DomainPrefix>-<env>` containing `aws`, `amazon` or `cognito` (the environment name can add the word)",
        source: "Cognito developer guide, \"Using the Amazon Cognito prefix domain\"; \"Domain cannot contain reserved word: cognito\" for env `newcognito` (amplify-cli#3854), stack left DELETE_FAILED (amplify-cli#1513)",
    },
    Rule {
        id: "domain-taken",
        stage: Stage::Job,
        checks: "a hosted UI domain another resource already has fails with `Error: Domain not available`",
        source: "hostedUILambda.js (amplify-category-auth/resources/auth-custom-resource)",
    },
    Rule {
        id: "password-length",
        stage: Stage::Job,
        checks: "PasswordPolicy.MinimumLength a whole number 6–99",
        source: "cognito-idp model PasswordPolicyMinLengthType",
    },
    Rule {
        id: "sms-messages",
        stage: Stage::Job,
        checks: "SMS verification and MFA messages: 6–140 characters containing `{####}`",
        source: "cognito-idp model SmsVerificationMessageType",
    },
    Rule {
        id: "email-message",
        stage: Stage::Job,
        checks: "verification email: message 6–20000 with `{####}`, subject 1–140",
        source: "cognito-idp model EmailVerificationMessageType, EmailVerificationSubjectType",
    },
    Rule {
        id: "redirect-urls",
        stage: Stage::Job,
        checks: "sign-in / sign-out URIs: each 1–1024 without whitespace, at most 100",
        source: "cognito-idp model RedirectUrlType, CallbackURLsListType, LogoutURLsListType",
    },
    Rule {
        id: "callback-urls-empty",
        stage: Stage::Job,
        checks: "OAuth with an empty RedirectSignInURIs list",
        source: "Cognito: `InvalidOAuthFlowException: CallbackUrls can not be empty` when OAuth flows are set (evidence §8.5); the CLI's oauthLambda.js sets the flows with UpdateUserPoolClient",
    },
    Rule {
        id: "callback-url-form",
        stage: Stage::Job,
        checks: "each sign-in URI absolute, without a fragment, HTTPS unless http on localhost, 127.0.0.1 or [::1] (app schemes allowed)",
        source: "cognito-idp model, CreateUserPoolClient.CallbackURLs documentation (evidence §8.5); the message wording is the sandbox's (the failure is in a custom resource, so only CloudWatch would show Cognito's)",
    },
    Rule {
        id: "apple-key",
        stage: Stage::Job,
        checks: "the Apple private key is a bare base64 PKCS#8 EC key (no PEM armour)",
        source: "\"Provided private key cannot be used for Sign in with Apple\" (InvalidParameterException; amplify-cli#11526, #8939, amplify-studio#792)",
    },
    Rule {
        id: "provider-not-created",
        stage: Stage::Job,
        checks: "a social provider the pool does not have yet, sent without its secret (Apple: without client, team, key id or key), on create or update",
        source: "hostedUIProviderLambda.js skips it, then oauthLambda.js names it in SupportedIdentityProviders and Cognito answers `InvalidParameterException: The provider <X> does not exist for User Pool <id>` (evidence §8.1; amplify-cli#11986, amplify-studio#472)",
    },
    Rule {
        id: "provider-without-secret",
        stage: Stage::Skipped,
        checks: "a provider the pool already has, sent without its secret, is left as it was",
        source: "hostedUIProviderLambda.js skips incomplete creds (evidence §2.6, §8.1)",
    },
    Rule {
        id: "provider-details-unchecked",
        stage: Stage::Skipped,
        checks: "(not a check) provider client ids, team and key ids are stored as sent",
        source: "cognito-idp model ProviderDetailsType: a string map with no constraints",
    },
    Rule {
        id: "mfa-on-after-creation",
        stage: Stage::Job,
        checks: "an update cannot turn MFA to ON (required) on an existing pool",
        source: "Cognito guide user-pool-settings-mfa.md: Required only at creation; the CLI disables ON on edit (disableOptionsOnEdit); Cognito's text in a CloudFormation event (amplify-studio#482)",
    },
    Rule {
        id: "forgot-password-deprecated",
        stage: Stage::Job,
        checks: "an update that changes ForgotPassword",
        source: "ForgotPassword is deprecated in the AB model since 2022-03-16; Studio edits of it failed with `ValidationException: null` (amplify-studio#282, amplify-hosting#2069, evidence §8.6)",
    },
    Rule {
        id: "update-keeps-domain",
        stage: Stage::Applied,
        checks: "an update with OAuth but no DomainPrefix keeps the stored domain",
        source: "the CLI adaptor maps `hostedUIDomainName: oauthConfig.domainPrefix` and `assignDefaults` skips undefined (auth-request-adaptors.ts, auth-defaults-appliers.ts; evidence §8.3)",
    },
    Rule {
        id: "identity-pool-added-by-update",
        stage: Stage::Applied,
        checks: "an update to IDENTITY_POOL_AND_USER_POOL on a resource without an identity pool adds one named `<app>_identitypool_<8 hex>`",
        source: "inference (evidence §8.7): the CLI's defaults supply identityPoolName (auth-defaults-appliers.ts with cognito-defaults.js)",
    },
    Rule {
        id: "resource-name",
        stage: Stage::Job,
        checks: "ResourceName 1–128 ASCII letters and digits",
        source: "the Amplify CLI's resource name rule (supported-services.ts validation, anchors §1.1); the name becomes part of CloudFormation logical ids. The service's own answer is not public (inference: the CLI run fails)",
    },
    Rule {
        id: "imported-not-updatable",
        stage: Stage::Job,
        checks: "an UpdateBackendAuth of an imported resource",
        source: "conservative, no public evidence: an imported pool is not managed by the auth stack (the CLI's import keeps `serviceType: imported` and deploys no Cognito resources), so there is nothing the update could change",
    },
    Rule {
        id: "env-name",
        stage: Stage::Job,
        checks: "CreateBackend and CloneBackend: the new environment's name is 2–10 lower-case letters",
        source: "the Amplify CLI's rule `^[a-z]{2,10}$`, \"Environment name must be between 2 and 10 characters, and lowercase only.\" (amplify-cli s0-analyzeProject.ts); the service runs the CLI for every job (evidence §5, inference)",
    },
    Rule {
        id: "clone-rejudged",
        stage: Stage::Job,
        checks: "CloneBackend: each copied auth resource is judged by the create rules in the new environment; one failure fails the clone, leaving the new environment empty",
        source: "the clone deploys the copied categories into the new environment's stacks (evidence §3.3, §5); an empty environment after a failed clone (amplify-hosting#3022, amplify-studio#507)",
    },
    Rule {
        id: "create-backend-unknown-app",
        stage: Stage::Door,
        checks: "CreateBackend for an app that does not exist: 404 NotFoundException (the app is made by Amplify CreateApp, which the sandbox serves)",
        source: "conservative: the AmplifyBackend model lists NotFoundException for CreateBackend, and a backend belongs to an existing app (evidence §5, inference); whether the service instead creates the app is not public",
    },
];

/// Where a failure surfaces in the deployment, which decides what a FAILED job's Error says on AWS
/// (see [`events`]): the Amplify CLI's own output, a native CloudFormation resource (the Cognito
/// text is inside the event), or a custom resource (a Lambda; the Cognito text is only in its
/// CloudWatch log). Resource names are the CLI's auth stack's logical ids
/// (`auth-cognito-stack-builder.ts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The CLI fails before CloudFormation runs.
    Cli,
    /// `UserPool` (`AWS::Cognito::UserPool`).
    UserPool,
    /// `IdentityPool` (`AWS::Cognito::IdentityPool`).
    IdentityPool,
    /// `HostedUICustomResourceInputs`: the hosted UI domain (`hostedUILambda.js`).
    HostedUi,
    /// `HostedUIProvidersCustomResourceInputs`: the social providers (`hostedUIProviderLambda.js`).
    Providers,
    /// `OAuthCustomResourceInputs`: the app clients' OAuth settings (`oauthLambda.js`).
    OAuth,
}

/// Why a job fails: the rule, where it surfaces, and the text the failing call gives
/// (`Exception: message` for Cognito).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub rule: &'static str,
    pub part: Part,
    pub text: String,
}

fn at(rule: &'static str, part: Part, text: Option<String>) -> Option<Failure> {
    text.map(|text| Failure { rule, part, text })
}

/// Facts about the place a config is deployed to that the rules need.
pub struct Place<'a> {
    pub env: &'a str,
    /// Hosted UI domains other resources hold (`<prefix>-<env>`).
    pub taken_domains: &'a [String],
    /// The user pool's id (Cognito names it in its messages).
    pub user_pool_id: &'a str,
    /// Providers the request names that the provider Lambda skipped because their secret is
    /// missing and that do not exist in the pool (see `update_semantics`).
    pub providers_not_created: &'a [String],
}

/// Why a CreateBackendAuth job fails, or `None` when it completes.
pub fn create_failure(cfg: &AuthConfig, place: &Place<'_>) -> Option<Failure> {
    // Rule oauth-needs-domain (inference, evidence §8.3): the stack builder creates the hosted UI
    // custom resource only `if (props.hostedUIDomainName)`, and the OAuth resource refers to it.
    if cfg
        .user_pool
        .oauth
        .as_ref()
        .is_some_and(|o| o.domain_prefix.as_deref().is_none_or(str::is_empty))
    {
        return at(
            "oauth-needs-domain",
            Part::Cli,
            Some(cli_failed(
                "the auth stack cannot be built: OAuth is configured without a hosted UI domain (hostedUIDomainName is undefined)",
            )),
        );
    }
    config_failure(cfg, place)
}

/// Why an UpdateBackendAuth job fails, given the stored config, what it would become and what
/// the request carried (CLI shape).
pub fn update_failure(
    before: &AuthConfig,
    after: &AuthConfig,
    request: &serde_json::Value,
    place: &Place<'_>,
) -> Option<Failure> {
    // Rule forgot-password-deprecated.
    let sent_fp = request.pointer("/UserPoolConfigs/ForgotPassword");
    if let Some(fp) = sent_fp.filter(|v| !v.is_null()) {
        let stored = serde_json::to_value(&before.user_pool.forgot_password).unwrap_or_default();
        if !same_json(fp, &stored) {
            return at(
                "forgot-password-deprecated",
                Part::Cli,
                Some("ValidationException: null".into()),
            );
        }
    }
    // Rule mfa-on-after-creation.
    let mode = |c: &AuthConfig| c.user_pool.mfa.as_ref().map(|m| m.mode.clone());
    if mode(after) == Some(MfaMode::On) && mode(before) != Some(MfaMode::On) {
        // Cognito's own words (amplify-studio #482), which is what clients see and decode.
        return at(
            "mfa-on-after-creation",
            Part::UserPool,
            Some("InvalidParameterException: Cannot turn MFA functionality ON, once the user pool has been created.".into()),
        );
    }
    config_failure(after, place)
}

/// Whether two CLI-shaped values say the same, ignoring members that are null.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    fn strip(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(a) == strip(b)
}

/// The pool id the judgements below name (they judge a config, not a stored resource).
const JUDGED_POOL: &str = "us-east-1_Judged";

/// What a CreateBackendAuth job in `env` does with `cfg`, decided as the handler decides it
/// (the CLI's provider handling, then the rules), with no other resource holding domains: for the
/// divergence table, which must judge what the sandbox really runs.
pub fn judge_create(cfg: &AuthConfig, env: &str) -> Option<Failure> {
    let applied = super::update_semantics::created(serde_json::to_value(cfg).ok()?);
    let mut config: AuthConfig = serde_json::from_value(applied.config).ok()?;
    if config.auth_resources == AuthResources::UserPoolOnly {
        config.identity_pool = None;
    }
    create_failure(
        &config,
        &Place {
            env,
            taken_domains: &[],
            user_pool_id: JUDGED_POOL,
            providers_not_created: &applied.providers_not_created,
        },
    )
}

/// What an UpdateBackendAuth job in `env` does with `request` (CLI shape) on `stored`, decided as
/// the handler decides it; see [`judge_create`].
pub fn judge_update(
    stored: &AuthConfig,
    request: &serde_json::Value,
    env: &str,
) -> Option<Failure> {
    let applied = super::update_semantics::apply(
        crate::model::amplifybackend(),
        &serde_json::to_value(stored).ok()?,
        request,
        "app_identitypool_00000000",
    );
    match serde_json::from_value::<AuthConfig>(applied.config) {
        Err(e) => Some(Failure {
            rule: "update-shape",
            part: Part::Cli,
            text: format!(
                "InvalidParameterException: the update cannot be applied to the stored configuration: {e}"
            ),
        }),
        Ok(next) => update_failure(
            stored,
            &next,
            request,
            &Place {
                env,
                taken_domains: &[],
                user_pool_id: JUDGED_POOL,
                providers_not_created: &applied.providers_not_created,
            },
        ),
    }
}

/// A failure of the Amplify CLI run by the job, as the job's Error carries CLI output
/// ("Command failed with exit code 1: /root/.amplify/bin/amplify push --yes …", amplify-studio
/// #277). The reason after it is the sandbox's own words: the service's text is not public.
fn cli_failed(reason: &str) -> String {
    format!(
        "Command failed with exit code 1: /root/.amplify/bin/amplify push --yes: {reason} (sandbox: the service's own text for this is not public)"
    )
}

/// Cognito's reserved words for prefix domains (Cognito developer guide, "Using the Amazon Cognito
/// prefix domain"; amplify-cli#3854, #1513).
const RESERVED: [&str; 3] = ["aws", "amazon", "cognito"];

/// Whether a callback URL is one Cognito takes: absolute, without a fragment, and HTTPS unless
/// it is http on a loopback host, `localhost`, `127.0.0.1` or `[::1]` (cognito-idp model,
/// CreateUserPoolClient.CallbackURLs documentation; app schemes such as `myapp://` are allowed).
/// The reason when it is not.
fn callback_url_problem(url: &str) -> Option<&'static str> {
    let Some((scheme, rest)) = url.split_once(':') else {
        return Some("must be an absolute URI (with a scheme)");
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() {
        return Some("must be an absolute URI (with a scheme)");
    }
    if url.contains('#') {
        return Some("must not contain a fragment");
    }
    if scheme.eq_ignore_ascii_case("http") {
        let authority = rest.trim_start_matches('/');
        let host = if authority.starts_with("[::1]") {
            "[::1]"
        } else {
            authority.split(['/', ':', '?']).next().unwrap_or("")
        };
        if !(host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "[::1]") {
            return Some(
                "must use HTTPS (plain http is allowed only for localhost, 127.0.0.1 and [::1])",
            );
        }
    }
    None
}

fn config_failure(cfg: &AuthConfig, place: &Place<'_>) -> Option<Failure> {
    let idp = cognito_idp();
    let up = &cfg.user_pool;
    // Rule identity-pool-config.
    if cfg.auth_resources == AuthResources::IdentityPoolAndUserPool && cfg.identity_pool.is_none() {
        return at(
            "identity-pool-config",
            Part::Cli,
            Some(cli_failed(
                "IdentityPoolConfigs (with IdentityPoolName) is required when AuthResources is IDENTITY_POOL_AND_USER_POOL",
            )),
        );
    }
    // Rule mfa-types (inference, evidence §8.4): the adaptor maps `mfaTypes` without a guard.
    if let Some(m) = &up.mfa
        && m.mode != MfaMode::Off
        && m.settings
            .as_ref()
            .and_then(|s| s.mfa_types.as_ref())
            .is_none_or(Vec::is_empty)
    {
        return at(
            "mfa-types",
            Part::Cli,
            Some(cli_failed(&format!(
                "MFAMode is {} but Settings.MfaTypes is empty (the headless adaptor reads mfaTypes without a guard)",
                m.mode
            ))),
        );
    }
    // The deployment's order: the user pool, the identity pool, the hosted UI domain, the social
    // providers, then the app clients' OAuth settings; the first failure stops it.
    let mut checks: Vec<Option<Failure>> = Vec::new();
    let pool = |text| at("user-pool-name", Part::UserPool, text);
    // Rule user-pool-name.
    checks.push(pool(constraint::string(
        idp,
        "UserPoolNameType",
        &env_suffixed(&up.user_pool_name, "-", place.env),
        "poolName",
    )));
    // Rule password-length.
    if let Some(p) = &up.password_policy {
        checks.push(at(
            "password-length",
            Part::UserPool,
            constraint::integer(
                idp,
                "PasswordPolicyMinLengthType",
                p.minimum_length,
                "policies.passwordPolicy.minimumLength",
            ),
        ));
    }
    // Rules sms-messages and email-message. The CLI sends the verification message as the pool's
    // SmsVerificationMessage / EmailVerificationMessage and Subject, the MFA one as its
    // SmsAuthenticationMessage.
    let sms = |m: &str, at_: &str| {
        at(
            "sms-messages",
            Part::UserPool,
            constraint::string(idp, "SmsVerificationMessageType", m, at_),
        )
    };
    let email = |shape: &str, m: &str, at_: &str| {
        at(
            "email-message",
            Part::UserPool,
            constraint::string(idp, shape, m, at_),
        )
    };
    if let Some(v) = &up.verification_message {
        match v.delivery_method {
            DeliveryMethod::Sms => {
                if let Some(m) = v.sms.as_ref().and_then(|s| s.message.as_deref()) {
                    checks.push(sms(m, "smsVerificationMessage"));
                }
            }
            DeliveryMethod::Email => {
                if let Some(e) = &v.email {
                    if let Some(m) = e.message.as_deref() {
                        checks.push(email(
                            "EmailVerificationMessageType",
                            m,
                            "emailVerificationMessage",
                        ));
                    }
                    if let Some(s) = e.subject.as_deref() {
                        checks.push(email(
                            "EmailVerificationSubjectType",
                            s,
                            "emailVerificationSubject",
                        ));
                    }
                }
            }
            DeliveryMethod::Unknown(_) => {}
        }
    }
    if let Some(m) = up
        .mfa
        .as_ref()
        .and_then(|m| m.settings.as_ref())
        .and_then(|s| s.sms_message.as_deref())
    {
        checks.push(sms(m, "smsAuthenticationMessage"));
    }
    // Rule identity-pool-name.
    if let Some(ip) = &cfg.identity_pool {
        checks.push(at(
            "identity-pool-name",
            Part::IdentityPool,
            constraint::string(
                cognito_identity(),
                "IdentityPoolName",
                &env_suffixed(&ip.identity_pool_name, "__", place.env),
                "identityPoolName",
            ),
        ));
    }
    if let Some(o) = &up.oauth {
        // Rules domain, domain-reserved-word and domain-taken.
        if let Some(prefix) = &o.domain_prefix {
            let domain = env_suffixed(prefix, "-", place.env);
            checks.push(at(
                "domain",
                Part::HostedUi,
                constraint::string(idp, "DomainType", &domain, "domain"),
            ));
            checks.push(at(
                "domain-reserved-word",
                Part::HostedUi,
                RESERVED.iter().find(|w| domain.contains(*w)).map(|w| {
                    format!("InvalidParameterException: Domain cannot contain reserved word: {w}")
                }),
            ));
            if place.taken_domains.contains(&domain) {
                checks.push(at(
                    "domain-taken",
                    Part::HostedUi,
                    Some(format!(
                        "Error: Domain not available: {domain} is already taken by another user pool"
                    )),
                ));
            }
        }
        // Rule apple-key.
        if let Some(key) = o
            .social_providers
            .as_ref()
            .and_then(|p| p.sign_in_with_apple.as_ref())
            .and_then(|a| a.private_key.as_ref())
        {
            checks.push(at(
                "apple-key",
                Part::Providers,
                apple::problem(key.expose()),
            ));
        }
        // Rule provider-not-created.
        if let Some(p) = place.providers_not_created.first() {
            checks.push(at(
                "provider-not-created",
                Part::OAuth,
                Some(format!(
                    "InvalidParameterException: The provider {p} does not exist for User Pool {}.",
                    place.user_pool_id
                )),
            ));
        }
        // Rules callback-urls-empty, redirect-urls and callback-url-form.
        if o.redirect_sign_in_uris.is_empty() {
            checks.push(at(
                "callback-urls-empty",
                Part::OAuth,
                Some("InvalidOAuthFlowException: CallbackUrls can not be empty".into()),
            ));
        }
        for (list, uris) in [
            ("callbackURLs", &o.redirect_sign_in_uris),
            ("logoutURLs", &o.redirect_sign_out_uris),
        ] {
            let shape = idp.shape(if list == "callbackURLs" {
                "CallbackURLsListType"
            } else {
                "LogoutURLsListType"
            });
            if shape.max.is_some_and(|m| uris.len() as f64 > m) {
                checks.push(at("redirect-urls", Part::OAuth, Some(format!(
                    "InvalidParameterException: 1 validation error detected: Value at '{list}' failed to satisfy constraint: Member must have length less than or equal to {}",
                    shape.max.unwrap_or_default()
                ))));
            }
            for (i, u) in uris.iter().enumerate() {
                checks.push(at(
                    "redirect-urls",
                    Part::OAuth,
                    constraint::string(
                        idp,
                        "RedirectUrlType",
                        u,
                        &format!("{list}.{}.member", i + 1),
                    ),
                ));
                if list == "callbackURLs" {
                    checks.push(at(
                        "callback-url-form",
                        Part::OAuth,
                        callback_url_problem(u).map(|why| {
                            format!("InvalidParameterException: The callback URL {u} {why}.")
                        }),
                    ));
                }
            }
        }
    }
    checks.into_iter().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::{default_config, maximal_config};

    fn place(env: &str) -> Place<'_> {
        Place {
            env,
            taken_domains: &[],
            user_pool_id: "us-east-1_Pool1",
            providers_not_created: &[],
        }
    }

    fn text(f: Option<Failure>) -> String {
        f.map(|f| f.text).unwrap_or_default()
    }

    fn apple_key() -> String {
        crate::domain::apple_key::generate_key().1
    }

    #[test]
    fn the_samples_pass() {
        assert_eq!(create_failure(&default_config("d"), &place("dev")), None);
        assert_eq!(
            create_failure(&maximal_config(&apple_key()), &place("dev")),
            None
        );
    }

    #[test]
    fn provider_ids_are_not_checked() {
        let mut cfg = maximal_config(&apple_key());
        let sp = cfg
            .user_pool
            .oauth
            .as_mut()
            .unwrap()
            .social_providers
            .as_mut()
            .unwrap();
        sp.google.as_mut().unwrap().client_id = Some("12345".into());
        sp.sign_in_with_apple.as_mut().unwrap().team_id = Some("TEAM12".into());
        assert_eq!(create_failure(&cfg, &place("dev")), None);
    }

    #[test]
    fn the_domain_is_checked_with_its_env_suffix() {
        let mut cfg = maximal_config(&apple_key());
        let o = cfg.user_pool.oauth.as_mut().unwrap();
        o.domain_prefix = Some("Upper".into());
        let e = text(create_failure(&cfg, &place("dev")));
        assert!(e.contains("Value 'Upper-dev' at 'domain'"), "{e}");
        // 60 characters fit alone but not with "-dev".
        let o = cfg.user_pool.oauth.as_mut().unwrap();
        o.domain_prefix = Some("a".repeat(60));
        let e = text(create_failure(&cfg, &place("dev")));
        assert!(e.contains("less than or equal to 63"), "{e}");
        assert_eq!(create_failure(&cfg, &place("NONE")), None);
    }

    #[test]
    fn a_taken_domain_fails_as_the_cli_lambda_says() {
        let cfg = maximal_config(&apple_key());
        let prefix = cfg
            .user_pool
            .oauth
            .as_ref()
            .unwrap()
            .domain_prefix
            .clone()
            .unwrap();
        let taken = vec![format!("{prefix}-dev")];
        let p = Place {
            taken_domains: &taken,
            ..place("dev")
        };
        assert!(text(create_failure(&cfg, &p)).contains("Domain not available"));
        assert_eq!(create_failure(&cfg, &place("prod")), None);
    }

    #[test]
    fn mfa_cannot_become_on_after_creation() {
        let before = default_config("d");
        let mut after = before.clone();
        after.user_pool.mfa = Some(crate::domain::MfaConfig {
            mode: MfaMode::On,
            settings: Some(crate::domain::MfaSettings {
                mfa_types: Some(vec![crate::domain::MfaType::Totp]),
                ..Default::default()
            }),
            ..Default::default()
        });
        let none = serde_json::Value::Null;
        let f = update_failure(&before, &after, &none, &place("dev")).unwrap();
        assert!(f.text.contains("ON"), "{f:?}");
        assert_eq!(f.part, Part::UserPool);
        assert_eq!(update_failure(&after, &after, &none, &place("dev")), None);
    }

    fn oauth(cfg: &mut AuthConfig) -> &mut crate::domain::OAuthConfig {
        cfg.user_pool.oauth.as_mut().unwrap()
    }

    #[test]
    fn a_reserved_word_fails_wherever_it_comes_from() {
        let mut cfg = maximal_config(&apple_key());
        oauth(&mut cfg).domain_prefix = Some("shop".into());
        assert_eq!(create_failure(&cfg, &place("dev")), None);
        let f = create_failure(&cfg, &place("newcognito")).unwrap();
        assert_eq!(f.rule, "domain-reserved-word");
        assert_eq!(f.part, Part::HostedUi);
        assert_eq!(
            f.text,
            "InvalidParameterException: Domain cannot contain reserved word: cognito"
        );
        oauth(&mut cfg).domain_prefix = Some("my-cognito-app".into());
        assert_eq!(
            create_failure(&cfg, &place("dev")).unwrap().rule,
            "domain-reserved-word"
        );
    }

    #[test]
    fn a_provider_not_created_fails_in_the_oauth_resource_naming_the_pool() {
        let cfg = maximal_config(&apple_key());
        let missing = vec!["Google".to_string()];
        let p = Place {
            providers_not_created: &missing,
            ..place("dev")
        };
        let f = create_failure(&cfg, &p).unwrap();
        assert_eq!(f.part, Part::OAuth);
        assert_eq!(
            f.text,
            "InvalidParameterException: The provider Google does not exist for User Pool us-east-1_Pool1."
        );
    }

    #[test]
    fn create_and_update_semantics_the_evidence_fails() {
        let base = maximal_config(&apple_key());
        // OAuth without a domain on create.
        let mut cfg = base.clone();
        oauth(&mut cfg).domain_prefix = None;
        let f = create_failure(&cfg, &place("dev")).unwrap();
        assert_eq!((f.rule, f.part), ("oauth-needs-domain", Part::Cli));
        assert!(
            f.text.starts_with("Command failed with exit code 1"),
            "{}",
            f.text
        );
        // MFA on without types.
        let mut cfg = base.clone();
        cfg.user_pool.mfa.as_mut().unwrap().settings = None;
        assert_eq!(
            create_failure(&cfg, &place("dev")).unwrap().rule,
            "mfa-types"
        );
        // An empty callback list.
        let mut cfg = base.clone();
        oauth(&mut cfg).redirect_sign_in_uris.clear();
        let f = create_failure(&cfg, &place("dev")).unwrap();
        assert_eq!(
            f.text,
            "InvalidOAuthFlowException: CallbackUrls can not be empty"
        );
        // Relative, fragment and plain-http callback URLs; loopback http and app schemes pass.
        for (url, ok) in [
            ("/callback", false),
            ("https://a.example/#x", false),
            ("http://a.example/", false),
            ("http://localhost:3000/", true),
            ("http://127.0.0.1:8080/cb", true),
            ("http://[::1]:3000/", true),
            ("myapp://callback", true),
        ] {
            let mut cfg = base.clone();
            oauth(&mut cfg).redirect_sign_in_uris = vec![url.into()];
            let f = create_failure(&cfg, &place("dev"));
            assert_eq!(f.is_none(), ok, "{url}: {f:?}");
            if let Some(f) = f {
                assert_eq!(f.rule, "callback-url-form", "{url}");
            }
        }
    }

    #[test]
    fn a_forgot_password_edit_fails_as_studio_saw_it() {
        let before = maximal_config(&apple_key());
        let stored = serde_json::to_value(&before).unwrap();
        let mut request = stored.clone();
        let none = serde_json::Value::Null;
        assert_eq!(
            update_failure(&before, &before, &request, &place("dev")),
            None
        );
        assert_eq!(update_failure(&before, &before, &none, &place("dev")), None);
        assert!(
            request["UserPoolConfigs"]["ForgotPassword"].is_object(),
            "{request:#}"
        );
        request["UserPoolConfigs"]["ForgotPassword"]["DeliveryMethod"] = "SMS".into();
        let f = update_failure(&before, &before, &request, &place("dev")).unwrap();
        assert_eq!(f.text, "ValidationException: null");
    }

    #[test]
    fn every_rule_has_an_id_and_a_source() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(
            RULES
                .iter()
                .all(|r| !r.source.is_empty() && !r.checks.is_empty())
        );
    }
}
