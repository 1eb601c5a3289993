//! YAML input: a YAML config is turned into the same JSON value a JSON file would give, and every
//! member and element keeps its YAML position, so findings and parse errors say `file:line:column`
//! in the file the user wrote, exactly as for JSON.
//!
//! The rest of the input pipeline (`read::parse`, the rules, `refuse_on_errors`) sees only JSON:
//! one pipeline, two notations. The JSON text is made here from the parsed YAML, so it always
//! parses; any error after that is about the content (an unknown member, a wrong type), and is
//! located through the position table, not in the generated text.

use std::collections::HashMap;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};

/// Whether an input is YAML: by its extension, else by its content (JSON starts with `{` or `[`,
/// the only tops a config can have; anything else is read as YAML).
pub fn is_yaml(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return true;
    }
    if lower.ends_with(".json") {
        return false;
    }
    let body = text.trim_start_matches('\u{feff}').trim_start();
    !(body.starts_with('{') || body.starts_with('['))
}

/// Where each JSON path (`A.B[2].C`, as `locate` writes them) starts in the YAML text: a member
/// at its key, an element at its value, 1-based line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Positions(HashMap<String, (usize, usize)>);

impl Positions {
    /// The position of `path`, or of its nearest ancestor present (a missing member is reported
    /// where its parent is, as for JSON).
    pub fn position(&self, path: &str) -> (usize, usize) {
        let mut p = path.trim_start_matches('.').to_string();
        loop {
            if let Some(pos) = self.0.get(&p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None if !p.is_empty() => p.clear(),
                None => return (1, 1),
            }
        }
    }
}

/// A YAML problem: what, and where (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub path: String,
    pub message: String,
}

/// The deepest nesting of sequences and mappings accepted: serde_json's own limit for JSON input,
/// so both notations refuse at the same depth. An auth config nests about 6 levels.
pub const MAX_DEPTH: usize = 128;

/// Refuses YAML that nests deeper than [`MAX_DEPTH`], counted from the parser's events (no tree is
/// built, nothing recursive runs), with the line and column where the limit is crossed. Building
/// and dropping a tree of thousands of nested block sequences would overflow the stack.
fn check_depth(text: &str) -> Result<(), YamlError> {
    use saphyr_parser::{Event, Parser};
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        // A scan error is reported by the loader afterwards, with its own words.
        let Ok((event, span)) = event else {
            return Ok(());
        };
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(YamlError {
                        line: span.start.line(),
                        column: span.start.col() + 1,
                        path: String::new(),
                        message: format!(
                            "the YAML nests deeper than {MAX_DEPTH} levels; an auth config nests about 6"
                        ),
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Parses YAML text into a JSON value and the position of every path in it.
pub fn to_json(text: &str) -> Result<(Value, Positions), YamlError> {
    check_depth(text)?;
    let docs = MarkedYaml::load_from_str(text).map_err(|e| YamlError {
        line: e.marker().line(),
        column: e.marker().col() + 1,
        path: String::new(),
        message: format!("malformed YAML: {}", e.info()),
    })?;
    let doc = match docs.as_slice() {
        [one] => one,
        [] => {
            return Err(YamlError {
                line: 1,
                column: 1,
                path: String::new(),
                message: "the input is empty".into(),
            });
        }
        [_, second, ..] => {
            return Err(YamlError {
                line: second.span.start.line(),
                column: second.span.start.col() + 1,
                path: String::new(),
                message: "the input holds several YAML documents; give one config a file".into(),
            });
        }
    };
    let mut positions = Positions::default();
    let value = convert(doc, String::new(), &mut positions)?;
    Ok((value, positions))
}

/// The JSON value of YAML text (tests and round trips).
pub fn to_json_value(text: &str) -> Result<Value, YamlError> {
    to_json(text).map(|(v, _)| v)
}

fn at(node: &MarkedYaml<'_>) -> (usize, usize) {
    (node.span.start.line(), node.span.start.col() + 1)
}

fn convert(node: &MarkedYaml<'_>, path: String, pos: &mut Positions) -> Result<Value, YamlError> {
    pos.0.entry(path.clone()).or_insert_with(|| at(node));
    let fail = |message: String| {
        let (line, column) = at(node);
        YamlError {
            line,
            column,
            path: path.clone(),
            message,
        }
    };
    match &node.data {
        YamlData::Value(s) => scalar(s).map_err(fail),
        YamlData::Representation(text, style, tag) => {
            match Scalar::parse_from_cow_and_metadata(text.clone(), *style, tag.as_ref()) {
                Some(s) => scalar(&s).map_err(fail),
                None => Err(fail(format!("{text:?} does not match its tag"))),
            }
        }
        YamlData::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| convert(item, format!("{path}[{i}]"), pos))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        YamlData::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(Scalar::Integer(i)) => i.to_string(),
                    YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
                    _ => {
                        let (line, column) = at(k);
                        return Err(YamlError {
                            line,
                            column,
                            path,
                            message: "a member name must be a plain name".into(),
                        });
                    }
                };
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                // A member is where its name is, as `locate` reports it for JSON.
                pos.0.insert(child.clone(), at(k));
                let value = convert(v, child, pos)?;
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }
        YamlData::Tagged(tag, _) => Err(fail(format!(
            "the tag !{} is not supported; write the value plainly",
            tag.suffix
        ))),
        YamlData::Alias(_) | YamlData::BadValue => Err(fail(
            "this value could not be read (an unknown alias?)".into(),
        )),
    }
}

fn scalar(s: &Scalar<'_>) -> Result<Value, String> {
    Ok(match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => Value::Number(
            Number::from_f64(f.into_inner())
                .ok_or_else(|| format!("{} is not a number JSON can hold", f.into_inner()))?,
        ),
        Scalar::String(s) => Value::String(s.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_is_recognised_by_extension_then_content() {
        assert!(is_yaml("a.yaml", "{}"));
        assert!(is_yaml("a.YML", ""));
        assert!(!is_yaml("a.json", "x: 1"));
        assert!(!is_yaml("<stdin>", "  {\"a\": 1}"));
        assert!(is_yaml("<stdin>", "AppId: d1\n"));
    }

    #[test]
    fn values_and_positions() {
        let text = "AppId: d1\nResourceConfig:\n  Service: COGNITO\n  List:\n    - a\n    - 'b'\n  N: 8\n  F: 8.5\n  Q: \"8\"\n";
        let (v, pos) = to_json(text).unwrap();
        assert_eq!(
            v,
            json!({"AppId": "d1", "ResourceConfig": {"Service": "COGNITO", "List": ["a", "b"], "N": 8, "F": 8.5, "Q": "8"}})
        );
        assert_eq!(pos.position("AppId"), (1, 1));
        assert_eq!(pos.position("ResourceConfig.Service"), (3, 3));
        assert_eq!(pos.position("ResourceConfig.List[1]"), (6, 7));
        // Missing members are reported at their nearest ancestor.
        assert_eq!(pos.position("ResourceConfig.Nope.Deeper"), (2, 1));
    }

    #[test]
    fn errors_say_where() {
        let e = to_json("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(e.message.starts_with("malformed YAML"), "{e:?}");
        assert!(e.line >= 2, "{e:?}");
        let e = to_json("a: 1\na: 2\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("duplicated key")), (2, true));
        let e = to_json("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused_where_it_crosses_the_limit() {
        // 12 KB of nested block sequences overflowed the stack before.
        let deep = format!("{}x", "- ".repeat(6000));
        let e = to_json(&deep).unwrap_err();
        assert!(e.message.contains("deeper than 128"), "{e:?}");
        assert_eq!((e.line, e.column), (1, 2 * 128 + 1), "{e:?}");
        let flow = format!("a: {}{}", "[".repeat(6000), "]".repeat(6000));
        assert!(to_json(&flow).is_err());
        // At the limit it parses.
        let ok = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert!(to_json(&ok).is_ok());
    }
}
