//! The auth domain: config types, validation, the Apple key, diffs and update derivation.
//!
//! Nothing here imports ratatui or the AWS SDK. The TUI and the headless commands share these
//! types and rules; the sandbox shares only the config types (`config`, `enums`), never the rules,
//! so it can judge the client independently (tests/sandbox/independence.rs).

pub mod apple_key;
pub mod checklist;
pub mod compare;
pub mod config;
pub mod diff;
pub mod drift;
pub mod enums;
pub mod failure;
pub mod frontend;
pub mod gen2;
pub mod hosted_ui;
pub mod kept_secrets;
pub mod live;
pub mod live_posture;
pub mod merge;
pub mod posture;
pub mod promote;
pub mod samples;
pub mod secret;
pub mod secret_ref;
pub mod update;
pub mod update_plan;
pub mod validate;

pub use config::*;
pub use enums::*;
pub use secret::Secret;
