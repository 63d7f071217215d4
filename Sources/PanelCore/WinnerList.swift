/// The list the ministry publishes: 优秀区域 and 优秀学校, by the standard order of the
/// province-level units (GB/T 2260), then by final rank within a province.
public struct WinnerList: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var kind: CandidateKind
        public var title: String
        /// 序号, 省份, 名称 (and 学段 for schools).
        public var columns: [String]
        public var rows: [[String]]
    }

    public var roundName: String
    /// `nil` before the round is finalized: the list is a draft.
    public var snapshotSHA256: String?
    public var tables: [Table]

    public var isDraft: Bool { snapshotSHA256 == nil }

    public init(rankings: [Ranking], roundName: String, snapshotSHA256: String?) {
        self.roundName = roundName
        self.snapshotSHA256 = snapshotSHA256
        let order = Dictionary(uniqueKeysWithValues: Province.all.enumerated().map { ($1.name, $0) })
        tables = rankings.map { ranking in
            let winners = ranking.winners.sorted {
                (order[$0.candidate.province] ?? 99, $0.rank ?? 0, $0.candidate.id) < (
                    order[$1.candidate.province] ?? 99, $1.rank ?? 0, $1.candidate.id
                )
            }
            let school = ranking.kind == .school
            let name = school ? "优秀学校" : "优秀区域"
            return Table(
                kind: ranking.kind,
                title: "\(roundName) \(name)名单" + (snapshotSHA256 == nil ? "（草稿）" : ""),
                columns: school ? ["序号", "省份", "名称", "学段"] : ["序号", "省份", "名称"],
                rows: winners.enumerated().map { index, entry in
                    [String(index + 1), entry.candidate.province, entry.candidate.name]
                        + (school ? [entry.candidate.level?.rawValue ?? ""] : [])
                })
        }
    }

    /// What the file says about its standing: 草稿 before finalization, the snapshot hash after.
    public var standing: String {
        snapshotSHA256.map { "定稿 sha256 \($0)" } ?? "草稿 (draft): 未定稿，名单可能变化"
    }

    /// Markdown, ready to paste into the announcement.
    public var markdown: String {
        var lines: [String] = []
        for table in tables {
            lines += [
                "## \(table.title)", "", "| " + table.columns.joined(separator: " | ") + " |",
                "|" + table.columns.map { _ in " --- " }.joined(separator: "|") + "|",
            ]
            lines += table.rows.map { "| " + $0.map(Self.markdownCell).joined(separator: " | ") + " |" }
            lines += ["", "共 \(table.rows.count) 个。", ""]
        }
        lines.append("<!-- \(standing) -->")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
    /// leading apostrophe, so that it is shown as text and never executed.
    public static func neutralized(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else {
            return cell
        }
        return "'" + cell
    }

    /// Text as one cell of a Markdown table, exactly as written: a `|` does not add a column, a
    /// line break does not end the row, and a `<` that would open an HTML tag (`<script>`, `<img
    /// onerror>`, `</td>`, `<!--`) is written `&lt;`, so that it stays text when the table goes
    /// through pandoc into HTML. A `<` before anything else (`85.7 < 87.7`) is left as it is; what
    /// would steer a terminal showing the file is written out as `TerminalSafe` writes it.
    public static func markdownCell(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            case "<" where index + 1 < scalars.count && opensTag(scalars[index + 1]): out += "&lt;"
            case "\n", "\r", "\u{2028}", "\u{2029}": out += " "
            case _ where TerminalSafe.steers(scalar): out += TerminalSafe.cell(String(scalar))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func opensTag(_ next: Unicode.Scalar) -> Bool {
        next.properties.isAlphabetic || next == "/" || next == "!" || next == "?"
    }
}
