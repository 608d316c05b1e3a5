#!/usr/bin/env python3
"""Run `vnplan batch -` as a filter inside a local PySpark job and check nothing is lost.

This is the recipe for scaling vnplan past one machine with Spark: the documents travel as
JSON Lines (`{"id": ..., "text": ...}`) through `RDD.pipe`, each partition's lines go to
one `vnplan batch -` process on its stdin, and the records come back on its stdout, one
line per document (a plan record, or `{"source": ..., "error": ...}`).

Usage:
    pip install pyspark            # Java 17 must be on the PATH
    cargo build --release
    scripts/spark-batch.py [--bin target/release/vnplan] [--copies 4] [--partitions 3]
                           [--master local[2]] [corpus/*.txt ...]

Exit status 0 when every document came back exactly once as a record, 1 otherwise.
"""

import argparse
import glob
import json
import os
import sys
import time


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="plain-text plans (default: corpus/*.txt)")
    ap.add_argument("--bin", default=os.environ.get("VNPLAN", os.path.join(here, "target/release/vnplan")))
    ap.add_argument("--copies", type=int, default=4, help="send each file this many times (distinct ids)")
    ap.add_argument("--partitions", type=int, default=3)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--no-restore", action="store_true", help="pass --no-restore to vnplan")
    args = ap.parse_args()

    files = args.files or sorted(glob.glob(os.path.join(here, "corpus", "*.txt")))
    if not files:
        sys.exit("spark-batch: no input files")
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"spark-batch: {args.bin} is not an executable (cargo build --release?)")

    docs = []
    for copy in range(args.copies):
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            docs.append({"id": f"{os.path.basename(path)}#{copy}", "text": text})
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("vnplan-batch")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    command = [args.bin, "batch", "-", "--quiet", "--threads", "1"]
    if args.no_restore:
        command.append("--no-restore")
    start = time.time()
    rdd = spark.sparkContext.parallelize(lines, args.partitions)
    # checkCode: a vnplan process that dies fails the Spark task (and Spark retries it).
    out = rdd.pipe(" ".join(command), checkCode=True).collect()
    elapsed = time.time() - start
    spark.stop()

    records = [json.loads(line) for line in out]
    back = {}
    errors = []
    for r in records:
        if "error" in r:
            errors.append(r)
            key = r.get("source")
        else:
            key = (r.get("source") or {}).get("path")
        back[key] = back.get(key, 0) + 1
    ids = [d["id"] for d in docs]
    missing = [i for i in ids if i not in back]
    duplicated = [k for k, n in back.items() if n > 1]
    unknown = [k for k in back if k not in set(ids)]
    with_issuer = sum(1 for r in records if "error" not in r and r.get("issuer"))

    print(f"spark-batch: {len(docs)} documents in {args.partitions} partitions on {args.master}: "
          f"{len(records)} lines back in {elapsed:.1f} s; {len(errors)} error records, "
          f"{len(missing)} missing, {len(duplicated)} duplicated, {len(unknown)} unknown; "
          f"{with_issuer} records name their issuer")
    for e in errors[:5]:
        print(f"  error: {e['source']}: {e['error']}")
    ok = len(records) == len(docs) and not missing and not duplicated and not unknown and not errors
    print("spark-batch: OK, every document came back exactly once" if ok else "spark-batch: FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
