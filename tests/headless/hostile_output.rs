//! Issue 24 item 2: nothing raw reaches the terminal. A hostile endpoint answers every call the
//! commands make with names, messages and values full of terminal controls (OSC 52 clipboard
//! writes, screen clears, CR/VT/FF, C1 CSI, DEL, bidi overrides); the real binary runs every
//! command in every output format against it, and against hostile input files and flag values,
//! and no ESC, BEL, C1, bidi control or line-overwriting control reaches stdout or stderr. JSON
//! and YAML output still mean the exact strings (names are never rewritten, only escaped).

use crate::support;

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The hostile text, as the service's JSON carries it (escaped in the body, raw once decoded).
const H: &str = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{202e}\u{9b}31m\r\u{b}\u{c}\u{7f}\u{2066}";

fn h(prefix: &str) -> String {
    format!("{prefix}{H}")
}

fn app_id() -> String {
    h("d0hostile")
}
fn env_name() -> String {
    h("dev")
}
fn resource() -> String {
    h("auth")
}
fn job_id() -> String {
    h("job-1")
}

fn job(status: &str) -> Value {
    json!({
        "appId": app_id(),
        "backendEnvironmentName": env_name(),
        "jobId": job_id(),
        "operation": h("CreateBackendAuth"),
        "status": status,
        "error": h("the job failed: "),
        "createTime": "1796424445908",
        "updateTime": "1796424652908",
    })
}

fn auth_config() -> Value {
    json!({
        "authResources": "USER_POOL_ONLY",
        "service": "COGNITO",
        "userPoolConfigs": {
            "mfa": {"MFAMode": "OFF"},
            "oAuth": {
                "domainPrefix": h("demo"),
                "oAuthGrantType": "CODE",
                "oAuthScopes": ["EMAIL", "OPENID"],
                "redirectSignInURIs": [h("https://a.example.com/")],
                "redirectSignOutURIs": [h("https://a.example.com/out/")],
                "socialProviderSettings": {"Google": {"client_id": h("123-abc.apps.googleusercontent.com")}}
            },
            "passwordPolicy": {"additionalConstraints": [], "minimumLength": 8.0},
            "requiredSignUpAttributes": ["EMAIL"],
            "signInMethod": "EMAIL",
            "userPoolName": h("pool"),
            "verificationMessage": {
                "deliveryMethod": "EMAIL",
                "emailSettings": {"emailMessage": h("Your code is {####} "), "emailSubject": h("Code")}
            }
        }
    })
}

fn meta() -> String {
    let mut auth = serde_json::Map::new();
    auth.insert(
        resource(),
        json!({
            "service": "Cognito",
            "output": {
                "UserPoolId": h("us-east-1_pool"),
                "UserPoolName": h("pool"),
                "AppClientIDWeb": h("web"),
                "AppClientID": h("native"),
                "HostedUIDomain": h("demo"),
            }
        }),
    );
    json!({ "auth": auth }).to_string()
}

/// The answer to one request, by route.
fn answer(method: &str, path: &str) -> (u16, Vec<(&'static str, String)>, String) {
    let parts: Vec<&str> = path
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_matches('/')
        .split('/')
        .collect();
    let ok = |v: Value| (200, vec![], v.to_string());
    match (method, parts.as_slice()) {
        ("GET", ["apps"]) => ok(json!({"apps": [{
            "appId": app_id(), "appArn": h("arn:"), "name": h("app"), "description": h("d"),
            "repository": "", "platform": "WEB", "createTime": 1796424325.9, "updateTime": 1796424325.9,
            "environmentVariables": {}, "defaultDomain": h("x.amplifyapp.com"),
            "enableBranchAutoBuild": false, "enableBranchAutoDeletion": false,
            "enableBasicAuth": false, "enableAutoBranchCreation": false, "customRules": []
        }]})),
        ("GET", ["apps", _, "backendenvironments"]) => ok(json!({"backendEnvironments": [{
            "backendEnvironmentArn": h("arn:"), "environmentName": env_name(),
            "stackName": h("stack"), "deploymentArtifacts": h("bucket"),
            "createTime": 1796424325.9, "updateTime": 1796424325.9
        }]})),
        ("POST", ["backend", _, "details"]) => ok(json!({
            "appId": app_id(), "appName": h("app"), "backendEnvironmentList": [env_name()],
            "backendEnvironmentName": env_name(), "amplifyMetaConfig": meta()
        })),
        ("POST", ["backend", _, "auth", _, "details"]) => ok(json!({
            "appId": app_id(), "backendEnvironmentName": env_name(),
            "resourceConfig": auth_config(), "resourceName": resource()
        })),
        ("POST", ["backend", _, "job", _]) => ok(json!({"jobs": [job("FAILED"), job("RUNNING")]})),
        ("GET", ["backend", _, "job", _, _]) => ok(job("FAILED")),
        // Anything else (a delete, an update): refused, with a hostile message.
        _ => (
            400,
            vec![("x-amzn-ErrorType", h("BadRequestException"))],
            json!({"message": h("refused: ")}).to_string(),
        ),
    }
}

/// A server on 127.0.0.1 that answers every request with [`answer`], one request a connection.
async fn hostile_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let Ok(n) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    let Ok(n) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let mut first = head.lines().next().unwrap_or_default().split(' ');
                let (method, path) = (
                    first.next().unwrap_or_default(),
                    first.next().unwrap_or_default(),
                );
                let (status, headers, body) = answer(method, path);
                let mut resp = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-amzn-RequestId: {}\r\ncontent-length: {}\r\nconnection: close\r\n",
                    "req-1",
                    body.len()
                );
                for (k, v) in headers {
                    // Header values cannot hold controls; the error type goes in as far as HTTP
                    // allows (the printable part), the body carries the rest.
                    let v: String = v.chars().filter(|c| (' '..='~').contains(c)).collect();
                    resp.push_str(&format!("{k}: {v}\r\n"));
                }
                resp.push_str("\r\n");
                resp.push_str(&body);
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    url
}

struct Out {
    args: Vec<String>,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs the binary with `args` against `url`, with empty AWS files and static credentials.
fn run(url: &str, dir: &std::path::Path, args: &[String]) -> Out {
    let out = support::bin::command(dir)
        .args(["--endpoint-url", url])
        .args(args)
        .output()
        .unwrap();
    Out {
        args: args.to_vec(),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// The first character that must never reach a terminal raw, if any.
fn hostile_in(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .find(|c| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .or_else(|| {
            // Raw C1 bytes outside UTF-8 (a terminal in an 8-bit mode reads 0x9b as CSI).
            std::str::from_utf8(bytes)
                .is_err()
                .then(|| "invalid UTF-8".to_string())
        })
}

fn assert_clean(o: &Out) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        if let Some(c) = hostile_in(bytes) {
            panic!(
                "{c} reached {stream} of {:?} (exit {:?}):\n{}",
                o.args,
                o.code,
                String::from_utf8_lossy(bytes).escape_debug()
            );
        }
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_command_or_format_puts_a_raw_control_on_the_terminal() {
    let url = hostile_endpoint().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let scope = vec![
        "--app-id".to_string(),
        app_id(),
        "--env".to_string(),
        env_name(),
    ];
    // A hostile input file: names in the wrapper and values in the config.
    let input = dir.path().join("hostile.json");
    let mut cfg: Value = serde_json::from_value(json!({
        "AppId": app_id(),
        "BackendEnvironmentName": env_name(),
        "ResourceName": resource(),
    }))
    .unwrap();
    let mut rc = amplify_auth::domain::samples::default_config("hostile");
    rc.user_pool.user_pool_name = h("pool");
    cfg["ResourceConfig"] = serde_json::to_value(&rc).unwrap();
    std::fs::write(&input, serde_json::to_string_pretty(&cfg).unwrap()).unwrap();
    let input = input.to_string_lossy().into_owned();
    let yaml_input = dir.path().join("hostile.yaml");
    std::fs::write(
        &yaml_input,
        format!("AppId: \"{}\"\nResourceConfig: 3\n", "\\e]0;x\\a"),
    )
    .unwrap();
    let yaml_input = yaml_input.to_string_lossy().into_owned();

    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in ["json", "yaml", "text", "table"] {
        for cmd in [
            &["get"][..],
            &["jobs"],
            &["job", "--job-id"],
            &["env", "list"],
            &["audit"],
            &["checklist"],
        ] {
            let mut args = scope.clone();
            args.extend(strings(cmd));
            if cmd[0] == "job" {
                args.push(job_id());
            }
            args.extend(strings(&["--output", format]));
            runs.push(args);
        }
    }
    for extra in [
        strings(&["delete", "--yes"]),
        strings(&["outputs"]),
        strings(&["diff", "--other-env", "prod"]),
        strings(&["update", "--input", &input, "--dry-run"]),
        strings(&["create", "--input", &input, "--dry-run"]),
        strings(&["create", "--input", &input]),
        strings(&["jobs", "--status", H]),
        strings(&["get", "--resource", H]),
    ] {
        let mut args = scope.clone();
        args.extend(extra);
        runs.push(args);
    }
    runs.push(strings(&["validate", "--input", &input]));
    runs.push(strings(&["validate", "--input", &yaml_input]));
    runs.push(strings(&["validate", "--input", &h("missing")]));
    // Flags clap refuses quote their value.
    runs.push(strings(&["get", "--output", H]));
    runs.push(strings(&["get", &h("--bogus")]));

    let url2 = url.clone();
    let outs: Vec<Out> = tokio::task::spawn_blocking(move || {
        runs.iter().map(|a| run(&url2, dir.path(), a)).collect()
    })
    .await
    .unwrap();
    for o in &outs {
        if std::env::var("HOSTILE_SHOW").is_ok() {
            eprintln!(
                "{:?} -> {:?}\n{}\n{}",
                o.args,
                o.code,
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
        assert_clean(o);
    }

    // JSON and YAML carry the exact strings: names are escaped, never rewritten.
    let find = |args: &[&str]| {
        outs.iter()
            .find(|o| args.iter().all(|a| o.args.iter().any(|x| x == a)))
            .unwrap_or_else(|| panic!("no run with {args:?}"))
    };
    let get_json = find(&["get", "json"]);
    assert_eq!(
        get_json.code,
        Some(0),
        "{}",
        String::from_utf8_lossy(&get_json.stderr)
    );
    let v: Value = serde_json::from_slice(&get_json.stdout).unwrap();
    assert_eq!(v["ResourceName"], json!(resource()));
    assert_eq!(
        v["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"],
        json!(h("pool"))
    );
    let get_yaml = find(&["get", "yaml"]);
    let y = amplify_auth::config_file::yaml_read::to_json_value(
        std::str::from_utf8(&get_yaml.stdout).unwrap(),
    )
    .unwrap();
    assert_eq!(y, v);
    let envs = find(&["env", "json"]);
    let v: Value = serde_json::from_slice(&envs.stdout).unwrap();
    assert!(
        v.to_string()
            .contains(&serde_json::to_string(&env_name()).unwrap()[1..5])
    );
    assert!(
        v.pointer("/BackendEnvironments/0/EnvironmentName")
            .or_else(|| v.pointer("/backendEnvironments/0/environmentName"))
            .is_some_and(|n| n == &json!(env_name())),
        "{v}"
    );
    // Text shows the control escaped, in place.
    let text = find(&["get", "text"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("pool\\x1b]52;c;cHduZWQ=\\x07"), "{shown}");
    // Errors quote flag values escaped, whole.
    let missing = find(&["validate", &h("missing")]);
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("missing\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\u{202e}\\x9b31m\\x0d"),
        "{err}"
    );
}

/// The TUI: a wizard opened on a hostile file (`edit --input`), on its review, drawn with the
/// real view: no cell holds a control or bidi character.
#[test]
fn the_tui_draws_no_control_or_bidi_character() {
    use amplify_auth::tui::app::{App, Context, Screen};
    use amplify_auth::tui::wizard::steps::Step;
    let dir = tempfile::tempdir().unwrap();
    let mut rc = amplify_auth::domain::samples::default_config("hostile");
    rc.user_pool.user_pool_name = h("pool");
    let doc = json!({
        "AppId": app_id(), "BackendEnvironmentName": env_name(), "ResourceName": resource(),
        "ResourceConfig": rc,
    });
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let (mut w, _) = amplify_auth::tui::wizard::edit_file::open(&path, "us-east-1").unwrap();
    for step in [Step::Target, Step::Review] {
        w.step = step;
        let app = App::new(
            Screen::Wizard(Box::new(w.clone())),
            Context {
                region: "us-east-1".into(),
                target: h("sandbox"),
            },
        );
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 50)).unwrap();
        t.draw(|f| amplify_auth::tui::view::render(&app, f))
            .unwrap();
        let mut screen = String::new();
        for cell in t.backend().buffer().content() {
            screen.push_str(cell.symbol());
        }
        assert_eq!(hostile_in(screen.as_bytes()), None, "{step:?}: {screen}");
        assert!(screen.contains("pool"), "{step:?}");
    }
}
