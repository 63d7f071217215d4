import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writing an export where `--out` says, without destroying what is there.
///
/// - A device or a FIFO (`/dev/null`, a pipe) is written into, never replaced: Foundation's
///   `createFile` writes a temporary file and renames it over the target, which turned root's
///   `/dev/null` into a regular file and broke every program that opens it.
/// - A regular file is replaced whole: written beside it under a temporary name (mode 0600) and
///   renamed over it, so a reader never sees half an export and the file ends up the owner's only.
/// - A symbolic link is refused rather than followed, and so is the panel's own database, its
///   `-wal`, `-shm` and `-signin` files and its file store, by the file's identity (a second name or a hard
///   link to the database is the database).
public enum ExportFile {
    public static func write(_ data: Data, to path: String, protecting database: String) throws {
        try write(to: path, protecting: database) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                throw Failure("\(path): cannot write the file")
            }
        }
    }

    /// `produce` writes the whole export into the path it is given (a temporary file beside the
    /// target), as libxlsxwriter does; the result then goes where `path` says.
    public static func write(to path: String, protecting database: String, _ produce: (String) throws -> Void) throws {
        var target = stat()
        let exists = lstat(path, &target) == 0
        let kind = target.st_mode & S_IFMT
        if exists && kind == S_IFLNK {
            throw Failure("\(path) is a symbolic link: panel does not write through links — give the file's own path")
        }
        if exists && kind == S_IFDIR { throw Failure("\(path) is a folder — give a file name") }
        try refuseIfPanel(path, exists: exists ? target : nil, database: database)
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.panel-export-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw Failure("\(path): cannot write beside it (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
        let temporary = String(cString: template)
        defer { unlink(temporary) }
        try produce(temporary)
        if exists && kind != S_IFREG {
            try copy(temporary, into: path)
        } else if rename(temporary, path) != 0 {
            throw Failure("\(path): cannot write the file (\(String(cString: strerror(errno))))")
        }
    }

    /// The database, its side files and its file store, by identity and by folder.
    private static func refuseIfPanel(_ path: String, exists: stat?, database: String) throws {
        let refusal = Failure(
            "\(path) is the panel's database or one of its files: an export never replaces it — give another name")
        if let exists {
            for protected in [database, database + "-wal", database + "-shm", database + "-signin"] {
                var other = stat()
                if stat(protected, &other) == 0, other.st_dev == exists.st_dev, other.st_ino == exists.st_ino {
                    throw refusal
                }
            }
        }
        // Not there yet: still refused where the side files will be, or inside the file store.
        let folder = realFolder(of: path)
        for protected in [database, database + "-wal", database + "-shm", database + "-signin"]
        where realFolder(of: protected) == folder
            && (protected as NSString).lastPathComponent == (path as NSString).lastPathComponent
        {
            throw refusal
        }
        if let store = realpath(database + ".files"), let folder,
            folder == store || folder.hasPrefix(store.hasSuffix("/") ? store : store + "/")
        {
            throw refusal
        }
    }

    private static func realFolder(of path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        return realpath(folder.isEmpty ? "." : folder)
    }

    private static func realpath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Into a device or FIFO as it is: opened for writing, never created, truncated or replaced.
    private static func copy(_ source: String, into device: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let descriptor = open(device, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure("\(device): cannot write (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure("\(device): cannot write (\(String(cString: strerror(errno))))") }
            written += count
        }
    }
}
