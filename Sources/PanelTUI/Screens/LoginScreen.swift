import PanelCore
import TerminalKit

/// 登录: the expert id and a masked PIN.
public struct LoginState: Sendable, Equatable {
    public var id: String
    public var pin = ""
    /// 0: the id field, 1: the PIN field.
    public var field: Int

    public init(id: String) {
        self.id = id
        field = id.isEmpty ? 0 : 1
    }

    static let bindings = [
        Binding([.tab, .backTab], "切换输入框"),
        Binding([.enter], "登录"),
        Binding([.backspace], "删除"),
        Binding([.escape], "清空", inBar: false),
    ]

    mutating func update(_ msg: Msg, app: inout AppState) -> [Effect] {
        switch msg {
        case .key(.tab), .key(.backTab), .key(.up), .key(.down):
            field = 1 - field
        case .key(.escape):
            if field == 0 { id = "" } else { pin = "" }
        case .key(.backspace):
            if field == 0 { _ = id.popLast() } else { _ = pin.popLast() }
        case .key(.character(let c)):
            if field == 0 {
                if !c.isWhitespace && id.count < 32 { id.append(c) }
            } else if c.isASCII && c.isNumber && pin.count < 12 {
                pin.append(c)
            }
        case .key(.enter):
            guard !id.isEmpty else { field = 0; app.say("请输入专家编号 (expert id)", error: true); return [] }
            guard !pin.isEmpty else { field = 1; app.say("请输入 PIN", error: true); return [] }
            app.say("正在验证…")
            return [.signIn(id: id, pin: pin)]
        case .signInRefused(let reason):
            pin = ""
            field = 1
            app.say(reason, error: true)
        case .signedIn(let expert, let work):
            app.expert = expert
            app.list = ListState(work: work)
            app.screen = .list(app.list)
            app.say("欢迎，\(expert.name)。已保存的分数随时可见；Enter 打开评分表。")
        default:
            break
        }
        return []
    }

    func render(into buffer: inout Buffer, app: AppState) {
        buffer.put(" " + app.round.rules.round.name, row: 0, column: 0, style: .title)
        buffer.paint(row: 0, style: .title)
        let top = max(3, app.height / 2 - 5), left = max(2, app.width / 2 - 20)
        buffer.put("专家登录 (panel)", row: top, column: left, style: .header)
        buffer.put("专家编号:", row: top + 2, column: left)
        buffer.put(DisplayWidth.padded(id + (field == 0 ? "_" : ""), to: 16), row: top + 2, column: left + 11, style: field == 0 ? .selected : .normal)
        buffer.put("PIN:", row: top + 4, column: left)
        buffer.put(DisplayWidth.padded(String(repeating: "*", count: pin.count) + (field == 1 ? "_" : ""), to: 16),
                   row: top + 4, column: left + 11, style: field == 1 ? .selected : .normal)
        buffer.put("Tab 切换  Enter 登录  Q 退出", row: top + 6, column: left, style: .dim)
    }
}
