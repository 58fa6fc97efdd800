import DataAPITestServer
@testable import data_api
import Foundation
import Testing

/// The import reader gives the same records whatever the chunk size, records split anywhere.
@Suite struct ImportReaderTests {
    static func records(
        _ path: String, format: DataFormat, chunk: Int
    ) async throws -> (header: [String], records: [String]) {
        var reader = try await ImportReader.open(try ImportFile(path: path, chunk: chunk), format: format)
        var out: [String] = []
        while let (line, values) = try await reader.next() {
            out.append("\(line):" + values.map { $0.map { "<\($0)>" } ?? "NULL" }.joined(separator: ","))
        }
        return (reader.header, out)
    }

    @Test func csvRecordsSplitAcrossChunksAtEveryByte() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(
            "split.csv",
            "\u{FEFF}id,label,note\r\n1,\"two\r\nlines, \"\"quoted\"\"\",\r\n\r\n2,,\"\"\n3,é€😀,x\n4,\"\",\"end\"")
        let expected: [String] = [
            "2:<1>,<two\r\nlines, \"quoted\">,NULL", "5:<2>,NULL,<>", "6:<3>,<é€😀>,<x>", "7:<4>,<>,<end>",
        ]
        for chunk in [1, 2, 3, 5, 7, 1 << 20] {
            let (header, records) = try await Self.records(path, format: .csv, chunk: chunk)
            #expect(header == ["id", "label", "note"], "chunk \(chunk)")
            #expect(records == expected, "chunk \(chunk)")
        }
    }

    @Test func jsonLinesSplitAcrossChunks() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(
            "split.jsonl", "{\"id\": 1, \"s\": \"a\\nb\"}\n\n{\"id\": 2, \"s\": null}\n{\"id\": 3}")
        for chunk in [1, 4, 1 << 20] {
            let (header, records) = try await Self.records(path, format: .jsonl, chunk: chunk)
            #expect(header == ["id", "s"])
            #expect(records == ["1:<1>,<a\nb>", "3:<2>,NULL", "4:<3>,NULL"], "chunk \(chunk)")
        }
    }

    @Test func anUnclosedQuoteAtTheEndIsReportedWithItsLine() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("open.csv", "a,b\n1,2\n3,\"open\nstill open")
        await #expect(throws: ImportFailure.self) { _ = try await Self.records(path, format: .csv, chunk: 4) }
        do { _ = try await Self.records(path, format: .csv, chunk: 4) } catch let e as ImportFailure {
            #expect(e.description == "line 3: a quoted field is not closed")
        }
        #expect(throws: ImportFileError.self) { _ = try ImportFile(path: dir.path + "/missing.csv") }
    }
}
