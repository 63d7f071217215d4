import TerminalKit
import Testing

@Suite struct KeymapTests {
    enum Act: Equatable, Sendable { case up, down, open, cancel, type }

    let keymap = Keymap<Act>([
        Binding(keys: [.up, .character("k")], help: "移动", action: .up),
        Binding(keys: [.down, .character("j")], help: "移动", action: .down),
        Binding(keys: [.enter], help: "评分", action: .open),
        Binding(keys: [.escape], help: "取消", action: .cancel, inBar: false),
    ])

    @Test func aKeyStandsForItsBindingsActionAndAnUnboundKeyForNothing() {
        #expect(keymap.action(for: .character("k")) == .up)
        #expect(keymap.action(for: .down) == .down)
        #expect(keymap.action(for: .character("x")) == nil)
        var typing = keymap
        typing.typing = .type
        #expect(typing.action(for: .character("中")) == .type)
        #expect(typing.action(for: .character("k")) == .up)
        #expect(typing.action(for: .pageDown) == nil)
    }

    @Test func theHelpBarMergesLikeHelpAndDropsWholeBindingsThatDoNotFit() {
        #expect(keymap.help.helpBar(width: 80) == "↑/k/↓/j 移动  Enter 评分")
        // 14 columns hold the first binding; the second would be cut, so it is left out whole.
        #expect(keymap.help.helpBar(width: 18) == "↑/k/↓/j 移动")
        #expect(keymap.help.map(\.label) == ["↑/k/↓/j", "Enter", "Esc"])
    }
}

@Suite struct TextFieldTests {
    @Test func theCursorMovesInsertsAndDeletesByGrapheme() {
        var field = TextField("专家")
        field.apply(.left)
        field.apply(.character("组"))
        #expect(field.text == "专组家" && field.cursor == 2)
        field.apply(.character("👩‍💻"))
        #expect(field.text == "专组👩‍💻家")
        field.apply(.backspace)
        field.apply(.backspace)
        #expect(field.text == "专家" && field.cursor == 1)
        field.apply(.delete)
        #expect(field.text == "专")
        field.apply(.home)
        field.apply(.character("A"))
        field.apply(.end)
        #expect(field.text == "A专" && field.cursor == 2)
    }

    @Test func aFieldKeepsToWhatItAcceptsAndItsLength() {
        var pin = TextField(accepts: .digits, maxLength: 4, masked: true)
        for key in "12a3 ４56" { pin.apply(.character(key)) }
        #expect(pin.text == "1235")
        #expect(pin.shown(focused: true).text == "****_")
        var id = TextField(accepts: .word)
        for key in "E 0\t1" { id.apply(.character(key)) }
        #expect(id.text == "E01")
        var score = TextField(accepts: .number, maxLength: 6)
        for key in "4.5x５" { score.apply(.character(key)) }
        #expect(score.text == "4.5５")
    }

    @Test func aLongFieldShowsItsEndAndMarksTheCursorInside() {
        var buffer = Buffer(width: 10, height: 1)
        var field = TextField("网络学习空间应用")
        buffer.put(field, row: 0, column: 0, width: 8, focused: true)
        // 17 columns with the cursor: the last 7 that fit whole are shown.
        #expect(buffer.lines == ["间应用_"])
        field.apply(.home)
        buffer = Buffer(width: 10, height: 1)
        buffer.put(field, row: 0, column: 0, width: 8, focused: true)
        #expect(buffer.lines == ["网络学习"])
        #expect(buffer[0, 0].style == .cursor && buffer[0, 2].style == .normal)
    }
}

@Suite struct ScrollListTests {
    @Test func theWindowFollowsTheCursorAndStaysInTheList() {
        var list = ScrollList(count: 30, page: 10)
        list.move(.pageDown)
        list.move(.pageDown)
        #expect(list.cursor == 20 && list.visible == 11..<21)
        list.move(.last)
        #expect(list.cursor == 29 && list.visible == 20..<30)
        list.move(.up)
        #expect(list.visible == 20..<30)
        list.resize(count: 5, page: 10)
        #expect(list.cursor == 4 && list.visible == 0..<5)
        list.move(.first)
        list.move(.up)
        #expect(list.cursor == 0)
        list.resize(count: 0, page: 10)
        #expect(list.cursor == 0 && list.visible.isEmpty)
    }
}

@Suite struct LayoutTests {
    @Test func rectanglesSplitWithoutLosingARow() {
        let screen = Rect(x: 0, y: 0, width: 80, height: 24)
        let (body, footer) = screen.splitBottom(2)
        #expect(body.height == 22 && footer.y == 22)
        let (left, right) = body.splitLeft(30)
        #expect(left.width == 30 && right.x == 31 && right.width == 49)
        #expect(screen.splitTop(30).top.height == 24)
    }

    @Test func aCellThatDoesNotFitSaysItWasCut() {
        #expect(DisplayWidth.clipped("新疆维吾尔自治区", to: 9) == "新疆维吾~")
        #expect(DisplayWidth.clipped("新疆", to: 4) == "新疆")
        var buffer = Buffer(width: 20, height: 1)
        buffer.putTitle(" 网络学习空间应用普及活动", right: "草稿 ", in: Rect(x: 0, y: 0, width: 20, height: 1))
        #expect(buffer.lines == [" 网络学习空间~ 草稿"])
    }
}
