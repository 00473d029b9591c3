//! The audit log: every action taken through the console — each call of a server function that does more
//! than read (a form posted, the logins and logouts among them) — with the time, the console user, the vCenter, the operation (the server
//! function's API area path, `vcenter/vm/power`), what it acted on (the form's fields, never a secret) and its
//! outcome (vCenter's error when it was refused). The server records it (`server/src/audit.rs`, around every
//! `POST /api/…`), keeps the newest in memory for the Audit page and writes each entry as one JSON line to a
//! file or stdout when asked (`--audit-log`).

use serde::{Deserialize, Serialize};

/// The server functions that only read (their names start with `get_` or `list_`, and the few reads named
/// otherwise: see `app/tests/codegen/audit.rs`, which keeps this list true): a call of one of them is not an
/// action, and is not written down.
pub const READS: &[&str] = &[
    "appliance/access",
    "appliance/local-accounts",
    "appliance/logging",
    "appliance/monitoring",
    "appliance/monitoring/query",
    "appliance/networking",
    "appliance/networking/interface",
    "appliance/recovery",
    "appliance/recovery/backup/job/details",
    "appliance/recovery/backup/job/one",
    "appliance/recovery/backup/parts",
    "appliance/recovery/backup/schedules",
    "appliance/recovery/overview",
    "appliance/recovery/reconciliation/job/get",
    "appliance/recovery/restore/job/get",
    "appliance/services",
    "appliance/shutdown",
    "appliance/storage",
    "appliance/summary",
    "appliance/time",
    "appliance/update",
    "appliance/update/pending",
    "appliance/update/pending/get",
    "appliance/update/pending/precheck/kept",
    "appliance/update/policy",
    "cis/session/console_info",
    "cis/session/whoami",
    "cis/tagging/category/get",
    "cis/tagging/object",
    "cis/tagging/overview",
    "cis/tagging/tag/get",
    "cis/tagging/used",
    "console/audit",
    "console/kept-result",
    "content/library/get",
    "content/library/item/downloadsession/file/get",
    "content/library/item/file/get",
    "content/library/item/get",
    "content/library/list",
    "hvc",
    "team/list",
    "team/mine",
    "vapi/metadata/catalogue",
    "vapi/metadata/cli",
    "vapi/metadata/component",
    "vapi/metadata/operation",
    "vapi/metadata/package",
    "vapi/metadata/resource",
    "vapi/metadata/service",
    "vapi/metadata/services",
    "vapi/metadata/type",
    "vcenter/datacenter/contents",
    "vcenter/datacenter/folders",
    "vcenter/deployment",
    "vcenter/guest/customization-specs",
    "vcenter/host/folders",
    "vcenter/inventory",
    "vcenter/inventory/find",
    "vcenter/object",
    "vcenter/ovf/library-item/filter",
    "vcenter/services",
    "vcenter/storage/policies",
    "vcenter/storage/policies/policy",
    "vcenter/system-config",
    "vcenter/vm-template/library-items/get",
    "vcenter/vm/guest",
    "vcenter/vm/hardware",
    "vcenter/vm/hardware/details",
    "vcenter/vm/new-choices",
    "vcenter/vm/storage/policy",
];

/// Whether a call of server function `endpoint` (its path below `/api/`) is an action to write down.
pub fn is_action(endpoint: &str) -> bool {
    READS.binary_search(&endpoint).is_err()
}

/// One action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC, to the millisecond.
    pub time: String,
    /// The console user (vCenter's account); for a login, the name typed.
    pub user: String,
    /// The vCenter the console talks to (`vcenter.example.com`).
    pub vcenter: String,
    /// The server function's path below `/api/` (`vcenter/vm/power`), or the upload's.
    pub operation: String,
    /// The form's fields that say what it acted on (`vm` = `vm-42`, `action` = `stop`), secrets left out.
    pub target: Vec<(String, String)>,
    /// `ok` or `refused`.
    pub outcome: String,
    /// Why it was refused: vCenter's error or the console's check, in words.
    pub error: Option<String>,
}

impl AuditEntry {
    /// The entry's area: its operation's first two parts (`vcenter/vm`, `appliance/networking`).
    pub fn area(&self) -> String {
        area_of(&self.operation)
    }

    /// The target in one line: `vm=vm-42, action=stop`.
    pub fn target_words(&self) -> String {
        self.target.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
    }
}

/// An operation's area: its first two parts.
pub fn area_of(operation: &str) -> String {
    operation.split('/').take(2).collect::<Vec<_>>().join("/")
}

/// Whether a form field may be written down: not a password, a secret, a token or a key, whatever the case.
pub fn is_secret(field: &str) -> bool {
    let f = field.to_ascii_lowercase();
    ["password", "passwd", "secret", "token", "credential", "private_key", "passphrase"].iter().any(|s| f.contains(s))
}

/// The most fields an entry keeps, and the longest value (longer ones are cut, marked with `…`).
pub const MAX_FIELDS: usize = 24;
pub const MAX_VALUE: usize = 200;

/// A value cut to [`MAX_VALUE`] characters (marked with `…` when cut).
pub fn cut(v: &str) -> String {
    if v.chars().count() > MAX_VALUE { format!("{}…", v.chars().take(MAX_VALUE).collect::<String>()) } else { v.to_string() }
}

/// A URL's password (`scheme://user:password@host/…`) replaced by `***`; any other text as it is.
pub fn without_url_password(v: &str) -> String {
    let Some(scheme_end) = v.find("://") else { return v.to_string() };
    let rest = &v[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else { return v.to_string() };
    match rest[..at].find(':') {
        Some(colon) => format!("{}{}:***{}", &v[..scheme_end + 3], &rest[..colon], &rest[at..]),
        None => v.to_string(),
    }
}

/// The fields of a posted form an entry keeps: secrets left out (by name, and a password written into a URL),
/// empty values and the forms' own plumbing (`back`, `next`; `step` stays: it says what was asked) dropped,
/// long values cut.
pub fn target_fields(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .filter(|(k, v)| !is_secret(k) && !v.trim().is_empty() && !matches!(k.as_str(), "back" | "next"))
        .map(|(k, v)| (cut(k.trim_end_matches("[]")), cut(&without_url_password(v.trim()))))
        .take(MAX_FIELDS)
        .collect()
}

/// The Audit page's filter: a user (any case, part of the name), an area (its start), an outcome (exact).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub outcome: String,
}

impl AuditFilter {
    pub fn matches(&self, e: &AuditEntry) -> bool {
        let user = self.user.trim().to_lowercase();
        let area = self.area.trim().trim_matches('/');
        (user.is_empty() || e.user.to_lowercase().contains(&user))
            && (area.is_empty() || e.operation == area || e.operation.starts_with(&format!("{area}/")))
            && (self.outcome.is_empty() || e.outcome == self.outcome)
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::AuditEntry;
    use std::collections::VecDeque;
    use std::io::Write;
    use std::sync::Mutex;

    /// Where entries go.
    pub trait AuditLog: Send + Sync + 'static {
        fn record(&self, entry: AuditEntry);
        /// The newest entries first, at most `limit`.
        fn recent(&self, limit: usize) -> Vec<AuditEntry>;
    }

    /// The newest entries in memory (for the Audit page), each also written as a JSON line to `sink` when
    /// there is one.
    pub struct MemoryAudit {
        entries: Mutex<VecDeque<AuditEntry>>,
        capacity: usize,
        sink: Option<Mutex<Box<dyn Write + Send>>>,
    }

    impl MemoryAudit {
        pub fn new(capacity: usize, sink: Option<Box<dyn Write + Send>>) -> Self {
            MemoryAudit { entries: Mutex::new(VecDeque::new()), capacity, sink: sink.map(Mutex::new) }
        }

        /// `--audit-log`: `-` for stdout, else a file appended to (made if missing).
        pub fn open_sink(target: &str) -> std::io::Result<Box<dyn Write + Send>> {
            if target == "-" {
                return Ok(Box::new(std::io::stdout()));
            }
            Ok(Box::new(std::fs::OpenOptions::new().create(true).append(true).open(target)?))
        }
    }

    impl AuditLog for MemoryAudit {
        fn record(&self, entry: AuditEntry) {
            if let Some(sink) = &self.sink {
                if let Ok(line) = serde_json::to_string(&entry) {
                    let mut w = sink.lock().unwrap();
                    // One write per line, flushed: lines from concurrent requests never interleave.
                    let _ = w.write_all(format!("{line}\n").as_bytes());
                    let _ = w.flush();
                }
            }
            let mut entries = self.entries.lock().unwrap();
            entries.push_front(entry);
            entries.truncate(self.capacity);
        }

        fn recent(&self, limit: usize) -> Vec<AuditEntry> {
            self.entries.lock().unwrap().iter().take(limit).cloned().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(user: &str, operation: &str, outcome: &str) -> AuditEntry {
        AuditEntry { time: String::new(), user: user.into(), vcenter: "vc".into(), operation: operation.into(), target: vec![], outcome: outcome.into(), error: None }
    }

    #[test]
    fn secrets_are_never_kept_and_long_values_are_cut() {
        let kept = target_fields([
            ("vm".to_string(), "vm-42".to_string()),
            ("password".to_string(), "VMware1!".to_string()),
            ("sso_admin_password".to_string(), "x".to_string()),
            ("backup_password_confirm".to_string(), "x".to_string()),
            ("API_TOKEN".to_string(), "x".to_string()),
            ("tag_ids[]".to_string(), "urn:tag".to_string()),
            ("next".to_string(), "/x".to_string()),
            ("description".to_string(), "é".repeat(300)),
            ("empty".to_string(), "  ".to_string()),
        ]);
        let names: Vec<&str> = kept.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, vec!["vm", "tag_ids", "description"]);
        assert_eq!(kept[2].1.chars().count(), MAX_VALUE + 1);
        assert!(kept[2].1.ends_with('…'));
        let url = target_fields([("location".to_string(), "ftps://backup:Backup-2018!@backup.corp.local/vcsa".to_string())]);
        assert_eq!(url[0].1, "ftps://backup:***@backup.corp.local/vcsa");
        assert_eq!(without_url_password("https://repo.example.com/a@b.iso"), "https://repo.example.com/a@b.iso", "an @ after the host is not a password");
        assert_eq!(without_url_password("smb://nas.corp.local/share"), "smb://nas.corp.local/share");
        assert_eq!(without_url_password("user@host"), "user@host");
    }

    #[test]
    fn the_filter_reads_user_area_and_outcome() {
        let e = entry("Administrator@vsphere.local", "vcenter/vm/power", "refused");
        assert!(AuditFilter::default().matches(&e));
        assert!(AuditFilter { user: "ADMIN".into(), ..Default::default() }.matches(&e));
        assert!(AuditFilter { area: "vcenter/vm".into(), ..Default::default() }.matches(&e));
        assert!(AuditFilter { area: "/vcenter/vm/power/".into(), ..Default::default() }.matches(&e));
        assert!(!AuditFilter { area: "vcenter/v".into(), ..Default::default() }.matches(&e), "a whole part, not a prefix of one");
        assert!(!AuditFilter { outcome: "ok".into(), ..Default::default() }.matches(&e));
        assert_eq!(e.area(), "vcenter/vm");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_newest_come_first_and_the_oldest_go() {
        use server::AuditLog;
        let log = server::MemoryAudit::new(2, None);
        for op in ["a", "b", "c"] {
            log.record(entry("u", op, "ok"));
        }
        let ops: Vec<String> = log.recent(10).into_iter().map(|e| e.operation).collect();
        assert_eq!(ops, vec!["c".to_string(), "b".to_string()]);
    }
}
