//! `vcenter/vm/hardware`: a VM's CPU, memory and boot options — what they are, what may change in the VM's power state (and
//! why not, when not), and the two forms that change them. Values are checked before anything is sent, by the
//! rules vSphere documents: CPUs from 1 to 128 and a multiple of the cores per socket; memory a multiple of 4 MB.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Hardware version 14's most virtual CPUs, and most memory (6 TB).
pub const MAX_CPUS: i64 = 128;
pub const MAX_MEMORY_MB: i64 = 6 * 1024 * 1024;

/// A VM's CPU and memory as its page shows them, with why each part cannot change now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HardwareView {
    pub power_state: String,
    pub cpu_count: i64,
    pub cores_per_socket: i64,
    pub cpu_hot_add: bool,
    pub cpu_hot_remove: bool,
    pub memory_mb: i64,
    pub memory_hot_add: bool,
    /// `EFI` or `BIOS`.
    pub firmware: String,
    pub boot_delay_ms: i64,
    pub boot_retry: bool,
    pub boot_retry_delay_ms: i64,
    pub enter_setup: bool,
}

impl HardwareView {
    fn cold_only(&self) -> Option<String> {
        match self.power_state.as_str() {
            "POWERED_OFF" => None,
            "SUSPENDED" => Some("The virtual machine is suspended: power it on or off to change its hardware.".into()),
            _ => Some("Only while the virtual machine is powered off.".into()),
        }
    }

    /// Why the CPU count cannot change now: never while suspended; while running only with hot add or hot
    /// remove enabled.
    pub fn cpu_count_locked(&self) -> Option<String> {
        match self.power_state.as_str() {
            "POWERED_ON" if self.cpu_hot_add || self.cpu_hot_remove => None,
            "POWERED_ON" => Some("CPU hot add and hot remove are not enabled: CPUs change only while the virtual machine is powered off.".into()),
            _ => self.cold_only(),
        }
    }

    /// Why the cores per socket and the hot-plug switches cannot change now.
    pub fn cold_locked(&self) -> Option<String> {
        self.cold_only()
    }

    /// Why the memory size cannot change now.
    pub fn memory_locked(&self) -> Option<String> {
        match self.power_state.as_str() {
            "POWERED_ON" if self.memory_hot_add => None,
            "POWERED_ON" => Some("Memory hot add is not enabled: memory changes only while the virtual machine is powered off.".into()),
            _ => self.cold_only(),
        }
    }

    /// Why the firmware cannot change now (the other boot options apply at the next boot, so they may).
    pub fn firmware_locked(&self) -> Option<String> {
        self.cold_only()
    }

    /// What a running VM's count may become: up with hot add, down with hot remove.
    pub fn cpu_hint(&self) -> String {
        match (self.power_state.as_str(), self.cpu_hot_add, self.cpu_hot_remove) {
            ("POWERED_ON", true, false) => format!("While it runs, CPUs can be added (hot add), not removed: {} or more.", self.cpu_count),
            ("POWERED_ON", false, true) => format!("While it runs, CPUs can be removed (hot remove), not added: {} or fewer.", self.cpu_count),
            _ => format!("From 1 to {MAX_CPUS}, a multiple of the cores per socket."),
        }
    }
}

/// A whole number from a form field, or the field's refusal.
fn whole(field: &str, text: &str, what: &str) -> Result<i64, AppError> {
    text.trim().replace([',', '_', ' '], "").parse::<i64>().map_err(|_| AppError::invalid(field, format!("Enter {what} as a whole number.")))
}

/// The CPU form (`flags` is sent only while the hot-plug switches may change, since an unticked box sends
/// nothing; disabled fields send nothing either, and leave their value as it is).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CpuForm {
    pub vm: String,
    pub count: Option<String>,
    pub cores_per_socket: Option<String>,
    pub flags: Option<String>,
    pub hot_add: Option<String>,
    pub hot_remove: Option<String>,
}

/// The update a CPU form asks for, checked against `now` (the cores per socket kept when not sent).
pub fn cpu_spec(form: &CpuForm, now_cores: i64) -> Result<crate::vsphere::models::vcenter::vm::hardware::cpu::UpdateSpec, AppError> {
    let count = form.count.as_deref().map(|c| whole("count", c, "the number of CPUs")).transpose()?;
    let cores = form.cores_per_socket.as_deref().map(|c| whole("cores_per_socket", c, "the cores per socket")).transpose()?;
    if let Some(c) = count.filter(|c| !(1..=MAX_CPUS).contains(c)) {
        return Err(AppError::invalid("count", format!("A virtual machine has from 1 to {MAX_CPUS} CPUs; {c} is not possible.")));
    }
    if let Some(k) = cores.filter(|k| !(1..=MAX_CPUS).contains(k)) {
        return Err(AppError::invalid("cores_per_socket", format!("Cores per socket go from 1 to {MAX_CPUS}; {k} is not possible.")));
    }
    if let Some(c) = count {
        let k = cores.unwrap_or(now_cores);
        if k > 0 && c % k != 0 {
            return Err(AppError::invalid("count", format!("{c} CPUs cannot be split into sockets of {k} cores: the number of CPUs must be a multiple of the cores per socket.")));
        }
    }
    let flags = form.flags.is_some();
    Ok(crate::vsphere::models::vcenter::vm::hardware::cpu::UpdateSpec {
        count,
        cores_per_socket: cores,
        hot_add_enabled: flags.then(|| form.hot_add.is_some()),
        hot_remove_enabled: flags.then(|| form.hot_remove.is_some()),
    })
}

/// The memory form (see [`CpuForm`] for `flags`). The size is in MB.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MemoryForm {
    pub vm: String,
    pub size_mb: Option<String>,
    pub flags: Option<String>,
    pub hot_add: Option<String>,
}

pub fn memory_spec(form: &MemoryForm) -> Result<crate::vsphere::models::vcenter::vm::hardware::memory::UpdateSpec, AppError> {
    let size = form.size_mb.as_deref().map(|m| whole("size_mb", m, "the memory in MB")).transpose()?;
    if let Some(m) = size {
        if m < 4 || m % 4 != 0 {
            return Err(AppError::invalid("size_mb", format!("Memory goes in steps of 4 MB: {m} MB is not one (4096 MB is 4 GB).")));
        }
        if m > MAX_MEMORY_MB {
            return Err(AppError::invalid("size_mb", format!("A virtual machine has at most {MAX_MEMORY_MB} MB (6 TB) of memory.")));
        }
    }
    Ok(crate::vsphere::models::vcenter::vm::hardware::memory::UpdateSpec { size_mib: size, hot_add_enabled: form.flags.is_some().then(|| form.hot_add.is_some()) })
}

/// The boot form (its checkboxes are always on it, so an unticked one is off).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BootForm {
    pub vm: String,
    /// `EFI` or `BIOS`; absent while the VM runs (the field is disabled).
    pub firmware: Option<String>,
    pub delay_ms: String,
    pub retry: Option<String>,
    pub retry_delay_ms: String,
    pub enter_setup: Option<String>,
}

pub fn boot_spec(form: &BootForm) -> Result<crate::vsphere::models::vcenter::vm::hardware::boot::UpdateSpec, AppError> {
    use crate::vsphere::models::vcenter::vm::hardware::boot::Type;
    let firmware = match form.firmware.as_deref().map(str::trim) {
        None => None,
        Some("EFI") => Some(Type::Efi),
        Some("BIOS") => Some(Type::Bios),
        Some(_) => return Err(AppError::invalid("firmware", "Choose EFI or BIOS.")),
    };
    let ms = |field: &str, text: &str, what: &str| -> Result<i64, AppError> {
        let v = whole(field, text, what)?;
        if !(0..=MAX_BOOT_DELAY_MS).contains(&v) {
            return Err(AppError::invalid(field, format!("Enter {what} from 0 to {MAX_BOOT_DELAY_MS} milliseconds.")));
        }
        Ok(v)
    };
    Ok(crate::vsphere::models::vcenter::vm::hardware::boot::UpdateSpec {
        r#type: firmware,
        efi_legacy_boot: None,
        network_protocol: None,
        delay: Some(ms("delay_ms", &form.delay_ms, "the boot delay")?),
        retry: Some(form.retry.is_some()),
        retry_delay: Some(ms("retry_delay_ms", &form.retry_delay_ms, "the retry delay")?),
        enter_setup_mode: Some(form.enter_setup.is_some()),
    })
}

/// The longest boot delay the console takes, a minute: a longer one is almost always a typo (an extra zero).
pub const MAX_BOOT_DELAY_MS: i64 = 60_000;

/// A VM's CPU, memory, boot options and power state.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware")]
pub async fn get_vm_hardware(vm: String) -> Result<HardwareView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (cpu, memory, boot, power) = tokio::join!(
            vc.vcenter_vm_hardware_cpu_get(&vm),
            vc.vcenter_vm_hardware_memory_get(&vm),
            vc.vcenter_vm_hardware_boot_get(&vm),
            vc.vcenter_vm_power_get(&vm)
        );
        let (cpu, memory, boot, power) = (cpu?, memory?, boot?, power?);
        Ok(HardwareView {
            power_state: power.state.as_str().to_string(),
            cpu_count: cpu.count,
            cores_per_socket: cpu.cores_per_socket,
            cpu_hot_add: cpu.hot_add_enabled,
            cpu_hot_remove: cpu.hot_remove_enabled,
            memory_mb: memory.size_mib,
            memory_hot_add: memory.hot_add_enabled,
            firmware: boot.r#type.as_str().to_string(),
            boot_delay_ms: boot.delay,
            boot_retry: boot.retry,
            boot_retry_delay_ms: boot.retry_delay,
            enter_setup: boot.enter_setup_mode,
        })
    })
    .await
}

/// The VM's page, saying the CPU or memory was changed.
#[cfg(feature = "ssr")]
fn back_to_vm(vm: &str, part: &str, path: &str) {
    let page = crate::components::inventory::object_href("VirtualMachine", vm);
    leptos_axum::redirect(&format!("{page}&hardware={part}&done={path}"));
}

/// Changes a VM's CPUs; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/cpu")]
pub async fn set_vm_cpu(#[server(flatten)] form: CpuForm) -> Result<(), AppError> {
    let keep = |e: AppError| {
        let typed: Vec<(&str, &str)> = [("count", form.count.as_deref()), ("cores_per_socket", form.cores_per_socket.as_deref())]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        e.with_input(&typed)
    };
    let vm = form.vm.trim().to_string();
    let id = vm.clone();
    let f = form.clone();
    crate::api::ssr::with_vc(|vc| async move {
        let now = vc.vcenter_vm_hardware_cpu_get(&id).await?;
        let spec = cpu_spec(&f, now.cores_per_socket)?;
        vc.vcenter_vm_hardware_cpu_update(&id, &spec).await
    })
    .await
    .map_err(keep)?;
    back_to_vm(&vm, "cpu", <SetVmCpu as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a VM's memory; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/memory")]
pub async fn set_vm_memory(#[server(flatten)] form: MemoryForm) -> Result<(), AppError> {
    let keep = |e: AppError| match form.size_mb.as_deref() {
        Some(m) => e.with_input(&[("size_mb", m)]),
        None => e,
    };
    let spec = memory_spec(&form).map_err(keep)?;
    let vm = form.vm.trim().to_string();
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_memory_update(&id, &spec).await }).await.map_err(keep)?;
    back_to_vm(&vm, "memory", <SetVmMemory as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a VM's boot options; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/boot")]
pub async fn set_vm_boot(#[server(flatten)] form: BootForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("delay_ms", form.delay_ms.as_str()), ("retry_delay_ms", form.retry_delay_ms.as_str())]);
    let spec = boot_spec(&form).map_err(keep)?;
    let vm = form.vm.trim().to_string();
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_boot_update(&id, &spec).await }).await.map_err(keep)?;
    back_to_vm(&vm, "boot", <SetVmBoot as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu(count: &str, cores: Option<&str>) -> CpuForm {
        CpuForm { vm: "vm-1".into(), count: Some(count.into()), cores_per_socket: cores.map(Into::into), ..Default::default() }
    }

    #[test]
    fn cpu_and_memory_are_checked_before_anything_is_sent() {
        assert_eq!(cpu_spec(&cpu("8", Some("4")), 1).unwrap().count, Some(8));
        let e = cpu_spec(&cpu("0", None), 1).unwrap_err();
        assert_eq!(e.invalid_field(), Some("count"), "{e}");
        let e = cpu_spec(&cpu("6", Some("4")), 1).unwrap_err();
        assert!(e.to_string().contains("must be a multiple of the cores per socket"), "{e}");
        assert!(cpu_spec(&cpu("6", None), 4).is_err(), "checked against the cores per socket it keeps");
        assert!(cpu_spec(&cpu("six", None), 1).unwrap_err().to_string().contains("whole number"));
        let spec = cpu_spec(&CpuForm { flags: Some("1".into()), hot_add: Some("on".into()), ..cpu("2", None) }, 1).unwrap();
        assert_eq!((spec.hot_add_enabled, spec.hot_remove_enabled), (Some(true), Some(false)), "an unticked box is off when the switches were on the form");
        assert_eq!(cpu_spec(&cpu("2", None), 1).unwrap().hot_add_enabled, None, "and left alone when they were not");

        let mem = |m: &str| memory_spec(&MemoryForm { vm: "vm-1".into(), size_mb: Some(m.into()), ..Default::default() });
        assert_eq!(mem("4096").unwrap().size_mib, Some(4096));
        assert_eq!(mem("4,096").unwrap().size_mib, Some(4096));
        for bad in ["4098", "0", "2", "7000000"] {
            assert_eq!(mem(bad).unwrap_err().invalid_field(), Some("size_mb"), "{bad}");
        }
    }

    #[test]
    fn boot_options_are_checked_before_anything_is_sent() {
        let form = |delay: &str| BootForm { vm: "vm-1".into(), firmware: Some("EFI".into()), delay_ms: delay.into(), retry: Some("on".into()), retry_delay_ms: "10000".into(), enter_setup: None };
        let spec = boot_spec(&form("2000")).unwrap();
        assert_eq!((spec.delay, spec.retry, spec.enter_setup_mode), (Some(2000), Some(true), Some(false)));
        assert_eq!(spec.r#type.map(|t| t.as_str().to_string()).as_deref(), Some("EFI"));
        assert_eq!(boot_spec(&form("-5")).unwrap_err().invalid_field(), Some("delay_ms"));
        assert_eq!(boot_spec(&form("600000")).unwrap_err().invalid_field(), Some("delay_ms"), "ten minutes: a typo");
        assert_eq!(boot_spec(&BootForm { firmware: None, ..form("0") }).unwrap().r#type, None, "no firmware sent while it runs");
    }

    #[test]
    fn what_a_running_vm_may_change_and_why_not() {
        let on = HardwareView { power_state: "POWERED_ON".into(), cpu_count: 2, cores_per_socket: 1, ..Default::default() };
        assert!(on.cpu_count_locked().unwrap().contains("hot add and hot remove are not enabled"));
        assert!(on.cold_locked().unwrap().contains("powered off"));
        assert!(on.memory_locked().unwrap().contains("Memory hot add is not enabled"));
        let hot = HardwareView { cpu_hot_add: true, memory_hot_add: true, ..on.clone() };
        assert_eq!((hot.cpu_count_locked(), hot.memory_locked()), (None, None));
        assert!(hot.cold_locked().is_some(), "cores per socket and the switches stay cold-only");
        let off = HardwareView { power_state: "POWERED_OFF".into(), ..on.clone() };
        assert_eq!((off.cpu_count_locked(), off.cold_locked(), off.memory_locked()), (None, None, None));
        let suspended = HardwareView { power_state: "SUSPENDED".into(), ..hot };
        assert!(suspended.cpu_count_locked().unwrap().contains("suspended"));
    }
}
