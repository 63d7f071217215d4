import PanelCore
import TerminalKit

/// What happens to the application: keys, the terminal's size, and the results of effects.
public enum Msg: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    case signedIn(ExpertEntry, [WorkItem])
    case signInRefused(String)
    case workLoaded([WorkItem])
    case saved(SheetKey, item: String, Points)
    case saveRefused(SheetKey, item: String, previous: Points?, reason: String)
    case submitted(SheetKey)
    case commentSaved(SheetKey, String)
    case failed(String)
    /// The chair's console: fresh data, a candidate's explanation, a decision taken.
    case signedInChair(ExpertEntry, ConsoleData)
    case consoleLoaded(ConsoleData)
    case explained(String, [String])
    case chairDone(String)
    /// The fairness statistics (without the resampling), and the cut lines' stability computed
    /// in the background for the state at `changeCounter`.
    case statsLoaded(FairnessReport)
    case stabilityLoaded(changeCounter: Int, [CutLineStability])
    /// About a second passed without a key: time to look for other people's changes.
    case tick
}

/// What the application asks the loop to do; plain data, run by the `panel` executable.
public enum Effect: Equatable, Sendable {
    case signIn(id: String, pin: String)
    case saveScore(SheetKey, item: String, Points, previous: Points?)
    case submit(SheetKey)
    case saveComment(SheetKey, String)
    case reload
    case quit
    case chair(ChairCommand)
    case explain(String)
    case loadStats
    /// Reload the console if anyone changed anything since `changeCounter`.
    case pollChanges(since: Int)
}

/// The whole front end's state; one sub-state per screen.
public struct AppState: Sendable {
    public enum Screen: Sendable {
        case login(LoginState)
        case list(ListState)
        case sheet(SheetState)
        case console(ConsoleState)
    }

    public var round: RoundDefinition
    public var width: Int
    public var height: Int
    public var screen: Screen
    public var expert: ExpertEntry?
    public var status = ""
    public var statusIsError = false
    public var showHelp = false
    /// The list as it was left, so that coming back from a sheet keeps the place.
    var list = ListState()

    public init(round: RoundDefinition, width: Int, height: Int, expertID: String? = nil) {
        self.round = round
        self.width = width
        self.height = height
        screen = .login(LoginState(id: expertID ?? ""))
    }

    public static let minimumWidth = 80, minimumHeight = 24

    mutating func say(_ text: String, error: Bool = false) {
        status = text
        statusIsError = error
    }

    /// The current screen's bindings, for the help bar and the `?` overlay.
    public var bindings: [Binding] {
        switch screen {
        case .login: LoginState.bindings
        case .list: ListState.bindings
        case .sheet(let sheet): sheet.bindings
        case .console(let console): console.bindings
        }
    }
}

/// The Elm-style update: the state changes in place, and what must happen outside comes back.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return []
    case .key(.character("?")) where !state.isTyping:
        state.showHelp.toggle()
        return []
    case .key where state.showHelp:
        state.showHelp = false
        return []
    case .key(.character("Q")) where !state.isTyping:
        return [.quit]
    case .failed(let reason):
        state.say(reason, error: true)
        return []
    case .tick:
        if case .console(let console) = state.screen { return [.pollChanges(since: console.data.changeCounter)] }
        return []
    case .signedInChair(let chair, let data):
        state.expert = chair
        state.screen = .console(ConsoleState(data: data))
        state.say("组长 \(chair.name)：Tab 切换进度、排名、统计与离群，Enter 查看详情，? 查看全部操作。")
        return []
    case .chairDone(let message):
        state.say(message)
        return []
    default:
        break
    }
    switch state.screen {
    case .login(var login):
        let effects = login.update(msg, app: &state)
        if case .login = state.screen { state.screen = .login(login) }
        return effects
    case .list(var list):
        let effects = list.update(msg, app: &state)
        if case .list = state.screen { state.screen = .list(list) }
        return effects
    case .sheet(var sheet):
        let effects = sheet.update(msg, app: &state)
        if case .sheet = state.screen { state.screen = .sheet(sheet) }
        return effects
    case .console(var console):
        let effects = console.update(msg, app: &state)
        if case .console = state.screen { state.screen = .console(console) }
        return effects
    }
}

extension AppState {
    /// Letters go into a field rather than being commands.
    var isTyping: Bool {
        switch screen {
        case .login: true
        case .list(let list): list.searching != nil
        case .sheet(let sheet): sheet.editing != nil || sheet.comment != nil
        case .console(let console): console.prompt != nil
        }
    }
}

/// Draws the state: the screen, then the status line and the help bar (or the help overlay).
public func render(_ state: AppState) -> Buffer {
    var buffer = Buffer(width: state.width, height: state.height)
    guard state.width >= AppState.minimumWidth, state.height >= AppState.minimumHeight else {
        buffer.put("terminal too small (need 80×24)", row: 0, column: 0, style: .invalid)
        return buffer
    }
    switch state.screen {
    case .login(let login): login.render(into: &buffer, app: state)
    case .list(let list): list.render(into: &buffer, app: state)
    case .sheet(let sheet): sheet.render(into: &buffer, app: state)
    case .console(let console): console.render(into: &buffer, app: state)
    }
    if state.showHelp { renderHelp(state.bindings, into: &buffer) }
    buffer.put(state.status, row: state.height - 2, column: 1, style: state.statusIsError ? .invalid : .normal)
    // `? 帮助` always shows: the bar gives up its last bindings for it.
    let help = "  ? 帮助"
    buffer.put(state.bindings.helpBar(width: state.width - 2 - DisplayWidth.of(help)) + help, row: state.height - 1, column: 1, style: .help)
    buffer.paint(row: state.height - 1, style: .help)
    return buffer
}

/// Every binding of the screen in a box over it.
func renderHelp(_ bindings: [Binding], into buffer: inout Buffer) {
    let top = 2, left = 4, width = buffer.width - 8
    let rows = ["帮助 (任意键关闭)"] + bindings.map { DisplayWidth.padded($0.label, to: 22) + $0.help }
        + [DisplayWidth.padded("?", to: 22) + "显示/关闭帮助", DisplayWidth.padded("Q", to: 22) + "退出 panel"]
    for (index, text) in rows.enumerated() where top + index < buffer.height - 2 {
        buffer.put(DisplayWidth.padded(" " + text, to: width), row: top + index, column: left, style: index == 0 ? .title : .selected)
    }
}
