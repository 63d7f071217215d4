import ArgumentParser

@main
struct Panel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "The expert review panel of the 网络学习空间应用普及活动 (online learning space award), in a terminal.",
        discussion: """
        Experts score regions (区域) and schools (学校) against the indicator sheets in \
        scoring-rubrics/; the engine ranks them down to the quota; the chair finalizes and \
        exports the winner list.
        """,
        subcommands: [RubricCommand.self]
    )
}
