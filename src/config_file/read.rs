//! Reading `--input FILE|-` and parsing it into a config, with errors that say where.
//!
//! Accepted, all in the AWS CLI's `--cli-input-json` shape:
//! - the `create-backend-auth` input (`AppId`, `BackendEnvironmentName`, `ResourceName`,
//!   `ResourceConfig`), which is what `get` prints and what `--generate-cli-skeleton` writes;
//! - the `update-backend-auth` input (the same, with the update shape's `ResourceConfig`);
//! - a bare `ResourceConfig` of either shape.
//!
//! Each may be written in YAML instead (by the `.yaml`/`.yml` extension, or by content): it is read
//! into the same JSON value, with positions that point into the YAML (see [`super::yaml_read`]).
//!
//! Member names are checked strictly: an unknown member is an error naming its JSON path (a typo
//! silently ignored would be a setting silently not applied). Values are checked by the rules
//! afterwards, so a skeleton's placeholders come back as findings, not as parse errors.

use std::io::Read;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::locate::{locate, offset_of, path_at};
use super::yaml_read::{self, Positions};
use crate::aws::sanitize_text;
use crate::domain::AuthConfig;
use crate::domain::update::UpdateAuthConfig;
use crate::exit_code::Failure;

/// Auth configs are a few KiB; anything this big is the wrong file.
const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// The members of the `*-backend-auth` inputs around `ResourceConfig`.
const WRAPPER_MEMBERS: &[&str] = &[
    "AppId",
    "BackendEnvironmentName",
    "ResourceName",
    "ResourceConfig",
];

/// The input text and what to call it in messages.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file name as given, or `<stdin>`.
    pub name: String,
    /// The input as JSON: the file itself, or the JSON made from a YAML file.
    pub text: String,
    /// For a YAML file: where each path is in the YAML the user wrote.
    pub yaml: Option<Positions>,
}

impl Source {
    /// `file:line:column` of a JSON path in this input (of its nearest present ancestor).
    pub fn position(&self, json_path: &str) -> (usize, usize) {
        match &self.yaml {
            Some(p) => p.position(json_path),
            None => locate(&self.text, json_path),
        }
    }

    /// A YAML input read into JSON, keeping its positions; JSON input as it is.
    fn into_json(self) -> Result<Source, Failure> {
        if self.yaml.is_some() || !yaml_read::is_yaml(&self.name, &self.text) {
            return Ok(self);
        }
        let (value, positions) = yaml_read::to_json(&self.text).map_err(|e| {
            let at = if e.path.is_empty() {
                String::new()
            } else {
                format!(", at {}", e.path)
            };
            Failure::invalid(sanitize_text(&format!(
                "{}: line {}, column {}{at}: {}",
                self.name, e.line, e.column, e.message
            )))
        })?;
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| Failure::invalid(format!("{}: {e}", self.name)))?;
        Ok(Source {
            name: self.name,
            text,
            yaml: Some(positions),
        })
    }
}

/// Reads `--input`: a file name, or `-` for standard input.
pub fn read_source(arg: &str, stdin: &mut dyn Read) -> Result<Source, Failure> {
    let (name, bytes) = if arg == "-" {
        let mut buf = Vec::new();
        stdin
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Failure::usage(format!("could not read the input from stdin: {e}")))?;
        ("<stdin>".to_string(), buf)
    } else {
        // A regular file only, checked on the open handle before reading: a FIFO, a device or
        // a directory is refused (a FIFO's open would wait for a writer), and the read is bounded.
        use crate::bounded_file::{ReadProblem, read_regular};
        let buf = read_regular(std::path::Path::new(arg), MAX_INPUT_BYTES).map_err(|e| match e {
            ReadProblem::Io(e) => Failure::usage(format!("could not open the input file {arg}: {e}")),
            ReadProblem::NotRegular(kind) => Failure::usage(format!(
                "the input file {arg} is {kind}, not a regular file; to read a pipe, use --input - and pipe it to stdin"
            )),
            ReadProblem::TooLarge { .. } => Failure::invalid(format!(
                "{arg}: the input is larger than {} KiB; an auth config is a few KiB, is this the right file?",
                MAX_INPUT_BYTES / 1024
            )),
        })?;
        (arg.to_string(), buf.to_vec())
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Failure::invalid(format!(
            "{name}: the input is larger than {} KiB; an auth config is a few KiB, is this the right file?",
            MAX_INPUT_BYTES / 1024
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = super::locate::line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Failure::invalid(format!(
            "{name}: line {line}, column {col}: the input is not UTF-8 text"
        ))
    })?;
    Ok(Source {
        name,
        text,
        yaml: None,
    })
}

/// The config part of an input: the whole resource, or an update request.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigInput {
    Full(AuthConfig),
    Update(UpdateAuthConfig),
}

/// A parsed input file.
#[derive(Clone, Debug)]
pub struct Document {
    pub source: Source,
    /// Whether the config sits under `ResourceConfig` (so finding paths get that prefix).
    pub wrapped: bool,
    /// Non-empty values only: a skeleton's `""` placeholders count as absent.
    pub app_id: Option<String>,
    pub env: Option<String>,
    pub resource_name: Option<String>,
    pub config: ConfigInput,
}

impl Document {
    /// The path of a finding in this file: config findings (relative to `ResourceConfig`) get
    /// the prefix when the file has one; findings about the wrapper members stay as they are.
    pub fn json_path(&self, finding_path: &str) -> String {
        let top_level = WRAPPER_MEMBERS
            .iter()
            .any(|m| finding_path == *m || finding_path.starts_with(&format!("{m}.")));
        if self.wrapped && !top_level {
            format!("ResourceConfig.{finding_path}")
        } else {
            finding_path.to_string()
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped<C> {
    #[serde(rename = "AppId", default)]
    app_id: Option<String>,
    #[serde(rename = "BackendEnvironmentName", default)]
    env: Option<String>,
    #[serde(rename = "ResourceName", default)]
    resource_name: Option<String>,
    #[serde(rename = "ResourceConfig")]
    resource_config: C,
}

/// Parses an input in any accepted shape.
pub fn parse(source: Source) -> Result<Document, Failure> {
    let source = source.into_json()?;
    let value: Value = typed(&source)?;
    let Value::Object(top) = &value else {
        return Err(Failure::invalid(format!(
            "{}: line 1, column 1: the input must be a JSON object (the AWS CLI's --cli-input-json shape), not {}",
            source.name,
            kind_of(&value)
        )));
    };
    let wrapped = WRAPPER_MEMBERS.iter().any(|m| top.contains_key(*m));
    let cfg = if wrapped {
        top.get("ResourceConfig")
    } else {
        Some(&value)
    };
    let update = cfg.is_some_and(looks_like_update);
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let doc = |config, app_id, env, resource_name| Document {
        source: source.clone(),
        wrapped,
        app_id: non_empty(app_id),
        env: non_empty(env),
        resource_name: non_empty(resource_name),
        config,
    };
    Ok(match (wrapped, update) {
        (true, false) => {
            let w: Wrapped<AuthConfig> = typed(&source)?;
            doc(
                ConfigInput::Full(w.resource_config),
                w.app_id,
                w.env,
                w.resource_name,
            )
        }
        (true, true) => {
            let w: Wrapped<UpdateAuthConfig> = typed(&source)?;
            doc(
                ConfigInput::Update(w.resource_config),
                w.app_id,
                w.env,
                w.resource_name,
            )
        }
        (false, false) => doc(ConfigInput::Full(typed(&source)?), None, None, None),
        (false, true) => doc(ConfigInput::Update(typed(&source)?), None, None, None),
    })
}

/// Whether a `ResourceConfig` is in the update shape: it has a user pool section without any of
/// the members only the create shape has (they are required there), and no identity pool name.
fn looks_like_update(cfg: &Value) -> bool {
    let Some(up) = cfg.get("UserPoolConfigs").and_then(Value::as_object) else {
        return false;
    };
    let create_only = ["UserPoolName", "SignInMethod", "RequiredSignUpAttributes"];
    let ip_name = cfg
        .get("IdentityPoolConfigs")
        .is_some_and(|ip| ip.get("IdentityPoolName").is_some());
    !create_only.iter().any(|m| up.contains_key(*m)) && !ip_name
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses the text as `T`, turning errors into a message with line, column and JSON path.
fn typed<T: DeserializeOwned>(source: &Source) -> Result<T, Failure> {
    let mut de = serde_json::Deserializer::from_str(&source.text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        Failure::invalid(describe_parse_error(
            source,
            &e.path().to_string(),
            e.inner(),
        ))
    })?;
    de.end()
        .map_err(|e| Failure::invalid(describe_parse_error(source, ".", &e)))?;
    Ok(value)
}

/// `name: line L, column C, at PATH: what`, with serde_json's own position suffix removed.
fn describe_parse_error(source: &Source, path: &str, inner: &serde_json::Error) -> String {
    let (line, col) = if inner.line() > 0 {
        (inner.line(), inner.column())
    } else {
        source.position(path)
    };
    // Syntax errors stop before serde knows the member names; find them in the text.
    let path = if path.contains('?') || inner.is_syntax() || inner.is_eof() {
        path_at(&source.text, offset_of(&source.text, line, col))
    } else {
        path.to_string()
    };
    // The text of a YAML input is generated JSON: say where the path is in the YAML.
    let (line, col) = match &source.yaml {
        Some(p) => p.position(&path),
        None => (line, col),
    };
    let mut what = inner.to_string();
    let suffix = format!(" at line {} column {}", inner.line(), inner.column());
    if let Some(stripped) = what.strip_suffix(&suffix) {
        what = stripped.to_string();
    }
    let what = in_plain_words(&what);
    let kind = match inner.classify() {
        serde_json::error::Category::Syntax => "malformed JSON: ",
        serde_json::error::Category::Eof => "malformed JSON (it ends too early): ",
        _ => "",
    };
    let at = if path == "." || path.is_empty() {
        "at the top level".to_string()
    } else {
        format!("at {path}")
    };
    sanitize_text(&format!(
        "{}: line {line}, column {col}, {at}: {kind}{what}",
        source.name
    ))
}

/// serde's wording said the way a person editing the file reads it: the JSON kind expected
/// ("a number", not `f64`) and, for an unknown member, the closest known one.
fn in_plain_words(what: &str) -> String {
    if let Some(rest) = what.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("expected {}, found {found}", json_kind(expected));
    }
    if let Some(rest) = what.strip_prefix("unknown field `")
        && let Some((name, known)) = rest.split_once('`')
    {
        let names: Vec<&str> = known
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|n| !n.is_empty())
            .collect();
        let near = names
            .iter()
            .map(|n| (edit_distance(&name.to_lowercase(), &n.to_lowercase()), *n))
            .filter(|(d, n)| *d <= (n.len() / 3).max(2))
            .min();
        let here = if names.is_empty() {
            String::new()
        } else {
            format!(" (members here: {})", names.join(", "))
        };
        return match near {
            Some((_, n)) => format!("unknown member `{name}`; did you mean `{n}`?{here}"),
            None => format!("unknown member `{name}`{here}"),
        };
    }
    what.to_string()
}

/// A Rust/serde type name as the JSON kind a person writes.
fn json_kind(expected: &str) -> &str {
    match expected {
        "f64" | "f32" | "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "i8" | "i16" => "a number",
        "a boolean" | "bool" => "true or false",
        "a sequence" => "a list ([…])",
        e if e.starts_with("struct ") || e == "a map" => "an object ({…})",
        e => e,
    }
}

/// Levenshtein distance, for did-you-mean.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::default_config;

    fn src(text: &str) -> Source {
        Source {
            name: "cfg.json".into(),
            text: text.into(),
            yaml: None,
        }
    }

    fn wrapped_text() -> String {
        let v = serde_json::json!({
            "AppId": "d123",
            "BackendEnvironmentName": "dev",
            "ResourceName": "",
            "ResourceConfig": default_config("p"),
        });
        serde_json::to_string_pretty(&v).unwrap()
    }

    #[test]
    fn the_create_shape_parses_with_empty_placeholders_as_absent() {
        let doc = parse(src(&wrapped_text())).unwrap();
        assert!(doc.wrapped);
        assert_eq!(doc.app_id.as_deref(), Some("d123"));
        assert_eq!(doc.env.as_deref(), Some("dev"));
        assert_eq!(doc.resource_name, None);
        assert_eq!(doc.config, ConfigInput::Full(default_config("p")));
        assert_eq!(
            doc.json_path("UserPoolConfigs.UserPoolName"),
            "ResourceConfig.UserPoolConfigs.UserPoolName"
        );
        assert_eq!(doc.json_path("ResourceName"), "ResourceName");
    }

    #[test]
    fn a_bare_config_parses_and_keeps_paths_unprefixed() {
        let text = serde_json::to_string(&default_config("p")).unwrap();
        let doc = parse(src(&text)).unwrap();
        assert!(!doc.wrapped);
        assert_eq!(doc.json_path("Service"), "Service");
        assert!(matches!(doc.config, ConfigInput::Full(_)));
    }

    #[test]
    fn the_update_shape_is_recognised() {
        let text = r#"{"AppId":"d1","ResourceConfig":{"AuthResources":"USER_POOL_ONLY","Service":"COGNITO",
            "UserPoolConfigs":{"PasswordPolicy":{"MinimumLength":10}}}}"#;
        let doc = parse(src(text)).unwrap();
        match doc.config {
            ConfigInput::Update(u) => {
                assert_eq!(u.user_pool.password_policy.unwrap().minimum_length, 10.0)
            }
            other => panic!("expected an update, got {other:?}"),
        }
    }

    #[test]
    fn unknown_members_are_named_with_their_path_and_position() {
        let text = wrapped_text().replace("\"SignInMethod\"", "\"SignInMethods\"");
        let err = parse(src(&text)).unwrap_err();
        assert_eq!(err.code, crate::exit_code::INVALID_INPUT);
        assert!(
            err.message
                .contains("at ResourceConfig.UserPoolConfigs.SignInMethods"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains("unknown member `SignInMethods`; did you mean `SignInMethod`?"),
            "{}",
            err.message
        );
        let line = text
            .lines()
            .position(|l| l.contains("SignInMethods"))
            .unwrap()
            + 1;
        assert!(
            err.message
                .starts_with(&format!("cfg.json: line {line}, column ")),
            "{}",
            err.message
        );
    }

    #[test]
    fn wrong_types_and_syntax_errors_say_where() {
        let text = wrapped_text().replace("\"MinimumLength\": 8.0", "\"MinimumLength\": \"8\"");
        assert_ne!(text, wrapped_text());
        let err = parse(src(&text)).unwrap_err();
        assert!(
            err.message
                .contains("at ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength: expected a number, found string \"8\""),
            "{}",
            err.message
        );
        let err = parse(src("{\n  \"AppId\": \"d1\",\n  \"ResourceConfig\": {\n}")).unwrap_err();
        assert!(
            err.message
                .contains("line 4, column 1, at ResourceConfig: malformed JSON"),
            "{}",
            err.message
        );
        assert!(err.message.contains("malformed JSON"), "{}", err.message);
        let err = parse(src("{\"AppId\": \"d1\",, }")).unwrap_err();
        assert!(
            err.message.contains("line 1, column 16") && err.message.contains("malformed JSON"),
            "{}",
            err.message
        );
        let err = parse(src("[1]")).unwrap_err();
        assert!(
            err.message.contains("must be a JSON object"),
            "{}",
            err.message
        );
    }

    #[test]
    fn trailing_text_is_an_error() {
        let text = format!("{} {{}}", wrapped_text());
        let err = parse(src(&text)).unwrap_err();
        assert!(
            err.message.contains("trailing characters"),
            "{}",
            err.message
        );
    }

    #[test]
    fn missing_required_members_name_the_object() {
        let text = wrapped_text().replace("\"UserPoolName\"", "\"_x\"");
        let text = text.replace("\"_x\": \"p_userpool\",", "");
        let err = parse(src(&text)).unwrap_err();
        assert!(
            err.message
                .contains("at ResourceConfig.UserPoolConfigs: missing field `UserPoolName`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn stdin_and_files_are_read_and_bad_files_are_usage_errors() {
        let mut stdin = &b"{}"[..];
        let s = read_source("-", &mut stdin).unwrap();
        assert_eq!((s.name.as_str(), s.text.as_str()), ("<stdin>", "{}"));
        let err = read_source("/nonexistent/dir/cfg.json", &mut &b""[..]).unwrap_err();
        assert_eq!(err.code, crate::exit_code::USAGE);
        let mut bad = &[b'{', 0xff, b'}'][..];
        let err = read_source("-", &mut bad).unwrap_err();
        assert!(err.message.contains("not UTF-8"), "{}", err.message);
    }
}
