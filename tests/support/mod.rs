//! The fixtures every test binary shares, declared once in each binary's `main.rs`. Dead code is
//! allowed: no binary uses all of them.
#![allow(dead_code)]

/// The app under test: an in-process sandbox, key events, the runner driver, screens, the pty.
pub mod app;
/// The scripted HTTP server and the hostile proxy.
pub mod aws;
/// The real binary with empty AWS files and static credentials.
pub mod bin;
/// The headless commands run in-process against an in-process sandbox.
pub mod headless;
/// SDK clients pointed at a sandbox, job polling, a raw signed HTTP client, `serve` as a process.
pub mod sandbox;
/// A small JSON Schema checker.
pub mod schema;
