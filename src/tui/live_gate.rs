//! The data of the live-pool check before an update (issue 26): how the next update is gated
//! and what the read just before sending found. A leaf of plain data, so the messages and the
//! job pane can carry it without importing the popup that asks about it (`live_choice`, which
//! holds the popup's keys, drawing and what each choice does).

use serde_json::Value;

use crate::domain::AuthConfig;
use crate::domain::drift::Conflict;
use crate::domain::live::LivePool;

/// How an UpdateBackendAuth is checked against the live pool just before it is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LiveGate {
    /// Read the live pool; ask before setting back anything changed outside Amplify.
    #[default]
    Check,
    /// The user chose to overwrite these members at these live values: sent when the live pool
    /// still holds what was shown for them and nothing else would be set back.
    Chosen(Vec<Seen>),
    /// The user chose to send without the check (the live pool could not be read).
    Skip,
}

/// A live value the user saw and chose to overwrite.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub path: String,
    pub live: Value,
}

/// What the read before sending found.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveCheck {
    /// Nothing changed outside Amplify is set back; the update is being sent. What the evidence
    /// says every update resets, when the live pool has it, with its source.
    Clear(Vec<String>),
    /// The live pool (or what names it) could not be read: why. Nothing was sent.
    Unread(String),
    /// Members the update would set back. Nothing was sent.
    Found(Box<Found>),
}

/// Members changed outside Amplify that the update would set back, and what they were found in.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The record as read now (what the update is applied to).
    pub record: AuthConfig,
    pub live: LivePool,
    pub conflicts: Vec<Conflict>,
    /// What the evidence says every update resets, with its source.
    pub resets: Vec<String>,
}

/// One member's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The live value is taken into the update.
    Adopt,
    /// The update's value is sent: the live change is reverted.
    Overwrite,
}

/// The popup over the job pane while it asks.
#[derive(Clone, Debug, PartialEq)]
pub enum LivePrompt {
    /// Per member: adopt the live value or overwrite it.
    Choose {
        found: Box<Found>,
        /// One per conflict; `None` until chosen.
        picks: Vec<Option<Choice>>,
        cursor: usize,
    },
    /// The live pool could not be read: send without the check, or not.
    Unread(String),
}
