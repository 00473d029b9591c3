//! `vcenter/guest/customization-specs` server function: the guest customization specifications vCenter keeps,
//! filtered by name and guest OS type (the 6.7 API lists them; they are made in the vSphere Client).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomizationSpecRow {
    pub name: String,
    pub description: String,
    /// `WINDOWS` or `LINUX`.
    pub os_type: String,
    pub last_modified: String,
}

/// The OS types the filter offers: (value, label).
pub const OS_TYPES: &[(&str, &str)] = &[("", "Any"), ("LINUX", "Linux"), ("WINDOWS", "Windows")];

/// `name`: exact names (vCenter's filter), comma-separated; `os_type`: one of [`OS_TYPES`].
#[server(prefix = "/api", endpoint = "vcenter/guest/customization-specs")]
pub async fn get_customization_specs(name: String, os_type: String) -> Result<Vec<CustomizationSpecRow>, AppError> {
    // Names may hold spaces: only commas separate them.
    let names: Vec<String> = name.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).collect();
    let os = match os_type.as_str() {
        "" => None,
        t if OS_TYPES.iter().any(|(v, _)| *v == t) => Some(t.to_string()),
        _ => return Err(AppError::invalid("os_type", "Any, Linux or Windows.")),
    };
    crate::api::ssr::with_vc(|vc| async move {
        let mut rows: Vec<CustomizationSpecRow> = vc
            .vcenter_guest_customization_specs_list(&names, os.as_deref())
            .await?
            .into_iter()
            .map(|s| CustomizationSpecRow { name: s.name, description: s.description, os_type: s.os_type.to_string(), last_modified: s.last_modified })
            .collect();
        rows.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        Ok(rows)
    })
    .await
}
