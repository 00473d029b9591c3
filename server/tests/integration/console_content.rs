//! Content libraries through the whole console over HTTP: a library made from its form, files uploaded
//! through the console's streaming route (multipart, as a browser without JavaScript sends it) and downloaded
//! back byte-identical, an OVF without its disk refused with the file named, an upload cut off midway
//! leaving nothing behind, an upload into a subscribed library refused, a name over the limit refused before
//! anything is sent — and the same library → item → upload → download → delete through the console on vcsim.

use crate::common;

use common::console::Console;
use common::content_scenario::{bytes, sha256};
use futures::StreamExt;
use reqwest::header;
use server::harness::ConsoleOptions;
use server::simulator::SimConfig;

fn location(res: &reqwest::Response) -> String {
    res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// Creates a local library from the page's form; returns its id.
async fn new_library(c: &Console, cookie: &str, name: &str, datastore: &str) -> String {
    let form = format!("name={}&description=&datastore={}&published=&password=", urlencode(name), urlencode(datastore));
    let res = c.form_post("/api/content/local-library/create", cookie, "/content-libraries", &form).await;
    let to = location(&res);
    assert!(to.starts_with("/content-libraries/") && to.ends_with("?result=created"), "{} {to}", res.status());
    to.trim_start_matches("/content-libraries/").trim_end_matches("?result=created").to_string()
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The upload form as a browser sends it: text fields, then the files, each streamed in 256 KB chunks.
async fn upload(c: &Console, cookie: &str, referer: &str, fields: &[(&str, &str)], files: Vec<(String, Vec<u8>)>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, data) in files {
        let len = data.len() as u64;
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = data.chunks(256 * 1024).map(|c| Ok(c.to_vec())).collect();
        let part = reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(futures::stream::iter(chunks)), len).file_name(name);
        form = form.part("files", part);
    }
    c.http
        .post(format!("{}/content/upload", c.url))
        .header(header::ORIGIN, &c.url)
        .header(header::REFERER, format!("{}{referer}", c.url))
        .header(header::COOKIE, cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn download(c: &Console, cookie: &str, item: &str, file: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let res = c
        .http
        .post(format!("{}/content/download", c.url))
        .header(header::ORIGIN, &c.url)
        .header(header::REFERER, format!("{}/content-libraries/items/{item}", c.url))
        .header(header::COOKIE, cookie)
        .form(&[("item", item), ("file", file)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "download of {file}");
    let headers = res.headers().clone();
    let mut out = Vec::new();
    let mut stream = res.bytes_stream();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.unwrap());
    }
    (headers, out)
}

fn item_of(to: &str) -> String {
    to.trim_start_matches("/content-libraries/items/").split('?').next().unwrap().to_string()
}

#[test]
fn files_go_up_and_come_back_through_the_console() {
    common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vc = c.vc().await;
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = new_library(&c, &cookie, "Golden images", &ds).await;
        let list = c.html("/content-libraries", &cookie).await;
        assert!(list.contains("Golden images") && list.contains(&format!("data-library=\"{lib}\"")), "the new library is listed");

        // 50 MB up as a new item, then back down: the same bytes, with their name and length.
        let data = bytes(50 * 1024 * 1024, 11);
        let res = upload(&c, &cookie, &format!("/content-libraries/{lib}"), &[("library", &lib), ("name", "Photon 5"), ("kind", "iso")], vec![("photon-5.iso".into(), data.clone())]).await;
        let to = location(&res);
        assert_eq!(res.status(), 303, "{to}");
        assert!(to.starts_with("/content-libraries/items/") && to.ends_with("?result=uploaded"), "{to}");
        let item = item_of(&to);
        let page = c.html(&to, &cookie).await;
        assert!(page.contains("Upload complete") && page.contains("photon-5.iso") && page.contains("50 MiB"), "the item page shows the file");
        assert!(page.contains(&sha256(&data)), "with vCenter's checksum of what arrived");
        // Found by name from the libraries page, in any case.
        let found = c.html("/content-libraries?find=photon+5", &cookie).await;
        assert_eq!(found.matches("data-testid=\"found-item\"").count(), 1, "one item of that name");
        assert!(found.contains(&format!("/content-libraries/items/{item}")) && found.contains("Golden images"));
        assert!(c.html("/content-libraries?find=nothing+like+it", &cookie).await.contains("No item has that name."));
        let (headers, back) = download(&c, &cookie, &item, "photon-5.iso").await;
        assert_eq!(sha256(&back), sha256(&data), "downloaded byte-identical");
        assert_eq!(headers[header::CONTENT_LENGTH], (50 * 1024 * 1024).to_string().as_str());
        assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("filename=\"photon-5.iso\""));
        assert!(headers.get(header::CONTENT_ENCODING).is_none(), "not compressed on the way");
        // The download session is gone once the file has been read.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert!(vc.content_library_item_download_session_list(Some(&item)).await.unwrap().is_empty());
        // JSON for the page's script: where to go.
        let res = c
            .http
            .post(format!("{}/content/upload", c.url))
            .header(header::ORIGIN, &c.url)
            .header(header::COOKIE, &cookie)
            .header(header::ACCEPT, "application/json")
            .multipart(reqwest::multipart::Form::new().text("item", item.clone()).part("files", reqwest::multipart::Part::bytes(b"v2".to_vec()).file_name("notes.txt")))
            .send()
            .await
            .unwrap();
        let json: serde_json::Value = res.json().await.unwrap();
        assert_eq!(json["redirect"], format!("/content-libraries/items/{item}?result=uploaded"));
        assert_eq!(vc.content_library_item_file_list(&item).await.unwrap().len(), 2, "a second file joins the first");
    })
}

#[test]
fn refused_uploads_leave_nothing_behind() {
    common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vc = c.vc().await;
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = new_library(&c, &cookie, "Templates", &ds).await;
        let here = format!("/content-libraries/{lib}");

        // An OVF whose disk was not sent: refused with the file named, the item made for it deleted.
        let ovf = br#"<Envelope><References><File ovf:href="web-disk1.vmdk" ovf:id="file1"/></References></Envelope>"#.to_vec();
        let res = upload(&c, &cookie, &here, &[("library", &lib), ("name", "web"), ("kind", "ovf")], vec![("web.ovf".into(), ovf)]).await;
        let to = location(&res);
        assert!(to.starts_with(&format!("{}{here}?upload_error=", c.url)), "{to}");
        let page = c.html(to.trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("web-disk1.vmdk is missing"), "the missing disk is named on the page");
        assert!(vc.content_library_item_list(&lib).await.unwrap().is_empty(), "no half-made item");

        // An upload cut off midway: the session is cancelled and the item deleted.
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(vec![1u8; 300_000]), Ok(vec![2u8; 300_000]), Err(std::io::Error::other("the browser went away"))];
        let part = reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(futures::stream::iter(chunks))).file_name("big.iso");
        let form = reqwest::multipart::Form::new().text("library", lib.clone()).text("name", "cut").text("kind", "iso").part("files", part);
        let _ = c.http.post(format!("{}/content/upload", c.url)).header(header::ORIGIN, &c.url).header(header::COOKIE, &cookie).multipart(form).send().await;
        let mut left = usize::MAX;
        for _ in 0..50 {
            left = vc.content_library_item_list(&lib).await.unwrap().len();
            if left == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(left, 0, "the item made for a cut-off upload is deleted");

        // A name over vCenter's limit: refused before anything is sent.
        let long = "n".repeat(81);
        let res = upload(&c, &cookie, &here, &[("library", &lib), ("name", &long), ("kind", "")], vec![("a.txt".into(), b"x".to_vec())]).await;
        assert!(location(&res).contains("upload_error="), "{}", location(&res));
        let form = format!("name={long}&description=&datastore={}", urlencode(&ds));
        let res = c.form_post("/api/content/local-library/create", &cookie, "/content-libraries", &form).await;
        assert!(location(&res).contains("__err="), "{}", location(&res));
        assert_eq!(vc.content_library_list().await.unwrap().len(), 1, "no second library");
        // A library name clash: vCenter's refusal, the form kept.
        let res = c.form_post("/api/content/local-library/create", &cookie, "/content-libraries", &format!("name=templates&description=kept&datastore={}", urlencode(&ds))).await;
        let to = location(&res);
        let page = c.html(to.trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("already exists"), "the clash in vCenter's words");
        assert!(page.contains(">kept</textarea>"), "the form as typed");

        // A subscribed library takes no uploads: subscribe to this one once it is published.
        let spec = app::vsphere::models::content::LibraryModel {
            publish_info: Some(app::vsphere::models::content::library::PublishInfo {
                authentication_method: Some(app::vsphere::models::content::library::publish_info::AuthenticationMethod::Basic),
                published: Some(true),
                publish_url: None,
                user_name: None,
                password: Some("Mirror-pass1".into()),
                current_password: None,
                persist_json_enabled: None,
            }),
            ..common::content_scenario::library_spec("Templates", &ds)
        };
        vc.content_local_library_update(&lib, &app::vsphere::models::content::LibraryModel { name: None, storage_backings: None, r#type: None, description: None, ..spec }).await.unwrap();
        let item = vc.content_library_item_create(None, &common::content_scenario::item_spec(&lib, "tools", "")).await.unwrap();
        let s = common::content_scenario::upload(&vc, &item, &[("tools.txt", b"tools")]).await;
        vc.content_library_item_update_session_complete(&s).await.unwrap();
        let url = vc.content_local_library_get(&lib).await.unwrap().publish_info.unwrap().publish_url.unwrap();
        // Probed with the publisher's password, which the Subscribe form then need not be given again (the
        // console keeps it on the server, never in the page).
        let probe = c.form_post("/api/content/subscribed-library/probe", &cookie, "/content-libraries", &format!("url={}&name=Mirror&datastore={}&download=on_demand&password=Mirror-pass1", urlencode(&url), urlencode(&ds))).await;
        let to = location(&probe);
        assert!(to.contains("done=/api/content/subscribed-library/probe"), "{to}");
        let page = c.html(to.trim_start_matches(&c.url), &cookie).await;
        assert!(!page.contains("Mirror-pass1"), "the password is not in the page");
        let kept = c.form_post("/api/console/kept-result", &cookie, "/content-libraries", "key=secret%3Acontent%2Fsubscribed-library%2Fprobe%2Fpassword").await.text().await.unwrap();
        assert!(!kept.contains("Mirror-pass1"), "nor can a script read it back: {kept}");
        assert!(page.contains("data-testid=\"probe-thumbprint\""), "the thumbprint to accept is shown: {}", page.split("probe-result").nth(1).unwrap_or(&page[page.len().saturating_sub(3000)..]));
        let after = page.split("data-testid=\"probe-thumbprint\"").nth(1).unwrap();
        let thumb = after[after.find('>').unwrap() + 1..].split('<').next().unwrap().to_string();
        assert_eq!(thumb.len(), 59, "a SHA-1 thumbprint: {thumb}");
        let res = c
            .form_post(
                "/api/content/subscribed-library/create",
                &cookie,
                to.trim_start_matches(&c.url),
                &format!("url={}&name=Mirror&description=&datastore={}&download=on_demand&thumbprint={}&password=", urlencode(&url), urlencode(&ds), urlencode(&thumb)),
            )
            .await;
        let to = location(&res);
        assert!(to.starts_with("/content-libraries/") && to.ends_with("?result=subscribed"), "{to}");
        let sub = to.trim_start_matches("/content-libraries/").trim_end_matches("?result=subscribed").to_string();
        let mirrored = vc.content_library_item_list(&sub).await.unwrap();
        assert_eq!(mirrored.len(), 1);
        let res = upload(&c, &cookie, &format!("/content-libraries/items/{}", mirrored[0]), &[("item", &mirrored[0])], vec![("x.txt".into(), b"x".to_vec())]).await;
        let to = location(&res);
        let page = c.html(to.trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("cannot be uploaded into a subscribed library"), "refused in vCenter's words");
    })
}

/// The console on govmomi's vcsim: a library (its datastore typed as an id: vcsim lists none) → item → upload
/// → download → delete.
#[test]
#[ignore = "needs vcsim: run by `make test` (VCSIM_BIN)"]
fn the_console_keeps_a_library_on_vcsim() {
    common::block_on(async {
        let vcsim = common::Vcsim::start();
        let c = Console::start(ConsoleOptions::new(&vcsim.url), None).await;
        let cookie = c.login_cookie().await;
        let page = c.html("/content-libraries", &cookie).await;
        assert!(page.contains("type the datastore"), "no datastore list: the id is typed");
        let folder = tempfile::tempdir().unwrap();
        let lib = new_library(&c, &cookie, "On vcsim", folder.path().to_str().unwrap()).await;
        let data = bytes(2 * 1024 * 1024, 5);
        let res = upload(&c, &cookie, &format!("/content-libraries/{lib}"), &[("library", &lib), ("name", "disk"), ("kind", "")], vec![("disk.img".into(), data.clone())]).await;
        let to = location(&res);
        assert!(to.starts_with("/content-libraries/items/"), "{to}");
        let item = item_of(&to);
        let (_, back) = download(&c, &cookie, &item, "disk.img").await;
        assert_eq!(sha256(&back), sha256(&data));
        let res = c.form_post("/api/content/library/item/delete", &cookie, &format!("/content-libraries/items/{item}?confirm=delete"), &format!("id={item}&library={lib}")).await;
        assert!(location(&res).contains(&format!("/content-libraries/{lib}")), "{}", location(&res));
        let res = c.form_post("/api/content/library/delete", &cookie, &format!("/content-libraries/{lib}?confirm=delete"), &format!("id={lib}")).await;
        assert!(location(&res).contains("/content-libraries?result=deleted"), "{}", location(&res));
        let page = c.html("/content-libraries", &cookie).await;
        assert!(!page.contains("On vcsim"), "gone from the list");
    })
}

/// Templates through the console: a VM captured as an OVF template and as a VM template from the library's
/// page, each deployed from its item's page into a new VM that the VM list then shows, and an ISO image
/// mounted on a VM and unmounted.
#[test]
fn templates_become_vms_and_isos_mount_through_the_console() {
    common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vc = c.vc().await;
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = new_library(&c, &cookie, "Templates", &ds).await;
        let here = format!("/content-libraries/{lib}");
        let off = vc.vm_list(&app::vsphere::inventory::ListFilter { states: vec!["POWERED_OFF".into()], ..Default::default() }).await.unwrap();
        let source = off.iter().find(|v| v.name.starts_with("web") || !v.name.is_empty()).unwrap();

        // Captured by name as an OVF template.
        let res = c.form_post("/api/vcenter/ovf/library-item/create", &cookie, &here, &format!("library={lib}&vm={}&kind=ovf&name=web-ovf&description=", urlencode(&source.name))).await;
        let to = location(&res);
        assert!(to.starts_with("/content-libraries/items/") && to.ends_with("?result=captured"), "{to}");
        let item = item_of(&to);
        let page = c.html(&to, &cookie).await;
        assert!(page.contains("Template made") && page.contains("data-testid=\"ovf-deploy-form\""), "the deploy form is offered");
        let pool = vc.resource_pool_list(&Default::default()).await.unwrap()[0].resource_pool.clone();
        let nets = vc.vcenter_ovf_library_item_filter(&item, &app::vsphere::models::vcenter::ovf::library_item::DeploymentTarget { resource_pool_id: pool.clone(), host_id: None, folder_id: None }).await.unwrap().networks.unwrap_or_default();
        let network = vc.network_list(&Default::default()).await.unwrap()[0].network.clone();
        let mut form = format!("item={item}&name=from-the-console&resource_pool={pool}&folder=&datastore={}", urlencode(&ds));
        for n in &nets {
            form.push_str(&format!("&ovf_networks%5B%5D={}&networks%5B%5D={}", urlencode(n), urlencode(&network)));
        }
        let res = c.form_post("/api/vcenter/ovf/library-item/deploy", &cookie, &format!("/content-libraries/items/{item}"), &form).await;
        let to = location(&res);
        assert!(to.starts_with("/objects?type=VirtualMachine&id=vm-") && to.ends_with("&deployed=1"), "{to}");
        let list = c.html("/inventory/vm?name=from-the-console", &cookie).await;
        assert!(list.contains("from-the-console"), "the new VM is in the VM list");
        // The same name again: vCenter's reason, the form kept.
        let res = c.form_post("/api/vcenter/ovf/library-item/deploy", &cookie, &format!("/content-libraries/items/{item}"), &form).await;
        let page = c.html(location(&res).trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("already exists"), "the clash in words");
        assert!(page.contains("value=\"from-the-console\""), "the name as typed");
        // The deploy form offers hosts, provisioning and storage policies; deployed with a policy, thin, the VM's
        // home and disks carry the policy.
        let item_page = c.html(&format!("/content-libraries/items/{item}"), &cookie).await;
        assert!(item_page.contains("id=\"ovf-host\"") && item_page.contains("Thick, eagerly zeroed") && item_page.contains("Gold (VMFS)"), "host, provisioning and policy choices");
        let gold = "c4e2f8a0-6d1b-4e9a-9b62-1d2f6e1c0a01";
        let gold_form = format!("item={item}&name=gold-from-console&resource_pool={pool}&folder=&host=&datastore={}&provisioning=thin&storage_policy={gold}&annotation=Made+on+Tuesday", urlencode(&ds));
        let res = c.form_post("/api/vcenter/ovf/library-item/deploy", &cookie, &format!("/content-libraries/items/{item}"), &gold_form).await;
        let to = location(&res);
        assert!(to.ends_with("&deployed=1"), "{to}");
        let gold_vm = to.split("id=").nth(1).unwrap().split('&').next().unwrap().to_string();
        assert_eq!(vc.vcenter_vm_storage_policy_get(&gold_vm).await.unwrap().vm_home.as_deref(), Some(gold));
        // A provisioning type vCenter has not got: refused before sending, the notes kept.
        let res = c.form_post("/api/vcenter/ovf/library-item/deploy", &cookie, &format!("/content-libraries/items/{item}"), &gold_form.replace("gold-from-console", "sparse-vm").replace("provisioning=thin", "provisioning=sparse")).await;
        let page = c.html(location(&res).trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("is not a disk provisioning type") && page.contains("Made on Tuesday"), "the reason, the form kept");
        assert!(vc.vm_list(&app::vsphere::inventory::ListFilter { names: vec!["sparse-vm".into()], ..Default::default() }).await.unwrap().is_empty());

        // A VM template, deployed powered on with two CPUs.
        let res = c.form_post("/api/vcenter/ovf/library-item/create", &cookie, &here, &format!("library={lib}&vm={}&kind=vm-template&name=web-vmtx&description=", source.vm)).await;
        let template = item_of(&location(&res));
        let page = c.html(&format!("/content-libraries/items/{template}"), &cookie).await;
        assert!(page.contains("data-testid=\"template-deploy-form\"") && page.contains("data-testid=\"template-cpus\""), "what it holds and the deploy form");
        let res = c
            .form_post("/api/vcenter/vm-template/library-items/deploy", &cookie, &format!("/content-libraries/items/{template}"), &format!("item={template}&name=from-vmtx&folder=&resource_pool=&datastore=&power_on=on&cpus=2&memory_mib="))
            .await;
        let to = location(&res);
        let vm = to.split("id=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let info = vc.vcenter_vm_get(&vm).await.unwrap();
        assert_eq!((info.name.as_str(), info.cpu.count, info.power_state.as_str()), ("from-vmtx", 2, "POWERED_ON"));
        // Refused before sending: a CPU count out of range.
        let res = c.form_post("/api/vcenter/vm-template/library-items/deploy", &cookie, &format!("/content-libraries/items/{template}"), &format!("item={template}&name=x&cpus=0")).await;
        assert!(location(&res).contains("__err="), "{}", location(&res));
        // Its first adapter on another network, its first disk grown by a GiB; a disk shrunk is refused before
        // sending, with the disk's size said and the sizes kept.
        let t = vc.vcenter_vm_template_library_items_get(&template).await.unwrap();
        let (nic_key, nic) = t.nics.iter().next().unwrap().clone();
        let other = vc.network_list(&Default::default()).await.unwrap().into_iter().map(|n| n.network).find(|n| Some(n) != nic.network.as_ref()).unwrap();
        let (disk_key, disk) = t.disks.iter().next().unwrap().clone();
        let now = disk.capacity.unwrap();
        let gib = (now >> 30) + 1;
        let custom = format!("item={template}&name=custom-vmtx&nic_keys%5B%5D={nic_key}&nic_networks%5B%5D={other}&disk_keys%5B%5D={disk_key}&disk_bytes%5B%5D={now}&disk_gib%5B%5D={gib}");
        let res = c.form_post("/api/vcenter/vm-template/library-items/deploy", &cookie, &format!("/content-libraries/items/{template}"), &custom).await;
        let to = location(&res);
        assert!(to.ends_with("&deployed=1"), "{to}");
        let vm2 = to.split("id=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let info2 = vc.vcenter_vm_get(&vm2).await.unwrap();
        assert_eq!(info2.nics.get(&nic_key).unwrap().backing.network.as_deref(), Some(other.as_str()));
        assert_eq!(info2.disks.get(&disk_key).unwrap().capacity, Some(gib << 30));
        // Placed by cluster only: vCenter puts it in that cluster.
        let cluster = vc.vcenter_cluster_list(&[], &[], &[], &[]).await.unwrap()[0].cluster.clone();
        let res = c.form_post("/api/vcenter/vm-template/library-items/deploy", &cookie, &format!("/content-libraries/items/{template}"), &format!("item={template}&name=in-cluster&cluster={cluster}&resource_pool=&host=")).await;
        let in_cluster = location(&res).split("id=").nth(1).unwrap().split('&').next().unwrap().to_string();
        assert!(vc.vm_list(&app::vsphere::inventory::ListFilter { clusters: vec![cluster], ..Default::default() }).await.unwrap().iter().any(|v| v.vm == in_cluster));
        let shrink = custom.replace("custom-vmtx", "shrunk-vmtx").replace(&format!("disk_gib%5B%5D={gib}"), "disk_gib%5B%5D=1");
        let res = c.form_post("/api/vcenter/vm-template/library-items/deploy", &cookie, &format!("/content-libraries/items/{template}"), &shrink).await;
        let page = c.html(location(&res).trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("cannot shrink") && page.contains("value=\"shrunk-vmtx\""), "the reason, the form kept");

        // An ISO image mounted and unmounted.
        let res = upload(&c, &cookie, &here, &[("library", &lib), ("name", "tools"), ("kind", "iso")], vec![("tools.iso".into(), bytes(8192, 2))]).await;
        let iso = item_of(&location(&res));
        let iso_page = format!("/content-libraries/items/{iso}");
        let res = c.form_post("/api/vcenter/iso/image/mount", &cookie, &iso_page, &format!("item={iso}&vm={}", source.vm)).await;
        let page = c.html(location(&res).trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains(&format!("Mounted on {}", source.name)), "the mount is said");
        let drives = vc.vcenter_vm_hardware_cdrom_list(&source.vm).await.unwrap();
        let drive = drives.last().unwrap().cdrom.clone();
        assert!(vc.vcenter_vm_hardware_cdrom_get(&source.vm, &drive).await.unwrap().backing.iso_file.unwrap_or_default().contains(&iso));
        let res = c.form_post("/api/vcenter/iso/image/unmount", &cookie, &iso_page, &format!("vm={}&cdrom={drive}", source.vm)).await;
        assert!(!location(&res).contains("__err"), "{}", location(&res));
        assert_eq!(vc.vcenter_vm_hardware_cdrom_list(&source.vm).await.unwrap().len(), drives.len() - 1);
        // Mounted again, it is unmounted from the VM's Hardware tab, which offers it on that drive only.
        c.form_post("/api/vcenter/iso/image/mount", &cookie, &iso_page, &format!("item={iso}&vm={}", source.vm)).await;
        let drive = vc.vcenter_vm_hardware_cdrom_list(&source.vm).await.unwrap().last().unwrap().cdrom.clone();
        let tab = format!("/objects?type=VirtualMachine&id={}&tab=hardware", source.vm);
        let page = c.html(&tab, &cookie).await;
        assert_eq!(page.matches("data-testid=\"unmount-iso-").count(), 1, "only the drive holding the library's image");
        assert!(page.contains(&format!("data-testid=\"unmount-iso-{drive}\"")));
        let res = c.form_post("/api/vcenter/iso/image/unmount", &cookie, &tab, &format!("vm={}&cdrom={drive}&from=hardware", source.vm)).await;
        let to = location(&res);
        assert!(to.contains("tab=hardware") && to.contains("hardware=iso-unmounted"), "{to}");
        assert!(c.html(to.trim_start_matches(&c.url), &cookie).await.contains("Library ISO image unmounted"));
        assert_eq!(vc.vcenter_vm_hardware_cdrom_list(&source.vm).await.unwrap().len(), drives.len() - 1);
    })
}

/// A file vCenter takes a while to prepare: the Download button's answer is the item's page following the
/// preparation, then offering the file; the bytes come from that same download session.
#[test]
fn a_slow_preparation_is_followed_on_the_item_page() {
    common::block_on(async {
        let c = Console::on_simulator(SimConfig { content_prepare: std::time::Duration::from_secs(3), ..Default::default() }).await;
        let cookie = c.login_cookie().await;
        let vc = c.vc().await;
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = new_library(&c, &cookie, "Slow", &ds).await;
        let data = bytes(300_000, 4);
        let res = upload(&c, &cookie, &format!("/content-libraries/{lib}"), &[("library", &lib), ("name", "notes"), ("kind", "")], vec![("notes.txt".into(), data.clone())]).await;
        let item = item_of(&location(&res));
        let res = c
            .http
            .post(format!("{}/content/download", c.url))
            .header(header::ORIGIN, &c.url)
            .header(header::COOKIE, &cookie)
            .form(&[("item", item.as_str()), ("file", "notes.txt")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let to = location(&res);
        assert!(to.starts_with(&format!("/content-libraries/items/{item}?download=")) && to.ends_with("&file=notes.txt"), "{to}");
        let session = to.split("download=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let page = c.html(&to, &cookie).await;
        assert!(page.contains("Preparing notes.txt for download") && !page.contains("download-ready"), "the preparation is followed");
        tokio::time::sleep(std::time::Duration::from_millis(3300)).await;
        let page = c.html(&to, &cookie).await;
        assert!(page.contains("data-testid=\"download-ready\""), "then the file is offered");
        let res = c
            .http
            .post(format!("{}/content/download", c.url))
            .header(header::ORIGIN, &c.url)
            .header(header::COOKIE, &cookie)
            .form(&[("item", item.as_str()), ("file", "notes.txt"), ("session", session.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(sha256(&res.bytes().await.unwrap()), sha256(&data));
        // A post from another site is refused before anything happens.
        let res = c.http.post(format!("{}/content/download", c.url)).header(header::ORIGIN, "https://evil.example").header(header::COOKIE, &cookie).form(&[("item", item.as_str()), ("file", "notes.txt")]).send().await.unwrap();
        assert_eq!(res.status(), 403);
    })
}

/// Someone's upload left open: the item's page lists it with what vCenter received, the upload island's
/// progress route says the same, and it is cancelled after a confirmation, then deleted.
#[test]
fn open_transfers_are_listed_and_ended_on_the_item_page() {
    common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vc = c.vc().await;
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = new_library(&c, &cookie, "Open transfers", &ds).await;
        let item = vc.content_library_item_create(None, &common::content_scenario::item_spec(&lib, "half", "")).await.unwrap();
        let page_path = format!("/content-libraries/items/{item}");
        assert!(!c.html(&page_path, &cookie).await.contains("data-testid=\"transfers\""), "no transfers, no table");
        let session = common::content_scenario::upload(&vc, &item, &[("part.bin", &bytes(200_000, 5))]).await;
        let page = c.html(&page_path, &cookie).await;
        assert!(page.contains("data-testid=\"transfers\"") && page.contains("data-state=\"ACTIVE\""), "the open upload is listed");
        assert!(page.contains(">part.bin: 195 KiB of 195 KiB</span>"), "with what vCenter received: {}", &page[page.find("data-testid=\"transfers\"").unwrap()..][..2000]);
        let progress = c.http.get(format!("{}/content/upload/progress?item={item}", c.url)).header(header::COOKIE, &cookie).send().await.unwrap();
        assert_eq!(progress.status(), 200);
        assert_eq!(progress.text().await.unwrap(), "part.bin\t200000\n");
        // Cancel asks first, naming the file; then the session is cancelled, its bytes gone.
        let confirm = c.html(&format!("{page_path}?confirm=cancel-{session}"), &cookie).await;
        assert!(confirm.contains("Cancel this upload?") && confirm.contains("part.bin"), "a confirmation naming the file");
        let form = format!("item={item}&session={session}&kind=upload&action=cancel");
        let res = c.form_post("/api/content/library/item/transfer-session/end", &cookie, &page_path, &form).await;
        assert!(location(&res).ends_with("?result=transfer-cancelled"), "{}", location(&res));
        let s = vc.content_library_item_update_session_get(&session).await.unwrap();
        assert_eq!(s.state.unwrap().as_str(), "CANCELED");
        assert!(c.http.get(format!("{}/content/upload/progress?item={item}", c.url)).header(header::COOKIE, &cookie).send().await.unwrap().text().await.unwrap().is_empty(), "nothing active any more");
        let page = c.html(&format!("{page_path}?result=transfer-cancelled"), &cookie).await;
        assert!(page.contains("Transfer cancelled") && page.contains("data-state=\"CANCELED\""));
        let res = c.form_post("/api/content/library/item/transfer-session/end", &cookie, &page_path, &form.replace("action=cancel", "action=delete")).await;
        assert!(location(&res).ends_with("?result=transfer-deleted"), "{}", location(&res));
        assert!(!c.html(&page_path, &cookie).await.contains("data-testid=\"transfers\""), "the session is gone");
        // Without a session the route answers nothing about anyone's uploads.
        assert_eq!(c.http.get(format!("{}/content/upload/progress?item={item}", c.url)).send().await.unwrap().status().as_u16() / 100, 3);
    })
}

/// "Fetch a file from a URL": vCenter pulls another item's file by its storage URI into this item (the
/// item's page shows it); a source it cannot reach is refused with its reason, leaving no open session.
#[test]
fn an_item_fetches_a_file_from_a_url() {
    common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vc = c.vc().await;
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = new_library(&c, &cookie, "Fetched", &ds).await;
        let data = bytes(300_000, 7);
        let res = upload(&c, &cookie, &format!("/content-libraries/{lib}"), &[("library", &lib), ("name", "origin"), ("kind", "")], vec![("photon 4.iso".into(), data.clone())]).await;
        let origin = item_of(&location(&res));
        let uri = vc.content_library_item_storage_list(&origin).await.unwrap()[0].storage_uris[0].clone();
        let target = vc.content_library_item_create(None, &common::content_scenario::item_spec(&lib, "fetched", "")).await.unwrap();
        let page_path = format!("/content-libraries/items/{target}");
        assert!(c.html(&page_path, &cookie).await.contains("data-testid=\"import-form\""), "the form is offered");
        let res = c.form_post("/api/content/library/item/updatesession/file/pull", &cookie, &page_path, &format!("item={target}&url={}&name=&thumbprint=", urlencode(&uri))).await;
        let to = location(&res);
        assert!(to.ends_with("?result=imported"), "{to}");
        let files = vc.content_library_item_file_list(&target).await.unwrap();
        assert_eq!((files[0].name.as_str(), files[0].size), ("photon 4.iso", data.len() as i64), "named from the URL, all there");
        assert!(c.html(&to, &cookie).await.contains("vCenter fetched the file"));
        // Unreachable: vCenter's reason, the URL kept, no open session left.
        let bad = "https://repo.example.invalid/isos/x.iso";
        let res = c.form_post("/api/content/library/item/updatesession/file/pull", &cookie, &page_path, &format!("item={target}&url={}&name=&thumbprint=", urlencode(bad))).await;
        let page = c.html(location(&res).trim_start_matches(&c.url), &cookie).await;
        assert!(page.contains("vCenter could not fetch x.iso") && page.contains("could not be reached"), "the reason");
        assert!(page.contains(&format!("value=\"{bad}\"")), "the URL as typed");
        assert!(!page.contains("data-state=\"ACTIVE\""), "no session left open");
        // Not a URL vCenter fetches from: refused before anything is sent.
        let res = c.form_post("/api/content/library/item/updatesession/file/pull", &cookie, &page_path, &format!("item={target}&url=ftp%3A%2F%2Fx%2Fy.iso&name=&thumbprint=")).await;
        assert!(location(&res).contains("__err="), "{}", location(&res));
    })
}
