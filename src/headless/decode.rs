//! The failure decoder's verdict under a failed job or a refused call: which member to fix, why,
//! and how (see `domain::failure`). Nothing is added for text the decoder does not know.

use crate::domain::failure::{FailureContext, decode_failure};

/// Lines to append to an error message (each starting with a newline), or nothing.
pub fn explain(text: &str, app: &str, env: &str) -> String {
    let Some(d) = decode_failure(
        text,
        &FailureContext {
            app: Some(app),
            env: Some(env),
            submitted: None,
        },
    ) else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(field) = &d.field {
        // Paths below ResourceConfig are shown as they sit in an input file.
        let shown = if field == "BackendEnvironmentName" {
            field.clone()
        } else {
            format!("ResourceConfig.{field}")
        };
        out.push_str(&format!("\n  field: {shown}"));
    }
    out.push_str(&format!("\n  cause: {}\n  fix: {}", d.cause, d.fix));
    out
}
