//! Rust source read as text: tokens without comments and literals, and `use` trees expanded,
//! for the tests that check the shape of `src/` (no compiler, no network).

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

/// A token and the 1-based line it starts on.
pub type Toks = Vec<(Tok, usize)>;

/// Rust source as tokens, with comments, string, char and byte literals and lifetimes left
/// out, so that a brace or a `use` inside any of them is never seen.
pub fn tokens(src: &str) -> Toks {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Moves past `b[i..to]`, counting its newlines.
    let skip = |i: &mut usize, to: usize, line: &mut usize| {
        let to = to.min(b.len());
        *line += b[*i..to].iter().filter(|c| **c == '\n').count();
        *i = to;
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            let end = (i..b.len()).find(|&j| b[j] == '\n').unwrap_or(b.len());
            skip(&mut i, end, &mut line);
        } else if c == '/' && next == Some('*') {
            let end = block_comment_end(&b, i);
            skip(&mut i, end, &mut line);
        } else if let Some(end) = raw_string_end(&b, i) {
            skip(&mut i, end, &mut line);
        } else if c == '"' {
            let end = quoted_end(&b, i, '"');
            skip(&mut i, end, &mut line);
        } else if c == '\'' {
            // A char literal ('x', '\n', '{') or a lifetime ('a, 'static): both left out.
            let end = if next == Some('\\') {
                quoted_end(&b, i, '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                i + 3
            } else {
                (i + 1..b.len())
                    .find(|&j| !(b[j].is_alphanumeric() || b[j] == '_'))
                    .unwrap_or(b.len())
            };
            skip(&mut i, end, &mut line);
        } else if c == 'r' && next == Some('#') && b.get(i + 2).is_some_and(|c| c.is_alphabetic()) {
            i += 2; // a raw identifier r#type: the identifier follows
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(b[start..i].iter().collect()), line));
        } else if c == ':' && next == Some(':') {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            if c == '\n' {
                line += 1;
            } else if !c.is_whitespace() {
                out.push((Tok::Punct(c), line));
            }
            i += 1;
        }
    }
    out
}

/// Where a block comment starting at `i` ends; block comments nest in Rust.
fn block_comment_end(b: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < b.len() {
        if b[i] == '/' && b.get(i + 1) == Some(&'*') {
            depth += 1;
            i += 2;
        } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Where a quoted literal starting at `i` ends (after its closing quote), escapes skipped.
fn quoted_end(b: &[char], mut i: usize, quote: char) -> usize {
    i += 1;
    while i < b.len() && b[i] != quote {
        if b[i] == '\\' {
            i += 1;
        }
        i += 1;
    }
    i + 1
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br#"…"#`, `cr"…"`) starting at `i` ends, if one
/// starts there. A raw string has no escapes, so only the right number of `#` closes it.
fn raw_string_end(b: &[char], i: usize) -> Option<usize> {
    if i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_') {
        return None; // inside an identifier such as `bar`
    }
    let mut j = i;
    if matches!(b[j], 'b' | 'c') && b.get(j + 1) == Some(&'r') {
        j += 1;
    }
    if b[j] != 'r' {
        return None;
    }
    j += 1;
    let hashes = (j..b.len()).take_while(|&k| b[k] == '#').count();
    j += hashes;
    if b.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < b.len() {
        if b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(b.len())
}

pub fn ident(t: Option<&(Tok, usize)>) -> Option<&str> {
    match t {
        Some((Tok::Ident(s), _)) => Some(s),
        _ => None,
    }
}

/// Expands the `use` tree at `toks[*i]` into full paths, each with the name it binds. Stops
/// after the tree (at `;`, or at the `,` or `}` of the enclosing braces).
pub fn use_tree(
    toks: &Toks,
    i: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, String)>,
) {
    let mut path = prefix;
    loop {
        match toks.get(*i).map(|t| &t.0) {
            Some(Tok::Ident(s)) if s == "as" => {
                let alias = ident(toks.get(*i + 1)).unwrap_or("_").to_string();
                *i += 2;
                out.push((path, alias));
                return;
            }
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *i += 1;
            }
            Some(Tok::PathSep) => *i += 1,
            Some(Tok::Punct('*')) => {
                path.push("*".into());
                *i += 1;
                out.push((path, "*".into()));
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                while toks.get(*i).is_some_and(|t| t.0 != Tok::Punct('}')) {
                    use_tree(toks, i, path.clone(), out);
                    if toks.get(*i).map(|t| &t.0) == Some(&Tok::Punct(',')) {
                        *i += 1;
                    }
                }
                *i += 1; // `}`
                return;
            }
            _ => {
                let binds = path.last().cloned().unwrap_or_default();
                out.push((path, binds));
                return;
            }
        }
    }
}
