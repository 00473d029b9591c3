//! Generates `app/src/vsphere/models.rs` from `app/api/operations.json` (353 structures, 131 enums) and fails
//! when the committed file differs from what the API data gives.
//!
//! Regenerate with: `make generate` (`UPDATE_GENERATED=1 cargo test -p app --features ssr --test codegen`)
//!
//! Naming: the API's dotted names become modules and a CamelCase type, lower-cased for modules
//! (`vcenter.VM.info` → `vcenter::vm::Info`, `appliance.health.load.health_level` →
//! `appliance::health::load::HealthLevel`). Field names are snake_case, renamed on the wire where the API
//! spells them otherwise (`memory_size_MiB`). Optional fields are `Option<T>`; required lists and maps accept
//! `null` as empty. Enums are open (`UnknownValue(String)`), see `vsphere::rest::vapi_enum!`.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

pub const API: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/api/operations.json");
const OUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/vsphere/models.rs");

#[test]
fn generated_models_are_fresh() {
    super::fresh(OUT, &generate(&super::api()));
}

#[test]
fn every_structure_and_enum_is_generated() {
    let api = super::api();
    let code = generate(&api);
    let structs = code.lines().filter(|l| l.trim_start().starts_with("pub struct ")).count();
    let enums = code.matches("vapi_enum!(").count();
    assert_eq!(structs, api["structures"].as_object().unwrap().len());
    assert_eq!(enums, api["enums"].as_object().unwrap().len());
}

/// A module tree: each node holds the items declared in it.
#[derive(Default)]
struct Module {
    items: Vec<String>,
    children: BTreeMap<String, Module>,
}

fn generate(api: &Value) -> String {
    let structures = api["structures"].as_object().unwrap();
    let enums = api["enums"].as_object().unwrap();
    let cycles = cyclic_fields(structures);

    let mut root = Module::default();
    for (name, e) in enums {
        let mut item = String::from("vapi_enum!(\n");
        let mut docs = String::new();
        doc(&mut docs, e["description"].as_str().unwrap_or(""), name);
        for line in docs.lines() {
            let _ = writeln!(item, "    {line}");
        }
        let _ = writeln!(item, "    {} {{", type_ident(name));
        let mut seen = BTreeSet::new();
        for v in e["values"].as_array().unwrap() {
            let v = v.as_str().unwrap();
            let variant = camel(v);
            assert!(seen.insert(variant.clone()), "two values of {name} map to {variant}");
            let _ = writeln!(item, "        {variant} = {v:?},");
        }
        let _ = writeln!(item, "    }}\n);");
        module_of(&mut root, name).items.push(item);
    }
    for (name, s) in structures {
        let mut item = String::new();
        doc(&mut item, s["description"].as_str().unwrap_or(""), name);
        // A structure whose every field is optional (a create or update spec, a filter) has an empty value:
        // `..Default::default()` then names only the fields a call sets.
        let all_optional = s["fields"].as_array().unwrap().iter().all(|f| !f["required"].as_bool().unwrap_or(false));
        let default = if all_optional { ", Default" } else { "" };
        let _ = writeln!(item, "#[derive(Clone, Debug{default}, PartialEq, Serialize, Deserialize)]");
        let _ = writeln!(item, "pub struct {} {{", type_ident(name));
        for f in s["fields"].as_array().unwrap() {
            let fname = f["name"].as_str().unwrap();
            let ftype = f["type"].as_str().unwrap();
            let required = f["required"].as_bool().unwrap_or(false);
            let desc = f["description"].as_str().unwrap_or("");
            let mut ty = rust_type(ftype, structures, enums);
            if cycles.contains(&(name.clone(), fname.to_string())) {
                ty = format!("Box<{ty}>");
            }
            for line in wrap(desc) {
                let _ = writeln!(item, "    /// {line}");
            }
            let ident = field_ident(fname);
            let mut attrs = Vec::new();
            if ident.trim_start_matches("r#") != fname {
                attrs.push(format!("rename = {fname:?}"));
            }
            if required {
                if ty.starts_with("Vec<") || ty.starts_with("VapiMap<") {
                    attrs.push("default, deserialize_with = \"null_as_default\"".into());
                } else if matches!(ty.as_str(), "String" | "i64" | "f64") {
                    // vcsim (Go, `omitempty`) leaves out empty strings and zeros, such as a tag's description
                    // or a library file's `bytes_transferred` before any byte moved.
                    attrs.push("default".into());
                }
            } else {
                ty = format!("Option<{ty}>");
                attrs.push("default, skip_serializing_if = \"Option::is_none\"".into());
            }
            if !attrs.is_empty() {
                let _ = writeln!(item, "    #[serde({})]", attrs.join(", "));
            }
            let _ = writeln!(item, "    pub {ident}: {ty},");
        }
        let _ = writeln!(item, "}}");
        module_of(&mut root, name).items.push(item);
    }

    let mut out = String::new();
    out.push_str(
        "// @generated by app/tests/models_codegen.rs from app/api/operations.json — do not edit by hand.\n\
         // Regenerate: make generate\n\
         //! vSphere 6.7 `/rest` structures and enums, one module per dotted API name.\n\
         #![allow(clippy::all, rustdoc::all)]\n",
    );
    render(&root, 0, &mut out);
    out
}

fn render(m: &Module, depth: usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    if depth > 0 {
        let _ = writeln!(out, "{pad}#[allow(unused_imports)]");
        let _ = writeln!(out, "{pad}use crate::vsphere::rest::{{null_as_default, VapiMap}};");
        let _ = writeln!(out, "{pad}#[allow(unused_imports)]");
        let _ = writeln!(out, "{pad}use crate::vapi_enum;");
        let _ = writeln!(out, "{pad}#[allow(unused_imports)]");
        let _ = writeln!(out, "{pad}use serde::{{Deserialize, Serialize}};");
    }
    for item in &m.items {
        out.push('\n');
        for line in item.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{pad}{line}");
            }
        }
    }
    for (name, child) in &m.children {
        out.push('\n');
        let _ = writeln!(out, "{pad}pub mod {} {{", module_ident(name));
        render(child, depth + 1, out);
        let _ = writeln!(out, "{pad}}}");
    }
}

fn module_of<'a>(root: &'a mut Module, dotted: &str) -> &'a mut Module {
    let parts: Vec<&str> = dotted.split('.').collect();
    let mut m = root;
    for p in &parts[..parts.len() - 1] {
        m = m.children.entry(p.to_lowercase()).or_default();
    }
    m
}

/// `crate::vsphere::models::a::b::Type` for a dotted API name.
pub fn type_path(dotted: &str) -> String {
    let parts: Vec<&str> = dotted.split('.').collect();
    let mut path = String::from("crate::vsphere::models");
    for p in &parts[..parts.len() - 1] {
        path.push_str("::");
        path.push_str(&module_ident(&p.to_lowercase()));
    }
    path.push_str("::");
    path.push_str(&type_ident(dotted));
    path
}

pub fn type_ident(dotted: &str) -> String {
    camel(dotted.rsplit('.').next().unwrap())
}

pub fn module_ident(name: &str) -> String {
    if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

pub fn field_ident(name: &str) -> String {
    let snake = name.to_lowercase();
    if is_keyword(&snake) {
        format!("r#{snake}")
    } else {
        snake
    }
}

pub fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "type" | "match" | "ref" | "mod" | "fn" | "self" | "loop" | "move" | "async" | "await" | "use" | "in" | "where"
            | "impl" | "static" | "struct" | "enum" | "box" | "final" | "override" | "priv" | "virtual" | "yield"
            | "try" | "macro" | "do" | "abstract" | "become" | "typeof" | "unsized" | "crate" | "super" | "trait"
            | "true" | "false" | "let" | "const" | "dyn" | "extern" | "for" | "if" | "else" | "return" | "while"
            | "pub" | "mut" | "unsafe" | "as" | "break" | "continue" | "gen"
    )
}

/// `guest_OS` → `GuestOs`, `MINUTES30` → `Minutes30`, `is_static` → `IsStatic`, `VMX_15` → `Vmx15`.
pub fn camel(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| c == '_' || c == '-' || c == '.' || c == ' ').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        let first = chars.next().unwrap();
        out.extend(first.to_uppercase());
        out.push_str(&chars.as_str().to_lowercase());
    }
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// The Rust type for an API type expression.
pub fn rust_type(t: &str, structures: &serde_json::Map<String, Value>, enums: &serde_json::Map<String, Value>) -> String {
    if let Some(inner) = generic(t, "array").or_else(|| generic(t, "set")) {
        return format!("Vec<{}>", rust_type(inner, structures, enums));
    }
    if let Some(inner) = generic(t, "map") {
        let (k, v) = split_top(inner);
        return format!("VapiMap<{}, {}>", rust_type(k, structures, enums), rust_type(v, structures, enums));
    }
    match t {
        "string" | "string(date-time)" | "string(password)" | "string(uri)" | "string(binary)" | "string(byte)" => {
            "String".into()
        }
        "integer(int64)" | "integer(int32)" | "integer" => "i64".into(),
        "number(double)" | "number(float)" | "number" => "f64".into(),
        "boolean" => "bool".into(),
        "object" => "serde_json::Value".into(),
        name if structures.contains_key(name) || enums.contains_key(name) => type_path(name),
        other => panic!("unknown API type {other}"),
    }
}

pub fn generic<'a>(t: &'a str, name: &str) -> Option<&'a str> {
    t.strip_prefix(name)?.strip_prefix('<')?.strip_suffix('>')
}

/// Splits `K,V` at the top-level comma.
pub fn split_top(s: &str) -> (&str, &str) {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => return (s[..i].trim(), s[i + 1..].trim()),
            _ => {}
        }
    }
    panic!("map type without a comma: {s}")
}

/// Fields that hold a structure directly (not in a list or map) and close a cycle: they need a `Box`.
fn cyclic_fields(structures: &serde_json::Map<String, Value>) -> BTreeSet<(String, String)> {
    let direct = |t: &str| -> Option<String> {
        (!t.contains('<') && structures.contains_key(t)).then(|| t.to_string())
    };
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            for f in structures[&n]["fields"].as_array().unwrap() {
                if let Some(next) = direct(f["type"].as_str().unwrap()) {
                    stack.push(next);
                }
            }
        }
        false
    };
    let mut out = BTreeSet::new();
    for (name, s) in structures {
        for f in s["fields"].as_array().unwrap() {
            if let Some(target) = direct(f["type"].as_str().unwrap()) {
                if reaches(&target, name) {
                    out.insert((name.clone(), f["name"].as_str().unwrap().to_string()));
                }
            }
        }
    }
    out
}

fn doc(out: &mut String, description: &str, api_name: &str) {
    for line in wrap(description) {
        let _ = writeln!(out, "/// {line}");
    }
    if !description.trim().is_empty() {
        let _ = writeln!(out, "///");
    }
    let _ = writeln!(out, "/// API name: `{api_name}`.");
}

/// Splits a description into lines of at most ~100 characters, keeping words whole.
pub fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > 100 {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
