//! "Did you mean": the index's vocabulary of names (speakers, people
//! mentioned, capitalised words of the texts), folded like the index folds
//! them, and the nearest spelling for a word the archive does not know.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::extract::gazetteer::fold_name;
use crate::model::Article;

/// Shortest word worth correcting.
const MIN_WORD: usize = 4;

/// Each word with the number of articles it comes from, so that an update
/// can take a removed article's words out again and end where a build
/// from the remaining articles would.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    words: HashMap<String, u32>,
}

/// The distinct spellings in an article that may hold names: speakers,
/// people mentioned, capitalised words of the title and body.
fn spellings(a: &Article) -> HashSet<&str> {
    let mut seen: HashSet<&str> = HashSet::new();
    seen.extend(a.speakers.iter().map(|p| p.name.as_str()));
    seen.extend(a.mentioned.iter().map(String::as_str));
    for para in a.body.iter().chain(std::iter::once(&a.title)) {
        seen.extend(
            para.split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase)),
        );
    }
    seen
}

/// The vocabulary words of one spelling, folded.
fn words_of(text: &str) -> Vec<String> {
    fold_name(text)
        .split(' ')
        .filter(|w| w.chars().count() >= MIN_WORD && w.chars().all(char::is_alphabetic))
        .map(str::to_string)
        .collect()
}

impl Vocabulary {
    pub fn build<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Vocabulary {
        // Each distinct spelling is folded once: a name recurs in thousands
        // of articles, and folding is the costly step.
        let mut folded: HashMap<&str, Vec<u32>> = HashMap::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut mine: HashSet<u32> = HashSet::new();
        // Whole articles: slimmed ones are read back (only where an index
        // folder lost its saved vocabulary).
        let wholes: Vec<_> = articles.into_iter().map(Article::full_or_slim).collect();
        for a in &wholes {
            mine.clear();
            for text in spellings(a) {
                let ws = folded.entry(text).or_insert_with(|| {
                    words_of(text)
                        .into_iter()
                        .map(|w| {
                            let next = ids.len() as u32;
                            *ids.entry(w).or_insert(next)
                        })
                        .collect()
                });
                mine.extend(ws.iter().copied());
            }
            for &w in &mine {
                match counts.get_mut(w as usize) {
                    Some(n) => *n += 1,
                    None => {
                        counts.resize(w as usize + 1, 0);
                        counts[w as usize] = 1;
                    }
                }
            }
        }
        let words = ids
            .into_iter()
            .filter_map(|(w, i)| Some((w, *counts.get(i as usize)?)).filter(|(_, n)| *n > 0))
            .collect();
        Vocabulary { words }
    }

    /// Count an added article's words.
    pub fn add(&mut self, a: &Article) {
        for w in article_words(a) {
            *self.words.entry(w).or_default() += 1;
        }
    }

    /// Take a removed article's words out: a word no other article has
    /// leaves the vocabulary.
    pub fn remove(&mut self, a: &Article) {
        for w in article_words(a) {
            if let Some(n) = self.words.get_mut(&w) {
                *n -= 1;
                if *n == 0 {
                    self.words.remove(&w);
                }
            }
        }
    }

    /// Write the words with their counts, one per line, so a restart need
    /// not read every text again (`--index-dir`).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut words: Vec<(&String, &u32)> = self.words.iter().collect();
        words.sort_unstable();
        let mut text = String::new();
        for (w, n) in words {
            text.push_str(w);
            text.push('\t');
            text.push_str(&n.to_string());
            text.push('\n');
        }
        std::fs::write(path, text)
    }

    /// Words written by [`Vocabulary::save`].
    pub fn load(path: &Path) -> std::io::Result<Vocabulary> {
        let text = std::fs::read_to_string(path)?;
        let mut words = HashMap::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            let (w, n) = line.split_once('\t').ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "a word without a count")
            })?;
            let n = n
                .parse()
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            words.insert(w.to_string(), n);
        }
        Ok(Vocabulary { words })
    }

    /// The closest known word within a small edit distance, if the word
    /// itself is unknown.
    pub fn nearest(&self, word: &str) -> Option<&str> {
        let folded = fold_name(word);
        if folded.chars().count() < MIN_WORD || self.words.contains_key(&folded) {
            return None;
        }
        let max = if folded.chars().count() <= 6 { 1 } else { 2 };
        self.words
            .keys()
            .filter(|w| w.len().abs_diff(folded.len()) <= max)
            .map(|w| (strsim::damerau_levenshtein(w, &folded), w))
            .filter(|(d, _)| *d <= max)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, w)| w.as_str())
    }
}

/// An article's distinct vocabulary words.
fn article_words(a: &Article) -> HashSet<String> {
    // A removed article's words leave the vocabulary: read back whole.
    spellings(&a.full_or_slim())
        .into_iter()
        .flat_map(words_of)
        .collect()
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
                .map(|w| (w.to_string(), 1))
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
            words: [("syromolotov".to_string(), 2), ("khramov".to_string(), 1)].into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vocabulary.txt");
        vocab.save(&path).unwrap();
        assert_eq!(Vocabulary::load(&path).unwrap().words, vocab.words);
    }
}
