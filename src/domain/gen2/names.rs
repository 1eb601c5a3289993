//! The name tables the mapping needs, each with its source.
//!
//! - Gen 2 attribute names: `StandardAttributes` of aws-cdk-lib's `aws-cognito`, which
//!   `defineAuth`'s `userAttributes` and a provider's `attributeMapping` take (amplify-backend
//!   `auth-construct` `types.ts`: `UserAttributes = StandardAttributes & Record<\`custom:${string}\`, …>`).
//! - Provider secrets: the names the Gen 1 migration tool writes (amplify-cli gen2-migration;
//!   `service-behaviour-evidence.md` §9).
//! - Gen 1 provider scopes and attribute mapping: the Amplify CLI's `attributeProviderMap`
//!   (amplify-category-auth `provider-utils/awscloudformation/assets/string-maps.js`), which gives
//!   for each user pool attribute the provider's attribute and the scope that releases it.

use crate::domain::SignUpAttribute;

/// The Gen 2 (`StandardAttributes`) name of a Cognito standard attribute, by its claim name.
pub fn gen2_attribute(claim: &str) -> Option<&'static str> {
    Some(match claim {
        "address" => "address",
        "birthdate" => "birthdate",
        "email" => "email",
        "family_name" => "familyName",
        "gender" => "gender",
        "given_name" => "givenName",
        "locale" => "locale",
        "middle_name" => "middleName",
        "name" => "fullname",
        "nickname" => "nickname",
        "phone_number" => "phoneNumber",
        "picture" => "profilePicture",
        "preferred_username" => "preferredUsername",
        "profile" => "profilePage",
        "updated_at" => "lastUpdateTime",
        "website" => "website",
        "zoneinfo" => "timezone",
        _ => return None,
    })
}

/// The Gen 2 name of a required sign-up attribute, `None` for a value this build does not know.
pub fn gen2_sign_up_attribute(a: &SignUpAttribute) -> Option<&'static str> {
    if a.is_known() {
        gen2_attribute(&a.claim_name())
    } else {
        None
    }
}

/// A social provider as the config, Gen 2 and Cognito name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Facebook,
    Google,
    LoginWithAmazon,
    SignInWithApple,
}

impl Provider {
    pub const ALL: [Provider; 4] = [
        Provider::Facebook,
        Provider::Google,
        Provider::LoginWithAmazon,
        Provider::SignInWithApple,
    ];

    /// The member under `SocialProviderSettings`, and Cognito's `ProviderName`.
    pub fn config_name(self) -> &'static str {
        match self {
            Provider::Facebook => "Facebook",
            Provider::Google => "Google",
            Provider::LoginWithAmazon => "LoginWithAmazon",
            Provider::SignInWithApple => "SignInWithApple",
        }
    }

    /// The member under `externalProviders` in `defineAuth`.
    pub fn gen2_name(self) -> &'static str {
        match self {
            Provider::Facebook => "facebook",
            Provider::Google => "google",
            Provider::LoginWithAmazon => "loginWithAmazon",
            Provider::SignInWithApple => "signInWithApple",
        }
    }

    /// The prefix of its secrets' names (the migration tool's).
    pub fn secret_prefix(self) -> &'static str {
        match self {
            Provider::Facebook => "FACEBOOK",
            Provider::Google => "GOOGLE",
            Provider::LoginWithAmazon => "LOGINWITHAMAZON",
            Provider::SignInWithApple => "SIWA",
        }
    }

    /// How Cognito joins the scopes in `authorize_scopes` (Facebook: commas; the others: spaces;
    /// aws-cdk-lib's provider constructs).
    pub fn scope_separator(self) -> &'static str {
        match self {
            Provider::Facebook => ",",
            _ => " ",
        }
    }

    /// The provider's attribute and scope for a user pool attribute (`username` included), from
    /// the Amplify CLI's `attributeProviderMap`.
    pub fn gen1_attribute(self, claim: &str) -> Option<(&'static str, &'static str)> {
        use Provider::*;
        Some(match (claim, self) {
            ("birthdate", Facebook) => ("birthday", "public_profile"),
            ("birthdate", Google) => ("birthdays", "profile"),
            ("email", Facebook) => ("email", "email"),
            ("email", Google) => ("email", "email"),
            ("email", LoginWithAmazon) => ("email", "profile"),
            ("email", SignInWithApple) => ("email", "email"),
            ("family_name", Facebook) => ("last_name", "public_profile"),
            ("family_name", Google) => ("family_name", "profile"),
            ("family_name", SignInWithApple) => ("lastName", "name"),
            ("gender", Facebook) => ("gender", "public_profile"),
            ("gender", Google) => ("genders", "profile"),
            ("given_name", Facebook) => ("first_name", "public_profile"),
            ("given_name", Google) => ("given_name", "profile"),
            ("given_name", SignInWithApple) => ("firstName", "name"),
            ("locale", LoginWithAmazon) => ("postal_code", "postal_code"),
            ("middle_name", Facebook) => ("middle_name", "public_profile"),
            ("name", Facebook) => ("name", "public_profile"),
            ("name", Google) => ("name", "profile"),
            ("name", LoginWithAmazon) => ("name", "profile"),
            ("phone_number", Google) => ("phoneNumbers", "profile"),
            ("picture", Facebook) => ("picture", "public_profile"),
            ("picture", Google) => ("picture", "profile"),
            ("username", Facebook) => ("id", "public_profile"),
            ("username", Google) => ("sub", "profile"),
            ("username", LoginWithAmazon) => ("user_id", "profile:user_id"),
            ("updated_at", Facebook) => ("updated_at", "public_profile"),
            _ => return None,
        })
    }
}

/// The Gen 1 scopes and attribute mapping of a provider for a pool requiring `required` (claim
/// names): for `username` and each required attribute the CLI's table maps, the provider's
/// attribute and its scope, scopes in first-use order without repeats. Google also gets `openid`
/// first (inference: Google's sign-in needs it and Gen 1 pools show `openid email profile`).
pub fn gen1_provider_defaults(
    provider: Provider,
    required: &[String],
) -> (Vec<String>, Vec<(String, String)>) {
    let mut scopes: Vec<String> = Vec::new();
    let mut mapping = Vec::new();
    if provider == Provider::Google {
        scopes.push("openid".into());
    }
    let claims = std::iter::once("username").chain(required.iter().map(String::as_str));
    for claim in claims {
        if let Some((attr, scope)) = provider.gen1_attribute(claim) {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_string());
            }
            if !mapping.iter().any(|(c, _): &(String, String)| c == claim) {
                mapping.push((claim.to_string(), attr.to_string()));
            }
        }
    }
    (scopes, mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sign_up_attribute_has_a_gen2_name() {
        for a in SignUpAttribute::ALL {
            assert!(gen2_sign_up_attribute(a).is_some(), "{a}");
        }
        assert_eq!(
            gen2_sign_up_attribute(&SignUpAttribute::Name),
            Some("fullname")
        );
        assert_eq!(
            gen2_sign_up_attribute(&SignUpAttribute::ZoneInfo),
            Some("timezone")
        );
        assert_eq!(
            gen2_sign_up_attribute(&SignUpAttribute::UpdatedAt),
            Some("lastUpdateTime")
        );
        assert_eq!(gen2_sign_up_attribute(&SignUpAttribute::parse("X")), None);
    }

    #[test]
    fn gen1_defaults_follow_the_cli_table() {
        let (scopes, mapping) = gen1_provider_defaults(Provider::Google, &["email".into()]);
        assert_eq!(scopes, ["openid", "profile", "email"]);
        assert_eq!(
            mapping,
            [
                ("username".to_string(), "sub".to_string()),
                ("email".to_string(), "email".to_string())
            ]
        );
        let (scopes, _) = gen1_provider_defaults(Provider::SignInWithApple, &["name".into()]);
        assert!(scopes.is_empty());
    }
}
