import Foundation
import Testing

/// A panel on read-only media is read as it is there, and a full disk is said as a full disk
/// (issue 21, finding 16). Each scenario runs in a mount namespace of its own (`unshare -m`), with
/// a real read-only bind mount or a real 2 MB tmpfs, so nothing is left mounted after it.
@Suite struct StorageFailureTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `script` under `sh` in a new mount namespace; `$PANEL` is the binary under test.
    static func inNamespace(_ script: String, in folder: String) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "sh", "-c", "set -e; cd '\(folder)'; " + script]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["PANEL": PanelProcess.binary.path, "PANEL_PIN": "0000"], uniquingKeysWith: { $1 })
        let out = URL(fileURLWithPath: folder).appendingPathComponent("ns.out")
        let err = URL(fileURLWithPath: folder).appendingPathComponent("ns.err")
        for url in [out, err] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// The demo panel copied (SQLite's backup) into `archive/`, as it would be burnt to a DVD.
    static func archive(_ workspace: Workspace) throws -> String {
        let db = try workspace.demoDatabase("panel.sqlite")
        try FileManager.default.createDirectory(atPath: workspace.path("archive"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: workspace.path("dvd"), withIntermediateDirectories: true)
        let backup = Process()
        backup.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        backup.arguments = [db, ".backup '\(workspace.path("archive/panel.sqlite"))'"]
        try backup.run()
        backup.waitUntilExit()
        try #require(backup.terminationStatus == 0)
        return db
    }

    static let mountReadOnly = "mount --bind archive dvd; mount -o remount,bind,ro dvd; "

    @Test func aPanelOnReadOnlyMediaIsReadAndNeverWritten() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try Self.archive(workspace)
        let expected = try PanelProcess.run(["rank", "--db", workspace.path("archive/panel.sqlite"), "--format", "csv"])
        let note = "note: dvd/panel.sqlite is on read-only media: read as it is there; nothing can be changed\n"

        let ranked = try Self.inNamespace(
            Self.mountReadOnly + #""$PANEL" rank --db dvd/panel.sqlite --format csv"#, in: workspace.folder.path)
        #expect(ranked.status == 0, "\(ranked.stderr)")
        #expect(ranked.stdout == expected.stdout)
        #expect(ranked.stderr == note)

        let verified = try Self.inNamespace(
            Self.mountReadOnly + #""$PANEL" audit verify --db dvd/panel.sqlite"#, in: workspace.folder.path)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("match the audit log"))

        let written = try Self.inNamespace(
            Self.mountReadOnly + #""$PANEL" spotcheck --db dvd/panel.sqlite --as C01 R-36-2 --pass --note 查"#,
            in: workspace.folder.path)
        #expect(written.status == 1)
        #expect(
            written.stderr == """
                \(note)dvd/panel.sqlite is on read-only media: panel reads it there (rank, explain, export, audit \
                verify) but cannot change it — copy it to a writable disk to work on it

                """)
    }

    @Test func aWALFullOfChangesOnReadOnlyMediaIsRefusedNotIgnored() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try Self.archive(workspace)
        // Copied while a connection holds changes in the WAL, as a careless archive would be.
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        copy.currentDirectoryURL = workspace.folder
        copy.arguments = [
            "archive/panel.sqlite", "PRAGMA wal_autocheckpoint = 0; UPDATE sheet SET comment = '改' WHERE rowid = 1;",
            ".shell mkdir -p wal && cp archive/panel.sqlite archive/panel.sqlite-wal wal/",
        ]
        try copy.run()
        copy.waitUntilExit()
        try #require(copy.terminationStatus == 0)
        let read = try Self.inNamespace(
            "mount --bind wal dvd; mount -o remount,bind,ro dvd; " + #""$PANEL" rank --db dvd/panel.sqlite"#,
            in: workspace.folder.path)
        #expect(read.status == 1)
        #expect(
            read.stderr == """
                dvd/panel.sqlite is on read-only media and dvd/panel.sqlite-wal beside it holds changes not yet in \
                it, which cannot be read there — copy both files to a writable disk and open the copy

                """)
    }

    @Test func aFullDiskIsSaidAsAFullDiskAndLeavesThePanelAsItWas() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let header = "编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域"
        let rows = (0..<30_000).map { n in
            "R-\(n),区域,某某市某某区第\(n)个名字用来占满一个小小的磁盘,浙江,杭州市,,之江汇,是,"
        }
        _ = try workspace.write("big.csv", ([header] + rows).joined(separator: "\n"))
        try FileManager.default.createDirectory(atPath: workspace.path("disk"), withIntermediateDirectories: true)
        let rubrics = RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path
        let full = try Self.inNamespace(
            """
            mount -t tmpfs -o size=2m tmpfs disk
            "$PANEL" init --db disk/p.sqlite --rubrics '\(rubrics)' > /dev/null
            "$PANEL" import nominations --db disk/p.sqlite big.csv || echo "import exit $?"
            "$PANEL" candidates --db disk/p.sqlite --format csv
            "$PANEL" audit verify --db disk/p.sqlite | head -3
            """, in: workspace.folder.path)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(
            full.stderr == """
                the disk holding disk/p.sqlite is full: what this command was writing was not saved (nothing is half \
                written) — free space on it (df -h), then do it again

                """)
        #expect(
            full.stdout == """
                import exit 1
                id,kind,name,province,city,county,level,eligible,reasons
                database integrity: ok
                audit chain intact: 1 entries
                sheets, scores, totals and the chair's decisions match the audit log

                """)
    }
}
