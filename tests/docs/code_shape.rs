//! The shape of `src/`, read from the text (no compiler, no network): no files import each other
//! in a ring (through `use` lines or paths written in code), and no function is longer than a
//! screenful or two.
//!
//! An import loop means neither file can be read, tested or moved without the other; a function
//! over 100 lines does more than one thing. Both checks carry an allowlist of the cases other
//! pieces of work are removing; an entry that no longer exists fails the test too, so the lists
//! only shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::rust_source::{Tok, Toks, ident, tokens, use_tree};

/// Import loops being removed elsewhere, each by its sorted set of files. Each one is the
/// whole strongly connected set, so a loop that shrinks or grows fails until its entry is
/// updated.
const KNOWN_LOOPS: &[&[&str]] = &[];

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 100;

/// Long functions being split elsewhere, by file and name: every long function of the TUI
/// (screens behind one trait) and the two headless `run`s (CI's rework of those commands).
const KNOWN_LONG_FNS: &[(&str, &str)] = &[];

// ---------------------------------------------------------------------------------------------
// Function lengths

/// A function: its name, the line of `fn` and its length in lines through the closing brace.
#[derive(Debug, PartialEq)]
struct FnSpan {
    name: String,
    line: usize,
    lines: usize,
}

/// Every function with a body: free, associated, nested, in impl and trait blocks.
fn functions(src: &str) -> Vec<FnSpan> {
    let toks = tokens(src);
    let mut out = Vec::new();
    for (i, (t, line)) in toks.iter().enumerate() {
        if *t != Tok::Ident("fn".into()) {
            continue;
        }
        // `fn(u8) -> u8` is a pointer type and `fn $name` a macro's pattern: neither has a body.
        let Some(name) = ident(toks.get(i + 1)) else {
            continue;
        };
        if let Some(close) = body_end(&toks, i + 2) {
            out.push(FnSpan {
                name: name.to_string(),
                line: *line,
                lines: toks[close].1 - line + 1,
            });
        }
    }
    out
}

/// The index of the brace closing the body that opens after `from`, or `None` for a
/// declaration without a body (`;` first). Braces inside the signature's parentheses (a
/// closure's default, a const generic) are not the body.
fn body_end(toks: &Toks, from: usize) -> Option<usize> {
    let mut parens = 0i32;
    let mut open = None;
    for (j, (t, _)) in toks.iter().enumerate().skip(from) {
        match t {
            Tok::Punct('(' | '[') => parens += 1,
            Tok::Punct(')' | ']') => parens -= 1,
            Tok::Punct(';') if parens == 0 => return None,
            Tok::Punct('{') if parens == 0 => {
                open = Some(j);
                break;
            }
            _ => {}
        }
    }
    let mut depth = 0;
    for (j, (t, _)) in toks.iter().enumerate().skip(open?) {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Modules and `use` lines

/// One `use` path from a file: the module it was written in (inline `mod` blocks included),
/// its segments (`*` for a glob; an `as` alias dropped) and whether it is `pub`.
#[derive(Debug)]
struct UsePath {
    scope: Vec<String>,
    segments: Vec<String>,
    public: bool,
    /// The name the path brings into scope: its last segment or its `as` alias.
    binds: String,
}

/// What a file holds for the graph: its `use` paths, the paths it writes in code
/// (`super::store::open(…)`, `screens::all_fields()`: a name taken without a `use` is still
/// taken) with the module they are written in, and the names it defines at its top.
#[derive(Debug, Default)]
struct FileFacts {
    uses: Vec<UsePath>,
    mentions: Vec<(Vec<String>, Vec<String>)>,
    defines: BTreeSet<String>,
}

/// Reads the `use` paths (scoped by inline `mod` blocks) and top-level item names of a file
/// whose module path is `module`.
fn file_facts(src: &str, module: &[String]) -> FileFacts {
    let toks = tokens(src);
    let mut facts = FileFacts::default();
    // Inline modules open: (name, brace depth inside them).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        let word = ident(toks.get(i));
        match (&toks[i].0, word) {
            (Tok::Punct('{'), _) => depth += 1,
            (Tok::Punct('}'), _) => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            (_, Some("use")) => {
                let public = is_public_before(&toks, i);
                let mut scope = module.to_vec();
                scope.extend(inline.iter().map(|(n, _)| n.clone()));
                i += 1;
                let mut paths = Vec::new();
                use_tree(&toks, &mut i, Vec::new(), &mut paths);
                for (segments, binds) in paths {
                    facts.uses.push(UsePath {
                        scope: scope.clone(),
                        segments,
                        public,
                        binds,
                    });
                }
                continue;
            }
            (_, Some("mod")) if toks.get(i + 2).map(|t| &t.0) == Some(&Tok::Punct('{')) => {
                if let Some(name) = ident(toks.get(i + 1)) {
                    inline.push((name.to_string(), depth + 1));
                }
            }
            (_, Some(kw)) if depth == 0 && is_item_keyword(kw) => {
                if let Some(name) = ident(toks.get(i + 1)) {
                    facts.defines.insert(name.to_string());
                }
            }
            (_, Some(first)) if toks.get(i + 1).map(|t| &t.0) == Some(&Tok::PathSep) => {
                // `a::b::c`, not preceded by `::` (that is the tail of a longer path).
                let mut path = vec![first.to_string()];
                let mut j = i + 1;
                while toks.get(j).map(|t| &t.0) == Some(&Tok::PathSep) {
                    let Some(seg) = ident(toks.get(j + 1)) else {
                        break;
                    };
                    path.push(seg.to_string());
                    j += 2;
                }
                let mut scope = module.to_vec();
                scope.extend(inline.iter().map(|(n, _)| n.clone()));
                facts.mentions.push((scope, path));
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    facts
}

fn is_item_keyword(word: &str) -> bool {
    matches!(
        word,
        "fn" | "struct" | "enum" | "union" | "trait" | "type" | "const" | "static" | "mod"
    )
}

/// Whether the `use` at `i` is `pub` or `pub(…)`.
fn is_public_before(toks: &Toks, i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).and_then(|j| toks.get(j)).map(|t| &t.0);
    before(1) == Some(&Tok::Ident("pub".into()))
        || (before(1) == Some(&Tok::Punct(')'))
            && (2..=5).any(|k| before(k) == Some(&Tok::Ident("pub".into()))))
}

/// The module path of a file under `src/`: `lib.rs` and `main.rs` are roots, `a/mod.rs` and
/// `a.rs` are `a`, `a/b.rs` is `a::b`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// A whole source tree as the graph sees it.
struct Tree {
    /// Module path to file name, and back.
    files: BTreeMap<Vec<String>, String>,
    facts: BTreeMap<String, (Vec<String>, FileFacts)>,
}

impl Tree {
    /// `sources` are (path relative to `src/`, text). `#[path = "x.rs"] mod name;` places a
    /// file under the module that declares it.
    fn new(sources: &[(String, String)]) -> Tree {
        let mut modules: BTreeMap<String, Vec<String>> = sources
            .iter()
            .map(|(rel, _)| (rel.clone(), module_of(Path::new(rel))))
            .collect();
        for (rel, text) in sources {
            let toks = tokens(text);
            // `#[path = "…"] mod name;` reads `# [ path = ] mod name` with the string left out.
            for w in toks.windows(7) {
                let (Tok::Ident(attr), Tok::Ident(m), Tok::Ident(name)) =
                    (&w[2].0, &w[5].0, &w[6].0)
                else {
                    continue;
                };
                if attr == "path" && m == "mod" {
                    // The attribute's string was left out as a literal: find it in the text.
                    let line = text.lines().nth(w[2].1 - 1).unwrap_or_default();
                    if let Some(target) = line.split('"').nth(1) {
                        let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
                        let file = dir.join(target).to_string_lossy().into_owned();
                        let mut module = modules[rel].clone();
                        module.push(name.clone());
                        modules.insert(file, module);
                    }
                }
            }
        }
        let files = modules
            .iter()
            .map(|(f, m)| (m.clone(), f.clone()))
            .collect();
        let facts = sources
            .iter()
            .map(|(rel, text)| {
                let module = modules[rel].clone();
                let facts = file_facts(text, &module);
                (rel.clone(), (module, facts))
            })
            .collect();
        Tree { files, facts }
    }

    /// The absolute path a `use` path names from `scope`, or `None` for another crate.
    fn absolute(&self, scope: &[String], segments: &[String]) -> Option<Vec<String>> {
        let first = segments.first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" | "amplify_auth" => Vec::new(),
            "self" | "super" => scope.to_vec(),
            // A child module named without `self::` (2018 paths).
            name => {
                let mut child = scope.to_vec();
                child.push(name.to_string());
                if !self.files.keys().any(|m| m.starts_with(&child)) {
                    return None;
                }
                scope.to_vec()
            }
        };
        let mut rest = segments;
        if matches!(first.as_str(), "crate" | "amplify_auth" | "self") {
            rest = &segments[1..];
        }
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        // `use a::b::{self, …}` names the module `b`.
        if base.last().is_some_and(|s| s == "self") {
            base.pop();
        }
        Some(base)
    }

    /// The file that holds what an absolute path names: the deepest module file on it, and
    /// through a re-export (`pub use` or a parent's private `use`) to where the item is.
    fn file_of(&self, path: &[String], hops: usize) -> Option<String> {
        let depth = (0..=path.len())
            .rev()
            .find(|&n| self.files.contains_key(&path[..n]))?;
        let file = self.files[&path[..depth]].clone();
        let Some(item) = path.get(depth) else {
            return Some(file);
        };
        let (module, facts) = &self.facts[&file];
        if item == "*" || facts.defines.contains(item) || hops > 8 {
            return Some(file);
        }
        // The module brings the name in with a `use`: follow it to where it is defined.
        for u in &facts.uses {
            if u.scope == *module
                && u.binds == *item
                && let Some(abs) = self.absolute(&u.scope, &u.segments)
            {
                return self.file_of(&abs, hops + 1).or(Some(file));
            }
        }
        for u in &facts.uses {
            if u.scope == *module && u.public && u.binds == "*" {
                let mut abs = self.absolute(&u.scope, &u.segments)?;
                abs.pop();
                abs.push(item.clone());
                if let Some(found) = self.file_of(&abs, hops + 1)
                    && self.facts[&found].1.defines.contains(item)
                {
                    return Some(found);
                }
            }
        }
        Some(file)
    }

    /// File → file → the names the first takes from the second.
    fn edges(&self) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
        let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for (file, (module, facts)) in &self.facts {
            let used = facts
                .uses
                .iter()
                .filter_map(|u| self.absolute(&u.scope, &u.segments));
            let written = facts
                .mentions
                .iter()
                .filter_map(|(scope, path)| self.mention_target(scope, path, facts));
            for abs in used.chain(written) {
                let Some(to) = self.file_of(&abs, 0) else {
                    continue;
                };
                // A file naming its own ancestor's items reads the room it sits in: like the
                // parent's `mod child;`, that is the tree, not an import between peers.
                let target = &self.facts[&to].0;
                let ancestor = target.len() < module.len() && module.starts_with(target);
                if to != *file && !ancestor {
                    let name = abs.last().cloned().unwrap_or_default();
                    let names = edges.entry(file.clone()).or_default();
                    names.entry(to).or_default().insert(name);
                }
            }
        }
        edges
    }

    /// The absolute path a path written in code names: through a `use` that bound its first
    /// segment (`use super::screens;` then `screens::all_fields`), or as a `use` path would be.
    fn mention_target(
        &self,
        scope: &[String],
        path: &[String],
        facts: &FileFacts,
    ) -> Option<Vec<String>> {
        let bound = facts
            .uses
            .iter()
            .filter(|u| scope.starts_with(&u.scope) && u.binds == path[0])
            .max_by_key(|u| u.scope.len());
        match bound {
            Some(u) => {
                let mut abs = self.absolute(&u.scope, &u.segments)?;
                abs.extend(path[1..].iter().cloned());
                Some(abs)
            }
            None => self.absolute(scope, path),
        }
    }
}

/// The strongly connected sets of more than one file (Tarjan), each sorted.
fn loops(edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Vec<Vec<String>> {
    struct State<'e> {
        edges: &'e BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        index: BTreeMap<&'e str, usize>,
        low: BTreeMap<&'e str, usize>,
        stack: Vec<&'e str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'e>(s: &mut State<'e>, v: &'e str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.edges.get(v).into_iter().flat_map(|m| m.keys()) {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let low = s.low[v].min(s.low[w.as_str()]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w.as_str()) {
                let low = s.low[v].min(s.index[w.as_str()]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                set.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                set.sort();
                s.found.push(set);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found.sort();
    s.found
}

/// A loop as `a -> b -> … -> a` and then every edge inside it with the names it carries.
fn describe(
    set: &[String],
    edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
) -> String {
    let inside = |f: &str| set.iter().any(|s| s == f);
    // One ring through the set: walk edges inside it from the first file until one repeats.
    let mut ring = vec![set[0].clone()];
    while let Some(next) = edges
        .get(ring.last().unwrap())
        .and_then(|m| m.keys().find(|k| inside(k) && !ring[1..].contains(k)))
    {
        let stop = ring.contains(next);
        ring.push(next.clone());
        if stop {
            break;
        }
    }
    let mut text = format!("{} files: {}\n", set.len(), ring.join(" -> "));
    for from in set {
        for (to, names) in edges
            .get(from)
            .into_iter()
            .flatten()
            .filter(|(t, _)| inside(t))
        {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            text += &format!("  {from} -> {to}: {}\n", names.join(", "));
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------
// The source tree

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let found: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(f).unwrap())
        })
        .collect();
    assert!(
        found.len() > 100,
        "read only {} files under {src:?}",
        found.len()
    );
    found
}

// ---------------------------------------------------------------------------------------------
// The checks

#[test]
fn no_import_loop_in_src_but_the_known_ones() {
    let tree = Tree::new(&sources());
    let edges = tree.edges();
    assert!(
        edges.len() > 100,
        "saw imports in only {} files",
        edges.len()
    );
    let known: BTreeSet<Vec<String>> = KNOWN_LOOPS
        .iter()
        .map(|l| l.iter().map(|f| f.to_string()).collect())
        .collect();
    let found: Vec<Vec<String>> = loops(&edges)
        .into_iter()
        .map(|set| set.into_iter().map(|f| format!("src/{f}")).collect())
        .collect();
    let src_edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = edges
        .iter()
        .map(|(f, m)| {
            let m = m
                .iter()
                .map(|(t, n)| (format!("src/{t}"), n.clone()))
                .collect();
            (format!("src/{f}"), m)
        })
        .collect();
    let new: Vec<String> = found
        .iter()
        .filter(|set| !known.contains(*set))
        .map(|set| describe(set, &src_edges))
        .collect();
    assert!(new.is_empty(), "import loops:\n{}", new.join("\n"));
    let gone: Vec<String> = known
        .iter()
        .filter(|set| !found.contains(set))
        .map(|set| set.join(", "))
        .collect();
    assert!(
        gone.is_empty(),
        "these known loops are gone: take them off KNOWN_LOOPS:\n{}",
        gone.join("\n")
    );
}

#[test]
fn no_function_in_src_over_the_limit_but_the_known_ones() {
    let mut long = Vec::new();
    let mut known_seen = BTreeSet::new();
    let mut counted = 0;
    for (rel, text) in sources() {
        let file = format!("src/{rel}");
        for f in functions(&text) {
            counted += 1;
            if f.lines <= MAX_FN_LINES {
                continue;
            }
            let key = (file.as_str(), f.name.as_str());
            if KNOWN_LONG_FNS.contains(&key) {
                known_seen.insert((file.clone(), f.name.clone()));
            } else {
                long.push(format!("{file}:{} {} {}", f.line, f.name, f.lines));
            }
        }
    }
    assert!(counted > 1000, "measured only {counted} functions");
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines (file:line name lines):\n{}",
        long.join("\n")
    );
    let short: Vec<String> = KNOWN_LONG_FNS
        .iter()
        .filter(|(f, n)| !known_seen.contains(&(f.to_string(), n.to_string())))
        .map(|(f, n)| format!("{f} {n}"))
        .collect();
    assert!(
        short.is_empty(),
        "these known long functions are gone or short now: take them off KNOWN_LONG_FNS:\n{}",
        short.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The parsers on small inputs, so a check that sees nothing cannot pass unnoticed

fn tree(files: &[(&str, &str)]) -> Tree {
    let owned: Vec<(String, String)> = files
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    Tree::new(&owned)
}

#[test]
fn a_loop_of_two_files_is_found_and_a_parent_declaring_its_child_is_not_one() {
    let t = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;"),
        (
            "a.rs",
            "use crate::b::{\n    Thing as Other,\n};\npub struct A;",
        ),
        ("b.rs", "use super::a::*;\npub struct Thing;"),
    ]);
    let edges = t.edges();
    assert_eq!(
        loops(&edges),
        vec![vec!["a.rs".to_string(), "b.rs".to_string()]]
    );
    let text = describe(&loops(&edges)[0], &edges);
    assert!(text.contains("a.rs -> b.rs: Thing"), "{text}");

    // A path written in code ties files as a `use` does, also through a module bound by `use`.
    let t = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;"),
        ("a.rs", "pub fn f() { super::b::g() }"),
        ("b.rs", "use crate::c;\npub fn g() { c::h() }"),
        (
            "c.rs",
            "pub fn h() { let s = \"crate::a::f\"; crate::a::f() }",
        ),
    ]);
    assert_eq!(loops(&t.edges()).len(), 1, "{:?}", t.edges());

    // `mod child;` and a child's `use super::…` are one direction only.
    let t = tree(&[
        ("lib.rs", "pub mod p;"),
        ("p/mod.rs", "mod c;\npub struct P;"),
        (
            "p/c.rs",
            "use super::P;\n#[cfg(test)]\nmod tests { use super::*; }",
        ),
    ]);
    assert_eq!(loops(&t.edges()), Vec::<Vec<String>>::new());
}

#[test]
fn a_re_export_leads_to_the_file_that_defines_the_item() {
    let t = tree(&[
        ("lib.rs", "pub mod d;\npub mod x;"),
        (
            "d/mod.rs",
            "mod inner;\npub use inner::Item;\nmod globbed;\npub use globbed::*;",
        ),
        ("d/inner.rs", "pub struct Item;"),
        ("d/globbed.rs", "pub fn g() {}"),
        (
            "x.rs",
            "use crate::d::{Item, g};\nuse std::fmt;\nuse crate::d;",
        ),
    ]);
    let edges = t.edges();
    let to: Vec<&String> = edges["x.rs"].keys().collect();
    assert_eq!(to, ["d/globbed.rs", "d/inner.rs", "d/mod.rs"]);
}

#[test]
fn function_lengths_count_lines_and_ignore_braces_in_literals() {
    let mut body = String::from("fn long() {\n");
    for n in 0..99 {
        body += &format!("    let x{n} = 1;\n");
    }
    body += "}\n";
    let f = functions(&body);
    assert_eq!(
        f,
        vec![FnSpan {
            name: "long".into(),
            line: 1,
            lines: 101
        }]
    );

    let src = r##"
impl<'a> T<'a> {
    fn f(&self, x: &'a str) -> char {
        let s = "}}}"; let r = r#"{"#; let c = '}'; let e = '\'';
        // }
        /* } /* nested } */ */
        '{'
    }
}
trait U { fn declared(&self); fn given(&self) {} }
fn outer() { fn inner() {} let p: fn(u8) -> u8 = id; }
"##;
    let got: Vec<(String, usize, usize)> = functions(src)
        .into_iter()
        .map(|f| (f.name, f.line, f.lines))
        .collect();
    let want = [
        ("f", 3, 6),
        ("given", 10, 1),
        ("outer", 11, 1),
        ("inner", 11, 1),
    ];
    let want: Vec<(String, usize, usize)> = want
        .iter()
        .map(|(n, l, c)| (n.to_string(), *l, *c))
        .collect();
    assert_eq!(got, want);
}
