//! The audit log's list of reads (`app::audit::READS`) is the server functions that only read: those named
//! `get_…` or `list_…`, and the few reads named otherwise (below). A new server function that reads is caught
//! here until it is listed, so its calls are not written down as actions; one that changes something and is
//! listed by mistake is caught too.

use std::path::Path;

/// Reads whose names do not start with `get_` or `list_`.
const READS_NAMED_OTHERWISE: &[&str] = &["query_monitoring", "last_checked_updates", "kept_precheck", "find_objects"];

fn server_fns(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            server_fns(&p, out);
            continue;
        }
        if p.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let marker = "#[server(prefix = \"/api\", endpoint = \"";
        let mut rest = text.as_str();
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let endpoint = rest[..rest.find('"').unwrap()].to_string();
            let f = rest.find("pub async fn ").unwrap() + "pub async fn ".len();
            let name: String = rest[f..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push((endpoint, name));
        }
    }
}

#[test]
fn the_reads_the_audit_log_skips_are_the_server_functions_that_only_read() {
    let mut all = Vec::new();
    server_fns(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut all);
    assert!(all.len() > 150, "the server functions were found: {}", all.len());
    let mut reads: Vec<&str> = all
        .iter()
        .filter(|(_, name)| name.starts_with("get_") || name.starts_with("list_") || READS_NAMED_OTHERWISE.contains(&name.as_str()))
        .map(|(e, _)| e.as_str())
        .collect();
    reads.sort();
    reads.dedup();
    assert_eq!(app::audit::READS, reads.as_slice(), "app::audit::READS (sorted) must list exactly these endpoints");
    for (endpoint, name) in &all {
        assert_eq!(app::audit::is_action(endpoint), !reads.contains(&endpoint.as_str()), "{name} ({endpoint})");
    }
}
