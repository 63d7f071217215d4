/// What each demo candidate sends with its nomination: a 推荐表 in the notice's sections, with
/// figures that follow from the candidate (so that two candidates never read alike), as the text a
/// province's office would type. Pure: the demo writes the files and imports them for real.
public enum DemoDossier {
    /// The files of `candidate`'s dossier, by name. Text as UTF-8, every seventh one as GB18030
    /// would be written by Notepad on a Chinese Windows (the import tells them apart).
    public static func files(for candidate: Candidate) -> [(name: String, text: String, gb18030: Bool)] {
        let seed = seed(candidate.id)
        let figures = Figures(seed: seed, region: candidate.kind == .region)
        let form = recommendation(candidate, figures)
        var files = [(name: "推荐表.txt", text: form, gb18030: seed % 7 == 0)]
        files.append((name: "典型案例.md", text: cases(candidate, seed: seed), gb18030: false))
        return files
    }

    static func seed(_ id: String) -> Int { id.unicodeScalars.reduce(7) { ($0 &* 31 &+ Int($1.value)) % 1_000_003 } }

    /// The summary table's extra columns, and a candidate's values for them (the same figures its
    /// 推荐表 gives; about one in forty has a typing error that makes a rate exceed 100 %).
    static let factColumns = [
        "学校数", "教师数", "学生数",
        """
        机构空间开通数
        """, "教师空间开通数", "学生空间开通数",
    ]

    static func factValues(id: String, region: Bool) -> [String] {
        let seed = seed(id)
        var figures = Figures(seed: seed, region: region)
        if seed % 41 == 0 { figures.teacherSpaces = figures.teachers + 12 }
        return [
            figures.schools, figures.teachers, figures.students, figures.institutionSpaces, figures.teacherSpaces,
            figures.studentSpaces,
        ].map(String.init)
    }

    struct Figures {
        var schools, teachers, students, teacherSpaces, studentSpaces, institutionSpaces: Int
        init(seed: Int, region: Bool) {
            schools = region ? 30 + seed % 90 : 1
            teachers = region ? schools * (60 + seed % 40) : 80 + seed % 200
            students = teachers * (12 + seed % 6)
            teacherSpaces = teachers * (90 + seed % 10) / 100
            studentSpaces = students * (80 + seed % 19) / 100
            institutionSpaces = region ? schools : 1
        }
        func rate(_ part: Int, _ whole: Int) -> String {
            let tenths = part * 1000 / max(whole, 1)
            return "\(tenths / 10).\(tenths % 10)%"
        }
    }

    static func recommendation(_ candidate: Candidate, _ figures: Figures) -> String {
        let region = candidate.kind == .region
        let who = region ? "本区域" : "本校"
        return """
            网络学习空间应用普及活动推荐表（\(region ? "优秀区域" : "优秀学校")）

            申报单位：\(candidate.name)
            所在省份：\(candidate.province)    地市：\(candidate.city)
            人人通平台：\(candidate.platform)（\(candidate.connected ? "已接入国家体系" : "尚未接入国家体系")）

            一、基本情况
            \(who)共有\(region ? "学校\(figures.schools)所，" : "")教师\(figures.teachers)人，学生\(figures.students)人。\
            \(who)成立了由主要负责同志任组长的网络学习空间建设与应用工作领导小组，制定了实施方案和考核办法，\
            将空间应用纳入年度考核，并设立专项经费予以保障。

            二、空间开通情况
            机构空间开通数：\(figures.institutionSpaces)个。
            教师空间开通数：\(figures.teacherSpaces)个，教师空间开通率：\(figures.rate(figures.teacherSpaces, figures.teachers))。
            学生空间开通数：\(figures.studentSpaces)个，学生空间开通率：\(figures.rate(figures.studentSpaces, figures.students))。

            三、深化应用
            依托空间开展网络教研、在线答疑、作业提交与学情分析，停课期间通过空间实现“停课不停学”。\
            教师在空间中建设课程资源，学生在空间中记录成长过程，家长通过空间参与家校共育。

            四、特色与成效
            \(who)以空间为纽带组建跨校教研共同体，推动优质资源共建共享；空间应用覆盖全部学科，\
            形成了可复制、可推广的经验。

            五、推荐意见
            经审核，同意推荐\(candidate.name)参加\(region ? "优秀区域" : "优秀学校")评选。
            """
    }

    static func cases(_ candidate: Candidate, seed: Int) -> String {
        let topics = [
            "项目式学习", "双师课堂",
            """
            综合素质评价
            """, "跨校教研", "家校共育", "课后服务",
        ]
        let first = topics[seed % topics.count], second = topics[(seed / 7) % topics.count]
        return """
            # \(candidate.name)典型案例

            ## 案例一：空间支持下的\(first)

            教师在空间中发布任务与资源，学生分组完成并提交作品，同伴互评后教师据此调整教学。

            ## 案例二：以空间推进\(second)

            依托空间汇聚过程性数据，定期形成分析报告，用于改进教学与管理。
            """
    }
}
