//! The tokenizer shared by the index (built at build time) and the query (in the
//! browser), so that the two can never disagree.
//!
//! Chinese (Han) runs give every character and every pair of adjacent characters
//! (unigrams and bigrams: no dictionary, no drift); Latin words are lower-cased with a
//! light plural rule; terms such as `6W2H`, `4P`, `1:1`, `80/20`, `M+A+N`, `80%` are kept
//! whole (and their parts indexed too). Full-width ASCII is folded to ASCII, traditional
//! Chinese characters to simplified ones (see the `fold` module).

use std::borrow::Cow;

use super::fold::simplify;

/// A token and its byte range in the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The normalised term.
    pub term: String,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

pub(super) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn fold(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if w.chars().any(|c| c.is_ascii_digit()) || w.len() <= 3 {
        return w;
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w;
    }
    w.strip_suffix('s').map(str::to_string).unwrap_or(w)
}

/// Splits text into search tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, |term, start, end| {
        out.push(Token {
            term: term.into_owned(),
            start,
            end,
        })
    });
    out
}

/// Calls `f(term, start, end)` for each search token of `text`, in order, without
/// allocating for Chinese tokens in simplified characters (they are slices of `text`);
/// traditional characters are folded to simplified ones (`simplify`).
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>, usize, usize)) {
    // Han runs are handled as they stream by; other stretches (Latin words, numbers,
    // compounds such as `6W2H` or `1:1`) are collected and tokenized as a whole.
    // The previous Han character: its offset and folded form.
    let mut prev_han: Option<(usize, char)> = None;
    let mut other_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_han(c) {
            if let Some(s) = other_start.take() {
                tokenize_other(text, s, i, &mut f);
            }
            let end = i + c.len_utf8();
            let simple = simplify(c);
            if let Some((p, prev)) = prev_han {
                if prev == text[p..i].chars().next().unwrap_or(prev) && simple == c {
                    f(Cow::Borrowed(&text[p..end]), p, end);
                } else {
                    f(Cow::Owned([prev, simple].iter().collect()), p, end);
                }
            }
            if simple == c {
                f(Cow::Borrowed(&text[i..end]), i, end);
            } else {
                f(Cow::Owned(simple.to_string()), i, end);
            }
            prev_han = Some((i, simple));
        } else {
            prev_han = None;
            other_start.get_or_insert(i);
        }
    }
    if let Some(s) = other_start {
        tokenize_other(text, s, text.len(), &mut f);
    }
}

/// Tokens of `text[from..to]`, a stretch without Han characters.
fn tokenize_other<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    f: &mut impl FnMut(Cow<'a, str>, usize, usize),
) {
    let chars: Vec<(usize, char)> = text[from..to]
        .char_indices()
        .map(|(i, c)| (from + i, fold(c)))
        .collect();
    let end_of = |k: usize| chars.get(k + 1).map_or(to, |x| x.0);
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if c.is_alphanumeric() {
            // A compound: alphanumeric runs joined by one of : / + . - between them, and a
            // trailing %.
            let mut j = k;
            let mut parts: Vec<(usize, usize)> = Vec::new();
            loop {
                let ps = j;
                while j < chars.len() && chars[j].1.is_alphanumeric() {
                    j += 1;
                }
                parts.push((ps, j));
                if j + 1 < chars.len()
                    && matches!(chars[j].1, ':' | '/' | '+' | '.' | '-')
                    && chars[j + 1].1.is_alphanumeric()
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if j < chars.len() && chars[j].1 == '%' {
                j += 1;
            }
            let s: String = chars[k..j].iter().map(|x| x.1).collect();
            let whole = stem(&s);
            f(Cow::Owned(whole.clone()), start, end_of(j - 1));
            if parts.len() > 1 || s.ends_with('%') {
                let mut seen = vec![whole];
                for (a, b) in parts {
                    let p: String = chars[a..b].iter().map(|x| x.1).collect();
                    let t = stem(&p);
                    if !seen.contains(&t) && !t.is_empty() {
                        f(Cow::Owned(t.clone()), chars[a].0, end_of(b - 1));
                        seen.push(t);
                    }
                }
            }
            k = j;
        } else {
            k += 1;
        }
    }
}

/// The terms of [`for_each_token`] as [`Term`](super::write::Term)s, in the same order: a Chinese character
/// or pair is made its number straight from the characters (no text to slice, fold or
/// decode again), which is most of what indexing a page costs.
pub(super) fn for_each_term<'a>(text: &'a str, mut f: impl FnMut(super::write::Term<'a>)) {
    use super::write::Term;
    // The previous Han character, folded.
    let mut prev_han: Option<char> = None;
    let mut other_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_han(c) {
            if let Some(s) = other_start.take() {
                tokenize_other(text, s, i, &mut |t, _, _| f(Term::of(t)));
            }
            let simple = simplify(c);
            if let Some(prev) = prev_han {
                f(Term::Short(
                    1 << 63 | u64::from(prev) << 32 | u64::from(simple),
                ));
            }
            f(Term::Short(u64::from(simple)));
            prev_han = Some(simple);
        } else {
            prev_han = None;
            other_start.get_or_insert(i);
        }
    }
    if let Some(s) = other_start {
        tokenize_other(text, s, text.len(), &mut |t, _, _| f(Term::of(t)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn chinese_gives_unigrams_and_bigrams() {
        assert_eq!(
            terms("客户价值"),
            ["客", "客户", "户", "户价", "价", "价值", "值"]
        );
        assert_eq!(terms("拜访。"), ["拜", "拜访", "访"]);
        // Traditional characters give the simplified terms, at the same offsets.
        assert_eq!(terms("拜訪。"), ["拜", "拜访", "访"]);
        assert_eq!(terms("客戶價值"), terms("客户价值"));
        let t = tokenize("關係");
        assert_eq!((t[1].term.as_str(), t[1].start, t[1].end), ("关系", 0, 6));
    }

    #[test]
    fn latin_terms_and_compounds() {
        assert_eq!(
            terms("Customers' Lifetime value"),
            ["customer", "lifetime", "value"]
        );
        assert_eq!(terms("6W2H"), ["6w2h"]);
        assert_eq!(terms("4P 与 4C"), ["4p", "与", "4c"]);
        assert_eq!(terms("1:1"), ["1:1", "1"]);
        assert_eq!(
            terms("80/20 法则"),
            ["80/20", "80", "20", "法", "法则", "则"]
        );
        assert_eq!(terms("80%"), ["80%", "80"]);
        assert_eq!(terms("M+A+N"), ["m+a+n", "m", "a", "n"]);
        assert_eq!(terms("ＭＡＮ原则"), ["man", "原", "原则", "则"]);
        assert_eq!(terms("business"), ["business"]);
        assert_eq!(terms("strategies"), ["strategy"]);
    }
}
