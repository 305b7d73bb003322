//! `playbook new DIR`: a starter playbook that builds at once and shows each feature once
//! (a part, a chapter with objectives, a callout, an image, a widget with presets and a
//! quiz, its English translation, a Chinese-only page shown in English with the
//! translation notice, `extra_css` and `logo`, and the theme override folder).
//!
//! The starter's files live in `src/scaffold/starter/`, as a playbook would have them:
//! edit them there (and list a new file in [`FILES`]; a test checks the list).
//! Must not: write into a folder that has anything in it.

use std::fs;
use std::path::Path;

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("scaffold/starter/", $path)) as &[u8])),*]
    };
}

/// The starter's files: (path in the new playbook, bytes).
pub const FILES: &[(&str, &[u8])] = starter![
    "playbook.toml",
    "content/_index.md",
    "content/_index.en.md",
    "content/basics/_index.md",
    "content/basics/_index.en.md",
    "content/basics/first-chapter.md",
    "content/basics/first-chapter.en.md",
    "content/basics/man.svg",
    "content/basics/zh-only.md",
    "static/custom.css",
    "static/logo.svg",
    "themes/default/README.md",
];

/// Creates a playbook in `dir`, which must not exist or must be empty. Returns the paths
/// written, relative to `dir`.
pub fn create(dir: &Path) -> Result<Vec<&'static str>, String> {
    if dir.exists()
        && dir
            .read_dir()
            .map_err(|e| format!("failed to read `{}`: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!("`{}` exists and is not empty", dir.display()));
    }
    for (rel, bytes) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("failed to create `{}`: {e}", parent.display()))?;
        }
        fs::write(&path, bytes)
            .map_err(|e| format!("failed to write `{}`: {e}", path.display()))?;
    }
    Ok(FILES.iter().map(|(p, _)| *p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `src/scaffold/starter/` is in [`FILES`] and the other way round.
    #[test]
    fn files_list_the_whole_starter_folder() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scaffold/starter");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&base)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }
}
