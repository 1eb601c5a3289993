//! amplify-auth: set up, browse and change the authentication of AWS Amplify apps.
//!
//! - [`domain`]: config types and the client's rules, free of UI and SDK (the sandbox uses only
//!   the config types, never the rules).
//! - [`model`]: facts derived from the AWS service models (routes, member and wire names).
//! - [`aws`]: the only layer that talks to the AWS SDK.
//! - [`sandbox`]: a local server that speaks the AmplifyBackend wire protocol.
//! - [`headless`]: the commands for scripts and CI (`get`, `create`, `update`, …).
//! - [`tui`]: the terminal app (one model, a pure update returning effects, a runner).

pub mod aws;
pub mod bounded_file;
pub mod cli;
pub mod config_file;
pub mod domain;
pub mod exit_code;
pub mod hardening;
pub mod headless;
pub mod log_file;
pub mod model;
pub mod osc;
pub mod private_file;
pub mod sandbox;
pub mod serve_background;
pub mod session;
pub mod term_text;
pub mod tui;
