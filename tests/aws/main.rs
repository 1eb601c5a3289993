//! The aws tests. tests/README.md says what each module holds.

#[path = "../support/mod.rs"]
mod support;

mod calls;
mod convert;
mod errors;
mod fault_timings;
mod meta;
mod progress;
mod response_cap;
