//! Terminal escape sequences for copying and links, outside the TUI so they are tested alone and
//! the TUI only writes them.
//!
//! - OSC 52 puts text on the clipboard of the terminal the user sits at. It travels inside the
//!   output stream, so it works over SSH, where a local clipboard tool would copy on the wrong
//!   machine. Terminals that do not support it ignore it (tmux needs `set -g set-clipboard on`).
//! - OSC 8 makes text a hyperlink. Terminals that lack it may print the sequence's bytes, so it
//!   is used only where [`hyperlinks_supported`] says yes.
//! - The system clipboard (a local `wl-copy`, `xclip`, `xsel`, `pbcopy`, `clip.exe`) is the
//!   fallback where one exists and the session is local.
//!
//! Everything put inside a sequence is stripped of control characters first, so text from a
//! config cannot end the sequence early and inject its own.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Terminals cap OSC 52 payloads (xterm at about 100 000 bytes); checklist values are far below.
pub const OSC52_MAX_BYTES: usize = 74_994;

/// Text without control characters (ESC, BEL, newlines, C1), safe inside an escape sequence.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// The OSC 52 sequence that copies `text` to the clipboard, or `None` when it is too long for
/// terminals to take.
pub fn osc52_copy(text: &str) -> Option<String> {
    let encoded = STANDARD.encode(text.as_bytes());
    (encoded.len() <= OSC52_MAX_BYTES).then(|| format!("\x1b]52;c;{encoded}\x07"))
}

/// `text` as an OSC 8 hyperlink to `url`.
pub fn osc8_link(url: &str, text: &str) -> String {
    format!("\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\", clean(url), clean(text))
}

/// Whether the terminal shows OSC 8 links, from its environment. `FORCE_HYPERLINK` (`1`/`0`)
/// decides when set; otherwise only terminals known to support them say yes.
pub fn hyperlinks_supported(env: &dyn Fn(&str) -> Option<String>) -> bool {
    if let Some(v) = env("FORCE_HYPERLINK") {
        return v.trim() != "0" && !v.trim().is_empty();
    }
    if env("TERM").is_some_and(|t| t == "dumb") {
        return false;
    }
    let program = env("TERM_PROGRAM").unwrap_or_default();
    if [
        "iTerm.app",
        "WezTerm",
        "vscode",
        "ghostty",
        "Hyper",
        "Tabby",
    ]
    .contains(&program.as_str())
    {
        return true;
    }
    // GNOME Terminal and other VTE terminals since VTE 0.50.
    if env("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .is_some_and(|v| v >= 5000)
    {
        return true;
    }
    env("KITTY_WINDOW_ID").is_some()
        || env("WT_SESSION").is_some()
        || env("KONSOLE_VERSION").is_some()
        || env("ALACRITTY_WINDOW_ID").is_some()
        || env("TERM").is_some_and(|t| t.contains("kitty") || t.contains("foot"))
}

/// A local clipboard tool, for when the app runs on the user's own machine: the command and its
/// arguments, chosen from the environment and what `exists` finds on the PATH. `None` over SSH
/// (the tool would copy on the remote machine) or when no tool is there.
pub fn system_clipboard_command(
    env: &dyn Fn(&str) -> Option<String>,
    exists: &dyn Fn(&str) -> bool,
) -> Option<(&'static str, &'static [&'static str])> {
    if env("SSH_CONNECTION").is_some() || env("SSH_TTY").is_some() {
        return None;
    }
    let candidates: &[(&str, &[&str], bool)] = &[
        ("pbcopy", &[], cfg!(target_os = "macos")),
        ("wl-copy", &[], env("WAYLAND_DISPLAY").is_some()),
        (
            "xclip",
            &["-selection", "clipboard"],
            env("DISPLAY").is_some(),
        ),
        (
            "xsel",
            &["--clipboard", "--input"],
            env("DISPLAY").is_some(),
        ),
        ("clip.exe", &[], env("WSL_DISTRO_NAME").is_some()),
    ];
    candidates
        .iter()
        .find(|(cmd, _, applies)| *applies && exists(cmd))
        .map(|(cmd, args, _)| (*cmd, *args))
}

/// Copies `text` with a local clipboard tool (see [`system_clipboard_command`]); the tool's
/// stdout and stderr are discarded so it cannot draw over a TUI.
pub fn copy_with_command(cmd: &str, args: &[&str], text: &str) -> std::io::Result<()> {
    let mut child = Command::new(cmd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("{cmd} exited with {status}")))
    }
}

/// Whether `cmd` is an executable file on `PATH`.
pub fn on_path(cmd: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(cmd);
            p.is_file()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn osc52_carries_the_text_base64_encoded() {
        let s =
            osc52_copy("https://x.auth.us-east-1.amazoncognito.com/oauth2/idpresponse").unwrap();
        let payload = s
            .strip_prefix("\x1b]52;c;")
            .and_then(|r| r.strip_suffix('\x07'))
            .unwrap();
        let decoded = String::from_utf8(STANDARD.decode(payload).unwrap()).unwrap();
        assert_eq!(
            decoded,
            "https://x.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"
        );
        // Base64 has no byte that could end the sequence.
        assert!(!payload.contains(['\x07', '\x1b']));
        assert!(osc52_copy(&"x".repeat(OSC52_MAX_BYTES)).is_none());
    }

    #[test]
    fn osc8_links_cannot_be_broken_out_of() {
        assert_eq!(
            osc8_link("https://a.example/", "console"),
            "\x1b]8;;https://a.example/\x1b\\console\x1b]8;;\x1b\\"
        );
        let evil = osc8_link("https://a.example/\x1b]52;c;AAAA\x07", "x\x1b[2J");
        assert_eq!(evil.matches('\x1b').count(), 4, "{evil:?}");
        assert!(!evil.contains('\x07'));
    }

    #[test]
    fn hyperlink_support_comes_from_the_environment() {
        assert!(hyperlinks_supported(&env_of(&[(
            "TERM_PROGRAM",
            "WezTerm"
        )])));
        assert!(hyperlinks_supported(&env_of(&[("VTE_VERSION", "7600")])));
        assert!(!hyperlinks_supported(&env_of(&[("VTE_VERSION", "4600")])));
        assert!(!hyperlinks_supported(&env_of(&[(
            "TERM",
            "xterm-256color"
        )])));
        assert!(!hyperlinks_supported(&env_of(&[
            ("TERM_PROGRAM", "WezTerm"),
            ("FORCE_HYPERLINK", "0")
        ])));
        assert!(hyperlinks_supported(&env_of(&[("FORCE_HYPERLINK", "1")])));
    }

    #[test]
    fn the_clipboard_tool_fits_the_session() {
        let all = |_: &str| true;
        let wayland = env_of(&[("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0")]);
        if !cfg!(target_os = "macos") {
            assert_eq!(
                system_clipboard_command(&wayland, &all).map(|c| c.0),
                Some("wl-copy")
            );
            let x11 = env_of(&[("DISPLAY", ":0")]);
            let only_xsel = |c: &str| c == "xsel";
            assert_eq!(
                system_clipboard_command(&x11, &only_xsel),
                Some(("xsel", &["--clipboard", "--input"][..]))
            );
            assert_eq!(system_clipboard_command(&env_of(&[]), &all), None);
        }
        let ssh = env_of(&[("SSH_CONNECTION", "1 2 3 4"), ("DISPLAY", ":0")]);
        assert_eq!(system_clipboard_command(&ssh, &all), None);
    }

    #[test]
    fn a_clipboard_command_gets_the_text_on_stdin() {
        // `sh` stands in for the clipboard tool: it writes its stdin to a file.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("clip.txt");
        let script = format!("cat > '{}'", out.display());
        copy_with_command("sh", &["-c", &script], "copied value").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "copied value");
        assert!(copy_with_command("sh", &["-c", "exit 3"], "x").is_err());
        assert!(on_path("sh"));
        assert!(!on_path("no-such-clipboard-tool-xyz"));
    }
}
