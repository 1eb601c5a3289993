//! Writes `docs/divergence.md`: where the client and the sandbox (which stands in for the service)
//! disagree. Each probe is one config on one path, judged for real by both sides:
//!
//! - the client by exactly what it runs on that path: `create` and the wizard's create run
//!   `check_config` (`validate_config`) and the hosted UI domain check in the target environment;
//!   `update` and the wizard's edit run `plan_update` on the config as read back (without the
//!   secrets the service does not return) and the same domain check; `env add --from` runs the
//!   domain check of each copied resource in the new environment;
//! - the sandbox by what its handlers run: the CLI's provider handling and update semantics
//!   (`update_semantics`), then its rules (`sandbox::rules::judge_create` / `judge_update`).
//!
//! Nothing here is a hard-coded verdict. Each probe changes one thing of a one-purpose base
//! config, and the client's verdict counts only findings the base does not have. Only the probes
//! where the verdicts differ become rows, each with the sources of both sides.
//!
//! The committed document must match what this test generates; when it does not, the test
//! rewrites it and fails, so the change is seen and committed.

use amplify_auth::domain::finding::{self, Finding, Severity};
use amplify_auth::domain::hosted_ui::check_domain_in_env;
use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::update_plan::plan_update;
use amplify_auth::domain::validate::validate_config;
use amplify_auth::domain::*;
use amplify_auth::sandbox::rules::{self, RULES, Stage};

/// Which path a probe takes.
#[derive(Clone, Copy)]
enum Path {
    /// `create` / the wizard creating a resource, in this environment.
    Create(&'static str),
    /// `env add --from`: the config is copied into this environment.
    Clone(&'static str),
    /// `update` / the wizard editing the base, deployed in `dev`.
    Update,
}

/// The one-purpose bases.
#[derive(Clone, Copy)]
enum Base {
    /// A user pool with no hosted UI (`default_config`).
    Plain,
    /// A hosted UI with no social providers.
    HostedUi,
    /// A hosted UI with all four providers (`maximal_config`).
    Providers,
    /// A hosted UI with Facebook, Google and Apple, not Login with Amazon.
    NoAmazon,
    /// A user pool alone, no identity pool.
    UserPoolOnly,
}

struct Probe {
    name: &'static str,
    path: Path,
    base: Base,
    change: fn(&mut AuthConfig),
    /// Why each side judges as it does.
    sources: &'static str,
}

fn oauth(c: &mut AuthConfig) -> &mut OAuthConfig {
    c.user_pool.oauth.as_mut().unwrap()
}

fn sp(c: &mut AuthConfig) -> &mut SocialProviders {
    oauth(c).social_providers.as_mut().unwrap()
}

fn base(b: Base, key: &str) -> AuthConfig {
    match b {
        Base::Plain => default_config("probe"),
        Base::HostedUi => {
            let mut c = maximal_config(key);
            oauth(&mut c).social_providers = None;
            c
        }
        Base::Providers => maximal_config(key),
        Base::NoAmazon => {
            let mut c = maximal_config(key);
            sp(&mut c).login_with_amazon = None;
            c
        }
        Base::UserPoolOnly => {
            let mut c = default_config("probe");
            c.identity_pool = None;
            c.auth_resources = AuthResources::UserPoolOnly;
            c
        }
    }
}

fn probes() -> Vec<Probe> {
    use Base::{HostedUi, NoAmazon, Plain, Providers, UserPoolOnly};
    use Path::*;
    vec![
        Probe {
            name: "Google client ID `12345`",
            path: Create("dev"),
            base: Providers,
            change: |c| sp(c).google.as_mut().unwrap().client_id = Some("12345".into()),
            sources: "client: Google documents client IDs ending `.apps.googleusercontent.com`, so sign-in would break after deploy; service: cognito-idp ProviderDetailsType has no constraints",
        },
        Probe {
            name: "Apple Team ID `TEAM12`",
            path: Create("dev"),
            base: Providers,
            change: |c| sp(c).sign_in_with_apple.as_mut().unwrap().team_id = Some("TEAM12".into()),
            sources: "client: Apple's Team IDs are 10 characters; service: ProviderDetails unchecked",
        },
        Probe {
            name: "Apple Key ID `KEY1`",
            path: Create("dev"),
            base: Providers,
            change: |c| sp(c).sign_in_with_apple.as_mut().unwrap().key_id = Some("KEY1".into()),
            sources: "client: Apple's Key IDs are 10 characters; service: ProviderDetails unchecked",
        },
        Probe {
            name: "Facebook App ID `not-numeric`",
            path: Create("dev"),
            base: Providers,
            change: |c| sp(c).facebook.as_mut().unwrap().client_id = Some("not-numeric".into()),
            sources: "client: Cognito's example is numeric (warning only); service: unchecked",
        },
        Probe {
            name: "Amazon client ID without `amzn1.application-oa2-client.`",
            path: Create("dev"),
            base: Providers,
            change: |c| sp(c).login_with_amazon.as_mut().unwrap().client_id = Some("abc".into()),
            sources: "client: the Cognito model's example prefix, a warning only (an example is not evidence); service: unchecked",
        },
        Probe {
            name: "identity pool name `my-pool`",
            path: Create("dev"),
            base: Plain,
            change: |c| c.identity_pool.as_mut().unwrap().identity_pool_name = "my-pool".into(),
            sources: "client: the Amplify CLI's own prompt allows `[A-Za-z0-9_]`; service: cognito-identity IdentityPoolName `[\\w\\s+=,.@-]+` allows `-`",
        },
        Probe {
            name: "RequiredSignUpAttributes with ZONE_INFO (no providers)",
            path: Create("dev"),
            base: Plain,
            change: |c| {
                c.user_pool
                    .required_sign_up_attributes
                    .push(SignUpAttribute::ZoneInfo)
            },
            sources: "client: the CLI's adaptor lower-cases it to `zone_info`, not Cognito's `zoneinfo` (inference, evidence §4.1), a warning; service: not evidenced, accepted",
        },
        Probe {
            name: "domain prefix of 60 characters (env `dev`)",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = Some("a".repeat(60)),
            sources: "both: `<prefix>-<env>` must fit DomainType's 63 (auth stack + cognito-idp model)",
        },
        Probe {
            name: "domain prefix `Upper`",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = Some("Upper".into()),
            sources: "both: cognito-idp DomainType pattern",
        },
        Probe {
            name: "domain prefix `shop` in env `newcognito`",
            path: Create("newcognito"),
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = Some("shop".into()),
            sources: "both: Cognito's reserved words apply to `<prefix>-<env>` (amplify-cli#3854)",
        },
        Probe {
            name: "domain prefix `my-cognito-app`",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = Some("my-cognito-app".into()),
            sources: "both: Cognito guide, reserved words in prefix domains",
        },
        Probe {
            name: "55-character prefix cloned from `staging` into `stagingzz`",
            path: Clone("stagingzz"),
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = Some("a".repeat(55)),
            sources: "both: the copy's domain becomes `<prefix>-stagingzz`, 65 characters",
        },
        Probe {
            name: "OAuth without DomainPrefix",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = None,
            sources: "both: the CLI's stack builder needs the hosted UI domain (inference, evidence §8.3)",
        },
        Probe {
            name: "MFA OPTIONAL without MfaTypes",
            path: Create("dev"),
            base: HostedUi,
            change: |c| c.user_pool.mfa.as_mut().unwrap().settings = None,
            sources: "both: the CLI's adaptor maps mfaTypes unguarded (inference, evidence §8.4)",
        },
        Probe {
            name: "SMS MFA without an SMS message",
            path: Create("dev"),
            base: HostedUi,
            change: |c| {
                let s = c.user_pool.mfa.as_mut().unwrap().settings.as_mut().unwrap();
                s.sms_message = None;
            },
            sources: "client: a warning that the CLI's default text is used; service: the CLI fills \"Your authentication code is {####}\" and completes (evidence §8.4)",
        },
        Probe {
            name: "empty RedirectSignInURIs",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).redirect_sign_in_uris.clear(),
            sources: "both: `InvalidOAuthFlowException: CallbackUrls can not be empty` (evidence §8.5)",
        },
        Probe {
            name: "relative callback URL `/callback`",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).redirect_sign_in_uris = vec!["/callback".into()],
            sources: "both: cognito-idp CallbackURLs documentation (absolute)",
        },
        Probe {
            name: "callback URL with a fragment",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).redirect_sign_in_uris = vec!["https://a.example/#x".into()],
            sources: "both: cognito-idp CallbackURLs documentation (no fragment)",
        },
        Probe {
            name: "plain-http callback URL `http://a.example/`",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).redirect_sign_in_uris = vec!["http://a.example/".into()],
            sources: "both: cognito-idp CallbackURLs documentation (HTTPS except loopback)",
        },
        Probe {
            name: "loopback callback URL `http://127.0.0.1:3000/`",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).redirect_sign_in_uris = vec!["http://127.0.0.1:3000/".into()],
            sources: "both: cognito-idp CallbackURLs documentation allows loopback http",
        },
        Probe {
            name: "callback URL with a space",
            path: Create("dev"),
            base: HostedUi,
            change: |c| oauth(c).redirect_sign_in_uris[0] = "https://a.example/ x".into(),
            sources: "both: cognito-idp RedirectUrlType pattern has no whitespace",
        },
        Probe {
            name: "a new Google provider without its client secret",
            path: Create("dev"),
            base: Providers,
            change: |c| sp(c).google.as_mut().unwrap().client_secret = None,
            sources: "both: the OAuth resource names a provider the provider Lambda skipped (amplify-cli#11986, amplify-studio#472)",
        },
        Probe {
            name: "Apple key with PEM armour",
            path: Create("dev"),
            base: Providers,
            change: |c| {
                let a = sp(c).sign_in_with_apple.as_mut().unwrap();
                let body = a.private_key.as_ref().unwrap().expose().to_string();
                a.private_key = Some(Secret::new(format!(
                    "-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----"
                )));
            },
            sources: "both: \"Provided private key cannot be used for Sign in with Apple\" (amplify-cli#11526, #8939)",
        },
        Probe {
            name: "password minimum 5",
            path: Create("dev"),
            base: Plain,
            change: |c| c.user_pool.password_policy.as_mut().unwrap().minimum_length = 5.0,
            sources: "both: cognito-idp PasswordPolicyMinLengthType 6–99",
        },
        Probe {
            name: "deployed providers sent unchanged without their secrets",
            path: Update,
            base: Providers,
            change: |_| {},
            sources: "both: the provider Lambda leaves an existing provider as it is (evidence §2.6)",
        },
        Probe {
            name: "a new Amazon provider without its secret",
            path: Update,
            base: NoAmazon,
            change: |c| {
                sp(c).login_with_amazon = Some(ProviderClient {
                    client_id: Some("amzn1.application-oa2-client.new".into()),
                    ..Default::default()
                })
            },
            sources: "both: a provider the pool does not have yet needs its secret (evidence §8.1)",
        },
        Probe {
            name: "DomainPrefix removed while OAuth stays",
            path: Update,
            base: HostedUi,
            change: |c| oauth(c).domain_prefix = None,
            sources: "client: refuses, because the service keeps the stored domain and the removal would silently not happen; service: keeps the domain (adaptor `assignDefaults`, evidence §8.3)",
        },
        Probe {
            name: "ForgotPassword edited",
            path: Update,
            base: HostedUi,
            change: |c| {
                c.user_pool
                    .forgot_password
                    .as_mut()
                    .unwrap()
                    .delivery_method = DeliveryMethod::Sms
            },
            sources: "both: ForgotPassword is deprecated; Studio's edits failed with `ValidationException: null` (amplify-studio#282)",
        },
        Probe {
            name: "MFA turned ON",
            path: Update,
            base: HostedUi,
            change: |c| c.user_pool.mfa.as_mut().unwrap().mode = MfaMode::On,
            sources: "both: Cognito makes MFA required only at creation (amplify-studio#482)",
        },
        Probe {
            name: "an identity pool added",
            path: Update,
            base: UserPoolOnly,
            change: |c| {
                c.auth_resources = AuthResources::IdentityPoolAndUserPool;
                c.identity_pool = Some(IdentityPoolConfig {
                    identity_pool_name: "mine".into(),
                    unauthenticated_login: false,
                    ..Default::default()
                });
            },
            sources: "client: warns that the service names the pool (its name cannot be sent); service: the CLI's defaults name it and the job completes (inference, evidence §8.7)",
        },
    ]
}

fn verdict(found: &[Finding], base: &[Finding]) -> String {
    let new: Vec<&Finding> = found.iter().filter(|f| !base.contains(f)).collect();
    if let Some(e) = new.iter().find(|f| f.severity == Severity::Error) {
        format!("blocks ({})", e.path)
    } else if let Some(w) = new.iter().find(|f| f.severity == Severity::Warning) {
        format!("warns ({})", w.path)
    } else {
        "passes".into()
    }
}

/// What the client runs on the probe's path.
fn client_findings(path: Path, base: &AuthConfig, cfg: &AuthConfig) -> Vec<Finding> {
    match path {
        // `env add --from` runs the domain check in the new environment; the copy's own findings
        // are the source's, which the base comparison removes.
        Path::Create(env) | Path::Clone(env) => {
            let mut f = validate_config(cfg);
            f.extend(check_domain_in_env(cfg, env));
            f
        }
        Path::Update => {
            let (current, edited) = as_the_client_edits(base, cfg);
            let mut f = plan_update(&current, &edited).findings;
            f.extend(check_domain_in_env(&edited, "dev"));
            f
        }
    }
}

/// An update as the client makes it: it reads the base back without the secrets the service does
/// not return, and the edit carries what the person typed for a provider it adds (Amazon, the
/// only one a probe adds).
fn as_the_client_edits(base: &AuthConfig, cfg: &AuthConfig) -> (AuthConfig, AuthConfig) {
    let current = base.without_secrets();
    let mut edited = cfg.without_secrets();
    if let (Some(e), Some(c)) = (
        edited
            .user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut()),
        cfg.social_providers(),
    ) && current
        .social_providers()
        .is_none_or(|p| p.login_with_amazon.is_none())
    {
        e.login_with_amazon = c.login_with_amazon.clone();
    }
    (current, edited)
}

fn sandbox_verdict(path: Path, base: &AuthConfig, cfg: &AuthConfig) -> String {
    let failure = match path {
        Path::Create(env) | Path::Clone(env) => rules::judge_create(cfg, env),
        Path::Update => {
            // What the client sends, as the sandbox receives it.
            let (current, edited) = as_the_client_edits(base, cfg);
            let request = serde_json::to_value(plan_update(&current, &edited).request).unwrap();
            rules::judge_update(base, &request, "dev")
        }
    };
    match failure {
        Some(f) => format!("job FAILED ({})", f.rule),
        None => "job COMPLETED".into(),
    }
}

fn path_name(p: Path) -> String {
    match p {
        Path::Create(env) => format!("create / wizard, env `{env}`"),
        Path::Clone(env) => format!("env add --from, into `{env}`"),
        Path::Update => "update / wizard edit".into(),
    }
}

fn document() -> String {
    let (_, key) = amplify_auth::domain::apple_key::generate_key();
    let mut rows = Vec::new();
    let mut agree = Vec::new();
    for p in probes() {
        let b = base(p.base, &key);
        // Each base is valid where it is deployed (`dev`, or the clone's source `staging`) and
        // completes on the service; the probe's change (its config, or the environment it goes
        // to) is then all that differs.
        let at_home = match p.path {
            Path::Create(_) => Path::Create("dev"),
            Path::Clone(_) => Path::Create("staging"),
            Path::Update => Path::Update,
        };
        let base_found = client_findings(at_home, &b, &b);
        assert!(
            !finding::has_errors(&base_found),
            "{}: base {base_found:?}",
            p.name
        );
        assert_eq!(
            sandbox_verdict(at_home, &b, &b),
            "job COMPLETED",
            "{}: base",
            p.name
        );
        let mut cfg = b.clone();
        (p.change)(&mut cfg);
        let c = verdict(&client_findings(p.path, &b, &cfg), &base_found);
        let s = sandbox_verdict(p.path, &b, &cfg);
        let client_stops = c.starts_with("blocks");
        let service_stops = s.starts_with("job FAILED");
        // A warning about something the service accepts counts as a divergence too.
        let warns_needlessly = c.starts_with("warns") && !service_stops;
        if client_stops == service_stops && !warns_needlessly {
            agree.push(format!("{} ({})", p.name, path_name(p.path)));
        } else {
            rows.push(format!(
                "| {} | {} | {c} | {s} | {} |",
                path_name(p.path),
                p.name,
                p.sources
            ));
        }
    }
    let mut out = String::from(
        "# Where the client and the sandbox disagree\n\n\
         Generated by `tests/sandbox/divergence.rs` (do not edit by hand). Each probe is one config on one path,\n\
         judged for real by what the client runs on that path (`create` and the wizard: `validate_config` and the\n\
         hosted UI domain check in the environment; `update` and the wizard's edit: `plan_update` on the config as\n\
         read back and the same domain check; `env add --from`: the domain check in the new environment) and by\n\
         what the sandbox's handlers run (`sandbox::update_semantics`, then `sandbox::rules`), which stand in for\n\
         the service and come from the AWS models and the public evidence only. A row is a place where the two\n\
         disagree: a client block the service would not make, a warning about something the service accepts, or\n\
         a failure the client does not foresee. The job column names the sandbox rule that fails it.\n\n\
         | Path | Config | Client | Sandbox (as the service) | Sources |\n|---|---|---|---|---|\n",
    );
    for r in &rows {
        out.push_str(r);
        out.push('\n');
    }
    out.push_str(&format!(
        "\nProbes where both agree: {}.\n\n## The sandbox's rules\n\n| Rule | Where | Checks | Source |\n|---|---|---|---|\n",
        agree.join("; ")
    ));
    for r in RULES {
        let stage = match r.stage {
            Stage::Door => "refused (4xx)",
            Stage::Job => "job FAILED",
            Stage::Skipped => "not applied",
            Stage::Applied => "job COMPLETED, applied so",
        };
        out.push_str(&format!(
            "| {} | {stage} | {} | {} |\n",
            r.id, r.checks, r.source
        ));
    }
    out
}

#[test]
fn the_divergence_document_is_current() {
    let want = document();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/divergence.md");
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        std::fs::write(&path, &want).unwrap();
        panic!("docs/divergence.md was out of date and has been rewritten; review and commit it");
    }
}

/// Every rule named in a row or the agreement list exists in the rules table, and every probe's
/// verdict is reproducible (two runs, two fresh Apple keys, the same document).
#[test]
fn the_document_is_stable_and_names_real_rules() {
    let a = document();
    assert_eq!(a, document());
    for cap in a.split("job FAILED (").skip(1) {
        let rule = cap.split(')').next().unwrap();
        assert!(RULES.iter().any(|r| r.id == rule), "{rule} is not in RULES");
    }
}
