//! The app without a terminal: the pure `update`, the runner loop fed keys by a driver, and the
//! screens drawn into a `TestBackend` (insta snapshots in `snapshots/`).
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

mod account;
mod bounded;
mod browse_snapshots;
mod drafts;
mod edit_file;
mod environments;
mod faults;
mod field_decl;
mod first_contact;
mod flow;
mod frontend;
mod gen2;
mod keys;
mod live;
mod lost_update;
mod overview;
mod quit_wording;
mod screens;
mod update;
mod update_removals;
