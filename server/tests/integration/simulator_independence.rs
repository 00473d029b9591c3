//! The simulator is a second implementation of vCenter: it may use the generated models and the `/rest`
//! wire rules (`app::vsphere::{models, rest}`), and nothing else of the console (pages, server functions,
//! validators, the console server's own modules). Shared checks would make every test circular.

use std::path::Path;

const ALLOWED_APP: &[&str] = &["vsphere::models", "vsphere::rest"];

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// Every `prefix::` path in `code` (as a whole word) followed by what comes after it.
fn uses<'a>(code: &'a str, prefix: &str) -> Vec<(usize, &'a str)> {
    let needle = format!("{prefix}::");
    code.match_indices(&needle)
        .filter(|(i, _)| !code[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'))
        .map(|(i, _)| (code[..i].lines().count().max(1), &code[i + needle.len()..]))
        .collect()
}

fn offences(file: &str, code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (line, rest) in uses(code, "app") {
        if !ALLOWED_APP.iter().any(|a| rest.starts_with(a) && !rest[a.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')) {
            out.push(format!("{file}:{line}: app::{}", rest.lines().next().unwrap_or_default()));
        }
    }
    for (line, rest) in uses(code, "crate") {
        if !rest.starts_with("simulator") {
            out.push(format!("{file}:{line}: crate::{}", rest.lines().next().unwrap_or_default()));
        }
    }
    for (line, _) in uses(code, "super::super::super") {
        out.push(format!("{file}:{line}: super::super::super (outside the simulator)"));
    }
    out
}

#[test]
fn the_simulator_imports_nothing_of_the_console() {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/simulator"), &mut files);
    assert!(files.len() > 20, "the simulator's sources were not found");
    let found: Vec<String> = files.iter().flat_map(|(f, c)| offences(f, c)).collect();
    assert!(found.is_empty(), "the simulator uses the console's code:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_each_way_in() {
    assert!(offences("x.rs", "use app::validate;").len() == 1);
    assert!(offences("x.rs", "use app::{vsphere::models, validate};").len() == 1);
    assert!(offences("x.rs", "let id = crate::sessions::random_id();").len() == 1);
    assert!(offences("x.rs", "use app::vsphere::HealthLevel;").len() == 1);
    assert!(offences("x.rs", "use app::vsphere::models_extra::X;").len() == 1);
    assert!(offences("x.rs", "use app::vsphere::models::cis::Y; use crate::simulator::wire;").is_empty());
}
