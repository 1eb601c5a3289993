//! Step 2: user pool only, or user pool and identity pool.

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(_w: &Wizard) -> Vec<FieldId> {
    vec![FieldId::Resources]
}

pub fn notes(w: &Wizard) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "Most Amplify apps want both: the identity pool hands signed-in users AWS credentials.",
    )];
    if let crate::tui::wizard::Mode::Edit { original } = &w.mode
        && original.identity_pool.is_some()
        && !w.with_identity_pool()
    {
        lines.push(Line::from(
            "Warning: switching to user pool only deletes the existing identity pool.",
        ));
    }
    lines
}
