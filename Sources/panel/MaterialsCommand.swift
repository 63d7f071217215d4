import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore
import PanelViews

extension ImportCommand {
    struct Materials: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "materials",
            abstract: """
                Import the candidates' dossiers (申报材料): one folder per candidate, named by its 编号 or\
                 名称.
                """,
            discussion: """
                Every file is kept (bytes in <database>.files/, named by sha256) and its text read: PDF by \
                pdftotext, DOCX by pandoc, DOC by catdoc, text as UTF-8 or GB18030; a scan stays `scanned` \
                unless --ocr reads it with tesseract (chi_sim). A folder that names no candidate refuses the \
                whole import. Importing again adds new files and a new version of a changed one.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The folder holding one folder per candidate.") var folder: String
        @Flag(help: "Read pages that are only images with tesseract (slower).") var ocr = false

        func run() throws {
            let importer = MaterialsImporter(
                store: try database.open(readOnly: true), folder: URL(fileURLWithPath: folder),
                extractor: DossierExtractor(ocr: ocr), showsProgress: isatty(STDERR_FILENO) == 1)
            let done = try importer.run()
            for line in DossierViews.importSummary(
                added: done.change.added, changed: done.change.changed, readByOCR: done.change.readByOCR,
                unchanged: done.change.unchanged,
                notText: done.change.notText, skipped: done.skipped, files: done.files, pages: done.pages,
                seconds: done.seconds)
            {
                say(line)
            }
        }
    }
}

struct MaterialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "materials",
        abstract: "The candidates' dossiers: list, read, search and take out their files.",
        subcommands: [List.self, Show.self, Search.self, Get.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Each file of the dossiers, with its status.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Only this candidate.", transform: Identifier.normalized) var id: String?
        @Option(help: "table or json.") var format: TableOrJSON = .table

        func run() throws {
            let files = try database.open(readOnly: true).dossierFiles(candidate: id)
            switch format {
            case .json: try printJSON(DossierViews.files(files))
            case .table: for line in DossierViews.fileTable(files) { say(line) }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "The text read from a candidate's files.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The candidate.", transform: Identifier.normalized) var id: String
        @Option(help: "Only this file (its name as listed).") var file: String?
        @Option(help: "Only this page.") var page: Int?

        func run() throws {
            let store = try database.open(readOnly: true)
            let files = try store.dossierFiles(candidate: id).filter { file == nil || $0.name == file }
            guard !files.isEmpty else {
                throw fail(
                    file.map { "\(id) has no file named '\(DisplayName.escaped($0))'" } ?? "\(id) has no dossier")
            }
            for record in files {
                for shown in try store.dossierPages(of: record) where page == nil || shown.number == page {
                    say(
                        "== \(DisplayName.escaped(record.name)) 第 \(shown.number)/\(record.pages) 页"
                            + (shown.ocr ? " (OCR)" : shown.image ? " (图像，无文字)" : ""))
                    say(DisplayName.escapedText(shown.text))
                }
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Every page of every dossier that holds the words (three characters or more use the index).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "What to find.") var query: String
        @Option(help: "Only this candidate's dossier.", transform: Identifier.normalized) var candidate: String?
        @Option(help: "table or json.") var format: TableOrJSON = .table

        func run() throws {
            let hits = try database.open(readOnly: true).searchDossiers(query, candidate: candidate)
            switch format {
            case .json: try printJSON(DossierViews.hits(hits))
            case .table: for line in DossierViews.hitTable(hits, limit: PanelDatabase.searchLimit) { say(line) }
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Copy a candidate's original files out, for a PDF viewer (names made safe).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The candidate.", transform: Identifier.normalized) var id: String
        @Option(help: "Only this file.") var file: String?
        @Option(help: "The folder to write into (created if missing).") var out: String

        func run() throws {
            let store = try database.open(readOnly: true)
            let files = try store.dossierFiles(candidate: id).filter { file == nil || $0.name == file }
            guard !files.isEmpty else { throw fail("\(id) has no such file") }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for record in files {
                let target = URL(fileURLWithPath: out).appendingPathComponent(DisplayName.safeFileName(record.name))
                guard !FileManager.default.fileExists(atPath: target.path) else {
                    throw fail("\(target.path) already exists: give an empty --out folder")
                }
                try FileManager.default.copyItem(at: store.storedFile(record), to: target)
                say("wrote \(target.path)")
            }
        }
    }
}

enum TableOrJSON: String, ExpressibleByArgument, CaseIterable { case table, json }
