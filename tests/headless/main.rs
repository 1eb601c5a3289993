//! The AWS-CLI-shaped commands, in-process on captured streams or as the real binary, against an
//! in-process sandbox.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
#[path = "../support/mod.rs"]
mod support;

mod account_setup;
mod audit;
mod broken_pipe;
mod cli_habits;
mod cli_serve_flags;
mod commands;
mod environments;
mod fail_closed;
mod failure_decoder;
mod failure_e2e;
mod frontend_outputs;
mod gen2_export;
mod gen2_synth;
mod hostile_files;
mod hostile_output;
mod live_pool;
mod offline;
mod output;
mod secret_refs;
mod update;
mod update_round_trip;
