//! Secret references: a config file may name where a secret is instead of holding it, so the file
//! can live in git and be applied in CI with the secrets from the environment.
//!
//! Provider secrets cannot be read back from the service (Cognito never returns the Apple key;
//! the Amplify CLI keeps them out of its project files), and users lose them on a new machine
//! (amplify-cli #3642, #7685, #13587). A reference is resolved when a request is built (create,
//! update, promote) and never written back resolved:
//! - `file://PATH`: the file's contents, PATH relative to the directory of the input file. For
//!   `PrivateKey` the bytes are parsed as a PKCS#8 EC P-256 key and normalised to the bare body
//!   Cognito accepts, exactly like a pasted key; for a client secret, the text with surrounding
//!   whitespace (a trailing newline) removed.
//! - `env://NAME`: the environment variable NAME, with the same treatment.
//!
//! Only the secret members are references: `ClientSecret` of Facebook, Google and Login with
//! Amazon, and Apple's `PrivateKey`.
//!
//! **Containment** (issue 24). A config file may come from someone else (a pull request applied by
//! CI), so a reference may only read what the file's author could mean:
//! - a `file://` path must stay inside the input file's folder once symlinks are resolved: an
//!   absolute path, `../`, a symlink leading out, and `/proc`, `/sys` and `/dev` are refused;
//! - whatever its place, only a regular file of at most [`MAX_SECRET_FILE_BYTES`] is read
//!   (`bounded_file`): a FIFO, a device or a huge file is refused before it is read;
//! - `env://` reads only `AMPLIFY_AUTH_*` variables (the names `get --secrets-as-refs` writes), so
//!   a file cannot send `AWS_SECRET_ACCESS_KEY` to a provider.
//!
//! The person running the command can lift the first and last rule for one file or one variable
//! by naming it on the command line ([`SecretAccess`]: `--allow-secret-file PATH`,
//! `--allow-secret-env NAME`). Every reference read is reported by its name, size and a short
//! SHA-256 fingerprint ([`Resolved`]), never its value; no message quotes a secret's content.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::apple_key::{AppleKeyError, key_id_from_filename, parse_apple_key};
use super::config::{OAuthConfig, SocialProviders};
use super::secret::Secret;
use crate::bounded_file::read_regular;
use crate::term_text::shown;

pub const FILE_SCHEME: &str = "file://";
pub const ENV_SCHEME: &str = "env://";

/// Client secrets and Apple keys are short; a file above this is the wrong file.
pub const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;

/// The prefix of the environment variables a reference may read without being allowed by name.
pub const ENV_PREFIX: &str = "AMPLIFY_AUTH_";

/// Folders no reference reads from, even inside the input's folder's tree (process and kernel
/// state, devices), unless the file is allowed by name.
const SYSTEM_DIRS: &[&str] = &["/proc", "/sys", "/dev"];

/// What the person running the command allowed beyond the rules above, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretAccess {
    /// Files a `file://` reference may read wherever they are (`--allow-secret-file`).
    pub files: Vec<PathBuf>,
    /// Environment variables an `env://` reference may read (`--allow-secret-env`).
    pub env: Vec<String>,
}

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
    /// Only an `env://` variable the rules allow that is not set (or empty): whether the secret
    /// is needed can depend on what is deployed (`update` of an unchanged provider). Every other
    /// problem (a refused or unreadable reference) is an error wherever it is written.
    pub unset_variable: bool,
}

/// A reference that was resolved, and anything worth saying about it. Holds no secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub path: String,
    /// The reference as the file writes it (`file://AuthKey_X.p8`, `env://NAME`).
    pub reference: String,
    /// `file /abs/AuthKey_X.p8` or `environment variable NAME`: where the value came from.
    pub from: String,
    /// Bytes read (the file, or the variable's value).
    pub size: usize,
    /// `sha256:` and the first 12 hex digits of the SHA-256 of the bytes read: `sha256sum FILE`
    /// starts with them, so a person can check which file was read without seeing it.
    pub fingerprint: String,
    /// E.g. the key file's name says another Key ID than the config.
    pub warning: Option<String>,
}

impl Resolved {
    /// One line for a review or a dry run: `<reference>: <size> bytes, sha256:…`, escaped for the
    /// terminal.
    pub fn summary(&self) -> String {
        format!(
            "{} ({}): {} bytes, {}",
            shown(&self.reference),
            shown(&self.from),
            self.size,
            self.fingerprint
        )
    }
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
/// relative `file://` paths start and must stay (the input file's directory); `env` looks up an
/// environment variable (the process environment in the app, a map in tests); `access` is what
/// the command line allowed beyond the rules (see the module notes).
pub fn resolve_secret_refs(
    oauth: Option<&mut OAuthConfig>,
    base_dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    access: &SecretAccess,
) -> Resolution {
    let mut res = Resolution::default();
    let Some(sp) = oauth.and_then(|o| o.social_providers.as_mut()) else {
        return res;
    };
    for (path, slot, is_key, key_id) in secret_members(sp) {
        let Some(r) = slot.as_ref().and_then(|s| SecretRef::parse(s.expose())) else {
            continue;
        };
        match resolve_one(&r, is_key, key_id.as_deref(), base_dir, env, access) {
            Ok(Read {
                value,
                from,
                size,
                fingerprint,
                warning,
            }) => {
                *slot = Some(value);
                res.resolved.push(Resolved {
                    path,
                    reference: r.to_value(),
                    from,
                    size,
                    fingerprint,
                    warning,
                });
            }
            Err((message, fix)) => {
                *slot = None;
                let unset_variable = matches!(&r, SecretRef::Env(name)
                    if valid_env_name(name)
                        && (name.starts_with(ENV_PREFIX) || access.env.iter().any(|a| a == name))
                        && env(name).filter(|v| !v.trim().is_empty()).is_none());
                res.problems.push(RefProblem {
                    path,
                    message,
                    fix,
                    unset_variable,
                });
            }
        }
    }
    res
}

type Problem = (String, String);

/// A reference read: the secret and what may be said about it.
struct Read {
    value: Secret,
    from: String,
    size: usize,
    fingerprint: String,
    warning: Option<String>,
}

/// `sha256:` and the first 12 hex digits of the bytes' SHA-256.
pub fn fingerprint(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("sha256:{}", &hex::encode(digest)[..12])
}

/// What a key that does not parse is, without quoting any of the referenced content (the
/// character found, a PEM label): the reference may point at a file that is not the user's.
fn key_problem(e: &AppleKeyError) -> String {
    match e {
        AppleKeyError::NotBase64 { line, column, .. } => format!(
            "it is not a key: line {line}, column {column} holds a character base64 cannot contain"
        ),
        AppleKeyError::UnsupportedPem { .. } => {
            "it is a PEM block of another kind, not a PKCS#8 \"PRIVATE KEY\"".into()
        }
        e => e.problem(),
    }
}

fn resolve_one(
    r: &SecretRef,
    is_key: bool,
    key_id: Option<&str>,
    base_dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    access: &SecretAccess,
) -> Result<Read, Problem> {
    let (bytes, from, path) = match r {
        SecretRef::File(p) => read_file_ref(r, p, base_dir, access)?,
        SecretRef::Env(name) => read_env_ref(r, name, env, access)?,
    };
    let bytes = p256::elliptic_curve::zeroize::Zeroizing::new(bytes);
    let (size, fingerprint) = (bytes.len(), fingerprint(&bytes));
    if is_key {
        let key = parse_apple_key(&bytes)
            .map_err(|e| (format!("{}: {}", reference(r), key_problem(&e)), e.fix()))?;
        let id_in_name = path.as_deref().and_then(key_id_from_filename);
        let warning = match (id_in_name, key_id) {
            (Some(f), Some(k)) if f != k.trim() => Some(format!(
                "the key file is named for Key ID {f} but KeyId is {}; Apple pairs each key with its own Key ID",
                shown(k)
            )),
            _ => None,
        };
        return Ok(Read {
            value: key.body,
            from,
            size,
            fingerprint,
            warning,
        });
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        (
            format!("{}: it is not UTF-8 text", reference(r)),
            "Name the file that holds the client secret as text.".into(),
        )
    })?;
    let value = non_empty(text.trim(), r)?;
    Ok(Read {
        value,
        from,
        size,
        fingerprint,
        warning: None,
    })
}

/// What a reference read: the bytes, where they came from (for the report) and the file, if any.
type Raw = (Vec<u8>, String, Option<PathBuf>);

/// A `file://` reference: a small regular file inside the input file's folder, or one allowed.
fn read_file_ref(
    r: &SecretRef,
    p: &str,
    base_dir: &Path,
    access: &SecretAccess,
) -> Result<Raw, Problem> {
    if p.trim().is_empty() {
        return Err((
            "the reference file:// names no file".into(),
            "Write the path after file://, e.g. file://AuthKey_ABCDE12345.p8 (relative to this file).".into(),
        ));
    }
    let path = contained_path(p, base_dir, access).map_err(|m| {
        (
            format!("{}: {m}", reference(r)),
            format!(
                "Put the file in the input file's folder (or below it) and name it relative to that folder, or allow this one file with --allow-secret-file {}.",
                shown(p)
            ),
        )
    })?;
    let bytes = read_regular(&path, MAX_SECRET_FILE_BYTES).map_err(|e| {
        (
            format!("{}: {e}", reference(r)),
            "Name the file that holds the secret itself (a regular file of a few bytes).".into(),
        )
    })?;
    let from = format!("file {}", path.display());
    Ok((bytes.to_vec(), from, Some(path)))
}

/// An `env://` reference: only variables named with [`ENV_PREFIX`] (or one allowed by name).
fn read_env_ref(
    r: &SecretRef,
    name: &str,
    env: &dyn Fn(&str) -> Option<String>,
    access: &SecretAccess,
) -> Result<Raw, Problem> {
    if !valid_env_name(name) {
        return Err((
            format!("{} does not name an environment variable", reference(r)),
            "Use env://NAME with NAME made of letters, digits and _ (not starting with a digit)."
                .into(),
        ));
    }
    if !name.starts_with(ENV_PREFIX) && !access.env.iter().any(|a| a == name) {
        return Err((
            format!(
                "{}: only {ENV_PREFIX}* variables are read, and {name} is not one",
                reference(r)
            ),
            format!(
                "Put the secret in a variable named {ENV_PREFIX}… (e.g. {ENV_PREFIX}GOOGLE_CLIENT_SECRET), or allow this one with --allow-secret-env {name}."
            ),
        ));
    }
    let Some(value) = env(name).filter(|v| !v.trim().is_empty()) else {
        return Err((
            format!(
                "{}: the environment variable {name} is not set (or empty)",
                reference(r)
            ),
            format!("Set {name} to the secret before running (e.g. from your CI's secret store)."),
        ));
    };
    Ok((
        value.into_bytes(),
        format!("environment variable {name}"),
        None,
    ))
}

/// The file a `file://` reference may read: relative to `base_dir` and inside it once symlinks
/// are resolved, not under a system folder; or any file the command line allowed by name.
/// Returns the resolved path (the one that is then read, so a symlink cannot be swapped in
/// between).
fn contained_path(p: &str, base_dir: &Path, access: &SecretAccess) -> Result<PathBuf, String> {
    let written = Path::new(p);
    let joined = if written.is_absolute() {
        written.to_path_buf()
    } else {
        base_dir.join(written)
    };
    let real = std::fs::canonicalize(&joined)
        .map_err(|e| format!("cannot find {} ({e})", shown(&joined.display().to_string())))?;
    let allowed = access
        .files
        .iter()
        .any(|a| std::fs::canonicalize(a).is_ok_and(|a| a == real));
    if allowed {
        return Ok(real);
    }
    if written.is_absolute() {
        return Err(
            "an absolute path, and a reference may only name a file inside the input file's folder"
                .into(),
        );
    }
    let base = std::fs::canonicalize(base_dir)
        .map_err(|e| format!("the input file's folder cannot be resolved ({e})"))?;
    if !real.starts_with(&base) {
        let how = if written
            .components()
            .any(|c| c == std::path::Component::ParentDir)
        {
            "its ../ leads"
        } else {
            "a symlink leads"
        };
        return Err(format!(
            "{how} outside the input file's folder (to {}), and a reference may only name a file inside it",
            shown(&real.display().to_string())
        ));
    }
    if let Some(d) = SYSTEM_DIRS.iter().find(|d| real.starts_with(d)) {
        return Err(format!(
            "it is under {d}, which holds process and device state, not secrets"
        ));
    }
    Ok(real)
}

fn reference(r: &SecretRef) -> String {
    format!("the reference {}", shown(&r.to_value()))
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
            "env://AMPLIFY_AUTH_G_SECRET",
            "file://AuthKey_KEYID12345.p8",
        );
        assert!(has_refs(Some(oauth)));
        let env = |n: &str| (n == "AMPLIFY_AUTH_G_SECRET").then(|| "google-secret\n".to_string());
        let r = resolve_secret_refs(Some(oauth), dir.path(), &env, &SecretAccess::default());
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
            "env://AMPLIFY_AUTH_MISSING_VAR",
            "file://not-a-key.p8",
        );
        let r = resolve_secret_refs(Some(oauth), dir.path(), &no_env, &SecretAccess::default());
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
        let r = resolve_secret_refs(Some(oauth), dir.path(), &no_env, &SecretAccess::default());
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

    /// Resolves a config whose Google secret is `google` and whose Apple key is `apple`, from
    /// `base`, with `access`, in an environment holding `AWS_SECRET_ACCESS_KEY` and
    /// `AMPLIFY_AUTH_OK`.
    fn resolve_with(base: &Path, google: &str, apple: &str, access: &SecretAccess) -> Resolution {
        let mut cfg = maximal_config("k");
        let oauth = cfg.user_pool.oauth.as_mut().unwrap();
        set(oauth.social_providers.as_mut().unwrap(), google, apple);
        let env = |n: &str| match n {
            "AWS_SECRET_ACCESS_KEY" => Some("wJalrXUtnFEMI-the-aws-secret".to_string()),
            "AMPLIFY_AUTH_OK" => Some("GOCSPX-from-env".to_string()),
            _ => None,
        };
        resolve_secret_refs(Some(oauth), base, &env, access)
    }

    fn google_problem(r: &Resolution) -> String {
        let p = r
            .problems
            .iter()
            .find(|p| p.path.ends_with("Google.ClientSecret"))
            .unwrap_or_else(|| panic!("no problem for Google: {r:?}"));
        format!("{} {}", p.message, p.fix)
    }

    #[test]
    fn references_cannot_leave_the_input_folder_unless_allowed_by_name() {
        let root = tempfile::tempdir().unwrap();
        let inside = root.path().join("repo");
        std::fs::create_dir_all(inside.join("secrets")).unwrap();
        std::fs::write(inside.join("secrets/google.txt"), "GOCSPX-inside\n").unwrap();
        let outside = root.path().join("outside.txt");
        std::fs::write(&outside, "the-outside-secret-value").unwrap();
        std::os::unix::fs::symlink(&outside, inside.join("link.txt")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", inside.join("environ")).unwrap();
        let (_, key) = generate_key();
        let none = SecretAccess::default();

        // Inside the folder: read, and reported by name, size and fingerprint.
        let r = resolve_with(&inside, "file://secrets/google.txt", &key, &none);
        assert!(r.problems.is_empty(), "{r:?}");
        let read = &r.resolved[0];
        assert_eq!(read.reference, "file://secrets/google.txt");
        assert_eq!(read.size, "GOCSPX-inside\n".len());
        assert_eq!(read.fingerprint, fingerprint(b"GOCSPX-inside\n"));
        assert!(read.fingerprint.starts_with("sha256:") && read.fingerprint.len() == 19);
        assert!(!read.summary().contains("GOCSPX"), "{}", read.summary());

        let abs = format!("file://{}", outside.display());
        for (reference, why) in [
            (abs.as_str(), "an absolute path"),
            ("file://../outside.txt", "its ../ leads outside"),
            ("file://link.txt", "a symlink leads outside"),
            ("file://environ", "a symlink leads outside"),
            ("file:///proc/self/environ", "an absolute path"),
            ("file:///dev/zero", "an absolute path"),
        ] {
            let r = resolve_with(&inside, reference, &key, &none);
            let text = google_problem(&r);
            assert!(text.contains(why), "{reference}: {text}");
            assert!(text.contains("--allow-secret-file"), "{text}");
            assert!(!text.contains("the-outside-secret-value"), "{text}");
            assert!(r.resolved.is_empty() || r.resolved[0].path.contains("Apple"));
        }

        // Named on the command line: that one file is read, wherever it is.
        let allow = SecretAccess {
            files: vec![outside.clone()],
            env: vec![],
        };
        for reference in [abs.as_str(), "file://../outside.txt", "file://link.txt"] {
            let r = resolve_with(&inside, reference, &key, &allow);
            assert!(r.problems.is_empty(), "{reference}: {r:?}");
        }
        // Allowing one file allows no other.
        let r = resolve_with(&inside, "file://environ", &key, &allow);
        assert!(google_problem(&r).contains("symlink"), "{r:?}");
    }

    #[test]
    fn system_folders_fifos_devices_and_big_files_are_refused_before_reading() {
        // An input file at the root: `proc/…` is inside its folder, and still refused.
        let r = resolve_with(
            Path::new("/"),
            "file://proc/self/environ",
            "file://dev/zero",
            &SecretAccess::default(),
        );
        assert!(google_problem(&r).contains("under /proc"), "{r:?}");
        assert!(
            r.problems[1].message.contains("under /dev"),
            "{:?}",
            r.problems
        );

        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        std::fs::write(dir.path().join("big"), vec![b'a'; 64 * 1024 + 1]).unwrap();
        // Even allowed by name, a device is not read.
        let allow = SecretAccess {
            files: vec!["/dev/zero".into()],
            env: vec![],
        };
        let r = resolve_with(dir.path(), "file://pipe", "file:///dev/zero", &allow);
        assert!(google_problem(&r).contains("named pipe"), "{r:?}");
        assert!(r.problems[1].message.contains("character device"), "{r:?}");
        let r = resolve_with(dir.path(), "file://big", "file://pipe", &allow);
        assert!(google_problem(&r).contains("65537 bytes"), "{r:?}");
    }

    #[test]
    fn env_references_read_only_prefixed_variables_unless_allowed_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let (_, key) = generate_key();
        let r = resolve_with(
            dir.path(),
            "env://AWS_SECRET_ACCESS_KEY",
            &key,
            &SecretAccess::default(),
        );
        let text = google_problem(&r);
        assert!(text.contains("only AMPLIFY_AUTH_* variables"), "{text}");
        assert!(
            text.contains("--allow-secret-env AWS_SECRET_ACCESS_KEY"),
            "{text}"
        );
        assert!(!text.contains("wJalr"), "{text}");
        let r = resolve_with(
            dir.path(),
            "env://AMPLIFY_AUTH_OK",
            &key,
            &SecretAccess::default(),
        );
        assert!(r.problems.is_empty(), "{r:?}");
        assert_eq!(r.resolved[0].from, "environment variable AMPLIFY_AUTH_OK");
        let allow = SecretAccess {
            files: vec![],
            env: vec!["AWS_SECRET_ACCESS_KEY".into()],
        };
        let r = resolve_with(dir.path(), "env://AWS_SECRET_ACCESS_KEY", &key, &allow);
        assert!(r.problems.is_empty(), "{r:?}");
    }

    #[test]
    fn a_file_that_is_not_a_key_is_never_quoted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("k.p8"), "SECRET=hunter2:xyz\n").unwrap();
        std::fs::write(
            dir.path().join("pem.p8"),
            "-----BEGIN TOP SECRET LABEL-----\nAAAA\n-----END TOP SECRET LABEL-----\n",
        )
        .unwrap();
        for (file, word) in [("file://k.p8", "hunter2"), ("file://pem.p8", "TOP SECRET")] {
            let r = resolve_with(dir.path(), "x", file, &SecretAccess::default());
            let p = &r.problems[0];
            assert!(p.path.ends_with("PrivateKey"), "{r:?}");
            let text = format!("{} {}", p.message, p.fix);
            assert!(!text.contains(word) && !text.contains("'='"), "{text}");
        }
    }
}
