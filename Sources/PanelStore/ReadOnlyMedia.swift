import Foundation
import GRDB

/// A panel archived on a DVD or a read-only share: SQLite in WAL mode cannot even read such a file
/// the ordinary way (it must create `-shm` beside it), so it is read in `immutable` mode, and every
/// write is refused before it is tried, with what to do.
enum ReadOnlyMedia {
    /// Whether the file system holding `path` is mounted read-only.
    static func holds(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && info.f_flag & UInt(ST_RDONLY) != 0
    }

    static func refusal(_ path: String) -> StoreError {
        StoreError(
            """
            \(path) is on read-only media: panel reads it there (rank, explain, export, audit verify) but \
            cannot change it — copy it to a writable disk to work on it
            """)
    }

    /// `file:/path?immutable=1`, the path percent-encoded where a URI would read it otherwise.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:\(path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)?immutable=1"
    }
}

extension PanelDatabase {
    /// A failure of the disk or the file under SQLite, said as what happened and what to do; nil
    /// for any other error. SQLite rolls the transaction back in each case, so nothing was half
    /// written.
    public static func storageFailure(_ error: any Error, path: String) -> String? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL:
            return """
                the disk holding \(path) is full: what this command was writing was not saved (nothing is \
                half written) — free space on it (df -h), then do it again
                """
        case .SQLITE_IOERR:
            return """
                the disk could not read or write \(path) (I/O error \(error.extendedResultCode.rawValue)): what \
                this command was writing was not saved — check the disk (dmesg), then run `panel audit verify`, \
                and restore from a backup if it fails
                """
        case .SQLITE_READONLY:
            return """
                \(path) cannot be written (a read-only file, folder or disk): nothing was saved — reading it works \
                as it is; copy it to a writable folder to change it
                """
        case .SQLITE_CORRUPT:
            return
                "\(path) is damaged (\(error.message ?? "corrupt")): run `panel audit verify`, and restore it from a "
                + "backup"
        case .SQLITE_CANTOPEN:
            return """
                \(path) cannot be opened: its folder must let this account create the files SQLite keeps beside \
                it (-wal, -shm) — check the folder's permissions, or copy the file to a folder of your own
                """
        default:
            return nil
        }
    }
}
