//! `playbook new DIR`: a new playbook (config, one part with one page in Chinese and
//! English, an empty theme override folder) that builds at once.

use std::fs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "playbook.toml",
        r#"title = "我的培训手册"
description = "一本新的销售培训手册。"
base_url = "https://example.com/"
default_language = "zh"
theme = "default"

[languages.en]
title = "My training playbook"
description = "A new sales-training playbook."
"#,
    ),
    (
        "content/_index.md",
        "+++\ntitle = \"我的培训手册\"\ndescription = \"从这里开始。\"\n+++\n\n欢迎！请从[第一部分](basics/_index.md)开始。\n",
    ),
    (
        "content/_index.en.md",
        "+++\ntitle = \"My training playbook\"\ndescription = \"Start here.\"\n+++\n\nWelcome! Start with [part one](basics/_index.md).\n",
    ),
    (
        "content/basics/_index.md",
        "+++\ntitle = \"第一部分：基础\"\ndescription = \"本部分的简介。\"\nweight = 10\n+++\n\n本部分有一章：[第一章](first-chapter.md)。\n",
    ),
    (
        "content/basics/_index.en.md",
        "+++\ntitle = \"Part one: basics\"\ndescription = \"What this part covers.\"\nweight = 10\n+++\n\nThis part has one chapter: [chapter one](first-chapter.md).\n",
    ),
    (
        "content/basics/first-chapter.md",
        "+++\ntitle = \"第一章\"\ndescription = \"一章的样子。\"\nweight = 10\nobjectives = [\"了解一章的结构\"]\nduration = 10\n+++\n\n## 目标 {#goals}\n\n在这里写正文。\n\n::: note kind=tip\n用 `playbook serve` 预览，保存后页面会自动刷新。\n:::\n",
    ),
    (
        "content/basics/first-chapter.en.md",
        "+++\ntitle = \"Chapter one\"\ndescription = \"What a chapter looks like.\"\nweight = 10\nobjectives = [\"Know the structure of a chapter\"]\nduration = 10\n+++\n\n## Goals {#goals}\n\nWrite the text here.\n\n::: note kind=tip\nPreview with `playbook serve`: the page reloads when you save.\n:::\n",
    ),
    (
        "themes/default/README.md",
        "Files placed here replace the built-in theme's files of the same path,\nfor example `templates/page.html` or `static/style.css`.\n",
    ),
];

/// Creates a playbook in `dir`, which must not exist or must be empty.
pub fn create(dir: &Path) -> Result<(), String> {
    if dir.exists()
        && dir
            .read_dir()
            .map_err(|e| format!("failed to read `{}`: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!("`{}` exists and is not empty", dir.display()));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("failed to create `{}`: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("failed to write `{}`: {e}", path.display()))?;
    }
    Ok(())
}
