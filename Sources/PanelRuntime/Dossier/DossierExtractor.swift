import Foundation
import PanelCore

/// Reads a dossier file's text with the tools the field trusts: poppler for PDF (page by page,
/// `-layout` keeps tables), pandoc for DOCX (`-t plain` keeps tables as grids), catdoc for Word 97,
/// tesseract (chi_sim) for pages that are only images when OCR is asked for. A file that cannot
/// be read gets a status and a reason; it never throws.
public struct DossierExtractor: Sendable {
    public var limits: ToolLimits
    public var ocr: Bool

    public init(limits: ToolLimits = ToolLimits(), ocr: Bool = false) {
        self.limits = limits
        self.ocr = ocr
    }

    /// Every tool this extractor may run, for a check before a long import starts.
    public func missingTools() -> [String] {
        (["prlimit", "pdfinfo", "pdftotext", "pandoc", "catdoc"] + (ocr ? ["pdftoppm", "tesseract"] : []))
            .filter { BoundedProcess.locate($0) == nil }
    }

    public func extract(_ url: URL, type: DossierFileType) -> Extraction {
        do {
            switch type {
            case .pdf: return try pdf(url)
            case .docx:
                return try onePage(
                    "pandoc", ["-f", "docx", "-t", "plain", "--wrap=none", "--", url.path], extractor: "pandoc")
            case .doc: return try onePage("catdoc", ["-w", "-d", "utf-8", url.path], extractor: "catdoc")
            case .text: return try text(url)
            case .other:
                let ext = url.pathExtension.isEmpty ? "this kind of" : "a .\(url.pathExtension.lowercased())"
                return Extraction(
                    status: .attachment, pages: [], extractor: "none", extractorVersion: "",
                    message: "\(ext) file has no text to read: kept and listed")
            }
        } catch {
            return Extraction(
                status: .unreadable, pages: [], extractor: type.rawValue, extractorVersion: "", message: "\(error)")
        }
    }

    private func unreadable(_ tool: String, _ run: ToolRun) -> Extraction {
        let reason: String
        switch run.ending {
        case .timedOut: reason = "\(tool) ran past its limit of \(limits.summary) and was stopped"
        case .tooMuchOutput: reason = "\(tool) printed more than \(limits.outputBytes >> 20) MiB and was stopped"
        case .signalled(let signal): reason = "\(tool) was killed by signal \(signal) (limits \(limits.summary))"
        case .exited(let status): reason = "\(tool) failed (exit \(status))"
        }
        let said = Self.lastLines(run.stderr)
        return Extraction(
            status: .unreadable, pages: [], extractor: tool, extractorVersion: ToolVersions.shared.version(of: tool),
            message: said.isEmpty ? reason : "\(reason): \(said)")
    }

    static func lastLines(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).suffix(2).joined(separator: " / ")
    }

    private func onePage(_ tool: String, _ arguments: [String], extractor: String) throws -> Extraction {
        let run = try BoundedProcess.run(tool, arguments, limits: limits)
        guard run.succeeded else { return unreadable(tool, run) }
        let text = String(decoding: run.stdout, as: UTF8.self)
        return Extraction(
            status: .text, pages: [DossierPage(number: 1, text: text)], extractor: extractor,
            extractorVersion: ToolVersions.shared.version(of: tool))
    }

    /// UTF-8 or GB18030, decided as the CSV imports decide.
    private func text(_ url: URL) throws -> Extraction {
        // Read here, not by a tool: the output limit stands in for the tools' limits.
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= limits.outputBytes else {
            return Extraction(
                status: .unreadable, pages: [], extractor: "panel", extractorVersion: "",
                message: "a text file of \(size >> 20) MiB is more than the \(limits.outputBytes >> 20) MiB panel reads"
            )
        }
        let data = try Data(contentsOf: url)
        switch CSVSource.decode(data, file: url.lastPathComponent) {
        case .success(let source):
            return Extraction(
                status: .text,
                pages: [DossierPage(number: 1, text: source.text.replacingOccurrences(of: "\r\n", with: "\n"))],
                extractor: "panel", extractorVersion: source.encoding.rawValue)
        case .failure(let problem):
            return Extraction(
                status: .unreadable, pages: [], extractor: "panel", extractorVersion: "", message: problem.message)
        }
    }

    private func pdf(_ url: URL) throws -> Extraction {
        let info = try BoundedProcess.run("pdfinfo", ["--", url.path], limits: limits)
        let version = ToolVersions.shared.version(of: "pdftotext")
        guard info.succeeded else {
            if info.stderr.contains("Incorrect password") {
                return Extraction(
                    status: .encrypted, pages: [], extractor: "pdftotext", extractorVersion: version,
                    message: "the PDF opens only with a password: ask the province for an unprotected copy")
            }
            return unreadable("pdfinfo", info)
        }
        let run = try BoundedProcess.run(
            "pdftotext", ["-layout", "-enc", "UTF-8", "--", url.path, "-"], limits: limits)
        guard run.succeeded else { return unreadable("pdftotext", run) }
        if run.stderr.contains("Missing language pack") {
            // Without poppler-data a PDF whose Chinese font is not embedded gives no Chinese at all.
            return Extraction(
                status: .unreadable, pages: [], extractor: "pdftotext", extractorVersion: version,
                message:
                    """
                    poppler-data is not installed, so this PDF's Chinese (a font it does not embed) cannot be\
                     read: \(Self.lastLines(run.stderr))
                    """
            )
        }
        var texts = String(decoding: run.stdout, as: UTF8.self).components(separatedBy: "\u{0C}")
        if texts.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { texts.removeLast() }
        var pages = texts.enumerated().map { index, text in
            let blank = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            return DossierPage(number: index + 1, text: blank ? "" : text, image: blank)
        }
        guard !pages.isEmpty else {
            return Extraction(
                status: .unreadable, pages: [], extractor: "pdftotext", extractorVersion: version,
                message: "no pages could be read: \(Self.lastLines(run.stderr))")
        }
        var extractor = "pdftotext"
        if ocr, pages.contains(where: \.image) {
            extractor = "pdftotext+tesseract"
            for index in pages.indices where pages[index].image {
                if let text = try recognize(url, page: pages[index].number), !text.isEmpty {
                    pages[index].text = text
                    pages[index].ocr = true
                }
            }
        }
        let images = pages.filter { $0.image && !$0.ocr }.count
        if images == pages.count {
            return Extraction(
                status: .scanned, pages: pages, extractor: extractor, extractorVersion: version,
                message: "no text layer: its \(pages.count) page\(pages.count == 1 ? " is an image" : "s are images")"
                    + (ocr ? " and OCR found no text" : "; import with --ocr to read them"))
        }
        return Extraction(
            status: .text, pages: pages, extractor: extractor,
            extractorVersion: extractor == "pdftotext"
                ? version : "\(version)+\(ToolVersions.shared.version(of: "tesseract"))",
            message: images > 0 ? "\(images) page\(images == 1 ? " is an image" : "s are images") without text" : "")
    }

    /// One page rendered at 200 dpi and read by tesseract in Simplified Chinese.
    private func recognize(_ url: URL, page: Int) throws -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = folder.appendingPathComponent("page").path
        let render = try BoundedProcess.run(
            "pdftoppm", ["-r", "200", "-f", "\(page)", "-l", "\(page)", "-png", "-singlefile", "--", url.path, prefix],
            limits: limits)
        guard render.succeeded else { return nil }
        let read = try BoundedProcess.run("tesseract", [prefix + ".png", "-", "-l", "chi_sim"], limits: limits)
        guard read.succeeded else { return nil }
        return Self.joinedCJK(String(decoding: read.stdout, as: UTF8.self))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// tesseract puts a space between Chinese characters; Chinese has none.
    static func joinedCJK(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == " ", index > 0, index + 1 < scalars.count, isCJK(scalars[index - 1]), isCJK(scalars[index + 1])
            {
                continue
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
            || (0xFF00...0xFFEF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}

/// Each tool's version, asked once per process: recorded with every file it read.
public final class ToolVersions: @unchecked Sendable {
    public static let shared = ToolVersions()
    private let lock = NSLock()
    private var known: [String: String] = [:]

    public func version(of tool: String) -> String {
        if let found = lock.withLock({ known[tool] }) { return found }
        let flag = ["catdoc": "-V", "pdftotext": "-v", "pdfinfo": "-v", "pdftoppm": "-v"][tool] ?? "--version"
        let run = try? BoundedProcess.run(tool, [flag], limits: ToolLimits(seconds: 10))
        let said = (run.map { String(decoding: $0.stdout, as: UTF8.self) + $0.stderr } ?? "")
        let line = said.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let version = line.split(separator: " ").last { $0.first?.isNumber == true }.map(String.init) ?? line
        lock.withLock { known[tool] = version }
        return version
    }
}
