import Foundation

/// An expert's public key as the secretariat receives it (`id_ed25519.pub`): one line,
/// `TYPE BASE64 [COMMENT]`, nothing before it. Options in front of a key (`command="…"`) would
/// let the file decide what the key may do; a private key must never be handed in.
public struct SSHPublicKey: Sendable, Equatable {
    public var type: String
    public var base64: String
    public var comment: String

    public static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// The key in `text`, or why it is not one, in the secretariat's words.
    public static func parse(_ text: String) -> Result<SSHPublicKey, KeyRefusal> {
        func refuse(_ why: String) -> Result<SSHPublicKey, KeyRefusal> { .failure(KeyRefusal(why)) }
        if text.contains("PRIVATE KEY") {
            return refuse("is a private key — ask the expert for the .pub file, and have them make a new pair")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1 else {
            return refuse(
                lines.isEmpty ? "holds no key" : "holds \(lines.count) keys — give one expert's one key per file")
        }
        let fields = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 2, types.contains(fields[0]) else {
            return refuse(
                "is not a public key line (TYPE BASE64 COMMENT, such as ssh-ed25519 AAAA… name); "
                    + "options before the key are not accepted")
        }
        guard fields[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }),
            let blob = Data(base64Encoded: fields[1]), blob.count >= 4
        else { return refuse("has a damaged key (its base64 does not decode)") }
        // The blob starts with its own type: a key pasted under another type is refused.
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard blob.count >= 4 + length, String(decoding: blob[4..<(4 + length)], as: UTF8.self) == fields[0] else {
            return refuse("has a damaged key (its content is not a \(fields[0]) key)")
        }
        let comment = fields.count > 2 ? fields[2] : ""
        return .success(SSHPublicKey(type: fields[0], base64: fields[1], comment: TerminalSafe.cell(comment)))
    }

    /// `ssh-ed25519 AAAA…`: the key without its comment.
    public var line: String { "\(type) \(base64)" }
}

/// Why a file is not a key panel takes, said after the file's name.
public struct KeyRefusal: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The block of `authorized_keys` panel manages: one line per expert key, each forced into that
/// expert's front end, and nothing of the file outside the block touched.
public enum AuthorizedKeysBlock {
    public static let begin = "# BEGIN panel: managed by `panel expert key`; edits between these lines are lost"
    public static let end = "# END panel"

    /// The line of one key: `restrict` (no forwarding of any kind, no agent, no X11, no user rc),
    /// `pty` given back for the front end, and the command with absolute paths (sshd runs it
    /// through the login shell with its own PATH).
    public static func line(key: SSHPublicKey, expert: String, panel: String, database: String) -> String {
        let command = [panel, "tui", "--db", database, "--expert", expert].map(shellQuoted).joined(separator: " ")
        return "restrict,pty,command=\"\(command)\" \(key.line) panel:\(expert)"
    }

    /// `text` with its panel block replaced by `lines` (appended when it has none; removed when
    /// `lines` is empty). Everything outside the block stays byte for byte.
    public static func replacing(in text: String, with lines: [String]) -> String {
        var kept: [Substring] = []
        var inside = false
        var at: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == begin {
                inside = true
                at = at ?? kept.count
            } else if inside {
                if line == end { inside = false }
            } else {
                kept.append(line)
            }
        }
        if kept.last == "" { kept.removeLast() }
        let block = lines.isEmpty ? [] : [Substring(begin)] + lines.map { Substring($0) } + [Substring(end)]
        kept.insert(contentsOf: block, at: min(at ?? kept.count, kept.count))
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }

    /// A word for the shell that sshd runs the command through: single-quoted unless it is plain.
    public static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:=@".contains($0)) }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
