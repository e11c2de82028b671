//! Issue #15 Parts 2 and 3, and issue #11 §4 (quotes shown as quotes): what a
//! researcher sees must say the right thing, in every format. Each test
//! writes its own documents into a temporary data folder and goes through
//! the real extractor, index and router.

use axum::Router;
use axum::http::StatusCode;
use serde_json::Value;

use crate::support::*;

/// One direct quote (Lindqvist) and one reported sentence (Alvarez).
const MODES: &str = "Geneva talks on cyber norms end without agreement\n\n\
    GENEVA, 12 March 2024 (Demarche Wire) -- Talks on responsible state behaviour in \
    cyberspace ended on Tuesday without a final text.\n\n\
    \"We will not accept binding rules that tie our hands,\" said Anna Lindqvist, the \
    Swedish ambassador for cyber affairs.\n\n\
    Pedro Alvarez, the Chilean delegate, said that his country wanted a permanent forum \
    with a clear mandate on capacity building.\n";

const QUOTE: &str = "We will not accept binding rules that tie our hands";

fn folder(docs: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (id, text) in docs {
        std::fs::write(dir.path().join(format!("{id}.txt")), text).expect("write");
    }
    dir
}

fn json(r: &Reply) -> Value {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

fn csv_rows(r: &Reply) -> Vec<std::collections::HashMap<String, String>> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut reader = csv::Reader::from_reader(r.body.as_bytes());
    let head: Vec<String> = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|row| {
            let row = row.expect("row");
            head.iter()
                .cloned()
                .zip(row.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

async fn canonical(app: &Router, id: &str) -> String {
    get(app, &format!("/articles/{id}"))
        .await
        .location()
        .to_string()
}

fn has_quote_marks(s: &str) -> bool {
    s.contains(['“', '”', '"'])
}

#[tokio::test]
async fn reported_speech_is_never_shown_as_a_quotation() {
    let dir = folder(&[("modes", MODES)]);
    let app = app_for(dir.path());

    // The article page: the quote in a blockquote, the reported sentence
    // labelled as reported, outside any blockquote or quotation marks.
    let page = get(&app, &canonical(&app, "modes").await).await;
    assert_eq!(page.status, StatusCode::OK);
    let quoted = page.texts(".quotes li.quote blockquote");
    assert_eq!(quoted, [QUOTE]);
    assert!(page.texts(".quotes li.reported blockquote").is_empty());
    let reported = page.texts(".quotes li.reported p.unquoted");
    assert_eq!(reported.len(), 1);
    assert!(reported[0].contains("Reported speech"), "{reported:?}");
    assert!(reported[0].contains("permanent forum"));
    assert!(!has_quote_marks(&reported[0]), "{reported:?}");

    // The speaker pages.
    let alvarez = get(&app, "/speakers/pedro-alvarez").await;
    assert!(alvarez.texts(".quotes blockquote").is_empty());
    let r = alvarez.texts(".quotes li.reported p.unquoted");
    assert_eq!(r.len(), 1);
    assert!(r[0].starts_with("Reported speech") && !has_quote_marks(&r[0]));
    let lindqvist = get(&app, "/speakers/anna-lindqvist").await;
    assert_eq!(lindqvist.texts(".quotes li.quote blockquote"), [QUOTE]);

    // The statement a search matched, in the articles view.
    let hit = get(&app, "/search?q=binding").await;
    let m = hit.texts(".statement-match");
    assert_eq!(m.len(), 1, "{}", hit.body);
    assert!(m[0].contains(&format!("“{QUOTE}”")), "{m:?}");
    let hit = get(&app, "/search?q=mandate").await;
    let m = hit.texts(".statement-match.reported");
    assert_eq!(m.len(), 1, "{}", hit.body);
    assert!(
        m[0].starts_with("Reported, according to Pedro Alvarez"),
        "{m:?}"
    );
    assert!(!has_quote_marks(&m[0]), "{m:?}");

    // The statements view: one blockquote, one reported item.
    let view = get(&app, "/statements").await;
    assert_eq!(view.texts("li.statement-hit blockquote"), [QUOTE]);
    let r = view.texts("li.statement-hit p.unquoted");
    assert_eq!(r.len(), 1);
    assert!(
        r[0].starts_with("Reported, according to Pedro Alvarez"),
        "{r:?}"
    );
    assert!(!has_quote_marks(&r[0]), "{r:?}");

    // /api/search, both views: a `mode` on each statement.
    let api = json(&get(&app, "/api/search?view=statements").await);
    let mut modes: Vec<(String, String)> = api["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|h| {
            let s = &h["statement"];
            (
                s["speaker"].as_str().unwrap().to_string(),
                s["mode"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    modes.sort();
    assert_eq!(
        modes,
        [
            ("Anna Lindqvist".to_string(), "quote".to_string()),
            ("Pedro Alvarez".to_string(), "reported".to_string())
        ]
    );
    let api = json(&get(&app, "/api/search?q=mandate").await);
    assert_eq!(api["results"][0]["statement"]["mode"], "reported");

    // /api/articles: the model's statements carry their mode.
    let art = json(&get(&app, "/api/articles/modes").await);
    let modes: Vec<&str> = art["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["mode"].as_str().unwrap())
        .collect();
    assert_eq!(modes, ["quote", "reported"]);

    // The CSV: a `mode` column.
    let rows = csv_rows(&get(&app, "/search.csv?view=statements&sort=oldest").await);
    let mut modes: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["statement_speaker"].as_str(), r["mode"].as_str()))
        .collect();
    modes.sort();
    assert_eq!(
        modes,
        [("Anna Lindqvist", "quote"), ("Pedro Alvarez", "reported")]
    );
    let rows = csv_rows(&get(&app, "/search.csv?q=binding").await);
    assert_eq!(rows[0]["mode"], "quote");

    // JSON-LD: a Quotation only for the direct quote.
    let ld: Value = serde_json::from_str(
        &page
            .html()
            .select(&scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
            .next()
            .expect("JSON-LD")
            .text()
            .collect::<String>(),
    )
    .expect("JSON-LD parses");
    let parts = ld["hasPart"].as_array().expect("parts");
    let quotations: Vec<&str> = parts
        .iter()
        .filter(|p| p["@type"] == "Quotation")
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(quotations, [QUOTE]);
    let reported: Vec<&Value> = parts.iter().filter(|p| p["@type"] != "Quotation").collect();
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0]["genre"], "reported speech");
    assert!(
        reported[0].get("creator").is_none(),
        "the reporter wrote it"
    );
}

/// Every statement of `/api/search?{query}`, page after page.
async fn api_statements(app: &Router, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let v = json(&get(app, &format!("/api/search?{query}&page={page}")).await);
        out.extend(v["results"].as_array().expect("results").iter().cloned());
        if page >= v["pages"].as_u64().unwrap() as usize {
            return out;
        }
        page += 1;
    }
}

#[tokio::test]
async fn the_statements_csv_lists_the_statements_api_search_lists() {
    let app = seed_app();
    for query in [
        "view=statements&forum=osce",
        "view=statements&q=security",
        "view=statements&sort=oldest",
    ] {
        let rows = csv_rows(&get(&app, &format!("/search.csv?{query}")).await);
        let api = api_statements(&app, query).await;
        assert_eq!(rows.len(), api.len(), "{query}");
        assert!(rows.len() > 1, "{query}: a real test needs several rows");
        for (row, hit) in rows.iter().zip(&api) {
            let s = &hit["statement"];
            assert_eq!(row["id"], hit["id"].as_str().unwrap(), "{query}");
            assert_eq!(row["statement_n"], s["n"].to_string(), "{query}");
            assert_eq!(row["url"], s["url"].as_str().unwrap(), "{query}");
            assert!(row["url"].contains("#s"), "{query}: {row:?}");
            assert_eq!(row["statement_url"], row["url"]);
            assert_eq!(row["speakers"], s["speaker"].as_str().unwrap());
            assert_eq!(row["statement_speaker"], s["speaker"].as_str().unwrap());
            assert_eq!(row["mode"], s["mode"].as_str().unwrap());
            // One line per row: the text's line breaks become spaces.
            let text = s["text"].as_str().unwrap().split_whitespace();
            assert_eq!(row["statement"], text.collect::<Vec<_>>().join(" "));
            assert_eq!(row["title"], hit["title"].as_str().unwrap());
        }
        let mut urls: Vec<&str> = rows.iter().map(|r| r["url"].as_str()).collect();
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(urls.len(), rows.len(), "{query}: no copies");
    }
}

/// Two dated documents (one to the day, one to the month), one to the year
/// and one undated, all about capacity building.
fn dated_folder() -> tempfile::TempDir {
    folder(&[
        (
            "day",
            "Capacity building talks open in Vienna\n\nVIENNA, 10 December 2022 -- Delegates \
             opened talks on capacity building in cyberspace.\n",
        ),
        (
            "month",
            "---\ndate: 2022-12\n---\nCapacity building talks close\n\nDelegates closed \
             their talks on capacity building.\n",
        ),
        (
            "year",
            "---\ndate: \"2021\"\n---\nCapacity building review\n\nA review of capacity \
             building in cyberspace.\n",
        ),
        (
            "undated",
            "Notes on capacity building in cyberspace\n\nDelegates met to discuss capacity \
             building and the protection of critical infrastructure.\n\n\
             \"Capacity building must come first,\" said Maria Santos, the Brazilian delegate.\n",
        ),
    ])
}

fn result_ids(r: &Reply) -> Vec<String> {
    let mut ids: Vec<String> = r
        .attrs("ol.results h3 a", "href")
        .iter()
        .map(|h| h.split('/').nth(2).unwrap_or_default().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn undated_documents_have_a_year_value_and_say_date_unknown() {
    let dir = dated_folder();
    let app = app_for(dir.path());

    // The year facet covers every document: `undated` is a value, last.
    let api = json(&get(&app, "/api/search").await);
    let years: Vec<(&str, u64)> = api["facets"]["year"]
        .as_array()
        .expect("year facet")
        .iter()
        .map(|v| (v["value"].as_str().unwrap(), v["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(years, [("2022", 2), ("2021", 1), ("undated", 1)]);
    let page = get(&app, "/search").await;
    let facet = page.texts("#facet-year li a");
    assert_eq!(
        facet.last().map(String::as_str),
        Some("undated"),
        "{facet:?}"
    );

    // The filter: alone, and with years (OR within the facet).
    let undated = get(&app, "/search?year=undated").await;
    assert_eq!(result_ids(&undated), ["undated"]);
    assert_eq!(undated.texts(".filters li"), ["Date unknown ✕"]);
    let both = get(&app, "/search?year=2021&year=undated").await;
    assert_eq!(result_ids(&both), ["undated", "year"]);
    let facet_link = page.attrs("#facet-year li a", "href");
    assert_eq!(facet_link.last().unwrap(), "/search?year=undated");
    // "Until 2021" is dated until 2021: undated is not before every year.
    let until = get(&app, "/search?q=year:..2021").await;
    assert_eq!(result_ids(&until), ["year"]);
    assert_eq!(
        json(&get(&app, "/api/search?year=undated").await)["total"],
        1
    );
    assert_eq!(
        get(&app, "/search?year=undatable").await.status,
        StatusCode::BAD_REQUEST
    );

    // "date unknown" on the card, the article page, the statement in the
    // statements view and on the speaker page.
    let card = undated.texts("ol.results .card .meta");
    assert!(card[0].starts_with("date unknown"), "{card:?}");
    let article = get(&app, &canonical(&app, "undated").await).await;
    assert!(
        article.texts("dl.facts dd")[0].contains("date unknown"),
        "{:?}",
        article.texts("dl.facts dd")
    );
    let st = get(&app, "/statements?year=undated").await;
    assert!(st.texts("li.statement-hit .meta")[0].contains("date unknown"));
    let speaker = get(&app, "/speakers/maria-santos").await;
    assert!(speaker.texts(".quotes .meta")[0].contains("date unknown"));

    // Month and year precision shown as such, never as a day.
    let month = get(&app, &canonical(&app, "month").await).await;
    let date = &month.texts("dl.facts dd")[0];
    assert!(date.starts_with("December 2022"), "{date}");
    assert!(date.contains("day not stated"), "{date}");
    assert_eq!(month.attrs("dl.facts time", "datetime"), ["2022-12"]);
    let year = get(&app, &canonical(&app, "year").await).await;
    assert!(year.texts("dl.facts dd")[0].starts_with("2021 "));
    let cards = get(&app, "/search?year=2022&sort=newest").await;
    let dates = cards.texts("ol.results .card time");
    assert!(dates.contains(&"December 2022".to_string()), "{dates:?}");
    assert!(dates.contains(&"10 December 2022".to_string()), "{dates:?}");
}

#[tokio::test]
async fn a_search_links_its_exports_on_the_page() {
    let app = seed_app();
    let page = get(&app, "/search?q=security&sort=oldest").await;
    let links = page.attrs("p.formats a", "href");
    assert_eq!(page.texts("p.formats a"), ["CSV", "Atom", "JSON"]);
    for (href, kind) in links
        .iter()
        .zip(["text/csv", "application/atom+xml", "application/json"])
    {
        // The same URLs the <head> advertises.
        let head = page.attrs(&format!(r#"link[rel=alternate][type="{kind}"]"#), "href");
        assert_eq!(head, std::slice::from_ref(href), "{kind}");
        let r = get(&app, href).await;
        assert_eq!(r.status, StatusCode::OK, "{href}");
        let ct = r.headers["content-type"].to_str().unwrap();
        assert!(ct.starts_with(kind), "{href}: {ct}");
    }
    // Articles show their citation formats on the page.
    let article = get(&app, &canonical(&app, TASS).await).await;
    let cites = article.texts(".cite-downloads a");
    assert!(cites.len() >= 3, "{cites:?}");
}

#[tokio::test]
async fn labels_say_what_the_page_does() {
    let app = seed_app();
    // No words: no "best match"; the order shown is the order used.
    let browse = get(&app, "/search").await;
    assert_eq!(
        browse.texts("#refine-sort option[selected]"),
        ["Newest first"]
    );
    assert!(!browse.body.contains("Best match"));
    let words = get(&app, "/search?q=security").await;
    assert_eq!(words.texts("#refine-sort option[selected]"), ["Best match"]);

    // The index counts articles, and says so.
    let speakers = get(&app, "/speakers").await;
    let sortby = speakers.texts(".sortby")[0].clone();
    assert!(sortby.contains("in most articles"), "{sortby}");
    assert!(!speakers.body.contains("most quoted"));

    // Past the last page: a message and a way back, not "N results" over
    // nothing.
    let total = json(&get(&app, "/api/search?q=security").await)["total"]
        .as_u64()
        .unwrap();
    assert!(total > 0 && total < 20);
    let past = get(&app, "/search?q=security&page=2").await;
    assert_eq!(past.status, StatusCode::OK);
    let note = past.texts(".past-end");
    assert_eq!(note.len(), 1, "{}", past.body);
    assert!(note[0].contains("Page 2 is past the end"), "{note:?}");
    assert_eq!(past.attrs(".past-end a", "href"), ["/search?q=security"]);

    // An unbalanced quote is searched as a phrase, and the page says so.
    let open = get(&app, "/search?q=%22binding+agreements").await;
    let notes = open.texts("p.note");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("not closed") && n.contains("“binding agreements”")),
        "{notes:?}"
    );

    // A misspelt speaker: the page says whom it read.
    let kramov = get(&app, "/search?q=speaker:Kramov").await;
    let understood = kramov.texts(".understood")[0].clone();
    assert!(understood.contains("read as Oleg Khramov"), "{understood}");
    let exact = get(&app, "/search?q=speaker:Khramov").await;
    assert!(!exact.texts(".understood")[0].contains("read as"));
}

#[tokio::test]
async fn the_search_page_has_one_search_box() {
    let app = seed_app();
    for uri in ["/search?q=security", "/statements?q=security", "/search"] {
        let page = get(&app, uri).await;
        assert_eq!(
            page.attrs("input[type=search]", "name"),
            ["q"],
            "{uri}: one box"
        );
        assert_eq!(page.attrs("[role=search]", "action"), ["/search"]);
    }
    // Other pages keep the header box.
    let home = get(&app, "/").await;
    assert!(!home.attrs("#site-q", "name").is_empty());
}

#[tokio::test]
async fn citations_of_undated_articles_read_right_and_name_things_once() {
    let dir = dated_folder();
    let app = app_for(dir.path());
    let page = get(&app, &canonical(&app, "undated").await).await;
    let line = page.texts(".cite-as")[0].clone();
    assert!(line.contains("n.d. Demarche archive"), "{line}");
    assert!(!line.contains(".."), "{line}");

    // CSL: the URL once (no archive_location repeating it).
    let csl = json(&get(&app, "/articles/day/cite.json").await);
    let item = &csl[0];
    assert!(item["URL"].is_string());
    let urls = item
        .as_object()
        .unwrap()
        .values()
        .filter(|v| *v == &item["URL"])
        .count();
    assert_eq!(urls, 1, "{item}");

    // BibTeX: the outlet once.
    let bib = get(&app, "/articles/day/cite.bib").await.body;
    let wire = bib.lines().filter(|l| l.contains("Demarche Wire")).count();
    assert!(wire <= 1, "{bib}");
    assert!(!bib.contains("organization"), "{bib}");

    // Atom: no undated entry (it would get the build date and sort first);
    // every entry has its own publication date.
    let feed = get(&app, "/feed.atom").await;
    let doc = roxmltree::Document::parse(&feed.body).expect("Atom parses");
    let ns = "http://www.w3.org/2005/Atom";
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "entry")))
        .collect();
    assert_eq!(entries.len(), 3, "{}", feed.body);
    for e in &entries {
        let id = e
            .children()
            .find(|n| n.has_tag_name((ns, "id")))
            .and_then(|n| n.text())
            .unwrap();
        assert!(!id.contains("/articles/undated/"), "{id}");
        let published = e.children().find(|n| n.has_tag_name((ns, "published")));
        assert!(published.is_some(), "{id}");
    }
}

#[tokio::test]
async fn forums_are_shown_by_their_full_names() {
    let app = seed_app();
    let osce = get(&app, "/forums/osce").await;
    assert_eq!(osce.status, StatusCode::OK);
    assert_eq!(
        osce.texts("h1"),
        ["Organization for Security and Co-operation in Europe"]
    );
    assert_eq!(osce.texts(".acronym abbr"), ["OSCE"]);
    let aliases = osce.texts(".aliases")[0].clone();
    assert!(aliases.contains("Organisation for Security"), "{aliases}");
    assert!(!aliases.contains("Organization for Security and Co-operation in Europe;"));

    let index = get(&app, "/forums").await;
    let sel = scraper::Selector::parse("ul.linklist li").unwrap();
    let small = scraper::Selector::parse("small").unwrap();
    let a = scraper::Selector::parse("a").unwrap();
    let html = index.html();
    let row = html
        .select(&sel)
        .find(|li| {
            li.select(&a)
                .any(|x| x.text().collect::<String>() == "OSCE")
        })
        .expect("OSCE row");
    let note: String = row.select(&small).flat_map(|s| s.text()).collect();
    assert_eq!(note, "Organization for Security and Co-operation in Europe");
    // A forum named in full keeps its name and shows its acronym.
    let oewg = get(&app, "/forums/open-ended-working-group").await;
    assert_eq!(oewg.texts("h1"), ["Open-ended Working Group"]);
    assert_eq!(oewg.texts(".acronym abbr"), ["OEWG"]);
}

#[tokio::test]
async fn every_page_kind_has_an_absolute_canonical_and_a_description() {
    let public = "https://archive.example.org";
    let state = demarche::web::AppState::new(
        demarche::Archive::load(&demarche::ArchiveOptions::new(repo_path("data")))
            .expect("seed archive loads"),
    )
    .with_public_url(public);
    let app = demarche::web::app(state);
    let article = canonical(&app, TASS).await;
    for uri in [
        "/",
        "/search?q=cyber",
        "/statements?q=cyber",
        "/speakers",
        "/forums?sort=name",
        "/forums/osce",
        "/speakers/oleg-khramov",
        article.as_str(),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let canonical = r.attrs("link[rel=canonical]", "href");
        assert_eq!(canonical.len(), 1, "{uri}");
        assert!(
            canonical[0].starts_with(public)
                && (uri.starts_with("/statements")
                    || canonical[0].contains(uri.split('?').next().unwrap())),
            "{uri}: {canonical:?}"
        );
        let description = r.attrs(r#"meta[name="description"]"#, "content");
        assert_eq!(description.len(), 1, "{uri}");
        assert!(description[0].len() > 30, "{uri}: {description:?}");
    }
    let r = get(&app, "/statements?q=cyber").await;
    assert_eq!(
        r.attrs("link[rel=canonical]", "href"),
        [format!("{public}/search?q=cyber&view=statements")]
    );
}

#[test]
fn a_clone_tells_a_newcomer_what_to_expect() {
    let cargo: toml::Table = std::fs::read_to_string(repo_path("Cargo.toml"))
        .unwrap()
        .parse()
        .expect("Cargo.toml parses");
    let rust = cargo["package"]["rust-version"]
        .as_str()
        .expect("rust-version");
    let minor: u32 = rust.split('.').nth(1).unwrap().parse().unwrap();
    assert!(minor >= 85, "edition 2024 needs 1.85+: {rust}");
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    // A clone has no ../shared.
    assert!(!readme.contains("../shared/DESIGN.md"));
    assert!(readme.contains("**five** seed"));
    assert!(readme.contains("several minutes"));
    let seeds = std::fs::read_dir(repo_path("data/articles"))
        .unwrap()
        .count();
    assert_eq!(seeds, 5, "the README says five");
}

fn link_header(r: &Reply) -> Vec<String> {
    r.headers
        .get_all("link")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// Relative site paths of absolute URLs on the test origin.
fn path_of(url: &str) -> String {
    url.strip_prefix("http://localhost")
        .unwrap_or(url)
        .to_string()
}

fn card_ids(r: &Reply, selector: &str) -> Vec<String> {
    r.attrs(selector, "href")
        .iter()
        .map(|h| h.split('/').nth(2).unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn speaker_and_forum_pages_have_json_faces_of_the_same_data() {
    let app = seed_app();
    for slug in ["oleg-khramov", "yakovenko", "gennady-kuzmin"] {
        let html = get(&app, &format!("/speakers/{slug}")).await;
        let r = get(&app, &format!("/speakers/{slug}.json")).await;
        let v = json(&r);
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        assert_eq!(v["name"], html.texts("h1")[0].as_str());
        assert_eq!(v["url"], format!("http://localhost/speakers/{slug}"));
        // Same statements, same order, same modes.
        let statements = v["statements"].as_array().unwrap();
        let hrefs: Vec<String> = statements
            .iter()
            .map(|s| path_of(s["url"].as_str().unwrap()))
            .collect();
        assert_eq!(hrefs, html.attrs(".quotes li .meta a", "href"), "{slug}");
        let modes: Vec<String> = statements
            .iter()
            .map(|s| s["mode"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(modes, html.attrs(".quotes li", "class"), "{slug}");
        // Same articles, same order.
        let ids: Vec<String> = v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, card_ids(&html, "article.card h3 a"), "{slug}");
        let forums: Vec<&str> = v["forums"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(forums, html.texts("#fo-h + ul li a"), "{slug}");
        // Each face names the other.
        for (ending, mime) in [
            ("json", "application/json"),
            ("csv", "text/csv"),
            ("atom", "application/atom+xml"),
        ] {
            let want = format!(r#"</speakers/{slug}.{ending}>; rel="alternate"; type="{mime}""#);
            assert!(link_header(&html).contains(&want), "{want}");
        }
        assert_eq!(
            html.attrs(r#"link[rel=alternate][type="application/json"]"#, "href"),
            [format!("/speakers/{slug}.json")]
        );
        assert_eq!(
            link_header(&r),
            [format!(
                r#"</speakers/{slug}>; rel="alternate"; type="text/html""#
            )]
        );
    }
    for slug in ["osce", "open-ended-working-group", "un-general-assembly"] {
        let html = get(&app, &format!("/forums/{slug}")).await;
        let v = json(&get(&app, &format!("/forums/{slug}.json")).await);
        assert_eq!(v["slug"], slug);
        let ids: Vec<String> = v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, card_ids(&html, "article.card h3 a"), "{slug}");
        let speakers: Vec<(String, u64)> = v["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["count"].as_u64().unwrap(),
                )
            })
            .collect();
        let shown: Vec<(String, u64)> = html
            .texts("#sp-h + ul li a")
            .into_iter()
            .zip(html.texts("#sp-h + ul li .count"))
            .map(|(n, c)| (n, c.parse().unwrap()))
            .collect();
        assert_eq!(speakers, shown, "{slug}");
        let dated: u64 = v["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y[1].as_u64().unwrap())
            .sum();
        assert_eq!(dated + v["undated"].as_u64().unwrap(), ids.len() as u64);
        assert!(
            link_header(&html)
                .iter()
                .any(|l| l.starts_with(&format!("</forums/{slug}.json>")))
        );
    }
    assert_eq!(
        get(&app, "/speakers/nobody.json").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/forums/nowhere.json").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pages_advertise_their_other_faces_in_link_headers() {
    let app = seed_app();
    let search = get(&app, "/search?q=security").await;
    let links = link_header(&search);
    for (href, mime) in [
        ("/api/search?q=security", "application/json"),
        ("/search.csv?q=security", "text/csv"),
        ("/feed.atom?q=security", "application/atom+xml"),
    ] {
        let want = format!(r#"<{href}>; rel="alternate"; type="{mime}""#);
        assert!(links.contains(&want), "{want} in {links:?}");
        assert_eq!(get(&app, href).await.status, StatusCode::OK);
    }
    let article = get(&app, &canonical(&app, TASS).await).await;
    let links = link_header(&article);
    assert_eq!(links.len(), 5, "{links:?}");
    for l in &links {
        let href = l.trim_start_matches('<').split('>').next().unwrap();
        assert_eq!(get(&app, href).await.status, StatusCode::OK, "{href}");
    }
}

#[tokio::test]
async fn articles_carry_citation_meta_tags() {
    let app = seed_app();
    let meta = |r: &Reply, name: &str| r.attrs(&format!(r#"meta[name="{name}"]"#), "content");
    let tass = get(&app, &canonical(&app, TASS).await).await;
    assert_eq!(meta(&tass, "citation_title"), tass.texts("h1"));
    assert_eq!(meta(&tass, "citation_publication_date"), ["2018/09/28"]);
    assert_eq!(meta(&tass, "citation_publisher"), ["TASS"]);
    assert_eq!(
        meta(&tass, "citation_public_url"),
        [format!("http://localhost{}", canonical(&app, TASS).await)]
    );
    // News is cited by its outlet: no author.
    assert!(meta(&tass, "citation_author").is_empty());
    // An op-ed is its author's.
    let oped = get(&app, &canonical(&app, "002_e0fd88e9bb503967").await).await;
    assert_eq!(meta(&oped, "citation_author"), ["Yakovenko"]);
    // The same authors as the BibTeX.
    let bib = get(&app, "/articles/002_e0fd88e9bb503967/cite.bib")
        .await
        .body;
    assert!(bib.contains("author = {{Yakovenko}}"), "{bib}");
}

#[tokio::test]
async fn the_statements_view_has_the_article_views_facets() {
    let app = seed_app();
    let statements = get(&app, "/statements?q=security").await;
    let articles = get(&app, "/search?q=security").await;
    assert_eq!(
        statements.attrs("aside.facets section", "id"),
        articles.attrs("aside.facets section", "id")
    );
    assert!(!statements.attrs("aside.facets section", "id").is_empty());
    assert_eq!(
        statements.texts("aside.facets li"),
        articles.texts("aside.facets li")
    );
    assert_eq!(statements.texts(".facet-note"), ["Counts are of articles."]);
    // The links refine the statement view.
    let links = statements.attrs("#facet-speaker li a", "href");
    assert!(!links.is_empty());
    for href in &links {
        assert!(href.contains("view=statements"), "{href}");
    }
    let narrowed = get(&app, &links[0]).await;
    let speaker = statements.texts("#facet-speaker li a")[0].clone();
    // Each hit names its speaker.
    let by = narrowed.texts(r#"li.statement-hit p.meta a[href^="/speakers/"]"#);
    assert!(!by.is_empty());
    assert!(by.iter().all(|s| *s == speaker), "{speaker}: {by:?}");
}

#[tokio::test]
async fn speaker_and_forum_pages_as_csv_atom_and_by_accept() {
    let app = seed_app();
    // The speaker's statements as CSV: the JSON's, row for row.
    let v = json(&get(&app, "/speakers/oleg-khramov.json").await);
    let rows = csv_rows(&get(&app, "/speakers/oleg-khramov.csv").await);
    let statements = v["statements"].as_array().unwrap();
    assert_eq!(rows.len(), statements.len());
    assert!(!rows.is_empty());
    for (row, st) in rows.iter().zip(statements) {
        assert_eq!(row["url"], st["url"].as_str().unwrap());
        assert_eq!(row["mode"], st["mode"].as_str().unwrap());
        assert_eq!(row["n"], st["n"].to_string());
        assert_eq!(row["id"], st["article"]["id"].as_str().unwrap());
    }
    // The forum's articles as CSV: the JSON's, in order.
    let v = json(&get(&app, "/forums/un-general-assembly.json").await);
    let rows = csv_rows(&get(&app, "/forums/un-general-assembly.csv").await);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    let want: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, want);
    // Atom: the feed of the search that filters on the page.
    for (uri, feed) in [
        (
            "/speakers/oleg-khramov.atom",
            "/feed.atom?speaker=oleg-khramov",
        ),
        ("/forums/osce.atom", "/feed.atom?forum=osce"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(r.location(), feed);
        let atom = get(&app, feed).await;
        assert!(roxmltree::Document::parse(&atom.body).is_ok());
    }
    // Accept: application/json on the bare path answers JSON; a browser's
    // Accept gets HTML; both say they vary by it.
    for uri in ["/speakers/oleg-khramov", "/forums/osce"] {
        let ask = |accept: &'static str| {
            let app = app.clone();
            async move {
                use tower::ServiceExt;
                let req = axum::http::Request::get(uri)
                    .header("accept", accept)
                    .body(axum::body::Body::empty())
                    .unwrap();
                let res = app.oneshot(req).await.unwrap();
                let ct = res.headers()["content-type"].to_str().unwrap().to_string();
                let vary = res.headers()["vary"].to_str().unwrap().to_string();
                (ct, vary)
            }
        };
        let (ct, vary) = ask("application/json").await;
        assert!(ct.starts_with("application/json"), "{uri}: {ct}");
        assert!(vary.to_lowercase().contains("accept"), "{uri}: {vary}");
        let (ct, vary) = ask("text/html,application/xhtml+xml,*/*;q=0.8").await;
        assert!(ct.starts_with("text/html"), "{uri}: {ct}");
        assert!(vary.to_lowercase().contains("accept"), "{uri}: {vary}");
    }
}

#[tokio::test]
async fn an_article_has_its_faces_at_its_id_with_an_ending() {
    let app = seed_app();
    for (face, same_as, mime) in [
        (".json", format!("/api/articles/{TASS}"), "application/json"),
        (
            ".bib",
            format!("/articles/{TASS}/cite.bib"),
            "application/x-bibtex",
        ),
        (
            ".ris",
            format!("/articles/{TASS}/cite.ris"),
            "application/x-research-info-systems",
        ),
        (
            ".csl.json",
            format!("/articles/{TASS}/cite.json"),
            "application/vnd.citationstyles.csl+json",
        ),
    ] {
        let r = get(&app, &format!("/articles/{TASS}{face}")).await;
        assert_eq!(r.status, StatusCode::OK, "{face}");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with(mime),
            "{face}"
        );
        assert_eq!(r.body, get(&app, &same_as).await.body, "{face}");
    }
    let txt = get(&app, &format!("/articles/{TASS}.txt")).await;
    assert_eq!(txt.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/articles/no-such-article.json").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("/articles/{TASS}")).await.status,
        StatusCode::MOVED_PERMANENTLY
    );
}

#[tokio::test]
async fn a_search_has_its_faces_at_its_path_with_an_ending() {
    let app = seed_app();
    for q in ["q=security", "view=statements&forum=osce"] {
        let json = get(&app, &format!("/search.json?{q}")).await;
        assert_eq!(json.status, StatusCode::OK);
        assert_eq!(json.body, get(&app, &format!("/api/search?{q}")).await.body);
        let atom = get(&app, &format!("/search.atom?{q}")).await;
        assert_eq!(atom.status, StatusCode::OK);
        assert_eq!(atom.body, get(&app, &format!("/feed.atom?{q}")).await.body);
    }
}
