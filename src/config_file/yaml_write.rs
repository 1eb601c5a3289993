//! Writing a JSON value as YAML: the notation a config file may be written in (`edit --input`
//! saves a `.yaml` file with it) and `--output yaml`. What it writes reads back to the same JSON
//! through [`super::yaml_read`].

use serde_json::Value;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_keeps_order_and_quotes_what_would_change_type() {
        let v = json!({"Z": "8", "A": 8.0, "B": "true", "L": ["x"], "E": "", "K": "a\nb\n"});
        let y = yaml(&v);
        assert!(y.starts_with("Z: \"8\"\nA: 8.0\nB: \"true\"\n"), "{y}");
        let back = super::super::yaml_read::to_json_value(&y).unwrap();
        assert_eq!(back, v);
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
        let back = super::super::yaml_read::to_json_value(&text).unwrap();
        assert_eq!(back, v, "{text}");
    }
}
