//! Secrets never leak: a full flow through the compiled binary with known, distinctive secret
//! values and logging at `trace`, then every file the app wrote (logs, drafts, panic reports) and
//! everything it printed (the pty output of every run, the headless commands' stdout and stderr)
//! is searched for the secrets and for pieces of the Apple key's base64 body. The only place they
//! may appear is the stdout of `get --include-secrets`, which must have them (so the search is
//! known to find them when they are there).
//!
//! The flow: create with Facebook, Google and Amazon secrets and an Apple key; the submit fails
//! (the service answers 504), the draft is saved, the app is killed; the next start resumes the
//! draft, the secrets are typed again and the create completes; an update; a panic while the edit
//! wizard holds the secrets; `get` with and without `--include-secrets`. The sandbox runs in this
//! test process with its state in memory: its store is the service's, not the app's.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use amplify_auth::sandbox::FaultConfig;
use support::app::pty::{Pty, command, sandbox_env};

const FB: &str = "FBSECRET-leaktest-3f9a7c21e5d4";
const GOOGLE: &str = "GOCSPX-LEAKTEST-8d2b6e4f19ac";
const AMAZON: &str = "amzn1secretLEAKTEST0c0ffee5a7b93";

const TAB: &str = "\t";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";
const CTRL_N: &str = "\x0e";
const CTRL_U: &str = "\x15";
const SPACE: &str = " ";
const F12: &str = "\x1b[24~";

fn needles(body: &str) -> Vec<String> {
    let mut v = vec![FB.to_string(), GOOGLE.to_string(), AMAZON.to_string()];
    // Every 16-character piece of the key body after its first 48 characters (the PKCS#8 header
    // for P-256, the same in every such key), and longer 64-character pieces.
    let secret_part = &body.as_bytes()[48..];
    v.extend(
        secret_part
            .chunks(16)
            .filter(|c| c.len() >= 12)
            .map(|c| String::from_utf8_lossy(c).to_string()),
    );
    v.extend(
        secret_part
            .chunks(64)
            .map(|c| String::from_utf8_lossy(c).to_string()),
    );
    v
}

fn find_leaks(what: &str, bytes: &[u8], needles: &[String]) -> Vec<String> {
    needles
        .iter()
        .filter(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
        .map(|n| format!("{what}: {n}"))
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn drafts(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("amplify-auth/drafts"))
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

async fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !f() {
        assert!(std::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_a_file_or_the_terminal() {
    // Client secrets come back from this sandbox, so every path that could print them is tried.
    let (sb, clients, app_id) = support::app::demo(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let (pem, body) = amplify_auth::domain::apple_key::generate_key();
    let mut needles = needles(&body);
    // The AWS secret access key the app signs with is a secret too.
    needles.push(sb.secret_access_key.clone());
    let env = sandbox_env(&sb);
    let log = [("AMPLIFY_AUTH_LOG", "trace")];
    let start = |extra: &[(&str, &str)]| {
        let mut all = log.to_vec();
        all.extend_from_slice(extra);
        Pty::spawn(command(
            &["--endpoint-url", &sb.endpoint],
            home.path(),
            &env,
            &all,
        ))
    };
    // Everything printed, and every draft as it was while it existed.
    let mut printed: Vec<(String, Vec<u8>)> = vec![];
    let mut draft_copies: Vec<(String, Vec<u8>)> = vec![];

    // Run 1: fill in every secret, submit into a failing service, get killed.
    let mut p = start(&[]);
    p.create_to_social_step("leaktest-auth").await;
    for (id, secret) in [
        ("1234567890123456", FB),
        ("123456789012-leak.apps.googleusercontent.com", GOOGLE),
        ("amzn1.application-oa2-client.leaktest", AMAZON),
    ] {
        p.send(SPACE);
        p.send(TAB);
        p.send(id);
        p.send(TAB);
        p.send(secret);
        p.send(TAB);
    }
    p.send(SPACE);
    p.send(TAB);
    p.send("com.example.leak.signin");
    p.send(TAB);
    p.send("TEAM123456");
    p.send(TAB);
    p.send("KEYID12345");
    p.send(TAB);
    p.send(TAB);
    p.paste(&pem.replace('\n', "\r\n"));
    p.wait_for("EC P-256 PKCS#8 key").await;
    p.send(CTRL_N);
    p.wait_for("Review: Ctrl-S submits").await;
    p.wait_for("no errors").await;
    let home_path = home.path().to_path_buf();
    wait_until("the draft is saved", || {
        drafts(&home_path).iter().any(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .contains("leaktest-auth")
        })
    })
    .await;
    sb.set_faults(FaultConfig {
        gateway_timeout_rate: 1.0,
        ..Default::default()
    });
    p.send(CTRL_S);
    p.wait_for("back to your input").await;
    sb.set_faults(FaultConfig::default());
    let draft = drafts(home.path())
        .pop()
        .expect("the draft survives the failed submit");
    let draft_text = std::fs::read_to_string(&draft).unwrap();
    draft_copies.push((
        "draft after the failed submit".into(),
        draft_text.clone().into_bytes(),
    ));
    let parsed: serde_json::Value = serde_json::from_str(&draft_text).unwrap();
    let resource = parsed["fields"]["ResourceName"]
        .as_str()
        .unwrap()
        .to_string();
    p.signal(libc::SIGTERM);
    assert_eq!(p.wait_exit().exit_code(), 143);
    printed.push(("run 1 (create, failed submit, SIGTERM)".into(), p.raw()));

    // Run 2: resume, type the secrets again, create; then an update.
    let mut p = start(&[]);
    p.wait_for("Resume your draft?").await;
    p.send(ENTER);
    p.wait_for("type the Facebook app secret").await;
    p.send(ESC); // Review → Social, first field
    p.wait_for("Sign in with Apple").await;
    for (tabs, secret) in [(2, FB), (3, GOOGLE), (3, AMAZON)] {
        for _ in 0..tabs {
            p.send(TAB);
        }
        p.send(secret);
    }
    for _ in 0..6 {
        p.send(TAB);
    }
    p.paste(&pem.replace('\n', "\r\n"));
    p.wait_for("EC P-256 PKCS#8 key").await;
    p.send(CTRL_N);
    p.wait_for("Review: Ctrl-S submits").await;
    p.wait_for("no errors").await;
    p.send(CTRL_S);
    p.wait_for("Confirmed").await;
    wait_until("the draft is deleted", || drafts(&home_path).is_empty()).await;
    p.send(ENTER);
    p.wait_for("demo").await;
    p.send(ENTER);
    p.wait_for("staging").await;
    p.send(ENTER);
    p.wait_for(&resource).await;
    p.send(ENTER);
    p.wait_for("Minimum length").await;
    p.send("e");
    p.wait_for("Edit auth resource").await;
    p.send(CTRL_N);
    p.wait_for("Minimum length").await;
    p.send(CTRL_U);
    p.send("\x1b[F");
    p.send(CTRL_U);
    p.send("14");
    wait_until("the edit draft is saved", || {
        drafts(&home_path).iter().any(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .contains("\"14\"")
        })
    })
    .await;
    for f in drafts(home.path()) {
        draft_copies.push(("edit draft".into(), std::fs::read(f).unwrap()));
    }
    // On to the Social step: the service never gives the Apple key back, so it is pasted again
    // (one more chance for it to leak), then the review.
    for _ in 0..3 {
        p.send(CTRL_N);
    }
    p.wait_for("Sign in with Apple").await;
    p.send("\x1b[Z"); // Shift-Tab from the first field: the key box
    p.paste(&pem.replace('\n', "\r\n"));
    p.wait_for("EC P-256 PKCS#8 key").await;
    p.send(CTRL_N);
    // The min length, and the new key: sent, not compared (the service never returns it).
    p.wait_for("Changes (1)").await;
    p.wait_for("sent, not").await;
    p.send(CTRL_S);
    p.wait_for("Confirmed").await;
    p.send("q");
    assert!(p.wait_exit().success());
    printed.push(("run 2 (resume, create, update)".into(), p.raw()));
    let got = clients.get_auth(&app_id, "dev", &resource).await.unwrap();
    let sp = got.social_providers().unwrap().clone();
    assert_eq!(sp.facebook.unwrap().client_secret.unwrap().expose(), FB);
    assert_eq!(got.user_pool.password_policy.unwrap().minimum_length, 14.0);

    // Run 3: a panic while the edit wizard holds the secrets.
    let mut p = start(&[("AMPLIFY_AUTH_TEST_PANIC", "1")]);
    p.wait_for("demo").await;
    p.send(ENTER);
    p.wait_for("staging").await;
    p.send(ENTER);
    p.wait_for(&resource).await;
    p.send(ENTER);
    p.wait_for("Minimum length").await;
    p.send("e");
    p.wait_for("Edit auth resource").await;
    p.send(F12);
    assert_eq!(p.wait_exit().exit_code(), 101);
    printed.push(("run 3 (panic)".into(), p.raw()));

    // Headless get, without and with secrets.
    let get = |include: bool| {
        let mut args = vec![
            "--endpoint-url",
            &sb.endpoint,
            "--app-id",
            &app_id,
            "--env",
            "dev",
            "get",
            "--resource",
            &resource,
        ];
        if include {
            args.push("--include-secrets");
        }
        let empty = home.path().join("empty-aws-config");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_amplify-auth"));
        cmd.args(&args)
            .env_clear()
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .env("AWS_CONFIG_FILE", &empty)
            .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AMPLIFY_AUTH_LOG", "trace");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let plain = get(false);
    assert!(plain.status.success(), "{plain:?}");
    printed.push(("get: stdout".into(), plain.stdout));
    printed.push(("get: stderr".into(), plain.stderr));
    let with = get(true);
    assert!(with.status.success(), "{with:?}");
    printed.push(("get --include-secrets: stderr".into(), with.stderr));
    let asked = String::from_utf8_lossy(&with.stdout);
    for s in [FB, GOOGLE, AMAZON] {
        assert!(
            asked.contains(s),
            "--include-secrets prints {s}: the search can find it"
        );
    }

    // The search.
    let files = files_under(home.path());
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(home.path()).unwrap().display().to_string())
        .collect();
    let log = home.path().join("amplify-auth/logs/amplify-auth.log");
    let log_text = std::fs::read_to_string(&log).expect("the app logged");
    assert!(
        log_text.contains("TRACE") && log_text.contains("GetBackendAuth"),
        "trace logging was on and covered the calls: {names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("amplify-auth/crashes/panic-")),
        "a panic report was written: {names:?}"
    );
    let mut leaks = vec![];
    for f in &files {
        leaks.extend(find_leaks(
            &f.display().to_string(),
            &std::fs::read(f).unwrap(),
            &needles,
        ));
    }
    for (what, bytes) in printed.iter().chain(&draft_copies) {
        leaks.extend(find_leaks(what, bytes, &needles));
    }
    let written: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    let shown: usize = printed.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "searched {} files ({written} bytes, log {} bytes) and {shown} bytes of output for {} needles",
        files.len(),
        log_text.len(),
        needles.len()
    );
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
    sb.shutdown().await;
}
