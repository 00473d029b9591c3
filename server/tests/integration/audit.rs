//! The audit log, over HTTP on the simulator: a login (and a refused one, under the name typed), a change that
//! goes through and one refused with the console's reason, an account made with a password — each an entry
//! (a read is not one)
//! with its user, operation, target and outcome, as JSON lines in the file given and on the Audit page, which
//! filters them; no password anywhere.

use crate::common;

use common::console::Console;
use common::{spawn_sim, PASSWORD, USER};
use server::harness::ConsoleOptions;
use app::audit::server::AuditLog;
use std::sync::Arc;

#[test]
fn every_action_is_written_down_without_its_passwords() {
    common::block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("audit.jsonl");
        let sink = app::audit::server::MemoryAudit::open_sink(file.to_str().unwrap()).unwrap();
        let log = Arc::new(app::audit::server::MemoryAudit::new(100, Some(sink)));
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let options = ConsoleOptions { audit: Some(log.clone()), ..ConsoleOptions::new(&sim_url) };
        let c = Console::start(options, Some(sim)).await;

        // Without a console session a server function does nothing: not an action, not written down.
        let anonymous = c
            .http
            .post(format!("{}/api/appliance/access/shell", c.url))
            .header("origin", &c.url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("enabled=on&timeout_minutes=15")
            .send()
            .await
            .unwrap();
        assert!(!anonymous.status().is_success());
        assert!(log.recent(10).is_empty(), "{:?}", log.recent(10));

        let refused = c.login_form(USER, "not-the-password", "/appliance/summary").await;
        assert_eq!(refused.status(), 302);
        let cookie = c.login_cookie().await;
        // A change refused by the console's own check, then one that goes through.
        let res = c.form_post("/api/appliance/access/shell", &cookie, "/appliance/access", "enabled=on&timeout_minutes=-3").await;
        assert!(res.headers()["location"].to_str().unwrap().contains("__err="));
        let res = c.form_post("/api/appliance/access/shell", &cookie, "/appliance/access", "enabled=on&timeout_minutes=15").await;
        assert!(!res.headers()["location"].to_str().unwrap().contains("__err="));
        let secret = "Audit-Secret-2018!";
        let form = format!("username=auditor&full_name=Audit+Er&roles[]=operator&password={secret}&confirm_password={secret}&enabled=on&max_days=90&min_days=0&warn_days=7");
        c.form_post("/api/appliance/local-accounts/create", &cookie, "/appliance/local-accounts", &form).await;

        // A server function that only reads is not an action: not written down.
        let read = c.form_post("/api/appliance/networking/interface", &cookie, "/appliance/networking", "nic=nic0").await;
        assert!(read.status().is_success() || read.status().is_redirection(), "{}", read.status());

        let entries = log.recent(10);
        let ops: Vec<(&str, &str, &str)> = entries.iter().rev().map(|e| (e.operation.as_str(), e.outcome.as_str(), e.user.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                // A login under the name typed; then the session's user, as vCenter names it.
                ("cis/session/login", "refused", USER),
                ("cis/session/login", "ok", USER),
                ("appliance/access/shell", "refused", "VSPHERE.LOCAL\\Administrator"),
                ("appliance/access/shell", "ok", "VSPHERE.LOCAL\\Administrator"),
                ("appliance/local-accounts/create", "ok", "VSPHERE.LOCAL\\Administrator"),
            ],
            "{entries:#?}"
        );
        let shell_refused = &entries[2];
        assert!(shell_refused.error.as_deref().is_some_and(|e| e.contains("time-out") || e.contains("minutes")), "{shell_refused:?}");
        assert_eq!(entries[1].target_words(), "enabled=on, timeout_minutes=15");
        assert!(entries[0].target.iter().any(|(k, v)| k == "username" && v == "auditor"), "an account's name is what it acted on");
        assert!(entries.iter().all(|e| e.vcenter.starts_with("127.0.0.1:")));

        // The same entries, one JSON line each, in the file; no password anywhere in it.
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<app::audit::AuditEntry> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[4], entries[0]);
        for needle in [secret, PASSWORD, "not-the-password"] {
            assert!(!text.contains(needle), "the audit log holds {needle:?}");
        }
        assert!(lines.iter().all(|e| e.target.iter().all(|(k, _)| !k.contains("password"))));

        // A login under a name far too long is written down cut.
        c.login_form(&"x".repeat(5000), "whatever", "/appliance/summary").await;
        let long = log.recent(1).remove(0);
        assert_eq!((long.operation.as_str(), long.user.chars().count()), ("cis/session/login", app::audit::MAX_VALUE + 1));

        // The Audit page, filtered to refusals.
        let html = c.html("/audit?outcome=refused", &cookie).await;
        assert_eq!(html.matches("data-testid=\"audit-entry\"").count(), 3, "{html}");
        assert!(html.contains("appliance/access/shell") && html.contains("cis/session/login"));
        let html = c.html("/audit?area=appliance/local-accounts", &cookie).await;
        assert_eq!(html.matches("data-testid=\"audit-entry\"").count(), 1);
        assert!(html.contains("username=auditor"));
    })
}
