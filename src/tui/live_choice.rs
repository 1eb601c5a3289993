//! The live Cognito pool, read just before an UpdateBackendAuth leaves the TUI (issue 26), and
//! the popup that asks about it over the job pane.
//!
//! An update carries the whole state of AmplifyBackend's record; a job that changes the pool
//! applies all of it, so a member changed outside Amplify (the Cognito console, the AWS CLI) would
//! go back to the record's value unseen. The runner reads the record, the environment's meta and
//! the live pool ([`check_live`]) and answers with a [`LiveCheck`]:
//!
//! - nothing changed outside Amplify is set back: the update goes, and what the evidence says
//!   every update resets (groups, …) goes into the timeline with its source;
//! - members are: nothing is sent; the popup lists each with the record's, the live and the
//!   user's value, and the user chooses per member (or for all) to adopt the live value into the
//!   update or to overwrite it. The update is planned again with those choices and sent through
//!   the same reads: a live value changed again since it was shown is asked about again;
//! - the live pool could not be read: nothing is sent; the popup says what failed and asks
//!   whether to send without the check.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::keys::{self, Binding, Keys, code, ctrl, key, show};
use super::msg::{Cmd, Effect, Expect, Guard, Request, Submission, Target};
use super::screens::job_pane::{JobPane, Phase};
use super::theme;
use crate::aws::{AuthResourceMeta, Clients};
use crate::domain::drift;
use crate::domain::finding::Severity;
use crate::domain::update::{UpdateAuthConfig, apply_update};
use crate::domain::update_plan::plan_update;
use crate::term_text::shown;

use super::live_gate::{Choice, Found, LiveCheck, LiveGate, LivePrompt, Seen};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Adopt,
    Overwrite,
    AdoptAll,
    OverwriteAll,
    Send,
    SendUnchecked,
    Cancel,
}

/// The popup's keys; which rows apply depends on what it asks (`LivePrompt::enabled`).
pub const KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(crossterm::event::KeyCode::Up), Action::Up),
            (code(crossterm::event::KeyCode::Down), Action::Down),
        ],
        "↑/↓",
        "member",
    ),
    show(&[(key('a'), Action::Adopt)], "a", "adopt the live value"),
    show(&[(key('o'), Action::Overwrite)], "o", "overwrite it"),
    show(&[(key('A'), Action::AdoptAll)], "A", "adopt all"),
    show(&[(key('O'), Action::OverwriteAll)], "O", "overwrite all"),
    show(
        &[(ctrl('s'), Action::Send)],
        "Ctrl-S",
        "send with these choices",
    ),
    show(
        &[(key('s'), Action::SendUnchecked)],
        "s",
        "send without the live check",
    ),
    show(
        &[(code(crossterm::event::KeyCode::Esc), Action::Cancel)],
        "Esc",
        "cancel: nothing is sent",
    ),
];

/// The label of `a`'s row, for prose that names a key (never a key name written by hand).
fn label(a: Action) -> &'static str {
    KEYS.iter()
        .find(|b| b.keys.iter().any(|(_, x)| *x == a))
        .map(|b| b.label)
        .unwrap_or("?")
}

impl LivePrompt {
    fn enabled(&self, a: Action) -> bool {
        match self {
            LivePrompt::Choose { picks, .. } => match a {
                Action::SendUnchecked => false,
                Action::Send => picks.iter().all(Option::is_some),
                _ => true,
            },
            LivePrompt::Unread(_) => matches!(a, Action::SendUnchecked | Action::Cancel),
        }
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |a| self.enabled(a), false)
    }

    /// Per member: the choice of the one under the cursor, then the cursor on the next unchosen.
    fn pick(&mut self, choice: Choice, all: bool) {
        let LivePrompt::Choose { picks, cursor, .. } = self else {
            return;
        };
        if all {
            picks.iter_mut().for_each(|p| *p = Some(choice));
            return;
        }
        if let Some(slot) = picks.get_mut(*cursor) {
            *slot = Some(choice);
        }
        let n = picks.len();
        if let Some(next) = (1..=n)
            .map(|i| (*cursor + i) % n)
            .find(|i| picks[*i].is_none())
        {
            *cursor = next;
        }
    }

    fn step(&mut self, by: isize) {
        if let LivePrompt::Choose { picks, cursor, .. } = self {
            let last = picks.len().saturating_sub(1);
            *cursor = cursor.saturating_add_signed(by).min(last);
        }
    }

    /// The popup's text.
    pub fn lines(&self) -> Vec<Line<'static>> {
        match self {
            LivePrompt::Unread(why) => vec![
                Line::styled(
                    "✗ The live Cognito pool could not be read. Nothing was sent.",
                    theme::error(),
                ),
                Line::from(format!("  {}", shown(why))),
                Line::from(""),
                Line::from(
                    "Before an update is sent, the live pool is read so that a change made outside Amplify (the Cognito console, the AWS CLI) is not set back unseen. Sent without that check, the update applies the record's whole state to the pool.",
                ),
                Line::from(""),
                Line::from(format!(
                    "{}: send it anyway, without the check · {}: cancel; your input is kept.",
                    label(Action::SendUnchecked),
                    label(Action::Cancel)
                )),
            ],
            LivePrompt::Choose {
                found,
                picks,
                cursor,
            } => {
                let n = found.conflicts.len();
                let mut lines = vec![
                    Line::styled(
                        format!(
                            "! Changed outside Amplify: this update would set back {n} member{} of the live Cognito pool. Nothing was sent.",
                            if n == 1 { "" } else { "s" }
                        ),
                        theme::warning(),
                    ),
                    Line::from(format!(
                        "  Per member, {} takes the live value into the update and {} sends yours (the live change is reverted); {} and {} choose for all.",
                        label(Action::Adopt),
                        label(Action::Overwrite),
                        label(Action::AdoptAll),
                        label(Action::OverwriteAll)
                    )),
                    Line::from(""),
                ];
                for (i, (c, pick)) in found.conflicts.iter().zip(picks).enumerate() {
                    let here = i == *cursor;
                    let chosen = match pick {
                        Some(Choice::Adopt) => "→ adopt live",
                        Some(Choice::Overwrite) => "→ overwrite",
                        None => "→ not chosen",
                    };
                    lines.push(Line::styled(
                        format!(
                            "{} {}  {chosen}",
                            if here { "›" } else { " " },
                            shown(&c.path)
                        ),
                        if here {
                            theme::focus()
                        } else {
                            ratatui::style::Style::default()
                        },
                    ));
                    lines.push(Line::from(format!(
                        "    record {} · live {} (changed outside Amplify) · yours {}",
                        shown(&drift::show(&c.record)),
                        shown(&drift::show(&c.live)),
                        shown(&drift::show(&c.update)),
                    )));
                }
                if !found.resets.is_empty() {
                    lines.push(Line::from(""));
                    lines.push(Line::styled(
                        "Every update also resets, whatever is chosen here (service-behaviour evidence):",
                        theme::title(),
                    ));
                    for r in &found.resets {
                        lines.push(Line::from(format!("  · {}", shown(r))));
                    }
                }
                lines
            }
        }
    }

    /// The popup over `area` (the job pane's).
    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let lines = self.lines();
        let w = area.width.saturating_sub(4).min(110);
        let inner = w.saturating_sub(2).max(1) as usize;
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
        let h = (rows as u16 + 2).min(area.height.saturating_sub(2));
        let r = Rect::new(
            area.x + (area.width.saturating_sub(w)) / 2,
            area.y + (area.height.saturating_sub(h)) / 2,
            w,
            h,
        );
        let title = match self {
            LivePrompt::Choose { .. } => " Live Cognito pool: adopt or overwrite ",
            LivePrompt::Unread(_) => " Live Cognito pool not read ",
        };
        frame.render_widget(Clear, r);
        frame.render_widget(
            Paragraph::new(lines)
                .block(Block::bordered().title(title).border_style(theme::title()))
                .wrap(Wrap { trim: false }),
            r,
        );
    }
}

impl JobPane {
    /// The runner's answer to the live check before an update.
    pub fn on_live_check(&mut self, check: LiveCheck, now_ms: u64) -> Vec<Effect> {
        self.sdk_note = None;
        match check {
            LiveCheck::Clear(resets) => {
                for r in resets {
                    self.timeline
                        .push((now_ms, format!("the update resets {}", shown(&r))));
                }
            }
            LiveCheck::Unread(why) => {
                self.phase = Phase::Conflicts;
                self.set_status("LIVE POOL NOT READ", now_ms);
                self.live_prompt = Some(LivePrompt::Unread(why));
            }
            LiveCheck::Found(found) => {
                // A member overwritten before at the same live value keeps that choice.
                let seen = match &self.live_gate {
                    LiveGate::Chosen(seen) => seen.clone(),
                    _ => vec![],
                };
                let picks = found
                    .conflicts
                    .iter()
                    .map(|c| {
                        seen.iter()
                            .any(|s| s.path == c.path && s.live == c.live)
                            .then_some(Choice::Overwrite)
                    })
                    .collect();
                self.phase = Phase::Conflicts;
                self.set_status("CHANGED OUTSIDE AMPLIFY", now_ms);
                self.live_prompt = Some(LivePrompt::Choose {
                    found,
                    picks,
                    cursor: 0,
                });
            }
        }
        vec![]
    }

    /// A key while the popup is open.
    pub fn on_live_key(&mut self, k: &crossterm::event::KeyEvent, now_ms: u64) -> Cmd {
        let Some(p) = &mut self.live_prompt else {
            return Cmd::None;
        };
        match keys::action(KEYS, k, |a| p.enabled(a)) {
            Some(Action::Up) => p.step(-1),
            Some(Action::Down) => p.step(1),
            Some(Action::Adopt) => p.pick(Choice::Adopt, false),
            Some(Action::Overwrite) => p.pick(Choice::Overwrite, false),
            Some(Action::AdoptAll) => p.pick(Choice::Adopt, true),
            Some(Action::OverwriteAll) => p.pick(Choice::Overwrite, true),
            Some(Action::Send) => return Cmd::Effects(self.send_choices(now_ms)),
            Some(Action::SendUnchecked) => {
                self.live_prompt = None;
                self.live_gate = LiveGate::Skip;
                self.timeline
                    .push((now_ms, "sent without the live pool check, as chosen".into()));
                return match self.retry.clone() {
                    Some(s) => Cmd::Effects(self.send(s, now_ms)),
                    None => Cmd::None,
                };
            }
            Some(Action::Cancel) => {
                self.live_prompt = None;
                self.phase = Phase::SubmitFailed(
                    "Cancelled at the live pool check: nothing was sent.".into(),
                );
                self.maybe_sent = false;
                self.set_status("NOT SENT", now_ms);
            }
            None => {}
        }
        Cmd::None
    }

    /// The choices applied: adopted live values go into the update, which is planned again and
    /// sent through the same reads (record merge, then the live check with the overwrites seen).
    fn send_choices(&mut self, now_ms: u64) -> Vec<Effect> {
        let Some(LivePrompt::Choose { found, picks, .. }) = self.live_prompt.take() else {
            return vec![];
        };
        let Some(s) = self.retry.clone() else {
            return vec![];
        };
        let mut adopted = vec![];
        let mut seen = vec![];
        for (c, pick) in found.conflicts.iter().zip(&picks) {
            match pick {
                Some(Choice::Adopt) => adopted.push(c.path.clone()),
                _ => seen.push(Seen {
                    path: c.path.clone(),
                    live: c.live.clone(),
                }),
            }
        }
        let say = |v: &[String]| v.iter().map(|p| shown(p).into_owned()).collect::<Vec<_>>();
        if !adopted.is_empty() {
            self.timeline.push((
                now_ms,
                format!("live value adopted: {}", say(&adopted).join(", ")),
            ));
        }
        let overwritten: Vec<String> = seen.iter().map(|x| x.path.clone()).collect();
        if !overwritten.is_empty() {
            self.timeline.push((
                now_ms,
                format!("overwritten as chosen: {}", say(&overwritten).join(", ")),
            ));
        }
        self.live_gate = LiveGate::Chosen(seen);
        let (base, mine, guarded) = match (&s.request, &s.guard) {
            (Request::Update(_), Some(g)) => (g.base.clone(), g.mine.clone(), true),
            (Request::Update(u), None) => {
                (found.record.clone(), apply_update(&found.record, u), false)
            }
            _ => return self.send(s, now_ms),
        };
        let mut mine = mine;
        for path in &adopted {
            drift::adopt(&mut mine, &found.live, path);
        }
        let plan = plan_update(&base, &mine);
        if let Some(f) = plan.findings.iter().find(|f| f.severity == Severity::Error) {
            self.phase = Phase::SubmitFailed(format!(
                "With the live values adopted the config is refused: {}: {}\nNothing was sent.",
                f.path,
                shown(&f.message)
            ));
            self.maybe_sent = false;
            self.set_status("NOT SENT", now_ms);
            return vec![];
        }
        let next = Submission {
            target: s.target.clone(),
            request: Request::Update(plan.request),
            expect: Expect::Config(Box::new(plan.expected)),
            guard: guarded.then(|| Box::new(Guard { base, mine })),
        };
        self.send(next, now_ms)
    }
}

/// The runner's side: before an update of `t`, reads the record and the environment's meta in
/// parallel, then the live pool, and says whether the update may go (`Clear`) or what to ask.
pub async fn check_live(
    c: &Clients,
    t: &Target,
    update: &UpdateAuthConfig,
    gate: &LiveGate,
) -> LiveCheck {
    if *gate == LiveGate::Skip {
        return LiveCheck::Clear(vec![]);
    }
    let (record, backend) = tokio::join!(
        c.get_auth(&t.app_id, &t.env, &t.resource),
        c.get_backend(&t.app_id, Some(&t.env))
    );
    let record = match record {
        Ok(r) => r,
        // Nothing deployed to revert: the service judges the update.
        Err(e) if e.is_not_found() => return LiveCheck::Clear(vec![]),
        Err(e) => {
            return LiveCheck::Unread(format!(
                "GetBackendAuth (the record the update is applied to) failed: {e}"
            ));
        }
    };
    let meta = match backend {
        Ok(b) => b
            .auth_resources
            .into_iter()
            .find(|r| r.name == t.resource)
            .unwrap_or_else(|| AuthResourceMeta {
                name: t.resource.clone(),
                ..AuthResourceMeta::default()
            }),
        Err(e) => {
            return LiveCheck::Unread(format!(
                "GetBackend (the environment's meta, which names the Cognito pools) failed: {e}"
            ));
        }
    };
    let live = c.read_live_pool(&meta).await;
    if live.user_pool.is_none() {
        let why: Vec<String> = live
            .failures
            .iter()
            .map(|f| format!("{} failed: {}", f.action, f.message))
            .collect();
        return LiveCheck::Unread(if why.is_empty() {
            format!(
                "the environment's meta names no user pool for auth resource {}",
                t.resource
            )
        } else {
            why.join("; ")
        });
    }
    let resets = drift::reset_by_update(&live);
    let edited = apply_update(&record, update);
    let conflicts = drift::conflicts(&record, &edited, &live);
    let unseen = conflicts.iter().any(|x| match gate {
        LiveGate::Chosen(seen) => !seen.iter().any(|s| s.path == x.path && s.live == x.live),
        _ => true,
    });
    if !unseen {
        return LiveCheck::Clear(resets);
    }
    LiveCheck::Found(Box::new(Found {
        record,
        live,
        conflicts,
        resets,
    }))
}
