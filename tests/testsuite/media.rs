//! Media, links and safe HTML (issue 11, part 2). The `media` fixture (hosted under a
//! subpath) has a figure, an inline image from `static/`, a video with poster and
//! captions, an audio file, every callout kind, GitHub alerts and root-style links: it
//! must build without a warning, and its chapters must render exactly as
//! `expected/page.*.html`. The `invalid/raw-html`, `invalid/dead-paths` and
//! `invalid/bad-video` cases (checked by `invalid.rs`) give the errors; here, what each
//! `[html]` opt-in allows and what `--strict` changes.

use crate::helpers::{assert_matches_file, main_of, repo, Fixture};

fn article(html: &str) -> &str {
    let main = main_of(html);
    let s = main.find("<article").expect("an article");
    let e = main.find("</article>").expect("an article end");
    &main[s..e]
}

#[test]
fn figures_video_callouts_and_root_links_render_exactly() {
    let f = Fixture::new("media");
    let r = f.build_ok(&[]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    for (page, expected) in [
        ("part/page/index.html", "page.zh.html"),
        ("en/part/page/index.html", "page.en.html"),
    ] {
        let html = f.out(page);
        assert_matches_file(
            article(&html),
            &repo().join("tests/fixtures/media/expected").join(expected),
        );
    }
    let zh = f.out("part/page/index.html");
    // Width and height from the files (PNG 640×360, SVG viewBox 200×100, poster 320×180).
    assert!(zh.contains("<figure>\n<img src=\"../../part/chart.png\" alt=\"客户价值四象限示意图\" width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\">\n<figcaption>图 1：按当前价值和潜在价值划分客户</figcaption>\n</figure>"), "{zh}");
    assert!(zh.contains("<img src=\"../../images/flow.svg\" alt=\"从计划到拜访的流程\" width=\"200\" height=\"100\" loading=\"lazy\" decoding=\"async\">"));
    assert!(zh.contains("poster=\"../../media/poster.png\" width=\"320\" height=\"180\""));
    assert!(zh.contains("<track kind=\"captions\" src=\"../../media/visit.zh.vtt\" srclang=\"zh\" label=\"中文\" default>"));
    // Root-style links are written relative to the page, so the subpath works.
    assert!(zh.contains("<a href=\"../../part/\">第一部分</a>"), "{zh}");
    assert!(zh.contains("<a href=\"../../search/\">搜索</a>"));
    // Every callout kind and alert, titled in the page's language.
    let en = f.out("en/part/page/index.html");
    for (class, title) in [
        ("note-info", "Note"),
        ("note-tip", "Tip"),
        ("note-important", "Important"),
        ("note-warning", "Warning"),
        ("note-caution", "Caution"),
        ("note-danger", "Don&#39;t do this"),
        ("note-example", "Example"),
    ] {
        let want = format!("<div class=\"note {class}\" role=\"note\"");
        let at = en.find(&want).unwrap_or_else(|| panic!("{want}"));
        assert!(
            en[at..].contains(&format!("<p class=\"note-title\">{title}</p>")),
            "{class}: {title}"
        );
    }
    assert_eq!(en.matches("<div class=\"note ").count(), 12);
    assert!(!en.contains("[!NOTE]") && !en.contains("<blockquote"));
    // The print handout keeps images without lazy loading (they must be there to print).
    let print = f.out("part/print/index.html");
    assert!(print.contains("width=\"640\" height=\"360\" decoding=\"async\">"));
    assert!(!print.contains("loading=\"lazy\""));
    // Video and audio are not in the lists of files saved for offline reading.
    let lists = f.out("offline/all-zh.json");
    assert!(lists.contains("part/chart.png"), "{lists}");
    assert!(
        !lists.contains(".mp4") && !lists.contains(".mp3"),
        "{lists}"
    );
}

/// Diagnostics of `invalid/raw-html` laid over the minimal playbook in Chinese only (so
/// that no translation warning joins in) with `toml` added to its `playbook.toml`, and the
/// summary line.
fn raw_html(toml: &str, args: &[&str]) -> (i32, String, String) {
    let f = Fixture::new("minimal");
    f.overlay("invalid/raw-html");
    f.remove("content/_index.en.md")
        .remove("content/part/_index.en.md")
        .remove("content/part/page.en.md");
    f.write(
        "playbook.toml",
        format!("title = \"测试手册\"\nbase_url = \"https://example.com/\"\n{toml}"),
    );
    let mut a = vec!["check"];
    a.extend_from_slice(args);
    let r = f.run(&a);
    let last = r.stderr.lines().last().unwrap_or_default().to_string();
    (r.code, r.stderr, last)
}

#[test]
fn each_html_opt_in_allows_its_kind_only() {
    let (code, _, last) = raw_html("", &[]);
    assert_eq!((code, last.as_str()), (1, "7 errors, 4 warnings"));
    for (key, gone, left) in [
        ("allow_scripts", "raw `<script>`", 6),
        ("allow_event_handlers", "inline event handler `onclick`", 6),
        ("allow_javascript_urls", "`javascript:` URL", 5),
        ("allow_iframes", "`<iframe>`", 6),
        ("allow_embeds", "`<embed>`", 5),
    ] {
        let (code, stderr, last) = raw_html(&format!("\n[html]\n{key} = true\n"), &[]);
        assert_eq!(code, 1, "{key}");
        assert_eq!(
            last,
            format!("{left} errors, 4 warnings"),
            "{key}\n{stderr}"
        );
        assert!(!stderr.contains(gone), "{key}\n{stderr}");
    }
    let all = "\n[html]\nallow_scripts = true\nallow_event_handlers = true\n\
               allow_javascript_urls = true\nallow_iframes = true\nallow_embeds = true\n";
    let (code, stderr, last) = raw_html(all, &[]);
    assert_eq!(
        (code, last.as_str()),
        (0, "0 errors, 4 warnings"),
        "{stderr}"
    );
    // The policy the host must now send, printed by check and build.
    let f = Fixture::new("minimal");
    f.write(
        "playbook.toml",
        "title = \"T\"\n[languages.en]\ntitle = \"E\"\n[html]\nallow_iframes = true\n",
    );
    let r = f.build_ok(&[]);
    assert!(
        r.stdout.starts_with(
            "[html] allows more than the strict policy: the host must send \
             Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
             frame-src 'self' https:\nBuilt "
        ),
        "{}",
        r.stdout
    );
    let r = Fixture::new("minimal").build_ok(&[]);
    assert!(r.stdout.starts_with("Built "), "{}", r.stdout);
    let (code, stderr, last) = raw_html(&format!("{all}allow_remote_media = true\n"), &[]);
    assert_eq!(
        (code, last.as_str()),
        (0, "0 errors, 1 warning"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: image without alt text"));
}

#[test]
fn remote_media_are_errors_under_strict() {
    let (code, stderr, last) = raw_html("", &["--strict"]);
    assert_eq!(
        (code, last.as_str()),
        (1, "10 errors, 1 warning"),
        "{stderr}"
    );
    for origin in [
        "error: image from another site: `https://cdn.example.com`",
        "error: image from another site: `//img.example.org`",
        "error: video from another site: `http://media.example.net`",
    ] {
        assert!(stderr.contains(origin), "{origin}\n{stderr}");
    }
}

#[test]
fn a_misspelt_html_key_is_an_error_with_a_hint() {
    let (code, stderr, _) = raw_html("\n[html]\nallow_iframe = true\n", &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("playbook.toml:5:1: error: unknown configuration key `allow_iframe`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= hint: did you mean `allow_iframes`?"),
        "{stderr}"
    );
}

#[test]
fn root_style_links_follow_the_base_url_path() {
    // Written with the subpath of base_url, or without it: both name the same page.
    let f = Fixture::new("minimal");
    f.write(
        "playbook.toml",
        "title = \"T\"\nbase_url = \"https://example.com/team/pb/\"\n",
    );
    f.remove("content/_index.en.md")
        .remove("content/part/_index.en.md")
        .remove("content/part/page.en.md");
    f.write(
        "content/_index.md",
        "+++\ntitle = \"首页\"\n+++\n[a](/team/pb/part/page/) [b](/part/page/) [c](/team/part/page/)\n",
    );
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "content/_index.md:4:43: error: dead link: `/team/part/page/` is not a page or file of the site"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with("1 error, 0 warnings\n"), "{}", r.stderr);
}

#[test]
fn the_media_pages_are_valid_html_for_the_nu_checker() {
    let f = Fixture::new("media");
    f.build_ok(&[]);
    let jar = repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "run `bash scripts/setup.sh --browser` to install the Nu HTML Checker"
    );
    let out = std::process::Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(f.root().join("public"))
        .output()
        .expect("java is needed for the Nu HTML Checker");
    assert!(
        out.status.success(),
        "Nu HTML Checker errors:\n{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
}
