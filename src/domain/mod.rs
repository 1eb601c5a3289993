//! The auth domain: config types, findings, the client's rules (validation, update planning,
//! promotion, posture), the Apple key, diffs, frontend configs and the Gen 2 export.
//!
//! Nothing here imports ratatui or the AWS SDK. The TUI and the headless commands share these
//! types and rules. The sandbox shares only the data: the config types (`config`, `enums`,
//! `secret`) and the samples, never the rules nor the findings they produce, so it judges the
//! client independently (tests/sandbox/independence.rs holds it to that).
//!
//! `finding` is the vocabulary the rules speak (`Finding`, `Severity`): it sits below them, so a
//! rule imports it and nothing imports a rule for its words.

pub mod apple_key;
pub mod checklist;
pub mod compare;
pub mod config;
pub mod diff;
pub mod drift;
pub mod enums;
pub mod failure;
pub mod finding;
pub mod finding_text;
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
