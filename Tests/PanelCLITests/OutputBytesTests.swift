import Foundation
import PanelCore
import Testing

/// The JSON and CSV that scripts read are a contract: changing how panel writes them (its own JSON
/// writer instead of Foundation's encoder, for start-up) must not change a byte. These hashes are
/// of the outputs of the release binary of commit 297cbfb, the last one before that work, on the
/// demo panel (`panel demo`, seed 2020, which builds the same panel on every run). The demo's
/// experts got 学段 and 评审类别 in issue 20, which changed the assignment and so every output
/// that follows from it: those (rank, stats, exports, assignments) were recorded again then, by
/// the commit that changed the demo. The demo's defence became a defence day in issue 17 (two
/// groups, every group expert scoring the defences heard, six not heard yet), and the statistics
/// gained the groups' figures: those were recorded again by that commit. That the writer matches
/// Foundation's byte for byte is checked on its own by PrettyJSONTests.
@Suite struct OutputBytesTests {
    static let recorded: KeyValuePairs<String, String> = [
        "candidates --format json": "46a2ad1f0394721c50321ed407786103ba4a498598339ec4a974dc1cb21b44d9",
        "candidates --format csv": "7fcbb3ab81107c18e93e5e70642c86aaa94ffeb62c38e33e1beba55ed5af7bff",
        "candidates --format json --kind school --ineligible":
            "986e380e447c1b2d2168d398e1ba2d263f99be5abb7da1fd8d7709cc71aea213",
        "rank --format json": "5a29a057525deaf13ee8f1b71ab41813c4d50b891f96a139147edee521785f50",
        "rank --kind region --format json": "d233c62273f35aa7f0fde94c012d8b03f4cfbff2231764cab3e245533e3665a9",
        "rank --kind school --format csv": "12d7d910db016f987f606be28cdbf478e87baa316f5d9cd36dba3969ecdeb6b8",
        "stats --format json": "651a00773dcb0c82fbb1d5bf82464706fc98a699093b48445acc13e1cb1b6591",
        "export scores --format json": "9f5e320aa69a3c79c7a7be9de121ffef3ae86da27ce80d4949593afdbdc9df2e",
        "export scores --format csv": "76fcda7f621dcc05e0038aa731d785f913912df4b3abd94fd140d4fe4fb3f8f2",
        "export winners --format json": "76d07790bff661f36475e607f32c6cc8f2b1e5242ec98858075453073b451ad7",
        "export winners --format csv": "55a02d118d0acf3d0da64b63d703f9128ed14a5aaa298783e6ad25a9a6de7021",
        "export winners --format md": "35d255810be8f2cb7cbf6c8777ba8323b534b9c8b77c2175f951e7975a58787d",
        "export report --format json": "1b4b2010aac8b25fee6eb8b4d713f590fcf677bda66e41bd0ad1ddb614ade3d1",
        "export report --format csv": "7c2daea1e5ca31dc5db09f72c55d35c12ae0ab44558ee4554da14411f3beccff",
        "export report --format md": "6bbadb6e5a381fc00b8db9189b62e091e270216c7976bd84004746285c8ab4fe",
        "assignments --csv": "72c1b60739922a57e13bf35c854a62d4d3403222334ed08580aa56c3253669e2",
        "materials list --format json": "a675d179cd9d7b23b92eab8af5a7bd2d40f836d7d12125b15f390f2183f425a7",
        "materials search 网络学习空间 --format json":
            "1f09f6b83241609512bfb21989106d30dd532b585a9a90f0623146bfdcb9a68b",
    ]

    /// A command whose bytes changed leaves its output beside the database, to diff against the
    /// same command of the older binary.
    @Test func theDemosOutputsAreByteIdenticalToTheRecordedOnes() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = workspace.path("demo.sqlite")
        let rubrics = RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path
        let built = try PanelProcess.run(["demo", "--no-tui", "--db", db, "--rubrics", rubrics])
        try #require(built.status == 0, "\(built.stderr)")
        // All at once: they only read, and the debug binary is slow on the large ones.
        let running = try Self.recorded.map { command, _ in
            try PanelProcess.start(command.split(separator: " ").map(String.init) + ["--db", db])
        }
        var changed: [String] = []
        for ((command, hash), process) in zip(Self.recorded, running) {
            let result = try process.wait()
            #expect(result.status == 0, "\(command): \(result.stderr)")
            if SHA256.hex(result.stdoutBytes) != hash {
                let kept = workspace.path(command.replacingOccurrences(of: " ", with: "_") + ".out")
                try Data(result.stdoutBytes).write(to: URL(fileURLWithPath: kept))
                changed.append("\(command) (written to \(kept))")
            }
        }
        #expect(changed == [])
        if !changed.isEmpty { print("changed outputs kept in \(workspace.folder.path)") }
    }
}
