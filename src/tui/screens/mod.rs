//! The screens, one file each (the wizard's steps and review are in `wizard/`).

pub mod apps;
pub mod checklist;
pub mod compare;
pub mod config_view;
pub mod env_add;
pub mod environment;
pub mod environments;
pub mod frontend;
pub mod gen2;
pub mod import;
pub mod job_history;
pub mod job_pane;
pub mod overview;
pub mod setup;
pub mod switch;
