//! The formats real pages come in (issue #11), each on a document of our
//! own writing: the construction is the test, not any one page.

use demarche::corpus::LoadOptions;
use demarche::model::{Article, Kind};

/// Extract one document written to a real file.
pub fn extract_one(text: &str) -> Article {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("doc.txt"), text).expect("write");
    demarche::check::analyse(dir.path(), LoadOptions::default())
        .expect("folder reads")
        .extractions
        .into_iter()
        .map(|(a, _)| a)
        .next()
        .expect("the document is indexed")
}

fn speakers(a: &Article) -> Vec<&str> {
    a.speakers.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn capitals_labels_with_honorifics_open_turns() {
    let a = extract_one(
        "Press Call on the Response to Malicious Cyber Activity\n\nMarch 3, 2019\n\n\
         Via Conference Call\n\nMR. HALVORSEN: Thank you, everyone, for joining this call. I \
         will introduce the officials we have here, who will be referred to as senior \
         officials.\n\nSENIOR OFFICIAL: Thanks. I will make some brief comments and then turn \
         it over to my colleagues.\n\nToday's actions respond to a pattern of behaviour that \
         has been evident for some time.\n\nMS. OKAFOR: Our colleague from the Treasury will \
         take the first question.\n",
    );
    assert_eq!(
        speakers(&a),
        ["Halvorsen", "Okafor"],
        "unnamed officials are not speakers"
    );
    assert_eq!(a.kind, Kind::Transcript);
    assert_eq!(
        a.title, "Press Call on the Response to Malicious Cyber Activity",
        "a turn is not the headline"
    );
}

#[test]
fn a_line_holding_only_a_name_heads_a_turn() {
    let a = extract_one(
        "Session 3 transcript (unofficial)\n\nThis is an unofficial transcript\n\n\
         Ambassador Ferreira\n\nGood morning, distinguished delegates. The third meeting of \
         the working group is now called to order, and we will continue the general exchange \
         of views.\n",
    );
    assert_eq!(speakers(&a), ["Ferreira"]);
    assert_eq!(a.kind, Kind::Transcript, "one named turn is a transcript");
    assert!(a.statements[0].text.starts_with("Good morning"));
}

#[test]
fn caption_turns_on_one_line_are_split() {
    let a = extract_one(
        "ROUGH EDITED COPY\n\nWORKING GROUP MEETING, 12 MAY 2016\n\n*** This is being \
         provided in a rough draft format. *** >> CHAIR: Good morning and welcome to the third \
         meeting of the group. >> INTERPRETER: Good morning, Chair. >> CHAIR: Thank you. I give \
         the floor to the delegate of Brazil. >> BRAZIL: Thank you, Chair. We support the draft \
         agenda as presented and ask that it be adopted today.\n",
    );
    assert_eq!(speakers(&a), ["Brazil"], "unnamed chairs are not speakers");
    assert_eq!(a.kind, Kind::Transcript);
    let brazil = &a.statements[0];
    assert!(
        brazil.text.starts_with("Thank you, Chair. We support"),
        "{}",
        brazil.text
    );
}
