//! A VM's Details tab (`?tab=details&part=disk`): every field vCenter reports for one part of the VM — its
//! power, version, CPU, memory and boot settings, or each device of one class — under the API's own names.

use crate::api::vcenter::vm::hardware::details::{get_vm_details, part as part_of, PARTS};
use crate::components::inventory::object_href;
use crate::components::{ApiFields, Card, ErrorList, Loading, PageHeader};
use crate::pages::vcenter::vm::VmTabFrame;
use leptos::prelude::*;

#[component]
pub fn VmDetailsTab(vm: String, part: String) -> impl IntoView {
    let part = part_of(Some(&part)).to_string();
    let (id, p) = (vm.clone(), part.clone());
    let details = Resource::new(move || (id.clone(), p.clone()), |(vm, part)| get_vm_details(vm, part));
    let base = format!("{}&tab=details", object_href("VirtualMachine", &vm));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Virtual machine"/><ErrorList errors/> }>
                {move || {
                    let (vm, base, part) = (vm.clone(), base.clone(), part.clone());
                    Suspend::new(async move {
                        details.await.map(|d| {
                            let heading = PARTS.iter().find(|(s, _)| *s == part).map_or("", |(_, h)| *h);
                            let empty = d.sections.is_empty().then(|| view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="details-none">{format!("This virtual machine has no {}.", heading.to_lowercase())}</p> });
                            view! {
                                <VmTabFrame vm=vm.clone() name=d.name.clone() current="details"/>
                                <p class="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-400">"Every field vCenter reports, under the API's own names: the VM-wide settings, or each device of a class. Change them on the Hardware tab."</p>
                                <nav aria-label="Parts" class="mb-6 flex flex-wrap gap-2" data-testid="details-parts">
                                    {PARTS.iter().map(|(slug, label)| {
                                        let here = *slug == part;
                                        let class = if here { "rounded-full bg-sky-700 px-3 py-1 text-sm text-white" } else { "rounded-full border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800" };
                                        view! { <a href=format!("{base}&part={slug}") class=class aria-current=here.then_some("page") data-testid=format!("part-{slug}")>{*label}</a> }
                                    }).collect_view()}
                                </nav>
                                {empty}
                                <div class="grid gap-6 lg:grid-cols-2" data-testid="details-sections">
                                    {d.sections.into_iter().map(|s| view! { <Card title=s.title><ApiFields rows=s.rows test_id="detail-fields"/></Card> }).collect_view()}
                                </div>
                            }
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}
