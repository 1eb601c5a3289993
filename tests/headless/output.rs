//! `--output`, `--query`, YAML input, `--version` and `man` (issue 18), through the real command
//! line: in-process against a demo sandbox (as `serve --demo` seeds it), and the real binary for
//! what clap decides before any command runs.

use crate::support;

use std::process::Command;

use amplify_auth::config_file::yaml_write;
use amplify_auth::exit_code;
use amplify_auth::headless::Terminal;
use amplify_auth::sandbox::SandboxOptions;
use amplify_auth::sandbox::demo::{DEMO_APP_ID, demo_auth_config};
use support::headless::{Env, Run, demo_with, run_cli};

/// A demo sandbox as `serve --demo` seeds it (default options otherwise).
async fn demo() -> Env {
    demo_with(SandboxOptions::default()).await
}

/// A command on the demo app's staging environment (the one with auth).
async fn on_staging(demo: &Env, args: &[&str]) -> Run {
    let mut all = vec!["--app-id", DEMO_APP_ID, "--env", "staging"];
    all.extend_from_slice(args);
    demo.run(&all).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_and_text_pull_out_one_value_as_the_aws_cli_does() {
    let demo = demo().await;
    let run = on_staging(
        &demo,
        &["jobs", "--query", "Jobs[0].Status", "--output", "text"],
    )
    .await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (exit_code::OK, "COMPLETED\n"),
        "{run:?}"
    );

    let path = "ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength";
    let run = on_staging(&demo, &["get", "--query", path, "--output", "text"]).await;
    let want = demo_auth_config()
        .user_pool
        .password_policy
        .expect("the demo has a password policy")
        .minimum_length;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(run.stdout, format!("{}\n", want as i64), "{run:?}");

    // The query sees the same JSON `--output json` prints.
    let run = on_staging(
        &demo,
        &["jobs", "--query", "Jobs[*].Operation", "--output", "json"],
    )
    .await;
    let ops = run.json();
    assert!(
        ops.as_array()
            .is_some_and(|a| a.iter().any(|o| o == "CreateBackendAuth")),
        "{run:?}"
    );
    demo.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_output_is_one_tab_separated_record_a_line() {
    let demo = demo().await;
    let json = on_staging(&demo, &["jobs", "--output", "json"])
        .await
        .json();
    let jobs = json["Jobs"].as_array().expect("Jobs").clone();
    assert!(jobs.len() >= 2, "{json}");
    let run = on_staging(&demo, &["jobs", "--output", "text"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), jobs.len(), "{run:?}");
    for (line, job) in lines.iter().zip(&jobs) {
        let cells: Vec<&str> = line.split('\t').collect();
        // The list's name in capitals, then the job's members sorted by name.
        assert_eq!(cells[0], "JOBS", "{line}");
        let mut keys: Vec<&String> = job.as_object().unwrap().keys().collect();
        keys.sort();
        let want: Vec<&str> = keys
            .iter()
            .map(|k| job[k.as_str()].as_str().unwrap())
            .collect();
        assert_eq!(&cells[1..], want.as_slice(), "{line}");
    }
    // A query's table is generic; the command's own table stays the default.
    let run = on_staging(&demo, &["jobs"]).await;
    assert!(run.stdout.starts_with("JOB ID"), "{run:?}");
    let run = on_staging(&demo, &["jobs", "--query", "Jobs[].{Id: JobId, S: Status}"]).await;
    assert!(run.stdout.starts_with("Id "), "{run:?}");
    demo.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_as_yaml_feeds_update_unchanged() {
    let demo = demo().await;
    let json = on_staging(&demo, &["get"]).await;
    let yaml = on_staging(&demo, &["get", "--output", "yaml"]).await;
    assert_eq!(yaml.code, exit_code::OK, "{yaml:?}");
    assert!(yaml.stdout.contains("ResourceConfig:\n"), "{yaml:?}");
    // The same document in either notation.
    let back = amplify_auth::config_file::yaml_read::to_json_value(&yaml.stdout).expect("YAML");
    assert_eq!(back, json.json());

    let file = demo.file("auth.yaml", &yaml.stdout);
    let run = on_staging(&demo, &["update", "--input", &file, "--dry-run"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let run = on_staging(
        &demo,
        &["validate", "--input", &file, "--allow-missing-secrets"],
    )
    .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    // By content as well: YAML on stdin, no extension to go by.
    let mut all = vec!["--app-id", DEMO_APP_ID, "--env", "staging"];
    all.extend_from_slice(&["update", "--input", "-", "--dry-run"]);
    let run = run_cli(Some(&demo.clients), &all, &yaml.stdout, Terminal::default()).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    demo.sandbox.shutdown().await;
}

fn examples_json() -> String {
    let p =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/social-apple.json");
    std::fs::read_to_string(p).expect("example")
}

/// `line:column` where `needle` first appears: its line, and the column its line's text starts.
fn at(text: &str, needle: &str) -> String {
    let i = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle}"));
    let line = text.lines().nth(i).unwrap();
    format!("{}:{}", i + 1, line.len() - line.trim_start().len() + 1)
}

#[tokio::test]
async fn yaml_findings_point_into_the_yaml_like_json_findings_into_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let json_text = examples_json()
        .replace("\"shop-example-auth\"", "\"Shop_Auth\"")
        .replace("\"MinimumLength\": 10", "\"MinimumLength\": 5");
    let value: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let yaml_text = yaml_write::yaml(&value);
    assert!(yaml_text.contains("DomainPrefix: Shop_Auth"), "{yaml_text}");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let (jf, yf) = (write("bad.json", &json_text), write("bad.yaml", &yaml_text));
    let validate = |f: String| async move {
        run_cli(None, &["validate", "--input", &f], "", Terminal::default()).await
    };
    let (jr, yr) = (validate(jf.clone()).await, validate(yf.clone()).await);
    assert_eq!(
        (jr.code, yr.code),
        (exit_code::INVALID_INPUT, exit_code::INVALID_INPUT),
        "{yr:?}"
    );
    // The same findings, each at its place in its own file.
    for (needle, path) in [
        (
            "Shop_Auth",
            "ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix",
        ),
        (
            "MinimumLength",
            "ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength",
        ),
    ] {
        let j = format!("{jf}:{}: error: {path}: ", at(&json_text, needle));
        let y = format!("{yf}:{}: error: {path}: ", at(&yaml_text, needle));
        assert!(jr.stdout.contains(&j), "{j}\n{jr:?}");
        assert!(yr.stdout.contains(&y), "{y}\n{yr:?}");
    }
    let strip = |s: &str, f: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.replace(f, "F"))
            .map(|l| l.split(": ").skip(1).collect::<Vec<_>>().join(": "))
            .collect()
    };
    assert_eq!(strip(&jr.stdout, &jf), strip(&yr.stdout, &yf));

    // Parse errors too: an unknown member is named at its line in the YAML.
    let typo = yaml_text.replace("SignInMethod:", "SignInMethods:");
    let f = write("typo.yml", &typo);
    let run = validate(f.clone()).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    let (line, _) = at(&typo, "SignInMethods")
        .split_once(':')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap();
    assert!(
        run.stderr.contains(&format!("{f}: line {line}, column "))
            && run
                .stderr
                .contains("at ResourceConfig.UserPoolConfigs.SignInMethods: unknown member"),
        "{run:?}"
    );
    // And malformed YAML says where it breaks.
    let f = write("broken.yaml", "AppId: d1\nResourceConfig: [1, 2\n");
    let run = validate(f.clone()).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains(&format!("{f}: line ")) && run.stderr.contains("malformed YAML"),
        "{run:?}"
    );
}

/// The real binary, with a private HOME so nothing of the user's is read or written.
fn binary(args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_amplify-auth"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .output()
        .expect("the binary runs")
}

#[test]
fn a_malformed_query_is_a_usage_error_that_shows_where_it_breaks() {
    let out = binary(&[
        "jobs", "--app-id", "d1", "--env", "dev", "--query", "Jobs[0",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(exit_code::USAGE), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("--query") && stderr.contains("JMESPath"),
        "{stderr}"
    );
    // The expression, and a caret under the place it breaks.
    let lines: Vec<&str> = stderr.lines().collect();
    let expr = lines
        .iter()
        .position(|l| l.trim_end().ends_with("Jobs[0"))
        .expect("echoed");
    let caret = lines[expr + 1];
    assert!(caret.trim() == "^", "{stderr}");
    assert!(
        caret.find('^').unwrap() >= lines[expr].find("Jobs").unwrap() + "Jobs[".len(),
        "{stderr}"
    );
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = binary(&["--version"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git is installed (CI runs in a git clone)");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    assert_eq!(head.len(), 12, "not a git checkout?");
    assert_eq!(
        text.trim(),
        format!("amplify-auth {} (commit {head})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn man_prints_a_roff_page_of_the_whole_command_line() {
    let out = binary(&["man"]);
    let page = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(page.contains(".TH amplify-auth 1"), "{page}");
    for cmd in ["get", "jobs", "validate", "serve", "man"] {
        assert!(
            page.contains(&format!("amplify\\-auth\\-{cmd}(1)")),
            "{cmd}: {page}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = binary(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let jobs = std::fs::read_to_string(dir.path().join("amplify-auth-jobs.1")).unwrap();
    assert!(
        jobs.contains("\\-\\-query") && jobs.contains("\\-\\-output"),
        "{jobs}"
    );
}
