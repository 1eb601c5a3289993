//! A reader that stops early (`| head -1`) closes stdout's pipe: every command then ends quietly,
//! exit 0 and no backtrace (the completions generator used to panic, `man` exited 1). The pipe's
//! read end is closed before the command writes anything, so every write meets the closed pipe.

use std::process::{Command, Stdio};

fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    let empty = home.path().join("empty-aws-config");
    std::fs::write(&empty, "").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_amplify-auth"))
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    for args in [
        &["completions", "fish"][..],
        &["completions", "bash"][..],
        &["man"][..],
        &[
            "--sandbox",
            "--app-id",
            "d1a2b3c4demo",
            "--env",
            "staging",
            "get",
            "--output",
            "yaml",
        ][..],
        &[
            "--sandbox",
            "--app-id",
            "d1a2b3c4demo",
            "--env",
            "staging",
            "jobs",
        ][..],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("could not write"), "{args:?}: {stderr}");
    }
}
