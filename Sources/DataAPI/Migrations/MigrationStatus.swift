import Foundation

/// Where one migration stands in a database, from ``Migrator/status(_:)``.
public struct MigrationStatus: Sendable, Hashable {
    /// Applied, pending, edited since it ran, or recorded but no longer registered.
    public enum State: String, Sendable, Hashable {
        /// Recorded with the registered checksum.
        case applied
        /// Not recorded yet: the next ``Migrator/migrate(_:)`` applies it.
        case pending
        /// Recorded with another checksum: edited after it ran; ``Migrator/migrate(_:)`` refuses.
        case changed
        /// Recorded, but not among the migrator's migrations.
        case unregistered
    }

    /// The migration's name.
    public var name: String
    /// Where it stands.
    public var state: State
    /// When it was recorded (UTC), if it was.
    public var appliedAt: Date?
    /// The recorded checksum, if it was recorded.
    public var recordedChecksum: String?
}

/// One row of the migrations table.
struct MigrationRecord: Sendable, Hashable {
    var name: String
    var checksum: String
    var appliedAt: Date?
}
