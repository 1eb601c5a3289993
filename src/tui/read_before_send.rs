//! Reading the resource again just before a whole-state submit (an edit, `edit --input`, a
//! promote through the wizard, a delete-and-recreate), and what the job pane does with it.
//!
//! The wizard's request carries the whole state built from the read its edit started from; sent
//! over a change someone made meanwhile, it would put their members back without anyone seeing
//! it. So a [`Submission`] with a [`Guard`] first reads the resource (`Effect::ReadBeforeSend`),
//! and the pure three-way merge ([`merge3`]) decides:
//!
//! - nobody changed it: the planned request goes;
//! - someone changed other members: their changes are kept, the request is planned again from
//!   what the service holds now, and the timeline names what was kept;
//! - both changed a member: nothing is sent; the pane lists each conflict with both values and
//!   the person picks, per member, keep mine (`m`) or take theirs (`t`); Ctrl-S then reads again
//!   and merges once more (someone may have changed it again meanwhile).
//!
//! A read that fails means "could not check": nothing is sent (the pane says so; `r` tries again).
//! A resource the read does not find has no deployed state to revert: the request goes as planned.

use ratatui::text::Line;

use super::keys;
use super::msg::{Effect, Expect, Guard, Request, Submission};
use super::screens::job_pane::{self, ConflictPicker, JobPane, Phase};
use super::theme;
use crate::aws::{ApiError, sanitize_text};
use crate::domain::AuthConfig;
use crate::domain::diff::diff;
use crate::domain::merge::{Fresh, Pick, merge3};
use crate::domain::update_plan::plan_update;

impl JobPane {
    /// Starts a submission in this pane: a guarded one reads the resource first, any other is
    /// sent as it is.
    pub fn send(&mut self, s: Submission, now_ms: u64) -> Vec<Effect> {
        self.expect = s.expect.clone();
        self.phase = Phase::Submitting;
        self.conflicts = None;
        // A new pane starts out saying SUBMITTING; a guarded send reads first, so its timeline
        // begins with CHECKING, not a SUBMITTING that had not happened yet.
        if self.job_id.is_none() && self.timeline.len() == 1 && self.status == "SUBMITTING" {
            self.timeline.clear();
            self.status.clear();
        }
        let effect = if s.guard.is_some() {
            self.set_status("CHECKING", now_ms);
            Effect::ReadBeforeSend {
                generation: self.generation,
                target: s.target.clone(),
            }
        } else {
            self.set_status("SUBMITTING", now_ms);
            Effect::Submit {
                generation: self.generation,
                target: s.target.clone(),
                request: Box::new(s.request.clone()),
                live: self.live_gate.clone(),
            }
        };
        self.retry = Some(s);
        vec![effect]
    }

    /// The resource as read again before sending: send, merge and send, or ask.
    pub fn on_read_before_send(
        &mut self,
        result: Result<AuthConfig, ApiError>,
        now_ms: u64,
    ) -> Vec<Effect> {
        self.sdk_note = None;
        let Some(s) = self.retry.clone() else {
            return vec![];
        };
        let Some(guard) = s.guard.clone() else {
            return vec![];
        };
        let theirs = match result {
            Ok(c) => c,
            // Nothing deployed to revert: sent as planned, and the service judges it.
            Err(e) if e.is_not_found() => {
                self.timeline
                    .push((now_ms, "not found when read again: sent as planned".into()));
                return self.submit_now(s, now_ms);
            }
            Err(e) => {
                self.not_sent(
                    format!(
                        "Could not read auth resource {} again before sending, to keep any change made meanwhile by someone else: {}\nNothing was sent.",
                        self.target.resource,
                        sanitize_text(&e.to_string())
                    ),
                    now_ms,
                );
                return vec![];
            }
        };
        match merge3(&guard.base, &theirs, &guard.mine) {
            Fresh::Unchanged => self.submit_now(s, now_ms),
            Fresh::Merged {
                merged,
                theirs_kept,
            } => {
                let shown: Vec<String> = theirs_kept.iter().map(|p| sanitize_text(p)).collect();
                // Nothing of theirs to keep: what changed meanwhile is this very change (an
                // earlier submit of the same input), not someone else's.
                self.timeline.push((
                    now_ms,
                    if shown.is_empty() {
                        "read again: the service already holds these values (changed meanwhile)"
                            .to_string()
                    } else {
                        format!(
                            "changed meanwhile by someone else, kept: {}",
                            shown.join(", ")
                        )
                    },
                ));
                match self.rebase(&s, theirs, *merged, now_ms) {
                    Some(next) => self.submit_now(next, now_ms),
                    None => vec![],
                }
            }
            Fresh::Conflicts(merge) => {
                self.phase = Phase::Conflicts;
                self.set_status("CONFLICT", now_ms);
                self.conflicts = Some(ConflictPicker {
                    picks: vec![None; merge.conflicts.len()],
                    merge,
                    theirs,
                    cursor: 0,
                });
                vec![]
            }
        }
    }

    fn submit_now(&mut self, s: Submission, now_ms: u64) -> Vec<Effect> {
        let guard = s.guard.clone();
        let fx = self.send(
            Submission {
                guard: None,
                ..s.clone()
            },
            now_ms,
        );
        // Kept for `r`: a retry reads and merges again.
        self.retry = Some(Submission { guard, ..s });
        fx
    }

    fn not_sent(&mut self, why: String, now_ms: u64) {
        self.phase = Phase::SubmitFailed(why);
        self.maybe_sent = false;
        self.set_status("NOT SENT", now_ms);
    }

    /// The submission that makes the service hold `mine`, planned from `theirs` (what it holds
    /// now); `None` (with the reason on the pane) when nothing is left to send or the plan is
    /// refused.
    fn rebase(
        &mut self,
        s: &Submission,
        theirs: AuthConfig,
        mine: AuthConfig,
        now_ms: u64,
    ) -> Option<Submission> {
        let guard = Some(Box::new(Guard {
            base: theirs.clone(),
            mine: mine.clone(),
        }));
        match &s.request {
            Request::Update(_) => {
                let plan = plan_update(&theirs, &mine);
                if let Some(f) = plan
                    .findings
                    .iter()
                    .find(|f| f.severity == crate::domain::finding::Severity::Error)
                {
                    self.not_sent(
                        format!(
                            "The merged config is refused: {}: {}\nNothing was sent; e goes back to your input.",
                            f.path,
                            sanitize_text(&f.message)
                        ),
                        now_ms,
                    );
                    return None;
                }
                if diff(&theirs, &plan.expected).is_empty() {
                    self.not_sent(
                        "Nothing to send: with these picks the service already holds this config."
                            .into(),
                        now_ms,
                    );
                    return None;
                }
                Some(Submission {
                    target: s.target.clone(),
                    request: Request::Update(plan.request),
                    expect: Expect::Config(Box::new(plan.expected)),
                    guard,
                })
            }
            // Delete and recreate: the delete stays; the create that follows it takes the merge.
            Request::Delete => {
                if let Some(then) = &mut self.then {
                    then.request = Request::Create(mine.clone());
                    then.expect = Expect::Config(Box::new(mine));
                }
                Some(Submission { guard, ..s.clone() })
            }
            _ => Some(Submission { guard, ..s.clone() }),
        }
    }

    /// Conflicts: the selected one takes `pick`, and the cursor moves to the next unpicked one.
    pub fn pick(&mut self, pick: Pick) {
        let Some(c) = &mut self.conflicts else {
            return;
        };
        if let Some(slot) = c.picks.get_mut(c.cursor) {
            *slot = Some(pick);
        }
        let n = c.picks.len();
        if let Some(next) = (1..=n)
            .map(|i| (c.cursor + i) % n)
            .find(|i| c.picks[*i].is_none())
        {
            c.cursor = next;
        }
    }

    pub fn move_conflict(&mut self, by: isize) {
        if let Some(c) = &mut self.conflicts {
            let last = c.picks.len().saturating_sub(1);
            c.cursor = c.cursor.saturating_add_signed(by).min(last);
        }
    }

    /// Whether every conflict has been picked.
    pub fn all_picked(&self) -> bool {
        self.conflicts
            .as_ref()
            .is_some_and(|c| c.picks.iter().all(Option::is_some))
    }

    /// Ctrl-S on the conflicts: the picks applied, then read and merged again before sending.
    pub fn send_picked(&mut self, now_ms: u64) -> Vec<Effect> {
        let (Some(c), Some(s)) = (self.conflicts.clone(), self.retry.clone()) else {
            return vec![];
        };
        let picks: Vec<Pick> = c.picks.iter().flatten().copied().collect();
        let mine = match c.merge.resolve(&picks) {
            Ok(m) => m,
            Err(e) => {
                self.not_sent(format!("{e}\nNothing was sent."), now_ms);
                return vec![];
            }
        };
        match self.rebase(&s, c.theirs, mine, now_ms) {
            Some(next) => self.send(next, now_ms),
            None => vec![],
        }
    }

    /// The conflicts as the pane shows them: each member with both values and the pick.
    pub fn conflict_lines(&self) -> Vec<Line<'static>> {
        let Some(c) = &self.conflicts else {
            return vec![];
        };
        let mut lines = vec![
            Line::styled(
                format!(
                    "✗ Changed meanwhile by someone else: {} member(s) you changed too. Nothing was sent.",
                    c.picks.len()
                ),
                theme::error(),
            ),
            Line::from(format!(
                "  For each: {} keeps yours, {} takes theirs; {} sends once all are picked (after reading it again).",
                keys::hint(job_pane::KEYS, job_pane::Action::KeepMine),
                keys::hint(job_pane::KEYS, job_pane::Action::TakeTheirs),
                keys::hint(job_pane::KEYS, job_pane::Action::SendPicked),
            )),
        ];
        for (i, (k, pick)) in c.merge.conflicts.iter().zip(&c.picks).enumerate() {
            let mark = if i == c.cursor { "›" } else { " " };
            let chosen = match pick {
                Some(Pick::Mine) => "keep mine",
                Some(Pick::Theirs) => "take theirs",
                None => "not picked",
            };
            let style = if i == c.cursor {
                theme::focus()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(
                format!(
                    "{mark} {}: theirs {} · mine {} (was {}) → {chosen}",
                    sanitize_text(&k.path),
                    sanitize_text(&k.show(&k.theirs)),
                    sanitize_text(&k.show(&k.mine)),
                    sanitize_text(&k.show(&k.base)),
                ),
                style,
            ));
        }
        if !c.merge.theirs_kept.is_empty() {
            let kept: Vec<String> = c
                .merge
                .theirs_kept
                .iter()
                .map(|p| sanitize_text(p))
                .collect();
            lines.push(Line::from(format!(
                "  Also changed by them and kept: {}",
                kept.join(", ")
            )));
        }
        lines
    }
}
