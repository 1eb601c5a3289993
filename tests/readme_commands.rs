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
