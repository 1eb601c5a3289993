//! Untrusted text on the terminal: the one place that decides how a string from an input file, a
//! flag, a service answer or an error message is shown.
//!
//! A terminal acts on control characters: ESC and the C1 CSI/OSC introducers start sequences that
//! clear the screen, retitle the window or write the clipboard (OSC 52); CR, VT and FF overwrite
//! lines; the bidi controls (U+202A–U+202E, U+2066–U+2069) reorder what is shown so a name reads
//! as another. None of them is ever written raw: each is shown escaped (`\x1b`, `\u{202e}`), so
//! the text stays whole and exact (a name is never rewritten, only shown escaped) and nothing in
//! it acts on the terminal.
//!
//! - [`shown`]: a value inside a message (a name, a flag value): every control escaped, newlines
//!   and tabs too, so one value stays on its line.
//! - [`SafeWriter`]: the headless commands' stdout and stderr pass through it, so whatever a
//!   command writes is escaped the same way at the last moment (newline and tab kept as layout).
//! - [`json_text`]: JSON and YAML output keep their own escapes valid: C1, DEL and bidi become
//!   `\uXXXX` escapes inside their (always quoted) strings, which JSON and YAML read back exactly.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must never reach a terminal raw: C0 controls, DEL, C1 controls, and the bidi
/// embedding, override and isolate controls.
pub fn is_hostile(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How a hostile character is shown: `\xNN` for C0, DEL and C1, `\u{NNNN}` for the others.
fn escape_into(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let n = c as u32;
    if n < 0x100 {
        let _ = write!(out, "\\x{n:02x}");
    } else {
        let _ = write!(out, "\\u{{{n:04x}}}");
    }
}

/// `s` for the terminal, inside a message: every hostile character escaped, newline and tab
/// included. Borrowed when there is nothing to escape.
pub fn shown(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Like [`shown`], keeping newlines and tabs as layout (a whole block of output).
pub fn shown_block(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_layout: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_layout && (c == '\n' || c == '\t');
    if !s.chars().any(|c| is_hostile(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) && !keep(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Serialised JSON (or YAML whose strings are double-quoted) with DEL, C1 and bidi controls
/// turned into `\uXXXX` escapes. serde_json escapes C0 itself but writes these raw; in JSON text
/// they can only occur inside strings, where `\uXXXX` means exactly the same character.
pub fn json_text(s: String) -> String {
    if !s
        .chars()
        .any(|c| is_hostile(c) && !matches!(c, '\n' | '\t' | '\r'))
    {
        return s;
    }
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_hostile(c) && !matches!(c, '\n' | '\t' | '\r') {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A writer that shows every hostile character escaped (see [`shown_block`]): the headless
/// commands write through it, so no code path can put a raw control on the terminal. Bytes that
/// are not UTF-8 are shown as `\xNN`; a character split across two writes is held until whole.
pub struct SafeWriter<W: Write> {
    inner: W,
    /// The start of a UTF-8 character whose rest has not been written yet (at most 3 bytes).
    pending: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        SafeWriter {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, bytes: &[u8], end: bool) -> io::Result<()> {
        let mut out = String::new();
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(&shown_block(s));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    out.push_str(&shown_block(std::str::from_utf8(good).unwrap_or_default()));
                    match e.error_len() {
                        Some(n) => {
                            for b in &bad[..n] {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = &bad[n..];
                        }
                        // An incomplete character at the end: wait for its rest.
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        if end {
            for b in rest {
                out.push_str(&format!("\\x{b:02x}"));
            }
            rest = &[];
        }
        self.pending = rest.to_vec();
        self.inner.write_all(out.as_bytes())
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        self.emit(&bytes, false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            let _ = self.emit(&pending, true);
            let _ = self.inner.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "a\u{1b}]52;c;cHduZWQ=\u{7}b\r\u{b}\u{c}\u{7f}\u{9b}2J\u{202e}c\u{2066}\0d";

    fn clean(s: &str) -> bool {
        !s.chars().any(|c| is_hostile(c) && c != '\n' && c != '\t')
    }

    #[test]
    fn every_hostile_character_is_shown_escaped_and_nothing_is_lost() {
        let s = shown(HOSTILE);
        assert!(clean(&s) && !s.contains('\n'), "{s}");
        assert_eq!(
            s,
            "a\\x1b]52;c;cHduZWQ=\\x07b\\x0d\\x0b\\x0c\\x7f\\x9b2J\\u{202e}c\\u{2066}\\x00d"
        );
        assert!(matches!(shown("plain name-1"), Cow::Borrowed(_)));
        assert_eq!(shown("a\nb\tc"), "a\\x0ab\\x09c");
        assert_eq!(shown_block("a\nb\tc"), "a\nb\tc");
    }

    #[test]
    fn json_stays_valid_and_means_the_same_string() {
        let v = serde_json::json!({ "Name": HOSTILE });
        let text = json_text(serde_json::to_string(&v).unwrap());
        assert!(clean(&text), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn the_writer_escapes_across_split_writes_and_invalid_bytes() {
        let mut out = Vec::new();
        {
            let mut w = SafeWriter::new(&mut out);
            let bytes = format!("x{HOSTILE}\n").into_bytes();
            // One byte at a time: multi-byte characters arrive in pieces.
            for b in &bytes {
                w.write_all(std::slice::from_ref(b)).unwrap();
            }
            w.write_all(&[0xff, b'z', 0xe2]).unwrap();
        }
        let s = String::from_utf8(out).unwrap();
        assert!(clean(&s), "{s}");
        assert!(s.starts_with(&format!("x{}\n", shown(HOSTILE))), "{s}");
        assert!(s.ends_with("\\xffz\\xe2"), "{s}");
    }
}
