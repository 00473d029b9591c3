//! A VM's hardware (`vcenter/vm/hardware`): CPU, memory and boot options, each a form. What the VM's power state does not
//! allow is disabled with the reason (cores per socket and the hot-plug switches only powered off; the CPU count
//! and memory while running only with hot add / hot remove); what it allows stays enabled.

use crate::api::vcenter::inventory::human_bytes;
use crate::api::vcenter::vm::hardware::{HardwareView, SetVmBoot, SetVmCpu, SetVmMemory, MAX_BOOT_DELAY_MS};
use crate::components::form::{succeeded, typed, Checkbox, Fields, Notice, SelectField, TextField, BUTTON};
use crate::components::Card;
use leptos::prelude::*;

#[component]
pub fn VmHardwareCard(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    let cpu = ServerAction::<SetVmCpu>::new();
    let memory = ServerAction::<SetVmMemory>::new();
    let boot = ServerAction::<SetVmBoot>::new();
    let delay = typed(boot.value(), "delay_ms", hw.boot_delay_ms.to_string());
    let retry_delay = typed(boot.value(), "retry_delay_ms", hw.boot_retry_delay_ms.to_string());
    let firmware_locked = hw.firmware_locked();
    let firmware = hw.firmware.clone();
    let (retry, setup) = (if hw.boot_retry { "on".to_string() } else { String::new() }, if hw.enter_setup { "on".to_string() } else { String::new() });
    let vm_boot = vm.clone();
    let count = typed(cpu.value(), "count", hw.cpu_count.to_string());
    let cores = typed(cpu.value(), "cores_per_socket", hw.cores_per_socket.to_string());
    let size = typed(memory.value(), "size_mb", hw.memory_mb.to_string());
    let on = |b: bool| if b { "on".to_string() } else { String::new() };
    let cold = hw.cold_locked();
    let cpu_locked = hw.cpu_count_locked();
    let memory_locked = hw.memory_locked();
    let memory_hint = if hw.power_state == "POWERED_ON" && hw.memory_hot_add {
        format!("Now {}. While it runs, memory can only grow (hot add), in steps of 4 MB.", human_bytes(hw.memory_mb << 20))
    } else {
        format!("Now {}. In MB, a multiple of 4 (4096 MB is 4 GB).", human_bytes(hw.memory_mb << 20))
    };
    // Nothing on a form may change: no button either.
    let cpu_fixed = cpu_locked.is_some() && cold.is_some();
    let memory_fixed = memory_locked.is_some() && cold.is_some();
    // Each form's children are a closure of their own: each gets its own copies.
    let switches = cold.is_none();
    let (vm_cpu, vm_memory) = (vm.clone(), vm);
    let (cold_cores, cold_add, cold_remove, cold_memory) = (cold.clone(), cold.clone(), cold.clone(), cold);
    let cpu_hint = hw.cpu_hint();
    let (cpu_hot_add, cpu_hot_remove, memory_hot_add) = (on(hw.cpu_hot_add), on(hw.cpu_hot_remove), on(hw.memory_hot_add));
    view! {
        <Card title="CPU, memory and boot">
            <div class="grid grid-cols-1 gap-8 md:grid-cols-2 xl:grid-cols-3" data-testid="vm-hardware">
                <ActionForm action=cpu attr:class="space-y-4" attr:data-testid="cpu-form">
                    <input type="hidden" name="vm" value=vm_cpu/>
                    {switches.then(|| view! { <input type="hidden" name="flags" value="1"/> })}
                    <Fields value=cpu.value() test_id="cpu-error">
                        <TextField label="CPUs" name="count" id="cpu-count" value=count inputmode="numeric" hint=cpu_hint locked=cpu_locked/>
                        <TextField label="Cores per socket" name="cores_per_socket" id="cpu-cores" value=cores inputmode="numeric" locked=cold_cores/>
                        <Checkbox name="hot_add" id="cpu-hot-add" label="CPU hot add (add CPUs while it runs)" checked=cpu_hot_add locked=cold_add/>
                        <Checkbox name="hot_remove" id="cpu-hot-remove" label="CPU hot remove (remove CPUs while it runs)" checked=cpu_hot_remove locked=cold_remove/>
                    </Fields>
                    {move || succeeded(cpu).get().then(|| view! { <Notice text="CPU settings saved." test_id="cpu-saved"/> })}
                    {(!cpu_fixed).then(|| view! { <button type="submit" class=BUTTON data-testid="cpu-save">"Save CPU"</button> })}
                </ActionForm>
                <ActionForm action=memory attr:class="space-y-4" attr:data-testid="memory-form">
                    <input type="hidden" name="vm" value=vm_memory/>
                    {switches.then(|| view! { <input type="hidden" name="flags" value="1"/> })}
                    <Fields value=memory.value() test_id="memory-error">
                        <TextField label="Memory (MB)" name="size_mb" id="memory-size" value=size inputmode="numeric" hint=memory_hint locked=memory_locked/>
                        <Checkbox name="hot_add" id="memory-hot-add" label="Memory hot add (add memory while it runs)" checked=memory_hot_add locked=cold_memory/>
                    </Fields>
                    {move || succeeded(memory).get().then(|| view! { <Notice text="Memory saved." test_id="memory-saved"/> })}
                    {(!memory_fixed).then(|| view! { <button type="submit" class=BUTTON data-testid="memory-save">"Save memory"</button> })}
                </ActionForm>
                <ActionForm action=boot attr:class="space-y-4" attr:data-testid="boot-form">
                    <input type="hidden" name="vm" value=vm_boot/>
                    <Fields value=boot.value() test_id="boot-error">
                        {match firmware_locked {
                            // Disabled (so not sent) while the VM runs, with the reason.
                            Some(why) => view! { <TextField label="Firmware" name="firmware" id="boot-firmware" value=firmware locked=Some(why)/> }.into_any(),
                            None => view! {
                                <SelectField label="Firmware" name="firmware" id="boot-firmware" selected=firmware
                                    options=vec![("BIOS".to_string(), "BIOS".to_string()), ("EFI".to_string(), "EFI".to_string())]
                                    hint="The guest OS must support the one chosen, or it will not start."/>
                            }.into_any(),
                        }}
                        <TextField label="Boot delay (ms)" name="delay_ms" id="boot-delay" value=delay inputmode="numeric"
                            hint=format!("Before the firmware starts, at each power-on: 0 to {MAX_BOOT_DELAY_MS} ms.")/>
                        <Checkbox name="retry" id="boot-retry" label="Retry after a failed boot" checked=retry/>
                        <TextField label="Retry delay (ms)" name="retry_delay_ms" id="boot-retry-delay" value=retry_delay inputmode="numeric"/>
                        <Checkbox name="enter_setup" id="boot-setup" label="Enter the firmware setup at the next boot" checked=setup/>
                    </Fields>
                    {move || succeeded(boot).get().then(|| view! { <Notice text="Boot options saved." test_id="boot-saved"/> })}
                    <button type="submit" class=BUTTON data-testid="boot-save">"Save boot options"</button>
                </ActionForm>
            </div>
        </Card>
    }
}
