//! The aws_config tests. tests/README.md says what each module holds.

#[path = "../support/mod.rs"]
mod support;

/// Held by every test here for its whole run: they set process-wide environment variables (the
/// AWS config chain reads them), which is also why these tests have a binary of their own.
pub static ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

mod connect;
mod transport;
