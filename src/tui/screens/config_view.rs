//! The current config of one auth resource, in readable sections: the wizard's steps and their
//! fields, read from the same `FIELDS` tables. Every member may be missing in a response, so each
//! one is shown only when present (never a default in its place); secrets are masked unless
//! revealed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::AuthResourceMeta;
use crate::domain::drift::{self, Drift};
use crate::domain::live::LivePool;
use crate::domain::{AuthConfig, Secret};
use crate::tui::keys::{self, Binding, Keys, code, ctrl, help_only, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Load, Target};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::theme;
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldDef;
use crate::tui::wizard::steps::STEP_FIELDS;
use crate::tui::wizard::steps::Step;
use serde_json::Value;

#[derive(Clone, Debug)]
pub struct ConfigView {
    pub app_id: String,
    pub env: String,
    pub resource: String,
    pub generation: u64,
    pub config: Load<AuthConfig>,
    pub meta: Option<AuthResourceMeta>,
    /// The live Cognito pool (issue 26): read when the meta names it.
    pub live: Load<LivePool>,
    /// The environment's GetBackend (the resource's outputs: pool and client IDs) is being read
    /// with the config, whichever way the screen was opened.
    pub meta_loading: bool,
    pub revealed: bool,
    pub scroll: crate::tui::scroll::Scroll,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Edit,
    Delete,
    Recreate,
    Reveal,
    Jobs,
    Frontend,
    Checklist,
    Gen2,
    Reload,
    Scroll(i16),
    Back,
    Quit,
    Help,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(key('e'), Action::Edit)], "e", "edit"),
    show(&[(key('d'), Action::Delete)], "d", "delete"),
    show(&[(key('R'), Action::Recreate)], "R", "delete & recreate"),
    show(&[(ctrl('r'), Action::Reveal)], "Ctrl-R", "reveal secrets"),
    show(&[(key('j'), Action::Jobs)], "j", "jobs"),
    show(&[(key('w'), Action::Frontend)], "w", "frontend file"),
    show(&[(key('p'), Action::Checklist)], "p", "checklists"),
    show(&[(key('g'), Action::Gen2)], "g", "Gen 2 backend"),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(
        &[
            (code(KeyCode::Up), Action::Scroll(-1)),
            (code(KeyCode::Down), Action::Scroll(1)),
        ],
        "↑↓",
        "scroll",
    ),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    help_only(
        &[
            (code(KeyCode::PageUp), Action::Scroll(-10)),
            (code(KeyCode::PageDown), Action::Scroll(10)),
        ],
        "PgUp/PgDn",
        "scroll a page",
    ),
    help_only(
        &[
            // `g` is the Gen 2 export here, so only Home/End (and G, unbound elsewhere).
            (code(KeyCode::Home), Action::Scroll(i16::MIN)),
            (code(KeyCode::End), Action::Scroll(i16::MAX)),
            (key('G'), Action::Scroll(i16::MAX)),
        ],
        "Home/End G",
        "top / end",
    ),
    help_only(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
];

impl ConfigView {
    pub fn target(&self) -> Target {
        Target::new(&self.app_id, &self.env, &self.resource)
    }

    /// The environment's GetBackend answer: this resource's outputs (none when it is not in
    /// the environment's meta). A failed read keeps what the screen was opened with.
    pub fn on_backend(&mut self, result: Result<crate::aws::BackendInfo, crate::aws::ApiError>) {
        self.meta_loading = false;
        if let Ok(b) = result {
            self.meta = b
                .auth_resources
                .into_iter()
                .find(|r| r.name == self.resource);
        }
    }

    /// The read of the live Cognito pool, once the meta names it and it is not read yet.
    pub fn live_load(&mut self, generation: u64) -> Option<Effect> {
        let meta = self.meta.as_ref()?;
        if !matches!(self.live, Load::NotAsked) {
            return None;
        }
        self.live = Load::Loading;
        Some(Effect::LoadLive {
            generation,
            meta: Box::new(meta.clone()),
        })
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, false)
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Cmd {
        let target = self.target();
        let loaded = match &self.config {
            Load::Loaded(c) => Some(Box::new(c.clone())),
            _ => None,
        };
        match keys::action(KEYS, k, |_| true) {
            Some(Action::Edit | Action::Recreate) if loaded.is_none() => Cmd::None,
            Some(a @ (Action::Edit | Action::Recreate)) => Cmd::Edit {
                target,
                config: loaded.expect("checked"),
                recreate: a == Action::Recreate,
            },
            Some(Action::Delete) => Cmd::ConfirmDelete(target),
            Some(Action::Frontend | Action::Checklist | Action::Gen2) if loaded.is_none() => {
                Cmd::None
            }
            Some(a @ (Action::Frontend | Action::Checklist | Action::Gen2)) => {
                let (config, meta) = (loaded.expect("checked"), self.meta.clone());
                if a == Action::Gen2 {
                    Cmd::OpenGen2 {
                        target,
                        config,
                        meta,
                        live: match &self.live {
                            Load::Loaded(pool) => Some(Box::new(pool.clone())),
                            _ => None,
                        },
                    }
                } else if a == Action::Frontend {
                    Cmd::OpenFrontend {
                        target,
                        config,
                        meta,
                    }
                } else {
                    Cmd::OpenChecklist {
                        target,
                        config,
                        meta,
                    }
                }
            }
            Some(Action::Reveal) => {
                self.revealed = !self.revealed;
                Cmd::None
            }
            Some(Action::Jobs) => Cmd::OpenJobs {
                app_id: target.app_id,
                env: target.env,
            },
            Some(Action::Reload) => Cmd::Reload,
            Some(Action::Scroll(n)) => {
                self.scroll.by(n);
                Cmd::None
            }
            Some(Action::Back) => Cmd::Back,
            Some(Action::Quit) => Cmd::Quit,
            Some(Action::Help) => Cmd::Help,
            None => Cmd::None,
        }
    }

    pub fn new(
        app_id: &str,
        env: &str,
        resource: &str,
        meta: Option<AuthResourceMeta>,
        generation: u64,
    ) -> ConfigView {
        ConfigView {
            app_id: app_id.into(),
            env: env.into(),
            resource: resource.into(),
            generation,
            config: Load::Loading,
            meta,
            live: Load::NotAsked,
            meta_loading: false,
            revealed: false,
            scroll: Default::default(),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let lines = match &self.config {
            Load::Loaded(c) => self.lines(c),
            Load::Failed(e) => vec![
                Line::styled(
                    format!(
                        "✗ Could not read {}: {e}",
                        crate::term_text::shown(&self.resource)
                    ),
                    theme::error(),
                ),
                Line::from(format!("{} retries.", keys::hint(KEYS, Action::Reload))),
            ],
            _ => vec![Line::styled(
                "Reading the config (GetBackendAuth)…",
                theme::dim(),
            )],
        };
        let title = format!(
            " {} · {}/{} ",
            crate::term_text::shown(&self.resource),
            crate::term_text::shown(&self.app_id),
            crate::term_text::shown(&self.env)
        );
        self.scroll.render(
            frame,
            area,
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            Block::bordered().title(title),
            &format!(
                "{}/{}",
                keys::key_of(KEYS, Action::Scroll(i16::MIN)),
                keys::key_of(KEYS, Action::Scroll(i16::MAX))
            ),
        );
    }

    /// The config, one section per wizard step and one row per field, from the steps' `FIELDS`
    /// tables (label, JSON path, whether it is a secret, its widget's kind): nothing here names a
    /// field, so a field added to a step shows here too. Values are the service's own (the
    /// member at the field's path), not the wizard's reading of them: a member the response
    /// left out is not shown as a default.
    pub fn lines(&self, c: &AuthConfig) -> Vec<Line<'static>> {
        let doc = serde_json::to_value(c).unwrap_or(Value::Null);
        // Members where the live pool differs from the record, shown beside them (issue 26).
        let found: Vec<Drift> = match &self.live {
            Load::Loaded(l) => drift::drift(c, l),
            _ => Vec::new(),
        };
        let mut out = self.reveal_note(c);
        // The title bar names the target (app, environment, resource).
        for (step, defs) in STEP_FIELDS.iter().filter(|(s, _)| *s != Step::Target) {
            if !out.is_empty() {
                out.push(Line::from(""));
            }
            out.push(Line::styled(step.title(), theme::title()));
            let before = out.len();
            for d in defs.iter() {
                for (i, value) in self.shown(d, c, &doc).into_iter().enumerate() {
                    out.push(row(if i == 0 { d.label } else { "" }, value));
                }
                if let Some(d) = found.iter().find(|f| f.path == d.path) {
                    out.push(live_row(d));
                }
            }
            if *step == Step::UserPool {
                self.output_rows(c, &mut out);
            }
            if out.len() == before {
                out.push(row("", "(not set)".into()));
            }
        }
        self.live_lines(&mut out);
        out
    }

    /// A field's value as rows (a list of redirect URIs, a revealed key: one item a row); none
    /// when the config has no such member (a provider not set up, a wizard-only field).
    fn shown(&self, d: &FieldDef, c: &AuthConfig, doc: &Value) -> Vec<String> {
        let at = d.path.split('.').try_fold(doc, |v, k| v.get(k));
        let kind = (d.read)(c);
        let value = match at {
            Some(v) if !v.is_null() => v,
            // A member of no part the config has (or no member at all, like the .p8 path).
            _ if !parent_exists(doc, d.path) => return vec![],
            // A toggle's part left out is the toggle off; a secret left out is the service's
            // way (it never returns some); any other member left out is not shown.
            _ if matches!(kind, Field::Toggle(_)) => return vec!["off".into()],
            _ if d.secret.is_some() => return vec!["(not returned)".into()],
            _ => return vec![],
        };
        match value {
            Value::String(s) if d.secret.is_some() => self
                .secret(&Some(Secret::new(s.as_str())))
                .lines()
                .map(str::to_string)
                .collect(),
            Value::String(s) if s.is_empty() => vec!["(not returned)".into()],
            Value::String(s) => vec![s.clone()],
            Value::Object(_) | Value::Bool(true) => vec!["on".into()],
            Value::Bool(false) => vec!["off".into()],
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(drift::show).collect();
                match kind {
                    _ if items.is_empty() => vec!["(none)".into()],
                    // A multi-line box: one item a row, as it is typed.
                    Field::Lines(_) => items,
                    _ => vec![items.join(", ")],
                }
            }
            // Numbers as the wizard writes them: a whole number without ".0".
            Value::Number(n) => vec![match n.as_f64() {
                Some(f) if f.fract() == 0.0 => format!("{f:.0}"),
                _ => n.to_string(),
            }],
            other => vec![drift::show(other)],
        }
    }

    /// The resource's outputs (pool and client IDs, the hosted UI domain) from the environment's
    /// meta: no field declares them, the service assigns them.
    fn output_rows(&self, c: &AuthConfig, out: &mut Vec<Line<'static>>) {
        let Some(m) = &self.meta else {
            return;
        };
        // The outputs come from the environment's listing, which can be older than the config
        // just re-read (after an update that removed the hosted UI or the identity pool), so
        // show an output only while the config still has what it belongs to.
        let (ip, ui) = (c.identity_pool.is_some(), c.user_pool.oauth.is_some());
        for (k, v, live) in [
            ("User pool id", &m.user_pool_id, true),
            ("Web client id", &m.app_client_id_web, true),
            ("Native client id", &m.app_client_id, true),
            ("Identity pool id", &m.identity_pool_id, ip),
            ("Hosted UI domain", &m.hosted_ui_domain, ui),
        ] {
            if let (Some(v), true) = (v, live) {
                out.push(row(k, v.clone()));
            }
        }
    }

    /// Revealing always says what it did, also when there is nothing to show.
    fn reveal_note(&self, c: &AuthConfig) -> Vec<Line<'static>> {
        if !self.revealed {
            return vec![];
        }
        let any = c.social_providers().is_some_and(|p| {
            [&p.facebook, &p.google, &p.login_with_amazon]
                .iter()
                .any(|c| c.as_ref().is_some_and(|c| c.client_secret.is_some()))
                || p.sign_in_with_apple
                    .as_ref()
                    .is_some_and(|a| a.private_key.is_some())
        });
        let reveal = keys::hint(KEYS, Action::Reveal);
        vec![Line::styled(
            if any {
                format!("Secrets shown · {reveal} hides them")
            } else {
                format!(
                    "{reveal}: the service returned no secret to show (it never returns the Apple key) · {reveal} again hides this"
                )
            },
            theme::warning(),
        )]
    }

    fn secret(&self, s: &Option<Secret>) -> String {
        match s {
            None => "(not returned)".into(),
            Some(s) if self.revealed => s.expose().to_string(),
            Some(s) => format!(
                "{} ({} reveals)",
                s.masked(),
                keys::hint(KEYS, Action::Reveal)
            ),
        }
    }

    /// The "Live pool only" section: what only the live Cognito pool has, and the reads that
    /// failed (each with its IAM action and what is not shown).
    fn live_lines(&self, out: &mut Vec<Line<'static>>) {
        out.push(Line::from(""));
        out.push(Line::styled("Live pool only", theme::title()));
        let l = match &self.live {
            Load::Loaded(l) => l,
            Load::NotAsked => {
                out.push(Line::styled(
                    "  (not read: the environment's meta names no pool)",
                    theme::dim(),
                ));
                return;
            }
            _ => {
                out.push(Line::styled(
                    "  Reading the live Cognito pool…",
                    theme::dim(),
                ));
                return;
            }
        };
        let facts = drift::live_only(l);
        // A space after the longest name: "Threat protection (AdvancedSecurityMode)" filled a
        // fixed 40 and ran into its value.
        let w = facts
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0)
            + 1;
        for f in facts {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<w$}", f.name), theme::dim()),
                Span::raw(crate::aws::sanitize_text(&drift::show(&f.value))),
            ]));
        }
        for f in &l.failures {
            out.push(Line::styled(
                crate::aws::sanitize_text(&format!(
                    "  ✗ {} failed: {} not shown ({})",
                    f.action, f.not_shown, f.message
                )),
                theme::error(),
            ));
        }
    }
}

/// One row: the label (a field's own indent kept) and the value. Values are the service's text:
/// escape sequences in them are dropped whole for display (the model keeps them as received),
/// not left as `[31m` debris.
fn row(label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {label:<22}"), theme::dim()),
        Span::raw(crate::aws::sanitize_text(&value)),
    ])
}

/// The live pool's value of a member that differs from the record, under its row.
fn live_row(d: &Drift) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("  {:<22}", "")),
        Span::styled(
            format!(
                "· live {}, changed outside Amplify",
                crate::aws::sanitize_text(&drift::show(&d.live))
            ),
            theme::warning(),
        ),
    ])
}

/// Whether the object holding the member at `path` is in the config (a path with no parent names
/// a top-level member, or none: the wizard's own fields like the .p8 file's path).
fn parent_exists(doc: &Value, path: &str) -> bool {
    let Some((parent, _)) = path.rsplit_once('.') else {
        return false;
    };
    parent
        .split('.')
        .try_fold(doc, |v, k| v.get(k))
        .is_some_and(Value::is_object)
}

impl ScreenView for ConfigView {
    fn title(&self) -> &'static str {
        "Auth config"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        ConfigView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        Some(ConfigView::on_key(self, k))
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        ConfigView::render(self, frame, area)
    }

    /// The config and the environment's meta (the resource's IDs), whichever way the screen was
    /// opened: the apps, the overview, a resumed draft, the end of a job.
    fn load(&mut self, generation: u64, _: &mut LoadCx) -> Vec<Effect> {
        self.generation = generation;
        self.config = Load::Loading;
        self.meta_loading = true;
        let mut fx = vec![
            Effect::LoadAuth {
                generation,
                target: self.target(),
            },
            Effect::LoadBackend {
                generation,
                app_id: self.app_id.clone(),
                env: Some(self.env.clone()),
            },
        ];
        // The live pool beside the record, when the meta already names it (issue 26); else it
        // is read once the environment's meta arrives (`on_backend`).
        self.live = Load::NotAsked;
        fx.extend(self.live_load(generation));
        fx
    }

    fn loading(&self, _: &Ctx) -> bool {
        matches!(self.config, Load::Loading) || self.meta_loading
    }

    fn reloads_on_return(&self, _: &Ctx) -> bool {
        true
    }
}

#[cfg(test)]
mod gen2_live_tests {
    use super::*;
    use crate::domain::live::LiveGroup;

    fn view(live: Load<LivePool>) -> ConfigView {
        let mut v = ConfigView::new("app1", "dev", "res", None, 1);
        v.config = Load::Loaded(crate::domain::samples::default_config("p"));
        v.live = live;
        v
    }

    #[test]
    fn g_hands_the_loaded_live_pool_to_the_gen2_screen() {
        let pool = LivePool {
            groups: vec![LiveGroup {
                group_name: "admins".into(),
                precedence: Some(1),
                ..Default::default()
            }],
            ..Default::default()
        };
        let g = KeyEvent::from(KeyCode::Char('g'));
        match view(Load::Loaded(pool.clone())).on_key(&g) {
            Cmd::OpenGen2 { live, .. } => assert_eq!(live.as_deref(), Some(&pool)),
            other => panic!("g gave {other:?}"),
        }
        match view(Load::Loading).on_key(&g) {
            Cmd::OpenGen2 { live, .. } => assert_eq!(live, None),
            other => panic!("g gave {other:?}"),
        }
        let screen = crate::tui::screens::gen2::Gen2View::new(
            Target::new("app1", "dev", "res"),
            crate::domain::samples::default_config("p"),
            "us-east-1",
            Default::default(),
            crate::domain::gen2::from_live::gen2_live(&pool),
        );
        let ts = &screen.export.expect("an export").resource_ts;
        assert!(ts.contains("groups: ['admins']"), "{ts}");
    }

    /// An imported resource becomes `referenceAuth` in the TUI too: the role ARNs come from the
    /// live pool's GetIdentityPoolRoles; without them the screen says what is missing.
    #[test]
    fn an_imported_resource_is_reference_auth_with_the_live_pools_roles() {
        let ids = crate::domain::gen2::Gen2Ids {
            user_pool_id: Some("us-east-1_AbC123xyZ".into()),
            web_client_id: Some("1example23456789".into()),
            identity_pool_id: Some("us-east-1:0a1b2c3d-0000-4000-8000-000000000000".into()),
            imported: true,
            ..Default::default()
        };
        let pool = LivePool {
            identity_pool: Some(crate::domain::live::LiveIdentityPool {
                authenticated_role_arn: Some("arn:aws:iam::111122223333:role/auth".into()),
                unauthenticated_role_arn: Some("arn:aws:iam::111122223333:role/unauth".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let open = |live: &LivePool| {
            crate::tui::screens::gen2::Gen2View::new(
                Target::new("app1", "dev", "res"),
                crate::domain::samples::default_config("p"),
                "us-east-1",
                ids.clone(),
                crate::domain::gen2::from_live::gen2_live(live),
            )
        };
        let ts = open(&pool).export.expect("an export").resource_ts;
        assert!(ts.contains("referenceAuth"), "{ts}");
        assert!(ts.contains("arn:aws:iam::111122223333:role/auth"), "{ts}");
        assert!(ts.contains("us-east-1_AbC123xyZ"), "{ts}");
        assert!(open(&LivePool::default()).export.is_err());
    }
}
