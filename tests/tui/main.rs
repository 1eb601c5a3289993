//! The tui tests. tests/README.md says what each module holds.

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
