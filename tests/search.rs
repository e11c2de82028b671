//! Search that researchers trust (issue #4): facets, query syntax,
//! forgiving matching, statement view, speaker and forum pages — over HTTP
//! through the real router and a real index.

use axum::http::StatusCode;

use crate::support::*;

fn ids(r: &Reply) -> Vec<String> {
    let mut v: Vec<String> = r
        .attrs("ol.results h3 a", "href")
        .iter()
        .map(|h| {
            h["/articles/".len()..]
                .split('/')
                .next()
                .unwrap_or("")
                .chars()
                .take(3)
                .collect()
        })
        .collect();
    v.sort();
    v
}

fn total(r: &Reply) -> usize {
    r.texts(".total")[0]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn field_syntax_narrows_like_filters() {
    let app = seed_app();
    let r = get(&app, "/search?q=speaker:Khramov").await;
    assert_eq!(ids(&r), vec!["004"]);
    assert!(r.texts(".understood")[0].contains("Khramov"));
    // Acronyms and aliases name the same forum.
    for q in [
        "forum:OEWG",
        "forum:%22Open-ended+Working+Group%22",
        "forum:oewg",
    ] {
        assert_eq!(
            ids(&get(&app, &format!("/search?q={q}")).await),
            vec!["000", "001"],
            "{q}"
        );
    }
    assert_eq!(ids(&get(&app, "/search?q=year:2019").await), vec!["003"]);
    assert_eq!(
        ids(&get(&app, "/search?q=year:2018..2019").await),
        vec!["003", "004"]
    );
    assert_eq!(ids(&get(&app, "/search?q=source:TASS").await), vec!["004"]);
    assert_eq!(
        ids(&get(&app, "/search?q=cyber+-OSCE+forum:UNGA").await),
        ids(&get(&app, "/search?q=cyber+-OSCE&forum=un-general-assembly").await)
    );
    // from/to bound the publication date.
    assert_eq!(
        ids(&get(&app, "/search?from=2019-01-01&to=2020-12").await),
        vec!["003"]
    );
}

#[tokio::test]
async fn phrases_and_forgiving_names() {
    let app = seed_app();
    assert_eq!(
        ids(&get(&app, "/search?q=%22club+interests%22").await),
        vec!["003"]
    );
    // Misspelt: respelt from the index's names, and said so.
    let r = get(&app, "/search?q=Syromolatov").await;
    assert_eq!(ids(&r), vec!["000"]);
    assert!(r.texts(".corrected")[0].contains("Syromolotov"));
    // Transliteration variants and accents fold.
    assert_eq!(
        ids(&get(&app, "/search?q=Andrei+Belousov").await),
        vec!["001"]
    );
    assert_eq!(ids(&get(&app, "/search?q=Iakovenko").await), vec!["002"]);
    assert_eq!(ids(&get(&app, "/search?q=Picch%C3%AC").await), vec!["004"]);
    assert_eq!(
        ids(&get(&app, "/search?q=speaker:Syromolatov").await),
        vec!["000"]
    );
}

#[tokio::test]
async fn facet_counts_equal_the_results_they_lead_to() {
    let app = seed_app();
    for base in [
        "/search",
        "/search?q=security",
        "/search?forum=un-general-assembly",
    ] {
        let r = get(&app, base).await;
        let html = r.html();
        let sel = scraper::Selector::parse(".facet li:not(.active)").unwrap();
        let a = scraper::Selector::parse("a").unwrap();
        let c = scraper::Selector::parse(".count").unwrap();
        let mut checked = 0;
        for li in html.select(&sel) {
            let href = li
                .select(&a)
                .next()
                .unwrap()
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            let count: usize = li
                .select(&c)
                .next()
                .unwrap()
                .text()
                .collect::<String>()
                .parse()
                .unwrap();
            let within = get(&app, &href).await;
            // Within one facet values OR together, so a second value of an
            // already-filtered facet adds; otherwise it narrows to the count.
            let facet_active = base.contains("forum=") && href.matches("forum=").count() > 1;
            if !facet_active {
                assert_eq!(total(&within), count, "{base} → {href}");
            } else {
                assert!(total(&within) >= count, "{base} → {href}");
            }
            checked += 1;
        }
        assert!(checked >= 5, "{base}: only {checked} facet values");
    }
}

#[tokio::test]
async fn clicking_a_facet_adds_a_filter_and_the_chip_removes_it() {
    let app = seed_app();
    let r = get(&app, "/search?q=resolution").await;
    let link = r.attrs("#facet-speaker li a", "href").remove(0);
    let filtered = get(&app, &link).await;
    assert_eq!(
        filtered.attrs("#facet-speaker li.active a", "href").len(),
        1
    );
    let remove = filtered.attrs("ul.filters a", "href");
    assert_eq!(remove, vec!["/search?q=resolution".to_string()]);
    assert_eq!(total(&get(&app, &remove[0]).await), total(&r));
}

#[tokio::test]
async fn sorting_and_pagination_keep_every_filter() {
    let dir = seed_copy();
    // Enough news for two pages: the fixtures and the holdout together.
    for set in ["tests/fixtures/articles", "tests/holdout/articles"] {
        for entry in std::fs::read_dir(repo_path(set)).unwrap() {
            let e = entry.unwrap();
            std::fs::copy(e.path(), dir.path().join("articles").join(e.file_name())).unwrap();
        }
    }
    let app = app_for(dir.path());
    let first = get(&app, "/search?kind=news&sort=oldest").await;
    assert!(total(&first) > 20, "{}", total(&first));
    let next = first.attrs("a[rel=next]", "href").remove(0);
    assert_eq!(next, "/search?kind=news&sort=oldest&page=2");
    let second = get(&app, &next).await;
    assert_eq!(
        second.attrs("a[rel=prev]", "href"),
        vec!["/search?kind=news&sort=oldest".to_string()]
    );
    assert!(
        second
            .attrs("ol.results h3 a", "href")
            .iter()
            .all(|h| !first.attrs("ol.results h3 a", "href").contains(h))
    );
    // Newest first really is newest first.
    let newest = get(&app, "/search?sort=newest").await;
    let dates = newest.attrs("ol.results time", "datetime");
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[tokio::test]
async fn statement_view_lists_quotes_with_anchors_that_exist() {
    let app = seed_app();
    for uri in [
        "/search?view=statements&speaker=gennady-kuzmin",
        "/statements?speaker=gennady-kuzmin",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK);
        let links = r.attrs(".statement-hit a.statement-link", "href");
        assert_eq!(links.len(), 2, "{uri}");
        for href in links {
            let (page, anchor) = href.split_once('#').unwrap();
            let article = get(&app, page).await;
            assert!(
                article.attrs(&format!("li#{anchor}"), "id").len() == 1,
                "{href}"
            );
        }
    }
    // A hit inside a statement links to it and says who said it.
    let r = get(&app, "/search?q=%22utmost+importance%22").await;
    assert!(r.texts(".statement-match a")[0].contains("Gennady Kuzmin"));
    assert!(r.attrs(".statement-match a.statement-link", "href")[0].ends_with("#s3"));
}

#[tokio::test]
async fn every_view_has_a_canonical_url() {
    let app = seed_app();
    for uri in [
        "/",
        "/search?q=cyber&sort=newest",
        "/speakers",
        "/speakers?sort=name",
        "/forums",
        "/forums/osce",
        "/speakers/oleg-khramov",
        "/statements?q=cyber",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.attrs("link[rel=canonical]", "href").len(), 1, "{uri}");
    }
    assert_eq!(
        get(&app, "/search?sort=newest&q=cyber")
            .await
            .attrs("link[rel=canonical]", "href"),
        vec!["http://localhost/search?q=cyber&sort=newest".to_string()]
    );
}

#[tokio::test]
async fn speaker_forum_and_article_pages_connect() {
    let app = seed_app();
    let k = get(&app, "/speakers/gennady-kuzmin").await;
    assert!(k.body.contains("Quoted alongside"));
    assert!(
        k.attrs("aside a", "href")
            .contains(&"/speakers/andrey-klimov".to_string())
    );
    assert!(
        k.attrs("aside a", "href")
            .contains(&"/forums/un-general-assembly".to_string())
    );
    let f = get(&app, "/forums/un-general-assembly").await;
    assert!(f.attrs("figure.timeline rect", "height").len() >= 2);
    let names = get(&app, "/speakers?sort=name")
        .await
        .texts(".linklist li a");
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let article = get(&app, "/articles/000_f9daad528f919ead").await;
    let page = get(&app, article.location()).await;
    assert!(!page.attrs(".related h3 a", "href").is_empty());
    assert!(!page.attrs(".neighbours a[rel]", "href").is_empty());
}

#[tokio::test]
async fn api_search_carries_the_same_facets_and_statement_hits() {
    let app = seed_app();
    let html = get(&app, "/search?q=security&forum=un-general-assembly").await;
    let api = get(&app, "/api/search?q=security&forum=un-general-assembly").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let html_speakers = html.texts("#facet-speaker li a");
    let api_speakers: Vec<String> = json["facets"]["speaker"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(html_speakers, api_speakers);
    let counts: Vec<String> = html.texts("#facet-forum .count");
    let api_counts: Vec<String> = json["facets"]["forum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["count"].to_string())
        .collect();
    assert_eq!(counts, api_counts);
    let quote: serde_json::Value = serde_json::from_str(
        &get(&app, "/api/search?q=%22utmost+importance%22")
            .await
            .body,
    )
    .unwrap();
    let hit = &quote["results"][0]["statement"];
    assert_eq!(hit["speaker"], "Gennady Kuzmin");
    assert!(hit["url"].as_str().unwrap().ends_with("#s3"));
    let fixed: serde_json::Value =
        serde_json::from_str(&get(&app, "/api/search?q=Syromolatov").await.body).unwrap();
    assert_eq!(fixed["corrected"], "Syromolotov");
}

/// Two-word phrases are read from the pairs field (issue #6): the same
/// matches as positions would give — adjacent, in order, within one
/// paragraph — and slops, exclusions and highlights still work.
#[tokio::test]
async fn two_word_phrases_match_adjacent_words_only() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        (
            "aaa",
            "Grid security talks\n\nThe ministers agreed on Monday that critical infrastructure \
             must be protected from attacks by every state.\n\n\"Critical infrastructure is the \
             first target,\" said Ivan Petrov, the deputy minister.\n",
        ),
        (
            "bbb",
            "Water security talks\n\nThe infrastructure of the region is critical, officials \
             said on Monday, and it must be protected from attacks.\n",
        ),
        (
            "ccc",
            "Transport security talks\n\nDelegates discussed critical national infrastructure \
             at length during the meeting on Monday in Geneva.\n",
        ),
        (
            "ddd",
            "Energy security talks\n\nThe ministers said the power grid was the most critical.\n\n\
             Infrastructure ministers will meet again on Monday in Vienna to discuss it.\n",
        ),
    ];
    for (id, text) in docs {
        std::fs::write(dir.path().join(format!("{id}.txt")), text).unwrap();
    }
    let app = app_for(dir.path());
    let search = |q: &str| format!("/search?q={}", q.replace(' ', "+").replace('"', "%22"));
    let phrase = get(&app, &search("\"critical infrastructure\"")).await;
    assert_eq!(ids(&phrase), ["aaa"]);
    assert!(
        phrase
            .body
            .to_lowercase()
            .contains("<b>critical</b> <b>infrastructure</b>"),
        "the phrase is highlighted"
    );
    assert_eq!(
        ids(&get(&app, &search("\"critical infrastructures\"")).await),
        ["aaa"],
        "stemmed like the words"
    );
    let slop = ids(&get(&app, &search("\"critical infrastructure\"~1")).await);
    assert!(
        slop.contains(&"ccc".to_string()) && !slop.contains(&"bbb".to_string()),
        "a slop still reads positions: {slop:?}"
    );
    assert_eq!(
        ids(&get(&app, &search("critical -\"critical infrastructure\"")).await),
        ["bbb", "ccc", "ddd"]
    );
    let st = get(&app, &search("\"on Monday\"")).await;
    assert_eq!(ids(&st), ["aaa", "bbb", "ccc", "ddd"]);
    assert_eq!(
        ids(&get(&app, &search("\"on Monday\" \"critical infrastructure\"")).await),
        ["aaa"]
    );
    let statements = get(&app, "/statements?q=%22critical+infrastructure%22").await;
    assert!(
        statements.body.contains("Ivan Petrov"),
        "the statement view finds the quote"
    );
}

/// Ids of the results in the order shown.
fn ranked(r: &Reply) -> Vec<String> {
    r.attrs("ol.results h3 a", "href")
        .iter()
        .map(|h| {
            h["/articles/".len()..]
                .split('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// Nothing on a page is unfindable (issue #11): a name that only a caption
/// holds — a line the cleaner sets aside — is found, below a story whose
/// prose is about the same person, and the snippet shows the caption.
#[tokio::test]
async fn set_aside_lines_are_searchable_below_the_story() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("caption.txt"),
        "Home | World | Opinion | Video\n\nGrid operators warn of rising attacks on water systems\n\n\
         Photo: Marta Kowalczyk / Baltic Wire Agency\n\nShare  Tweet  Print\n\n\
         Operators of water and power grids across the Baltic region reported a sharp rise in \
         intrusions this year, according to figures released on Tuesday by the regional centre.\n\n\
         The centre said most of the attacks were stopped before they reached control systems, \
         but warned that smaller utilities lacked the staff to respond.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("profile.txt"),
        "New head sets out plan for Baltic cyber centre\n\nMarta Kowalczyk, the new head of the \
         regional cyber centre, told delegates in Riga on Tuesday that utilities would share \
         threat data within hours.\n\nColleagues of Kowalczyk said the plan had been years in \
         the making and that the centre would publish its first report in the spring.\n",
    )
    .unwrap();
    let app = app_for(dir.path());
    let found = get(&app, "/search?q=Kowalczyk").await;
    assert_eq!(
        ranked(&found),
        ["profile", "caption"],
        "prose first, caption after"
    );
    assert!(
        found.body.contains("<b>Kowalczyk</b> / Baltic Wire Agency"),
        "the caption is the snippet of the page it is on"
    );
    assert_eq!(
        ranked(&get(&app, "/search?q=%22Marta+Kowalczyk%22").await),
        ["profile", "caption"],
        "phrases reach set-aside lines too"
    );
    assert_eq!(
        ranked(&get(&app, "/search?q=Kowalczyk+-%22Marta+Kowalczyk%22").await),
        Vec::<String>::new(),
        "an excluded phrase excludes pages that hold it only in a caption"
    );
    let article = get(&app, "/articles/caption").await;
    assert_eq!(article.status, StatusCode::MOVED_PERMANENTLY);
}

/// A story of many paragraphs that uses `word` once, in the middle.
fn long_story(word: &str) -> String {
    let mut text = String::from("Port authorities review their defences\n\n");
    for n in 0..200 {
        text.push_str(&format!(
            "In the {n}th session the harbour board went through tenders, budgets, \
             staffing plans and the timetable for the new ferry terminal.\n\n"
        ));
        if n == 100 {
            text.push_str(&format!("One member asked about {word} in passing.\n\n"));
        }
    }
    text
}

/// Relevance ranks in two tiers: pages whose story uses the words come
/// first, however long the story and however often a set-aside line of
/// another page repeats them; the pages only a caption matches follow, on
/// the next page if need be, and are counted. Filters keep the order.
#[tokio::test]
async fn set_aside_lines_never_outrank_a_story_that_uses_the_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), long_story("Vellacott")).unwrap();
    std::fs::write(
        dir.path().join("caption.txt"),
        "Home | World | Opinion | Video\n\nFerry terminal opens after long delay\n\n\
         Photo: Vellacott Vellacott Vellacott / Vellacott Harbour Pictures\n\nShare  Tweet  Print\n\n\
         The new ferry terminal opened on Monday, two years late and over budget, the harbour \
         board said in a statement.\n",
    )
    .unwrap();
    for n in 0..5 {
        std::fs::write(
            dir.path().join(format!("short_{n}.txt")),
            format!("Harbour note {n}\n\nThe board met briefly on day {n} and adjourned.\n"),
        )
        .unwrap();
    }
    let app = app_for(dir.path());
    for uri in [
        "/search?q=Vellacott",
        "/search?q=Vellacott&year=undated",
        "/search?q=Vellacott+OR+nothingsuch",
    ] {
        let found = get(&app, uri).await;
        assert_eq!(ranked(&found), ["story", "caption"], "{uri}");
    }

    // 21 stories and a caption: the caption is last, on page 2.
    for n in 0..20 {
        std::fs::write(
            dir.path().join(format!("story_{n:02}.txt")),
            format!(
                "Board {n} on Vellacott\n\nThe board {n} discussed Vellacott and the tenders.\n"
            ),
        )
        .unwrap();
    }
    let app = app_for(dir.path());
    let first = get(&app, "/search?q=Vellacott").await;
    assert_eq!(total(&first), 22);
    assert!(!ranked(&first).contains(&"caption".to_string()));
    let second = get(&app, "/search?q=Vellacott&page=2").await;
    assert_eq!(ranked(&second).len(), 2, "{:?}", ranked(&second));
    assert_eq!(ranked(&second)[1], "caption");
    let every: Vec<String> = [ranked(&first), ranked(&second)].concat();
    let mut unique = every.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 22, "no page repeats a result: {every:?}");
    // The export ranks as the pages do.
    let csv = get(&app, "/search.csv?q=Vellacott").await;
    let exported: Vec<String> = csv
        .body
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(exported, every, "the CSV lists the pages' order");
}

/// A speech whose author is named only in its header ("As delivered by
/// NAME, ROLE") is that person's: found by `speaker:` and by plain search.
#[tokio::test]
async fn a_header_only_author_is_found_by_speaker_and_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("speech.txt"),
        "Opening of the Digital Trust Conference\n\nAs delivered by Greta Lindqvist, Deputy \
         Director of the Regional Cyber Office\n\nExcellencies,\n\nLadies and gentlemen,\n\n\
         It is an honour to open this conference on the protection of water and power grids. \
         Our region has seen more intrusions this year than in the five years before.\n\n\
         We must share what we learn within hours, not weeks, and we must train the staff that \
         smaller utilities lack.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.txt"),
        "Utilities meet in Tallinn\n\nRepresentatives of the region's utilities met in Tallinn \
         on Monday to discuss the protection of water and power grids, officials said.\n",
    )
    .unwrap();
    let app = app_for(dir.path());
    for q in [
        "speaker:%22Greta+Lindqvist%22",
        "Lindqvist",
        "speaker:Lindqvist",
    ] {
        assert_eq!(
            ranked(&get(&app, &format!("/search?q={q}")).await),
            ["speech"],
            "{q}"
        );
    }
    let api = get(&app, "/api/articles/speech").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["kind"], "statement", "{}", api.body);
    assert_eq!(json["speakers"][0]["name"], "Greta Lindqvist");
}

/// Issue 11 (spellings): when the gazetteer renames a speaker (the text's
/// "Vassily Nebenzya" is its "Vassily Nebenzia"), the text's spelling stays
/// an alias that search, the speaker page and the API answer to.
#[tokio::test]
async fn a_spelling_the_gazetteer_replaced_is_still_answered_to() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("council.txt"),
        "Moscow warns the Council on cyber sanctions\n\n\"Unilateral measures only deepen \
         mistrust between states,\" Vassily Nebenzya told the Security Council on Tuesday.\n\n\
         The session on threats to critical infrastructure lasted four hours.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.txt"),
        "Ministers meet in Geneva\n\n\"We need rules that hold,\" said Maria Keller, a \
         delegate, at the meeting in Geneva on Monday.\n",
    )
    .unwrap();
    let app = app_for(dir.path());
    let api = get(&app, "/api/articles/council").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        json["speakers"][0]["name"], "Vassily Nebenzia",
        "{}",
        api.body
    );
    assert_eq!(
        json["speakers"][0]["aliases"],
        serde_json::json!(["Vassily Nebenzya"])
    );

    for ending in ["", ".json"] {
        let r = get(&app, &format!("/speakers/vassily-nebenzya{ending}")).await;
        assert_eq!(r.status, 308, "{ending}");
        assert_eq!(r.location(), format!("/speakers/vassily-nebenzia{ending}"));
    }
    let page = get(&app, "/speakers/vassily-nebenzia").await;
    assert!(
        page.body.contains("Also written: Vassily Nebenzya"),
        "{}",
        page.body
    );

    let filtered = get(&app, "/api/search?speaker=vassily-nebenzya").await;
    let found: serde_json::Value = serde_json::from_str(&filtered.body).unwrap();
    let ids: Vec<&str> = found["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, ["council"], "{}", filtered.body);
    for q in ["speaker:%22Vassily+Nebenzya%22", "Nebenzya"] {
        assert_eq!(
            ranked(&get(&app, &format!("/search?q={q}")).await),
            ["council"],
            "{q}"
        );
    }
}

/// The seed archive, counting only `n` matches one by one: what a broad
/// query over a large archive does, on five documents.
fn seeds_counting(n: usize) -> axum::Router {
    let mut archive = demarche::Archive::load(&demarche::ArchiveOptions::new(repo_path("data")))
        .expect("seed archive loads");
    archive.index.set_exact_matches(n);
    demarche::web::app(demarche::web::AppState::new(archive))
}

#[tokio::test]
async fn a_broad_query_says_its_total_and_facets_are_estimates() {
    let exact = seed_app();
    let capped = seeds_counting(2);
    // Plain words: the page is found in full, the count stops at the cap
    // and the total is estimated from the share of the index it read.
    let full = get(&exact, "/search?q=security").await;
    let about = get(&capped, "/search?q=security").await;
    assert_eq!(total(&full), 4);
    assert!(!full.texts(".total")[0].starts_with("about"));
    assert!(
        full.texts(".facet-note")
            .iter()
            .all(|n| !n.contains("estimate"))
    );
    assert_eq!(ids(&about), ids(&full), "the page itself is exact");
    let line = &about.texts(".total")[0];
    let estimate: usize = line
        .strip_prefix("about ")
        .unwrap_or_else(|| panic!("no 'about' in {line:?}"))
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(estimate >= 2, "{line}");
    assert!(
        about
            .texts(".facet-note")
            .iter()
            .any(|n| n.contains("estimates from the first 2 matches")),
        "{:?}",
        about.texts(".facet-note")
    );
    // The JSON face says the same.
    let v: serde_json::Value =
        serde_json::from_str(&get(&capped, "/api/search?q=security").await.body).unwrap();
    assert_eq!(v["total_estimated"], true);
    assert_eq!(v["facets_estimated"], true);
    assert_eq!(v["total"].as_u64(), Some(estimate as u64));
    let v: serde_json::Value =
        serde_json::from_str(&get(&exact, "/api/search?q=security").await.body).unwrap();
    assert_eq!(v["total_estimated"], false);
    assert_eq!(v["facets_estimated"], false);
    assert_eq!(v["total"].as_u64(), Some(4));
    // Sorted by date, every match is seen for the page, so the total is
    // exact; only the facets come from the first matches.
    let newest = get(&capped, "/search?q=security&sort=newest").await;
    assert_eq!(total(&newest), 4);
    assert_eq!(
        ids(&newest),
        ids(&get(&exact, "/search?q=security&sort=newest").await)
    );
    let v: serde_json::Value = serde_json::from_str(
        &get(&capped, "/api/search?q=security&sort=newest")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(v["total_estimated"], false);
    assert_eq!(v["facets_estimated"], true);
    // Under the cap nothing is estimated.
    let v: serde_json::Value = serde_json::from_str(
        &get(&capped, "/api/search?q=%22international+law%22")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(
        (v["total"].as_u64(), v["total_estimated"].as_bool()),
        (Some(1), Some(false))
    );
}
