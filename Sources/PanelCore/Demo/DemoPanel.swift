/// A believable national panel for `panel demo`: every province-level unit recommends three regions
/// and about fourteen schools, a few candidates break each eligibility rule, 25 experts from 25
/// provinces and a chair score them. Pure: it returns the files a secretariat would import.
public enum DemoPanel {
    public static let pin = "0000"
    public static let chair = "C01"

    /// Two cities per unit (for the municipalities and 兵团, districts or divisions).
    static let places: [String: [String]] = [
        "北京": ["海淀区", "朝阳区", "东城区"], "天津": ["和平区", "南开区", "滨海新区"], "河北": ["石家庄市", "唐山市"],
        "山西": ["太原市", "大同市"], "内蒙古": ["呼和浩特市", "包头市"], "辽宁": ["沈阳市", "大连市"], "吉林": ["长春市", "吉林市"],
        "黑龙江": ["哈尔滨市", "齐齐哈尔市"], "上海": ["浦东新区", "徐汇区", "闵行区"], "江苏": ["南京市", "苏州市"],
        "浙江": ["杭州市", "宁波市"], "安徽": ["合肥市", "芜湖市"], "福建": ["福州市", "厦门市"], "江西": ["南昌市", "赣州市"],
        "山东": ["济南市", "青岛市"], "河南": ["郑州市", "洛阳市"], "湖北": ["武汉市", "宜昌市"], "湖南": ["长沙市", "株洲市"],
        "广东": ["广州市", "深圳市"], "广西": ["南宁市", "柳州市"], "海南": ["海口市", "三亚市"], "重庆": ["渝中区", "江北区", "沙坪坝区"],
        "四川": ["成都市", "绵阳市"], "贵州": ["贵阳市", "遵义市"], "云南": ["昆明市", "曲靖市"], "西藏": ["拉萨市", "日喀则市"],
        "陕西": ["西安市", "宝鸡市"], "甘肃": ["兰州市", "天水市"], "青海": ["西宁市", "海东市"], "宁夏": ["银川市", "石嘴山市"],
        "新疆": ["乌鲁木齐市", "克拉玛依市"], "兵团": ["第一师阿拉尔市", "第八师石河子市"],
    ]
    static let districts = ["城关区", "高新区", "经济技术开发区", "新城区", "东湖区", "西山区"]
    static let schools: [(name: String, level: SchoolLevel)] = [
        ("第一中学", .basic), ("实验小学", .basic), ("外国语学校", .basic), ("第二实验小学", .basic), ("育才中学", .basic),
        ("职业技术学院", .vocational), ("师范大学附属中学", .basic), ("开放大学", .continuing), ("第三中学", .basic),
        ("中等职业学校", .vocational), ("高级中学", .basic), ("科技大学", .higher), ("实验幼儿园", .basic), ("社区学院", .continuing),
        ("第四中学", .basic), ("特殊教育学校", .basic),
    ]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩")
    static let givenNames = ["建华", "丽娟", "志强", "晓燕", "国平", "文静", "海涛", "雪梅", "立新", "春华", "明", "芳", "伟", "静", "磊"]

    /// The municipality-style units list districts; the others "city + district".
    static func regionName(_ province: Province, _ index: Int) -> (name: String, city: String, county: String) {
        let list = places[province.short]!
        if list.count == 3 {
            return ("\(province.name)\(list[index])", province.name, list[index])
        }
        let city = list[index % 2], district = districts[(province.code + index) % districts.count]
        return ("\(province.name)\(city)\(district)", city, district)
    }

    /// 附件6 as a province would send it (UTF-8 CSV), with a few candidates that break each rule.
    public static func nominationsCSV() -> String {
        var rows = [
            """
            编号,类别,名称,省份,地市,区县,学段,平台名称,接入国家平台,往年获评,支撑区\
            域,推荐排序,联系人,联系电话,
            """
                + DemoDossier.factColumns.joined(separator: ",")
        ]
        for (p, province) in Province.all.enumerated() {
            let code = province.code
            let platform = "\(province.short)教育“人人通”平台"
            for r in 0..<3 {
                let place = regionName(province, r)
                // Every fifth unit's third region was excellent in 2019: not eligible again.
                let prior = (r == 2 && p % 5 == 0) ? "2019" : ""
                rows.append(
                    "R-\(code)-\(r + 1),区域,\(place.name),\(province.short),\(place.city),\(place.county),,\(platform),是,\(prior),,\(r + 1),刘老师,010-6609\(String(format: "%04d", code * 10 + r)),"
                        + DemoDossier.factValues(id: "R-\(code)-\(r + 1)", region: true).joined(separator: ",")
                )
            }
            let count = p % 8 == 0 ? 16 : 14  // every eighth unit recommends 16 schools, one over the cap of 15
            for s in 0..<count {
                let school = schools[s]
                let region = regionName(province, s % 3)
                // The second region of every seventh unit gets no supporting school.
                let supports = (p % 7 == 3 && s % 3 == 1) ? "R-\(code)-1" : "R-\(code)-\(s % 3 + 1)"
                let connected = (s == 13 && p % 6 == 1) ? "否" : "是"
                let name = "\(region.city == province.name ? province.short : region.city)\(school.name)"
                rows.append(
                    "S-\(code)-\(String(format: "%02d", s + 1)),学校,\(name),\(province.short),\(region.city),\(region.county),\(school.level.rawValue),\(platform),\(connected),,\(supports),\(s + 1),张主任,,"
                        + DemoDossier.factValues(id: "S-\(code)-\(String(format: "%02d", s + 1))", region: false)
                        .joined(separator: ",")
                )
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// 学段 and 评审类别 of E01–E05, E06–E10 … E21–E25: each kind and every 学段 is covered by at
    /// least ten experts of ten provinces, so that 7 per candidate are found with expertise
    /// required, and everyone takes 基础教育 schools, the most numerous, so that loads stay even.
    static let fields = [
        ("基础教育", "全部"), ("基础教育;职业教育;高等教育", "学校"),
        (
            "基础教育;继续教育",
            "全部"
        ),
        ("基础教育;高等教育;职业教育;继续教育", "学校"), ("基础教育", "全部"),
    ]

    /// 25 experts from 25 different units (none from the last seven, so every candidate has
    /// enough experts without a conflict), with their 学段 and 评审类别, and the chair; every PIN
    /// is `0000`.
    public static func expertsCSV() -> String {
        var rows = ["编号,姓名,省份,单位,学段,评审类别,角色,PIN"]
        for n in 0..<25 {
            let province = Province.all[n]
            let name = "\(surnames[n % surnames.count])\(givenNames[(n * 7) % givenNames.count])"
            let (levels, reviews) = fields[n / 5]
            rows.append(
                """
                E\(String(format: "%02d", n + 1)),\(name),\(province.short),\(province.short)师范大学教育技术学院,\
                \(levels),\(reviews),专家,\(pin)
                """)
        }
        rows.append("\(chair),任组长,北京,中央电化教育馆,,,组长,\(pin)")
        return rows.joined(separator: "\n") + "\n"
    }

    /// Scores for the assignments: about 70% of material sheets submitted, a few drafts. Each
    /// candidate has a quality and each expert a severity, so rankings spread and some experts
    /// are visibly strict or lenient.
    public static func scoresCSV(
        assignments: [Assignment], candidates: [Candidate], round: RoundDefinition, seed: UInt64
    ) -> String {
        var random = SeededRandom(seed: seed)
        let kinds = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0.kind) })
        var quality: [String: Double] = [:]
        for candidate in candidates.sorted(by: { $0.id < $1.id }) { quality[candidate.id] = 0.62 + 0.3 * random.unit() }
        var severity: [String: Double] = [:]
        for expert in Set(assignments.map(\.expert)).sorted() { severity[expert] = -0.07 + 0.14 * random.unit() }
        var rows = ["专家编号,候选编号,阶段,指标,分数"]
        for assignment in assignments.sorted() {
            guard let kind = kinds[assignment.candidate], let base = quality[assignment.candidate] else { continue }
            let roll = random.unit()
            guard roll < 0.75 else { continue }  // not started yet
            let items = round.sheet(Stage.material.sheet(for: kind)).items
            let given = roll < 0.7 ? items : Array(items.prefix(items.count / 2))  // 0.7–0.75: a draft
            for item in given {
                let share = min(1, max(0, base + severity[assignment.expert]! + 0.1 * (random.unit() - 0.5)))
                let steps = Int((Double(item.points.hundredths / item.step.hundredths) * share).rounded())
                rows.append(
                    """
                    \(assignment.expert),\(assignment.candidate),材料,\(item.id),\
                    \(Points(hundredths: steps * item.step.hundredths))
                    """
                )
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// Defence sheets from every assigned expert of each shortlisted candidate, all submitted.
    /// `material`: each one's material score out of 100. A defence is its own performance, so it
    /// follows the materials only in part; each expert leans a little, and each item varies, so
    /// the experts agree about as a real panel would (alpha about 0.8 on the demo, where uniform noise gave 0).
    public static func defenseCSV(
        shortlisted: [String: Double], assignments: [Assignment], round: RoundDefinition, seed: UInt64
    ) -> String {
        var random = SeededRandom(seed: seed &+ 1)
        var quality: [String: Double] = [:]
        for (id, material) in shortlisted.sorted(by: { $0.key < $1.key }) {
            quality[id] = 0.6 * material / 100 + 0.4 * (0.65 + 0.3 * random.unit())
        }
        var leaning: [String: Double] = [:]
        for expert in Set(assignments.map(\.expert)).sorted() { leaning[expert] = 0.06 * (random.unit() - 0.5) }
        var rows = ["专家编号,候选编号,阶段,指标,分数"]
        for assignment in assignments.sorted() {
            guard let base = quality[assignment.candidate] else { continue }
            for item in round.defense.items {
                let share = min(1, max(0, base + leaning[assignment.expert]! + 0.12 * (random.unit() - 0.5)))
                let steps = Int((Double(item.points.hundredths / item.step.hundredths) * share).rounded())
                rows.append(
                    """
                    \(assignment.expert),\(assignment.candidate),答辩,\(item.id),\
                    \(Points(hundredths: steps * item.step.hundredths))
                    """
                )
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The same full sheets, totalling `total` at both stages, from every assigned expert of each
    /// candidate: they end with equal finals and equal tie-break keys, a tie no rule can break.
    /// `defenseAssignments`: who scores the defences, when not the same experts (the defence groups).
    public static func identicalSheetsCSV(
        candidates: [Candidate], assignments: [Assignment], round: RoundDefinition, total: Points,
        defenseAssignments: [Assignment]? = nil
    ) -> String {
        var rows = ["专家编号,候选编号,阶段,指标,分数"]
        for candidate in candidates {
            for stage in Stage.allCases {
                let scorers = stage == .defense ? defenseAssignments ?? assignments : assignments
                for assignment in scorers.sorted() where assignment.candidate == candidate.id {
                    var left = total
                    for item in round.sheet(stage.sheet(for: candidate.kind)).items {
                        let given = min(item.points, left)
                        left = left - given
                        rows.append("\(assignment.expert),\(candidate.id),\(stage.chineseName),\(item.id),\(given)")
                    }
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
