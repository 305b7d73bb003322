//! RFC 4180 CSV reading and writing, small enough for the wasm module.

/// Parses CSV text into rows of fields (quoted fields, doubled quotes, CRLF, a BOM).
/// Blank lines are skipped. Returns the 1-based line of an unclosed quote as an error.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut line = 1;
    let mut quote_line = 0;
    let mut any = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
                any = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' => {}
            '\n' => {
                line += 1;
                if any || !field.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                any = false;
            }
            c => {
                field.push(c);
                any = true;
            }
        }
    }
    if in_quotes {
        return Err(quote_line);
    }
    if any || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Quotes a field when it needs it.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line (without the line ending).
pub fn line(fields: &[&str]) -> String {
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
    }

    #[test]
    fn round_trip() {
        let l = line(&["a,b", "c\"d", "e"]);
        assert_eq!(l, "\"a,b\",\"c\"\"d\",e");
        assert_eq!(parse(&l).unwrap()[0], vec!["a,b", "c\"d", "e"]);
    }
}
