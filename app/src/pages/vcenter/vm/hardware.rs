//! A VM's hardware (`vcenter/vm/hardware`): CPU and memory, each a form. What the VM's power state does not
//! allow is disabled with the reason (cores per socket and the hot-plug switches only powered off; the CPU count
//! and memory while running only with hot add / hot remove); what it allows stays enabled.

use crate::api::vcenter::inventory::human_bytes;
use crate::api::vcenter::vm::hardware::{HardwareView, SetVmCpu, SetVmMemory};
use crate::components::form::{succeeded, typed, Checkbox, Fields, Notice, TextField, BUTTON};
use crate::components::Card;
use leptos::prelude::*;

#[component]
pub fn VmHardwareCard(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    let cpu = ServerAction::<SetVmCpu>::new();
    let memory = ServerAction::<SetVmMemory>::new();
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
        <Card title="CPU and memory">
            <div class="grid grid-cols-1 gap-8 md:grid-cols-2" data-testid="vm-hardware">
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
            </div>
        </Card>
    }
}
