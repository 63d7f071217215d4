/// The rules of a round (`rules.toml`): what a national, provincial or city round differs in.
public struct Rules: Equatable, Sendable {
    public init(
        round: Round, quota: PerKind, caps: Caps, scoring: Scoring, conflicts: Conflicts,
        fairness: Fairness = Fairness(), rates: [FactRate] = [], assignment: Assignment = Assignment()
    ) {
        self.rates = rates
        self.assignment = assignment
        self.round = round
        self.quota = quota
        self.caps = caps
        self.scoring = scoring
        self.conflicts = conflicts
        self.fairness = fairness
    }

    public var round: Round
    public var quota: PerKind
    public var caps: Caps
    public var scoring: Scoring
    public var conflicts: Conflicts
    public var fairness: Fairness
    /// Rates of the summary table's figures shown with a candidate's dossier (`[[facts.rate]]`).
    public var rates: [FactRate]
    public var assignment: Assignment
    /// How the front end guards a session left alone (`[session]`, optional).
    public var session = Session()
    /// How the oral defence runs (`[defense]`, optional).
    public var defense = Defense()

    /// The defence day (现场答辩): each candidate's minutes, the parallel groups, and whether the
    /// groups' totals are standardized before they are combined.
    public struct Defense: Equatable, Sendable {
        public enum Normalize: String, CaseIterable, Sendable {
            case none
            /// Each group's defence totals standardized within the group, then mapped back to the
            /// overall mean and spread, so that a strict group and a lenient one count alike.
            case groupZscore = "group_zscore"
        }

        public init(
            presentMinutes: Int = 8, questionsMinutes: Int = 5, changeoverMinutes: Int = 2, groups: Int = 1,
            normalize: Normalize = .none
        ) {
            self.presentMinutes = presentMinutes
            self.questionsMinutes = questionsMinutes
            self.changeoverMinutes = changeoverMinutes
            self.groups = groups
            self.normalize = normalize
        }

        public var presentMinutes: Int
        public var questionsMinutes: Int
        /// Between one candidate and the next.
        public var changeoverMinutes: Int
        /// Parallel groups of experts (答辩专家组); 1: everyone hears everyone.
        public var groups: Int
        public var normalize: Normalize

        /// A slot's length, changeover aside.
        public var slotMinutes: Int { presentMinutes + questionsMinutes }
    }

    public struct Session: Equatable, Sendable {
        public init(idleLockMinutes: Int = 15) { self.idleLockMinutes = idleLockMinutes }
        /// After this many minutes without a key the front end locks and asks for the PIN again
        /// (0: never).
        public var idleLockMinutes: Int
    }

    /// How `panel assign` uses the experts' 学段 and 评审类别 (`[assignment]`, optional).
    public struct Assignment: Equatable, Sendable {
        public enum Expertise: String, CaseIterable, Sendable {
            /// Only experts whose fields cover the candidate.
            case required
            /// Covering experts first, others where too few cover it.
            case preferred
            /// The fields play no part.
            case ignored
        }
        public init(expertise: Expertise = .required) { self.expertise = expertise }
        public var expertise: Expertise
    }

    public enum Level: String, CaseIterable, Sendable { case national, province, city }

    public struct Round: Equatable, Sendable {
        public init(name: String, level: Level, priorAwardYears: [Int]) {
            self.name = name
            self.level = level
            self.priorAwardYears = priorAwardYears
        }

        public var name: String
        public var level: Level
        /// A candidate that was excellent in one of these years is not eligible again.
        public var priorAwardYears: [Int]
    }

    /// One number for regions and one for schools.
    public struct PerKind: Equatable, Sendable {
        public init(region: Int, school: Int) {
            self.region = region
            self.school = school
        }

        public var region: Int
        public var school: Int
    }

    /// How many a province may recommend; the city and county caps only warn.
    public struct Caps: Equatable, Sendable {
        public init(regionPerProvince: Int, schoolPerProvince: Int, schoolPerCity: Int, schoolPerCounty: Int) {
            self.regionPerProvince = regionPerProvince
            self.schoolPerProvince = schoolPerProvince
            self.schoolPerCity = schoolPerCity
            self.schoolPerCounty = schoolPerCounty
        }

        public var regionPerProvince: Int
        public var schoolPerProvince: Int
        public var schoolPerCity: Int
        public var schoolPerCounty: Int
    }

    public enum Aggregate: String, CaseIterable, Sendable {
        /// `zscore`: each expert's totals standardized over their own sheets and mapped back to the
        /// overall mean and spread (the severity-adjusted view), then the trimmed mean as for
        /// `trimmed_mean`.
        case trimmedMean = "trimmed_mean", mean, median, zscore
    }

    /// A key that orders candidates whose finals are equal, compared descending.
    public enum TieBreak: Equatable, Sendable, CustomStringConvertible {
        case defense, material
        /// The aggregate of the experts' subtotals of one group of the material sheet.
        case group(String)

        public init?(_ text: String) {
            switch text {
            case "defense": self = .defense
            case "material": self = .material
            default:
                guard text.hasPrefix("group:"), text.count > 6 else { return nil }
                self = .group(String(text.dropFirst(6)))
            }
        }

        public var description: String {
            switch self {
            case .defense: "defense"
            case .material: "material"
            case .group(let id): "group:\(id)"
            }
        }
    }

    public struct Scoring: Equatable, Sendable {
        public init(
            aggregate: Aggregate, trim: Int, trimMinExperts: Int, minExperts: Int, materialWeight: Points,
            defenseWeight: Points, minFinal: Points, shortlist: PerKind, tieBreak: [TieBreak]
        ) {
            self.aggregate = aggregate
            self.trim = trim
            self.trimMinExperts = trimMinExperts
            self.minExperts = minExperts
            self.materialWeight = materialWeight
            self.defenseWeight = defenseWeight
            self.minFinal = minFinal
            self.shortlist = shortlist
            self.tieBreak = tieBreak
        }

        public var aggregate: Aggregate
        /// Drop this many highest and as many lowest totals…
        public var trim: Int
        /// …when at least this many experts completed a sheet.
        public var trimMinExperts: Int
        /// Fewer complete sheets than this: the candidate is incomplete.
        public var minExperts: Int
        /// Weights in hundredths of one, so that they add up exactly: 0.6 is 60.
        public var materialWeight: Points
        public var defenseWeight: Points
        /// Below this final score nobody wins, even inside the quota.
        public var minFinal: Points
        /// How many of each kind go to the oral defence.
        public var shortlist: PerKind
        public var tieBreak: [TieBreak]
    }

    public struct Conflicts: Equatable, Sendable {
        public init(recuseSameProvince: Bool, recuseSameCity: Bool = false) {
            self.recuseSameProvince = recuseSameProvince
            self.recuseSameCity = recuseSameCity
        }

        /// An expert never scores a candidate from their own province (回避).
        public var recuseSameProvince: Bool
        /// Rounds below national: an expert never scores a candidate from their own city (the
        /// expert's 地市, when the experts file gives it).
        public var recuseSameCity: Bool
    }

    /// What the chair's fairness statistics flag (`[fairness]`, optional: these are the defaults).
    public struct Fairness: Equatable, Sendable {
        public init(
            severityFlag: Points = Points(8), corridor: Points = Points(15), minSheets: Int = 5, bootstrap: Int = 1000,
            seed: UInt64 = 2020, window: Int = 10
        ) {
            self.severityFlag = severityFlag
            self.corridor = corridor
            self.minSheets = minSheets
            self.bootstrap = bootstrap
            self.seed = seed
            self.window = window
        }

        /// An expert whose mean difference from the others lies beyond this (either way) is flagged.
        public var severityFlag: Points
        /// A sheet farther than this from the others' aggregate for its candidate is an outlier.
        public var corridor: Points
        /// The severity-adjusted view needs at least this many sheets from every expert.
        public var minSheets: Int
        /// Resamples of each candidate's experts for the stability of the cut line, and their seed.
        public var bootstrap: Int
        public var seed: UInt64
        /// Candidates within this many places of a quota line get a stability figure.
        public var window: Int
    }
}
