import Foundation
import PanelRuntime
import Testing

/// The programs the provinces' workbooks come from, run as they are: openpyxl (Python), LibreOffice
/// Calc headless, msoffcrypto-tool for a password. `make test` installs them.
struct WorkbookMakers {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-books-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs a Python script with `arguments` (a JSON text is handy) and requires it to succeed.
    func python(_ script: String, _ arguments: [String] = []) throws {
        let run = try BoundedProcess.run(
            "python3", ["-c", script] + arguments, limits: ToolLimits(seconds: 120, memoryBytes: 2 << 30))
        try #require(run.succeeded, "python3 failed: \(run.ending) \(run.stderr)")
    }

    /// LibreOffice converts `files` to `format` (`xlsx`, `xls`, or with a filter) into the folder,
    /// from its own profile so that tests running at once do not share one.
    /// - Returns: the converted files' paths, in the order given.
    @discardableResult
    func libreOffice(convert files: [String], to format: String, inputFilter: String? = nil) throws -> [String] {
        let profile = folder.appendingPathComponent("lo-profile-\(UUID().uuidString)")
        var arguments = ["-env:UserInstallation=file://\(profile.path)", "--headless"]
        if let inputFilter { arguments += ["--infilter=\(inputFilter)"] }
        arguments += ["--convert-to", format, "--outdir", folder.appendingPathComponent("lo").path] + files
        let run = try BoundedProcess.run(
            "soffice", arguments, limits: ToolLimits(seconds: 180, memoryBytes: 4 << 30))
        try #require(run.succeeded, "soffice failed: \(run.ending) \(run.stderr)")
        let ext = String(format.prefix { $0 != ":" })
        return try files.map { file in
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let out = folder.appendingPathComponent("lo/\(stem).\(ext)").path
            try #require(FileManager.default.fileExists(atPath: out), "soffice wrote no \(out): \(run.stderr)")
            return out
        }
    }

    func data(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}
