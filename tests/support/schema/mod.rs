//! A small JSON Schema (draft-07) checker for the keywords the committed schemas use.
//!
//! Why not the `jsonschema` crate: it brings in a regex engine, URL and HTTP-resolution crates
//! and their trees (dozens of crates) to check one ~80-line schema, on a 2-core CI that rebuilds
//! every test binary. This checker knows exactly the keywords listed in `KNOWN` and PANICS on any
//! other, so a schema that grows a keyword it cannot check fails loudly instead of passing.
#![allow(dead_code)]

use serde_json::Value;

const KNOWN: &[&str] = &[
    "$schema",
    "$comment",
    "$id",
    "$ref",
    "definitions",
    "type",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "minItems",
    "uniqueItems",
    "minimum",
    "maximum",
];

/// Every violation of `schema` by `value`, as `path: problem`.
pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(schema, schema, value, "$", &mut out);
    out
}

fn check(root: &Value, s: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
    let Some(obj) = s.as_object() else {
        panic!("schema at {path} is not an object");
    };
    for k in obj.keys() {
        assert!(
            KNOWN.contains(&k.as_str()),
            "the schema uses `{k}`, which this checker does not implement"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let target = r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .unwrap_or_else(|| panic!("unresolvable $ref {r}"));
        check(root, target, v, path, out);
    }
    if let Some(t) = obj.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            other => panic!("unknown type {other}"),
        };
        if !ok {
            out.push(format!("{path}: expected {t}, found {v}"));
            return;
        }
    }
    if let Some(c) = obj.get("const")
        && c != v
    {
        out.push(format!("{path}: must be {c}, found {v}"));
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        out.push(format!("{path}: {v} is not one of {e:?}"));
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = obj.get("minimum").and_then(Value::as_f64)
            && n < min
        {
            out.push(format!("{path}: {n} < minimum {min}"));
        }
        if let Some(max) = obj.get("maximum").and_then(Value::as_f64)
            && n > max
        {
            out.push(format!("{path}: {n} > maximum {max}"));
        }
    }
    if let Some(map) = v.as_object() {
        for r in obj
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().expect("required names are strings");
            if !map.contains_key(r) {
                out.push(format!("{path}: missing required member {r}"));
            }
        }
        let props = obj.get("properties").and_then(Value::as_object);
        for (k, child) in map {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => check(root, ps, child, &format!("{path}.{k}"), out),
                None if obj.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    out.push(format!("{path}: member {k} is not allowed"))
                }
                None => {}
            }
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(min) = obj.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            out.push(format!(
                "{path}: {} items, at least {min} needed",
                items.len()
            ));
        }
        if obj.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    out.push(format!("{path}[{i}]: {a} repeats an earlier item"));
                }
            }
        }
        if let Some(is) = obj.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, is, item, &format!("{path}[{i}]"), out);
            }
        }
    }
}
