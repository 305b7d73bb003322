//! What `serve` answers to one request, decided without touching a socket.
//!
//! Input: the bytes of a request head (request line and headers), the site folder and the
//! live-reload status. Output: a [`Response`] (status, headers, body in memory or as an open
//! file). Must not: read or write the network, accept a `Host` that is not local (DNS
//! rebinding), answer methods other than GET and HEAD, or resolve a path outside the site.

use std::fs::File;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};

use super::status::Status;

/// The reload script, injected into every HTML page `serve` sends.
const RELOAD_JS: &str = include_str!("reload.js");

/// A response body: bytes already in memory, or a file streamed in chunks.
pub(super) enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

/// One response, before it is written.
pub(super) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub extra_headers: &'static str,
    pub body: Body,
    /// HEAD: send the headers (with the body's length) but not the body.
    pub head_only: bool,
}

impl Response {
    /// A short plain-text answer (errors).
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            extra_headers: "",
            body: Body::Bytes(format!("{text}\n").into_bytes()),
            head_only: false,
        }
    }

    fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            extra_headers: "",
            body: Body::Bytes(body),
            head_only: false,
        }
    }

    /// The status line and headers. Every response closes its connection: a worker is
    /// never held by a client between requests.
    pub fn head(&self) -> Vec<u8> {
        let len = match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, n) => *n,
        };
        format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n{}Connection: close\r\n\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.extra_headers,
        )
        .into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// The end of the request head in `buf` (the index after the blank line), if complete.
pub(super) fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// The site being served and who may ask for it.
pub(super) struct Site {
    pub dir: PathBuf,
    /// The host given with `--bind`, when it names one host rather than all of them.
    pub bind_host: Option<String>,
}

impl Site {
    /// Answers one request head.
    pub fn respond(&self, head: &[u8], status: &Status) -> Response {
        let Some(req) = parse_head(head) else {
            return Response::text(400, "400 Bad Request");
        };
        match req.host {
            Some(h) if host_allowed(h, self.bind_host.as_deref()) => {}
            Some(_) => {
                return Response::text(
                    403,
                    "403 Forbidden: this development server only answers to localhost \
                     (or the host given with --bind)",
                )
            }
            None => return Response::text(400, "400 Bad Request: no Host header"),
        }
        let head_only = match req.method {
            "GET" => false,
            "HEAD" => true,
            _ => {
                let mut r = Response::text(405, "405 Method Not Allowed");
                r.extra_headers = "Allow: GET, HEAD\r\n";
                return r;
            }
        };
        let mut resp = self.route(req.target, status);
        resp.head_only = head_only;
        resp
    }

    fn route(&self, target: &str, status: &Status) -> Response {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        match path {
            "/__playbook/status" => {
                let seen = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("seen="))
                    .and_then(|v| v.parse().ok());
                Response::bytes(200, "application/json", status.json(seen).into_bytes())
            }
            "/__playbook/reload.js" => Response::bytes(
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
            ),
            _ => match resolve(&self.dir, target) {
                Some(p) if is_html(&p) => match std::fs::read(&p) {
                    Ok(b) => Response::bytes(200, content_type(&p), inject(b)),
                    Err(_) => self.not_found(target),
                },
                Some(p) => match File::open(&p).and_then(|f| Ok((f.metadata()?.len(), f))) {
                    Ok((len, f)) => Response {
                        status: 200,
                        content_type: content_type(&p),
                        extra_headers: "",
                        body: Body::File(f, len),
                        head_only: false,
                    },
                    Err(_) => self.not_found(target),
                },
                None => self.not_found(target),
            },
        }
    }

    /// The 404 page of the language the missing path is under (`en/404.html` for
    /// `/en/…`, as hosts that pick the error page by folder do), else the root one.
    fn not_found(&self, target: &str) -> Response {
        let path = target.split(['?', '#']).next().unwrap_or("");
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let own = (!first.is_empty())
            .then(|| resolve(&self.dir, &format!("/{first}/404.html")))
            .flatten();
        let page = own.unwrap_or_else(|| self.dir.join("404.html"));
        let b = std::fs::read(page).unwrap_or_else(|_| b"not found".to_vec());
        Response::bytes(404, "text/html; charset=utf-8", inject(b))
    }
}

/// The parts of a request `serve` looks at.
struct Request<'a> {
    method: &'a str,
    target: &'a str,
    host: Option<&'a str>,
}

fn parse_head(head: &[u8]) -> Option<Request<'_>> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return None;
    }
    let mut host = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return None; // two Host headers: refuse rather than pick one
            }
            host = Some(value.trim());
        }
    }
    Some(Request {
        method,
        target,
        host,
    })
}

/// Whether a `Host` header names this machine: `localhost`, a `*.localhost` name, an IP
/// address, or the host given with `--bind`; with or without a port. Any other name is
/// refused, so that a web page whose domain is re-pointed at 127.0.0.1 (DNS rebinding)
/// cannot read the site. IP addresses are accepted because a page cannot rebind them: a
/// page's origin is its host name, so a request naming an address comes from a page that
/// was loaded from that address.
pub(super) fn host_allowed(host: &str, bind_host: Option<&str>) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, "")) => ip,
            Some((ip, port)) if port.strip_prefix(':').is_some_and(is_port) => ip,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() {
        return false;
    }
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok()
        || bind_host.is_some_and(|b| b.trim_end_matches('.').eq_ignore_ascii_case(&name))
}

fn is_port(s: &str) -> bool {
    (1..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Resolves a request path to a file inside `site`, or `None` when it would leave it
/// (`..`, encoded `%2e%2e`, backslashes, absolute paths, NUL bytes, symlinks out).
pub fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::model::decode_percent(path);
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = site.to_path_buf();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => {
                let p = Path::new(s);
                if p.components().any(|c| !matches!(c, Component::Normal(_))) {
                    return None;
                }
                out.push(s);
            }
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    let canon_site = site.canonicalize().ok()?;
    let canon = out.canonicalize().ok()?;
    (canon.starts_with(&canon_site) && canon.is_file()).then_some(canon)
}

fn is_html(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("html")
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to an HTML page (only in `serve`; never in built output).
fn inject(body: Vec<u8>) -> Vec<u8> {
    let html = String::from_utf8_lossy(&body);
    let tag = "<script src=\"/__playbook/reload.js\" defer></script>";
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_cannot_leave_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(site.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert!(resolve(&site, "/a/").is_some());
        assert!(resolve(&site, "/a/index.html?x=1").is_some());
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/a/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "/a%00",
        ] {
            assert!(resolve(&site, bad).is_none(), "{bad} must be refused");
        }
    }

    #[test]
    fn a_missing_page_gets_the_404_page_of_its_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        std::fs::write(dir.path().join("404.html"), "找不到").unwrap();
        std::fs::write(dir.path().join("en/404.html"), "not found").unwrap();
        let site = Site {
            dir: dir.path().to_path_buf(),
            bind_host: None,
        };
        let status = Status::default();
        let body = |target: &str| {
            let r = site.route(target, &status);
            let Body::Bytes(b) = r.body else {
                panic!("{target}: not a page")
            };
            (r.status, String::from_utf8(b).unwrap())
        };
        let (code, home) = body("/");
        assert_eq!(code, 200);
        assert!(home.starts_with("home"));
        for (target, want) in [
            ("/nope/", "找不到"),
            ("/en/nope/", "not found"),
            ("/en/a/b?x=1", "not found"),
            ("/fr/nope/", "找不到"),
            ("/../en/x", "找不到"),
        ] {
            let (code, page) = body(target);
            assert_eq!(code, 404, "{target}");
            assert!(page.starts_with(want), "{target}: {page}");
        }
    }

    #[test]
    fn only_local_hosts_are_answered() {
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.",
            "docs.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "192.168.1.20:1111",
        ] {
            assert!(host_allowed(ok, None), "{ok} must be accepted");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "localhost:80:80",
            "localhost:http",
            "[::1]x",
            "",
            ":1111",
            "devbox.lan",
        ] {
            assert!(!host_allowed(bad, None), "{bad} must be refused");
        }
        assert!(host_allowed("devbox.lan:1111", Some("devbox.lan")));
        assert!(host_allowed("DevBox.lan", Some("devbox.lan")));
        assert!(!host_allowed("other.lan", Some("devbox.lan")));
    }

    #[test]
    fn heads_are_parsed_strictly() {
        let r = parse_head(b"GET /a/?x=1 HTTP/1.1\r\nhost: localhost\r\nX: y\r\n\r\n").unwrap();
        assert_eq!(
            (r.method, r.target, r.host),
            ("GET", "/a/?x=1", Some("localhost"))
        );
        assert!(parse_head(b"GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").is_none());
        assert!(parse_head(b"GET http://evil/ HTTP/1.1\r\nHost: a\r\n\r\n").is_none());
        assert!(parse_head(b"GET / HTTP/2\r\n\r\n").is_none());
        assert!(parse_head(b"GET / HTTP/1.1\r\nno colon\r\n\r\n").is_none());
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nrest"), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n"), None);
    }
}
