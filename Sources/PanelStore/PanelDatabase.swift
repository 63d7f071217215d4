import Foundation
import GRDB
import PanelCore

/// A refusal from the database layer, worded for the person at the terminal. It never names a
/// command-line flag or a key: the caller, which knows how the value was asked for, adds that.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// Refused because the round is finalized: such a refusal is itself recorded.
    public var roundFinalized = false
    /// What the refusal is about, for a caller that words it in its own terms.
    public var cause: Cause?

    public enum Cause: Equatable, Sendable {
        /// A value the decision needs was empty or out of range.
        case missing(Field)
        /// No database at the path.
        case noDatabase(path: String)
        /// A database is already at the path.
        case databaseExists(path: String)
        /// A file at the path that `panel init` did not make.
        case notAPanel(path: String)
        /// `init --force` on a panel that holds work, without `--discard`.
        case holdsWork(path: String)
    }

    /// The values a store call can refuse, named as the store's callers ask for them.
    public enum Field: String, Sendable { case note, reason, perCandidate, replaceSubmitted, replace }

    public init(_ description: String, roundFinalized: Bool = false, cause: Cause? = nil) {
        self.description = description
        self.roundFinalized = roundFinalized
        self.cause = cause
    }
}

/// The panel database: one SQLite file in WAL mode, shared by every expert's process.
///
/// Each process opens its own pool; writes are `BEGIN IMMEDIATE` transactions that wait for
/// one another (busy timeout) instead of failing with "database is locked".
public final class PanelDatabase: Sendable {
    /// A pool of connections; one connection for a database opened read-only (see
    /// `readOnlyConnection`).
    let pool: any DatabaseWriter
    public let path: String
    /// Opened read-only: reads never touch the file, and a write opens a writable pool first.
    public let isReadOnly: Bool
    /// The round never changes after `panel init`: parsed once per open database.
    private let roundCache = Locked<RoundDefinition?>(nil)
    private let rulesCache = Locked<Rules?>(nil)
    /// Who is shortlisted for the defence, as of a change counter: an expert's list asks on every
    /// reload, and ranking a provincial round of 100,000 candidates each time would be felt.
    let shortlistCache = Locked<(counter: Int, ids: Set<String>)?>(nil)

    /// Read from read-only media (a DVD, a read-only share) as an unchanging file: SQLite's
    /// `immutable` mode, which needs no `-shm` beside it.
    public let isImmutable: Bool

    private init(pool: any DatabaseWriter, path: String, readOnly: Bool = false, immutable: Bool = false) {
        self.pool = pool
        self.path = path
        self.isReadOnly = readOnly || immutable
        self.isImmutable = immutable
    }

    /// This database, writable: itself, or for a read-only one a writable pool on the same file,
    /// opened only once a write is due (a refused import must leave the file as it was).
    func writable() throws -> PanelDatabase {
        isReadOnly ? try Self.open(at: path) : self
    }

    /// Opens an existing panel database. A read-only one never writes to the file: opening a
    /// writable WAL pool does (GRDB creates and drops a table to make sure the WAL exists).
    public static func open(at path: String, readOnly: Bool = false) throws -> PanelDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no panel database at \(path)", cause: .noDatabase(path: path))
        }
        if ReadOnlyMedia.holds(path) {
            guard readOnly else { throw ReadOnlyMedia.refusal(path) }
            return try openImmutable(path)
        }
        if readOnly {
            let database: PanelDatabase
            do {
                database = PanelDatabase(pool: try readOnlyConnection(path), path: path, readOnly: true)
                guard try database.pool.read(PanelFile.isPanel) else {
                    throw PanelFile.refusal(path, try PanelFile.kind(of: path))
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw PanelFile.refusal(path, .notSQLite)
            }
            guard try !database.pool.read(Schema.isCurrent) else { return database }
            // Made by an older panel: upgrade the schema once (the only time a read writes), then read.
            _ = try open(at: path)
            return PanelDatabase(pool: try readOnlyConnection(path), path: path, readOnly: true)
        }
        // Looked at read-only first: opening a writable pool already writes (WAL mode).
        let kind = try PanelFile.kind(of: path)
        guard kind == .panel else { throw PanelFile.refusal(path, kind) }
        let pool = try writablePool(path)
        // Migrating writes to the schema even when there is nothing to do; a read-only command
        // (or a refused import) must leave the file byte for byte as it was.
        if try !pool.read(Schema.isCurrent) {
            try Schema.upgrade(pool)
        }
        return PanelDatabase(pool: pool, path: path)
    }

    /// Creates the database with mode 0600 and loads the round's sheets and rules into it.
    /// `force` replaces an empty file or a panel that holds nothing beyond its creation; a panel
    /// with work in it also needs `discard`, and is then kept as a copy beside the new one. Any
    /// other file is never replaced. A creation that fails leaves no file behind.
    public static func create(at path: String, round: RoundDefinition, force: Bool, discard: Bool = false) throws
        -> PanelDatabase
    {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) {
            guard force else {
                throw StoreError("\(path) already exists", cause: .databaseExists(path: path))
            }
            let kind = try PanelFile.kind(of: path)
            switch kind {
            case .empty: break
            case .notSQLite, .otherSQLite:
                throw StoreError(
                    "\(PanelFile.refusal(path, kind).description); it is not replaced, even with --force — move it "
                        + "away first"
                )
            case .panel:
                if let work = try PanelFile.work(at: path) {
                    guard discard else {
                        throw StoreError("\(path) holds a panel's work (\(work))", cause: .holdsWork(path: path))
                    }
                    _ = try PanelFile.keepCopy(of: path)
                }
            }
            for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: path + suffix) }
        }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw StoreError("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(descriptor)
        do {
            let pool = try writablePool(path)
            try Schema.migrator.migrate(pool)
            let database = PanelDatabase(pool: pool, path: path)
            try database.pool.write { db in
                for source in round.sources {
                    try db.execute(
                        sql: "INSERT INTO round_file (name, text, sha256) VALUES (?, ?, ?)",
                        arguments: [source.name, source.text, source.sha256])
                }
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "init", subject: path, before: nil,
                    after: round.sources.map { "\($0.name).toml sha256 \($0.sha256)" }.joined(separator: "\n"))
            }
            return database
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Read-only, one connection (a DatabaseQueue): a pool would open a writer connection it never
    /// uses besides the reader, and each connection reads the whole schema first; most read-only
    /// opens are one short command's. Reads that want two connections at once ask for
    /// `parallelReader()`.
    /// A panel on read-only media, read without the WAL's side files. A `-wal` beside it that holds
    /// changes is refused: immutable mode would read the file as if they had never been made.
    private static func openImmutable(_ path: String) throws -> PanelDatabase {
        if let size = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int, size > 0 {
            throw StoreError(
                """
                \(path) is on read-only media and \(path)-wal beside it holds changes not yet in it, which \
                cannot be read there — copy both files to a writable disk and open the copy
                """)
        }
        let database: PanelDatabase
        do {
            database = PanelDatabase(
                pool: try DatabaseQueue(
                    path: ReadOnlyMedia.immutableURI(path), configuration: configuration(readOnly: true)),
                path: path, immutable: true)
            guard try database.pool.read(PanelFile.isPanel) else { throw PanelFile.refusal(path, .otherSQLite) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw PanelFile.refusal(path, .notSQLite)
        }
        guard try database.pool.read(Schema.isCurrent) else {
            throw StoreError(
                "\(path) was made by an older panel and is on read-only media: copy it to a writable disk, where it "
                    + "is upgraded"
            )
        }
        return database
    }

    private static func readOnlyConnection(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
    }

    private static func writablePool(_ path: String) throws -> DatabasePool {
        try DatabasePool(path: path, configuration: configuration(readOnly: false, path: path))
    }

    private static func configuration(readOnly: Bool, path: String? = nil) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .callback(waitForTheWriter)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            if let path, let fileGuard = FileIdentityGuard(path: path) {
                db.add(transactionObserver: fileGuard, extent: .databaseLifetime)
            }
        }
        return config
    }

    /// Something that reads on several connections at once: the pool itself, or for a read-only
    /// database a read-only pool opened for the purpose.
    func parallelReader() throws -> any DatabaseReader {
        if let pool = pool as? DatabasePool { return pool }
        if isImmutable { return pool }  // one connection: a pool would need the WAL's shared memory
        return try Self.readOnlyPool(path)
    }

    private static func readOnlyPool(_ path: String) throws -> DatabasePool {
        try DatabasePool(path: path, configuration: configuration(readOnly: true))
    }

    /// How a write waits for another process's write: briefly and often at first, so a save queued
    /// behind another one goes the moment that one commits, then less often, for 30 s in all.
    /// (SQLite's own timeout sleeps 10 to 100 ms at a time; with 8 other experts saving, that
    /// was a 17 ms p99 for one score.)
    static let waitForTheWriter: Database.BusyCallback = { tries in
        switch tries {
        case ..<40: usleep(250)  // the first 10 ms
        case ..<130: usleep(1_000)  // up to 100 ms
        case ..<3_120: usleep(10_000)  // up to 30 s
        default: return false
        }
        return true
    }

    /// The round's sheets and rules as loaded by `panel init`.
    public func round() throws -> RoundDefinition {
        if let cached = roundCache.value { return cached }
        let stored = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, text FROM round_file ORDER BY name").map {
                (name: $0["name"] as String, text: $0["text"] as String)
            }
        }
        switch RoundDefinition.load(stored: stored) {
        case .success(let round):
            roundCache.value = round
            return round
        case .failure(let problems): throw StoreError("the round stored in \(path) does not load:\n\(problems)")
        }
    }

    /// The round's rules alone, for a command that needs no sheet (`panel candidates`): one TOML
    /// parse instead of four. The rules were checked against the sheets when the round was stored.
    public func rules() throws -> Rules {
        if let cached = rulesCache.value ?? roundCache.value?.rules { return cached }
        let text = try pool.read { db in
            try String.fetchOne(db, sql: "SELECT text FROM round_file WHERE name = 'rules'")
        }
        guard let text else { return try round().rules }
        switch RulesParser.parse(text, file: "rules.toml (stored)") {
        case .success(let rules):
            rulesCache.value = rules
            return rules
        case .failure(let problems): throw StoreError("the round stored in \(path) does not load:\n\(problems)")
        }
    }

    /// SQLite's own check of the file: `["ok"]`, or what is wrong.
    public func integrityCheck() throws -> [String] {
        try pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    /// The sha256 of each stored sheet, by sheet name.
    public func sheetHashes() throws -> [String: String] {
        try pool.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sha256 FROM round_file").map {
                    ($0["name"] as String, $0["sha256"] as String)
                })
        }
    }
}

/// Who did something, as the audit log names them.
public enum Actor {
    /// Whoever can open the database file: imports, assignments, exports.
    public static let secretariat = "secretariat"
}

/// A value shared between threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

extension PanelDatabase {
    /// A consistent copy of the database alone in a new file, taken while others may write (a
    /// bench works on one); `backup(to:)` is the backup with the dossiers and its checks.
    public func copyDatabase(to path: String) throws {
        try pool.backup(to: try DatabaseQueue(path: path))
    }
}
