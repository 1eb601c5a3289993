//! Step 5: MFA mode, second factors and the SMS text.

use ratatui::text::Line;

use crate::domain::{MfaMode, MfaType};
use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(w: &Wizard) -> Vec<FieldId> {
    let mut f = vec![FieldId::Mfa];
    if MfaMode::parse(&w.text(FieldId::Mfa)) != MfaMode::Off {
        f.push(FieldId::MfaTypes);
        if w.field(FieldId::MfaTypes)
            .selected_options()
            .iter()
            .any(|t| MfaType::parse(t) == MfaType::Sms)
        {
            f.push(FieldId::MfaSms);
        }
    }
    f
}

pub fn notes(_w: &Wizard) -> Vec<Line<'static>> {
    vec![Line::from(
        "TOTP (authenticator apps) costs nothing and needs no phone numbers.",
    )]
}
