//! Related articles and a forum's date neighbours, from the directories.

use std::collections::HashMap;

use super::Archive;
use crate::model::slugify;

/// Most articles looked at per speaker or forum when finding related ones.
const RELATED_CANDIDATES: usize = 300;

impl Archive {
    /// Articles most like article `i`: shared speakers weigh most, then
    /// shared forums (rare ones more than busy ones); ties go to the
    /// closest in date.
    pub fn related(&self, i: usize, n: usize) -> Vec<usize> {
        let art = &self.articles[i];
        let mut score: HashMap<usize, f32> = HashMap::new();
        for p in &art.speakers {
            if let Some(s) = self.speaker(&p.slug) {
                for &j in s.articles.iter().take(RELATED_CANDIDATES) {
                    *score.entry(j).or_default() += 3.0;
                }
            }
        }
        for f in &art.forums {
            if let Some(entry) = self.forum(&slugify(f)) {
                let weight = 1.0 / (1.0 + (entry.articles.len() as f32).ln());
                for &j in entry.articles.iter().take(RELATED_CANDIDATES) {
                    *score.entry(j).or_default() += weight;
                }
            }
        }
        score.remove(&i);
        let day = |j: usize| self.articles[j].date.map_or(i64::MAX / 2, |d| d.sort_key());
        let here = day(i);
        let mut ranked: Vec<(usize, f32)> = score.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| (day(a.0) - here).abs().cmp(&(day(b.0) - here).abs()))
                .then_with(|| a.0.cmp(&b.0))
        });
        ranked.into_iter().take(n).map(|(j, _)| j).collect()
    }

    /// The articles just before and after article `i` by date within a
    /// forum: (older, newer).
    pub fn neighbours(&self, i: usize, forum_slug: &str) -> (Option<usize>, Option<usize>) {
        let Some(f) = self.forum(forum_slug) else {
            return (None, None);
        };
        let Some(pos) = f.articles.iter().position(|&j| j == i) else {
            return (None, None);
        };
        // Forum lists are newest first.
        let newer = pos.checked_sub(1).map(|p| f.articles[p]);
        let older = f.articles.get(pos + 1).copied();
        (older, newer)
    }
}
