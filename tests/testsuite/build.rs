//! Valid playbooks build, and what ships is right: URLs, ids, links, translations,
//! determinism, atomicity, subpaths, themes.

use crate::helpers::{main_of, urls, Fixture};

#[test]
fn summary_line_counts_pages_per_language() {
    let f = Fixture::new("features");
    let r = f.build_ok(&[]);
    let line = r.stdout.lines().last().unwrap();
    assert!(line.starts_with("Built 8 pages (zh 4, en 4) in "), "{line}");
    assert!(line.ends_with(" ms → public"), "{line}");
}

#[test]
fn crlf_bom_and_chinese_spaced_file_names_build() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    let html = f.out("第一部分/客户 价值/index.html");
    assert!(
        html.contains("<title>客户价值 · 功能手册</title>"),
        "BOM must not reach the title"
    );
    assert!(!html.contains('\r'));
    let home = f.out("index.html");
    assert!(home.contains("href=\"%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/%E5%AE%A2%E6%88%B7%20%E4%BB%B7%E5%80%BC/#%E7%9B%AE%E6%A0%87\""), "{}", main_of(&home));
}

#[test]
fn heading_ids_keep_chinese_and_are_unique() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    let main = main_of(&f.out("第一部分/客户 价值/index.html")).to_string();
    assert!(
        main.contains("<h2 id=\"目标\"><a class=\"header\" href=\"#目标\">目标</a></h2>"),
        "{main}"
    );
    assert!(main.contains("<h2 id=\"目标-1\">"), "{main}");
}

#[test]
fn links_resolve_to_the_translation_and_keep_anchors() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    let en = f.out("en/第一部分/客户 价值/index.html");
    // pulldown-cmark percent-encodes non-ASCII characters of links in the body.
    assert!(
        en.contains(
            "href=\"../../../en/%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/nested/#%E6%B7%B1%E5%B1%82\""
        ),
        "{}",
        main_of(&en)
    );
    assert!(en.contains("href=\"../../../en/%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/%E5%AE%A2%E6%88%B7%20%E4%BB%B7%E5%80%BC/#goals\""));
    // Assets beside the page are linked from the site root, whatever the language.
    assert!(en.contains("href=\"../../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/worksheet.txt\""));
    assert_eq!(f.out("第一部分/worksheet.txt"), "Worksheet\n");
    let zh = f.out("第一部分/客户 价值/index.html");
    assert!(zh.contains(
        "href=\"../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/nested/#%E6%B7%B1%E5%B1%82\""
    ));
    // A link inside a component body is resolved too.
    assert!(
        zh.contains("<a href=\"../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/nested/\">链接</a>"),
        "{}",
        main_of(&zh)
    );
}

#[test]
fn rendered_main_region_of_a_chapter() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    let html = f.out("第一部分/客户 价值/index.html");
    let main = main_of(&html);
    let expected = "<main id=\"main\" class=\"content\">\n\n<nav class=\"breadcrumbs\" aria-label=\"当前位置\"><ol><li><a href=\"../../\">首页</a></li><li><a href=\"../../第一部分/\">第一部分</a></li><li aria-current=\"page\">客户价值</li></ol></nav>\n<article data-read=\"chapter\">\n<h1>客户价值</h1>\n<aside class=\"chapter-meta\" aria-label=\"学习目标\">\n<p class=\"duration\"><strong>学习时长</strong>：15 分钟</p>\n<p><strong>学习目标</strong></p>\n<ul><li>说出四种价值</li></ul>\n</aside>\n<h2 id=\"目标\"><a class=\"header\" href=\"#目标\">目标</a></h2>\n<p>见<a href=\"../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/nested/#%E6%B7%B1%E5%B1%82\">下一页</a>和<a href=\"../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/%E5%AE%A2%E6%88%B7%20%E4%BB%B7%E5%80%BC/#%E7%9B%AE%E6%A0%87\">本页</a>，以及<a href=\"../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/worksheet.txt\">工作表</a>。</p>\n<div class=\"table-wrap\" tabindex=\"0\"><table><thead><tr><th>项目</th><th>数值</th></tr></thead><tbody>\n<tr><td>产品价值</td><td>10</td></tr>\n</tbody></table>\n</div><div class=\"note note-warning\" role=\"note\" aria-label=\"注意\">\n<p class=\"note-title\">注意</p>\n<p>包含 <strong>Markdown</strong> 与<a href=\"../../%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/nested/\">链接</a>。</p>\n</div>\n<h2 id=\"目标-1\"><a class=\"header\" href=\"#目标-1\">目标</a></h2>\n<p>重复的标题。<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>脚注。</p>\n</div>\n\n</article>\n<nav class=\"pager\" aria-label=\"上一章 / 下一章\">\n<a class=\"prev\" rel=\"prev\" href=\"../../第一部分/\"><span>上一章</span> 第一部分</a>\n<a class=\"next\" rel=\"next\" href=\"../../第一部分/nested/\"><span>下一章</span> 嵌套</a>\n</nav>\n\n";
    assert_eq!(main, expected);
}

#[test]
fn ui_strings_follow_the_language_and_config_overrides() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    assert!(f
        .out("en/第一部分/客户 价值/index.html")
        .contains("<span>Next chapter</span>"));
    assert!(f
        .out("第一部分/客户 价值/index.html")
        .contains("<span>下一章</span>"));
}

#[test]
fn output_is_deterministic() {
    let a = Fixture::new("features");
    a.build_ok(&[]);
    let b = Fixture::new("features");
    b.build_ok(&[]);
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn a_removed_page_leaves_no_stale_file() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    assert!(f.root().join("public/第一部分/nested/index.html").exists());
    f.remove("content/第一部分/nested.md")
        .remove("content/第一部分/nested.en.md");
    // The links to it must go too, or the build fails.
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("dead link: `nested.md#深层` does not exist"),
        "{}",
        r.stderr
    );
    assert!(
        f.root().join("public/第一部分/nested/index.html").exists(),
        "failed build kept the old site"
    );
    for file in ["第一部分/客户 价值.md", "第一部分/客户 价值.en.md"] {
        let p = f.root().join("content").join(file);
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("(nested.md#深层)", "(#目标)")
            .replace("(nested.md)", "(#目标)");
        std::fs::write(
            &p,
            text.replace(
                "(#目标)",
                if file.ends_with(".en.md") {
                    "(#goals)"
                } else {
                    "(#目标)"
                },
            ),
        )
        .unwrap();
    }
    f.build_ok(&[]);
    assert!(!f.root().join("public/第一部分/nested").exists());
}

#[test]
fn every_url_stays_under_the_subpath() {
    let f = Fixture::new("features");
    f.build_ok(&["--base-url", "https://host/team/playbook/"]);
    let mut checked = 0;
    for (path, bytes) in f.snapshot() {
        if !path.ends_with(".html") && !path.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for u in urls(&text) {
            let ok = u.starts_with("https://host/team/playbook/")
                || u.starts_with("/team/playbook/")
                || u.starts_with('#')
                || (!u.starts_with('/') && !u.contains("://"));
            assert!(ok, "{path}: `{u}` leaves the subpath");
            checked += 1;
        }
        for loc in text.split("<loc>").skip(1) {
            assert!(
                loc.starts_with("https://host/team/playbook/"),
                "{path}: {loc}"
            );
        }
    }
    assert!(checked > 50, "only {checked} URLs checked");
    let not_found = f.out("404.html");
    assert!(
        not_found.contains("href=\"/team/playbook/assets/style.css\""),
        "404 uses the base path"
    );
}

#[test]
fn hreflang_alternates_and_sitemap() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    let html = f.out("en/index.html");
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"zh\" href=\"https://example.com/\">"));
    assert!(
        html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/en/\">")
    );
    assert!(html.contains("<html lang=\"en\">"));
    let sitemap = f.out("sitemap.xml");
    assert_eq!(sitemap.matches("<url>").count(), 8);
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/en/%E7%AC%AC%E4%B8%80%E9%83%A8%E5%88%86/\"/>") || sitemap.contains("hreflang=\"en\" href=\"https://example.com/en/第一部分/\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    assert!(!f.root().join("public/第一部分/draft").exists());
    f.build_ok(&["--drafts"]);
    assert!(f.root().join("public/第一部分/draft/index.html").exists());
    assert!(f
        .root()
        .join("public/en/第一部分/draft/index.html")
        .exists());
}

#[test]
fn theme_files_can_be_overridden_one_by_one() {
    let f = Fixture::new("features");
    f.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}",
    );
    f.write("themes/default/static/extra.css", "body{}");
    f.build_ok(&[]);
    let html = f.out("第一部分/nested/index.html");
    assert!(html.contains("<p class=\"custom\">嵌套</p>"));
    // The rest of the built-in theme is still used.
    assert!(html.contains("<a class=\"skip\" href=\"#main\">"));
    assert!(f.out("第一部分/index.html").contains("<h1>第一部分</h1>"));
    assert_eq!(f.out("assets/extra.css"), "body{}");
}

#[test]
fn static_files_are_copied() {
    let f = Fixture::new("features");
    f.build_ok(&[]);
    assert_eq!(f.out("robots.txt"), "User-agent: *\n");
}

#[test]
fn a_multi_megabyte_page_builds() {
    let f = Fixture::new("minimal");
    let mut body = String::from("+++\ntitle = \"大页面\"\nweight = 5\n+++\n\n");
    let mut n = 0;
    while body.len() < 3_000_000 {
        body.push_str(&format!("## 第{n}节\n\n客户关系管理是一种经营理念。[链接](page.md#目标)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"));
        n += 1;
    }
    f.write("content/part/big.md", &body);
    f.write(
        "content/part/big.en.md",
        "+++\ntitle = \"Big\"\nweight = 5\n+++\n\nShort.\n",
    );
    f.build_ok(&[]);
    let html = f.out("part/big/index.html");
    assert!(html.len() > 3_000_000);
    assert!(html.contains(&format!("id=\"第{}节\"", n - 1)));
}

#[test]
fn check_writes_nothing() {
    let f = Fixture::new("minimal");
    let r = f.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Checked 6 pages (zh 3, en 3) in "),
        "{}",
        r.stdout
    );
    assert!(!f.root().join("public").exists());
}
