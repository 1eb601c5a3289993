//! The compiled binary in a pseudo-terminal: keys in, the screen out, signals, secrets.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

mod account;
mod e2e;
mod edit_file;
mod environments;
mod first_contact;
mod frontend;
mod gen2;
mod overview;
mod paste;
mod safety;
mod secret_leak;
mod spinner;
