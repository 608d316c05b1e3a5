//! The batch engine with a simple processing function: one line per input, input order for
//! any thread count, failures and panics as error lines, lines on disk as soon as they are
//! made, and resume that writes exactly what an uninterrupted run writes.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use vnplan::batch::{self, Input, InputItem, JsonLines, Options, Output, Sink};
use vnplan::record::PlanRecord;
use vnplan::{Error, Result};

/// Title = first line; "boom" panics, "fail" errors.
fn first_line(item: &InputItem) -> Result<Output> {
    let text = String::from_utf8_lossy(&item.bytes);
    if text.contains("boom") {
        panic!("boom in {}", item.source);
    }
    if text.contains("fail") {
        return Err(Error::input("this document fails"));
    }
    let record = PlanRecord {
        title: text.lines().next().map(str::to_string),
        ..PlanRecord::default()
    };
    Ok(Output {
        record,
        restored: Some(text.to_uppercase()),
        syllables: text.split_whitespace().count() as u64,
        warnings: Vec::new(),
    })
}

fn inputs(n: usize) -> Vec<Input> {
    (0..n)
        .map(|i| {
            let text = match i % 10 {
                3 => "fail".to_string(),
                7 => "boom".to_string(),
                _ => format!("Kế hoạch số {i}\nnội dung"),
            };
            Input::Inline {
                id: format!("doc{i}"),
                text,
            }
        })
        .chain([Input::Bad {
            source: "missing.txt".into(),
            error: "no such file or directory".into(),
        }])
        .collect()
}

fn run_to_file(out: &Path, inputs: Vec<Input>, options: &Options, resume: bool) -> batch::Summary {
    let mut sink = Sink::file(out, resume).unwrap();
    let total = inputs.len();
    let summary = batch::run(inputs, Some(total), options, &mut sink, first_line).unwrap();
    sink.finish().unwrap();
    summary
}

fn lines(path: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn source_of(v: &serde_json::Value) -> String {
    v["source"]["path"]
        .as_str()
        .or(v["source"].as_str())
        .unwrap()
        .to_string()
}

#[test]
fn one_line_per_input_in_order_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut reference: Option<String> = None;
    for (threads, in_flight) in [(1, 64), (2, 3), (4, 1), (3, 7)] {
        let out = dir.path().join(format!("out-{threads}-{in_flight}.jsonl"));
        let options = Options {
            threads,
            in_flight,
            restored_field: true,
            ..Options::default()
        };
        let s = run_to_file(&out, inputs(50), &options, false);
        assert_eq!((s.inputs, s.records, s.errors), (51, 40, 11));
        let got = lines(&out);
        let sources: Vec<String> = got.iter().map(source_of).collect();
        let mut want: Vec<String> = (0..50).map(|i| format!("doc{i}")).collect();
        want.push("missing.txt".into());
        assert_eq!(sources, want);
        assert!(got[7]["error"].as_str().unwrap().contains("internal error"));
        assert_eq!(got[3]["error"], "this document fails");
        assert_eq!(got[0]["restored"], "KẾ HOẠCH SỐ 0\nNỘI DUNG");
        assert_eq!(got[0]["source"]["sha256"].as_str().unwrap().len(), 64);
        let text = fs::read_to_string(&out).unwrap();
        match &reference {
            None => reference = Some(text),
            Some(r) => assert_eq!(&text, r, "threads {threads} in flight {in_flight}"),
        }
    }
}

#[test]
fn resume_after_partial_run_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.jsonl");
    let options = Options {
        threads: 2,
        in_flight: 4,
        ..Options::default()
    };
    run_to_file(&full, inputs(30), &options, false);
    let full_text = fs::read_to_string(&full).unwrap();

    // A killed run: the first 13 lines and half of the 14th in OUT.partial, no OUT.
    let out = dir.path().join("out.jsonl");
    let partial = batch::sink::partial_path(&out);
    let cut: Vec<&str> = full_text.lines().collect();
    let mut torn = cut[..13].join("\n");
    torn.push('\n');
    torn.push_str(&cut[13][..cut[13].len() / 2]);
    fs::write(&partial, torn).unwrap();

    let s = run_to_file(&out, inputs(30), &options, true);
    // The 13 whole lines hold 11 records, reused; the two error lines are tried again.
    assert_eq!((s.inputs, s.reused), (31, 11));
    assert_eq!(fs::read_to_string(&out).unwrap(), full_text);
    assert!(!partial.exists());

    // Resuming a finished run reuses every record and keeps the file as it was.
    let s = run_to_file(&out, inputs(30), &options, true);
    assert_eq!((s.reused, s.records, s.errors), (24, 24, 7));
    assert_eq!(fs::read_to_string(&out).unwrap(), full_text);
}

fn doc(id: &str, text: &str) -> Input {
    Input::Inline {
        id: id.into(),
        text: text.into(),
    }
}

/// An uninterrupted run of `inputs` to a new file; its text.
fn uninterrupted(dir: &Path, name: &str, inputs: Vec<Input>) -> String {
    let out = dir.join(name);
    run_to_file(&out, inputs, &Options::default(), false);
    fs::read_to_string(&out).unwrap()
}

#[test]
fn an_input_listed_twice_gets_its_line_twice_after_resume() {
    let dir = tempfile::tempdir().unwrap();
    let listed = || {
        vec![
            doc("d1", "Kế hoạch 1"),
            doc("d2", "Kế hoạch 2"),
            doc("d1", "Kế hoạch 1"),
        ]
    };
    let want = uninterrupted(dir.path(), "full.jsonl", listed());
    assert_eq!(want.lines().count(), 3);
    // Killed after the first line.
    let out = dir.path().join("out.jsonl");
    let first = want.lines().next().unwrap();
    fs::write(batch::sink::partial_path(&out), format!("{first}\n")).unwrap();
    let s = run_to_file(&out, listed(), &Options::default(), true);
    assert_eq!((s.inputs, s.reused), (3, 2));
    assert_eq!(fs::read_to_string(&out).unwrap(), want);
}

#[test]
fn changed_content_is_processed_again_on_resume() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let options = Options::default();
    run_to_file(&out, vec![doc("a", "first version")], &options, false);
    let s = run_to_file(&out, vec![doc("a", "second version")], &options, true);
    assert_eq!((s.reused, s.records), (0, 1));
    let got = lines(&out);
    assert_eq!(
        got.len(),
        1,
        "one line per input, not the stale record as well"
    );
    assert_eq!(got[0]["title"], "second version");
}

#[test]
fn inputs_added_or_removed_since_a_finished_run_keep_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let options = Options::default();
    let abc = || vec![doc("a", "A"), doc("b", "B"), doc("c", "C")];
    run_to_file(&out, vec![doc("a", "A"), doc("c", "C")], &options, false);
    // b added in the middle: processed and put in its place.
    let s = run_to_file(&out, abc(), &options, true);
    assert_eq!((s.inputs, s.reused), (3, 2));
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        uninterrupted(dir.path(), "abc.jsonl", abc())
    );
    // c removed: its line goes.
    let s = run_to_file(&out, vec![doc("a", "A"), doc("b", "B")], &options, true);
    assert_eq!((s.inputs, s.reused), (2, 2));
    let ab = uninterrupted(dir.path(), "ab.jsonl", vec![doc("a", "A"), doc("b", "B")]);
    assert_eq!(fs::read_to_string(&out).unwrap(), ab);
    // Records with their restored text are not reused by a run without, nor the reverse.
    let with_text = Options {
        restored_field: true,
        ..Options::default()
    };
    let s = run_to_file(&out, vec![doc("a", "A"), doc("b", "B")], &with_text, true);
    assert_eq!(s.reused, 0);
    assert!(lines(&out).iter().all(|l| l["restored"].is_string()));
}

#[test]
fn the_first_line_is_on_disk_before_the_run_ends() {
    // The second document waits until the first one's line is in OUT.partial: a run killed
    // while it works keeps the first record. Written only at the end of a chunk of inputs, the
    // line would never arrive and the wait would time out.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let partial = batch::sink::partial_path(&out);
    let seen = AtomicBool::new(false);
    let process = |item: &InputItem| {
        if item.source == "slow" {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(20) {
                if fs::read_to_string(&partial).is_ok_and(|t| t.lines().count() == 1) {
                    seen.store(true, Ordering::SeqCst);
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        first_line(item)
    };
    let inputs = vec![doc("fast", "Kế hoạch"), doc("slow", "Kế hoạch 2")];
    for threads in [1, 2] {
        seen.store(false, Ordering::SeqCst);
        let options = Options {
            threads,
            ..Options::default()
        };
        let mut sink = Sink::file(&out, false).unwrap();
        batch::run(inputs.clone(), Some(2), &options, &mut sink, process).unwrap();
        sink.finish().unwrap();
        assert!(
            seen.load(Ordering::SeqCst),
            "threads {threads}: first line not written in time"
        );
        assert_eq!(lines(&out).len(), 2);
    }
}

#[test]
fn files_on_disk_and_limits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), "Kế hoạch A").unwrap();
    fs::write(root.join("big.txt"), "x".repeat(5000)).unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/b.txt"), "Kế hoạch B").unwrap();
    let mut list = Vec::new();
    batch::Lister::default().expand(root.to_str().unwrap(), &mut list);
    batch::Lister::default().expand(&format!("{}/nothing-*.txt", root.display()), &mut list);
    let out = root.join("out/records.jsonl");
    let options = Options {
        max_bytes: 1000,
        ..Options::default()
    };
    let s = run_to_file(&out, list, &options, false);
    assert_eq!((s.inputs, s.records, s.errors), (4, 2, 2));
    let got = lines(&out);
    assert!(got[1]["error"]
        .as_str()
        .unwrap()
        .contains("over the limit of 1000"));
    assert_eq!(got[2]["title"], "Kế hoạch B");
    assert!(got[3]["error"]
        .as_str()
        .unwrap()
        .contains("no file matches"));
}

#[test]
fn json_lines_stream_through() {
    let stdin =
        "{\"id\":\"x\",\"text\":\"Kế hoạch X\"}\n{oops\n{\"id\":\"y\",\"text\":\"Kế hoạch Y\"}\n";
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o.jsonl");
    let mut sink = Sink::file(&out, false).unwrap();
    let docs = JsonLines::new(stdin.as_bytes(), 1 << 20);
    let s = batch::run(docs, None, &Options::default(), &mut sink, first_line).unwrap();
    sink.finish().unwrap();
    assert_eq!((s.records, s.errors), (2, 1));
    let got = lines(&out);
    assert_eq!(got[1]["source"], "stdin:2");
    assert_eq!(got[2]["title"], "Kế hoạch Y");
}
