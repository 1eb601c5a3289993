//! The service's string enums as real Rust enums.
//!
//! The model lets the service add values at any time, and a config read back from the service must
//! survive the trip through our types unchanged, so every enum keeps an unknown value verbatim in an
//! `Unknown` variant instead of failing or dropping it. Local validation flags `Unknown` values.

/// Declares a string enum with its wire spellings, serde in that spelling and an `Unknown` catch-all.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know, kept as the service sent it.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in the model's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling on the wire and in the AWS CLI's JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// The wire spelling to keep: borrowed for a known value, so that many rows holding
            /// one (an account overview) hold no copies of it.
            pub fn to_word(&self) -> std::borrow::Cow<'static, str> {
                match self {
                    $($name::$variant => std::borrow::Cow::Borrowed($wire),)+
                    $name::Unknown(s) => std::borrow::Cow::Owned(s.clone()),
                }
            }

            /// Parses a wire spelling; anything else becomes `Unknown`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }

            /// Whether this is one of the values the model lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            /// The model's values as strings, for error messages ("one of …").
            pub fn expected() -> String {
                [$($wire),+].join(", ")
            }
        }

        /// Not set: the empty value, which the service does not accept and validation names, so
        /// a config built from `Default` cannot pass for a chosen value.
        impl Default for $name {
            fn default() -> Self {
                $name::Unknown(String::new())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::parse(&s))
            }
        }
    };
}

string_enum!(
    /// Which Cognito resources the auth resource has.
    AuthResources {
        UserPoolOnly = "USER_POOL_ONLY",
        IdentityPoolAndUserPool = "IDENTITY_POOL_AND_USER_POOL",
    }
);

string_enum!(
    /// The only service the model knows.
    Service { Cognito = "COGNITO" }
);

string_enum!(
    /// How users sign in. Fixed once the user pool exists.
    SignInMethod {
        Email = "EMAIL",
        EmailAndPhoneNumber = "EMAIL_AND_PHONE_NUMBER",
        PhoneNumber = "PHONE_NUMBER",
        Username = "USERNAME",
    }
);

string_enum!(
    /// Whether users must, may or cannot use MFA.
    MfaMode { On = "ON", Off = "OFF", Optional = "OPTIONAL" }
);

string_enum!(
    /// Second factors.
    MfaType { Sms = "SMS", Totp = "TOTP" }
);

string_enum!(
    /// Where verification and reset codes go.
    DeliveryMethod { Email = "EMAIL", Sms = "SMS" }
);

string_enum!(
    /// The OAuth flow of the hosted UI.
    OAuthGrantType { Code = "CODE", Implicit = "IMPLICIT" }
);

string_enum!(
    /// OAuth scopes as the API spells them.
    OAuthScope {
        Phone = "PHONE",
        Email = "EMAIL",
        OpenId = "OPENID",
        Profile = "PROFILE",
        AwsCognitoSigninUserAdmin = "AWS_COGNITO_SIGNIN_USER_ADMIN",
    }
);

string_enum!(
    /// Character classes a password must contain.
    PasswordConstraint {
        RequireDigit = "REQUIRE_DIGIT",
        RequireLowercase = "REQUIRE_LOWERCASE",
        RequireSymbol = "REQUIRE_SYMBOL",
        RequireUppercase = "REQUIRE_UPPERCASE",
    }
);

string_enum!(
    /// The 17 standard attributes a user pool can require at sign-up. Fixed once the pool exists.
    SignUpAttribute {
        Address = "ADDRESS",
        Birthdate = "BIRTHDATE",
        Email = "EMAIL",
        FamilyName = "FAMILY_NAME",
        Gender = "GENDER",
        GivenName = "GIVEN_NAME",
        Locale = "LOCALE",
        MiddleName = "MIDDLE_NAME",
        Name = "NAME",
        Nickname = "NICKNAME",
        PhoneNumber = "PHONE_NUMBER",
        Picture = "PICTURE",
        PreferredUsername = "PREFERRED_USERNAME",
        Profile = "PROFILE",
        UpdatedAt = "UPDATED_AT",
        Website = "WEBSITE",
        ZoneInfo = "ZONE_INFO",
    }
);

impl OAuthScope {
    /// The scope string Cognito itself uses (the API enum spells them in upper case).
    pub fn cognito_name(&self) -> &str {
        match self {
            OAuthScope::Phone => "phone",
            OAuthScope::Email => "email",
            OAuthScope::OpenId => "openid",
            OAuthScope::Profile => "profile",
            OAuthScope::AwsCognitoSigninUserAdmin => "aws.cognito.signin.user.admin",
            OAuthScope::Unknown(s) => s,
        }
    }
}

impl SignUpAttribute {
    /// The OpenID Connect claim name Cognito uses for the attribute.
    pub fn claim_name(&self) -> String {
        match self {
            SignUpAttribute::ZoneInfo => "zoneinfo".to_string(),
            other => other.as_str().to_ascii_lowercase(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip_through_serde() {
        for attr in SignUpAttribute::ALL {
            let json = serde_json::to_string(attr).unwrap();
            let back: SignUpAttribute = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, attr);
        }
        assert_eq!(SignUpAttribute::ALL.len(), 17);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let v: MfaMode = serde_json::from_str("\"REQUIRED_LATER\"").unwrap();
        assert_eq!(v, MfaMode::Unknown("REQUIRED_LATER".into()));
        assert!(!v.is_known());
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"REQUIRED_LATER\"");
    }

    #[test]
    fn cognito_scope_names_are_lower_case() {
        assert_eq!(
            OAuthScope::AwsCognitoSigninUserAdmin.cognito_name(),
            "aws.cognito.signin.user.admin"
        );
        assert_eq!(SignUpAttribute::ZoneInfo.claim_name(), "zoneinfo");
        assert_eq!(SignUpAttribute::PhoneNumber.claim_name(), "phone_number");
    }
}
