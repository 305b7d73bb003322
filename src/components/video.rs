//! `::: video src="clip.mp4" title="…"`: a self-hosted video (MP4, WebM) or audio file
//! (MP3, M4A, Ogg, Opus, WAV) in the browser's own player, with an optional poster image
//! and captions (`.vtt`), a caption under it and a download link for browsers that cannot
//! play it. No third-party player and no script. The files are paths like images' (beside
//! the page, or `/…` under `static/`); the model stage checks that they exist.

use std::ops::Range;
use std::sync::Arc;

use super::attrs::{AttrKind, AttrSpec, Attrs};
use crate::diagnostics::Diagnostic;
use crate::parse::blocks::Block;
use crate::render::escape;
use crate::strings::UiStrings;

const SPEC: &[AttrSpec] = &[
    AttrSpec {
        name: "src",
        kind: AttrKind::Text,
        required: true,
    },
    AttrSpec {
        name: "title",
        kind: AttrKind::Text,
        required: true,
    },
    AttrSpec {
        name: "poster",
        kind: AttrKind::Text,
        required: false,
    },
    AttrSpec {
        name: "captions",
        kind: AttrKind::Text,
        required: false,
    },
];

/// Video file types: extension → MIME type.
const VIDEO: &[(&str, &str)] = &[
    ("mp4", "video/mp4"),
    ("m4v", "video/mp4"),
    ("webm", "video/webm"),
    ("ogv", "video/ogg"),
];
/// Audio file types: extension → MIME type.
const AUDIO: &[(&str, &str)] = &[
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/mp4"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("opus", "audio/ogg"),
    ("wav", "audio/wav"),
];

/// Extensions of files the service worker leaves to the network (see `render/sw.js`).
pub fn is_media_file(path: &str) -> bool {
    let ext = extension(path);
    VIDEO.iter().chain(AUDIO).any(|(e, _)| *e == ext)
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// A file the component names: as written, and the span of the attribute value.
#[derive(Clone, Debug)]
pub struct MediaFile {
    /// The path as written.
    pub path: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// A validated video or audio component.
#[derive(Clone, Debug)]
pub struct Video {
    /// Whether the files are audio.
    pub audio: bool,
    /// The sources in the order written, with their MIME types.
    pub sources: Vec<(MediaFile, &'static str)>,
    /// The poster image.
    pub poster: Option<MediaFile>,
    /// The captions track.
    pub captions: Option<MediaFile>,
    /// The caption shown under the player and its accessible name.
    pub title: String,
}

impl Video {
    /// Checks the attributes: known file types, no other site's files, `.vtt` captions.
    pub fn validate(path: &str, text: &Arc<str>, block: &Block) -> Result<Video, Vec<Diagnostic>> {
        let a = Attrs::check(path, text, block, SPEC)?;
        let mut errs = Vec::new();
        let err = |span: Range<usize>, msg: String, hint: &str| {
            Diagnostic::error(path, text, span, msg).with_hint(hint.to_string())
        };
        let file = |name: &str| {
            a.get(name).map(|at| MediaFile {
                path: at.value.trim().to_string(),
                span: at.value_span.clone(),
            })
        };
        let local = |f: &MediaFile, errs: &mut Vec<Diagnostic>| {
            let remote = crate::parse::markdown::is_external(&f.path);
            if remote {
                errs.push(err(
                    f.span.clone(),
                    format!("`{}` is on another site", f.path),
                    "the video component plays files of the playbook: copy the file beside \
                     the page or under static/ (other sites' players are not embedded)",
                ));
            }
            !remote
        };
        let mut sources = Vec::new();
        let mut kinds = Vec::new();
        if let Some(at) = a.get("src") {
            let mut offset = at.value_span.start;
            for part in at.value.split(',') {
                let lead = part.len() - part.trim_start().len();
                let f = MediaFile {
                    path: part.trim().to_string(),
                    span: offset + lead..offset + lead + part.trim().len(),
                };
                offset += part.len() + 1;
                if !local(&f, &mut errs) {
                    continue;
                }
                let ext = extension(&f.path);
                match (
                    VIDEO.iter().find(|v| v.0 == ext),
                    AUDIO.iter().find(|v| v.0 == ext),
                ) {
                    (Some(v), _) => {
                        kinds.push(false);
                        sources.push((f, v.1));
                    }
                    (_, Some(v)) => {
                        kinds.push(true);
                        sources.push((f, v.1));
                    }
                    _ => errs.push(err(
                        f.span.clone(),
                        format!("`{}` is not a video or audio file browsers play", f.path),
                        "use MP4 (H.264) or WebM for video, MP3 or M4A for audio; list \
                         several formats of one recording with commas: src=\"a.webm,a.mp4\"",
                    )),
                }
            }
        }
        let audio = kinds.first().copied().unwrap_or(false);
        if kinds.iter().any(|&k| k != audio) {
            errs.push(err(
                block.name_span.clone(),
                "`src` mixes video and audio files".into(),
                "list formats of one recording only",
            ));
        }
        let poster = file("poster");
        if let Some(p) = &poster {
            if local(p, &mut errs) && !crate::media::image::is_image(&p.path) {
                errs.push(err(
                    p.span.clone(),
                    format!("poster `{}` is not an image", p.path),
                    "use a PNG, JPEG, WebP or SVG file",
                ));
            }
        }
        let captions = file("captions");
        if let Some(c) = &captions {
            if local(c, &mut errs) && extension(&c.path) != "vtt" {
                errs.push(err(
                    c.span.clone(),
                    format!("captions `{}` are not a WebVTT file", c.path),
                    "browsers read captions from .vtt files (WebVTT); convert .srt with any \
                     subtitle editor",
                ));
            }
        }
        let title = a.text("title").unwrap_or_default().trim().to_string();
        if title.is_empty() {
            if let Some(t) = a.get("title") {
                errs.push(err(
                    t.value_span.clone(),
                    "empty title".into(),
                    "say what the recording shows: it is the player's name for screen readers",
                ));
            }
        }
        if !block.body.trim().is_empty() {
            errs.push(err(
                block.open_span.clone(),
                "`video` takes no body".into(),
                "put the text before or after the block; the caption is the title attribute",
            ));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Video {
            audio,
            sources,
            poster,
            captions,
            title,
        })
    }

    /// Every file the component names, for the existence check.
    pub fn files(&self) -> impl Iterator<Item = &MediaFile> {
        self.sources
            .iter()
            .map(|s| &s.0)
            .chain(&self.poster)
            .chain(&self.captions)
    }

    /// The player. `url` turns a path as written into the URL to write; `size` is the
    /// poster's, so the player keeps its place while it loads; `lang` is the captions'.
    pub fn render(
        &self,
        url: impl Fn(&str) -> String,
        size: Option<(u32, u32)>,
        strings: &UiStrings,
        lang: &str,
    ) -> String {
        let tag = if self.audio { "audio" } else { "video" };
        let mut s = format!(
            "<figure class=\"media media-{tag}\">\n<{tag} controls preload=\"{}\" aria-label=\"{}\"",
            if self.audio { "none" } else { "metadata" },
            escape(&self.title)
        );
        if let Some(p) = &self.poster {
            s.push_str(&format!(" poster=\"{}\"", escape(&url(&p.path))));
        }
        if let Some((w, h)) = size.filter(|_| !self.audio) {
            s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if !self.audio {
            s.push_str(" playsinline");
        }
        s.push_str(">\n");
        for (f, mime) in &self.sources {
            s.push_str(&format!(
                "<source src=\"{}\" type=\"{mime}\">\n",
                escape(&url(&f.path))
            ));
        }
        if let Some(c) = &self.captions {
            s.push_str(&format!(
                "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\" default>\n",
                escape(&url(&c.path)),
                escape(lang),
                escape(&crate::strings::language_name(lang, lang))
            ));
        }
        s.push_str(&format!("</{tag}>\n<figcaption>{}", escape(&self.title)));
        if let Some((f, _)) = self.sources.first() {
            s.push_str(&format!(
                " <a class=\"media-download\" href=\"{}\" download>{}</a>",
                escape(&url(&f.path)),
                escape(&strings["media_download"])
            ));
        }
        s.push_str("</figcaption>\n</figure>\n");
        s
    }
}
