//! Headless whole-state submits that were planned from an earlier read (`promote`): the target is
//! read again just before sending and merged three-way (`domain::merge::merge3`), so a change
//! someone made meanwhile is kept when it touches other members, and a member both changed stops
//! the command with both values named; nothing is sent then.
//!
//! `update --input` does not come here: its documented rule is that the file is the truth, and its
//! plan is made from a read taken just before it sends.

use std::io::Write;

use crate::aws::overview::throttled;
use crate::aws::{Clients, sanitize_text};
use crate::domain::AuthConfig;
use crate::domain::merge::{Fresh, merge3};
use crate::exit_code::{self, Failure};

/// What to send after reading the target again: what it holds now (`theirs`), and the config to
/// make it hold (`mine`, with the members changed meanwhile by someone else merged in).
#[derive(Clone, Debug, PartialEq)]
pub struct Rebased {
    pub theirs: AuthConfig,
    pub mine: AuthConfig,
    /// The members someone else changed meanwhile that `mine` now keeps (empty: nobody did).
    pub theirs_kept: Vec<String>,
}

/// Reads auth resource `res` of `(app, env)` again and merges the change `base → mine` into what
/// it holds now. A conflict is a [`Failure`] (exit 3, nothing sent) naming each member with the
/// three values and the way on; a read that cannot answer is "could not check" (exit 5).
pub async fn read_and_merge(
    clients: &Clients,
    (app, env, res): (&str, &str, &str),
    base: &AuthConfig,
    mine: AuthConfig,
    command: &str,
    stderr: &mut dyn Write,
) -> Result<Rebased, Failure> {
    let theirs = throttled(|| clients.get_auth(app, env, res))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not read auth resource {res} (app {app}, environment {env}) again before sending, to keep any change made meanwhile by someone else; nothing was sent"),
                &e,
            )
        })?;
    match merge3(base, &theirs, &mine) {
        Fresh::Unchanged => Ok(Rebased {
            theirs,
            mine,
            theirs_kept: Vec::new(),
        }),
        Fresh::Merged {
            merged,
            theirs_kept,
        } => {
            let shown: Vec<String> = theirs_kept.iter().map(|p| sanitize_text(p)).collect();
            let _ = writeln!(
                stderr,
                "note: auth resource {res} in {env} was changed meanwhile by someone else; kept: {}",
                shown.join(", ")
            );
            Ok(Rebased {
                theirs,
                mine: *merged,
                theirs_kept,
            })
        }
        Fresh::Conflicts(m) => {
            let mut msg = format!(
                "{command}: auth resource {res} in {env} was changed meanwhile by someone else, in {} member(s) this {command} changes too; nothing was sent:",
                m.conflicts.len()
            );
            for c in &m.conflicts {
                msg.push_str(&format!(
                    "\n  {}: now {}, {command} would set {} (it was {} when {command} read it)",
                    sanitize_text(&c.path),
                    sanitize_text(&c.show(&c.theirs)),
                    sanitize_text(&c.show(&c.mine)),
                    sanitize_text(&c.show(&c.base)),
                ));
            }
            msg.push_str(&format!(
                "\nRun {command} again to see their change among the changes and apply over it, or leave it as it is."
            ));
            Err(Failure::new(exit_code::INVALID_INPUT, msg))
        }
    }
}
