import PanelCore
import TerminalKit

/// 登录: the expert id and a masked PIN; or, when the identity is fixed (an expert's ssh key runs
/// `panel tui --expert E01`), that expert's name and the PIN only: no key switches to another id.
public struct LoginState: Sendable, Equatable {
    public var id: TextField
    public var pin = TextField(accepts: .digits, maxLength: 12, masked: true)
    /// 0: the id field, 1: the PIN field.
    public var field: Int
    /// The identity the login is fixed to, and the name shown for it (nil: anyone may sign in).
    public var fixed: (id: String, name: String)? {
        get { fixedID.map { ($0, fixedName) } }
        set { (fixedID, fixedName) = (newValue?.id, newValue?.name ?? "") }
    }
    private var fixedID: String?
    private var fixedName = ""

    public init(id: String = "", fixed: (id: String, name: String)? = nil) {
        self.id = TextField(fixed?.id ?? id, accepts: .word, maxLength: 32)
        field = fixed != nil || !id.isEmpty ? 1 : 0
        self.fixed = fixed
    }

    enum Action: Sendable, Equatable { case switchField, signIn, clear, edit, quit }

    var keymap: Keymap<Action> {
        // A fixed identity has one field: no key claims to switch to another.
        let switching = [
            Binding(keys: [.tab, .backTab, .up, .down], help: "切换输入框", action: Action.switchField)
        ]
        return Keymap(
            (fixed == nil ? switching : []) + [
                Binding(keys: [.enter], help: "登录", action: .signIn),
                Binding(keys: [.backspace], help: "删除", action: .edit),
                Binding(keys: [.delete, .left, .right, .home, .end], help: "编辑", action: .edit, inBar: false),
                Binding(keys: [.escape], help: "清空", action: .clear, inBar: false),
                // Q and ? are typed here (an id may hold them): quitting needs a key no id holds.
                Binding(keys: [.control("d")], help: "退出", action: .quit),
            ], typing: .edit)
    }

    var isTyping: Bool { true }

    mutating func update(_ msg: Msg, _ context: ScreenContext, _ status: inout StatusLine) -> Step {
        switch msg {
        case .key(let key):
            guard let action = keymap.action(for: key) else { return Step() }
            switch action {
            case .quit: return Step([.quit])
            case .switchField: if fixed == nil { field = 1 - field }
            case .clear: if field == 0 { id.set("") } else { pin.set("") }
            case .edit: if field == 0 && fixed == nil { id.apply(key) } else { pin.apply(key) }
            case .signIn:
                guard !id.isEmpty else { field = 0; status.say("请输入专家编号 (expert id)", error: true); return Step() }
                guard !pin.isEmpty else { field = 1; status.say("请输入 PIN", error: true); return Step() }
                status.say("正在验证…")
                return Step([.signIn(id: id.text, pin: pin.text)])
            }
        case .signInRefused(let reason):
            pin.set("")
            field = 1
            status.say(reason, error: true)
        case .signedIn(let expert, let work):
            status.say("欢迎，\(expert.name)。已保存的分数随时可见；Enter 打开评分表。")
            return Step(go: .signedIn(expert, ListState(work: work)))
        default:
            break
        }
        return Step()
    }

    func render(into buffer: inout Buffer, _ context: ScreenContext) {
        let layout = context.layout
        buffer.put(" " + context.round.rules.round.name, row: layout.title.y, column: 0, style: .title)
        buffer.paint(row: layout.title.y, style: .title)
        let top = max(3, layout.height / 2 - 5), left = max(2, layout.width / 2 - 20)
        buffer.put("专家登录 (panel)", row: top, column: left, style: .header)
        buffer.put("专家编号:", row: top + 2, column: left)
        if let fixed {
            // Fixed by the key the expert signed in to the server with: shown, not editable.
            let shown: String = fixed.id + "  " + fixed.name
            let room: Int = max(0, layout.width - left - 12)
            buffer.put(shown, row: top + 2, column: left + 11, limit: room)
        } else {
            buffer.put(
                id, row: top + 2, column: left + 11, width: 16, focused: field == 0,
                style: field == 0 ? .selected : .normal)
        }
        buffer.put("PIN:", row: top + 4, column: left)
        buffer.put(
            pin, row: top + 4, column: left + 11, width: 16, focused: field == 1,
            style: field == 1 ? .selected : .normal)
        buffer.put(
            fixed == nil ? "Tab 切换  Enter 登录  Ctrl-D 退出" : "输入 PIN 后按 Enter 登录  Ctrl-D 退出",
            row: top + 6,
            column: left, style: .dim)
    }
}
