//! The local AmplifyBackend sandbox.
