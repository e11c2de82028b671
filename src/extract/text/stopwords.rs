//! Stop words: the common function words whose density tells prose from
//! menus, looked up without allocating.

use super::words::words;

/// Common English function words; their density tells prose from menus.
pub(super) const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "had", "has", "have", "he", "her", "here",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "may", "more", "most", "must", "no",
    "not", "of", "on", "only", "or", "other", "our", "out", "over", "said", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "until", "up", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "will", "with", "would", "you", "your",
];

/// Function words of the other languages the archive reads (French,
/// Spanish, Russian, Arabic), so their prose is not taken for a menu: the ASCII
/// ones, packed with the English.
const STOPWORDS_ASCII_OTHER: &[&str] = &[
    "au", "aux", "ce", "dans", "de", "des", "du", "el", "elle", "en", "est", "et", "il", "la",
    "las", "le", "les", "lo", "los", "ne", "par", "pas", "para", "pour", "que", "qui", "se", "ses",
    "son", "sur", "un", "una", "une", "y", "con", "del", "al", "por", "su", "sus", "como",
];

/// The non-ASCII ones, lower-case.
const STOPWORDS_NON_ASCII: &[&str] = &[
    "и",
    "в",
    "во",
    "не",
    "на",
    "что",
    "с",
    "со",
    "по",
    "как",
    "это",
    "для",
    "от",
    "из",
    "к",
    "о",
    "об",
    "но",
    "за",
    "же",
    "его",
    "ее",
    "её",
    "их",
    "который",
    "которые",
    "которая",
    "также",
    "он",
    "она",
    "они",
    "мы",
    "был",
    "была",
    "были",
    "будет",
    "а",
    "или",
    "при",
    "до",
    "у",
    // Arabic: prepositions and particles, alone and with the joined "و" (and).
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "أن",
    "إن",
    "التي",
    "الذي",
    "مع",
    "هذا",
    "هذه",
    "كان",
    "قد",
    "لا",
    "ما",
    "بين",
    "بعد",
    "حول",
    "أو",
    "كما",
    "وفي",
    "ومن",
    "وعلى",
    "وقد",
    "بشأن",
    "été",
    "à",
    "où",
    "más",
    "él",
    "será",
    "está",
];

static STOPWORD_NON_ASCII_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOPWORDS_NON_ASCII.iter().copied().collect());

/// The longest stop word ("against", "because", "between", "through").
pub(super) const MAX_STOPWORD_LEN: usize = 7;

/// The longest non-ASCII stop word, in bytes ("который": 7 letters).
const MAX_NON_ASCII_STOPWORD_BYTES: usize = 16;

pub fn is_stopword(word: &str) -> bool {
    // Compare ignoring ASCII case without allocating: this runs per word.
    // Stop words are short and ASCII, so longer words (most content words)
    // are answered by their length alone.
    let bytes = word.as_bytes();
    if !word.is_ascii() {
        return bytes.len() <= MAX_NON_ASCII_STOPWORD_BYTES
            && STOPWORD_NON_ASCII_SET.contains(word.to_lowercase().as_str());
    }
    if bytes.len() > MAX_STOPWORD_LEN {
        return false;
    }
    // Non-ASCII bytes stay as they are and match no stop word.
    STOPWORD_KEYS
        .binary_search(&stopword_key(
            bytes.iter().map(u8::to_ascii_lowercase),
            bytes.len(),
        ))
        .is_ok()
}

/// Stop words packed into integers (bytes, then the length), sorted: one
/// integer comparison per probe instead of a byte-string comparison.
static STOPWORD_KEYS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut keys: Vec<u64> = STOPWORDS
        .iter()
        .chain(STOPWORDS_ASCII_OTHER)
        .map(|w| stopword_key(w.bytes(), w.len()))
        .collect();
    keys.sort_unstable();
    keys
});

/// Up to [`MAX_STOPWORD_LEN`] bytes and their count in one `u64`.
fn stopword_key(bytes: impl Iterator<Item = u8>, len: usize) -> u64 {
    let mut key = [0u8; 8];
    for (d, b) in key.iter_mut().zip(bytes) {
        *d = b;
    }
    key[MAX_STOPWORD_LEN] = len as u8;
    u64::from_be_bytes(key)
}

/// Share of words that are stop words (0 when there are no words).
pub fn stopword_density(text: &str) -> f32 {
    let (mut total, mut stop) = (0usize, 0usize);
    for w in words(text) {
        total += 1;
        if is_stopword(w) {
            stop += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        stop as f32 / total as f32
    }
}
