//! The sandbox tests. tests/README.md says what each module holds.

#[path = "../support/mod.rs"]
mod support;

mod access;
mod api;
mod cognito_failures;
mod conn;
mod divergence;
mod durability;
mod independence;
mod load;
mod peer_clients;
mod serve_background;
mod wire;
