//! The `gen2` export verified against Amplify Gen 2 itself: the generated `amplify/` files are
//! type-checked with TypeScript and synthesized offline with Gen 2's own packages (CDK synthesis
//! needs no AWS account), and the synthesized auth stack is compared with the source config member
//! by member (`domain::gen2::verify`): password policy, MFA, username and required attributes,
//! messages, the app client's URLs, scopes and flows, one identity provider per social provider
//! with its scopes, the identity pool's guest access and names.
//!
//! The packages come from `AMPLIFY_AUTH_GEN2_NPM` (a folder with `node_modules`), which `.ci/run`
//! fills beforehand; without it the test installs them once into `target/gen2-npm` with npm (the
//! list is `scripts/gen2-npm-packages.txt`). If they cannot be installed (no npm, no network) the
//! test FAILS saying so: it never skips its point.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use amplify_auth::domain::gen2::verify::{Check, compare, is_auth_template};
use amplify_auth::domain::gen2::{
    Gen2Context, Gen2Export, Gen2Ids, Gen2Live, LiveCustomAttribute, Mode, export,
};
use amplify_auth::domain::{AuthConfig, CreateAuthInput};
use amplify_auth::exit_code;
use serde_json::Value;

fn npm_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("AMPLIFY_AUTH_GEN2_NPM") {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join("node_modules/.bin/tsx").exists(),
                "AMPLIFY_AUTH_GEN2_NPM={} has no node_modules/.bin/tsx: install scripts/gen2-npm-packages.txt there",
                dir.display()
            );
            return dir;
        }
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the target folder")
            .join("gen2-npm");
        if !dir.join("node_modules/.bin/tsx").exists()
            || !dir.join("node_modules/@aws-amplify/backend").exists()
        {
            std::fs::create_dir_all(&dir).unwrap();
            let pkg = dir.join("package.json");
            if !pkg.exists() {
                std::fs::write(&pkg, r#"{"name":"amplify-auth-gen2-check","private":true}"#)
                    .unwrap();
            }
            let list = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen2-npm-packages.txt"),
            )
            .unwrap();
            let out = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
                .args(list.split_whitespace())
                .current_dir(&dir)
                .output()
                .unwrap_or_else(|e| {
                    panic!("npm cannot run ({e}): install Node 20+ with npm, or set AMPLIFY_AUTH_GEN2_NPM")
                });
            assert!(
                out.status.success(),
                "npm install of Amplify Gen 2's packages failed (network?); run .ci/run's Gen 2 step or set AMPLIFY_AUTH_GEN2_NPM:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        dir
    })
}

/// A folder where generated `amplify/` projects resolve Gen 2's packages (under the cached
/// install), with the tsconfig Gen 2's own `amplify/tsconfig.json` uses.
struct Workspace {
    root: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        // Inside the install's folder, so the packages resolve by walking up and the project root
        // (the folder of package-lock.json, which referenceAuth's bundled function looks for)
        // holds them: esbuild refuses entry points outside the project root.
        let work = npm_dir().join("work");
        std::fs::create_dir_all(&work).unwrap();
        let root = tempfile::tempdir_in(&work).unwrap();
        std::fs::write(
            root.path().join("tsconfig.json"),
            r#"{"compilerOptions": {"target": "es2022", "module": "es2022", "moduleResolution": "bundler",
  "resolveJsonModule": true, "esModuleInterop": true, "forceConsistentCasingInFileNames": true,
  "strict": true, "skipLibCheck": true, "noEmit": true},
 "include": ["cases/*/amplify/**/*.ts"]}"#,
        )
        .unwrap();
        Workspace { root }
    }

    fn case_dir(&self, name: &str) -> PathBuf {
        self.root.path().join("cases").join(name)
    }

    /// Writes a case's files as `gen2 --out` does, plus the `amplify/package.json` Gen 2
    /// projects have.
    fn write(&self, name: &str, ex: &Gen2Export) -> PathBuf {
        let dir = self.case_dir(name);
        std::fs::create_dir_all(dir.join("amplify/auth")).unwrap();
        std::fs::write(dir.join("amplify/auth/resource.ts"), &ex.resource_ts).unwrap();
        std::fs::write(dir.join("amplify/backend.ts"), &ex.backend_ts).unwrap();
        mark_module(&dir);
        dir
    }

    /// `tsc --noEmit` over every case.
    fn type_check(&self) {
        let out = self
            .command("tsc")
            .args(["-p", "tsconfig.json"])
            .current_dir(self.root.path())
            .output()
            .expect("tsc runs");
        assert!(
            out.status.success(),
            "the generated files do not type-check:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A command with nothing of the developer's environment: no AWS settings, a temp HOME.
    fn command(&self, program: &str) -> Command {
        let home = self.root.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join("aws-config"), "").unwrap();
        std::fs::write(home.join("aws-credentials"), "").unwrap();
        let mut cmd = Command::new(npm_dir().join("node_modules/.bin").join(program));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("AWS_CONFIG_FILE", home.join("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AMPLIFY_DISABLE_TELEMETRY", "1");
        cmd
    }

    /// Synthesizes a case the way the Gen 2 CLI does for a sandbox and returns every template.
    fn synth(&self, dir: &Path) -> Result<Vec<Value>, String> {
        let out = self
            .command("tsx")
            .arg("amplify/backend.ts")
            .current_dir(dir)
            .env("CDK_OUTDIR", "cdk.out")
            .env(
                "CDK_CONTEXT_JSON",
                r#"{"amplify-backend-namespace":"app","amplify-backend-name":"b","amplify-backend-type":"sandbox"}"#,
            )
            .output()
            .expect("tsx runs");
        if !out.status.success() {
            return Err(format!(
                "synthesis failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let mut templates = Vec::new();
        for e in std::fs::read_dir(dir.join("cdk.out")).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().ends_with(".template.json") {
                templates
                    .push(serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap());
            }
        }
        Ok(templates)
    }

    /// Synthesizes and compares; returns the checks that failed.
    fn verify(
        &self,
        dir: &Path,
        cfg: &AuthConfig,
        live: &Gen2Live,
        kept_domain: Option<&str>,
    ) -> Vec<Check> {
        let templates = self
            .synth(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let auth: Vec<&Value> = templates.iter().filter(|t| is_auth_template(t)).collect();
        assert_eq!(auth.len(), 1, "one auth stack in {}", dir.display());
        let checks = compare(cfg, live, kept_domain, auth[0]);
        assert!(checks.len() >= 12, "too few members compared: {checks:#?}");
        checks.into_iter().filter(|c| !c.ok()).collect()
    }
}

fn mark_module(dir: &Path) {
    std::fs::write(dir.join("amplify/package.json"), "{\"type\": \"module\"}\n").unwrap();
}

fn example(name: &str) -> CreateAuthInput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn context(input: &CreateAuthInput) -> Gen2Context {
    Gen2Context {
        app_id: input.app_id.clone(),
        env: input.backend_environment_name.clone(),
        region: "us-east-1".into(),
        resource: input.resource_name.clone(),
        mode: Mode::Define,
        ..Default::default()
    }
}

/// A pool changed in Cognito beyond the record: a custom attribute, groups, case-sensitive
/// sign-in, a feature plan, and a provider's scopes as DescribeIdentityProvider gives them.
fn changed_live() -> Gen2Live {
    Gen2Live {
        custom_attributes: vec![LiveCustomAttribute {
            name: "plan".into(),
            data_type: "String".into(),
            mutable: true,
            min: Some("1".into()),
            max: Some("32".into()),
        }],
        groups: vec!["admins".into(), "editors".into()],
        case_sensitive: Some(true),
        user_pool_tier: Some("ESSENTIALS".into()),
        providers: vec![amplify_auth::domain::gen2::LiveProvider {
            name: "Google".into(),
            scopes: vec!["openid".into(), "email".into()],
            attribute_mapping: vec![("email".into(), "email".into())],
        }],
        ..Default::default()
    }
}

fn variants() -> Vec<(String, AuthConfig, Gen2Context, Gen2Live)> {
    let mut out = Vec::new();
    for file in ["email-mfa.json", "social-apple.json", "user-pool-only.json"] {
        let input = example(file);
        let cx = context(&input);
        out.push((
            file.trim_end_matches(".json").to_string(),
            input.resource_config.clone(),
            cx,
            Gen2Live::default(),
        ));
    }
    // The hosted UI domain kept with the override.
    let input = example("social-apple.json");
    let mut cx = context(&input);
    cx.keep_domain = true;
    out.push((
        "social-keep-domain".into(),
        input.resource_config.clone(),
        cx,
        Gen2Live::default(),
    ));
    // Phone sign-in with TOTP only, SMS verification, the implicit grant, a reset message.
    let input = example("email-mfa.json");
    let mut cfg = input.resource_config.clone();
    let up = &mut cfg.user_pool;
    up.sign_in_method = amplify_auth::domain::SignInMethod::PhoneNumber;
    up.mfa
        .as_mut()
        .unwrap()
        .settings
        .as_mut()
        .unwrap()
        .mfa_types = Some(vec![amplify_auth::domain::MfaType::Totp]);
    up.verification_message = Some(amplify_auth::domain::MessageConfig {
        delivery_method: amplify_auth::domain::DeliveryMethod::Sms,
        sms: Some(amplify_auth::domain::SmsSettings {
            message: Some("Your code is {####}".into()),
            ..Default::default()
        }),
        ..Default::default()
    });
    let social = example("social-apple.json").resource_config;
    let mut oauth = social.user_pool.oauth.clone().unwrap();
    oauth.grant_type = amplify_auth::domain::OAuthGrantType::Implicit;
    oauth.social_providers = None;
    up.oauth = Some(oauth);
    up.forgot_password = Some(amplify_auth::domain::MessageConfig {
        delivery_method: amplify_auth::domain::DeliveryMethod::Sms,
        sms: Some(amplify_auth::domain::SmsSettings {
            message: Some("Reset code {####}".into()),
            ..Default::default()
        }),
        ..Default::default()
    });
    out.push((
        "phone-totp-implicit".into(),
        cfg,
        context(&input),
        Gen2Live::default(),
    ));
    // Every member the model has, on a pool changed in Cognito (a custom attribute added).
    let (_, key) = amplify_auth::domain::apple_key::generate_key();
    let cfg = amplify_auth::domain::samples::maximal_config(&key);
    let mut cx = context(&input);
    cx.live = changed_live();
    out.push(("maximal-live".into(), cfg, cx.clone(), cx.live.clone()));
    out
}

#[test]
fn the_examples_type_check_synthesize_and_match_their_configs() {
    let ws = Workspace::new();
    let cases: Vec<_> = variants()
        .into_iter()
        .map(|(name, cfg, cx, live)| {
            let ex = export(&cfg, &cx).unwrap();
            let dir = ws.write(&name, &ex);
            let kept = cx.keep_domain.then(|| {
                let prefix = cfg.user_pool.oauth.as_ref().unwrap().domain_prefix.clone();
                format!("{}-{}", prefix.unwrap(), cx.env)
            });
            (name, cfg, live, dir, kept)
        })
        .collect();
    ws.type_check();
    let mut failures = Vec::new();
    for (name, cfg, live, dir, kept) in &cases {
        for c in ws.verify(dir, cfg, live, kept.as_deref()) {
            failures.push(format!(
                "{name}: {}: expected {} but Gen 2 made {}",
                c.member, c.expected, c.found
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_deliberately_wrong_mapping_is_caught_after_synthesis() {
    // The mapping without its password override (what leaving the policy to Gen 2 would give):
    // the synthesized pool has Gen 2's policy, and the comparer names the member.
    let ws = Workspace::new();
    let input = example("email-mfa.json");
    let mut ex = export(&input.resource_config, &context(&input)).unwrap();
    let start = ex
        .backend_ts
        .find("// UserPoolConfigs.PasswordPolicy")
        .unwrap();
    let end = start + ex.backend_ts[start..].find("};\n").unwrap() + 3;
    ex.backend_ts.replace_range(start..end, "");
    // And guests let in, as Gen 2's default would.
    ex.backend_ts = ex.backend_ts.replace(
        "allowUnauthenticatedIdentities = false",
        "allowUnauthenticatedIdentities = true",
    );
    let dir = ws.write("wrong", &ex);
    let bad: Vec<String> = ws
        .verify(&dir, &input.resource_config, &Gen2Live::default(), None)
        .into_iter()
        .map(|c| c.member)
        .collect();
    assert_eq!(
        bad,
        [
            "UserPoolConfigs.PasswordPolicy",
            "IdentityPoolConfigs.UnauthenticatedLogin"
        ]
    );
}

#[test]
fn reference_auth_synthesizes_with_the_gen1_ids() {
    let ws = Workspace::new();
    let input = example("email-mfa.json");
    let mut cx = context(&input);
    cx.mode = Mode::Reference;
    cx.ids = Gen2Ids {
        user_pool_id: Some("us-east-1_DemoLegcy1".into()),
        web_client_id: Some("legacyweb0000000000000000a".into()),
        identity_pool_id: Some("us-east-1:5e1f0d2c-0000-4000-8000-00000000de00".into()),
        auth_role_arn: Some("arn:aws:iam::123456789012:role/legacy-authRole".into()),
        unauth_role_arn: Some("arn:aws:iam::123456789012:role/legacy-unauthRole".into()),
        imported: true,
        ..Default::default()
    };
    let ex = export(&input.resource_config, &cx).unwrap();
    assert!(
        ex.resource_ts.contains("referenceAuth({"),
        "{}",
        ex.resource_ts
    );
    let dir = ws.write("reference", &ex);
    ws.type_check();
    let templates = ws.synth(&dir).unwrap();
    let all = serde_json::to_string(&templates).unwrap();
    // No pool is made; the existing ones are referred to.
    assert!(!templates.iter().any(is_auth_template));
    for id in [
        "us-east-1_DemoLegcy1",
        "legacyweb0000000000000000a",
        "us-east-1:5e1f0d2c-0000-4000-8000-00000000de00",
        "legacy-authRole",
    ] {
        assert!(all.contains(id), "{id} not in the synthesized templates");
    }
}

/// The demo's resource through the real command (`gen2 --out`) against the sandbox, synthesized
/// and compared with what `get` returns; a second run into the same folder keeps backend.ts and
/// prints the lines to add.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_resource_exported_by_the_command_synthesizes_and_matches() {
    let env = support::headless::demo_with(amplify_auth::sandbox::SandboxOptions {
        job_duration: Duration::from_millis(200),
        ..Default::default()
    })
    .await;
    let app = amplify_auth::sandbox::demo::DEMO_APP_ID;
    let ws = Workspace::new();
    let dir = ws.case_dir("demo");
    let dir_s = dir.to_string_lossy().to_string();
    let run = env
        .run(&[
            "--app-id", app, "--env", "staging", "gen2", "--out", &dir_s, "--output", "json",
        ])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let report = run.json();
    assert!(report.get("Files").is_none(), "{report}");
    assert_eq!(report["Written"].as_array().unwrap().len(), 2);
    mark_module(&dir);

    let got = env
        .run(&[
            "--app-id", app, "--env", "staging", "get", "--output", "json",
        ])
        .await;
    assert_eq!(got.code, exit_code::OK, "{got:?}");
    let input: CreateAuthInput = serde_json::from_str(&got.stdout).unwrap();
    // `gen2` reads the live pool, so the providers' scopes and mappings are the live ones.
    let meta = env
        .clients
        .get_backend(app, Some("staging"))
        .await
        .expect("GetBackend")
        .auth_resources
        .remove(0);
    let live =
        amplify_auth::domain::gen2::from_live::gen2_live(&env.clients.read_live_pool(&meta).await);
    assert!(
        !live.providers.is_empty(),
        "the demo's live pool has providers: {live:?}"
    );
    ws.type_check();
    let bad = ws.verify(&dir, &input.resource_config, &live, None);
    assert!(bad.is_empty(), "{bad:#?}");

    // Again into the same folder: backend.ts stays, the lines to add are printed; resource.ts
    // is the same text, so it may be written again.
    let before = std::fs::read_to_string(dir.join("amplify/backend.ts")).unwrap();
    std::fs::write(
        dir.join("amplify/backend.ts"),
        "// the user's own backend\n",
    )
    .unwrap();
    let run = env
        .run(&["--app-id", app, "--env", "staging", "gen2", "--out", &dir_s])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("amplify/backend.ts")).unwrap(),
        "// the user's own backend\n"
    );
    assert!(run.stderr.contains("exists and was not changed"), "{run:?}");
    assert!(
        run.stdout
            .contains("add to the existing amplify/backend.ts"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("cfnIdentityPool.allowUnauthenticatedIdentities = false;"),
        "{run:?}"
    );
    assert!(before.contains("defineBackend"));
    env.stop().await;
}

/// A pool changed in the sandbox's Cognito, as a console user would (a custom attribute and a
/// group): `gen2` reads the live pool, and the synthesized template carries what the live pool
/// has, member by member (the expected live facts are the live pool's, read through the SDK).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_changed_in_the_sandboxs_cognito_synthesizes_with_its_custom_attribute() {
    let env = support::headless::demo_with(amplify_auth::sandbox::SandboxOptions {
        job_duration: Duration::from_millis(200),
        ..Default::default()
    })
    .await;
    let app = amplify_auth::sandbox::demo::DEMO_APP_ID;
    let meta = env
        .clients
        .get_backend(app, Some("staging"))
        .await
        .expect("GetBackend")
        .auth_resources
        .remove(0);
    let pool = meta.user_pool_id.clone().expect("a user pool id");
    support::headless::console_custom_attribute_and_group(&env, &pool).await;

    let ws = Workspace::new();
    let dir = ws.case_dir("live-changed");
    let dir_s = dir.to_string_lossy().to_string();
    let run = env
        .run(&[
            "--app-id", app, "--env", "staging", "gen2", "--out", &dir_s, "--output", "json",
        ])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    mark_module(&dir);
    let got = env
        .run(&[
            "--app-id", app, "--env", "staging", "get", "--output", "json",
        ])
        .await;
    assert_eq!(got.code, exit_code::OK, "{got:?}");
    let input: CreateAuthInput = serde_json::from_str(&got.stdout).unwrap();
    let live =
        amplify_auth::domain::gen2::from_live::gen2_live(&env.clients.read_live_pool(&meta).await);
    assert!(
        live.custom_attributes.iter().any(|a| a.name == "tenant"),
        "the live pool has the console's attribute: {live:?}"
    );
    assert!(live.groups.iter().any(|g| g == "admins"), "{live:?}");
    ws.type_check();
    let bad = ws.verify(&dir, &input.resource_config, &live, None);
    assert!(bad.is_empty(), "{bad:#?}");
    env.stop().await;
}
