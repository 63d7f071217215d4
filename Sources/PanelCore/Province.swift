/// The 31 province-level units and the 新疆生产建设兵团, in GB/T 2260 code order — the order a
/// ministry list is published in.
public struct Province: Hashable, Sendable, Comparable {
    /// The GB/T 2260 code (兵团: 66), which also gives the publishing order.
    public let code: Int
    /// The standard full name, such as 浙江省 or 广西壮族自治区: what the database stores.
    public let name: String
    /// The short name, such as 浙江 or 广西.
    public let short: String

    public static func < (a: Province, b: Province) -> Bool { a.code < b.code }

    public static let all: [Province] = [
        (11, "北京市", "北京"), (12, "天津市", "天津"), (13, "河北省", "河北"), (14, "山西省", "山西"),
        (15, "内蒙古自治区", "内蒙古"), (21, "辽宁省", "辽宁"), (22, "吉林省", "吉林"), (23, "黑龙江省", "黑龙江"),
        (31, "上海市", "上海"), (32, "江苏省", "江苏"), (33, "浙江省", "浙江"), (34, "安徽省", "安徽"),
        (35, "福建省", "福建"), (36, "江西省", "江西"), (37, "山东省", "山东"), (41, "河南省", "河南"),
        (42, "湖北省", "湖北"), (43, "湖南省", "湖南"), (44, "广东省", "广东"), (45, "广西壮族自治区", "广西"),
        (46, "海南省", "海南"), (50, "重庆市", "重庆"), (51, "四川省", "四川"), (52, "贵州省", "贵州"),
        (53, "云南省", "云南"), (54, "西藏自治区", "西藏"), (61, "陕西省", "陕西"), (62, "甘肃省", "甘肃"),
        (63, "青海省", "青海"), (64, "宁夏回族自治区", "宁夏"), (65, "新疆维吾尔自治区", "新疆"),
        (66, "新疆生产建设兵团", "兵团"),
    ].map { Province(code: $0.0, name: $0.1, short: $0.2) }

    private static let byName: [String: Province] = {
        var names: [String: Province] = [:]
        for province in all {
            for alias in [
                province.name, province.short, province.short + "省", province.short + "市",
                province.short + """
                    自治区
                    """,
            ] {
                names[alias] = names[alias] ?? province
            }
        }
        names["新疆兵团"] = all.last
        return names
    }()

    /// 浙江, 浙江省, 广西, 广西壮族自治区, 兵团…; `nil` for anything else.
    public static func named(_ text: String) -> Province? {
        byName[text.filter { !$0.isWhitespace }]
    }
}
