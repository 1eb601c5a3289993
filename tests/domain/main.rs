//! The domain layer, no I/O: validation tables and the Sign in with Apple key.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

mod apple_key;
mod validation;
