import Foundation
import GRDB

/// Refuses to commit into a database file that is no longer the one at the panel's path.
///
/// A panel replaced under a running process (`init --force --discard`, a restored backup, the file
/// moved away) leaves that process writing into a file nobody will read again, while its screen
/// says 已保存. Every commit first checks that the path still names the file the connection
/// opened; if not, the transaction is rolled back and the save says why.
final class FileIdentityGuard: TransactionObserver {
    let path: String
    private let device: UInt64
    private let inode: UInt64

    /// The file at `path` now, as the connection about to be used opens it.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.path = path
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    func databaseWillCommit() throws {
        var info = stat()
        let found = stat(path, &info) == 0
        guard found, UInt64(info.st_dev) == device, UInt64(info.st_ino) == inode else {
            throw StoreError(
                """
                \(path) was \(found ? "replaced" : "removed") since panel opened it: nothing was saved \
                — start panel again on the panel's current file
                """)
        }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) {}
    func databaseDidRollback(_ db: Database) {}
}
