import Foundation

/// How far a tool reading a dossier file may go before it is stopped: a PDF that makes an
/// extractor loop, or a ZIP bomb posing as a DOCX, costs one file, never the import.
public struct ToolLimits: Sendable {
    public var seconds: Double
    public var memoryBytes: Int
    public var outputBytes: Int

    public init(seconds: Double = 60, memoryBytes: Int = 1 << 30, outputBytes: Int = 64 << 20) {
        self.seconds = seconds
        self.memoryBytes = memoryBytes
        self.outputBytes = outputBytes
    }

    public var summary: String { "\(Int(seconds)) s, \(memoryBytes >> 20) MiB" }
}

/// What a tool printed and how it ended.
public struct ToolRun: Sendable {
    public enum Ending: Equatable, Sendable { case exited(Int32), timedOut, tooMuchOutput, signalled(Int32) }
    public var ending: Ending
    public var stdout: Data
    public var stderr: String

    public var succeeded: Bool { ending == .exited(0) }
}

/// Runs a tool as a subprocess with an argument list (never a shell), its address space capped by
/// util-linux's `prlimit` (which then runs the tool itself), killed past its time or output limit.
public enum BoundedProcess {
    public struct Missing: Error, CustomStringConvertible {
        public var tool: String
        public init(tool: String) { self.tool = tool }
        public var description: String {
            "\(tool) is not installed (run `make deps`, or see the README's list of tools)"
        }
    }

    /// The full path of `tool` on PATH, found without a shell.
    public static func locate(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func run(_ tool: String, _ arguments: [String], limits: ToolLimits = ToolLimits()) throws -> ToolRun {
        guard let executable = locate(tool) else { throw Missing(tool: tool) }
        guard let prlimit = locate("prlimit") else { throw Missing(tool: "prlimit (util-linux)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prlimit)
        process.arguments =
            ["--as=\(limits.memoryBytes)", "--cpu=\(Int(limits.seconds.rounded(.up)) + 1)", "--", executable]
            + arguments
        // Only what the tools need: a C locale with UTF-8, no inherited secrets.
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "OMP_THREAD_LIMIT": "1", "HOME": NSTemporaryDirectory(),
        ]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let state = RunState()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            var collected = Data()
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
                if collected.count > limits.outputBytes {
                    state.mark(.tooMuchOutput)
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
            }
            state.stdout = collected
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            // Only the end of what it complained about matters; keep it small.
            let data = err.fileHandleForReading.readDataToEndOfFile()
            state.stderr = String(decoding: data.suffix(4096), as: UTF8.self)
            group.leave()
        }
        if group.wait(timeout: .now() + limits.seconds) == .timedOut {
            state.mark(.timedOut)
            kill(process.processIdentifier, SIGKILL)
            group.wait()
        }
        process.waitUntilExit()
        let ending: ToolRun.Ending =
            state.limit
            ?? (process.terminationReason == .uncaughtSignal
                ? .signalled(process.terminationStatus) : .exited(process.terminationStatus))
        return ToolRun(ending: ending, stdout: state.stdout, stderr: state.stderr)
    }

    /// The reader threads' results, and which limit ended the run (the first one counts).
    private final class RunState: @unchecked Sendable {
        private let lock = NSLock()
        private var _limit: ToolRun.Ending?
        var stdout = Data()
        var stderr = ""
        var limit: ToolRun.Ending? { lock.withLock { _limit } }
        func mark(_ ending: ToolRun.Ending) { lock.withLock { if _limit == nil { _limit = ending } } }
    }
}
