//! The AWS layer: the SDK calls against a scripted HTTP server (`support::aws`) or the sandbox
//! behind a hostile proxy.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

mod calls;
mod convert;
mod errors;
mod fault_timings;
mod meta;
mod progress;
mod response_cap;
