//! The documentation holds: the README's captures and commands, and tests/README.md's map.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

mod readme_captures;
mod readme_commands;
mod test_map;
