//! Provider checklists: for each social provider of a deployed auth resource, the exact values to
//! enter in that provider's developer console, built from the deployed hosted UI domain.
//!
//! Every provider sends the user back to Cognito's `/oauth2/idpresponse` on the hosted UI domain,
//! and each console asks for it under its own name (Apple: Return URLs; Google: Authorised
//! redirect URIs; Facebook: Valid OAuth Redirect URIs; Amazon: Allowed Return URLs). The domain is
//! the DEPLOYED one (`<DomainPrefix>-<env>.auth.<region>.amazoncognito.com`, from GetBackend's meta,
//! see `domain::frontend`): the bare prefix would be a URL that does not exist, and sign-in would
//! fail at the provider. Values come from the Cognito developer guide's per-provider setup pages.
//!
//! Data only: the TUI draws it with copy (OSC 52) and links (OSC 8, see `crate::osc`); the
//! headless `checklist` command prints it.

use super::config::{AppleProvider, AuthConfig, ProviderClient};

/// One value to enter on the provider's side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The field's name as the provider's console labels it.
    pub label: &'static str,
    pub value: String,
    /// Where or how, when the label alone is not enough.
    pub note: Option<&'static str>,
}

/// What to do in one provider's console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderChecklist {
    /// The provider as the config names it (`SignInWithApple`, …).
    pub provider: &'static str,
    /// A name for people.
    pub title: &'static str,
    /// Where the values go.
    pub console_url: &'static str,
    pub items: Vec<ChecklistItem>,
}

/// `https://<host>/oauth2/idpresponse`, where providers send the user back to Cognito.
pub fn idp_response_url(hosted_ui_host: &str) -> String {
    format!("https://{hosted_ui_host}/oauth2/idpresponse")
}

fn item(label: &'static str, value: String, note: Option<&'static str>) -> ChecklistItem {
    ChecklistItem { label, value, note }
}

/// The checklists of the providers `cfg` configures, in the config's order, for the hosted UI
/// at `hosted_ui_host` (as deployed). Empty without OAuth or providers.
pub fn provider_checklists(cfg: &AuthConfig, hosted_ui_host: &str) -> Vec<ProviderChecklist> {
    let Some(sp) = cfg.social_providers() else {
        return Vec::new();
    };
    let u = Urls {
        host: hosted_ui_host,
        redirect: idp_response_url(hosted_ui_host),
        origin: format!("https://{hosted_ui_host}"),
    };
    let mut out = Vec::new();
    if let Some(p) = &sp.facebook {
        out.push(facebook(p, &u));
    }
    if let Some(p) = &sp.google {
        out.push(google(p, &u));
    }
    if let Some(p) = &sp.login_with_amazon {
        out.push(login_with_amazon(p, &u));
    }
    if let Some(a) = &sp.sign_in_with_apple {
        out.push(sign_in_with_apple(a, &u));
    }
    out
}

/// Where the hosted UI is, as each provider's console asks for it.
struct Urls<'a> {
    host: &'a str,
    redirect: String,
    origin: String,
}

fn id_or_empty(c: &Option<String>) -> String {
    c.clone().unwrap_or_default()
}

/// Facebook Login: the redirect URI, the app domain and the App ID.
fn facebook(p: &ProviderClient, u: &Urls) -> ProviderChecklist {
    ProviderChecklist {
        provider: "Facebook",
        title: "Facebook",
        console_url: "https://developers.facebook.com/apps/",
        items: vec![
            item(
                "Valid OAuth Redirect URIs",
                u.redirect.clone(),
                Some("Facebook Login > Settings"),
            ),
            item(
                "App Domains",
                u.host.to_string(),
                Some("App settings > Basic"),
            ),
            item(
                "App ID",
                id_or_empty(&p.client_id),
                Some("must equal ClientId in the config"),
            ),
        ],
    }
}

/// Google's OAuth 2.0 web client: the JavaScript origin, the redirect URI and the client ID.
fn google(p: &ProviderClient, u: &Urls) -> ProviderChecklist {
    ProviderChecklist {
        provider: "Google",
        title: "Google",
        console_url: "https://console.cloud.google.com/apis/credentials",
        items: vec![
            item(
                "Authorised JavaScript origins",
                u.origin.clone(),
                Some("in the OAuth 2.0 web client"),
            ),
            item("Authorised redirect URIs", u.redirect.clone(), None),
            item(
                "Client ID",
                id_or_empty(&p.client_id),
                Some("must equal ClientId in the config"),
            ),
        ],
    }
}

/// Login with Amazon's security profile: return URL, origin and client ID.
fn login_with_amazon(p: &ProviderClient, u: &Urls) -> ProviderChecklist {
    ProviderChecklist {
        provider: "LoginWithAmazon",
        title: "Login with Amazon",
        console_url: "https://developer.amazon.com/loginwithamazon/console/site/lwa/overview.html",
        items: vec![
            item(
                "Allowed Return URLs",
                u.redirect.clone(),
                Some("the security profile's Web Settings"),
            ),
            item("Allowed Origins", u.origin.clone(), None),
            item(
                "Client ID",
                id_or_empty(&p.client_id),
                Some("must equal ClientId in the config"),
            ),
        ],
    }
}

/// Sign in with Apple's Services ID and key: identifier, domain, return URL, Key ID and Team ID.
fn sign_in_with_apple(a: &AppleProvider, u: &Urls) -> ProviderChecklist {
    ProviderChecklist {
        provider: "SignInWithApple",
        title: "Sign in with Apple",
        console_url: "https://developer.apple.com/account/resources/identifiers/list/serviceId",
        items: vec![
            item(
                "Services ID (identifier)",
                id_or_empty(&a.client_id),
                Some("Identifiers > Services IDs; ClientId in the config"),
            ),
            item(
                "Domains and Subdomains",
                u.host.to_string(),
                Some("the Services ID > Sign in with Apple > Configure"),
            ),
            item("Return URLs", u.redirect.clone(), None),
            item(
                "Key ID",
                id_or_empty(&a.key_id),
                Some("Keys: the key with Sign in with Apple enabled"),
            ),
            item(
                "Team ID",
                id_or_empty(&a.team_id),
                Some("Membership details, top right of the account page"),
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::{default_config, maximal_config};

    const HOST: &str = "maxapp-dev.auth.eu-west-1.amazoncognito.com";

    fn value<'a>(c: &'a ProviderChecklist, label: &str) -> &'a str {
        &c.items
            .iter()
            .find(|i| i.label == label)
            .unwrap_or_else(|| panic!("{} has no {label}", c.provider))
            .value
    }

    #[test]
    fn each_configured_provider_gets_its_console_values() {
        let cfg = maximal_config("k");
        let lists = provider_checklists(&cfg, HOST);
        let names: Vec<&str> = lists.iter().map(|c| c.provider).collect();
        assert_eq!(
            names,
            vec!["Facebook", "Google", "LoginWithAmazon", "SignInWithApple"]
        );
        let redirect = format!("https://{HOST}/oauth2/idpresponse");
        let [fb, google, amazon, apple] = &lists[..] else {
            unreachable!()
        };
        assert_eq!(value(fb, "Valid OAuth Redirect URIs"), redirect);
        assert_eq!(value(google, "Authorised redirect URIs"), redirect);
        assert_eq!(
            value(google, "Authorised JavaScript origins"),
            format!("https://{HOST}")
        );
        assert_eq!(value(amazon, "Allowed Return URLs"), redirect);
        assert_eq!(value(apple, "Return URLs"), redirect);
        assert_eq!(value(apple, "Domains and Subdomains"), HOST);
        let sp = cfg.social_providers().unwrap();
        let a = sp.sign_in_with_apple.as_ref().unwrap();
        assert_eq!(
            value(apple, "Services ID (identifier)"),
            a.client_id.as_deref().unwrap()
        );
        assert_eq!(
            value(google, "Client ID"),
            sp.google.as_ref().unwrap().client_id.as_deref().unwrap()
        );
        assert!(lists.iter().all(|c| c.console_url.starts_with("https://")));
    }

    #[test]
    fn no_providers_no_checklists() {
        assert!(provider_checklists(&default_config("p"), HOST).is_empty());
    }
}
