import Foundation
import GRDB

/// What is at a panel's path before panel touches it: a panel opens only files `panel init` made
/// (an empty file or another SQLite database was taken for a panel and had a schema written into
/// it), and `init --force` does not throw away a panel's work by accident.
enum PanelFile {
    enum Kind: Equatable {
        case panel, empty, notSQLite, otherSQLite
    }

    /// Read on a read-only connection: looking writes nothing.
    static func kind(of path: String) throws -> Kind {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size == 0 { return .empty }
        do {
            let connection = try DatabaseQueue(path: path, configuration: readOnly)
            return try connection.read(isPanel) ? .panel : .otherSQLite
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            return .notSQLite
        }
    }

    static var readOnly: Configuration {
        var config = Configuration()
        config.readonly = true
        return config
    }

    /// A round stored and the migrations' own table: every panel since the first has both.
    static func isPanel(_ db: Database) throws -> Bool {
        try db.tableExists("grdb_migrations") && db.tableExists("round_file")
            && (try Int.fetchOne(db, sql: "SELECT count(*) FROM round_file") ?? 0) > 0
    }

    static func refusal(_ path: String, _ kind: Kind) -> StoreError {
        let what =
            switch kind {
            case .empty: "is an empty file"
            case .notSQLite: "is not an SQLite database"
            case .otherSQLite, .panel: "is an SQLite database without a panel's round in it"
            }
        return StoreError(
            "\(path) \(what), not a panel database: panel opens only what `panel init` made",
            cause: .notAPanel(path: path))
    }

    /// What a panel holds beyond its creation, or nil when it holds nothing more.
    static func work(at path: String) throws -> String? {
        let connection = try DatabaseQueue(path: path, configuration: readOnly)
        return try connection.read { db in
            let entries = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? 0
            guard entries > 1 else { return nil }
            let sheets = try Int.fetchOne(db, sql: "SELECT count(*) FROM sheet") ?? 0
            let candidates = try Int.fetchOne(db, sql: "SELECT count(*) FROM candidate") ?? 0
            return "\(candidates) candidates, \(sheets) score sheets, \(entries) audit entries"
        }
    }

    /// A consistent copy of the panel (its WAL included) beside it, named by the time.
    static func keepCopy(of path: String) throws -> String {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let copy = "\(path).replaced-\(stamp)"
        let source = try DatabaseQueue(path: path, configuration: readOnly)
        try source.backup(to: try DatabaseQueue(path: copy))
        return copy
    }
}
