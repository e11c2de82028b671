//! Item 3: no injection. A document whose every field carries markup, and
//! queries that do too, render as inert text on every page that shows them
//! (checked with a real HTML parser, not by string search); JSON-LD stays
//! one valid JSON value. Ids that try to climb out of the data or static
//! folders get a 404 or 400, never a file.

use axum::Router;
use axum::http::StatusCode;
use scraper::{Html, Selector};

use super::{enc, get_raw};
use crate::support::*;

const SCRIPT: &str = "<script>alert('xss-1')</script>";
const IMG: &str = "\"><img src=x onerror=alert('xss-2')>";
const CLOSE: &str = "</script><script>alert('xss-3')</script>";
const JS_URL: &str = "javascript:alert('xss-4')";

fn injection_article() -> String {
    format!(
        "+++\n\
         title = '''{SCRIPT} {IMG}'''\n\
         source = '''{IMG}'''\n\
         forums = ['''{CLOSE}''', \"OEWG\"]\n\
         mentioned = ['''{SCRIPT}''']\n\
         [[speakers]]\n\
         name = '''Ivan {IMG}'''\n\
         role = '''{JS_URL}'''\n\
         country = '''{CLOSE}'''\n\
         +++\n\
         Minister warns of {SCRIPT} at the OEWG\n\n\
         GENEVA, 3 March 2023 — The minister said: \"{CLOSE} must stop {IMG}\", \
         and pointed to <a href=\"{JS_URL}\">the report</a> and [the annex]({JS_URL}).\n\n\
         Delegates at the Open-ended Working Group agreed that {SCRIPT} was a concern.\n"
    )
}

/// Every way a page could run injected code, checked on the parsed tree.
fn assert_inert(html: &str, what: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let v = el.value();
        // The forum timeline is our own server-drawn SVG chart.
        let own_chart = v.name() == "svg"
            && el
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .is_some_and(|p| p.value().classes().any(|c| c == "timeline"));
        assert!(
            own_chart
                || !matches!(
                    v.name(),
                    "img" | "iframe" | "object" | "embed" | "svg" | "math"
                ),
            "{what}: injected <{}> element",
            v.name()
        );
        for (name, value) in v.attrs() {
            assert!(
                !name.starts_with("on"),
                "{what}: event handler {name}={value}"
            );
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            // Only URL attributes navigate; a text input's value is inert.
            let url_attr = matches!(
                name,
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "srcdoc"
            );
            assert!(
                !url_attr
                    || (!squashed.starts_with("javascript:")
                        && !squashed.starts_with("data:text/html")),
                "{what}: {name}={value}"
            );
        }
        if v.name() == "script" {
            let text: String = el.text().collect();
            match v.attr("type") {
                Some("application/ld+json") => {
                    serde_json::from_str::<serde_json::Value>(&text)
                        .unwrap_or_else(|e| panic!("{what}: JSON-LD broken ({e}): {text}"));
                }
                _ => {
                    let src = v.attr("src").unwrap_or("");
                    assert!(
                        src.starts_with("/static/") && text.trim().is_empty(),
                        "{what}: script src={src:?} {text:?}"
                    );
                }
            }
        }
    }
    // Nothing injected survived as markup anywhere, inside a script or not.
    for n in 1..=4 {
        let marker = format!("alert('xss-{n}')");
        for script in doc.select(&Selector::parse("script").unwrap()) {
            if script.value().attr("type") != Some("application/ld+json") {
                assert!(
                    !script.text().collect::<String>().contains(&marker),
                    "{what}"
                );
            }
        }
    }
}

async fn page(app: &Router, uri: &str) -> String {
    let r = get_raw(app, uri).await.unwrap();
    assert!(
        r.status.is_success() || r.status.is_client_error(),
        "{uri}: {}",
        r.status
    );
    let body = r.text();
    if r.content_type().starts_with("text/html") {
        assert_inert(&body, uri);
    } else {
        // Feeds, JSON, CSV, citations: never served as something a browser
        // would run, so markup inside is data.
        assert!(!r.content_type().contains("html"), "{uri}");
    }
    body
}

#[tokio::test]
async fn markup_in_documents_and_queries_renders_inert() {
    let dir = seed_copy();
    std::fs::write(dir.path().join("articles/xss.txt"), injection_article()).unwrap();
    let app = app_for(dir.path());
    let short = get(&app, "/articles/xss").await;
    assert_eq!(short.status, StatusCode::MOVED_PERMANENTLY);
    let article_url = short.location().to_string();
    assert!(
        article_url.starts_with("/articles/xss/") && !article_url.contains('<'),
        "{article_url}"
    );
    let body = page(&app, &article_url).await;
    let title = Html::parse_document(&body)
        .select(&Selector::parse("h1").unwrap())
        .map(|h| h.text().collect::<String>())
        .next()
        .unwrap();
    // The payload is shown as the text it is, not dropped or mangled.
    assert_eq!(title.trim(), format!("{SCRIPT} {IMG}"));
    // And in the JSON-LD it is data: the `</script>` inside the title is
    // there once parsed, yet did not close the element (assert_inert).
    let ld = Selector::parse("script[type='application/ld+json']").unwrap();
    let mut found = 0;
    for script in Html::parse_document(&body).select(&ld) {
        let json: serde_json::Value =
            serde_json::from_str(&script.text().collect::<String>()).unwrap();
        assert!(json.to_string().contains(SCRIPT), "{json}");
        found += 1;
    }
    assert_eq!(found, 1, "the article page carries one JSON-LD block");

    let mut uris: Vec<String> = [
        "/",
        "/speakers",
        "/forums",
        "/search?q=alert",
        "/search?q=minister",
        "/feed.atom?q=alert",
        "/api/search?q=alert",
        "/api/articles/xss",
        "/sitemap.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for payload in [SCRIPT, IMG, CLOSE, JS_URL] {
        for key in [
            "q", "speaker", "forum", "source", "kind", "page", "sort", "year",
        ] {
            uris.push(format!("/search?{key}={}", enc(payload)));
        }
        uris.push(format!("/feed.atom?q={}", enc(payload)));
        uris.push(format!("/articles/{}", enc(payload)));
        uris.push(format!("/speakers/{}", enc(payload)));
        uris.push(format!("/forums/{}", enc(payload)));
        uris.push(format!("/no/such/{}", enc(payload)));
    }
    // Every link the article page offers: speaker, forum, citation pages.
    for href in get(&app, &article_url).await.attrs("a[href^='/']", "href") {
        uris.push(href);
    }
    for uri in &uris {
        page(&app, uri).await;
    }
}

#[tokio::test]
async fn ids_never_escape_the_data_or_static_folders() {
    let outer = tempfile::tempdir().unwrap();
    let data = outer.path().join("data");
    std::fs::create_dir_all(data.join("articles")).unwrap();
    std::fs::copy(
        repo_path(&format!("data/articles/{TASS}.txt")),
        data.join(format!("articles/{TASS}.txt")),
    )
    .unwrap();
    const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-DATA-FOLDER";
    std::fs::write(outer.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(outer.path().join("secret"), SECRET).unwrap();
    let app = app_for(&data);
    let ok = get_raw(&app, &format!("/articles/{TASS}.txt"))
        .await
        .unwrap();
    assert_eq!(ok.status, StatusCode::OK);

    let tries = [
        "/articles/..%2Fsecret.txt",
        "/articles/..%2Fsecret",
        "/articles/..%2F..%2Fsecret.txt",
        "/articles/%2e%2e%2fsecret.txt",
        "/articles/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/articles/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd.txt",
        "/articles/..%5C..%5Csecret.txt",
        "/articles/%2Fetc%2Fpasswd.txt",
        "/articles/articles%2F004_3812e584f880eeef.txt%00",
        "/articles/%00.txt",
        "/articles/secret%00.txt",
        "/articles/..",
        "/articles/../secret.txt",
        "/articles/%2e%2e/%2e%2e/secret.txt",
        "/articles/..%252Fsecret.txt",
        "/articles/%c0%ae%c0%ae%c0%afsecret.txt",
        "/static/..%2FCargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/../Cargo.toml",
        "/static/..%2Fsrc%2Fmain.rs",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/style.css%00",
        "/static/%00",
        "/static/..%5CCargo.toml",
        "/static/",
        "/static/.",
    ];
    for uri in tries {
        let Some(r) = get_raw(&app, uri).await else {
            continue;
        };
        assert!(
            matches!(r.status.as_u16(), 400 | 404),
            "{uri} answered {}",
            r.status
        );
        let body = r.text();
        for leak in [SECRET, "[package]", "root:x:0:0", "fn main"] {
            assert!(!body.contains(leak), "{uri} leaked {leak}");
        }
    }
}
