//! One file per wizard step (what it shows and its notes), plus review and the job pane.

pub mod apps;
pub mod checklist;
pub mod config_view;
pub mod env;
pub mod envs;
pub mod frontend;
pub mod identity_pool;
pub mod import;
pub mod job;
pub mod jobs;
pub mod list;
pub mod messages;
pub mod mfa;
pub mod oauth;
pub mod password;
pub mod resources;
pub mod review;
pub mod social;
pub mod target;
pub mod user_pool;

use ratatui::text::Line;

use super::fields::FieldId;
use super::wizard::{Step, Wizard};

/// The fields a step shows now.
pub fn fields_of(w: &Wizard, step: Step) -> Vec<FieldId> {
    match step {
        Step::Target => target::fields(w),
        Step::Resources => resources::fields(w),
        Step::UserPool => user_pool::fields(w),
        Step::IdentityPool => identity_pool::fields(w),
        Step::Mfa => mfa::fields(w),
        Step::Password => password::fields(w),
        Step::Messages => messages::fields(w),
        Step::OAuth => oauth::fields(w),
        Step::Social => social::fields(w),
        Step::Review => vec![],
    }
}

/// Lines shown above a step's fields: what it is for and what to watch out for.
pub fn notes_of(w: &Wizard, step: Step) -> Vec<Line<'static>> {
    match step {
        Step::Target => target::notes(w),
        Step::Resources => resources::notes(w),
        Step::UserPool => user_pool::notes(w),
        Step::IdentityPool => identity_pool::notes(w),
        Step::Mfa => mfa::notes(w),
        Step::Password => password::notes(w),
        Step::Messages => messages::notes(w),
        Step::OAuth => oauth::notes(w),
        Step::Social => social::notes(w),
        Step::Review => vec![],
    }
}
