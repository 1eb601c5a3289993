//! The current config of one auth resource, in readable sections. Every field may be missing in
//! a response, so each one is shown only when present; secrets are masked unless revealed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::AuthResourceMeta;
use crate::domain::drift::{self, Drift};
use crate::domain::live::LivePool;
use crate::domain::{AuthConfig, MessageConfig, ProviderClient, Secret};
use crate::tui::keys::{self, Binding, Keys, code, ctrl, help_only, key, show};
use crate::tui::msg::{Cmd, Effect, Load, Target};
use crate::tui::theme;
use crate::tui::wizard::steps::password::render_number;

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
                    format!("✗ Could not read {}: {e}", self.resource),
                    theme::error(),
                ),
                Line::from("r retries."),
            ],
            _ => vec![Line::styled(
                "Reading the config (GetBackendAuth)…",
                theme::dim(),
            )],
        };
        let title = format!(" {} · {}/{} ", self.resource, self.app_id, self.env);
        self.scroll.render(
            frame,
            area,
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            Block::bordered().title(title),
        );
    }

    fn secret(&self, s: &Option<Secret>) -> String {
        match s {
            None => "(not returned)".into(),
            Some(s) if self.revealed => s.expose().to_string(),
            Some(s) => format!("{} (Ctrl-R reveals)", s.masked()),
        }
    }

    pub fn lines(&self, c: &AuthConfig) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let section = |out: &mut Vec<Line<'static>>, t: &str| {
            out.push(Line::from(""));
            out.push(Line::styled(t.to_string(), theme::title()));
        };
        // Values are the service's text: escape sequences in them are dropped whole for display
        // (the model keeps them as received), not left as `[31m` debris.
        let row = |out: &mut Vec<Line<'static>>, k: &str, v: String| {
            out.push(Line::from(vec![
                Span::styled(format!("  {k:<22}"), theme::dim()),
                Span::raw(crate::aws::sanitize_text(&v)),
            ]));
        };
        // Members where the live pool differs from the record, shown beside them (issue 26).
        let found: Vec<Drift> = match &self.live {
            Load::Loaded(l) => drift::drift(c, l),
            _ => Vec::new(),
        };
        let live = |out: &mut Vec<Line<'static>>, path: &str| {
            if let Some(d) = found.iter().find(|d| d.path == path) {
                out.push(Line::from(vec![
                    Span::raw(format!("  {:<22}", "")),
                    Span::styled(
                        format!(
                            "· live {}, changed outside Amplify",
                            crate::aws::sanitize_text(&drift::show(&d.live))
                        ),
                        theme::warning(),
                    ),
                ]));
            }
        };
        let up = &c.user_pool;
        // Ctrl-R always says what it did, also when there is nothing to show.
        if self.revealed {
            let any = c.social_providers().is_some_and(|p| {
                [&p.facebook, &p.google, &p.login_with_amazon]
                    .iter()
                    .any(|c| c.as_ref().is_some_and(|c| c.client_secret.is_some()))
                    || p.sign_in_with_apple
                        .as_ref()
                        .is_some_and(|a| a.private_key.is_some())
            });
            out.push(Line::styled(
                if any {
                    "Secrets shown · Ctrl-R hides them"
                } else {
                    "Ctrl-R: the service returned no secret to show (it never returns the Apple key) · Ctrl-R again hides this"
                },
                theme::warning(),
            ));
        }
        out.push(Line::styled(
            "User pool (name, sign-in and attributes are fixed)",
            theme::title(),
        ));
        row(&mut out, "Name", up.user_pool_name.clone());
        let sign_in = up.sign_in_method.to_string();
        row(
            &mut out,
            "Sign in with",
            if sign_in.is_empty() {
                "(not returned)".into()
            } else {
                sign_in
            },
        );
        live(&mut out, "UserPoolConfigs.SignInMethod");
        row(
            &mut out,
            "Required attributes",
            up.required_sign_up_attributes
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        live(&mut out, "UserPoolConfigs.RequiredSignUpAttributes");
        row(&mut out, "Resources", c.auth_resources.to_string());
        if let Some(m) = &self.meta {
            // The outputs come from the environment's listing, which can be older than the config
            // just re-read (after an update that removed the hosted UI or the identity pool), so
            // show an output only while the config still has what it belongs to.
            let (ip, ui) = (c.identity_pool.is_some(), up.oauth.is_some());
            for (k, v, live) in [
                ("User pool id", &m.user_pool_id, true),
                ("Web client id", &m.app_client_id_web, true),
                ("Native client id", &m.app_client_id, true),
                ("Identity pool id", &m.identity_pool_id, ip),
                ("Hosted UI domain", &m.hosted_ui_domain, ui),
            ] {
                if let (Some(v), true) = (v, live) {
                    row(&mut out, k, v.clone());
                }
            }
        }
        if let Some(ip) = &c.identity_pool {
            section(&mut out, "Identity pool");
            row(&mut out, "Name", ip.identity_pool_name.clone());
            row(
                &mut out,
                "Guests",
                if ip.unauthenticated_login {
                    "allowed"
                } else {
                    "not allowed"
                }
                .into(),
            );
            live(&mut out, "IdentityPoolConfigs.UnauthenticatedLogin");
        }
        section(&mut out, "MFA");
        match &up.mfa {
            Some(m) => {
                row(&mut out, "Mode", m.mode.to_string());
                live(&mut out, "UserPoolConfigs.Mfa.MFAMode");
                if let Some(s) = &m.settings {
                    if let Some(t) = &s.mfa_types {
                        row(
                            &mut out,
                            "Types",
                            t.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
                        );
                        live(&mut out, "UserPoolConfigs.Mfa.Settings.MfaTypes");
                    }
                    if let Some(m) = &s.sms_message {
                        row(&mut out, "SMS text", m.clone());
                    }
                }
            }
            None => {
                row(&mut out, "Mode", "(not set)".into());
                live(&mut out, "UserPoolConfigs.Mfa.MFAMode");
            }
        }
        section(&mut out, "Password policy");
        match &up.password_policy {
            Some(p) => {
                row(&mut out, "Minimum length", render_number(p.minimum_length));
                live(&mut out, "UserPoolConfigs.PasswordPolicy.MinimumLength");
                row(
                    &mut out,
                    "Must contain",
                    match &p.additional_constraints {
                        Some(c) if !c.is_empty() => {
                            c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                        }
                        _ => "(no character classes)".into(),
                    },
                );
                live(
                    &mut out,
                    "UserPoolConfigs.PasswordPolicy.AdditionalConstraints",
                );
            }
            None => row(&mut out, "Policy", "(not set: Cognito's default)".into()),
        }
        let message = |out: &mut Vec<Line<'static>>, title: &str, m: &Option<MessageConfig>| {
            if let Some(m) = m {
                section(out, title);
                row(out, "Delivery", m.delivery_method.to_string());
                if let Some(e) = &m.email {
                    if let Some(s) = &e.subject {
                        row(out, "Email subject", s.clone());
                    }
                    if let Some(s) = &e.message {
                        row(out, "Email message", s.clone());
                    }
                }
                if let Some(s) = m.sms.as_ref().and_then(|s| s.message.clone()) {
                    row(out, "SMS message", s);
                }
            }
        };
        message(&mut out, "Verification message", &up.verification_message);
        live(
            &mut out,
            "UserPoolConfigs.VerificationMessage.DeliveryMethod",
        );
        message(&mut out, "Forgot password (legacy)", &up.forgot_password);
        section(&mut out, "OAuth / hosted UI");
        match &up.oauth {
            None => row(&mut out, "OAuth", "off".into()),
            Some(o) => {
                row(
                    &mut out,
                    "Domain prefix",
                    o.domain_prefix.clone().unwrap_or_else(|| "(none)".into()),
                );
                row(&mut out, "Grant type", o.grant_type.to_string());
                live(&mut out, "UserPoolConfigs.OAuth.OAuthGrantType");
                row(
                    &mut out,
                    "Scopes",
                    o.scopes
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                live(&mut out, "UserPoolConfigs.OAuth.OAuthScopes");
                for (k, list, path) in [
                    (
                        "Sign-in redirects",
                        &o.redirect_sign_in_uris,
                        "UserPoolConfigs.OAuth.RedirectSignInURIs",
                    ),
                    (
                        "Sign-out redirects",
                        &o.redirect_sign_out_uris,
                        "UserPoolConfigs.OAuth.RedirectSignOutURIs",
                    ),
                ] {
                    row(
                        &mut out,
                        k,
                        list.first().cloned().unwrap_or_else(|| "(none)".into()),
                    );
                    for u in list.iter().skip(1) {
                        row(&mut out, "", u.clone());
                    }
                    live(&mut out, path);
                }
                section(&mut out, "Social providers");
                let p = o.social_providers.clone().unwrap_or_default();
                if p.is_empty() {
                    row(&mut out, "Providers", "none".into());
                }
                let client =
                    |out: &mut Vec<Line<'static>>, name: &str, c: &Option<ProviderClient>| {
                        if let Some(c) = c {
                            row(
                                out,
                                name,
                                format!("client id {}", c.client_id.clone().unwrap_or_default()),
                            );
                            row(out, "", format!("secret {}", self.secret(&c.client_secret)));
                        }
                    };
                client(&mut out, "Facebook", &p.facebook);
                client(&mut out, "Google", &p.google);
                client(&mut out, "Login with Amazon", &p.login_with_amazon);
                if let Some(a) = &p.sign_in_with_apple {
                    row(
                        &mut out,
                        "Sign in with Apple",
                        format!("Services ID {}", a.client_id.clone().unwrap_or_default()),
                    );
                    row(
                        &mut out,
                        "",
                        format!(
                            "Team ID {} · Key ID {}",
                            a.team_id.clone().unwrap_or_default(),
                            a.key_id.clone().unwrap_or_default()
                        ),
                    );
                    row(
                        &mut out,
                        "",
                        format!("private key {}", self.secret(&a.private_key)),
                    );
                }
            }
        }
        self.live_lines(&mut out);
        out
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
        for f in drift::live_only(l) {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<40}", f.name), theme::dim()),
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
