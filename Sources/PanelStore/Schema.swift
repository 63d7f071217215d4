import GRDB
import PanelCore

/// Tables and their migrations. A migration, once released, is never edited: add another.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // The four files of the round, verbatim, with the hash that scores refer to.
            try db.execute(
                sql: """
                    CREATE TABLE round_file (
                        name TEXT PRIMARY KEY,           -- region | school | defense | rules
                        text TEXT NOT NULL,
                        sha256 TEXT NOT NULL
                    );
                    CREATE TABLE candidate (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('region', 'school')),
                        name TEXT NOT NULL,
                        province TEXT NOT NULL,
                        city TEXT NOT NULL,
                        county TEXT NOT NULL DEFAULT '',
                        level TEXT,
                        platform TEXT NOT NULL,
                        connected INTEGER NOT NULL,
                        prior_award INTEGER,
                        supports TEXT REFERENCES candidate(id),
                        province_rank INTEGER,
                        contact TEXT NOT NULL DEFAULT '',
                        phone TEXT NOT NULL DEFAULT '',
                        import_order INTEGER NOT NULL
                    );
                    CREATE TABLE expert (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        province TEXT NOT NULL,
                        org TEXT NOT NULL DEFAULT '',
                        role TEXT NOT NULL CHECK (role IN ('expert', 'chair')),
                        pin_hash TEXT NOT NULL,
                        failed_pins INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE assignment (
                        expert_id TEXT NOT NULL REFERENCES expert(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        PRIMARY KEY (expert_id, candidate_id)
                    );
                    -- One row per (expert, candidate, stage): a draft until every item has a score.
                    CREATE TABLE sheet (
                        expert_id TEXT NOT NULL REFERENCES expert(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        stage TEXT NOT NULL CHECK (stage IN ('material', 'defense')),
                        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
                        rubric_sha256 TEXT NOT NULL,
                        comment TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (expert_id, candidate_id, stage)
                    );
                    CREATE TABLE score (
                        expert_id TEXT NOT NULL,
                        candidate_id TEXT NOT NULL,
                        stage TEXT NOT NULL,
                        item_id TEXT NOT NULL,
                        hundredths INTEGER NOT NULL,
                        PRIMARY KEY (expert_id, candidate_id, stage, item_id),
                        FOREIGN KEY (expert_id, candidate_id, stage) REFERENCES sheet(expert_id, candidate_id, stage)
                    );
                    -- Round-wide facts, such as finalized.
                    CREATE TABLE round_state (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    -- Append-only; each entry's hash covers the previous entry's hash.
                    CREATE TABLE audit (
                        seq INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        before TEXT,
                        after TEXT,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_subject ON audit(subject);
                    """)
        }
        migrator.registerMigration("v2 chair decisions") { db in
            // The latest decision of each kind; the audit log keeps every earlier one.
            try db.execute(
                sql: """
                    CREATE TABLE spot_check (
                        candidate_id TEXT PRIMARY KEY REFERENCES candidate(id),
                        passed INTEGER NOT NULL,
                        note TEXT NOT NULL,
                        chair TEXT NOT NULL REFERENCES expert(id)
                    );
                    CREATE TABLE override (
                        candidate_id TEXT PRIMARY KEY REFERENCES candidate(id),
                        action TEXT NOT NULL CHECK (action IN ('include', 'exclude')),
                        reason TEXT NOT NULL,
                        chair TEXT NOT NULL REFERENCES expert(id)
                    );
                    CREATE TABLE defense_absence (
                        candidate_id TEXT PRIMARY KEY REFERENCES candidate(id),
                        note TEXT NOT NULL,
                        chair TEXT NOT NULL REFERENCES expert(id)
                    );
                    -- Candidate ids separated by spaces (ids are one word).
                    CREATE TABLE shortlist_freeze (
                        kind TEXT PRIMARY KEY CHECK (kind IN ('region', 'school')),
                        candidate_ids TEXT NOT NULL,
                        chair TEXT NOT NULL REFERENCES expert(id)
                    );
                    CREATE TABLE resolution (
                        kind TEXT PRIMARY KEY CHECK (kind IN ('region', 'school')),
                        tie_group TEXT NOT NULL,
                        winners TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        chair TEXT NOT NULL REFERENCES expert(id)
                    );
                    """)
        }
        migrator.registerMigration("v3 sign-in lock") { db in
            // Three wrong PINs in a row lock the id until locked_until (seconds since 1970).
            try db.execute(
                sql: """
                    ALTER TABLE expert ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE expert ADD COLUMN locked_until INTEGER;
                    """)
        }
        migrator.registerMigration("v4 sheet totals") { db in
            // Each sheet keeps its total and group subtotals (hundredths; "A=1550 B=2300"), updated
            // with its scores, so that ranking reads one row per sheet instead of one per item.
            // Frozen as SQL: which item counts in which group is the round's rubric, read by
            // application code, so the totals of an older file are data filled after migrating
            // (`Schema.fillPendingTotals`), never code run inside a released migration.
            try db.execute(
                sql: """
                    ALTER TABLE sheet ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE sheet ADD COLUMN group_totals TEXT NOT NULL DEFAULT '';
                    INSERT INTO round_state (key, value)
                        SELECT 'sheet_totals_pending', '' WHERE EXISTS (SELECT 1 FROM score);
                    """)
        }
        migrator.registerMigration("v5 outlier reviews") { db in
            // The chair's note that an outlier sheet was looked at, with the total it was made on:
            // it stands only while the sheet keeps that total.
            try db.execute(
                sql: """
                    CREATE TABLE outlier_review (
                        expert_id TEXT NOT NULL,
                        candidate_id TEXT NOT NULL,
                        stage TEXT NOT NULL,
                        total INTEGER NOT NULL,
                        note TEXT NOT NULL,
                        chair TEXT NOT NULL REFERENCES expert(id),
                        PRIMARY KEY (expert_id, candidate_id, stage),
                        FOREIGN KEY (expert_id, candidate_id, stage) REFERENCES sheet(expert_id, candidate_id, stage)
                    );
                    """)
        }
        migrator.registerMigration("v6 dossiers") { db in
            // Each candidate's dossier: every file's bytes are in `<database>.files/<sha256>`; here
            // its record (a new version when its bytes change, the old one kept) and its pages' text,
            // searched through FTS5's trigram index (Chinese substrings of three characters or more).
            try db.execute(
                sql: """
                    CREATE TABLE dossier_file (
                        id INTEGER PRIMARY KEY,
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        name TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        current INTEGER NOT NULL CHECK (current IN (0, 1)),
                        size INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        type TEXT NOT NULL,
                        pages INTEGER NOT NULL,
                        status TEXT NOT NULL
                            CHECK (status IN ('text', 'scanned', 'encrypted', 'unreadable', 'attachment')),
                        extractor TEXT NOT NULL,
                        extractor_version TEXT NOT NULL,
                        message TEXT NOT NULL DEFAULT '',
                        UNIQUE (candidate_id, name, version)
                    );
                    CREATE INDEX dossier_file_by_candidate ON dossier_file(candidate_id, current);
                    CREATE TABLE dossier_page (
                        id INTEGER PRIMARY KEY,
                        file_id INTEGER NOT NULL REFERENCES dossier_file(id),
                        page INTEGER NOT NULL,
                        text TEXT NOT NULL,
                        image INTEGER NOT NULL DEFAULT 0,
                        ocr INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (file_id, page)
                    );
                    CREATE VIRTUAL TABLE dossier_search USING fts5(
                        text, content = 'dossier_page', content_rowid = 'id', tokenize = 'trigram'
                    );
                    """)
        }
        migrator.registerMigration("v7 evidence") { db in
            // 评分依据: the dossier pages an expert cites for an item of their sheet (by the file's
            // hash, so that a later version of the file does not silently take the citation over).
            try db.execute(
                sql: """
                    CREATE TABLE evidence (
                        expert_id TEXT NOT NULL REFERENCES expert(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        stage TEXT NOT NULL CHECK (stage IN ('material', 'defense')),
                        item_id TEXT NOT NULL,
                        file_name TEXT NOT NULL,
                        file_sha256 TEXT NOT NULL,
                        page INTEGER NOT NULL,
                        quote TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (expert_id, candidate_id, stage, item_id, file_sha256, page)
                    );
                    """)
        }
        migrator.registerMigration("v8 dossier reading") { db in
            // When each expert first opened each candidate's dossier and how long they read it: a
            // table of its own (not the audit chain), written each time the pager is closed.
            try db.execute(
                sql: """
                    CREATE TABLE dossier_reading (
                        expert_id TEXT NOT NULL REFERENCES expert(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        first_opened TEXT NOT NULL,
                        seconds INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (expert_id, candidate_id)
                    );
                    """)
        }
        migrator.registerMigration("v9 candidate facts") { db in
            // The summary table's other columns, kept per candidate in the file's order.
            try db.execute(
                sql: """
                    CREATE TABLE candidate_fact (
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (candidate_id, position)
                    );
                    """)
        }
        migrator.registerMigration("v10 sheet dossier version") { db in
            // The dossier a sheet was submitted on: the candidate's newest file record at that
            // moment (a new or changed file adds a record, so a later one means newer material).
            // Set by triggers, so that every way a sheet becomes submitted records it.
            try db.execute(
                sql: """
                    ALTER TABLE sheet ADD COLUMN dossier_version INTEGER;
                    CREATE TRIGGER sheet_submitted_on_dossier AFTER UPDATE OF status ON sheet
                    WHEN NEW.status = 'submitted' AND OLD.status != 'submitted'
                    BEGIN
                        UPDATE sheet SET dossier_version =
                            (SELECT COALESCE(MAX(id), 0) FROM dossier_file WHERE candidate_id = NEW.candidate_id)
                        WHERE rowid = NEW.rowid;
                    END;
                    CREATE TRIGGER sheet_inserted_submitted_on_dossier AFTER INSERT ON sheet
                    WHEN NEW.status = 'submitted'
                    BEGIN
                        UPDATE sheet SET dossier_version =
                            (SELECT COALESCE(MAX(id), 0) FROM dossier_file WHERE candidate_id = NEW.candidate_id)
                        WHERE rowid = NEW.rowid;
                    END;
                    """)
        }
        migrator.registerMigration("v11 expert fields") { db in
            // 学段 and 评审类别 (raw values joined by ';', empty: not given) and 地市 of each expert.
            try db.execute(
                sql: """
                    ALTER TABLE expert ADD COLUMN levels TEXT NOT NULL DEFAULT '';
                    ALTER TABLE expert ADD COLUMN reviews TEXT NOT NULL DEFAULT '';
                    ALTER TABLE expert ADD COLUMN city TEXT NOT NULL DEFAULT '';
                    """)
        }
        migrator.registerMigration("v12 recusals") { db in
            // 申请回避: an expert's request to leave a candidate, and the chair's decision. While it is
            // open (and after it is approved) the expert's sheets for the candidate are kept aside in
            // withdrawn_sheet and withdrawn_score, out of every ranking; a rejection puts them back.
            try db.execute(
                sql: """
                    CREATE TABLE recusal (
                        expert_id TEXT NOT NULL REFERENCES expert(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        reason TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('open', 'approved', 'rejected')),
                        chair TEXT NOT NULL DEFAULT '',
                        decision TEXT NOT NULL DEFAULT '',
                        replacement TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (expert_id, candidate_id)
                    );
                    CREATE TABLE withdrawn_sheet AS SELECT * FROM sheet WHERE 0;
                    CREATE TABLE withdrawn_score AS SELECT * FROM score WHERE 0;
                    """)
        }
        migrator.registerMigration("v13 expert keys") { db in
            // Each expert's ssh public keys: the server's authorized_keys forces each into that
            // expert's front end (`panel expert key`), so a key can only ever be its expert.
            try db.execute(
                sql: """
                    CREATE TABLE expert_key (
                        fingerprint TEXT PRIMARY KEY,
                        expert_id TEXT NOT NULL REFERENCES expert(id),
                        key TEXT NOT NULL UNIQUE,
                        comment TEXT NOT NULL,
                        added_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v14 defence day") { db in
            // The parallel groups of the defence, their experts, and each shortlisted candidate's
            // slot: its turn as drawn and as it stands, its planned time and its clock (seconds
            // since 1970 from whoever pressed the key, so every screen shows the same time).
            try db.execute(
                sql: """
                    CREATE TABLE defense_group (
                        number INTEGER PRIMARY KEY,
                        room TEXT NOT NULL DEFAULT '',
                        link TEXT NOT NULL DEFAULT ''
                    );
                    CREATE TABLE defense_member (
                        expert_id TEXT PRIMARY KEY REFERENCES expert(id),
                        group_number INTEGER NOT NULL REFERENCES defense_group(number)
                    );
                    CREATE TABLE defense_slot (
                        candidate_id TEXT PRIMARY KEY REFERENCES candidate(id),
                        group_number INTEGER NOT NULL REFERENCES defense_group(number),
                        drawn INTEGER,
                        position INTEGER,
                        planned_start TEXT,
                        planned_end TEXT,
                        state TEXT NOT NULL DEFAULT 'waiting'
                            CHECK (state IN ('waiting', 'running', 'done', 'absent')),
                        started_at INTEGER,
                        paused_at INTEGER,
                        paused_seconds INTEGER NOT NULL DEFAULT 0,
                        ended_at INTEGER,
                        late INTEGER NOT NULL DEFAULT 0
                    );
                    """)
        }
        return migrator
    }

    /// Whether a file migrated from before v4 still waits for its sheets' totals.
    static func totalsArePending(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'sheet_totals_pending'") != nil
    }

    /// Fills the totals of sheets scored before v4, folded from their score rows with the round's
    /// own rubric, in one transaction with clearing the mark: done once, at the first open.
    static func fillPendingTotals(_ db: Database) throws {
        guard try totalsArePending(db) else { return }
        let stored = try Row.fetchAll(db, sql: "SELECT name, text FROM round_file").map {
            (name: $0["name"] as String, text: $0["text"] as String)
        }
        if !stored.isEmpty, case .success(let round) = RoundDefinition.load(stored: stored) {
            for total in try PanelDatabase.foldedSheetTotals(db, round: round) {
                try PanelDatabase.storeTotals(db, total)
            }
        }
        try db.execute(sql: "DELETE FROM round_state WHERE key = 'sheet_totals_pending'")
    }

    /// Migrates and fills what the migrations leave to application code.
    static func upgrade(_ writer: some DatabaseWriter) throws {
        try migrator.migrate(writer)
        try writer.write(fillPendingTotals)
    }

    /// Whether `upgrade` has anything to do: checked on a read, since migrating writes even when
    /// there is nothing to do, and a read-only command must leave the file as it was.
    static func isCurrent(_ db: Database) throws -> Bool {
        try migrator.hasCompletedMigrations(db) && !totalsArePending(db)
    }
}
