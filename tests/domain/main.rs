//! The domain tests. tests/README.md says what each module holds.

mod apple_key;
mod validation;
