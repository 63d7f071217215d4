import Foundation
import Testing

/// 申请回避 through the binary (issue 20): an expert asks to leave, their sheet is withdrawn at
/// once, the chair rejects (the sheet comes back) or approves (another expert takes over), and
/// every step is audited so that `audit verify` still finds the tables as the log says.
@Suite struct RecusalCommandTests {
    let workspace = try! Workspace()
    let db: String

    init() throws {
        db = try workspace.initDatabase("panel.sqlite")
        let nominations = """
            编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域
            R1,区域,杭州市上城区,浙江,杭州市,,之江汇,是,
            S1,学校,上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R1
            S2,学校,上城区第二小学,浙江,杭州市,基础教育,之江汇,是,R1
            S3,学校,上城区第三小学,浙江,杭州市,基础教育,之江汇,是,R1

            """
        let experts = """
            编号,姓名,省份,PIN,角色
            E1,王,北京,1111,专家
            E2,李,天津,2222,专家
            E3,张,河北,3333,专家
            E4,赵,山西,4444,专家
            C1,组长,北京,9999,组长

            """
        for (kind, name, text) in [("nominations", "n.csv", nominations), ("experts", "e.csv", experts)] {
            let run = try PanelProcess.run(["import", kind, "--db", db, try workspace.write(name, text)])
            try #require(run.status == 0, "\(run.stderr)")
        }
        try #require(try PanelProcess.run(["assign", "--db", db, "--per-candidate", "2"]).status == 0)
    }

    func run(_ arguments: [String], as who: String? = nil, pin: String = "") throws -> PanelProcess.Result {
        try PanelProcess.run(
            arguments + ["--db", db] + (who.map { ["--as", $0] } ?? []), environment: ["PANEL_PIN": pin])
    }

    func pairs() throws -> Set<String> {
        Set(try run(["assignments", "--csv"]).stdout.split(separator: "\n").dropFirst().map(String.init))
    }

    /// E1's list in a real terminal, on `candidate`'s row.
    func e1List(at candidate: String) throws -> Tmux {
        let mine = try pairs().filter { $0.hasPrefix("E1,") }.map { String($0.dropFirst(3)) }
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)", columns: 100, rows: 30)
        try tmux.logIn("E1", pin: "1111")
        try tmux.waitFor("王 (E1)")
        if candidate.hasPrefix("S") && mine.contains(where: { $0.hasPrefix("R") }) { try tmux.press("Tab") }
        try tmux.type("/\(candidate)")
        try tmux.press("Enter")
        try tmux.waitFor("”: ")
        return tmux
    }

    func verified() throws -> Bool {
        let verify = try run(["audit", "verify"])
        return verify.status == 0 && verify.stdout.contains("match the audit log")
    }

    @Test func aRequestWithdrawsTheSheetARejectionGivesItBackAnApprovalMovesTheCandidate() throws {
        defer { workspace.remove() }
        let before = try pairs()
        let candidate = try #require(before.first { $0.hasPrefix("E1,") }.map { String($0.dropFirst(3)) })
        #expect(
            try run(["score", "set", "--candidate", candidate, "--item", "A1", "4"], as: "E1", pin: "1111").status == 0)
        let scored = try run(["export", "scores"]).stdout
        #expect(scored.contains("E1,\(candidate),material,A1,4,"))

        let asked = try run(["recusal", "request", candidate, "--reason", "曾在该单位任职"], as: "E1", pin: "1111")
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(!(try run(["export", "scores"]).stdout.contains("E1,\(candidate)")), "withdrawn at once")
        // Scoring it meanwhile is refused: the withdrawn sheet must be the one given back.
        let meanwhile = try run(["score", "set", "--candidate", candidate, "--item", "A2", "3"], as: "E1", pin: "1111")
        #expect(meanwhile.status == 1)
        #expect(
            meanwhile.stderr.hasPrefix("已申请回避 \(candidate)，待组长决定；在此之前不能评分"), "\(meanwhile.stderr)")
        let file = try workspace.write("s.csv", "专家编号,候选编号,阶段,指标,分数\nE1,\(candidate),材料,A2,3\n")
        let imported = try run(["import", "scores", file])
        #expect(imported.status == 1)
        #expect(
            imported.stderr.hasPrefix("\(file) has scores of E1 for \(candidate), who asked to leave it"),
            "\(imported.stderr)")
        let listed = try run(["recusal", "list"]).stdout.split(separator: "\n")
        #expect(listed.count == 2)
        #expect(listed[1].hasPrefix("\(candidate)"))
        #expect(listed[1].contains("open  曾在该单位任职") && listed[1].hasSuffix("（建议）"), "\(listed)")
        let finalize = try run(["finalize"], as: "C1", pin: "9999")
        #expect(finalize.status == 1)
        #expect(
            finalize.stderr.contains(
                "experts asked to leave a candidate, the chair to decide (panel recusal list): E1 \(candidate)"),
            "\(finalize.stderr)")
        #expect(try verified())

        let rejected = try run(
            ["recusal", "reject", candidate, "--expert", "E1", "--reason", "任职已满十年，无须回避"], as: "C1",
            pin: "9999")
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(try run(["export", "scores"]).stdout == scored, "the sheet is back as it was")
        #expect(try pairs() == before)
        #expect(try verified())
        // The expert reads the chair's reason when opening the sheet again.
        let tmux = try e1List(at: candidate)
        defer { tmux.kill() }
        try tmux.press("Enter")
        try tmux.waitFor("组长驳回了您对 \(candidate) 的回避申请：任职已满十年，无须回避")
        try tmux.type("q")
        try tmux.type("Q")
        try tmux.waitForExit()

        // Asked again and approved: the proposed expert takes the candidate over.
        let again = try run(["recusal", "request", candidate, "--reason", "亲属在该校任教"], as: "E1", pin: "1111")
        #expect(again.status == 0)
        let proposal = try run(["recusal", "list"]).stdout.split(separator: "\n")[1]
        let proposed = try #require(proposal.split(separator: " ").last.map { String($0.prefix(2)) })
        let approved = try run(
            ["recusal", "approve", candidate, "--expert", "E1", "--reason", "属实"], as: "C1", pin: "9999")
        #expect(
            approved.stdout == "E1 leaves \(candidate); \(proposed) takes it over — recorded\n", "\(approved.stderr)")
        #expect(try pairs() == before.subtracting(["E1,\(candidate)"]).union(["\(proposed),\(candidate)"]))
        #expect(!(try run(["export", "scores"]).stdout.contains("E1,\(candidate)")))
        #expect(try verified())
        let log = try run(["audit", "log", "--candidate", candidate]).stdout
        for action in ["request recusal", "reject recusal", "approve recusal"] {
            #expect(log.contains(" \(action) recusal E1 \(candidate)\n"), "\(action)")
        }
    }

    /// The same in the front ends: `r` on the expert's list, `y` on the chair's 回避 tab.
    @Test func anExpertAsksInTheFrontEndAndTheChairApprovesInTheConsole() throws {
        defer { workspace.remove() }
        let mine = try pairs().filter { $0.hasPrefix("E1,") }.map { String($0.dropFirst(3)) }.sorted()
        let candidate = try #require(mine.first)
        let expert = try e1List(at: candidate)
        defer { expert.kill() }
        try expert.type("r")
        try expert.waitFor("申请回避 \(candidate) 的理由")
        try expert.type("曾在该校任职")
        try expert.press("Enter")
        let asked = try expert.waitFor("已申请回避 \(candidate)：您的评分已撤回，待组长决定")
        let row = try #require(asked.split(separator: "\n").first { $0.contains(" \(candidate) ") })
        #expect(row.hasSuffix("回避中"), "\(row)")

        let chair = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)", columns: 100, rows: 30)
        defer { chair.kill() }
        try chair.logIn("C1", pin: "9999")
        try chair.waitFor("申请回避 1 件待决定")
        try chair.press("BTab")
        try chair.waitFor("还没有答辩分组")
        try chair.press("BTab")
        try chair.waitFor("待决定的回避申请 1 件")
        try chair.type("y")
        let prompt = try chair.waitFor("批准 E1 回避 \(candidate)，由 ")
        let taker = try #require(
            prompt.components(separatedBy: "批准 E1 回避 \(candidate)，由 ").last?.prefix(2).description)
        try chair.type("属实")
        try chair.press("Enter")
        try chair.waitFor("已批准 E1 回避 \(candidate)，由 \(taker) 接替")
        #expect(try pairs().contains("\(taker),\(candidate)"))
        #expect(!(try pairs().contains("E1,\(candidate)")))
        #expect(try verified())
    }

    @Test func reassignMovesACandidateAndKeepsTheLoadsWithinOne() throws {
        defer { workspace.remove() }
        let before = try pairs()
        let moved = try #require(before.first { $0.hasPrefix("E2,") }.map { String($0.dropFirst(3)) })
        let reassigned = try run(["reassign", moved, "--from", "E2", "--reason", "专家因病退出"], as: "C1", pin: "9999")
        #expect(reassigned.status == 0, "\(reassigned.stderr)")
        let after = try pairs()
        #expect(after.count == before.count && !after.contains("E2,\(moved)"))
        // The one who left has one fewer; among the others the least loaded took it over, so their
        // loads stay within one of each other (they were 2 each: one is now 3).
        var loads = Dictionary(grouping: after, by: { String($0.prefix(2)) }).mapValues(\.count)
        #expect(loads.removeValue(forKey: "E2") == 1)
        #expect(loads.values.max()! - loads.values.min()! <= 1, "\(loads)")
        #expect(try verified())
        // An expert may not act as the chair.
        let refused = try run(["reassign", moved, "--from", "E3", "--reason", "x"], as: "E1", pin: "1111")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("E1 is a review expert; only the chair (组长) may"))
    }
}
