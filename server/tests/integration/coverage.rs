//! Every operation of the API table (`app/api/operations.json`, the same 407 as `operations.tsv`) is served by
//! the simulator: each one is called once, logged in, with placeholder ids and an empty body, and must reach a
//! handler, whatever that handler then answers (`not_found` for the placeholder id, `invalid_argument` for the
//! empty body ...). Only the router's own "no operation" answer (`operationsForUrlNotFound`) counts as missing.

use super::common::*;
use server::simulator::{conformance::OPERATIONS, SimConfig};

/// `/rest/vcenter/vm/{vm}/hardware/disk/{disk}` → `/rest/vcenter/vm/probe-1/hardware/disk/probe-1`.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c + 1).unwrap_or(rest.len());
        out.push_str("probe-1");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_operation_is_served_by_the_simulator() {
    block_on(async {
        let (url, _state) = spawn_sim(SimConfig::default()).await;
        let http = reqwest::Client::new();
        let login = http.post(format!("{url}/rest/com/vmware/cis/session")).basic_auth(USER, Some(PASSWORD)).send().await.unwrap();
        let session: serde_json::Value = login.json().await.unwrap();
        let mut session = session["value"].as_str().unwrap().to_string();
        let mut missing = Vec::new();
        for op in OPERATIONS.iter() {
            let path = concrete(&op.path);
            let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap();
            let mut req = http.request(method.clone(), format!("{url}{path}")).header("vmware-api-session-id", &session);
            if matches!(op.method.as_str(), "POST" | "PUT" | "PATCH") {
                req = req.json(&serde_json::json!({}));
            }
            let res = req.send().await.unwrap();
            let text = res.text().await.unwrap_or_default();
            if text.contains("operationsForUrlNotFound") {
                missing.push(format!("{} {}", op.method, op.path));
            }
            // Logging out ended the probe's session: log in again.
            if op.method == "DELETE" && op.path == "/rest/com/vmware/cis/session" {
                let login = http.post(format!("{url}/rest/com/vmware/cis/session")).basic_auth(USER, Some(PASSWORD)).send().await.unwrap();
                let v: serde_json::Value = login.json().await.unwrap();
                session = v["value"].as_str().unwrap().to_string();
            }
        }
        assert_eq!(OPERATIONS.len(), 407);
        assert!(missing.is_empty(), "operations the simulator does not serve: {missing:#?}");
    })
}
