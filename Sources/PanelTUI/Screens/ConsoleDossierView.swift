import PanelCore
import TerminalKit

/// The chair's console reads dossiers too: `m` on a candidate's page opens its dossier in the
/// same pager the experts use, and `M` on a ranking searches every dossier, Enter opening a hit's
/// dossier at that search.
extension ConsoleState.View {
    var isDossier: Bool { if case .dossier = self { true } else { false } }
}

extension ConsoleState {
    var dossierKeymap: Keymap<Action> {
        guard let dossier else {
            return Keymap([Binding(keys: [.character("q"), .character("m")], help: "返回", action: .leaveDossier)])
        }
        let keys = dossier.keymap.map(Action.dossier)
        return dossier.isTyping || dossier.files != nil
            ? keys
            : keys.adding([Binding(keys: [.character("q"), .character("m")], help: "返回", action: .leaveDossier)])
    }

    mutating func dossierAction(_ action: Action, key: Key, _ status: inout StatusLine) -> [Effect] {
        switch action {
        case .readDossier:
            guard case .page(let id) = view else { return [] }
            return openDossier(id, query: nil, returning: view, &status)
        case .searchMaterials:
            prompt = Prompt(label: "在全部申报材料中查找", purpose: .searchMaterials)
        case .openHit:
            guard hits.indices.contains(selected), case .materials(let query) = view else { return [] }
            return openDossier(hits[selected].candidate, query: query, returning: view, &status)
        case .leaveDossier:
            view = dossierReturn
            dossier = nil
            list = ScrollList()
        case .dossier(let inner): dossier?.perform(inner, pressed: key, &status)
        default: break
        }
        return []
    }

    private mutating func openDossier(_ id: String, query: String?, returning: View, _ status: inout StatusLine)
        -> [Effect]
    {
        dossierReturn = returning
        dossierQuery = query
        dossier = nil
        view = .dossier(id)
        status.say("正在读取 \(id) 的申报材料…")
        return [.openDossier(id)]
    }

    mutating func loadDossier(_ loaded: Dossier, _ layout: ScreenLayout, _ status: inout StatusLine) {
        var reader = DossierReader(loaded)
        reader.fit(width: layout.page.width - 1, rows: layout.page.height - 1)
        // Opened from a search: the same search inside it, at its first place.
        if let query = dossierQuery {
            reader.searchField = TextField(query)
            reader.perform(.confirmSearch, pressed: .enter, &status)
        } else {
            status.say("\(loaded.candidate) 的申报材料：空格翻屏，/ 查找，q 返回")
        }
        dossier = reader
    }

    mutating func showHits(_ query: String, _ found: [DossierHit], _ status: inout StatusLine) {
        hits = found
        if case .materials = view {} else { previous = view }
        view = .materials(query)
        list = ScrollList()
        status.say(
            found.isEmpty
                ? "申报材料中没有“\(query)”"
                : """
                “\(query)”：\(found.count) 页，Enter 打开
                """, error: found.isEmpty)
    }

    func renderHits(into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        guard case .materials(let query) = view else { return }
        buffer.put("查找“\(query)”：\(hits.count) 页", row: layout.bar.y, column: Self.infoColumn, style: .dim)
        let columns = Buffer.columns(widths: [8, 24, 4, layout.width - 44])
        buffer.putRow(["编号", "文件", "页", "上下文"], columns, row: layout.tableHeader.y, style: .header)
        for (offset, index) in list.visible.enumerated() {
            let hit = hits[index]
            buffer.putRow(
                [hit.candidate, DisplayName.escaped(hit.file), String(hit.page), DisplayName.escaped(hit.snippet)],
                columns, row: layout.table.y + offset, style: index == list.cursor ? .selected : .normal)
        }
    }
}
