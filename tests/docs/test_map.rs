//! tests/README.md maps every behaviour to its module: each module declared in a test binary's
//! `main.rs` has a row in its table, and every row names a module that exists.

use std::collections::BTreeSet;
use std::path::Path;

/// `binary::module` for every `mod NAME;` in `tests/*/main.rs` (the shared `support` left out).
fn declared() -> BTreeSet<String> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(&tests).expect("tests/ lists") {
        let dir = entry.unwrap().path();
        let Ok(main) = std::fs::read_to_string(dir.join("main.rs")) else {
            continue;
        };
        let binary = dir.file_name().unwrap().to_string_lossy().to_string();
        for line in main.lines() {
            if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';'))
                && name != "support"
            {
                out.insert(format!("{binary}::{name}"));
            }
        }
    }
    out
}

/// The first cell of each row of the README's behaviour table, without its backticks.
fn listed() -> BTreeSet<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/README.md"))
            .expect("tests/README.md reads");
    let table = readme
        .split("## Behaviours and their modules")
        .nth(1)
        .expect("tests/README.md has its behaviour table");
    let table = table.split("\n## ").next().unwrap();
    table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_test_module_is_in_the_readme_table_and_every_row_is_a_module() {
    let declared = declared();
    let listed = listed();
    assert!(
        declared.len() > 70,
        "the binaries' modules were found: {declared:?}"
    );
    let missing: Vec<_> = declared.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "modules with no row in tests/README.md's behaviour table: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows of tests/README.md's behaviour table that name no module: {stale:?}"
    );
}

/// A file directly in tests/ would be a binary of its own, linking the whole crate again: new
/// tests go into the layer binary they belong to, as a module.
#[test]
fn tests_has_no_flat_test_files() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let flat: Vec<_> = std::fs::read_dir(&tests)
        .expect("tests/ lists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    assert!(
        flat.is_empty(),
        "test files outside a layer binary (move each into tests/<binary>/ and declare it in \
         main.rs): {flat:?}"
    );
}
