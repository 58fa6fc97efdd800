import DataAPISQL
import Foundation

/// The benchmarks' row: eight columns (bigint key, text, double, bool, numeric(12,2),
/// timestamp, date, bytea), shared by ExecutorBenchmark and BulkBenchmark.
public struct BenchRow: Table, Equatable {
    public var id: Int64
    public var name: String
    public var score: Double
    public var active: Bool
    public var amount: Decimal
    public var createdAt: Date
    public var day: Date
    public var payload: Data

    public init(id: Int64, name: String, score: Double, active: Bool, amount: Decimal, createdAt: Date, day: Date,
                payload: Data) {
        self.id = id
        self.name = name
        self.score = score
        self.active = active
        self.amount = amount
        self.createdAt = createdAt
        self.day = day
        self.payload = payload
    }

    public static let tableName = "bench_rows"
    public enum CodingKeys: String, CodingKey {
        case id, name, score, active, amount, createdAt = "created_at", day, payload
    }
    public static let id = Column<BenchRow, Int64>(CodingKeys.id).primaryKey()
    public static let name = Column<BenchRow, String>(CodingKeys.name)
    public static let score = Column<BenchRow, Double>(CodingKeys.score)
    public static let active = Column<BenchRow, Bool>(CodingKeys.active)
    public static let amount = Column<BenchRow, Decimal>(CodingKeys.amount, type: .decimal(precision: 12, scale: 2))
    public static let createdAt = Column<BenchRow, Date>(CodingKeys.createdAt, type: .timestamp)
    public static let day = Column<BenchRow, Date>(CodingKeys.day, type: .date)
    public static let payload = Column<BenchRow, Data>(CodingKeys.payload)
    public static let columns = [
        id.schema, name.schema, score.schema, active.schema, amount.schema, createdAt.schema, day.schema,
        payload.schema,
    ]
}
