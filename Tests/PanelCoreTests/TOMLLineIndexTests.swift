import PanelCore
import Testing

@Suite struct TOMLLineIndexTests {
    @Test func followsNestedArraysOfTablesAndSkipsMultilineValues() throws {
        let text = """
            # comment with [brackets] and a = sign
            [sheet]
            kind = "region"
            title = \"\"\"
            first = not a key
            [not a header]
            \"\"\"
            [[group]]
            id = "A"
            [[group.item]]
            id = "A1"
            list = [
              1,
              2,
            ]
            [[group.item]]
            id = "A2"
            "quoted key" = 1
            [[group]]
            id = "B"
            [[group.item]]
            id = "B1"
            dotted.key = 2
            """
        let document = try TOMLDocument.parse(text, file: "t.toml").get()
        #expect(document.line(of: "sheet") == 2)
        #expect(document.line(of: "sheet.title") == 4)
        #expect(document.line(of: "sheet.first") == nil)
        #expect(document.line(of: "not a header") == nil)
        #expect(document.line(of: "group[0]") == 8)
        #expect(document.line(of: "group[0].item[0].id") == 11)
        #expect(document.line(of: "group[0].item[0].list") == 12)
        #expect(document.line(of: "group[0].item[1]") == 16)
        #expect(document.line(of: "group[0].item[1].quoted key") == 18)
        #expect(document.line(of: "group[1].id") == 20)
        #expect(document.line(of: "group[1].item[0].id") == 22)
        #expect(document.line(of: "group[1].item[0].dotted.key") == 23)
    }
}
