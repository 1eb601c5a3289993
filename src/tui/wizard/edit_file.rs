//! `amplify-auth edit --input FILE`: the wizard on a config file, the same file headless
//! `create --input` / `validate --input` take, so the interactive and the scripted way share one
//! artefact.
//!
//! - Loading parses the file as headless input does (`config_file::read::parse`); secret references
//!   (`file://`, `env://`) are resolved for the wizard only, so it validates the real key.
//! - Ctrl-S writes the file back: the wrapper members, then `ResourceConfig` in the config's own
//!   member order (stable from save to save). A secret whose reference resolved and was not
//!   changed is written back as that reference; a secret typed in the wizard is never written
//!   into the file: its member gets an `env://` reference (the names `get --secrets-as-refs`
//!   uses) and the wizard says which variable to set. Ctrl-N / F2 go to the next step, as in the
//!   wizard, and on the review they submit (Ctrl-S, which submits there elsewhere, saves here).
//! - No draft is kept beside the file: the file is the draft.
//! - The file names its target. When the service already holds that resource, the wizard is an
//!   edit of it ([`open_checked`]): judged and diffed against what is deployed, opened on the
//!   review, and submitted as an update built by `plan_update` like every other edit. Otherwise
//!   it is a create.
//! - A YAML file is written back as YAML (members in the same order), a JSON file as JSON.
//!   Comments cannot survive the rewrite (the file is rebuilt from the config): the wizard says so
//!   on opening, before anything is saved.
//! - Submitting saves the file first: what reached the service is what the file says, so the
//!   interactive and the scripted way keep sharing one artefact.
//!
//! This file holds the file's data and text and takes no `App`; the effects of Ctrl-S and of a
//! submit's save are in `edit_file_save`, so the model can hold an `EditFile`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config_file::read::{ConfigInput, parse, read_source};
use crate::config_file::yaml_read::is_yaml;
use crate::config_file::yaml_write::yaml;
use crate::domain::diff::keep_list_order;
use crate::domain::finding::Severity;
use crate::domain::secret_ref::{
    SecretAccess, SecretRef, default_env_var, resolve_secret_refs, secret_members,
};
use crate::domain::update::{apply_update, update_request};
use crate::domain::{AuthConfig, Secret};
use crate::tui::keys;
use crate::tui::wizard::fields::FieldId;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::keys::{FILE_KEYS, FileKey};
use crate::tui::wizard::mode::Mode;
use crate::tui::wizard::state::Wizard;

/// The file behind a file-backed wizard.
#[derive(Clone, Debug, PartialEq)]
pub struct EditFile {
    pub path: PathBuf,
    /// The references the file had, by member path (below `ResourceConfig`).
    pub refs: BTreeMap<String, String>,
    /// What each of them resolved to when the file was opened (unresolved ones are absent), to
    /// tell an untouched secret from a changed one. Never written anywhere.
    resolved: BTreeMap<String, Secret>,
    /// Secrets the file held as plain values: written back only while unchanged (they were in
    /// the file already); a changed one becomes a reference like any typed secret.
    plain: BTreeMap<String, Secret>,
    /// Said once the wizard is open: references that did not resolve (their fields start empty).
    pub notes: Vec<String>,
    /// The file is YAML: it is written back as YAML.
    pub yaml: bool,
    /// Comment lines in a YAML file, which a save does not keep (said on opening).
    pub comment_lines: usize,
    /// The service already holds the file's resource: submitting updates it.
    pub exists: bool,
    /// The file is an update request (the `update --input` shape): it is written back in that
    /// shape, as the whole mutable state (what `update --input` sends anyway).
    pub update_shaped: bool,
    /// The file's `ResourceConfig` as loaded: a save writes the lists that are sets (MfaTypes,
    /// AdditionalConstraints, …) in the order the file had them, not in the wizard's order, so an
    /// unchanged list is no change in git.
    original: Value,
}

/// A file read and parsed, before a wizard is built on it.
struct Loaded {
    path: PathBuf,
    /// What the command line allowed secret references to read (`--allow-secret-file`, …).
    access: SecretAccess,
    yaml: bool,
    comment_lines: usize,
    app_id: String,
    env: String,
    resource: String,
    config: ConfigInput,
}

fn load(path: &Path, access: &SecretAccess) -> Result<Loaded, String> {
    let name = path.to_string_lossy().into_owned();
    let source = read_source(&name, &mut std::io::empty()).map_err(|f| f.message)?;
    // The text as read (YAML is turned into JSON only by `parse`).
    let yaml = is_yaml(&name, &source.text);
    let comment_lines = if yaml {
        yaml_comment_lines(&source.text)
    } else {
        0
    };
    let doc = parse(source).map_err(|f| f.message)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Ok(Loaded {
        path: path.to_path_buf(),
        access: access.clone(),
        yaml,
        comment_lines,
        app_id: text(&doc.app_id),
        env: text(&doc.env),
        resource: text(&doc.resource_name),
        config: doc.config,
    })
}

/// Lines of a YAML text that hold a comment, whole-line or after a value (`MinimumLength: 8  #
/// policy`), which a save cannot keep. A `#` counts when it starts the line or follows a space
/// or tab outside quotes, as YAML reads it; one inside a quoted value or a URL (`…/#frag`) does
/// not.
fn yaml_comment_lines(text: &str) -> usize {
    text.lines()
        .filter(|line| {
            let mut quote: Option<char> = None;
            let mut prev = ' ';
            for c in line.chars() {
                match (quote, c) {
                    (None, '#') if prev == ' ' || prev == '\t' => return true,
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), _) if c == q => quote = None,
                    _ => {}
                }
                prev = c;
            }
            false
        })
        .count()
}

/// Opens `path` in a create wizard. Errors are sentences naming the file (and member).
pub fn open(path: &Path, region: &str) -> Result<(Wizard, EditFile), String> {
    let loaded = load(path, &SecretAccess::default())?;
    let ConfigInput::Full(config) = loaded.config.clone() else {
        return Err(format!(
            "{}: this is an update request (UserPoolConfigs without UserPoolName, SignInMethod and RequiredSignUpAttributes); it can only be opened on a resource that exists, read from the service",
            path.display()
        ));
    };
    Ok(build(&loaded, config, region))
}

/// The create wizard on `config` (the file's, or an update-shaped file applied to what is
/// deployed), its secret references resolved for the wizard only.
fn build(loaded: &Loaded, config: AuthConfig, region: &str) -> (Wizard, EditFile) {
    let path = loaded.path.as_path();
    let mut refs = BTreeMap::new();
    let mut plain = BTreeMap::new();
    let mut wizard_cfg = config.clone();
    if let Some(sp) = wizard_cfg
        .user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
    {
        for (p, slot, _, _) in secret_members(sp) {
            let Some(s) = slot.as_ref() else { continue };
            match SecretRef::parse(s.expose()) {
                Some(r) => {
                    refs.insert(p, r.to_value());
                }
                None if !s.is_empty() => {
                    plain.insert(p, s.clone());
                }
                None => {}
            }
        }
    }
    let base = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let env = |n: &str| std::env::var(n).ok();
    let res = resolve_secret_refs(
        wizard_cfg.user_pool.oauth.as_mut(),
        &base,
        &env,
        &loaded.access,
    );
    // The provider and member (`Google.ClientSecret`): the footer has one line for the note.
    let notes = res
        .problems
        .iter()
        .map(|p| {
            let parts: Vec<&str> = p.path.rsplitn(3, '.').collect();
            match parts.as_slice() {
                [member, provider, _] => format!("{provider}.{member}"),
                _ => p.path.clone(),
            }
        })
        .collect();
    let mut resolved = BTreeMap::new();
    if let Some(sp) = wizard_cfg
        .user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
    {
        for (p, slot, _, _) in secret_members(sp) {
            if let (true, Some(s)) = (refs.contains_key(&p), slot.as_ref()) {
                resolved.insert(p, s.clone());
            }
        }
    }
    let mut w = Wizard::from_config(Mode::Create, &wizard_cfg, region);
    w.set_text(FieldId::AppId, &loaded.app_id);
    w.set_text(FieldId::EnvName, &loaded.env);
    w.set_text(FieldId::ResourceName, &loaded.resource);
    w.secret_reads = res.resolved.iter().map(|r| r.summary()).collect();
    w.file_backed = true;
    w.dirty = false;
    w.refresh();
    let file = EditFile {
        path: path.to_path_buf(),
        refs,
        resolved,
        plain,
        notes,
        yaml: loaded.yaml,
        comment_lines: loaded.comment_lines,
        exists: false,
        update_shaped: matches!(loaded.config, ConfigInput::Update(_)),
        original: match &loaded.config {
            ConfigInput::Full(c) => serde_json::to_value(c),
            ConfigInput::Update(u) => serde_json::to_value(u),
        }
        .unwrap_or(Value::Null),
    };
    w.flash = Some(file.opened_note());
    (w, file)
}

/// Opens `path` like [`open`], then asks the service whether the resource the file names
/// exists: if it does, the wizard edits it ([`against_deployed`]). A read that fails for another
/// reason than "not found" stops here (exit code and sentence), rather than guess a create that
/// the service would refuse or, worse, an update judged against nothing.
pub async fn open_checked(
    clients: &crate::aws::Clients,
    path: &Path,
    region: &str,
) -> Result<(Wizard, EditFile), (String, i32)> {
    open_checked_with(clients, path, region, &SecretAccess::default()).await
}

/// [`open_checked`] with what the command line allowed secret references to read.
pub async fn open_checked_with(
    clients: &crate::aws::Clients,
    path: &Path,
    region: &str,
    access: &SecretAccess,
) -> Result<(Wizard, EditFile), (String, i32)> {
    use crate::exit_code;
    let loaded = load(path, access).map_err(|e| (e, exit_code::INVALID_INPUT))?;
    let (app, env, resource) = (&loaded.app_id, &loaded.env, &loaded.resource);
    let lookup = if app.is_empty() || env.is_empty() || resource.is_empty() {
        // Nothing to look up: the wizard's target step asks for what is missing.
        None
    } else {
        match clients.get_auth(app, env, resource).await {
            Ok(current) => Some(current),
            Err(e) if e.is_not_found() => None,
            Err(e) => {
                return Err((
                    format!(
                        "{}: could not tell whether {resource} exists in {env} of app {app}: {e}",
                        path.display()
                    ),
                    exit_code::SERVICE,
                ));
            }
        }
    };
    let config = match (&loaded.config, &lookup) {
        (ConfigInput::Full(c), _) => c.clone(),
        // An update request says what changes in what is deployed (the headless rule,
        // `domain::update::apply_update`, as `update --input` reads it).
        (ConfigInput::Update(u), Some(current)) => apply_update(current, u),
        (ConfigInput::Update(_), None) => {
            return Err((
                format!(
                    "{}: this is an update request, and {} does not exist to apply it to; a create needs the whole config, as `get` writes it",
                    path.display(),
                    if resource.is_empty() {
                        "the resource it names"
                    } else {
                        resource
                    }
                ),
                exit_code::INVALID_INPUT,
            ));
        }
    };
    let (mut w, mut file) = build(&loaded, config, region);
    if let Some(current) = lookup {
        against_deployed(&mut w, &mut file, current);
    }
    Ok((w, file))
}

/// The file's wizard becomes an edit of `current`, the config the service holds for the file's
/// resource: findings and the review's diff are against it, members fixed at creation that the
/// file changes are refused by name (with the way out), and it opens on the review, so the first
/// thing shown is what applying the file would change.
pub fn against_deployed(w: &mut Wizard, file: &mut EditFile, current: AuthConfig) {
    w.mode = Mode::Edit {
        original: Box::new(current),
    };
    w.goto(crate::tui::wizard::steps::Step::Review);
    w.visited = w.steps().into_iter().collect();
    w.refresh();
    file.exists = true;
    w.flash = Some(file.opened_note());
}

/// Back from a job that applied the file and was confirmed by reading it back: the wizard now
/// edits what the service holds (so it shows no changes and a second submit is refused as
/// "unchanged" rather than sent again), and a created resource now exists.
pub fn applied(w: &mut Wizard, file: &mut EditFile, deployed: AuthConfig) {
    against_deployed(w, file, deployed);
    let env = w.target().env;
    w.flash = Some(if w.dirty {
        format!(
            "Applied and confirmed in {env}, but the file is not saved: {} saves it.",
            keys::hint(FILE_KEYS, FileKey::Save)
        )
    } else {
        format!(
            "Applied and confirmed: {env} holds what {} says.",
            file.path.display()
        )
    });
}

impl EditFile {
    /// Said on opening, in one footer line: what submitting does, and what the file loses or
    /// lacks (short member names: the review lists the full paths).
    fn opened_note(&self) -> String {
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut note = if self.exists {
            format!("Editing {name}: its resource exists, submit updates it.")
        } else {
            format!(
                "Editing {name}: {} saves it, {} steps on and submits.",
                keys::hint(FILE_KEYS, FileKey::Save),
                keys::hint(FILE_KEYS, FileKey::Next)
            )
        };
        if !self.notes.is_empty() {
            note.push_str(&format!(
                " Unresolved, left empty: {}.",
                self.notes.join(", ")
            ));
        }
        if self.comment_lines > 0 {
            note.push_str(&format!(
                " Saving drops its {} comment line(s).",
                self.comment_lines
            ));
        }
        note
    }

    /// The file's new text for the wizard's config, and what to tell the user about secrets
    /// that went into it as new references. `Err` when the wizard cannot build a config yet.
    pub fn render(&self, w: &Wizard) -> Result<(String, Vec<String>), String> {
        // Only what the file cannot hold stops a save (a length typed as `x` would be lost:
        // the fields' own findings). Everything else is the user's work in progress and is
        // kept: a rule the config breaks, or a member fixed at creation that differs from the
        // deployed one, blocks the submit, not the save (the review lists them).
        // An invalid secret whose reference did not resolve is no reason either: the file keeps
        // the reference, which is what it means.
        let (cfg, findings) = w.build_config();
        let errors: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| !self.refs.contains_key(&f.path) || self.resolved.contains_key(&f.path))
            .map(|f| f.path.clone())
            .collect();
        let (Some(mut cfg), true) = (cfg, errors.is_empty()) else {
            return Err(format!(
                "Not saved: the file cannot hold what {} say(s) (the review lists why); the file is unchanged.",
                errors.join(", ")
            ));
        };
        let notes = self.secrets_to_refs(&mut cfg);
        // The members in the order `get` writes them, so its file comes back unchanged; an
        // update-shaped file stays one, carrying the whole mutable state.
        let mut cfg = if self.update_shaped {
            serde_json::to_value(update_request(&cfg))
        } else {
            serde_json::to_value(&cfg)
        }
        .map_err(|e| format!("Not saved: {e}"))?;
        keep_list_order(&mut cfg, &self.original);
        let mut doc = Map::new();
        doc.insert("AppId".into(), Value::String(w.trimmed(FieldId::AppId)));
        doc.insert(
            "BackendEnvironmentName".into(),
            Value::String(w.trimmed(FieldId::EnvName)),
        );
        doc.insert("ResourceConfig".into(), cfg);
        doc.insert(
            "ResourceName".into(),
            Value::String(w.trimmed(FieldId::ResourceName)),
        );
        let doc = Value::Object(doc);
        if self.yaml {
            return Ok((yaml(&doc), notes));
        }
        let mut text = serde_json::to_string_pretty(&doc).map_err(|e| format!("Not saved: {e}"))?;
        text.push('\n');
        Ok((text, notes))
    }

    /// Puts references in every secret member: the file's own where the secret is unchanged,
    /// an `env://` one where a secret was typed. No secret value stays in `cfg`.
    fn secrets_to_refs(&self, cfg: &mut AuthConfig) -> Vec<String> {
        let mut notes = Vec::new();
        let Some(sp) = cfg
            .user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut())
        else {
            return notes;
        };
        for (p, slot, _, _) in secret_members(sp) {
            let typed = slot.as_ref().filter(|s| !s.is_empty());
            let original = self.refs.get(&p);
            let unchanged = typed.is_none() || typed == self.resolved.get(&p);
            *slot = match (original, unchanged) {
                (Some(r), true) => Some(Secret::new(r.clone())),
                _ if typed.is_none() => None,
                _ if typed == self.plain.get(&p) => typed.cloned(),
                _ => {
                    let var = default_env_var(&p).unwrap_or("AMPLIFY_AUTH_SECRET");
                    notes.push(format!(
                        "{p} is env://{var} in the file: set {var} to apply it"
                    ));
                    Some(Secret::new(SecretRef::Env(var.into()).to_value()))
                }
            };
        }
        notes
    }
}

/// The runner wrote (or could not write) the file.
pub fn saved(w: &mut Wizard, path: &Path, outcome: crate::tui::msg::WriteOutcome) {
    let note = w.flash.take();
    w.flash = Some(match outcome {
        crate::tui::msg::WriteOutcome::Written => {
            w.dirty = false;
            match note {
                Some(n) => format!("Saved {}. {n}", path.display()),
                None => format!("Saved {} (secret references kept).", path.display()),
            }
        }
        other => format!("Not saved: {}: {other:?}", path.display()),
    });
}

#[cfg(test)]
mod tests {
    use super::yaml_comment_lines;

    #[test]
    fn comments_whole_line_and_after_a_value_count_quoted_and_url_hashes_do_not() {
        let text = "# top\nA: 1\nB: 2  # why two\nC: \"x # not a comment\"\nD: https://e.example/#frag\n  # indented\nE: 'it''s # quoted'\n";
        assert_eq!(yaml_comment_lines(text), 3);
        assert_eq!(yaml_comment_lines("A: 1\nB: [1, 2]\n"), 0);
    }
}
