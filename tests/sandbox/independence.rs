//! The sandbox stands in for AWS, so it judges the client with its own rules only. This test
//! reads every file under `src/sandbox`, tokenises it (comments and string literals dropped) and
//! resolves every path it writes, `use` trees included (braces, globs, aliases), then fails on any
//! path that goes through the `domain` module to anything but the shared data: the config types
//! (`config`, `enums`, `secret`, and the type names `domain` re-exports from them), the samples
//! and the test key generator. Whole-module imports (`use crate::domain;`, `use crate::domain as
//! d;`) and globs of `domain` fail too, since they bring the client's rules into scope unnamed;
//! so does any path through the headless or TUI layers or the client's config-file reading.
//! A second test reads `src/tui` the same way: the TUI shares config-file reading and exit codes
//! with the headless commands through `config_file` and `exit_code`, never through `headless`.

use std::path::Path;

/// What the sandbox may reach under `domain`: modules of data, and one fixture.
const ALLOWED_MODULES: &[&str] = &["config", "enums", "secret", "samples"];
const ALLOWED_ITEMS: &[(&str, &str)] = &[("apple_key", "generate_key")];
/// Layers above the domain: never the sandbox's business (`config_file` is the client's strict
/// reading of its input files; the sandbox parses requests its own way).
const CLIENT_LAYERS: &[&str] = &["headless", "tui", "config_file"];

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Path, // `::`
    Punct(char),
}

/// Tokens of Rust source with comments, strings and char literals dropped.
fn tokens(src: &str) -> Vec<Tok> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && {
            let mut j = i + 1;
            while b.get(j) == Some(&'#') {
                j += 1;
            }
            b.get(j) == Some(&'"')
        } {
            // Raw string r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            i += 3; // 'x'
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < b.len() && b[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(b[start..i].iter().collect()));
        } else if c == ':' && next == Some(':') {
            out.push(Tok::Path);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree starting at `toks[*i]` into full paths (segments; `*` for a glob, and
/// `as <alias>` kept as a last segment `as`). Stops at `;`, `,` or `}` of the enclosing level.
fn use_tree(toks: &[Tok], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        match toks.get(*i) {
            Some(Tok::Ident(s)) if s == "as" => {
                path.push("as".into());
                *i += 2; // `as` and the alias
                out.push(path);
                return;
            }
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *i += 1;
            }
            Some(Tok::Path) => *i += 1,
            Some(Tok::Punct('*')) => {
                path.push("*".into());
                *i += 1;
                out.push(path);
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                loop {
                    use_tree(toks, i, path.clone(), out);
                    match toks.get(*i) {
                        Some(Tok::Punct(',')) => *i += 1,
                        _ => break,
                    }
                    if toks.get(*i) == Some(&Tok::Punct('}')) {
                        break;
                    }
                }
                *i += 1; // `}`
                return;
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// Every path the source writes: `use` trees expanded, other paths as `a::b::c` runs.
fn paths(src: &str) -> Vec<Vec<String>> {
    let toks = tokens(src);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == Tok::Ident("use".into()) {
            i += 1;
            use_tree(&toks, &mut i, Vec::new(), &mut out);
            continue;
        }
        if let Tok::Ident(first) = &toks[i] {
            let mut path = vec![first.clone()];
            let mut j = i + 1;
            while toks.get(j) == Some(&Tok::Path) {
                match toks.get(j + 1) {
                    Some(Tok::Ident(s)) => path.push(s.clone()),
                    Some(Tok::Punct(c)) => path.push(c.to_string()),
                    _ => break,
                }
                j += 2;
            }
            if path.len() > 1 {
                out.push(path);
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// Why a path reaches the client's rules, if it does.
fn reaches_client(path: &[String]) -> Option<String> {
    let show = path.join("::");
    if let Some(layer) = path.iter().find(|s| CLIENT_LAYERS.contains(&s.as_str())) {
        return Some(format!("{show}: the {layer} layer"));
    }
    let at = path.iter().position(|s| s == "domain")?;
    // `domain` alone is a variable or field, not a path through the module.
    if path.len() == 1 {
        return None;
    }
    let next = path.get(at + 1).map(String::as_str);
    let after = path.get(at + 2).map(String::as_str);
    match next {
        None | Some("as") | Some("*") => Some(format!(
            "{show}: imports the domain module whole, bringing the client's rules into scope"
        )),
        Some(m) if ALLOWED_MODULES.contains(&m) => None,
        Some(m) if m.starts_with(char::is_uppercase) => None,
        Some(m)
            if ALLOWED_ITEMS
                .iter()
                .any(|(a, b)| m == *a && after == Some(*b)) =>
        {
            None
        }
        Some(m) => Some(format!(
            "{show}: domain::{m} is the client's, not shared data"
        )),
    }
}

fn violations(src: &str) -> Vec<String> {
    paths(src)
        .iter()
        .filter_map(|p| reaches_client(p))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every path written in each `.rs` file under `src/<dir>`, with the file's name.
fn paths_under(dir: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() > 10,
        "read {} files under {root:?}",
        files.len()
    );
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            (f.display().to_string(), paths(&text))
        })
        .collect()
}

#[test]
fn the_sandbox_never_reaches_the_clients_rules() {
    let mut found = Vec::new();
    let mut through_domain = 0;
    for (file, paths) in paths_under("sandbox") {
        through_domain += paths
            .iter()
            .filter(|p| p.len() > 1 && p.iter().any(|s| s == "domain"))
            .count();
        for v in paths.iter().filter_map(|p| reaches_client(p)) {
            found.push(format!("{file}: {v}"));
        }
    }
    // The sandbox does use the shared types, so the parser must see those paths.
    assert!(through_domain > 5, "saw only {through_domain} domain paths");
    assert!(
        found.is_empty(),
        "the sandbox reaches the client's rules:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_each_way_in() {
    for src in [
        "use crate::domain::validate::validate_config;",
        "use crate::domain::{AuthConfig, posture::config_findings};",
        "use crate::domain::{update_plan::plan_update, AuthConfig};",
        "use crate::domain::*;",
        "use crate::domain as d;",
        "use crate::domain;",
        "use super::super::domain;",
        "use crate::{domain, model};",
        "use crate::{model, domain::{AuthConfig, validate}};",
        "use crate::domain::validate as v;",
        // The client's verdicts: the sandbox answers with its own errors, not with findings.
        "use crate::domain::finding::{Finding, Severity};",
        "use crate as c; fn f() { c::domain::hosted_ui::check_domain_in_env(x, y); }",
        "fn f() { let k = crate::domain::apple_key::parse_apple_key(b); }",
        "fn f() { crate::headless::rules::check_config(&c) }",
        "use crate::tui::wizard::draft;",
        "use crate::config_file::read::parse;",
    ] {
        assert!(!violations(src).is_empty(), "not caught: {src}");
    }
    for src in [
        "use crate::domain::{AuthConfig, AuthResources, MfaMode};",
        "use crate::domain::config::*;",
        "use crate::domain::secret::Secret as S;",
        "fn f() { let (pem, bare) = crate::domain::apple_key::generate_key(); }",
        "fn f() { let domain = env_suffixed(prefix, \"-\", env); domain.len() }",
        "// use crate::domain::validate;\nfn f() {}",
        "const S: &str = \"crate::domain::validate::x\";",
        "fn f() { let s = r#\"use crate::domain::*;\"#; }",
        "fn f() { place.taken_domains.contains(&domain) }",
    ] {
        assert_eq!(violations(src), Vec::<String>::new(), "{src}");
    }
}

/// The two front ends share config-file reading and exit codes through their own modules
/// (`config_file`, `exit_code`), so the TUI never reaches into the headless commands.
#[test]
fn the_tui_never_reaches_the_headless_commands() {
    let mut found = Vec::new();
    let mut shared = 0;
    for (file, paths) in paths_under("tui") {
        for p in paths {
            if p.iter().any(|s| s == "config_file" || s == "exit_code") {
                shared += 1;
            }
            if p.len() > 1 && p.iter().any(|s| s == "headless") {
                found.push(format!("{file}: {}", p.join("::")));
            }
        }
    }
    // The TUI does read config files and quit with exit codes: the parser must see those paths.
    assert!(
        shared >= 3,
        "saw only {shared} paths through config_file or exit_code"
    );
    assert!(
        found.is_empty(),
        "the TUI reaches into headless:\n{}",
        found.join("\n")
    );
}
