#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parameter sets of a `BatchExecuteStatement`, each written once as the JSON the request
/// carries (``RequestJSON``'s bytes, which are botocore's), back to back in one buffer.
///
/// A batch packer reads each set's exact size from it, and a request splices a range of sets
/// in (``EncodedBatchExecuteStatementRequest``) without encoding them again: a batch insert
/// encodes each row once instead of measuring it and then writing it.
package struct EncodedParameterSets: Sendable {
    /// The sets' JSON arrays, one record each.
    package private(set) var records = PackedRecords()

    package init() {}

    /// The number of sets.
    package var count: Int { records.count }

    /// Room for `sets` sets.
    package mutating func reserve(sets: Int) { records.reserve(records: sets) }

    /// Appends one set.
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` where encoding the request
    ///   would throw (a non-finite double, an `unknown` member).
    package mutating func append(_ set: [SqlParameter]) throws {
        var sink = ByteSink(capacity: RequestJSON.estimatedSize(of: set))
        defer { sink.deallocate() }
        try RequestJSON.reportingFailures(operation: BatchExecuteStatementRequest.operationName) {
            try RequestJSON.write(set, to: &sink)
        }
        sink.withBytes { records.bytes.append(contentsOf: $0) }
        records.endRecord()
    }

    /// The bytes set `i` takes in a request (a comma between sets comes on top).
    package func size(ofSet i: Int) -> Int { records.size(of: i) }
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
        full.parameterSets = try range.map {
            try WireJSON.decoder.decode([SqlParameter].self, from: Data(sets.records.record($0)))
        }
        try full.encode(to: encoder)
    }
}

extension RequestJSON {
    /// The body of an ``EncodedBatchExecuteStatementRequest``: `encode(r.request)` with its
    /// sets, written by copying their bytes.
    package static func encode(_ r: EncodedBatchExecuteStatementRequest) throws -> [UInt8] {
        var request = r.request
        request.parameterSets = []
        let setBytes = r.sets.records.byteCount(of: r.range) + r.range.count
        var sink = ByteSink(capacity: 256 + request.sql.utf8.count + setBytes)
        defer { sink.deallocate() }
        try reportingFailures(operation: BatchExecuteStatementRequest.operationName) {
            try write(request, to: &sink) { sink in
                var first = true
                r.sets.records.forEach(in: r.range) { set in
                    if !first { sink.byte(UInt8(ascii: ",")) }
                    first = false
                    sink.rawBytes(set)
                }
            }
        }
        return sink.bytes
    }
}
