//! The data formats behind `--output`, for any JSON value: the AWS CLI's `text`, and a generic
//! `table` for values that have no table of their own (a `--query` result, a document).
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
    fn generic_tables() {
        let t = table(&json!([{"A": "x", "B": 1}, {"A": "yy"}]));
        assert_eq!(t, "A   B\nx   1\nyy  -\n");
        let t = table(&json!({"P": {"Q": 8.0, "R": ["a", "b"]}}));
        assert_eq!(t, "PATH  VALUE\nP.Q   8\nP.R   a, b\n");
        assert_eq!(table(&json!("v")), "v\n");
    }
}
