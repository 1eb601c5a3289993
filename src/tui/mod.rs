//! The terminal UI: model (`app`), `update`, view, and the runner that ties them to a terminal.

pub mod account;
pub mod account_state;
pub mod app;
pub mod browse;
pub mod job_open;
pub mod keys;
pub mod msg;
pub mod overview_task;
pub mod panic_report;
pub mod popups;
pub mod promote;
pub mod read_before_send;
pub mod runner;
pub mod safe_text;
pub mod screens;
pub mod scroll;
pub mod terminal;
pub mod theme;
pub mod time_text;
pub mod update;
pub mod user_files;
pub mod view;
pub mod widgets;
pub mod wizard;
