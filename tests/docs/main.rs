//! The docs tests. tests/README.md says what each module holds.

#[path = "../support/mod.rs"]
mod support;

mod readme_captures;
mod readme_commands;
