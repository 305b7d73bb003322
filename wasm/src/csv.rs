//! RFC 4180 CSV reading and writing, small enough for the wasm module.
//!
//! Input: CSV text — a leading byte-order mark, LF, CRLF or CR line ends, quoted fields
//! with doubled quotes, commas and line breaks inside. Output: [`records`], whose fields
//! carry both their decoded value and their byte span, line and column in the text, so a
//! caller can rewrite a few fields and copy every other byte verbatim; [`parse`], the
//! plain rows; and the quoting writer ([`field`], [`line()`]), which [`parse`] reads back
//! to the same cells.
//!
//! Must not: panic on any input, or drop a cell. Lines holding nothing but spaces and
//! tabs (outside quotes) are blank: skipped, but still counted, so line numbers are those
//! an editor shows. No dependencies: this module is compiled to wasm for the browser.

use std::ops::Range;

/// One field of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The decoded value (quotes removed, doubled quotes undone).
    pub value: String,
    /// Byte range of the raw field in the text, quotes included, separators excluded.
    pub span: Range<usize>,
    /// 1-based line where the field starts.
    pub line: usize,
    /// 1-based column (in characters) where the field starts.
    pub col: usize,
}

/// One record: a row of fields, possibly spanning several lines (quoted line breaks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// At least one field.
    pub fields: Vec<Field>,
    /// Byte range of the raw record, without its line end.
    pub span: Range<usize>,
    /// 1-based line where the record starts.
    pub line: usize,
}

impl Record {
    /// The decoded values.
    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.value.clone()).collect()
    }
}

/// A quote opened and never closed: where it opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnclosedQuote {
    /// 1-based line of the opening quote.
    pub line: usize,
    /// 1-based column (in characters) of the opening quote.
    pub col: usize,
}

/// Reads every record of `text`, skipping a leading BOM and blank lines.
pub fn records(text: &str) -> Result<Vec<Record>, UnclosedQuote> {
    let b = text.as_bytes();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line = 1;
    let mut line_start = i;
    let mut out = Vec::new();
    // Only ASCII bytes are compared, so every `i` at which a slice starts or ends is a
    // character boundary.
    while i < b.len() {
        let rec_start = i;
        let rec_line = line;
        let mut fields = Vec::new();
        loop {
            let f_start = i;
            let f_line = line;
            let f_col = text[line_start..f_start].chars().count() + 1;
            let mut value = String::new();
            if b.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let Some(&c) = b.get(i) else {
                        return Err(UnclosedQuote {
                            line: f_line,
                            col: f_col,
                        });
                    };
                    match c {
                        b'"' if b.get(i + 1) == Some(&b'"') => {
                            value.push('"');
                            i += 2;
                        }
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\r' | b'\n' => {
                            let end = line_end(b, i);
                            value.push_str(&text[i..end]);
                            i = end;
                            line += 1;
                            line_start = i;
                        }
                        _ => {
                            let run = b[i..]
                                .iter()
                                .position(|c| matches!(c, b'"' | b'\r' | b'\n'))
                                .map_or(b.len(), |n| i + n);
                            value.push_str(&text[i..run]);
                            i = run;
                        }
                    }
                }
            }
            // Unquoted text, or text after a closing quote (kept, leniently).
            let run = b[i..]
                .iter()
                .position(|c| matches!(c, b',' | b'\r' | b'\n'))
                .map_or(b.len(), |n| i + n);
            value.push_str(&text[i..run]);
            i = run;
            fields.push(Field {
                value,
                span: f_start..i,
                line: f_line,
                col: f_col,
            });
            if b.get(i) == Some(&b',') {
                i += 1;
            } else {
                break;
            }
        }
        let rec_end = i;
        if i < b.len() {
            i = line_end(b, i);
            line += 1;
            line_start = i;
        }
        let blank = text[rec_start..rec_end]
            .bytes()
            .all(|c| c == b' ' || c == b'\t');
        if !blank {
            out.push(Record {
                fields,
                span: rec_start..rec_end,
                line: rec_line,
            });
        }
    }
    Ok(out)
}

/// The index just past the line end (`\n`, `\r\n` or `\r`) that starts at `i`.
fn line_end(b: &[u8], i: usize) -> usize {
    if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
        i + 2
    } else {
        i + 1
    }
}

/// Parses CSV text into rows of fields (see [`records`]). Returns the 1-based line of an
/// unclosed quote as an error.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, usize> {
    records(text)
        .map(|rs| rs.iter().map(Record::values).collect())
        .map_err(|e| e.line)
}

/// Quotes a field when it needs it: separators, quotes, line breaks, leading or trailing
/// spaces and tabs (which readers trim or take for a blank line), a leading BOM.
pub fn field(s: &str) -> String {
    let edge = |c: char| c == ' ' || c == '\t';
    if s.contains([',', '"', '\n', '\r'])
        || s.starts_with(edge)
        || s.ends_with(edge)
        || s.starts_with('\u{feff}')
    {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line (without the line ending). A lone empty field is written `""`, so that
/// the line is not read back as a blank line.
pub fn line(fields: &[&str]) -> String {
    if fields == [""] {
        return "\"\"".to_string();
    }
    fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_crlf_and_blank_lines() {
        let rows =
            parse("\u{feff}name,need\r\n\"王, 总\",yes\r\n\r\n\"说\"\"好\"\"\",\"多\n行\"\n")
                .unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["name".to_string(), "need".into()],
                vec!["王, 总".into(), "yes".into()],
                vec!["说\"好\"".into(), "多\n行".into()],
            ]
        );
    }

    #[test]
    fn unclosed_quote_is_an_error_with_its_line() {
        assert_eq!(parse("a,b\n\"x,y\n"), Err(2));
        assert_eq!(
            records("a,b\n\n1,\"x\ny\n"),
            Err(UnclosedQuote { line: 3, col: 3 })
        );
    }

    #[test]
    fn round_trip() {
        let l = line(&["a,b", "c\"d", "e"]);
        assert_eq!(l, "\"a,b\",\"c\"\"d\",e");
        assert_eq!(parse(&l).unwrap()[0], vec!["a,b", "c\"d", "e"]);
    }

    #[test]
    fn lines_count_blank_lines_and_quoted_line_breaks() {
        let text = "h1,h2\n\n  \t\n\"a\r\nb\",x\r\n\r\n甲,\"\"\"q\"\"\"\n";
        let rs = records(text).unwrap();
        assert_eq!(rs.len(), 3);
        assert_eq!(rs[1].line, 4);
        assert_eq!(rs[1].fields[0].value, "a\r\nb");
        assert_eq!((rs[1].fields[1].line, rs[1].fields[1].col), (5, 4));
        assert_eq!(rs[2].line, 7);
        assert_eq!((rs[2].fields[1].line, rs[2].fields[1].col), (7, 3));
        assert_eq!(rs[2].fields[1].value, "\"q\"");
        // The spans are the raw bytes, quotes included.
        assert_eq!(&text[rs[2].fields[1].span.clone()], "\"\"\"q\"\"\"");
        assert_eq!(&text[rs[1].span.clone()], "\"a\r\nb\",x");
    }

    #[test]
    fn cr_line_ends_and_empty_fields() {
        let rs = records("a,b\rc,\r,d").unwrap();
        let values: Vec<Vec<String>> = rs.iter().map(Record::values).collect();
        assert_eq!(values, vec![vec!["a", "b"], vec!["c", ""], vec!["", "d"]]);
        assert_eq!(rs[2].line, 3);
    }

    #[test]
    fn empty_bom_only_and_blank_texts_have_no_records() {
        for text in ["", "\u{feff}", "\n\n", "\u{feff}\r\n  \r\n\t\n"] {
            assert_eq!(records(text), Ok(Vec::new()), "{text:?}");
        }
    }

    #[test]
    fn extra_cells_and_leniency() {
        let rs = records("a,b\n1,2,3,4\n\"x\"y,z\"w").unwrap();
        assert_eq!(rs[1].values(), vec!["1", "2", "3", "4"]);
        assert_eq!(rs[2].values(), vec!["xy", "z\"w"]);
    }

    #[test]
    fn writer_quotes_what_a_reader_would_change() {
        assert_eq!(line(&[""]), "\"\"");
        assert_eq!(line(&["", ""]), ",");
        assert_eq!(field(" a"), "\" a\"");
        assert_eq!(field("a\t"), "\"a\t\"");
        assert_eq!(field("\u{feff}a"), "\"\u{feff}a\"");
        assert_eq!(field("a\rb"), "\"a\rb\"");
        for row in [vec![""], vec!["\t"], vec!["\u{feff}", "x"]] {
            assert_eq!(parse(&line(&row)).unwrap(), vec![row.clone()], "{row:?}");
        }
    }
}
