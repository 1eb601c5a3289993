//! amplify-auth: set up, browse and change the authentication of AWS Amplify apps.
//!
//! - [`domain`]: config types and rules, shared by everything, free of UI and SDK.
//! - [`model`]: facts derived from the AWS service models (routes, member and wire names).
//! - [`aws`]: the only layer that talks to the AWS SDK.
//! - [`sandbox`]: a local server that speaks the AmplifyBackend wire protocol.
//! - [`headless`]: the commands for scripts and CI (`get`, `create`, `update`, …).

pub mod aws;
pub mod bounded_file;
pub mod cli;
pub mod domain;
pub mod hardening;
pub mod headless;
pub mod log_file;
pub mod model;
pub mod osc;
pub mod private_file;
pub mod sandbox;
pub mod session;
pub mod term_text;
pub mod tui;
