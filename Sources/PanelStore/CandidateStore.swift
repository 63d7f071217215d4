import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    public func candidates() throws -> [Candidate] {
        try pool.read { db in try Self.candidates(db) }
    }

    /// Every candidate in import order (only `ids` when given). Positional columns through a cursor:
    /// reading by column name lowercases each name per row, a third of reading 100,000 candidates.
    static func candidates(_ db: Database, ids: [String]? = nil) throws -> [Candidate] {
        var sql = """
            SELECT id, kind, name, province, city, county, level, platform, connected, prior_award, supports,
                province_rank, contact, phone, import_order FROM candidate
            """
        var arguments = StatementArguments()
        if let ids {
            // A temporary table would work for any count; an expert has hundreds at most.
            guard !ids.isEmpty else { return [] }
            sql += " WHERE id IN (" + Array(repeating: "?", count: ids.count).joined(separator: ",") + ")"
            arguments = StatementArguments(ids)
        }
        var all: [Candidate] = []
        let rows = try Row.fetchCursor(db, sql: sql + " ORDER BY import_order", arguments: arguments)
        while let row = try rows.next() {
            all.append(
                Candidate(
                    id: row[0], kind: try Stored.decode(CandidateKind.self, row[1], table: "candidate", row: row),
                    name: row[2],
                    province: row[3], city: row[4], county: row[5],
                    level: (row[6] as String?).flatMap(SchoolLevel.init(rawValue:)), platform: row[7],
                    connected: row[8], priorAward: row[9], supports: row[10],
                    provinceRank: row[11], contact: row[12], phone: row[13], importOrder: row[14]))
        }
        return all
    }

    /// One candidate's kind, without reading the others.
    static func candidateKind(_ db: Database, _ id: String) throws -> CandidateKind? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT kind FROM candidate WHERE id = ?"), arguments: [id])
            .flatMap(CandidateKind.init(rawValue:))
    }

    /// Imports a nominations file, all or nothing. The file is first checked against a read-only
    /// view, so a refused file leaves the database byte for byte as it was; then it is checked
    /// again inside the write transaction, against whatever another process added meanwhile.
    public func importNominations(data: Data, file: String, sheet: String? = nil) throws -> NominationParser.Import {
        try importNominations([(data, file)], sheet: sheet)
    }

    /// Several files as one import, all or nothing: a problem in any file imports none of them.
    public func importNominations(_ files: [(data: Data, file: String)], sheet: String? = nil) throws
        -> NominationParser.Import
    {
        let names = files.map(\.file).joined(separator: ", ")
        return try recordingRefusal(actor: Actor.secretariat, action: "import nominations \(names)") {
            let tables = try CSVText.parse(files, sheet: sheet, headerNames: NominationParser.headerNames)
            let reader = try self
            let checked = try reader.pool.read { db in
                try Self.refuseIfFinalized(db)
                return (
                    parsed: try NominationParser.parse(tables, existing: try Self.candidates(db)).get(),
                    counter: try Self.changeCounter(db)
                )
            }
            return try writable().importNominations(tables, names: names, checked: checked)
        }
    }

    /// `checked`: the files as parsed against the database at change `counter`; parsed again only
    /// when something changed since.
    func importNominations(
        _ tables: [(csv: CSVText, file: String)], names: String,
        checked: (parsed: NominationParser.Import, counter: Int)
    ) throws -> NominationParser.Import {
        try pool.write { db in
            try Self.refuseIfFinalized(db)
            let parsed =
                try Self.changeCounter(db) == checked.counter
                ? checked.parsed
                : try NominationParser.parse(tables, existing: try Self.candidates(db)).get()
            // A school may come before the region it supports (in another province's file read
            // first): the reference is checked at commit, when every row is in.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            // One statement compiled once, not once per row.
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO candidate (id, kind, name, province, city, county, level, platform, connected,
                        prior_award, supports, province_rank, contact, phone, import_order)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for candidate in parsed.candidates {
                do {
                    try insert.execute(arguments: [
                        candidate.id, candidate.kind.rawValue, candidate.name, candidate.province,
                        candidate.city, candidate.county, candidate.level?.rawValue, candidate.platform,
                        candidate.connected, candidate.priorAward, candidate.supports,
                        candidate.provinceRank, candidate.contact, candidate.phone, candidate.importOrder,
                    ])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    // The parser checks what it knows; anything else the database refuses is still
                    // told as the row it came from, never as `SQLite error 19`.
                    throw Problem(
                        file: parsed.placeOfID[candidate.id]?.file ?? names, line: parsed.placeOfID[candidate.id]?.line,
                        message: """
                            编号 '\(candidate.id)' was refused by the database (\(error.message ?? "a constraint"))\
                             — check this row against the others and the candidates already imported
                            """)
                }
            }
            let fact = try db.makeStatement(
                sql: "INSERT INTO candidate_fact (candidate_id, position, name, value) VALUES (?, ?, ?, ?)")
            for candidate in parsed.candidates {
                for (position, item) in (parsed.facts[candidate.id] ?? []).enumerated() {
                    try fact.execute(arguments: [candidate.id, position, item.name, item.value])
                }
            }
            let encodings = Set(tables.map(\.csv.encoding.rawValue)).sorted().joined(separator: ", ")
            let summary =
                "\(parsed.candidates.count) candidates (\(encodings)): "
                + parsed.candidates.map(\.id).joined(separator: " ")
            try AuditLog.append(
                db, actor: Actor.secretariat, action: "import nominations",
                subject: "\(tables.count == 1 ? "file" : "files") \(names)", before: nil, after: summary)
            return parsed
        }
    }

    /// The summary table's other figures for `candidate`, in the file's order.
    public func facts(of candidate: String) throws -> [Fact] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT name, value FROM candidate_fact WHERE candidate_id = ? ORDER BY position",
                arguments: [candidate]
            ).map { Fact(name: $0[0], value: $0[1]) }
        }
    }

    /// Every candidate with what the notice's rules say about it.
    public func candidatesWithFindings() throws -> [(candidate: Candidate, findings: [Finding])] {
        let rules = try rules()
        let all = try candidates()
        let findings = Eligibility.findings(for: all, rules: rules)
        return all.map { ($0, findings[$0.id] ?? []) }
    }

    static func refuseIfFinalized(_ db: Database) throws {
        if try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'finalized'") != nil {
            throw StoreError("the round is finalized: nothing can be changed any more", roundFinalized: true)
        }
    }

    /// Runs one of the writes; when it is refused because the round is finalized, the attempt goes
    /// on the record (who, what), in a transaction of its own: the refused one left nothing.
    func recordingRefusal<T>(actor: String, action: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as StoreError where refusal.roundFinalized {
            try writable().pool.write { db in
                try AuditLog.append(
                    db, actor: actor, action: "refused", subject: action, before: nil, after: refusal.description)
            }
            throw refusal
        }
    }
}
