//! The data formats behind `--output`, for any JSON value: `yaml`, the AWS CLI's `text`, and a
//! generic `table` for values that have no table of their own (a `--query` result, a document).
//!
//! `text` follows the AWS CLI: scalars bare (`None`, `True`, `False` as it spells them), a list
//! of scalars on one line, an object's scalar members on one line (sorted by name, tab-separated)
//! followed by its nested lists and objects, each line of a nested object led by the member name
//! in capitals. So `jobs --output text` prints one job a line, and a query for one value prints
//! just that value, which is what a shell variable wants.

use serde_json::Value;

/// A number as a person writes it: a whole float without its `.0` (`8`, not `8.0`): the service
/// sends `MinimumLength` as a JSON number and the AWS CLI prints it as `8`.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => number_text(n),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// The AWS CLI's `text` output: tab-separated values, one record a line.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    text_into(v, None, &mut out);
    out
}

fn push_line(out: &mut String, ident: Option<&str>, cells: Vec<String>) {
    let mut all: Vec<String> = ident.map(str::to_string).into_iter().collect();
    all.extend(cells);
    out.push_str(&all.join("\t"));
    out.push('\n');
}

fn text_into(v: &Value, ident: Option<&str>, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let scalars: Vec<String> = keys
                .iter()
                .filter(|k| is_scalar(&m[k.as_str()]))
                .map(|k| scalar_text(&m[k.as_str()]))
                .collect();
            if !scalars.is_empty() {
                push_line(out, ident, scalars);
            }
            for k in keys.iter().filter(|k| !is_scalar(&m[k.as_str()])) {
                text_into(&m[k.as_str()], Some(&k.to_uppercase()), out);
            }
        }
        Value::Array(items) if items.iter().all(is_scalar) => {
            if !items.is_empty() {
                push_line(out, ident, items.iter().map(scalar_text).collect());
            }
        }
        Value::Array(items) => {
            for item in items {
                text_into(item, ident, out);
            }
        }
        scalar => push_line(out, ident, vec![scalar_text(scalar)]),
    }
}

/// YAML with the members in the JSON's order; reads back to the same JSON (see `yaml_input`).
///
/// The emitter escapes C0 controls but writes DEL, C1 and the bidi controls raw; a string holding
/// any of them is emitted double-quoted with `\uXXXX` escapes instead (a JSON string is a valid
/// YAML double-quoted scalar), so the output is safe on a terminal and still reads back exactly.
pub fn yaml(v: &Value) -> String {
    let mut hostile = Vec::new();
    let doc = to_yaml(v, &mut hostile);
    let mut s = String::new();
    let mut emitter = saphyr::YamlEmitter::new(&mut s);
    // The Apple key is several lines: a block scalar keeps it readable.
    emitter.multiline(true);
    // Emitting into a String cannot fail; the emitter's only errors are the writer's.
    let _ = emitter.dump(&doc);
    for (i, original) in hostile.iter().enumerate() {
        // The placeholder holds C0 controls, so the emitter wrote it as `"\u0001<i>\u0002"`.
        let quoted = crate::term_text::json_text(Value::String(original.clone()).to_string());
        s = s.replace(&format!("\"\\u0001{i}\\u0002\""), &quoted);
    }
    let body = s.strip_prefix("---\n").unwrap_or(&s).to_string();
    if body.ends_with('\n') {
        body
    } else {
        body + "\n"
    }
}

/// A string for the emitter: itself, or a placeholder for one holding a character the emitter
/// would write raw (see [`yaml`]), the original kept in `hostile`.
fn yaml_string(s: &str, hostile: &mut Vec<String>) -> saphyr::Yaml<'static> {
    use saphyr::{Scalar, Yaml};
    let raw_escapes = |c: char| crate::term_text::is_hostile(c) && !matches!(c, '\u{0}'..='\u{1f}');
    if s.chars().any(raw_escapes) {
        hostile.push(s.to_string());
        let placeholder = format!("\u{1}{}\u{2}", hostile.len() - 1);
        return Yaml::Value(Scalar::String(placeholder.into()));
    }
    Yaml::Value(Scalar::String(s.to_string().into()))
}

fn to_yaml(v: &Value, hostile: &mut Vec<String>) -> saphyr::Yaml<'static> {
    use saphyr::{Scalar, Yaml};
    match v {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Value(Scalar::Integer(i)),
            None => Yaml::Value(Scalar::FloatingPoint(n.as_f64().unwrap_or(f64::NAN).into())),
        },
        Value::String(s) => yaml_string(s, hostile),
        Value::Array(a) => Yaml::Sequence(a.iter().map(|v| to_yaml(v, hostile)).collect()),
        Value::Object(m) => Yaml::Mapping(
            m.iter()
                .map(|(k, v)| (yaml_string(k, hostile), to_yaml(v, hostile)))
                .collect(),
        ),
    }
}

/// A table for any value: a list of objects gets a column per member, an object a row per leaf
/// (`Path  Value`), a list of scalars a value a line, a scalar itself.
pub fn table(v: &Value) -> String {
    match v {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let mut header: Vec<String> = Vec::new();
            for item in items {
                for k in item.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !header.contains(k) {
                        header.push(k.clone());
                    }
                }
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|item| {
                    header
                        .iter()
                        .map(|k| item.get(k).map_or_else(|| "-".into(), cell))
                        .collect()
                })
                .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            columns(&header, &rows)
        }
        Value::Object(_) => {
            let mut rows = Vec::new();
            leaves(v, String::new(), &mut rows);
            columns(&["PATH", "VALUE"], &rows)
        }
        Value::Array(items) => items.iter().map(|i| cell(i) + "\n").collect(),
        scalar => cell(scalar) + "\n",
    }
}

/// One table cell: scalars as text, anything nested as compact JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => number_text(n),
        Value::Bool(b) => b.to_string(),
        nested => nested.to_string(),
    }
}

fn leaves(v: &Value, path: String, rows: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(child, p, rows);
            }
        }
        Value::Array(a) if !a.is_empty() && !a.iter().all(is_scalar) => {
            for (i, child) in a.iter().enumerate() {
                leaves(child, format!("{path}[{i}]"), rows);
            }
        }
        Value::Array(a) => rows.push(vec![
            path,
            a.iter().map(cell).collect::<Vec<_>>().join(", "),
        ]),
        leaf => rows.push(vec![path, cell(leaf)]),
    }
}

/// Rows under a header, columns padded to the widest cell; the last column is not padded.
pub fn columns(header: &[&str], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                let pad = widths[i] - cell.chars().count() + 2;
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_one_record_a_line_like_the_aws_cli() {
        let v = json!({"Jobs": [
            {"JobId": "j-1", "Status": "COMPLETED", "Operation": "CreateBackendAuth"},
            {"JobId": "j-2", "Status": "FAILED", "Operation": "UpdateBackendAuth"}
        ]});
        assert_eq!(
            text(&v),
            "JOBS\tj-1\tCreateBackendAuth\tCOMPLETED\nJOBS\tj-2\tUpdateBackendAuth\tFAILED\n"
        );
        assert_eq!(text(&json!("COMPLETED")), "COMPLETED\n");
        assert_eq!(text(&json!(8.0)), "8\n");
        assert_eq!(text(&json!(8.5)), "8.5\n");
        assert_eq!(text(&json!(["a", "b", null, true])), "a\tb\tNone\tTrue\n");
        assert_eq!(
            text(&json!({"A": 1, "N": {"B": "x", "C": ["p", "q"]}})),
            "1\nN\tx\nC\tp\tq\n"
        );
    }

    #[test]
    fn yaml_keeps_order_and_quotes_what_would_change_type() {
        let v = json!({"Z": "8", "A": 8.0, "B": "true", "L": ["x"], "E": "", "K": "a\nb\n"});
        let y = yaml(&v);
        assert!(y.starts_with("Z: \"8\"\nA: 8.0\nB: \"true\"\n"), "{y}");
        let back = crate::headless::yaml_input::to_json_value(&y).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn generic_tables() {
        let t = table(&json!([{"A": "x", "B": 1}, {"A": "yy"}]));
        assert_eq!(t, "A   B\nx   1\nyy  -\n");
        let t = table(&json!({"P": {"Q": 8.0, "R": ["a", "b"]}}));
        assert_eq!(t, "PATH  VALUE\nP.Q   8\nP.R   a, b\n");
        assert_eq!(table(&json!("v")), "v\n");
    }

    #[test]
    fn yaml_escapes_c1_del_and_bidi_and_reads_back_exactly() {
        let hostile = "a\u{1b}]52;c;eA==\u{7}\u{9b}2J\u{202e}b\u{7f}\r\u{b}\u{2066}";
        let v = json!({ "Name": hostile, "List": [hostile, "plain"], hostile: 1 });
        let text = yaml(&v);
        assert!(
            !text
                .chars()
                .any(|c| crate::term_text::is_hostile(c) && c != '\n'),
            "{text:?}"
        );
        let back = crate::headless::yaml_input::to_json_value(&text).unwrap();
        assert_eq!(back, v, "{text}");
    }
}
