import PanelCore
import TerminalKit

/// Drawing the dossier pager: the title row with the place, the text with every search hit
/// marked (the selected one as the cursor), the search line, and the file list over the text.
extension DossierReader {
    /// The pane: a title row with the position, the text, and the search line or the file list.
    func render(into buffer: inout Buffer, _ rect: Rect, focused: Bool) {
        let (titleRow, body) = rect.splitTop(1)
        let count = dossier.files.count
        let right = hits.isEmpty ? "\(count) 个文件" : "“\(query)” \((hit ?? 0) + 1)/\(hits.count)"
        buffer.put(
            DisplayWidth.padded(
                """
                 申报材料 · \(position)
                """, to: titleRow.width), row: titleRow.y, column: titleRow.x,
            style: focused ? .title : .dim)
        let rightWidth = DisplayWidth.of(right) + 1
        if rightWidth < titleRow.width / 2 {
            buffer.put(
                right, row: titleRow.y, column: titleRow.x + titleRow.width - rightWidth, style: focused ? .title : .dim
            )
        }
        var textRows = body
        if let searchField {
            let (above, prompt) = body.splitBottom(1)
            textRows = above
            buffer.put("/", row: prompt.y, column: prompt.x, style: .header)
            buffer.put(searchField, row: prompt.y, column: prompt.x + 1, width: prompt.width - 1, focused: true)
        }
        let selected = hit.map { hits[$0] }
        for row in 0..<textRows.height {
            let index = top + row
            guard lines.indices.contains(index) else { break }
            let line = lines[index]
            let style: Style =
                switch line.kind {
                case .heading: .header
                case .note: .dim
                case .flagged: .invalid
                case .text, .summary: .normal
                }
            buffer.put(
                line.text, row: textRows.y + row, column: textRows.x + 1, style: style, limit: textRows.width - 1)
            guard line.kind == .text, !hits.isEmpty else { continue }
            let lineRange = line.offset..<(line.offset + line.text.count)
            for found in hits
            where found.file == line.file && found.page == line.page && found.range.overlaps(lineRange) {
                let from = max(found.range.lowerBound, lineRange.lowerBound) - line.offset
                let to = min(found.range.upperBound, lineRange.upperBound) - line.offset
                let column = DisplayWidth.of(line.text.prefix(from))
                let width = DisplayWidth.of(line.text.dropFirst(from).prefix(to - from))
                buffer.paint(
                    row: textRows.y + row, column: textRows.x + 1 + column, width: width,
                    style: found == selected ? .cursor : .selected)
            }
        }
        if let files { renderFiles(files, into: &buffer, body) }
    }

    private func renderFiles(_ list: ScrollList, into buffer: inout Buffer, _ rect: Rect) {
        let box = rect.inset(1)
        for (row, index) in list.visible.enumerated() where row < box.height {
            let file = dossier.files[index]
            let text =
                """
                \(DisplayName.escaped(file.name, limit: box.width - 24))  \(file.pages) 页\
                  \(file.status.chineseName)
                """
            buffer.put(
                DisplayWidth.padded(" " + text, to: box.width), row: box.y + row, column: box.x,
                style: index == list.cursor ? .selected : .title)
        }
    }
}
