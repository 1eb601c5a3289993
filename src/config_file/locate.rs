//! Where a JSON path is in the text of a file, so a finding can say `file:line:column` and an
//! editor or a pre-commit hook can jump there.
//!
//! serde_json keeps no positions once a document is parsed, so this walks the text itself. It only
//! ever sees text that already parsed, and it gives up quietly (returning the deepest position it
//! reached) on anything it does not expect.

/// One step of a path like `ResourceConfig.UserPoolConfigs.OAuth.RedirectSignInURIs[2]`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else { break };
            if let Ok(n) = inner[..end].parse() {
                out.push(Seg::Index(n));
            }
            rest = &inner[end + 1..];
        }
    }
    out
}

/// The 1-based line and column (in characters) of the member or element `path` names, or of its
/// deepest ancestor present in the text (a missing member is reported where its parent is).
pub fn locate(text: &str, path: &str) -> (usize, usize) {
    let segs = parse_path(path);
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    let start = s.i;
    let at = s.find(&segs).unwrap_or(start);
    line_col(text, at)
}

/// Line and column of a byte offset, both 1-based.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The JSON path of the innermost member or element open at byte `offset`, e.g. where a syntax
/// error stopped the parser (`ResourceConfig.UserPoolConfigs`); empty at the top level.
pub fn path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Obj {
            key: Option<String>,
            expect_key: bool,
        },
        Arr {
            index: usize,
        },
    }
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    let mut stack: Vec<Frame> = Vec::new();
    while s.i < offset.min(s.b.len()) {
        match s.b[s.i] {
            b'{' => {
                stack.push(Frame::Obj {
                    key: None,
                    expect_key: true,
                });
                s.i += 1;
            }
            b'[' => {
                stack.push(Frame::Arr { index: 0 });
                s.i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                s.i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Obj { key, expect_key }) => {
                        *key = None;
                        *expect_key = true;
                    }
                    Some(Frame::Arr { index }) => *index += 1,
                    None => {}
                }
                s.i += 1;
            }
            b'"' => {
                let start = s.i;
                let text = s.string();
                match (stack.last_mut(), text) {
                    (Some(Frame::Obj { key, expect_key }), Some(k)) if *expect_key => {
                        *key = Some(k);
                        *expect_key = false;
                    }
                    (_, None) => break,
                    _ => {}
                }
                if s.i <= start {
                    break;
                }
            }
            _ => s.i += 1,
        }
    }
    let mut out = String::new();
    for f in &stack {
        match f {
            Frame::Obj { key: Some(k), .. } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Obj { key: None, .. } => {}
            Frame::Arr { index } => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Positioned at a value: the offset of what `segs` names below it, the deepest found.
    /// `None` when not even the first step exists here.
    fn find(&mut self, segs: &[Seg]) -> Option<usize> {
        let (first, rest) = segs.split_first()?;
        self.ws();
        match (first, self.peek()) {
            (Seg::Key(want), Some(b'{')) => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return None;
                    }
                    let key_at = self.i;
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    self.ws();
                    if &key == want {
                        return Some(self.find(rest).unwrap_or(key_at));
                    }
                    self.skip_value()?;
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            (Seg::Index(want), Some(b'[')) => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    if self.peek() == Some(b']') {
                        return None;
                    }
                    if n == *want {
                        let at = self.i;
                        return Some(self.find(rest).unwrap_or(at));
                    }
                    self.skip_value()?;
                    if !self.eat(b',') {
                        return None;
                    }
                    n += 1;
                }
            }
            _ => None,
        }
    }

    /// A string at the cursor, unescaped (enough for member names).
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = std::str::from_utf8(self.b.get(self.i..self.i + 4)?).ok()?;
                            self.i += 4;
                            let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)
                                .unwrap_or('\u{fffd}');
                            let mut buf = [0; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
  "AppId": "d1",
  "ResourceConfig": {
    "Note": "a \"quoted\" {brace} [bracket]",
    "UserPoolConfigs": {
      "OAuth": {
        "RedirectSignInURIs": [
          "https://a/",
          "https://b/",
          "bad uri"
        ]
      },
      "Fancy\u0041": 1
    }
  }
}"#;

    #[test]
    fn finds_members_and_elements() {
        assert_eq!(locate(DOC, "AppId"), (2, 3));
        assert_eq!(locate(DOC, "ResourceConfig.UserPoolConfigs.OAuth"), (6, 7));
        assert_eq!(
            locate(
                DOC,
                "ResourceConfig.UserPoolConfigs.OAuth.RedirectSignInURIs[2]"
            ),
            (10, 11)
        );
        assert_eq!(
            locate(DOC, "ResourceConfig.UserPoolConfigs.FancyA"),
            (13, 7)
        );
    }

    #[test]
    fn a_missing_member_points_at_its_deepest_ancestor() {
        assert_eq!(
            locate(DOC, "ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix"),
            (6, 7)
        );
        assert_eq!(
            locate(
                DOC,
                "ResourceConfig.UserPoolConfigs.OAuth.RedirectSignInURIs[7]"
            ),
            (7, 9)
        );
        assert_eq!(locate(DOC, "Nowhere.At.All"), (1, 1));
    }

    #[test]
    fn paths_parse_with_indices() {
        assert_eq!(
            parse_path("A.B[2][3].C"),
            vec![
                Seg::Key("A".into()),
                Seg::Key("B".into()),
                Seg::Index(2),
                Seg::Index(3),
                Seg::Key("C".into())
            ]
        );
    }

    #[test]
    fn the_path_open_at_an_offset() {
        let text = "{\"A\": {\"B\": [1, {\"C\": tru";
        assert_eq!(path_at(text, text.len()), "A.B[1].C");
        assert_eq!(path_at(text, 1), "");
        assert_eq!(path_at("{\"A\": 1, ", 9), "");
        assert_eq!(offset_of("ab\ncd\nef", 3, 2), 7);
        assert_eq!(offset_of("ab", 5, 1), 2);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_col("{\"é\": 1}", 7), (1, 7));
        assert_eq!(line_col("a\nbc", 3), (2, 2));
    }
}
