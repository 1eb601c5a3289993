//! Accounts, regions and the connection, as a user meets them (issue 17): the real binary runs
//! with `HOME` and the AWS config and credentials files pointed at a temporary directory, with a
//! cleared environment, so neither the developer's AWS setup nor the network is ever touched.
//! Each case checks the exit code from the documented table and the plain words on stderr.
//!
//! HTTPS runs end to end: the sandbox serves TLS with a CA it makes (`serve --tls`), the binary
//! trusts it through `AWS_CA_BUNDLE`, `--ca-bundle` or the profile's `ca_bundle`, and also
//! reaches it through a small CONNECT proxy written here.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use amplify_auth::sandbox::{self, SandboxHandle, SandboxOptions, demo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Guards against a hang only; no test asserts on speed.
const GENEROUS: Duration = Duration::from_secs(120);

const KEY: &str = "AKIASANDBOXTEST00001";
const SECRET: &str = "sandbox-secret-for-tests-only-000000000000";

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(config: &str, credentials: &str) -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".aws")).unwrap();
        std::fs::write(dir.path().join(".aws/config"), config).unwrap();
        std::fs::write(dir.path().join(".aws/credentials"), credentials).unwrap();
        Home { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with only the variables given (plus HOME and the file locations).
async fn run(home: &Home, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amplify-auth"));
    cmd.args(args).env_clear();
    let h = home.path();
    cmd.env("HOME", h)
        .env("XDG_DATA_HOME", h.join("data"))
        .env("AWS_CONFIG_FILE", h.join(".aws/config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", h.join(".aws/credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::time::timeout(
        GENEROUS,
        tokio::task::spawn_blocking(move || cmd.output().unwrap()),
    )
    .await
    .expect("the command finished")
    .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn get_args(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "get",
        "--app-id",
        demo::DEMO_APP_ID,
        "--env",
        "staging",
        "--resource",
        demo::DEMO_AUTH_RESOURCE,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

async fn sandbox(tls_dir: Option<PathBuf>) -> SandboxHandle {
    sandbox::start(SandboxOptions {
        demo: true,
        credentials: Some((KEY.into(), SECRET.into())),
        tls_ca_dir: tls_dir,
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

/// No crash report: no source location, no backtrace hint, no color-eyre section header.
fn assert_plain(r: &Run) {
    for bad in ["Location:", "BACKTRACE", "backtrace", "src/", "0: "] {
        assert!(!r.stderr.contains(bad), "{bad:?} in: {}", r.stderr);
    }
}

#[tokio::test]
async fn an_unknown_profile_is_a_usage_error_naming_the_known_ones() {
    let home = Home::new(
        "[profile alpha]\nregion = us-east-1\n[profile beta]\nregion = eu-west-1\n",
        "[alpha]\naws_access_key_id = A\naws_secret_access_key = s\n",
    );
    let args = get_args(&["--profile", "gamma"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("\"gamma\""), "{}", r.stderr);
    assert!(r.stderr.contains("alpha, beta"), "{}", r.stderr);
    assert_plain(&r);
    // AWS_PROFILE is the same setting.
    let args = get_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[("AWS_PROFILE", "gamma")]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[tokio::test]
async fn with_nothing_set_up_the_app_says_what_is_missing_without_a_crash_report() {
    let home = Home::new("", "");
    // No subcommand: the TUI. It stops before taking over the terminal.
    let r = run(&home, &[], &[]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("no AWS region"), "{}", r.stderr);
    assert!(r.stderr.contains("--region"), "{}", r.stderr);
    assert_plain(&r);
    // Headless: the same words and code.
    let args = get_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let h = run(&home, &args, &[]).await;
    assert_eq!(h.code, 5, "{}", h.stderr);
    assert!(h.stderr.contains("no AWS region"), "{}", h.stderr);
    assert_plain(&h);
}

#[tokio::test]
async fn no_credentials_are_a_plain_exit_5_before_any_request() {
    let sb = sandbox(None).await;
    let home = Home::new("", "");
    let args = get_args(&["--endpoint-url", &sb.endpoint, "--region", "us-east-1"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for tui in [false, true] {
        let a: Vec<&str> = if tui {
            vec!["--endpoint-url", &sb.endpoint, "--region", "us-east-1"]
        } else {
            args.clone()
        };
        let r = run(&home, &a, &[]).await;
        assert_eq!(r.code, 5, "{}", r.stderr);
        assert!(r.stderr.contains("no AWS credentials"), "{}", r.stderr);
        assert!(r.stderr.contains("AWS_ACCESS_KEY_ID"), "{}", r.stderr);
        assert!(!r.stderr.contains("providers in chain"), "{}", r.stderr);
        assert_plain(&r);
    }
    sb.shutdown().await;
}

/// The SDK's SSO token cache file for a session name.
fn sso_cache_file(home: &Path, session: &str) -> PathBuf {
    use sha1::Digest;
    let hash = hex::encode(sha1::Sha1::digest(session.as_bytes()));
    home.join(".aws/sso/cache").join(format!("{hash}.json"))
}

const SSO_CONFIG: &str = "\
[profile corp]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = us-east-1
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
";

#[tokio::test]
async fn an_expired_sso_session_says_to_log_in_again() {
    let home = Home::new(SSO_CONFIG, "");
    let cache = sso_cache_file(home.path(), "corp");
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    std::fs::write(
        &cache,
        r#"{"accessToken":"old","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://corp.awsapps.com/start"}"#,
    )
    .unwrap();
    let args = get_args(&["--profile", "corp"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("run `aws sso login --profile corp`"),
        "{}",
        r.stderr
    );
    assert_plain(&r);
    // The TUI start says the same.
    let t = run(&home, &["--profile", "corp"], &[]).await;
    assert_eq!(t.code, 5, "{}", t.stderr);
    assert!(
        t.stderr.contains("aws sso login --profile corp"),
        "{}",
        t.stderr
    );
}

#[tokio::test]
async fn an_sso_profile_never_logged_in_says_to_log_in() {
    let home = Home::new(SSO_CONFIG, "");
    let args = get_args(&["--profile", "corp"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("aws sso login --profile corp"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn a_role_needing_mfa_is_refused_with_the_reason() {
    let home = Home::new(
        "[profile base]\nregion = us-east-1\n\
         [profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::111122223333:role/Admin\n\
         source_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n",
        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n",
    );
    let args = get_args(&["--profile", "admin"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("MFA code"), "{}", r.stderr);
    assert!(r.stderr.contains("no MFA token provider"), "{}", r.stderr);
    assert!(r.stderr.contains("export-credentials"), "{}", r.stderr);
    assert_plain(&r);
}

#[tokio::test]
async fn process_credentials_are_used_and_their_failure_is_reported() {
    let sb = sandbox(None).await;
    let ok = format!(
        "printf '{{\"Version\":1,\"AccessKeyId\":\"{KEY}\",\"SecretAccessKey\":\"{SECRET}\"}}'"
    );
    let home = Home::new(
        &format!(
            "[profile tool]\nregion = us-east-1\ncredential_process = {ok}\n\
             [profile broken]\nregion = us-east-1\ncredential_process = sh -c 'echo nope >&2; exit 3'\n"
        ),
        "",
    );
    let args = get_args(&["--profile", "tool", "--endpoint-url", &sb.endpoint]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("userPoolConfigs") || r.stdout.contains("UserPoolConfigs"));

    let args = get_args(&["--profile", "broken", "--endpoint-url", &sb.endpoint]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("profile broken"), "{}", r.stderr);
    assert_plain(&r);
    sb.shutdown().await;
}

#[tokio::test]
async fn two_profiles_two_regions_one_aimed_at_the_sandbox_by_its_endpoint_setting() {
    let sb = sandbox(None).await;
    let home = Home::new(
        &format!(
            "[profile local]\nregion = us-east-1\nendpoint_url = {}\n\
             [profile other]\nregion = eu-west-3\n",
            sb.endpoint
        ),
        &format!(
            "[local]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n\
             [other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s\n"
        ),
    );
    let args = get_args(&["--profile", "local"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    sb.shutdown().await;
}

#[tokio::test]
async fn get_over_https_needs_the_sandbox_ca_and_fails_clearly_without_it() {
    let tls_dir = tempfile::tempdir().unwrap();
    let sb = sandbox(Some(tls_dir.path().to_path_buf())).await;
    assert!(sb.endpoint.starts_with("https://"), "{}", sb.endpoint);
    let ca = sb.ca_file.clone().expect("the CA file is written");
    assert!(ca.starts_with(tls_dir.path()));
    let exports = sandbox::export_lines(&sb);
    assert!(
        exports.contains(&format!("export AWS_CA_BUNDLE={}", ca.display())),
        "{exports}"
    );
    let ca_s = ca.to_str().unwrap();
    let keys = [
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_REGION", "us-east-1"),
    ];
    let home = Home::new(
        "[profile pinned]\nregion = us-east-1\nca_bundle = CA\n"
            .replace("CA", ca_s)
            .as_str(),
        "",
    );
    let args = get_args(&["--endpoint-url", &sb.endpoint]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let mut with_env = keys.to_vec();
    with_env.push(("AWS_CA_BUNDLE", ca_s));
    let r = run(&home, &args, &with_env).await;
    assert_eq!(r.code, 0, "AWS_CA_BUNDLE: {}", r.stderr);
    assert!(r.stdout.contains(demo::DEMO_AUTH_RESOURCE), "{}", r.stdout);

    let mut flag = args.clone();
    flag.extend(["--ca-bundle", ca_s]);
    let r = run(&home, &flag, &keys).await;
    assert_eq!(r.code, 0, "--ca-bundle: {}", r.stderr);

    let mut profile = args.clone();
    profile.extend(["--profile", "pinned"]);
    let r = run(&home, &profile, &keys).await;
    assert_eq!(r.code, 0, "profile ca_bundle: {}", r.stderr);

    // Without the CA: the system roots do not know it.
    let r = run(&home, &args, &keys).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("certificate"), "{}", r.stderr);
    assert!(r.stderr.contains("--ca-bundle"), "{}", r.stderr);
    assert_plain(&r);

    // A CA bundle that is not one: refused up front, by name.
    let junk = tls_dir.path().join("junk.pem");
    std::fs::write(&junk, "not a certificate\n").unwrap();
    let mut bad = keys.to_vec();
    bad.push(("AWS_CA_BUNDLE", junk.to_str().unwrap()));
    let r = run(&home, &args, &bad).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("junk.pem"), "{}", r.stderr);
    assert!(r.stderr.contains("AWS_CA_BUNDLE"), "{}", r.stderr);
    sb.shutdown().await;
}

/// A CONNECT proxy on 127.0.0.1 that records each tunnel's target and then relays bytes.
struct ConnectProxy {
    url: String,
    targets: Arc<Mutex<Vec<String>>>,
}

impl ConnectProxy {
    async fn start() -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let targets = Arc::new(Mutex::new(Vec::new()));
        let seen = targets.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(tunnel(client, seen.clone()));
            }
        });
        ConnectProxy { url, targets }
    }

    fn targets(&self) -> Vec<String> {
        self.targets.lock().unwrap().clone()
    }
}

async fn tunnel(mut client: TcpStream, seen: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await.unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut words = head.split_whitespace();
    if words.next() != Some("CONNECT") {
        let _ = client
            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n")
            .await;
        return;
    }
    let target = words.next().unwrap_or_default().to_string();
    seen.lock().unwrap().push(target.clone());
    let Ok(mut upstream) = TcpStream::connect(&target).await else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
        return;
    };
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

#[tokio::test]
async fn https_goes_through_the_proxy_unless_no_proxy_exempts_the_host() {
    let tls_dir = tempfile::tempdir().unwrap();
    let sb = sandbox(Some(tls_dir.path().to_path_buf())).await;
    let proxy = ConnectProxy::start().await;
    let ca = sb.ca_file.clone().unwrap();
    let home = Home::new("", "");
    let env = [
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_REGION", "us-east-1"),
        ("AWS_CA_BUNDLE", ca.to_str().unwrap()),
        ("HTTPS_PROXY", proxy.url.as_str()),
    ];
    let args = get_args(&["--endpoint-url", &sb.endpoint]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&home, &args, &env).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let host = sb.endpoint.trim_start_matches("https://").to_string();
    assert!(
        proxy.targets().contains(&host),
        "the call tunnelled through the proxy: {:?}",
        proxy.targets()
    );

    // Not trusting the certificate is final: one connection, no retries, a clear message.
    let before = proxy.targets().len();
    let untrusted: Vec<_> = env
        .iter()
        .filter(|(k, _)| *k != "AWS_CA_BUNDLE")
        .copied()
        .collect();
    let r = run(&home, &args, &untrusted).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("not trusted"), "{}", r.stderr);
    assert_eq!(proxy.targets().len(), before + 1, "{:?}", proxy.targets());

    let before = proxy.targets().len();
    let mut exempt = env.to_vec();
    exempt.push(("NO_PROXY", "127.0.0.1"));
    let r = run(&home, &args, &exempt).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(proxy.targets().len(), before, "NO_PROXY went direct");
    sb.shutdown().await;
}
