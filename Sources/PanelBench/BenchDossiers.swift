import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore
import PanelTUI
import TerminalKit

/// `panel bench dossiers`: the dossiers at national size. Every demo candidate gets a 20-page PDF
/// (the committed fixture, its bytes made distinct); the import is timed against the same
/// extractors run alone over the same files, then search, opening a dossier, and the pager's keys.
struct BenchDossiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossiers",
        abstract: "Time the dossiers: import against the extractors alone, search, opening one, paging.",
        discussion: "Works on a copy of the demo (built in a temporary folder when --db does not exist).")

    @OptionGroup var demo: DemoCopyOptions
    @Option(help: ArgumentHelp("The folder holding report-20-pages.pdf.", valueName: "path")) var fixtures =
        "Tests/Fixtures/dossier"
    @Option(help: "Searches to time.") var queries = 400
    @Option(help: "Pager keys to time.") var keys = 2000
    @Option(help: "Dossiers to open.") var opens = 200
    @Option(help: "Only the first N candidates get the 20-page report (default: all).") var candidates: Int?

    func run() throws {
        let (folder, copy) = try demo.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try PanelDatabase.open(at: copy)
        let candidates = Array(try store.candidates().prefix(self.candidates ?? .max))

        // One 20-page report per candidate, each with its own bytes (a comment after %%EOF).
        let source = try Data(contentsOf: URL(fileURLWithPath: fixtures).appendingPathComponent("report-20-pages.pdf"))
        let materials = folder.appendingPathComponent("materials")
        var files: [URL] = []
        for candidate in candidates {
            let own = materials.appendingPathComponent(candidate.id)
            try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
            let file = own.appendingPathComponent("申报报告.pdf")
            try (source + Data("%\(candidate.id)\n".utf8)).write(to: file)
            files.append(file)
        }
        var report = BenchReport(sizes: [
            "candidates": candidates.count, "files": files.count, "cores": ProcessInfo.processInfo.activeProcessorCount,
        ])

        // The extractors alone: pdfinfo and pdftotext on every file, on every core, as the import runs them.
        let limits = ToolLimits()
        let paths = files.map(\.path)
        let alone = try time {
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                _ = try? BoundedProcess.run("pdfinfo", ["--", paths[index]], limits: limits)
                _ = try? BoundedProcess.run(
                    "pdftotext", ["-layout", "-enc", "UTF-8", "--", paths[index], "-"], limits: limits)
            }
        }
        report.add("extractors_alone_ms", alone)
        let before = try store.databaseBytes()
        var outcome: MaterialsImporter.Outcome?
        let imported = try time {
            outcome = try MaterialsImporter(
                store: try PanelDatabase.open(at: copy, readOnly: true), folder: materials,
                extractor: DossierExtractor(limits: limits), showsProgress: false
            ).run()
        }
        report.add("import_ms", imported)
        report.sizes["import_vs_alone_percent"] = Int(imported / alone * 100)
        report.sizes["pages"] = outcome?.pages ?? 0
        report.sizes["extractor_busy_percent"] = Int(
            (outcome?.extractorSeconds ?? 0) * 1000 / imported / Double(ProcessInfo.processInfo.activeProcessorCount)
                * 100)

        // Storage: the text and its index against the text itself.
        let dossiers = try candidates.map { try store.dossier(of: $0.id) }
        let text = dossiers.flatMap { $0.pages.flatMap { $0 } }.reduce(0) { $0 + $1.text.utf8.count }
        report.sizes["text_bytes"] = text
        report.sizes["stored_bytes"] = try store.databaseBytes() - before
        report.sizes["stored_vs_text_percent"] = Int(Double(report.sizes["stored_bytes"]!) / Double(max(text, 1)) * 100)

        // Search: substrings of three to six characters taken from the pages, and two-character ones.
        var generator = SplitMix(seed: 7)
        let pages = dossiers.flatMap { $0.pages.flatMap { $0 } }.map { Array($0.text.filter { !$0.isWhitespace }) }
            .filter { $0.count > 10 }
        for index in 0..<queries {
            let page = pages[Int(generator.next() % UInt64(pages.count))]
            let length = index % 5 == 4 ? 2 : 3 + Int(generator.next() % 4)
            let start = Int(generator.next() % UInt64(page.count - length))
            let query = String(page[start..<start + length])
            report.add(
                length == 2 ? "search_2_chars_ms" : "search_ms",
                try time { _ = try store.searchDossiers(query) })
        }

        // Opening a dossier in the front end: read it, lay it out for 120×40.
        for index in 0..<opens {
            let candidate = candidates[index * 7 % candidates.count].id
            report.add(
                "open_dossier_ms",
                try time {
                    var reader = DossierReader(try store.dossier(of: candidate))
                    reader.fit(width: 119, rows: 36)
                })
        }

        // The pager's keys at 120×40, update and render.
        let expert = try store.experts().first { $0.role == .expert }!
        let work = try store.work(for: expert.id)
        var state = AppState(round: try store.round(), width: 120, height: 40)
        _ = update(&state, .signedIn(expert, work))
        _ = update(&state, .key(.enter))
        _ = update(&state, .dossierLoaded(try store.dossier(of: work[0].candidate.id)))
        _ = update(&state, .key(.character("m")))
        let paging: [Key] = [.character(" "), .character(" "), .character(">"), .pageUp, .character("<"), .down]
        let searching: [Key] =
            [.character("/")] + "开通率".map { Key.character($0) } + [
                .enter, .character("n"), .character("n"), .character("N"),
            ]
        for index in 0..<keys {
            let key = paging[index % paging.count]
            report.add(
                "page_key_ms",
                time {
                    _ = update(&state, .key(key)); _ = render(state)
                })
            if index % 10 == 0 {
                for key in searching {
                    report.add(
                        "search_key_ms",
                        time {
                            _ = update(&state, .key(key)); _ = render(state)
                        })
                }
            }
        }
        say(demo.json ? report.json : report.table)
    }
}

extension BenchDossiers {
    /// Runs a tool and reads all it prints, nothing more.
    static func plain(_ executable: String, _ arguments: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
    }
}

extension Optional {
    func orThrow(_ tool: String) throws -> Wrapped {
        guard let self else { throw BoundedProcess.Missing(tool: tool) }
        return self
    }
}

/// A small deterministic generator, so that two runs time the same queries.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
