import Foundation
import Testing

/// `panel bench` on a small synthetic panel: it runs through and reports every figure.
@Suite struct BenchCommandTests {
    @Test func aSmallBenchReportsEveryFigureAndFillsTheQuota() throws {
        let run = try PanelProcess.run([
            "bench", "run", "--json", "--regions", "64", "--schools", "256", "--experts", "12", "--runs", "1",
            "--writer-seconds", "1", "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for figure in [
            "nominations_import_ms", "scores_import_ms", "defense_import_ms", "rank_engine_ms", "rank_end_to_end_ms",
            "key_move_down_ms", "key_search_ms", "key_score_digit_ms", "save_score_ms", "save_score_with_8_writers_ms",
            "startup_to_first_frame_ms",
        ] {
            let summary = try #require(report[figure] as? [String: Double], "\(figure) missing")
            #expect(summary["median"]! > 0 && summary["min"]! <= summary["max"]!)
        }
        let sizes = try #require(report["sizes"] as? [String: Int])
        // Every candidate is eligible and scored, so both quotas fill: 40 regions and 200 schools.
        #expect(sizes["winners"] == 240 && sizes["regions"] == 64 && (sizes["peak_rss_kb"] ?? 0) > 0)
    }

    @Test func theDossierBenchReportsEveryFigure() throws {
        let run = try PanelProcess.run([
            "bench", "dossiers", "--json", "--candidates", "6", "--queries", "10", "--keys", "20", "--opens", "3",
            "--db", "/nonexistent/demo.sqlite", "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path, "--fixtures",
            MaterialsCommandTests.fixtures.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    run.stdout.split(separator: "\n").drop { !$0.hasPrefix("{") }
                        .joined(separator: "\n").utf8)) as? [String: Any])
        for figure in [
            "extractors_alone_ms", "import_ms", "search_ms", "search_2_chars_ms", "open_dossier_ms", "page_key_ms",
            "search_key_ms",
        ] {
            let summary = try #require(report[figure] as? [String: Double], "\(figure) missing")
            #expect(summary["median"]! > 0 && summary["min"]! <= summary["max"]!)
        }
        let sizes = try #require(report["sizes"] as? [String: Int])
        #expect(sizes["files"] == 6 && sizes["pages"] == 120 && (sizes["stored_bytes"] ?? 0) > 0)
    }

    @Test func theDefenseBenchTimesTheBoardsReadItsDrawingAndAKey() throws {
        let run = try PanelProcess.run([
            "bench", "defense", "--json", "--reads", "5", "--keys", "4", "--db", "/nonexistent/demo.sqlite",
            "--rubrics", RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(
                with: Data(run.stdout.split(separator: "\n").drop { !$0.hasPrefix("{") }.joined(separator: "\n").utf8))
                as? [String: Any])
        for (figure, count) in [
            ("day_read_chair_ms", 5.0), ("day_read_expert_ms", 5), ("board_update_render_ms", 5), ("key_ms", 4),
        ] {
            let summary = try #require(report[figure] as? [String: Double], "\(figure) missing")
            #expect(summary["median"]! > 0 && summary["n"] == count)
        }
        #expect((report["sizes"] as? [String: Int])?["slots"] == 288)
    }

    @Test func theStartupBenchTimesWholeProcessesBesideTheSqlite3Shell() throws {
        let run = try PanelProcess.run([
            "bench", "startup", "--json", "--runs", "2", "--db", "/nonexistent/demo.sqlite", "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(
                with: Data(run.stdout.split(separator: "\n").drop { !$0.hasPrefix("{") }.joined(separator: "\n").utf8))
                as? [String: Any])
        for figure in [
            "help_ms", "candidates_json_ms", "sqlite3_candidates_json_ms", "rank_region_json_ms", "first_frame_ms",
        ] {
            let summary = try #require(report[figure] as? [String: Double], "\(figure) missing")
            #expect(summary["n"] == 2 && summary["min"]! > 0)
        }
        let sizes = try #require(report["sizes"] as? [String: Int])
        #expect((sizes["candidates_vs_sqlite3_percent"] ?? 0) > 0)
    }
}
