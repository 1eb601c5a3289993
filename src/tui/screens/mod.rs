//! One file per wizard step (what it shows and its notes), plus review and the job pane.

pub mod account_picker;
pub mod apps;
pub mod checklist;
pub mod compare;
pub mod config_view;
pub mod env;
pub mod env_add;
pub mod envs;
pub mod frontend;
pub mod gen2;
pub mod identity_pool;
pub mod import;
pub mod job;
pub mod jobs;
pub mod list;
pub mod messages;
pub mod mfa;
pub mod oauth;
pub mod overview;
pub mod password;
pub mod resources;
pub mod review;
pub mod setup;
pub mod social;
pub mod switch;
pub mod target;
pub mod user_pool;

use ratatui::text::Line;

use super::fields::{FieldDef, FieldId};
use super::wizard::{Step, Wizard};

/// Each step's field declarations, in step order: the one list of the wizard's fields.
pub const STEP_FIELDS: [(Step, &[FieldDef]); 9] = [
    (Step::Target, target::FIELDS),
    (Step::Resources, resources::FIELDS),
    (Step::UserPool, user_pool::FIELDS),
    (Step::IdentityPool, identity_pool::FIELDS),
    (Step::Mfa, mfa::FIELDS),
    (Step::Password, password::FIELDS),
    (Step::Messages, messages::FIELDS),
    (Step::OAuth, oauth::FIELDS),
    (Step::Social, social::FIELDS),
];

/// Every field's declaration, step by step.
pub fn all_fields() -> impl Iterator<Item = &'static FieldDef> {
    STEP_FIELDS.iter().flat_map(|(_, defs)| defs.iter())
}

/// The fields a step shows now: its declarations whose `when` holds, in declared order.
pub fn fields_of(w: &Wizard, step: Step) -> Vec<FieldId> {
    STEP_FIELDS
        .iter()
        .filter(|(s, _)| *s == step)
        .flat_map(|(_, defs)| defs.iter())
        .filter(|d| (d.when)(w))
        .map(|d| d.id)
        .collect()
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
