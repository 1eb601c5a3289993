//! Step 7: the verification message and the legacy forgot-password settings.

use std::collections::BTreeSet;

use ratatui::text::Line;

use crate::domain::validate::CUSTOM_EMAIL_TEXT_NOTE;
use crate::domain::{AuthConfig, DeliveryMethod, EmailSettings, MessageConfig, SmsSettings};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId};

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const VerifyDelivery: FieldId = FieldId::named("VerifyDelivery");
    pub const VerifySubject: FieldId = FieldId::named("VerifySubject");
    pub const VerifyBody: FieldId = FieldId::named("VerifyBody");
    pub const VerifySms: FieldId = FieldId::named("VerifySms");
    pub const ForgotEnabled: FieldId = FieldId::named("ForgotEnabled");
    pub const ForgotDelivery: FieldId = FieldId::named("ForgotDelivery");
    pub const ForgotSubject: FieldId = FieldId::named("ForgotSubject");
    pub const ForgotBody: FieldId = FieldId::named("ForgotBody");
    pub const ForgotSms: FieldId = FieldId::named("ForgotSms");
}

/// The two messages this step edits, each with a delivery choice, an email (subject and body)
/// and an SMS text. Their fields share the helpers below.
#[derive(Clone, Copy)]
enum Which {
    Verify,
    Forgot,
}

impl Which {
    /// Delivery, subject, body, SMS.
    fn ids(self) -> [FieldId; 4] {
        use FieldId as F;
        match self {
            Which::Verify => [
                F::VerifyDelivery,
                F::VerifySubject,
                F::VerifyBody,
                F::VerifySms,
            ],
            Which::Forgot => [
                F::ForgotDelivery,
                F::ForgotSubject,
                F::ForgotBody,
                F::ForgotSms,
            ],
        }
    }

    /// The default subject, which the default texts start from.
    fn subject(self) -> &'static str {
        match self {
            Which::Verify => "Your verification code",
            Which::Forgot => "Your password reset code",
        }
    }

    fn of(self, c: &AuthConfig) -> Option<&MessageConfig> {
        match self {
            Which::Verify => c.user_pool.verification_message.as_ref(),
            Which::Forgot => c.user_pool.forgot_password.as_ref(),
        }
    }

    fn of_mut(self, c: &mut AuthConfig) -> Option<&mut MessageConfig> {
        match self {
            Which::Verify => c.user_pool.verification_message.as_mut(),
            Which::Forgot => c.user_pool.forgot_password.as_mut(),
        }
    }

    fn method(self, w: &dyn FieldValues) -> DeliveryMethod {
        DeliveryMethod::parse(&w.text(self.ids()[0]))
    }

    fn read_delivery(self, c: &AuthConfig) -> Field {
        let sms = self
            .of(c)
            .is_some_and(|m| m.delivery_method == DeliveryMethod::Sms);
        Field::choice(&["EMAIL", "SMS"], usize::from(sms))
    }

    fn email(self, c: &AuthConfig) -> EmailSettings {
        self.of(c).and_then(|m| m.email.clone()).unwrap_or_default()
    }

    fn read_subject(self, c: &AuthConfig) -> Field {
        Field::text(
            self.email(c)
                .subject
                .unwrap_or_else(|| self.subject().to_string()),
        )
    }

    fn read_body(self, c: &AuthConfig) -> Field {
        Field::text(
            self.email(c)
                .message
                .unwrap_or_else(|| format!("{} is {{####}}", self.subject())),
        )
    }

    fn read_sms(self, c: &AuthConfig) -> Field {
        let sms = self.of(c).and_then(|m| m.sms.clone()).unwrap_or_default();
        Field::text(
            sms.message
                .unwrap_or_else(|| format!("{} is {{####}}", self.subject())),
        )
    }

    fn write_delivery(self, w: &dyn FieldValues, c: &mut AuthConfig) {
        if let Some(m) = self.of_mut(c) {
            m.delivery_method = self.method(w);
        }
    }

    /// The email settings go out when email is chosen, and also when the loaded config had them
    /// (kept unchanged rather than silently dropped, see `Wizard::kept_channels`).
    fn write_subject(self, w: &dyn FieldValues, c: &mut AuthConfig) {
        let [_, subject, _, _] = self.ids();
        let wanted =
            self.method(w) == DeliveryMethod::Email || w.kept_channels().contains(&subject);
        if let Some(m) = self.of_mut(c) {
            m.email = wanted.then(|| EmailSettings {
                subject: Some(w.text(subject)),
                ..Default::default()
            });
        }
    }

    fn write_body(self, w: &dyn FieldValues, c: &mut AuthConfig) {
        if let Some(e) = self.of_mut(c).and_then(|m| m.email.as_mut()) {
            e.message = Some(w.text(self.ids()[2]));
        }
    }

    fn write_sms(self, w: &dyn FieldValues, c: &mut AuthConfig) {
        let sms = self.ids()[3];
        let wanted = self.method(w) == DeliveryMethod::Sms || w.kept_channels().contains(&sms);
        if let Some(m) = self.of_mut(c) {
            m.sms = wanted.then(|| SmsSettings {
                message: Some(w.text(sms)),
                ..Default::default()
            });
        }
    }

    fn shown(self, w: &dyn FieldValues) -> bool {
        matches!(self, Which::Verify) || w.on(FieldId::ForgotEnabled)
    }

    fn by_email(self, w: &dyn FieldValues) -> bool {
        self.shown(w) && self.method(w) == DeliveryMethod::Email
    }

    fn by_sms(self, w: &dyn FieldValues) -> bool {
        self.shown(w) && self.method(w) == DeliveryMethod::Sms
    }
}

/// A message with no delivery chosen yet: the delivery field sets it, the others fill it in.
fn empty_message() -> Option<MessageConfig> {
    Some(MessageConfig {
        delivery_method: DeliveryMethod::Email,
        ..Default::default()
    })
}

use Which::{Forgot, Verify};

pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::VerifyDelivery,
        "Verify by",
        "UserPoolConfigs.VerificationMessage.DeliveryMethod",
        "Where the sign-up verification code goes.",
        |c| Verify.read_delivery(c),
        |w, c, _| {
            c.user_pool.verification_message = empty_message();
            Verify.write_delivery(w, c)
        },
    ),
    FieldDef::new(
        FieldId::VerifySubject,
        "Email subject",
        "UserPoolConfigs.VerificationMessage.EmailSettings.EmailSubject",
        "1–140 characters.",
        |c| Verify.read_subject(c),
        |w, c, _| Verify.write_subject(w, c),
    )
    .when(|w| Verify.by_email(w)),
    FieldDef::new(
        FieldId::VerifyBody,
        "Email message",
        "UserPoolConfigs.VerificationMessage.EmailSettings.EmailMessage",
        "6–20,000 characters with {####} for the code. Custom text is only used when the pool sends through SES.",
        |c| Verify.read_body(c),
        |w, c, _| Verify.write_body(w, c),
    )
    .when(|w| Verify.by_email(w)),
    FieldDef::new(
        FieldId::VerifySms,
        "SMS message",
        "UserPoolConfigs.VerificationMessage.SmsSettings.SmsMessage",
        "6–140 characters with {####} for the code.",
        |c| Verify.read_sms(c),
        |w, c, _| Verify.write_sms(w, c),
    )
    .when(|w| Verify.by_sms(w)),
    FieldDef::new(
        FieldId::ForgotEnabled,
        "Legacy reset",
        "UserPoolConfigs.ForgotPassword",
        "ForgotPassword is deprecated by the API but still accepted; leave off unless an older setup relies on it.",
        |c| Field::Toggle(c.user_pool.forgot_password.is_some()),
        |w, c, _| {
            c.user_pool.forgot_password = if w.on(FieldId::ForgotEnabled) {
                empty_message()
            } else {
                None
            }
        },
    ),
    FieldDef::new(
        FieldId::ForgotDelivery,
        "Reset code by",
        "UserPoolConfigs.ForgotPassword.DeliveryMethod",
        "Where password-reset codes go.",
        |c| Forgot.read_delivery(c),
        |w, c, _| Forgot.write_delivery(w, c),
    )
    .when(|w| Forgot.shown(w)),
    FieldDef::new(
        FieldId::ForgotSubject,
        "Reset subject",
        "UserPoolConfigs.ForgotPassword.EmailSettings.EmailSubject",
        "1–140 characters.",
        |c| Forgot.read_subject(c),
        |w, c, _| Forgot.write_subject(w, c),
    )
    .when(|w| Forgot.by_email(w)),
    FieldDef::new(
        FieldId::ForgotBody,
        "Reset message",
        "UserPoolConfigs.ForgotPassword.EmailSettings.EmailMessage",
        "6–20,000 characters with {####}.",
        |c| Forgot.read_body(c),
        |w, c, _| Forgot.write_body(w, c),
    )
    .when(|w| Forgot.by_email(w)),
    FieldDef::new(
        FieldId::ForgotSms,
        "Reset SMS",
        "UserPoolConfigs.ForgotPassword.SmsSettings.SmsMessage",
        "6–140 characters with {####}.",
        |c| Forgot.read_sms(c),
        |w, c, _| Forgot.write_sms(w, c),
    )
    .when(|w| Forgot.by_sms(w)),
];

/// The channels a loaded config holds besides the chosen one (e.g. SmsSettings beside email
/// delivery): the wizard keeps sending them unchanged rather than silently dropping them.
pub fn kept_channels(c: &AuthConfig) -> BTreeSet<FieldId> {
    let mut kept = BTreeSet::new();
    for which in [Verify, Forgot] {
        let [_, subject, _, sms] = which.ids();
        if let Some(m) = which.of(c) {
            if m.email.is_some() {
                kept.insert(subject);
            }
            if m.sms.is_some() {
                kept.insert(sms);
            }
        }
    }
    kept
}

/// Static help, not findings: the SES note is true of every pool the Amplify CLI deploys with
/// Cognito's default email, so as a finding it would fire on the wizard's own defaults and mark
/// Review with something there is nothing to fix for. Shown while an email message is edited.
pub fn notes(w: &dyn FieldValues) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "{####} is replaced by the code. {username} is not allowed in verification messages.",
    )];
    if Verify.by_email(w) || Forgot.by_email(w) {
        lines.push(Line::from(format!("Note: {CUSTOM_EMAIL_TEXT_NOTE}")));
    }
    lines
}
