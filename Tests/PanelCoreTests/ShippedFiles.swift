import Foundation
import PanelCore
import Testing

/// The files in scoring-rubrics/, read fresh for each test so that a test can break a copy.
enum ShippedFiles {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scoring-rubrics")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// `name`'s text with `old` replaced by `new`; `old` must occur exactly once, so that a test
    /// never passes because its mutation silently missed.
    static func broken(
        _ name: String, replacing old: String, with new: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let text = try text(name)
        let count = text.components(separatedBy: old).count - 1
        try #require(count == 1, "'\(old)' occurs \(count) times in \(name)", sourceLocation: sourceLocation)
        return text.replacingOccurrences(of: old, with: new)
    }

    /// The round the four shipped files define.
    static func round() throws -> RoundDefinition {
        let files = try ["region", "school", "defense", "rules"].map {
            SourceFile(path: "\($0).toml", text: try text("\($0).toml"))
        }
        return try RoundDefinition.load(files).get()
    }

    /// The 1-based line of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }
}
