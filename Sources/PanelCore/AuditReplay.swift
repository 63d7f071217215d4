/// What the audit log says the panel holds: every sheet's status, scores and comment, and every
/// decision of the chair, rebuilt from the entries alone. `audit verify` compares it with the
/// tables, so that a row edited behind panel's back (`UPDATE sheet SET total = total + 1000`,
/// a spot check changed to pass) is caught even though the chain itself is intact.
///
/// Each table is kept as rows of text keyed by the table's primary key, in the shape the store
/// reads the table in (`AuditReplay.Table`), so the two compare as plain values.
public struct AuditReplay: Sendable {
    /// Primary key (its columns joined by a space; ids are one word) → the other columns.
    public typealias Table = [String: [String]]

    /// `sheet`: status, comment. `recusal`: reason, state, chair, decision, replacement.
    /// `spot_check`: passed (1/0), note, chair. `override`: action, reason, chair. `defense_absence`: note, chair. `shortlist_freeze`:
    /// candidate ids, chair. `resolution`: tie group, winners, reason, chair. `outlier_review`:
    /// total in hundredths, note, chair. `round_state`: finalized (the chair), snapshot_sha256,
    /// defense_open (the chair who opened it). `defense_slot`: group, turn, state, started, paused
    /// since, seconds paused, ended, late (1/0), planned start and end, as the day's entries left them.
    public private(set) var tables: [String: Table] = [:]
    /// The `score` table, by sheet (its key's `row`) and then item: hundredths. Kept apart from
    /// `tables` since it is most of a panel's rows (550,000 in a provincial round), compared a
    /// sheet at a time, and an import replaces a sheet's scores at once.
    public private(set) var scores: [String: [String: Int]] = [:]
    /// Entries whose text this replay could not read: the log was written by a format it does not
    /// know, so the comparison cannot be trusted for their subjects.
    public private(set) var unreadable: [(seq: Int64, why: String)] = []

    public static let tableNames = [
        "sheet", "recusal", "spot_check", "override", "defense_absence", "shortlist_freeze", "resolution",
        "outlier_review", "round_state", "defense_slot",
    ]

    public init() {
        for name in Self.tableNames { tables[name] = [:] }
    }

    public init(_ entries: some Sequence<AuditEntry>) {
        self.init()
        for entry in entries { apply(entry) }
    }

    public mutating func apply(_ entry: AuditEntry) {
        let words = entry.subject.split(separator: " ").map(String.init)
        let after = entry.after ?? ""
        func unread(_ why: String) { unreadable.append((entry.seq, why)) }
        switch entry.action {
        case "score", "submit", "reopen sheet", "comment", "review outlier":
            guard let key = Self.sheetKey(words) else { return unread("not a sheet: \(entry.subject)") }
            if let why = applySheet(entry.action, key: key, after: after, actor: entry.actor) { unread(why) }
        case _ where entry.action.hasPrefix("import scores"):
            guard let key = Self.sheetKey(words) else { return }  // the file's own entry, if any
            guard let (status, scores) = Self.statusAndScores(after) else { return unread("scores: \(after)") }
            ensureSheet(key)
            tables["sheet"]![key.row]![0] = status
            self.scores[key.row] = Dictionary(scores, uniquingKeysWith: { _, last in last })
        case "spot check":
            guard words.count == 2, let (verdict, note) = Self.split(after), ["pass", "fail"].contains(verdict) else {
                return unread("spot check: \(after)")
            }
            tables["spot_check"]![words[1]] = [verdict == "pass" ? "1" : "0", note, entry.actor]
        case "override include", "override exclude":
            guard words.count == 2, let (action, reason) = Self.split(after) else {
                return unread("override: \(after)")
            }
            tables["override"]![words[1]] = [action, reason, entry.actor]
        case "override clear":
            guard words.count == 2 else { return unread("override: \(entry.subject)") }
            tables["override"]![words[1]] = nil
        case "defense absent":
            guard words.count == 2, let (_, note) = Self.split(after) else { return unread("absence: \(after)") }
            tables["defense_absence"]![words[1]] = [note, entry.actor]
            // A candidate waiting on the day's board is absent there too (as the store does).
            if tables["defense_slot"]![words[1]]?[2] == "waiting" { tables["defense_slot"]![words[1]]![2] = "absent" }
        case "defense present":
            guard words.count == 2 else { return unread("absence: \(entry.subject)") }
            tables["defense_absence"]![words[1]] = nil
            if tables["defense_slot"]![words[1]]?[2] == "absent" { tables["defense_slot"]![words[1]]![2] = "waiting" }
        case _ where entry.action.hasPrefix("defense "):
            var slots = DefenseSlotReplay(tables["defense_slot"]!)
            if let why = slots.apply(entry.action, words: words, after: after) { unread(why) }
            tables["defense_slot"] = slots.table
        case "freeze shortlist":
            guard words.count == 2 else { return unread("freeze: \(entry.subject)") }
            tables["shortlist_freeze"]![words[1]] = [after, entry.actor]
        case "resolve tie":
            // `winners A B of 2 places: reason`, the tie group in the subject.
            let parts = after.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard words.count >= 3, parts.first == "winners", let of = parts.firstIndex(of: "of"),
                of + 2 < parts.count, parts[of + 2].hasSuffix(":")
            else { return unread("resolution: \(after)") }
            tables["resolution"]![words[1]] = [
                words[2...].joined(separator: " "), parts[1..<of].joined(separator: " "),
                parts[(of + 3)...].joined(separator: " "), entry.actor,
            ]
        case "finalize":
            let prefix = "snapshot sha256 "
            guard after.hasPrefix(prefix) else { return unread("finalize: \(after)") }
            tables["round_state"]!["finalized"] = [entry.actor]
            tables["round_state"]!["snapshot_sha256"] = [String(after.dropFirst(prefix.count).prefix(64))]
        case "request recusal", "approve recusal", "reject recusal", "reassign":
            guard words.count == 3, let (head, text) = Self.split(after) else { return unread("recusal: \(after)") }
            let pair = "\(words[1]) \(words[2])"
            let asked = tables["recusal"]![pair]?.first ?? text
            switch entry.action {
            case "request recusal":
                withdraw(pair)
                tables["recusal"]![pair] = [text, "open", "", "", ""]
            case "reject recusal":
                restore(pair)
                tables["recusal"]![pair] = [asked, "rejected", entry.actor, text, ""]
            default:  // `approved, replacement E11: reason`
                let prefix = "approved, replacement "
                guard head.hasPrefix(prefix) else { return unread("recusal: \(after)") }
                if entry.action == "reassign" { withdraw(pair) }
                withdrawn[pair] = nil
                let taker = String(head.dropFirst(prefix.count))
                tables["recusal"]![pair] = [
                    entry.action == "reassign" ? text : asked, "approved", entry.actor, text, taker,
                ]
            }
        case "open defense": tables["round_state"]!["defense_open"] = [entry.actor]
        case "close defense": tables["round_state"]!["defense_open"] = nil
        default: break  // imports of candidates and experts, assignments, sign-ins, dossiers
        }
    }

    /// Nil, or why the entry could not be read.
    private mutating func applySheet(_ action: String, key: SheetKey, after: String, actor: String) -> String? {
        switch action {
        case "score":
            guard let (item, hundredths) = Self.itemValue(after) else { return "score: \(after)" }
            ensureSheet(key)
            scores[key.row, default: [:]][item] = hundredths
        case "submit":
            ensureSheet(key)
            tables["sheet"]![key.row]![0] = "submitted"
        case "reopen sheet":
            ensureSheet(key)
            tables["sheet"]![key.row]![0] = "draft"
        case "comment":
            ensureSheet(key)
            tables["sheet"]![key.row]![1] = after
        default:  // review outlier: `reviewed at total 85.5 (others 70.25): note`
            let prefix = "reviewed at total "
            guard after.hasPrefix(prefix), let space = after.dropFirst(prefix.count).firstIndex(of: " "),
                let total = Points(
                    parsing: String(after[after.index(after.startIndex, offsetBy: prefix.count)..<space])),
                let colon = after.range(of: "): ")
            else { return "outlier review: \(after)" }
            tables["outlier_review"]![key.row] = [String(total.hundredths), String(after[colon.upperBound...]), actor]
        }
        return nil
    }

    /// Sheets of an expert and a candidate set aside while a recusal is open, by `expert candidate`.
    private var withdrawn: [String: (sheets: Table, scores: [String: [String: Int]])] = [:]

    private mutating func withdraw(_ pair: String) {
        var aside: (sheets: Table, scores: [String: [String: Int]]) = ([:], [:])
        for stage in Stage.allCases {
            let row = "\(pair) \(stage.rawValue)"
            aside.sheets[row] = tables["sheet"]![row]
            aside.scores[row] = scores[row]
            tables["sheet"]![row] = nil
            scores[row] = nil
            tables["outlier_review"]![row] = nil
        }
        withdrawn[pair] = aside
    }

    private mutating func restore(_ pair: String) {
        guard let aside = withdrawn.removeValue(forKey: pair) else { return }
        for (row, sheet) in aside.sheets { tables["sheet"]![row] = sheet }
        for (row, items) in aside.scores { scores[row] = items }
    }

    private mutating func ensureSheet(_ key: SheetKey) {
        if tables["sheet"]![key.row] == nil { tables["sheet"]![key.row] = ["draft", ""] }
    }

    static func sheetKey(_ words: [String]) -> SheetKey? {
        guard words.count == 4, words[0] == "sheet", let stage = Stage(rawValue: words[3]) else { return nil }
        return SheetKey(expert: words[1], candidate: words[2], stage: stage)
    }

    /// `A1=4.5` → (A1, 450).
    static func itemValue(_ text: some StringProtocol) -> (String, Int)? {
        guard let equals = text.firstIndex(of: "="),
            let points = Points(parsing: String(text[text.index(after: equals)...]))
        else { return nil }
        return (String(text[..<equals]), points.hundredths)
    }

    /// `submitted: A1=4 A2=3.5 (file x.csv)` → ("submitted", [(A1, 400), (A2, 350)]).
    static func statusAndScores(_ text: String) -> (String, [(String, Int)])? {
        guard let (status, rest) = split(text), ["draft", "submitted"].contains(status) else { return nil }
        var scores: [(String, Int)] = []
        for word in rest.split(separator: " ") {
            if word.hasPrefix("(") { break }
            guard let pair = itemValue(word) else { return nil }
            scores.append(pair)
        }
        return (status, scores)
    }

    /// `pass: the note: with colons` → ("pass", "the note: with colons").
    static func split(_ text: String) -> (String, String)? {
        guard let colon = text.range(of: ": ") else {
            return text.hasSuffix(":") ? (String(text.dropLast()), "") : nil
        }
        return (String(text[..<colon.lowerBound]), String(text[colon.upperBound...]))
    }
}

extension SheetKey {
    /// The key's columns as the replay's tables key them.
    public var row: String { "\(expert) \(candidate) \(stage.rawValue)" }
}
