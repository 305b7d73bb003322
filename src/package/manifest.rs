//! The package descriptions: `imsmanifest.xml` with its schema files (SCORM 1.2 and
//! SCORM 2004 4th Edition) or `cmi5.xml` (cmi5), for one SCO / AU launched at `lms.html`.
//!
//! Input: the format, the course (its languages, the launch language, the mastery score)
//! and every file of the package. Output: the files to add at the package root.
//! Must not: list a file that is not in the package, or leave one out.

use super::Format;
use crate::model::encode_path;
use crate::CourseLanguage;

/// What the package descriptions say about the course.
pub struct Course<'a> {
    /// The language the course opens in.
    pub launch: &'a CourseLanguage,
    /// Every language of the course, the default one first.
    pub languages: &'a [CourseLanguage],
    /// Percent of the course score needed to pass (0–100).
    pub mastery: u8,
}

/// The schema files, embedded: `(name, bytes)`.
macro_rules! schemas {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("schemas/", $dir, "/", $name)) as &[u8])),*]
    };
}

const SCORM12_SCHEMAS: &[(&str, &[u8])] = schemas!("scorm12":
    "adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd",
);

const SCORM2004_SCHEMAS: &[(&str, &[u8])] = schemas!("scorm2004":
    "XMLSchema.dtd", "adlcp_v1p3.xsd", "adlnav_v1p3.xsd", "adlseq_v1p3.xsd", "datatypes.dtd",
    "imscp_v1p1.xsd", "imsss_v1p0.xsd", "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd",
    "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd", "imsss_v1p0objective.xsd",
    "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd",
);

/// Escapes text for XML.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `<file href="…"/>` lines for every file.
fn file_list(files: &[String]) -> String {
    files
        .iter()
        .map(|f| format!("      <file href=\"{}\"/>\n", xml(&encode_path(f))))
        .collect()
}

/// Every file a SCORM resource lists: the site's and the schema files, sorted.
fn resource_files(site: &[String], schemas: &[(&str, &[u8])]) -> Vec<String> {
    let mut all: Vec<String> = site.to_vec();
    all.extend(schemas.iter().map(|(n, _)| n.to_string()));
    all.sort();
    all
}

/// `imsmanifest.xml` followed by its schema files.
fn with_schemas(manifest: String, schemas: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("imsmanifest.xml".to_string(), manifest.into_bytes())];
    out.extend(schemas.iter().map(|(n, b)| (n.to_string(), b.to_vec())));
    out
}

/// The files that describe the package: the manifest first, then its schema files.
pub fn files(
    format: Format,
    course: &Course,
    launch: &str,
    site: &[String],
) -> Vec<(String, Vec<u8>)> {
    let title = xml(&course.launch.title);
    let mastery = course.mastery;
    let launch = xml(launch);
    match format {
        Format::Scorm12 => {
            let files = resource_files(site, SCORM12_SCHEMAS);
            let manifest = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="playbook_course" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="playbook_org">
    <organization identifier="playbook_org">
      <title>{title}</title>
      <item identifier="playbook_item" identifierref="playbook_sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="playbook_sco" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#,
                files = file_list(&files),
            );
            with_schemas(manifest, SCORM12_SCHEMAS)
        }
        Format::Scorm2004 => {
            let files = resource_files(site, SCORM2004_SCHEMAS);
            let measure = format!("{}.{:02}", mastery / 100, mastery % 100);
            let manifest = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="playbook_course" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="playbook_org">
    <organization identifier="playbook_org">
      <title>{title}</title>
      <item identifier="playbook_item" identifierref="playbook_sco">
        <title>{title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="playbook_mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="playbook_sco" type="webcontent" adlcp:scormType="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#,
                files = file_list(&files),
            );
            with_schemas(manifest, SCORM2004_SCHEMAS)
        }
        Format::Cmi5 => vec![(
            "cmi5.xml".to_string(),
            cmi5_xml(course, &launch).into_bytes(),
        )],
    }
}

/// `cmi5.xml`: the course structure (cmi5 section 13) of one AU launched at `launch`
/// (already escaped), with its title and description in every language of the course.
fn cmi5_xml(course: &Course, launch: &str) -> String {
    let default_title = course
        .languages
        .first()
        .map_or(course.launch.title.as_str(), |l| l.title.as_str());
    let id = course_id(default_title);
    let score = format!("{}.{:02}", course.mastery / 100, course.mastery % 100);
    let strings = |text: &dyn Fn(&CourseLanguage) -> String| -> String {
        course
            .languages
            .iter()
            .map(|l| {
                let lang = if is_language_tag(&l.code) {
                    format!(" lang=\"{}\"", l.code)
                } else {
                    String::new()
                };
                format!("      <langstring{lang}>{}</langstring>\n", xml(&text(l)))
            })
            .collect()
    };
    let title = strings(&|l| l.title.clone());
    let description = strings(&description);
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{id}">
    <title>
{title}    </title>
    <description>
{description}    </description>
  </course>
  <au id="{id}/au" moveOn="CompletedAndPassed" masteryScore="{score}" launchMethod="AnyWindow">
    <title>
{title}    </title>
    <description>
{description}    </description>
    <url>{launch}</url>
  </au>
</courseStructure>
"#
    )
}

/// The course's IRI: the same for every package of the same course (a hash of its title
/// in the default language), whatever the output file or the launch language.
fn course_id(title: &str) -> String {
    // FNV-1a, 64 bits: stable across Playbook versions and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in title.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("https://playbook.invalid/course/{h:016x}")
}

/// What the course is, in one language: its title and its chapter quizzes.
fn description(l: &CourseLanguage) -> String {
    if l.quizzes.is_empty() {
        return l.title.clone();
    }
    let chapters: Vec<&str> = l.quizzes.iter().map(|q| q.chapter.as_str()).collect();
    if l.code.starts_with("zh") {
        format!("{}。章节测验：{}。", l.title, chapters.join("、"))
    } else {
        format!("{}. Chapter quizzes: {}.", l.title, chapters.join(", "))
    }
}

/// An `xs:language` value: `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
fn is_language_tag(code: &str) -> bool {
    code.split('-').enumerate().all(|(i, part)| {
        (1..=8).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_checked_as_xsd_language() {
        for ok in ["zh", "en", "en-US", "zh-Hans-CN", "de-1996"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "und_x", "zh-", "toolonglang", "1en", "en--US"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn the_course_id_depends_on_the_title_only() {
        assert_eq!(course_id("Sales"), course_id(" Sales "));
        assert_ne!(course_id("Sales"), course_id("Sales 2"));
        // FNV-1a of the empty input is its offset basis: the hash is the published one.
        assert_eq!(
            course_id(""),
            "https://playbook.invalid/course/cbf29ce484222325"
        );
    }
}
