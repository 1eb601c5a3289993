//! Step 8: OAuth and the hosted UI.

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(w: &Wizard) -> Vec<FieldId> {
    use FieldId::*;
    if !w.on(OAuthEnabled) {
        return vec![OAuthEnabled];
    }
    vec![
        OAuthEnabled,
        DomainPrefix,
        GrantType,
        Scopes,
        SignInUris,
        SignOutUris,
    ]
}

pub fn notes(w: &Wizard) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "Turn on to use social sign-in or Cognito's hosted sign-in pages.",
    )];
    if let Some(url) = w.idp_response_url() {
        lines.push(Line::from(format!(
            "Hosted UI: {}",
            url.trim_end_matches("/oauth2/idpresponse")
        )));
    }
    lines
}
