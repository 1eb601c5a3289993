//! Step 4 (only with an identity pool): its name and guest access.

use ratatui::text::Line;

use crate::domain::AuthConfig;
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId, Fixed};

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const IdentityPoolName: FieldId = FieldId::named("IdentityPoolName");
    pub const Unauthenticated: FieldId = FieldId::named("Unauthenticated");
}

/// The name offered when the config has no identity pool yet: the user pool's, adapted to the
/// identity pool's narrower alphabet.
fn default_name(c: &AuthConfig) -> String {
    format!(
        "{}_identitypool",
        c.user_pool.user_pool_name.replace(['-', ' '], "_")
    )
}

/// Both write into the identity pool the Pools step created (none: user pool only).
pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::IdentityPoolName,
        "Identity pool name",
        "IdentityPoolConfigs.IdentityPoolName",
        "Letters, digits and _, up to 128. Fixed once created.",
        |c| match &c.identity_pool {
            Some(ip) => Field::text(&ip.identity_pool_name),
            None => Field::text(default_name(c)),
        },
        |w, c, _| {
            if let Some(ip) = c.identity_pool.as_mut() {
                ip.identity_pool_name = w.trimmed(FieldId::IdentityPoolName);
            }
        },
    )
    .fixed(Fixed::AtCreation),
    FieldDef::new(
        FieldId::Unauthenticated,
        "Allow guests",
        "IdentityPoolConfigs.UnauthenticatedLogin",
        "Give signed-out visitors limited AWS credentials (unauthenticated role).",
        |c| {
            Field::Toggle(
                c.identity_pool
                    .as_ref()
                    .is_some_and(|ip| ip.unauthenticated_login),
            )
        },
        |w, c, _| {
            if let Some(ip) = c.identity_pool.as_mut() {
                ip.unauthenticated_login = w.on(FieldId::Unauthenticated);
            }
        },
    ),
];

pub fn notes(_w: &dyn FieldValues) -> Vec<Line<'static>> {
    vec![Line::from(
        "The name is fixed once created; guest access can change later.",
    )]
}
