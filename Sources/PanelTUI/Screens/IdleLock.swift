import PanelCore
import TerminalKit

/// A front end left alone locks (issue 18): after `[session] idle_lock_minutes` without a key the
/// screen is covered by the signed-in expert's PIN prompt, hiding every candidate and score, and
/// only that expert's PIN opens it again, on the screen it was, a half-typed value kept.
public struct IdleLock: Sendable, Equatable {
    /// Seconds without a key (one tick is a second in which no key came).
    public private(set) var idleSeconds = 0
    /// The PIN prompt while locked.
    public internal(set) var prompt: LoginState?

    public var isLocked: Bool { prompt != nil }

    /// What the lock does with `msg`: nil when it is the screen's to handle.
    mutating func intercept(_ msg: Msg, _ state: inout AppState) -> [Effect]? {
        guard var prompt else {
            switch msg {
            case .key: idleSeconds = 0
            case .tick:
                idleSeconds += 1
                let limit = state.round.rules.session.idleLockMinutes * 60
                if let expert = state.expert, limit > 0, idleSeconds >= limit {
                    self.prompt = LoginState(fixed: (expert.id, expert.name))
                    state.showHelp = false
                    let locked = "已空闲 \(limit / 60) 分钟，屏幕已锁定："
                    state.statusLine.say(locked + "输入 PIN 继续（已保存的分数都在）")
                    return []
                }
            default: break
            }
            return nil
        }
        switch msg {
        case .signedIn, .signedInChair:
            // The same expert (the prompt is fixed to them): back where they were.
            self.prompt = nil
            idleSeconds = 0
            state.statusLine.say("已解锁")
            return []
        case .key, .signInRefused:
            let step = prompt.update(msg, state.context, &state.statusLine)
            self.prompt = prompt
            return step.effects
        case .resize, .failed:
            return nil
        default:
            // While locked nothing reaches the screens (no polling, no loaded dossiers drawn).
            return []
        }
    }
}
