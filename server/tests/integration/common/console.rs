//! The whole console in-process (see `server::harness`), with a browser-like HTTP client that does not
//! follow redirects, a no-JS login and page fetches.
#![allow(dead_code)]

use super::{PASSWORD, USER};
use reqwest::header;
use server::harness::{serve_console, ConsoleOptions};
use server::simulator::SimState;

pub struct Console {
    pub url: String,
    /// The vCenter it manages.
    pub vcenter_url: String,
    /// The simulator behind it, when it is one.
    pub sim: Option<SimState>,
    pub http: reqwest::Client,
}

impl Console {
    pub async fn start(options: ConsoleOptions, sim: Option<SimState>) -> Console {
        let vcenter_url = options.vcenter_url.clone();
        let url = serve_console(options).await;
        // A time-out turns a hang into a failure with a message; generous, so a page that is only slow (a
        // 2,000-row list rendered while other tests load both cores) is not one.
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(std::time::Duration::from_secs(90)).build().unwrap();
        Console { url, vcenter_url, sim, http }
    }

    /// The console on a fresh simulator with this configuration.
    pub async fn on_simulator(config: server::simulator::SimConfig) -> Console {
        let (sim_url, sim) = super::spawn_sim(config).await;
        Console::start(ConsoleOptions::new(&sim_url), Some(sim)).await
    }

    /// A session of our own on the same vCenter, to set up and check state behind the console's back.
    pub async fn vc(&self) -> app::client::VcSession {
        super::client(&self.vcenter_url).login(USER, PASSWORD).await.unwrap()
    }

    pub fn sim(&self) -> &SimState {
        self.sim.as_ref().expect("a console on the simulator")
    }

    /// A browser-like form post of the login form (no JavaScript): returns the response.
    pub async fn login_form(&self, user: &str, password: &str, next: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/cis/session/login", self.url))
            .header(header::ACCEPT, "text/html")
            .header(header::ORIGIN, &self.url)
            .header(header::REFERER, format!("{}/login?next={next}", self.url))
            .form(&[("username", user), ("password", password), ("next", next)])
            .send()
            .await
            .unwrap()
    }

    pub async fn login_cookie(&self) -> String {
        let res = self.login_form(USER, PASSWORD, "/appliance/summary").await;
        let cookie = res.headers().get(header::SET_COOKIE).expect("login sets a cookie").to_str().unwrap().to_string();
        cookie.split(';').next().unwrap().to_string()
    }

    pub async fn page(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(format!("{}{path}", self.url)).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        req.send().await.unwrap()
    }

    /// The page's HTML without Leptos's empty `<!>` markers (text boundaries for hydration, which nobody sees;
    /// how many there are depends on how Leptos was built), asserting a 200.
    pub async fn html(&self, path: &str, cookie: &str) -> String {
        let res = self.page(path, Some(cookie)).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.text().await.unwrap().replace("<!>", "")
    }

    /// A no-JS form post to a server function (`/api/...`), as a browser sends it from `referer`.
    pub async fn form_post(&self, endpoint: &str, cookie: &str, referer: &str, form: &str) -> reqwest::Response {
        self.http
            .post(format!("{}{endpoint}", self.url))
            .header(header::ACCEPT, "text/html")
            .header(header::ORIGIN, &self.url)
            .header(header::REFERER, format!("{}{referer}", self.url))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.to_string())
            .send()
            .await
            .unwrap()
    }
}

/// The refusal a form's redirect carries (`__err`: server_fn's base64 of the error as JSON), in the words the
/// page shows; None when the form went through.
pub fn refusal(res: &reqwest::Response) -> Option<String> {
    use base64::Engine as _;
    let location = res.headers().get(header::LOCATION)?.to_str().ok()?;
    let query = location.split_once('?')?.1;
    let raw = url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "__err")?.1.into_owned();
    let bytes = base64::engine::general_purpose::STANDARD.decode(raw.as_bytes()).or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(raw.as_bytes())).ok()?;
    let error: app::error::AppError = serde_json::from_slice(&bytes).ok()?;
    Some(error.to_string())
}
