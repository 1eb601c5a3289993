//! Step 6: password policy.

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(_w: &Wizard) -> Vec<FieldId> {
    vec![FieldId::MinLength, FieldId::Constraints]
}

pub fn notes(_w: &Wizard) -> Vec<Line<'static>> {
    vec![Line::from(
        "Cognito accepts a minimum from 6 to 99 characters.",
    )]
}
