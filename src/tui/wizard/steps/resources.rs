//! Step 2: user pool only, or user pool and identity pool.

use ratatui::text::Line;

use crate::domain::{AuthResources, IdentityPoolConfig};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId};
use crate::tui::wizard::mode::Mode;

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const Resources: FieldId = FieldId::named("Resources");
}

/// The choice's options: each domain value beside its label, so rewording a label changes no
/// behaviour ([`auth_resources`] reads the value by position).
pub const RESOURCE_CHOICES: [(AuthResources, &str); 2] = [
    (AuthResources::UserPoolOnly, "User pool only"),
    (
        AuthResources::IdentityPoolAndUserPool,
        "User pool + identity pool",
    ),
];

pub const FIELDS: &[FieldDef] = &[FieldDef::new(
    FieldId::Resources,
    // Not "Create": an edit and a promote show it too.
    "Auth resources",
    "AuthResources",
    "A user pool signs users in; an identity pool also gives them AWS credentials (needed for Storage, guest access, IAM-authorised APIs).",
    |c| {
        Field::choice(
            &RESOURCE_CHOICES.map(|(_, label)| label),
            RESOURCE_CHOICES
                .iter()
                .position(|(v, _)| *v == c.auth_resources)
                .unwrap_or(0),
        )
    },
    // The identity pool's own fields (next step) fill in the part created here.
    |w, c, _| {
        c.auth_resources = auth_resources(w);
        c.identity_pool = with_identity_pool(w).then(|| IdentityPoolConfig {
            identity_pool_name: String::new(),
            unauthenticated_login: false,
            ..Default::default()
        });
    },
)];

pub fn notes(w: &dyn FieldValues) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "Most Amplify apps want both: the identity pool hands signed-in users AWS credentials.",
    )];
    if let Mode::Edit { original } = w.mode()
        && original.identity_pool.is_some()
        && !with_identity_pool(w)
    {
        lines.push(Line::from(
            "Warning: switching to user pool only deletes the existing identity pool.",
        ));
    }
    lines
}

/// The Pools choice as the domain value (by position in [`RESOURCE_CHOICES`], not by label).
pub fn auth_resources(w: &dyn FieldValues) -> AuthResources {
    let i = match w.field(FieldId::Resources) {
        Field::Choice { selected, .. } => *selected,
        _ => 0,
    };
    RESOURCE_CHOICES
        .get(i)
        .map_or(AuthResources::UserPoolOnly, |(v, _)| v.clone())
}

pub fn with_identity_pool(w: &dyn FieldValues) -> bool {
    auth_resources(w) == AuthResources::IdentityPoolAndUserPool
}
