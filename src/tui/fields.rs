//! What a wizard field is: its id and its declaration ([`FieldDef`]). The declarations themselves
//! live in the step files (`screens/<step>.rs`, each a `FIELDS` table), so everything about one
//! field — label, help, JSON path, widget, how it reads from and writes to the `AuthConfig`, when
//! it shows, whether it is fixed or secret — is written once, beside the step that shows it.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::domain::AuthConfig;
use crate::domain::finding::Finding;

use super::screens;
use super::widgets::Field;
use super::wizard::Wizard;

/// One field of the wizard, named by a constant declared in its step's file
/// (`FieldId::MinLength` is in `screens/password.rs`). The name is also the field's key in a
/// saved draft, so it must not change. Fields order as they are declared: step by step, and
/// within a step as its `FIELDS` table lists them (the order on screen).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldId(&'static str);

impl FieldId {
    pub const fn named(name: &'static str) -> FieldId {
        FieldId(name)
    }

    pub fn name(self) -> &'static str {
        self.0
    }

    /// The field's declaration. Every `FieldId` constant is declared in some step's table (a test
    /// checks it), so this only panics on an id made up outside them.
    pub fn def(self) -> &'static FieldDef {
        self.indexed().1
    }

    /// Label, JSON path and help, for callers that need only those.
    pub fn meta(self) -> Meta {
        let d = self.def();
        Meta {
            label: d.label,
            path: d.path,
            help: d.help,
        }
    }

    /// Its place in declaration order, and its declaration. Looked up in an index built once:
    /// fields are compared and looked up on every keystroke's re-validation.
    fn indexed(self) -> (usize, &'static FieldDef) {
        static INDEX: OnceLock<HashMap<&'static str, (usize, &'static FieldDef)>> = OnceLock::new();
        let index = INDEX.get_or_init(|| {
            screens::all_fields()
                .enumerate()
                .map(|(i, d)| (d.id.0, (i, d)))
                .collect()
        });
        *index
            .get(self.0)
            .unwrap_or_else(|| panic!("field {} is declared in no step's FIELDS", self.0))
    }
}

/// Prints the bare name (`MinLength`), as drafts and test output always have.
impl fmt::Debug for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialOrd for FieldId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FieldId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.indexed().0.cmp(&other.indexed().0)
    }
}

/// Whether a finding at `finding` belongs to a field at `field`: the same path, or below it
/// (`…RedirectSignInURIs[2]` belongs to `…RedirectSignInURIs`). The wizard and the Import form
/// both place findings with this (the wizard picks the longest such field).
pub fn path_fits(field: &str, finding: &str) -> bool {
    matches!(finding.strip_prefix(field), Some(r) if r.is_empty() || r.starts_with('.') || r.starts_with('['))
}

pub struct Meta {
    pub label: &'static str,
    /// The field's path in the CLI shape below `ResourceConfig` (or a top-level member name).
    pub path: &'static str,
    pub help: &'static str,
}

/// When a field becomes read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    /// Editable in every mode.
    Never,
    /// Cognito fixes it at creation: read-only when editing (a recreate may change it).
    AtCreation,
    /// Names the resource itself (app, environment, name): read-only on any existing resource.
    Target,
}

/// Everything about one wizard field, declared once in its step's `FIELDS` table.
pub struct FieldDef {
    pub id: FieldId,
    /// At most 19 characters (a test checks it fits the label column); a leading two spaces
    /// indent a field that belongs to the toggle above it (the Review summary then keeps it
    /// beside that toggle).
    pub label: &'static str,
    /// The JSON path below `ResourceConfig` that validation findings use; findings on it or
    /// below it show under this field.
    pub path: &'static str,
    /// One line of help, shown under the focused field.
    pub help: &'static str,
    pub fixed: Fixed,
    /// For a secret: how to name it when asking for it again (drafts leave secrets out).
    pub secret: Option<&'static str>,
    /// Whether the step shows it now (e.g. only while the toggle above it is on).
    pub when: fn(&Wizard) -> bool,
    /// The widget, holding the value read from a config (or the default when it has none).
    pub read: fn(&AuthConfig) -> Field,
    /// Writes the field's value into the config being built. Fields write in declaration
    /// order, so a toggle creates (or removes) the part its fields then fill in. A value that
    /// cannot be read at all becomes a finding instead.
    pub write: fn(&Wizard, &mut AuthConfig, &mut Vec<Finding>),
}

impl FieldDef {
    /// A field shown always, editable always, not secret.
    pub const fn new(
        id: FieldId,
        label: &'static str,
        path: &'static str,
        help: &'static str,
        read: fn(&AuthConfig) -> Field,
        write: fn(&Wizard, &mut AuthConfig, &mut Vec<Finding>),
    ) -> FieldDef {
        FieldDef {
            id,
            label,
            path,
            help,
            fixed: Fixed::Never,
            secret: None,
            when: |_| true,
            read,
            write,
        }
    }

    pub const fn fixed(mut self, fixed: Fixed) -> FieldDef {
        self.fixed = fixed;
        self
    }

    pub const fn secret(mut self, spoken: &'static str) -> FieldDef {
        self.secret = Some(spoken);
        self
    }

    pub const fn when(mut self, when: fn(&Wizard) -> bool) -> FieldDef {
        self.when = when;
        self
    }
}

/// For fields that are not part of the config (the target, a file path to load from).
pub fn writes_nothing(_: &Wizard, _: &mut AuthConfig, _: &mut Vec<Finding>) {}
