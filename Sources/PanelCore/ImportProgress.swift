/// How far a long import has come, reported now and then so that a terminal can show a bar: a
/// national score workbook of a million rows takes tens of seconds.
public struct ImportProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case reading = "读取", checking = "检查", writing = "写入"
    }
    public var phase: Phase
    /// Rows (reading, checking) or sheets (writing) done so far.
    public var done: Int
    /// Out of how many, when known (a workbook declares its size; a CSV file's lines are counted).
    public var total: Int?

    public init(_ phase: Phase, done: Int, total: Int?) {
        self.phase = phase
        self.done = done
        self.total = total
    }

    /// How many rows pass between two reports: often enough for a bar, rare enough to cost nothing.
    public static let every = 5_000
}

public typealias ImportProgressSink = (ImportProgress) -> Void
