//! Extraction quality on the labelled fixture set (issue #3): precision,
//! recall and F1 per field against hand-written gold files. The documents
//! were written to resemble real outlets, formats and attribution styles.

use demarche::corpus::LoadOptions;
use demarche::extract::gazetteer::Gazetteer;
use demarche::gold;

use crate::support::repo_path;

/// The issue's target for speakers, forums, titles and dates.
const TARGET: f64 = 0.90;

#[test]
fn fixture_set_meets_the_extraction_targets() {
    let report = demarche::check::analyse(
        &repo_path("tests/fixtures/articles"),
        LoadOptions::default(),
    )
    .unwrap();
    let articles: Vec<_> = report.extractions.into_iter().map(|(a, _)| a).collect();
    let labels = gold::load(&repo_path("tests/fixtures/gold")).unwrap();
    assert!(labels.len() >= 30, "{} gold files", labels.len());
    let gaz = Gazetteer::for_data_dir(&repo_path("tests/fixtures/articles")).unwrap();
    let s = gold::score_with(&articles, &labels, Some(&gaz));
    assert!(
        s.missing.is_empty(),
        "gold ids without a document: {:?}",
        s.missing
    );
    let table = gold::report(&s);
    println!("{table}");
    for (field, value) in [
        ("speaker F1", s.speakers.f1()),
        ("forum F1", s.forums.f1()),
        ("title accuracy", s.title.value()),
        ("date accuracy", s.date.value()),
    ] {
        assert!(
            value >= TARGET,
            "{field} {value:.3} below {TARGET}\n{table}\n{}",
            s.errors.join("\n")
        );
    }
}

#[test]
fn scoring_counts_errors_it_is_shown() {
    // The scorer itself must notice a wrong answer.
    let report = demarche::check::analyse(&repo_path("data"), LoadOptions::default()).unwrap();
    let articles: Vec<_> = report.extractions.into_iter().map(|(a, _)| a).collect();
    let wrong: Vec<gold::Gold> = serde_json::from_str(
        r#"[{"id": "004_3812e584f880eeef", "title": "Something else", "date": "2019-01-01", "source": "RT",
             "speakers": [{"name": "Oleg Khramov"}, {"name": "Nobody Here"}], "forums": ["OSCE"], "mentioned": []}]"#,
    )
    .unwrap();
    let s = gold::score(&articles, &wrong);
    assert_eq!(s.title.right, 0);
    assert_eq!(s.date.right, 0);
    assert_eq!(s.speakers.tp, 1);
    assert_eq!(s.speakers.fn_, 1);
    assert!(s.speakers.fp >= 1, "Picchi is not in this gold");
}

/// The held-out set was written without seeing the extractor. It has since
/// been looked at once (see its README), so it guards against regressions
/// with a floor rather than proving the targets.
#[test]
fn holdout_set_stays_above_its_floor() {
    const FLOOR: f64 = 0.85;
    let report =
        demarche::check::analyse(&repo_path("tests/holdout/articles"), LoadOptions::default())
            .unwrap();
    let articles: Vec<_> = report.extractions.into_iter().map(|(a, _)| a).collect();
    let labels = gold::load(&repo_path("tests/holdout/gold")).unwrap();
    let gaz = Gazetteer::for_data_dir(&repo_path("tests/holdout/articles")).unwrap();
    let s = gold::score_with(&articles, &labels, Some(&gaz));
    assert!(s.missing.is_empty(), "{:?}", s.missing);
    let table = gold::report(&s);
    for (field, value) in [
        ("speaker F1", s.speakers.f1()),
        ("forum F1", s.forums.f1()),
        ("title accuracy", s.title.value()),
        ("date accuracy", s.date.value()),
    ] {
        assert!(value >= FLOOR, "{field} {value:.3} below {FLOOR}\n{table}");
    }
}

#[test]
fn a_hashed_title_scores_like_the_title() {
    let report = demarche::check::analyse(&repo_path("data"), LoadOptions::default()).unwrap();
    let articles: Vec<_> = report.extractions.into_iter().map(|(a, _)| a).collect();
    let tass = articles
        .iter()
        .find(|a| a.id == "004_3812e584f880eeef")
        .unwrap();
    let label = |title: &str| gold::Gold {
        id: tass.id.clone(),
        title: None,
        title_sha256: Some(gold::title_hash(title)),
        date: None,
        source: None,
        kind: None,
        speakers: Vec::new(),
        forums: Vec::new(),
        mentioned: Vec::new(),
        language: None,
        split: None,
    };
    // Case and accents do not count, as for plain titles.
    let same = gold::score(&articles, &[label(&tass.title.to_uppercase())]);
    assert_eq!((same.title.right, same.title.total), (1, 1));
    let other = gold::score(&articles, &[label("Something else entirely")]);
    assert_eq!((other.title.right, other.title.total), (0, 1));
}

/// A forum labelled by one of its gazetteer aliases is the forum the
/// archive names canonically; without the gazetteer only the same words
/// match.
#[test]
fn forums_labelled_by_an_alias_match_their_canonical_name() {
    let articles: Vec<_> = demarche::check::analyse(
        &repo_path("tests/fixtures/articles"),
        LoadOptions::default(),
    )
    .unwrap()
    .extractions
    .into_iter()
    .map(|(a, _)| a)
    .filter(|a| a.forums.iter().any(|f| f == "Open-ended Working Group"))
    .take(1)
    .collect();
    let a = &articles[0];
    let mut label = gold::load(&repo_path("tests/fixtures/gold"))
        .unwrap()
        .into_iter()
        .find(|g| g.id == a.id)
        .unwrap();
    label.forums = vec!["OEWG".into()];
    let gaz = Gazetteer::embedded().unwrap();
    let with = gold::score_with(&articles, std::slice::from_ref(&label), Some(&gaz));
    let without = gold::score(&articles, std::slice::from_ref(&label));
    assert_eq!((with.forums.tp, without.forums.tp), (1, 0));
}
