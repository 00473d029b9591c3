//! Customization specs (`/inventory/customization-specs`): the guest customization specifications vCenter
//! keeps, filtered by exact names and OS type (a GET form: the filter changes nothing).

use crate::api::vcenter::guest::{get_customization_specs, OS_TYPES};
use crate::components::form::{BUTTON, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{ErrorList, Loading, PageHeader, StatusBadge, Tone};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CustomizationSpecsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| (q.get("name").unwrap_or_default(), q.get("os").unwrap_or_default()));
    let (name, os) = filter();
    let specs = Resource::new(filter, |(name, os)| get_customization_specs(name, os));
    view! {
        <PageHeader title="Customization specs" subtitle="The guest customization specifications vCenter keeps for new and cloned virtual machines (made in the vSphere Client)."/>
        <form method="get" action="/inventory/customization-specs" class="mb-6 flex flex-wrap items-end gap-3" role="search">
            <div>
                <label for="specs-name" class=LABEL>"Names (exact, comma-separated)"</label>
                <input id="specs-name" name="name" type="search" class=INPUT value=name/>
            </div>
            <div>
                <label for="specs-os" class=LABEL>"Guest OS"</label>
                <select id="specs-os" name="os" class=INPUT>
                    {OS_TYPES.iter().map(|(v, l)| view! { <option value=*v selected=os == *v>{*l}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class=BUTTON>"Filter"</button>
            <a href="/inventory/customization-specs" class=LINK>"Clear"</a>
        </form>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    specs.await.map(|rows| if rows.is_empty() {
                        view! { <Empty text="No customization specification matches the filter."/> }.into_any()
                    } else {
                        view! {
                            <Table caption="Customization specifications" headings=vec!["Name", "Guest OS", "Description", "Last modified"] test_id="customization-specs">
                                {rows.into_iter().map(|r| {
                                    let modified = format!("{} UTC", r.last_modified.get(..16).unwrap_or(&r.last_modified).replace('T', " "));
                                    view! {
                                    <tr data-spec=r.name.clone()>
                                        <td class="font-medium">{r.name.clone()}</td>
                                        <td><StatusBadge tone=Tone::Neutral word=if r.os_type == "WINDOWS" { "Windows" } else { "Linux" }/></td>
                                        <td>{r.description}</td>
                                        <td class="whitespace-nowrap">{modified}</td>
                                    </tr>
                                }}).collect_view()}
                            </Table>
                        }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
