import Foundation
import GRDB
import PanelCore

/// The candidates' dossiers: original bytes in a content-addressed folder beside the database,
/// records and page texts in it, all of one import in one transaction.
extension PanelDatabase {
    /// What an import of materials did.
    public struct MaterialsChange: Sendable {
        public var added = 0
        /// Files whose bytes changed: a new version, the old one kept.
        public var changed = 0
        public var unchanged = 0
        /// Scans read again by OCR (same bytes, same version, now with text).
        public var readByOCR = 0
        /// New files and versions that are not `text`, with their reasons, for the summary.
        public var notText: [DossierFileRecord] = []
    }

    /// `<database>.files`: one file per distinct content, named by its sha256, owner-only.
    public var filesFolder: URL { URL(fileURLWithPath: path + ".files") }

    /// Where a stored file's original bytes are.
    public func storedFile(_ record: DossierFileRecord) -> URL {
        filesFolder.appendingPathComponent(record.sha256)
    }

    /// Stores the files (bytes by hash, then records and pages in one transaction). An unchanged
    /// file (same name, same sha256) changes nothing; a changed one becomes a new version, audited
    /// with both hashes. When the transaction fails, bytes it added to the folder are removed again.
    public func importMaterials(_ inputs: [DossierFileInput], from source: String) throws -> MaterialsChange {
        try recordingRefusal(actor: Actor.secretariat, action: "import materials \(source)") {
            try writable().pool.read(Self.refuseIfFinalized)
            let added = try copyIntoStore(inputs)
            do {
                return try writable().pool.write { db in
                    try Self.refuseIfFinalized(db)
                    var change = MaterialsChange()
                    for input in inputs { try Self.store(input, in: db, change: &change) }
                    try AuditLog.append(
                        db, actor: Actor.secretariat, action: "import materials", subject: source, before: nil,
                        after: "\(change.added) added, \(change.changed) changed, \(change.unchanged) unchanged")
                    return change
                }
            } catch {
                for url in added { try? FileManager.default.removeItem(at: url) }
                throw error
            }
        }
    }

    /// Copies each new content into the folder (via a temporary name, so a half-copied file never
    /// has a hash's name); returns what it added.
    private func copyIntoStore(_ inputs: [DossierFileInput]) throws -> [URL] {
        let manager = FileManager.default
        if !manager.fileExists(atPath: filesFolder.path) {
            try manager.createDirectory(
                at: filesFolder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        var added: [URL] = []
        do {
            for input in inputs where !manager.fileExists(atPath: filesFolder.appendingPathComponent(input.sha256).path)
            {
                let target = filesFolder.appendingPathComponent(input.sha256)
                let temporary = filesFolder.appendingPathComponent(".incoming-\(UUID().uuidString)")
                try manager.copyItem(at: input.source, to: temporary)
                try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
                try manager.moveItem(at: temporary, to: target)
                added.append(target)
            }
        } catch {
            for url in added { try? manager.removeItem(at: url) }
            throw StoreError("cannot copy the materials into \(filesFolder.path): \(error.localizedDescription)")
        }
        return added
    }

    private static func store(_ input: DossierFileInput, in db: Database, change: inout MaterialsChange) throws {
        let current = try Row.fetchOne(
            db, sql: "SELECT id, version, sha256 FROM dossier_file WHERE candidate_id = ? AND name = ? AND current = 1",
            arguments: [input.candidate, input.name])
        if let current, current["sha256"] as String == input.sha256 {
            // The same bytes: nothing changes, unless OCR now reads a scan that had no text.
            let id: Int64 = current["id"]
            let status = try String.fetchOne(db, sql: "SELECT status FROM dossier_file WHERE id = ?", arguments: [id])
            if status == DossierStatus.scanned.rawValue, let extraction = input.extraction, extraction.status == .text {
                try replacePages(of: id, with: extraction, in: db)
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "dossier file read by OCR",
                    subject: "candidate \(input.candidate)", before: "\(input.name) scanned",
                    after: "\(input.name) text (\(extraction.extractor) \(extraction.extractorVersion))")
                change.readByOCR += 1
            } else {
                change.unchanged += 1
            }
            return
        }
        guard let extraction = input.extraction else {
            throw StoreError("\(input.candidate) \(input.name): its bytes changed while it was being imported")
        }
        let version = (current?["version"] as Int? ?? 0) + 1
        if let current {
            try db.execute(sql: "UPDATE dossier_file SET current = 0 WHERE id = ?", arguments: [current["id"] as Int64])
            try AuditLog.append(
                db, actor: Actor.secretariat, action: "dossier file changed", subject: "candidate \(input.candidate)",
                before: "\(input.name) v\(version - 1) sha256 \(current["sha256"] as String)",
                after: "\(input.name) v\(version) sha256 \(input.sha256)")
            change.changed += 1
        } else {
            change.added += 1
        }
        try db.execute(
            sql: """
                INSERT INTO dossier_file (candidate_id, name, version, current, size, sha256, type, pages, status,
                    extractor, extractor_version, message)
                VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                input.candidate, input.name, version, input.size, input.sha256, input.type.rawValue,
                extraction.pages.count, extraction.status.rawValue, extraction.extractor,
                extraction.extractorVersion, extraction.message,
            ])
        let fileID = db.lastInsertedRowID
        try insertPages(of: fileID, extraction.pages, in: db)
        if extraction.status != .text {
            change.notText.append(try record(db, id: fileID)!)
        }
    }

    private static func insertPages(of fileID: Int64, _ pages: [DossierPage], in db: Database) throws {
        for page in pages {
            try db.cachedStatement(
                sql: "INSERT INTO dossier_page (file_id, page, text, image, ocr) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [fileID, page.number, page.text, page.image, page.ocr])
            try db.cachedStatement(sql: "INSERT INTO dossier_search (rowid, text) VALUES (?, ?)")
                .execute(arguments: [db.lastInsertedRowID, page.text])
        }
    }

    /// The pages of a file read again (a scan read by OCR); the index drops the old text first.
    private static func replacePages(of fileID: Int64, with extraction: Extraction, in db: Database) throws {
        for old in try Row.fetchAll(db, sql: "SELECT id, text FROM dossier_page WHERE file_id = ?", arguments: [fileID])
        {
            try db.execute(
                sql: "INSERT INTO dossier_search (dossier_search, rowid, text) VALUES ('delete', ?, ?)",
                arguments: [old["id"] as Int64, old["text"] as String])
        }
        try db.execute(sql: "DELETE FROM dossier_page WHERE file_id = ?", arguments: [fileID])
        try insertPages(of: fileID, extraction.pages, in: db)
        try db.execute(
            sql:
                """
                UPDATE dossier_file SET status = ?, extractor = ?, extractor_version = ?, message = ?, pages = ?\
                 WHERE id = ?
                """,
            arguments: [
                extraction.status.rawValue, extraction.extractor, extraction.extractorVersion, extraction.message,
                extraction.pages.count, fileID,
            ])
    }

    private static let fileColumns = """
        id, candidate_id, name, version, size, sha256, type, pages, status, extractor, extractor_version, message
        """

    private static func record(_ row: Row) -> DossierFileRecord {
        DossierFileRecord(
            id: row[0], candidate: row[1], name: row[2], version: row[3], size: row[4], sha256: row[5],
            type: DossierFileType(rawValue: row[6]) ?? .other, pages: row[7],
            status: DossierStatus(rawValue: row[8]) ?? .unreadable, extractor: row[9], extractorVersion: row[10],
            message: row[11])
    }

    private static func record(_ db: Database, id: Int64) throws -> DossierFileRecord? {
        try Row.fetchOne(db, sql: "SELECT \(fileColumns) FROM dossier_file WHERE id = ?", arguments: [id]).map(record)
    }

    /// Each current file's hash and status, by candidate and name: an import reads again only what changed.
    public func currentDossierHashes() throws -> [DossierKey: (sha256: String, status: DossierStatus)] {
        try pool.read { db in
            var found: [DossierKey: (sha256: String, status: DossierStatus)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT candidate_id, name, sha256, status FROM dossier_file WHERE current = 1")
            {
                found[DossierKey(candidate: row[0], name: row[1])] = (
                    row[2], DossierStatus(rawValue: row[3]) ?? .unreadable
                )
            }
            return found
        }
    }

    /// The newest version of every file, by candidate (import order) and name.
    public func dossierFiles(candidate: String? = nil) throws -> [DossierFileRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.fileColumns.split(separator: ",").map { "f." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
                    FROM dossier_file f JOIN candidate c ON c.id = f.candidate_id
                    WHERE f.current = 1 AND (?1 IS NULL OR f.candidate_id = ?1)
                    ORDER BY c.import_order, f.name
                    """, arguments: [candidate]
            ).map(Self.record)
        }
    }

    /// A stored file's pages, in order.
    public func dossierPages(of file: DossierFileRecord) throws -> [DossierPage] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT page, text, image, ocr FROM dossier_page WHERE file_id = ? ORDER BY page",
                arguments: [file.id]
            ).map { DossierPage(number: $0[0], text: $0[1], image: $0[2], ocr: $0[3]) }
        }
    }

    /// Every page of every current dossier file that holds `query`: through the trigram index for
    /// three characters or more, by scanning the pages for one or two.
    public func searchDossiers(_ query: String, candidate: String? = nil, limit: Int = PanelDatabase.searchLimit) throws
        -> [DossierHit]
    {
        let query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty else { return [] }
        // Pages in the order they were imported (the FTS index's own order), so that a search that
        // matches every dossier stops at `limit` instead of sorting all its matches first.
        let sql: String
        let argument: String
        if query.count >= 3 {
            sql = """
                SELECT f.candidate_id, f.name, p.page, substr(p.text, max(1, instr(p.text, ?4) - 72), 144 + length(?4))
                FROM dossier_search s JOIN dossier_page p ON p.id = s.rowid JOIN dossier_file f ON f.id = p.file_id
                WHERE dossier_search MATCH ?1 AND f.current = 1 AND (?2 IS NULL OR f.candidate_id = ?2)
                ORDER BY s.rowid LIMIT ?3
                """
            argument = "\"" + query.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        } else {
            sql = """
                SELECT f.candidate_id, f.name, p.page, substr(p.text, max(1, instr(p.text, ?4) - 72), 144 + length(?4))
                FROM dossier_page p JOIN dossier_file f ON f.id = p.file_id
                WHERE instr(p.text, ?1) > 0 AND f.current = 1 AND (?2 IS NULL OR f.candidate_id = ?2)
                ORDER BY p.id LIMIT ?3
                """
            argument = query
        }
        return try pool.read { db in
            var hits: [DossierHit] = []
            // Only the words around the first occurrence leave SQLite, not each page's whole text.
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [argument, candidate, limit, query])
            while let row = try rows.next() {
                hits.append(
                    DossierHit(
                        candidate: row[0], file: row[1], page: row[2],
                        snippet: DossierHit.snippet(of: query, in: row[3])))
            }
            return hits
        }
    }
}

extension PanelDatabase {
    /// How many pages a search returns at most.
    public static let searchLimit = 500

    /// A candidate's dossier with every page, for the pager.
    public func dossier(of candidate: String) throws -> Dossier {
        let files = try dossierFiles(candidate: candidate)
        var summary: [SummaryLine] = []
        // The candidate, the schools that support it and the region it supports: not every candidate.
        let all = try pool.read { db in
            try Self.candidates(
                db,
                ids: try String.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM candidate
                        WHERE id = ?1 OR supports = ?1 OR id = (SELECT supports FROM candidate WHERE id = ?1)
                        """, arguments: [candidate]))
        }
        if let found = all.first(where: { $0.id == candidate }) {
            let related = all.filter { $0.supports == candidate || $0.id == found.supports }
            summary = DossierSummary.lines(
                candidate: found, related: related, facts: try facts(of: candidate), rates: try rules().rates)
        }
        return Dossier(
            candidate: candidate, files: files, pages: try files.map { try dossierPages(of: $0) }, summary: summary)
    }

    /// Whether `candidate` is assigned to `expert`: an expert reads only the dossiers they score.
    public func isAssigned(_ candidate: String, to expert: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM assignment WHERE expert_id = ? AND candidate_id = ?)
                    OR EXISTS (SELECT 1 FROM defense_slot d JOIN defense_member m ON m.group_number = d.group_number
                    WHERE m.expert_id = ? AND d.candidate_id = ? AND d.state IN ('running', 'done'))
                    """, arguments: [expert, candidate, expert, candidate]) ?? false
        }
    }
}

extension PanelDatabase {
    /// The database file's size with the write-ahead log folded in, for `panel bench dossiers`.
    public func databaseBytes() throws -> Int {
        try writable().pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return pages * size
        }
    }
}
