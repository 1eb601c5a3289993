//! Step 9 (only with OAuth): Facebook, Google, Login with Amazon and Sign in with Apple.

use ratatui::text::Line;

use crate::domain::finding::{Finding, Severity};
use crate::domain::{AppleProvider, AuthConfig, ProviderClient, Secret, SocialProviders};
use crate::tui::widgets::{Field, TextBox};
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId, writes_nothing};
use crate::tui::wizard::mode::KeyState;

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const FacebookEnabled: FieldId = FieldId::named("FacebookEnabled");
    pub const FacebookId: FieldId = FieldId::named("FacebookId");
    pub const FacebookSecret: FieldId = FieldId::named("FacebookSecret");
    pub const GoogleEnabled: FieldId = FieldId::named("GoogleEnabled");
    pub const GoogleId: FieldId = FieldId::named("GoogleId");
    pub const GoogleSecret: FieldId = FieldId::named("GoogleSecret");
    pub const AmazonEnabled: FieldId = FieldId::named("AmazonEnabled");
    pub const AmazonId: FieldId = FieldId::named("AmazonId");
    pub const AmazonSecret: FieldId = FieldId::named("AmazonSecret");
    pub const AppleEnabled: FieldId = FieldId::named("AppleEnabled");
    pub const AppleServicesId: FieldId = FieldId::named("AppleServicesId");
    pub const AppleTeamId: FieldId = FieldId::named("AppleTeamId");
    pub const AppleKeyId: FieldId = FieldId::named("AppleKeyId");
    pub const AppleKeyFile: FieldId = FieldId::named("AppleKeyFile");
    pub const AppleKey: FieldId = FieldId::named("AppleKey");
}

/// The config's providers (none: all off).
fn providers(c: &AuthConfig) -> SocialProviders {
    c.social_providers().cloned().unwrap_or_default()
}

/// Changes the providers inside the OAuth settings the OAuth step created (none while OAuth is
/// off); an empty set of providers is left out rather than sent as `{}`.
fn set(c: &mut AuthConfig, f: impl FnOnce(&mut SocialProviders)) {
    if let Some(o) = c.user_pool.oauth.as_mut() {
        let sp = o.social_providers.get_or_insert_with(Default::default);
        f(sp);
        if sp.is_empty() {
            o.social_providers = None;
        }
    }
}

/// Facebook, Google and Amazon have the same three fields: a toggle, a client id and a secret.
/// `slot` picks the provider out of the providers.
type Slot = fn(&mut SocialProviders) -> &mut Option<ProviderClient>;

fn facebook(sp: &mut SocialProviders) -> &mut Option<ProviderClient> {
    &mut sp.facebook
}
fn google(sp: &mut SocialProviders) -> &mut Option<ProviderClient> {
    &mut sp.google
}
fn amazon(sp: &mut SocialProviders) -> &mut Option<ProviderClient> {
    &mut sp.login_with_amazon
}

fn client(c: &AuthConfig, slot: Slot) -> ProviderClient {
    slot(&mut providers(c)).clone().unwrap_or_default()
}

fn read_enabled(c: &AuthConfig, slot: Slot) -> Field {
    Field::Toggle(slot(&mut providers(c)).is_some())
}

fn read_id(c: &AuthConfig, slot: Slot) -> Field {
    Field::text(client(c, slot).client_id.unwrap_or_default())
}

fn read_secret(c: &AuthConfig, slot: Slot) -> Field {
    Field::secret(
        client(c, slot)
            .client_secret
            .map(|s| s.expose().to_string())
            .unwrap_or_default(),
    )
}

fn write_enabled(w: &dyn FieldValues, c: &mut AuthConfig, slot: Slot, on: FieldId) {
    set(c, |sp| *slot(sp) = w.on(on).then(ProviderClient::default));
}

fn write_client(c: &mut AuthConfig, slot: Slot, f: impl FnOnce(&mut ProviderClient)) {
    set(c, |sp| {
        if let Some(p) = slot(sp).as_mut() {
            f(p)
        }
    });
}

fn apple(c: &AuthConfig) -> AppleProvider {
    providers(c).sign_in_with_apple.unwrap_or_default()
}

fn write_apple(c: &mut AuthConfig, f: impl FnOnce(&mut AppleProvider)) {
    set(c, |sp| {
        if let Some(a) = sp.sign_in_with_apple.as_mut() {
            f(a)
        }
    });
}

fn apple_on(w: &dyn FieldValues) -> bool {
    w.on(FieldId::AppleEnabled)
}

pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::FacebookEnabled,
        "Facebook",
        "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook",
        "Sign in with Facebook (App ID and App secret from developers.facebook.com).",
        |c| read_enabled(c, facebook),
        |w, c, _| write_enabled(w, c, facebook, FieldId::FacebookEnabled),
    ),
    FieldDef::new(
        FieldId::FacebookId,
        "  App ID",
        "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook.ClientId",
        "The numeric Facebook App ID.",
        |c| read_id(c, facebook),
        |w, c, _| {
            write_client(c, facebook, |p| {
                p.client_id = Some(w.trimmed(FieldId::FacebookId))
            })
        },
    )
    .when(|w| w.on(FieldId::FacebookEnabled)),
    FieldDef::new(
        FieldId::FacebookSecret,
        "  App secret",
        "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook.ClientSecret",
        "Masked; Ctrl-R shows it.",
        |c| read_secret(c, facebook),
        |w, c, _| {
            let s = Secret::new(w.trimmed(FieldId::FacebookSecret));
            write_client(c, facebook, |p| p.client_secret = Some(s))
        },
    )
    .when(|w| w.on(FieldId::FacebookEnabled))
    .secret("the Facebook app secret"),
    FieldDef::new(
        FieldId::GoogleEnabled,
        "Google",
        "UserPoolConfigs.OAuth.SocialProviderSettings.Google",
        "Sign in with Google (OAuth client of type Web application).",
        |c| read_enabled(c, google),
        |w, c, _| write_enabled(w, c, google, FieldId::GoogleEnabled),
    ),
    FieldDef::new(
        FieldId::GoogleId,
        "  Client ID",
        "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientId",
        "Ends in .apps.googleusercontent.com",
        |c| read_id(c, google),
        |w, c, _| {
            write_client(c, google, |p| {
                p.client_id = Some(w.trimmed(FieldId::GoogleId))
            })
        },
    )
    .when(|w| w.on(FieldId::GoogleEnabled)),
    FieldDef::new(
        FieldId::GoogleSecret,
        "  Client secret",
        "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret",
        "Masked; Ctrl-R shows it.",
        |c| read_secret(c, google),
        |w, c, _| {
            let s = Secret::new(w.trimmed(FieldId::GoogleSecret));
            write_client(c, google, |p| p.client_secret = Some(s))
        },
    )
    .when(|w| w.on(FieldId::GoogleEnabled))
    .secret("the Google client secret"),
    FieldDef::new(
        FieldId::AmazonEnabled,
        "Login with Amazon",
        "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon",
        "Login with Amazon security profile.",
        |c| read_enabled(c, amazon),
        |w, c, _| write_enabled(w, c, amazon, FieldId::AmazonEnabled),
    ),
    FieldDef::new(
        FieldId::AmazonId,
        "  Client ID",
        "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon.ClientId",
        "Starts with amzn1.application-oa2-client.",
        |c| read_id(c, amazon),
        |w, c, _| {
            write_client(c, amazon, |p| {
                p.client_id = Some(w.trimmed(FieldId::AmazonId))
            })
        },
    )
    .when(|w| w.on(FieldId::AmazonEnabled)),
    FieldDef::new(
        FieldId::AmazonSecret,
        "  Client secret",
        "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon.ClientSecret",
        "Masked; Ctrl-R shows it.",
        |c| read_secret(c, amazon),
        |w, c, _| {
            let s = Secret::new(w.trimmed(FieldId::AmazonSecret));
            write_client(c, amazon, |p| p.client_secret = Some(s))
        },
    )
    .when(|w| w.on(FieldId::AmazonEnabled))
    .secret("the Amazon client secret"),
    FieldDef::new(
        FieldId::AppleEnabled,
        "Sign in with Apple",
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple",
        "Needs a Services ID, your Team ID, a key's Key ID and its .p8 private key.",
        |c| Field::Toggle(providers(c).sign_in_with_apple.is_some()),
        |w, c, _| {
            set(c, |sp| {
                sp.sign_in_with_apple = apple_on(w).then(AppleProvider::default)
            })
        },
    ),
    FieldDef::new(
        FieldId::AppleServicesId,
        "  Services ID",
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.ClientId",
        "Reverse-domain identifier, e.g. com.example.app.signin.",
        |c| Field::text(apple(c).client_id.unwrap_or_default()),
        |w, c, _| {
            write_apple(c, |a| {
                a.client_id = Some(w.trimmed(FieldId::AppleServicesId))
            })
        },
    )
    .when(apple_on),
    FieldDef::new(
        FieldId::AppleTeamId,
        "  Team ID",
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.TeamId",
        "10 upper-case letters or digits (top right of the Apple developer portal).",
        |c| Field::text(apple(c).team_id.unwrap_or_default()),
        |w, c, _| write_apple(c, |a| a.team_id = Some(w.trimmed(FieldId::AppleTeamId))),
    )
    .when(apple_on),
    FieldDef::new(
        FieldId::AppleKeyId,
        "  Key ID",
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.KeyId",
        "10 upper-case letters or digits; also in the key file name AuthKey_<KeyID>.p8.",
        |c| Field::text(apple(c).key_id.unwrap_or_default()),
        // A key loaded from `AuthKey_<KEYID>.p8` names its key id: a different typed one is a
        // warning, as headless (`domain::apple_key::key_id_mismatch`).
        |w, c, findings| {
            let typed = w.trimmed(FieldId::AppleKeyId);
            if let (Some(file_id), true) = (w.key_file_id(), apple_on(w))
                && !typed.is_empty()
                && let Some(message) = crate::domain::apple_key::key_id_mismatch(file_id, &typed)
            {
                findings.push(Finding {
                    path: FieldId::AppleKeyId.meta().path.into(),
                    severity: Severity::Warning,
                    message,
                    fix: format!("Use Key ID {file_id}, or load the key that belongs to {typed}."),
                });
            }
            write_apple(c, |a| a.key_id = Some(typed))
        },
    )
    .when(apple_on),
    FieldDef::new(
        FieldId::AppleKeyFile,
        "  Load .p8 file",
        "AppleKeyFile",
        "Path to AuthKey_<KeyID>.p8; Enter loads it. Or paste the key into the box below.",
        |_| Field::text(""),
        writes_nothing,
    )
    .when(apple_on),
    FieldDef::new(
        FieldId::AppleKey,
        "  Private key",
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey",
        "Paste the whole .p8 (with or without BEGIN/END lines). Masked; Ctrl-R shows it.",
        |c| {
            let key = apple(c)
                .private_key
                .map(|k| k.expose().to_string())
                .unwrap_or_default();
            Field::Key {
                text: TextBox::from_lines(key.lines().map(str::to_string).collect()),
                revealed: false,
            }
        },
        |w, c, findings| {
            if let (KeyState::Invalid(e), true) =
                (w.key_state(), apple_on(w) && w.on(FieldId::OAuthEnabled))
            {
                findings.push(Finding {
                    path: FieldId::AppleKey.meta().path.into(),
                    severity: Severity::Error,
                    message: e.clone(),
                    fix: "Paste the whole AuthKey_<KeyID>.p8 file, or load it by path above."
                        .into(),
                });
            }
            // The normalised body is what Cognito accepts; anything else is sent as typed only
            // if the user ignores the error, which submit refuses anyway.
            let key = match w.key_state() {
                KeyState::Valid(k) => k.body.clone(),
                _ => Secret::new(w.text(FieldId::AppleKey)),
            };
            write_apple(c, |a| a.private_key = Some(key))
        },
    )
    .when(apple_on)
    .secret("the Apple private key"),
];

pub fn notes(w: &dyn FieldValues) -> Vec<Line<'static>> {
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
