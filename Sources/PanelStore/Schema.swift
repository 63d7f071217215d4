import GRDB

/// Tables and their migrations. A migration, once released, is never edited: add another.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // The four files of the round, verbatim, with the hash that scores refer to.
            try db.execute(sql: """
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
        return migrator
    }
}
