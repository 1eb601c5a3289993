//! Step 9 (only with OAuth): Facebook, Google, Login with Amazon and Sign in with Apple.

use ratatui::text::Line;

use crate::tui::fields::FieldId;
use crate::tui::wizard::Wizard;

pub fn fields(w: &Wizard) -> Vec<FieldId> {
    use FieldId::*;
    let mut f = Vec::new();
    for (on, rest) in [
        (FacebookEnabled, vec![FacebookId, FacebookSecret]),
        (GoogleEnabled, vec![GoogleId, GoogleSecret]),
        (AmazonEnabled, vec![AmazonId, AmazonSecret]),
        (
            AppleEnabled,
            vec![
                AppleServicesId,
                AppleTeamId,
                AppleKeyId,
                AppleKeyFile,
                AppleKey,
            ],
        ),
    ] {
        f.push(on);
        if w.on(on) {
            f.extend(rest);
        }
    }
    f
}

pub fn notes(w: &Wizard) -> Vec<Line<'static>> {
    let mut lines = vec![match w.idp_response_url() {
        Some(url) => Line::from(format!(
            "Register this redirect URL with each provider: {url}"
        )),
        None => {
            Line::from("Set a domain prefix on the OAuth step: providers need its redirect URL.")
        }
    }];
    if w.on(FieldId::AppleEnabled) {
        lines.push(Line::from(
            "Apple, in order: App ID with Sign in with Apple → Services ID (domain + the URL above) → a key (download the .p8 once) → Team ID.",
        ));
    }
    lines
}
