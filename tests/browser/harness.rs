//! What the browser tests stand on: the real router served on a loopback
//! port, Debian's chromedriver in its own process group (killed on drop, so
//! a failed assertion never leaves a browser running), and headless Chromium
//! sessions with fresh profiles.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::http::Method;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::support::{repo_path, seed_app};

/// Where Debian's `chromium-driver` and `chromium` packages put them.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long to wait for a page to show what a test expects.
pub const PAGE_WAIT: Duration = Duration::from_secs(10);

/// Flags for a headless browser on a machine with a closed network: without
/// the background-networking ones Chromium keeps dialling Google's hosts.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// The seed archive served over real HTTP on 127.0.0.1; returns its origin.
/// The server task ends with the test's runtime.
pub async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local addr");
    let app = seed_app();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// A running chromedriver. Every browser it starts is in its process group.
pub struct Driver {
    child: Child,
    url: String,
    profiles: Vec<TempDir>,
}

impl Driver {
    pub fn start() -> Driver {
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("start {CHROMEDRIVER} ({e}): apt-get install chromium chromium-driver")
            });
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout);
        let mut port = None;
        let mut line = String::new();
        // "ChromeDriver was started successfully on port 41235."
        while port.is_none() && lines.read_line(&mut line).unwrap_or(0) > 0 {
            // The banner says "on port 0" first; the chosen port comes after.
            port = line
                .split("started successfully on port ")
                .nth(1)
                .and_then(|rest| rest.trim().trim_end_matches('.').parse::<u16>().ok());
            line.clear();
        }
        // Keep draining so chromedriver never blocks on a full pipe.
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut lines, &mut std::io::sink());
        });
        let mut driver = Driver {
            child,
            url: String::new(),
            profiles: Vec::new(),
        };
        let port = port.expect("chromedriver printed the port it listens on");
        driver.url = format!("http://127.0.0.1:{port}");
        driver
    }

    /// A new browser with an empty profile, as a first-time visitor has.
    pub async fn session(&mut self) -> Client {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| (*s).to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        self.profiles.push(profile);
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let caps: Capabilities = caps;
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("chromedriver starts a headless chromium")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The negative pid names the whole group: chromedriver and every
        // browser process it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

/// Chromedriver's log endpoint: what the page printed to its console,
/// including script errors, CSP violations and failed loads.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}

/// A Chrome DevTools command through chromedriver, for what WebDriver has
/// no verb for (emulating dark mode or print media).
#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(self.0.to_string()))
    }
}

/// Console entries since the last call, as `LEVEL message`.
pub async fn console(c: &Client) -> Vec<String> {
    let log = c.issue_cmd(BrowserLog).await.expect("read the browser log");
    log.as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| format!("{} {}", e["level"].as_str().unwrap_or("?"), e["message"]))
                .collect()
        })
        .unwrap_or_default()
}

/// Emulate a media type ("screen", "print") and a colour scheme ("light", "dark").
pub async fn emulate(c: &Client, media: &str, scheme: &str) {
    c.issue_cmd(Cdp(json!({
        "cmd": "Emulation.setEmulatedMedia",
        "params": {
            "media": media,
            "features": [{ "name": "prefers-color-scheme", "value": scheme }],
        },
    })))
    .await
    .expect("emulate media");
}

/// Navigate and wait until the document has loaded.
pub async fn open(c: &Client, url: &str) {
    c.goto(url).await.expect("navigate");
    wait_loaded(c).await;
}

pub async fn wait_loaded(c: &Client) {
    c.wait()
        .at_most(PAGE_WAIT)
        .for_element(Locator::Css("footer.site"))
        .await
        .expect("page loads");
}

/// Run a script and get its result.
pub async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Press and release one key (a `fantoccini::key::Key` or a character)
/// wherever the focus is, as a keyboard would.
pub async fn press(c: &Client, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.expect("key press");
}

/// The description of the focused element: `tag#id.class href`.
pub async fn focused(c: &Client) -> String {
    js(
        c,
        "const e = document.activeElement;
         return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
           + (e.className ? '.' + e.className : '') + ' ' + (e.getAttribute('href') || '');",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// `node_modules/`, installed by `npm ci` at the top of the repository.
pub fn node_module(rel: &str) -> PathBuf {
    let path = repo_path("node_modules").join(rel);
    assert!(
        path.exists(),
        "{} is missing: run `npm ci` at the top of the repository",
        path.display()
    );
    path
}

/// Where screenshots go for a human to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = repo_path("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}
