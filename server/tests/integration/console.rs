//! The whole console over HTTP, on the simulator: protected pages send to login, login sets a safe cookie and
//! returns to the page asked for, the Summary renders server-side, the vCenter session id never reaches the
//! browser, security headers, origin check, rate limit, logout, and vCenter-side expiry.

use crate::common;

use common::console::Console;
use common::{spawn_sim, PASSWORD, USER};
use reqwest::header;
use server::harness::ConsoleOptions;

async fn spawn_console(login_rate: u32) -> Console {
    spawn_console_with(login_rate, false, "target/site").await
}

async fn spawn_console_with(login_rate: u32, insecure: bool, site_root: &str) -> Console {
    let (sim_url, sim) = spawn_sim(Default::default()).await;
    let options = ConsoleOptions {
        simulator: Some(server::harness::sim_accounts(USER, PASSWORD)),
        login_rate,
        insecure,
        site_root: site_root.into(),
        ..ConsoleOptions::new(&sim_url)
    };
    Console::start(options, Some(sim)).await
}

#[test]
fn protected_pages_send_to_login_and_back() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let res = c.page("/appliance/summary", None).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary");
        for method in [reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::DELETE] {
            let res = c.http.request(method.clone(), format!("{}/appliance/summary", c.url)).header(header::ORIGIN, &c.url).send().await.unwrap();
            assert_eq!(res.status(), 303, "{method}: every method needs a session, not only GET");
        }

        let res = c.login_form(USER, PASSWORD, "/appliance/summary").await;
        assert_eq!(res.status(), 302, "a no-JS login redirects");
        assert_eq!(res.headers()[header::LOCATION], "/appliance/summary");
        let set_cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
        assert!(set_cookie.starts_with("vconsole_session="));
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict") && set_cookie.contains("Path=/"), "{set_cookie}");
        let id = set_cookie.split(';').next().unwrap().trim_start_matches("vconsole_session=");
        assert!(id.len() >= 32, "at least 128 bits of id");
    })
}

#[test]
fn summary_renders_on_the_server_and_keeps_the_vcenter_session_secret() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let cookie = c.login_cookie().await;
        let res = c.page("/appliance/summary", Some(&cookie)).await;
        assert_eq!(res.status(), 200);
        let headers = res.headers().clone();
        let html = res.text().await.unwrap();
        for needle in ["6.7.0.44000", "16046470", "VMware vCenter Server Appliance", "VSPHERE.LOCAL\\Administrator", "Simulator", "Warning", "Degraded", "File system /storage/log is 82% full",
            // Days and moments, one way each: the release day and the install time as vCenter sends them
            // ("April 28, 2020", "2019-11-14T09:52:03 UTC"), written the console's way.
            "2020-04-28", "2019-11-14 09:52 UTC"] {
            assert!(html.contains(needle), "summary shows {needle:?}");
        }
        // The vCenter session id is nowhere in what the browser gets.
        let vc_ids = c.sim().sessions.ids();
        assert_eq!(vc_ids.len(), 1);
        assert!(!html.contains(&vc_ids[0]), "vCenter session id leaked into the HTML");
        assert!(!format!("{headers:?}").contains(&vc_ids[0]));

        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-"), "{csp}");
        assert!(csp.contains("connect-src 'self';") && !csp.contains("ws:"), "no live-reload socket outside `cargo leptos watch`: {csp}");
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration scripts carry the response's nonce");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "a page with vCenter data is never stored");

        // The server function answer carries data, not the session id either.
        let res = c
            .http
            .post(format!("{}/api/appliance/summary", c.url))
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, &c.url)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body = res.text().await.unwrap();
        assert!(body.contains("6.7.0.44000") && !body.contains(&vc_ids[0]));
    })
}

#[test]
fn wrong_password_keeps_the_user_name_and_creates_nothing() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let res = c.login_form("administrator@vsphere.local", "nope", "/appliance/summary").await;
        assert_eq!(res.status(), 302);
        let location = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        assert!(location.contains("/login?") && location.contains("__err="), "back to the login page with the error: {location}");
        assert!(res.headers().get(header::SET_COOKIE).is_none());
        assert_eq!(c.sim().sessions.count(), 0);
        // The login page rendered from that URL shows the message and the user name typed.
        let path = location.trim_start_matches(&c.url);
        let html = c.page(path, None).await.text().await.unwrap();
        assert!(html.contains("Wrong user name or password."), "error shown without JavaScript");
        assert!(html.contains("value=\"administrator@vsphere.local\""), "user name kept");
        assert!(!html.contains("nope"), "the password is never echoed");
    })
}

#[test]
fn cross_origin_server_calls_are_refused() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let res = c
            .http
            .post(format!("{}/api/cis/session/login", c.url))
            .header(header::ORIGIN, "http://evil.example")
            .form(&[("username", USER), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(c.sim().sessions.count(), 0, "nothing reached vCenter");
    })
}

#[test]
fn login_attempts_are_rate_limited() {
    crate::common::block_on(async {
        let c = spawn_console(3).await;
        for _ in 0..3 {
            let res = c.login_form(USER, "bad", "/").await;
            assert!(res.headers()[header::LOCATION].to_str().unwrap().contains("__err="));
        }
        let res = c.login_form(USER, PASSWORD, "/").await;
        assert!(res.headers().get(header::SET_COOKIE).is_none(), "the 4th attempt in a minute is refused even with the right password");
        assert_eq!(c.sim().sessions.count(), 0);
        let location = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        let html = c.page(&location, None).await.text().await.unwrap();
        assert!(html.contains("Too many login attempts"), "says why");
    })
}

#[test]
fn logout_ends_both_sessions() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let cookie = c.login_cookie().await;
        assert_eq!(c.sim().sessions.count(), 1);
        let res = c
            .http
            .post(format!("{}/api/cis/session/logout", c.url))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, &c.url)
            .header(header::REFERER, format!("{}/appliance/summary", c.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()[header::LOCATION], "/login");
        assert!(res.headers()[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        assert_eq!(c.sim().sessions.count(), 0, "the vCenter session is deleted too");
        let res = c.page("/appliance/summary", Some(&cookie)).await;
        assert_eq!(res.status(), 303, "the old cookie no longer opens pages");
    })
}

#[test]
fn vcenter_side_expiry_sends_to_login_with_a_message() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let cookie = c.login_cookie().await;
        // vCenter forgets the session (expired, restarted, or killed by an admin).
        for id in c.sim().sessions.ids() {
            c.sim().sessions.remove(&id);
        }
        let res = c.page("/appliance/summary", Some(&cookie)).await;
        assert_eq!(res.status(), 302, "rendering hit 401 and redirected");
        assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary&expired=1");
        // From now on the console session is known as expired.
        let res = c.page("/appliance/summary", Some(&cookie)).await;
        assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary&expired=1");
        let html = c.page("/login?next=/appliance/summary&expired=1", None).await.text().await.unwrap();
        assert!(html.contains("Your session has expired"));
    })
}

#[test]
fn responses_are_compressed_and_unknown_pages_are_404() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let res = c.http.get(format!("{}/login", c.url)).header(header::ACCEPT_ENCODING, "br").send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        let cookie = c.login_cookie().await;
        let res = c.page("/no/such/page", Some(&cookie)).await;
        assert_eq!(res.status(), 404);
    })
}

/// Issue 13: behind a trusted HTTPS proxy the cookie is `Secure`, the login limit counts the client the proxy
/// names (not the proxy), and a proxy that rewrites `Host` still passes the origin check with the host it
/// forwarded; from an untrusted peer the same headers change nothing.
#[test]
fn forwarded_headers_are_believed_only_from_a_trusted_proxy() {
    crate::common::block_on(async {
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let trusting = |trusted: Vec<&str>| ConsoleOptions {
            login_rate: 2,
            trusted_proxies: trusted.into_iter().map(|n| n.parse().unwrap()).collect(),
            ..ConsoleOptions::new(&sim_url)
        };
        let login = |c: &Console, from: &'static str, password: &'static str| {
            c.http
                .post(format!("{}/api/cis/session/login", c.url))
                .header(header::ACCEPT, "text/html")
                .header(header::ORIGIN, "https://vconsole.corp.example")
                .header("x-forwarded-proto", "https")
                .header("x-forwarded-host", "vconsole.corp.example")
                .header("x-forwarded-for", from)
                .header(header::REFERER, "https://vconsole.corp.example/login")
                .form(&[("username", USER), ("password", password), ("next", "/")])
                .send()
        };
        // The tests' requests come from 127.0.0.1: as a trusted proxy.
        let c = Console::start(trusting(vec!["127.0.0.1/32"]), Some(sim.clone())).await;
        let res = login(&c, "198.51.100.7", PASSWORD).await.unwrap();
        assert_eq!(res.status(), 302, "the forwarded host passes the origin check");
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        // Two attempts a minute per client: one client's bad passwords do not lock out another behind the proxy.
        for _ in 0..2 {
            login(&c, "203.0.113.9", "wrong").await.unwrap();
        }
        let third = login(&c, "203.0.113.9", PASSWORD).await.unwrap();
        assert!(third.headers().get(header::SET_COOKIE).is_none(), "the third attempt from one client is refused, even with the right password");
        let other = login(&c, "198.51.100.8", PASSWORD).await.unwrap();
        assert!(other.headers().get(header::SET_COOKIE).is_some(), "another client behind the same proxy still logs in");

        // Not a trusted peer: the headers are ignored (no Secure cookie, the Host is what counts).
        let c = Console::start(trusting(vec!["10.0.0.0/8"]), Some(sim)).await;
        let res = login(&c, "198.51.100.7", PASSWORD).await.unwrap();
        assert_eq!(res.status(), 403, "the origin is checked against the Host header");
        let plain = c.login_form(USER, PASSWORD, "/").await;
        assert!(!plain.headers()[header::SET_COOKIE].to_str().unwrap().contains("Secure"), "plain http cannot carry a Secure cookie");
    })
}

#[test]
fn insecure_mode_is_shown_to_every_user() {
    crate::common::block_on(async {
        let c = spawn_console_with(100, true, "target/site").await;
        let login = c.page("/login", None).await.text().await.unwrap();
        assert!(login.contains("Certificate verification is off"), "the login page warns");
        let cookie = c.login_cookie().await;
        let html = c.page("/appliance/summary", Some(&cookie)).await.text().await.unwrap();
        assert!(html.contains("data-testid=\"insecure-banner\""), "every page of the shell carries the banner");
        let secure = spawn_console(100).await;
        let cookie = secure.login_cookie().await;
        let html = secure.page("/appliance/summary", Some(&cookie)).await.text().await.unwrap();
        assert!(!html.contains("insecure-banner"), "no banner when certificates are verified");
    })
}

#[test]
fn precompressed_assets_are_sent_as_built() {
    crate::common::block_on(async {
        let root = std::env::temp_dir().join(format!("vconsole-site-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        let js = "console.log('hydrate');\n".repeat(200);
        std::fs::write(root.join("pkg/vconsole.js"), &js).unwrap();
        // A stand-in for what `brotli -q 11` writes: the server must send this file's bytes, not compress again.
        std::fs::write(root.join("pkg/vconsole.js.br"), b"precompressed-brotli-bytes").unwrap();
        let c = spawn_console_with(100, false, root.to_str().unwrap()).await;
        let res = c.http.get(format!("{}/pkg/vconsole.js", c.url)).header(header::ACCEPT_ENCODING, "br, gzip").send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(res.bytes().await.unwrap().as_ref(), b"precompressed-brotli-bytes");
        // No precompressed gzip beside it: compressed on the fly.
        let res = c.http.get(format!("{}/pkg/vconsole.js", c.url)).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
        // A client that takes no encoding gets the file itself, with the security headers.
        let res = c.http.get(format!("{}/pkg/vconsole.js", c.url)).send().await.unwrap();
        assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache", "an asset by its plain name is checked again, not refetched blindly");
        assert!(res.headers().contains_key(header::LAST_MODIFIED), "what it is checked against");
        assert_eq!(res.text().await.unwrap(), js);

        // Pages name this build's files under /pkg/<the digest of their content>/, which a browser keeps for good.
        let cookie = c.login_cookie().await;
        let html = c.html("/appliance/summary", &cookie).await;
        let version = server::asset_version(&root.join("pkg"));
        assert_eq!(version.len(), 16);
        assert!(html.contains(&format!("/pkg/{version}/vconsole.js")) && html.contains(&format!("href=\"/pkg/{version}/vconsole.css\"")), "{html}");
        let res = c.http.get(format!("{}/pkg/{version}/vconsole.js", c.url)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert_eq!(res.text().await.unwrap(), js);
        let res = c.http.get(format!("{}/pkg/0123456789abcdef/vconsole.js", c.url)).send().await.unwrap();
        assert_eq!(res.status(), 404, "another build's address is not this build's file");
        std::fs::write(root.join("pkg/vconsole.css"), "body{color:red}").unwrap();
        assert_ne!(server::asset_version(&root.join("pkg")), version, "new content, new address");
        std::fs::remove_file(root.join("pkg/vconsole.css")).unwrap();

        // After a rebuild the original is newer than its .br: the stale file is removed when the console starts.
        std::fs::write(root.join("pkg/vconsole.js"), "console.log('rebuilt');").unwrap();
        let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
        std::fs::File::options().write(true).open(root.join("pkg/vconsole.js.br")).unwrap().set_modified(earlier).unwrap();
        std::fs::write(root.join("pkg/vconsole.css"), "body{}").unwrap();
        std::fs::write(root.join("pkg/vconsole.css.gz"), b"same second").unwrap();
        std::fs::write(root.join("pkg/orphan.wasm.gz"), b"x").unwrap();
        server::remove_stale_precompressed(&root.join("pkg"));
        assert!(!root.join("pkg/vconsole.js.br").exists(), "stale .br removed");
        assert!(!root.join("pkg/orphan.wasm.gz").exists(), "a .gz without its original removed");
        assert!(root.join("pkg/vconsole.css.gz").exists(), "a file compressed in the same second is kept");
        let _ = std::fs::remove_dir_all(root);
    })
}

/// A browser asks for the favicon while the page is still rendering, often more than once (one per page it
/// opens). The page must keep its own headers: the CSP with the nonce of its scripts (without it the browser
/// blocks the hydration scripts and no island ever works: the "hydration hang" of the browser tests), and a file
/// answered meanwhile must carry none of the page's headers.
#[test]
fn a_page_keeps_its_own_headers_while_files_are_fetched_beside_it() {
    crate::common::block_on(async {
        let root = std::env::temp_dir().join(format!("vconsole-favicon-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        let c = spawn_console_with(100, false, root.to_str().unwrap()).await;
        let cookie = c.login_cookie().await;
        let (mut pages, mut files) = (0, 0);
        for _ in 0..40 {
            let mut tasks = Vec::new();
            for path in ["/appliance/summary", "/favicon.svg", "/favicon.svg", "/tags/categories", "/favicon.svg", "/favicon.svg"] {
                let (http, url, cookie) = (c.http.clone(), format!("{}{path}", c.url), cookie.clone());
                tasks.push(tokio::spawn(async move {
                    let res = http.get(url).header(header::COOKIE, cookie).send().await.unwrap();
                    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                    (path, res.status(), csp, res.text().await.unwrap())
                }));
            }
            for task in tasks {
                let (path, status, csp, body) = task.await.unwrap();
                assert_eq!(status, 200, "{path}");
                if path == "/favicon.svg" {
                    files += 1;
                    assert!(body.starts_with("<svg"), "the file itself");
                    assert!(!csp.contains("nonce-"), "a file answered beside a page took that page's CSP: {csp}");
                } else {
                    pages += 1;
                    let nonce = csp.split("'nonce-").nth(1).and_then(|n| n.split('\'').next());
                    let nonce = nonce.unwrap_or_else(|| panic!("{path} went out without its CSP (scripts blocked): {csp}"));
                    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{path}: its scripts carry its CSP's nonce");
                }
            }
        }
        assert_eq!((pages, files), (80, 160));
        let res = c.page("/no/such/page", Some(&cookie)).await;
        assert_eq!(res.status(), 404, "any other address is the console's own page-not-found");
        assert!(res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("'nonce-"));
        assert!(res.text().await.unwrap().contains("Page not found"));
        let _ = std::fs::remove_dir_all(root);
    })
}

#[test]
fn a_form_that_went_through_says_so_on_its_page_and_a_refusal_replaces_it() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let cookie = c.login_cookie().await;
        // A success after an earlier refusal: the page comes back marked done, the refusal gone.
        let res = c.form_post("/api/appliance/access/shell", &cookie, "/appliance/access?__path=/api/x&__err=abc", "enabled=on&timeout_minutes=15").await;
        assert_eq!(res.status(), 302);
        let location = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert_eq!(location, "/appliance/access?done=/api/appliance/access/shell", "back to the page, marked done, the old refusal gone");
        let html = c.html(&location, &cookie).await;
        assert!(html.contains("Shell settings saved."), "the page says the change went through");
        assert!(html.contains("Turns itself off in ") && html.contains("15 minutes"), "the shell is on for 15 minutes");
        // A refusal: the page comes back with the refusal and what was typed, no longer marked done.
        let res = c.form_post("/api/appliance/access/shell", &cookie, &location, "enabled=on&timeout_minutes=-3").await;
        let location = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert!(location.contains("__err=") && !location.contains("done="), "{location}");
        let html = c.html(&location, &cookie).await;
        assert!(!html.contains("Shell settings saved."));
        assert!(html.contains(r#"data-testid="shell-error""#) && html.contains("value=\"-3\""), "refused, kept as typed");
    })
}

#[test]
fn pages_carry_islands_only_not_their_data_twice() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let cookie = c.login_cookie().await;
        let html = c.html("/inventory/vm", &cookie).await;
        assert_eq!(html.matches(r#"data-testid="inventory-row""#).count(), 60);
        // Each VM's name once in its row link and once in its checkbox's label; no serialized copy of the rows.
        assert_eq!(html.matches(">web-001<").count(), 1, "the row's link");
        assert!(!html.contains("__RESOLVED_RESOURCES[") && !html.contains("__SERIALIZED_ERRORS.push"), "no resource data for hydration");
        assert!(html.contains("<leptos-island"), "the islands are there");
        assert!(html.contains("hydrateIslands"), "the islands loader, not the whole-page hydration");
    })
}

/// With JavaScript a form's server function is called with fetch. A refusal answers the status that says what
/// it is, with the error as the body: 400 for input refused before anything is sent, 403 naming the privilege
/// when vCenter refuses a read-only user, 401 without a session — never the 500 of a server failure.
#[test]
fn a_refused_call_answers_a_4xx_that_says_why() {
    common::block_on(async {
        let console = Console::on_simulator(Default::default()).await;
        let fetch = |cookie: Option<String>, form: &'static str| {
            let mut req = console
                .http
                .post(format!("{}/api/appliance/access/shell", console.url))
                .header(header::ACCEPT, "application/json")
                .header(header::ORIGIN, &console.url)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form);
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            req.send()
        };
        let admin = console.login_cookie().await;
        let res = fetch(Some(admin.clone()), "enabled=on&timeout_minutes=0").await.unwrap();
        assert_eq!(res.status(), 400, "a time-out of 0 is refused before sending");
        let body = res.text().await.unwrap();
        assert!(body.contains("between 1 and 1440") && body.contains(r#""timeout_minutes","0""#), "the message and the form as typed: {body}");

        let res = console.login_form("readonly@vsphere.local", PASSWORD, "/appliance/access").await;
        let cookie = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
        let res = fetch(Some(cookie), "enabled=on&timeout_minutes=15").await.unwrap();
        assert_eq!(res.status(), 403, "vCenter refuses a read-only user");
        assert!(res.text().await.unwrap().contains("SystemConfiguration.Administrators"), "the missing privilege is named");

        assert_eq!(fetch(None, "enabled=on&timeout_minutes=15").await.unwrap().status(), 401, "no session");
        let res = fetch(Some(admin), "enabled=on&timeout_minutes=15").await.unwrap();
        assert!(res.status().is_success(), "accepted: {}", res.status());
    })
}

/// Consoles started in a process that is already serving pages (the integration tests, a future multi-vCenter
/// console) must not stall those pages: each page below is rendered while another console is being built, and
/// every one must finish. (Building a router used to list the routes each time, which leaves any resource that
/// first polls meanwhile pending for ever: leptos-rs/leptos#4773; one page in three hung here.)
#[test]
fn pages_keep_answering_while_more_consoles_start() {
    crate::common::block_on(async {
        let c = spawn_console(1000).await;
        let cookie = c.login_cookie().await;
        let builder = tokio::spawn(async {
            for _ in 0..12 {
                spawn_console(1000).await;
            }
        });
        let mut rendered = 0;
        while !builder.is_finished() {
            let page = tokio::time::timeout(std::time::Duration::from_secs(20), c.html("/appliance/summary", &cookie)).await;
            let html = page.expect("the Summary finished rendering while other consoles started");
            assert!(html.contains("6.7.0.44000"), "the Summary has the appliance's version");
            rendered += 1;
        }
        builder.await.unwrap();
        assert!(rendered > 0);
    })
}

/// Issue 13: a login's `next` that a browser would read as another site (or that cannot be a header) leads
/// to the console's home page, and no shape of it panics the request.
#[test]
fn a_hostile_next_leads_home_and_nothing_panics() {
    crate::common::block_on(async {
        let c = spawn_console(100).await;
        let cases = [
            ("/inventory/vm?name=web", "/inventory/vm?name=web"),
            ("//evil.example/", "/appliance/summary"),
            ("/\\evil.example", "/appliance/summary"),
            ("/\t/evil.example", "/appliance/summary"),
            ("/summary\r\nSet-Cookie: stolen=1", "/appliance/summary"),
            ("https://evil.example/", "/appliance/summary"),
            ("/.//evil.example", "/appliance/summary"),
        ];
        for (next, expected) in cases {
            let res = c
                .http
                .post(format!("{}/api/cis/session/login", c.url))
                .header(header::ACCEPT, "text/html")
                .header(header::ORIGIN, &c.url)
                .form(&[("username", USER), ("password", PASSWORD), ("next", next)])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 302, "{next:?}");
            assert_eq!(res.headers()[header::LOCATION], expected, "{next:?}");
        }
    })
}

/// Issue 13: a panic while answering becomes the console's error page (500, in words, not cached) instead
/// of a torn connection. The console's router has this layer innermost (`server::panic_page`).
#[test]
fn a_panic_becomes_the_error_page() {
    crate::common::block_on(async {
        let router = axum::Router::new().route("/boom", axum::routing::get(|| async {
            if true {
                panic!("boom at {}", 42);
            }
            "never"
        })).layer(server::panic_page());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let res = reqwest::get(format!("http://{addr}/boom")).await.expect("an answer, not a torn connection");
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let body = res.text().await.unwrap();
        assert!(body.contains("Something went wrong") && body.contains("Nothing was changed"), "{body}");
        assert!(!body.contains("boom at 42"), "the panic's text is logged, not shown");
    })
}

/// Issue 13: however a console session ends — logout, idle expiry found by a page request, idle expiry found
/// by the sweep, the console stopping — its vCenter session is logged out, once; and not at all when vCenter
/// ended it itself. Counted on the simulator: its live sessions and the logouts it answered.
#[test]
fn every_ending_of_a_console_session_logs_its_vcenter_session_out_once() {
    crate::common::block_on(async {
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let options = ConsoleOptions { idle: std::time::Duration::from_millis(1500), ..ConsoleOptions::new(&sim_url) };
        let c = Console::start(options, Some(sim)).await;
        let logouts = || c.sim().calls("DELETE /rest/com/vmware/cis/session");
        let live = || c.sim().sessions.count();
        use crate::common::until;

        // Logout.
        let a = c.login_cookie().await;
        let res = c
            .http
            .post(format!("{}/api/cis/session/logout", c.url))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &a)
            .header(header::ORIGIN, &c.url)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302);
        assert_eq!((live(), logouts()), (0, 1));

        // Idle expiry: one session is opened again after its idle time (the page request or the sweep notices,
        // whichever is first), the other is never used again (the sweep).
        let b = c.login_cookie().await;
        let _never_again = c.login_cookie().await;
        assert_eq!(live(), 2);
        tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
        let res = c.page("/appliance/summary", Some(&b)).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary&expired=1");
        until("both idle sessions are logged out of vCenter", || live() == 0).await;
        tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
        assert_eq!(logouts(), 3, "each once, however many sweeps and lookups saw them");

        // vCenter ends a session itself: the console marks it expired and logs nothing out.
        let d = c.login_cookie().await;
        for id in c.sim().sessions.ids() {
            c.sim().sessions.remove(&id);
        }
        let res = c.page("/appliance/summary", Some(&d)).await;
        assert_eq!(res.status(), 302, "rendering hit 401");
        tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
        assert_eq!(logouts(), 3, "nothing left to log out");

        // The console stopping: its store ends every live session.
        let store = server::sessions::MemorySessions::new(std::time::Duration::from_secs(600));
        let vc = common::client(&c.vcenter_url).login(USER, PASSWORD).await.unwrap();
        let vcenters = server::harness::single_vcenter(&c.vcenter_url);
        let name = vcenters.0[0].info.name.clone();
        app::state::SessionStore::create(&*store, app::state::ConsoleSession { vcenter: name, vc: vc.id().clone(), user: USER.into() });
        assert_eq!(live(), 1);
        store.end_all(&vcenters).await;
        assert_eq!((live(), logouts()), (0, 4));
        store.end_all(&vcenters).await;
        assert_eq!(logouts(), 4, "once");
    })
}

/// Issue 13: the tests that make the appliance contact other hosts (a syslog test message, NTP servers) are
/// POSTs; their results come back with the page the form returns to, and loading that page again — or the
/// old GET shapes of these tests — contacts nobody.
#[test]
fn tests_that_contact_other_hosts_post_and_no_page_load_repeats_them() {
    crate::common::block_on(async {
        use app::vsphere::models::appliance::logging::forwarding::Config;
        let c = Console::on_simulator(Default::default()).await;
        let vc = c.vc().await;
        vc.appliance_logging_forwarding_set(&[Config { hostname: "logs.corp.local".into(), port: 514, protocol: "UDP".parse().unwrap() }]).await.unwrap();
        let cookie = c.login_cookie().await;
        let sent = || c.sim().logging.test_messages.lock().unwrap().len();
        let ntp_tests = || c.sim().calls("POST /rest/appliance/ntp/test");

        // The old GET shapes do nothing now.
        c.html("/appliance/syslog?test=1&send_test_message=on", &cookie).await;
        c.html("/appliance/time?test=ntp1.corp.local", &cookie).await;
        assert_eq!((sent(), ntp_tests()), (0, 0));

        let res = c.form_post("/api/appliance/logging/test", &cookie, "/appliance/syslog", "send_test_message=on").await;
        assert_eq!(res.status(), 302);
        let back = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert_eq!(back, "/appliance/syslog?done=/api/appliance/logging/test");
        assert_eq!(sent(), 1, "the POST sent the message");
        for _ in 0..2 {
            let html = c.html(&back, &cookie).await;
            assert!(html.contains("data-testid=\"syslog-results\"") && html.contains("data-server=\"logs.corp.local\""), "the result comes back with the page");
        }
        assert_eq!(sent(), 1, "loading the page again sent nothing");
        assert!(!c.html("/appliance/syslog", &cookie).await.contains("syslog-results"), "nor is the result shown without the form's mark");

        let before = ntp_tests();
        // From a page that still says an earlier form went through: this form's own mark replaces it.
        let res = c.form_post("/api/appliance/time/ntp-test", &cookie, "/appliance/time?done=/api/appliance/time/timesync", "servers=ntp1.corp.local").await;
        let back = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert_eq!(back, "/appliance/time?done=/api/appliance/time/ntp-test");
        for _ in 0..2 {
            assert!(c.html(&back, &cookie).await.contains("data-server=\"ntp1.corp.local\""));
        }
        assert_eq!(ntp_tests(), before + 1, "one test, however often the page loads");

        // A refused test keeps what was typed, at its field.
        let res = c.form_post("/api/appliance/time/ntp-test", &cookie, "/appliance/time", "servers=bad_name").await;
        let back = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        let html = c.html(&back, &cookie).await;
        assert!(html.contains("bad_name") && html.contains("aria-invalid=\"true\""), "{back}");
        assert_eq!(ntp_tests(), before + 1);
    })
}
