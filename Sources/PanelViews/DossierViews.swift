import PanelCore

/// `panel materials …` and `panel import materials`: names always escaped (they are hostile
/// input), JSON as the stable contract.
public enum DossierViews {
    public struct FileView: Codable, Equatable, Sendable {
        public var candidate, file, sha256: String
        public var size, pages: Int
        public var status: String
    }

    public struct HitView: Codable, Equatable, Sendable {
        public var candidate, file: String
        public var page: Int
        public var snippet: String
    }

    public static func files(_ records: [DossierFileRecord]) -> [FileView] {
        records.map {
            FileView(
                candidate: $0.candidate, file: $0.name, sha256: $0.sha256, size: $0.size, pages: $0.pages,
                status: $0.status.rawValue)
        }
    }

    public static func hits(_ hits: [DossierHit]) -> [HitView] {
        hits.map { HitView(candidate: $0.candidate, file: $0.file, page: $0.page, snippet: $0.snippet) }
    }

    public static func fileTable(_ records: [DossierFileRecord]) -> [String] {
        alignedColumns(
            [["编号", "文件", "页数", "大小", "状态", "说明"]]
                + records.map {
                    [
                        $0.candidate, DisplayName.escaped($0.name, limit: 48), String($0.pages), size($0.size),
                        $0.status.chineseName + (($0.version > 1) ? " (第 \($0.version) 版)" : ""),
                        DisplayName.escaped($0.message, limit: 80),
                    ]
                })
    }

    /// `limit`: how many the search returns at most; when it returned that many, say so.
    public static func hitTable(_ hits: [DossierHit], limit: Int = .max) -> [String] {
        alignedColumns(
            [["编号", "文件", "页", "上下文"]]
                + hits.map {
                    [
                        $0.candidate, DisplayName.escaped($0.file, limit: 40), String($0.page),
                        DisplayName.escaped($0.snippet),
                    ]
                })
            + [
                hits.count >= limit
                    ? "the first \(limit) pages: narrow the search with --candidate or more words"
                    : "\(hits.count) page\(hits.count == 1 ? "" : "s")"
            ]
    }

    /// What an import did, then each file that is not plain text with its reason.
    public static func importSummary(
        added: Int, changed: Int, readByOCR: Int = 0, unchanged: Int, notText: [DossierFileRecord], skipped: [String],
        files: Int,
        pages: Int, seconds: Double
    ) -> [String] {
        var lines = [
            "\(files) file\(files == 1 ? "" : "s"), \(pages) page\(pages == 1 ? "" : "s") read in \(String(format: "%.1f", seconds)) s: \(added) new, \(changed) changed (new versions, the old kept), \(readByOCR > 0 ? "\(readByOCR) scan\(readByOCR == 1 ? "" : "s") read by OCR, " : "")\(unchanged) unchanged"
        ]
        if !notText.isEmpty {
            lines.append("files without readable text (\(notText.count)):")
            lines += notText.map {
                """
                  \($0.candidate) \(DisplayName.escaped($0.name)): \($0.status.rawValue) —\
                 \(DisplayName.escaped($0.message, limit: 200))
                """
            }
        }
        if !skipped.isEmpty {
            lines.append("left out (\(skipped.count)):")
            lines += skipped.map { "  \($0)" }
        }
        return lines
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20
            ? "\((bytes * 10 >> 20) / 10).\((bytes * 10 >> 20) % 10) MiB"
            : bytes >= 1024 ? "\(bytes >> 10) KiB" : "\(bytes) B"
    }
}

extension DossierStatus {
    /// As the expert and the chair read it.
    public var chineseName: String {
        switch self {
        case .text: "文本"
        case .scanned: "扫描件"
        case .encrypted: "加密"
        case .unreadable: "无法读取"
        case .attachment: "附件"
        }
    }
}
