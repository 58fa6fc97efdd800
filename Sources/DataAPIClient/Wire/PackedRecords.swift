/// Byte records back to back in one buffer, each record's end kept: the rows of a batch
/// insert and the parameter sets of a batch, written once and later copied into requests a
/// range at a time.
package struct PackedRecords: Sendable {
    /// Every record's bytes, one after another; a record is written by appending to it and
    /// closed by ``endRecord()``.
    package var bytes: [UInt8] = []
    /// Where each record ends in `bytes`.
    package private(set) var ends: [Int] = []

    package init() {}

    /// The number of records.
    package var count: Int { ends.count }

    /// Room for `records` records; the bytes are reserved once the first record shows their size.
    package mutating func reserve(records: Int) { ends.reserveCapacity(records) }

    /// Closes the record appended since the previous one ended.
    package mutating func endRecord() {
        ends.append(bytes.count)
        if ends.count == 1 && bytes.capacity < ends.capacity * bytes.count {
            // The first record tells the size of the rest: reserve once, with a margin.
            bytes.reserveCapacity(ends.capacity * (bytes.count + bytes.count / 4))
        }
    }

    /// Where record `i` starts in `bytes`.
    package func start(of i: Int) -> Int { i == 0 ? 0 : ends[i - 1] }

    /// The size of record `i`.
    package func size(of i: Int) -> Int { ends[i] - start(of: i) }

    /// The bytes of record `i`.
    package func record(_ i: Int) -> ArraySlice<UInt8> { bytes[start(of: i)..<ends[i]] }

    /// The bytes of the records in `range`, without separators.
    package func byteCount(of range: Range<Int>) -> Int {
        range.isEmpty ? 0 : ends[range.upperBound - 1] - start(of: range.lowerBound)
    }

    /// Calls `body` with each record of `range` in order, read in place.
    package func forEach(in range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { b in
            for i in range { body(UnsafeBufferPointer(rebasing: b[start(of: i)..<ends[i]])) }
        }
    }
}
