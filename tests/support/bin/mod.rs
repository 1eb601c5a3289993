//! The real binary, as the hostile-input tests run it: a clean environment with empty AWS config
//! and credential files, static credentials and a region, its data under the test's folder.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// `amplify-auth` with `dir` as its home and data folder and nothing else of the caller's
/// environment.
pub fn command(dir: &Path) -> Command {
    let empty = dir.join("empty-aws-file");
    std::fs::write(&empty, "").expect("write the empty AWS file");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amplify-auth"));
    cmd.env_clear()
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_REGION", "us-east-1");
    cmd
}
