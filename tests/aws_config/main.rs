//! Building clients from the AWS configuration chain. These tests set process-wide environment
//! variables, so they have a binary of their own and each holds `ENV_LOCK` while it runs.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

/// Held by every test here for its whole run: they set process-wide environment variables (the
/// AWS config chain reads them), which is also why these tests have a binary of their own.
pub static ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

mod connect;
mod transport;
