//! The terminal UI: model (`app`), `update`, view, and the runner that ties them to a terminal.

pub mod app;
pub mod browse;
pub mod draft;
pub mod draft_file;
pub mod draft_store;
pub mod edit_file;
pub mod fields;
pub mod fix_field;
pub mod form_view;
pub mod keys;
pub mod msg;
pub mod panic_report;
pub mod popups;
pub mod runner;
pub mod safe_text;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod user_files;
pub mod view;
pub mod widgets;
pub mod wizard;
pub mod wizard_keys;
