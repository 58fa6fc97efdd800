import DataAPIClient

/// MySQL reads a mistyped date string as a warning and a zero date; the service binds typed
/// values (setDate, setTimestamp), so an impossible calendar value is an error, reported as
/// MySQL reports it in strict mode.
enum MySQLTemporalCheck {
    static func check(_ hint: TypeHint, _ text: String) throws {
        let label: String
        let valid: Bool
        switch hint {
        case .date: label = "DATE"; valid = date(text.prefix(10))
        case .timestamp: label = "DATETIME"; valid = date(text.prefix(10)) && time(text.dropFirst(11), maxHours: 23)
        case .time: label = "TIME"; valid = time(Substring(text), maxHours: 838)
        default: return
        }
        guard valid else {
            throw DataAPIError.service(
                .databaseError, "Incorrect \(label) value: '\(text)'; Error code: 1292; SQLState: 22007")
        }
    }

    static func date(_ s: Substring) -> Bool {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return false }
        let (y, m, d) = (parts[0], parts[1], parts[2])
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    static func time(_ s: Substring, maxHours: Int) -> Bool {
        let whole = s.split(separator: ".").first ?? ""
        let parts = whole.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        return (0...maxHours).contains(abs(parts[0])) && (0..<60).contains(parts[1]) && (0..<60).contains(parts[2])
    }
}
