//! The wizard's mode (create, edit, recreate) and the Apple key's check state: plain facts the
//! wizard's state holds and the field declarations read (through `fields::FieldValues`), kept in
//! a leaf so neither has to import the other.

use crate::domain::AuthConfig;
use crate::domain::apple_key::AppleKey;

/// Creating a new resource, or editing one that exists (then some fields are read-only).
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Create,
    Edit {
        original: Box<AuthConfig>,
    },
    /// Delete and recreate: every field editable (the only way to change the fixed ones); the
    /// submit deletes the resource, then creates it again with this config.
    Recreate {
        original: Box<AuthConfig>,
    },
}

/// The Apple key as checked so far.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyState {
    Empty,
    Valid(AppleKey),
    Invalid(String),
}
