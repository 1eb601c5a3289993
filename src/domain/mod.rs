//! The auth domain: config types, validation, the Apple key, diffs and update derivation.
//!
//! Nothing here imports ratatui or the AWS SDK, so the TUI, the headless commands and the sandbox
//! all share one set of types and rules.

pub mod apple_key;
pub mod config;
pub mod diff;
pub mod enums;
pub mod hosted_ui;
pub mod kept_secrets;
pub mod samples;
pub mod secret;
pub mod update;
pub mod update_plan;
pub mod validate;

pub use config::*;
pub use enums::*;
pub use secret::Secret;
