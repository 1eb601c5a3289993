//! Shared fixtures.
#![allow(dead_code)]

pub mod app;
pub mod aws;
pub mod bin;
pub mod headless;
pub mod sandbox;
pub mod schema;
