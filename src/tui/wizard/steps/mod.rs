//! The wizard's steps, one file each (its field table and its notes), and their registry: the one
//! list of the wizard's fields in step order, which also answers what an id is declared as and
//! where it sorts.

pub mod identity_pool;
pub mod messages;
pub mod mfa;
pub mod oauth;
pub mod password;
pub mod resources;
pub mod social;
pub mod target;
pub mod user_pool;

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use ratatui::text::Line;

use super::fields::{FieldDef, FieldId, FieldValues, Meta};

/// The steps, in order. Some are skipped depending on earlier answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Target,
    Resources,
    UserPool,
    IdentityPool,
    Mfa,
    Password,
    Messages,
    OAuth,
    Social,
    Review,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Target,
        Step::Resources,
        Step::UserPool,
        Step::IdentityPool,
        Step::Mfa,
        Step::Password,
        Step::Messages,
        Step::OAuth,
        Step::Social,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Target => "Target",
            Step::Resources => "Pools",
            Step::UserPool => "User pool",
            Step::IdentityPool => "Identity pool",
            Step::Mfa => "MFA",
            Step::Password => "Password policy",
            Step::Messages => "Messages",
            Step::OAuth => "OAuth, hosted UI",
            Step::Social => "Social sign-in",
            Step::Review => "Review & submit",
        }
    }
}

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
pub fn fields_of(w: &dyn FieldValues, step: Step) -> Vec<FieldId> {
    STEP_FIELDS
        .iter()
        .filter(|(s, _)| *s == step)
        .flat_map(|(_, defs)| defs.iter())
        .filter(|d| (d.when)(w))
        .map(|d| d.id)
        .collect()
}

/// Lines shown above a step's fields: what it is for and what to watch out for.
pub fn notes_of(w: &dyn FieldValues, step: Step) -> Vec<Line<'static>> {
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

/// An id's declaration and order come from the registry above, so they are answered here rather
/// than in `fields` (which the step files import, and which must not import them back).
impl FieldId {
    /// The field's declaration. Every `FieldId` constant is declared in some step's table (a test
    /// checks it), so this only panics on an id made up outside them.
    pub fn def(self) -> &'static FieldDef {
        self.indexed().1
    }

    /// Label, JSON path and help, for callers that need only those.
    pub fn meta(self) -> Meta {
        let d = self.def();
        Meta {
            label: d.label,
            path: d.path,
            help: d.help,
        }
    }

    /// Its place in declaration order, and its declaration. Looked up in an index built once:
    /// fields are compared and looked up on every keystroke's re-validation.
    fn indexed(self) -> (usize, &'static FieldDef) {
        static INDEX: OnceLock<HashMap<&'static str, (usize, &'static FieldDef)>> = OnceLock::new();
        let index = INDEX.get_or_init(|| {
            all_fields()
                .enumerate()
                .map(|(i, d)| (d.id.name(), (i, d)))
                .collect()
        });
        *index
            .get(self.name())
            .unwrap_or_else(|| panic!("field {} is declared in no step's FIELDS", self.name()))
    }
}

impl PartialOrd for FieldId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Fields order as they are declared: step by step, and within a step as its table lists them.
impl Ord for FieldId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.indexed().0.cmp(&other.indexed().0)
    }
}
