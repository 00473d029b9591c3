//! `vcenter/host` server functions: add a standalone host to a host folder (its certificate's thumbprint
//! verified, vCenter naming it when it is not known yet), remove a host from the inventory, connect and
//! disconnect. The form rules live here.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The host folders a host can be added to: (id, label); a datacenter's own host folder is labelled with the
/// datacenter's name.
#[server(prefix = "/api", endpoint = "vcenter/host/folders")]
pub async fn get_host_folders() -> Result<Vec<(String, String)>, AppError> {
    use crate::vsphere::inventory::ListFilter;
    crate::api::ssr::with_vc(|vc| async move {
        let all = ListFilter::default();
        let (folders, dcs) = tokio::try_join!(vc.vcenter_folder_list(&[], &[], Some("HOST"), &[], &[]), vc.datacenter_list(&all))?;
        let infos = futures::future::try_join_all(dcs.iter().map(|d| vc.vcenter_datacenter_get(&d.datacenter))).await?;
        Ok(folders
            .into_iter()
            .map(|f| match dcs.iter().zip(&infos).find(|(_, i)| i.host_folder == f.folder) {
                Some((d, _)) => (f.folder, format!("{} (the datacenter's hosts)", d.name)),
                None => (f.folder, f.name),
            })
            .collect())
    })
    .await
}

/// The add-host form.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AddHostForm {
    pub hostname: String,
    #[serde(default)]
    pub port: String,
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub folder: String,
    #[serde(default)]
    pub thumbprint: String,
    /// `on` to take the host over from the vCenter that manages it.
    #[serde(default)]
    pub force_add: String,
}

impl AddHostForm {
    /// What the page shows again after a refusal (never the password).
    pub fn typed(&self) -> Vec<(String, String)> {
        [("hostname", &self.hostname), ("port", &self.port), ("user_name", &self.user_name), ("folder", &self.folder), ("thumbprint", &self.thumbprint), ("force_add", &self.force_add)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// The form checked before anything is sent: a host name or address, a port, the account, a host folder,
/// a well-formed thumbprint. Without a thumbprint vCenter is asked to verify one all the same (THUMBPRINT),
/// so it refuses and names the host's: the console never adds a host whose certificate nobody looked at.
pub fn host_spec(form: &AddHostForm) -> Result<crate::vsphere::models::vcenter::host::CreateSpec, AppError> {
    use crate::vsphere::models::vcenter::host::create_spec::ThumbprintVerification;
    let hostname = crate::validate::host(&form.hostname).map_err(|m| AppError::invalid("hostname", m))?;
    let port = match form.port.trim() {
        "" => None,
        p => Some(crate::validate::port(p).map_err(|m| AppError::invalid("port", m))?),
    };
    let user_name = form.user_name.trim().to_string();
    if user_name.is_empty() {
        return Err(AppError::invalid("user_name", "Enter the host's administrator account (usually root)."));
    }
    if form.password.is_empty() {
        return Err(AppError::invalid("password", "Enter the password of the host's administrator account."));
    }
    if form.folder.trim().is_empty() {
        return Err(AppError::invalid("folder", "Choose the folder the host goes in."));
    }
    let thumbprint = match form.thumbprint.trim() {
        "" => None,
        t => Some(crate::validate::sha1_thumbprint(t).map_err(|m| AppError::invalid("thumbprint", m))?),
    };
    Ok(crate::vsphere::models::vcenter::host::CreateSpec {
        hostname,
        port,
        user_name,
        password: form.password.clone(),
        folder: Some(form.folder.trim().to_string()),
        thumbprint_verification: ThumbprintVerification::Thumbprint,
        thumbprint,
        force_add: (form.force_add == "on").then_some(true),
    })
}

/// Adds the host, then opens its page.
#[server(prefix = "/api", endpoint = "vcenter/host/create")]
pub async fn add_host(#[server(flatten)] form: AddHostForm) -> Result<(), AppError> {
    use crate::error::VapiErrorKind;
    let keep = form.typed();
    let spec = host_spec(&form).map_err(|e| e.with_typed(keep.clone()))?;
    let id = crate::api::ssr::with_vc(|vc| async move {
        match vc.vcenter_host_create(&spec).await {
            // The host refused the account: vCenter says so with `unauthenticated`, which is not about the
            // user's own session (that would send them to log in again).
            Err(AppError::Vapi { kind: VapiErrorKind::Unauthenticated, messages, .. }) if messages.iter().any(|m| !m.id.starts_with("com.vmware.vapi.endpoint")) => {
                Err(AppError::invalid("password", messages.iter().map(|m| m.default_message.as_str()).collect::<Vec<_>>().join(" ")))
            }
            other => other,
        }
    })
    .await
    .map_err(|e| e.with_typed(keep))?;
    leptos_axum::redirect(&format!("{}&added=1", crate::components::inventory::object_href("HostSystem", &id)));
    Ok(())
}

/// A host and what to do with it: `connect`, `disconnect` or `remove`; `back` is its page.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct HostActionForm {
    pub host: String,
    pub action: String,
    #[serde(default)]
    pub name: String,
}

#[server(prefix = "/api", endpoint = "vcenter/host/action")]
pub async fn host_action(#[server(flatten)] form: HostActionForm) -> Result<(), AppError> {
    let host = form.host.trim().to_string();
    if !host.starts_with("host-") {
        return Err(AppError::invalid("host", "Which host?"));
    }
    let action = form.action.clone();
    let id = host.clone();
    crate::api::ssr::with_vc(|vc| async move {
        match action.as_str() {
            "connect" => vc.vcenter_host_connect(&id).await,
            "disconnect" => vc.vcenter_host_disconnect(&id).await,
            "remove" => vc.vcenter_host_delete(&id).await,
            _ => Err(AppError::invalid("action", "Connect, disconnect or remove.")),
        }
    })
    .await?;
    let page = crate::components::inventory::object_href("HostSystem", &host);
    match form.action.as_str() {
        "remove" => leptos_axum::redirect(&format!("/inventory/host?removed={}", crate::vsphere::rest::encode_component(if form.name.is_empty() { &host } else { &form.name }))),
        a => leptos_axum::redirect(&format!("{page}&done_action={a}")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AddHostForm {
        AddHostForm { hostname: "esx-new-01.east.lab".into(), user_name: "root".into(), password: "pw".into(), folder: "group-h5".into(), ..Default::default() }
    }

    #[test]
    fn an_added_host_is_always_verified() {
        use crate::vsphere::models::vcenter::host::create_spec::ThumbprintVerification;
        let spec = host_spec(&form()).unwrap();
        assert_eq!(spec.thumbprint_verification, ThumbprintVerification::Thumbprint);
        assert_eq!((spec.thumbprint, spec.force_add, spec.port), (None, None, None));
        let spec = host_spec(&AddHostForm { thumbprint: "d42b7e19c05a83f6119de2473cb860af2571ce08".into(), force_add: "on".into(), ..form() }).unwrap();
        assert_eq!(spec.thumbprint.as_deref(), Some("D4:2B:7E:19:C0:5A:83:F6:11:9D:E2:47:3C:B8:60:AF:25:71:CE:08"));
        assert_eq!(spec.force_add, Some(true));
    }

    #[test]
    fn the_form_is_checked_before_sending() {
        let field = |f: AddHostForm| host_spec(&f).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(AddHostForm { hostname: "esx new".into(), ..form() }).as_deref(), Some("hostname"));
        assert_eq!(field(AddHostForm { port: "0".into(), ..form() }).as_deref(), Some("port"));
        assert_eq!(field(AddHostForm { user_name: " ".into(), ..form() }).as_deref(), Some("user_name"));
        assert_eq!(field(AddHostForm { password: String::new(), ..form() }).as_deref(), Some("password"));
        assert_eq!(field(AddHostForm { folder: String::new(), ..form() }).as_deref(), Some("folder"));
        assert_eq!(field(AddHostForm { thumbprint: "AB:CD".into(), ..form() }).as_deref(), Some("thumbprint"));
        assert!(!form().typed().iter().any(|(k, _)| k == "password"), "the password is never kept");
    }
}
