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

#[test]
fn wire_credits_in_datelines_name_the_source_even_when_unknown() {
    let a = extract_one(
        "Harbour states agree on cyber hotline\n\nPosted 3 hours ago NORDHAVEN, May 11 (Harbour \
         Wire) -- The foreign ministers of the harbour states agreed on Tuesday to set up a \
         hotline for cyber incidents, officials said.\n\nThe hotline will be run by the \
         ministries' crisis centres.\n",
    );
    assert_eq!(a.source.as_deref(), Some("Harbour Wire"));
}

#[test]
fn the_line_above_a_release_marker_names_its_issuer() {
    let a = extract_one(
        "Search form\n\nThe Ministry of Digital Affairs\n\nOffice of the Spokesperson\n\nFor \
         Immediate Release\n\nMinistry welcomes regional cyber agreement\n\nThe ministry \
         welcomed on Monday the agreement reached by the regional states on the protection of \
         critical infrastructure, and called for its early implementation.\n",
    );
    assert_eq!(a.source.as_deref(), Some("The Ministry of Digital Affairs"));
}

#[test]
fn a_site_name_after_the_headline_or_in_a_copyright_line_is_the_source() {
    let titled = extract_one(
        "Why the cyber hotline matters • Harbour Review\n\nThe agreement reached on Tuesday by \
         the harbour states is modest, but it is the first of its kind in the region, and it \
         deserves more attention than it has had.\n\nIts success will depend on the crisis \
         centres that run it.\n",
    );
    assert_eq!(titled.title, "Why the cyber hotline matters");
    assert_eq!(titled.source.as_deref(), Some("Harbour Review"));
    let footer = extract_one(
        "Why the cyber hotline matters\n\nThe agreement reached on Tuesday by the harbour states \
         is modest, but it is the first of its kind in the region, and it deserves more \
         attention than it has had.\n\n© 2024 Harbour Review. All rights reserved.\n",
    );
    assert_eq!(footer.source.as_deref(), Some("Harbour Review"));
}

#[test]
fn a_text_that_addresses_the_room_is_a_statement() {
    let a = extract_one(
        "Closing of the regional cyber conference\n\n12 March 2022\n\nExcellencies,\n\nLadies \
         and gentlemen,\n\nIt is my privilege to close this conference, which has shown how much \
         the region's states can agree on when they sit at one table.\n\nWe will meet again next \
         year to review what has been done.\n",
    );
    assert_eq!(a.kind, Kind::Statement);
    let joint = extract_one(
        "Joint declaration on digital trust\n\nWe, the Foreign Ministers of the harbour states, \
         recognise the growing threats to critical infrastructure and commit to share \
         information about incidents without delay.\n\nWe call on all states to do the same.\n",
    );
    assert_eq!(joint.kind, Kind::Statement);
}

#[test]
fn an_interview_in_dashed_turns_is_a_transcript() {
    let a = extract_one(
        "Interview with the harbour states' cyber envoy\n\nOur correspondent spoke with the \
         envoy about the new hotline and what it will change for the region.\n\n— How soon \
         will the hotline work?\n\n— Within weeks. The crisis centres are ready, and the \
         ministries have agreed on the procedures.\n\n— And if a state does not answer?\n\n\
         — Then we will know something about that state.\n",
    );
    assert_eq!(a.kind, Kind::Transcript);
}

#[test]
fn news_stays_news() {
    let a = extract_one(
        "Harbour states agree on cyber hotline\n\nThe foreign ministers of the harbour states \
         agreed on Tuesday to set up a hotline for cyber incidents, officials said.\n\n\
         \"This is a first step,\" said Ivo Marsh, the region's envoy.\n",
    );
    assert_eq!(a.kind, Kind::News);
}

/// A text that reports nobody's words is told by its narrator's voice: a
/// state taking a stand in its own release, a contact line or a readout's
/// outline; an author opening sentences in the first person, a paper
/// naming itself, numbered notes, a think tank's page; a hearing's record
/// and a podcast episode are conversations. News that reports stays news,
/// and a reporter's mid-sentence "our" is no author's voice.
#[test]
fn the_narrators_voice_decides_the_kind_of_an_unattributed_text() {
    let cases = [
        (
            "Agreement reached\n\nOslo, 9 May 2024. The states agreed on the last draft of the \
             agreement after two years of talks.\n\nNorway welcomes the agreement reached on the \
             draft, which gives the region a shared basis for its work.\n",
            Kind::PressRelease,
        ),
        (
            "Delegation to the fourth session\n\nThe fourth session of the committee will open \
             in Vienna on Monday. An envoy will lead the delegation.\n\nFor further \
             information, please write to the press office of the ministry.\n",
            Kind::PressRelease,
        ),
        (
            "Meeting on digital trust\n\nOn 3 May the harbour states met in Oslo on digital \
             trust. The overview is as follows:\n\n- The chair opened the meeting, and two \
             experts briefed it.\n",
            Kind::PressRelease,
        ),
        (
            "The code of conduct at a crossroads\n\nTwo years after the talks began, the code \
             of conduct for cyberspace is still a draft. Our view, as its critics, is that it stalled \
             long ago, and several states agree.\n",
            Kind::OpEd,
        ),
        (
            "Norms at a crossroads\n\nThe workshop met in Geneva in the spring.”2 The meeting \
             compared, with diplomats and scholars, the processes that write norms for \
             cyberspace.\n",
            Kind::OpEd,
        ),
        (
            "Harbour talks\n\nPublished by the Harbour Institute\n\nThe harbour states have \
             met four times since the spring, and the agenda has grown at every meeting.\n",
            Kind::OpEd,
        ),
        (
            "HEARING BEFORE THE SUBCOMMITTEE ON DIGITAL TRADE\n\nSerial No. 12\n\nThe \
             committee met at ten o'clock to hear three witnesses on cyber diplomacy.\n",
            Kind::Transcript,
        ),
        (
            "Harbour Casts\n\nIn this episode of Harbour Casts, our host sits down with the \
             ambassador for cyber affairs to talk about sanctions and norms.\n",
            Kind::Transcript,
        ),
        (
            "Seminar opens in Bergen\n\nBERGEN - Officials from twenty states met in private \
             on Monday. The network will help in our daily work against crime, the organisers \
             hope.\n",
            Kind::News,
        ),
    ];
    for (text, kind) in cases {
        assert_eq!(extract_one(text).kind, kind, "{text}");
    }
}

#[test]
fn readouts_name_speakers_after_by() {
    let a = extract_one(
        "Readout of the harbour states' meeting on cyber stability\n\nOn 3 May the meeting on \
         cyber stability was held by the harbour states. Opening remarks were given by Mr. Ivo \
         Marsh, the Foreign Minister of Nordhaven, which were followed by briefings by Ms. Lena \
         Brandt, Director of the Regional Cyber Office, Mr. Tomas Ferreira, Chief Executive of \
         the Grid Security Agency, and Dr. Ana Kovac, Senior Fellow of the Harbour Institute, as \
         well as statements by member states.\n\nThe session was opened by Mr. Karl Sand, who \
         welcomed the participants.\n",
    );
    let mut names = speakers(&a);
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Ana Kovac",
            "Ivo Marsh",
            "Karl Sand",
            "Lena Brandt",
            "Tomas Ferreira"
        ]
    );
}

#[test]
fn summaries_report_speech_with_the_verbs_they_use() {
    let a = extract_one(
        "Working group opens its session\n\nThe session was chaired by Amb. Lena Brandt, the \
         permanent representative of Nordhaven. Brandt reaffirmed that the group would work by \
         consensus and outlined the programme of work.\n\nIn his statement, Tomas Ferreira \
         reflected on the work of the previous group.\n",
    );
    let mut names = speakers(&a);
    names.sort_unstable();
    assert_eq!(names, ["Lena Brandt", "Tomas Ferreira"]);
}

#[test]
fn forums_described_rather_than_named_are_found() {
    let a = extract_one(
        "Harbour states back a treaty\n\nThe harbour states said on Monday they would sign the \
         United Nations cybercrime treaty once it opens for signature, and would keep working \
         in the open-ended working group on security of and in the use of ICTs.\n",
    );
    assert!(
        a.forums
            .iter()
            .any(|f| f == "UN Convention against Cybercrime"),
        "{:?}",
        a.forums
    );
    assert!(
        a.forums.iter().any(|f| f == "Open-ended Working Group"),
        "{:?}",
        a.forums
    );
    let prose = extract_one(
        "Harbour states talk\n\nA convention on cybercrime is not on the agenda of the harbour \
         states this year, their ministers said on Monday in a joint note.\n",
    );
    assert!(prose.forums.is_empty(), "{:?}", prose.forums);
}

/// Talks over the UN treaty are the Ad Hoc Committee's, in English and in
/// the committee's long Spanish name; an event a known body holds is a
/// forum of its own beside the body.
#[test]
fn the_committee_behind_the_treaty_and_events_of_known_bodies_are_forums() {
    let talks = extract_one(
        "Treaty talks end\n\nOn May 3, the delegations closed their last round of negotiations \
         at the UN on a global cybercrime treaty, and a vote is next.\n",
    );
    assert!(
        talks
            .forums
            .iter()
            .any(|f| f == "Ad Hoc Committee on Cybercrime"),
        "{:?}",
        talks.forums
    );
    let es = extract_one(
        "Norlandia celebra el acuerdo\n\nTras tres años, el texto salió del trabajo hecho en el \
         marco del Comité Especial para la Elaboración de una Convención Internacional \
         Integral sobre la Lucha contra la Utilización de las Tecnologías de la Información y las \
         Comunicaciones con Fines Delictivos, según el gobierno de Norlandia.\n",
    );
    assert!(
        es.forums
            .iter()
            .any(|f| f == "Ad Hoc Committee on Cybercrime"),
        "{:?}",
        es.forums
    );
    let event = extract_one(
        "Experts meet in Bergen\n\nOfficials from twenty states met on Monday for the third \
         ASEAN Regional Forum Workshop on Digital Trust in Bergen.\n",
    );
    // A meeting format of a body names the body: an Arria-formula meeting
    // is the Security Council members'.
    let arria = extract_one(
        "Members meet on ransomware\n\nNorway will host an Arria-formula meeting on ransomware \
         next week, with briefings from two experts on health care.\n",
    );
    for want in [
        "UN Security Council Arria-formula meeting",
        "UN Security Council",
    ] {
        assert!(
            arria.forums.iter().any(|f| f == want),
            "{want}: {:?}",
            arria.forums
        );
    }
    // The event is its own forum; the body is listed where it is named
    // on its own (the fixtures' rule for a name inside a longer one).
    assert_eq!(
        event.forums,
        ["ASEAN Regional Forum Workshop on Digital Trust"],
        "{:?}",
        event.forums
    );
    let both = extract_one(
        "Experts meet in Bergen\n\nOfficials met on Monday for the third ASEAN Regional Forum \
         Workshop on Digital Trust in Bergen. The ASEAN Regional Forum will take up its report.\n",
    );
    for want in [
        "ASEAN Regional Forum",
        "ASEAN Regional Forum Workshop on Digital Trust",
    ] {
        assert!(
            both.forums.iter().any(|f| f == want),
            "{want}: {:?}",
            both.forums
        );
    }
}

#[test]
fn the_body_a_record_is_of_and_events_named_with_a_year_are_forums() {
    let forums = |text: &str| extract_one(text).forums;
    // The body whose meeting the record is, whatever its topic.
    let record = forums(
        "Morning meeting\n\n>> CHAIR: Good morning, and welcome to the fourth meeting of the \
         Working Group of the Harbour Council. We begin with the agenda.\n",
    );
    assert!(
        record
            .iter()
            .any(|f| f == "Working Group of the Harbour Council"),
        "{record:?}"
    );
    // The committee a hearing was held before, named on its cover.
    let hearing = forums(
        "12\n\nPRINTING OFFICE OSLO : Copies from the office of documents, Box 4, Oslo \
         77-123PDF 2019 NORDIC CYBER DIPLOMACY AFTER THE STORM HEARING BEFORE THE SUBCOMMITTEE \
         ON DIGITAL TRADE FIRST SESSION MAY 3, 2019 Serial No. 4\n\nThe committee met to hear \
         three witnesses on cyber diplomacy after the storm, and the chair opened the hearing.\n",
    );
    assert!(
        hearing.iter().any(|f| f == "Subcommittee on Digital Trade"),
        "{hearing:?}"
    );
    // An event named with its year, on the archive's topics.
    let event = forums(
        "Minister greets a symposium\n\nThe minister of Norland sent warm greetings to the \
         symposium Digital Harbours 2025, which Bergen hosts this week.\n",
    );
    assert!(
        event.iter().any(|f| f == "Digital Harbours 2025"),
        "{event:?}"
    );
    // An acronym's plural, and the Assembly by its resolutions' short form.
    let plural = forums(
        "Talks resume\n\nThe chair said the reports of the previous GGEs, and GA resolution \
         78/123, are the basis of the new talks.\n",
    );
    for want in ["Group of Governmental Experts", "UN General Assembly"] {
        assert!(plural.iter().any(|f| f == want), "{want}: {plural:?}");
    }
    // A shorter name inside a longer one is the longer forum's.
    let nested = forums(
        "Delegates gather\n\nDelegates arrived in Bergen for the ITU Plenipotentiary \
         Conference, which opens on Monday.\n",
    );
    assert_eq!(nested, ["ITU Plenipotentiary Conference"], "{nested:?}");
}

#[test]
fn prose_in_other_languages_is_kept_and_its_forums_found() {
    let ru = extract_one(
        "Заявление министров о сотрудничестве\n\nМинистры гаванских государств заявили, что \
         продвижение Конвенции ООН по борьбе с киберпреступностью остается для них главной \
         задачей на этот год, и что они будут работать в Совете Безопасности ООН.\n",
    );
    assert_eq!(
        ru.body.len(),
        1,
        "the Russian paragraph is prose, not furniture"
    );
    assert!(
        ru.forums
            .iter()
            .any(|f| f == "UN Convention against Cybercrime"),
        "{:?}",
        ru.forums
    );
    assert!(
        ru.forums.iter().any(|f| f == "UN Security Council"),
        "{:?}",
        ru.forums
    );
    let es = extract_one(
        "Los Estados celebran el acuerdo\n\nLos ministros de los Estados del puerto celebraron \
         la adopción de la Convención contra la Ciberdelincuencia por la Asamblea General de \
         las Naciones Unidas y pidieron su pronta firma.\n",
    );
    assert!(
        es.forums
            .iter()
            .any(|f| f == "UN Convention against Cybercrime"),
        "{:?}",
        es.forums
    );
    assert!(
        es.forums.iter().any(|f| f == "UN General Assembly"),
        "{:?}",
        es.forums
    );
}

#[test]
fn every_statement_carries_how_it_was_found_and_the_line_that_shows_it() {
    use demarche::model::StatementMode;
    let a = extract_one(
        "Harbour states agree on cyber hotline\n\nThe foreign ministers agreed on Tuesday to set \
         up a hotline for cyber incidents.\n\n\"This is a first step,\" said Ivo Marsh, the \
         region's envoy.\n\nLena Brandt, the Nordhaven minister, said the hotline would be run \
         by the crisis centres.\n",
    );
    let by = |name: &str| a.statements.iter().find(|s| s.speaker == name).expect(name);
    let marsh = by("Ivo Marsh");
    assert_eq!(marsh.mode, StatementMode::Quote);
    assert!(
        marsh.evidence.contains("said Ivo Marsh"),
        "{}",
        marsh.evidence
    );
    let brandt = by("Lena Brandt");
    assert_eq!(brandt.mode, StatementMode::Reported);
    assert!(
        brandt
            .evidence
            .starts_with("Lena Brandt, the Nordhaven minister, said")
    );
    let speech = extract_one(
        "Opening of the Digital Trust Conference\n\nAs delivered by Greta Lindqvist, Deputy \
         Director of the Regional Cyber Office\n\nExcellencies,\n\nIt is an honour to open this \
         conference on the protection of water and power grids in the region.\n",
    );
    assert_eq!(speech.statements[0].mode, StatementMode::Authored);
    assert!(
        speech.statements[0]
            .evidence
            .starts_with("As delivered by Greta Lindqvist")
    );
}

#[test]
fn a_speech_header_beats_a_masthead_as_the_headline() {
    let a = extract_one(
        "Ministry of Digital Affairs\n\nStatement by H.E. Ambassador Lena Brandt at the Debate \
         on Information Security\n\n12 March 2022\n\nThank you, Chair.\n\nMy delegation \
         welcomes the progress made by the group this year and will continue to work for \
         consensus on the remaining questions.\n",
    );
    assert_eq!(
        a.title,
        "Statement by H.E. Ambassador Lena Brandt at the Debate on Information Security"
    );
    assert_eq!(speakers(&a), ["Lena Brandt"]);
    assert_eq!(a.kind, Kind::Statement);
    assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("2022-03-12"));
}

#[test]
fn a_bulleted_readout_is_not_an_interview() {
    let a = extract_one(
        "Readout of the harbour states' meeting\n\nThe harbour states met on 3 May to discuss \
         the protection of critical infrastructure. The outline is as follows:\n\n- The \
         ministers agreed to set up a hotline for cyber incidents between their crisis \
         centres.\n\n- They asked their experts to report on the hotline within six months.\n\n\
         - They will meet again next year in Nordhaven.\n",
    );
    assert_ne!(a.kind, Kind::Transcript);
}

#[test]
fn a_subheading_with_a_title_is_not_a_turn() {
    let a = extract_one(
        "Harbour states agree on cyber hotline\n\nThe foreign ministers of the harbour states \
         agreed on Tuesday to set up a hotline for cyber incidents, officials said.\n\n\
         Secretary General\n\nThe alliance's secretary general welcomed the hotline in a short \
         note to members on Wednesday, officials said.\n",
    );
    assert_eq!(a.kind, Kind::News);
    assert!(
        a.speakers.iter().all(|p| p.name != "General"),
        "{:?}",
        a.speakers
    );
}

/// Credits real pages give their publisher, each in a document of our own
/// writing: a "Source:" line ending a paragraph (a picture agency's under a
/// photograph is not the page's), a wire between slashes in an Arabic
/// dateline (known or not), a Chinese wire's dateline (新华社…电), a mailing
/// list's subject tag under a list archive's navigation, and a ministry's
/// letterhead over two lines. A document symbol's slashes are no credit.
#[test]
fn credits_in_other_shapes_and_scripts_name_the_source() {
    let cases = [
        (
            "Leaders to meet on online extremism\n\nThe two leaders will meet in Paris. Source: \
             Photo Library Getty\n\nThe summit will discuss algorithms and the spread of violent \
             content online, officials said. Source: Harbour Review\n",
            Some("Harbour Review"),
        ),
        (
            "الأمم المتحدة تعتمد اتفاقية\n\nالرياض في 3 مايو /واس/ أعلنت الأمم المتحدة اعتماد \
             اتفاقية جديدة لمكافحة الجرائم الإلكترونية بعد سنوات من المفاوضات.\n",
            Some("SPA"),
        ),
        (
            "Bulgaria backs the cybercrime treaty\n\nSOFIA, 3 May /BTA/. Bulgaria will sign the \
             United Nations convention against cybercrime, the foreign ministry announced.\n",
            Some("BTA"),
        ),
        (
            "中方支持联合国网络安全进程\n\n新华社北京3月5日电 外交部发言人在例行记者会上介绍了中方立场。\n",
            Some("Xinhua"),
        ),
        (
            "Thread Index | Date Index | Date Prev | Thread Next\n\n\
             [CyberWatch] Ministers meet in Oslo on online extremism\n\nMarch 4, 2006\n\n\
             Ministers of twelve states gathered in Oslo on Monday to discuss extremist content \
             online.\n",
            Some("CyberWatch"),
        ),
        (
            "Ministry of Foreign Affairs\n\nPeople’s Republic of China\n\nStatement at the \
             Thematic Debate on Cyber Security\n\nMr. Chair, China supports the work of the \
             committee on information security.\n",
            Some("Chinese Foreign Ministry"),
        ),
        (
            "Statement on the adoption of the convention\n\nUNIC/PR/2291\n\n4 May 2025\n\nI \
             welcome the adoption of the new convention by the General Assembly.\n",
            None,
        ),
    ];
    for (text, source) in cases {
        let a = extract_one(text);
        assert_eq!(a.source.as_deref(), source, "{text}");
    }
}

/// Pages that name their publisher only in their own furniture: an imprint
/// line, a banner with its slogan, a masthead over its "Posted" line, an
/// office's release symbol, the paper whose correspondent asks the
/// questions, a known site's subdomain.
#[test]
fn publishers_named_by_the_pages_own_furniture_are_the_source() {
    let cases = [
        (
            "Published by the Harbour Institute in partnership with\n\nOn May 3 the talks on the \
             code of conduct ended without agreement, and the treaty's fate is open.\n",
            "Harbour Institute",
        ),
        (
            "Harbour Review - Your Guide to Security Policy\n\nIn this episode our host talks \
             with the envoy for digital affairs about export controls on software.\n",
            "Harbour Review",
        ),
        (
            "Norland Notes\n\nPosted Mon 3 May 2021\n\nTalks on the code of conduct\n\nThe \
             committee will meet tomorrow to discuss the code of conduct for cyberspace.\n",
            "Norland Notes",
        ),
        (
            "UNIS/CP/77\n\n2 May 2024\n\nI welcome the adoption of the new convention by the \
             General Assembly, a step long awaited.\n",
            "UNIS",
        ),
        (
            "О конвенции и её будущем корреспонденту «Ъ» рассказал заместитель министра \
             иностранных дел Норландии Иван Петров.\n",
            "Kommersant",
        ),
        (
            "Hearing on cyber diplomacy\n\nPrinted for the record; copies from \
             bookstore.gpo.gov, and online at the committee's site.\n\nThe committee heard \
             three witnesses on the state of cyber diplomacy.\n",
            "U.S. Government Publishing Office",
        ),
    ];
    for (text, source) in cases {
        let a = extract_one(text);
        assert_eq!(a.source.as_deref(), Some(source), "{text}");
    }
}

/// A speech's salutations are dropped as too short to be prose, but the
/// body a salutation addresses is a forum of the speech.
#[test]
fn the_body_a_salutation_addresses_is_a_forum() {
    let a = extract_one(
        "Remarks at the opening of the conference\n\nExcellencies,\n\nMembers of the Octopus \
         Conference,\n\nLadies and gentlemen,\n\nIt is an honour to open this meeting. \
         Cooperation between law enforcement authorities across borders has never mattered \
         more, and the treaty gives us the tools to achieve it.\n",
    );
    assert!(
        a.forums.iter().any(|f| f == "Octopus Conference"),
        "{:?}",
        a.forums
    );
}

/// A document speaks for those who signed it: after "X and Y signed the
/// joint statement", "said the statement", "according to the statement" and
/// "it said" are their words. With no signers named, the statement is no
/// one's.
#[test]
fn a_signed_statement_speaks_for_its_signers() {
    let a = extract_one(
        "Two leaders call for rules in cyberspace\n\nThe two governments on Monday voiced \
         concern over attacks on critical infrastructure.\n\nPresident Anna Kowalczyk of Poland \
         and her Estonian counterpart Mart Saarepuu signed the joint statement in Tallinn after \
         talks at a regional summit.\n\n\"We call on all states to respect the agreed norms of \
         responsible behaviour in cyberspace,\" said the statement.\n\nThe two countries will \
         also support a permanent mechanism at the United Nations, it said.\n",
    );
    assert_eq!(speakers(&a), ["Anna Kowalczyk", "Mart Saarepuu"]);
    assert!(
        a.statements
            .iter()
            .any(|s| s.speaker == "Mart Saarepuu" && s.text.starts_with("We call on")),
        "{:?}",
        a.statements
    );
    let unsigned = extract_one(
        "Ministers meet on cyber norms\n\nMinisters met in Tallinn on Monday.\n\n\"We call on all \
         states to respect the agreed norms of responsible behaviour,\" said the statement.\n",
    );
    assert!(speakers(&unsigned).is_empty(), "{:?}", unsigned.speakers);
}

/// Headlines as saved pages leave them: a back link glued before it
/// ("Retour …"), a list's tag in brackets ("[CyberWatch] …"), and a long
/// first line opened by a short parenthesis ("(2nd meeting) …"). A numbered
/// section "(一)…" is not such a parenthesis, and "Back to …" keeps its word.
#[test]
fn headlines_with_back_links_tags_and_parentheses() {
    let story = "\n\nDelegates met in Vienna on Monday to continue the negotiations on the \
                 treaty, and the chair said the committee would work through the night to \
                 finish the treaty text on time.\n";
    let cases = [
        (
            "Retour Treaty negotiations continue in Vienna",
            "Treaty negotiations continue in Vienna",
        ),
        (
            "[CyberWatch] Treaty negotiations continue in Vienna",
            "Treaty negotiations continue in Vienna",
        ),
        (
            "Back to the table: treaty negotiations continue in Vienna",
            "Back to the table: treaty negotiations continue in Vienna",
        ),
        (
            "(2nd meeting) Resumed session of the committee to continue the negotiations on the \
             treaty on countering the criminal use of information technologies in Vienna",
            "(2nd meeting) Resumed session of the committee to continue the negotiations on the \
             treaty on countering the criminal use of information technologies in Vienna",
        ),
    ];
    for (headline, want) in cases {
        let a = extract_one(&format!("{headline}{story}"));
        assert_eq!(a.title, want);
    }
}

/// A podcast episode presented in prose: the host and the guest both
/// speak, the show does not.
#[test]
fn an_episodes_host_and_guest_are_its_speakers() {
    let a = extract_one(
        "Harbour Casts - Your Guide to Security Policy\n\nIn this episode of Harbour Casts, \
         Ada Lind (host of the show) sits down with Ivo Marsh, Ambassador for Cyber Affairs of \
         Norway. They discuss how sanctions and shared rules limit what states do online.\n",
    );
    assert_eq!(speakers(&a), ["Ada Lind", "Ivo Marsh"]);
    assert_eq!(a.kind, Kind::Transcript);
    assert_eq!(a.source.as_deref(), Some("Harbour Casts"));
}

/// A meeting's long formal name on the first line stays the headline when
/// the story repeats few of its words and a report's own headline follows;
/// a hearing record is titled by the capitals its cover gives before
/// "HEARING BEFORE THE", not by its imprint lines.
#[test]
fn long_formal_names_and_hearing_covers_give_the_headline() {
    let formal = "(3rd meeting) Resumed second session of the Special Committee to Draft a \
                  Comprehensive Regional Agreement on Preventing the Abuse of Digital \
                  Networks and Services for Unlawful Ends";
    let a = extract_one(&format!(
        "{formal}\n\n4 May 2024 10:00h - 13:00h\n\nSession report\n\nCommittee meets in \
         Oslo to settle the agreement\n\nThe special committee met in Oslo for the session to settle the \
         text of the agreement on digital security. The chair asked the delegations to settle the last articles of the text \
         this week, and the committee agreed to meet again.\n"
    ));
    assert_eq!(a.title, formal);
    let b = extract_one(
        "12\n\nPRINTING OFFICE OSLO : Copies from the office of documents, Box 4, Oslo \
         77-123PDF 2019 NORDIC CYBER DIPLOMACY AFTER THE STORM HEARING BEFORE THE SUBCOMMITTEE \
         ON DIGITAL TRADE FIRST SESSION MAY 3, 2019 Serial No. 4\n\nThe committee met to hear \
         three witnesses on cyber diplomacy after the storm, and the chair opened the hearing.\n",
    );
    assert_eq!(b.title, "NORDIC CYBER DIPLOMACY AFTER THE STORM");
    assert_eq!(b.kind, Kind::Transcript);
}

/// A statement with no headline, its first sentence standing in for one,
/// still opens in the speaker's own voice: it is a statement.
#[test]
fn a_headless_statement_opening_in_the_first_person_is_a_statement() {
    let a = extract_one(
        "PR/2291\n\n4 May 2025\n\nI welcome the adoption of the new convention on cybercrime by \
         the General Assembly today.\n\nThis step gives every country the tools to cooperate \
         against crime that crosses borders, and it comes at the right time.\n",
    );
    assert_eq!(a.kind, Kind::Statement);
}

/// Attribution constructions of real reports, each in our own words: a
/// verb before its subject after a quote ("…," declared NAME), an
/// apposition with an organisation under a first name that is also a place
/// ("Sofia Rinaldi, a researcher at ORG, said": the person, whole), a time
/// phrase between name and verb ("NAME on Thursday called for"), and an
/// unnamed official whose "she said" is no one named.
#[test]
fn inverted_verbs_appositions_and_time_phrases_name_the_speaker() {
    let a = extract_one(
        "Treaty talks stall\n\n\"We cannot accept this text,\" declared Olaf Brenner, the \
         negotiator for Norland.\n\nSofia Rinaldi, a researcher at the Digital Policy \
         Institute, said the talks were at risk.\n\nPeter Novak on Thursday called for more \
         transparency in the process.\n\nA senior official said the deadline could slip. \"We \
         are working on it,\" she said.\n",
    );
    assert_eq!(
        speakers(&a),
        ["Olaf Brenner", "Sofia Rinaldi", "Peter Novak"],
        "{:?}",
        a.statements
    );
}

/// "By NAME for OUTLET" over a report of what others said is the
/// correspondent's byline: the story is news and the reporter no speaker.
/// Over a text that speaks as "we", it is the author's commentary.
#[test]
fn a_correspondents_byline_is_not_an_authors() {
    let report = extract_one(
        "Japan joins cyber dialogue\n\nBy Hana Sato for Harbour Review\n\nJapan will join the \
         regional cyber dialogue next month, the foreign ministry said on Thursday in Tokyo. \
         Officials told reporters the first meeting would take place in Seoul.\n",
    );
    assert_eq!(report.kind, Kind::News);
    assert!(speakers(&report).is_empty(), "{:?}", report.speakers);
    let comment = extract_one(
        "Why the cyber dialogue matters\n\nBy Hana Sato for Harbour Review\n\nWe should welcome \
         the regional cyber dialogue: our region has waited too long for a forum where states \
         can settle their differences in cyberspace.\n",
    );
    assert_eq!(comment.kind, Kind::OpEd);
    assert_eq!(speakers(&comment), ["Hana Sato"]);
}

/// A meeting record's turns: "Mr. SURNAME (Country):" and "Firstname
/// SURNAME:" open turns as capitals-only labels do; the record is a
/// transcript whose title is its heading line, not its first turn.
#[test]
fn record_turns_with_surnames_in_capitals_open_turns() {
    let a = extract_one(
        "Working group on cyber norms, third meeting\n\nMr. LINDQVIST (Norland): Thank you, \
         Chair. Norland supports the draft report and its annex.\n\nMs. ANAYA (Vesteria): \
         Vesteria agrees with the previous speaker on capacity building.\n\nIvan MALENICA: \
         Croatia supports the text as it stands.\n",
    );
    assert_eq!(a.kind, Kind::Transcript);
    assert_eq!(a.title, "Working group on cyber norms, third meeting");
    assert_eq!(speakers(&a), ["Lindqvist", "Anaya", "Ivan Malenica"]);
}

/// A page dated only by a span of days ("12–13 November 2023") is dated
/// by the first day; a single date elsewhere in the header still wins.
#[test]
fn a_span_of_days_dates_a_page_by_its_first_day() {
    let a = extract_one(
        "Talks in Vienna\n\nVIENNA, 12–13 November 2023 -- Delegates met for two days to discuss \
         the cybercrime treaty text, officials said.\n",
    );
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-11-12"));
    let b = extract_one(
        "Talks in Vienna\n\nPublished 20 November 2023\n\nDelegates met on 12–13 November 2023 \
         to discuss the cybercrime treaty text, officials said on Monday.\n",
    );
    assert_eq!(b.date.map(|d| d.to_string()).as_deref(), Some("2023-11-20"));
}

/// UN meetings coverage: "Next to brief was NAME, ROLE, who said …" names
/// a speaker, beside delegations ("the representative of X said").
#[test]
fn next_to_brief_was_name_who_said() {
    let a = extract_one(
        "Committee continues debate on information security\n\nThe representative of Kenya \
         said that capacity building was essential.\n\nNext to brief was Maria Costa, Director \
         of the Cyber Institute, who said that norms must be implemented.\n",
    );
    assert_eq!(speakers(&a), ["Kenya", "Maria Costa"]);
}

/// A release's dateline in title case, "Place, whole date." then the text,
/// dates the page (Spanish and English), unlike a date inside a sentence.
#[test]
fn a_releases_title_case_dateline_dates_the_page() {
    let es = extract_one(
        "Norlandia saluda el nuevo tratado\n\nLos ministros esperan que el texto entre en vigor \
         antes de fin de año\n\nCiudad de Norlandia, 9 de \
         agosto de 2024. Los Estados miembros aprobaron por consenso el texto de la convención \
         contra el ciberdelito, informó la cancillería.\n",
    );
    assert_eq!(
        es.date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-09")
    );
    let en = extract_one(
        "Norland welcomes the convention\n\nPort Vesna, 9 August 2024. The member states adopted \
         the convention against cybercrime by consensus, the ministry said.\n",
    );
    assert_eq!(
        en.date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-09")
    );
}
