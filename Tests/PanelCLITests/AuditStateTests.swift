import Foundation
import Testing

/// `audit verify` proves that the tables are what the audit log says, not only that the log is
/// unbroken (issue 21, finding 7): each edit made behind panel's back with sqlite3 is caught, and
/// a chain cut short is caught against the head an export printed.
@Suite struct AuditStateTests {
    /// The demo panel with a spot check, an override and a reopened sheet, verified clean.
    static func panel(_ workspace: Workspace) throws -> String {
        let db = try workspace.demoDatabase("panel.sqlite")
        let chair = ["PANEL_PIN": "0000"]
        for arguments in [
            ["spotcheck", "--as", "C01", "R-36-2", "--pass", "--note", "实地查看: 平台接入属实"],
            ["override", "--as", "C01", "R-14-1", "--exclude", "--reason", "材料造假: 经核实"],
        ] {
            let run = try PanelProcess.run(arguments + ["--db", db], environment: chair)
            try #require(run.status == 0, "\(arguments): \(run.stderr)")
        }
        return db
    }

    /// A consistent copy of `db` (SQLite's backup, WAL included) with `sql` run on it by sqlite3.
    static func tampered(_ db: String, _ sql: String, as name: String, in workspace: Workspace) throws -> String {
        let copy = workspace.path(name)
        for arguments in [[db, ".backup '\(copy)'"], [copy, sql]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "sqlite3 \(arguments)")
        }
        return copy
    }

    @Test func anEditBehindPanelsBackIsCaught() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try Self.panel(workspace)
        let clean = try PanelProcess.run(["audit", "verify", "--db", db])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(
            clean.stdout.contains("sheets, scores, totals and the chair's decisions match the audit log\nhead: entry #")
        )

        // R-36-2's first expert's material sheet, whatever its total.
        let sheet = "(SELECT min(rowid) FROM sheet WHERE candidate_id = 'R-36-2' AND stage = 'material')"
        let cases: [(sql: String, says: String)] = [
            ("UPDATE sheet SET total = total + 1000 WHERE rowid = \(sheet)", "is stored, its scores add up to"),
            (
                "UPDATE score SET hundredths = 50 WHERE candidate_id = 'R-36-2' AND stage = 'material' AND item_id = "
                    + "'A1'",
                "A1: 0.5 is stored, the audit log says"
            ),
            (
                "UPDATE spot_check SET passed = 0",
                "spot_check R-36-2: '0', '实地查看: 平台接入属实', 'C01' is stored, the audit log says '1'"
            ),
            (
                "DELETE FROM override",
                "override R-14-1: the audit log says 'exclude', '材料造假: 经核实', 'C01', but it is not stored"
            ),
            (
                "INSERT INTO defense_absence (candidate_id, note, chair) VALUES ('R-36-2', '未到场', 'C01')",
                "defense_absence R-36-2: '未到场', 'C01' is stored, but no audit entry wrote it"
            ),
            (
                "UPDATE sheet SET status = 'draft' WHERE rowid = \(sheet)",
                "'draft', '' is stored, the audit log says 'submitted', ''"
            ),
        ]
        for (index, tamper) in cases.enumerated() {
            let copy = try Self.tampered(db, tamper.sql, as: "t\(index).sqlite", in: workspace)
            let verified = try PanelProcess.run(["audit", "verify", "--db", copy])
            #expect(verified.status == 1, "\(tamper.sql)")
            #expect(verified.stdout.hasSuffix("audit chain intact: \(Self.entries(clean.stdout)) entries\n"))
            #expect(
                verified.stderr.hasPrefix("the stored scores and decisions differ from what the audit log recorded"))
            #expect(verified.stderr.contains(tamper.says), "\(tamper.sql): \(verified.stderr)")
        }
    }

    @Test func aChainCutShortIsCaughtByTheHeadAnExportPrinted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try Self.panel(workspace)
        let export = try PanelProcess.run(["export", "report", "--db", db, "--format", "csv"])
        #expect(export.status == 0)
        let head = try #require(export.stderr.split(separator: " ").last.map { $0.dropLast() })
        #expect(
            export.stderr
                == "audit head: entry #\(Self.entries(try PanelProcess.run(["audit", "verify", "--db", db]).stdout)) "
                + "sha256 \(head)\n"
        )
        #expect(try PanelProcess.run(["audit", "verify", "--db", db, "--head", String(head)]).status == 0)
        // The override's entry is the last one: cut it and the override with it, and the file
        // agrees with itself again; only the recorded head tells.
        let cut = try Self.tampered(
            db, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit); DELETE FROM override;", as: "cut.sqlite",
            in: workspace)
        let alone = try PanelProcess.run(["audit", "verify", "--db", cut])
        #expect(alone.status == 0, "\(alone.stderr)")
        let withHead = try PanelProcess.run(["audit", "verify", "--db", cut, "--head", String(head)])
        #expect(withHead.status == 1)
        #expect(
            withHead.stderr == """
                the chain does not hold the head \(head) recorded earlier: entries were removed from its end or it \
                was rewritten — restore the file from a backup

                """)
    }

    static func entries(_ verifyOutput: String) -> Int {
        let line = verifyOutput.split(separator: "\n").first { $0.hasPrefix("audit chain intact: ") } ?? ""
        return line.split(separator: " ").dropFirst(3).first.flatMap { Int($0) } ?? -1
    }
}
