//! Extraction on the seed documents against what their text supports
//! (the table in issue #2). The rules are general; these are the checks.

use demarche::corpus::LoadOptions;
use demarche::model::{Article, DateMethod};

use crate::support::*;

fn seeds() -> Vec<Article> {
    demarche::check::analyse(&repo_path("data"), LoadOptions::default())
        .unwrap()
        .extractions
        .into_iter()
        .map(|(a, _)| a)
        .collect()
}

fn seed<'a>(all: &'a [Article], prefix: &str) -> &'a Article {
    all.iter().find(|a| a.id.starts_with(prefix)).unwrap()
}

fn speaker_names(a: &Article) -> Vec<&str> {
    a.speakers.iter().map(|p| p.name.as_str()).collect()
}

fn has_forum(a: &Article, name: &str) -> bool {
    a.forums.iter().any(|f| f == name)
}

#[test]
fn seed_000_urdupoint() {
    let all = seeds();
    let a = seed(&all, "000");
    assert!(
        a.title.starts_with("Russia To Present Proposals"),
        "{}",
        a.title
    );
    assert_eq!(a.date.unwrap().iso(), "2022-12-10");
    assert_eq!(a.source.as_deref(), Some("UrduPoint"));
    assert_eq!(speaker_names(a), vec!["Oleg Syromolotov"]);
    assert_eq!(
        a.speakers[0].role.as_deref(),
        Some("Deputy Foreign Minister")
    );
    assert_eq!(a.speakers[0].country.as_deref(), Some("Russia"));
    assert!(
        has_forum(a, "UN General Assembly") && has_forum(a, "Open-ended Working Group"),
        "{:?}",
        a.forums
    );
    // The title appears once: its repeat under the byline is furniture.
    let repeats = a
        .body
        .iter()
        .filter(|p| p.to_lowercase().starts_with("russia to present proposals"))
        .count();
    assert_eq!(repeats, 0);
    assert!(a.body.iter().all(|p| !p.contains("Related Topics")));
    // "the diplomat said" and "Syromolotov said" resolve to the same man.
    assert!(a.statements.len() >= 4, "{:?}", a.statements);
    assert!(a.statements.iter().all(|s| s.speaker == "Oleg Syromolotov"));
}

#[test]
fn seed_001_speakers_and_mentions() {
    let all = seeds();
    let a = seed(&all, "001");
    assert!(
        a.title.starts_with("US, Russia to Boost Cooperation"),
        "{}",
        a.title
    );
    assert!(
        a.date.is_none(),
        "no publication date is stated: {:?}",
        a.date
    );
    assert_eq!(a.source, None);
    assert_eq!(
        speaker_names(a),
        vec!["Anatoly Antonov", "Sergey Ryabkov", "Andrey Belousov"]
    );
    assert!(
        a.speakers
            .iter()
            .all(|p| p.country.as_deref() == Some("Russia")),
        "{:?}",
        a.speakers
    );
    assert!(
        a.speakers[1]
            .role
            .as_deref()
            .unwrap()
            .contains("First Deputy Minister of Foreign Affairs")
    );
    assert!(
        a.speakers[2]
            .role
            .as_deref()
            .unwrap()
            .contains("Deputy Permanent Representative")
    );
    for m in ["Joe Biden", "Vladimir Putin"] {
        assert!(
            a.mentioned.iter().any(|x| x == m),
            "{m} mentioned: {:?}",
            a.mentioned
        );
        assert!(!speaker_names(a).contains(&m));
    }
    for f in [
        "UN General Assembly",
        "Open-ended Working Group",
        "Group of Governmental Experts",
        "UN Security Council",
    ] {
        assert!(has_forum(a, f), "{f}: {:?}", a.forums);
    }
    assert!(
        a.forums.iter().any(|f| f.contains("First Committee")),
        "{:?}",
        a.forums
    );
    // Photo captions are furniture.
    assert!(a.body.iter().all(|p| !p.contains("baseball")));
}

#[test]
fn seed_002_op_ed_byline() {
    let all = seeds();
    let a = seed(&all, "002");
    assert_eq!(
        a.title,
        "Threats to cyber security can only be deterred together"
    );
    assert!(a.date.is_none());
    assert_eq!(a.source.as_deref(), Some("RT"));
    assert_eq!(speaker_names(a), vec!["Yakovenko"]);
    assert_eq!(a.speakers[0].role.as_deref(), Some("Ambassador"));
    assert_eq!(a.speakers[0].country.as_deref(), Some("Russia"));
    assert_eq!(a.kind, demarche::model::Kind::OpEd);
    for f in [
        "Group of Governmental Experts",
        "Shanghai Cooperation Organisation",
        "UN General Assembly",
    ] {
        assert!(has_forum(a, f), "{f}: {:?}", a.forums);
    }
}

#[test]
fn seed_003_forum_repost() {
    let all = seeds();
    let a = seed(&all, "003");
    assert!(
        a.title
            .contains("Democratic talks to replace club interests"),
        "{}",
        a.title
    );
    assert_eq!(a.date.unwrap().iso(), "2019-12-29");
    assert_eq!(a.source.as_deref(), Some("RT"));
    assert_eq!(
        speaker_names(a),
        vec!["Gennady Kuzmin", "Cherith Norman Chalet", "Andrey Klimov"]
    );
    let countries: Vec<_> = a.speakers.iter().map(|p| p.country.as_deref()).collect();
    assert_eq!(
        countries,
        vec![Some("Russia"), Some("United States"), Some("Russia")]
    );
    assert!(
        a.speakers[2]
            .role
            .as_deref()
            .unwrap()
            .contains("head of the Senate")
    );
    assert!(has_forum(a, "UN General Assembly"));
    assert!(
        a.forums.iter().any(|f| f.contains("Cybercrime")),
        "{:?}",
        a.forums
    );
    // Forum user panels, teasers and share prompts are furniture.
    for junk in [
        "Likes Received",
        "ALSO ON",
        "share it with a friend",
        "Quick Navigation",
    ] {
        assert!(
            a.body.iter().all(|p| !p.contains(junk)),
            "{junk} left in body"
        );
    }
}

#[test]
fn seed_004_tass_year_from_weekday() {
    let all = seeds();
    let a = seed(&all, "004");
    assert_eq!(
        a.title,
        "Russia views OSCE cybersecurity mechanisms as unsatisfactory"
    );
    let d = a.date.unwrap();
    assert_eq!(d.iso(), "2018-09-28");
    assert_eq!(d.method, DateMethod::YearFromWeekday);
    assert_eq!(a.source.as_deref(), Some("TASS"));
    assert_eq!(speaker_names(a), vec!["Oleg Khramov", "Guglielmo Picchi"]);
    assert_eq!(a.speakers[0].country.as_deref(), Some("Russia"));
    assert_eq!(a.speakers[1].country.as_deref(), Some("Italy"));
    assert!(has_forum(a, "OSCE"));
    assert!(
        a.forums.iter().any(|f| f.contains("Ministerial")),
        "{:?}",
        a.forums
    );
    // Menus, placeholders, most-read lists are gone; every story sentence stays.
    for junk in [
        "{{",
        "ADVERTISEMENT",
        "Most read",
        "Currency converter",
        "Sergey Lavrov celebrates",
    ] {
        assert!(
            a.body.iter().all(|p| !p.contains(junk)),
            "{junk} left in body"
        );
    }
    for sentence in [
        "Norilsk Nickel company attended",
        "unnecessary politicization",
        "rhe current mechanisms failed",
    ] {
        assert!(
            a.body.iter().any(|p| p.contains(sentence)),
            "lost: {sentence}"
        );
    }
    // "he said", "he added" and "the Russian official said" are Khramov.
    assert!(
        a.statements
            .iter()
            .filter(|s| s.speaker == "Oleg Khramov")
            .count()
            >= 5
    );
}
