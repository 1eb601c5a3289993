//! The documentation holds: the README's captures and commands, and tests/README.md's map; and
//! the source tree keeps its shape (no import loops, no function over 100 lines).
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

mod code_shape;
mod readme_captures;
mod readme_commands;
mod test_map;
