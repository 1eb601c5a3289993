//! Writes `docs/divergence.md`: where the client's rules (`domain::validate`) and the sandbox's
//! rules (`sandbox::rules`, which stand in for the service) disagree. Each probe is one config,
//! judged by both for real (nothing here is a hard-coded verdict); only the probes where the two
//! verdicts differ go into the table, each with the sources of both sides. That table is the
//! list of places where the client may be wrong about the service.
//!
//! The committed document must match what this test generates; when it does not, the test
//! rewrites it and fails, so the change is seen and committed.

use amplify_auth::domain::samples::maximal_config;
use amplify_auth::domain::validate::{Severity, validate_config};
use amplify_auth::domain::*;
use amplify_auth::sandbox::rules::{self, Place, RULES, Stage};

struct Probe {
    name: &'static str,
    change: fn(&mut AuthConfig),
    /// Why each side judges as it does.
    sources: &'static str,
}

fn sp(c: &mut AuthConfig) -> &mut SocialProviders {
    c.user_pool
        .oauth
        .as_mut()
        .unwrap()
        .social_providers
        .as_mut()
        .unwrap()
}

fn probes() -> Vec<Probe> {
    vec![
        Probe {
            name: "Google client ID `12345`",
            change: |c| sp(c).google.as_mut().unwrap().client_id = Some("12345".into()),
            sources: "client: Google documents client IDs ending `.apps.googleusercontent.com`, so sign-in would break after deploy; service: cognito-idp ProviderDetailsType has no constraints",
        },
        Probe {
            name: "Apple Team ID `TEAM12`",
            change: |c| sp(c).sign_in_with_apple.as_mut().unwrap().team_id = Some("TEAM12".into()),
            sources: "client: Apple's Team IDs are 10 characters; service: ProviderDetails unchecked",
        },
        Probe {
            name: "Apple Key ID `KEY1`",
            change: |c| sp(c).sign_in_with_apple.as_mut().unwrap().key_id = Some("KEY1".into()),
            sources: "client: Apple's Key IDs are 10 characters; service: ProviderDetails unchecked",
        },
        Probe {
            name: "Facebook App ID `not-numeric`",
            change: |c| sp(c).facebook.as_mut().unwrap().client_id = Some("not-numeric".into()),
            sources: "client: Cognito's example is numeric (warning only); service: unchecked",
        },
        Probe {
            name: "Amazon client ID without `amzn1.application-oa2-client.`",
            change: |c| sp(c).login_with_amazon.as_mut().unwrap().client_id = Some("abc".into()),
            sources: "client: the Cognito model's example prefix, a warning only (an example is not evidence); service: unchecked",
        },
        Probe {
            name: "identity pool name `my-pool`",
            change: |c| c.identity_pool.as_mut().unwrap().identity_pool_name = "my-pool".into(),
            sources: "client: the Amplify CLI's own prompt allows `[A-Za-z0-9_]`; service: cognito-identity IdentityPoolName `[\\w\\s+=,.@-]+` allows `-`",
        },
        Probe {
            name: "domain prefix of 60 characters (env `dev`)",
            change: |c| c.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("a".repeat(60)),
            sources: "service: `<prefix>-<env>` must fit DomainType's 63 (auth stack + cognito-idp model); client: checks the prefix alone (no env in `validate_config`)",
        },
        Probe {
            name: "domain prefix `Upper`",
            change: |c| c.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("Upper".into()),
            sources: "both: cognito-idp DomainType pattern",
        },
        Probe {
            name: "RequiredSignUpAttributes with ZONE_INFO",
            change: |c| {
                c.user_pool
                    .required_sign_up_attributes
                    .push(SignUpAttribute::ZoneInfo)
            },
            sources: "client: blocks because Facebook cannot supply `zoneinfo` (the CLI's provider attribute table), and warns on ZONE_INFO itself: the CLI's adaptor lower-cases it to `zone_info`, not Cognito's `zoneinfo` (inference, evidence §4.1); service: not evidenced, accepted",
        },
        Probe {
            name: "Google provider without its client secret",
            change: |c| sp(c).google.as_mut().unwrap().client_secret = None,
            sources: "client: Cognito refuses a provider without client_secret (amplify-cli#8149); service: the CLI's provider Lambda skips it, the job completes (evidence §2.6)",
        },
        Probe {
            name: "Apple key with PEM armour",
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
            change: |c| c.user_pool.password_policy.as_mut().unwrap().minimum_length = 5.0,
            sources: "both: cognito-idp PasswordPolicyMinLengthType 6–99",
        },
        Probe {
            name: "callback URL with a space",
            change: |c| {
                c.user_pool.oauth.as_mut().unwrap().redirect_sign_in_uris[0] =
                    "https://a.example/ x".into()
            },
            sources: "both: cognito-idp RedirectUrlType pattern has no whitespace",
        },
    ]
}

/// The client's verdict on what the probe changed: findings the base config does not have.
fn client_verdict(base: &AuthConfig, cfg: &AuthConfig) -> String {
    let before = validate_config(base);
    let f: Vec<_> = validate_config(cfg)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    if let Some(e) = f.iter().find(|f| f.severity == Severity::Error) {
        format!("blocks ({})", e.path)
    } else if let Some(w) = f.iter().find(|f| f.severity == Severity::Warning) {
        format!("warns ({})", w.path)
    } else {
        "passes".into()
    }
}

fn sandbox_verdict(cfg: &AuthConfig) -> String {
    let place = Place {
        env: "dev",
        taken_domains: &[],
    };
    match rules::create_failure(cfg, &place) {
        Some(e) => format!("job FAILED ({})", e.split(':').next().unwrap_or("")),
        None => "job COMPLETED".into(),
    }
}

fn document() -> String {
    let (_, key) = amplify_auth::domain::apple_key::generate_key();
    let base = maximal_config(&key);
    assert!(!amplify_auth::domain::validate::has_errors(
        &validate_config(&base)
    ));
    assert_eq!(sandbox_verdict(&base), "job COMPLETED");
    let mut rows = Vec::new();
    let mut agree = Vec::new();
    for p in probes() {
        let mut cfg = base.clone();
        (p.change)(&mut cfg);
        let (c, s) = (client_verdict(&base, &cfg), sandbox_verdict(&cfg));
        let client_stops = c.starts_with("blocks");
        let service_stops = s.starts_with("job FAILED");
        // A warning about something the service accepts counts as a divergence too.
        let warns_needlessly = c.starts_with("warns") && !service_stops;
        if client_stops == service_stops && !warns_needlessly {
            agree.push(p.name);
        } else {
            rows.push(format!("| {} | {c} | {s} | {} |", p.name, p.sources));
        }
    }
    let mut out = String::from(
        "# Where the client and the sandbox disagree\n\n\
         Generated by `tests/sandbox_divergence.rs` (do not edit by hand). Each row is one config, judged for real by the\n\
         client's rules (`src/domain/validate*`) and by the sandbox's rules (`src/sandbox/rules`), which stand in for the\n\
         service and come from the AWS models and the public evidence only. A row is a place where the client may be\n\
         wrong about the service: a client block the service would not make (it needs evidence that the value cannot\n\
         work), a warning about something the service accepts, or a failure the client does not foresee.\n\n\
         | Config | Client | Sandbox (as the service) | Sources |\n|---|---|---|---|\n",
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
