//! `serve` and `completions` neither offer nor accept the flags that pick an AWS account,
//! endpoint or app (they mean nothing there); the commands that use them still have them.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_amplify-auth"))
        .args(args)
        .env_clear()
        .output()
        .expect("the binary runs")
}

#[test]
fn serve_help_lists_only_its_own_flags() {
    let help = String::from_utf8(run(&["serve", "--help"]).stdout).unwrap();
    assert!(
        help.contains("--listen") && help.contains("--demo"),
        "{help}"
    );
    for flag in [
        "--endpoint-url",
        "--sandbox",
        "--profile",
        "--region",
        "--app-id",
        "--env ",
    ] {
        assert!(!help.contains(flag), "serve --help offers {flag}:\n{help}");
    }
    let get = String::from_utf8(run(&["get", "--help"]).stdout).unwrap();
    assert!(
        get.contains("--endpoint-url") && get.contains("--sandbox"),
        "{get}"
    );
}

#[test]
fn a_client_flag_given_to_serve_is_a_usage_error_naming_it() {
    let out = run(&["serve", "--sandbox", "--state", ":memory:"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--sandbox does not apply to `amplify-auth serve`"),
        "{err}"
    );
}
