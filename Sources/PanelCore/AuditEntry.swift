/// One change, as the audit log keeps it.
public struct AuditEntry: Equatable, Sendable, Codable {
    /// The defence clock's keys: the day's running, not decisions about a candidate (an absence, a
    /// late arrival, a moved or reopened slot are).
    public static let defenseClockActions: Set<String> = [
        "defense start", "defense end", "defense pause", "defense resume",
    ]

    public var seq: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    public var before: String?
    public var after: String?
    public var prevHash: String
    public var hash: String

    public init(
        seq: Int64, at: String, actor: String, action: String, subject: String, before: String?, after: String?,
        prevHash: String, hash: String
    ) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
        self.prevHash = prevHash
        self.hash = hash
    }
}
