import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// Imports experts, all or nothing; returns the PINs panel generated (id, PIN), to be shown once.
    /// Checked read-only first, so a refused file leaves the database file untouched.
    public func importExperts(data: Data, file: String, sheet: String? = nil) throws -> (
        imported: [ExpertEntry], generated: [(id: String, pin: String)], warnings: [Problem]
    ) {
        try importExperts([(data, file)], sheet: sheet)
    }

    /// Several files as one import, all or nothing.
    public func importExperts(_ files: [(data: Data, file: String)], sheet: String? = nil) throws -> (
        imported: [ExpertEntry], generated: [(id: String, pin: String)], warnings: [Problem]
    ) {
        let names = files.map(\.file).joined(separator: ", ")
        return try recordingRefusal(actor: Actor.secretariat, action: "import experts \(names)") {
            let tables = try CSVText.parse(files, sheet: sheet, headerNames: ExpertParser.headerNames)
            let reader = try self
            let parsed = try reader.pool.read { db in
                try Self.refuseIfFinalized(db)
                return try ExpertParser.parse(tables, existing: try Self.experts(db)).get()
            }
            var entries = parsed.entries
            var generated: [(id: String, pin: String)] = []
            var hashes: [String] = []
            for index in entries.indices {
                if entries[index].pin == nil {
                    let pin = String(format: "%06d", Int.random(in: 0..<1_000_000))
                    entries[index].pin = pin
                    generated.append((entries[index].id, pin))
                }
                // Hashing is slow on purpose (yescrypt): done before the write transaction is opened.
                hashes.append(try PinHash.make(entries[index].pin!))
            }
            let writer = try writable()
            try writer.pool.write { db in
                try Self.refuseIfFinalized(db)
                _ = try ExpertParser.parse(tables, existing: try Self.experts(db)).get()
                for (entry, hash) in zip(entries, hashes) { try Self.insert(db, entry, pinHash: hash) }
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "import experts",
                    subject: "\(tables.count == 1 ? "file" : "files") \(names)", before: nil,
                    after: entries.map { "\($0.id) \($0.role.rawValue) \($0.province)\($0.fieldsText)" }.joined(
                        separator: "\n"))
            }
            entries = entries.map {
                var entry = $0; entry.pin = nil; return entry
            }
            return (entries, generated, parsed.warnings)
        }
    }

    /// Adds one expert (`panel expert add`); `entry.pin` must be set.
    public func addExpert(_ entry: ExpertEntry) throws {
        try recordingRefusal(actor: Actor.secretariat, action: "add expert \(entry.id)") {
            guard let pin = entry.pin else { throw StoreError("no PIN given for \(entry.id)") }
            let hash = try PinHash.make(pin)
            try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                guard try !Self.expertIDs(db).contains(entry.id) else {
                    throw StoreError("编号 '\(entry.id)' is already in the database")
                }
                try Self.insert(db, entry, pinHash: hash)
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "add expert", subject: "expert \(entry.id)", before: nil,
                    after:
                        "\(entry.id) \(entry.name) \(entry.role.rawValue) \(entry.province) "
                        + "\(entry.org)\(entry.fieldsText)"
                )
            }
        }
    }

    private static func insert(_ db: Database, _ entry: ExpertEntry, pinHash: String) throws {
        try db.execute(
            sql: """
                INSERT INTO expert (id, name, province, org, role, pin_hash, levels, reviews, city)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.id, entry.name, entry.province, entry.org, entry.role.rawValue, pinHash, entry.levelsText,
                entry.reviewsText, entry.city,
            ])
    }

    public func experts() throws -> [ExpertEntry] {
        try pool.read(Self.experts)
    }

    static func experts(_ db: Database) throws -> [ExpertEntry] {
        try Row.fetchAll(
            db, sql: "SELECT id, name, province, org, role, levels, reviews, city FROM expert ORDER BY id"
        ).map { row in
            ExpertEntry(
                id: row["id"], name: row["name"], province: row["province"], org: row["org"],
                role: try Stored.decode(ExpertEntry.Role.self, row["role"], table: "expert", row: row), pin: nil,
                levels: Set(
                    try (row["levels"] as String).split(separator: ";").map {
                        try Stored.decode(SchoolLevel.self, String($0), table: "expert", row: row)
                    }),
                reviews: Set(
                    try (row["reviews"] as String).split(separator: ";").map {
                        try Stored.decode(CandidateKind.self, String($0), table: "expert", row: row)
                    }),
                city: row["city"])
        }
    }

    static func expertIDs(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT id FROM expert"))
    }

    /// The stored PIN hash of an expert, for tests and sign-in.
    public func pinHash(of expert: String) throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT pin_hash FROM expert WHERE id = ?", arguments: [expert]) }
    }
}

extension ExpertEntry {
    /// ` 学段 基础教育;职业教育 评审类别 school 地市 杭州市` for the audit log, only what was given.
    var fieldsText: String {
        var text = ""
        if !levels.isEmpty { text += " 学段 \(levelsText)" }
        if !reviews.isEmpty { text += " 评审类别 \(reviewsText)" }
        if !city.isEmpty { text += " 地市 \(city)" }
        return text
    }
}
