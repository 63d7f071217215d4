import Foundation
import PanelCore
import Testing

/// Where `--out` points, the export must not destroy: the panel itself, a link's target, a device.
@Suite struct ExportTargetTests {
    let workspace: Workspace
    let db: String

    init() throws {
        workspace = try Workspace()
        db = try workspace.initDatabase("panel.sqlite")
    }

    func report(_ out: String, format: String = "md") throws -> PanelProcess.Result {
        try PanelProcess.run(["export", "report", "--db", db, "--format", format, "--out", out])
    }

    func fileHash(_ path: String) throws -> String { try SHA256.hex(ofFileAt: path).hex }

    @Test func theDatabaseItsSideFilesItsStoreAndAHardLinkToItAreRefused() throws {
        defer { workspace.remove() }
        let before = try fileHash(db)
        try FileManager.default.createDirectory(atPath: db + ".files", withIntermediateDirectories: true)
        let alias = workspace.path("alias.sqlite")
        try #require(link(db, alias) == 0)
        let relative = workspace.folder.appendingPathComponent("sub/../panel.sqlite").path
        try FileManager.default.createDirectory(atPath: workspace.path("sub"), withIntermediateDirectories: true)
        for target in [db, relative, db + "-wal", db + "-shm", alias, db + ".files/report.md"] {
            let run = try report(target)
            #expect(run.status == 1, "\(target)")
            #expect(run.stderr.contains("is the panel's database or one of its files"), "\(target): \(run.stderr)")
        }
        #expect(try fileHash(db) == before)
        #expect(!FileManager.default.fileExists(atPath: db + ".files/report.md"))
        #expect(try PanelProcess.run(["audit", "verify", "--db", db]).status == 0)
    }

    @Test func aSymbolicLinkIsRefusedAndItsTargetKept() throws {
        defer { workspace.remove() }
        let real = try workspace.write("real.md", "kept\n")
        let link = workspace.path("link.md")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let run = try report(link)
        #expect(run.status == 1 && run.stderr.contains("is a symbolic link"), "\(run.stderr)")
        let workbook = try PanelProcess.run(["export", "winners", "--db", db, "--format", "xlsx", "--out", link])
        #expect(workbook.status == 1 && workbook.stderr.contains("is a symbolic link"), "\(workbook.stderr)")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "kept\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
    }

    /// A FIFO stands in for /dev/null (replacing the real one would break this machine if the
    /// fix ever regressed): it is written into and stays a FIFO.
    @Test func aFIFOIsWrittenIntoNotReplaced() throws {
        defer { workspace.remove() }
        let fifo = workspace.path("pipe")
        try #require(mkfifo(fifo, 0o600) == 0)
        let captured = workspace.path("captured.md")
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$1\" > \"$2\"", "sh", fifo, captured]
        try reader.run()
        let run = try report(fifo)
        var info = stat()
        let stillAFIFO = lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO
        // Replaced, nobody will ever write into the pipe the reader opened: end it, not the test.
        if !stillAFIFO { reader.terminate() }
        reader.waitUntilExit()
        #expect(stillAFIFO)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try PanelProcess.run(["export", "report", "--db", db, "--format", "md"]).stdout
        #expect(try String(contentsOfFile: captured, encoding: .utf8) == expected)
    }

    @Test func anExistingFileIsReplacedWholeAndBecomesTheOwnersOnly() throws {
        defer { workspace.remove() }
        let out = try workspace.write("report.csv", String(repeating: "old line\n", count: 10_000))
        try #require(chmod(out, 0o644) == 0)
        let run = try report(out, format: "csv")
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try PanelProcess.run(["export", "report", "--db", db, "--format", "csv"]).stdout
        #expect(try String(contentsOfFile: out, encoding: .utf8) == expected)
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // No temporary file is left beside it.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).filter {
                $0.hasPrefix(".panel-export")
            } == [])
    }
}
