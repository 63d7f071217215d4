import Foundation
import PanelCore

/// The effects of `panel expert key`: OpenSSH's own `ssh-keygen` says what a key is, and the
/// account's `authorized_keys` gets panel's block rewritten, the rest of the file left as it was.
public enum AuthorizedKeysFile {
    /// `SHA256:…` of the key in `path`, from `ssh-keygen -l -f`; nil with its words when OpenSSH
    /// does not take it as a public key.
    public static func fingerprint(ofKeyAt path: String) throws -> Result<String, KeyRefusal> {
        let run = try BoundedProcess.run(
            "ssh-keygen", ["-l", "-E", "sha256", "-f", path], limits: ToolLimits(seconds: 10, memoryBytes: 256 << 20))
        let output = String(decoding: run.stdout, as: UTF8.self)
        // `256 SHA256:abc… comment (ED25519)`
        guard run.succeeded, let fingerprint = output.split(separator: " ").dropFirst().first,
            fingerprint.hasPrefix("SHA256:")
        else {
            let said = run.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(
                KeyRefusal("is not a public key ssh-keygen accepts (\(said.isEmpty ? "\(run.ending)" : said))"))
        }
        return .success(String(fingerprint))
    }

    /// The running account's `~/.ssh/authorized_keys`.
    public static var defaultPath: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + "/.ssh/authorized_keys"
    }

    /// The binary that is running, by its absolute path: what the forced command must name.
    public static var panelPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    /// Rewrites panel's block in `path` with one forced line per key: written to a temporary file
    /// beside it and renamed over it (mode 0600; `~/.ssh` made 0700 when missing), so sshd never
    /// reads half a file.
    public static func write(_ keys: [(expert: String, key: SSHPublicKey)], database: String, to path: String) throws {
        let absolute = URL(fileURLWithPath: database).standardizedFileURL.path
        for word in [panelPath, absolute] where word.contains(where: { $0 == "\"" || $0 == "\\" || $0.isNewline }) {
            throw Failure("\(word): a path with \" or \\ cannot be written into authorized_keys — move it")
        }
        let lines = keys.map {
            AuthorizedKeysBlock.line(key: $0.key, expert: $0.expert, panel: panelPath, database: absolute)
        }
        let url = URL(fileURLWithPath: path)
        let manager = FileManager.default
        let folder = url.deletingLastPathComponent()
        if !manager.fileExists(atPath: folder.path) {
            try manager.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let existing = manager.fileExists(atPath: path) ? try String(contentsOf: url, encoding: .utf8) : ""
        let text = AuthorizedKeysBlock.replacing(in: existing, with: lines)
        let temporary = folder.appendingPathComponent(".authorized_keys.panel-\(UUID().uuidString)")
        guard
            manager.createFile(
                atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw Failure("\(folder.path): cannot write a file beside \(path)") }
        guard rename(temporary.path, path) == 0 else {
            try? manager.removeItem(at: temporary)
            throw Failure("\(path): cannot be replaced (\(String(cString: strerror(errno))))")
        }
    }
}
