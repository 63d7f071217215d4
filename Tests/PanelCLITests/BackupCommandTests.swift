import Foundation
import Testing

/// `panel backup` and `panel verify` (issue 18): a backup taken while 8 experts save holds
/// everything acknowledged before it began, verifies, restores as the panel, and a second backup
/// copies no file twice.
@Suite struct BackupCommandTests {
    func exportLines(_ db: String) throws -> Set<Substring> {
        let run = try PanelProcess.run(["export", "scores", "--db", db])
        try #require(run.status == 0, "\(run.stderr)")
        return Set(run.stdout.split(separator: "\n").dropFirst())
    }

    @Test func aBackupDuringEightWritersHoldsWhatWasAcknowledgedAndRestores() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("demo.sqlite")
        let writers = try (1...8).map { n in
            try PanelProcess.start([
                "bench", "writer", "--db", db, "--expert", "E0\(n)", "--seconds", "4", "--per-second", "40",
            ])
        }
        // Every writer saving before the backup begins.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline,
            try writers.contains(where: { try String(contentsOf: $0.outURL, encoding: .utf8).isEmpty })
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.5)
        let acknowledged = try exportLines(db)
        let backups = workspace.path("backups")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        let first = backups + "/panel-1.sqlite"
        let taken = try PanelProcess.run(["backup", "--db", db, "--out", first])
        for writer in writers { #expect(try writer.wait().status == 0) }
        #expect(taken.status == 0, "\(taken.stderr)")
        let files = try #require(
            try #/dossier files: (\d+) \((\d+) copied, [0-9.]+ MB; 0 linked from earlier backups\)/#
                .firstMatch(in: taken.stdout), "\(taken.stdout)")
        #expect(files.output.1 == files.output.2 && Int(files.output.1)! > 100)

        let inBackup = try exportLines(first)
        let final = try exportLines(db)
        #expect(acknowledged.isSubset(of: inBackup), "\(acknowledged.subtracting(inBackup).count) saves lost")
        #expect(inBackup.isSubset(of: final))
        #expect(final.count > acknowledged.count, "the writers went on saving")

        let verified = try PanelProcess.run(["verify", first])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(
            verified.stdout.hasSuffix(
                "dossier files: \(files.output.1), each present and holding what its sha256 says\n"))

        // Restored: the copy and its files put back as a panel.
        let restored = workspace.path("restored.sqlite")
        try FileManager.default.copyItem(atPath: first, toPath: restored)
        try FileManager.default.copyItem(atPath: first + ".files", toPath: restored + ".files")
        #expect(try PanelProcess.run(["audit", "verify", "--db", restored]).status == 0)
        #expect(try exportLines(restored) == inBackup)

        // The next backup in the folder copies no dossier file again; an existing file is never replaced.
        let second = backups + "/panel-2.sqlite"
        let again = try PanelProcess.run(["backup", "--db", db, "--out", second])
        #expect(
            again.stdout.hasSuffix(
                "dossier files: \(files.output.1) (0 copied, 0.0 MB; \(files.output.1) linked from earlier backups)\n"))
        let over = try PanelProcess.run(["backup", "--db", db, "--out", second])
        #expect(
            over.status == 1 && over.stderr == "\(second) exists: a backup never replaces a file — name a new one\n")

        // A damaged dossier file is named by verify.
        let stored = try #require(try FileManager.default.contentsOfDirectory(atPath: second + ".files").sorted().first)
        let damaged = second + ".files/" + stored
        var bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
        bytes[0] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let caught = try PanelProcess.run(["verify", second])
        #expect(caught.status == 1)
        #expect(
            caught.stderr.hasPrefix(
                "the dossiers' files do not match the database (1 of \(files.output.1)):\n  "
                    + "\(damaged) holds other bytes"
            ))
    }
}
