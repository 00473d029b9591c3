//! `vcenter/vm/*` server functions, and what they share: one kind of action on one VM, the VM a form names, and
//! the way back to the VM's page.
pub mod guest;
pub mod hardware;
pub mod lifecycle;
pub mod power;
pub mod storage;

use crate::error::AppError;

/// An action on one VM from its page: the API's name, the button's words, the words once done, and — for the
/// ones that cut the guest or its services off — what the confirmation says happens.
pub struct VmAction {
    pub name: &'static str,
    pub button: &'static str,
    pub done: &'static str,
    pub asks: Option<&'static str>,
}

/// The VM a form names, trimmed; refused when there is none.
pub fn vm_id(vm: &str) -> Result<String, AppError> {
    let vm = vm.trim();
    if vm.is_empty() {
        return Err(AppError::invalid("vm", "Choose a virtual machine."));
    }
    Ok(vm.to_string())
}

/// Back to the VM's page, saying what the form at `path` (a server function's) changed: `part=value`, such as
/// `power=stop`, `guest=reboot`, `hardware=cpu` (on the Hardware tab) or `storage=saved` (on the Storage policy
/// tab).
#[cfg(feature = "ssr")]
pub fn back_to_vm(vm: &str, part: &str, value: &str, path: &str) {
    let page = crate::components::inventory::object_href("VirtualMachine", vm);
    let tab = match part {
        "hardware" => "&tab=hardware",
        "storage" => "&tab=storage",
        _ => "",
    };
    leptos_axum::redirect(&format!("{page}{tab}&{part}={value}&done={path}"));
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_form_names_one_vm() {
        assert_eq!(super::vm_id(" vm-42 ").unwrap(), "vm-42");
        assert!(super::vm_id("  ").unwrap_err().to_string().contains("Choose a virtual machine"));
    }
}
