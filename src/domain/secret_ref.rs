//! Secret references: a config file may name where a secret is instead of holding it, so the file
//! can live in git and be applied in CI with the secrets from the environment.
//!
//! Provider secrets cannot be read back from the service (Cognito never returns the Apple key;
//! the Amplify CLI keeps them out of its project files), and users lose them on a new machine
//! (amplify-cli #3642, #7685, #13587). A reference is resolved when a request is built (create,
//! update, promote) and never written back resolved:
//! - `file://PATH`: the file's contents, PATH relative to the directory of the input file
//!   (`file:///abs/path` for an absolute one). For `PrivateKey` the file is read through
//!   [`load_p8_file`] (bounded, parsed as a PKCS#8 EC P-256 key, normalised to the bare body
//!   Cognito accepts), exactly like a pasted key; for a client secret, the text with surrounding
//!   whitespace (a trailing newline) removed.
//! - `env://NAME`: the environment variable NAME, with the same treatment.
//!
//! Only the secret members are references: `ClientSecret` of Facebook, Google and Login with
//! Amazon, and Apple's `PrivateKey`.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::apple_key::{load_p8_file, parse_apple_key};
use super::config::{OAuthConfig, SocialProviders};
use super::secret::Secret;

pub const FILE_SCHEME: &str = "file://";
pub const ENV_SCHEME: &str = "env://";

/// Client secrets are short; a file above this is the wrong file.
const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;

/// Where a secret is to be read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretRef {
    File(String),
    Env(String),
}

impl SecretRef {
    /// The reference a value spells, if it is one (`None` for a plain secret).
    pub fn parse(value: &str) -> Option<SecretRef> {
        let v = value.trim();
        if let Some(p) = v.strip_prefix(FILE_SCHEME) {
            Some(SecretRef::File(p.to_string()))
        } else {
            v.strip_prefix(ENV_SCHEME)
                .map(|n| SecretRef::Env(n.to_string()))
        }
    }

    /// How the reference is written in a file.
    pub fn to_value(&self) -> String {
        match self {
            SecretRef::File(p) => format!("{FILE_SCHEME}{p}"),
            SecretRef::Env(n) => format!("{ENV_SCHEME}{n}"),
        }
    }
}

/// A reference that could not be resolved, with the member it sits in (JSON path below
/// `ResourceConfig`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefProblem {
    pub path: String,
    pub message: String,
    pub fix: String,
}

/// A reference that was resolved, and anything worth saying about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub path: String,
    /// `file AuthKey_X.p8` or `environment variable NAME`: where the value came from.
    pub from: String,
    /// E.g. the key file's name says another Key ID than the config.
    pub warning: Option<String>,
}

/// What resolving a config's references did. A member whose reference failed is left empty (a
/// reference is never sent as if it were the secret).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    pub resolved: Vec<Resolved>,
    pub problems: Vec<RefProblem>,
}

const BASE: &str = "UserPoolConfigs.OAuth.SocialProviderSettings";

/// The environment variable `get --secrets-as-refs` names for a secret member (path below
/// `ResourceConfig`), documented in the README.
pub fn default_env_var(path: &str) -> Option<&'static str> {
    let member = path.strip_prefix(BASE)?.strip_prefix('.')?;
    Some(match member {
        "Facebook.ClientSecret" => "AMPLIFY_AUTH_FACEBOOK_CLIENT_SECRET",
        "Google.ClientSecret" => "AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET",
        "LoginWithAmazon.ClientSecret" => "AMPLIFY_AUTH_AMAZON_CLIENT_SECRET",
        "SignInWithApple.PrivateKey" => "AMPLIFY_AUTH_APPLE_PRIVATE_KEY",
        _ => return None,
    })
}

/// The secret members of the configured providers, with their paths: `(path, secret, is the
/// Apple key, Apple's Key ID)`.
pub fn secret_members(
    sp: &mut SocialProviders,
) -> Vec<(String, &mut Option<Secret>, bool, Option<String>)> {
    let mut out = Vec::new();
    for (name, p) in [
        ("Facebook", sp.facebook.as_mut()),
        ("Google", sp.google.as_mut()),
        ("LoginWithAmazon", sp.login_with_amazon.as_mut()),
    ] {
        if let Some(p) = p {
            out.push((
                format!("{BASE}.{name}.ClientSecret"),
                &mut p.client_secret,
                false,
                None,
            ));
        }
    }
    if let Some(a) = sp.sign_in_with_apple.as_mut() {
        let key_id = a.key_id.clone();
        out.push((
            format!("{BASE}.SignInWithApple.PrivateKey"),
            &mut a.private_key,
            true,
            key_id,
        ));
    }
    out
}

/// Whether any secret of the config is a reference.
pub fn has_refs(oauth: Option<&OAuthConfig>) -> bool {
    let mut copy = oauth.cloned();
    let Some(sp) = copy.as_mut().and_then(|o| o.social_providers.as_mut()) else {
        return false;
    };
    secret_members(sp).iter().any(|(_, s, _, _)| {
        s.as_ref()
            .is_some_and(|s| SecretRef::parse(s.expose()).is_some())
    })
}

/// Replaces every secret reference in `oauth` with the secret it names. `base_dir` is where
/// relative `file://` paths start (the input file's directory); `env` looks up an environment
/// variable (the process environment in the app, a map in tests).
pub fn resolve_secret_refs(
    oauth: Option<&mut OAuthConfig>,
    base_dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Resolution {
    let mut res = Resolution::default();
    let Some(sp) = oauth.and_then(|o| o.social_providers.as_mut()) else {
        return res;
    };
    for (path, slot, is_key, key_id) in secret_members(sp) {
        let Some(r) = slot.as_ref().and_then(|s| SecretRef::parse(s.expose())) else {
            continue;
        };
        match resolve_one(&r, is_key, key_id.as_deref(), base_dir, env) {
            Ok((value, from, warning)) => {
                *slot = Some(value);
                res.resolved.push(Resolved {
                    path,
                    from,
                    warning,
                });
            }
            Err((message, fix)) => {
                *slot = None;
                res.problems.push(RefProblem { path, message, fix });
            }
        }
    }
    res
}

type Problem = (String, String);

fn resolve_one(
    r: &SecretRef,
    is_key: bool,
    key_id: Option<&str>,
    base_dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Secret, String, Option<String>), Problem> {
    match r {
        SecretRef::File(p) => {
            if p.trim().is_empty() {
                return Err((
                    "the reference file:// names no file".into(),
                    "Write the path after file://, e.g. file://AuthKey_ABCDE12345.p8 (relative to this file).".into(),
                ));
            }
            let path = resolve_path(base_dir, p);
            let shown = path.display().to_string();
            if is_key {
                let (key, id_in_name) = load_p8_file(&path)
                    .map_err(|e| (format!("{}: {}", reference(r), e.problem()), e.fix()))?;
                let warning = match (id_in_name, key_id) {
                    (Some(f), Some(k)) => super::apple_key::key_id_mismatch(&f, k),
                    _ => None,
                };
                Ok((key.body, format!("file {shown}"), warning))
            } else {
                let text = read_text(&path).map_err(|m| {
                    (
                        format!("{}: {m}", reference(r)),
                        "Check the path (relative to this file) and that the file is readable."
                            .into(),
                    )
                })?;
                non_empty(text.trim(), r).map(|s| (s, format!("file {shown}"), None))
            }
        }
        SecretRef::Env(name) => {
            if !valid_env_name(name) {
                return Err((
                    format!("{} does not name an environment variable", reference(r)),
                    "Use env://NAME with NAME made of letters, digits and _ (not starting with a digit).".into(),
                ));
            }
            let Some(value) = env(name).filter(|v| !v.trim().is_empty()) else {
                return Err((
                    format!(
                        "{}: the environment variable {name} is not set (or empty)",
                        reference(r)
                    ),
                    format!(
                        "Set {name} to the secret before running (e.g. from your CI's secret store)."
                    ),
                ));
            };
            let from = format!("environment variable {name}");
            if is_key {
                let key = parse_apple_key(value.as_bytes())
                    .map_err(|e| (format!("{}: {}", reference(r), e.problem()), e.fix()))?;
                Ok((key.body, from, None))
            } else {
                non_empty(value.trim(), r).map(|s| (s, from, None))
            }
        }
    }
}

fn reference(r: &SecretRef) -> String {
    format!("the reference {}", r.to_value())
}

fn non_empty(s: &str, r: &SecretRef) -> Result<Secret, Problem> {
    if s.is_empty() {
        Err((
            format!("{} is empty", reference(r)),
            "Put the secret itself there.".into(),
        ))
    } else {
        Ok(Secret::new(s))
    }
}

/// `file:///abs` is absolute; anything else is relative to `base_dir`.
fn resolve_path(base_dir: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base_dir.join(p)
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open it ({e})"))?;
    let mut buf = Vec::new();
    file.take(MAX_SECRET_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read it ({e})"))?;
    if buf.len() as u64 > MAX_SECRET_FILE_BYTES {
        return Err(format!(
            "the file is larger than {} KiB, too big for a client secret",
            MAX_SECRET_FILE_BYTES / 1024
        ));
    }
    String::from_utf8(buf).map_err(|_| "the file is not UTF-8 text".to_string())
}

fn valid_env_name(n: &str) -> bool {
    let mut chars = n.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Puts an `env://` reference (see [`default_env_var`]) in each secret member listed in `paths`
/// (paths below `ResourceConfig`), for a file that is to be applied with the secrets from the
/// environment. Returns `(path, reference)` for each member it filled.
pub fn put_env_refs(oauth: Option<&mut OAuthConfig>, paths: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(sp) = oauth.and_then(|o| o.social_providers.as_mut()) else {
        return out;
    };
    for (path, slot, _, _) in secret_members(sp) {
        if paths.contains(&path)
            && let Some(var) = default_env_var(&path)
        {
            let r = SecretRef::Env(var.to_string()).to_value();
            *slot = Some(Secret::new(r.clone()));
            out.push((path, r));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::apple_key::generate_key;
    use crate::domain::samples::maximal_config;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn set(sp: &mut SocialProviders, google: &str, apple: &str) {
        sp.google.as_mut().unwrap().client_secret = Some(Secret::new(google));
        sp.sign_in_with_apple.as_mut().unwrap().private_key = Some(Secret::new(apple));
    }

    #[test]
    fn references_are_recognised_and_plain_values_are_not() {
        assert_eq!(
            SecretRef::parse("file://AuthKey_X.p8"),
            Some(SecretRef::File("AuthKey_X.p8".into()))
        );
        assert_eq!(
            SecretRef::parse(" env://GOOGLE_SECRET "),
            Some(SecretRef::Env("GOOGLE_SECRET".into()))
        );
        assert_eq!(SecretRef::parse("GOCSPX-abc"), None);
        assert_eq!(SecretRef::Env("A".into()).to_value(), "env://A");
    }

    #[test]
    fn file_and_env_references_resolve_and_the_key_is_normalised() {
        let dir = tempfile::tempdir().unwrap();
        let (pem, body) = generate_key();
        std::fs::write(
            dir.path().join("AuthKey_KEYID12345.p8"),
            pem.replace('\n', "\r\n"),
        )
        .unwrap();
        let mut cfg = maximal_config("k");
        let oauth = cfg.user_pool.oauth.as_mut().unwrap();
        oauth
            .social_providers
            .as_mut()
            .unwrap()
            .sign_in_with_apple
            .as_mut()
            .unwrap()
            .key_id = Some("KEYID12345".into());
        set(
            oauth.social_providers.as_mut().unwrap(),
            "env://G_SECRET",
            "file://AuthKey_KEYID12345.p8",
        );
        assert!(has_refs(Some(oauth)));
        let env = |n: &str| (n == "G_SECRET").then(|| "google-secret\n".to_string());
        let r = resolve_secret_refs(Some(oauth), dir.path(), &env);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.resolved.len(), 2);
        assert!(r.resolved.iter().all(|x| x.warning.is_none()));
        let sp = oauth.social_providers.as_ref().unwrap();
        assert_eq!(
            sp.google
                .as_ref()
                .unwrap()
                .client_secret
                .as_ref()
                .unwrap()
                .expose(),
            "google-secret"
        );
        let key = sp.sign_in_with_apple.as_ref().unwrap().private_key.as_ref();
        assert_eq!(key.unwrap().expose(), body);
        assert!(!has_refs(Some(oauth)));
    }

    #[test]
    fn unresolved_references_name_the_member_and_leave_it_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("not-a-key.p8"), "hello").unwrap();
        let mut cfg = maximal_config("k");
        let oauth = cfg.user_pool.oauth.as_mut().unwrap();
        set(
            oauth.social_providers.as_mut().unwrap(),
            "env://MISSING_VAR",
            "file://not-a-key.p8",
        );
        let r = resolve_secret_refs(Some(oauth), dir.path(), &no_env);
        let paths: Vec<&str> = r.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret",
                "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey"
            ]
        );
        assert!(r.problems[0].message.contains("MISSING_VAR is not set"));
        assert!(r.problems[1].message.contains("file://not-a-key.p8"));
        let sp = oauth.social_providers.as_ref().unwrap();
        assert!(sp.google.as_ref().unwrap().client_secret.is_none());
        assert!(
            sp.sign_in_with_apple
                .as_ref()
                .unwrap()
                .private_key
                .is_none()
        );
    }

    #[test]
    fn a_key_file_named_for_another_key_id_is_flagged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("AuthKey_OTHERKEY12.p8"), generate_key().0).unwrap();
        let mut cfg = maximal_config("k");
        let oauth = cfg.user_pool.oauth.as_mut().unwrap();
        let sp = oauth.social_providers.as_mut().unwrap();
        sp.sign_in_with_apple.as_mut().unwrap().key_id = Some("KEYID12345".into());
        sp.sign_in_with_apple.as_mut().unwrap().private_key =
            Some(Secret::new("file://AuthKey_OTHERKEY12.p8"));
        let r = resolve_secret_refs(Some(oauth), dir.path(), &no_env);
        assert!(r.problems.is_empty());
        let w = r.resolved[0].warning.as_deref().unwrap();
        assert!(w.contains("OTHERKEY12") && w.contains("KEYID12345"), "{w}");
    }

    #[test]
    fn env_refs_are_put_only_where_asked() {
        let mut cfg = maximal_config("k").without_secrets();
        let paths = vec![format!("{BASE}.SignInWithApple.PrivateKey")];
        let put = put_env_refs(cfg.user_pool.oauth.as_mut(), &paths);
        assert_eq!(
            put,
            vec![(
                paths[0].clone(),
                "env://AMPLIFY_AUTH_APPLE_PRIVATE_KEY".into()
            )]
        );
        let sp = cfg.social_providers().unwrap();
        assert!(sp.google.as_ref().unwrap().client_secret.is_none());
        assert_eq!(default_env_var("Service"), None);
    }
}
