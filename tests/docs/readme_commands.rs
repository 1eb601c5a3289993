//! The commands the README and its docs/ pages show run as written: every `sh` block line that
//! starts with `amplify-auth --sandbox` or `amplify-auth --version` (the ones that need no AWS
//! account), in order, with a fresh data directory and empty AWS config files. A README edit
//! that breaks one, or a flag renamed under it, fails here.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The runnable lines of the ```sh blocks of `file`, comments cut.
fn commands(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
    let mut out = vec![];
    let mut in_sh = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        let cmd = line.split(" #").next().unwrap_or_default().trim();
        if in_sh && (cmd.starts_with("amplify-auth --sandbox ") || cmd == "amplify-auth --version")
        {
            out.push(cmd.to_string());
        }
    }
    out
}

#[test]
fn the_sandbox_commands_the_docs_show_run_as_written() {
    let mut all = commands("README.md");
    all.extend(commands("docs/headless.md"));
    assert!(
        all.iter().any(|c| c.contains(" create --input ")) && all.len() >= 3,
        "the docs show a create on the sandbox: {all:?}"
    );
    let home = tempfile::tempdir().unwrap();
    let empty = home.path().join("empty-aws-config");
    std::fs::write(&empty, "").unwrap();
    for cmd in &all {
        let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_amplify-auth"))
            .args(&args)
            .current_dir(ROOT)
            .env_clear()
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .env("AWS_CONFIG_FILE", &empty)
            .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{cmd}: {:?}\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if cmd.ends_with(" get") {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(json["AppId"], "d1a2b3c4demo", "{json}");
        }
    }
}

/// The brief's promise to a newcomer: the README's first lines are the two commands that set
/// everything up on a fresh machine, the app on the sandbox and the test suite (the one `.ci/run`
/// runs). A restructure that pushes them down, or a CI test command that drifts from the README's,
/// fails here.
#[test]
fn the_readme_opens_with_the_two_setup_commands() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let first: Vec<&str> = text.lines().take(8).collect();
    let first_block = first.join("\n");
    assert!(
        first_block.contains("cargo run --release -- --sandbox"),
        "README's first lines must run the app on the sandbox:\n{first_block}"
    );
    let test_line = first
        .iter()
        .find(|l| l.trim_start().starts_with("cargo test"))
        .unwrap_or_else(|| {
            panic!("README's first lines must give the test command:\n{first_block}")
        });
    let test_cmd = test_line.split(" #").next().unwrap().trim();
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == test_cmd),
        "`.ci/run` must run the README's test command `{test_cmd}`"
    );
}
