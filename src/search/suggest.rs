//! "Did you mean": the index's vocabulary of names (speakers, people
//! mentioned, capitalised words of the texts), folded like the index folds
//! them, and the nearest spelling for a word the archive does not know.

use std::collections::HashSet;
use std::path::Path;

use crate::extract::gazetteer::fold_name;
use crate::model::Article;

/// Shortest word worth correcting.
const MIN_WORD: usize = 4;

#[derive(Debug, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
}

impl Vocabulary {
    pub fn build(articles: &[Article]) -> Vocabulary {
        // Distinct spellings first, folded once each: a name recurs in
        // thousands of articles, and folding is the costly step.
        let mut seen: HashSet<&str> = HashSet::new();
        for a in articles {
            seen.extend(a.speakers.iter().map(|p| p.name.as_str()));
            seen.extend(a.mentioned.iter().map(String::as_str));
            for para in a.body.iter().chain(std::iter::once(&a.title)) {
                seen.extend(
                    para.split_whitespace()
                        .filter(|w| w.chars().next().is_some_and(char::is_uppercase)),
                );
            }
        }
        let mut words = HashSet::new();
        for text in seen {
            for w in fold_name(text).split(' ') {
                if w.chars().count() >= MIN_WORD && w.chars().all(char::is_alphabetic) {
                    words.insert(w.to_string());
                }
            }
        }
        Vocabulary { words }
    }

    /// Write the words, one per line, so a restart need not read every
    /// text again (`--index-dir`).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.sort_unstable();
        std::fs::write(path, words.join("\n"))
    }

    /// Words written by [`Vocabulary::save`].
    pub fn load(path: &Path) -> std::io::Result<Vocabulary> {
        let text = std::fs::read_to_string(path)?;
        Ok(Vocabulary {
            words: text
                .lines()
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect(),
        })
    }

    /// The closest known word within a small edit distance, if the word
    /// itself is unknown.
    pub fn nearest(&self, word: &str) -> Option<&str> {
        let folded = fold_name(word);
        if folded.chars().count() < MIN_WORD || self.words.contains(&folded) {
            return None;
        }
        let max = if folded.chars().count() <= 6 { 1 } else { 2 };
        self.words
            .iter()
            .filter(|w| w.len().abs_diff(folded.len()) <= max)
            .map(|w| (strsim::damerau_levenshtein(w, &folded), w))
            .filter(|(d, _)| *d <= max)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, w)| w.as_str())
    }
}

/// Rewrite the plain words of a query with their nearest known spellings.
/// Returns the corrected query if anything changed.
pub fn correct(query: &str, vocab: &Vocabulary) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = query
        .split_whitespace()
        .map(|token| {
            let plain = token.chars().all(char::is_alphabetic);
            match vocab.nearest(token).filter(|_| plain) {
                Some(better) => {
                    changed = true;
                    capitalise_like(token, better)
                }
                None => token.to_string(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

fn capitalise_like(original: &str, word: &str) -> String {
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_names_find_their_nearest_spelling() {
        let vocab = Vocabulary {
            words: ["syromolotov", "khramov", "kuzmin"]
                .map(String::from)
                .into(),
        };
        assert_eq!(vocab.nearest("Syromolatov"), Some("syromolotov"));
        assert_eq!(vocab.nearest("Khramov"), None);
        assert_eq!(vocab.nearest("zzzzzzzz"), None);
        assert_eq!(
            correct("Syromolatov OEWG", &vocab).as_deref(),
            Some("Syromolotov OEWG")
        );
        assert_eq!(correct("Khramov", &vocab), None);
    }

    #[test]
    fn a_saved_vocabulary_loads_the_same() {
        let vocab = Vocabulary {
            words: ["syromolotov", "khramov"].map(String::from).into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vocabulary.txt");
        vocab.save(&path).unwrap();
        assert_eq!(Vocabulary::load(&path).unwrap().words, vocab.words);
    }
}
