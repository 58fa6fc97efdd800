import DataAPI
import DataAPISQL
import DataAPITestServer
import Foundation
import Testing

/// Arbitrary values of every supported type, and of its Optional, written through a model
/// and read back equal on both engines.
@Suite(.serialized) struct RoundTripPropertyTests {
    enum Mood: String, Codable, Sendable, SQLBindable, CaseIterable { case calm, cross, café = "café ☕" }
    enum Rank: Int, Codable, Sendable, SQLBindable, CaseIterable { case low = -1, mid = 0, high = 7 }
    struct Doc: Codable, Sendable, Hashable { var title: String; var count: Int; var tags: [String]; var flag: Bool }

    struct Everything: Table, Equatable {
        var id: Int64
        var bool: Bool, boolN: Bool?
        var i8: Int8, i8N: Int8?
        var i16: Int16, i16N: Int16?
        var i32: Int32, i32N: Int32?
        var i64: Int64, i64N: Int64?
        var int: Int, intN: Int?
        var u8: UInt8, u16: UInt16, u32: UInt32, u32N: UInt32?
        var double: Double, doubleN: Double?
        var float: Float, floatN: Float?
        var string: String, stringN: String?
        var decimal: Decimal, decimalN: Decimal?
        var timestamp: Date, timestampN: Date?
        var day: Date, dayN: Date?
        var time: Date, timeN: Date?
        var uuid: UUID, uuidN: UUID?
        var data: Data, dataN: Data?
        var mood: Mood, moodN: Mood?
        var rank: Rank, rankN: Rank?
        var doc: JSONValue<Doc>, docN: JSONValue<Doc>?

        static let tableName = "exec_everything"
        static let id = Column<Everything, Int64>(CodingKeys.id).primaryKey()
        static let decimalColumn = Column<Everything, Decimal>(CodingKeys.decimal, type: decimalType)
        static let timestampNColumn = Column<Everything, Date?>(CodingKeys.timestampN, type: .timestamp)
        static let decimalType = SQLColumnType.decimal(precision: 38, scale: 10)
        static let columns: [SQLColumnSchema] = [
            id.schema,
            Column<Everything, Bool>(CodingKeys.bool).schema, Column<Everything, Bool?>(CodingKeys.boolN).schema,
            Column<Everything, Int8>(CodingKeys.i8).schema, Column<Everything, Int8?>(CodingKeys.i8N).schema,
            Column<Everything, Int16>(CodingKeys.i16).schema, Column<Everything, Int16?>(CodingKeys.i16N).schema,
            Column<Everything, Int32>(CodingKeys.i32).schema, Column<Everything, Int32?>(CodingKeys.i32N).schema,
            Column<Everything, Int64>(CodingKeys.i64).schema, Column<Everything, Int64?>(CodingKeys.i64N).schema,
            Column<Everything, Int>(CodingKeys.int).schema, Column<Everything, Int?>(CodingKeys.intN).schema,
            Column<Everything, UInt8>(CodingKeys.u8).schema, Column<Everything, UInt16>(CodingKeys.u16).schema,
            Column<Everything, UInt32>(CodingKeys.u32).schema, Column<Everything, UInt32?>(CodingKeys.u32N).schema,
            Column<Everything, Double>(CodingKeys.double).schema,
            Column<Everything, Double?>(CodingKeys.doubleN).schema,
            Column<Everything, Float>(CodingKeys.float).schema, Column<Everything, Float?>(CodingKeys.floatN).schema,
            Column<Everything, String>(CodingKeys.string).schema,
            Column<Everything, String?>(CodingKeys.stringN).schema,
            decimalColumn.schema,
            Column<Everything, Decimal?>(CodingKeys.decimalN, type: decimalType).schema,
            Column<Everything, Date>(CodingKeys.timestamp, type: .timestamp).schema,
            timestampNColumn.schema,
            Column<Everything, Date>(CodingKeys.day, type: .date).schema,
            Column<Everything, Date?>(CodingKeys.dayN, type: .date).schema,
            Column<Everything, Date>(CodingKeys.time, type: .time).schema,
            Column<Everything, Date?>(CodingKeys.timeN, type: .time).schema,
            Column<Everything, UUID>(CodingKeys.uuid).schema, Column<Everything, UUID?>(CodingKeys.uuidN).schema,
            Column<Everything, Data>(CodingKeys.data).schema, Column<Everything, Data?>(CodingKeys.dataN).schema,
            Column<Everything, Mood>(CodingKeys.mood, type: .varchar(40)).schema,
            Column<Everything, Mood?>(CodingKeys.moodN, type: .varchar(40)).schema,
            Column<Everything, Rank>(CodingKeys.rank, type: .integer).schema,
            Column<Everything, Rank?>(CodingKeys.rankN, type: .integer).schema,
            Column<Everything, JSONValue<Doc>>(CodingKeys.doc).schema,
            Column<Everything, JSONValue<Doc>?>(CodingKeys.docN).schema,
        ]
    }

    /// Values from a seeded generator, with the extremes mixed in.
    struct Generator {
        var rng: SplitMix
        let engine: DatabaseEngine
        mutating func next() -> UInt64 { rng.next() }
        mutating func int(_ r: ClosedRange<Int64>) -> Int64 {
            r.lowerBound &+ Int64(bitPattern: next() % (UInt64(bitPattern: r.upperBound &- r.lowerBound) &+ 1))
        }
        mutating func chance(_ n: UInt64) -> Bool { next() % n == 0 }
        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }
        mutating func maybe<T>(_ value: T) -> T? { chance(3) ? nil : value }

        mutating func integer<I: FixedWidthInteger>(_: I.Type) -> I {
            if chance(4) { return pick([I.min, I.max, 0, I.min + 1, I.max - 1]) }
            return I(truncatingIfNeeded: next())
        }

        mutating func double() -> Double {
            if chance(5) {
                return pick([
                    0, -0.0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, 0.1,
                    1e-300, 123456789.123456789,
                ])
            }
            while true {
                let d = Double(bitPattern: next())
                if d.isFinite && (d == 0 || d.isNormal) { return d }
            }
        }

        mutating func float() -> Float {
            if chance(5) { return pick([0, 1, -1, .greatestFiniteMagnitude, .leastNormalMagnitude, 0.1]) }
            while true {
                let f = Float(bitPattern: UInt32(truncatingIfNeeded: next()))
                if f.isFinite && (f == 0 || f.isNormal) { return f }
            }
        }

        static let scalars: [String] = [
            "a", "Z", "0", " ", "'", "\"", "\\", "`", "%", "_", ":p1", "$1", "--", "/*", ";", "\n", "\r\n", "\t",
            "é", "ß", "Ω", "漢字", "עברית", "العربية", "🚀", "👩‍👩‍👧", "🇫🇷", "e\u{301}", "\u{200B}", "\u{FEFF}",
            "\u{1}", "\u{7F}", "\u{FFFD}", "𝕏", "NULL", "{\"a\":1}",
        ]

        mutating func string() -> String {
            var s = ""
            for _ in 0..<int(0...16) { s += pick(Self.scalars) }
            if engine == .mySQL && chance(6) { s += "\u{0}" }  // PostgreSQL text cannot hold NUL
            if chance(12) { s += String(repeating: "x", count: Int(int(1000...8_000))) }
            return s
        }

        mutating func decimal() -> Decimal {
            if chance(5) {
                return pick([
                    Decimal(0), Decimal(string: "-0.0000000001")!,
                    Decimal(string: "9999999999999999999999999999.9999999999")!,
                    Decimal(string: "-9999999999999999999999999999.9999999999")!, Decimal(string: "0.1")!,
                ])
            }
            let whole = (0..<Int(int(1...28))).map { _ in String(int(0...9)) }.joined()
            let fraction = (0..<Int(int(0...10))).map { _ in String(int(0...9)) }.joined()
            return Decimal(
                string: (chance(2) ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction),
                locale: Locale(identifier: "en_US_POSIX"))!
        }

        /// A timestamp to the microsecond within 1800–2200 (where a `Date`'s Double still
        /// holds microseconds), whole seconds anywhere in the range both databases store.
        mutating func timestamp() -> Date {
            let lowYear: Int64 = engine == .mySQL ? 1000 : 1
            let low = SQLDateFormat.days(year: lowYear, month: 1, day: 1) * 86_400_000_000
            let high = SQLDateFormat.days(year: 9999, month: 12, day: 31) * 86_400_000_000 + 86_399_999_999
            if chance(5) {
                return SQLDateFormat.date(
                    microseconds: pick([0, -1, 1, 999_999, low, high - 999_999, 951_782_400_000_000]))
            }
            if chance(4) {
                return SQLDateFormat.date(microseconds: int(low / 1_000_000...high / 1_000_000) * 1_000_000)
            }
            let near = SQLDateFormat.days(year: 1800, month: 1, day: 1) * 86_400_000_000
            let far = SQLDateFormat.days(year: 2200, month: 1, day: 1) * 86_400_000_000
            return SQLDateFormat.date(microseconds: int(near...far))
        }

        mutating func day() -> Date {
            let lowYear: Int64 = engine == .mySQL ? 1000 : 1
            return SQLDateFormat.date(
                microseconds: int(
                    SQLDateFormat.days(
                        year: lowYear, month: 1, day: 1)...SQLDateFormat.days(year: 9999, month: 12, day: 31))
                    * 86_400_000_000)
        }

        /// A time of day: microseconds on MySQL; milliseconds on PostgreSQL, whose `time`
        /// values the Data API returns to the millisecond (it reads them as JDBC `Time`).
        mutating func time() -> Date {
            let unit: Int64 = engine == .mySQL ? 1 : 1000
            let micros = chance(5) ? pick([0, 86_399_999_999, 1]) : int(0...86_399_999_999)
            return SQLDateFormat.date(microseconds: micros / unit * unit)
        }

        mutating func data() -> Data { Data((0..<int(0...64)).map { _ in UInt8(truncatingIfNeeded: next()) }) }

        mutating func doc() -> JSONValue<Doc> {
            JSONValue(Doc(title: string().filter { $0 != "\u{0}" }, count: Int(int(-1_000_000...1_000_000)),
                          tags: (0..<int(0...3)).map { _ in pick(Self.scalars) }, flag: chance(2)))
        }

        mutating func everything(id: Int64) -> Everything {
            Everything(
                id: id, bool: chance(2), boolN: maybe(chance(2)), i8: integer(Int8.self),
                i8N: maybe(integer(Int8.self)),
                i16: integer(Int16.self), i16N: maybe(integer(Int16.self)), i32: integer(Int32.self),
                i32N: maybe(integer(Int32.self)),
                i64: integer(Int64.self), i64N: maybe(integer(Int64.self)), int: integer(Int.self),
                intN: maybe(integer(Int.self)),
                u8: integer(UInt8.self), u16: integer(UInt16.self), u32: integer(UInt32.self),
                u32N: maybe(integer(UInt32.self)),
                double: double(), doubleN: maybe(double()), float: float(), floatN: maybe(float()),
                string: string(), stringN: maybe(string()), decimal: decimal(), decimalN: maybe(decimal()),
                timestamp: timestamp(), timestampN: maybe(timestamp()), day: day(), dayN: maybe(day()), time: time(),
                timeN: maybe(time()),
                uuid: UUID(), uuidN: maybe(UUID()), data: data(), dataN: maybe(data()),
                mood: pick(Mood.allCases), moodN: maybe(pick(Mood.allCases)), rank: pick(Rank.allCases),
                rankN: maybe(pick(Rank.allCases)),
                doc: doc(), docN: maybe(doc()))
        }
    }

    static func compare(_ sent: Everything, _ got: Everything, _ context: String) {
        guard sent != got else { return }
        var named = false
        func text(_ v: Any) -> String {
            if let d = v as? Date { return "\(d) (\(d.timeIntervalSinceReferenceDate))" }
            if let d = v as? Date? { return d.map { "\($0) (\($0.timeIntervalSinceReferenceDate))" } ?? "nil" }
            return String(reflecting: v)
        }
        for (label, a) in Mirror(reflecting: sent).children {
            let b = Mirror(reflecting: got).children.first { $0.label == label }!.value
            if text(a) != text(b) {
                Issue.record(
                    "\(context) row \(sent.id) \(label ?? "?"): sent \(text(a).prefix(200)), got \(text(b).prefix(200))"
                )
                named = true
            }
        }
        if !named { Issue.record("\(context) row \(sent.id) differs") }
    }

    @Test(arguments: DatabaseEngine.allCases) func everyValueRoundTrips(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Everything.self, ifExists: true)
        try await db.create(Everything.self)
        var g = Generator(rng: SplitMix(seed: engine == .mySQL ? 11 : 7), engine: engine)
        let models = (1...150).map { g.everything(id: Int64($0)) }
        // Single inserts and one batch: both paths bind the same way.
        for m in models.prefix(20) {
            let stored = try await db.insert(m)
            Self.compare(m, stored, "\(engine) insert")
        }
        try await db.insert(contentsOf: Array(models.dropFirst(20)))
        let back = try await db.fetchAll(Everything.select().order(Everything.id))
        #expect(back.count == models.count)
        for (sent, got) in zip(models, back) { Self.compare(sent, got, "\(engine) select") }
        // Chosen columns come back typed the same way.
        let pairs: [(Decimal, Date?)] = try await db.fetchAll(
            Everything.select(Everything.decimalColumn, Everything.timestampNColumn).order(Everything.id))
        #expect(pairs.map(\.0) == models.map(\.decimal))
        #expect(pairs.map(\.1) == models.map(\.timestampN))
    }
}
