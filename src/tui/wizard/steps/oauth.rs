//! Step 8: OAuth and the hosted UI.

use ratatui::text::Line;

use crate::domain::{AuthConfig, OAuthConfig, OAuthGrantType, OAuthScope};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId};

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const OAuthEnabled: FieldId = FieldId::named("OAuthEnabled");
    pub const DomainPrefix: FieldId = FieldId::named("DomainPrefix");
    pub const GrantType: FieldId = FieldId::named("GrantType");
    pub const Scopes: FieldId = FieldId::named("Scopes");
    pub const SignInUris: FieldId = FieldId::named("SignInUris");
    pub const SignOutUris: FieldId = FieldId::named("SignOutUris");
}

/// The config's OAuth settings, or what the wizard offers when it has none: the code grant, all
/// scopes, and localhost redirects for trying it out.
fn current(c: &AuthConfig) -> OAuthConfig {
    c.user_pool.oauth.clone().unwrap_or(OAuthConfig {
        grant_type: OAuthGrantType::Code,
        scopes: OAuthScope::ALL.to_vec(),
        redirect_sign_in_uris: vec!["http://localhost:3000/".into()],
        redirect_sign_out_uris: vec!["http://localhost:3000/".into()],
        ..Default::default()
    })
}

fn on(w: &dyn FieldValues) -> bool {
    w.on(FieldId::OAuthEnabled)
}

/// Writes into the OAuth settings the toggle created (none while it is off).
fn set(c: &mut AuthConfig, f: impl FnOnce(&mut OAuthConfig)) {
    if let Some(o) = c.user_pool.oauth.as_mut() {
        f(o)
    }
}

pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::OAuthEnabled,
        "Hosted UI / OAuth",
        "UserPoolConfigs.OAuth",
        "Needed for social sign-in and the Cognito hosted sign-in pages.",
        |c| Field::Toggle(c.user_pool.oauth.is_some()),
        |w, c, _| {
            c.user_pool.oauth = on(w).then(|| OAuthConfig {
                grant_type: OAuthGrantType::Code,
                scopes: vec![],
                redirect_sign_in_uris: vec![],
                redirect_sign_out_uris: vec![],
                ..Default::default()
            })
        },
    ),
    FieldDef::new(
        FieldId::DomainPrefix,
        "Domain prefix",
        "UserPoolConfigs.OAuth.DomainPrefix",
        "1–63 lowercase letters, digits, hyphens; not starting/ending with a hyphen; no aws, amazon or cognito.",
        |c| Field::text(current(c).domain_prefix.unwrap_or_default()),
        |w, c, _| {
            let prefix = w.trimmed(FieldId::DomainPrefix);
            set(c, |o| o.domain_prefix = Some(prefix).filter(|s| !s.is_empty()))
        },
    )
    .when(on),
    FieldDef::new(
        FieldId::GrantType,
        "Grant type",
        "UserPoolConfigs.OAuth.OAuthGrantType",
        "CODE (recommended) or IMPLICIT (tokens in the browser URL).",
        |c| {
            Field::choice(
                &["CODE", "IMPLICIT"],
                usize::from(current(c).grant_type == OAuthGrantType::Implicit),
            )
        },
        |w, c, _| set(c, |o| o.grant_type = OAuthGrantType::parse(&w.text(FieldId::GrantType))),
    )
    .when(on),
    FieldDef::new(
        FieldId::Scopes,
        "Scopes",
        "UserPoolConfigs.OAuth.OAuthScopes",
        "PHONE, EMAIL and PROFILE need OPENID.",
        |c| {
            let all: Vec<&str> = OAuthScope::ALL.iter().map(|s| s.as_str()).collect();
            let o = current(c);
            let chosen: Vec<&str> = o.scopes.iter().map(|s| s.as_str()).collect();
            Field::multi(&all, &chosen)
        },
        |w, c, _| {
            let scopes = w.field(FieldId::Scopes).selected_options();
            set(c, |o| o.scopes = scopes.iter().map(|s| OAuthScope::parse(s)).collect())
        },
    )
    .when(on),
    FieldDef::new(
        FieldId::SignInUris,
        "Sign-in redirects",
        "UserPoolConfigs.OAuth.RedirectSignInURIs",
        "One URI per line (Enter adds a line). https, or http on localhost; app schemes like myapp://callback work. No trailing slash needed.",
        |c| Field::lines(&current(c).redirect_sign_in_uris),
        |w, c, _| set(c, |o| o.redirect_sign_in_uris = w.field(FieldId::SignInUris).items()),
    )
    .when(on),
    FieldDef::new(
        FieldId::SignOutUris,
        "Sign-out redirects",
        "UserPoolConfigs.OAuth.RedirectSignOutURIs",
        "One URI per line, same rules as sign-in.",
        |c| Field::lines(&current(c).redirect_sign_out_uris),
        |w, c, _| set(c, |o| o.redirect_sign_out_uris = w.field(FieldId::SignOutUris).items()),
    )
    .when(on),
];

pub fn notes(w: &dyn FieldValues) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "Turn on to use social sign-in or Cognito's hosted sign-in pages.",
    )];
    // Only while the hosted UI is on: off, there is no such address.
    if let (true, Some(url)) = (w.on(FieldId::OAuthEnabled), w.idp_response_url()) {
        lines.push(Line::from(format!(
            "Hosted UI: {}",
            url.trim_end_matches("/oauth2/idpresponse")
        )));
    }
    lines
}
