//! Times in words for the screens ("3.2 s", "4m05s", "3 min ago"). A leaf: the job pane, the
//! environment and history screens and the draft offer all format times, and none of them should
//! import another screen for it.

use std::time::SystemTime;

/// A duration in milliseconds, short: "3.2 s", "4m05s", "2h07m".
pub fn fmt_duration(ms: u64) -> String {
    let s = ms / 1000;
    if s < 60 {
        format!("{}.{} s", s, (ms % 1000) / 100)
    } else if s < 3600 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    }
}

/// "3 min ago", or "at an unknown time".
pub fn age(t: Option<SystemTime>, now: Option<SystemTime>) -> String {
    match (t, now) {
        (Some(t), Some(now)) => match now.duration_since(t) {
            Ok(d) => format!("{} ago", fmt_duration(d.as_millis() as u64)),
            Err(_) => "just now".into(),
        },
        _ => "at an unknown time".into(),
    }
}

/// "3 min ago" for a time in seconds since the UNIX epoch (a draft's `saved_at`), for the offer.
pub fn age_secs(saved_at: u64, now: Option<SystemTime>) -> Option<String> {
    let now = now?.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    let s = now.checked_sub(saved_at)?;
    Some(match s {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ => format!("{} days ago", s / 86_400),
    })
}

/// A count with its noun, singular or plural: "1 app", "3 apps", "1 error", "0 errors".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
