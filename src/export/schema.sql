-- vnplan export: plan records (schema vnplan.plan/1) as a SQLite database.
--
-- One row in `plans` per record. The lists of a record are tables keyed by `plan_id`
-- (= plans.id) and `position` (1 for the first item, in the record's order, which is the
-- document's). A field the document does not contain is NULL. Dates are ISO 8601 text
-- (YYYY-MM-DD): compare them as text, or take the year with substr(date, 1, 4).
-- Flags are 0 or 1. `PRAGMA user_version` is the version of this layout.
PRAGMA user_version = 1;

CREATE TABLE plans (
    id               INTEGER PRIMARY KEY, -- 1, 2, … in the order the records were read
    records_file     TEXT NOT NULL,       -- the JSON Lines file it was read from (<stdin> for -)
    records_line     INTEGER NOT NULL,    -- its line in that file
    source_path      TEXT,                -- the document the record was extracted from
    source_sha256    TEXT,                -- hash of that document's bytes
    source_bytes     INTEGER,
    encoding         TEXT,                -- how the document was decoded: utf-8, tcvn3, docx, …
    ocr_noise        REAL,                -- share of words the restorer changed, 0 to 1
    doc_type         TEXT,                -- tên loại văn bản: Kế hoạch, …
    issuer_name      TEXT,                -- cơ quan ban hành: Ủy ban nhân dân tỉnh Đồng Tháp
    issuer_level     TEXT,                -- tỉnh, thành phố, thị xã, huyện, quận, phường, xã, …
    issuer_locality  TEXT,                -- Đồng Tháp
    number           TEXT,                -- số và ký hiệu: 207/KH-UBND
    place            TEXT,                -- địa danh of the date line
    date             TEXT,                -- ngày ban hành
    title            TEXT,
    movement_name    TEXT,                -- the emulation movement the plan organises
    period_from      INTEGER,             -- its first year
    period_to        INTEGER,             -- its last year
    standing_body    TEXT,                -- cơ quan thường trực of the movement
    signer_name      TEXT,
    signer_position  TEXT,                -- Chủ tịch, Phó Chủ tịch, …
    signer_authority TEXT                 -- TM. Ủy ban nhân dân, KT. Chủ tịch, …
);
CREATE INDEX plans_issuer_locality ON plans(issuer_locality);
CREATE INDEX plans_issuer_level ON plans(issuer_level);
CREATE INDEX plans_date ON plans(date);
CREATE INDEX plans_number ON plans(number);
CREATE INDEX plans_standing_body ON plans(standing_body);
CREATE INDEX plans_source_sha256 ON plans(source_sha256);

-- Every legal document a plan cites (the record's `references`, basis included).
CREATE TABLE citations (
    plan_id  INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number   TEXT NOT NULL,               -- 749/QĐ-TTg, 91/2017/NĐ-CP, 06-NQ/TU
    type     TEXT,                        -- Quyết định, Nghị quyết, Nghị định, …
    date     TEXT,
    issuer   TEXT,                        -- Thủ tướng Chính phủ, …
    is_basis INTEGER NOT NULL,            -- 1: the preamble names it as what the plan implements
    PRIMARY KEY (plan_id, position)
);
CREATE INDEX citations_number ON citations(number);

-- Hình thức khen thưởng: the award forms a plan foresees.
CREATE TABLE awards (
    plan_id          INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    form             TEXT NOT NULL,       -- Bằng khen, Giấy khen, Cờ thi đua, Huân chương Lao động, …
    grantor          TEXT,                -- Chủ tịch Ủy ban nhân dân tỉnh, …
    occasion         TEXT,                -- hằng năm, sơ kết, tổng kết, đột xuất
    quota_collective INTEGER,             -- at most this many collectives ("không quá …")
    quota_individual INTEGER,             -- at most this many individuals
    PRIMARY KEY (plan_id, position)
);
CREATE INDEX awards_form ON awards(form);

-- Tiêu chuẩn thi đua, one row per group of participants ("Đối với …").
CREATE TABLE criteria (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    group_name TEXT,                      -- sở, ban, ngành, đoàn thể tỉnh; cấp xã; …
    UNIQUE (plan_id, position)
);

-- The criteria of a group, in the document's wording.
CREATE TABLE criteria_items (
    criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (criterion_id, position)
);

-- The numeric targets in a group's criteria ("90% hồ sơ công việc …").
CREATE TABLE targets (
    criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    percent      REAL NOT NULL,
    what         TEXT NOT NULL,
    PRIMARY KEY (criterion_id, position)
);

-- Đối tượng thi đua.
CREATE TABLE subjects (
    plan_id  INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL,               -- collective or individual
    text     TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);

-- Nơi nhận: who the plan is sent to, one row per dash line.
CREATE TABLE recipients (
    plan_id  INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);
CREATE INDEX recipients_name ON recipients(name);

-- Lĩnh vực ưu tiên, lower case.
CREATE TABLE sectors (
    plan_id  INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sector   TEXT NOT NULL,               -- y tế, giáo dục và đào tạo, nông nghiệp, …
    PRIMARY KEY (plan_id, position)
);
CREATE INDEX sectors_sector ON sectors(sector);

-- Where each field of a plan was read and how sure the extractor is of it. Below 0.5 means
-- "do not trust"; a field the record has no entry for was not found.
CREATE TABLE provenance (
    plan_id    INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,             -- issuer, number, date, awards, references, …
    line       INTEGER,                   -- line of the document
    confidence REAL NOT NULL,             -- 0 to 1
    inferred   INTEGER NOT NULL,          -- 1: read from the body rather than its proper place
    PRIMARY KEY (plan_id, field)
);

-- The restored text of a plan, for records written by `vnplan batch --restored`.
CREATE TABLE texts (
    plan_id  INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    restored TEXT NOT NULL
);

-- The inputs that have no record: the error lines of `vnplan batch`.
CREATE TABLE errors (
    id           INTEGER PRIMARY KEY,
    records_file TEXT NOT NULL,
    records_line INTEGER NOT NULL,
    source       TEXT,                    -- the input that failed
    error        TEXT NOT NULL            -- why
);
