//! The Audit page's server function: the newest actions taken through the console ([`crate::audit`]),
//! filtered, for a user vCenter lets read its inventory (asked of vCenter with the user's own session: the
//! datacenters' list, which needs `System.Read`).

use crate::audit::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most entries the page shows: the newest that match its filter, among all the console keeps.
pub const SHOWN: usize = 500;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    pub entries: Vec<AuditEntry>,
    /// How many the console keeps in all; `entries` are the newest [`SHOWN`] of them that match the filter.
    pub total: usize,
    /// The areas and users seen, for the filter's choices.
    pub areas: Vec<String>,
    pub users: Vec<String>,
}

#[server(prefix = "/api", endpoint = "console/audit")]
pub async fn get_audit(user: String, area: String, outcome: String) -> Result<AuditView, AppError> {
    let filter = crate::audit::AuditFilter { user, area, outcome };
    let log = crate::api::ssr::state()?.audit;
    // The user must be one vCenter lets read the inventory. vCenter leaves out of a list what a user may not
    // see (it does not refuse the list): a user who may read the inventory sees at least its root folder.
    let folders = crate::api::ssr::with_vc(|vc| async move { vc.vcenter_folder_list(&[], &[], None, &[], &[]).await }).await?;
    if folders.is_empty() {
        return Err(AppError::Refused("The audit log is shown to users vCenter lets read its inventory (System.Read): your account sees none of it.".into()));
    }
    // The entries of the vCenter the user is on: the inventory they may read is that one's.
    let (session, _) = crate::api::ssr::console_session()?;
    let all: Vec<AuditEntry> = log.recent(usize::MAX).into_iter().filter(|e| e.vcenter == session.vcenter).collect();
    let mut areas: Vec<String> = all.iter().map(AuditEntry::area).collect();
    areas.sort();
    areas.dedup();
    let mut users: Vec<String> = all.iter().map(|e| e.user.clone()).filter(|u| !u.is_empty()).collect();
    users.sort_by_key(|u| u.to_lowercase());
    users.dedup_by_key(|u| u.to_lowercase());
    let total = all.len();
    Ok(AuditView { entries: all.into_iter().filter(|e| filter.matches(e)).take(SHOWN).collect(), total, areas, users })
}
