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
            id: "S-1", kind: .school, name: "杭州市第一中学", province: "浙江省", city: "杭州市", county: "",
            level: .basic, platform: "p", connected: true, priorAward: nil, supports: "R-1", provinceRank: nil,
            importOrder: 9)
        items.append(WorkItem(candidate: school, material: nil, defense: nil, defenseOpen: false))
        return items
    }

    /// Logged in as E01, on the list.
    static func signedIn(width: Int = 80, height: Int = 24) throws -> AppState {
        var state = AppState(round: try round(), width: width, height: height)
        _ = update(&state, .signedIn(expert, work()))
        return state
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
