//! Raw HTML and remote media in a page: what the site's Content-Security-Policy would
//! block, what breaks offline, and what would run a script.
//!
//! Input: a page's raw HTML spans, its links and images with a scheme, its images
//! without alt text (from the parse stage), and the `[html]` policy. Output: located
//! diagnostics. `<script>`, `on…=` attributes, `javascript:` URLs, `<iframe>`, `<embed>`
//! and `<object>` are errors unless their kind is allowed in `[html]`; images, video and
//! audio from another origin are warnings (errors under `check --strict`) naming that
//! origin; an image without alt text is a warning. Must not: change the page.

use std::ops::Range;
use std::sync::Arc;

use super::html_scan::{is_javascript_url, remote_origin, tags};
use super::policy::{HtmlPolicy, Risk};
use crate::diagnostics::Diagnostic;
use crate::parse::markdown::RawParts;

/// Tags whose `src`, `srcset` or `poster` loads media.
const MEDIA_TAGS: &[&str] = &["img", "picture", "video", "audio", "source", "track"];

/// How strict the media checks are.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rules {
    /// The `[html]` opt-ins.
    pub policy: HtmlPolicy,
    /// `check --strict`: remote media are errors.
    pub strict: bool,
}

/// Checks one page. `masked` is the text the spans of `raw` refer to (the file with
/// components replaced by placeholders) and `to_original` maps its offsets to the file's.
pub fn check(
    path: &str,
    text: &Arc<str>,
    masked: &str,
    raw: &RawParts,
    to_original: impl Fn(usize) -> usize,
    rules: Rules,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let span = |r: Range<usize>| to_original(r.start)..to_original(r.end);
    let risk = |out: &mut Vec<Diagnostic>, r: Range<usize>, kind: Risk, what: String| {
        if kind.allowed(&rules.policy) {
            return;
        }
        out.push(
            Diagnostic::error(path, text, span(r), what).with_hint(format!(
                "{}, or set `[html] {} = true` in playbook.toml: {}",
                alternative(kind),
                kind.key(),
                kind.cost()
            )),
        );
    };
    for r in &raw.html {
        let Some(html) = masked.get(r.clone()) else {
            continue;
        };
        let at = |s: &Range<usize>| r.start + s.start..r.start + s.end;
        for tag in tags(html) {
            match tag.name.as_str() {
                "script" => risk(
                    &mut out,
                    at(&tag.span),
                    Risk::Script,
                    "raw `<script>` in a page".into(),
                ),
                "iframe" => risk(
                    &mut out,
                    at(&tag.span),
                    Risk::Iframe,
                    "`<iframe>` in a page".into(),
                ),
                "embed" | "object" => risk(
                    &mut out,
                    at(&tag.span),
                    Risk::Embed,
                    format!("`<{}>` in a page", tag.name),
                ),
                _ => {}
            }
            for a in &tag.attrs {
                let handler = a.name.len() > 2
                    && a.name.starts_with("on")
                    && a.name.bytes().all(|b| b.is_ascii_alphabetic());
                if handler {
                    risk(
                        &mut out,
                        at(&a.name_span),
                        Risk::EventHandler,
                        format!("inline event handler `{}` in raw HTML", a.name),
                    );
                } else if is_javascript_url(&a.value) {
                    risk(
                        &mut out,
                        at(&a.value_span),
                        Risk::JavascriptUrl,
                        format!("`javascript:` URL in the `{}` attribute", a.name),
                    );
                } else if MEDIA_TAGS.contains(&tag.name.as_str())
                    && matches!(a.name.as_str(), "src" | "srcset" | "poster")
                {
                    if let Some(origin) = remote_origin(&a.value) {
                        remote(
                            &mut out,
                            path,
                            text,
                            span(at(&a.value_span)),
                            &tag.name,
                            &origin,
                            rules,
                        );
                    }
                }
            }
            if tag.name == "img" && !tag.attrs.iter().any(|a| a.name == "alt") {
                out.push(no_alt(path, text, span(at(&tag.span))));
            }
        }
    }
    for (r, dest, image) in &raw.external {
        if is_javascript_url(dest) {
            risk(
                &mut out,
                r.clone(),
                Risk::JavascriptUrl,
                format!(
                    "`javascript:` URL in a {}",
                    if *image { "image" } else { "link" }
                ),
            );
        } else if *image {
            if let Some(origin) = remote_origin(dest) {
                remote(&mut out, path, text, span(r.clone()), "img", &origin, rules);
            }
        }
    }
    for r in &raw.no_alt {
        out.push(no_alt(path, text, span(r.clone())));
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// What to do instead of opting in.
fn alternative(kind: Risk) -> &'static str {
    match kind {
        Risk::Script | Risk::EventHandler | Risk::JavascriptUrl => {
            "remove it (pages run no scripts of their own; the widgets and quizzes are components)"
        }
        Risk::Iframe => {
            "for a video, copy the file into the playbook and use `::: video src=\"clip.mp4\"`"
        }
        Risk::Embed => "link to the file instead, or use `::: video` for video and audio",
    }
}

fn remote(
    out: &mut Vec<Diagnostic>,
    path: &str,
    text: &Arc<str>,
    span: Range<usize>,
    tag: &str,
    origin: &str,
    rules: Rules,
) {
    if rules.policy.allow_remote_media {
        return;
    }
    let what = match tag {
        "video" => "video",
        "audio" => "audio",
        "track" => "captions",
        "source" => "media",
        _ => "image",
    };
    let d = Diagnostic::error(
        path,
        text,
        span,
        format!("{what} from another site: `{origin}`"),
    )
    .with_hint(
        "it is missing offline and blocked by the site's Content-Security-Policy: copy the \
         file beside the page or under static/, or set `[html] allow_remote_media = true`",
    );
    out.push(if rules.strict { d } else { d.warning() });
}

fn no_alt(path: &str, text: &Arc<str>, span: Range<usize>) -> Diagnostic {
    Diagnostic::error(path, text, span, "image without alt text")
        .with_hint(
            "say what the image shows for readers who cannot see it: `![销售漏斗的四个阶段](funnel.png)`",
        )
        .warning()
}
