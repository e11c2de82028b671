//! The site in a real browser (issue #5, items 1, 2 and 9): Debian's
//! headless Chromium driven over WebDriver against the real router on a
//! loopback port; axe-core and html-validate on every page kind.
//!
//! Ignored in a plain `cargo test` because they need
//! `apt-get install chromium chromium-driver` and `npm ci`; `.ci/run` runs
//! them with `cargo test -- --ignored browser`.

mod harness;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;

use self::harness::{
    CHROMIUM, CHROMIUM_FLAGS, Driver, console, emulate, focused, js, node_module, open, press,
    screenshot_dir, serve, wait_loaded,
};
use crate::support::{TASS, get, repo_path, seed_app};

/// One page of every kind the site has, as (name, path).
fn page_kinds() -> Vec<(&'static str, String)> {
    vec![
        ("home", "/".into()),
        ("search", "/search?q=OSCE".into()),
        ("search-statements", "/search?q=OSCE&view=statements".into()),
        ("search-empty", "/search?q=zzqxjv".into()),
        (
            "search-filtered",
            "/search?q=cyber&speaker=oleg-khramov".into(),
        ),
        (
            "article",
            format!(
                "/articles/{TASS}/russia-views-osce-cybersecurity-mechanisms-as-unsatisfactory"
            ),
        ),
        ("speaker", "/speakers/oleg-khramov".into()),
        ("speakers", "/speakers".into()),
        ("forum", "/forums/open-ended-working-group".into()),
        ("forums", "/forums".into()),
        ("statements", "/statements".into()),
        ("not-found", "/no/such/page".into()),
        ("bad-request", "/search?page=abc".into()),
    ]
}

async fn result_links(c: &Client) -> Vec<String> {
    let mut hrefs = Vec::new();
    for a in c
        .find_all(Locator::Css("ol.results h3 a"))
        .await
        .expect("results")
    {
        hrefs.push(a.attr("href").await.expect("href").unwrap_or_default());
    }
    hrefs
}

async fn path_and_query(c: &Client) -> String {
    let url = c.current_url().await.expect("url");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_search_open_article_and_go_back() {
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    open(&c, &format!("{base}/")).await;

    let box_ = c.find(Locator::Css("#home-q")).await.expect("home box");
    box_.send_keys("OSCE").await.expect("type");
    box_.send_keys(&Key::Enter.to_string())
        .await
        .expect("submit");
    wait_loaded(&c).await;
    assert_eq!(path_and_query(&c).await, "/search?q=OSCE");
    let results = result_links(&c).await;
    assert!(
        results[0].starts_with(&format!("/articles/{TASS}/")),
        "{results:?}"
    );

    c.find(Locator::Css("ol.results h3 a"))
        .await
        .expect("first result")
        .click()
        .await
        .expect("open it");
    wait_loaded(&c).await;
    assert_eq!(path_and_query(&c).await, results[0]);
    let h1 = c.find(Locator::Css("article.doc h1")).await.expect("h1");
    assert!(h1.text().await.expect("text").contains("OSCE"));

    c.back().await.expect("back");
    wait_loaded(&c).await;
    assert_eq!(path_and_query(&c).await, "/search?q=OSCE");
    assert_eq!(result_links(&c).await, results);
    let refine = c.find(Locator::Css("#refine-q")).await.expect("refine box");
    assert_eq!(
        refine.prop("value").await.expect("value").as_deref(),
        Some("OSCE")
    );
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_speaker_filter_is_added_and_removed() {
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    open(&c, &format!("{base}/search?q=OSCE")).await;
    let all = result_links(&c).await;

    c.find(Locator::Css(
        "ol.results .tags a[href='/speakers/oleg-khramov']",
    ))
    .await
    .expect("speaker link on the card")
    .click()
    .await
    .expect("click the speaker");
    wait_loaded(&c).await;
    assert_eq!(path_and_query(&c).await, "/speakers/oleg-khramov");
    let name = c.find(Locator::Css("main h1")).await.expect("h1");
    assert_eq!(name.text().await.expect("name"), "Oleg Khramov");

    c.find(Locator::LinkText("Search within this speaker’s articles"))
        .await
        .expect("search-within link")
        .click()
        .await
        .expect("follow it");
    wait_loaded(&c).await;
    assert!(path_and_query(&c).await.contains("speaker=oleg-khramov"));
    let chip = c.find(Locator::Css("ul.filters li")).await.expect("chip");
    assert!(
        chip.text()
            .await
            .expect("chip text")
            .contains("Oleg Khramov")
    );
    let filtered = result_links(&c).await;
    assert!(filtered.iter().all(|h| h.contains(TASS)), "{filtered:?}");

    c.find(Locator::Css("ul.filters a"))
        .await
        .expect("remove link")
        .click()
        .await
        .expect("remove the filter");
    wait_loaded(&c).await;
    assert!(!path_and_query(&c).await.contains("speaker="));
    assert!(
        c.find_all(Locator::Css("ul.filters li"))
            .await
            .expect("chips")
            .is_empty()
    );
    assert!(result_links(&c).await.len() > filtered.len());
    assert!(all.len() <= result_links(&c).await.len());
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_statement_link_opens_in_a_fresh_session_at_its_anchor() {
    let base = serve().await;
    let mut driver = Driver::start();
    let first = driver.session().await;
    open(&first, &format!("{base}/articles/{TASS}")).await;
    first
        .find(Locator::Css("li#s2 a.anchor"))
        .await
        .expect("statement 2 anchor")
        .click()
        .await
        .expect("click the anchor");
    let copied = first.current_url().await.expect("url").to_string();
    assert!(copied.ends_with("#s2"), "{copied}");
    assert!(copied.contains("/russia-views-osce"), "canonical: {copied}");
    first.close().await.expect("close");

    let fresh = driver.session().await;
    open(&fresh, &copied).await;
    assert_eq!(fresh.current_url().await.expect("url").as_str(), copied);
    let placed = js(
        &fresh,
        "const t = document.querySelector(':target');
         const r = t.getBoundingClientRect();
         return [t.id, window.scrollY > 0, r.top >= -1 && r.top < window.innerHeight / 3];",
    )
    .await;
    assert_eq!(placed, serde_json::json!(["s2", true, true]), "{placed}");
    fresh.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_keyboard_reaches_search_box_and_every_result() {
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    open(&c, &format!("{base}/search?q=security")).await;
    let results = result_links(&c).await;
    assert!(results.len() >= 3, "{results:?}");

    // The first Tab shows the skip link, on screen and outlined.
    press(&c, Key::Tab.into()).await;
    assert!(
        focused(&c).await.starts_with("a.skip"),
        "{}",
        focused(&c).await
    );
    let shown = js(
        &c,
        "const e = document.activeElement, r = e.getBoundingClientRect(),
               s = getComputedStyle(e);
         return r.left >= 0 && r.top >= 0 && s.outlineStyle !== 'none';",
    )
    .await;
    assert_eq!(
        shown,
        Value::Bool(true),
        "skip link visible with focus ring"
    );
    // Tab on past the brand and the browse links to the page's one search
    // box (the search page has no header box; issue #15 Part 2.8).
    for _ in 0..4 {
        press(&c, Key::Tab.into()).await;
    }
    assert!(focused(&c).await.starts_with("input#refine-q"));

    // "/" from anywhere outside a text field jumps to the search box.
    js(&c, "document.activeElement.blur(); return null;").await;
    press(&c, '/').await;
    assert!(focused(&c).await.starts_with("input#refine-q"));
    let typed = c.find(Locator::Css("#refine-q")).await.expect("box");
    assert_eq!(
        typed.prop("value").await.expect("value").as_deref(),
        Some("security")
    );

    // Tab alone reaches every result, each with a visible focus ring.
    let mut seen = Vec::new();
    for _ in 0..200 {
        press(&c, Key::Tab.into()).await;
        let now = focused(&c).await;
        if let Some(href) = now.strip_prefix("a ")
            && results.iter().any(|r| r == href)
        {
            let ring = js(
                &c,
                "return getComputedStyle(document.activeElement).outlineStyle;",
            )
            .await;
            assert_ne!(ring, Value::from("none"), "focus ring on {href}");
            seen.push(href.to_string());
        }
        if now.starts_with("body") || seen.len() == results.len() {
            break;
        }
    }
    assert_eq!(seen, results);
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_console_is_clean_on_every_page_kind() {
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    for (name, path) in page_kinds() {
        open(&c, &format!("{base}{path}")).await;
        let entries = console(&c).await;
        // An error page's own status is logged as a failed load: that is
        // the page working, and proof that the log is being read at all.
        let error_page = matches!(name, "not-found" | "bad-request");
        let (expected, faults): (Vec<&String>, Vec<&String>) = entries
            .iter()
            .partition(|e| error_page && e.contains("the server responded with a status of 4"));
        assert!(faults.is_empty(), "{name} {path}: {faults:#?}");
        assert_eq!(
            expected.len(),
            usize::from(error_page),
            "{name}: {entries:#?}"
        );
    }
    c.close().await.expect("close");
}

/// Every page kind, light and dark, through axe-core: no violation at any
/// impact, minor included (contrast, names, landmarks, heading order, lang…).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_axe_finds_no_violation_on_any_page_kind() {
    let axe = std::fs::read_to_string(node_module("axe-core/axe.min.js")).expect("axe source");
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    let mut report = Vec::new();
    for scheme in ["light", "dark"] {
        emulate(&c, "screen", scheme).await;
        for (name, path) in page_kinds() {
            open(&c, &format!("{base}{path}")).await;
            // Injected through WebDriver, which the page's CSP does not govern.
            js(&c, &format!("{axe}\nreturn typeof window.axe;")).await;
            let found = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document, { resultTypes: ['violations'] })
                        .then(r => done(r.violations
                          .map(v => v.id + ' (' + v.impact + '): '
                            + v.nodes.map(n => n.target.join(' ')).join(' | '))))
                        .catch(e => done(['axe failed: ' + e]));",
                    vec![],
                )
                .await
                .expect("axe runs");
            for v in found.as_array().into_iter().flatten() {
                report.push(format!(
                    "{scheme} {name}: {}",
                    v.as_str().unwrap_or_default()
                ));
            }
        }
    }
    c.close().await.expect("close");
    assert!(report.is_empty(), "axe violations:\n{}", report.join("\n"));
}

/// The HTML of every page kind passes html-validate (`.htmlvalidate.json`).
#[tokio::test]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_html_validate_passes_on_every_page_kind() {
    let cli = node_module("html-validate/bin/html-validate.mjs");
    let dir = tempfile::tempdir().expect("tmp");
    let app = seed_app();
    let mut files = Vec::new();
    for (name, path) in page_kinds() {
        let reply = get(&app, &path).await;
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, &reply.body).expect("save page");
        files.push(file);
    }
    let out = std::process::Command::new("node")
        .arg(cli)
        .arg("--config")
        .arg(repo_path(".htmlvalidate.json"))
        .args(&files)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "html-validate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Light, dark and print renderings of an article: checked by computed
/// style and saved to target/screenshots/ for a person to look at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_article_reads_well_light_dark_and_printed() {
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    let shots = screenshot_dir();
    let look = "const s = e => getComputedStyle(document.querySelector(e));
        return [s('body').backgroundColor, s('body').color, s('header.site').display,
                s('details.original').display];";
    let mut seen = Vec::new();
    for (media, scheme) in [("screen", "light"), ("screen", "dark"), ("print", "light")] {
        emulate(&c, media, scheme).await;
        for (name, path) in page_kinds() {
            open(&c, &format!("{base}{path}")).await;
            let png = c.screenshot().await.expect("screenshot");
            std::fs::write(shots.join(format!("{name}-{media}-{scheme}.png")), png)
                .expect("save screenshot");
            if name == "article" {
                seen.push(js(&c, look).await);
            }
        }
    }
    c.close().await.expect("close");
    let [light, dark, print] = &seen[..] else {
        panic!("{seen:?}")
    };
    assert_ne!(light[0], dark[0], "dark mode changes the background");
    assert_eq!(dark[0], Value::from("rgb(22, 24, 28)"), "{dark}");
    assert_eq!(print[0], Value::from("rgb(255, 255, 255)"), "{print}");
    assert_eq!(print[1], Value::from("rgb(0, 0, 0)"), "{print}");
    assert_eq!(print[2], Value::from("none"), "no site header on paper");
    assert_eq!(light[2], Value::from("flex"));
}

/// On a phone-sized screen no page kind scrolls sideways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium + chromium-driver and npm ci; run by .ci/run"]
async fn browser_every_page_kind_fits_a_phone_screen() {
    let base = serve().await;
    let mut driver = Driver::start();
    let c = driver.session().await;
    c.set_window_size(390, 844).await.expect("resize");
    let shots = screenshot_dir();
    let mut wide = Vec::new();
    for (name, path) in page_kinds() {
        open(&c, &format!("{base}{path}")).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(shots.join(format!("{name}-phone.png")), png).expect("save screenshot");
        // The page's width against the screen's, and the elements that
        // stick out (or overflow inside), to say what to fix.
        let fits = js(
            &c,
            "const w = document.documentElement.clientWidth;
             const out = [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > w || e.scrollWidth > e.clientWidth + 1)
               .slice(0, 6).map(e => e.tagName.toLowerCase() + '.' + e.className);
             return [document.documentElement.scrollWidth, w, out];",
        )
        .await;
        if fits[0].as_u64() > fits[1].as_u64() {
            wide.push(format!("{name}: {fits}"));
        }
    }
    c.close().await.expect("close");
    assert!(wide.is_empty(), "pages wider than the screen: {wide:#?}");
}

/// Issue #15: Lighthouse 100 on accessibility, best practices and SEO for
/// every page kind that answers 200 (Lighthouse refuses to audit a 404 or a
/// 400, so the error pages are covered by axe and html-validate only). The
/// table goes to `target/lighthouse.md`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian chromium and npm ci (lighthouse); run by .ci/run"]
async fn browser_lighthouse_scores_100_on_every_page_kind() {
    let lighthouse = node_module(".bin/lighthouse");
    let base = serve().await;
    let out_dir = repo_path("target/lighthouse");
    std::fs::create_dir_all(&out_dir).expect("target/lighthouse");
    let categories = ["accessibility", "best-practices", "seo"];
    let mut table = format!(
        "| page | {} |\n|---|{}\n",
        categories.join(" | "),
        "---:|".repeat(categories.len())
    );
    let mut below = Vec::new();
    for (name, path) in page_kinds() {
        if matches!(name, "not-found" | "bad-request") {
            continue;
        }
        let report = out_dir.join(format!("{name}.json"));
        let lighthouse = lighthouse.clone();
        let url = format!("{base}{path}");
        let report_path = report.clone();
        // Blocking: the server runs on this test's runtime meanwhile.
        let status = tokio::task::spawn_blocking(move || {
            std::process::Command::new(lighthouse)
                .arg(&url)
                .arg(format!("--only-categories={}", categories.join(",")))
                .args(["--output=json", "--quiet", "--max-wait-for-load=20000"])
                .arg(format!("--output-path={}", report_path.display()))
                .arg(format!("--chrome-flags={}", CHROMIUM_FLAGS.join(" ")))
                .env("CHROME_PATH", CHROMIUM)
                .status()
        })
        .await
        .expect("join")
        .expect("run lighthouse");
        assert!(status.success(), "lighthouse on {path}: {status}");
        let json: Value =
            serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON report");
        let mut row = format!("| {name} `{path}` |");
        for category in categories {
            let score = json["categories"][category]["score"].as_f64();
            let shown = score.map_or("–".to_string(), |s| format!("{:.0}", s * 100.0));
            row.push_str(&format!(" {shown} |"));
            if score != Some(1.0) {
                let failing: Vec<&str> = json["audits"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, a)| a["score"].as_f64().is_some_and(|s| s < 1.0))
                    .map(|(id, _)| id.as_str())
                    .collect();
                below.push(format!(
                    "{name} {category}: {shown} ({})",
                    failing.join(", ")
                ));
            }
        }
        table.push_str(&row);
        table.push('\n');
    }
    std::fs::write(repo_path("target/lighthouse.md"), &table).expect("table");
    println!("{table}");
    assert!(below.is_empty(), "below 100:\n{}", below.join("\n"));
}
