//! Verification and forgot-password messages, MFA and SMS.

use super::super::config::{MessageConfig, MfaConfig};
use super::super::enums::*;
use super::{MutablePart, Out, PoolFacts, check_enum_list, check_known, describe, quote};

/// VerificationMessage and ForgotPassword: the chosen channel needs its settings, and every
/// template present must pass Cognito's template rules.
pub(super) fn check_message(out: &mut Out, base: &str, m: &MessageConfig) {
    if check_known(out, format!("{base}.DeliveryMethod"), &m.delivery_method) {
        match (&m.delivery_method, &m.email, &m.sms) {
            (DeliveryMethod::Email, None, _) => out.error(
                format!("{base}.EmailSettings"),
                "DeliveryMethod is EMAIL but EmailSettings is missing.",
                "Add EmailSettings with EmailSubject and an EmailMessage containing {####}.",
            ),
            (DeliveryMethod::Sms, _, None) => out.error(
                format!("{base}.SmsSettings"),
                "DeliveryMethod is SMS but SmsSettings is missing.",
                "Add SmsSettings with an SmsMessage containing {####}.",
            ),
            _ => {}
        }
    }
    if let Some(e) = &m.email {
        if let Some(msg) = &e.message {
            check_email_message(out, &format!("{base}.EmailSettings.EmailMessage"), msg);
        }
        if let Some(subject) = &e.subject {
            check_email_subject(out, &format!("{base}.EmailSettings.EmailSubject"), subject);
        }
    }
    if let Some(msg) = m.sms.as_ref().and_then(|s| s.message.as_ref()) {
        check_sms_message(out, &format!("{base}.SmsSettings.SmsMessage"), msg);
    }
}

/// Said beside the email templates (the wizard's Messages step, a `note:` from headless
/// `validate`/`create`/`update`), never as a finding. Cognito's model (since 2022-05-24) says
/// EmailMessage/EmailSubject apply only when EmailSendingAccount is DEVELOPER (SES), which
/// AmplifyBackend cannot set; yet every pool the Amplify CLI deploys carries these templates with
/// Cognito's default email, so a finding would fire on every ordinary config, the wizard's own
/// defaults included, and mark a step that has nothing to fix.
pub const CUSTOM_EMAIL_TEXT_NOTE: &str = "Cognito's model allows custom email text only when the pool sends email through Amazon SES (EmailSendingAccount DEVELOPER), which AmplifyBackend cannot set; with Cognito's default email the text may be ignored. Set up SES for the user pool in the Cognito console after deploying if the wording matters.";

/// Whether a message carries email text (a subject or a body) the note above is about.
pub(super) fn has_email_text(m: Option<&MessageConfig>) -> bool {
    m.and_then(|m| m.email.as_ref())
        .is_some_and(|e| e.message.is_some() || e.subject.is_some())
}

/// Cognito model SmsVerificationMessageType (also the SMS MFA message): 6-140, contains `{####}`.
fn check_sms_message(out: &mut Out, path: &str, msg: &str) {
    let n = msg.chars().count();
    if !(6..=140).contains(&n) {
        out.error(
            path,
            format!("The SMS message has {n} characters; Cognito allows 6 to 140."),
            "Write a short message such as \"Your code is {####}\".",
        );
    }
    if !msg.contains("{####}") {
        out.error(
            path,
            format!(
                "The SMS message {} has no {{####}} placeholder for the code.",
                quote(msg)
            ),
            "Add {####} where the code goes, e.g. \"Your code is {####}\".",
        );
    }
}

/// Cognito model EmailVerificationMessageType: 6-20000, contains `{####}`, letters, marks,
/// symbols, numbers, punctuation and whitespace only. `{username}` belongs to admin invitations
/// only (Cognito guide, message templates).
fn check_email_message(out: &mut Out, path: &str, msg: &str) {
    let n = msg.chars().count();
    if !(6..=20000).contains(&n) {
        out.error(
            path,
            format!("The email message has {n} characters; Cognito allows 6 to 20000."),
            "Write a message such as \"Your verification code is {####}\".",
        );
    }
    if !msg.contains("{####}") {
        out.error(
            path,
            format!(
                "The email message {} has no {{####}} placeholder for the code.",
                quote(msg)
            ),
            "Add {####} where the code goes.",
        );
    }
    if msg.contains("{username}") {
        out.error(
            path,
            "The email message contains {username}, which Cognito allows only in invitation messages, not in verification emails.",
            "Remove {username} from the message.",
        );
    }
    if let Some(c) = msg.chars().find(|c| !is_cognito_text_char(*c)) {
        out.error(
            path,
            format!("The email message contains the invisible or control character {}.", describe(c)),
            "Remove it; Cognito allows letters, marks, symbols, numbers, punctuation and whitespace.",
        );
    }
}

/// Cognito model EmailVerificationSubjectType: 1-140, the same character classes.
fn check_email_subject(out: &mut Out, path: &str, subject: &str) {
    let n = subject.chars().count();
    if !(1..=140).contains(&n) {
        out.error(
            path,
            format!("The email subject has {n} characters; Cognito allows 1 to 140."),
            "Write a short subject such as \"Your verification code\".",
        );
    }
    if let Some(c) = subject.chars().find(|c| !is_cognito_text_char(*c)) {
        out.error(
            path,
            format!("The email subject contains the invisible or control character {}.", describe(c)),
            "Remove it; Cognito allows letters, marks, symbols, numbers, punctuation and whitespace.",
        );
    }
}

/// `[\p{L}\p{M}\p{S}\p{N}\p{P}\s]`: everything but control, format, private-use and unassigned
/// characters. Without a Unicode table, refuse controls, private use and the format characters
/// that copy and paste brings in (zero-width spaces and joiners, direction marks, BOM).
fn is_cognito_text_char(c: char) -> bool {
    if c.is_whitespace() {
        return true;
    }
    let format = matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}');
    let private = matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}');
    !(c.is_control() || format || private)
}

/// MFA (Cognito guide user-pool-settings-mfa, CLI rules): types are required unless OFF, SMS
/// needs a message with `{####}`, and SMS-only required MFA needs users with phone numbers.
pub(super) fn check_mfa(out: &mut Out, m: &MfaConfig, facts: &PoolFacts<'_>) {
    let known = check_known(out, "UserPoolConfigs.Mfa.MFAMode", &m.mode);
    let types: &[MfaType] = m
        .settings
        .as_ref()
        .and_then(|s| s.mfa_types.as_deref())
        .unwrap_or(&[]);
    check_enum_list(out, "UserPoolConfigs.Mfa.Settings.MfaTypes", types);
    let sms_message = m.settings.as_ref().and_then(|s| s.sms_message.as_deref());
    if let Some(msg) = sms_message {
        check_sms_message(out, "UserPoolConfigs.Mfa.Settings.SmsMessage", msg);
    }
    if !known || m.mode == MfaMode::Off {
        return;
    }
    if types.is_empty() {
        out.error(
            "UserPoolConfigs.Mfa.Settings.MfaTypes",
            format!("MFA is {} but no MFA type is chosen.", m.mode),
            "Choose SMS, TOTP or both, or set MFAMode to OFF.",
        );
    }
    // The service's CLI fills a missing message with its default ("Your authentication code is
    // {####}", cognito-defaults.js; evidence §8.4), so the job completes: a warning, not a block.
    if types.contains(&MfaType::Sms) && sms_message.is_none() {
        out.warn(
            "UserPoolConfigs.Mfa.Settings.SmsMessage",
            "SMS MFA is chosen but there is no SMS message; the service uses the Amplify CLI's default, \"Your authentication code is {####}\".",
            "Add an SMS message containing {####} to choose the text yourself.",
        );
    }
    if m.mode == MfaMode::On
        && types.iter().all(|t| *t == MfaType::Sms)
        && !types.is_empty()
        && facts.phone_guaranteed() == Some(false)
    {
        out.warn(
            "UserPoolConfigs.Mfa.Settings.MfaTypes",
            "MFA is ON with SMS only, but users are not required to have a phone number, so some users could never sign in.",
            "Add TOTP, require PHONE_NUMBER at sign-up, or make MFA OPTIONAL.",
        );
    }
}

/// One warning when anything sends SMS: new accounts are in the SNS SMS sandbox (Cognito guide,
/// user-pool-settings-mfa; the Amplify CLI prints the same banner).
pub(super) fn check_sms_sandbox(out: &mut Out, part: &MutablePart<'_>) {
    let mfa_sms = part.mfa.filter(|m| {
        m.mode != MfaMode::Off
            && m.settings
                .as_ref()
                .and_then(|s| s.mfa_types.as_ref())
                .is_some_and(|t| t.contains(&MfaType::Sms))
    });
    let path = if mfa_sms.is_some() {
        "UserPoolConfigs.Mfa.Settings.MfaTypes"
    } else if part
        .verification_message
        .is_some_and(|m| m.delivery_method == DeliveryMethod::Sms)
    {
        "UserPoolConfigs.VerificationMessage.DeliveryMethod"
    } else if part
        .forgot_password
        .is_some_and(|m| m.delivery_method == DeliveryMethod::Sms)
    {
        "UserPoolConfigs.ForgotPassword.DeliveryMethod"
    } else {
        return;
    };
    out.warn(
        path,
        "This config sends SMS; in a new AWS account SMS is in the SNS sandbox and reaches only verified phone numbers.",
        "Verify test numbers in the SNS console, and request production SMS access before going live.",
    );
}
