//! Build speed and peak memory on a synthetic Chinese corpus.
//!
//! `cargo bench --bench build_speed` (or `-- 1000 10000` for other sizes) generates N pages
//! in parts of 20 (headings, lists, a table, links to sibling pages, ~1,000 characters a
//! page), runs the release `playbook build` on it, and prints pages per second and the
//! child's peak resident memory. Figures only: nothing here asserts a time.
//! `PLAYBOOK_BENCH_KEEP=1` keeps the generated corpora (`$TMPDIR/playbook-bench-N`) for
//! profiling.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const WORDS: &[&str] = &[
    "客户", "价值", "关系", "拜访", "计划", "目标", "需求", "决策", "预算", "竞争", "服务", "满意",
    "忠诚", "保留", "份额", "资源", "分配", "机会", "评估", "信任", "沟通", "方案", "产品", "成本",
];

fn paragraph(seed: &mut u64, chars: usize) -> String {
    let mut s = String::new();
    while s.chars().count() < chars {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let w = WORDS[(*seed >> 33) as usize % WORDS.len()];
        s.push_str(w);
        if (*seed >> 20) % 7 == 0 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

fn generate(dir: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("playbook.toml"),
        "title = \"基准\"\nbase_url = \"https://example.com/\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/_index.md"),
        "+++\ntitle = \"基准语料\"\n+++\n\n合成语料。\n",
    )
    .unwrap();
    let mut seed = 42u64;
    let parts = n.div_ceil(20);
    let mut written = 0;
    for p in 0..parts {
        let part = dir.join(format!("content/part-{p:04}"));
        std::fs::create_dir_all(&part).unwrap();
        std::fs::write(
            part.join("_index.md"),
            format!(
                "+++\ntitle = \"第 {p} 部分\"\nweight = {p}\n+++\n\n{}\n",
                paragraph(&mut seed, 60)
            ),
        )
        .unwrap();
        for i in 0..20 {
            if written >= n {
                break;
            }
            let mut s = format!("+++\ntitle = \"第 {p} 部分第 {i} 章\"\nweight = {i}\nduration = 20\nobjectives = [\"理解{}\"]\n+++\n\n", WORDS[i % WORDS.len()]);
            for h in 0..3 {
                let _ = write!(
                    s,
                    "## 第{h}节 {}\n\n{}\n\n",
                    WORDS[(i + h) % WORDS.len()],
                    paragraph(&mut seed, 180)
                );
                let _ = write!(
                    s,
                    "- {}\n- {}\n  - {}\n\n",
                    paragraph(&mut seed, 20),
                    paragraph(&mut seed, 20),
                    paragraph(&mut seed, 15)
                );
            }
            let _ = write!(
                s,
                "| 项目 | 说明 |\n|---|---|\n| {} | {} |\n\n",
                WORDS[i % WORDS.len()],
                paragraph(&mut seed, 30)
            );
            let next = (i + 1) % 20;
            if p * 20 + next < n {
                let _ = writeln!(
                    s,
                    "参见[下一章](ch-{next:02}.md#第0节-{}) 和[本部分](_index.md)。",
                    WORDS[next % WORDS.len()]
                );
            }
            std::fs::write(part.join(format!("ch-{i:02}.md")), s).unwrap();
            written += 1;
        }
    }
}

#[cfg(unix)]
fn peak_rss_children_kb() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args
    };
    let bin = env!("CARGO_BIN_EXE_playbook");
    println!(
        "{:>8} {:>10} {:>12} {:>14}",
        "pages", "seconds", "pages/s", "peak RSS (MB)"
    );
    for n in sizes {
        let dir = std::env::temp_dir().join(format!("playbook-bench-{n}"));
        generate(&dir, n);
        // Warm the file cache once, then measure.
        let _ = Command::new(bin)
            .args(["check", "--root"])
            .arg(&dir)
            .output();
        let t = Instant::now();
        let out = Command::new(bin)
            .args(["build", "--root"])
            .arg(&dir)
            .output()
            .unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = String::from_utf8_lossy(&out.stdout);
        let pages: usize = line
            .split_whitespace()
            .nth(1)
            .and_then(|x| x.parse().ok())
            .unwrap_or(n);
        #[cfg(unix)]
        let rss = peak_rss_children_kb() as f64 / 1024.0;
        #[cfg(not(unix))]
        let rss = f64::NAN;
        println!(
            "{pages:>8} {secs:>10.3} {:>12.0} {rss:>14.1}",
            pages as f64 / secs
        );
        if std::env::var_os("PLAYBOOK_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    println!("(peak RSS is the largest of the child processes so far)");
}
