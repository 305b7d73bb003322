//! The package descriptions: `imsmanifest.xml` with its schema files (SCORM 1.2 and
//! SCORM 2004 4th Edition) or `cmi5.xml` (cmi5), for one SCO / AU launched at `lms.html`.
//!
//! Input: the format, the course title in the launch language, the mastery score and
//! every file of the package. Output: the files to add at the package root.
//! Must not: list a file that is not in the package, or leave one out.

use super::Format;
use crate::model::encode_path;

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

/// The files that describe the package: the manifest first, then its schema files.
pub fn files(
    format: Format,
    title: &str,
    mastery: u8,
    launch: &str,
    site: &[String],
) -> Vec<(String, Vec<u8>)> {
    let title = xml(title);
    let launch = xml(launch);
    match format {
        Format::Scorm12 => {
            let mut all: Vec<String> = site.to_vec();
            all.extend(SCORM12_SCHEMAS.iter().map(|(n, _)| n.to_string()));
            all.sort();
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
                files = file_list(&all),
            );
            let mut out = vec![("imsmanifest.xml".to_string(), manifest.into_bytes())];
            out.extend(
                SCORM12_SCHEMAS
                    .iter()
                    .map(|(n, b)| (n.to_string(), b.to_vec())),
            );
            out
        }
        Format::Scorm2004 => {
            let mut all: Vec<String> = site.to_vec();
            all.extend(SCORM2004_SCHEMAS.iter().map(|(n, _)| n.to_string()));
            all.sort();
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
                files = file_list(&all),
            );
            let mut out = vec![("imsmanifest.xml".to_string(), manifest.into_bytes())];
            out.extend(
                SCORM2004_SCHEMAS
                    .iter()
                    .map(|(n, b)| (n.to_string(), b.to_vec())),
            );
            out
        }
        Format::Cmi5 => {
            let score = format!("{}.{:02}", mastery / 100, mastery % 100);
            let manifest = format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://playbook.invalid/course">
    <title><langstring lang="und">{title}</langstring></title>
    <description><langstring lang="und">{title}</langstring></description>
  </course>
  <au id="https://playbook.invalid/course/au" moveOn="CompletedAndPassed" masteryScore="{score}" launchMethod="AnyWindow">
    <title><langstring lang="und">{title}</langstring></title>
    <description><langstring lang="und">{title}</langstring></description>
    <url>{launch}</url>
  </au>
</courseStructure>
"#
            );
            vec![("cmi5.xml".to_string(), manifest.into_bytes())]
        }
    }
}
