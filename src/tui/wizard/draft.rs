//! Drafts: the wizard's input, saved as the user goes so that a crash, a kill, a closed terminal
//! or a failed submit loses nothing, and offered for resuming at the next start.
//!
//! Pure: this module builds drafts from the model, applies them back, and decides when to save,
//! resume or delete; it returns `Effect`s and never touches the disk (`draft_store` does that).
//!
//! Secrets never go into a draft. Client secrets and the Apple private key are left out, and the
//! draft records only *which* of them held a value, so resuming can say what to type again. (The
//! issue allows secrets in a 0600 file; leaving them out is simpler to trust and to test.)

use std::collections::BTreeMap;

use crate::domain::AuthConfig;

use crate::tui::app::{App, Context, Popup, Screen};

use crate::tui::msg::{Effect, Load};
use crate::tui::screens::config_view::ConfigView;
use crate::tui::screens::environment::EnvView;
use crate::tui::screens::environments::EnvsView;
use crate::tui::widgets::{Field, LineInput, TextBox};
use crate::tui::wizard::fields::FieldId;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::mode::Mode;
use crate::tui::wizard::state::Wizard;
use crate::tui::wizard::steps::Step;

use crate::tui::wizard::draft_file::*;

/// A field's stable name in the file.
pub fn name(id: FieldId) -> String {
    format!("{id:?}")
}

impl Draft {
    /// The app, environment and resource the draft is about. (Here, not in `draft_file`, so
    /// the draft's data stays a leaf that the message types can import.)
    pub fn target(&self) -> crate::tui::msg::Target {
        crate::tui::msg::Target::new(&self.app_id, &self.env, &self.resource)
    }

    /// The draft of a wizard as it is now; `saved_at` is left at 0 for the caller to stamp.
    pub fn of(w: &Wizard, ctx: &Context) -> Draft {
        let mut fields = BTreeMap::new();
        let mut secrets_left_out = Vec::new();
        for (id, f) in &w.fields {
            let v = match f {
                Field::Secret { .. } | Field::Key { .. } => {
                    if secret_needs_typing(w, *id) {
                        secrets_left_out.push(name(*id));
                    }
                    continue;
                }
                Field::Text(i) | Field::Combo { input: i, .. } => Value::Text(i.value().into()),
                Field::Toggle(b) => Value::Flag(*b),
                Field::Choice { .. } => Value::Text(f.value()),
                Field::Multi { .. } => Value::List(f.selected_options()),
                Field::Lines(t) => Value::List(t.area.lines().to_vec()),
            };
            fields.insert(name(*id), v);
        }
        Draft {
            format: FORMAT.into(),
            version: VERSION,
            id: w.draft_id.clone(),
            mode: match w.mode {
                Mode::Create => DraftMode::Create,
                Mode::Edit { .. } => DraftMode::Edit,
                Mode::Recreate { .. } => DraftMode::Recreate,
            },
            app_id: w.trimmed(FieldId::AppId),
            env: w.trimmed(FieldId::EnvName),
            resource: w.trimmed(FieldId::ResourceName),
            target: ctx.target.clone(),
            region: ctx.region.clone(),
            step: format!("{:?}", w.step),
            saved_at: 0,
            fields,
            key_file_id: w.key_file_id.clone(),
            secrets_left_out,
            submitted: None,
        }
    }

    /// "Create auth resource myauth in d123/dev", for the offer.
    pub fn describe(&self) -> String {
        let what = match self.mode {
            DraftMode::Create => "Create auth resource",
            DraftMode::Edit => "Edit auth resource",
            DraftMode::Recreate => "Delete and recreate auth resource",
        };
        let clean = crate::aws::sanitize_text;
        format!(
            "{what} {} in {}/{}",
            clean(&self.resource),
            clean(&self.app_id),
            clean(&self.env)
        )
    }
}

/// Whether a secret field holds something the user would lose: any value when creating; a value
/// that differs from the service's when editing (the service's own comes back on resume).
fn secret_needs_typing(w: &Wizard, id: FieldId) -> bool {
    let now = w.text(id);
    match &w.mode {
        Mode::Create => !now.trim().is_empty(),
        Mode::Edit { original } | Mode::Recreate { original } => {
            now.trim() != original_secret(original, id).trim()
        }
    }
}

/// The service's value of a secret field: what the field's own declaration reads from the config.
fn original_secret(cfg: &AuthConfig, id: FieldId) -> String {
    (id.def().read)(cfg).value()
}

/// How a left-out secret is called when asking for it again (its declaration says).
fn secret_label(id: FieldId) -> String {
    let d = id.def();
    d.secret.unwrap_or(d.label).trim().to_string()
}

/// The left-out secrets of a draft, named for people.
pub fn secrets_to_retype(d: &Draft, w: &Wizard) -> Vec<String> {
    w.fields
        .keys()
        .filter(|id| d.secrets_left_out.contains(&name(**id)))
        .map(|id| secret_label(*id))
        .collect()
}

/// Puts a draft's values into a wizard. Values go through the same bounded, control-character
/// dropping inputs as typing, so a damaged or hostile draft cannot smuggle anything in.
pub fn apply(w: &mut Wizard, d: &Draft) {
    let ids: Vec<FieldId> = w.fields.keys().copied().collect();
    for id in ids {
        if w.is_read_only(id) {
            continue;
        }
        let Some(v) = d.fields.get(&name(id)) else {
            continue;
        };
        match (w.field_mut(id), v) {
            (Field::Text(i) | Field::Combo { input: i, .. }, Value::Text(s)) => {
                let mut fresh = LineInput::default();
                fresh.insert_str(s);
                *i = fresh;
            }
            (Field::Toggle(b), Value::Flag(f)) => *b = *f,
            (Field::Choice { options, selected }, Value::Text(s)) => {
                if let Some(p) = options.iter().position(|o| o == s) {
                    *selected = p;
                }
            }
            (
                Field::Multi {
                    options, selected, ..
                },
                Value::List(l),
            ) => {
                for (o, s) in options.iter().zip(selected.iter_mut()) {
                    *s = l.contains(o);
                }
            }
            (Field::Lines(t), Value::List(l)) => {
                let mut fresh = TextBox::from_lines(vec![]);
                fresh.paste(&l.join("\n"));
                *t = fresh;
            }
            // A value of the wrong kind (a damaged draft) leaves the field as it was.
            _ => {}
        }
    }
    w.key_file_id = d
        .key_file_id
        .as_ref()
        .map(|k| crate::aws::sanitize_text(k))
        .filter(|k| !k.is_empty());
    w.refresh();
    if let Some(step) = Step::ALL.into_iter().find(|s| format!("{s:?}") == d.step)
        && w.steps().contains(&step)
    {
        w.step = step;
        w.focus = 0;
    }
    w.dirty = true;
    // Saved again at the next update, under the wizard's own context.
    w.draft_saved = None;
}

/// The save effect for the current wizard, when it has unsaved input the last draft lacks.
pub fn autosave(app: &mut App) -> Option<Effect> {
    let dir = app.draft_dir.clone()?;
    let wall = app.wall_now;
    let Screen::Wizard(w) = &mut app.screen else {
        return None;
    };
    if !w.dirty {
        return None;
    }
    let draft = Draft::of(w, &app.ctx);
    if w.draft_saved.as_deref() == Some(&draft) {
        return None;
    }
    w.draft_saved = Some(Box::new(draft.clone()));
    let saved_at = wall
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    Some(Effect::SaveDraft {
        dir,
        draft: Box::new(Draft { saved_at, ..draft }),
    })
}

/// Marks the wizard's draft with each auth submit among `fx` before it is sent: the submit is
/// wrapped in [`Effect::SubmitAfterDraft`], so the draft on disk names the operation, target and
/// time before the request leaves (issue 24: a kill -9 after sending must leave that trace).
pub fn mark_submits(app: &mut App, fx: &mut [Effect]) {
    let Some(dir) = app.draft_dir.clone() else {
        return;
    };
    for e in fx.iter_mut() {
        let Effect::Submit {
            target, request, ..
        } = &*e
        else {
            continue;
        };
        let Some(w) = app.back.iter().rev().find_map(|s| match s {
            Screen::Wizard(w) => Some(w),
            _ => None,
        }) else {
            continue;
        };
        let mut d = Draft::of(w, &app.ctx);
        let op = request.operation();
        let matches = matches!(
            (d.mode, op),
            (DraftMode::Create | DraftMode::Recreate, "CreateBackendAuth")
                | (DraftMode::Edit, "UpdateBackendAuth")
        );
        if !matches {
            continue;
        }
        let now = app
            .wall_now
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        d.saved_at = now;
        d.submitted = Some(SubmittedAs {
            operation: op.to_string(),
            app_id: target.app_id.clone(),
            env: target.env.clone(),
            resource: target.resource.clone(),
            target: app.ctx.target.clone(),
            sent_at: now,
            job_id: None,
        });
        let draft = Box::new(d);
        app.draft_in_flight = Some((dir.clone(), draft.clone()));
        let submit = std::mem::replace(e, Effect::Quit);
        *e = Effect::SubmitAfterDraft {
            dir: dir.clone(),
            draft,
            submit: Box::new(submit),
        };
    }
}

/// The service named the job of the submit in flight: its draft is saved again with the job id.
pub fn job_named(app: &mut App, job_id: Option<String>) -> Option<Effect> {
    let (dir, mut draft) = app.draft_in_flight.take()?;
    let s = draft.submitted.as_mut()?;
    s.job_id = Some(job_id?);
    Some(Effect::SaveDraft { dir, draft })
}

/// The delete effect for a wizard's draft (after its job completed, or the user discarded it).
pub fn delete(app: &App, w: &Wizard) -> Option<Effect> {
    Some(Effect::DeleteDraft {
        dir: app.draft_dir.clone()?,
        id: w.draft_id.clone(),
    })
}

/// Offers what the draft directory held: the newest first, one popup at a time.
pub fn offer(app: &mut App, found: Vec<Found>) {
    queue(app, found);
    offer_next(app);
}

/// Keeps the drafts found for later (oldest offered last), offering none yet: the setup screen
/// offers them once a connection works.
pub fn queue(app: &mut App, mut found: Vec<Found>) {
    found.sort_by_key(|f| match f {
        Found::Draft { draft, .. } => std::cmp::Reverse(draft.saved_at),
        // Unreadable files and applied drafts come first: the user should hear about them.
        Found::Unreadable { .. } | Found::Applied { .. } => std::cmp::Reverse(u64::MAX),
    });
    found.reverse();
    app.drafts_waiting = found;
}

/// Once the setup screen has connected: the waiting drafts are offered, or, when some were
/// submitted (a kill during a submit left them), first checked against their jobs with the new
/// connection; they are offered when the check answers ([`offer_checked`]).
pub fn check_waiting(app: &mut App) -> Vec<Effect> {
    let submitted = app
        .drafts_waiting
        .iter()
        .any(|f| matches!(f, Found::Draft { draft, .. } if draft.submitted.is_some()));
    match (&app.draft_dir, submitted) {
        (Some(dir), true) => vec![Effect::CheckDrafts {
            dir: dir.clone(),
            found: std::mem::take(&mut app.drafts_waiting),
        }],
        _ => {
            offer_next(app);
            vec![]
        }
    }
}

/// The drafts back from their check: offered, unless a popup is open (they wait behind it, and
/// follow the next draft popup closed).
pub fn offer_checked(app: &mut App, found: Vec<Found>) {
    queue(app, found);
    if app.popup.is_none() {
        offer_next(app);
    }
}

/// Shows the next waiting draft, if any.
pub(crate) fn offer_next(app: &mut App) {
    let more = app.drafts_waiting.len().saturating_sub(1);
    app.popup = match app.drafts_waiting.pop() {
        Some(Found::Draft { id, draft, note }) => Some(Popup::ResumeDraft {
            id,
            draft,
            more,
            note,
        }),
        Some(Found::Applied { line, .. }) => Some(Popup::DraftApplied { line }),
        Some(Found::Unreadable { id, path, reason }) => Some(Popup::BadDraft { id, path, reason }),
        None => None,
    };
}

/// Opens the wizard again from a draft. A create opens at once; an edit first re-reads the
/// resource's config (it holds the secrets the draft left out), then opens on top of it.
pub fn resume(app: &mut App, d: Draft, id: String) -> Vec<Effect> {
    match d.mode {
        DraftMode::Create => {
            let mut w = Wizard::new_create(&d.app_id, &d.env, "", &app.ctx.region, "draft");
            w.draft_id = file_id(&id);
            apply(&mut w, &d);
            w.flash = Some(resumed_note(&d, &w));
            app.push(Screen::Wizard(Box::new(w)));
            crate::tui::wizard::pickers::fill_pickers(app);
            let mut fx = vec![];
            if matches!(app.apps, Load::NotAsked | Load::Failed(_)) {
                app.apps = Load::Loading;
                fx.push(Effect::LoadApps);
            }
            let app_id = d.app_id.trim().to_string();
            if !app_id.is_empty() && !app.envs.contains_key(&app_id) {
                app.envs.insert(app_id.clone(), Load::Loading);
                fx.push(Effect::LoadEnvs { app_id });
            }
            fx
        }
        DraftMode::Edit | DraftMode::Recreate => {
            // Open the way there, so Esc walks back up as if the user had gone in by hand.
            app.push(Screen::Envs(EnvsView {
                app_id: d.app_id.clone(),
                generation: 0,
                backend: Load::Loading,
                list: Default::default(),
            }));
            app.push(Screen::Env(EnvView::new(&d.app_id, &d.env, 0)));
            app.push(Screen::Config(Box::new(ConfigView::new(
                &d.app_id,
                &d.env,
                &d.resource,
                None,
                0,
            ))));
            app.resume_pending = Some((Box::new(d), id));
            crate::tui::browse::load(app)
        }
    }
}

/// After a config was read: if it is the one a resumed edit waits for, open the wizard on it.
pub fn after_auth_loaded(app: &mut App) {
    let Screen::Config(v) = &app.screen else {
        return;
    };
    let Some((d, _)) = &app.resume_pending else {
        return;
    };
    if v.target() != d.target() {
        return;
    }
    let Load::Loaded(cfg) = &v.config else {
        return;
    };
    let cfg = cfg.clone();
    let Some((d, id)) = app.resume_pending.take() else {
        return;
    };
    let region = app.ctx.region.clone();
    let mut w = match d.mode {
        DraftMode::Recreate => Wizard::new_recreate(&d.app_id, &d.env, &d.resource, &cfg, &region),
        _ => Wizard::new_edit(&d.app_id, &d.env, &d.resource, &cfg, &region),
    };
    w.draft_id = file_id(&id);
    apply(&mut w, &d);
    w.flash = Some(resumed_note(&d, &w));
    app.push(Screen::Wizard(Box::new(w)));
}

fn resumed_note(d: &Draft, w: &Wizard) -> String {
    let retype = secrets_to_retype(d, w);
    if retype.is_empty() {
        "Draft resumed.".into()
    } else {
        format!(
            "Draft resumed. Secrets are never saved in drafts: type {} again.",
            retype.join(", ")
        )
    }
}
