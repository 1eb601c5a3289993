//! TypeScript text: string literals, template literals with the code placeholder, and object
//! literals, printed with the two-space indentation Gen 2's own templates use.
//!
//! Every string from the config (messages, URLs, names) goes through [`string`] or
//! [`code_template`], which escape quotes, backslashes, `${` and every control character, so
//! text from the service can neither break out of the literal nor reach a terminal raw when the
//! files are printed.

/// A value in an object literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Js {
    Str(String),
    Bool(bool),
    Num(f64),
    /// Code written as is (`secret('NAME')`, an arrow function); only ever built from our own
    /// text and escaped literals.
    Raw(String),
    Arr(Vec<Js>),
    Obj(Obj),
}

/// An object literal, members in insertion order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obj(pub Vec<(String, Js)>);

impl Obj {
    pub fn new() -> Obj {
        Obj(Vec::new())
    }

    pub fn set(&mut self, key: &str, value: Js) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Js> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The object under `key`, made empty first if it is missing or not an object.
    pub fn obj(&mut self, key: &str) -> &mut Obj {
        if !matches!(self.get_mut(key), Some(Js::Obj(_))) {
            self.set(key, Js::Obj(Obj::new()));
        }
        match self.get_mut(key) {
            Some(Js::Obj(o)) => o,
            _ => unreachable!("set just above"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A single-quoted TypeScript string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            _ => push_escaped(&mut out, c),
        }
    }
    out.push('\'');
    out
}

/// An arrow function `(createCode) => \`…\`` giving `text` with each `{####}` replaced by
/// `${createCode()}`: Gen 2 calls it with a function returning `{####}`, so the message Cognito
/// receives is `text` again.
pub fn code_template(text: &str) -> String {
    let parts: Vec<String> = text.split("{####}").map(template_part).collect();
    format!("(createCode) => `{}`", parts.join("${createCode()}"))
}

fn template_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            _ => push_escaped(&mut out, c),
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        // Control characters (C0, DEL, C1) and the line separators JavaScript treats as line ends.
        c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
            out.push_str(&format!("\\u{{{:x}}}", c as u32))
        }
        c => out.push(c),
    }
}

/// A member name: bare when it is an identifier, quoted otherwise (`'custom:plan'`).
fn key(k: &str) -> String {
    let ident = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident { k.to_string() } else { string(k) }
}

/// A number as TypeScript writes it (whole numbers without `.0`).
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Prints a value at `indent` levels (two spaces each); objects and arrays over several lines.
pub fn print(v: &Js, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let end = "  ".repeat(indent);
    match v {
        Js::Str(s) => string(s),
        Js::Bool(b) => b.to_string(),
        Js::Num(n) => number(*n),
        Js::Raw(r) => r.clone(),
        Js::Arr(items) if items.is_empty() => "[]".into(),
        Js::Arr(items) => {
            // Short arrays of scalars stay on one line.
            let scalars = items
                .iter()
                .all(|i| matches!(i, Js::Str(_) | Js::Bool(_) | Js::Num(_)));
            let inline: Vec<String> = items.iter().map(|i| print(i, indent)).collect();
            let one_line = format!("[{}]", inline.join(", "));
            if scalars && one_line.len() + pad.len() <= 90 {
                return one_line;
            }
            let lines: Vec<String> = items
                .iter()
                .map(|i| format!("{pad}{},", print(i, indent + 1)))
                .collect();
            format!("[\n{}\n{end}]", lines.join("\n"))
        }
        Js::Obj(o) if o.is_empty() => "{}".into(),
        Js::Obj(o) => {
            let lines: Vec<String> =
                o.0.iter()
                    .map(|(k, v)| format!("{pad}{}: {},", key(k), print(v, indent + 1)))
                    .collect();
            format!("{{\n{}\n{end}}}", lines.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_break_out_of_their_literal() {
        assert_eq!(string("it's"), r"'it\'s'");
        assert_eq!(string("a\\b"), r"'a\\b'");
        assert_eq!(string("x\ny\u{1b}[2J"), r"'x\ny\u{1b}[2J'");
        assert_eq!(string("\u{2028}"), r"'\u{2028}'");
    }

    #[test]
    fn templates_put_the_code_where_the_placeholder_was() {
        assert_eq!(
            code_template("Your code is {####}."),
            "(createCode) => `Your code is ${createCode()}.`"
        );
        assert_eq!(
            code_template("`${x}` {####} costs $5"),
            "(createCode) => `\\`\\${x}\\` ${createCode()} costs $5`"
        );
    }

    #[test]
    fn objects_print_with_quoted_keys_where_needed() {
        let mut o = Obj::new();
        o.set("email", Js::Bool(true));
        o.obj("custom:plan")
            .set("dataType", Js::Str("String".into()));
        o.set(
            "scopes",
            Js::Arr(vec![Js::Str("a".into()), Js::Str("b".into())]),
        );
        assert_eq!(
            print(&Js::Obj(o), 0),
            "{\n  email: true,\n  'custom:plan': {\n    dataType: 'String',\n  },\n  scopes: ['a', 'b'],\n}"
        );
        assert_eq!(number(12.0), "12");
        assert_eq!(number(1.5), "1.5");
    }
}
