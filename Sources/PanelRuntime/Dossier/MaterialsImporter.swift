import Foundation
import PanelCore
import PanelStore

/// `panel import materials DIR`: one folder per candidate (by 编号 or exact 名称); every file in it
/// read by its extractor, all cores busy, then stored in one go. A folder that names no candidate
/// refuses the whole import before anything is read or written.
public struct MaterialsImporter {
    public var store: PanelDatabase
    public var folder: URL
    public var extractor: DossierExtractor
    /// Files, pages and time left, redrawn on one line of standard error (only on a terminal).
    public var showsProgress: Bool

    public init(store: PanelDatabase, folder: URL, extractor: DossierExtractor, showsProgress: Bool) {
        self.store = store
        self.folder = folder
        self.extractor = extractor
        self.showsProgress = showsProgress
    }

    /// A file found in a candidate's folder.
    public struct Found: Sendable {
        public var candidate: String
        /// Its path inside the candidate's folder, as given.
        public var name: String
        public var url: URL
    }

    public struct Plan: Sendable {
        public var files: [Found]
        /// What was left out and why (links, system files), escaped for display.
        public var skipped: [String]
    }

    public struct Outcome: Sendable {
        public var change: PanelDatabase.MaterialsChange
        public var skipped: [String]
        public var files: Int
        public var pages: Int
        public var seconds: Double
        /// Seconds the extractors ran, summed over files: against `seconds` it says how busy the cores were.
        public var extractorSeconds: Double
    }

    /// Which file goes to which candidate; refused (nothing read) when a folder matches none.
    public func plan() throws -> Plan {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure("\(folder.path): no such folder — give the folder that holds one folder per candidate")
        }
        let entries = try manager.contentsOfDirectory(atPath: folder.path).sorted()
        var skipped: [String] = []
        var folders: [String] = []
        for entry in entries {
            let url = folder.appendingPathComponent(entry)
            if Self.isSystemFile(entry) { continue }
            switch Self.kind(of: url) {
            case .folder: folders.append(entry)
            default:
                skipped.append(
                    """
                    \(DisplayName.escaped(entry)): not a folder (each candidate's files go in a folder named by\
                     its 编号 or 名称)
                    """
                )
            }
        }
        let matched: [String: String]
        switch DossierFolders.match(folders, candidates: try store.candidates()) {
        case .success(let found): matched = found
        case .failure(let unmatched): throw Failure(unmatched.description)
        }
        var files: [Found] = []
        for name in folders {
            let candidate = matched[name]!
            walk(folder.appendingPathComponent(name), prefix: "") { relative, url in
                files.append(Found(candidate: candidate, name: relative, url: url))
            } skip: { relative, why in
                skipped.append("\(name)/\(DisplayName.escaped(relative)): \(why)")
            }
        }
        return Plan(files: files, skipped: skipped)
    }

    /// Reads every file (in parallel, each extractor within its limits) and stores the dossiers.
    public func run() throws -> Outcome {
        let missing = extractor.missingTools()
        guard missing.isEmpty else {
            throw Failure(
                "the tools that read the materials are missing: \(missing.joined(separator: ", ")) — run `make deps`")
        }
        let plan = try plan()
        let started = Date()
        let progress = Progress(total: plan.files.count, shown: showsProgress)
        let collected = Collected(count: plan.files.count)
        let extractor = extractor, files = plan.files
        let stored = try store.currentDossierHashes()
        // One file per iteration: Dispatch hands the next file to whichever core is free, so one
        // long PDF does not hold up a share of the others.
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let found = files[index]
            do {
                let (sha, size) = try SHA256.hex(ofFileAt: found.url.path)
                let head = try FileHandle(forReadingFrom: found.url).read(upToCount: 8) ?? Data()
                let type = DossierFileType.of(name: found.name, head: head)
                let began = Date()
                // The same bytes are read again only to OCR a scan that has no text yet.
                let known = stored[DossierKey(candidate: found.candidate, name: found.name)]
                let same = known?.sha256 == sha && !(extractor.ocr && known?.status == .scanned)
                let extraction = same ? nil : extractor.extract(found.url, type: type)
                collected.put(
                    index,
                    DossierFileInput(
                        candidate: found.candidate, name: found.name, sha256: sha, size: size, type: type,
                        extraction: extraction, source: found.url),
                    seconds: Date().timeIntervalSince(began))
                progress.advance(pages: extraction?.pages.count ?? 0)
            } catch {
                collected.fail(index, "\(found.name): cannot be read: \(error.localizedDescription)")
                progress.advance(pages: 0)
            }
        }
        progress.finish()
        let (inputs, failures, extractorSeconds) = collected.results
        if let failure = failures.first {
            throw Failure("\(failure) — nothing was imported")
        }
        let all = inputs.compactMap { $0 }
        let change = try store.importMaterials(all, from: folder.path)
        return Outcome(
            change: change, skipped: plan.skipped, files: all.count,
            pages: all.reduce(0) { $0 + ($1.extraction?.pages.count ?? 0) }, seconds: Date().timeIntervalSince(started),
            extractorSeconds: extractorSeconds)
    }

    private enum Kind { case file, folder, other }

    /// What is at `url`, without following a link: a link could lead anywhere on this machine.
    private static func kind(of url: URL) -> Kind {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// Files a desktop leaves behind, which no province meant to send.
    static func isSystemFile(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~$") || ["Thumbs.db", "desktop.ini"].contains(name)
    }

    private func walk(
        _ url: URL, prefix: String, _ file: (String, URL) -> Void, skip: (String, String) -> Void
    ) {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        for entry in entries where !Self.isSystemFile(entry) {
            let relative = prefix.isEmpty ? entry : "\(prefix)/\(entry)"
            let child = url.appendingPathComponent(entry)
            switch Self.kind(of: child) {
            case .file: file(relative, child)
            case .folder: walk(child, prefix: relative, file, skip: skip)
            case .other: skip(relative, "not a regular file (a link or a device): left out")
            }
        }
    }
}

/// What the parallel extraction produced, slot by slot.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var inputs: [DossierFileInput?]
    private var failures: [String?]
    private var seconds = 0.0

    init(count: Int) {
        inputs = Array(repeating: nil, count: count)
        failures = Array(repeating: nil, count: count)
    }

    func put(_ index: Int, _ input: DossierFileInput, seconds spent: Double) {
        lock.withLock {
            inputs[index] = input
            seconds += spent
        }
    }

    func fail(_ index: Int, _ reason: String) { lock.withLock { failures[index] = reason } }

    var results: (inputs: [DossierFileInput?], failures: [String], seconds: Double) {
        lock.withLock { (inputs, failures.compactMap { $0 }, seconds) }
    }
}

/// `材料 12/300 · 240 页 · 剩余约 1:20` on standard error, redrawn in place; nothing when not a terminal.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let shown: Bool
    private let started = Date()
    private var done = 0
    private var pages = 0

    init(total: Int, shown: Bool) {
        self.total = total
        self.shown = shown
    }

    func advance(pages more: Int) {
        let line: String? = lock.withLock {
            done += 1
            pages += more
            guard shown else { return nil }
            let elapsed = Date().timeIntervalSince(started)
            let left = done == 0 ? 0 : Int(elapsed / Double(done) * Double(total - done))
            let bar =
                String(repeating: "█", count: done * 20 / max(total, 1))
                + String(repeating: "░", count: 20 - done * 20 / max(total, 1))
            return "\r\(bar) 文件 \(done)/\(total) · \(pages) 页 · 剩余约 \(left / 60):\(String(format: "%02d", left % 60)) "
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
