//! Item 2: hostile queries never hurt. Random and adversarial query text
//! and parameters go through the real router over the seed archive: the
//! answer is always a page (200) or a 400 page that says what was wrong —
//! never a 5xx, never a panic — and it comes quickly.

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{enc, get_raw};
use crate::support::*;

/// Slowest acceptable answer, in a debug build on a shared two-core machine.
const TIME_BOUND: Duration = Duration::from_secs(2);

/// Cases per property: enough to wander, few enough for a fast suite.
const CASES: u32 = 96;

/// Pieces of query syntax that parsers stumble on.
const NASTY: &[&str] = &[
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "*",
    "?",
    "~",
    "^",
    ":",
    "\\",
    "/",
    "+",
    "-",
    "!",
    "&&",
    "||",
    "AND",
    "OR",
    "NOT",
    "TO",
    "IN",
    "speaker:",
    "forum:",
    "title:",
    "year:",
    "source:",
    "unknown:",
    "body:",
    "id:",
    "year:[2020 TO *]",
    "title:\"",
    "~2",
    "^10",
    "*:*",
    "a*",
    "?b",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\r\n",
    "\t",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "\u{10ffff}",
    "😀",
    "🇺🇳",
    "ǅ",
    "İ",
    "ß",
    "ﬁ",
    "Ω",
    "è",
    "e\u{301}",
    "\u{0301}",
    "日本語",
    "العربية",
    "%",
    "%00",
    "&",
    "=",
    "#",
    "<script>",
    "'",
    "`",
    "$",
    "cyber",
    "OEWG",
    "norms",
];

fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(NASTY).prop_map(str::to_string),
        "[a-zA-Z]{1,12}",
        any::<char>().prop_map(String::from),
    ];
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(piece.clone(), 0..40).prop_map(|v| v.join(" ")),
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat()),
        (1usize..5000).prop_map(|n| format!("{}cyber{}", "(".repeat(n), ")".repeat(n))),
        (1usize..5000).prop_map(|n| "(\"".repeat(n)),
        (1usize..20).prop_map(|n| "x".repeat(n * 1024)),
        (1usize..2000).prop_map(|n| "*?~".repeat(n)),
    ]
}

fn param_value() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "0",
                "-1",
                "1",
                "2",
                "500",
                "501",
                "99999999",
                "18446744073709551616",
                "abc",
                "",
                " 1 ",
                "1.5",
                "1e3",
                "0x10",
                "١",
                "２",
                "2021",
                "20211",
                "newest",
                "oldest",
                "relevance",
                "sideways",
                "news",
                "op_ed",
                "osce",
                "oleg-khramov",
                "../..",
            ][..]
        )
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

fn params() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let key = proptest::sample::select(
        &[
            "page", "sort", "year", "speaker", "forum", "source", "kind", "from", "to", "q", "zzz",
        ][..],
    );
    proptest::collection::vec((key, param_value()), 0..6)
}

/// The search endpoints the router has: `/api/search` joins the property as
/// soon as it exists.
async fn endpoints(app: &Router) -> Vec<&'static str> {
    let mut out = vec!["/search"];
    if let Some(r) = get_raw(app, "/api/search?q=cyber").await
        && r.status != StatusCode::NOT_FOUND
    {
        out.push("/api/search");
    }
    out
}

async fn assert_harmless(app: &Router, uri: &str) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let Some(r) = get_raw(app, uri).await else {
        return Ok(()); // not a valid request target; no client can send it
    };
    let took = start.elapsed();
    prop_assert!(
        matches!(r.status.as_u16(), 200 | 400 | 414),
        "{uri:.300} answered {}: {:.500}",
        r.status,
        r.text()
    );
    prop_assert!(took < TIME_BOUND, "{uri:.300} took {took:?}");
    if r.status == StatusCode::BAD_REQUEST && r.content_type().starts_with("text/html") {
        prop_assert!(r.text().contains("could not be understood"), "{uri:.300}");
    }
    Ok(())
}

fn run(strategy: impl Strategy<Value = String>, make_uri: impl Fn(&str, &str) -> String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = seed_app();
    let endpoints = rt.block_on(endpoints(&app));
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |input| {
            rt.block_on(async {
                for e in &endpoints {
                    assert_harmless(&app, &make_uri(e, &input)).await?;
                }
                Ok(())
            })
        })
        .unwrap();
}

#[test]
fn hostile_query_text_gets_a_page_quickly() {
    run(query_text(), |e, q| format!("{e}?q={}", enc(q)));
}

#[test]
fn hostile_parameters_get_a_page_or_a_400() {
    let strategy = (query_text(), params()).prop_map(|(q, params)| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &q);
        for (k, v) in &params {
            s.append_pair(k, v);
        }
        s.finish()
    });
    run(strategy, |e, query| format!("{e}?{query}"));
}

#[tokio::test]
async fn known_nasty_cases_are_harmless() {
    let app = seed_app();
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    let long = "word ".repeat(300);
    let mut queries: Vec<String> = NASTY.iter().map(|s| enc(s)).collect();
    queries.extend([
        enc(&deep),
        enc(&long),
        "%".into(),
        "%ff%fe".into(),
        "%C0%AF".into(),
    ]);
    let odd_params = [
        "page=0",
        "page=-1",
        "page=99999999",
        "page=abc",
        "page=1&page=2",
        "page=",
        "sort=&sort=newest",
        "year=0&year=10000",
        "q=a&q=b",
        "speaker=&forum=&kind=",
        "from=yesterday&to=%00",
    ];
    for e in endpoints(&app).await {
        for q in &queries {
            assert_harmless(&app, &format!("{e}?q={q}")).await.unwrap();
        }
        for p in odd_params {
            assert_harmless(&app, &format!("{e}?{p}")).await.unwrap();
        }
    }
    // The cut is reported, not silent.
    let r = get(&app, &format!("/search?q={}", enc(&long))).await;
    assert!(r.body.contains("was cut"), "{}", r.body);
}
