//! A draft as stored on disk: its format, its data and how a file is read back. Data only, so the
//! message types (`msg`) can carry a draft without importing the wizard or the app.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Marks a file as one of ours, so a foreign JSON file in the directory is reported, not misread.
pub const FORMAT: &str = "amplify-auth wizard draft";
pub const VERSION: u32 = 1;
/// Larger files are not drafts (every field is bounded; a full draft is a few KiB).
pub const MAX_DRAFT_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftMode {
    Create,
    Edit,
    Recreate,
}

/// One field's value: a switch, a text (or the chosen option), or a list (picked options, lines).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Flag(bool),
    Text(String),
    List(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub format: String,
    pub version: u32,
    /// The file name without `.json`; also the wizard's `draft_id`.
    pub id: String,
    pub mode: DraftMode,
    pub app_id: String,
    pub env: String,
    pub resource: String,
    /// Where the wizard was talking to, shown when offering the draft.
    pub target: String,
    pub region: String,
    /// The step the user was on, by name.
    pub step: String,
    /// Seconds since the Unix epoch.
    pub saved_at: u64,
    /// Field name (as in `FieldId`) → value. Secret fields are never here.
    pub fields: BTreeMap<String, Value>,
    /// The key ID taken from a loaded `AuthKey_<KEYID>.p8` file name.
    #[serde(default)]
    pub key_file_id: Option<String>,
    /// Secret fields that held a value the draft does not keep (names as in `fields`).
    #[serde(default)]
    pub secrets_left_out: Vec<String>,
}

/// What the draft directory held at start-up: a draft, or a file that is not one we can read.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    Draft {
        id: String,
        draft: Box<Draft>,
    },
    Unreadable {
        id: String,
        path: PathBuf,
        reason: String,
    },
}

/// Only letters, digits, `-` and `_`: ids become file names.
pub fn file_id(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if s.is_empty() { "draft".into() } else { s }
}

/// Parses a draft file's bytes, with a reason a person can act on when it is not one.
pub fn parse(bytes: &[u8]) -> Result<Draft, String> {
    let v: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("not a draft: the file is not valid JSON ({e})"))?;
    match v.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => return Err("not an amplify-auth draft (no \"format\" marker)".into()),
    }
    match v.get("version").and_then(|f| f.as_u64()) {
        Some(n) if n == u64::from(VERSION) => {}
        Some(n) => {
            return Err(format!(
                "written by another version of amplify-auth (draft format {n}, this one reads {VERSION})"
            ));
        }
        None => return Err("the draft has no version".into()),
    }
    serde_json::from_value(v).map_err(|e| format!("the draft is damaged ({e})"))
}
