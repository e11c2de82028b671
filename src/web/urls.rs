//! Every path the archive serves, built here and nowhere else (issue 15):
//! handlers, templates' view structs, feeds, the sitemap, the API and the
//! citations all ask these functions, so a path changes in one place. A
//! test (`tests/urls.rs`) fails when a path is spelled out elsewhere.

use crate::model::Article;

/// The list of every speaker.
pub const SPEAKERS: &str = "/speakers";
/// The list of every forum.
pub const FORUMS: &str = "/forums";
/// The search page with no query.
pub const SEARCH: &str = "/search";

/// An article's permanent page: its id and, for readers, its title's slug.
pub fn article(a: &Article) -> String {
    format!("/articles/{}/{}", a.id, a.slug)
}

/// Statement `n` of an article: its anchor on the article's page.
pub fn statement(a: &Article, n: usize) -> String {
    format!("{}#s{n}", article(a))
}

/// The original file, byte for byte.
pub fn original(id: &str) -> String {
    format!("/articles/{id}.txt")
}

/// An article's citation in `format` (`bib`, `ris`, `json`).
pub fn citation(id: &str, format: &str) -> String {
    format!("/articles/{id}/cite.{format}")
}

/// An article in the API.
pub fn api_article(id: &str) -> String {
    format!("/api/articles/{id}")
}

/// A speaker's page; `ending` is a face (`.json`, `.csv`, `.atom`) or "".
pub fn speaker_face(slug: &str, ending: &str) -> String {
    format!("{SPEAKERS}/{slug}{ending}")
}

pub fn speaker(slug: &str) -> String {
    speaker_face(slug, "")
}

/// The JSON-LD `@id` of a speaker as a person.
pub fn speaker_person(slug: &str) -> String {
    format!("{}#person", speaker(slug))
}

pub fn forum(slug: &str) -> String {
    format!("{FORUMS}/{slug}")
}

/// The search page for an already encoded query string.
pub fn search(query_string: &str) -> String {
    if query_string.is_empty() {
        SEARCH.to_string()
    } else {
        format!("{SEARCH}?{query_string}")
    }
}

/// Every article in one language.
pub fn search_language(code: &str) -> String {
    search(&format!("language={code}"))
}

/// Part `n` of the sitemap.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemaps/{n}.xml")
}

/// A file under `static/` (fingerprinted names come from `assets`).
pub fn static_file(name: &str) -> String {
    format!("/static/{name}")
}

/// The Atom feed of a search page's URL (`/search?…` as in `canonical`):
/// the same filters and words, without paging or sort.
pub fn feed_href(search_url: &str) -> String {
    variant(search_url, "/feed.atom", &["page", "sort"])
}

/// The CSV export of a search page's URL: every result, so no paging.
pub fn csv_href(search_url: &str) -> String {
    variant(search_url, "/search.csv", &["page"])
}

/// The JSON of a search page's URL, the same page.
pub fn api_href(search_url: &str) -> String {
    variant(search_url, "/api/search", &[])
}

fn variant(search_url: &str, path: &str, drop: &[&str]) -> String {
    let query = search_url.split_once('?').map_or("", |(_, q)| q);
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if !drop.contains(&k.as_ref()) {
            ser.append_pair(&k, &v);
        }
    }
    let qs = ser.finish();
    if qs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{qs}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_keep_the_search_and_drop_paging() {
        let url = "/search?q=cyber+norms&speaker=oleg-khramov&sort=oldest&page=3";
        assert_eq!(
            feed_href(url),
            "/feed.atom?q=cyber+norms&speaker=oleg-khramov"
        );
        assert_eq!(
            csv_href(url),
            "/search.csv?q=cyber+norms&speaker=oleg-khramov&sort=oldest"
        );
        assert_eq!(api_href("/search"), "/api/search");
    }
}
