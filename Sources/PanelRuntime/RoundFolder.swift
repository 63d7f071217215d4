import Foundation
import PanelCore

/// Reads a text file for the parsers, saying plainly why it cannot be.
public enum SourceReader {
    public static func read(_ path: String) -> Result<SourceFile, Problem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "cannot be read (check its permissions)" : "no such file"
            return .failure(Problem(file: path, message: reason))
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            return .failure(
                Problem(
                    file: path,
                    message: """
                        is not UTF-8 text — save it as UTF-8 (in WPS or Excel: 另存为 UTF-8)
                        """))
        }
        return .success(SourceFile(path: path, text: text))
    }
}

/// The four round files of `folder`, or every problem printed and a failure.
public func loadRound(from folder: String) throws -> RoundDefinition {
    var files: [SourceFile] = []
    var problems: [Problem] = []
    for name in ["region", "school", "defense", "rules"] {
        switch SourceReader.read(URL(fileURLWithPath: folder).appendingPathComponent("\(name).toml").path) {
        case .success(let file): files.append(file)
        case .failure(let problem): problems.append(problem)
        }
    }
    if problems.isEmpty {
        switch RoundDefinition.load(files) {
        case .success(let loaded): return loaded
        case .failure(let found): problems = found.all
        }
    }
    for problem in problems { printError(problem.description) }
    throw Failure("nothing was created; fix the files and run `panel init` again.")
}
