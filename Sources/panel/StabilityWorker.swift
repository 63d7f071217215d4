import Foundation
import PanelCore
import PanelStore
#if canImport(Glibc)
import Glibc
#endif

/// Computes the cut lines' stability for the chair's console on a thread of its own, at the
/// lowest priority and on one core: resampling takes seconds at national size, and the server's
/// other work (experts saving scores) comes first. One computation at a time; when the round
/// changed meanwhile, it starts again after a pause, on the newest state.
final class StabilityWorker: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var wanted: Int?
    private var running = false
    private var latest: (counter: Int, stability: [CutLineStability])?
    private var delivered: Int?
    /// Between two computations, so that a round being scored is not resampled without end.
    private let pause: TimeInterval

    init(path: String, pause: TimeInterval = 10) {
        self.path = path
        self.pause = pause
    }

    /// Asks for the stability of the state at `counter` (or later).
    func request(_ counter: Int) {
        let start: Bool = lock.withLock {
            if let latest, latest.counter >= counter { return false }
            wanted = max(wanted ?? counter, counter)
            guard !running else { return false }
            running = true
            return true
        }
        if start { Thread.detachNewThread { [self] in work() } }
    }

    /// The newest result, if it was not handed out yet.
    func takeNew() -> (counter: Int, stability: [CutLineStability])? {
        lock.withLock {
            guard let latest, delivered != latest.counter else { return nil }
            delivered = latest.counter
            return latest
        }
    }

    /// The newest result, handed out or not.
    var newest: (counter: Int, stability: [CutLineStability])? { lock.withLock { latest } }

    private func work() {
        #if canImport(Glibc)
        // On Linux a nice value belongs to a thread, and `who` 0 is the calling one (setpriority(2), BUGS).
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
        while true {
            let result = try? compute()
            let again: Bool = lock.withLock {
                if let result { latest = result }
                let behind = (wanted ?? 0) > (latest?.counter ?? 0)
                if !behind { running = false }
                return behind
            }
            guard again else { return }
            Thread.sleep(forTimeInterval: pause)
        }
    }

    private func compute() throws -> (counter: Int, stability: [CutLineStability]) {
        let store = try PanelDatabase.open(at: path, readOnly: true)
        let (counter, input) = try store.stabilityInput()
        let rankings = ScoringEngine.rank(input, kinds: CandidateKind.allCases)
        return (counter, zip(CandidateKind.allCases, rankings).map { CutLineStability.compute(input, kind: $0, official: $1, parallel: false) })
    }
}
