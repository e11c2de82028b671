//! The extractor's word lists and the `is_*` predicates over them: the
//! words of roles and honorifics ([`roles`]), of names and of what is never
//! a name ([`names`]), and of speech ([`speech`]). A leaf: it knows words,
//! not sentences; the modules above it ask it about one word at a time.

pub mod names;
pub mod roles;
pub mod speech;

pub use names::{WEEKDAYS, is_lower_org_word, is_lower_stop_cap, is_name_word, is_particle};
pub use roles::{
    ROLE_LABELS, ROLE_NOUNS, ROLE_WORDS, is_connector, is_honorific, is_pronoun, is_role_word,
    is_title_filler,
};
pub use speech::{
    CONVERSATION_FRAMES, CONVERSATION_VERBS, OTHER_LANGUAGE_SPEECH_VERBS, SPOKEN_NOUNS,
    has_speech_verb, introduces_words, is_auxiliary, is_speech_verb, record_cover_at,
};
