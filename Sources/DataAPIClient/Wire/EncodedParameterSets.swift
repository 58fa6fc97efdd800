import Foundation

/// Parameter sets of a `BatchExecuteStatement`, each written once as the JSON the request
/// carries (``RequestJSON``'s bytes, which are botocore's), back to back in one buffer.
///
/// A batch packer reads each set's exact size from it, and a request splices a range of sets
/// in (``EncodedBatchExecuteStatementRequest``) without encoding them again: a batch insert
/// encodes each row once instead of measuring it and then writing it.
package struct EncodedParameterSets: Sendable {
    /// Every set's JSON array, one after another, without separators.
    package private(set) var bytes: [UInt8] = []
    /// Where each set ends in `bytes`.
    package private(set) var ends: [Int] = []

    package init() {}

    /// The number of sets.
    package var count: Int { ends.count }

    /// Room for `sets` sets of about `bytesPerSet` bytes.
    package mutating func reserve(sets: Int, bytesPerSet: Int) {
        ends.reserveCapacity(sets)
        bytes.reserveCapacity(sets * bytesPerSet)
    }

    /// Appends one set.
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` where encoding the request
    ///   would throw (a non-finite double, an `unknown` member).
    package mutating func append(_ set: [SqlParameter]) throws {
        var sink = ByteSink(capacity: RequestJSON.estimatedSize(of: set))
        defer { sink.deallocate() }
        try RequestJSON.reportingFailures(operation: BatchExecuteStatementRequest.operationName) {
            try RequestJSON.write(set, to: &sink)
        }
        sink.withBytes { bytes.append(contentsOf: $0) }
        ends.append(bytes.count)
        if ends.count == 1 && bytes.capacity < ends.capacity * bytes.count {
            // The first set tells the size of the rest: reserve once, with a margin.
            bytes.reserveCapacity(ends.capacity * (bytes.count + bytes.count / 4))
        }
    }

    /// The bytes of set `i`.
    package func set(_ i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]] }

    /// The bytes set `i` takes in a request (a comma between sets comes on top).
    package func size(ofSet i: Int) -> Int { ends[i] - (i == 0 ? 0 : ends[i - 1]) }
}

/// A `BatchExecuteStatement` whose parameter sets were encoded ahead of time: `sets` of
/// ``EncodedParameterSets`` travel in place of `request.parameterSets`. Its body is
/// byte for byte that of `request` with those sets.
package struct EncodedBatchExecuteStatementRequest: DataAPIOperation, Encodable {
    package typealias Response = BatchExecuteStatementResponse
    package static var operationName: String { BatchExecuteStatementRequest.operationName }
    package static var requestPath: String { BatchExecuteStatementRequest.requestPath }

    /// Everything but the parameter sets (its own are ignored).
    package var request: BatchExecuteStatementRequest
    package var sets: EncodedParameterSets
    /// Which of `sets` this request carries.
    package var range: Range<Int>

    package init(request: BatchExecuteStatementRequest, sets: EncodedParameterSets, range: Range<Int>) {
        self.request = request
        self.sets = sets
        self.range = range
    }

    package var targetResourceArn: String { request.resourceArn }
    package var loggedSQL: String? { request.sql }

    /// The request with its sets decoded back (for `JSONEncoder`; sending never uses this).
    package func encode(to encoder: any Encoder) throws {
        var full = request
        full.parameterSets = try range.map { try WireJSON.decoder.decode([SqlParameter].self, from: Data(sets.set($0))) }
        try full.encode(to: encoder)
    }
}

extension RequestJSON {
    /// The body of an ``EncodedBatchExecuteStatementRequest``: `encode(r.request)` with its
    /// sets, written by copying their bytes.
    package static func encode(_ r: EncodedBatchExecuteStatementRequest) throws -> [UInt8] {
        var request = r.request
        request.parameterSets = []
        let from = r.range.isEmpty ? 0 : (r.range.lowerBound == 0 ? 0 : r.sets.ends[r.range.lowerBound - 1])
        let to = r.range.isEmpty ? 0 : r.sets.ends[r.range.upperBound - 1]
        var sink = ByteSink(capacity: 256 + request.sql.utf8.count + (to - from) + r.range.count)
        defer { sink.deallocate() }
        try reportingFailures(operation: BatchExecuteStatementRequest.operationName) {
            try write(request, to: &sink) { sink in
                r.sets.bytes.withUnsafeBufferPointer { b in
                    for i in r.range {
                        if i > r.range.lowerBound { sink.byte(UInt8(ascii: ",")) }
                        let start = i == 0 ? 0 : r.sets.ends[i - 1]
                        sink.rawBytes(UnsafeBufferPointer(rebasing: b[start..<r.sets.ends[i]]))
                    }
                }
            }
        }
        return sink.bytes
    }
}
