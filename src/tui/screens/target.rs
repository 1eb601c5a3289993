//! Step 1: which app, environment and resource name.

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(_w: &Wizard) -> Vec<FieldId> {
    vec![FieldId::AppId, FieldId::EnvName, FieldId::ResourceName]
}

pub fn notes(w: &Wizard) -> Vec<Line<'static>> {
    if w.is_edit() {
        return vec![Line::from(
            "Editing an existing resource: its app, environment and name are fixed.",
        )];
    }
    vec![Line::from(
        "Where the new auth resource goes. Amplify keeps one pending job per environment.",
    )]
}
