//! Two editors on one auth resource (issue 23, item 1), through the compiled binary and through
//! headless `promote`: an edit made from an older read must not put back, unseen, a member someone
//! else changed meanwhile. A change to other members is merged and read back; a member both
//! changed stops the submit, naming the member with both values, and nothing is sent.
//!
//! The issue's repro: A raises MinimumLength (`update --input`, the real binary) while B's
//! `edit --input` (the real binary in a pseudo-terminal) is open on the review with only the email
//! subject changed; B submits; MinimumLength must stay A's.

use crate::support;

use std::path::Path;
use std::time::Duration;

use amplify_auth::aws::{self, Clients, Timeouts};
use amplify_auth::domain::AuthConfig;
use amplify_auth::exit_code;
use amplify_auth::sandbox::SandboxHandle;
use amplify_auth::sandbox::demo::{DEMO_APP_ID as APP, DEMO_AUTH_RESOURCE as AUTH};
use support::app::pty::{Pty, command, sandbox_env};
use support::aws::json;
use support::aws::proxy::{Fault, Proxy, Rule};

fn min_length(c: &AuthConfig) -> f64 {
    c.user_pool.password_policy.as_ref().unwrap().minimum_length
}

fn subject(c: &AuthConfig) -> Option<String> {
    c.user_pool
        .verification_message
        .as_ref()
        .and_then(|m| m.email.as_ref())
        .and_then(|e| e.subject.clone())
}

fn set_subject(c: &mut AuthConfig, s: &str) {
    c.user_pool
        .verification_message
        .as_mut()
        .expect("the demo has a verification message")
        .email
        .as_mut()
        .expect("sent by email")
        .subject = Some(s.into());
}

/// A whole-config file for the demo's staging resource, as `get` writes it, in YAML.
fn write_config(path: &Path, cfg: &AuthConfig) {
    let doc = serde_json::json!({
        "AppId": APP,
        "BackendEnvironmentName": "staging",
        "ResourceName": AUTH,
        "ResourceConfig": cfg,
    });
    std::fs::write(path, amplify_auth::config_file::yaml_write::yaml(&doc)).unwrap();
}

/// Editor A: `amplify-auth update --input FILE --wait`, the real binary, to completion.
async fn editor_a_updates(sb: &SandboxHandle, file: &Path, home: &Path) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_amplify-auth"));
    let empty = home.join("empty-aws-file");
    std::fs::write(&empty, "").unwrap();
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in sandbox_env(sb) {
        cmd.env(k, v);
    }
    cmd.args([
        "--endpoint-url",
        &sb.endpoint,
        "update",
        "--input",
        file.to_str().unwrap(),
        "--wait",
    ]);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "editor A's update: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// B opens `edit --input` on its file (made from `before`, changed by `change`) and waits on the
/// review; A's update then completes; B submits with F2. Returns B's terminal.
async fn race(
    sb: &SandboxHandle,
    dir: &Path,
    before: &AuthConfig,
    a_min: f64,
    change_b: impl Fn(&mut AuthConfig),
) -> Pty {
    let b_file = dir.join("b.yaml");
    let mut b = before.clone();
    change_b(&mut b);
    write_config(&b_file, &b);
    let b_home = dir.join("b-home");
    std::fs::create_dir_all(&b_home).unwrap();
    let mut p = Pty::spawn(command(
        &[
            "--endpoint-url",
            &sb.endpoint,
            "edit",
            "--input",
            b_file.to_str().unwrap(),
        ],
        &b_home,
        &sandbox_env(sb),
        &[],
    ));
    p.wait_for("its resource exists, submit updates it").await;
    p.wait_for("[changed]").await;

    // Meanwhile A raises MinimumLength and its job completes.
    let a_file = dir.join("a.yaml");
    let mut a = before.clone();
    a.user_pool.password_policy.as_mut().unwrap().minimum_length = a_min;
    write_config(&a_file, &a);
    let a_home = dir.join("a-home");
    std::fs::create_dir_all(&a_home).unwrap();
    editor_a_updates(sb, &a_file, &a_home).await;

    p.send("\x1bOQ"); // F2 on the review: submit
    p
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b_submitting_only_the_subject_keeps_a_s_minimum_length() {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let clients = support::app::clients(&sb);
    let before = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    let a_min = min_length(&before) + 4.0;
    let dir = tempfile::tempdir().unwrap();
    let mut p = race(&sb, dir.path(), &before, a_min, |c| {
        set_subject(c, "B's new subject")
    })
    .await;
    p.wait_for("changed meanwhile by someone else, kept").await;
    p.wait_for("Confirmed").await;
    p.send("\r");
    p.wait_for("Applied and confirmed").await;
    p.send("q");
    assert!(p.wait_exit().success(), "q quits cleanly");

    let after = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    assert_eq!(min_length(&after), a_min, "A's change was reverted");
    assert_eq!(subject(&after).as_deref(), Some("B's new subject"));
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minimum_length_both_changed_is_a_conflict_and_nothing_is_sent() {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let clients = support::app::clients(&sb);
    let before = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    let m0 = min_length(&before);
    let (a_min, b_min) = (m0 + 4.0, m0 + 2.0);
    let dir = tempfile::tempdir().unwrap();
    let mut p = race(&sb, dir.path(), &before, a_min, |c| {
        c.user_pool.password_policy.as_mut().unwrap().minimum_length = b_min;
        set_subject(c, "B's new subject");
    })
    .await;
    let screen = p.wait_for("Nothing was sent").await;
    let named = format!(
        "UserPoolConfigs.PasswordPolicy.MinimumLength: theirs {a_min} · mine {b_min} (was {m0})"
    );
    // The pane may wrap; the member and both values are on it.
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&named) || (flat.contains("MinimumLength") && flat.contains("theirs")),
        "{screen}"
    );
    let after = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    assert_eq!(
        min_length(&after),
        a_min,
        "nothing was sent over A's change"
    );
    assert_eq!(subject(&after), subject(&before), "nothing was sent at all");
    p.send("q");
    p.wait_exit();
    sb.shutdown().await;
}

// --- promote: the target read again just before sending ---

/// The demo sandbox behind a proxy, `qa` cloned from `staging`, and clients through the proxy.
async fn promote_setup() -> (SandboxHandle, Proxy, Clients, AuthConfig) {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let proxy = Proxy::start(&sb.endpoint).await;
    let clients = aws::clients_from_static(
        &proxy.url,
        &sb.access_key_id,
        &sb.secret_access_key,
        &sb.region,
        Timeouts::default(),
    );
    let r = cli(
        &clients,
        &["env", "add", "qa", "--from", "staging", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let staging = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    (sb, proxy, clients, staging)
}

async fn cli(clients: &Clients, args: &[&str]) -> support::headless::Run {
    let mut all = vec!["--app-id", APP];
    all.extend_from_slice(args);
    support::headless::run_cli(Some(clients), &all, "", Default::default()).await
}

/// Promote's first read of staging answers `stale` (staging as it was before the other editor's
/// change), as if promote had read it just before that change; its read just before sending
/// reaches the service.
fn first_read_of_staging_is(proxy: &Proxy, stale: &AuthConfig) {
    let body = amplify_auth::model::amplifybackend()
        .to_wire(
            "GetBackendAuthResponse",
            &serde_json::json!({
                "AppId": APP,
                "BackendEnvironmentName": "staging",
                "ResourceName": AUTH,
                "ResourceConfig": stale,
            }),
        )
        .unwrap();
    proxy.add(
        Rule::new(
            |r| r.method == "POST" && r.target.ends_with("/auth/staging/details"),
            Fault::Reply(json(200, &body.to_string())),
        )
        .times(1),
    );
}

fn updates_of_staging(proxy: &Proxy) -> usize {
    proxy
        .seen()
        .iter()
        .filter(|s| s.request.method == "POST" && s.request.target.ends_with("/auth/staging"))
        .count()
}

async fn change_qa(clients: &Clients, change: impl Fn(&mut AuthConfig)) {
    let mut qa = clients.get_auth(APP, "qa", AUTH).await.unwrap();
    change(&mut qa);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qa.json");
    let doc = serde_json::json!({
        "AppId": APP, "BackendEnvironmentName": "qa", "ResourceName": AUTH, "ResourceConfig": qa,
    });
    std::fs::write(&path, doc.to_string()).unwrap();
    let r = cli(
        clients,
        &["update", "--input", path.to_str().unwrap(), "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
}

// The live-pool check is a guard of its own (changes made outside Amplify); it is off here so
// only the read before sending is tested.
const PROMOTE: &[&str] = &[
    "--env",
    "staging",
    "promote",
    "--to-env",
    "staging",
    "--no-live-check",
    "--wait",
];

fn promote_qa() -> Vec<&'static str> {
    let mut a = PROMOTE.to_vec();
    a[1] = "qa";
    a
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_keeps_a_change_made_to_the_target_meanwhile_in_another_member() {
    let (sb, proxy, clients, staging) = promote_setup().await;
    change_qa(&clients, |c| set_subject(c, "from qa")).await;
    let theirs_min = min_length(&staging) + 4.0;
    support::headless::set_demo_min_length(&clients, "staging", theirs_min).await;
    first_read_of_staging_is(&proxy, &staging);

    let r = cli(&clients, &promote_qa()).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert!(
        r.stderr.contains(
            "changed meanwhile by someone else; kept: UserPoolConfigs.PasswordPolicy.MinimumLength"
        ),
        "{r:?}"
    );
    let after = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    assert_eq!(min_length(&after), theirs_min, "their change was reverted");
    assert_eq!(subject(&after).as_deref(), Some("from qa"));
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_refuses_a_member_changed_on_both_sides_and_sends_nothing() {
    let (sb, proxy, clients, staging) = promote_setup().await;
    let m0 = min_length(&staging);
    change_qa(&clients, |c| {
        c.user_pool.password_policy.as_mut().unwrap().minimum_length = m0 + 2.0;
    })
    .await;
    support::headless::set_demo_min_length(&clients, "staging", m0 + 4.0).await;
    first_read_of_staging_is(&proxy, &staging);
    let sent_before = updates_of_staging(&proxy);

    let r = cli(&clients, &promote_qa()).await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    let want = format!(
        "UserPoolConfigs.PasswordPolicy.MinimumLength: now {}, promote would set {} (it was {m0} when promote read it)",
        m0 + 4.0,
        m0 + 2.0
    );
    assert!(r.stderr.contains(&want), "{r:?}");
    assert!(r.stderr.contains("nothing was sent"), "{r:?}");
    assert_eq!(
        updates_of_staging(&proxy),
        sent_before,
        "an update was sent"
    );
    let after = clients.get_auth(APP, "staging", AUTH).await.unwrap();
    assert_eq!(min_length(&after), m0 + 4.0);
    sb.shutdown().await;
}
