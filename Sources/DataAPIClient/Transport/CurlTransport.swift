import CCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// HTTP/1.1 over connections libcurl opens, with TCP, TLS and certificate verification left to
/// libcurl, or, for plain `http` to an IP address or `localhost`, over sockets of its own.
/// This is the only file, with `DirectExchange.swift`, that calls libcurl, which is not linked:
/// it is loaded the first time a request needs it (HTTPS, a proxy, a host name to resolve
/// other than `localhost`, and every request off Linux or with the direct path turned off),
/// and a process that cannot load it gets ``TransportError/Code/unavailable`` for such
/// requests.
///
/// On Linux a request takes the **direct path**: the calling task writes the request and
/// reads the response itself on a kept-alive connection of the transport's pool (opened on a
/// thread of its own, since a connect blocks: a plain socket for `http` to an address, else
/// libcurl's, with `CURLOPT_CONNECT_ONLY`), and only
/// the wait for the socket goes to one shared thread (`epoll`), which resumes the task when
/// the socket is ready or the timeout passes. Elsewhere, and for a URL libcurl may send through
/// a proxy named in the environment (`http_proxy`, `https_proxy`, `HTTPS_PROXY`, `all_proxy`,
/// `ALL_PROXY`, less the hosts `no_proxy` or `NO_PROXY` excludes, read as libcurl reads them), requests go
/// through libcurl's multi interface, driven by one thread of the transport's own. Either way
/// connections are kept alive and reused, concurrent callers run concurrently on separate
/// connections, no blocking call runs on Swift's cooperative thread pool, cancelling the
/// calling task ends the call at once, and TLS peer and host verification are always on.
///
/// A request is never sent twice. The direct path writes it once and never again. libcurl
/// quietly repeats a request on a new connection when a reused one dies before the response
/// starts (and would repeat it to follow a redirect, negotiate authentication or after a 417);
/// its pre-request callback refuses any request after the first. Either way such a call fails
/// with a ``TransportError`` whose `requestSent` is true: the request may have reached the
/// server. Redirects are not followed, no credentials are set and `Expect: 100-continue` is
/// never sent. Idle connections older than ``TransportConfiguration/maxIdleTime`` are not
/// reused, and a kept-alive connection is checked (for an end, a reset or unasked bytes)
/// before it carries a request, so few requests meet a connection the server has closed.
///
/// The request timeout counts the time spent connecting and waiting on the socket; on the
/// direct path, time the calling task spends waiting for a thread of a busy pool does not
/// count, so a response that arrived is not turned into a timeout.
public final class CurlTransport: HTTPTransport, Sendable {
    /// The transport's timeouts and limits.
    public let configuration: TransportConfiguration
    /// libcurl's multi path, made when a request first needs it (libcurl is loaded then).
    private let loop = Mutex<CurlLoop?>(nil)
    /// Proxy rules given in the configuration (tests); nil: libcurl reads the environment.
    private let givenProxies: ProxyRules?
    #if os(Linux)
    /// The fast path (nil when turned off); it declines URLs libcurl may send through a proxy.
    private let direct: DirectExchange?
    #endif

    /// Counters for tests and benchmarks.
    public struct Statistics: Sendable, Hashable {
        /// Transfers completed (successfully or not).
        public var transfers: Int
        /// New TCP connections opened (on the multi path `CURLINFO_NUM_CONNECTS` summed).
        public var connectionsOpened: Int
        /// Requests libcurl wanted to send again (after a reused connection died before the
        /// response started) and was refused; always 0 on the direct path, which never tries.
        public var resendsRefused: Int = 0
    }

    /// Makes a transport. Nothing is loaded or started until a request needs it: libcurl and
    /// its thread for the multi path come with the first request that takes that path, and
    /// the direct path's plain-HTTP connections do without libcurl. What was started stops
    /// when the transport is released.
    public init(configuration: TransportConfiguration = .init()) {
        self.configuration = configuration
        let given = configuration.proxyEnvironment.map(ProxyRules.init(environment:))
        givenProxies = given
        #if os(Linux)
        direct =
            configuration.directExchange
            ? DirectExchange(configuration: configuration, proxies: given ?? DirectExchange.processProxies) : nil
        #endif
    }

    deinit { loop.withLock { $0?.stop() } }

    /// Transfers the direct path made (tests: which path a request took).
    package var directTransfers: Int {
        #if os(Linux)
        direct?.statistics.transfers ?? 0
        #else
        0
        #endif
    }

    /// Connections the direct path had libcurl open (tests: plain HTTP to an address needs none).
    package var directConnectionsByLibcurl: Int {
        #if os(Linux)
        direct?.connectionsByLibcurl ?? 0
        #else
        0
        #endif
    }

    /// Whether this process has loaded libcurl (tests).
    package static var libcurlLoaded: Bool { ccurl_is_loaded() != 0 }

    /// Counters so far (transfers, connections opened, resends refused).
    public var statistics: Statistics {
        var total = loop.withLock { $0 }?.statistics ?? Statistics(transfers: 0, connectionsOpened: 0)
        #if os(Linux)
        if let direct {
            let (transfers, connections) = direct.statistics
            total.transfers += transfers
            total.connectionsOpened += connections
        }
        #endif
        return total
    }

    /// Sends the request and returns the whole response; throws ``TransportError``. Cancellation aborts the transfer.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        #if os(Linux)
        if let direct, let target = direct.target(request.url) { return try await direct.send(request, to: target) }
        #endif
        let loop = try await multiLoop()
        let transfer = CurlTransfer(
            request: request,
            connectTimeoutMs: (request.connectTimeout ?? configuration.connectTimeout).milliseconds,
            timeoutMs: (request.timeout ?? configuration.requestTimeout).milliseconds,
            maxBytes: configuration.maxResponseBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<HTTPResponse, Error>) in
                transfer.continuation = cont
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// The multi path's loop, made (and libcurl loaded, on a thread of its own) by the first
    /// request that needs it.
    private func multiLoop() async throws(TransportError) -> CurlLoop {
        if let made = loop.withLock({ $0 }) { return made }
        try await CurlLibrary.load()
        return loop.withLock { current in
            if let current { return current }
            let made = CurlLoop(
                maxIdleConnections: configuration.maxIdleConnections,
                maxIdleSeconds: max(1, Int(configuration.maxIdleTime.components.seconds)),
                caFile: configuration.certificateAuthorityFile, proxies: givenProxies)
            current = made
            return made
        }
    }
}

/// libcurl, which the package does not link: it is loaded the first time a transfer needs it
/// (`CCurl`'s `ccurl_load`: HTTPS, a proxy, a host name to resolve other than `localhost`, and every request off Linux or with the direct path turned off), so a Linux process whose requests are all plain HTTP to an IP
/// address or `localhost` (to `data-api-local`, for one) never loads it and its thirty
/// dependencies. Every other `ccurl_` call needs it loaded.
enum CurlLibrary {
    /// Loads libcurl once per process, blocking the calling thread while it loads (some
    /// milliseconds): call it on a thread of your own. Later calls answer at once.
    static func loadHere() throws(TransportError) {
        guard ccurl_load() != 0 else { return }
        throw TransportError(
            code: .unavailable, requestSent: false,
            message: ccurl_load_error().map { String(cString: $0) } ?? "libcurl could not be loaded")
    }

    /// Loads libcurl on a thread of its own (the load reads files and relocates thirty
    /// libraries, which must not hold a thread of Swift's pool) and waits for it.
    static func load() async throws(TransportError) {
        // Loaded, or a load that failed (it is not tried again): `loadHere` answers at once.
        if ccurl_is_loaded() != 0 || ccurl_load_error() != nil { return try loadHere() }
        let result = await withCheckedContinuation { (done: CheckedContinuation<TransportError?, Never>) in
            NativeThread.detach(name: "data-api.load") {
                do throws(TransportError) {
                    try loadHere()
                    done.resume(returning: nil)
                } catch {
                    done.resume(returning: error)
                }
            }
        }
        if let result { throw result }
    }
}

/// One request in flight. Its mutable state is touched only by the loop thread after
/// `submit`; `cancelled` is the one flag other threads set.
private final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let connectTimeoutMs: Int
    let timeoutMs: Int
    let maxBytes: Int
    var continuation: CheckedContinuation<HTTPResponse, Error>?
    let cancelled = Atomic<Bool>(false)

    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var tooLarge = false
    /// Requests libcurl was about to send for this transfer (more than 1 means a resend, refused).
    var attempts = 0
    /// Whether the response head ended with its empty line (libcurl accepts a head cut off by
    /// a closed connection as a whole response without a body).
    var headComplete = false

    init(request: HTTPRequest, connectTimeoutMs: Int, timeoutMs: Int, maxBytes: Int) {
        self.request = request
        self.connectTimeoutMs = connectTimeoutMs
        self.timeoutMs = timeoutMs
        self.maxBytes = maxBytes
    }

    func receiveBody(_ ptr: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        if body.count + count > maxBytes { tooLarge = true; return 0 }
        ptr.withMemoryRebound(to: UInt8.self, capacity: count) {
            body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }

    /// Called by libcurl right before it sends a request on a connection. A second call means
    /// libcurl is about to send the request again on its own, which could run it twice: refused,
    /// and the transfer fails with `CURLE_ABORTED_BY_CALLBACK`.
    func beforeRequest() -> Int32 {
        attempts += 1
        return attempts == 1 ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT
    }

    func receiveHeader(_ ptr: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        ptr.withMemoryRebound(to: UInt8.self, capacity: count) { base in
            var line = UnsafeBufferPointer(start: base, count: count)[...]
            while let last = line.last, last == 13 || last == 10 || last == 32 || last == 9 { line.removeLast() }
            if line.starts(with: "HTTP/".utf8) {
                headers.removeAll()  // a new response (after 100 Continue or a redirect)
                headComplete = false
            } else if line.isEmpty {
                headComplete = true
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                var value = line[(colon + 1)...]
                while let first = value.first, first == 32 || first == 9 { value.removeFirst() }
                let name = String(decoding: line[..<colon], as: UTF8.self)
                let text = String(decoding: value, as: UTF8.self)
                headers.append((name, text))
                // The body's size is known: one allocation instead of a doubling buffer.
                if name.asciiCaseInsensitiveEquals("content-length"), let length = Int(text), length > 0 {
                    body.reserveCapacity(min(length, maxBytes))
                }
            }
        }
        return count
    }
}

private let writeCallback: ccurl_data_callback = { ptr, size, nmemb, user in
    Unmanaged<CurlTransfer>.fromOpaque(user!).takeUnretainedValue().receiveBody(ptr!, size * nmemb)
}

private let headerCallback: ccurl_data_callback = { ptr, size, nmemb, user in
    Unmanaged<CurlTransfer>.fromOpaque(user!).takeUnretainedValue().receiveHeader(ptr!, size * nmemb)
}

private let prereqCallback: curl_prereq_callback = { user, _, _, _, _ in
    Unmanaged<CurlTransfer>.fromOpaque(user!).takeUnretainedValue().beforeRequest()
}

/// The multi handle and the thread that drives it.
private final class CurlLoop: @unchecked Sendable {
    private struct Shared {
        var pending: [CurlTransfer] = []
        var cancels: [CurlTransfer] = []
        var stopping = false
        var stats = CurlTransport.Statistics(transfers: 0, connectionsOpened: 0)
    }

    private let multi: UnsafeMutableRawPointer
    private let maxIdleSeconds: Int
    private let caFile: String?
    /// Proxy rules given instead of the process's environment (tests); nil: libcurl reads the environment.
    private let proxies: ProxyRules?
    private let shared = Mutex(Shared())
    /// Owned by the loop thread.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    /// Finished easy handles, reset and kept for the next transfers (owned by the loop thread).
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(maxIdleConnections: Int, maxIdleSeconds: Int, caFile: String?, proxies: ProxyRules?) {
        self.proxies = proxies
        self.maxIdleSeconds = maxIdleSeconds
        self.caFile = caFile
        multi = ccurl_multi_init()
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxIdleConnections)
        NativeThread.detach(name: "data-api.curl") { [self] in self.run() }
    }

    var statistics: CurlTransport.Statistics { shared.withLock { $0.stats } }

    func submit(_ t: CurlTransfer) {
        let accepted = shared.withLock { s -> Bool in
            if s.stopping { return false }
            s.pending.append(t)
            return true
        }
        if accepted {
            ccurl_multi_wakeup(multi)
        } else {
            t.continuation?.resume(
                throwing: TransportError(code: .invalidRequest, requestSent: false, message: "transport is shut down")
            )
        }
    }

    func cancel(_ t: CurlTransfer) {
        t.cancelled.store(true, ordering: .sequentiallyConsistent)
        shared.withLock { $0.cancels.append(t) }
        ccurl_multi_wakeup(multi)
    }

    func stop() {
        shared.withLock { $0.stopping = true }
        ccurl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            let (adds, cancels, stopping) = shared.withLock { s in
                defer { s.pending.removeAll(); s.cancels.removeAll() }
                return (s.pending, s.cancels, s.stopping)
            }
            for t in adds { start(t) }
            for t in cancels { if let easy = t.easy, active[easy] != nil { finish(t, error: CancellationError()) } }
            if stopping {
                for t in Array(active.values) {
                    finish(
                        t,
                        error: TransportError(code: .transferFailed, requestSent: true, message: "transport shut down")
                    )
                }
                for easy in idleHandles { ccurl_easy_cleanup(easy) }
                idleHandles.removeAll()
                ccurl_multi_cleanup(multi)
                return
            }
            ccurl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let msg = ccurl_multi_info_read(multi, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle,
                      let t = active[easy] else { continue }
                complete(t, code: msg.pointee.data.result)
            }
            ccurl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func start(_ t: CurlTransfer) {
        if t.cancelled.load(ordering: .sequentiallyConsistent) {
            t.continuation?.resume(throwing: CancellationError()); t.continuation = nil
            return
        }
        guard let easy = idleHandles.popLast() ?? ccurl_easy_init() else {
            t.continuation?.resume(
                throwing: TransportError(code: .invalidRequest, requestSent: false, message: "curl_easy_init failed")
            )
            t.continuation = nil
            return
        }
        t.easy = easy
        let r = t.request
        _ = ccurl_easy_setopt_string(easy, CURLOPT_URL, r.url)
        _ = ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        if let file = caFile { _ = ccurl_easy_setopt_string(easy, CURLOPT_CAINFO, file) }
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, max(1, t.connectTimeoutMs))
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, t.timeoutMs))
        _ = ccurl_easy_setopt_long(easy, CURLOPT_MAXAGE_CONN, maxIdleSeconds)
        if let proxies {
            // Rules given instead of the process's (tests): libcurl follows them, not the environment.
            let scheme = r.url.prefix(6).lowercased() == "https:" ? "https" : "http"
            _ = ccurl_easy_setopt_string(easy, CURLOPT_PROXY, proxies.proxy(scheme: scheme) ?? "")
            _ = ccurl_easy_setopt_string(easy, CURLOPT_NOPROXY, proxies.noProxy ?? "")
        }
        // Libcurl's default, stated because following a redirect would send the request again.
        // (No credentials are ever set, so no authentication scheme is negotiated either.)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        let me = Unmanaged.passUnretained(t).toOpaque()
        switch r.method.uppercased() {
        case "GET":
            _ = ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case let m:
            _ = ccurl_easy_setopt_long(easy, CURLOPT_POST, 1)
            _ = ccurl_easy_setopt_offt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(r.body.count))
            r.body.withUnsafeBytes { buf in
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call; headers
                // and a small body then leave in one write. libcurl could send these bytes again:
                // the pre-request callback refuses that.
                let bytes = UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                _ = ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, bytes)
            }
            if m != "POST" { _ = ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, m) }
        }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in r.headers { list = ccurl_slist_append(list, "\(name): \(value)") }
        list = ccurl_slist_append(list, "Expect:")  // no 100-continue round trip
        t.headerList = list
        _ = ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        _ = ccurl_easy_setopt_prereq_callback(easy, prereqCallback)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_PREREQDATA, me)
        // A 256 KiB receive buffer (libcurl's default is 16 KiB): a 1 MiB result page arrives in
        // a handful of reads and write callbacks instead of sixty-four.
        _ = ccurl_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, 256 * 1024)
        _ = ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, writeCallback)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        _ = ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, headerCallback)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
        active[easy] = t
        let rc = ccurl_multi_add_handle(multi, easy)
        if rc != CURLM_OK {
            finish(t, error: TransportError(
                code: .invalidRequest,
                requestSent: false,
                message: "curl_multi_add_handle failed (\(rc.rawValue))"
            ))
        }
    }

    private func complete(_ t: CurlTransfer, code: CURLcode) {
        guard let easy = t.easy else { return }
        var connects = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        let refused = max(0, t.attempts - 1)
        shared.withLock {
            $0.stats.connectionsOpened += connects
            $0.stats.resendsRefused += refused
        }
        if code == CURLE_OK && !t.headComplete {
            finish(t, error: TransportError(
                code: .transferFailed,
                requestSent: true,
                curlCode: nil,
                message: "the connection closed in the middle of the response head"
            ))
            return
        }
        if code == CURLE_OK {
            var status = 0
            _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            let response = HTTPResponse(status: status, headers: t.headers, body: t.body)
            finish(t, response: response)
            return
        }
        var requestSize = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        let error: TransportError
        switch code {
        case CURLE_WRITE_ERROR where t.tooLarge:
            error = .responseTooLarge(limit: t.maxBytes)
        case CURLE_ABORTED_BY_CALLBACK where t.attempts > 1, CURLE_SEND_FAIL_REWIND:
            // A reused connection died before any of the response came back, and libcurl wanted
            // to send the request again: refused, since the first one may have run.
            error = TransportError(
                code: .transferFailed,
                requestSent: true,
                curlCode: Int(code.rawValue),
                message: "the connection closed before any response arrived; the request may have been sent"
            )
        default:
            error = CurlErrors.error(for: code, requestSent: requestSize > 0)
        }
        finish(t, error: error)
    }

    private func finish(_ t: CurlTransfer, response: HTTPResponse? = nil, error: Error? = nil) {
        if let easy = t.easy {
            ccurl_multi_remove_handle(multi, easy)
            active[easy] = nil
            if idleHandles.count < 64 {
                ccurl_easy_reset(easy)  // keeps the connection and DNS caches
                idleHandles.append(easy)
            } else {
                ccurl_easy_cleanup(easy)
            }
            t.easy = nil
        }
        if let list = t.headerList { ccurl_slist_free_all(list); t.headerList = nil }
        shared.withLock { $0.stats.transfers += 1 }
        guard let cont = t.continuation else { return }
        t.continuation = nil
        if let response {
            cont.resume(returning: response)
        } else {
            cont.resume(throwing: error ?? CancellationError())
        }
    }
}

/// libcurl's result codes as ``TransportError``s.
enum CurlErrors {
    static func error(for code: CURLcode, requestSent sent: Bool) -> TransportError {
        let message = String(cString: ccurl_easy_strerror(code))
        let curlCode = Int(code.rawValue)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return TransportError(code: .connectFailed, requestSent: false, curlCode: curlCode, message: message)
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(code: .timedOut, requestSent: sent, curlCode: curlCode, message: message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE:
            return TransportError(code: .tls, requestSent: false, curlCode: curlCode, message: message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return TransportError(code: .invalidRequest, requestSent: false, curlCode: curlCode, message: message)
        default:
            return TransportError(code: .transferFailed, requestSent: sent, curlCode: curlCode, message: message)
        }
    }
}
