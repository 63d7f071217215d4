import Foundation
import PanelCore
import Testing

/// panel opens only files `panel init` made, and `init --force` does not discard a panel's work
/// by accident (issue 21, findings 14 and 1).
@Suite struct PanelFileTests {
    static var rubrics: String { RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path }

    func hash(_ path: String) throws -> String { try SHA256.hex(ofFileAt: path).hex }

    @Test func anEmptyFileAnotherSQLiteDatabaseAndATextFileAreNotPanels() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let empty = try workspace.write("empty.sqlite", "")
        let text = try workspace.write("notes.sqlite", "候选名单\n")
        let experts = try workspace.write("experts.csv", "编号,姓名,省份,单位,角色,PIN\nC01,组长,北京,,组长,9999\n")
        let other = workspace.path("other.sqlite")
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        made.arguments = [other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);"]
        try made.run()
        made.waitUntilExit()
        try #require(made.terminationStatus == 0)
        for (file, what) in [
            (empty, "is an empty file"), (text, "is not an SQLite database"),
            (other, "is an SQLite database without a panel's round in it"),
        ] {
            let before = try hash(file)
            for arguments in [["rank"], ["audit", "verify"], ["candidates"], ["import", "experts", experts]] {
                let run = try PanelProcess.run(arguments + ["--db", file])
                #expect(run.status == 1, "\(arguments) \(file)")
                #expect(
                    run.stderr
                        == "\(file) \(what), not a panel database: panel opens only what `panel init` made — create "
                        + "one with `panel init --db \(file)`\n",
                    "\(run.stderr)")
            }
            #expect(try hash(file) == before, "\(file) was written to")
            #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
        }
        // init replaces an empty file only with --force, and never another file.
        #expect(try PanelProcess.run(["init", "--db", empty, "--rubrics", Self.rubrics]).status == 1)
        let forced = try PanelProcess.run(["init", "--db", empty, "--rubrics", Self.rubrics, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        for file in [text, other] {
            let before = try hash(file)
            let run = try PanelProcess.run(["init", "--db", file, "--rubrics", Self.rubrics, "--force", "--discard"])
            #expect(run.status == 1 && run.stderr.contains("it is not replaced, even with --force"), "\(run.stderr)")
            #expect(try hash(file) == before)
        }
    }

    @Test func forceAloneDoesNotDiscardAPanelsWorkAndDiscardKeepsACopy() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        // Nothing in it yet: --force replaces it.
        #expect(try PanelProcess.run(["init", "--db", db, "--rubrics", Self.rubrics, "--force"]).status == 0)
        let nominations = try workspace.write("nominations.csv", NationalNominations.csv())
        try #require(try PanelProcess.run(["import", "nominations", "--db", db, nominations]).status == 0)
        let before = try PanelProcess.run(["candidates", "--db", db, "--format", "json"]).stdout

        let refused = try PanelProcess.run(["init", "--db", db, "--rubrics", Self.rubrics, "--force"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(db) holds a panel's work ("), "\(refused.stderr)")
        #expect(
            refused.stderr.hasSuffix(
                "--force alone does not discard it — add --discard to replace it (a copy is kept beside it)\n"))
        #expect(try PanelProcess.run(["candidates", "--db", db, "--format", "json"]).stdout == before)

        let replaced = try PanelProcess.run(["init", "--db", db, "--rubrics", Self.rubrics, "--force", "--discard"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try PanelProcess.run(["candidates", "--db", db, "--format", "json"]).stdout == "[]\n")
        let copies = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).filter {
            $0.hasPrefix("panel.sqlite.replaced-")
        }
        let copy = try #require(copies.first, "no copy kept")
        #expect(copies.count == 1)
        let kept = try PanelProcess.run(["candidates", "--db", workspace.path(copy), "--format", "json"])
        #expect(kept.stdout == before, "\(kept.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.path(copy))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
