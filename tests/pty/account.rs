//! The real binary in a pseudo-terminal (issue 17): a first start with nothing set up opens the
//! setup screen, and the sandbox opens from there without restarting; with two profiles, each
//! aimed at its own in-process sandbox through `endpoint_url`, switching in the app shows each
//! profile's apps and names the profile, account and region in the header.

use crate::support;

use std::path::Path;

use amplify_auth::sandbox::{self, SandboxHandle, SandboxOptions, StatePath};
use portable_pty::CommandBuilder;
use support::app::pty::Pty;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

/// A cleared environment with `home` as HOME and the data directory: no AWS variable at all, so
/// the AWS files are looked for in `home/.aws` (unless `extra` says otherwise).
fn command(home: &Path, extra: &[(&str, &str)]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_amplify-auth"));
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home);
    cmd.env("XDG_DATA_HOME", home);
    // Off EC2 the SDK's last resort (instance metadata) must not be tried: no network in tests.
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_home_opens_the_setup_screen_and_the_sandbox_opens_from_there() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(command(home.path(), &[]));
    let screen = pty.wait_for("cannot connect yet").await;
    pty.assert_in_tui();
    assert!(screen.contains("no AWS region is configured"), "{screen}");
    assert!(screen.contains("No profiles in"), "{screen}");
    for bad in ["Location:", "BACKTRACE", "src/"] {
        assert!(!pty.raw_text().contains(bad), "no crash report: {bad}");
    }
    pty.send("s");
    let screen = pty.wait_for("demo-app").await;
    assert!(
        screen.contains("SANDBOX (local, no AWS account)"),
        "{screen}"
    );
    pty.send("q");
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 0, "{}", pty.text());
    pty.assert_restored();
}

#[tokio::test(flavor = "multi_thread")]
async fn quitting_from_the_setup_screen_exits_with_the_problems_code() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(command(home.path(), &[]));
    pty.wait_for("cannot connect yet").await;
    pty.send("q");
    let status = pty.wait_exit();
    // A region problem is exit code 5 in the headless table.
    assert_eq!(status.exit_code(), 5, "{}", pty.text());
    pty.assert_restored();
}

async fn sandbox(key: &str, region: &str, demo: bool, demo_apps: usize) -> SandboxHandle {
    sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        credentials: Some((key.into(), format!("{key}-secret-for-tests-only"))),
        region: region.into(),
        demo,
        demo_apps,
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_profile_in_the_app_shows_each_profiles_apps() {
    let a = sandbox("AKIAPROFILEALPHA0001", "us-east-1", true, 0).await;
    let b = sandbox("AKIAPROFILEBETA00002", "eu-west-1", false, 2).await;
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    let credentials = home.path().join("credentials");
    std::fs::write(
        &config,
        format!(
            "[default]\nregion = us-east-1\nendpoint_url = {}\n\
             [profile beta]\nregion = eu-west-1\nendpoint_url = {}\n",
            a.endpoint, b.endpoint
        ),
    )
    .unwrap();
    std::fs::write(
        &credentials,
        format!(
            "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n\
             [beta]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            a.access_key_id, a.secret_access_key, b.access_key_id, b.secret_access_key
        ),
    )
    .unwrap();
    let files = [
        ("AWS_CONFIG_FILE", config.to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap()),
    ];
    let mut pty = Pty::spawn(command(home.path(), &files));
    let screen = pty.wait_for("demo-app").await;
    assert!(screen.contains("profile default"), "{screen}");
    // The account id comes from STS (the sandbox answers it), once, after the start.
    let screen = pty.wait_for("us-east-1 · account 123456789012").await;
    assert!(!screen.contains("fleet-app"), "{screen}");

    pty.send("a");
    pty.wait_for("Switch account or region").await;
    pty.wait_for("beta").await;
    // The cursor starts on the profile in use (default); beta is the one above it.
    pty.send(UP);
    pty.send("\r");
    let screen = pty.wait_for("fleet-app-002").await;
    assert!(screen.contains("fleet-app-001"), "{screen}");
    assert!(
        !screen.contains("demo-app"),
        "nothing of the other account: {screen}"
    );
    let screen = pty.wait_for("eu-west-1 · account 123456789012").await;
    assert!(
        screen.contains(&format!("profile beta → {}", b.endpoint)),
        "{screen}"
    );

    // And back.
    pty.send("a");
    pty.wait_for("Switch account or region").await;
    pty.wait_for("beta").await;
    pty.send(DOWN);
    pty.send("\r");
    let screen = pty.wait_for("demo-app").await;
    assert!(!screen.contains("fleet-app"), "{screen}");
    pty.wait_for(&format!("profile default → {}", a.endpoint))
        .await;
    pty.send("q");
    assert_eq!(pty.wait_exit().exit_code(), 0);
    pty.assert_restored();
}

/// The setup screen shows each setup problem in the headless words, and quitting returns its
/// code: an expired SSO session (5) and a profile that does not exist (2).
#[tokio::test(flavor = "multi_thread")]
async fn the_setup_screen_says_to_log_in_to_sso_or_names_the_known_profiles() {
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(aws.join("sso/cache")).unwrap();
    std::fs::write(
        aws.join("config"),
        "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\n\
         sso_role_name = Admin\nregion = us-east-1\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    // An expired token in the SDK's cache (named by the SHA-1 of the session name).
    use sha1::Digest;
    let hash = hex::encode(sha1::Sha1::digest(b"corp"));
    std::fs::write(
        aws.join("sso/cache").join(format!("{hash}.json")),
        r#"{"accessToken":"old","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://corp.awsapps.com/start"}"#,
    )
    .unwrap();
    let mut pty = Pty::spawn(command(home.path(), &[("AWS_PROFILE", "corp")]));
    let screen = pty.wait_for("cannot connect yet").await;
    assert!(screen.contains("aws sso login --profile corp"), "{screen}");
    assert!(screen.contains("corp"), "the profile is offered: {screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit().exit_code(), 5, "{}", pty.text());

    let mut pty = Pty::spawn(command(home.path(), &[("AWS_PROFILE", "gamma")]));
    let screen = pty.wait_for("cannot connect yet").await;
    assert!(screen.contains("\"gamma\""), "{screen}");
    assert!(screen.contains("profiles are: corp"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit().exit_code(), 2, "{}", pty.text());
    pty.assert_restored();
}
