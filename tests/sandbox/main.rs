//! The sandbox that stands in for AWS: through the real SDKs, on the raw wire, as `serve`, and
//! against AWS's own clients.
//!
//! One module per behaviour; tests/README.md maps each behaviour to its module.

// The shared fixtures (tests/README.md says why this is a `#[path]`).
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
