import Foundation
import Testing

/// `--as ID` as an expert meets it: PANEL_PIN, or a masked prompt in a real terminal.
@Suite struct SignInCommandTests {
    let workspace = try! Workspace()
    let db: String

    init() throws {
        db = try workspace.initDatabase("panel.sqlite")
        let nominations = """
            编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域
            R1,区域,浙江省杭州市上城区,浙江,杭州市,,之江汇,是,
            S1,学校,杭州市上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R1
            """
        try #require(
            try PanelProcess.run(["import", "nominations", "--db", db, try workspace.write("n.csv", nominations)])
                .status == 0)
        let experts = "编号,姓名,省份,角色,PIN\nE01,王芳,北京,专家,2580\nE02,李强,上海,专家,1357\n"
        try #require(
            try PanelProcess.run(["import", "experts", "--db", db, try workspace.write("e.csv", experts)]).status == 0)
        try #require(try PanelProcess.run(["assign", "--db", db, "--per-candidate", "2"]).status == 0)
    }

    @Test func theRightPINFromTheEnvironmentShowsTheExpertsOwnList() throws {
        defer { workspace.remove() }
        let run = try PanelProcess.run(["assignments", "--db", db, "--as", "E01"], environment: ["PANEL_PIN": "2580"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("王芳 (E01): 2 candidates"))
        #expect(run.stdout.contains("R1    区域  浙江省杭州市上城区"))
    }

    /// 40 wrong PINs at once check three, and the rest find the id locked; the right PIN given
    /// after them is refused too (issue 21, finding 11: 20 were checked, then the right one was
    /// accepted).
    @Test func aBurstOfParallelSignInsChecksNoMoreThanThreePINs() throws {
        defer { workspace.remove() }
        let burst = try (0..<40).map { attempt in
            try PanelProcess.start(
                ["assignments", "--db", db, "--as", "E01"], environment: ["PANEL_PIN": String(1000 + attempt)])
        }
        let refusals = try burst.map { try $0.wait() }
        #expect(refusals.allSatisfy { $0.status == 1 })
        let right = try PanelProcess.run(
            ["assignments", "--db", db, "--as", "E01"], environment: ["PANEL_PIN": "2580"])
        #expect(right.status == 1)
        #expect(right.stderr.hasPrefix("E01 is locked after 3 wrong PINs; try again in "), "\(right.stderr)")
        let log = try PanelProcess.run(["audit", "log", "--db", db, "--expert", "E01"]).stdout
        let entries = log.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(entries.filter { $0.hasSuffix("sign-in refused expert E01") }.count == 41, "\(log)")
        #expect(log.components(separatedBy: "after:  wrong PIN\n").count - 1 == 3, "\(log)")
        #expect(log.components(separatedBy: "after:  3 wrong PINs in a row: locked for 60 s\n").count - 1 == 1)
        // Every attempt is counted: the last column of E01's row is its wrong PINs.
        let listed = try PanelProcess.run(["expert", "list", "--db", db]).stdout
        let row = listed.split(separator: "\n").first { $0.hasPrefix("E01 ") }
        #expect(row?.split(separator: " ").last == "41", "\(listed)")
    }

    @Test func aWrongPINIsRefusedAndAudited() throws {
        defer { workspace.remove() }
        let run = try PanelProcess.run(["assignments", "--db", db, "--as", "E01"], environment: ["PANEL_PIN": "1357"])
        #expect(run.status == 1)
        #expect(run.stderr == "wrong id or PIN (the attempt is recorded)\n")
        #expect(run.stdout.isEmpty)
        let log = try PanelProcess.run(["audit", "log", "--db", db, "--expert", "E01"])
        #expect(log.stdout.contains("E01 sign-in refused expert E01"))
        let listed = try PanelProcess.run(["expert", "list", "--db", db]).stdout.split(separator: "\n")
        #expect(listed.first { $0.hasPrefix("E01 ") }?.hasSuffix("  1") == true)
        #expect(listed.first { $0.hasPrefix("E02 ") }?.hasSuffix("  0") == true)
    }

    @Test func withoutATerminalOrPANEL_PINItSaysWhatToDo() throws {
        defer { workspace.remove() }
        // setsid: a new session has no controlling terminal, as under cron or a pipeline.
        let run = try PanelProcess.run(
            ["assignments", "--db", db, "--as", "E01"], environment: ["PANEL_PIN": ""], detached: true)
        #expect(run.status == 1)
        #expect(run.stderr == "--as E01: no terminal to ask the PIN on — set PANEL_PIN\n")
    }

    @Test func expertAddReadsThePINFromStandardInput() throws {
        defer { workspace.remove() }
        let added = try PanelProcess.run(
            [
                "expert", "add", "E03", "--db", db, "--name", "赵敏", "--province", "广东", "--org", "华南师范大学",
                """
                --pin-stdin
                """,
            ],
            input: "864200\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "added expert E03 赵敏 (广东省)\n")
        #expect(
            try PanelProcess.run(["assignments", "--db", db, "--as", "E03"], environment: ["PANEL_PIN": "864200"])
                .status == 0)
        let again = try PanelProcess.run(
            [
                "expert", "add", "E03", "--db", db, "--name", "赵敏", "--province", "广东",
                """
                --pin-stdin
                """,
            ], input: "864200\n")
        #expect(again.status == 1 && again.stderr.contains("编号 'E03' is already in the database"))
        let bad = try PanelProcess.run(
            ["expert", "add", "E04", "--db", db, "--name", "钱", "--province", "火星", "--pin-stdin"], input: "12\n")
        #expect(
            bad.stderr
                == """
                panel expert add: 省份 '火星' is not a province-level unit — write it as 浙江 or\
                 浙江省\npanel expert add: the PIN must be 4 to 12 digits\n
                """
        )
    }

    @Test func thePromptInATerminalShowsStarsNeverTheDigits() throws {
        defer { workspace.remove() }
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) assignments --db \(db) --as E02")
        defer { tmux.kill() }
        try tmux.waitFor("PIN for E02:")  // capture-pane drops trailing spaces
        try tmux.type("1357")
        let screen = try tmux.waitFor("PIN for E02: ****")
        #expect(!screen.contains("1357"))
        try tmux.press("Enter")
        let listed = try tmux.waitFor("李强 (E02): 2 candidates")
        #expect(listed.contains("S1    学校  杭州市上城区实验小学"))
    }
}
