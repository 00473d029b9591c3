//! One console, two vCenters (two simulators, `vcsa-01` and `vcsa-02`): the login page lists both, a login
//! goes to the one chosen (its session is there, not on the other), the header and every page are that
//! vCenter's, the audit entry names it, and a name the console does not know is refused before anything is
//! sent.

use crate::common;

use common::console::Console;
use common::{spawn_sim, PASSWORD, USER};
use reqwest::header;
use server::harness::ConsoleOptions;
use server::simulator::SimConfig;

#[test]
fn a_login_goes_to_the_vcenter_chosen() {
    common::block_on(async {
        let (first_url, first) = spawn_sim(SimConfig { hostname: "vcsa-01.corp.local".into(), ..Default::default() }).await;
        let (second_url, second) = spawn_sim(SimConfig { hostname: "vcsa-02.corp.local".into(), ..Default::default() }).await;
        let options = ConsoleOptions { more_vcenters: vec![("vcsa-02".into(), second_url.clone())], ..ConsoleOptions::new(&first_url) };
        let c = Console::start(options, Some(first.clone())).await;

        let login = c.page("/login", None).await.text().await.unwrap();
        let host = first_url.trim_start_matches("http://");
        assert!(login.contains("data-testid=\"vcenter-choice\""), "a choice when there are two");
        assert!(login.contains(&format!("value=\"{host}\"")) && login.contains("value=\"vcsa-02\""), "both, by name");

        let post = |vcenter: &'static str| {
            c.http
                .post(format!("{}/api/cis/session/login", c.url))
                .header(header::ACCEPT, "text/html")
                .header(header::ORIGIN, &c.url)
                .header(header::REFERER, format!("{}/login", c.url))
                .form(&[("username", USER), ("password", PASSWORD), ("next", "/appliance/networking"), ("vcenter", vcenter)])
                .send()
        };
        let res = post("vcsa-02").await.unwrap();
        assert_eq!(res.headers()[header::LOCATION], "/appliance/networking");
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        assert_eq!((first.sessions.count(), second.sessions.count()), (0, 1), "the session is on the second vCenter");
        let page = c.html("/appliance/networking", &cookie).await;
        assert!(page.contains("vcsa-02.corp.local") && !page.contains("vcsa-01.corp.local"), "its appliance, not the first's");
        assert_eq!(text_of(&page, "vcenter-name").as_deref(), Some("vcsa-02"), "the header says which");
        let audit = c.html("/audit?area=cis/session/login", &cookie).await;
        assert_eq!(text_of(&audit, "audit-vcenter").as_deref(), Some("vcsa-02"), "the login's entry names the vCenter");

        // Unnamed, the first (by its host).
        let cookie = c.login_cookie().await;
        assert_eq!(first.sessions.count(), 1);
        assert!(c.html("/appliance/networking", &cookie).await.contains("vcsa-01.corp.local"));
        // Its Audit page lists that vCenter's actions only: the inventory the user may read is that one's.
        let audit = c.html("/audit", &cookie).await;
        assert_eq!(text_of(&audit, "audit-vcenter").as_deref(), Some(host), "its own login");
        assert!(!audit.contains("data-testid=\"audit-vcenter\">vcsa-02<"), "not the other vCenter's");

        // A name it does not manage: refused by the console, no vCenter asked.
        let calls = first.calls("POST /rest/com/vmware/cis/session") + second.calls("POST /rest/com/vmware/cis/session");
        let res = post("elsewhere").await.unwrap();
        let location = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        assert!(location.contains("__err="), "{location}");
        assert_eq!(first.calls("POST /rest/com/vmware/cis/session") + second.calls("POST /rest/com/vmware/cis/session"), calls);
    })
}

/// The text of the first element marked `data-testid="{id}"` (up to its first child tag).
fn text_of(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("data-testid=\"{id}\""))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].to_string())
}
