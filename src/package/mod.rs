//! `playbook package`: the built site → one LMS package (a zip).
//!
//! Input: the playbook (compiled exactly as `build` does, into memory), the format
//! (SCORM 1.2, SCORM 2004 4th Edition, cmi5), the launch language and the mastery score.
//! Output: one zip holding the whole site as a single SCO / AU: a launch page
//! (`lms.html`) that finds the LMS, restores the learner's progress and shows the course
//! in a frame with the site's own navigation; the runtime (`assets/lms.js`, and for cmi5
//! `assets/lms-cmi5.js`) that reports scores, status and one interaction per question (SCORM)
//! or the cmi5 statements (xAPI); the manifest (`imsmanifest.xml` with its schema files,
//! listing every file, or `cmi5.xml`).
//!
//! Pages in a package link to `…/index.html` rather than to folders (an LMS serves files,
//! not folders) and register no service worker: they carry `data-package` on `<html>`,
//! which the theme's `playbook.js` reads.
//!
//! Must not: write a half-finished zip (it is written beside the target and renamed into
//! place), replace a file that is not a Playbook package without `--force`, or load
//! anything from another origin.

mod manifest;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::render::store::MemoryStore;
use crate::{compile, BuildOptions, CourseLanguage};

/// The package formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SCORM 1.2 (one SCO).
    Scorm12,
    /// SCORM 2004 4th Edition (one SCO).
    Scorm2004,
    /// cmi5 (one AU).
    Cmi5,
}

impl Format {
    /// The name used in file names and in the runtime.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Scorm2004 => "scorm2004",
            Format::Cmi5 => "cmi5",
        }
    }
}

/// What to package.
#[derive(Clone, Debug)]
pub struct PackageOptions {
    /// The playbook and how to build it.
    pub build: BuildOptions,
    /// SCORM 1.2, SCORM 2004 or cmi5.
    pub format: Format,
    /// The zip to write.
    pub output: PathBuf,
    /// The language the course opens in (default: the playbook's default language).
    pub lang: Option<String>,
    /// Percent of the course score needed to pass (0–100).
    pub mastery: u8,
    /// Replace `output` even if it is not a package Playbook wrote.
    pub force: bool,
}

/// Why packaging failed.
pub enum PackageError {
    /// The playbook did not build: its diagnostics.
    Build(Diagnostics),
    /// Anything else, as a message.
    Other(String),
}

/// A package written.
pub struct Packaged {
    /// Files in the zip.
    pub files: usize,
    /// Bytes of the site's own files (uncompressed) in it.
    pub site_bytes: u64,
    /// Bytes of the zip.
    pub zip_bytes: u64,
    /// Warnings of the build.
    pub diagnostics: Diagnostics,
}

/// Marks a zip as written by Playbook (its archive comment), so that the next run may
/// replace it.
const ZIP_COMMENT: &str = "Playbook LMS package";

/// The launch page and the runtime, relative to the package root.
const LAUNCH: &str = "lms.html";
const RUNTIME_JS: &str = include_str!("lms.js");
const RUNTIME_CMI5_JS: &str = include_str!("cmi5.js");
const RUNTIME_CSS: &str = include_str!("lms.css");

/// Builds the playbook and writes the package.
pub fn package(opts: &PackageOptions) -> Result<Packaged, PackageError> {
    check_target(&opts.output, opts.force).map_err(PackageError::Other)?;
    let store = MemoryStore::default();
    let compiled = compile(&opts.build, None, &store).map_err(PackageError::Build)?;
    let lang = match &opts.lang {
        Some(code) => compiled
            .course
            .iter()
            .find(|l| &l.code == code)
            .ok_or_else(|| {
                let known: Vec<&str> = compiled.course.iter().map(|l| l.code.as_str()).collect();
                PackageError::Other(format!(
                    "the playbook has no language `{code}` (it has {})",
                    known.join(", ")
                ))
            })?,
        None => compiled
            .course
            .first()
            .ok_or_else(|| PackageError::Other("the playbook has no language".into()))?,
    };
    let mut files = site_files(store.into_output());
    let site_bytes = files.values().map(|b| b.len() as u64).sum();
    files.insert(
        LAUNCH.into(),
        launch_page(opts, lang, &compiled.course, &compiled.catalog).into_bytes(),
    );
    files.insert("assets/lms.js".into(), RUNTIME_JS.as_bytes().to_vec());
    files.insert("assets/lms.css".into(), RUNTIME_CSS.as_bytes().to_vec());
    if opts.format == Format::Cmi5 {
        files.insert(
            "assets/lms-cmi5.js".into(),
            RUNTIME_CMI5_JS.as_bytes().to_vec(),
        );
    }
    let listed: Vec<String> = files.keys().cloned().collect();
    let described = manifest::Course {
        launch: lang,
        languages: &compiled.course,
        mastery: opts.mastery,
    };
    for (name, bytes) in manifest::files(opts.format, &described, LAUNCH, &listed) {
        files.insert(name, bytes);
    }
    let zip_bytes = write_zip(&opts.output, &files).map_err(PackageError::Other)?;
    Ok(Packaged {
        files: files.len(),
        site_bytes,
        zip_bytes,
        diagnostics: compiled.diagnostics,
    })
}

/// The built site as it goes into a package: no service worker (an LMS origin is shared
/// by every course), and every page marked `data-package`.
fn site_files(mut out: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    out.remove("sw.js");
    for (path, bytes) in out.iter_mut() {
        if path.ends_with(".html") {
            mark_packaged(bytes);
        }
    }
    out
}

/// Adds `data-package` to the `<html …>` tag of a page.
fn mark_packaged(bytes: &mut Vec<u8>) {
    let head = &bytes[..bytes.len().min(512)];
    if let Some(i) = head.windows(5).position(|w| w == b"<html") {
        bytes.splice(i + 5..i + 5, b" data-package".iter().copied());
    }
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The launch page: a frame for the course, the runtime, and the course description the
/// runtime needs (in a JSON data block, which the strict CSP allows).
fn launch_page(
    opts: &PackageOptions,
    lang: &CourseLanguage,
    course: &[CourseLanguage],
    catalog: &str,
) -> String {
    let langs: Vec<serde_json::Value> = course
        .iter()
        .map(|l| {
            serde_json::json!({
                "code": l.code,
                "title": l.title,
                "start": format!("{}index.html", l.prefix),
                "quizzes": l.quizzes.iter().map(|q| serde_json::json!({
                    "id": q.id, "chapter": q.chapter, "questions": q.questions,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let data = serde_json::json!({
        "format": opts.format.as_str(),
        "mastery": opts.mastery,
        "lang": lang.code,
        "title": lang.title,
        "languages": langs,
        "catalog": catalog,
    });
    // `<` never appears raw inside the data block, so `</script>` cannot end it early.
    let data = data.to_string().replace('<', "\\u003c");
    let zh = lang.code.starts_with("zh");
    let (noscript, saving) = if zh {
        (
            "本课程需要启用 JavaScript。也可以直接打开",
            "正在连接学习平台…",
        )
    } else {
        (
            "This course needs JavaScript. You can also open",
            "Connecting to the learning platform…",
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\" data-package>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"assets/lms.css\">\n<script type=\"module\" src=\"assets/lms.js\"></script>\n</head>\n<body class=\"lms\">\n<p class=\"lms-notice\" data-role=\"notice\" role=\"status\">{saving}</p>\n<iframe class=\"lms-frame\" name=\"playbook-course\" title={title_attr}></iframe>\n<noscript><p>{noscript} <a href=\"{start}\">{title}</a>.</p></noscript>\n<script type=\"application/json\" id=\"playbook-lms\">{data}</script>\n</body>\n</html>\n",
        code = esc(&lang.code),
        title = esc(&lang.title),
        title_attr = format_args!("\"{}\"", esc(&lang.title)),
        start = esc(&format!("{}index.html", lang.prefix)),
    )
}

/// Refuses to replace a file that is not a package Playbook wrote (unless `force`).
fn check_target(output: &Path, force: bool) -> Result<(), String> {
    let meta = match fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if meta.file_type().is_symlink() || !meta.is_file() {
        return Err(format!(
            "refusing to write the package to `{}`: it is not a regular file",
            output.display()
        ));
    }
    let ours = fs::read(output)
        .ok()
        .and_then(|b| zip::ZipArchive::new(std::io::Cursor::new(b)).ok())
        .is_some_and(|z| z.comment() == ZIP_COMMENT.as_bytes());
    if ours || force {
        return Ok(());
    }
    Err(format!(
        "refusing to replace `{}`: it is not a package written by Playbook\n  = hint: choose another --output, or pass --force to replace it",
        output.display()
    ))
}

/// Writes the zip beside `output` and renames it into place; returns its size. Entries
/// are in path order with a fixed time stamp, so the same site gives the same bytes.
fn write_zip(output: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<u64, String> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|e| format!("failed to create `{}`: {e}", parent.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".playbook-package-").suffix(".zip");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let tmp = builder
        .tempfile_in(parent)
        .map_err(|e| format!("failed to create a file in `{}`: {e}", parent.display()))?;
    let fail = |e: &dyn std::fmt::Display| format!("failed to write `{}`: {e}", output.display());
    let mut zip = zip::ZipWriter::new(tmp);
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), stored)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    zip.set_comment(ZIP_COMMENT);
    let tmp = zip.finish().map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    let size = tmp.as_file().metadata().map(|m| m.len()).unwrap_or(0);
    tmp.persist(output).map_err(|e| fail(&e.error))?;
    Ok(size)
}
