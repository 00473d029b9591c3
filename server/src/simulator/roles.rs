//! Who may do what in the simulated vCenter: three accounts, each with a role, and the privilege each
//! operation needs. vCenter checks privileges in its vAPI endpoint before an operation runs and refuses with
//! 403 `unauthorized` (`vapi.security.authorization.invalid`); so does the simulator, in a middleware over
//! every route.
//!
//! The roles follow vCenter's: the administrator has every privilege; the system role Read-only has
//! `System.Anonymous`, `System.View` and `System.Read` (every read, no change); the operator is a custom role
//! of the usual kind for a team's self-service, allowed to power virtual machines (`VirtualMachine.Interact.*`),
//! to make new ones (`VirtualMachine.Inventory.Create`: from a library template, too) and to manage and assign
//! tags (`InventoryService.Tagging.*`), but not to delete virtual machines, change their hardware or change
//! the appliance.
//!
//! vCenter's own refusal does not say which privilege is missing ("Unable to authorize user"); the simulator
//! names it, in the message and as its argument, so that the console's "you need privilege X" path is tested
//! against an answer that carries one (the tagging service's refusals do name theirs).

use super::conformance::{Called, Operation};
use super::{SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::response::{IntoResponse, Response};

/// The message id of the endpoint's privilege refusal.
pub const UNAUTHORIZED_ID: &str = "vapi.security.authorization.invalid";

/// The read-only account and the operator account (the administrator is `SimConfig::user`); all three log in
/// with `SimConfig::password`.
pub const READ_ONLY_USER: &str = "readonly@vsphere.local";
pub const OPERATOR_USER: &str = "operator@vsphere.local";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Operator,
    ReadOnly,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Operator => "Operator",
            Role::ReadOnly => "Read-only",
        }
    }

    /// Whether this role holds `privilege`.
    pub fn has(self, privilege: &str) -> bool {
        match self {
            Role::Administrator => true,
            Role::Operator => {
                privilege.starts_with("System.")
                    || privilege.starts_with("VirtualMachine.Interact.")
                    || privilege == "VirtualMachine.Inventory.Create"
                    || privilege.starts_with("InventoryService.Tagging.")
            }
            Role::ReadOnly => matches!(privilege, "System.Anonymous" | "System.View" | "System.Read"),
        }
    }
}

/// The accounts that may log in, with their roles.
pub fn accounts(admin: &str) -> [(String, Role); 3] {
    [(admin.to_string(), Role::Administrator), (OPERATOR_USER.into(), Role::Operator), (READ_ONLY_USER.into(), Role::ReadOnly)]
}

pub fn role_of(state: &SimState, user: &str) -> Option<Role> {
    accounts(&state.config.user).into_iter().find(|(u, _)| u == user).map(|(_, r)| r)
}

/// The privilege an operation needs. Reads (every GET, and the POST operations that only list or get)
/// need `System.Read`; each change needs its own.
pub fn privilege(op: &Operation) -> &'static str {
    let reads = op.method == "GET" || op.name.starts_with("list") || op.name == "get";
    if op.path.starts_with("/rest/com/vmware/cis/session") || reads {
        return "System.Read";
    }
    let path = op.path.as_str();
    let name = op.name.as_str();
    if path.starts_with("/rest/appliance/") {
        // The appliance's changes belong to its administrators group; vSphere 6.7 documents no finer
        // privilege per appliance operation.
        return "SystemConfiguration.Administrators";
    }
    if path.starts_with("/rest/com/vmware/cis/tagging/category") {
        return match name {
            "create" => "InventoryService.Tagging.CreateCategory",
            "delete" => "InventoryService.Tagging.DeleteCategory",
            _ => "InventoryService.Tagging.EditCategory",
        };
    }
    if path.starts_with("/rest/com/vmware/cis/tagging/tag-association") {
        return "InventoryService.Tagging.AttachTag";
    }
    if path.starts_with("/rest/com/vmware/cis/tagging/tag") {
        return match name {
            "create" => "InventoryService.Tagging.CreateTag",
            "delete" => "InventoryService.Tagging.DeleteTag",
            _ => "InventoryService.Tagging.EditTag",
        };
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/power") {
        return match name {
            "start" => "VirtualMachine.Interact.PowerOn",
            "stop" => "VirtualMachine.Interact.PowerOff",
            "reset" => "VirtualMachine.Interact.Reset",
            _ => "VirtualMachine.Interact.Suspend",
        };
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/guest/power") {
        return match name {
            "shutdown" => "VirtualMachine.Interact.PowerOff",
            "reboot" => "VirtualMachine.Interact.Reset",
            _ => "VirtualMachine.Interact.Suspend",
        };
    }
    // Storage policies: checking them is the profile-driven storage view; choosing a VM's is its settings.
    if path.starts_with("/rest/vcenter/storage/policies") || path.starts_with("/rest/vcenter/vm/{vm}/storage/policy/compliance") {
        return "StorageProfile.View";
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/storage/policy") {
        return "VirtualMachine.Config.Settings";
    }
    if path == "/rest/vcenter/vm/{vm}/hardware/cpu" {
        return "VirtualMachine.Config.CPUCount";
    }
    if path == "/rest/vcenter/vm/{vm}/hardware/memory" {
        return "VirtualMachine.Config.Memory";
    }
    // Devices, as vSphere's privilege list names them: connecting a device is an interaction, changing a
    // CD-ROM's medium too; adding and removing disks and other devices are configuration privileges.
    if path.ends_with("/connect") || path.ends_with("/disconnect") {
        return "VirtualMachine.Interact.DeviceConnection";
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/hardware/cdrom/{cdrom}") && op.method == "PATCH" {
        return "VirtualMachine.Interact.SetCDMedia";
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/hardware/floppy/{floppy}") && op.method == "PATCH" {
        return "VirtualMachine.Interact.SetFloppyMedia";
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/hardware/disk") {
        return match op.method.as_str() {
            "POST" => "VirtualMachine.Config.AddNewDisk",
            "DELETE" => "VirtualMachine.Config.RemoveDisk",
            _ => "VirtualMachine.Config.EditDevice",
        };
    }
    let devices = ["ethernet", "cdrom", "floppy", "serial", "parallel", "adapter"].map(|d| format!("/rest/vcenter/vm/{{vm}}/hardware/{d}"));
    if devices.iter().any(|p| path.starts_with(p.as_str())) {
        return if op.method == "PATCH" { "VirtualMachine.Config.EditDevice" } else { "VirtualMachine.Config.AddRemoveDevice" };
    }
    if path.starts_with("/rest/vcenter/vm/{vm}/hardware") {
        return "VirtualMachine.Config.Settings";
    }
    if path == "/rest/vcenter/vm" || path == "/rest/vcenter/vm/{vm}" {
        return if name == "delete" { "VirtualMachine.Inventory.Delete" } else { "VirtualMachine.Inventory.Create" };
    }
    if path.starts_with("/rest/com/vmware/content") {
        return content_privilege(path, name);
    }
    // Content library templates: capturing one adds a library item; deploying one creates a virtual machine;
    // an ISO is mounted on a drive added to the machine.
    if path.starts_with("/rest/com/vmware/vcenter/ovf/library-item") || path.starts_with("/rest/vcenter/vm-template/library-items") {
        return match name {
            "create" => "ContentLibrary.AddLibraryItem",
            "filter" => "System.Read",
            _ => "VirtualMachine.Inventory.Create",
        };
    }
    if path.starts_with("/rest/com/vmware/vcenter/iso/image") {
        return "VirtualMachine.Config.AddRemoveDevice";
    }
    // Any other change: the administrator's privilege to change vCenter's settings.
    "Global.Settings"
}

/// vSphere's content library privileges, one per kind of change.
fn content_privilege(path: &str, name: &str) -> &'static str {
    let p = path.trim_start_matches("/rest/com/vmware/content/");
    match (p.split(['/', '?']).next().unwrap_or(""), name) {
        ("local-library", "create") => "ContentLibrary.CreateLocalLibrary",
        ("local-library", "delete") => "ContentLibrary.DeleteLocalLibrary",
        ("local-library", _) => "ContentLibrary.UpdateLocalLibrary",
        ("subscribed-library", "create") => "ContentLibrary.CreateSubscribedLibrary",
        ("subscribed-library", "delete") => "ContentLibrary.DeleteSubscribedLibrary",
        ("subscribed-library", "probe") => "ContentLibrary.ProbeSubscription",
        ("subscribed-library", "sync") => "ContentLibrary.SyncLibrary",
        ("subscribed-library", "evict") => "ContentLibrary.EvictSubscribedLibrary",
        ("subscribed-library", _) => "ContentLibrary.UpdateSubscribedLibrary",
        ("configuration", _) => "ContentLibrary.UpdateConfiguration",
        _ if p.starts_with("library/subscribed-item") => if name == "evict" { "ContentLibrary.EvictLibraryItem" } else { "ContentLibrary.SyncLibraryItem" },
        _ if p.starts_with("library/item/download-session") || p.starts_with("library/item/downloadsession") => "ContentLibrary.DownloadSession",
        _ if p.starts_with("library/item/update-session") || p.starts_with("library/item/updatesession") => "ContentLibrary.UpdateSession",
        _ if p.starts_with("library/item") => match name {
            "create" | "copy" => "ContentLibrary.AddLibraryItem",
            "delete" => "ContentLibrary.DeleteLibraryItem",
            "find" => "System.Read",
            _ => "ContentLibrary.UpdateLibraryItem",
        },
        (_, "find") => "System.Read",
        _ => "ContentLibrary.UpdateLibrary",
    }
}

/// The middleware: a logged-in user whose role lacks the operation's privilege is refused before the
/// operation runs. Requests without a live session go on (the operation answers `unauthenticated`).
pub async fn check(axum::extract::State(state): axum::extract::State<SimState>, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let user = req.headers().get("vmware-api-session-id").and_then(|v| v.to_str().ok()).and_then(|id| state.sessions.login(id));
    let Some(user) = user else { return next.run(req).await };
    // The operation, as the conformance layer around this one found it.
    let Some(&Called(op)) = req.extensions().get::<Called>() else { return next.run(req).await };
    let needed = privilege(op);
    match role_of(&state, &user) {
        Some(role) if role.has(needed) => next.run(req).await,
        role => SimError::new(
            VapiErrorKind::Unauthorized,
            UNAUTHORIZED_ID,
            format!(
                "Unable to authorize user {user}: {} {} needs the privilege {needed}, which the role {} does not have.",
                op.method,
                op.path,
                role.map(Role::name).unwrap_or("(none)")
            ),
            &[needed],
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::conformance::operation;
    use axum::http::Method;

    fn op(method: Method, path: &str, action: Option<&str>) -> &'static Operation {
        operation(&method, path, action).unwrap_or_else(|| panic!("{method} {path}"))
    }

    #[test]
    fn reads_and_changes_need_their_privileges() {
        assert_eq!(privilege(op(Method::GET, "/rest/appliance/access/ssh", None)), "System.Read");
        assert_eq!(privilege(op(Method::PUT, "/rest/appliance/access/ssh", None)), "SystemConfiguration.Administrators");
        assert_eq!(privilege(op(Method::POST, "/rest/com/vmware/cis/tagging/tag-association", Some("list-attached-tags"))), "System.Read");
        assert_eq!(privilege(op(Method::POST, "/rest/com/vmware/cis/tagging/tag-association/id:t1", Some("attach"))), "InventoryService.Tagging.AttachTag");
        assert_eq!(privilege(op(Method::POST, "/rest/com/vmware/cis/tagging/category", None)), "InventoryService.Tagging.CreateCategory");
        assert_eq!(privilege(op(Method::DELETE, "/rest/com/vmware/cis/tagging/tag/id:t1", None)), "InventoryService.Tagging.DeleteTag");
        assert_eq!(privilege(op(Method::POST, "/rest/vcenter/vm/vm-1/power/start", None)), "VirtualMachine.Interact.PowerOn");
    }

    #[test]
    fn roles_hold_what_they_should() {
        assert!(Role::ReadOnly.has("System.Read") && !Role::ReadOnly.has("InventoryService.Tagging.AttachTag"));
        assert!(Role::Operator.has("VirtualMachine.Interact.PowerOn") && Role::Operator.has("InventoryService.Tagging.CreateTag"));
        assert!(!Role::Operator.has("SystemConfiguration.Administrators"));
        assert!(Role::Operator.has("VirtualMachine.Inventory.Create") && !Role::Operator.has("VirtualMachine.Inventory.Delete"));
        assert!(Role::Administrator.has("SystemConfiguration.Administrators"));
    }
}
