//! The README's sandbox recipe through bash, as a script runs it: `eval "$(amplify-auth serve
//! --demo --background)"` returns once the sandbox is up (it used to never return: `serve` held
//! the substitution's stdout), a command then reaches it through the exported variables, and
//! `kill $AMPLIFY_AUTH_SANDBOX_PID` stops it.

use std::process::Command;

#[test]
fn the_readme_eval_recipe_returns_serves_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty-aws-config");
    std::fs::write(&empty, "").unwrap();
    let bin = env!("CARGO_BIN_EXE_amplify-auth");
    let script = format!(
        r#"set -eu
bin='{bin}'
eval "$("$bin" serve --demo --background)"
echo "pid=$AMPLIFY_AUTH_SANDBOX_PID"
"$bin" --app-id d1a2b3c4demo env list
kill "$AMPLIFY_AUTH_SANDBOX_PID"
for _ in $(seq 100); do kill -0 "$AMPLIFY_AUTH_SANDBOX_PID" 2>/dev/null || exit 0; sleep 0.1; done
echo "still running" >&2; exit 1
"#
    );
    // `timeout` only keeps a regression from hanging the suite; nothing is asserted on time.
    let out = Command::new("timeout")
        .args(["120", "bash", "-c", &script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("pid="), "{stdout}");
    assert!(
        stdout.contains("staging"),
        "the demo app's environments: {stdout}"
    );
    assert!(
        stderr.contains("running in the background as process"),
        "{stderr}"
    );
}
