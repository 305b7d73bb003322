//! Issue 10, part 1: `playbook package` writes one LMS package per format. The zip is
//! unpacked and its manifest validated against the schema files it carries (xmllint),
//! every file it lists is in the zip and every file of the zip is listed; the package
//! then runs in headless Chromium under scorm-again, a real SCORM runtime playing the LMS.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::browser::{run_script_with, serve_dir_with};
use crate::helpers::{copy_dir, repo, Fixture};

/// The widgets fixture with a second chapter quiz, so that a course can be completed.
fn two_quiz_course() -> Fixture {
    let f = Fixture::new("widgets");
    let page = |title: &str, q: &str, yes: &str, no: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nweight = 9\n+++\n\n::: quiz id=\"more-quiz\"\n? {q}\n- [x] {yes}\n- [ ] {no}\n\n? {q} (2) {{multiple}}\n- [x] {yes}\n- [x] {yes} 2\n- [ ] {no}\n:::\n"
        )
    };
    f.write(
        "content/part/more.md",
        page("再练一次", "哪一项对？", "这一项", "那一项"),
    )
    .write(
        "content/part/more.en.md",
        page("Once more", "Which one is right?", "This one", "That one"),
    );
    f
}

/// Every entry of a zip: name → bytes.
pub(crate) fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut b).unwrap();
            (e.name().to_string(), b)
        })
        .collect()
}

pub(crate) fn extract(entries: &[(String, Vec<u8>)], to: &Path) {
    for (name, bytes) in entries {
        let p = to.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
}

/// The `href` of every `<file>` of a manifest, decoded.
fn listed(manifest: &str) -> BTreeSet<String> {
    manifest
        .split("<file href=\"")
        .skip(1)
        .map(|s| {
            let raw = &s[..s.find('"').unwrap()];
            playbook::model::decode_percent(&raw.replace("&amp;", "&"))
        })
        .collect()
}

/// Validates `imsmanifest.xml` in `dir` against every schema namespace it uses.
fn xmllint(dir: &Path, imports: &[(&str, &str)]) {
    let mut xsd = String::from("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n");
    for (ns, file) in imports {
        xsd.push_str(&format!(
            "<xsd:import namespace=\"{ns}\" schemaLocation=\"{file}\"/>\n"
        ));
    }
    xsd.push_str("</xsd:schema>\n");
    fs::write(dir.join("all-schemas.xsd"), xsd).unwrap();
    let out = Command::new("xmllint")
        .args([
            "--noout",
            "--nonet",
            "--schema",
            "all-schemas.xsd",
            "imsmanifest.xml",
        ])
        .current_dir(dir)
        .output()
        .expect("xmllint is needed (bash scripts/setup.sh --browser installs it)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.contains("validates"), "{err}");
}

pub(crate) fn package(f: &Fixture, format: &str, out: &Path) -> crate::helpers::Run {
    f.run(&[
        "package",
        "--format",
        format,
        "--output",
        out.to_str().unwrap(),
    ])
}

#[test]
fn scorm_manifests_validate_and_list_exactly_the_files_of_the_zip() {
    let f = two_quiz_course();
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&str, &[(&str, &str)]); 2] = [
        (
            "scorm12",
            &[
                (
                    "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                    "imscp_rootv1p1p2.xsd",
                ),
                (
                    "http://www.adlnet.org/xsd/adlcp_rootv1p2",
                    "adlcp_rootv1p2.xsd",
                ),
                (
                    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
                    "imsmd_rootv1p2p1.xsd",
                ),
            ],
        ),
        (
            "scorm2004",
            &[
                ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
            ],
        ),
    ];
    for (format, imports) in cases {
        let zip = tmp.path().join(format!("{format}.zip"));
        let r = package(&f, format, &zip);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains(&format!("as {format}")), "{}", r.stdout);
        let entries = unzip(&zip);
        let dir = tmp.path().join(format);
        extract(&entries, &dir);
        xmllint(&dir, imports);
        let manifest = fs::read_to_string(dir.join("imsmanifest.xml")).unwrap();
        assert!(manifest.contains("href=\"lms.html\""), "{manifest}");
        assert!(manifest.contains("<title>Widgets</title>") || manifest.contains("<title>"));
        let names: BTreeSet<String> = entries
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| n != "imsmanifest.xml")
            .collect();
        assert_eq!(listed(&manifest), names, "manifest and zip differ");
        assert!(names.contains("lms.html") && names.contains("assets/lms.js"));
        assert!(!names.contains("sw.js"), "no service worker in a package");
        // Every page is marked as packaged; nothing comes from another origin.
        for (name, bytes) in &entries {
            let text = String::from_utf8_lossy(bytes);
            if name.ends_with(".html") {
                assert!(text.contains("data-package"), "{name} is not marked");
                for attr in ["src=\"http", "src=\"//", "stylesheet\" href=\"http"] {
                    assert!(!text.contains(attr), "{name} loads from another origin");
                }
            }
        }
        if format == "scorm12" {
            assert!(manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
        } else {
            assert!(
                manifest.contains("<imsss:minNormalizedMeasure>0.80</imsss:minNormalizedMeasure>")
            );
        }
    }
}

#[test]
fn the_package_is_small_deterministic_and_in_the_chosen_language() {
    let f = two_quiz_course();
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.zip");
    let b = tmp.path().join("b.zip");
    assert_eq!(package(&f, "scorm12", &a).code, 0);
    assert_eq!(package(&f, "scorm12", &b).code, 0);
    assert_eq!(
        fs::read(&a).unwrap(),
        fs::read(&b).unwrap(),
        "not deterministic"
    );
    // The zip weighs less than 1.5 times the site files it carries.
    let entries = unzip(&a);
    let site: u64 = entries
        .iter()
        .filter(|(n, _)| !n.ends_with(".xsd") && n != "imsmanifest.xml")
        .map(|(_, b)| b.len() as u64)
        .sum();
    let zip = fs::metadata(&a).unwrap().len();
    assert!(
        zip * 2 <= site * 3,
        "zip {zip} bytes for {site} bytes of site"
    );

    let en = tmp.path().join("en.zip");
    let r = f.run(&[
        "package",
        "--format",
        "scorm2004",
        "--lang",
        "en",
        "--mastery",
        "70",
        "--output",
        en.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let entries = unzip(&en);
    let get = |n: &str| {
        String::from_utf8(entries.iter().find(|(x, _)| x == n).unwrap().1.clone()).unwrap()
    };
    let launch = get("lms.html");
    assert!(
        launch.starts_with("<!DOCTYPE html>\n<html lang=\"en\""),
        "{launch}"
    );
    assert!(launch.contains("\"lang\":\"en\""), "{launch}");
    assert!(launch.contains("\"mastery\":70"), "{launch}");
    assert!(get("imsmanifest.xml").contains("0.70"));

    let r = f.run(&["package", "--format", "scorm12", "--lang", "fr"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no language `fr`"), "{}", r.stderr);
}

#[test]
fn a_failing_build_writes_no_package_and_a_foreign_file_is_not_replaced() {
    let f = two_quiz_course();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    f.write("content/part/more.md", "+++\ntitle = \n+++\n");
    let r = package(&f, "scorm12", &zip);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/part/more.md:2:"), "{}", r.stderr);
    assert!(r.stderr.contains("no package was written"), "{}", r.stderr);
    assert!(!zip.exists());
    let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "nothing half-written is left");

    let f = two_quiz_course();
    fs::write(&zip, b"my own zip").unwrap();
    let r = package(&f, "scorm12", &zip);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("not a package written by Playbook"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(&zip).unwrap(), b"my own zip");
    // A package Playbook wrote is replaced without asking.
    fs::remove_file(&zip).unwrap();
    assert_eq!(package(&f, "scorm12", &zip).code, 0);
    assert_eq!(package(&f, "scorm12", &zip).code, 0);
}

/// Unpacks a package next to the test LMS page and serves both as an LMS would.
fn run_in_test_lms(format: &str) {
    let f = two_quiz_course();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    let r = package(&f, format, &zip);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = tmp.path().join("site");
    extract(&unzip(&zip), &site.join("pkg"));
    copy_dir(&repo().join("tests/browser/lms"), &site.join("harness"));
    fs::copy(
        repo().join("tests/browser/node_modules/scorm-again/dist/scorm-again.js"),
        site.join("harness/scorm-again.js"),
    )
    .expect("scorm-again is installed by `bash scripts/setup.sh --browser`");
    let base = serve_dir_with(site, false, true);
    run_script_with(
        "lms.mjs",
        &base,
        &[format, "part/tools/index.html", "part/more/index.html"],
    );
}

#[test]
fn a_scorm12_package_reports_to_scorm_again_and_resumes() {
    run_in_test_lms("scorm12");
}

#[test]
fn a_scorm2004_package_reports_to_scorm_again_and_resumes() {
    run_in_test_lms("scorm2004");
}

/// The text from `<tag` to before `</tag>` of the first such element of `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> &'a str {
    let start = xml
        .find(&format!("<{tag}"))
        .unwrap_or_else(|| panic!("no <{tag}> in\n{xml}"));
    let end = xml[start..]
        .find(&format!("</{tag}>"))
        .unwrap_or_else(|| panic!("no </{tag}> in\n{xml}"));
    &xml[start..start + end]
}

/// Issue 10, cmi5: `cmi5.xml` follows the course structure of the cmi5 specification
/// (section 13; the official `CourseStructure.xsd` is not in any package registry, so the
/// test checks what it requires): well-formed (xmllint), the cmi5 namespace, a course and
/// one AU with IRIs, title and description in every language with real language tags, the
/// relative launch URL of a file in the zip, moveOn, the mastery score as a decimal in
/// 0..1, and the course id the same whatever the output name or launch language.
#[test]
fn the_cmi5_course_structure_is_complete_and_its_ids_are_stable() {
    let f = two_quiz_course();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("one.zip");
    let r = package(&f, "cmi5", &zip);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("as cmi5"), "{}", r.stdout);
    let entries = unzip(&zip);
    let names: BTreeSet<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains("cmi5.xml") && names.contains("lms.html"));
    assert!(names.contains("assets/lms.js") && names.contains("assets/lms-cmi5.js"));
    assert!(!names.contains("imsmanifest.xml") && !names.contains("sw.js"));
    let dir = tmp.path().join("one");
    extract(&entries, &dir);
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "cmi5.xml"])
        .current_dir(&dir)
        .output()
        .expect("xmllint is needed (bash scripts/setup.sh --browser installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = fs::read_to_string(dir.join("cmi5.xml")).unwrap();
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">"),
        "{xml}"
    );
    let course = element(&xml, "course");
    let au = element(&xml, "au");
    let attr = |el: &str, name: &str| -> String {
        let at = el
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {el}"));
        let v = &el[at + name.len() + 3..];
        v[..v.find('"').unwrap()].to_string()
    };
    let course_id = attr(course, "id");
    assert!(course_id.starts_with("https://"), "{course_id}");
    assert_eq!(attr(au, "id"), format!("{course_id}/au"));
    assert_eq!(attr(au, "moveOn"), "CompletedAndPassed");
    assert_eq!(attr(au, "masteryScore"), "0.80");
    assert_eq!(attr(au, "launchMethod"), "AnyWindow");
    for el in [course, au] {
        let title = element(el, "title");
        assert!(
            title.contains("<langstring lang=\"zh\">测试手册</langstring>"),
            "{title}"
        );
        assert!(
            title.contains("<langstring lang=\"en\">Test playbook</langstring>"),
            "{title}"
        );
        let description = element(el, "description");
        assert!(
            description.contains(
                "<langstring lang=\"zh\">测试手册。章节测验：工具、再练一次。</langstring>"
            ),
            "{description}"
        );
        assert!(description.contains("<langstring lang=\"en\">Test playbook. Chapter quizzes: Tools, Once more.</langstring>"), "{description}");
    }
    // The AU's URL: relative, and a file of the package.
    let url = element(au, "url").trim_start_matches("<url>");
    assert_eq!(url, "lms.html");
    assert!(names.contains(url));

    // Another output name, another launch language, another mastery: the same course.
    let other = tmp.path().join("sub/renamed.zip");
    let r = f.run(&[
        "package",
        "--format",
        "cmi5",
        "--lang",
        "en",
        "--mastery",
        "100",
        "--output",
        other.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let xml2 = String::from_utf8(
        unzip(&other)
            .into_iter()
            .find(|(n, _)| n == "cmi5.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(attr(element(&xml2, "course"), "id"), course_id);
    assert_eq!(attr(element(&xml2, "au"), "masteryScore"), "1.00");
    let launch = String::from_utf8(
        unzip(&other)
            .into_iter()
            .find(|(n, _)| n == "lms.html")
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(launch.contains("\"format\":\"cmi5\""), "{launch}");
    assert!(launch.contains("\"lang\":\"en\""), "{launch}");

    // Another course (another title): another id.
    let config = fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write(
        "playbook.toml",
        config.replacen("测试手册", "另一本手册", 1),
    );
    let third = tmp.path().join("third.zip");
    assert_eq!(package(&f, "cmi5", &third).code, 0);
    let xml3 = String::from_utf8(
        unzip(&third)
            .into_iter()
            .find(|(n, _)| n == "cmi5.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_ne!(attr(element(&xml3, "course"), "id"), course_id);
    assert!(xml3.contains("<langstring lang=\"zh\">另一本手册</langstring>"));
}

/// Issue 10, cmi5: the package under a small local LMS (`tests/browser/lrs.mjs`: the fetch
/// URL, the State, Agent Profile and Statement APIs, recording every call) in headless
/// Chromium: the statements of a session, resume from the State API, the learner's
/// language preference, Browse mode, the LMS's mastery score, an LRS that fails.
#[test]
fn a_cmi5_package_reports_to_a_local_lrs_and_resumes() {
    let f = two_quiz_course();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    let r = package(&f, "cmi5", &zip);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = tmp.path().join("pkg");
    extract(&unzip(&zip), &dir);
    run_script_with(
        "cmi5.mjs",
        dir.to_str().unwrap(),
        &["part/tools/index.html", "part/more/index.html"],
    );
}
