import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// What `panel import scores` did.
    public struct ScoreImport: Sendable {
        public var sheets: Int
        public var submitted: Int
        public var drafts: Int
        /// Sheets whose values or status changed (each has an audit entry).
        public var changed: Int
        public var warnings: [Problem]
    }

    /// Imports score sheets in long form, all or nothing. The file is checked once, against a
    /// read-only view (a refused file leaves the database untouched); the write transaction checks
    /// again only when someone changed something in between.
    /// A sheet the expert has submitted is not changed by an import unless `replacingSubmitted`
    /// gives the reason, which goes on the record with each replaced sheet.
    /// The stored sheets with status submitted whose values the parsed import would change.
    static func submittedSheetsChanged(by parsed: ScoreImportParser.Import, in db: Database) throws -> [SheetKey] {
        var changed: [SheetKey] = []
        for (key, scores) in parsed.sheets {
            guard let stored = try storedSheet(db, key), stored.status == .submitted else { continue }
            if stored.scores.merging(scores, uniquingKeysWith: { _, new in new }) != stored.scores {
                changed.append(key)
            }
        }
        return changed
    }

    public func importScores(
        data: Data, file path: String, sheet: String? = nil, replacingSubmitted reason: String? = nil
    ) throws -> ScoreImport {
        try importScores([(data, path)], sheet: sheet, replacingSubmitted: reason)
    }

    /// Several files (the experts' offline forms) as one import, all or nothing: a problem in any
    /// refuses them all, and a sheet given by two files is refused naming both.
    /// `progress` hears how far reading, checking and writing have come.
    public func importScores(
        _ files: [(data: Data, file: String)], sheet: String? = nil, replacingSubmitted reason: String? = nil,
        progress: ImportProgressSink? = nil
    ) throws -> ScoreImport {
        let names = files.map(\.file).joined(separator: ", ")
        return try recordingRefusal(actor: Actor.secretariat, action: "import scores \(names)") {
            var sources: [(source: CSVSource, file: String)] = []
            var unreadable: [Problem] = []
            for (data, path) in files {
                switch CSVSource.decodeTable(data, file: path, sheet: sheet, headerNames: ScoreImportParser.headerNames)
                {
                case .success(let decoded): sources.append((decoded.source, decoded.label))
                case .failure(let problem): unreadable.append(problem)
                }
            }
            if unreadable.count == 1 && files.count == 1 { throw unreadable[0] }
            guard unreadable.isEmpty else { throw Problems(unreadable) }
            let reader = try self
            let round = try reader.round()
            func parseAll(_ db: Database) throws -> [(parsed: ScoreImportParser.Import, file: String)] {
                let context = try Self.scoreContext(db, round: round)
                var parsed: [(parsed: ScoreImportParser.Import, file: String)] = []
                var problems: [Problem] = []
                var fileOf: [SheetKey: String] = [:]
                for (source, file) in sources {
                    switch ScoreImportParser.parse(source, file: file, context: context, progress: progress) {
                    case .success(let read):
                        for key in read.sheets.keys {
                            if let other = fileOf[key], other != file {
                                problems.append(
                                    Problem(
                                        file: file,
                                        message: "\(key.auditSubject) is in \(other) too — give each sheet in one file")
                                )
                            }
                            fileOf[key] = fileOf[key] ?? file
                        }
                        parsed.append((read, file))
                    case .failure(let refused): problems += refused.all
                    }
                }
                guard problems.isEmpty else { throw Problems(problems) }
                return parsed
            }
            let (checked, counter) = try reader.pool.read { db in
                try Self.refuseIfFinalized(db)
                return (try parseAll(db), try Self.changeCounter(db))
            }
            return try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                let all = try Self.changeCounter(db) == counter ? checked : try parseAll(db)
                var total = ScoreImport(sheets: 0, submitted: 0, drafts: 0, changed: 0, warnings: [])
                let sheets = all.map(\.parsed.sheets.count).reduce(0, +)
                for (parsed, file) in all {
                    let one = try Self.apply(
                        parsed, file: file, round: round, reason: reason, db,
                        progress: progress.map { report in
                            { done in report(ImportProgress(.writing, done: total.sheets + done, total: sheets)) }
                        })
                    total.sheets += one.sheets
                    total.submitted += one.submitted
                    total.drafts += one.drafts
                    total.changed += one.changed
                    total.warnings += one.warnings
                }
                return total
            }
        }
    }

    /// One file's sheets written, within the import's transaction.
    static func apply(
        _ parsed: ScoreImportParser.Import, file: String, round: RoundDefinition, reason: String?, _ db: Database,
        progress: ((Int) -> Void)? = nil
    ) throws -> ScoreImport {
        var result = ScoreImport(
            sheets: parsed.sheets.count, submitted: 0, drafts: 0, changed: 0, warnings: parsed.warnings)
        let hashes = Dictionary(uniqueKeysWithValues: round.sources.map { ($0.name, $0.sha256) })
        let replaced = try Self.submittedSheetsChanged(by: parsed, in: db)
        let replacedKeys = Set(replaced)
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason != nil && why.isEmpty && !replaced.isEmpty {
            throw StoreError("say why submitted sheets are replaced", cause: .missing(.reason))
        }
        if !replaced.isEmpty && why.isEmpty {
            throw StoreError(
                """
                \(file) would change \(replaced.count) submitted sheet\(replaced.count == 1 ? "" : "s") \
                (\(replaced.prefix(10).map(\.auditSubject).joined(separator: ", "))\
                \(replaced.count > 10 ? ", …" : "")): \
                an import does not overwrite what an expert submitted unless told why
                """, cause: .missing(.replaceSubmitted))
        }
        // An expert who asked to leave a candidate has their sheets set aside until the chair
        // decides: an import must not write new ones in between.
        let asked = Set(try Self.openRecusals(db))
        let blocked = parsed.sheets.indices.map { parsed.sheets[$0].0 }
            .filter { asked.contains("\($0.expert) \($0.candidate)") }
        if let first = blocked.first {
            throw StoreError(
                """
                \(file) has scores of \(first.expert) for \(first.candidate)\
                \(blocked.count > 1 ? " and \(blocked.count - 1) more sheets" : ""), \
                who asked to leave it: the chair decides first (panel recusal list)
                """)
        }
        for position in parsed.sheets.indices {
            let (key, scores) = parsed.sheets[position]
            let rubric = round.sheet(parsed.sheets.kinds[position])
            let stored = try Self.storedSheet(db, key)
            let merged = (stored?.scores ?? [:]).merging(scores) { _, new in new }
            let status = ScoreSheet.status(of: merged, against: rubric)
            if status == .submitted { result.submitted += 1 } else { result.drafts += 1 }
            guard stored?.scores != merged || stored?.status != status else { continue }
            let sheet = ScoreSheet(
                key: key, status: status, rubricSHA256: hashes[rubric.kind.rawValue]!, scores: merged)
            let totals = SheetTotal(sheet, rubric: rubric)
            // Cached statements: compiled once per import, not once per row.
            try db.cachedStatement(
                sql: """
                    INSERT INTO sheet (expert_id, candidate_id, stage, status, rubric_sha256, total, group_totals)\
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (expert_id, candidate_id, stage) DO UPDATE SET status = excluded.status,
                        rubric_sha256 = excluded.rubric_sha256, total = excluded.total, group_totals = \
                        excluded.group_totals
                    """
            ).execute(arguments: [
                key.expert, key.candidate, key.stage.rawValue, status.rawValue, sheet.rubricSHA256,
                totals.total.hundredths, Self.groupTotalsText(totals),
            ])
            for (item, points) in scores {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO score (expert_id, candidate_id, stage, item_id, hundredths) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (expert_id, candidate_id, stage, item_id) DO UPDATE SET \
                        hundredths = excluded.hundredths
                        """
                ).execute(arguments: [key.expert, key.candidate, key.stage.rawValue, item, points.hundredths])
            }
            try AuditLog.append(
                db, actor: Actor.secretariat,
                action: replaced.contains(key)
                    ? "import scores replacing submitted (\(why))" : "import scores",
                subject: key.auditSubject,
                before: stored.map { "\($0.status.rawValue): \(ScoreSheet.describe($0.scores, in: rubric))" },
                after: "\(status.rawValue): \(ScoreSheet.describe(merged, in: rubric)) (file \(file))")
            result.changed += 1
        }
        try Self.replaceEvidence(parsed.evidence, from: file, in: db)
        return result
    }

    /// The evidence column's citations replace each item's, once every cited file is found in the
    /// candidate's dossier with that content; any that is not refuses the whole import.
    static func replaceEvidence(
        _ evidence: [(line: Int, key: SheetKey, item: String, citations: [Citation])], from file: String,
        in db: Database
    ) throws {
        var problems: [Problem] = []
        for entry in evidence {
            for citation in entry.citations {
                let found = try Self.dossierHolds(citation, of: entry.key.candidate, db)
                if !found {
                    problems.append(
                        Problem(
                            file: file, line: entry.line,
                            message:
                                """
                                评分依据 cites \(DisplayName.escaped(citation.file)) (sha256\
                                 \(citation.sha256.prefix(12))…), which is not in \(entry.key.candidate)'s\
                                 dossier — import the materials first
                                """
                        ))
                }
            }
        }
        guard problems.isEmpty else { throw Problems(problems) }
        for entry in evidence {
            let key = entry.key
            // The same citations as stored (a re-imported export): nothing to change or audit.
            let stored = try Self.evidence(db, candidate: key.candidate, expert: key.expert)
                .filter { $0.key == key && $0.item == entry.item }.map(\.citation)
            guard stored != entry.citations else { continue }
            try db.execute(
                sql: "DELETE FROM evidence WHERE expert_id = ? AND candidate_id = ? AND stage = ? AND item_id = ?",
                arguments: [key.expert, key.candidate, key.stage.rawValue, entry.item])
            for citation in entry.citations {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO evidence (expert_id, candidate_id, stage, item_id, file_name, file_sha256, page, quote)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.expert, key.candidate, key.stage.rawValue, entry.item, citation.file, citation.sha256,
                        citation.page, citation.quote,
                    ])
            }
            try AuditLog.append(
                db, actor: Actor.secretariat, action: "import evidence", subject: key.auditSubject, before: nil,
                after: "\(entry.item): " + entry.citations.map(\.label).joined(separator: "; ") + " (file \(file))")
        }
    }

    /// Every citation of every sheet, for the export.
    public func allEvidence() throws -> [EvidenceRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT expert_id, candidate_id, stage, item_id, file_name, file_sha256, page, quote FROM evidence
                    ORDER BY expert_id, candidate_id, stage, item_id, rowid
                    """
            ).map { row in
                EvidenceRecord(
                    key: SheetKey(
                        expert: row[0], candidate: row[1],
                        stage: try Stored.decode(Stage.self, row[2], table: "evidence", row: row)),
                    item: row[3],
                    citation: Citation(file: row[4], sha256: row[5], page: row[6], quote: row[7]))
            }
        }
    }

    /// Every stored sheet (only `candidate`'s when given), ordered by expert, candidate and stage.
    public func sheets(candidate: String? = nil) throws -> [ScoreSheet] {
        try pool.read { try Self.sheets($0, candidate: candidate) }
    }

    /// Every sheet with its scores (only `expert`'s when given). A cursor with positional columns:
    /// decoding rows copied out and read by column name was half of `panel rank`'s time.
    static func sheets(_ db: Database, expert: String? = nil, candidate: String? = nil) throws -> [ScoreSheet] {
        let conditions = [expert.map { _ in "expert_id = ?" }, candidate.map { _ in "candidate_id = ?" }]
            .compactMap { $0 }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let arguments = StatementArguments([expert, candidate].compactMap { $0 })
        var scores: [SheetKey: [String: Points]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT expert_id, candidate_id, stage, item_id, hundredths FROM score" + filter,
            arguments: arguments)
        while let row = try rows.next() {
            let key = SheetKey(
                expert: row[0], candidate: row[1],
                stage: try Stored.decode(Stage.self, row[2], table: "score", row: row))
            scores[key, default: [:]][row[3]] = Points(hundredths: row[4])
        }
        var sheets: [ScoreSheet] = []
        let sheetRows = try Row.fetchCursor(
            db,
            sql: "SELECT expert_id, candidate_id, stage, status, rubric_sha256, comment FROM sheet"
                + filter + " ORDER BY expert_id, candidate_id, stage", arguments: arguments)
        while let row = try sheetRows.next() {
            let key = SheetKey(
                expert: row[0], candidate: row[1],
                stage: try Stored.decode(Stage.self, row[2], table: "sheet", row: row))
            sheets.append(
                ScoreSheet(
                    key: key, status: try Stored.decode(ScoreSheet.Status.self, row[3], table: "sheet", row: row),
                    rubricSHA256: row[4],
                    scores: scores[key] ?? [:], comment: row[5]))
        }
        return sheets
    }

    static func storedSheet(_ db: Database, _ key: SheetKey) throws -> ScoreSheet? {
        let arguments: StatementArguments = [key.expert, key.candidate, key.stage.rawValue]
        let sheet = try db.cachedStatement(
            sql: "SELECT * FROM sheet WHERE expert_id = ? AND candidate_id = ? AND stage = ?")
        guard let row = try Row.fetchOne(sheet, arguments: arguments) else { return nil }
        var scores: [String: Points] = [:]
        let items = try db.cachedStatement(
            sql: "SELECT item_id, hundredths FROM score WHERE expert_id = ? AND candidate_id = ? AND stage = ?")
        for score in try Row.fetchAll(items, arguments: arguments) {
            scores[score["item_id"]] = Points(hundredths: score["hundredths"])
        }
        return ScoreSheet(
            key: key, status: try Stored.decode(ScoreSheet.Status.self, row["status"], table: "sheet", row: row),
            rubricSHA256: row["rubric_sha256"],
            scores: scores, comment: row["comment"])
    }

    static func scoreContext(_ db: Database, round: RoundDefinition) throws -> ScoreImportContext {
        var context = ScoreImportContext(
            experts: try experts(db), candidates: try candidates(db), round: round,
            assignments: Set(try assignments(db)))
        context.defenseGroups = try defenseGroups(db)
        context.defenseStates = Dictionary(
            try Row.fetchAll(db, sql: "SELECT candidate_id, state FROM defense_slot").map {
                ($0[0] as String, $0[1] as String)
            }, uniquingKeysWith: { first, _ in first })
        context.expertGroups = Dictionary(
            try Row.fetchAll(db, sql: "SELECT expert_id, group_number FROM defense_member").map {
                ($0[0] as String, $0[1] as Int)
            }, uniquingKeysWith: { first, _ in first })
        return context
    }

    static func candidateKinds(_ db: Database) throws -> [String: CandidateKind] {
        Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, kind FROM candidate").map { row in
                (row["id"] as String, try Stored.decode(CandidateKind.self, row["kind"], table: "candidate", row: row))
            })
    }
}
