//! Step 4 (only with an identity pool): its name and guest access.

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(_w: &Wizard) -> Vec<FieldId> {
    vec![FieldId::IdentityPoolName, FieldId::Unauthenticated]
}

pub fn notes(_w: &Wizard) -> Vec<Line<'static>> {
    vec![Line::from(
        "The name is fixed once created; guest access can change later.",
    )]
}
