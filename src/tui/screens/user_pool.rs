//! Step 3: the user pool's name, sign-in method and required attributes (all fixed once created).

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(_w: &Wizard) -> Vec<FieldId> {
    vec![
        FieldId::UserPoolName,
        FieldId::SignIn,
        FieldId::RequiredAttributes,
    ]
}

pub fn notes(w: &Wizard) -> Vec<Line<'static>> {
    if w.is_edit() {
        return vec![Line::from(
            "Read-only: Cognito cannot change these after creation. Delete and recreate the resource to change them.",
        )];
    }
    vec![Line::from(
        "Note: these three cannot be changed later, by any tool. Choose with care.",
    )]
}
