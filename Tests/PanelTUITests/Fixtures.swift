import Foundation
import PanelCore
@testable import PanelTUI
import TerminalKit

enum Fixtures {
    static let rubrics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scoring-rubrics")

    static func round() throws -> RoundDefinition {
        let files = try ["region", "school", "defense", "rules"].map { name in
            SourceFile(
                path: "\(name).toml",
                text: try String(contentsOf: rubrics.appendingPathComponent("\(name).toml"), encoding: .utf8))
        }
        return try RoundDefinition.load(files).get()
    }

    static let expert = ExpertEntry(id: "E01", name: "王建华", province: "北京市", org: "", role: .expert, pin: nil)

    /// Regions and schools with long Chinese names, mixed ASCII, and every sheet state.
    static func work() -> [WorkItem] {
        let names = ["浙江省杭州市上城区", "新疆维吾尔自治区乌鲁木齐市高新区", "上海市浦东新区", "Guangzhou 天河区 Demo", "广西壮族自治区南宁市西山区"]
        let provinces = ["浙江省", "新疆维吾尔自治区", "上海市", "广东省", "广西壮族自治区"]
        var items: [WorkItem] = []
        for (n, name) in names.enumerated() {
            let candidate = Candidate(
                id: "R-\(n + 1)", kind: .region, name: name, province: provinces[n], city: "市", county: "",
                level: nil, platform: "p", connected: true, priorAward: nil, supports: nil, provinceRank: nil,
                importOrder: n + 1)
            let sheet: ScoreSheet? =
                n == 0
                ? nil
                : ScoreSheet(
                    key: SheetKey(expert: "E01", candidate: candidate.id, stage: .material),
                    status: n % 2 == 0 ? .submitted : .draft, rubricSHA256: "x",
                    scores: ["A1": Points(hundredths: 450 - n * 50)])
            items.append(WorkItem(candidate: candidate, material: sheet, defense: nil, defenseOpen: false))
        }
        let school = Candidate(
            id: "S-1", kind: .school,
            name: """
                杭州市第一中学
                """, province: "浙江省", city: "杭州市", county: "",
            level: .basic, platform: "p", connected: true, priorAward: nil, supports: "R-1", provinceRank: nil,
            importOrder: 9)
        items.append(WorkItem(candidate: school, material: nil, defense: nil, defenseOpen: false))
        return items
    }

    /// A defence day at `now` = 100,000 on the work's candidates: E01 in group 1, which has heard
    /// R-2 (45 s over) and hears R-5 with 03:12 left to present; group 2 (第二会议室) hears R-4,
    /// paused in its questions, with S-1 late at the end and R-1 absent. Minutes 8 + 5 + 2.
    static func defenseDay() -> DefenseDay {
        let candidates = Dictionary(uniqueKeysWithValues: work().map { ($0.candidate.id, $0.candidate) })
        func expert(_ id: String, _ name: String) -> ExpertEntry {
            ExpertEntry(id: id, name: name, province: "河北省", org: "", role: .expert, pin: nil)
        }
        let now = 100_000
        func slot(_ id: String, _ group: Int, _ turn: Int, _ state: DefenseSlot.State, _ time: String) -> DefenseSlot {
            var slot = DefenseSlot(candidate: candidates[id]!, group: group, position: turn, state: state)
            slot.plannedStart = "2020-12-28 \(time)"
            return slot
        }
        var heard = slot("R-2", 1, 1, .done, "09:00"), live = slot("R-5", 1, 2, .running, "09:15")
        heard.startedAt = now - 2000
        heard.endedAt = now - 2000 + 13 * 60 + 45
        live.startedAt = now - (8 * 60 - 192)
        var paused = slot("R-4", 2, 1, .running, "09:00"), late = slot("S-1", 2, 3, .waiting, "09:30")
        paused.startedAt = now - 700
        paused.pausedAt = now - 100
        late.late = true
        return DefenseDay(
            rules: Rules.Defense(),
            groups: [
                DefenseGroup(number: 1, experts: [Self.expert, expert("E02", "李丽娟"), expert("E03", "张志强")]),
                DefenseGroup(
                    number: 2,
                    experts: [expert("E04", "刘晓燕"), expert("E05", "陈国平"), expert("E06", "杨文静")],
                    room: "第二会议室"),
            ],
            slots: [
                heard, live, slot("R-3", 1, 3, .waiting, "09:30"), paused, slot("R-1", 2, 2, .absent, "09:15"), late,
            ],
            submitted: ["R-2": ["E01", "E02", "E03"], "R-5": ["E02"], "R-4": ["E04", "E06"]], now: now, seed: 7,
            published: true)
    }

    /// Logged in as E01, on the list.
    static func signedIn(width: Int = 80, height: Int = 24) throws -> AppState {
        var state = AppState(round: try round(), width: width, height: height)
        _ = update(&state, .signedIn(expert, work()))
        return state
    }

    /// R-2's dossier: a report of three pages with long Chinese paragraphs, a scan, an encrypted PDF.
    static func dossier(_ candidate: String = "R-2") -> Dossier {
        func file(_ id: Int64, _ name: String, pages: Int, _ status: DossierStatus, _ message: String = "")
            -> DossierFileRecord
        {
            DossierFileRecord(
                id: id, candidate: candidate, name: name, version: 1, size: 30_000, sha256: "s\(id)", type: .pdf,
                pages: pages, status: status, extractor: "pdftotext", extractorVersion: "22.12.0", message: message)
        }
        let report = [
            DossierPage(
                number: 1,
                text: """
                    新疆维吾尔自治区乌鲁木齐市高新区网络学习空间建设与应用报告

                    一、基本情况。全区共有中小学四十六所，教师三千二百人，学生四万一千人。区教育局于二〇一八年启动“人人通”建设，成立由局长任组长的领导小组，制定《网络学习空间建设与应用实施方案》，明确经费保障与考核激励。
                    """),
            DossierPage(
                number: 2,
                text: """
                    二、空间开通情况。截至二〇二〇年六月，教师空间开通率达到百分之九十八，学生空间开通率达到百分之九十五，机构空间覆盖全部学校。
                    表1  空间开通数
                    学段      教师空间   学生空间
                    小学      1,850      24,300
                    初中      1,350      16,700
                    """),
            DossierPage(
                number: 3,
                text: """
                    三、深化应用。依托空间开展跨校教研，形成区域教研共同体；\
                    开通率与使用率均纳入学校年度考核。\n
                    """
                        + (1...12).map {
                            """
                            案例\($0)：第\($0)所学校以空间为载体开展项目式学习，\
                            学生提交作品、互评并由教师据此调整教学（见附件\($0)）。
                            """
                        }
                        .joined(separator: "\n")),
        ]
        return Dossier(
            candidate: candidate,
            files: [
                file(
                    1,
                    """
                    建设与应用报告.pdf
                    """, pages: 3, .text), file(2, "推荐表盖章页.pdf", pages: 1, .scanned),
                file(3, "典型案例.pdf", pages: 0, .encrypted, "the PDF opens only with a password"),
            ],
            pages: [report, [DossierPage(number: 1, text: "", image: true)], []],
            // A typing error in the summary table: more teacher spaces than teachers.
            summary: DossierSummary.lines(
                candidate: work()[1].candidate, related: [],
                facts: [Fact(name: "教师数", value: "3,200"), Fact(name: "教师空间开通数", value: "3300")],
                rates: (try? round().rules.rates) ?? []))
    }

    static func press(_ state: inout AppState, _ keys: [Key]) -> [Effect] {
        keys.flatMap { update(&state, .key($0)) }
    }

    static func type(_ text: String) -> [Key] { text.map { .character($0) } }

    static func login(_ state: AppState) -> LoginState? {
        if case .login(let login) = state.screen { return login }
        return nil
    }

    static func list(_ state: AppState) -> ListState? {
        if case .list(let list) = state.screen { return list }
        return nil
    }

    static func sheet(_ state: AppState) -> SheetState? {
        if case .sheet(let sheet, _) = state.screen { return sheet }
        return nil
    }

    static func console(_ state: AppState) -> ConsoleState? {
        if case .console(let console) = state.screen { return console }
        return nil
    }
}

extension Buffer {
    /// Every wide character has its continuation cell right after it, and no continuation is orphaned.
    var wideCharactersAreWhole: Bool {
        for row in 0..<height {
            for column in 0..<width {
                let cell = self[row, column]
                if let character = cell.character, DisplayWidth.of(character) == 2 {
                    if column + 1 >= width || self[row, column + 1].character != nil { return false }
                }
                if cell.character == nil {
                    guard column > 0, let lead = self[row, column - 1].character, DisplayWidth.of(lead) == 2 else {
                        return false
                    }
                }
            }
        }
        return true
    }

    /// The display column where `text` first starts on `row` at or after `from`, if it is there.
    func column(of text: String, row: Int, from: Int = 0) -> Int? {
        let first = text.first!
        for column in from..<width where self[row, column].character == first {
            var x = column, matched = true
            for character in text {
                guard x < width, self[row, x].character == character else { matched = false; break }
                x += DisplayWidth.of(character)
            }
            if matched { return column }
        }
        return nil
    }
}
