//! Every field of the wizard: its id, label, where it lives in the config (the path validation
//! findings use) and a line of help.

/// One field of the wizard. The order here is the order on screen within a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldId {
    AppId,
    EnvName,
    ResourceName,
    Resources,
    UserPoolName,
    SignIn,
    RequiredAttributes,
    IdentityPoolName,
    Unauthenticated,
    Mfa,
    MfaTypes,
    MfaSms,
    MinLength,
    Constraints,
    VerifyDelivery,
    VerifySubject,
    VerifyBody,
    VerifySms,
    ForgotEnabled,
    ForgotDelivery,
    ForgotSubject,
    ForgotBody,
    ForgotSms,
    OAuthEnabled,
    DomainPrefix,
    GrantType,
    Scopes,
    SignInUris,
    SignOutUris,
    FacebookEnabled,
    FacebookId,
    FacebookSecret,
    GoogleEnabled,
    GoogleId,
    GoogleSecret,
    AmazonEnabled,
    AmazonId,
    AmazonSecret,
    AppleEnabled,
    AppleServicesId,
    AppleTeamId,
    AppleKeyId,
    AppleKeyFile,
    AppleKey,
}

/// Whether a finding at `finding` belongs to a field at `field`: the same path, or below it
/// (`…RedirectSignInURIs[2]` belongs to `…RedirectSignInURIs`). The wizard and the Import form
/// both place findings with this (the wizard picks the longest such field).
pub fn path_fits(field: &str, finding: &str) -> bool {
    matches!(finding.strip_prefix(field), Some(r) if r.is_empty() || r.starts_with('.') || r.starts_with('['))
}

pub struct Meta {
    pub label: &'static str,
    /// The field's path in the CLI shape below `ResourceConfig` (or a top-level member name).
    pub path: &'static str,
    pub help: &'static str,
}

macro_rules! meta {
    ($label:expr, $path:expr, $help:expr) => {
        Meta {
            label: $label,
            path: $path,
            help: $help,
        }
    };
}

impl FieldId {
    pub fn meta(self) -> Meta {
        use FieldId::*;
        match self {
            AppId => meta!(
                "App",
                "AppId",
                "The Amplify app. ←/→ picks from the apps in this account and region, or type an id."
            ),
            EnvName => meta!(
                "Environment",
                "BackendEnvironmentName",
                "The backend environment. ←/→ picks one of the app's environments, or type a new name."
            ),
            ResourceName => meta!(
                "Resource name",
                "ResourceName",
                "Name of the auth resource in the Amplify project: letters and digits."
            ),
            Resources => meta!(
                "Create",
                "AuthResources",
                "A user pool signs users in; an identity pool also gives them AWS credentials (needed for Storage, guest access, IAM-authorised APIs)."
            ),
            UserPoolName => meta!(
                "User pool name",
                "UserPoolConfigs.UserPoolName",
                "Letters, digits, spaces and + = , . @ - _, up to 128. Fixed once created."
            ),
            SignIn => meta!(
                "Sign-in with",
                "UserPoolConfigs.SignInMethod",
                "What users type to sign in. Fixed once created."
            ),
            RequiredAttributes => meta!(
                "Required at sign-up",
                "UserPoolConfigs.RequiredSignUpAttributes",
                "Attributes every user must give. Fixed once created; social providers must be able to supply them."
            ),
            IdentityPoolName => meta!(
                "Identity pool name",
                "IdentityPoolConfigs.IdentityPoolName",
                "Letters, digits and _, up to 128. Fixed once created."
            ),
            Unauthenticated => meta!(
                "Allow guests",
                "IdentityPoolConfigs.UnauthenticatedLogin",
                "Give signed-out visitors limited AWS credentials (unauthenticated role)."
            ),
            Mfa => meta!(
                "MFA",
                "UserPoolConfigs.Mfa.MFAMode",
                "OFF: no second factor. OPTIONAL: each user decides. ON: every user must set one up."
            ),
            MfaTypes => meta!(
                "Second factors",
                "UserPoolConfigs.Mfa.Settings.MfaTypes",
                "SMS codes need an SNS role and leave the SMS sandbox only on request; TOTP uses an authenticator app."
            ),
            MfaSms => meta!(
                "MFA SMS text",
                "UserPoolConfigs.Mfa.Settings.SmsMessage",
                "6–140 characters, must contain {####} where the code goes."
            ),
            MinLength => meta!(
                "Minimum length",
                "UserPoolConfigs.PasswordPolicy.MinimumLength",
                "A whole number from 6 to 99."
            ),
            Constraints => meta!(
                "Must contain",
                "UserPoolConfigs.PasswordPolicy.AdditionalConstraints",
                "Character classes every password needs."
            ),
            VerifyDelivery => meta!(
                "Verify by",
                "UserPoolConfigs.VerificationMessage.DeliveryMethod",
                "Where the sign-up verification code goes."
            ),
            VerifySubject => meta!(
                "Email subject",
                "UserPoolConfigs.VerificationMessage.EmailSettings.EmailSubject",
                "1–140 characters."
            ),
            VerifyBody => meta!(
                "Email message",
                "UserPoolConfigs.VerificationMessage.EmailSettings.EmailMessage",
                "6–20,000 characters with {####} for the code. Custom text is only used when the pool sends through SES."
            ),
            VerifySms => meta!(
                "SMS message",
                "UserPoolConfigs.VerificationMessage.SmsSettings.SmsMessage",
                "6–140 characters with {####} for the code."
            ),
            ForgotEnabled => meta!(
                "Legacy reset",
                "UserPoolConfigs.ForgotPassword",
                "ForgotPassword is deprecated by the API but still accepted; leave off unless an older setup relies on it."
            ),
            ForgotDelivery => meta!(
                "Reset code by",
                "UserPoolConfigs.ForgotPassword.DeliveryMethod",
                "Where password-reset codes go."
            ),
            ForgotSubject => meta!(
                "Reset subject",
                "UserPoolConfigs.ForgotPassword.EmailSettings.EmailSubject",
                "1–140 characters."
            ),
            ForgotBody => meta!(
                "Reset message",
                "UserPoolConfigs.ForgotPassword.EmailSettings.EmailMessage",
                "6–20,000 characters with {####}."
            ),
            ForgotSms => meta!(
                "Reset SMS",
                "UserPoolConfigs.ForgotPassword.SmsSettings.SmsMessage",
                "6–140 characters with {####}."
            ),
            OAuthEnabled => meta!(
                "Hosted UI / OAuth",
                "UserPoolConfigs.OAuth",
                "Needed for social sign-in and the Cognito hosted sign-in pages."
            ),
            DomainPrefix => meta!(
                "Domain prefix",
                "UserPoolConfigs.OAuth.DomainPrefix",
                "1–63 lowercase letters, digits, hyphens; not starting/ending with a hyphen; no aws, amazon or cognito."
            ),
            GrantType => meta!(
                "Grant type",
                "UserPoolConfigs.OAuth.OAuthGrantType",
                "CODE (recommended) or IMPLICIT (tokens in the browser URL)."
            ),
            Scopes => meta!(
                "Scopes",
                "UserPoolConfigs.OAuth.OAuthScopes",
                "PHONE, EMAIL and PROFILE need OPENID."
            ),
            SignInUris => meta!(
                "Sign-in redirects",
                "UserPoolConfigs.OAuth.RedirectSignInURIs",
                "One URI per line (Enter adds a line). https, or http on localhost; app schemes like myapp://callback work. No trailing slash needed."
            ),
            SignOutUris => meta!(
                "Sign-out redirects",
                "UserPoolConfigs.OAuth.RedirectSignOutURIs",
                "One URI per line, same rules as sign-in."
            ),
            FacebookEnabled => meta!(
                "Facebook",
                "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook",
                "Sign in with Facebook (App ID and App secret from developers.facebook.com)."
            ),
            FacebookId => meta!(
                "  App ID",
                "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook.ClientId",
                "The numeric Facebook App ID."
            ),
            FacebookSecret => meta!(
                "  App secret",
                "UserPoolConfigs.OAuth.SocialProviderSettings.Facebook.ClientSecret",
                "Masked; Ctrl-R shows it."
            ),
            GoogleEnabled => meta!(
                "Google",
                "UserPoolConfigs.OAuth.SocialProviderSettings.Google",
                "Sign in with Google (OAuth client of type Web application)."
            ),
            GoogleId => meta!(
                "  Client ID",
                "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientId",
                "Ends in .apps.googleusercontent.com"
            ),
            GoogleSecret => meta!(
                "  Client secret",
                "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret",
                "Masked; Ctrl-R shows it."
            ),
            AmazonEnabled => meta!(
                "Login with Amazon",
                "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon",
                "Login with Amazon security profile."
            ),
            AmazonId => meta!(
                "  Client ID",
                "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon.ClientId",
                "Starts with amzn1.application-oa2-client."
            ),
            AmazonSecret => meta!(
                "  Client secret",
                "UserPoolConfigs.OAuth.SocialProviderSettings.LoginWithAmazon.ClientSecret",
                "Masked; Ctrl-R shows it."
            ),
            AppleEnabled => meta!(
                "Sign in with Apple",
                "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple",
                "Needs a Services ID, your Team ID, a key's Key ID and its .p8 private key."
            ),
            AppleServicesId => meta!(
                "  Services ID",
                "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.ClientId",
                "Reverse-domain identifier, e.g. com.example.app.signin."
            ),
            AppleTeamId => meta!(
                "  Team ID",
                "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.TeamId",
                "10 upper-case letters or digits (top right of the Apple developer portal)."
            ),
            AppleKeyId => meta!(
                "  Key ID",
                "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.KeyId",
                "10 upper-case letters or digits; also in the key file name AuthKey_<KeyID>.p8."
            ),
            AppleKeyFile => meta!(
                "  Load .p8 file",
                "AppleKeyFile",
                "Path to AuthKey_<KeyID>.p8; Enter loads it. Or paste the key into the box below."
            ),
            AppleKey => meta!(
                "  Private key",
                "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey",
                "Paste the whole .p8 (with or without BEGIN/END lines). Masked; Ctrl-R shows it."
            ),
        }
    }
}
