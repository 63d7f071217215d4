import Foundation

/// What became of one file of a candidate's dossier (申报材料) when its text was read.
public enum DossierStatus: String, Sendable, Codable, CaseIterable {
    /// Its text was read (a page without a text layer may still be an image: see `DossierPage.image`).
    case text
    /// A PDF with no text layer at all: images of pages, readable only by OCR.
    case scanned
    /// A PDF that opens only with a password.
    case encrypted
    /// Corrupt, truncated, or an extractor failed or went past its limits: `message` says which.
    case unreadable
    /// A kind of file without text (a video, an image): kept and listed.
    case attachment
}

/// The kinds of file a dossier holds, by what their bytes are (the name's extension can lie).
public enum DossierFileType: String, Sendable, Codable {
    case pdf, docx, doc, text, other

    /// The type of a file from its first bytes, then its name's extension. A file whose bytes are
    /// not what its name says is still given to that extractor, which then names what is wrong.
    public static func of(name: String, head: Data) -> DossierFileType {
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": return .pdf
        case "docx": return .docx
        case "doc": return .doc
        case "txt", "md", "csv": return .text
        default: return .other
        }
    }
}

/// One page of extracted text. A PDF's pages are its pages; a Word or text file is one page.
public struct DossierPage: Equatable, Sendable {
    public var number: Int
    public var text: String
    /// The page had no text layer: it is a picture of a page.
    public var image: Bool
    /// The text was read from the picture by OCR (tesseract, chi_sim).
    public var ocr: Bool

    public init(number: Int, text: String, image: Bool = false, ocr: Bool = false) {
        self.number = number
        self.text = text
        self.image = image
        self.ocr = ocr
    }
}

/// What reading one file gave: its status, its pages, and which tool (and version) read it.
public struct Extraction: Equatable, Sendable {
    public var status: DossierStatus
    public var pages: [DossierPage]
    public var extractor: String
    public var extractorVersion: String
    /// Why it is unreadable, encrypted or scanned, in a sentence for the secretariat.
    public var message: String

    public init(
        status: DossierStatus, pages: [DossierPage], extractor: String, extractorVersion: String, message: String = ""
    ) {
        self.status = status
        self.pages = pages
        self.extractor = extractor
        self.extractorVersion = extractorVersion
        self.message = message
    }
}

/// A file of a candidate's dossier as the import hands it to the store.
public struct DossierFileInput: Sendable {
    public var candidate: String
    /// The name as the secretariat gave it (hostile input: shown escaped, never used as a path).
    public var name: String
    public var sha256: String
    public var size: Int
    public var type: DossierFileType
    /// What its extractor read; nil when it was not read again because the same bytes are stored.
    public var extraction: Extraction?
    /// Where the bytes are now, to be copied into the store under their hash.
    public var source: URL

    public init(
        candidate: String, name: String, sha256: String, size: Int, type: DossierFileType, extraction: Extraction?,
        source: URL
    ) {
        self.candidate = candidate
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.type = type
        self.extraction = extraction
        self.source = source
    }
}

/// A stored file of a dossier (the newest version of its name, unless asked otherwise).
public struct DossierFileRecord: Equatable, Sendable {
    public var id: Int64
    public var candidate: String
    public var name: String
    public var version: Int
    public var size: Int
    public var sha256: String
    public var type: DossierFileType
    public var pages: Int
    public var status: DossierStatus
    public var extractor: String
    public var extractorVersion: String
    public var message: String

    public init(
        id: Int64, candidate: String, name: String, version: Int, size: Int, sha256: String, type: DossierFileType,
        pages: Int, status: DossierStatus, extractor: String, extractorVersion: String, message: String
    ) {
        self.id = id
        self.candidate = candidate
        self.name = name
        self.version = version
        self.size = size
        self.sha256 = sha256
        self.type = type
        self.pages = pages
        self.status = status
        self.extractor = extractor
        self.extractorVersion = extractorVersion
        self.message = message
    }
}

/// A page of a dossier that holds what was searched for, with the words around it.
public struct DossierHit: Equatable, Sendable {
    public var candidate: String
    public var file: String
    public var page: Int
    public var snippet: String

    public init(candidate: String, file: String, page: Int, snippet: String) {
        self.candidate = candidate
        self.file = file
        self.page = page
        self.snippet = snippet
    }

    /// `radius` characters either side of the first occurrence of `query` in `text`, on one line
    /// (runs of white space as one space). Works on Unicode scalars: Chinese text is one scalar a
    /// character, and a search lists 500 of these, so grapheme breaking would be most of its time.
    public static func snippet(of query: String, in text: String, radius: Int = 24) -> String {
        let scalars = Array(text.unicodeScalars), needle = Array(query.unicodeScalars)
        var start: Int?
        if !needle.isEmpty, needle.count <= scalars.count {
            for index in 0...(scalars.count - needle.count) where scalars[index] == needle[0] {
                if scalars[index..<index + needle.count].elementsEqual(needle) {
                    start = index
                    break
                }
            }
        }
        // Runs of white space (a line's end among them) become one space, at the edges too.
        func collapsed(_ part: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
            var out: [Unicode.Scalar] = []
            for scalar in part {
                if !scalar.properties.isWhitespace {
                    out.append(scalar)
                } else if out.last != " " {
                    out.append(" ")
                }
            }
            return out
        }
        func string(_ part: some Sequence<Unicode.Scalar>) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: part)
            return String(out)
        }
        guard let start else { return string(collapsed(scalars[...]).prefix(radius * 2)) }
        let end = start + needle.count
        let before = collapsed(scalars[max(0, start - radius * 3)..<start]).suffix(radius)
        let after = collapsed(scalars[end..<min(scalars.count, end + radius * 3)]).prefix(radius)
        let cutBefore = before.count == radius && start > radius
        let cutAfter = after.count == radius && scalars.count - end > radius
        return (cutBefore ? "…" : "") + string(before) + query + string(after) + (cutAfter ? "…" : "")
    }
}

/// A file of a dossier by what names it: its candidate and its name in the candidate's folder.
public struct DossierKey: Hashable, Sendable {
    public var candidate: String
    public var name: String

    public init(candidate: String, name: String) {
        self.candidate = candidate
        self.name = name
    }
}

/// A candidate's whole dossier as an expert reads it: each current file with its pages.
public struct Dossier: Equatable, Sendable {
    public var candidate: String
    public var files: [DossierFileRecord]
    /// `pages[i]` are the pages of `files[i]`.
    public var pages: [[DossierPage]]
    /// The first page: the nomination's fields, figures and rates (DossierSummary).
    public var summary: [SummaryLine]

    public init(candidate: String, files: [DossierFileRecord], pages: [[DossierPage]], summary: [SummaryLine] = []) {
        self.candidate = candidate
        self.files = files
        self.pages = pages
        self.summary = summary
    }
}

/// A page of a dossier an expert cites as the ground of a score (评分依据).
public struct Citation: Equatable, Hashable, Sendable, Codable {
    public var file: String
    public var sha256: String
    public var page: Int
    /// What was searched for or read at the top of the page, to find the place again.
    public var quote: String

    public init(file: String, sha256: String, page: Int, quote: String) {
        self.file = file
        self.sha256 = sha256
        self.page = page
        self.quote = quote
    }

    /// `推荐表.pdf 第 3 页「开通率」`, the name escaped.
    public var label: String {
        "\(DisplayName.escaped(file, limit: 40)) 第 \(page) 页"
            + (quote.isEmpty ? "" : "「\(DisplayName.escaped(quote, limit: 24))」")
    }
}

/// One citation on one item of one sheet.
public struct EvidenceRecord: Equatable, Sendable {
    public var key: SheetKey
    public var item: String
    public var citation: Citation

    public init(key: SheetKey, item: String, citation: Citation) {
        self.key = key
        self.item = item
        self.citation = citation
    }
}
