// swift-tools-version: 6.0
// panel: the terminal application of an expert review panel (see README.md and design notes).
// Layers, top to bottom; arrows only point down (see ../shared/design.md §2).
import PackageDescription

let package = Package(
    name: "panel",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "panel", targets: ["panel"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Pure: value types, rubric and rules parsing, eligibility, the scoring engine.
        .target(
            name: "PanelCore",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
                // Workbooks: .xlsx are zip archives (ZIPFoundation), .xls are read by libfreexl.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), "CFreexl",
            ]),
        .systemLibrary(name: "CFreexl", providers: [.apt(["libfreexl-dev"])]),
        // Effects: the panel database (SQLite through GRDB, WAL).
        .target(
            name: "PanelStore",
            dependencies: [
                "PanelCore", "CCrypt",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // libxcrypt, for yescrypt PIN hashes (crypt.h ships with Debian's libc6-dev).
        .systemLibrary(name: "CCrypt"),
        // Pure terminal pieces: display width, cells, buffers, widgets.
        .target(name: "TerminalKit"),
        // Pure presentation: the explanation, rankings, statistics and reports as text, JSON and CSV.
        .target(
            name: "PanelViews",
            dependencies: [
                "PanelCore", "TerminalKit",
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // Pure application state, update and render, one file per screen.
        .target(name: "PanelTUI", dependencies: ["PanelCore", "PanelViews", "TerminalKit"]),
        // Effects: the front end's loop and effect runner, background jobs, round folders, workbooks.
        .target(
            name: "PanelRuntime",
            dependencies: ["PanelCore", "PanelStore", "PanelViews", "PanelTUI", "NcursesTerminal", "CXlsx"]),
        // panel bench and the demo panel it measures on.
        .target(
            name: "PanelBench",
            dependencies: [
                "PanelCore", "PanelStore", "PanelViews", "PanelTUI", "PanelRuntime", "TerminalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The only code that talks to ncursesw.
        .target(name: "NcursesTerminal", dependencies: ["TerminalKit", "CNcursesw"]),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        // libxlsxwriter, for the winner list as a real workbook.
        .systemLibrary(name: "CXlsx", providers: [.apt(["libxlsxwriter-dev"])]),
        // Thin: commands that wire store, engine and terminal together.
        .executableTarget(
            name: "panel",
            dependencies: [
                "PanelCore", "PanelStore", "PanelViews", "PanelRuntime", "PanelBench", "TerminalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "PanelCoreTests", dependencies: ["PanelCore", "CAssertions"], exclude: ["FuzzRegressions"]),
        .testTarget(name: "PanelStoreTests", dependencies: ["PanelStore", "PanelCore"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["NcursesTerminal", "TerminalKit", "CNcursesw"]),
        .testTarget(name: "PanelTUITests", dependencies: ["PanelTUI", "PanelViews", "PanelCore", "TerminalKit"]),
        .testTarget(name: "PanelViewsTests", dependencies: ["PanelViews", "PanelCore"]),
        .testTarget(
            name: "PanelRuntimeTests", dependencies: ["PanelRuntime", "PanelStore", "PanelTUI", "PanelCore", "CXlsx"]),
        // Runs the real binary; depending on it makes `swift test` build it first.
        .testTarget(
            name: "PanelCLITests",
            dependencies: ["panel", "PanelCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Whether this build's C and C++ assert()s are on (toml++ aborts through them).
        .target(name: "CAssertions"),
        // libFuzzer targets for each parser: scripts/fuzz.sh builds it with -sanitize=fuzzer.
        .executableTarget(name: "panel-fuzz", dependencies: ["PanelCore"], path: "Sources/PanelFuzz"),
    ]
)
