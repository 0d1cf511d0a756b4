//! Several instruments' reports as one document (issue 18): where a report goes to standard
//! output, which holds one document, each instrument measured is a part of it — HTML one page
//! with a section per instrument and a contents list, CSV one table with a `measured` column,
//! Word one document with a chapter per instrument, Excel one workbook with each instrument's
//! sheets, Markdown the reports one after the other. One instrument's report is never passed
//! through here: its bytes are those of the single report.
//!
//! HTML and CSV are put together from the rendered reports (each rendered by its own
//! templates); Word and Excel are written from the view models (`docx`, `xlsx`).

use super::locale::Catalog;
use super::view::Report;
use super::{Format, ReportError};

/// One instrument's report: the instrument's id and title, the report rendered in the format
/// asked for, and its view model (for Word and Excel).
pub struct Part {
    pub id: String,
    pub title: String,
    pub bytes: Vec<u8>,
    pub view: Option<Report>,
}

/// The reports of `parts` (in the order measured) as one document in `format`.
pub fn join(parts: &[Part], format: Format, catalog: &Catalog) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Html => Ok(html(parts, catalog).into_bytes()),
        Format::Csv => Ok(csv(parts, catalog).into_bytes()),
        Format::Docx | Format::Xlsx => {
            let views = parts
                .iter()
                .map(|p| {
                    p.view.as_ref().map(|v| (p.id.as_str(), v)).ok_or_else(|| {
                        ReportError::new(
                            "lexgap stopped on an internal error (a report without its view); please report it",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if format == Format::Docx {
                super::docx::write_several(&views, catalog)
            } else {
                super::xlsx::write_several(&views, catalog)
            }
        }
        // Markdown: the reports one after the other, each a whole document.
        Format::Md | Format::Json => {
            let mut out = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                out.extend_from_slice(&p.bytes);
            }
            Ok(out)
        }
    }
}

/// The fragment id of an instrument's section, and the prefix of every id inside it.
fn section_id(id: &str) -> String {
    super::view::anchor("i-", id)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One HTML page: the first report's head (styles, title, language), a contents list of the
/// instruments, and each report's body in a section of its own. The ids inside a section are
/// prefixed with the section's (`i-tip--assessment`), and so are the links to them, so that
/// the reports' own fragment ids (`#summary`, `#o-FP-5.1.a` …) stay unique in the page. Text
/// from the law is escaped by the templates, so `id="` and `href="#` occur only as attributes.
fn html(parts: &[Part], catalog: &Catalog) -> String {
    let docs: Vec<String> = parts
        .iter()
        .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
        .collect();
    let head = docs
        .first()
        .and_then(|d| {
            let start = d.find("<body")?;
            let end = d.get(start..)?.find('>')? + start + 1;
            d.get(..end)
        })
        .unwrap_or("<!DOCTYPE html>\n<html>\n<body>");
    let mut out = String::from(head);
    out.push_str("\n<nav class=\"instruments\">\n<h2>");
    out.push_str(&escape(catalog.get("common.instruments-measured")));
    out.push_str("</h2>\n<ol>\n");
    for p in parts {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            section_id(&p.id),
            escape(&p.title)
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    for (p, doc) in parts.iter().zip(&docs) {
        let body = doc
            .find("<body")
            .and_then(|s| doc.get(s..)?.find('>').map(|e| s + e + 1))
            .and_then(|s| {
                let e = doc.rfind("</body>")?;
                doc.get(s..e)
            })
            .unwrap_or("");
        let id = section_id(&p.id);
        let body = body
            .replace(" id=\"", &format!(" id=\"{id}--"))
            .replace("href=\"#", &format!("href=\"#{id}--"))
            .replace("aria-labelledby=\"", &format!("aria-labelledby=\"{id}--"));
        out.push_str(&format!("<section class=\"instrument\" id=\"{id}\">"));
        out.push_str(&body);
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One table: the first report's header with a `measured` column before it (the instrument's
/// id, as `analyze --format csv` says which instrument a row measures), then every report's
/// rows with their instrument's id. Records are told apart by CRLF outside quotes: a quoted
/// field may hold a line break.
fn csv(parts: &[Part], catalog: &Catalog) -> String {
    let measured = if catalog.lang == "en" {
        "measured".to_string()
    } else {
        super::csv::header_name(catalog, "measured")
    };
    let mut out = String::from("\u{feff}");
    for (i, p) in parts.iter().enumerate() {
        let text = String::from_utf8_lossy(&p.bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for (n, record) in records(text).into_iter().enumerate() {
            if n == 0 {
                if i == 0 {
                    out.push_str(&crate::csv::field(&measured));
                    out.push(',');
                    out.push_str(record);
                    out.push_str("\r\n");
                }
                continue;
            }
            out.push_str(&crate::csv::field(&p.id));
            out.push(',');
            out.push_str(record);
            out.push_str("\r\n");
        }
    }
    out
}

/// The records of a CSV text, without their CRLF: a line break inside quotes is part of a field.
fn records(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'"') => quoted = !quoted,
            Some(b'\r') if !quoted && bytes.get(i + 1) == Some(&b'\n') => {
                out.push(text.get(start..i).unwrap_or(""));
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(text.get(start..).unwrap_or(""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::report::Renderer::new(crate::report::Templates::bundled(), "en")
            .expect("bundled renderer")
            .catalog()
            .clone()
    }

    fn part(id: &str, bytes: &str) -> Part {
        Part {
            id: id.into(),
            title: format!("The {id} <instrument>"),
            bytes: bytes.as_bytes().to_vec(),
            view: None,
        }
    }

    #[test]
    fn csv_records_keep_a_quoted_line_break() {
        assert_eq!(
            records("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n"),
            ["a,b", "1,\"x\r\ny\"", "2,z"]
        );
    }

    #[test]
    fn one_csv_table_says_which_instrument_each_row_measures() {
        let parts = [
            part(
                "fp",
                "\u{feff}jurisdiction,status\r\nME,\"met\r\nfully\"\r\n",
            ),
            part("tip", "\u{feff}jurisdiction,status\r\nME,partly\r\n"),
        ];
        assert_eq!(
            csv(&parts, &catalog()),
            "\u{feff}measured,jurisdiction,status\r\nfp,ME,\"met\r\nfully\"\r\ntip,ME,partly\r\n"
        );
    }

    #[test]
    fn one_html_page_has_a_section_per_instrument_with_its_own_ids() {
        let doc = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>T</title></head>\n<body id=\"top\">\n<a href=\"#summary\">s</a><section id=\"summary\">x</section>\n</body>\n</html>\n";
        let parts = [part("fp", doc), part("tip", doc)];
        let page = html(&parts, &catalog());
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>T</title></head>\n<body id=\"top\">\n<nav class=\"instruments\">"), "{page}");
        assert!(
            page.contains("<li><a href=\"#i-tip\">The tip &lt;instrument&gt;</a></li>"),
            "{page}"
        );
        assert!(
            page.contains("<section class=\"instrument\" id=\"i-fp\">"),
            "{page}"
        );
        assert!(
            page.contains("<a href=\"#i-tip--summary\">s</a><section id=\"i-tip--summary\">"),
            "{page}"
        );
        assert_eq!(page.matches("id=\"i-fp--summary\"").count(), 1, "{page}");
        assert_eq!(page.matches("<body").count(), 1, "{page}");
        assert!(page.ends_with("</section>\n</body>\n</html>\n"), "{page}");
    }
}
