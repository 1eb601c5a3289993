//! What a wizard field is: its id and its declaration ([`FieldDef`]). The declarations themselves
//! live in the step files (`wizard/steps/<step>.rs`, each a `FIELDS` table), so everything about
//! one field — label, help, JSON path, widget, how it reads from and writes to the `AuthConfig`,
//! when it shows, whether it is fixed or secret — is written once, beside the step that shows it.
//! A declaration sees the wizard only as [`FieldValues`], and an id's declaration is looked up in
//! the registry (`steps`), so this module imports neither the wizard's state nor the steps.

use std::collections::BTreeSet;
use std::fmt;

use crate::domain::AuthConfig;
use crate::domain::finding::Finding;

use super::mode::{KeyState, Mode};
use crate::tui::widgets::Field;

/// One field of the wizard, named by a constant declared in its step's file
/// (`FieldId::MinLength` is in `steps/password.rs`). The name is also the field's key in a
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
}

/// Prints the bare name (`MinLength`), as drafts and test output always have.
impl fmt::Debug for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
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
    pub when: fn(&dyn FieldValues) -> bool,
    /// The widget, holding the value read from a config (or the default when it has none).
    pub read: fn(&AuthConfig) -> Field,
    /// Writes the field's value into the config being built. Fields write in declaration
    /// order, so a toggle creates (or removes) the part its fields then fill in. A value that
    /// cannot be read at all becomes a finding instead.
    pub write: fn(&dyn FieldValues, &mut AuthConfig, &mut Vec<Finding>),
}

impl FieldDef {
    /// A field shown always, editable always, not secret.
    pub const fn new(
        id: FieldId,
        label: &'static str,
        path: &'static str,
        help: &'static str,
        read: fn(&AuthConfig) -> Field,
        write: fn(&dyn FieldValues, &mut AuthConfig, &mut Vec<Finding>),
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

    pub const fn when(mut self, when: fn(&dyn FieldValues) -> bool) -> FieldDef {
        self.when = when;
        self
    }
}

/// For fields that are not part of the config (the target, a file path to load from).
pub fn writes_nothing(_: &dyn FieldValues, _: &mut AuthConfig, _: &mut Vec<Finding>) {}

/// A read-only view of the wizard's values: what a field's `when`, `write` and a step's notes
/// may look at. The wizard's state implements it.
pub trait FieldValues {
    fn field(&self, id: FieldId) -> &Field;
    fn mode(&self) -> &Mode;
    fn key_state(&self) -> &KeyState;
    /// Key ID from a loaded `AuthKey_<KEYID>.p8` file name, checked against the Key ID field.
    fn key_file_id(&self) -> Option<&str>;
    /// Message settings kept for the channel not chosen (see `Wizard::kept_channels`).
    fn kept_channels(&self) -> &BTreeSet<FieldId>;
    fn region(&self) -> &str;

    fn text(&self, id: FieldId) -> String {
        self.field(id).value()
    }

    fn trimmed(&self, id: FieldId) -> String {
        self.text(id).trim().to_string()
    }

    fn on(&self, id: FieldId) -> bool {
        self.field(id).is_on()
    }

    fn is_edit(&self) -> bool {
        matches!(self.mode(), Mode::Edit { .. })
    }

    /// The provider redirect URL users register with Facebook, Google, Amazon and Apple: on the
    /// Cognito domain the service deploys, `<prefix>-<env>` (see `domain::hosted_ui`).
    fn idp_response_url(&self) -> Option<String> {
        use crate::domain::hosted_ui::{cognito_domain, idp_response_url};
        let prefix = self.trimmed(FieldId::DomainPrefix);
        let env = self.trimmed(FieldId::EnvName);
        (!prefix.is_empty())
            .then(|| idp_response_url(&cognito_domain(&prefix, &env), self.region()))
    }
}
