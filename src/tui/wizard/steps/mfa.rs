//! Step 5: MFA mode, second factors and the SMS text.

use ratatui::text::Line;

use crate::domain::{AuthConfig, MfaConfig, MfaMode, MfaSettings, MfaType};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId};

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const Mfa: FieldId = FieldId::named("Mfa");
    pub const MfaTypes: FieldId = FieldId::named("MfaTypes");
    pub const MfaSms: FieldId = FieldId::named("MfaSms");
}

fn mfa_on(w: &dyn FieldValues) -> bool {
    MfaMode::parse(&w.text(FieldId::Mfa)) != MfaMode::Off
}

fn sms_chosen(w: &dyn FieldValues) -> bool {
    w.field(FieldId::MfaTypes)
        .selected_options()
        .iter()
        .any(|t| MfaType::parse(t) == MfaType::Sms)
}

fn settings(c: &AuthConfig) -> MfaSettings {
    c.user_pool
        .mfa
        .as_ref()
        .and_then(|m| m.settings.clone())
        .unwrap_or_default()
}

/// The settings the MFA mode created (none while MFA is off).
fn settings_mut(c: &mut AuthConfig) -> Option<&mut MfaSettings> {
    c.user_pool.mfa.as_mut().and_then(|m| m.settings.as_mut())
}

pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::Mfa,
        "MFA",
        "UserPoolConfigs.Mfa.MFAMode",
        "OFF: no second factor. OPTIONAL: each user decides. ON: every user must set one up.",
        |c| {
            let mode = c.user_pool.mfa.as_ref().map_or(MfaMode::Off, |m| m.mode.clone());
            let modes = ["OFF", "OPTIONAL", "ON"];
            Field::choice(
                &modes,
                modes.iter().position(|m| *m == mode.as_str()).unwrap_or(0),
            )
        },
        |w, c, _| {
            let mode = MfaMode::parse(&w.text(FieldId::Mfa));
            c.user_pool.mfa = Some(MfaConfig {
                settings: (mode != MfaMode::Off).then(MfaSettings::default),
                mode,
                ..Default::default()
            });
        },
    ),
    FieldDef::new(
        FieldId::MfaTypes,
        "Second factors",
        "UserPoolConfigs.Mfa.Settings.MfaTypes",
        "SMS codes need an SNS role and leave the SMS sandbox only on request; TOTP uses an authenticator app.",
        |c| {
            let s = settings(c);
            let types: Vec<&str> = s.mfa_types.iter().flatten().map(|t| t.as_str()).collect();
            let types = if types.is_empty() { vec!["TOTP"] } else { types };
            Field::multi(&["SMS", "TOTP"], &types)
        },
        |w, c, _| {
            if let Some(s) = settings_mut(c) {
                s.mfa_types = Some(
                    w.field(FieldId::MfaTypes)
                        .selected_options()
                        .iter()
                        .map(|t| MfaType::parse(t))
                        .collect(),
                );
            }
        },
    )
    .when(mfa_on),
    FieldDef::new(
        FieldId::MfaSms,
        "MFA SMS text",
        "UserPoolConfigs.Mfa.Settings.SmsMessage",
        "6–140 characters, must contain {####} where the code goes.",
        |c| {
            Field::text(
                settings(c)
                    .sms_message
                    .unwrap_or_else(|| "Your authentication code is {####}".into()),
            )
        },
        |w, c, _| {
            if let Some(s) = settings_mut(c) {
                s.sms_message = sms_chosen(w).then(|| w.text(FieldId::MfaSms));
            }
        },
    )
    .when(|w| mfa_on(w) && sms_chosen(w)),
];

pub fn notes(_w: &dyn FieldValues) -> Vec<Line<'static>> {
    vec![Line::from(
        "TOTP (authenticator apps) costs nothing and needs no phone numbers.",
    )]
}
