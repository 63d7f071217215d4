import Foundation
import PanelCore

// A libFuzzer target for each parser that reads what people send in: the three CSV imports, the
// round's TOML files and the provinces' workbooks; and one for the sanitizer every text output goes
// through. `scripts/fuzz.sh TARGET SECONDS` builds this with -sanitize=fuzzer and -DFUZZING and
// runs it; a plain build only says so.

/// The round the shipped files define, for checking score files against (from $PANEL_RUBRICS).
let shipped: [(name: String, text: String)] = ["region", "school", "defense", "rules"].map { name in
    let folder = ProcessInfo.processInfo.environment["PANEL_RUBRICS"] ?? "scoring-rubrics"
    return (name, (try? String(contentsOfFile: "\(folder)/\(name).toml", encoding: .utf8)) ?? "")
}
let round = try? RoundDefinition.load(shipped.map { SourceFile(path: "\($0.name).toml", text: $0.text) }).get()
let context = round.map { round in
    ScoreImportContext(
        experts: [
            ExpertEntry(id: "E1", name: "王芳", province: "北京市", org: "某大学", role: .expert, pin: nil),
            ExpertEntry(id: "C1", name: "组长", province: "北京市", org: "", role: .chair, pin: nil),
        ],
        candidates: [
            Candidate(
                id: "R1", kind: .region, name: "某区",
                province: """
                    浙江省
                    """, city: "杭州市", platform: "p", connected: true,
                importOrder: 1),
            Candidate(
                id: "S1", kind: .school, name: "某校",
                province: """
                    浙江省
                    """, city: "杭州市", level: .basic, platform: "p",
                connected: true, supports: "R1", importOrder: 2),
        ],
        round: round, assignments: [Assignment(expert: "E1", candidate: "R1")])
}

let targets: [String: (Data) -> Void] = [
    "nominations": { data in
        if case .success(let csv) = CSVText.parse(data, file: "f.csv") {
            _ = NominationParser.parse(csv, file: "f.csv")
        }
    },
    "experts": { data in
        if case .success(let csv) = CSVText.parse(data, file: "f.csv") { _ = ExpertParser.parse(csv, file: "f.csv") }
    },
    "scores": { data in
        if case .success(let source) = CSVSource.decode(data, file: "f.csv"), let context {
            _ = ScoreImportParser.parse(source, file: "f.csv", context: context)
        }
    },
    // A workbook's bytes: zip, XML and cells, as `panel import` reads a province's .xlsx.
    "xlsx": { data in _ = Workbook.readAll(data, file: "f.xlsx") },
    // The output sanitizer: whatever a name holds, what panel prints of it steers no terminal.
    "output": { data in
        let text = String(decoding: data, as: UTF8.self)
        func check(_ shown: String, keeping newline: Bool = false) {
            if shown.unicodeScalars.contains(where: { TerminalSafe.steers($0) && !(newline && $0 == "\n") }) {
                fatalError("a steering character got through: \(Array(shown.unicodeScalars))")
            }
        }
        check(TerminalSafe.text(text), keeping: true)
        check(TerminalSafe.cell(text))
        check(DisplayName.escaped(text, limit: .max))
        check(WinnerList.markdownCell(text))
        check(Problem(file: "f.csv", line: 1, message: text).description)
        var json: [UInt8] = []
        JSONString.append(text, to: &json, escapingSlashes: false, escapingTerminalControls: true)
        check(String(decoding: json, as: UTF8.self))
    },
    // The bytes as any one of the four files, by the first byte.
    "toml": { data in
        guard let first = data.first else { return }
        let broken = Int(first) % shipped.count
        _ = RoundDefinition.load(
            shipped.enumerated().map { index, file in
                SourceFile(
                    path: "\(file.name).toml",
                    text: index == broken ? String(decoding: data.dropFirst(), as: UTF8.self) : file.text)
            })
    },
]

let name = ProcessInfo.processInfo.environment["PANEL_FUZZ_TARGET"] ?? ""
guard let target = targets[name] else {
    FileHandle.standardError.write(
        Data("set PANEL_FUZZ_TARGET to one of \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
nonisolated(unsafe) let chosen = target

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        chosen(bytes.map { Data(bytes: $0, count: count) } ?? Data())
        return 0
    })
#else
// Without libFuzzer: run the target once on each file named, to replay a crash input.
for path in CommandLine.arguments.dropFirst() {
    chosen((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
    print("\(path): no crash")
}
#endif
