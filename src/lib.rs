//! amplify-auth: set up, browse and change the authentication of AWS Amplify apps.
//!
//! - [`domain`]: config types, findings and the client's rules, free of UI and SDK.
//! - [`model`]: facts derived from the AWS service models (routes, member and wire names).
//! - [`aws`]: the only layer that talks to the AWS SDK.
//! - [`sandbox`]: a local server that speaks the AmplifyBackend wire protocol; it shares the
//!   domain's config types only, never the client's rules, so it judges the client on its own.
//! - [`headless`]: the commands for scripts and CI (`get`, `create`, `update`, …).
//! - [`tui`]: the terminal app (one model, a pure update returning effects, a runner).
//! - [`config_file`] and [`exit_code`]: what both front ends share: reading and writing config
//!   files, and the exit codes. Neither front end imports the other.
//! - The small modules around them: the command line (`cli`), the connection (`session`), file
//!   and terminal safety (`bounded_file`, `private_file`, `log_file`, `hardening`, `term_text`,
//!   `osc`) and `serve --background`. README's "Layout" lists each in one line.

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
