//! A synthetic corpus of raw documents shaped like the seeds in
//! `data/articles/` and `tests/fixtures/articles/`: scraped news pages with
//! menus and share buttons, press releases, op-eds and meeting transcripts,
//! dated in the many ways outlets date things, quoting a few hundred
//! speakers in the many ways outlets attribute quotes, about dozens of
//! forums taken from the gazetteer.
//!
//! Every document depends only on the seed and its number, so a corpus can
//! be written in any order (or in parallel) and is the same every time.

use std::fmt::Write as _;

use demarche::extract::Gazetteer;
use demarche::model::MONTHS;

/// One speaker the corpus quotes.
#[derive(Clone)]
pub struct Speaker {
    pub name: String,
    pub surname: String,
    pub role: String,
    pub country: String,
    pub he: bool,
}

/// A forum, with the ways a text may name it.
#[derive(Clone)]
pub struct ForumName {
    pub names: Vec<String>,
}

/// An outlet and the page furniture its scrapes carry.
#[derive(Clone)]
pub struct Outlet {
    pub name: String,
    pub domain: String,
}

pub struct Generator {
    seed: u64,
    speakers: Vec<Speaker>,
    forums: Vec<ForumName>,
    outlets: Vec<Outlet>,
    countries: Vec<String>,
}

/// Synthetic speakers added to the gazetteer's own.
const SYNTHETIC_SPEAKERS: usize = 360;

const FIRST_HE: &[&str] = &[
    "Alexei", "Boris", "Carlos", "David", "Erik", "Farid", "Gustavo", "Hiroshi", "Ivan", "Jonas",
    "Kwame", "Lars", "Mehmet", "Nikolai", "Omar", "Pedro", "Rahul", "Stefan", "Tomas", "Wei",
    "Yusuf", "Zhang", "Arjun", "Felipe", "Dmitry", "Henrik", "Kenji", "Mateus", "Sergio", "Thabo",
];
const FIRST_SHE: &[&str] = &[
    "Anna",
    "Beatriz",
    "Chloe",
    "Daria",
    "Elena",
    "Fatima",
    "Greta",
    "Hana",
    "Ingrid",
    "Julia",
    "Katarzyna",
    "Leila",
    "Maria",
    "Nadia",
    "Olga",
    "Priya",
    "Rosa",
    "Sofia",
    "Tanja",
    "Yuki",
    "Amara",
    "Ewa",
    "Lucia",
    "Mei",
    "Noura",
];
const SURNAMES: &[&str] = &[
    "Petrov",
    "Almeida",
    "Nakamura",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Kowalski",
    "Moreau",
    "Novak",
    "Rahman",
    "Schneider",
    "Tanaka",
    "Usmanov",
    "Varga",
    "Wojcik",
    "Yilmaz",
    "Zhou",
    "Abdullah",
    "Bergstrom",
    "Castillo",
    "Demir",
    "Eriksen",
    "Fernandes",
    "Gupta",
    "Hoffmann",
    "Ibrahim",
    "Jansen",
    "Kaur",
    "Larsen",
    "Mendoza",
    "Nilsson",
    "Ortega",
    "Popescu",
    "Quispe",
    "Rossi",
    "Sato",
    "Takahashi",
    "Ueda",
    "Volkov",
    "Watanabe",
    "Xu",
    "Yamamoto",
    "Zaitsev",
    "Andersen",
    "Bakr",
    "Chen",
    "Dlamini",
    "Esposito",
    "Fischer",
    "Grigoryan",
    "Horvath",
    "Iqbal",
    "Jovanovic",
    "Kim",
    "Lopez",
    "Mwangi",
    "Nguyen",
    "Oliveira",
    "Park",
    "Qureshi",
];
const ROLES: &[&str] = &[
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Permanent Representative to the United Nations",
    "Ambassador-at-large for cyber affairs",
    "Special Envoy for Cyber Diplomacy",
    "Director of the Department of International Information Security",
    "head of the delegation",
    "Minister of Digital Development",
    "Deputy Permanent Representative",
    "cyber coordinator at the Foreign Ministry",
    "Security Council Secretary",
    "spokesperson of the Foreign Ministry",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "stressed",
    "noted",
    "added",
    "emphasised",
    "warned",
    "stated",
    "underlined",
    "pointed out",
    "told journalists",
    "remarked",
];
const TOPICS: &[&str] = &[
    "the application of international law in cyberspace",
    "voluntary norms of responsible state behaviour",
    "confidence-building measures between states",
    "capacity-building for developing countries",
    "the protection of critical infrastructure",
    "the security of ICT supply chains",
    "ransomware attacks on hospitals",
    "a legally binding instrument on information security",
    "the future regular institutional dialogue",
    "the Programme of Action proposal",
    "countering the use of ICTs for criminal purposes",
    "the militarisation of the information space",
    "data sovereignty and cross-border data flows",
    "the attribution of malicious cyber activity",
    "the role of the private sector and civil society",
    "a global points-of-contact directory",
    "the digital divide and technology transfer",
    "the threat of disinformation campaigns",
    "artificial intelligence in military systems",
    "the protection of human rights online",
];
const FILLER: &[&str] = &[
    "Delegations spent much of the session on the wording of the draft, which several states described as unbalanced.",
    "Observers expect the negotiations to continue into the next session, with a revised text due before the summer.",
    "The meeting was attended by representatives of more than a hundred member states and a number of regional organisations.",
    "Diplomats familiar with the talks said the main disagreement concerned the scope of the future instrument.",
    "The document, which runs to some forty pages, sets out a timetable for consultations and a list of agreed principles.",
    "Experts note that the number of reported incidents affecting government networks has grown steadily in recent years.",
    "Several smaller delegations asked for a dedicated fund to support their participation in the process.",
    "The chair circulated a non-paper summarising the points of convergence identified so far.",
    "Civil society groups, which follow the talks as observers, called for greater transparency in the drafting.",
    "The previous round ended without a consensus report, although a chair's summary was published.",
    "Officials said that the consultations would resume in the autumn in New York and Geneva.",
    "A joint statement was signed by the heads of delegation at the close of the meeting.",
    "The proposal builds on the reports adopted by consensus in 2015 and 2021.",
    "Industry representatives warned that fragmented rules could raise costs for cloud providers and telecom operators.",
    "The secretariat will prepare a compilation of national views ahead of the next informal consultations.",
    "Some delegations questioned whether existing international law was sufficient to deal with new threats.",
    "Analysts say the outcome will shape the agenda of the General Assembly for several years.",
    "The talks took place against the background of sanctions and a sharp rise in state-sponsored hacking.",
];
const FURNITURE: &[&str] = &[
    "Share this article",
    "Facebook Twitter Telegram WhatsApp Email",
    "Subscribe to our newsletter",
    "Read more:",
    "Related Topics",
    "Advertisement",
    "Most read",
    "Comments",
    "Follow us on Telegram",
    "Print this page",
    "Log in | Register",
    "Cookies help us deliver our services. By using our services, you agree to our use of cookies.",
    "Home  World  Politics  Economy  Society  Science  Sport  Opinion",
    "Search",
    "All rights reserved",
    "Download the app",
    "Tags: cybersecurity, United Nations, diplomacy",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const CITIES: &[&str] = &[
    "MOSCOW",
    "BEIJING",
    "NEW YORK",
    "GENEVA",
    "VIENNA",
    "BRUSSELS",
    "NEW DELHI",
    "BRASILIA",
    "PRETORIA",
    "TOKYO",
    "WASHINGTON",
    "LONDON",
    "PARIS",
    "ASTANA",
    "JAKARTA",
];

impl Generator {
    /// A generator drawing names from the gazetteer (forums, outlets,
    /// people, countries) plus synthetic speakers.
    pub fn new(gaz: &Gazetteer, gazetteer_toml: &str, seed: u64) -> Generator {
        let mut rng = fastrand::Rng::with_seed(seed);
        let countries: Vec<String> = toml::from_str::<toml::Value>(gazetteer_toml)
            .ok()
            .and_then(|v| v.get("country").and_then(|c| c.as_array()).cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.get("name")?.as_str().map(str::to_string))
            .collect();
        let countries = if countries.is_empty() {
            vec![
                "Russia".to_string(),
                "China".to_string(),
                "Brazil".to_string(),
            ]
        } else {
            countries
        };
        let mut speakers: Vec<Speaker> = gaz
            .people
            .iter()
            .map(|p| Speaker {
                surname: p.name.rsplit(' ').next().unwrap_or(&p.name).to_string(),
                name: p.name.clone(),
                role: p.role.clone().unwrap_or_else(|| "diplomat".to_string()),
                country: p.country.clone().unwrap_or_else(|| countries[0].clone()),
                he: true,
            })
            .collect();
        let mut seen: std::collections::HashSet<String> =
            speakers.iter().map(|s| s.name.clone()).collect();
        while speakers.len() < gaz.people.len() + SYNTHETIC_SPEAKERS {
            let he = rng.bool();
            let first = if he {
                FIRST_HE[rng.usize(..FIRST_HE.len())]
            } else {
                FIRST_SHE[rng.usize(..FIRST_SHE.len())]
            };
            let surname = SURNAMES[rng.usize(..SURNAMES.len())];
            let name = format!("{first} {surname}");
            if !seen.insert(name.clone()) {
                continue;
            }
            speakers.push(Speaker {
                name,
                surname: surname.to_string(),
                role: ROLES[rng.usize(..ROLES.len())].to_string(),
                country: countries[rng.usize(..countries.len().min(60))].clone(),
                he,
            });
        }
        let forums = gaz
            .forums
            .iter()
            .map(|f| {
                let mut names = vec![f.name.clone()];
                names.extend(f.acronyms.iter().cloned());
                names.extend(f.aliases.iter().take(3).cloned());
                ForumName { names }
            })
            .collect();
        let outlets = gaz
            .outlets
            .iter()
            .map(|o| Outlet {
                name: o.name.clone(),
                domain: o
                    .domains
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "example.org".to_string()),
            })
            .collect();
        Generator {
            seed,
            speakers,
            forums,
            outlets,
            countries,
        }
    }

    /// Document `i`: its file name (relative to the data folder) and text.
    pub fn document(&self, i: usize) -> (String, String) {
        let mut rng = fastrand::Rng::with_seed(
            self.seed
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(i as u64),
        );
        let target = rng.usize(2000..4000);
        let transcript = rng.u8(..100) < 12;
        let text = if transcript {
            self.transcript(&mut rng, target)
        } else {
            self.news(&mut rng, target)
        };
        let name = format!(
            "articles/{:03}/{i:06}_{}.txt",
            i / 1000,
            if transcript { "transcript" } else { "news" }
        );
        (name, text)
    }

    fn pick<'a, T>(rng: &mut fastrand::Rng, v: &'a [T]) -> &'a T {
        &v[rng.usize(..v.len())]
    }

    fn date(rng: &mut fastrand::Rng) -> (i32, usize, u32) {
        (rng.i32(2013..=2025), rng.usize(..12), rng.u32(1..=28))
    }

    fn forum_name(&self, rng: &mut fastrand::Rng, f: usize) -> String {
        let names = &self.forums[f % self.forums.len()].names;
        Self::pick(rng, names).clone()
    }

    fn sentence(&self, rng: &mut fastrand::Rng, forum: &str) -> String {
        let topic = Self::pick(rng, TOPICS);
        match rng.u8(..6) {
            0 => format!(
                "We believe that {topic} must remain at the centre of the work of the {forum}."
            ),
            1 => format!(
                "Our country is ready to work with all partners on {topic}, on the basis of equality and mutual respect."
            ),
            2 => format!(
                "There can be no security for some at the expense of others when it comes to {topic}."
            ),
            3 => format!(
                "The {forum} is the right place to discuss {topic}, and we will not accept attempts to move it elsewhere."
            ),
            4 => format!(
                "{} This is why {topic} deserves far more attention than it has received.",
                Self::pick(rng, FILLER)
            ),
            _ => format!(
                "We call on all states to refrain from unilateral steps on {topic} and to seek consensus."
            ),
        }
    }

    fn news(&self, rng: &mut fastrand::Rng, target: usize) -> String {
        let outlet = Self::pick(rng, &self.outlets).clone();
        let (y, m, d) = Self::date(rng);
        let f1 = rng.usize(..self.forums.len());
        let f2 = rng.usize(..self.forums.len());
        let forum = self.forum_name(rng, f1);
        let forum2 = self.forum_name(rng, f2);
        let sp: Vec<Speaker> = (0..rng.usize(1..=3))
            .map(|_| Self::pick(rng, &self.speakers).clone())
            .collect();
        let country = Self::pick(rng, &self.countries).clone();
        let topic = Self::pick(rng, TOPICS);
        let mut t = String::with_capacity(target + 512);
        // Masthead and menu furniture.
        let _ = writeln!(t, "{}", outlet.name);
        let _ = writeln!(t, "{}\n", Self::pick(rng, FURNITURE));
        let title = match rng.u8(..4) {
            0 => format!("{} calls for progress on {topic} at {forum}", sp[0].country),
            1 => format!("{} says {forum} must address {topic}", sp[0].name),
            2 => format!("{country} and partners discuss {topic}"),
            _ => format!("{forum}: delegations divided over {topic}"),
        };
        let _ = writeln!(t, "{title}\n");
        let month = MONTHS[m];
        match rng.u8(..6) {
            0 => {
                let _ = writeln!(
                    t,
                    "Published {month} {d}, {y} | {:02}:{:02} PM\n",
                    rng.u8(1..12),
                    rng.u8(..60)
                );
            }
            1 => {
                let _ = writeln!(
                    t,
                    "{:02}:{:02} {d:02}.{:02}.{y}\n",
                    rng.u8(..24),
                    rng.u8(..60),
                    m + 1
                );
            }
            2 => {
                let _ = writeln!(t, "{y}-{:02}-{d:02}\n", m + 1);
            }
            3 => {
                let wd = WEEKDAYS[rng.usize(..7)];
                let _ = writeln!(t, "{wd}, {d} {month} {y}\n");
            }
            4 => {
                let _ = writeln!(
                    t,
                    "By {} | {d} {month} {y}\n",
                    Self::pick(rng, &self.speakers).surname
                );
            }
            _ => {
                let _ = writeln!(t, "Updated: {month} {d}, {y}\n");
            }
        }
        let city = Self::pick(rng, CITIES);
        let _ = writeln!(
            t,
            "{city}, {month} {d} ({}) - The {} of {}, {}, {} {} on {topic} at the {forum}.\n",
            outlet.name,
            sp[0].role,
            sp[0].country,
            sp[0].name,
            Self::pick(rng, VERBS),
            if rng.bool() {
                "that the country would present proposals"
            } else {
                "that work must continue"
            },
        );
        let mut k = 0;
        while t.len() < target {
            let s = &sp[k % sp.len()];
            let pron = if s.he { "he" } else { "she" };
            let which = if rng.bool() { &forum } else { &forum2 };
            let quote = self.sentence(rng, which);
            let para = match rng.u8(..9) {
                0 => format!("\"{quote}\" {} {}.", s.name, Self::pick(rng, VERBS)),
                1 => format!("{} said: \"{quote}\"", s.surname),
                2 => format!(
                    "According to {}, {}",
                    if s.he { "him" } else { "her" },
                    Self::pick(rng, FILLER).to_lowercase()
                ),
                3 => format!(
                    "\"{quote}\" the {} {}.",
                    if rng.bool() { "diplomat" } else { "minister" },
                    Self::pick(rng, VERBS)
                ),
                4 => format!(
                    "{} {} that {}",
                    s.surname,
                    Self::pick(rng, VERBS),
                    quote.to_lowercase()
                ),
                5 => format!(
                    "“{quote}”, {} {}, {} of {}.",
                    Self::pick(rng, VERBS),
                    s.name,
                    s.role,
                    s.country
                ),
                6 => format!("Speaking at the {forum2}, {pron} added: \"{quote}\""),
                7 => format!(
                    "Resolution {}/{} was adopted by a recorded vote of {} in favour to {} against, with {} abstentions.",
                    rng.u8(53..80),
                    rng.u16(1..300),
                    rng.u8(80..180),
                    rng.u8(2..60),
                    rng.u8(0..40)
                ),
                _ => Self::pick(rng, FILLER).to_string(),
            };
            let _ = writeln!(t, "{para}\n");
            if rng.u8(..5) == 0 {
                let _ = writeln!(t, "{}\n", Self::pick(rng, FILLER));
            }
            k += 1;
        }
        for _ in 0..rng.usize(2..6) {
            let _ = writeln!(t, "{}", Self::pick(rng, FURNITURE));
        }
        let _ = writeln!(t, "© {y} {} {}", outlet.name, outlet.domain);
        t
    }

    fn transcript(&self, rng: &mut fastrand::Rng, target: usize) -> String {
        let (y, m, d) = Self::date(rng);
        let f = rng.usize(..self.forums.len());
        let forum = self.forums[f].names[0].clone();
        let chair = Self::pick(rng, &self.speakers).clone();
        let wd = WEEKDAYS[rng.usize(..7)];
        let mut t = String::with_capacity(target + 512);
        let _ = writeln!(
            t,
            "{forum} - {} session",
            ["First", "Second", "Third", "Fourth", "Fifth"][rng.usize(..5)]
        );
        let _ = writeln!(
            t,
            "{} meeting, {wd}, {d} {} {y}, 10:00-13:00",
            rng.u8(1..12),
            MONTHS[m]
        );
        let _ = writeln!(
            t,
            "Conference Room {}, United Nations Headquarters, New York",
            rng.u8(1..12)
        );
        let _ = writeln!(t, "Unofficial transcript. Check against delivery.\n");
        let _ = writeln!(
            t,
            "Agenda item {}: {}\n",
            rng.u8(3..9),
            Self::pick(rng, TOPICS)
        );
        let _ = writeln!(t, "{} ({}), Chair:", chair.name, chair.country);
        let _ = writeln!(
            t,
            "Good morning, distinguished delegates. I call the meeting to order. I give the floor to the first speaker on my list.\n"
        );
        while t.len() < target {
            let label = match rng.u8(..4) {
                0 => format!("{}:", Self::pick(rng, &self.countries)),
                1 => Self::pick(rng, &self.countries).to_uppercase(),
                2 => {
                    let s = Self::pick(rng, &self.speakers);
                    format!(
                        "{} {} ({}):",
                        if s.he { "Mr." } else { "Ms." },
                        s.name,
                        s.country
                    )
                }
                _ => "Chair:".to_string(),
            };
            let mut turn = String::from("Thank you, Chair.");
            for _ in 0..rng.usize(2..5) {
                turn.push(' ');
                turn.push_str(&self.sentence(rng, &forum));
            }
            let _ = writeln!(t, "{label}\n{turn}\n");
        }
        let _ = writeln!(t, "[The meeting rose at 1 p.m.]");
        t
    }
}
