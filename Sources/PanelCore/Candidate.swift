/// What a candidate is nominated as.
public enum CandidateKind: String, CaseIterable, Sendable, Codable {
    case region, school

    public var chineseName: String { self == .region ? "区域" : "学校" }

    /// 区域/学校, region/school (as the summary tables write them).
    public init?(text: String) {
        switch text.lowercased().filter({ !$0.isWhitespace }) {
        case "区域", "region", "优秀区域": self = .region
        case "学校", "school", "优秀学校": self = .school
        default: return nil
        }
    }
}

/// 学段: the stage of education a school belongs to.
public enum SchoolLevel: String, CaseIterable, Sendable, Codable {
    case basic = "基础教育", vocational = "职业教育", higher = "高等教育", continuing = "继续教育"
}

/// A nominated region or school, one row of a province's summary table (附件6 信息汇总表).
public struct Candidate: Equatable, Sendable, Codable {
    public var id: String
    public var kind: CandidateKind
    public var name: String
    /// The standard full name (浙江省).
    public var province: String
    public var city: String
    public var county: String
    /// Schools only.
    public var level: SchoolLevel?
    public var platform: String
    /// Whether the certified 人人通 platform is connected to the national public service system.
    public var connected: Bool
    /// The year of an earlier excellent title.
    public var priorAward: Int?
    /// A school's region it is a supporting case (支撑案例) for.
    public var supports: String?
    /// The province's order of recommendation within its kind, 1 first.
    public var provinceRank: Int?
    public var contact: String
    public var phone: String
    /// The order candidates were imported in: breaks ties where ranks are missing.
    public var importOrder: Int

    public init(
        id: String, kind: CandidateKind, name: String, province: String, city: String, county: String = "",
        level: SchoolLevel? = nil, platform: String, connected: Bool, priorAward: Int? = nil,
        supports: String? = nil, provinceRank: Int? = nil, contact: String = "", phone: String = "",
        importOrder: Int
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.province = province
        self.city = city
        self.county = county
        self.level = level
        self.platform = platform
        self.connected = connected
        self.priorAward = priorAward
        self.supports = supports
        self.provinceRank = provinceRank
        self.contact = contact
        self.phone = phone
        self.importOrder = importOrder
    }
}
