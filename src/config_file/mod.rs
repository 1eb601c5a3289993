//! Config files as both front ends read and write them: `--input FILE|-` for the headless
//! commands and `edit --input FILE` for the TUI read the same shapes through [`read`], in JSON or
//! YAML, and point at the same `file:line:column` when something is wrong.
//!
//! - [`read`]: the bounded read of a file or stdin, and the parse into a create or update input.
//! - [`locate`]: JSON paths to line and column in JSON text, and back.
//! - [`yaml_read`]: YAML into the same JSON value, with positions in the YAML.
//! - [`yaml_write`]: a JSON value as YAML that reads back to the same value.

pub mod locate;
pub mod read;
pub mod yaml_read;
pub mod yaml_write;
