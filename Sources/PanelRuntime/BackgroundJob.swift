import Foundation
import PanelCore
import PanelStore
#if canImport(Glibc)
import Glibc
#endif

/// Computes something about the round for the chair's console on a thread of its own, so that
/// the console never waits for it: the cut lines' stability (seconds at national size) and, in a
/// large round, the statistics. One computation at a time; when the round changed meanwhile, it
/// starts again after `pause`, on the newest state.
public final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    private let compute: @Sendable () throws -> (counter: Int, value: Value)
    private let pause: TimeInterval
    private let lowPriority: Bool
    private let condition = NSCondition()
    private var wanted: Int?
    private var running = false
    private var latest: (counter: Int, value: Value)?
    private var delivered: Int?

    /// `compute` reads the round and says which change counter it read it at. `lowPriority`: at
    /// nice 19, for work that must leave the machine to the experts' saves.
    public init(
        pause: TimeInterval, lowPriority: Bool, compute: @escaping @Sendable () throws -> (counter: Int, value: Value)
    ) {
        self.compute = compute
        self.pause = pause
        self.lowPriority = lowPriority
    }

    /// Asks for the value of the state at `counter` (or later).
    public func request(_ counter: Int) {
        condition.lock()
        defer { condition.unlock() }
        if let latest, latest.counter >= counter { return }
        wanted = max(wanted ?? counter, counter)
        guard !running else { return }
        running = true
        Thread.detachNewThread { [self] in work() }
    }

    /// The value of the state at `counter` or later if it is ready within `seconds`: a quick
    /// computation answers at once, a slow one later through `takeNew`.
    public func value(at counter: Int, within seconds: TimeInterval) -> Value? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while latest.map({ $0.counter < counter }) ?? true {
            guard condition.wait(until: deadline) else { return nil }
        }
        delivered = latest!.counter
        return latest!.value
    }

    /// The newest value, if it was not handed out yet.
    public func takeNew() -> (counter: Int, value: Value)? {
        condition.lock()
        defer { condition.unlock() }
        guard let latest, delivered != latest.counter else { return nil }
        delivered = latest.counter
        return latest
    }

    /// The newest value, handed out or not.
    public var newest: (counter: Int, value: Value)? {
        condition.lock()
        defer { condition.unlock() }
        return latest
    }

    private func work() {
        #if canImport(Glibc)
        // On Linux a nice value belongs to a thread, and `who` 0 is the calling one (setpriority(2), BUGS).
        if lowPriority { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19) }
        #endif
        while true {
            let result = try? compute()
            condition.lock()
            if let result { latest = result }
            let behind = (wanted ?? 0) > (latest?.counter ?? 0)
            if !behind { running = false }
            condition.broadcast()
            condition.unlock()
            guard behind else { return }
            Thread.sleep(forTimeInterval: pause)
        }
    }
}

extension BackgroundJob where Value == [CutLineStability] {
    /// Each kind's cut-line stability, resampled on one core at the lowest priority.
    public static func stability(path: String) -> BackgroundJob {
        BackgroundJob(pause: 10, lowPriority: true) {
            let read = try PanelDatabase.open(at: path, readOnly: true).fairnessInput()
            let rankings = ScoringEngine.rank(read.input, kinds: CandidateKind.allCases)
            return (
                read.counter,
                zip(CandidateKind.allCases, rankings).map {
                    CutLineStability.compute(read.input, kind: $0, official: $1, parallel: false)
                }
            )
        }
    }
}

extension BackgroundJob where Value == FairnessReport {
    /// The statistics of the 统计 and 离群 tabs (no resampling).
    public static func statistics(path: String) -> BackgroundJob {
        BackgroundJob(pause: 2, lowPriority: false) {
            let read = try PanelDatabase.open(at: path, readOnly: true).fairnessInput()
            return (read.counter, FairnessReport.compute(read.input, reviews: read.reviews, stability: false))
        }
    }
}
