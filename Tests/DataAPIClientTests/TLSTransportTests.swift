@testable import DataAPIClient
import DataAPITestServer
import Foundation
import Testing

/// HTTPS end to end on both of the transport's paths, against a Python TLS server whose
/// certificate a test authority signed for `localhost`: requests and large responses cross
/// TLS whole, one connection carries them all (the TLS 1.3 session tickets a server sends
/// after the handshake do not make an idle connection look closed), and the host name is
/// still verified.
@Suite struct TLSTransportTests {
    /// A TLS server on a free port, stopped when released.
    final class Server: @unchecked Sendable {
        let port: String
        let authority: String
        private let process: Process
        private let input: Pipe
        let directory: TemporaryDirectory

        /// `offerHTTP2`: the server offers `h2` in ALPN as a load balancer does (it cannot speak
        /// it: only a client that offers HTTP/1.1 alone gets answers).
        init(offerHTTP2: Bool = false) async throws {
            let dir = try TemporaryDirectory()
            directory = dir
            let d = dir.path
            try "subjectAltName=DNS:localhost\n".write(toFile: d + "/ext.cnf", atomically: true, encoding: .utf8)
            for arguments in [
                ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=swift-data-api test authority",
                 "-keyout", d + "/ca.key", "-out", d + "/ca.pem", "-days", "1"],
                ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", d + "/server.key",
                 "-out", d + "/server.csr"],
                ["x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
                 "-CAcreateserial", "-out", d + "/server.pem", "-days", "1", "-extfile", d + "/ext.cnf"],
            ] {
                _ = try await Subprocess.run("/usr/bin/env", ["openssl"] + arguments)
            }
            authority = d + "/ca.pem"
            let script = """
            import http.server, ssl, sys, threading
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'
                def do_POST(self):
                    n = int(self.headers.get('Content-Length', '0'))
                    data = self.rfile.read(n)
                    size = int(self.path[1:]) if self.path[1:].isdigit() else 0
                    body = (b'{"n":%d,"host":"%s"}' % (len(data), self.headers['Host'].encode())) + b'x' * size
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a): pass
            s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain('\(d)/server.pem', '\(d)/server.key')
            if \(offerHTTP2 ? "True" : "False"): ctx.set_alpn_protocols(['h2', 'http/1.1'])
            s.socket = ctx.wrap_socket(s.socket, server_side=True)
            print(s.server_address[1], flush=True)
            threading.Thread(target=s.serve_forever, daemon=True).start()
            sys.stdin.read()
            """
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script]
            input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            port = try await BlockingIO.run { () -> String in
                var line = Data()
                while let b = try output.fileHandleForReading.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) {
                    line += b
                }
                return String(decoding: line, as: UTF8.self)
            }
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    @Test(arguments: [true, false])
    func requestsAndLargeResponsesCrossTLSOnOneConnection(direct: Bool) async throws {
        // The direct path writes HTTP/1.1 itself, so it must never agree on HTTP/2; the libcurl
        // path would speak HTTP/2 where it is agreed, which this server cannot.
        let server = try await Server(offerHTTP2: direct)
        var configuration = TransportConfiguration().direct(direct)
        configuration.certificateAuthorityFile = server.authority
        let transport = CurlTransport(configuration: configuration)
        for (i, size) in [0, 10, 300_000, 2_000_000, 5].enumerated() {
            let body = [UInt8](repeating: 97, count: i * 70_000)
            let r = try await transport.send(
                HTTPRequest(method: "POST", url: "https://localhost:\(server.port)/\(size)", body: body))
            let head = #"{"n":\#(body.count),"host":"localhost:\#(server.port)"}"#
            #expect(r.status == 200 && r.body.count == head.utf8.count + size)
            #expect(String(decoding: r.body.prefix(head.utf8.count), as: UTF8.self) == head)
            #expect(r.body.dropFirst(head.utf8.count).allSatisfy { $0 == UInt8(ascii: "x") })
            // Idle a moment, so that what the server sends after the handshake has arrived.
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(transport.statistics.connectionsOpened == 1, "direct: \(direct)")
        #expect(transport.statistics.transfers == 5)
        // TLS is libcurl's on both paths (loaded by the first such connection).
        #expect(transport.directConnectionsByLibcurl == (direct ? 1 : 0))
        #expect(CurlTransport.libcurlLoaded)
    }

    @Test(arguments: [true, false])
    func theHostNameIsStillVerified(direct: Bool) async throws {
        let server = try await Server()
        var configuration = TransportConfiguration().direct(direct)
        configuration.certificateAuthorityFile = server.authority
        let transport = CurlTransport(configuration: configuration)
        // The certificate names `localhost`, not the address.
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: "https://127.0.0.1:\(server.port)/0"))
        } throws: {
            let e = $0 as? TransportError
            return e?.code == .tls && e?.requestSent == false
        }
        // Without the authority, the certificate is not trusted.
        await #expect {
            _ = try await CurlTransport(configuration: TransportConfiguration().direct(direct)).send(
                HTTPRequest(method: "POST", url: "https://localhost:\(server.port)/0"))
        } throws: {
            ($0 as? TransportError)?.code == .tls
        }
    }
}
