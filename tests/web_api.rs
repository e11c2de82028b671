//! Issue #5, items 3–7 (and #7 item 4, overload): the archive as data for
//! scripts, feeds and discovery, metadata for machines, citations, and the
//! HTTP conventions every response follows. Everything goes through the
//! real router over the real seed index; XML is parsed with roxmltree, JSON
//! with serde_json and CSV with the csv crate, independently of the code
//! that wrote them.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use demarche::web::{AppState, Limits, app_with};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::support::*;

/// Origin the router builds absolute URLs on when a request names no host.
const ORIGIN: &str = "http://localhost";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn json(r: &Reply) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// A request with headers, its body kept as bytes.
async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.expect("router answers");
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, headers, body.to_vec())
}

/// Article ids of an HTML results page, in order.
fn html_ids(r: &Reply) -> Vec<String> {
    r.attrs("ol.results h3 a", "href")
        .iter()
        .map(|h| h.split('/').nth(2).unwrap_or_default().to_string())
        .collect()
}

fn api_ids(v: &Value) -> Vec<String> {
    v["results"]
        .as_array()
        .expect("results array")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn api_search_gives_the_html_results_in_the_same_order() {
    let app = seed_app();
    for query in [
        "",
        "q=security",
        "q=cyber&sort=oldest",
        "q=OSCE",
        "speaker=oleg-khramov",
        "forum=open-ended-working-group&sort=newest",
        "q=zzzqqq",
    ] {
        let html = get(&app, &format!("/search?{query}")).await;
        let api = get(&app, &format!("/api/search?{query}")).await;
        assert_eq!(api.status, StatusCode::OK, "{query}");
        assert!(header(&api.headers, "content-type").starts_with("application/json"));
        let v = json(&api);
        assert_eq!(api_ids(&v), html_ids(&html), "{query}");
        let total = v["total"].as_u64().expect("total");
        assert_eq!(total as usize, v["results"].as_array().unwrap().len());
        assert_eq!(v["page"], 1);
        assert_eq!(v["pages"], 1);
        for r in v["results"].as_array().unwrap() {
            for field in ["url", "title", "kind", "snippet"] {
                assert!(r[field].is_string(), "{field} in {r}");
            }
            assert!(r["url"].as_str().unwrap().starts_with(ORIGIN));
            assert!(r["speakers"].is_array() && r["forums"].is_array());
            // Plain text: the engine's <b> highlights are only in snippet_html.
            assert!(!r["snippet"].as_str().unwrap().contains("<b>"));
        }
    }
    let osce = json(&get(&app, "/api/search?q=OSCE").await);
    assert!(
        osce["results"][0]["snippet_html"]
            .as_str()
            .unwrap()
            .contains("<b>OSCE</b>")
    );
    assert_eq!(osce["results"][0]["date"], "2018-09-28");
    assert_eq!(osce["results"][0]["source"], "TASS");
}

#[tokio::test]
async fn api_errors_are_json_with_the_right_status() {
    let app = seed_app();
    for (uri, status) in [
        ("/api/search?page=abc", StatusCode::BAD_REQUEST),
        ("/api/search?year=twenty", StatusCode::BAD_REQUEST),
        ("/api/articles/no-such-id", StatusCode::NOT_FOUND),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, status, "{uri}");
        let v = json(&r);
        assert_eq!(v["status"], status.as_u16());
        assert!(!v["error"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn api_article_is_the_full_model_with_the_original() {
    let app = seed_app();
    let r = get(&app, &format!("/api/articles/{TASS}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = json(&r);
    let page = get(&app, &format!("/articles/{TASS}")).await;
    let canonical = page.location().to_string();
    assert_eq!(v["id"], TASS);
    assert_eq!(v["url"], format!("{ORIGIN}{canonical}"));
    assert_eq!(
        v["title"],
        "Russia views OSCE cybersecurity mechanisms as unsatisfactory"
    );
    assert_eq!(v["date_iso"], "2018-09-28");
    assert_eq!(v["date"]["year"], 2018);
    assert_eq!(v["kind"], "news");
    let html = get(&app, &canonical).await;
    let statements = v["statements"].as_array().expect("statements");
    assert_eq!(
        statements.len(),
        html.attrs(".quotes li[id^=s]", "id").len()
    );
    assert!(
        v["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Oleg Khramov" && p["slug"] == "oleg-khramov")
    );
    assert_eq!(
        v["body"].as_array().unwrap().len(),
        html.texts(".text p").len()
    );
    let disk = std::fs::read_to_string(repo_path(&format!("data/articles/{TASS}.txt"))).unwrap();
    assert_eq!(v["raw"], disk);
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
}

#[tokio::test]
async fn csv_export_has_every_result_of_the_search() {
    let app = seed_app();
    for query in ["", "q=cyber", "q=security&sort=oldest&page=1"] {
        let r = get(&app, &format!("/search.csv?{query}")).await;
        assert_eq!(r.status, StatusCode::OK, "{query}");
        assert!(header(&r.headers, "content-type").starts_with("text/csv"));
        assert!(header(&r.headers, "content-disposition").starts_with("attachment"));
        let mut reader = csv::Reader::from_reader(r.body.as_bytes());
        let head: Vec<String> = reader
            .headers()
            .expect("header row")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(head, demarche::web::api::CSV_HEADER);
        assert_eq!(
            head[..9],
            [
                "id", "url", "title", "date", "source", "kind", "speakers", "forums", "snippet"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        let api = json(&get(&app, &format!("/api/search?{query}")).await);
        let ids: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
        assert_eq!(ids, api_ids(&api), "{query}");
        assert_eq!(rows.len() as u64, api["total"].as_u64().unwrap());
        for (row, hit) in rows.iter().zip(api["results"].as_array().unwrap()) {
            assert_eq!(row[1], *hit["url"].as_str().unwrap());
            assert_eq!(row[2], *hit["title"].as_str().unwrap());
        }
    }
    let bad = get(&app, "/search.csv?year=twenty").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_search_is_an_atom_feed_newest_first_linked_from_its_page() {
    let app = seed_app();
    let page = get(&app, "/search?q=security&sort=oldest&page=1").await;
    let hrefs = page.attrs(
        r#"link[rel=alternate][type="application/atom+xml"]"#,
        "href",
    );
    assert_eq!(hrefs, vec!["/feed.atom?q=security".to_string()]);
    let r = get(&app, &hrefs[0]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(header(&r.headers, "content-type").starts_with("application/atom+xml"));
    let doc = roxmltree::Document::parse(&r.body).expect("feed is XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    let child_text = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        child_text(feed, "id"),
        format!("{ORIGIN}/feed.atom?q=security")
    );
    assert!(child_text(feed, "title").contains("security"));
    assert!(feed.children().any(|c| c.has_tag_name((ATOM, "link"))
        && c.attribute("rel") == Some("self")
        && c.attribute("href") == Some(&format!("{ORIGIN}/feed.atom?q=security"))));
    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    // The same articles as the newest-first search, but for the undated
    // (issue #15 Part 2.5: they would sort first in a reader).
    let newest = json(&get(&app, "/api/search?q=security&sort=newest").await);
    let urls: Vec<&str> = newest["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["date"].is_string())
        .map(|h| h["url"].as_str().unwrap())
        .collect();
    let ids: Vec<String> = entries.iter().map(|e| child_text(*e, "id")).collect();
    assert_eq!(ids, urls);
    assert!(entries.len() > 1);
    // Dated entries run newest first.
    let published: Vec<String> = entries
        .iter()
        .map(|e| child_text(*e, "published"))
        .filter(|p| !p.is_empty())
        .collect();
    assert!(published.len() > 1);
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "{published:?}");
    for e in &entries {
        assert!(!child_text(*e, "title").is_empty());
        assert!(!child_text(*e, "updated").is_empty());
        let link = e
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")))
            .and_then(|l| l.attribute("href"))
            .expect("entry link");
        assert_eq!(link, child_text(*e, "id"));
    }
    // Filters carry over: one speaker, one article.
    let k = get(&app, "/feed.atom?speaker=oleg-khramov").await;
    let doc = roxmltree::Document::parse(&k.body).expect("feed is XML");
    let ids: Vec<String> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| child_text(e, "id"))
        .collect();
    assert_eq!(ids.len(), 1);
    assert!(ids[0].contains(TASS));
}

#[tokio::test]
async fn opensearch_and_robots_point_the_way() {
    let app = seed_app();
    let home = get(&app, "/").await;
    assert_eq!(
        home.attrs("link[rel=search]", "href"),
        vec!["/opensearch.xml".to_string()]
    );
    let r = get(&app, "/opensearch.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        header(&r.headers, "content-type").starts_with("application/opensearchdescription+xml")
    );
    let doc = roxmltree::Document::parse(&r.body).expect("OpenSearch is XML");
    let ns = "http://a9.com/-/spec/opensearch/1.1/";
    assert!(
        doc.root_element()
            .has_tag_name((ns, "OpenSearchDescription"))
    );
    let html_template = doc
        .descendants()
        .find(|n| n.has_tag_name((ns, "Url")) && n.attribute("type") == Some("text/html"))
        .and_then(|n| n.attribute("template"))
        .expect("an HTML search template");
    assert_eq!(html_template, format!("{ORIGIN}/search?q={{searchTerms}}"));
    // The template works when a browser fills it in.
    let filled = html_template
        .replace("{searchTerms}", "OSCE")
        .replace(ORIGIN, "");
    assert_eq!(html_ids(&get(&app, &filled).await)[0], TASS);

    let robots = get(&app, "/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    let lines: Vec<&str> = robots.body.lines().collect();
    assert!(lines.contains(&"User-agent: *") && lines.contains(&"Allow: /"));
    assert!(lines.contains(&format!("Sitemap: {ORIGIN}/sitemap.xml").as_str()));
}

#[tokio::test]
async fn the_sitemap_lists_every_article_speaker_and_forum_page() {
    let app = seed_app();
    let r = get(&app, "/sitemap.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = roxmltree::Document::parse(&r.body).expect("sitemap is XML");
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    let archive = SEEDS.archive();
    let mut expected = vec!["/".to_string(), "/speakers".into(), "/forums".into()];
    expected.extend(archive.articles.iter().map(demarche::web::urls::article));
    expected.extend(
        archive
            .speakers
            .iter()
            .map(|s| format!("/speakers/{}", s.slug)),
    );
    expected.extend(archive.forums.iter().map(|f| format!("/forums/{}", f.slug)));
    let expected: Vec<String> = expected.iter().map(|p| format!("{ORIGIN}{p}")).collect();
    assert_eq!(locs, expected);
    assert!(archive.speakers.len() > 3 && archive.forums.len() > 3);
    // Every listed page is there.
    for loc in &locs {
        let path = loc.strip_prefix(ORIGIN).unwrap();
        assert_eq!(get(&app, path).await.status, StatusCode::OK, "{loc}");
    }
    assert_eq!(
        get(&app, "/sitemaps/1.xml")
            .await
            .body
            .matches("<loc>")
            .count(),
        locs.len()
    );
    assert_eq!(
        get(&app, "/sitemaps/2.xml").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The JSON-LD of a page, parsed.
fn json_ld(r: &Reply) -> Value {
    let blocks = r.texts(r#"script[type="application/ld+json"]"#);
    assert_eq!(blocks.len(), 1, "one JSON-LD block");
    serde_json::from_str(&blocks[0]).expect("JSON-LD is JSON")
}

fn og(r: &Reply, property: &str) -> Vec<String> {
    r.attrs(&format!(r#"meta[property="{property}"]"#), "content")
}

#[tokio::test]
async fn article_and_speaker_pages_describe_themselves_to_machines() {
    let app = seed_app();
    let canonical = get(&app, &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();
    let page = get(&app, &canonical).await;
    let ld = json_ld(&page);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], page.texts("h1")[0]);
    assert_eq!(ld["url"], format!("{ORIGIN}{canonical}"));
    assert_eq!(ld["datePublished"], "2018-09-28");
    assert_eq!(ld["publisher"]["name"], "TASS");
    let people = ld["mentions"].as_array().expect("persons");
    assert!(people.iter().all(|p| p["@type"] == "Person"));
    assert!(people.iter().any(|p| p["name"] == "Oleg Khramov"));
    let quotes = ld["hasPart"].as_array().expect("quotations");
    let anchors = page.attrs(".quotes li[id^=s]", "id");
    assert_eq!(quotes.len(), anchors.len());
    for q in quotes {
        assert!(!q["text"].as_str().unwrap().is_empty());
        let anchor = q["url"].as_str().unwrap().rsplit_once('#').unwrap().1;
        assert!(anchors.iter().any(|a| a == anchor), "{anchor}");
        // Reported speech is about its speaker, not a Quotation by them
        // (tests/researcher.rs); every other part is by one of the Persons.
        if q["@type"] == "CreativeWork" && q["genre"] == "reported speech" {
            let about = &q["about"]["@id"];
            assert!(people.iter().any(|p| &p["@id"] == about), "{about}");
            continue;
        }
        assert_eq!(q["@type"], "Quotation");
        let creator = &q["creator"]["@id"];
        assert!(people.iter().any(|p| &p["@id"] == creator), "{creator}");
    }
    assert_eq!(og(&page, "og:type"), vec!["article"]);
    assert_eq!(og(&page, "og:title"), page.texts("h1"));
    assert_eq!(og(&page, "og:url"), vec![format!("{ORIGIN}{canonical}")]);
    assert!(!og(&page, "og:description")[0].is_empty());

    let speaker = get(&app, "/speakers/oleg-khramov").await;
    let ld = json_ld(&speaker);
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["name"], speaker.texts("h1")[0]);
    assert_eq!(ld["url"], format!("{ORIGIN}/speakers/oleg-khramov"));
    assert_eq!(ld["subjectOf"][0]["url"], format!("{ORIGIN}{canonical}"));
    assert_eq!(og(&speaker, "og:type"), vec!["profile"]);
}

#[tokio::test]
async fn json_ld_cannot_be_broken_out_of() {
    let dir = seed_copy();
    let evil = "Norms </script><script>alert(1)</script> & <!-- more";
    std::fs::write(
        dir.path().join("articles/evil.txt"),
        format!(
            "+++\ntitle = \"{evil}\"\ndate = \"2024-01-02\"\nsource = \"</script>\"\n+++\n\
             Delegates met in Geneva to discuss norms of responsible state behaviour.\n"
        ),
    )
    .unwrap();
    let app = app_for(dir.path());
    let canonical = get(&app, "/articles/evil").await.location().to_string();
    let page = get(&app, &canonical).await;
    assert_eq!(page.status, StatusCode::OK);
    // Only the two scripts the template writes: no element was injected.
    let scripts = page.html();
    let sel = scraper::Selector::parse("script").unwrap();
    let kinds: Vec<(Option<&str>, Option<&str>)> = scripts
        .select(&sel)
        .map(|s| (s.value().attr("type"), s.value().attr("src")))
        .collect();
    assert!(
        kinds
            .iter()
            .all(|(t, src)| *t == Some("application/ld+json") || src.is_some()),
        "{kinds:?}"
    );
    // The data survives intact inside the element.
    let ld = json_ld(&page);
    assert_eq!(ld["headline"], evil);
    assert_eq!(ld["publisher"]["name"], "</script>");
    assert!(!page.body.contains("<script>alert(1)"));
}

#[tokio::test]
async fn each_article_can_be_cited_three_ways_and_in_a_line() {
    let app = seed_app();
    let canonical = get(&app, &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();
    let permalink = format!("{ORIGIN}{canonical}");
    let archived = SEEDS.archived();
    let page = get(&app, &canonical).await;
    let line = page.texts(".cite-as").remove(0);
    assert!(line.contains(&permalink), "{line}");
    assert!(line.contains("Russia views OSCE cybersecurity mechanisms as unsatisfactory"));
    assert!(line.contains("TASS, 28 September 2018"));
    assert!(line.contains(&format!("archived {}", archived.format("%-d %B %Y"))));
    let downloads = page.attrs(".cite-downloads a[download]", "href");
    assert_eq!(downloads.len(), 3);

    let bib = get(&app, &downloads[0]).await;
    assert_eq!(bib.status, StatusCode::OK);
    assert!(header(&bib.headers, "content-type").starts_with("application/x-bibtex"));
    assert!(bib.body.starts_with(&format!("@misc{{demarche_{TASS},\n")));
    assert!(bib.body.contains(&format!("url = {{{permalink}}}")));
    assert!(bib.body.contains(&format!("urldate = {{{archived}}}")));
    assert!(bib.body.contains("year = {2018}"));
    let depth = bib.body.chars().try_fold(0i32, |d, c| {
        let d = d + i32::from(c == '{') - i32::from(c == '}');
        (d >= 0).then_some(d)
    });
    assert_eq!(depth, Some(0), "balanced braces");

    let ris = get(&app, &downloads[1]).await;
    assert!(
        header(&ris.headers, "content-type").starts_with("application/x-research-info-systems")
    );
    let lines: Vec<&str> = ris.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "TY  - NEWS");
    assert_eq!(*lines.last().unwrap(), "ER  - ");
    let tagged = |l: &&str| {
        let b = l.as_bytes();
        b.len() >= 6
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_alphanumeric()
            && &b[2..6] == b"  - "
    };
    assert!(lines.iter().all(tagged), "{lines:?}");
    assert!(lines.contains(&format!("UR  - {permalink}").as_str()));
    assert!(lines.contains(&"DA  - 2018/09/28/"));
    assert!(lines.contains(&format!("Y2  - {}", archived.format("%Y/%m/%d/")).as_str()));

    let csl = get(&app, &downloads[2]).await;
    let v: Value = serde_json::from_str(&csl.body).expect("CSL-JSON is JSON");
    let item = &v.as_array().expect("an array")[0];
    assert_eq!(item["type"], "article-newspaper");
    assert_eq!(item["URL"], permalink);
    assert_eq!(item["container-title"], "TASS");
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2018, 9, 28]])
    );
    assert_eq!(
        item["accessed"]["date-parts"][0][0].as_i64(),
        Some(i64::from(chrono::Datelike::year(&archived)))
    );
    assert_eq!(
        get(&app, "/articles/nope/cite.bib").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = seed_app();
    let css = get(&app, "/")
        .await
        .attrs("link[rel=stylesheet]", "href")
        .remove(0);
    for uri in [
        "/",
        "/search?q=cyber",
        &format!("/articles/{TASS}"),
        "/speakers/oleg-khramov",
        "/api/search?q=cyber",
        "/feed.atom",
        "/sitemap.xml",
        "/robots.txt",
        css.as_str(),
        "/nowhere",
        "/search?page=abc",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(header(&r.headers, "content-security-policy"), CSP, "{uri}");
        assert_eq!(
            header(&r.headers, "x-content-type-options"),
            "nosniff",
            "{uri}"
        );
        assert_eq!(
            header(&r.headers, "referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
        assert_eq!(
            header(&r.headers, "cross-origin-opener-policy"),
            "same-origin",
            "{uri}"
        );
        assert!(
            header(&r.headers, "permissions-policy").contains("camera=()"),
            "{uri}"
        );
    }
}

/// Issue #14, "also": answers that are not content say how to cache them.
#[tokio::test]
async fn redirects_and_errors_carry_cache_control() {
    let small = app_with(
        SEEDS.clone(),
        Limits {
            max_uri_bytes: 64,
            max_header_bytes: 256,
            ..Limits::default()
        },
    );
    let cases = [
        (Request::get(format!("/articles/{TASS}")), 301, "no-cache"),
        (Request::get("/favicon.ico"), 308, "no-cache"),
        (Request::get("/search?page=abc"), 400, "no-store"),
        (Request::get("/nowhere"), 404, "no-store"),
        (Request::post("/"), 405, "no-store"),
        (
            Request::get(format!("/search?q={}", "x".repeat(100))),
            414,
            "no-store",
        ),
        (
            Request::get("/").header("x-padding", "p".repeat(300)),
            431,
            "no-store",
        ),
    ];
    for (req, status, cache) in cases {
        let req = req.body(Body::empty()).unwrap();
        let uri = req.uri().to_string();
        let (got, headers, _) = send(&small, req).await;
        assert_eq!(got.as_u16(), status, "{uri:.60}");
        assert_eq!(header(&headers, "cache-control"), cache, "{uri:.60}");
        assert_eq!(
            header(&headers, "x-content-type-options"),
            "nosniff",
            "{uri:.60}"
        );
    }
    // Pages keep their own.
    let (_, headers, _) = send(&small, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(header(&headers, "cache-control"), "no-cache");
}

#[tokio::test]
async fn pages_are_compressed_with_gzip_and_brotli() {
    let app = seed_app();
    let canonical = get(&app, &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();
    let plain = get(&app, &canonical).await;
    assert_eq!(header(&plain.headers, "content-encoding"), "");
    for encoding in ["gzip", "br"] {
        let req = Request::get(&canonical)
            .header("accept-encoding", encoding)
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&app, req).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, "content-encoding"), encoding);
        assert!(header(&headers, "vary").contains("accept-encoding"));
        assert!(
            body.len() * 2 < plain.body.len(),
            "{encoding}: {} vs {}",
            body.len(),
            plain.body.len()
        );
        if encoding == "gzip" {
            assert_eq!(&body[..2], [0x1f, 0x8b], "gzip magic");
        }
    }
}

#[tokio::test]
async fn pages_revalidate_with_an_etag_and_304() {
    let app = seed_app();
    let home = get(&app, "/").await;
    let etag = header(&home.headers, "etag").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(header(&home.headers, "cache-control"), "no-cache");
    // The tag follows the body: the same page twice, another page differs.
    assert_eq!(header(&get(&app, "/").await.headers, "etag"), etag);
    assert_ne!(header(&get(&app, "/speakers").await.headers, "etag"), etag);
    let with = |tag: &str| {
        Request::get("/")
            .header("if-none-match", tag)
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, body) = send(&app, with(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(header(&headers, "etag"), etag);
    assert!(body.is_empty());
    let (status, _, _) = send(&app, with("W/\"0000000000000000\"")).await;
    assert_eq!(status, StatusCode::OK);
    // Fingerprinted static files keep their own long-lived validators.
    let css = home.attrs("link[rel=stylesheet]", "href").remove(0);
    let r = get(&app, &css).await;
    assert!(header(&r.headers, "cache-control").contains("immutable"));
    assert!(!header(&r.headers, "etag").starts_with("W/"));
}

#[tokio::test]
async fn overload_is_refused_with_503_and_retry_after_not_queued() {
    let app = app_with(
        SEEDS.clone(),
        Limits {
            max_concurrent: 1,
            ..Limits::default()
        },
    );
    let req = || Request::get("/healthz").body(Body::empty()).unwrap();
    // The first response holds the only slot until its body is read.
    let first = app.clone().oneshot(req()).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let (status, headers, body) = send(&app, req()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header(&headers, "retry-after"), "1");
    assert!(String::from_utf8_lossy(&body).contains("busy"));
    // Refusals carry the security headers too.
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    let text = first.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&text[..], b"ok 5 articles\n");
    let (status, _, _) = send(&app, req()).await;
    assert_eq!(status, StatusCode::OK, "the slot was given back");
}

#[tokio::test]
async fn overlong_urls_get_414_and_oversized_headers_431() {
    let app = seed_app();
    let long = format!("/search?q={}", "a".repeat(demarche::web::MAX_URI_BYTES));
    let r = get(&app, &long).await;
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
    // Just under the limit still searches.
    let fits = format!(
        "/search?q={}",
        "a".repeat(demarche::web::MAX_URI_BYTES - 20)
    );
    assert_eq!(get(&app, &fits).await.status, StatusCode::OK);

    let small = app_with(
        AppState::clone(&SEEDS),
        Limits {
            max_uri_bytes: 40,
            max_header_bytes: 200,
            ..Limits::default()
        },
    );
    assert_eq!(get(&small, "/search?q=cyber").await.status, StatusCode::OK);
    assert_eq!(
        get(&small, "/search?q=cyber+norms+of+responsible+behaviour")
            .await
            .status,
        StatusCode::URI_TOO_LONG
    );
    let big = Request::get("/")
        .header("x-padding", "p".repeat(300))
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = send(&small, big).await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
}

#[tokio::test]
async fn absolute_urls_follow_the_public_url_or_the_listening_address() {
    let robots = |app: Router, host: Option<&'static str>| async move {
        let mut req = Request::get("/robots.txt");
        if let Some(h) = host {
            req = req.header("host", h);
        }
        let (_, _, body) = send(&app, req.body(Body::empty()).unwrap()).await;
        String::from_utf8(body).unwrap()
    };
    // The request's Host is never used (issue #14 item 7).
    assert!(
        robots(seed_app(), Some("archive.test:8080"))
            .await
            .contains(&format!("Sitemap: {ORIGIN}/sitemap.xml"))
    );
    let listening = demarche::web::app(
        SEEDS
            .clone()
            .with_listener("127.0.0.1:3456".parse().unwrap()),
    );
    assert!(
        robots(listening, Some("archive.test"))
            .await
            .contains("Sitemap: http://127.0.0.1:3456/sitemap.xml")
    );
    let public = demarche::web::app(
        SEEDS
            .clone()
            .with_public_url("https://archive.example.org/"),
    );
    assert!(
        robots(public.clone(), Some("archive.test"))
            .await
            .contains("Sitemap: https://archive.example.org/sitemap.xml")
    );
    let sitemap = get(&public, "/sitemap.xml").await;
    let doc = roxmltree::Document::parse(&sitemap.body).unwrap();
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name((SITEMAP, "loc")))
            .all(|n| n
                .text()
                .unwrap_or("")
                .starts_with("https://archive.example.org/"))
    );
}

/// Issue #14 item 7: a forged `Host` (or absolute request target) appears
/// in no response: not in a body, not in a header, on any route that
/// builds absolute URLs or redirects.
#[tokio::test]
async fn a_forged_host_appears_in_no_response() {
    let app = seed_app();
    let canonical = get(&app, &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();
    let mut uris: Vec<String> = [
        "/",
        "/opensearch.xml",
        "/feed.atom",
        "/feed.atom?q=cyber",
        "/sitemap.xml",
        "/robots.txt",
        "/search?q=cyber",
        "/search?q=cyber&view=statements",
        "/statements",
        "/api/search?q=cyber",
        "/search.csv?q=cyber",
        "/speakers",
        "/forums",
        "/favicon.ico",
        "/no-such-page",
    ]
    .map(String::from)
    .to_vec();
    for tail in [
        "",
        "/",
        ".txt",
        "/cite.ris",
        "/cite.bib",
        "/cite.json",
        "/old-slug",
    ] {
        uris.push(format!("/articles/{TASS}{tail}"));
    }
    uris.push(format!("/api/articles/{TASS}"));
    uris.push(canonical.clone());
    let page = get(&app, &canonical).await;
    for sel in ["a[href^='/speakers/']", "a[href^='/forums/']"] {
        uris.extend(page.attrs(sel, "href").into_iter().take(2));
    }
    for uri in &uris {
        for (host, target) in [
            ("evil.example", uri.clone()),
            ("evil.example:8080", uri.clone()),
            ("evil.example", format!("http://evil.example{uri}")),
        ] {
            let req = Request::get(target.as_str())
                .header("host", host)
                .body(Body::empty())
                .unwrap();
            let (status, headers, body) = send(&app, req).await;
            assert!(status.as_u16() < 500, "{target}: {status}");
            let body = String::from_utf8_lossy(&body);
            assert!(!body.contains("evil"), "{target}: body {body}");
            for (name, value) in &headers {
                assert!(
                    !String::from_utf8_lossy(value.as_bytes()).contains("evil"),
                    "{target}: header {name}"
                );
            }
        }
    }
}

#[tokio::test]
async fn data_may_be_read_by_scripts_on_other_sites_pages_may_not() {
    let app = seed_app();
    for uri in [
        "/api/search?q=cyber",
        &format!("/api/articles/{TASS}"),
        "/feed.atom",
        "/search.csv",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(
            header(&r.headers, "access-control-allow-origin"),
            "*",
            "{uri}"
        );
    }
    for uri in ["/", "/search?q=cyber"] {
        let r = get(&app, uri).await;
        assert!(
            !r.headers.contains_key("access-control-allow-origin"),
            "{uri}"
        );
    }
}
