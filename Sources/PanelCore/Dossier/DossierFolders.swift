/// Which candidate each folder of a materials import is for: a folder is named by the candidate's
/// 编号 (`R-33-1`) or by its exact 名称 (`浙江省杭州市上城区`), as secretariats name them.
public enum DossierFolders {
    public struct Unmatched: Error, Equatable, Sendable, CustomStringConvertible {
        /// Folders that name no candidate (escaped for display).
        public var folders: [String]
        /// Candidates that no folder names.
        public var withoutDossier: [String]

        public var description: String {
            var lines = [
                "\(folders.count) \(folders.count == 1 ? "folder names" : "folders name") no candidate by 编号 or exact 名称:"
            ]
            lines += folders.map { "  \(DisplayName.escaped($0))" }
            if !withoutDossier.isEmpty {
                lines.append(
                    "candidates left without a dossier (\(withoutDossier.count)): \(withoutDossier.joined(separator: " "))"
                )
            }
            lines.append("nothing was imported: rename the folders (or remove them) and import again")
            return lines.joined(separator: "\n")
        }
    }

    /// Each folder's candidate id, or every folder that matches none (the whole import is refused).
    /// A name shared by two candidates matches neither: the folder must use the 编号.
    public static func match(_ folders: [String], candidates: [Candidate]) -> Result<[String: String], Unmatched> {
        let ids = Set(candidates.map(\.id))
        let byName = Dictionary(grouping: candidates, by: \.name).compactMapValues { $0.count == 1 ? $0[0].id : nil }
        var matched: [String: String] = [:]
        var unmatched: [String] = []
        for folder in folders.sorted() {
            if ids.contains(folder) {
                matched[folder] = folder
            } else if let id = byName[folder] {
                matched[folder] = id
            } else {
                unmatched.append(folder)
            }
        }
        guard unmatched.isEmpty else {
            let named = Set(matched.values)
            return .failure(
                Unmatched(folders: unmatched, withoutDossier: candidates.map(\.id).filter { !named.contains($0) }))
        }
        return .success(matched)
    }
}

/// A name from outside (a file or folder name) as it may be shown: control characters, bidi
/// overrides and invalid bytes become visible escapes, so a name cannot move the cursor, colour
/// the terminal or pose as another name; it is never used as a path.
public enum DisplayName {
    public static func escaped(_ name: String, limit: Int = 120) -> String {
        // A backslash doubled first, so that a name holding `\u{1b}` as text is told from an escape.
        let out = TerminalSafe.cell(name.replacingOccurrences(of: "\\", with: "\\\\"))
        guard out.count > limit else { return out }
        return String(out.prefix(limit - 1)) + "~"
    }
}

extension DisplayName {
    /// A page's text as it may be printed: line breaks and tabs kept, other controls escaped.
    public static func escapedText(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            escaped(String($0).replacingOccurrences(of: "\t", with: "    "), limit: .max)
        }.joined(separator: "\n")
    }

    /// A name safe to create in a folder of one's own: no separators, no leading dot, no controls,
    /// at most 200 bytes (most file systems allow 255).
    public static func safeFileName(_ name: String) -> String {
        var safe = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.value < 0x20 || scalar.value == 0x7F || scalar == "/" || scalar == "\\" ? "_" : Character(scalar)
            })
        while safe.hasPrefix(".") { safe.removeFirst() }
        while safe.utf8.count > 200 { safe.removeFirst() }
        return safe.isEmpty ? "file" : safe
    }
}
