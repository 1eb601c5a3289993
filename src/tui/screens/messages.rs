//! Step 7: the verification message and the legacy forgot-password settings.

use ratatui::text::Line;

use crate::domain::DeliveryMethod;
use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

fn message_fields(w: &Wizard, ids: [FieldId; 4], out: &mut Vec<FieldId>) {
    out.push(ids[0]);
    if DeliveryMethod::parse(&w.text(ids[0])) == DeliveryMethod::Email {
        out.extend([ids[1], ids[2]]);
    } else {
        out.push(ids[3]);
    }
}

pub fn fields(w: &Wizard) -> Vec<FieldId> {
    use FieldId::*;
    let mut f = Vec::new();
    message_fields(
        w,
        [VerifyDelivery, VerifySubject, VerifyBody, VerifySms],
        &mut f,
    );
    f.push(ForgotEnabled);
    if w.on(ForgotEnabled) {
        message_fields(
            w,
            [ForgotDelivery, ForgotSubject, ForgotBody, ForgotSms],
            &mut f,
        );
    }
    f
}

pub fn notes(_w: &Wizard) -> Vec<Line<'static>> {
    vec![Line::from(
        "{####} is replaced by the code. {username} is not allowed in verification messages.",
    )]
}
