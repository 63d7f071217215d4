extension Province {
    /// Land borders between province-level units (short names), each written once. 海南 has none by
    /// land; the 兵团 lies within 新疆 and borders what 新疆 borders.
    private static let borders: [(String, [String])] = [
        ("北京", ["天津", "河北"]), ("天津", ["河北"]),
        ("河北", ["山西", "内蒙古", "辽宁", "山东", "河南"]),
        ("山西", ["内蒙古", "陕西", "河南"]),
        ("内蒙古", ["黑龙江", "吉林", "辽宁", "陕西", "宁夏", "甘肃"]),
        ("辽宁", ["吉林"]), ("吉林", ["黑龙江"]),
        ("上海", ["江苏", "浙江"]), ("江苏", ["浙江", "安徽", "山东"]),
        ("浙江", ["安徽", "江西", "福建"]), ("安徽", ["江西", "湖北", "河南", "山东"]),
        ("福建", ["江西", "广东"]), ("江西", ["湖北", "湖南", "广东"]),
        ("山东", ["河南"]), ("河南", ["陕西", "湖北"]),
        ("湖北", ["湖南", "重庆", "陕西"]), ("湖南", ["广东", "广西", "贵州", "重庆"]),
        ("广东", ["广西"]), ("广西", ["贵州", "云南"]),
        ("重庆", ["四川", "贵州", "陕西"]), ("四川", ["贵州", "云南", "西藏", "青海", "甘肃", "陕西"]),
        ("贵州", ["云南"]), ("云南", ["西藏"]), ("西藏", ["新疆", "青海"]),
        ("陕西", ["宁夏", "甘肃"]), ("甘肃", ["宁夏", "新疆", "青海"]), ("青海", ["新疆"]),
        ("兵团", ["新疆", "甘肃", "青海", "西藏"]),
    ]

    private static let neighbourPairs: Set<String> = {
        var pairs = Set<String>()
        for (province, others) in borders {
            for other in others {
                guard let a = named(province)?.name, let b = named(other)?.name else { continue }
                pairs.insert(a + "|" + b)
                pairs.insert(b + "|" + a)
            }
        }
        return pairs
    }()

    /// Whether two provinces (full names, as stored) share a land border.
    public static func areNeighbours(_ a: String, _ b: String) -> Bool {
        neighbourPairs.contains(a + "|" + b)
    }
}
