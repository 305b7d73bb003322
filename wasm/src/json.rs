//! A minimal JSON writer and reader (the wasm module stays small without serde_json). The
//! reader takes what the browser's `JSON.stringify` writes (records kept in localStorage);
//! it must not panic on any input and refuses nesting deeper than 64.

/// A JSON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number; non-finite values (which the toolkit never produces) become `null`.
pub fn number(x: f64) -> String {
    if x.is_finite() {
        crate::html::fixed(x, 6, true)
    } else {
        "null".into()
    }
}

/// An object from already-encoded values, keys in the given order.
pub fn object(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{}", string(k), v))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// An array of already-encoded values.
pub fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// A parsed JSON value. Objects keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in written order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            _ => None,
        }
    }
}

/// Parses a JSON text; the error is the byte offset where reading stopped.
pub fn parse(text: &str) -> Result<Value, usize> {
    let mut r = Reader {
        s: text.as_bytes(),
        pos: 0,
    };
    let v = r.value(0)?;
    r.ws();
    if r.pos == r.s.len() {
        Ok(v)
    } else {
        Err(r.pos)
    }
}

struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> Result<(), usize> {
        if self.s[self.pos..].starts_with(lit.as_bytes()) {
            self.pos += lit.len();
            Ok(())
        } else {
            Err(self.pos)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, usize> {
        self.ws();
        if depth > 64 {
            return Err(self.pos);
        }
        match self.s.get(self.pos) {
            Some(b'n') => self.eat("null").map(|_| Value::Null),
            Some(b't') => self.eat("true").map(|_| Value::Bool(true)),
            Some(b'f') => self.eat("false").map(|_| Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Value::Array(items));
                        }
                        _ => return Err(self.pos),
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.s.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(Value::Object(fields));
                }
                loop {
                    self.ws();
                    if self.s.get(self.pos) != Some(&b'"') {
                        return Err(self.pos);
                    }
                    let k = self.string()?;
                    self.ws();
                    self.eat(":")?;
                    let v = self.value(depth + 1)?;
                    fields.push((k, v));
                    self.ws();
                    match self.s.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Value::Object(fields));
                        }
                        _ => return Err(self.pos),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while matches!(
                    self.s.get(self.pos),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.pos += 1;
                }
                std::str::from_utf8(&self.s[start..self.pos])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .map(Value::Number)
                    .ok_or(start)
            }
            _ => Err(self.pos),
        }
    }

    fn hex4(&mut self) -> Result<u32, usize> {
        let h = self.s.get(self.pos..self.pos + 4).ok_or(self.pos)?;
        let v = std::str::from_utf8(h)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or(self.pos)?;
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, usize> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = *self.s.get(self.pos).ok_or(self.pos)?;
            self.pos += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|_| self.pos),
                b'\\' => {
                    let e = *self.s.get(self.pos).ok_or(self.pos)?;
                    self.pos += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.eat("\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.pos);
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or(self.pos)?
                        }
                        _ => return Err(self.pos - 1),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return Err(self.pos - 1),
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_json() {
        let o = object(&[
            ("a", string("引号\"\n")),
            ("b", number(266.666_666_6)),
            ("c", array(&[number(1.0), "null".into()])),
        ]);
        assert_eq!(o, "{\"a\":\"引号\\\"\\n\",\"b\":266.666667,\"c\":[1,null]}");
        assert_eq!(number(f64::NAN), "null");
    }

    #[test]
    fn reads_what_it_writes_and_what_browsers_write() {
        let text = object(&[
            ("a", string("引号\"\n\u{1}")),
            ("b", array(&[number(1.5), "null".into(), "true".into()])),
        ]);
        let v = parse(&text).unwrap();
        assert_eq!(v.get("a").and_then(Value::as_str), Some("引号\"\n\u{1}"));
        assert_eq!(
            v.get("b"),
            Some(&Value::Array(vec![
                Value::Number(1.5),
                Value::Null,
                Value::Bool(true)
            ]))
        );
        let v = parse(" { \"x\" : [ ] , \"y\":{}, \"z\":\"\\ud83d\\ude00\\u00e9\\/\"} ").unwrap();
        assert_eq!(v.get("z").and_then(Value::as_str), Some("😀é/"));
        assert_eq!(v.get("x"), Some(&Value::Array(vec![])));
        assert_eq!(parse("-12e2").unwrap().as_f64(), Some(-1200.0));
    }

    #[test]
    fn refuses_broken_json_with_the_offset() {
        assert_eq!(parse(""), Err(0));
        assert_eq!(parse("[1,"), Err(3));
        assert_eq!(parse("{\"a\" 1}"), Err(5));
        assert_eq!(parse("\"abc"), Err(4));
        assert_eq!(parse("[1] x"), Err(4));
        assert_eq!(parse("\"\\ud800\""), Err(7));
        assert!(parse(&"[".repeat(100)).is_err());
    }
}
