import Foundation
import GRDB
import PanelCore

/// Backups that survive the day (issue 18): a consistent copy of the panel taken while experts keep
/// writing, with the dossiers' files, and a check of any copy.
extension PanelDatabase {
    public struct BackupReport: Sendable {
        /// The last audit entry in the copy: everything acknowledged before the backup began is in it.
        public var head: (seq: Int64, hash: String)?
        public var files: Int
        /// Files copied from the panel, and files hard-linked from an earlier backup in the same
        /// folder (the store is named by content, so the same name is the same bytes).
        public var copied: Int
        public var linked: Int
        public var bytesCopied: Int
    }

    /// Copies the panel to `destination` (never over an existing file) with SQLite's online backup
    /// API, one step inside one read transaction: a snapshot, while writers go on in WAL. Then the
    /// dossiers' files it refers to go to `destination.files`, each verified by its sha256 as it is
    /// copied; the database is renamed into place last, so a backup is whole or not there.
    public func backup(to destination: String) throws -> BackupReport {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        guard !manager.fileExists(atPath: target.path) else {
            throw StoreError("\(destination) exists: a backup never replaces a file — name a new one")
        }
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError("\(folder.path) is not a folder — create it first")
        }
        let partial = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        guard manager.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError("cannot write in \(folder.path)")
        }
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: partial.path + suffix) }
        }
        do {
            let copy = try DatabaseQueue(path: partial.path)
            try pool.backup(to: copy)
            // One self-contained file: the copy leaves WAL (a restored panel goes back into it).
            try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
        } catch let error as DatabaseError {
            throw StoreError("the backup to \(destination) failed: \(error.message ?? "\(error)")")
        }
        // What the copy holds, read from the copy itself.
        let copy = try DatabaseQueue(path: partial.path, configuration: Self.readOnlyConfiguration())
        let head = try copy.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").map {
                (seq: $0[0] as Int64, hash: $0[1] as String)
            }
        }
        let hashes = try copy.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM dossier_file ORDER BY sha256")
        }
        try copy.close()
        var report = BackupReport(head: head, files: hashes.count, copied: 0, linked: 0, bytesCopied: 0)
        if !hashes.isEmpty {
            try copyFiles(hashes, to: URL(fileURLWithPath: target.path + ".files"), report: &report)
        }
        guard rename(partial.path, target.path) == 0 else {
            throw StoreError("cannot put the backup in place at \(destination): \(String(cString: strerror(errno)))")
        }
        return report
    }

    private static func readOnlyConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    /// Each file by its hash: already there, hard-linked from another backup's store in the same
    /// folder, or copied from the panel's store and checked against its name.
    private func copyFiles(_ hashes: [String], to store: URL, report: inout BackupReport) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: store.path) {
            try manager.createDirectory(
                at: store, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        let folder = store.deletingLastPathComponent()
        let others = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".files") && $0 != store.lastPathComponent }
            .map { folder.appendingPathComponent($0) }
        for hash in hashes {
            let target = store.appendingPathComponent(hash)
            if manager.fileExists(atPath: target.path) { continue }
            if let earlier = others.map({ $0.appendingPathComponent(hash) }).first(where: {
                manager.fileExists(atPath: $0.path)
            }), link(earlier.path, target.path) == 0 {
                report.linked += 1
                continue
            }
            let source = filesFolder.appendingPathComponent(hash)
            let temporary = store.appendingPathComponent(".incoming-\(UUID().uuidString)")
            do {
                try manager.copyItem(at: source, to: temporary)
                let (found, size) = try SHA256.hex(ofFileAt: temporary.path)
                guard found == hash else {
                    try? manager.removeItem(at: temporary)
                    throw StoreError(
                        "\(source.path) does not hold what its name says (sha256 \(found.prefix(12))…): the panel's "
                            + "dossier store is damaged — run `panel verify` on the panel and on the last backup")
                }
                try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
                try manager.moveItem(at: temporary, to: target)
                report.copied += 1
                report.bytesCopied += size
            } catch let error as StoreError {
                throw error
            } catch {
                try? manager.removeItem(at: temporary)
                throw StoreError("cannot copy \(source.path) into the backup: \(error.localizedDescription)")
            }
        }
    }

    /// The dossier store against the database: every file the database refers to is there and holds
    /// what its name says. Each problem is one line.
    public func dossierStoreProblems() throws -> (checked: Int, problems: [String]) {
        let hashes = try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM dossier_file ORDER BY sha256")
        }
        var problems: [String] = []
        for hash in hashes {
            let file = filesFolder.appendingPathComponent(hash).path
            guard FileManager.default.fileExists(atPath: file) else {
                problems.append("\(file) is missing")
                continue
            }
            guard let (found, _) = try? SHA256.hex(ofFileAt: file) else {
                problems.append("\(file) cannot be read")
                continue
            }
            if found != hash { problems.append("\(file) holds other bytes (sha256 \(found.prefix(12))…)") }
        }
        return (hashes.count, problems)
    }
}
