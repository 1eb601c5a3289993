//! The Gen 2 preview (`g` on a config): the resource as an Amplify Gen 2 backend, the same
//! export as headless `gen2` (`domain::gen2`): `amplify/auth/resource.ts`, `amplify/backend.ts`
//! and the report (members, secrets by name, steps). Read-only until `w`, which writes the two
//! files under the directory amplify-auth was started in after a second `w`; an existing
//! `backend.ts` is never replaced (the lines to add are shown instead), an existing
//! `resource.ts` only after one more `w`.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::AuthConfig;
use crate::domain::gen2::{Gen2Context, Gen2Export, Gen2Ids, Gen2Live, Kind, Mode, export};
use crate::tui::keys::{self, Binding, Keys, code, ctrl, help_only, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Target, WriteOutcome};
use crate::tui::screen::ScreenView;
use crate::tui::theme;

pub const RESOURCE_TS: &str = "amplify/auth/resource.ts";
pub const BACKEND_TS: &str = "amplify/backend.ts";

/// What the preview shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Report,
    Resource,
    Backend,
}

/// Where a write stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    None,
    /// `w` was pressed once: the next writes.
    Write,
    /// resource.ts exists and differs: the next `w` replaces it.
    Replace,
}

#[derive(Clone, Debug)]
pub struct Gen2View {
    pub target: Target,
    pub config: AuthConfig,
    pub cx: Gen2Context,
    pub export: Result<Gen2Export, String>,
    pub tab: Tab,
    /// The preview's offset, clamped to its end (`tui::scroll`).
    pub scroll: crate::tui::scroll::Scroll,
    pub pending: Pending,
    /// backend.ts existed at the last write: the Backend tab shows the lines to add.
    pub backend_kept: bool,
    pub status: Option<Result<String, String>>,
    /// Where the files go (the directory amplify-auth was started in).
    pub dir: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Write,
    NextTab,
    Mode,
    Scroll(i16),
    Back,
    Quit,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(key('w'), Action::Write)], "w", "write the files"),
    show(
        &[(code(KeyCode::Tab), Action::NextTab)],
        "Tab",
        "report/files",
    ),
    show(&[(key('m'), Action::Mode)], "m", "defineAuth/referenceAuth"),
    show(
        &[
            (code(KeyCode::Up), Action::Scroll(-1)),
            (code(KeyCode::Down), Action::Scroll(1)),
            (code(KeyCode::PageUp), Action::Scroll(-10)),
            (code(KeyCode::PageDown), Action::Scroll(10)),
            (ctrl('p'), Action::Scroll(-10)),
            (ctrl('n'), Action::Scroll(10)),
        ],
        "↑↓/PgUp/PgDn",
        "scroll",
    ),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    help_only(&[(key('q'), Action::Quit)], "q", "quit"),
];

impl Gen2View {
    /// `live`: the config screen's live pool as Gen 2 facts (empty when it was not loaded, so
    /// the export works from the record alone).
    pub fn new(
        target: Target,
        config: AuthConfig,
        region: &str,
        ids: Gen2Ids,
        live: Gen2Live,
    ) -> Gen2View {
        let cx = Gen2Context {
            app_id: target.app_id.clone(),
            env: target.env.clone(),
            region: region.to_string(),
            resource: target.resource.clone(),
            ids,
            live,
            ..Default::default()
        };
        let mut v = Gen2View {
            target,
            config,
            cx,
            export: Err(String::new()),
            tab: Tab::Report,
            scroll: Default::default(),
            pending: Pending::None,
            backend_kept: false,
            status: None,
            dir: PathBuf::from("."),
        };
        v.remap();
        v
    }

    fn remap(&mut self) {
        self.export = export(&self.config, &self.cx).map_err(|e| e.to_string());
        self.pending = Pending::None;
        self.backend_kept = false;
    }

    fn reference(&self) -> bool {
        self.export.as_ref().map(|e| e.reference).unwrap_or(
            self.cx.mode == Mode::Reference || (self.cx.mode == Mode::Auto && self.cx.ids.imported),
        )
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, false)
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let cmd = match keys::action(KEYS, k, |_| true)? {
            Action::Write => self.write(),
            Action::NextTab => {
                self.tab = match self.tab {
                    Tab::Report => Tab::Resource,
                    Tab::Resource => Tab::Backend,
                    Tab::Backend => Tab::Report,
                };
                self.scroll.by(i16::MIN);
                Cmd::None
            }
            Action::Mode => {
                self.cx.mode = if self.reference() {
                    Mode::Define
                } else {
                    Mode::Reference
                };
                self.remap();
                self.status = None;
                Cmd::None
            }
            Action::Scroll(n) => {
                self.scroll.by(n);
                Cmd::None
            }
            Action::Back => Cmd::Back,
            Action::Quit => Cmd::Quit,
        };
        Some(cmd)
    }

    fn write(&mut self) -> Cmd {
        let ex = match &self.export {
            Ok(ex) => ex.clone(),
            Err(e) => {
                self.status = Some(Err(format!("Nothing to write: {e}")));
                return Cmd::None;
            }
        };
        if self.pending == Pending::None {
            self.pending = Pending::Write;
            self.status = Some(Ok(format!(
                "w again writes {RESOURCE_TS} and {BACKEND_TS} in the directory amplify-auth was started in (an existing backend.ts is kept; the lines to add are shown)."
            )));
            return Cmd::None;
        }
        let replace = self.pending == Pending::Replace;
        self.pending = Pending::None;
        Cmd::Effects(vec![Effect::WriteProjectFiles {
            files: vec![
                (self.dir.join(RESOURCE_TS), ex.resource_ts, replace),
                (self.dir.join(BACKEND_TS), ex.backend_ts, false),
            ],
        }])
    }

    /// The runner's answer for one of the files.
    pub fn on_written(&mut self, path: &std::path::Path, outcome: WriteOutcome) {
        let backend = path.ends_with(BACKEND_TS);
        self.status = Some(match (outcome, backend) {
            (WriteOutcome::Written, _) => Ok(format!("Wrote {}.", path.display())),
            (WriteOutcome::Exists, true) => {
                self.backend_kept = true;
                self.tab = Tab::Backend;
                self.scroll.by(i16::MIN);
                Ok(format!(
                    "{} exists and was kept: add the lines shown here to it.",
                    path.display()
                ))
            }
            (WriteOutcome::Exists, false) => {
                self.pending = Pending::Replace;
                Err(format!(
                    "{} exists. {} replaces it (backend.ts is never replaced); {} keeps it.",
                    path.display(),
                    keys::hint(KEYS, Action::Write),
                    keys::hint(KEYS, Action::Back),
                ))
            }
            (WriteOutcome::Failed(e), _) => Err(format!("Could not write {}: {e}", path.display())),
        });
    }

    fn body(&self) -> Vec<Line<'static>> {
        let ex = match &self.export {
            Ok(ex) => ex,
            Err(e) => {
                return vec![
                    Line::styled(format!("✗ {e}"), theme::error()),
                    Line::raw("m switches between defineAuth (a new pool) and referenceAuth."),
                    Line::raw(format!(
                        "referenceAuth needs the identity pool's role ARNs: this screen takes them from the live pool (GetIdentityPoolRoles) once the config screen has read it; `amplify-auth --app-id {} --env {} gen2 --mode reference` also takes them from the backend meta.",
                        self.target.app_id, self.target.env
                    )),
                ];
            }
        };
        let text = |t: &str| t.lines().map(|l| Line::raw(l.to_string())).collect();
        match self.tab {
            Tab::Resource => text(&ex.resource_ts),
            Tab::Backend if self.backend_kept => text(&ex.backend_additions),
            Tab::Backend => text(&ex.backend_ts),
            Tab::Report => {
                let mut lines = Vec::new();
                for m in &ex.members {
                    let style = match m.kind {
                        Kind::Native => theme::ok(),
                        Kind::Override => theme::title(),
                        Kind::NotExpressible => theme::error(),
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{:<16}", m.kind.as_str()), style),
                        Span::raw(format!("{} = {}  →  {}", m.path, m.value, m.gen2)),
                    ]));
                    if !m.note.is_empty() {
                        lines.push(Line::styled(
                            format!("                {}", m.note),
                            theme::dim(),
                        ));
                    }
                }
                if !ex.secrets.is_empty() {
                    lines.push(Line::raw(""));
                    lines.push(Line::styled("Secrets (values never shown)", theme::title()));
                    for s in &ex.secrets {
                        lines.push(Line::raw(format!("  {}  {}", s.name, s.source)));
                    }
                }
                lines.push(Line::raw(""));
                lines.push(Line::styled("Steps", theme::title()));
                for (n, s) in ex.steps.iter().enumerate() {
                    lines.push(Line::raw(format!("  {}. {s}", n + 1)));
                }
                lines
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [top, body] = Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
        let tabs: Vec<Span> = [
            (Tab::Report, "report"),
            (Tab::Resource, RESOURCE_TS),
            (
                Tab::Backend,
                if self.backend_kept {
                    "backend.ts: lines to add"
                } else {
                    BACKEND_TS
                },
            ),
        ]
        .into_iter()
        .flat_map(|(t, name)| {
            let style = if t == self.tab {
                theme::focus()
            } else {
                theme::dim()
            };
            [Span::styled(format!(" {name} "), style), Span::raw(" ")]
        })
        .collect();
        let mut head = vec![
            Line::from(
                [
                    vec![Span::styled(
                        if self.reference() {
                            "referenceAuth (keeps the Gen 1 pools)  "
                        } else {
                            "defineAuth (a new pool)  "
                        },
                        theme::title(),
                    )],
                    tabs,
                ]
                .concat(),
            ),
            Line::styled(
                "Nothing is written until w, twice; no secret value goes into the files.",
                theme::dim(),
            ),
        ];
        match &self.status {
            Some(Ok(s)) => head.push(Line::styled(format!("✓ {s}"), theme::ok())),
            Some(Err(s)) => head.push(Line::styled(format!("✗ {s}"), theme::error())),
            None => {}
        }
        let title = format!(
            " Gen 2: {} · {}/{} ",
            self.target.resource, self.target.app_id, self.target.env
        );
        frame.render_widget(
            Paragraph::new(head)
                .block(Block::bordered().title(title))
                .wrap(Wrap { trim: false }),
            top,
        );
        self.scroll.render(
            frame,
            body,
            Paragraph::new(self.body()).wrap(Wrap { trim: false }),
            Block::bordered().title(" Preview (exactly what is written) "),
            keys::hint(KEYS, Action::Scroll(10)),
        );
    }
}

/// The ids a config screen knows (its meta entry); role ARNs are not among them: `referenceAuth`
/// takes them from the live pool (or the headless `gen2`, from the backend meta).
pub fn ids_from(meta: Option<&crate::aws::AuthResourceMeta>) -> Gen2Ids {
    match meta {
        Some(m) => Gen2Ids {
            user_pool_id: m.user_pool_id.clone(),
            web_client_id: m.app_client_id_web.clone(),
            identity_pool_id: m.identity_pool_id.clone(),
            hosted_ui_domain: m.hosted_ui_domain.clone(),
            imported: m.imported,
            ..Default::default()
        },
        None => Gen2Ids::default(),
    }
}

impl ScreenView for Gen2View {
    fn title(&self) -> &'static str {
        "Gen 2 backend"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        Gen2View::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        Gen2View::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        Gen2View::render(self, frame, area)
    }
}
