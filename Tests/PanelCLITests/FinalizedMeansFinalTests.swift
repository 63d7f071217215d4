import Foundation
import PanelCore
import Testing

/// Issue 8, 5: after `panel finalize` every command that writes is refused, and each refusal is
/// itself in the audit log (who tried what).
@Suite struct FinalizedMeansFinalTests {
    @Test func everyWriteCommandIsRefusedAndTheRefusalIsAudited() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        let scored = try panel.scoreRegions(12)
        try #require(try PanelProcess.run(["assign", "--db", panel.db, "--per-candidate", "7"]).status == 0)
        let assigned = try ScoreBatches(panel, experts: 1, scores: 1).batches[0].scores[0]
        let chair = ["--as", "C01"], expert = ["--as", "E01"]
        let finalized = try PanelProcess.run(
            ["finalize", "--db", panel.db] + chair, environment: ["PANEL_PIN": "9999"])
        try #require(finalized.status == 0, "\(finalized.stderr)")

        let files = (
            nominations: try panel.workspace.write(
                "late-nominations.csv",
                """
                编号,类别,名称,省份,地市,学段,平台名称,接入国家平台\nR-late,区域,迟到区,\
                浙江,杭州市,,平台,是\n
                """),
            experts: try panel.workspace.write("late-experts.csv", "编号,姓名,省份,单位,角色,PIN\nE99,迟到,北京,,专家,1234\n"),
            scores: try panel.scoresFile("late-scores.csv", ["E05,\(scored[0]),材料,A1,1"])
        )
        let attempts: [(arguments: [String], pin: String?, subject: String)] = [
            (["import", "nominations", files.nominations], nil, "import nominations"),
            (["import", "experts", files.experts], nil, "import experts"),
            (["import", "scores", files.scores], nil, "import scores"),
            (["expert", "add", "E98", "--name", "迟到", "--province", "北京", "--pin-stdin"], nil, "add expert E98"),
            (["assign", "--per-candidate", "7"], nil, "assign"),
            (
                [
                    "score", "set", "--candidate", assigned.candidate, "--stage", "material", "--item", assigned.item,
                    "1",
                ] + expert, "1001", "score"
            ),
            (["spotcheck", scored[0], "--fail", "--note", "迟到的抽查"] + chair, "9999", "spot check"),
            (["override", scored[1], "--exclude", "--reason", "迟到"] + chair, "9999", "override"),
            (["defense", "absent", scored[2], "--note", "迟到"] + chair, "9999", "record the defence"),
            (["resolve", "--kind", "region", "--winner", scored[0], "--reason", "迟到"] + chair, "9999", "resolve"),
            (["reopen", scored[0], "--expert", "E01", "--reason", "迟到"] + chair, "9999", "reopen"),
            (["stage", "defense", "--close"] + chair, "9999", "close defense"),
            (["shortlist", "--freeze"] + chair, "9999", "shortlist"),
            (["finalize"] + chair, "9999", "finalize"),
        ]
        let before = try auditLog(panel.db)
        for attempt in attempts {
            let run = try PanelProcess.run(
                attempt.arguments + ["--db", panel.db],
                environment: attempt.pin.map { ["PANEL_PIN": $0] } ?? [:], input: "4321\n")
            #expect(
                run.status == 1 && run.stderr.contains("the round is finalized: nothing can be changed any more"),
                "\(attempt.arguments.joined(separator: " ")): \(run.stdout)\(run.stderr)")
        }
        let refusals = try auditLog(panel.db).dropFirst(before.count).filter { $0.contains(" refused ") }
        #expect(refusals.count == attempts.count, "\(refusals)")
        for (refusal, attempt) in zip(refusals, attempts) {
            #expect(refusal.contains(attempt.subject), "\(refusal) should name \(attempt.subject)")
        }
        #expect(refusals.filter { $0.contains(" C01 refused ") }.count == 8)
        #expect(try PanelProcess.run(["audit", "verify", "--db", panel.db]).status == 0)
    }

    /// The `#seq at actor action subject` lines of `panel audit log`.
    func auditLog(_ db: String) throws -> [String] {
        try PanelProcess.run(["audit", "log", "--db", db]).stdout.split(separator: "\n").filter { $0.hasPrefix("#") }
            .map(String.init)
    }
}

/// Issue 8, 4: the chair's actions refuse an expert's own, valid credentials, and change nothing.
@Suite struct ChairOnlyTests {
    @Test func everyChairActionRefusesAnExpert() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        let scored = try panel.scoreRegions(12)
        let actions: [[String]] = [
            ["spotcheck", scored[0], "--fail", "--note", "x"],
            ["override", scored[1], "--exclude", "--reason", "x"],
            ["defense", "absent", scored[2], "--note", "x"],
            ["resolve", "--kind", "region", "--winner", scored[0], "--reason", "x"],
            ["reopen", scored[0], "--expert", "E01", "--reason", "x"],
            ["stage", "defense", "--open"],
            ["shortlist", "--freeze"],
            ["finalize"],
        ]
        let before = try PanelProcess.run(["audit", "log", "--db", panel.db]).stdout
        for action in actions {
            let run = try PanelProcess.run(
                action + ["--db", panel.db, "--as", "E01"], environment: ["PANEL_PIN": "1001"])
            #expect(
                run.status == 1 && run.stderr.contains("E01 is a review expert; only the chair (组长) may"),
                "\(action.joined(separator: " ")): \(run.stdout)\(run.stderr)")
        }
        // Nothing changed: not a decision, not an entry.
        #expect(try PanelProcess.run(["audit", "log", "--db", panel.db]).stdout == before)
    }
}

/// Issue 8, 4: what panel writes is its owner's alone.
@Suite struct FileModeTests {
    @Test func theDatabaseItsJournalAndEveryExportAreOwnerOnly() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        _ = try panel.scoreRegions(12)
        var written = [panel.db, panel.db + "-wal", panel.db + "-shm"]
        for format in ["csv", "xlsx", "md", "json"] {
            let out = panel.workspace.path("winners.\(format)")
            let run = try PanelProcess.run(["export", "winners", "--db", panel.db, "--format", format, "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
            written.append(out)
        }
        for format in ["md", "csv", "json"] {
            let out = panel.workspace.path("report.\(format)")
            let run = try PanelProcess.run(["export", "report", "--db", panel.db, "--format", format, "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
            written.append(out)
        }
        for path in written where FileManager.default.fileExists(atPath: path) {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path) is \(String(mode ?? 0, radix: 8))")
        }
        #expect(written.filter { FileManager.default.fileExists(atPath: $0) }.count >= 8)
    }
}
