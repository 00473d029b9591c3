//! `vcenter/vm/*`: what a VM's page shows of each area.
pub mod details;
pub mod guest;
pub mod hardware;
pub mod lifecycle;
pub mod power;
pub mod storage;

use crate::components::form::BUTTON_DANGER;
use leptos::prelude::*;

/// The inside of a one-button form that acts on one VM (`vm`, `action`): a confirmation's button (the danger
/// style) takes the focus.
#[component]
pub fn VmActionFields(#[prop(into)] vm: String, action: &'static str, label: &'static str, class: &'static str, #[prop(into)] test_id: String) -> impl IntoView {
    view! {
        <input type="hidden" name="vm" value=vm/>
        <input type="hidden" name="action" value=action/>
        <button type="submit" class=class data-testid=test_id autofocus=class == BUTTON_DANGER>{label}</button>
    }
}

/// A VM page's tabs (`?tab=`; Summary when there is none), as VMware lays a VM out.
pub const VM_TABS: &[(&str, &str)] = &[("summary", "Summary"), ("hardware", "Hardware"), ("storage", "Storage policy"), ("details", "Details"), ("tags", "Tags")];

/// The tab `tab` names, Summary for any other.
pub fn vm_tab(tab: Option<&str>) -> &'static str {
    VM_TABS.iter().map(|(slug, _)| *slug).find(|s| Some(*s) == tab).unwrap_or("summary")
}

/// The top of a VM tab of its own (Hardware, Storage policy): the heading naming the VM and the tab, the way
/// back to the list, and the tabs.
#[component]
pub fn VmTabFrame(#[prop(into)] vm: String, #[prop(into)] name: String, current: &'static str) -> impl IntoView {
    let label = VM_TABS.iter().find(|(slug, _)| *slug == current).map_or(current, |(_, l)| *l);
    view! {
        <crate::components::PageHeader title=format!("Virtual machine: {name} — {label}") subtitle=format!("VirtualMachine {vm}")/>
        <p class="mb-4 text-sm"><a href="/inventory/vm" class=crate::components::form::LINK>"← Virtual machines"</a></p>
        <VmTabs vm current/>
    }
}

/// The tabs of VM `vm`'s page, as links (they work without JavaScript); the current one is marked.
#[component]
pub fn VmTabs(#[prop(into)] vm: String, current: &'static str) -> impl IntoView {
    let base = crate::components::inventory::object_href("VirtualMachine", &vm);
    view! {
        <nav aria-label="Virtual machine" class="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800" data-testid="vm-tabs">
            {VM_TABS.iter().map(|(slug, label)| {
                let here = *slug == current;
                let href = if *slug == "summary" { base.clone() } else { format!("{base}&tab={slug}") };
                let class = if here {
                    "-mb-px border-b-2 border-sky-700 px-4 py-2 text-sm font-semibold text-sky-800 dark:border-sky-400 dark:text-sky-300"
                } else {
                    "-mb-px border-b-2 border-transparent px-4 py-2 text-sm text-slate-700 hover:border-slate-300 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                };
                view! { <a href=href class=class aria-current=here.then_some("page") data-testid=format!("tab-{slug}")>{*label}</a> }
            }).collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unknown_tab_is_the_summary() {
        assert_eq!(super::vm_tab(Some("hardware")), "hardware");
        assert_eq!(super::vm_tab(Some("tags")), "tags");
        assert_eq!(super::vm_tab(Some("<x>")), "summary");
        assert_eq!(super::vm_tab(None), "summary");
    }
}
