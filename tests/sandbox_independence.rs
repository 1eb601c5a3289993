//! The sandbox stands in for AWS, so it judges the client with its own rules only. This test
//! reads `src/sandbox` and fails on any code line (comments aside) that reaches the client's
//! judgement: its validation, posture, update planning, secret keeping, hosted UI checks, failure
//! decoding, or the headless and TUI layers. The config types (`domain::config`, `enums`,
//! `secret`), the samples and the test key generator are shared data, not rules.

use std::path::Path;

/// The client's rule modules under `domain` (reached as `domain::m…` or inside
/// `domain::{m::…}`).
const CLIENT_MODULES: &[&str] = &[
    "validate",
    "posture",
    "update_plan",
    "update",
    "kept_secrets",
    "hosted_ui",
    "failure",
    "promote",
    "compare",
    "diff",
    "frontend",
    "checklist",
    "secret_ref",
    "drift",
];

/// Layers above the domain: never the sandbox's business.
const CLIENT_LAYERS: &[&str] = &["crate::headless", "crate::tui"];

/// Whether a code line reaches the client's judgement.
fn reaches_client(code: &str) -> bool {
    if CLIENT_LAYERS.iter().any(|l| code.contains(l)) {
        return true;
    }
    let Some(at) = code.find("domain::") else {
        return false;
    };
    let rest = &code[at + "domain::".len()..];
    // A glob would bring every client module into scope unnamed.
    if rest.starts_with('*') {
        return true;
    }
    // The Apple key's checks are the client's; its test key generator is a shared fixture.
    if rest.contains("apple_key::") && !rest.contains("apple_key::generate_key") {
        return true;
    }
    CLIENT_MODULES.iter().any(|m| {
        rest.starts_with(&format!("{m}::"))
            || rest.starts_with(&format!("{{{m}::"))
            || rest.contains(&format!(", {m}::"))
    })
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_sandbox_never_reaches_the_clients_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sandbox");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() > 10,
        "read {} files under {root:?}",
        files.len()
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if reaches_client(code) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, code));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the sandbox reaches the client's rules:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_each_way_in() {
    for line in [
        "use crate::domain::validate::validate_config;",
        "use crate::domain::{AuthConfig, posture::config_findings};",
        "use crate::domain::{update_plan::plan_update, AuthConfig};",
        "use crate::domain::*;",
        "let k = crate::domain::apple_key::parse_apple_key(b);",
        "crate::headless::rules::check_config(&c)",
    ] {
        assert!(reaches_client(line), "{line}");
    }
    for line in [
        "use crate::domain::{AuthConfig, AuthResources, MfaMode};",
        "use crate::domain::config::*;",
        "let (pem, bare) = crate::domain::apple_key::generate_key();",
    ] {
        assert!(!reaches_client(line), "{line}");
    }
}
