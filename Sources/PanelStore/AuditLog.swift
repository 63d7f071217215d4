import Foundation
import GRDB
import PanelCore

extension AuditEntry {
    /// The hash of everything in the entry but itself, chained to the previous entry.
    static func hash(
        seq: Int64, at: String, actor: String, action: String, subject: String,
        before: String?, after: String?, prevHash: String
    ) -> String {
        // A JSON array is an unambiguous encoding: no separator can be forged inside a field.
        SHA256.hex(jsonArray([prevHash, String(seq), at, actor, action, subject, before, after]))
    }

    /// The bytes `JSONEncoder().encode(fields)` gives, written directly: the encoder was a fifth
    /// of a large import's time. Chains written before keep verifying (a test compares the two).
    static func jsonArray(_ fields: [String?]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let field {
                JSONString.append(field, to: &out, escapingSlashes: true)
            } else {
                out += Array("null".utf8)
            }
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    init(row: Row) {
        self.init(
            seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], subject: row["subject"],
            before: row["before"], after: row["after"], prevHash: row["prev_hash"], hash: row["hash"])
    }
}

/// The append-only, hash-chained record of every change.
public enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    /// Appends inside the caller's write transaction, so the change and its record land together.
    public static func append(
        _ db: Database, actor: String, action: String, subject: String,
        before: String?, after: String?
    ) throws {
        let last = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let prevHash: String = last?["hash"] ?? genesis
        let at = timestamp()
        let hash = AuditEntry.hash(
            seq: seq, at: at, actor: actor, action: action, subject: subject,
            before: before, after: after, prevHash: prevHash)
        try db.cachedStatement(
            sql: """
                INSERT INTO audit (seq, at, actor, action, subject, before, after, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [seq, at, actor, action, subject, before, after, prevHash, hash])
    }

    public enum Verdict: Equatable, Sendable {
        case intact(entries: Int)
        /// The first entry that does not match, and why.
        case broken(seq: Int64, reason: String)
    }

    /// Walks the chain from the first entry.
    public static func verify(_ db: Database) throws -> Verdict {
        var expectedPrev = genesis
        var expectedSeq: Int64 = 1
        var count = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
        while let row = try cursor.next() {
            let entry = AuditEntry(row: row)
            if entry.seq != expectedSeq {
                return .broken(seq: entry.seq, reason: "entry \(expectedSeq) is missing (the next one is \(entry.seq))")
            }
            if entry.prevHash != expectedPrev {
                return .broken(
                    seq: entry.seq, reason: "it does not follow from entry \(entry.seq - 1) (its prev_hash differs)")
            }
            let recomputed = AuditEntry.hash(
                seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action,
                subject: entry.subject, before: entry.before, after: entry.after,
                prevHash: entry.prevHash)
            if recomputed != entry.hash {
                return .broken(seq: entry.seq, reason: "its content was changed after it was written (hash mismatch)")
            }
            expectedPrev = entry.hash
            expectedSeq += 1
            count += 1
        }
        return .intact(entries: count)
    }

    /// Entries whose actor or subject names the expert or candidate. Subjects are words
    /// separated by spaces (`sheet E01 R-33-01 material`), so an id matches whole, never E1 in E10.
    public static func entries(_ db: Database, expert: String? = nil, candidate: String? = nil) throws -> [AuditEntry] {
        var sql = "SELECT * FROM audit"
        var conditions: [String] = [], arguments: [DatabaseValueConvertible] = []
        let word = "(' ' || subject || ' ') LIKE ('% ' || ? || ' %')"
        if let expert {
            conditions.append("(actor = ? OR \(word))")
            arguments += [expert, expert]
        }
        if let candidate {
            conditions.append(word)
            arguments.append(candidate)
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return try Row.fetchAll(db, sql: sql + " ORDER BY seq", arguments: StatementArguments(arguments)).map(
            AuditEntry.init)
    }

    /// UTC to the millisecond, `2026-11-29T16:02:03.123Z`. Written by hand: building an
    /// ISO8601DateFormatter for every entry was a sixth of a large import's time.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}

extension PanelDatabase {
    /// The audit log, oldest first, of one expert's or one candidate's changes if asked.
    public func auditEntries(expert: String? = nil, candidate: String? = nil) throws -> [AuditEntry] {
        try pool.read { try AuditLog.entries($0, expert: expert, candidate: candidate) }
    }

    /// The hash chain walked from the first entry.
    public func verifyAudit() throws -> AuditLog.Verdict {
        try pool.read(AuditLog.verify)
    }
}
