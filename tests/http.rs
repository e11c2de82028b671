//! The site over HTTP through the real router (issue #2).

use axum::http::StatusCode;

use crate::support::*;

#[tokio::test]
async fn search_for_osce_finds_the_tass_article_first() {
    let app = seed_app();
    let r = get(&app, "/search?q=OSCE").await;
    assert_eq!(r.status, StatusCode::OK);
    let links = r.attrs("ol.results h3 a", "href");
    assert!(!links.is_empty());
    assert!(
        links[0].starts_with(&format!("/articles/{TASS}/")),
        "{links:?}"
    );
    // The snippet highlights the match, escaped by the engine.
    assert!(r.body.contains("<b>OSCE</b>"));
}

#[tokio::test]
async fn speaker_and_forum_filters_narrow() {
    let app = seed_app();
    let all = get(&app, "/search").await.attrs("ol.results h3 a", "href");
    assert_eq!(all.len(), 5);
    let khramov = get(&app, "/search?speaker=oleg-khramov")
        .await
        .attrs("ol.results h3 a", "href");
    assert_eq!(khramov.len(), 1);
    assert!(khramov[0].contains(TASS));
    let oewg = get(&app, "/search?forum=open-ended-working-group")
        .await
        .attrs("ol.results h3 a", "href");
    let mut ids: Vec<&str> = oewg
        .iter()
        .map(|h| &h["/articles/".len().."/articles/".len() + 3])
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, vec!["000", "001"]);
    // Filters AND with words.
    let both = get(&app, "/search?q=resolution&forum=open-ended-working-group").await;
    assert!(both.attrs("ol.results h3 a", "href").len() <= oewg.len());
    // The active filter is shown with a link that removes it.
    let r = get(&app, "/search?q=cyber&speaker=oleg-khramov").await;
    assert_eq!(
        r.attrs("ul.filters a", "href"),
        vec!["/search?q=cyber".to_string()]
    );
}

#[tokio::test]
async fn every_article_link_on_a_results_page_resolves() {
    let app = seed_app();
    let r = get(&app, "/search?q=security").await;
    let links = r.attrs("ol.results a", "href");
    assert!(links.len() > 5);
    for href in links {
        let page = get(&app, &href).await;
        assert_eq!(page.status, StatusCode::OK, "{href}");
    }
}

#[tokio::test]
async fn article_urls_redirect_to_the_canonical_one() {
    let app = seed_app();
    let r = get(&app, &format!("/articles/{TASS}")).await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    let canonical = r.location().to_string();
    assert_eq!(
        canonical,
        format!("/articles/{TASS}/russia-views-osce-cybersecurity-mechanisms-as-unsatisfactory")
    );
    let wrong = get(&app, &format!("/articles/{TASS}/old-slug")).await;
    assert_eq!(wrong.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(wrong.location(), canonical);
    // A trailing slash, on the short or the full form (issue #14 item 8).
    for slashed in [format!("/articles/{TASS}/"), format!("{canonical}/")] {
        let r = get(&app, &slashed).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{slashed}");
        assert_eq!(r.location(), canonical, "{slashed}");
    }
    assert_eq!(
        get(&app, "/articles/no-such-article/").await.status,
        StatusCode::NOT_FOUND
    );
    let page = get(&app, &canonical).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec![format!("http://localhost{canonical}")]
    );
    assert_eq!(
        page.texts("h1"),
        vec!["Russia views OSCE cybersecurity mechanisms as unsatisfactory"]
    );
    // Speakers with their statements, anchored for bookmarks.
    assert!(
        page.texts(".statements h3")
            .contains(&"Oleg Khramov".to_string())
    );
    assert!(!page.attrs(".quotes li[id^=s]", "id").is_empty());
    // The original text, and the archived file byte for byte.
    assert!(page.body.contains("Currency converter"));
    let raw = get(&app, &format!("/articles/{TASS}.txt")).await;
    let disk = std::fs::read_to_string(repo_path(&format!("data/articles/{TASS}.txt"))).unwrap();
    assert_eq!(raw.body, disk);
}

#[tokio::test]
async fn permalinks_survive_a_restart_and_a_new_document() {
    let dir = seed_copy();
    let first = get(&app_for(dir.path()), &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();
    let again = get(&app_for(dir.path()), &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();
    assert_eq!(first, again);
    std::fs::write(
        dir.path().join("articles/zz_new.txt"),
        "Russia views OSCE talks as useful\n\nThe delegates met again in Vienna and agreed to continue the talks, the chair said.\n",
    )
    .unwrap();
    let app = app_for(dir.path());
    assert_eq!(
        get(&app, &format!("/articles/{TASS}")).await.location(),
        first
    );
    assert_eq!(
        get(&app, "/articles/zz_new").await.status,
        StatusCode::MOVED_PERMANENTLY
    );
}

#[tokio::test]
async fn unknown_things_get_a_helpful_404_page() {
    let app = seed_app();
    for uri in [
        "/articles/no-such-id",
        "/articles/no-such-id/slug",
        "/speakers/nobody",
        "/forums/nothing",
        "/nowhere",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(r.texts("h1"), vec!["Not found"], "{uri}");
        assert!(!r.attrs("form[role=search]", "action").is_empty());
    }
}

#[tokio::test]
async fn bad_parameters_get_a_400_page_and_odd_queries_still_search() {
    let app = seed_app();
    for uri in [
        "/search?page=abc",
        "/search?page=0",
        "/search?year=twenty",
        "/search?sort=sideways",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.body.contains("could not be understood"));
    }
    for q in [
        "%22unbalanced",
        "(((",
        "speaker:",
        "a%20AND%20OR",
        "%3Cscript%3E",
    ] {
        let r = get(&app, &format!("/search?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert!(!r.body.contains("<script>"));
    }
}

#[tokio::test]
async fn no_results_page_suggests_what_to_try() {
    let app = seed_app();
    let r = get(&app, "/search?q=zzzqqq&forum=osce").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.texts("section.empty h2")
            .contains(&"Nothing matched".to_string())
    );
    let hrefs = r.attrs("section.empty a", "href");
    assert!(hrefs.contains(&"/search?q=zzzqqq".to_string()), "{hrefs:?}");
}

#[tokio::test]
async fn home_speaker_and_forum_pages() {
    let app = seed_app();
    let home = get(&app, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.texts(".counts")[0].starts_with("5 articles"));
    let k = get(&app, "/speakers/gennady-kuzmin").await;
    assert_eq!(k.status, StatusCode::OK);
    let links = k.attrs(".quotes a", "href");
    assert_eq!(links.len(), 2);
    assert!(links.iter().all(|l| l.contains("#s")));
    let f = get(&app, "/forums/osce").await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(f.body.contains("Oleg Khramov"));
    assert_eq!(get(&app, "/speakers").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/forums").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/healthz").await.body, "ok 5 articles\n");
}

#[tokio::test]
async fn stylesheet_is_served_with_cache_headers() {
    let app = seed_app();
    let home = get(&app, "/").await;
    let css = home.attrs("link[rel=stylesheet]", "href").remove(0);
    let r = get(&app, &css).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(r.headers.contains_key("etag"));
    assert!(r.body.contains("prefers-color-scheme"));
}

#[tokio::test]
async fn a_broken_file_does_not_stop_the_archive() {
    let dir = seed_copy();
    std::fs::write(
        dir.path().join("articles/broken.txt"),
        // A UTF-16LE byte-order mark, then U+0000: binary even in UTF-16.
        // (FF FE 00 41 alone would be the valid UTF-16LE text "\u{4100}".)
        [0xffu8, 0xfe, 0x00, 0x00, 0x41, 0x00],
    )
    .unwrap();
    std::fs::write(dir.path().join("articles/empty.txt"), "").unwrap();
    let app = app_for(dir.path());
    let home = get(&app, "/").await;
    assert!(
        home.texts(".counts")[0].contains("2 files not indexed"),
        "{:?}",
        home.texts(".counts")
    );
    let report = demarche::check::analyse(dir.path(), Default::default()).unwrap();
    let mut out = Vec::new();
    demarche::check::write_text(&report, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("articles/broken.txt  REJECTED: binary file"),
        "{text}"
    );
    assert!(text.contains("7 files: 5 indexed, 2 rejected"));
}

#[tokio::test]
async fn originals_in_other_encodings_read_right_and_stay_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"Caf\xe9 diplomacy resumes in Gen\xe8ve\n\nThe d\xe9l\xe9gu\xe9s met in Gen\xe8ve on Monday to resume their talks, the chair said.\n".to_vec();
    std::fs::write(dir.path().join("cp1252.txt"), &bytes).unwrap();
    let app = app_for(dir.path());
    let raw = app
        .clone()
        .oneshot(
            axum::http::Request::get("/articles/cp1252.txt")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        raw.headers()["content-type"],
        "text/plain; charset=windows-1252"
    );
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    assert_eq!(
        raw.into_body().collect().await.unwrap().to_bytes().as_ref(),
        bytes.as_slice()
    );
    let page = get(&app, get(&app, "/articles/cp1252").await.location()).await;
    assert!(page.texts("details.original pre")[0].contains("Café diplomacy resumes in Genève"));
}

#[tokio::test]
async fn queries_the_engine_cannot_run_search_their_words() {
    // Found by the proptest in tests/hostile: a right-to-left mark glued to
    // a field name with wildcards made tantivy fail, and the page a 500.
    let app = seed_app();
    for q in ["%E2%80%AEspeaker%3A*%3A*", "%E2%80%AEOSCE%3A*%3A*"] {
        let r = get(&app, &format!("/search?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
    }
    let r = get(&app, "/search?q=%E2%80%AEOSCE%3A*%3A*").await;
    let first = r.attrs("ol.results h3 a", "href");
    assert!(first.first().is_some_and(|h| h.contains(TASS)), "{first:?}");
}
