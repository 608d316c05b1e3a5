//! `vnplan export`: the records of the corpus as a SQLite database that answers the README's
//! questions, one row per record and per list item, nothing dropped (records full of nulls,
//! error lines), bad lines refused with their line named and no half-written output.

use rusqlite::Connection;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn vnplan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("vnplan runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "vnplan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The records `vnplan batch --restored` writes for the five corpus plans, an empty file
/// (an error line) and a note that is no plan (a record of nulls), made once per test run.
fn corpus_records() -> &'static Path {
    static RECORDS: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = RECORDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let extra = dir.path().join("extra");
        fs::create_dir(&extra).unwrap();
        fs::write(extra.join("empty.txt"), "").unwrap();
        fs::write(
            extra.join("note.txt"),
            "Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ.\n",
        )
        .unwrap();
        let records = dir.path().join("records.jsonl");
        let mut args = vec!["batch", "--restored", "--quiet", "-o"];
        args.push(records.to_str().unwrap());
        let corpus: Vec<String> =
            fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .map(|p| format!("corpus/{}", p.file_name().unwrap().to_string_lossy()))
                .collect();
        assert_eq!(corpus.len(), 5);
        args.extend(corpus.iter().map(String::as_str));
        let empty = extra.join("empty.txt");
        let note = extra.join("note.txt");
        args.push(empty.to_str().unwrap());
        args.push(note.to_str().unwrap());
        ok(&vnplan(&args, None));
        (dir, records)
    });
    path
}

fn lines(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count(conn: &Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// Exports `records` with the binary into a fresh directory and opens the database.
fn export(records: &Path) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.sqlite");
    ok(&vnplan(
        &[
            "export",
            records.to_str().unwrap(),
            "-o",
            db.to_str().unwrap(),
        ],
        None,
    ));
    let conn = Connection::open(&db).unwrap();
    (dir, conn)
}

/// The ```sql blocks of the README's export section.
fn readme_queries() -> Vec<String> {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find("## Data for analysts: `vnplan export`")
        .expect("the README has an export section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut queries = Vec::new();
    let mut rest = section;
    while let Some(i) = rest.find("```sql\n") {
        let body = &rest[i + 7..];
        let end = body.find("```").expect("closed sql block");
        queries.push(body[..end].to_string());
        rest = &body[end..];
    }
    queries
}

#[test]
fn corpus_database_has_a_row_per_record_and_per_list_item() {
    let records = corpus_records();
    let values = lines(records);
    let plans: Vec<&Value> = values.iter().filter(|v| v.get("error").is_none()).collect();
    let errors = values.len() - plans.len();
    assert_eq!(
        (plans.len(), errors),
        (6, 1),
        "5 plans, a note, an empty file"
    );
    let (_dir, conn) = export(records);
    assert_eq!(count(&conn, "select count(*) from plans"), plans.len());
    assert_eq!(count(&conn, "select count(*) from errors"), errors);
    assert_eq!(count(&conn, "select count(*) from texts"), plans.len());
    let total = |f: &dyn Fn(&Value) -> usize| plans.iter().map(|p| f(p)).sum::<usize>();
    let len = |v: &Value, key: &str| v[key].as_array().map_or(0, Vec::len);
    let groups = |v: &Value, key: &str| -> usize {
        v["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| len(g, key))
            .sum()
    };
    for (table, want) in [
        ("citations", total(&|p| len(p, "references"))),
        ("awards", total(&|p| len(p, "awards"))),
        ("criteria", total(&|p| len(p, "criteria"))),
        ("criteria_items", total(&|p| groups(p, "items"))),
        ("targets", total(&|p| groups(p, "targets"))),
        ("subjects", total(&|p| len(p, "subjects"))),
        ("recipients", total(&|p| len(p, "recipients"))),
        ("sectors", total(&|p| len(p, "priority_sectors"))),
        (
            "provenance",
            total(&|p| p["provenance"].as_object().unwrap().len()),
        ),
    ] {
        assert!(want > 0, "the corpus has {table}");
        assert_eq!(
            count(&conn, &format!("select count(*) from {table}")),
            want,
            "{table}"
        );
    }
    // Every basis document is a citation marked as such.
    assert_eq!(
        count(&conn, "select count(*) from citations where is_basis = 1"),
        total(&|p| len(p, "basis"))
    );
    assert_eq!(
        count(&conn, "select count(*) from pragma_foreign_key_check"),
        0
    );
    // The note is a plan record of nulls; the empty file is an error row.
    let nulls = count(
        &conn,
        "select count(*) from plans where source_path like '%note.txt' \
         and issuer_name is null and number is null and date is null",
    );
    assert_eq!(nulls, 1);
    let error: String = conn
        .query_row("select source from errors", [], |r| r.get(0))
        .unwrap();
    assert!(error.ends_with("empty.txt"), "{error}");
}

#[test]
fn the_readme_questions_run_on_the_corpus_database() {
    let (_dir, conn) = export(corpus_records());
    let queries = readme_queries();
    assert!(queries.len() >= 4, "the README asks the issue's questions");
    for sql in &queries {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}:\n{sql}"));
        let columns = stmt.column_count();
        let rows: Vec<Vec<String>> = stmt
            .query_map([], |row| {
                (0..columns)
                    .map(|i| {
                        row.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect()
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!rows.is_empty(), "no answer on the corpus:\n{sql}");
    }
}

#[test]
fn citations_of_749_count_the_plans_whose_gold_cites_it() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/gold");
    let mut citing = 0;
    for split in ["dev", "eval"] {
        for entry in fs::read_dir(gold.join(split)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let record: Value =
                    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
                let refs = record["references"].as_array().unwrap();
                citing += usize::from(refs.iter().any(|r| r["number"] == "749/QĐ-TTg"));
            }
        }
    }
    assert_eq!(citing, 4, "the gold files say four sample plans cite it");
    let (_dir, conn) = export(corpus_records());
    assert_eq!(
        count(
            &conn,
            "select count(distinct plan_id) from citations where number = '749/QĐ-TTg'"
        ),
        citing
    );
}

const NULL_RECORD: &str = r#"{"schema":"vnplan.plan/1","doc_type":null,"issuer":null,"number":null,"place":null,"date":null,"title":null,"movement":null,"basis":[],"references":[],"subjects":[],"criteria":[],"awards":[],"standing_body":null,"priority_sectors":[],"signer":null,"recipients":[],"provenance":{}}"#;

#[test]
fn a_truncated_line_is_an_error_naming_it_and_the_old_database_stays() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("r.jsonl");
    let truncated = &NULL_RECORD[..80];
    fs::write(
        &records,
        format!("{NULL_RECORD}\n\n{truncated}\n{NULL_RECORD}\n"),
    )
    .unwrap();
    let db = dir.path().join("plans.sqlite");
    fs::write(&db, b"the previous export").unwrap();
    let out = vnplan(
        &[
            "export",
            records.to_str().unwrap(),
            "-o",
            db.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim_end(),
        format!(
            "vnplan: {}:3: truncated JSON: the line ends inside a value after 80 characters",
            records.display()
        )
    );
    assert_eq!(fs::read(&db).unwrap(), b"the previous export");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );

    fs::write(&records, format!("{NULL_RECORD}\n{{\"schema\": vnplan}}\n")).unwrap();
    let out = vnplan(
        &[
            "export",
            records.to_str().unwrap(),
            "-o",
            db.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("r.jsonl:2: malformed JSON at column 12"),
        "{err}"
    );
}

#[test]
fn a_record_of_another_schema_version_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("r.jsonl");
    let newer = NULL_RECORD.replace("vnplan.plan/1", "vnplan.plan/2");
    fs::write(&records, format!("{NULL_RECORD}\n{newer}\n")).unwrap();
    let db = dir.path().join("plans.sqlite");
    let out = vnplan(
        &[
            "export",
            records.to_str().unwrap(),
            "-o",
            db.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("r.jsonl:2: record schema `vnplan.plan/2` is not the one this vnplan reads"),
        "{err}"
    );
    assert!(!db.exists(), "no database from a failed export");
}

#[test]
fn stdin_and_several_inputs_make_one_database_and_a_new_export_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    fs::write(
        &a,
        format!("{NULL_RECORD}\n{{\"source\":\"x.pdf\",\"error\":\"no text layer\"}}\n"),
    )
    .unwrap();
    let db = dir.path().join("plans.sqlite");
    let stdin = format!("{NULL_RECORD}\n");
    let out = vnplan(
        &[
            "export",
            a.to_str().unwrap(),
            "-",
            "-o",
            db.to_str().unwrap(),
        ],
        Some(stdin.as_bytes()),
    );
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 records, 1 error line"));
    let conn = Connection::open(&db).unwrap();
    let files: Vec<(i64, String, i64)> = conn
        .prepare("select id, records_file, records_line from plans order by id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        files,
        [
            (1, a.to_string_lossy().into_owned(), 1),
            (2, "<stdin>".to_string(), 1)
        ]
    );
    let (source, error, line): (String, String, i64) = conn
        .query_row("select source, error, records_line from errors", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (source.as_str(), error.as_str(), line),
        ("x.pdf", "no text layer", 2)
    );
    drop(conn);

    fs::write(&a, "{\"source\":\"y.txt\",\"error\":\"empty file\"}\n").unwrap();
    ok(&vnplan(
        &[
            "export",
            a.to_str().unwrap(),
            "-q",
            "-o",
            db.to_str().unwrap(),
        ],
        None,
    ));
    let conn = Connection::open(&db).unwrap();
    assert_eq!(count(&conn, "select count(*) from plans"), 0);
    assert_eq!(count(&conn, "select count(*) from errors"), 1);
}

#[test]
fn csv_tables_hold_the_rows_of_the_database() {
    let records = corpus_records();
    let (_db_dir, conn) = export(records);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    ok(&vnplan(
        &[
            "export",
            records.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    ));
    for table in [
        "plans",
        "citations",
        "awards",
        "criteria",
        "targets",
        "errors",
    ] {
        let mut reader = csv::Reader::from_path(out.join(format!("{table}.csv"))).unwrap();
        let header = reader.headers().unwrap().clone();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .len();
        assert_eq!(
            rows,
            count(&conn, &format!("select count(*) from {table}")),
            "{table}"
        );
        let columns = count(
            &conn,
            &format!("select count(*) from pragma_table_info('{table}')"),
        );
        assert_eq!(header.len(), columns, "{table}");
    }
    let mut plans = csv::Reader::from_path(out.join("plans.csv")).unwrap();
    let numbers: Vec<String> = plans
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|r| r.unwrap()["number"].clone())
        .collect();
    assert!(numbers.iter().any(|n| n == "207/KH-UBND"), "{numbers:?}");
    assert!(
        numbers.iter().any(|n| n.is_empty()),
        "a null is an empty field"
    );
}

#[test]
fn schema_prints_ddl_that_builds_the_database() {
    let out = vnplan(&["export", "--schema"], None);
    ok(&out);
    let ddl = String::from_utf8(out.stdout).unwrap();
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&ddl).unwrap();
    let tables: Vec<String> = conn
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for t in [
        "awards",
        "citations",
        "criteria",
        "errors",
        "plans",
        "recipients",
        "sectors",
        "subjects",
        "targets",
    ] {
        assert!(tables.iter().any(|n| n == t), "{t} in {tables:?}");
    }
    let help = vnplan(&["export", "--help"], None);
    ok(&help);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--format csv -o tables/"));
}

#[test]
fn usage_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("r.jsonl");
    fs::write(&records, format!("{NULL_RECORD}\n")).unwrap();
    let r = records.to_str().unwrap();
    let d = dir.path().to_str().unwrap();
    let db = dir.path().join("x.sqlite");
    let db = db.to_str().unwrap();
    for (args, want) in [
        (vec!["export", r, "-o", d], "is a directory"),
        (vec!["export", r, "-o", r], "is also an input"),
        (vec!["export", r, "-o", "-"], "cannot go to stdout"),
        (
            vec!["export", "/nonexistent/r.jsonl", "-o", db],
            "/nonexistent/r.jsonl: no such file",
        ),
    ] {
        let out = vnplan(&args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(want) && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        fs::read_to_string(&records).unwrap(),
        format!("{NULL_RECORD}\n")
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
    let out = vnplan(&["export", r], None);
    assert_eq!(out.status.code(), Some(2), "-o is required");
}
