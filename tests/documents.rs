//! Documents as they come (issue #12 sections 1, 2 and 4): saved web pages,
//! PDF and Word files, and where a document was published. Every file is
//! one we write here or keep in tests/fixtures/html (pages of our own
//! writing); PDFs and Word files are generated, hostile ones included.

use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use demarche::check;
use demarche::corpus::{self, LoadOptions, RejectReason};
use demarche::model::{Article, Format};
use lopdf::content::{Content, Operation};
use lopdf::{Object, Stream, dictionary};

use crate::support::{app_for, get, repo_path};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_path(&format!("tests/fixtures/html/{name}"))).expect("fixture")
}

fn analyse(dir: &Path) -> check::Report {
    check::analyse(dir, LoadOptions::default()).expect("folder reads")
}

fn article<'a>(r: &'a check::Report, id: &str) -> &'a Article {
    r.extractions
        .iter()
        .map(|(a, _)| a)
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{id} indexed; rejected: {:?}", r.rejected))
}

fn from<'a>(a: &'a Article, field: &str) -> &'a str {
    a.provenance.of(field).map_or("(none)", |f| f.from.as_str())
}

fn all_text(a: &Article) -> String {
    let mut t = vec![a.title.clone()];
    t.extend(a.body.iter().cloned());
    t.extend(a.aside.iter().cloned());
    t.join("\n")
}

/// A PDF of `pages`, each a list of lines drawn top down from y = 760,
/// `gap` points apart (a blank line where the text is empty).
pub fn pdf(pages: &[Vec<String>], info: &[(&str, &str)]) -> Vec<u8> {
    let pages: Vec<Vec<Operation>> = pages
        .iter()
        .map(|lines| {
            let mut ops = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 11.into()]),
                Operation::new("TL", vec![14.into()]),
                Operation::new("Td", vec![72.into(), 760.into()]),
            ];
            for l in lines {
                if !l.is_empty() {
                    ops.push(Operation::new(
                        "Tj",
                        vec![Object::string_literal(l.as_str())],
                    ));
                }
                ops.push(Operation::new("T*", vec![]));
            }
            ops.push(Operation::new("ET", vec![]));
            ops
        })
        .collect();
    pdf_ops(&pages, info)
}

/// A PDF of pages drawn by the given operators, in Helvetica as `F1`.
pub fn pdf_ops(pages: &[Vec<Operation>], info: &[(&str, &str)]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids: Vec<Object> = Vec::new();
    for ops in pages {
        let content = Content {
            operations: ops.clone(),
        }
        .encode()
        .expect("content");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    if !info.is_empty() {
        let mut d = lopdf::Dictionary::new();
        for (k, v) in info {
            d.set(*k, Object::string_literal(*v));
        }
        let id = doc.add_object(d);
        doc.trailer.set("Info", id);
    }
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf written");
    out
}

fn lines(text: &[&str]) -> Vec<String> {
    text.iter().map(|s| s.to_string()).collect()
}

/// A UN-style statement over two pages: running head, page numbers, a
/// hyphenated line end, a date in the text.
fn statement_pdf() -> Vec<u8> {
    let head = "A/AC.292/2023/1";
    pdf(
        &[
            lines(&[
                head,
                "",
                "Statement by the delegation of Norland",
                "",
                "New York, 12 July 2023",
                "",
                "The delegation of Norland welcomes the progress made by the working",
                "group on confidence-building measures and on the directory of points of",
                "contact, which should now be made fully oper-",
                "ational by all States.",
                "",
                "Norland remains committed to capacity building that is demand-driven",
                "and",
                "",
                "1",
            ]),
            lines(&[
                head,
                "",
                "sustainable, and to the full participation of women in the process.",
                "",
                "International law, and in particular the Charter of the United Nations,",
                "applies in cyberspace. Norland stands ready to share its national",
                "position with all delegations.",
                "",
                "2",
            ]),
        ],
        &[
            ("Title", "Norland statement"),
            ("Author", "Permanent Mission of Norland"),
            ("CreationDate", "D:20230801090000Z"),
        ],
    )
}

/// A Word file with the given `document.xml` body and core properties.
pub fn docx(body: &str, core: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).expect("zip");
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>")
        .expect("zip");
    zip.start_file("word/document.xml", opts).expect("zip");
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .expect("zip");
    if let Some(core) = core {
        zip.start_file("docProps/core.xml", opts).expect("zip");
        write!(
            zip,
            r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">{core}</cp:coreProperties>"#
        )
        .expect("zip");
    }
    zip.finish().expect("zip").into_inner()
}

fn para(style: Option<&str>, text: &str) -> String {
    let ppr = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    // Two runs, so words split across runs join.
    let half = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (a, b) = text.split_at(half);
    format!(
        r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{a}</w:t></w:r><w:r><w:t>{b}</w:t></w:r></w:p>"#
    )
}

// ---------------------------------------------------------------- HTML

#[test]
fn a_news_page_is_read_from_its_own_metadata_and_main_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cable.html"), fixture("news.html")).unwrap();
    let r = analyse(dir.path());
    let a = article(&r, "cable");
    assert_eq!(a.provenance.format, Format::Html);
    assert_eq!(a.title, "Envoys trade charges over undersea cable sabotage");
    assert_eq!(from(a, "title"), "json-ld headline");
    assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("2024-03-14"));
    assert_eq!(from(a, "date"), "json-ld datePublished");
    assert_eq!(from(a, "author"), "json-ld author");
    assert_eq!(a.source.as_deref(), Some("The Harbour Ledger"));
    assert_eq!(from(a, "source"), "json-ld publisher");
    assert_eq!(
        a.provenance.url.as_deref(),
        Some("https://ledger.example.org/world/2024/03/14/cable-sabotage-charges")
    );
    assert_eq!(from(a, "url"), "link rel=canonical");
    let text = all_text(a);
    assert!(text.contains("impartial technical inquiry"), "{text}");
    assert!(a.body.iter().any(|p| p.contains("Critical undersea")));
    for never in [
        "TRACKER-SCRIPT-TEXT",
        "HIDDEN-COOKIE-TEXT",
        "COMMENT-TEXT",
        "STYLE-HIDDEN-TEXT",
        "ARIA-HIDDEN-TEXT",
        "TEMPLATE-TEXT",
        "RELATED-LINK-TEXT",
        "FOOTER-TEXT",
        "Subscribe now",
        "Share on X",
        "font-family",
    ] {
        assert!(!text.contains(never), "{never} indexed: {text}");
    }
    let json = {
        let mut out = Vec::new();
        check::write_json(&r, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let rec: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(rec["format"], "html");
    assert_eq!(rec["provenance"]["title"], "json-ld headline");
    assert_eq!(rec["provenance"]["date"], "json-ld datePublished");
    let mut explain = Vec::new();
    check::write_explain(&r, "cable", &mut explain).unwrap();
    let explain = String::from_utf8(explain).unwrap();
    assert!(explain.contains("from json-ld headline"), "{explain}");
}

#[test]
fn pages_without_json_ld_use_meta_tags_and_text_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tavora.html"), fixture("ministry.html")).unwrap();
    std::fs::write(dir.path().join("l3201.htm"), fixture("un-press.html")).unwrap();
    let r = analyse(dir.path());
    let m = article(&r, "tavora");
    // No stated title: the text's headline, and the date of <time>.
    assert_eq!(
        m.title,
        "Statement by Minister Tavora at the Open-ended Working Group on ICT security"
    );
    assert_eq!(from(m, "title"), "text");
    assert_eq!(m.date.map(|d| d.iso()).as_deref(), Some("2024-07-08"));
    assert_eq!(from(m, "date"), "<time datetime>");
    assert_eq!(from(m, "author"), "meta author");
    let text = all_text(m);
    for kept in [
        "1. Eastmark aligns",
        "3. Capacity building",
        "Thank you, Mr. Chair.",
    ] {
        assert!(text.contains(kept), "{kept} missing: {text}");
    }
    for never in ["NAV-ROLE-TEXT", "SIDEBAR-TEXT", "CONTENTINFO-TEXT"] {
        assert!(!text.contains(never), "{never} indexed");
    }
    let u = article(&r, "l3201");
    assert_eq!(u.provenance.format, Format::Html);
    assert_eq!(
        u.title,
        "Ad Hoc Committee on Cybercrime concludes its sixth session"
    );
    assert_eq!(from(u, "title"), "meta citation_title");
    assert_eq!(u.date.map(|d| d.iso()).as_deref(), Some("2023-09-01"));
    assert_eq!(from(u, "date"), "meta citation_publication_date");
    let text = all_text(u);
    assert!(text.contains("security researchers"));
    for never in [
        "SEARCH-FORM-TEXT",
        "VISIBILITY-HIDDEN-TEXT",
        "FOOTER-UN-TEXT",
    ] {
        assert!(!text.contains(never), "{never} indexed");
    }
}

#[tokio::test]
async fn an_html_original_is_served_as_plain_text_never_as_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fixture("news.html");
    std::fs::write(dir.path().join("cable.html"), &bytes).unwrap();
    let app = app_for(dir.path());
    let res = get(&app, "/articles/cable.txt").await;
    assert_eq!(res.status, 200);
    let ct = res.headers["content-type"].to_str().unwrap();
    assert!(ct.starts_with("text/plain; charset="), "{ct}");
    assert_eq!(res.headers["x-content-type-options"], "nosniff");
    assert_eq!(res.body.as_bytes(), bytes.as_slice(), "byte for byte");
    // The article page embeds it escaped: no script of the page runs.
    let page = get(&app, "/articles/cable").await;
    let page = get(&app, page.location()).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>window.tracker"));
}

// ---------------------------------------------------------------- Word

#[test]
fn a_word_file_gives_paragraphs_headings_and_its_properties() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        para(Some("Title"), "Joint statement on responsible State behaviour"),
        para(None, "Geneva, 5 March 2024"),
        para(Some("Heading1"), "Confidence-building measures"),
        para(
            None,
            "The undersigned States reaffirm that the framework of responsible State \
             behaviour in cyberspace guides their conduct &amp; their cooperation.",
        ),
        r#"<w:p><w:r><w:delText>DELETED-TEXT</w:delText></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#
            .to_string(),
        para(None, "They call on all States to join the points of contact directory."),
    ]
    .concat();
    let core = "<dc:title>Joint statement</dc:title><dc:creator>Drafting group</dc:creator>\
                <dcterms:created>2024-02-01T08:00:00Z</dcterms:created>";
    std::fs::write(dir.path().join("joint.docx"), docx(&body, Some(core))).unwrap();
    // Without a date in the text, the created date fills it.
    let undated = [
        para(None, "Note on the points of contact directory"),
        para(
            None,
            "The directory now lists focal points of forty States and is updated monthly.",
        ),
    ]
    .concat();
    std::fs::write(dir.path().join("note.docx"), docx(&undated, Some(core))).unwrap();
    let r = analyse(dir.path());
    let a = article(&r, "joint");
    assert_eq!(a.provenance.format, Format::Docx);
    assert_eq!(a.title, "Joint statement on responsible State behaviour");
    assert_eq!(
        from(a, "title"),
        "text",
        "the text's headline over core title"
    );
    assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("2024-03-05"));
    assert_eq!(from(a, "date"), "text", "a printed date wins over created");
    assert_eq!(from(a, "author"), "docx core creator");
    let text = all_text(a);
    assert!(text.contains("conduct & their cooperation"), "{text}");
    assert!(text.contains("Confidence-building measures"));
    assert!(!text.contains("DELETED-TEXT") && !text.contains("PAGE"));
    let n = article(&r, "note");
    assert_eq!(n.date.map(|d| d.iso()).as_deref(), Some("2024-02-01"));
    assert_eq!(from(n, "date"), "docx core created");
}

// ---------------------------------------------------------------- PDF

#[test]
fn a_pdf_statement_reads_as_paragraphs_without_running_heads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("norland.pdf"), statement_pdf()).unwrap();
    let r = analyse(dir.path());
    let a = article(&r, "norland");
    assert_eq!(a.provenance.format, Format::Pdf);
    assert_eq!(a.title, "Statement by the delegation of Norland");
    // The printed date, not the Info dictionary's CreationDate.
    assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("2023-07-12"));
    assert_eq!(from(a, "date"), "text");
    assert_eq!(from(a, "author"), "pdf Info /Author");
    let text = all_text(a);
    assert!(
        text.contains(
            "points of contact, which should now be made fully operational by all States."
        ),
        "lines joined, hyphen undone: {text}"
    );
    assert!(
        text.contains("demand-driven and sustainable, and to the full participation"),
        "a paragraph left open goes on over the page: {text}"
    );
    assert!(!text.contains("A/AC.292/2023/1"), "running head: {text}");
    assert!(
        !a.body
            .iter()
            .chain(&a.aside)
            .any(|p| p.trim() == "1" || p.trim() == "2"),
        "page numbers"
    );
}

#[test]
fn pdf_metadata_fills_only_what_the_text_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let undated = pdf(
        &[lines(&[
            "Chair's summary of the informal consultations",
            "",
            "Delegations exchanged views on the draft elements of the annual progress report",
            "and on the schedule of the intersessional meetings.",
        ])],
        &[("CreationDate", "D:20230405120000+02'00'")],
    );
    std::fs::write(dir.path().join("summary.pdf"), undated).unwrap();
    let r = analyse(dir.path());
    let a = article(&r, "summary");
    assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("2023-04-05"));
    assert_eq!(from(a, "date"), "pdf Info /CreationDate");
}

/// A PDF whose one page draws an image and no text.
fn scanned_pdf() -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 500 0 0 700 50 50 cm /Im1 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF whose page content inflates to gigabytes: 2 GiB of spaces,
/// deflated twice. Each 1 MiB chunk is deflated after a full flush, which
/// resets the compressor, so its bytes are the same every time and are
/// repeated rather than computed 2,048 times.
fn bomb_pdf() -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, write::ZlibEncoder};
    let chunk = vec![b' '; 1 << 20];
    let mut c = Compress::new(Compression::fast(), true);
    let mut first = Vec::with_capacity(1 << 16);
    c.compress_vec(&chunk, &mut first, FlushCompress::Full)
        .unwrap();
    let mut again = Vec::with_capacity(1 << 16);
    c.compress_vec(&chunk, &mut again, FlushCompress::Full)
        .unwrap();
    let mut inner = first;
    for _ in 1..2048 {
        inner.extend_from_slice(&again);
    }
    let mut end = Vec::with_capacity(64);
    c.compress_vec(&[], &mut end, FlushCompress::Finish)
        .unwrap();
    inner.extend_from_slice(&end);
    let mut outer = ZlibEncoder::new(Vec::new(), Compression::best());
    outer.write_all(&inner).unwrap();
    let data = outer.finish().unwrap();
    assert!(
        data.len() < 1 << 20,
        "the bomb is small: {} bytes",
        data.len()
    );
    let mut doc = lopdf::Document::load_mem(&statement_pdf()).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let mut stream = Stream::new(
        dictionary! { "Filter" => vec![Object::from("FlateDecode"), Object::from("FlateDecode")] },
        data,
    );
    stream.allows_compression = false;
    let id = doc.add_object(stream);
    doc.get_dictionary_mut(page).unwrap().set("Contents", id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A page tree whose Pages node lists itself among its kids.
fn looping_pdf() -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&statement_pdf()).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let pages = doc.get_dictionary_mut(root).unwrap();
    let mut kids = pages.get(b"Kids").unwrap().as_array().unwrap().clone();
    kids.push(Object::Reference(root));
    pages.set("Kids", kids);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF that says it is encrypted (a Standard security handler whose
/// empty user password does not open it).
fn encrypted_pdf() -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&statement_pdf()).unwrap();
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -4,
        "O" => Object::String(vec![7u8; 32], lopdf::StringFormat::Hexadecimal),
        "U" => Object::String(vec![9u8; 32], lopdf::StringFormat::Hexadecimal),
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![1u8; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![1u8; 16], lopdf::StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A thousand pages, each with the running head and a numbered paragraph.
fn thousand_pages() -> Vec<u8> {
    let pages: Vec<Vec<String>> = (1..=1000)
        .map(|n| {
            let mut page = lines(&["A/AC.292/2023/1", ""]);
            if n == 1 {
                page.extend(lines(&[
                    "Compilation of national positions",
                    "",
                    "Geneva, 3 April 2023",
                    "",
                ]));
            }
            page.push(format!(
                "{n}. Paragraph number {n} of the compilation of national positions."
            ));
            page.push(String::new());
            page.push(n.to_string());
            page
        })
        .collect();
    pdf(&pages, &[])
}

fn reason<'a>(c: &'a corpus::Corpus, file: &str) -> &'a RejectReason {
    &c.rejected
        .iter()
        .find(|r| r.file == file)
        .unwrap_or_else(|| panic!("{file} rejected; rejected: {:?}", c.rejected))
        .reason
}

#[test]
fn hostile_pdf_and_word_files_are_listed_with_reasons_and_the_rest_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = statement_pdf();
    std::fs::write(d.join("good.pdf"), &good).unwrap();
    std::fs::write(d.join("truncated.pdf"), &good[..good.len() / 5]).unwrap();
    std::fs::write(d.join("encrypted.pdf"), encrypted_pdf()).unwrap();
    std::fs::write(d.join("scanned.pdf"), scanned_pdf()).unwrap();
    std::fs::write(d.join("bomb.pdf"), bomb_pdf()).unwrap();
    std::fs::write(d.join("loop.pdf"), looping_pdf()).unwrap();
    std::fs::write(d.join("thousand.pdf"), thousand_pages()).unwrap();
    std::fs::write(
        d.join("garbage.pdf"),
        b"%PDF-1.7\n\x00\x01 not a pdf at all",
    )
    .unwrap();
    std::fs::write(d.join("broken.docx"), b"PK\x03\x04 this zip ends here").unwrap();
    let mut cut = docx(&para(None, "A paragraph of a Word file."), None);
    cut.truncate(cut.len() / 2);
    std::fs::write(d.join("cut.docx"), cut).unwrap();
    std::fs::write(
        d.join("locked.docx"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 ole",
    )
    .unwrap();
    // document.xml inflating to 80 MB, over the cap on a part.
    let spaces = " ".repeat(80 << 20);
    std::fs::write(d.join("bomb.docx"), docx(&spaces, None)).unwrap();
    std::fs::write(d.join("note.txt"), "A plain note on the working group.\n").unwrap();
    std::fs::write(d.join("page.html"), fixture("ministry.html")).unwrap();
    let t = Instant::now();
    let c = corpus::load(d, LoadOptions::default()).unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(60),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(
        c.documents.len() + c.rejected.len(),
        14,
        "every file listed"
    );
    assert_eq!(reason(&c, "encrypted.pdf"), &RejectReason::Encrypted);
    assert_eq!(reason(&c, "scanned.pdf"), &RejectReason::NoTextLayer);
    assert_eq!(
        reason(&c, "scanned.pdf").to_string(),
        "no text layer (scanned; needs OCR)"
    );
    for damaged in ["truncated.pdf", "garbage.pdf", "bomb.pdf"] {
        assert!(
            matches!(
                reason(&c, damaged),
                RejectReason::Damaged { .. } | RejectReason::NoTextLayer
            ),
            "{damaged}: {}",
            reason(&c, damaged)
        );
    }
    assert!(
        reason(&c, "bomb.pdf").to_string().contains("limit"),
        "{}",
        reason(&c, "bomb.pdf")
    );
    for damaged in ["broken.docx", "cut.docx"] {
        assert!(
            reason(&c, damaged)
                .to_string()
                .starts_with("damaged Word file: "),
            "{damaged}: {}",
            reason(&c, damaged)
        );
    }
    assert_eq!(reason(&c, "locked.docx"), &RejectReason::Encrypted);
    assert!(
        reason(&c, "bomb.docx")
            .to_string()
            .contains("inflates to over"),
        "{}",
        reason(&c, "bomb.docx")
    );
    let ids: Vec<&str> = c.documents.iter().map(|d| d.id.as_str()).collect();
    for id in ["good", "thousand", "note", "page"] {
        assert!(ids.contains(&id), "{id} indexed: {ids:?} {:?}", c.rejected);
    }
    // The looping page tree ends, one way or the other.
    assert!(ids.contains(&"loop") || c.rejected.iter().any(|r| r.file == "loop.pdf"));
    // Start-up over the same folder: searchable, with the same list.
    let archive = demarche::Archive::load(&demarche::ArchiveOptions::new(d)).unwrap();
    assert_eq!(archive.articles.len(), c.documents.len());
    assert_eq!(archive.rejected.len(), c.rejected.len());
    let thousand = c.documents.iter().find(|d| d.id == "thousand").unwrap();
    assert!(thousand.text.contains("1000. Paragraph number 1000"));
    assert!(
        !thousand.text.contains("A/AC.292"),
        "running head on 1,000 pages"
    );
}

#[test]
fn a_file_over_the_time_budget_is_rejected_with_that_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thousand.pdf"), thousand_pages()).unwrap();
    std::fs::write(
        dir.path().join("note.txt"),
        "A short note on the working group.\n",
    )
    .unwrap();
    let options = LoadOptions {
        time_budget: Duration::from_millis(1),
        ..LoadOptions::default()
    };
    let c = corpus::load(dir.path(), options).unwrap();
    assert_eq!(
        reason(&c, "thousand.pdf"),
        &RejectReason::OverBudget { millis: 1 }
    );
    assert_eq!(
        reason(&c, "thousand.pdf").to_string(),
        "reading took over the time budget of 1 ms"
    );
    assert_eq!(c.documents.len(), 1, "text is not held to the budget");
    // With the default budget the same file is read.
    let c = corpus::load(dir.path(), LoadOptions::default()).unwrap();
    assert_eq!(c.documents.len(), 2);
}

#[tokio::test]
async fn a_pdf_original_is_a_download_and_its_page_shows_the_text_read() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = statement_pdf();
    std::fs::write(dir.path().join("norland.pdf"), &bytes).unwrap();
    let app = app_for(dir.path());
    let res = get(&app, "/articles/norland.txt").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers["content-type"], "application/octet-stream");
    assert_eq!(
        res.headers["content-disposition"],
        "attachment; filename=\"norland.pdf\""
    );
    assert_eq!(res.headers["x-content-type-options"], "nosniff");
    assert_eq!(res.body, String::from_utf8_lossy(&bytes));
    let page = get(&app, "/articles/norland").await;
    let page = get(&app, page.location()).await;
    let pre = page.texts("details.original pre").join("");
    assert!(pre.contains("fully operational"), "{pre}");
    let api: serde_json::Value =
        serde_json::from_str(&get(&app, "/api/articles/norland").await.body).unwrap();
    assert_eq!(api["provenance"]["format"], "pdf");
    assert!(api["raw"].is_null() && api["raw_error"].as_str().is_some());
}

// ---------------------------------------------------------------- URLs

#[tokio::test]
async fn where_a_page_was_published_is_linked_archived_and_cited() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cable.html"), fixture("news.html")).unwrap();
    std::fs::write(d.join("norland.pdf"), statement_pdf()).unwrap();
    std::fs::write(
        d.join("norland.url"),
        "[InternetShortcut]\r\nURL=https://mission.example.org/statements/oewg-2023\r\n",
    )
    .unwrap();
    std::fs::write(
        d.join("note.txt"),
        "+++\nurl = \"https://note.example.net/a\"\n+++\nA note on the working group, 4 May 2022.\n\nIt met.\n",
    )
    .unwrap();
    std::fs::write(d.join("evil.txt"), "An evil note on the working group.\n").unwrap();
    std::fs::write(d.join("evil.url"), "javascript:alert(document.cookie)\n").unwrap();
    std::fs::write(d.join("lonely.url"), "https://nowhere.example/\n").unwrap();

    let c = corpus::load(d, LoadOptions::default()).unwrap();
    let sidecars: usize = c.documents.iter().map(|d| d.sidecars.len()).sum();
    assert_eq!(sidecars, 2, "norland.url and evil.url belong to documents");
    assert_eq!(c.documents.len(), 4);
    assert_eq!(reason(&c, "lonely.url"), &RejectReason::OrphanSidecar);
    assert_eq!(
        c.documents.len() + c.rejected.len() + sidecars,
        7,
        "every file"
    );

    let r = analyse(d);
    let mut report = Vec::new();
    check::write_text(&r, &mut report).unwrap();
    let report = String::from_utf8(report).unwrap();
    assert!(
        report.contains("norland.url  sidecar of norland.pdf"),
        "{report}"
    );
    assert!(report.contains("lonely.url  REJECTED: a .url sidecar with no document"));
    assert!(
        report.ends_with("7 files: 4 indexed, 1 rejected, 2 sidecars\n"),
        "{report}"
    );
    let evil = article(&r, "evil");
    assert_eq!(evil.provenance.url, None);
    assert!(
        evil.warnings
            .iter()
            .any(|w| w.contains("not an http(s) URL")),
        "{:?}",
        evil.warnings
    );
    assert_eq!(from(article(&r, "norland"), "url"), "sidecar norland.url");
    assert_eq!(from(article(&r, "note"), "url"), "front matter url");

    let app = app_for(d);
    let canonical = "https://ledger.example.org/world/2024/03/14/cable-sabotage-charges";
    let page = get(&app, "/articles/cable").await;
    let page = get(&app, page.location()).await;
    assert_eq!(page.attrs("a.source-url", "href"), [canonical]);
    assert_eq!(
        page.attrs("a.wayback", "href"),
        [format!("https://web.archive.org/web/20240314/{canonical}")]
    );
    let ld: Vec<serde_json::Value> = page
        .texts(r#"script[type="application/ld+json"]"#)
        .iter()
        .filter_map(|s| serde_json::from_str(s).ok())
        .collect();
    assert!(ld.iter().any(|v| v["isBasedOn"] == canonical), "{ld:?}");
    let bib = get(&app, "/articles/cable/cite.bib").await.body;
    assert!(bib.contains(&format!("url = {{{canonical}}}")), "{bib}");
    let ris = get(&app, "/articles/cable/cite.ris").await.body;
    assert!(ris.contains(&format!("UR  - {canonical}\r\n")), "{ris}");
    let csl: serde_json::Value =
        serde_json::from_str(&get(&app, "/articles/cable/cite.json").await.body).expect("CSL-JSON");
    assert_eq!(csl[0]["URL"], canonical);
    // No URL known: no link, and citations keep the permalink.
    let page = get(&app, "/articles/evil").await;
    let page = get(&app, page.location()).await;
    assert!(page.attrs("a.source-url", "href").is_empty());
    assert!(
        page.attrs("a", "href")
            .iter()
            .all(|h| !h.to_lowercase().contains("javascript")),
        "no javascript: link"
    );
}

#[test]
fn hostile_web_pages_never_crash_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let nested = |n: usize| {
        format!(
            "<html><body>{}<p>Deep inside, the working group met again.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    std::fs::write(d.join("deep.html"), nested(2_000)).unwrap();
    std::fs::write(
        d.join("scripts.html"),
        "<html><head><script>alert(1)</script><style>p{}</style></head><body><nav>Menu</nav></body></html>",
    )
    .unwrap();
    std::fs::write(
        d.join("broken.htm"),
        "<p>Unclosed <b><i>tags <table><tr><td>cell",
    )
    .unwrap();
    std::fs::write(d.join("binary.html"), b"\x00\x01\x02<html>").unwrap();
    let c = corpus::load(d, LoadOptions::default()).unwrap();
    assert_eq!(c.documents.len() + c.rejected.len(), 4);
    assert_eq!(reason(&c, "scripts.html"), &RejectReason::Empty);
    assert_eq!(reason(&c, "binary.html"), &RejectReason::Binary);
    let deep = c
        .documents
        .iter()
        .find(|d| d.id == "deep")
        .unwrap_or_else(|| panic!("{:?}", c.rejected));
    assert!(deep.text.contains("Deep inside"));
    assert!(
        c.documents
            .iter()
            .any(|d| d.id == "broken" && d.text.contains("cell"))
    );
    // Far deeper nesting costs html5ever time by the square of the depth:
    // the budget stops waiting for it.
    let deeper = tempfile::tempdir().unwrap();
    std::fs::write(deeper.path().join("deeper.html"), nested(60_000)).unwrap();
    let options = LoadOptions {
        time_budget: Duration::from_millis(300),
        ..LoadOptions::default()
    };
    let t = Instant::now();
    let c = corpus::load(deeper.path(), options).unwrap();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(
        reason(&c, "deeper.html"),
        &RejectReason::OverBudget { millis: 300 }
    );
}

#[test]
fn words_placed_apart_on_a_pdf_line_are_words() {
    let dir = tempfile::tempdir().unwrap();
    let tj = |t: &str| Operation::new("Tj", vec![Object::string_literal(t)]);
    let ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new(
            "Tm",
            vec![
                1.into(),
                0.into(),
                0.into(),
                1.into(),
                72.into(),
                700.into(),
            ],
        ),
        tj("Distinguished"),
        Operation::new("Td", vec![80.into(), 0.into()]),
        tj("delegates,"),
        Operation::new("Td", vec![(-80).into(), (-16).into()]),
        Operation::new(
            "TJ",
            vec![Object::Array(vec![
                Object::string_literal("the gro"),
                Object::Integer(-20),
                Object::string_literal("up is called to order"),
                Object::Integer(-400),
                Object::string_literal("today."),
            ])],
        ),
        Operation::new("ET", vec![]),
    ];
    std::fs::write(dir.path().join("words.pdf"), pdf_ops(&[ops], &[])).unwrap();
    let c = corpus::load(dir.path(), LoadOptions::default()).unwrap();
    assert_eq!(
        c.documents[0].text,
        "Distinguished delegates, the group is called to order today."
    );
}

/// Issue 12, "done when": a folder of our own web pages, PDFs, Word files
/// and texts in the UN's six languages starts, and `demarche check --json`
/// (the real binary) accounts for every file: indexed with its format, its
/// language and where each field came from, or rejected with the reason.
#[test]
fn a_folder_of_every_format_in_six_languages_is_accounted_for_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    put("news.html", &fixture("news.html"));
    put(
        "geneve.html",
        "<!doctype html><html lang=\"fr\"><head><title>Négociations à Genève | Le Quotidien \
         Lémanique</title><meta property=\"og:title\" content=\"Les ministres poursuivent les \
         négociations sur le cyberespace\"></head><body><nav><a href=\"/\">Accueil</a></nav>\
         <article><p>GENÈVE, le 10 décembre 2022. Les ministres ont décidé lundi de poursuivre \
         les négociations sur le comportement responsable des États dans le cyberespace.</p>\
         <p>Les délégations ont indiqué que la prochaine session examinerait les mesures de \
         confiance et le renforcement des capacités des pays en développement.</p></article>\
         <footer>© Le Quotidien Lémanique</footer></body></html>"
            .as_bytes(),
    );
    put("statement.pdf", &statement_pdf());
    put(
        "madrid.docx",
        &docx(
            &[
                para(Some("Title"), "Los ministros continúan las negociaciones"),
                para(
                    None,
                    "MADRID, 9 de agosto de 2024. Los ministros acordaron el lunes continuar \
                     las negociaciones sobre el comportamiento responsable de los Estados en el \
                     ciberespacio y sobre las medidas de fomento de la confianza.",
                ),
            ]
            .concat(),
            Some("<dc:title>Los ministros continúan las negociaciones</dc:title>"),
        ),
    );
    put(
        "moskva.txt",
        "Министры продолжат переговоры по кибербезопасности\n\n\
         МОСКВА, 10 декабря 2022 г. Министры договорились в понедельник продолжить переговоры \
         об ответственном поведении государств в киберпространстве.\n"
            .as_bytes(),
    );
    put(
        "beijing.txt",
        "部长们同意继续网络安全谈判\n\n2022年12月10日，北京。部长们星期一在上海合作组织框架内同意继续\
         就国家在网络空间的负责任行为进行谈判。各代表团表示，下届会议将审议建立信任措施。\n"
            .as_bytes(),
    );
    put(
        "abudhabi.txt",
        "الوزراء يتفقون على مواصلة المفاوضات بشأن الأمن السيبراني\n\nأبوظبي، 10 ديسمبر 2022 /وام/ اتفق \
         الوزراء يوم الاثنين على مواصلة المفاوضات بشأن السلوك المسؤول للدول في الفضاء الإلكتروني \
         وعلى تنفيذ اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية.\n"
            .as_bytes(),
    );
    put(
        "xinhua.txt",
        "中方支持联合国网络安全进程\n\n新华社北京12月10日电 外交部发言人毛宁表示，中方支持联合国开放式工作组\
         在信息安全领域的工作，愿同各方加强对话。\n"
            .as_bytes(),
    );
    put("scan.pdf", &scanned_pdf());
    put("cut.pdf", &statement_pdf()[..400]);
    put("broken.docx", b"PK\x03\x04 not really a zip");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["check", "--json", "--data"])
        .arg(dir.path())
        .output()
        .expect("demarche check runs");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let on_disk = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(lines.len(), on_disk, "{lines:#?}");
    let line = |file: &str| {
        lines
            .iter()
            .find(|l| l["file"] == file)
            .unwrap_or_else(|| panic!("{file} not listed"))
    };
    for (file, format, language) in [
        ("news.html", "html", "en"),
        ("geneve.html", "html", "fr"),
        ("statement.pdf", "pdf", "en"),
        ("madrid.docx", "docx", "es"),
        ("moskva.txt", "text", "ru"),
        ("beijing.txt", "text", "zh"),
        ("abudhabi.txt", "text", "ar"),
        ("xinhua.txt", "text", "zh"),
    ] {
        let l = line(file);
        assert_eq!(l["format"], format, "{l}");
        assert_eq!(l["language"], language, "{l}");
        assert!(
            l["provenance"]
                .as_object()
                .is_some_and(|p| p.contains_key("title")),
            "{l}"
        );
    }
    // Dates read from the text of each language, and the page's own title.
    assert_eq!(line("geneve.html")["date"], "2022-12-10");
    assert_eq!(line("madrid.docx")["date"], "2024-08-09");
    assert_eq!(line("moskva.txt")["date"], "2022-12-10");
    assert_eq!(line("beijing.txt")["date"], "2022-12-10");
    assert_eq!(line("abudhabi.txt")["date"], "2022-12-10");
    // Chinese prose, written without spaces, is kept as prose: its forum is
    // found, and the short headline above it is the title.
    assert_eq!(line("beijing.txt")["title"], "部长们同意继续网络安全谈判");
    assert_eq!(
        line("beijing.txt")["forums"],
        serde_json::json!(["Shanghai Cooperation Organisation"])
    );
    // Chinese and Arabic at least dates, sources and forums (and Chinese
    // speech verbs their speaker): a wire's credit in the dateline, the
    // forum by its name in that script.
    assert_eq!(line("abudhabi.txt")["source"], "WAM");
    assert_eq!(
        line("abudhabi.txt")["forums"],
        serde_json::json!(["UN Convention against Cybercrime"])
    );
    assert_eq!(line("xinhua.txt")["source"], "Xinhua");
    assert_eq!(
        line("xinhua.txt")["forums"],
        serde_json::json!(["Open-ended Working Group"])
    );
    assert_eq!(line("xinhua.txt")["speakers"][0]["name"], "Mao Ning");
    assert_eq!(
        line("geneve.html")["provenance"]["title"],
        "meta og:title",
        "{}",
        line("geneve.html")
    );
    for (file, reason) in [
        ("scan.pdf", "no text layer"),
        ("cut.pdf", "PDF"),
        ("broken.docx", ""),
    ] {
        let error = line(file)["error"].as_str().unwrap_or_default().to_string();
        assert!(
            !error.is_empty() && error.contains(reason),
            "{file}: {error}"
        );
    }
}
