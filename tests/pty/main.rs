//! The pty tests. tests/README.md says what each module holds.

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
