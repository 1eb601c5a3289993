//! `audit` against an in-process sandbox seeded with `--demo-apps`: every environment the Amplify
//! API lists appears, the seeded findings are reported, a rate-limited sandbox still yields every
//! row with no error, and `--fail-on` exits 8.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

use amplify_auth::aws::Clients;
use amplify_auth::exit_code;
use amplify_auth::headless::Terminal;
use amplify_auth::sandbox::{SandboxHandle, SandboxOptions};
use serde_json::Value;
use support::headless::{Run, run_cli, start_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn seeded(apps: usize, rate_limit: Option<f64>) -> (SandboxHandle, Clients) {
    let opts = SandboxOptions {
        demo_apps: apps,
        rate_limit,
        // The sandbox returns the client secrets it holds, so the test can check that audit
        // never prints one it was given.
        return_secrets: true,
        ..SandboxOptions::default()
    };
    let env = start_with(opts, tempfile::tempdir().expect("temp dir")).await;
    (env.sandbox, env.clients)
}

async fn audit(clients: &Clients, args: &[&str]) -> Run {
    let mut line = vec!["audit"];
    line.extend_from_slice(args);
    run_cli(Some(clients), &line, "", Terminal::default()).await
}

/// Every (app, environment) pair as ListApps and ListBackendEnvironments give them, read one by
/// one as a script would (through the same throttling backoff the audit uses: under a rate limit
/// the audit has just emptied the bucket, and the SDK's three attempts alone may not outlast it).
async fn listed_pairs(clients: &Clients) -> BTreeSet<(String, String)> {
    use amplify_auth::aws::overview::throttled;
    let mut pairs = BTreeSet::new();
    for app in throttled(|| clients.list_apps()).await.expect("ListApps") {
        for env in throttled(|| clients.list_backend_environments(&app.app_id))
            .await
            .expect("ListBackendEnvironments")
        {
            pairs.insert((app.app_id.clone(), env.name));
        }
    }
    pairs
}

fn resource_pairs(doc: &Value) -> BTreeSet<(String, String)> {
    doc["Resources"]
        .as_array()
        .expect("Resources is a list")
        .iter()
        .map(|r| {
            (
                r["AppId"].as_str().expect("AppId").to_string(),
                r["BackendEnvironmentName"]
                    .as_str()
                    .expect("BackendEnvironmentName")
                    .to_string(),
            )
        })
        .collect()
}

fn rule_ids(doc: &Value) -> BTreeSet<String> {
    doc["Findings"]
        .as_array()
        .expect("Findings is a list")
        .iter()
        .map(|f| f["RuleId"].as_str().expect("RuleId").to_string())
        .collect()
}

fn assert_no_row_errors(doc: &Value) {
    for r in doc["Resources"].as_array().unwrap() {
        assert!(r.get("Errors").is_none(), "a row has errors: {r}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_json_lists_every_environment_with_the_seeded_findings() {
    let (sandbox, clients) = seeded(6, None).await;
    let expected = listed_pairs(&clients).await;
    // 6 apps with 1, 2 and 3 environments in turn.
    assert_eq!(expected.len(), 12);

    // The record's rules only (the live pools' findings have a test of their own).
    let run = audit(
        &clients,
        &["--output", "json", "--concurrency", "4", "--no-live"],
    )
    .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let doc = run.json();
    assert_eq!(resource_pairs(&doc), expected);
    assert_no_row_errors(&doc);

    // Every rule is tripped by some seeded environment.
    let ids = rule_ids(&doc);
    for id in [
        "mfa-off",
        "weak-password-policy",
        "implicit-grant",
        "guest-access",
        "loopback-redirect-in-production",
        "provider-secret-missing",
        "last-job-failed",
        "job-running-long",
    ] {
        assert!(ids.contains(id), "no {id} finding in {ids:?}");
    }
    // Findings are located, with a severity, a message and a fix.
    for f in doc["Findings"].as_array().unwrap() {
        assert!(
            f["AppId"].is_string() && f["BackendEnvironmentName"].is_string(),
            "{f}"
        );
        assert!(
            matches!(f["Severity"].as_str(), Some("ERROR" | "WARNING")),
            "{f}"
        );
        assert!(!f["Message"].as_str().unwrap().is_empty());
        assert!(!f["Fix"].as_str().unwrap().is_empty());
    }
    // The loopback finding is about a production-named environment.
    let loopback = doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["RuleId"] == "loopback-redirect-in-production")
        .unwrap();
    let env = loopback["BackendEnvironmentName"].as_str().unwrap();
    assert!(
        ["prod", "production", "main", "live"].contains(&env),
        "{loopback}"
    );

    // The environment seeded clean trips no rule at all (found by the seeding order the
    // sandbox documents: `variant(n)` of the n-th environment, apps in order).
    use amplify_auth::sandbox::demo_apps::{Variant, app_id, env_names, variant};
    let seeded: Vec<(String, &str)> = (0..6)
        .flat_map(|i| env_names(i).into_iter().map(move |e| (app_id(i), e)))
        .collect();
    let clean = seeded
        .iter()
        .enumerate()
        .find(|(n, _)| variant(*n) == Variant::Clean)
        .map(|(_, place)| place)
        .expect("a clean environment is seeded");
    let clean_row = doc["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["AppId"] == clean.0.as_str() && r["BackendEnvironmentName"] == clean.1)
        .expect("the clean environment's row");
    assert_eq!(clean_row["FindingCount"], 0, "{clean_row}");

    // An environment without auth has a row of its own, with no resource; one with auth says
    // how it is set up and its last job.
    let rows = doc["Resources"].as_array().unwrap();
    assert!(rows.iter().any(|r| r.get("ResourceName").is_none()));
    let with_auth = rows
        .iter()
        .find(|r| r.get("ResourceName").is_some())
        .unwrap();
    for member in [
        "SignInMethod",
        "MFAMode",
        "AdditionalConstraints",
        "LastJob",
        "FindingCount",
    ] {
        assert!(
            with_auth.get(member).is_some(),
            "{member} missing: {with_auth}"
        );
    }
    // No secret is ever printed: the Facebook secret seeded beside the secret-less Google.
    let held = clients
        .get_auth("dfleet000003", "production", "fleet000003auth")
        .await
        .expect("GetBackendAuth");
    let secret = held
        .social_providers()
        .and_then(|p| p.facebook.as_ref())
        .and_then(|f| f.client_secret.as_ref())
        .expect("the seeded Facebook secret")
        .expose()
        .to_string();
    assert!(!run.stdout.contains(&secret) && !run.stderr.contains(&secret));
    // Progress and the summary go to stderr only.
    assert!(
        run.stderr.contains("audited 12 environments in 6 apps"),
        "{run:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_rate_limit_every_row_arrives_without_errors() {
    // Three requests a second against eight slots: most first tries are refused.
    let (sandbox, clients) = seeded(3, Some(3.0)).await;
    let run = audit(&clients, &["--output", "json", "--concurrency", "8"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let doc = run.json();
    assert_no_row_errors(&doc);
    let expected = listed_pairs(&clients).await;
    assert_eq!(expected.len(), 6);
    assert_eq!(resource_pairs(&doc), expected);
    // The live pools are read through the throttle too: before, every one came back "not fully
    // read", its findings missing, with advice about IAM permissions. At three requests a second
    // against about eighty in flight a read may still lose every retry: then it says so.
    let rules: Vec<&str> = doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["RuleId"].as_str())
        .collect();
    let not_read: Vec<&serde_json::Value> = doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["RuleId"] == "live-not-read")
        .collect();
    assert!(
        not_read.len() <= 1,
        "nearly every live pool is read: {not_read:#?}"
    );
    for f in &not_read {
        let fix = f["Fix"].as_str().unwrap_or_default();
        assert!(
            fix.contains("throttling") && !fix.contains("allow the read actions"),
            "a throttled read is not blamed on permissions: {f:#?}"
        );
    }
    assert!(
        rules.iter().any(|r| r.starts_with("live-")),
        "the live pools were read: {rules:?}"
    );
    sandbox.shutdown().await;
}

/// Five requests, each on its own connection, against a sandbox limited to one a second: the
/// answers, whole.
async fn five_against_one_a_second(request: &[u8]) -> Vec<String> {
    let (sandbox, _clients) = seeded(0, Some(1.0)).await;
    let mut answers = Vec::new();
    for _ in 0..5 {
        let mut s = tokio::net::TcpStream::connect(sandbox.local_addr)
            .await
            .unwrap();
        s.write_all(request).await.unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).await.unwrap();
        answers.push(answer);
    }
    sandbox.shutdown().await;
    answers
}

/// Cognito's throttle in Cognito's words: awsJson `TooManyRequestsException` (its
/// `LimitExceededException` is a quota), with no HTTP status in the models, so 400.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_answers_cognito_with_its_own_throttling_error() {
    let answers = five_against_one_a_second(
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSCognitoIdentityProviderService.DescribeUserPool\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    )
    .await;
    let mut throttled = 0;
    for answer in &answers {
        let lower = answer.to_ascii_lowercase();
        if lower.contains("toomanyrequestsexception") {
            assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
            assert!(
                lower.contains("x-amzn-errortype: toomanyrequestsexception"),
                "{answer}"
            );
            assert!(
                answer.contains(r#""__type":"TooManyRequestsException""#),
                "{answer}"
            );
            assert!(lower.contains("x-amzn-requestid: "), "{answer}");
            throttled += 1;
        }
        assert!(!answer.contains("LimitExceededException"), "{answer}");
    }
    assert!(throttled >= 3, "only {throttled} of 5 were throttled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_answers_the_models_429() {
    let answers = five_against_one_a_second(
        b"POST /backend/dabc/details HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    )
    .await;
    let mut throttled = 0;
    for answer in answers.iter().filter(|a| a.starts_with("HTTP/1.1 429")) {
        let lower = answer.to_ascii_lowercase();
        assert!(
            lower.contains("x-amzn-errortype: toomanyrequestsexception"),
            "{answer}"
        );
        assert!(lower.contains("x-amzn-requestid: "), "{answer}");
        assert!(answer.contains("\"limitType\""), "{answer}");
        throttled += 1;
    }
    // One token a second: the first request passes (to the signature check), the rest are 429.
    assert!(throttled >= 3, "only {throttled} of 5 were throttled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_on_exits_8_only_for_findings_at_or_above_the_level() {
    let (sandbox, clients) = seeded(3, None).await;
    let all = audit(&clients, &["--fail-on", "error"]).await;
    assert_eq!(all.code, exit_code::FINDINGS, "{all:?}");
    assert!(all.stderr.contains("at or above error"), "{all:?}");
    // The table goes to stdout anyway, with the findings under it.
    assert!(all.stdout.starts_with("APP "), "{all:?}");
    assert!(all.stdout.contains("(no auth)"), "{all:?}");
    assert!(all.stdout.contains("SEVERITY"), "{all:?}");

    // App 2's dev environment is the clean one: nothing to fail on.
    let clean = audit(
        &clients,
        &[
            "--app-id",
            "dfleet000002",
            "--env",
            "dev",
            "--fail-on",
            "warning",
            "--output",
            "json",
            "--no-live",
        ],
    )
    .await;
    assert_eq!(clean.code, exit_code::OK, "{clean:?}");
    let doc = clean.json();
    assert_eq!(doc["Resources"].as_array().unwrap().len(), 1);
    assert_eq!(doc["Findings"].as_array().unwrap().len(), 0);

    // Its other environment has the wizard's defaults: warnings, no errors.
    let app = audit(
        &clients,
        &["--app-id", "dfleet000002", "--fail-on", "warning"],
    )
    .await;
    assert_eq!(app.code, exit_code::FINDINGS, "{app:?}");
    let app = audit(
        &clients,
        &[
            "--app-id",
            "dfleet000002",
            "--env",
            "prod",
            "--fail-on",
            "error",
        ],
    )
    .await;
    assert_eq!(app.code, exit_code::OK, "{app:?}");

    // Without --fail-on, findings alone do not fail.
    assert_eq!(audit(&clients, &[]).await.code, exit_code::OK);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_app_is_a_service_error_naming_it() {
    let (sandbox, clients) = seeded(1, None).await;
    let run = audit(&clients, &["--app-id", "dnosuchapp"]).await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(
        run.stderr.contains("could not read app dnosuchapp"),
        "{run:?}"
    );
    assert!(run.stderr.contains("NotFoundException"), "{run:?}");
    assert!(run.stdout.is_empty());
    sandbox.shutdown().await;
}

/// The loader the audit (and the TUI's overview) use: rows stream in per environment with a
/// growing progress count, the last event is `Done` with every environment read, and a cancelled
/// load closes its channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loader_streams_rows_with_progress_and_can_be_cancelled() {
    use amplify_auth::aws::overview::{OverviewEvent, OverviewRequest, spawn_overview};
    let (sandbox, clients) = seeded(6, None).await;
    let request = OverviewRequest {
        concurrency: 2,
        ..OverviewRequest::default()
    };
    let mut handle = spawn_overview(clients.clone(), request.clone());
    let (mut row_events, mut rows, mut last_done) = (0, 0, 0);
    let done = loop {
        match handle.events.recv().await.expect("a final event") {
            OverviewEvent::Rows { rows: r, progress } => {
                row_events += 1;
                rows += r.len();
                assert!(progress.envs_done > last_done, "{progress:?}");
                assert!(progress.envs_done <= progress.envs_found);
                assert_eq!(progress.rows, rows);
                last_done = progress.envs_done;
            }
            OverviewEvent::Progress(_) => {}
            OverviewEvent::Done(p) => break p,
            OverviewEvent::Failed(e) => panic!("load failed: {e}"),
        }
    };
    // One event per environment: rows arrive as each environment finishes, not all at the end.
    assert_eq!(row_events, 12);
    assert_eq!(
        (done.envs_found, done.envs_done, done.apps_found),
        (12, 12, 6)
    );
    assert!(done.apps_complete && done.rows_with_errors == 0);
    assert!(handle.events.recv().await.is_none(), "nothing after Done");

    let mut handle = spawn_overview(clients, request);
    let first = handle.events.recv().await;
    assert!(first.is_some());
    handle.cancel();
    // The task is gone, so its sender is dropped: the channel drains and closes.
    while handle.events.recv().await.is_some() {}
    sandbox.shutdown().await;
}

// `audit` prints through the shared emit(): `--query` applies to its JSON document and `--output
// text|yaml` format the result as the AWS CLI would; progress on a terminal stays off stdout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_takes_query_and_the_text_and_yaml_outputs() {
    let (sandbox, clients) = seeded(4, None).await;
    let doc = audit(&clients, &["--output", "json"]).await.json();
    let apps: BTreeSet<String> = resource_pairs(&doc).into_iter().map(|p| p.0).collect();
    assert!(!apps.is_empty());

    let run = run_cli(
        Some(&clients),
        &["audit", "--query", "Resources[].AppId", "--output", "text"],
        "",
        Terminal {
            stdin: false,
            stderr: true,
        },
    )
    .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let printed: BTreeSet<String> = run.stdout.split_whitespace().map(String::from).collect();
    assert_eq!(printed, apps, "{run:?}");
    assert!(
        !run.stdout.contains("auditing"),
        "progress is not on stdout"
    );

    let run = audit(
        &clients,
        &["--query", "length(Resources)", "--output", "text"],
    )
    .await;
    assert_eq!(
        run.stdout.trim(),
        doc["Resources"].as_array().unwrap().len().to_string(),
        "{run:?}"
    );

    let run = audit(&clients, &["--output", "yaml"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stdout.starts_with("Resources:"), "{run:?}");
    let first = apps.iter().next().unwrap();
    assert!(run.stdout.contains(&format!("AppId: {first}")), "{run:?}");
    sandbox.shutdown().await;
}

/// Issue 16, item 4: one environment, then one whole app, whose reads always fail (the sandbox's
/// targeted fault): the failing place has a row carrying its error, every other row is what an
/// audit without the fault gives, the error is on stderr, and the audit exits 5 (incomplete).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_environment_or_app_shows_its_error_while_the_rest_load() {
    use amplify_auth::sandbox::{FailingRead, FaultConfig};
    let (sandbox, clients) = seeded(3, None).await;
    let healthy = audit(&clients, &["--output", "json"]).await;
    assert_eq!(healthy.code, exit_code::OK, "{healthy:?}");
    let healthy = rows_by_place(&healthy.json());
    let fail = |spec: &str| {
        sandbox.set_faults(FaultConfig {
            failing_reads: vec![FailingRead::parse(spec).unwrap()],
            ..FaultConfig::default()
        })
    };
    let gateway = "GatewayTimeoutException: Endpoint request timed out";

    // dfleet000002/prod has an auth resource when it can be read.
    fail("dfleet000002/prod");
    let run = audit(&clients, &["--output", "json"]).await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    let rows = rows_by_place(&run.json());
    let place: Place = ("dfleet000002".into(), Some("prod".into()), None);
    let row = &rows[&place];
    let errors: Vec<&str> = row["Errors"]
        .as_array()
        .expect("Errors on the row")
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("GetBackend failed: ") && e.contains(gateway)),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("ListBackendJobs failed: ")),
        "{errors:?}"
    );
    assert!(row.get("SignInMethod").is_none(), "{row}");
    // Every other row is complete: exactly what the healthy audit gave.
    let others = rows_elsewhere(&rows, "dfleet000002", Some("prod"));
    assert_eq!(others.len(), rows.len() - 1, "one row for the environment");
    assert_eq!(others.len(), 5);
    assert_eq!(
        others,
        rows_elsewhere(&healthy, "dfleet000002", Some("prod"))
    );
    // The error is on stderr, named by place, and stdout holds only the JSON.
    assert!(
        run.stderr
            .contains("warning: app dfleet000002, environment prod: GetBackend failed: "),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("1 rows could not be read completely"),
        "{run:?}"
    );
    assert!(!run.stdout.contains("warning:"), "{run:?}");
    // The table says the row was not read, not that it has no auth.
    let table = audit(&clients, &[]).await;
    assert_eq!(table.code, exit_code::SERVICE, "{table:?}");
    let line = table
        .stdout
        .lines()
        .find(|l| l.contains("(dfleet000002)  prod"))
        .expect("the failing environment's row");
    assert!(
        line.contains("(not read)") && line.ends_with("(read failed)"),
        "{line}"
    );

    // A whole app: its environments cannot even be listed, so it has one row, with no
    // environment, carrying the error; the other apps are complete.
    fail("dfleet000001");
    let run = audit(&clients, &["--output", "json"]).await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    let rows = rows_by_place(&run.json());
    let row = &rows[&("dfleet000001".to_string(), None, None)];
    let error = row["Errors"][0].as_str().unwrap();
    assert!(
        error.starts_with("ListBackendEnvironments failed: ") && error.contains(gateway),
        "{row}"
    );
    let others = rows_elsewhere(&rows, "dfleet000001", None);
    assert_eq!(others.len(), rows.len() - 1);
    assert_eq!(others, rows_elsewhere(&healthy, "dfleet000001", None));
    assert!(
        run.stderr
            .contains("warning: app dfleet000001: ListBackendEnvironments failed: "),
        "{run:?}"
    );
    sandbox.shutdown().await;
}

/// Where a row is: app, environment (none when the app's environments could not be listed)
/// and auth resource (none for an environment without one, or whose resources could not be read).
type Place = (String, Option<String>, Option<String>);

/// Rows keyed by where they are, for comparing one audit with another.
fn rows_by_place(doc: &Value) -> BTreeMap<Place, Value> {
    let at = |r: &Value, m: &str| r.get(m).and_then(Value::as_str).map(str::to_string);
    doc["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let app = at(r, "AppId").expect("AppId");
            (
                (app, at(r, "BackendEnvironmentName"), at(r, "ResourceName")),
                r.clone(),
            )
        })
        .collect()
}

/// The rows not at `app` (and `env` when given).
fn rows_elsewhere(
    rows: &BTreeMap<Place, Value>,
    app: &str,
    env: Option<&str>,
) -> BTreeMap<Place, Value> {
    rows.iter()
        .filter(|((a, e, _), _)| !(a == app && env.is_none_or(|want| e.as_deref() == Some(want))))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `serve --demo` as it starts: a service that does not return client secrets (the sandbox's
/// default, like the real one). The demo's Google secret cannot be checked, so it is no finding,
/// and the CI gate passes on its healthy resources (it was an ERROR no update could clear).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_fail_on_error_passes_on_the_demo_where_secrets_are_not_returned() {
    let env = support::headless::demo_with(SandboxOptions::default()).await;
    let run = audit(&env.clients, &["--output", "json", "--fail-on", "error"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let doc = run.json();
    assert!(!rule_ids(&doc).contains("provider-secret-missing"), "{doc}");
    assert!(
        doc["Resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["SocialProviders"].to_string().contains("Google")),
        "the demo has a resource with Google: {doc}"
    );
    env.stop().await;
}

/// Issue 26: the audit reads each resource's live pool. The clean environment's pool has what an
/// AmplifyBackend job leaves (no deletion or threat protection, token revocation as the CLI's
/// clients have it, the classic hosted UI), each finding with where to fix it; MFA turned off in
/// the console under a record that has it on is an error, with the drift named.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_reads_the_live_pools_and_reports_their_posture() {
    let (sandbox, clients) = seeded(6, None).await;
    let scope = [
        "--app-id",
        "dfleet000002",
        "--env",
        "dev",
        "--output",
        "json",
    ];
    let run = audit(&clients, &scope).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let doc = run.json();
    let ids = rule_ids(&doc);
    for id in [
        "live-deletion-protection-off",
        "live-threat-protection-off",
        "live-classic-hosted-ui",
    ] {
        assert!(ids.contains(id), "no {id} in {ids:?}");
    }
    assert!(
        !ids.contains("live-mfa-off") && !ids.contains("live-drift"),
        "{ids:?}"
    );
    let domain = doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["RuleId"] == "live-classic-hosted-ui")
        .unwrap();
    assert!(
        domain["Fix"]
            .as_str()
            .unwrap()
            .contains("aws cognito-idp update-user-pool-domain"),
        "{domain}"
    );

    // The console turns MFA off (the record has it ON).
    let meta = clients
        .get_backend("dfleet000002", Some("dev"))
        .await
        .unwrap()
        .auth_resources
        .remove(0);
    clients
        .cognito_idp()
        .set_user_pool_mfa_config()
        .user_pool_id(meta.user_pool_id.unwrap())
        .mfa_configuration(aws_sdk_cognitoidentityprovider::types::UserPoolMfaType::Off)
        .send()
        .await
        .expect("SetUserPoolMfaConfig");
    let run = audit(&clients, &[&scope[..], &["--fail-on", "error"]].concat()).await;
    assert_eq!(run.code, exit_code::FINDINGS, "{run:?}");
    let doc = run.json();
    let mfa = doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["RuleId"] == "live-mfa-off")
        .expect("live-mfa-off");
    assert_eq!(mfa["Severity"], "ERROR");
    let drift = doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["RuleId"] == "live-drift")
        .expect("live-drift");
    assert!(
        drift["Message"]
            .as_str()
            .unwrap()
            .contains("UserPoolConfigs.Mfa.MFAMode"),
        "{drift}"
    );
    sandbox.shutdown().await;
}
